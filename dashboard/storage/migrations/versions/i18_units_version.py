"""the unit register moves the data version itself (issue 18)

Revision ID: 18_units_version
Revises: 18_index766_fee_months

Every query resolves its scope through the unit tree, cached per version of the register.
That version was read on every connection checkout as sums over the whole register (with the
national register of 14,146 units, 5.2 ms a page query on SQLite, ~1 ms on PostgreSQL). Triggers on ``admin_unit`` and
``unit_lineage`` bump ``data_version`` on any write, whoever makes it (a register load, an
import, an administrator's SQL), so the version alone is the register's key: one row read.
"""

from alembic import op

revision = "18_units_version"
down_revision = "18_index766_fee_months"
branch_labels = None
depends_on = None

TABLES = ("admin_unit", "unit_lineage")

PG_FUNCTION = """
create or replace function data_version_bump() returns trigger language plpgsql as $$
begin
    insert into data_version (id, version, changed_at) values (1, 2, localtimestamp(0))
    on conflict (id) do update
    set version = data_version.version + 1, changed_at = localtimestamp(0);
    return null;
end $$
"""

SQLITE_BODY = (
    "insert or ignore into data_version (id, version, changed_at)"
    " values (1, 1, datetime('now', 'localtime'));"
    " update data_version set version = version + 1, changed_at = datetime('now', 'localtime')"
    " where id = 1;"
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        for table in TABLES:
            op.execute(
                f"create trigger {table}_version after insert or update or delete or truncate"
                f" on {table} for each statement execute function data_version_bump()"
            )
        return
    for table in TABLES:
        for what in ("insert", "update", "delete"):
            op.execute(
                f"create trigger {table}_version_{what} after {what} on {table}"
                f" begin {SQLITE_BODY} end"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"drop trigger if exists {table}_version on {table}")
        op.execute("drop function if exists data_version_bump()")
        return
    for table in TABLES:
        for what in ("insert", "update", "delete"):
            op.execute(f"drop trigger if exists {table}_version_{what}")
