"""the dossiers a citizen rated unsatisfied, by unit (issue 18)

Revision ID: 34_dossier_unit_unsatisfied
Revises: 33_dossier_unit_late

The service index's drill-down into dossier satisfaction lists the scope's dossiers resolved
in the period late (ix_dossier_unit_late, migration 33) or rated unsatisfied. The unsatisfied
ones (~2 %) were found by reading every dossier the scope resolved in the period (a
province's quarter at 10M dossiers: 470,000 rows for 7,700; 216 ms on SQLite). This partial
index holds them by resolving unit and resolved date (42 ms). The condition is written as
each database's statements write ``citizen_unsatisfied.is_(True)``: SQLite uses a partial
index only for a query that carries its condition as written.
"""

import sqlalchemy as sa
from alembic import op

revision = "34_dossier_unit_unsatisfied"
down_revision = "33_dossier_unit_late"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_dossier_unit_unsatisfied",
        "dossier",
        ["resolving_unit_id", "resolved_date"],
        sqlite_where=sa.text("citizen_unsatisfied IS 1"),
        postgresql_where=sa.text("citizen_unsatisfied IS true"),
    )


def downgrade() -> None:
    op.drop_index("ix_dossier_unit_unsatisfied", table_name="dossier")
