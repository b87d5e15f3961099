"""an index of the petitions carried from earlier sessions (issue 18)

Revision ID: 24_petition_carried
Revises: 23_negative_comments

The dialogue figures read the petitions raised in a period and those carried into it:
assigned at an earlier session (not answered on the spot) and not resolved before the
period. Written as one condition with an OR, the read walked every session of the scope
back to the first. Now two parts: the sessions of the period, and the carried petitions
through this partial index (assigned petitions, by the day they were resolved).
"""

import sqlalchemy as sa
from alembic import op

revision = "24_petition_carried"
down_revision = "23_negative_comments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    assigned = sa.column("answered_on_spot", sa.Boolean()).is_(False)
    op.create_index(
        "ix_petition_carried",
        "petition",
        ["resolved_on"],
        sqlite_where=assigned,
        postgresql_where=assigned,
    )


def downgrade() -> None:
    op.drop_index("ix_petition_carried", table_name="petition")
