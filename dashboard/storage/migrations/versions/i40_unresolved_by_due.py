"""the unresolved dossiers by unit, closing and due date, with their codes (issue 18)

Revision ID: 40_unresolved_by_due
Revises: 39_dossier_resolved

``ix_dossier_unresolved`` holds the unresolved dossiers (~180,000 of 10M) by unit and closing
date with what the backlog at a day reads of them. Who holds what is overdue
(queries.bodies) wants, of the open ones, those past due with their department, letter and
code: on SQLite it read them by due date through ``ix_dossier_open`` and visited the table
for each (a province's running quarter at 10M: ~8,400 rows spread over the table, about half
of the statement). With the due date after the closing date and the code and resolution date
carried, it reads each unit's overdue ones as a range of this index alone; the backlog's
reads by unit and closing date are unchanged. PostgreSQL reads its own table of the
unresolved (31_dossier_unresolved_table); the index is rebuilt there alike.
"""

import sqlalchemy as sa
from alembic import op

revision = "40_unresolved_by_due"
down_revision = "39_dossier_resolved"
branch_labels = None
depends_on = None

OPEN_WHERE = "resolved_date IS NULL"
BEFORE = [
    "resolving_unit_id",
    "closed_date",
    "received_date",
    "effective_due_date",
    "field_id",
    "apology_letter",
    "department_id",
]
AFTER = [
    "resolving_unit_id",
    "closed_date",
    "effective_due_date",
    "received_date",
    "field_id",
    "apology_letter",
    "department_id",
    "code",
    "resolved_date",
]


def _make(columns: list[str]) -> None:
    op.drop_index("ix_dossier_unresolved", table_name="dossier")
    op.create_index(
        "ix_dossier_unresolved",
        "dossier",
        columns,
        sqlite_where=sa.text(OPEN_WHERE),
        postgresql_where=sa.text(OPEN_WHERE),
    )


def upgrade() -> None:
    _make(AFTER)


def downgrade() -> None:
    _make(BEFORE)
