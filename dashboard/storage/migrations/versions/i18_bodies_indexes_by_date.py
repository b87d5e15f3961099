"""the "who holds what is late" partial indexes keyed by date, not by unit (issue 18)

Revision ID: 18_bodies_indexes_by_date
Revises: 18_dossier_partitions

``ix_dossier_late`` becomes ``(resolved_date)`` and ``ix_dossier_open``
``(closed_date, effective_due_date)``, each with its condition as before. Led by the unit, they
were probed once per unit of the province in every monthly partition (some 500 units × 70
partitions × 4 parts of ``queries.bodies``: 1.6 s on PostgreSQL at 10M dossiers); led by the
date, each partition is one range read of the period's few late or open dossiers, and the
province's units are a hash join.
"""

import sqlalchemy as sa
from alembic import op

revision = "18_bodies_indexes_by_date"
down_revision = "18_dossier_partitions"
branch_labels = None
depends_on = None

LATE_WHERE = "resolved_date > effective_due_date"
OPEN_WHERE = "resolved_date IS NULL"


def _make(late: list[str], open_: list[str]) -> None:
    for name in ("ix_dossier_open", "ix_dossier_late"):
        op.drop_index(name, table_name="dossier")
    for name, columns, where in (
        ("ix_dossier_late", late, LATE_WHERE),
        ("ix_dossier_open", open_, OPEN_WHERE),
    ):
        op.create_index(
            name,
            "dossier",
            columns,
            sqlite_where=sa.text(where),
            postgresql_where=sa.text(where),
        )


def upgrade() -> None:
    _make(["resolved_date"], ["closed_date", "effective_due_date"])


def downgrade() -> None:
    _make(
        ["resolving_unit_id", "resolved_date"],
        ["resolving_unit_id", "closed_date", "effective_due_date"],
    )
