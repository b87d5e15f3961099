"""the service index's monthly rollup per department too, so the department ranking and a
department's scorecard read it rather than every dossier of the quarter (issue 14)

The rollup is derived: the table is made again with the column and filled from the dossiers.

Revision ID: 14_index766_dept
Revises: 16_bodies_indexes
"""

import sqlalchemy as sa
from alembic import op

revision = "14_index766_dept"
down_revision = "16_bodies_indexes"
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


def _create(with_department: bool) -> None:
    op.create_table(
        "rollup_index766_month",
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        *([sa.Column("department_id", sa.Integer(), nullable=True)] if with_department else []),
        sa.Column("month", sa.Date(), nullable=False),
        *[sa.Column(c, sa.Integer(), nullable=False) for c in COUNTS],
        *(
            [
                sa.ForeignKeyConstraint(
                    ["department_id"],
                    ["department.id"],
                    name=op.f("fk_rollup_index766_month_department_id_department"),
                )
            ]
            if with_department
            else []
        ),
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


def _drop() -> None:
    op.drop_index("ix_rollup_index766_month", table_name="rollup_index766_month")
    op.drop_table("rollup_index766_month")


def upgrade() -> None:
    _drop()
    _create(with_department=True)
    # A database with dossiers already: fill it from them (the same code imports refresh with).
    from dashboard.storage.rollups import refresh_index766

    refresh_index766(op.get_bind(), None)


def downgrade() -> None:
    _drop()
    _create(with_department=False)
