"""the procedure lists move the data version too (issue 18)

Revision ID: 25_unit_procedure_version
Revises: 24_petition_carried

Every scorecard, ranking and trend of the service index sums each unit's published list of
procedures (``unit_procedure``): ~9 ms a statement on SQLite at 10M dossiers, three or four
a page. A trigger on ``unit_procedure`` bumps ``data_version`` on any write, whoever makes
it, so the sums can be read once per data version (``queries.index766._unit_lists``), as
the targets are (migration 20_target_version).
"""

from alembic import op

revision = "25_unit_procedure_version"
down_revision = "24_petition_carried"
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
            "create trigger unit_procedure_version after insert or update or delete or truncate"
            " on unit_procedure for each statement execute function data_version_bump()"
        )
        return
    for what in ("insert", "update", "delete"):
        op.execute(
            f"create trigger unit_procedure_version_{what} after {what} on unit_procedure"
            f" begin {SQLITE_BODY} end"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("drop trigger if exists unit_procedure_version on unit_procedure")
        return
    for what in ("insert", "update", "delete"):
        op.execute(f"drop trigger if exists unit_procedure_version_{what}")
