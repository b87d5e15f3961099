"""the month-end backlog per unit, summed over fields (issue 18)

Revision ID: 35_backlog_unit_month_end
Revises: 34_dossier_unit_unsatisfied

The on-time trend shows, for each of its 25 month ends, the dossiers pending and overdue and
those of them with an apology letter. They were summed from ``backlog_month_end``, kept per
unit and field: a province's 61,000 rows at 10M dossiers (13.6 ms on SQLite). This table
keeps the same counts per unit, summed over fields (some 6,000 rows); figures without a field
read it. It is written with ``backlog_month_end``, from it (``dashboard.storage.rollups``);
a database migrated here gets it filled from the rows already there, in month order.
"""

import sqlalchemy as sa
from alembic import op

revision = "35_backlog_unit_month_end"
down_revision = "34_dossier_unit_unsatisfied"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "backlog_unit_month_end",
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("pending_within", sa.Integer(), nullable=False),
        sa.Column("pending_overdue", sa.Integer(), nullable=False),
        sa.Column("pending_overdue_apology", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["admin_unit.id"],
            name=op.f("fk_backlog_unit_month_end_unit_id_admin_unit"),
        ),
    )
    op.create_index("ix_backlog_unit_as_of", "backlog_unit_month_end", ["as_of", "unit_id"])
    op.execute(
        "insert into backlog_unit_month_end (unit_id, as_of, source, pending_within, "
        "pending_overdue, pending_overdue_apology) "
        "select unit_id, as_of, source, sum(pending_within), sum(pending_overdue), "
        "sum(pending_overdue_apology) from backlog_month_end "
        "group by unit_id, as_of, source order by as_of, unit_id"
    )


def downgrade() -> None:
    op.drop_index("ix_backlog_unit_as_of", table_name="backlog_unit_month_end")
    op.drop_table("backlog_unit_month_end")
