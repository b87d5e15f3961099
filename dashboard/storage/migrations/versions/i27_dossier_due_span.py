"""PostgreSQL: the longest time a dossier was given, read through an index (issue 18)

Revision ID: 27_dossier_due_span
Revises: 26_index766_pairs

What is due soon (``queries.due_soon``) reads the dossiers due in the next few days; their
received dates are unbounded below, so PostgreSQL planned every monthly partition of
``dossier`` (~72 at 10M dossiers: 14-18 ms of planning a statement, two or three a page).
A dossier due on or after a day was received at most the longest due-minus-received span of
any dossier before it; with that span the statements bound received_date and PostgreSQL
plans only the partitions that can hold them. This index on the span makes its maximum an
index read (once per data version) instead of a scan of every dossier. Every partition gets
it, present and future. SQLite has no partitions and reads no bound: nothing to do there.
"""

from alembic import op

revision = "27_dossier_due_span"
down_revision = "26_index766_pairs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX IF NOT EXISTS ix_dossier_due_span"
            " ON dossier ((effective_due_date - received_date))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_dossier_due_span")
