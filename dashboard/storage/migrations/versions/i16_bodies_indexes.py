"""partial indexes for "who holds what is late": the late dossiers and the unresolved ones, by unit
(queries.bodies read ~6 % of a province's dossiers instead of all of them; issue 16)

Revision ID: 16_bodies_indexes
Revises: 18_data_version
"""

import sqlalchemy as sa
from alembic import op

revision = "16_bodies_indexes"
down_revision = "18_data_version"
branch_labels = None
depends_on = None

LATE_WHERE = "resolved_date > effective_due_date"
OPEN_WHERE = "resolved_date IS NULL"


def upgrade() -> None:
    op.create_index(
        "ix_dossier_late",
        "dossier",
        ["resolving_unit_id", "resolved_date"],
        sqlite_where=sa.text(LATE_WHERE),
        postgresql_where=sa.text(LATE_WHERE),
    )
    op.create_index(
        "ix_dossier_open",
        "dossier",
        ["resolving_unit_id", "closed_date", "effective_due_date"],
        sqlite_where=sa.text(OPEN_WHERE),
        postgresql_where=sa.text(OPEN_WHERE),
    )


def downgrade() -> None:
    op.drop_index("ix_dossier_open", table_name="dossier")
    op.drop_index("ix_dossier_late", table_name="dossier")
