"""an index of the dissatisfied responses with a comment (issue 18)

Revision ID: 23_negative_comments
Revises: 22_satisfaction_unit_rollup

The satisfaction page lists the latest comments of dissatisfied citizens (overall rating 1
or 2, with a comment). It read every response of the quarter in the scope through
``ix_satisfaction_unit_date`` (70,786 for the sample province at 10M dossiers) to keep 742,
sorted them and kept 20: ~25 ms. This partial index holds only those responses.
"""

import sqlalchemy as sa
from alembic import op

revision = "23_negative_comments"
down_revision = "22_satisfaction_unit_rollup"
branch_labels = None
depends_on = None

NEGATIVE_WHERE = "overall <= 2 AND comment IS NOT NULL"


def upgrade() -> None:
    op.create_index(
        "ix_satisfaction_negative",
        "satisfaction_response",
        ["unit_id", "responded_on"],
        sqlite_where=sa.text(NEGATIVE_WHERE),
        postgresql_where=sa.text(NEGATIVE_WHERE),
    )


def downgrade() -> None:
    op.drop_index("ix_satisfaction_negative", table_name="satisfaction_response")
