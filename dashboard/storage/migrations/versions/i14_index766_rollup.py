"""the service index's monthly rollup, per unit, procedure and month (issue 14)

Revision ID: 14_index766_rollup
Revises: 14_index766_official
"""

import sqlalchemy as sa
from alembic import op

revision = "14_index766_rollup"
down_revision = "14_index766_official"
branch_labels = None
depends_on = None

COUNTS = (
    "received",
    "digitised",
    "synced_known",
    "synced",
    "reused_known",
    "reused",
    "shared_known",
    "shared",
    "popdb_known",
    "popdb",
    "eligible",
    "full_online",
    "fee",
    "fee_paid_online",
    "paid_online",
    "resolved",
    "resolved_on_time",
    "result_known",
    "result_electronic",
    "resolved_bad",
)


def upgrade() -> None:
    op.create_table(
        "rollup_index766_month",
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        *[sa.Column(c, sa.Integer(), nullable=False) for c in COUNTS],
        sa.ForeignKeyConstraint(
            ["procedure_id"],
            ["procedure.id"],
            name=op.f("fk_rollup_index766_month_procedure_id_procedure"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["admin_unit.id"], name=op.f("fk_rollup_index766_month_unit_id_admin_unit")
        ),
    )
    op.create_index(
        "ix_rollup_index766_month", "rollup_index766_month", ["month", "unit_id"], unique=False
    )
    # Filled from the dossiers by 14_index766_dept, which gives the table its department
    # column (the refresh writes today's columns).


def downgrade() -> None:
    op.drop_index("ix_rollup_index766_month", table_name="rollup_index766_month")
    op.drop_table("rollup_index766_month")
