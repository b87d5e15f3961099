"""the holiday register moves the data version too (issue 18)

Revision ID: 19_holiday_version
Revises: 18_units_version

Every page that counts deadlines reads the working-day calendar from the holiday register,
several times a page (~2.5 ms each to read the 368 rows of 2010–2040 and build the sets). A
trigger on ``holiday`` bumps ``data_version`` on any write, whoever makes it, so the calendar
can be kept per data version like the unit tree (``queries.due_soon.calendar``).
"""

from alembic import op

revision = "19_holiday_version"
down_revision = "18_units_version"
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
            "create trigger holiday_version after insert or update or delete or truncate"
            " on holiday for each statement execute function data_version_bump()"
        )
        return
    for what in ("insert", "update", "delete"):
        op.execute(
            f"create trigger holiday_version_{what} after {what} on holiday begin {SQLITE_BODY} end"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("drop trigger if exists holiday_version on holiday")
        return
    for what in ("insert", "update", "delete"):
        op.execute(f"drop trigger if exists holiday_version_{what}")
