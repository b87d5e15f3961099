"""satisfaction counts per unit and month: rollup_satisfaction_unit_month (issue 18)

Revision ID: 22_satisfaction_unit_rollup
Revises: 21_due_covering

The satisfaction cards, trend, league and map summed rollup_satisfaction_month, whose rows
are per unit, month, rating channel and field (431,274 at 10M dossiers): SQLite read a
province's 24 months of them through ``(month, unit_id)``, 73 ms for the trend alone. This
table holds the same counts summed over channel and field; the refresh keeps it beside the
other (``dashboard.storage.rollups.refresh_satisfaction``), and here it is filled from it.
"""

import sqlalchemy as sa
from alembic import op

revision = "22_satisfaction_unit_rollup"
down_revision = "21_due_covering"
branch_labels = None
depends_on = None

ELEMENTS = ("access", "procedure", "civil_servant", "result", "feedback")
COUNTS = (
    "responses",
    "satisfied",
    *[f"r{k}" for k in range(1, 6)],
    *[f"{e}_n" for e in ELEMENTS],
    *[f"{e}_ok" for e in ELEMENTS],
)


def upgrade() -> None:
    op.create_table(
        "rollup_satisfaction_unit_month",
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        *[sa.Column(c, sa.Integer(), nullable=False) for c in COUNTS],
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["admin_unit.id"],
            name=op.f("fk_rollup_satisfaction_unit_month_unit_id_admin_unit"),
        ),
    )
    op.create_index(
        "ix_rollup_satisfaction_unit_month",
        "rollup_satisfaction_unit_month",
        ["month", "unit_id"],
    )
    cols = ", ".join(COUNTS)
    sums = ", ".join(f"sum({c})" for c in COUNTS)
    op.execute(
        f"INSERT INTO rollup_satisfaction_unit_month (unit_id, month, {cols}) "
        f"SELECT unit_id, month, {sums} FROM rollup_satisfaction_month "
        "GROUP BY unit_id, month ORDER BY month, unit_id"
    )


def downgrade() -> None:
    op.drop_index("ix_rollup_satisfaction_unit_month", table_name="rollup_satisfaction_unit_month")
    op.drop_table("rollup_satisfaction_unit_month")
