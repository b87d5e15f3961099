"""PostgreSQL vacuums the rollups soon after every refresh (issue 18)

Revision ID: 37_rollup_autovacuum
Revises: 36_index766_unit_span

An import's refresh deletes and writes again the months it touched in each rollup (and
dossier_unresolved follows every write of dossiers). Until the table is vacuumed, the pages
read through the dead rows, and the new ones are not marked all-visible, so the index-only
scans the pages' statements are planned for visit the table as well. With PostgreSQL's
default thresholds (20 % of a table's rows changed) a rollup waited for several imports:
after six refreshes of a quarter at 10M dossiers, 16 % of rollup_index766_month was dead,
and a VACUUM of the twelve tables (0.15 s) took the overview's queries from 91 to 84 ms.
Here autovacuum is told to vacuum each of these tables once 2,000 rows have changed or
been added, whatever its size: within a minute of an import (autovacuum_naptime), in the
background, whatever role the import ran as (a VACUUM run by the import itself would need
the tables' owner). SQLite: nothing to do.
"""

from alembic import op

revision = "37_rollup_autovacuum"
down_revision = "36_index766_unit_span"
branch_labels = None
depends_on = None

# dashboard.storage.rollups.REWRITTEN as it stands at this revision (a migration's text stays
# as released); tests/test_migrations.py checks that every rollup carries the settings.
TABLES = (
    "backlog_month_end",
    "backlog_unit_month_end",
    "dossier_unresolved",
    "rollup_body_month",
    "rollup_index766_department_month",
    "rollup_index766_month",
    "rollup_index766_pair",
    "rollup_index766_unit_month",
    "rollup_index766_unit_span",
    "rollup_month",
    "rollup_satisfaction_month",
    "rollup_satisfaction_unit_month",
    "rollup_unit_month",
)

SETTINGS = (
    "autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000, "
    "autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 2000"
)
NAMES = (
    "autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold, "
    "autovacuum_vacuum_insert_scale_factor, autovacuum_vacuum_insert_threshold"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"alter table {table} set ({SETTINGS})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"alter table {table} reset ({NAMES})")
