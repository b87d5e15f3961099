"""the backlog at the end of the refresh's day, per unit and department (issue 18)

Revision ID: 41_backlog_day
Revises: 40_unresolved_by_due

A running period's pages (the quarter to today) counted the dossiers pending at the end of
today from the rows on every page: a province's ~27,000 at 10M dossiers, the largest
statement of its overview and service-index pages (~31 ms on SQLite, ~13 ms on PostgreSQL),
and again, past due, for who holds what is overdue.
The refresh after every import, and the nightly ``oversight refresh-day``, now count them
once per unit and department for their day (``dashboard.storage.rollups.refresh_backlog``);
the pages read those few hundred rows on that day and the dossier rows on any other. Made
empty: the next refresh fills it, and until then the pages read the rows as before.
"""

import sqlalchemy as sa
from alembic import op

revision = "41_backlog_day"
down_revision = "40_unresolved_by_due"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "backlog_day",
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("pending_within", sa.Integer(), nullable=False),
        sa.Column("pending_overdue", sa.Integer(), nullable=False),
        sa.Column("pending_overdue_apology", sa.Integer(), nullable=False),
        sa.Column("oldest_code", sa.String(length=64), nullable=True),
        sa.Column("oldest_due", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["admin_unit.id"], name=op.f("fk_backlog_day_unit_id_admin_unit")
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_backlog_day_department_id_department"),
        ),
    )
    op.create_index("ix_backlog_day", "backlog_day", ["as_of", "unit_id"])
    if op.get_bind().dialect.name == "postgresql":
        # Rewritten by every refresh, as the other rollups (37_rollup_autovacuum).
        op.execute(
            "alter table backlog_day set (autovacuum_vacuum_scale_factor = 0, "
            "autovacuum_vacuum_threshold = 2000, autovacuum_vacuum_insert_scale_factor = 0, "
            "autovacuum_vacuum_insert_threshold = 2000)"
        )


def downgrade() -> None:
    op.drop_index("ix_backlog_day", table_name="backlog_day")
    op.drop_table("backlog_day")
