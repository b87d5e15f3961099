"""PostgreSQL: the unresolved dossiers by closing and due date (issue 18)

Revision ID: 38_unresolved_due
Revises: 37_rollup_autovacuum

The dossiers due within the next working days (queries.due_soon, on the on-time page, the
overview and the pack) are pending ones: they were read from the partitioned ``dossier``
through ix_dossier_due, every dossier due in the window whatever its state, and the list
visited the table for each (a province at 10M dossiers: 2,233 heap visits, ~17 ms). Read
from ``dossier_unresolved`` instead (with the few resolved after the day, from ``dossier``),
they need this index: the open ones by due date, and those closed after the day, as
ix_dossier_open serves them on ``dossier``. SQLite: nothing to do (ix_dossier_open).
"""

from alembic import op

revision = "38_unresolved_due"
down_revision = "37_rollup_autovacuum"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "create index ix_dossier_unresolved_due on dossier_unresolved"
        " (closed_date, effective_due_date)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("drop index ix_dossier_unresolved_due")
