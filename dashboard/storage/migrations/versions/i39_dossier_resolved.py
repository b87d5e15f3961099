"""PostgreSQL: the dossiers by resolution date, for the latest one (issue 18)

Revision ID: 39_dossier_resolved
Revises: 38_unresolved_due

A period still running counts what is pending today, and part of that is read as "resolved
after today": bounded by ``on_time.resolved_since`` to the months that could hold one, that
is still ~8 monthly partitions of ``dossier``, each planned and probed once per unit of the
scope for no rows (a province's overview of the running quarter at 1M dossiers: about half
of its ~45 ms of planning). With the latest resolution date known, a day after it bounds
those parts to no partition at all. This index makes that date an index read, once per data
version. SQLite has no partitions: nothing to do there.
"""

from alembic import op

revision = "39_dossier_resolved"
down_revision = "38_unresolved_due"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("create index if not exists ix_dossier_resolved on dossier (resolved_date)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("drop index if exists ix_dossier_resolved")
