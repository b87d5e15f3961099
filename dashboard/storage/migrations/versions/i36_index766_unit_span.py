"""the service index's fee-bearing procedures used, per unit and calendar span (issue 18)

Revision ID: 36_index766_unit_span
Revises: 35_backlog_unit_month_end

The payment indicator of a calendar quarter's or year's scorecard and ranking counts the
fee-bearing procedures of the units' lists that had dossiers received in the span, and
those with one paid online. They were matched when read: a province's quarter, ~4,600 pairs
(rollup_index766_pair) with ~11,000 list rows, 8 ms of the scorecard's 11 ms statement on
PostgreSQL at 10M dossiers. This table keeps the match counted per span and unit; it is
written with the pairs and again by an import of lists
(``dashboard.storage.rollups.refresh_index766_unit_spans``), and here filled the same way.
"""

import sqlalchemy as sa
from alembic import op

revision = "36_index766_unit_span"
down_revision = "35_backlog_unit_month_end"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rollup_index766_unit_span",
        sa.Column("span_start", sa.Date(), nullable=False),
        sa.Column("span_end", sa.Date(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("fee_procs_used", sa.Integer(), nullable=False),
        sa.Column("fee_procs_paid_online", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["admin_unit.id"],
            name=op.f("fk_rollup_index766_unit_span_unit_id_admin_unit"),
        ),
    )
    op.create_index(
        "ix_rollup_index766_unit_span",
        "rollup_index766_unit_span",
        ["span_start", "span_end", "unit_id"],
    )
    pg = op.get_bind().dialect.name == "postgresql"
    fee_bearing = "up.fee_bearing is true" if pg else "up.fee_bearing is 1"
    op.execute(
        "insert into rollup_index766_unit_span (span_start, span_end, unit_id, fee_procs_used, "
        "fee_procs_paid_online) "
        "select p.span_start, p.span_end, p.unit_id, count(*), sum(p.paid_online) "
        "from rollup_index766_pair p join unit_procedure up "
        "on up.unit_id = p.unit_id and up.procedure_id = p.procedure_id "
        f"where {fee_bearing} "
        "group by p.span_start, p.span_end, p.unit_id "
        "order by p.span_start, p.span_end, p.unit_id"
    )


def downgrade() -> None:
    op.drop_index("ix_rollup_index766_unit_span", table_name="rollup_index766_unit_span")
    op.drop_table("rollup_index766_unit_span")
