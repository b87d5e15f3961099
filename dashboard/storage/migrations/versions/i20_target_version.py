"""the target register moves the data version too (issue 18)

Revision ID: 20_target_version
Revises: 19_holiday_version

Every page with a status reads the targets (chỉ tiêu): the on-time page sent six statements
for them, one per metric and year. A trigger on ``target`` bumps ``data_version`` on any
write, whoever makes it, so the register can be read once per data version like the unit
tree and the calendar (``queries.targets``).
"""

from alembic import op

revision = "20_target_version"
down_revision = "19_holiday_version"
branch_labels = None
depends_on = None

# As in 18_units_version (a migration keeps its own copy: it must not change with the code).
SQLITE_BODY = (
    "insert or ignore into data_version (id, version, changed_at)"
    " values (1, 1, datetime('now', 'localtime'));"
    " update data_version set version = version + 1, changed_at = datetime('now', 'localtime')"
    " where id = 1;"
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # data_version_bump() is migration 18_units_version's.
        op.execute(
            "create trigger target_version after insert or update or delete or truncate"
            " on target for each statement execute function data_version_bump()"
        )
        return
    for what in ("insert", "update", "delete"):
        op.execute(
            f"create trigger target_version_{what} after {what} on target begin {SQLITE_BODY} end"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("drop trigger if exists target_version on target")
        return
    for what in ("insert", "update", "delete"):
        op.execute(f"drop trigger if exists target_version_{what}")
