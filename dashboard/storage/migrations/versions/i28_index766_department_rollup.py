"""service index counts per unit, department and month: rollup_index766_department_month (issue 18)

Revision ID: 28_index766_department_rollup
Revises: 27_dossier_due_span

The department ranking of the service index (and a department's scorecard) summed
rollup_index766_month, whose rows are per unit, procedure, department and month: a
province's quarter at 10M dossiers is 27,666 of them, ~32 ms on SQLite. This table holds the
same counts summed over procedure (~9,400 rows for that quarter); the refresh keeps it
(``dashboard.storage.rollups.refresh_index766_departments``), and here it is filled from the
procedure rollup.
"""

import sqlalchemy as sa
from alembic import op

revision = "28_index766_department_rollup"
down_revision = "27_dossier_due_span"
branch_labels = None
depends_on = None

# The counts of rollup_index766_month (a migration keeps its own copy).
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
        "rollup_index766_department_month",
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("month", sa.Date(), nullable=False),
        *[sa.Column(c, sa.Integer(), nullable=False) for c in COUNTS],
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["admin_unit.id"],
            name=op.f("fk_rollup_index766_department_month_unit_id_admin_unit"),
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_rollup_index766_department_month_department_id_department"),
        ),
    )
    op.create_index(
        "ix_rollup_index766_department_month",
        "rollup_index766_department_month",
        ["month", "unit_id"],
    )
    cols = ", ".join(COUNTS)
    sums = ", ".join(f"sum({c})" for c in COUNTS)
    op.execute(
        f"INSERT INTO rollup_index766_department_month (unit_id, department_id, month, {cols}) "
        f"SELECT unit_id, department_id, month, {sums} FROM rollup_index766_month "
        "GROUP BY unit_id, department_id, month ORDER BY month, unit_id"
    )


def downgrade() -> None:
    op.drop_index(
        "ix_rollup_index766_department_month", table_name="rollup_index766_department_month"
    )
    op.drop_table("rollup_index766_department_month")
