"""the late dossiers by unit too, for the lists of one scope's late dossiers (issue 18)

Revision ID: 33_dossier_unit_late
Revises: 32_unresolved_appointment

The service index's drill-down into an indicator lost to lateness (on time, dossier
satisfaction) lists the scope's dossiers resolved late in the period, and those pending
overdue at its end that were resolved later. Read by unit through ix_dossier_unit_resolved,
SQLite fetched every dossier the scope resolved in the period to find the late ones (a
province's quarter at 10M dossiers: 470,000 rows for 19,600; 330 ms); read by date through
ix_dossier_late, a commune's list went through the whole database's late dossiers. This
partial index holds the late ones (resolved after their due date, ~4 %) by unit and resolved
date: a province's list reads its units' few ranges (60 ms), a commune's its own (17 ms).
ix_dossier_late, led by the date, stays for the "who holds what is late" counts
(``queries.bodies``, migration 18_bodies_indexes_by_date).
"""

import sqlalchemy as sa
from alembic import op

revision = "33_dossier_unit_late"
down_revision = "32_unresolved_appointment"
branch_labels = None
depends_on = None

LATE_WHERE = "resolved_date > effective_due_date"


def upgrade() -> None:
    op.create_index(
        "ix_dossier_unit_late",
        "dossier",
        ["resolving_unit_id", "resolved_date"],
        sqlite_where=sa.text(LATE_WHERE),
        postgresql_where=sa.text(LATE_WHERE),
    )


def downgrade() -> None:
    op.drop_index("ix_dossier_unit_late", table_name="dossier")
