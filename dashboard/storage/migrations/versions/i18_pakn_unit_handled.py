"""petitions by unit and handled date (issue 18)

Revision ID: 18_pakn_unit_handled
Revises: 18_index766_unit_rollup

The service index counts a unit's petitions handled in each month (``queries.index766``:
handled, handled badly). Through ``ix_pakn_unit_received`` each month read every petition
of each unit; ``(unit_id, handled_date)`` reads the month's.
"""

from alembic import op

revision = "18_pakn_unit_handled"
down_revision = "18_index766_unit_rollup"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_pakn_unit_handled", "pakn", ["unit_id", "handled_date"])


def downgrade() -> None:
    op.drop_index("ix_pakn_unit_handled", table_name="pakn")
