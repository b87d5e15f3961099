"""late dossiers counted as DOMAIN.md defines them (issue 11)

Revision ID: 11_apology_backlog
Revises: 14_index766_rollup

- ``backlog_month_end`` gains ``pending_overdue_apology``: of the dossiers pending and overdue at
  a month end, those with an apology letter (the apology share's pending part);
- the supplement wait moves the appointment by working days of the holiday register, not by
  calendar days: the effective due date of every dossier that waited is computed again;
- the rollups are rebuilt, so "received" leaves out dossiers not accepted (status 3) and the
  new column is filled (same code as every refresh).
"""

import numpy as np
import sqlalchemy as sa
from alembic import op

revision = "11_apology_backlog"
down_revision = "14_index766_rollup"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("backlog_month_end", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("pending_overdue_apology", sa.Integer(), nullable=False, server_default="0")
        )
    conn = op.get_bind()
    has_rows = conn.execute(
        sa.text("select exists(select 1 from dossier) or exists(select 1 from report_row)")
    ).scalar()
    if not has_rows:
        return
    from dashboard.storage.registers import calendar
    from dashboard.storage.rollups import refresh_all

    cal = calendar(conn)
    waited = conn.execute(
        sa.text(
            "select id, appointment_date, supplement_wait_days from dossier "
            "where supplement_wait_days > 0"
        )
    ).all()
    for i in range(0, len(waited), 50_000):
        part = waited[i : i + 50_000]
        appt = np.array([str(r[1])[:10] for r in part], dtype="datetime64[D]")
        due = cal.add_working_days_array(appt, np.array([r[2] for r in part]))
        conn.execute(
            sa.text("update dossier set effective_due_date = :d where id = :i"),
            [{"i": r[0], "d": d.item()} for r, d in zip(part, due, strict=True)],
        )
    refresh_all(conn)


def downgrade() -> None:
    with op.batch_alter_table("backlog_month_end", schema=None) as batch_op:
        batch_op.drop_column("pending_overdue_apology")
