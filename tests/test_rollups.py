"""Every rollup figure equals the same figure computed from the dossier rows, on a seeded
database, on SQLite and PostgreSQL; and an incremental refresh equals a full one."""

from datetime import date

import pytest
from sqlalchemy import func, select

from dashboard.domain.periods import month_end, parse
from dashboard.storage.rollups import refresh_all, refresh_since
from dashboard.storage.schema import (
    backlog_month_end,
    backlog_unit_month_end,
    rollup_body_month,
    rollup_index766_department_month,
    rollup_index766_month,
    rollup_index766_pair,
    rollup_index766_unit_month,
    rollup_index766_unit_span,
    rollup_month,
    rollup_satisfaction_month,
    rollup_satisfaction_unit_month,
    rollup_unit_month,
    unit_procedure,
)
from queries import bodies, on_time
from queries.units import Scope
from sample_data.generator import seed_database


@pytest.fixture
def seeded(engine):
    seed_database(engine, scale=4000, seed=7, today=date(2026, 11, 26))
    return engine


PERIODS = ["2021-Q1", "2023-03", "2024", "2025-Q2", "2025-Q3", "2026-01-01..2026-10-31"]


def test_rollup_counts_equal_rows(seeded):
    with seeded.connect() as conn:
        for text in PERIODS:
            period = parse(text)
            for scope in (Scope("33"), Scope("L34", historical=True), Scope(None)):
                for by in (None, "unit", "field", "channel", "month"):
                    a = on_time.counts(conn, period, scope, by=by, source="rollup")
                    b = on_time.counts(conn, period, scope, by=by, source="rows")
                    assert len(a) == len(b), (text, scope, by)
                    cols = on_time.COUNT_COLUMNS
                    assert a[cols].values.tolist() == b[cols].values.tolist(), (text, scope, by)
                    if by != "channel":  # the apology share's late dossiers and letters
                        cols = ["letters", "late_total"]
                        assert a[cols].values.tolist() == b[cols].values.tolist(), (text, by)


def test_partial_periods_read_whole_months_from_the_rollup(seeded):
    """A period that is not whole months (a quarter so far, the official 15th–14th quarter)
    reads its whole months from the rollup and the days around them from the rows: the same
    figures as the rows alone. Proof that the rollup is read: a count put into it for a month
    inside the period moves the figure, and not for a period without a whole month."""
    periods = ["2025-03-10..2025-08-20", "2026-07-01..2026-08-28", "2026-01-31..2026-03-01"]
    with seeded.connect() as conn:
        for text in periods:
            period = parse(text)
            for scope in (Scope("33"), Scope("L34", historical=True), Scope(None)):
                for by in (None, "unit", "field", "channel", "month"):
                    a = on_time.counts(conn, period, scope, by=by)
                    b = on_time.counts(conn, period, scope, by=by, source="rows")
                    cols = on_time.COUNT_COLUMNS
                    assert a[cols].values.tolist() == b[cols].values.tolist(), (text, scope, by)
        official = parse("2025-Q2", "official")  # 15 March – 14 June
        a = on_time.counts(conn, official, Scope("33"))
        assert a["received"].iloc[0] > 0  # the comparison is not vacuous
        b = on_time.counts(conn, official, Scope("33"), source="rows")
        assert a[on_time.COUNT_COLUMNS].values.tolist() == b[on_time.COUNT_COLUMNS].values.tolist()
        unit = conn.execute(
            select(rollup_unit_month.c.unit_id).where(rollup_unit_month.c.month == date(2025, 4, 1))
        ).first()[0]
        conn.execute(
            rollup_unit_month.update()
            .where(
                rollup_unit_month.c.unit_id == unit, rollup_unit_month.c.month == date(2025, 4, 1)
            )
            .values(received=rollup_unit_month.c.received + 1000)
        )
        moved = on_time.counts(conn, official, Scope(None))
        rows = on_time.counts(conn, official, Scope(None), source="rows")
        assert moved["received"].iloc[0] == rows["received"].iloc[0] + 1000
        days = parse("2025-03-20..2025-04-10")  # no whole month: rows only
        a = on_time.counts(conn, days, Scope(None))
        assert (
            a["received"].iloc[0]
            == on_time.counts(conn, days, Scope(None), source="rows")["received"].iloc[0]
        )
        conn.rollback()


def test_backlog_snapshot_equals_rows(seeded):
    with seeded.connect() as conn:
        for d in (
            date(2021, 6, 30),
            date(2023, 12, 31),
            date(2025, 6, 30),
            date(2025, 7, 31),
            date(2026, 10, 31),
        ):
            for scope in (Scope("33"), Scope("82"), Scope("L87", historical=True)):
                a = on_time.backlog(conn, d, scope, by="unit", source="snapshot")
                b = on_time.backlog(conn, d, scope, by="unit", source="rows")
                assert _pending_rows(a) == _pending_rows(b), (d, scope)
                if scope.unit_code == "33" and d.year > 2021:
                    assert a["pending_total"].sum() > 0  # the comparison is not vacuous


def test_body_rollup_equals_rows(seeded):
    """Who holds what is late: the rollup (late by month, overdue at month ends with the oldest
    case) gives the dossier rows' figures, group by group, for whole months that have ended."""
    cols = ["recorded", "unit_id", "late", "overdue", "no_apology", "oldest_code", "oldest_days"]
    seen = []
    with seeded.connect() as conn:
        for text in (*PERIODS, "2025-06", "2025-12", "2026-06", "2026-09", "2026-10"):
            period = parse(text)
            for scope in (Scope("33"), Scope("82"), Scope("L34", historical=True), Scope(None)):
                a = bodies._dossiers(conn, period, scope, "rollup")
                b = bodies._dossiers(conn, period, scope, "rows")

                def key(df):
                    df = df[cols].astype(object).where(df[cols].notna(), None)
                    return sorted(map(tuple, df.values.tolist()), key=repr)

                assert key(a) == key(b), (text, scope)
                if scope.unit_code is None:
                    seen.append((a["late"].sum(), a["overdue"].sum(), a["oldest_code"].count()))
    # The comparison is not vacuous: late dossiers in most periods, overdue ones and their
    # oldest cases in some.
    assert sum(s[0] > 0 for s in seen) >= 8, seen
    assert sum(s[1] > 0 and s[2] > 0 for s in seen) >= 2, seen


def _pending_rows(df):
    cols = ["unit_id", "pending_within", "pending_overdue", "overdue_with_apology"]
    return sorted(map(tuple, df[cols].values.tolist()))


def test_incremental_refresh_equals_full(seeded):
    def snapshot(conn):
        r = conn.execute(
            select(func.count(), func.sum(rollup_month.c.resolved), func.sum(rollup_month.c.late))
        ).one()
        b = conn.execute(select(func.count(), func.sum(backlog_month_end.c.pending_overdue))).one()
        # The backlog per unit is the one per unit and field summed, day by day and source.
        bu = backlog_unit_month_end
        keys = [bu.c.unit_id, bu.c.as_of, bu.c.source]
        counts = ["pending_within", "pending_overdue", "pending_overdue_apology"]
        per_unit = conn.execute(select(*keys, *[bu.c[c] for c in counts]).order_by(*keys)).all()
        bf = backlog_month_end
        summed = conn.execute(
            select(bf.c.unit_id, bf.c.as_of, bf.c.source, *[func.sum(bf.c[c]) for c in counts])
            .group_by(bf.c.unit_id, bf.c.as_of, bf.c.source)
            .order_by(bf.c.unit_id, bf.c.as_of, bf.c.source)
        ).all()
        assert per_unit and [tuple(r) for r in per_unit] == [tuple(r) for r in summed]
        u = conn.execute(
            select(
                func.count(),
                func.sum(rollup_unit_month.c.resolved),
                func.sum(rollup_unit_month.c.received),
            )
        ).one()
        assert u[1] == r[1]  # the coarse table sums to the same resolved dossiers
        body = rollup_body_month.c
        w = conn.execute(
            select(
                func.count(),
                func.sum(body.late),
                func.sum(body.overdue),
                func.sum(body.overdue_no_apology),
                func.count(body.oldest_code),
            )
        ).one()
        i = rollup_index766_month.c
        fine = conn.execute(select(func.sum(i.received), func.sum(i.resolved_on_time))).one()
        c = rollup_index766_unit_month.c
        coarse = conn.execute(
            select(func.count(), func.sum(c.received), func.sum(c.resolved_on_time))
        ).one()
        assert tuple(coarse[1:]) == tuple(fine)  # the same counts, summed
        dm = rollup_index766_department_month.c
        by_dept = conn.execute(
            select(func.count(), func.sum(dm.received), func.sum(dm.resolved_on_time))
        ).one()
        assert tuple(by_dept[1:]) == tuple(fine)
        pr = rollup_index766_pair.c
        pairs = conn.execute(select(func.count(), func.sum(pr.paid_online))).one()
        assert pairs[0] > 0
        # The pairs matched with the fee-bearing list rows, per span and unit.
        us = rollup_index766_unit_span.c
        span_keys = [us.span_start, us.span_end, us.unit_id]
        per_unit_span = conn.execute(
            select(*span_keys, us.fee_procs_used, us.fee_procs_paid_online).order_by(*span_keys)
        ).all()
        up = unit_procedure.c
        matched = conn.execute(
            select(pr.span_start, pr.span_end, pr.unit_id, func.count(), func.sum(pr.paid_online))
            .select_from(
                rollup_index766_pair.join(
                    unit_procedure,
                    (up.unit_id == pr.unit_id) & (up.procedure_id == pr.procedure_id),
                )
            )
            .where(up.fee_bearing.is_(True))
            .group_by(pr.span_start, pr.span_end, pr.unit_id)
            .order_by(pr.span_start, pr.span_end, pr.unit_id)
        ).all()
        assert per_unit_span and list(map(tuple, per_unit_span)) == list(map(tuple, matched))
        s, su = rollup_satisfaction_month.c, rollup_satisfaction_unit_month.c
        sat = conn.execute(
            select(func.count(), func.sum(s.responses), func.sum(s.feedback_ok))
        ).one()
        sat_coarse = conn.execute(
            select(func.count(), func.sum(su.responses), func.sum(su.feedback_ok))
        ).one()
        assert sat[1] and tuple(sat_coarse[1:]) == tuple(sat[1:])  # the same counts, summed
        return (
            tuple(r),
            tuple(b),
            tuple(map(tuple, per_unit)),
            tuple(u),
            tuple(w),
            tuple(coarse),
            tuple(sat_coarse),
            tuple(by_dept),
            tuple(pairs),
            tuple(map(tuple, per_unit_span)),
        )

    with seeded.begin() as conn:
        full = snapshot(conn)
        refresh_since(conn, date(2025, 5, 17))
        assert snapshot(conn) == full
        refresh_all(conn)
        assert snapshot(conn) == full


def test_month_end_helper():
    assert month_end(date(2024, 2, 10)) == date(2024, 2, 29)


ORDERED = (  # each rollup and its month column
    ("rollup_month", "month"),
    ("rollup_unit_month", "month"),
    ("rollup_satisfaction_month", "month"),
    ("rollup_satisfaction_unit_month", "month"),
    ("rollup_index766_month", "month"),
    ("rollup_index766_unit_month", "month"),
    ("rollup_index766_department_month", "month"),
    ("backlog_month_end", "as_of"),
    ("backlog_unit_month_end", "as_of"),
)


def _stored_months(conn, table: str, month: str) -> list[str]:
    """The months in the order the rows lie in the table: a plain scan without ORDER BY
    (``ctid`` order on PostgreSQL, ``rowid`` on SQLite)."""
    from sqlalchemy import text

    order = "ctid" if conn.dialect.name == "postgresql" else "rowid"
    return [
        str(v)[:10] for (v,) in conn.execute(text(f"select {month} from {table} order by {order}"))
    ]


def test_rollups_are_written_in_month_order(seeded):
    """Pages read a range of months through the (month, unit) indexes: rows written in month
    order lie together (dashboard.storage.rollups._in_month_order). A full refresh writes every
    table so; an incremental one appends the months it rewrites, again in order. The body
    rollup is written in two ordered runs (late, then pending) and is checked per run."""
    with seeded.begin() as conn:
        for table, month in ORDERED:
            got = _stored_months(conn, table, month)
            assert got and got == sorted(got), table
        body = _stored_months(conn, "rollup_body_month", "month")
        runs = sum(1 for a, b in zip(body, body[1:], strict=False) if b < a)
        assert runs <= 1
        refresh_since(conn, date(2025, 5, 17))
        for table, month in ORDERED:
            later = [m for m in _stored_months(conn, table, month) if m >= "2025-05"]
            assert later == sorted(later), table


def test_the_migration_puts_existing_rollup_rows_in_month_order(seeded):
    """A database filled before the ordered writes: its rows shuffled, the migration puts
    them in month order again without changing any."""
    from sqlalchemy import text

    from tests.conftest import downgrade_to, upgrade_to

    with seeded.begin() as conn:
        before = {t: sorted(_stored_months(conn, t, m)) for t, m in ORDERED}
        for table, month in ORDERED:  # rewrite each table in reverse month order
            conn.execute(text(f"create temp table shuffled as select * from {table}"))
            conn.execute(text(f"delete from {table}"))
            conn.execute(text(f"insert into {table} select * from shuffled order by {month} desc"))
            conn.execute(text("drop table shuffled"))
            assert _stored_months(conn, table, month) != before[table]
    downgrade_to(seeded, "18_body_rollup")
    upgrade_to(seeded, "head")
    with seeded.connect() as conn:
        for table, month in ORDERED:
            assert _stored_months(conn, table, month) == before[table], table


def test_a_months_refresh_reads_no_dossier_table_in_full(seeded):
    """An import's refresh (the month it touched onwards) reads the few dossiers of that month
    and the pending ones through indexes: no statement scans the dossier table or a whole
    index of it (SQLite; at 10M each such scan cost 1–1.5 s, the refresh was 12 s)."""
    from sqlalchemy import event

    if seeded.dialect.name != "sqlite":
        pytest.skip("SQLite's plans; PostgreSQL's partitions are checked in test_partitions")
    statements: list = []

    def record(conn, cursor, statement, params, context, many):  # noqa: ANN001
        if not many:
            statements.append((statement, params))

    event.listen(seeded, "before_cursor_execute", record)
    try:
        with seeded.begin() as conn:
            refresh_since(conn, date(2026, 11, 1))
    finally:
        event.remove(seeded, "before_cursor_execute", record)
    scans = []
    with seeded.connect() as conn:
        for statement, params in statements:
            if "dossier" not in statement or statement.lstrip().upper().startswith("DELETE"):
                continue
            plan = conn.exec_driver_sql("explain query plan " + statement, params).all()
            scans += [(row[3], statement[:80]) for row in plan if row[3].startswith("SCAN dossier")]
    assert len([s for s, _ in statements if "dossier" in s]) >= 5  # the refresh's reads
    assert scans == []
