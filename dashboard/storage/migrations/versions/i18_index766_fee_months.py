"""the service index's fee-bearing procedures used, per unit and month (issue 18)

Revision ID: 18_index766_fee_months
Revises: 18_pakn_unit_handled

The payment indicator counts the fee-bearing procedures of a unit's list that had dossiers in
the period. Month by month (the trend's twelve months) that grouped rollup_index766_month by
unit, procedure and month on every view: ~150 ms on SQLite at 10M dossiers. Two columns of
rollup_index766_unit_month keep the counts per unit and month; the refresh and an import of
lists keep them (``dashboard.storage.rollups.refresh_index766_units``). Here the table is
rewritten with them, in month order (an UPDATE would move PostgreSQL's rows out of it).
"""

import sqlalchemy as sa
from alembic import op

revision = "18_index766_fee_months"
down_revision = "18_pakn_unit_handled"
branch_labels = None
depends_on = None

TABLE = "rollup_index766_unit_month"
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
FEES = (
    "SELECT pairs.unit_id, pairs.month, count(*) AS used, sum(pairs.paid) AS paid "
    "FROM (SELECT unit_id, procedure_id, month, "
    "CASE WHEN sum(paid_online) > 0 THEN 1 ELSE 0 END AS paid "
    "FROM rollup_index766_month GROUP BY unit_id, procedure_id, month "
    "HAVING sum(received) > 0) AS pairs "
    "JOIN unit_procedure AS up "
    "ON up.unit_id = pairs.unit_id AND up.procedure_id = pairs.procedure_id "
    "WHERE up.fee_bearing IS TRUE GROUP BY pairs.unit_id, pairs.month"
)


def upgrade() -> None:
    for name in ("fee_procs_used", "fee_procs_paid_online"):
        op.add_column(
            TABLE, sa.Column(name, sa.Integer(), nullable=False, server_default=sa.text("0"))
        )
    cols = ", ".join(COUNTS)
    sums = ", ".join(f"sum({c}) AS {c}" for c in COUNTS)
    op.execute(f"DELETE FROM {TABLE}")
    op.execute(
        f"INSERT INTO {TABLE} (unit_id, month, {cols}, fee_procs_used, fee_procs_paid_online) "
        f"SELECT s.unit_id, s.month, {', '.join(f's.{c}' for c in COUNTS)}, "
        "coalesce(f.used, 0), coalesce(f.paid, 0) "
        f"FROM (SELECT unit_id, month, {sums} FROM rollup_index766_month "
        "GROUP BY unit_id, month) AS s "
        f"LEFT JOIN ({FEES}) AS f ON f.unit_id = s.unit_id AND f.month = s.month "
        "ORDER BY s.month, s.unit_id"
    )


def downgrade() -> None:
    with op.batch_alter_table(TABLE) as batch:
        batch.drop_column("fee_procs_paid_online")
        batch.drop_column("fee_procs_used")
