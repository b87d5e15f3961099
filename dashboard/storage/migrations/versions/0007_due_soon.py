"""an index on the effective due date, for the dossiers about to be late (issue 17)

Revision ID: 17_due_soon
Revises: 13_sessions
"""

from alembic import op

revision = "17_due_soon"
down_revision = "13_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_dossier_due", "dossier", ["effective_due_date"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_dossier_due", table_name="dossier")
