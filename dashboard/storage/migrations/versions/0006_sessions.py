"""sign-in sessions, sign-in attempts, an append-only audit trail

Revision ID: 13_sessions
Revises: 12_registers

- ``user_session``: one row per signed-in browser (the SHA-256 of its cookie token), shared by
  every dashboard process;
- ``login_throttle``: failed sign-ins per known username and per client address;
- ``audit_event`` gains ``os_user`` and ``client``, and becomes append-only: triggers refuse
  UPDATE and DELETE (and TRUNCATE on PostgreSQL) for every role, the owner included. On
  PostgreSQL rows are added through ``audit_append(...)``, a SECURITY DEFINER function that
  stamps the time itself; ``oversight db-roles`` grants the application roles the right to call
  it and no right to write the table.
"""

import sqlalchemy as sa
from alembic import op

revision = "13_sessions"
down_revision = "12_registers"
branch_labels = None
depends_on = None

PG_FUNCTIONS = """
create or replace function audit_append(
    p_actor text, p_action text, p_detail text, p_os_user text, p_client text
) returns void
language sql security definer
set search_path = pg_catalog, public
as $$
    insert into public.audit_event (at, actor, action, detail, os_user, client)
    values (localtimestamp(0), left(coalesce(nullif(p_actor, ''), '?'), 120),
            left(p_action, 32), p_detail, left(p_os_user, 64), left(p_client, 64));
$$;
revoke all on function audit_append(text, text, text, text, text) from public;

create or replace function audit_event_refuse_change() returns trigger
language plpgsql as $$
begin
    raise exception 'audit_event is append-only';
end
$$;
create trigger audit_event_append_only before update or delete on audit_event
    for each row execute function audit_event_refuse_change();
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_refuse_change();
"""

SQLITE_TRIGGERS = (
    "create trigger audit_event_no_update before update on audit_event "
    "begin select raise(abort, 'audit_event is append-only'); end",
    "create trigger audit_event_no_delete before delete on audit_event "
    "begin select raise(abort, 'audit_event is append-only'); end",
)


def upgrade() -> None:
    op.create_table(
        "user_session",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_user_session")),
    )
    op.create_index("ix_user_session_username", "user_session", ["username"], unique=False)
    op.create_table(
        "login_throttle",
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("first_failure_at", sa.DateTime(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("kind", "key", name=op.f("pk_login_throttle")),
    )
    # Plain ALTER TABLE ADD COLUMN on both backends (no batch copy that would drop triggers).
    op.add_column("audit_event", sa.Column("os_user", sa.String(length=64), nullable=True))
    op.add_column("audit_event", sa.Column("client", sa.String(length=64), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTIONS)
    else:
        for stmt in SQLITE_TRIGGERS:
            op.execute(stmt)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("drop trigger if exists audit_event_append_only on audit_event")
        op.execute("drop trigger if exists audit_event_no_truncate on audit_event")
        op.execute("drop function if exists audit_event_refuse_change()")
        op.execute("drop function if exists audit_append(text, text, text, text, text)")
    else:
        op.execute("drop trigger if exists audit_event_no_update")
        op.execute("drop trigger if exists audit_event_no_delete")
    op.drop_column("audit_event", "client")
    op.drop_column("audit_event", "os_user")
    op.drop_table("login_throttle")
    op.drop_index("ix_user_session_username", table_name="user_session")
    op.drop_table("user_session")
