"""the service index's counts per unit and month: rollup_index766_unit_month (issue 18)

Revision ID: 18_index766_unit_rollup
Revises: 18_rollups_in_month_order

A scorecard, a ranking by unit and the trend summed rollup_index766_month's rows per unit,
procedure and department (a province's quarter at 10M dossiers: ~25,000 rows, ~35 ms a
read). This table holds the same counts summed over procedure and department; the refresh
keeps it beside the other (``dashboard.storage.rollups.refresh_index766``), and here it is
filled from it.
"""

import sqlalchemy as sa
from alembic import op

revision = "18_index766_unit_rollup"
down_revision = "18_rollups_in_month_order"
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
        "rollup_index766_unit_month",
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        *[sa.Column(c, sa.Integer(), nullable=False) for c in COUNTS],
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["admin_unit.id"],
            name=op.f("fk_rollup_index766_unit_month_unit_id_admin_unit"),
        ),
    )
    op.create_index(
        "ix_rollup_index766_unit_month",
        "rollup_index766_unit_month",
        ["month", "unit_id"],
    )
    cols = ", ".join(COUNTS)
    sums = ", ".join(f"sum({c})" for c in COUNTS)
    op.execute(
        f"INSERT INTO rollup_index766_unit_month (unit_id, month, {cols}) "
        f"SELECT unit_id, month, {sums} FROM rollup_index766_month "
        "GROUP BY unit_id, month ORDER BY month, unit_id"
    )


def downgrade() -> None:
    op.drop_index("ix_rollup_index766_unit_month", table_name="rollup_index766_unit_month")
    op.drop_table("rollup_index766_unit_month")
