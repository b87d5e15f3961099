"""PostgreSQL: the longest a dossier took to be resolved, read through an index (issue 18)

Revision ID: 30_dossier_resolve_span
Revises: 29_dossier_unresolved

The statements that read dossiers by their resolution day (resolved in a few days; pending at
a day, as resolved after it) have no bound on received_date, so PostgreSQL planned and probed
every monthly partition of ``dossier`` (~72 at 10M dossiers; the days after today of a
running quarter: ~130 ms for no rows). A dossier resolved on or after a day was received at
most the longest resolved-minus-received span of any dossier before it; with that span the
statements bound received_date and PostgreSQL plans only the partitions that can hold them
(as 27_dossier_due_span does for due dates). This index on the span makes its maximum an index
read, once per data version. SQLite has no partitions and reads no bound: nothing to do there.
"""

from alembic import op

revision = "30_dossier_resolve_span"
down_revision = "29_dossier_unresolved"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX IF NOT EXISTS ix_dossier_resolve_span"
            " ON dossier ((resolved_date - received_date))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_dossier_resolve_span")
