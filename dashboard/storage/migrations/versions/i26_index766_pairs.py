"""the fee-bearing procedures used per calendar quarter and year: rollup_index766_pair (issue 18)

Revision ID: 26_index766_pairs
Revises: 25_unit_procedure_version

The payment indicator counts the fee-bearing procedures of each unit's list that had dossiers
received in the period. A quarter's scorecard grouped that quarter's rows of
rollup_index766_month by unit and procedure (a province's quarter at 10M dossiers: 27,666
rows into 4,640 pairs, ~16 ms on SQLite, in each scorecard and ranking). This table keeps
the pairs of every calendar quarter and year; the refresh keeps it
(``dashboard.storage.rollups.refresh_index766_pairs``), and here it is filled the same way.
"""

from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "26_index766_pairs"
down_revision = "25_unit_procedure_version"
branch_labels = None
depends_on = None


def _spans(month: date) -> list[tuple[date, date]]:
    """The calendar quarter and year of a month (a migration keeps its own copy)."""
    q = (month.month - 1) // 3
    q_end = date(month.year + 1, 1, 1) if q == 3 else date(month.year, 3 * q + 4, 1)
    return [
        (date(month.year, 3 * q + 1, 1), date.fromordinal(q_end.toordinal() - 1)),
        (date(month.year, 1, 1), date(month.year, 12, 31)),
    ]


def upgrade() -> None:
    op.create_table(
        "rollup_index766_pair",
        sa.Column("span_start", sa.Date(), nullable=False),
        sa.Column("span_end", sa.Date(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("paid_online", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["admin_unit.id"], name=op.f("fk_rollup_index766_pair_unit_id_admin_unit")
        ),
        sa.ForeignKeyConstraint(
            ["procedure_id"],
            ["procedure.id"],
            name=op.f("fk_rollup_index766_pair_procedure_id_procedure"),
        ),
    )
    op.create_index(
        "ix_rollup_index766_pair",
        "rollup_index766_pair",
        ["span_start", "span_end", "unit_id", "procedure_id", "paid_online"],
    )
    conn = op.get_bind()
    months = conn.execute(sa.text("SELECT DISTINCT month FROM rollup_index766_month")).scalars()
    spans = sorted(
        {s for m in months for s in _spans(m if isinstance(m, date) else date.fromisoformat(m))}
    )
    insert = sa.text(
        "INSERT INTO rollup_index766_pair"
        " (span_start, span_end, unit_id, procedure_id, paid_online)"
        " SELECT :start, :end, unit_id, procedure_id,"
        " CASE WHEN sum(paid_online) > 0 THEN 1 ELSE 0 END"
        " FROM rollup_index766_month WHERE month >= :start AND month <= :end"
        " GROUP BY unit_id, procedure_id HAVING sum(received) > 0"
        " ORDER BY unit_id, procedure_id"
    ).bindparams(sa.bindparam("start", type_=sa.Date()), sa.bindparam("end", type_=sa.Date()))
    for start, end in spans:
        conn.execute(insert, {"start": start, "end": end})


def downgrade() -> None:
    op.drop_index("ix_rollup_index766_pair", table_name="rollup_index766_pair")
    op.drop_table("rollup_index766_pair")
