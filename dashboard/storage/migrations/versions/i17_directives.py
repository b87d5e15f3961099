"""the directive register (kết luận chỉ đạo) and its dated progress notes (issue 17)

Revision ID: 17_directives
Revises: 14_index766_rollup

- ``directive``: what a leader asked for at a meeting: the text, the unit (and department)
  responsible, the indicator it concerns with its value on the day it was given (``baseline``,
  measured over ``baseline_period``) and an optional target, the due date, the meeting, and
  the recorded status (open, done, cancelled; "overdue" is an open one past its due date);
- ``directive_note``: dated progress notes, each with the status it set, if any.

Directives are never deleted (a directive is cancelled instead) and notes never change:
triggers refuse DELETE on both tables and UPDATE on the notes, for every role, the owner
included. ``oversight db-roles`` gives the writing role insert and update only.
"""

import sqlalchemy as sa
from alembic import op

revision = "17_directives"
down_revision = "11_apology_backlog"
branch_labels = None
depends_on = None

PG_TRIGGERS = """
create or replace function directive_refuse_change() returns trigger
language plpgsql as $$
begin
    raise exception '% rows are never deleted (cancel the directive instead)', TG_TABLE_NAME;
end
$$;
create trigger directive_no_delete before delete on directive
    for each row execute function directive_refuse_change();
create trigger directive_no_truncate before truncate on directive
    for each statement execute function directive_refuse_change();
create trigger directive_note_no_change before update or delete on directive_note
    for each row execute function directive_refuse_change();
create trigger directive_note_no_truncate before truncate on directive_note
    for each statement execute function directive_refuse_change();
"""

SQLITE_TRIGGERS = (
    "create trigger directive_no_delete before delete on directive "
    "begin select raise(abort, 'directive rows are never deleted (cancel instead)'); end",
    "create trigger directive_note_no_update before update on directive_note "
    "begin select raise(abort, 'directive_note rows are never changed'); end",
    "create trigger directive_note_no_delete before delete on directive_note "
    "begin select raise(abort, 'directive_note rows are never deleted'); end",
)


def upgrade() -> None:
    op.create_table(
        "directive",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("indicator", sa.String(length=40), nullable=True),
        sa.Column("field_id", sa.Integer(), nullable=True),
        sa.Column("baseline_period", sa.String(length=32), nullable=True),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("meeting", sa.String(length=200), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "status in ('open', 'done', 'cancelled')", name=op.f("ck_directive_status")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["admin_unit.id"], name=op.f("fk_directive_unit_id_admin_unit")
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_directive_department_id_department"),
        ),
        sa.ForeignKeyConstraint(
            ["field_id"], ["field.id"], name=op.f("fk_directive_field_id_field")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directive")),
    )
    op.create_index("ix_directive_unit_id", "directive", ["unit_id"], unique=False)
    op.create_index("ix_directive_meeting_date", "directive", ["meeting_date"], unique=False)
    op.create_table(
        "directive_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("directive_id", sa.Integer(), nullable=False),
        sa.Column("noted_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=True),
        sa.Column("noted_by", sa.String(length=120), nullable=False),
        sa.Column("noted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["directive_id"],
            ["directive.id"],
            name=op.f("fk_directive_note_directive_id_directive"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directive_note")),
    )
    op.create_index(
        "ix_directive_note_directive_id", "directive_note", ["directive_id"], unique=False
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_TRIGGERS)
    else:
        for stmt in SQLITE_TRIGGERS:
            op.execute(stmt)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for trig, table in (
            ("directive_no_delete", "directive"),
            ("directive_no_truncate", "directive"),
            ("directive_note_no_change", "directive_note"),
            ("directive_note_no_truncate", "directive_note"),
        ):
            op.execute(f"drop trigger if exists {trig} on {table}")
        op.execute("drop function if exists directive_refuse_change()")
    else:
        for trig in ("directive_no_delete", "directive_note_no_update", "directive_note_no_delete"):
            op.execute(f"drop trigger if exists {trig}")
    op.drop_index("ix_directive_note_directive_id", table_name="directive_note")
    op.drop_table("directive_note")
    op.drop_index("ix_directive_meeting_date", table_name="directive")
    op.drop_index("ix_directive_unit_id", table_name="directive")
    op.drop_table("directive")
