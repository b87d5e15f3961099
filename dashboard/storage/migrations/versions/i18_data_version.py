"""the data version: a counter imports bump, so every dashboard process's cache sees them
(issue 18)

Revision ID: 18_data_version
Revises: 17_directives
"""

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "18_data_version"
down_revision = "17_directives"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "data_version",
        sa.Column("id", sa.SmallInteger(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    op.bulk_insert(table, [dict(id=1, version=1, changed_at=datetime.now().replace(microsecond=0))])


def downgrade() -> None:
    op.drop_table("data_version")
