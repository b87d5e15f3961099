"""who holds what is late, by month: rollup_body_month (issue 18)

Revision ID: 18_body_rollup
Revises: 18_bodies_indexes_by_date

``queries.bodies`` read every late or open dossier of the province for a period (the slowest
call of four pages at 10M dossiers). For a period of whole months that has ended it now reads
this rollup: per resolving unit, department and month, the dossiers resolved late in the month,
and the dossiers pending at its end, the overdue ones and the one due longest ago (the service
index's pending by department reads these too). The table is derived:
created here and filled from the dossiers by the rollup code imports refresh with.
"""

import sqlalchemy as sa
from alembic import op

revision = "18_body_rollup"
down_revision = "18_bodies_indexes_by_date"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rollup_body_month",
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("late", sa.Integer(), nullable=False),
        sa.Column("late_no_apology", sa.Integer(), nullable=False),
        sa.Column("pending", sa.Integer(), nullable=False),
        sa.Column("overdue", sa.Integer(), nullable=False),
        sa.Column("overdue_no_apology", sa.Integer(), nullable=False),
        sa.Column("oldest_code", sa.String(length=64), nullable=True),
        sa.Column("oldest_due", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_rollup_body_month_department_id_department"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["admin_unit.id"], name=op.f("fk_rollup_body_month_unit_id_admin_unit")
        ),
    )
    op.create_index("ix_rollup_body_month", "rollup_body_month", ["month", "unit_id"], unique=False)
    # A database with dossiers already: fill it (with the backlog, from the same pass).
    from dashboard.storage.rollups import _refresh_backlog

    _refresh_backlog(op.get_bind(), None)


def downgrade() -> None:
    op.drop_index("ix_rollup_body_month", table_name="rollup_body_month")
    op.drop_table("rollup_body_month")
