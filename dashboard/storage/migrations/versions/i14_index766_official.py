"""the national service index's official score, as the portal published it (issue 14)

Revision ID: 14_index766_official
Revises: 14_index766
"""

import sqlalchemy as sa
from alembic import op

revision = "14_index766_official"
down_revision = "14_index766"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "index766_official",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=24), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("portal_name", sa.String(length=300), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("indicator", sa.String(length=64), nullable=False),
        sa.Column("numerator", sa.Float(), nullable=True),
        sa.Column("denominator", sa.Float(), nullable=True),
        sa.Column("ratio", sa.Float(), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("max_score", sa.Float(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_index766_official_department_id_department"),
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_index766_official_import_batch_id_import_batch"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["admin_unit.id"], name=op.f("fk_index766_official_unit_id_admin_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_index766_official")),
        sa.UniqueConstraint(
            "subject", "period_start", "period_end", "indicator", name="uq_index766_official_key"
        ),
    )


def downgrade() -> None:
    op.drop_table("index766_official")
