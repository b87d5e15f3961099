"""the unresolved dossiers by unit, with what the backlog at a day reads (issue 18)

Revision ID: 29_dossier_unresolved
Revises: 28_index766_department_rollup

The backlog at a day that is not a month end (a running period's figures, today's) counts
the dossiers pending then from the rows. Those not resolved (~180,000 of 10M, most of them
closed) lay spread over the table: a province's read fetched each row, ~310 ms on SQLite.
This partial index holds them by unit and closing date with every column the count reads, so
the count is answered from the index (~30 ms).
"""

import sqlalchemy as sa
from alembic import op

revision = "29_dossier_unresolved"
down_revision = "28_index766_department_rollup"
branch_labels = None
depends_on = None

COLUMNS = [
    "resolving_unit_id",
    "closed_date",
    "received_date",
    "effective_due_date",
    "field_id",
    "apology_letter",
    "department_id",
]


def upgrade() -> None:
    op.create_index(
        "ix_dossier_unresolved",
        "dossier",
        COLUMNS,
        sqlite_where=sa.text("resolved_date IS NULL"),
        postgresql_where=sa.text("resolved_date IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_dossier_unresolved", table_name="dossier")
