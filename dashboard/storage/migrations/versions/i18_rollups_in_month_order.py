"""rollups written in month order (issue 18)

Revision ID: 18_rollups_in_month_order
Revises: 18_body_rollup

Pages read a range of months of a province's units from the rollup tables through their
(month, unit) indexes. The rows had been written in the order the database grouped them, so
the rows of one month lay scattered over the whole table and a quarter's read touched nearly
one table page a row. The refresh now writes them by month, then unit
(``dashboard.storage.rollups._in_month_order``); this puts the rows already there in the same
order: PostgreSQL's CLUSTER on the month index, SQLite a rewrite of each table in order. No
row or figure changes.
"""

import sqlalchemy as sa
from alembic import op

revision = "18_rollups_in_month_order"
down_revision = "18_body_rollup"
branch_labels = None
depends_on = None

# table, its month column, the (month, unit) index
TABLES = (
    ("rollup_month", "month", "ix_rollup_month_month"),
    ("rollup_unit_month", "month", "ix_rollup_unit_month_month"),
    ("rollup_satisfaction_month", "month", "ix_rollup_satisfaction_month"),
    ("rollup_index766_month", "month", "ix_rollup_index766_month"),
    ("rollup_body_month", "month", "ix_rollup_body_month"),
    ("backlog_month_end", "as_of", "ix_backlog_as_of"),
)


def upgrade() -> None:
    conn = op.get_bind()
    for table, month, index in TABLES:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text(f"CLUSTER {table} USING {index}"))
            conn.execute(sa.text(f"ANALYZE {table}"))
        else:
            # No explicit rowid in these tables: reinserted rows take new rowids in order.
            conn.execute(
                sa.text(
                    f"CREATE TEMP TABLE in_order AS SELECT * FROM {table} ORDER BY {month}, unit_id"
                )
            )
            conn.execute(sa.text(f"DELETE FROM {table}"))
            conn.execute(sa.text(f"INSERT INTO {table} SELECT * FROM in_order ORDER BY rowid"))
            conn.execute(sa.text("DROP TABLE in_order"))


def downgrade() -> None:
    """Nothing to undo: the order of rows is not part of the schema."""
