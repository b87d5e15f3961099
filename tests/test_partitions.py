"""PostgreSQL: the dossier table partitioned by month of received_date (issue 18).

Hand-worked: the six dossiers of tests/test_imports.py (GOOD) were received three in January
2024 (D1, D2, D6), two in February (D3, D4) and one in March (D5).
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import Connection, Engine, create_engine, event, func, insert, select, text

from dashboard.domain.periods import parse
from dashboard.storage.db import create_pg_roles, make_engine, migrate
from dashboard.storage.partitions import (
    dossier_partitions,
    ensure_dossier_partitions,
    is_partitioned,
    partition_name,
)
from dashboard.storage.schema import dossier, dossier_unresolved, satisfaction_response
from queries import on_time
from queries.units import Scope
from tests.conftest import downgrade_to, new_database, upgrade_to
from tests.test_imports import GOOD_HEADER, GOOD_ROWS, csv_bytes, imp, load_tiny

pytestmark = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)

MONTHS = ["dossier_p2024_01", "dossier_p2024_02", "dossier_p2024_03"]


def rows_in(conn: Connection) -> dict[str, int]:
    """Rows held by each partition of dossier."""
    return {
        p: conn.execute(text(f'select count(*) from "{p}"')).scalar_one()
        for p in dossier_partitions(conn)
    }


def a_dossier(code: str, received: date, **kw) -> dict:
    """A dossier of tests/fixtures.py's units and procedures, for direct inserts."""
    return (
        dict(
            code=code,
            procedure_id=1,
            field_id=1,
            receiving_unit_id=3,
            resolving_unit_id=3,
            channel=2,
            status=4,
            received_date=received,
            appointment_date=received,
            effective_due_date=received,
            supplement_wait_days=0,
            apology_letter=False,
            online_payment=False,
            digitised=False,
        )
        | kw
    )


def plan(conn: Connection, stmt) -> str:  # noqa: ANN001 - a Select
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    lines = conn.exec_driver_sql("explain " + str(compiled), compiled.params).scalars()
    return "\n".join(lines)


def touched(explain: str) -> set[str]:
    return {p for p in [*MONTHS, "dossier_default"] if p in explain}


@pytest.fixture
def tiny(engine) -> Engine:
    load_tiny(engine)
    return engine


def test_an_import_makes_the_months_it_writes(tiny):
    with tiny.connect() as conn:
        assert is_partitioned(conn)
        assert conn.execute(
            text("select partrelid::regclass::text from pg_partitioned_table")
        ).scalars().all() == ["dossier"]
        assert rows_in(conn) == {"dossier_default": 0}  # a new database: no month yet
    res = imp(tiny, "dossiers", csv_bytes(GOOD_HEADER, GOOD_ROWS))
    assert res.ok and res.added == 6
    with tiny.connect() as conn:
        assert rows_in(conn) == {
            "dossier_default": 0,
            "dossier_p2024_01": 3,
            "dossier_p2024_02": 2,
            "dossier_p2024_03": 1,
        }
        d3 = conn.execute(
            text("select tableoid::regclass::text from dossier where code = 'D3'")
        ).scalar_one()
    assert d3 == "dossier_p2024_02"
    # Again: the months exist, nothing is made, nothing is added.
    res = imp(tiny, "dossiers", csv_bytes(GOOD_HEADER, GOOD_ROWS))
    assert res.ok and (res.added, res.unchanged) == (0, 6)
    with tiny.connect() as conn:
        assert sum(rows_in(conn).values()) == 6
    # A newer export moves D5's receipt to April: April is made and the row moves there.
    d5 = next(r for r in GOOD_ROWS if r[0] == "D5")
    d5 = [*d5[:8], "02/04/2024", "10/04/2024", *d5[10:]]
    res = imp(tiny, "dossiers", csv_bytes(GOOD_HEADER, [d5]))
    assert res.ok and res.updated == 1, [p.as_dict() for p in res.problems]
    with tiny.connect() as conn:
        held = rows_in(conn)
    assert (held["dossier_p2024_03"], held["dossier_p2024_04"], len(held)) == (0, 1, 5)


def test_a_month_made_later_takes_its_rows_out_of_the_default_partition(tiny):
    with tiny.begin() as conn:
        conn.execute(
            insert(dossier),
            [
                a_dossier("M1", date(2026, 3, 2)),
                a_dossier("M2", date(2026, 3, 31)),
                a_dossier("A1", date(2026, 4, 1)),
            ],
        )
    with tiny.connect() as conn:
        assert rows_in(conn) == {"dossier_default": 3}  # direct inserts land in DEFAULT
        before = dict(conn.execute(select(dossier.c.code, dossier.c.id)).all())
    with tiny.begin() as conn:
        made = ensure_dossier_partitions(conn, [date(2026, 3, 17), date(2026, 5, 5), None])
        assert made == ["dossier_p2026_03", "dossier_p2026_05"]
        assert ensure_dossier_partitions(conn, [date(2026, 3, 1)]) == []  # made already
    with tiny.connect() as conn:
        assert rows_in(conn) == {
            "dossier_default": 1,  # April has no partition yet
            "dossier_p2026_03": 2,
            "dossier_p2026_05": 0,
        }
        assert dict(conn.execute(select(dossier.c.code, dossier.c.id)).all()) == before
        # The moved partition is a full one: indexes attached, constraints kept.
        idx = conn.execute(
            text("select count(*) from pg_indexes where tablename = 'dossier_p2026_03'")
        ).scalar_one()
        parent_idx = conn.execute(
            text("select count(*) from pg_indexes where tablename = 'dossier'")
        ).scalar_one()
        # The primary key, code, the nine of schema.py, the due span (27_dossier_due_span),
        # the resolve span (30_dossier_resolve_span) and the resolution date
        # (39_dossier_resolved).
        assert idx == parent_idx == 14
    with pytest.raises(Exception, match="ck_dossier_channel"):
        with tiny.begin() as conn:
            conn.execute(insert(dossier).values(a_dossier("BAD", date(2026, 3, 3), channel=9)))
    # Rolled back with its transaction: the month is not made.
    with tiny.begin() as conn:
        ensure_dossier_partitions(conn, [date(2026, 4, 1)])
        conn.rollback()
    with tiny.connect() as conn:
        assert partition_name(date(2026, 4, 9)) not in dossier_partitions(conn)
        assert rows_in(conn)["dossier_default"] == 1


def test_received_date_bounded_queries_read_one_months_partition(tiny):
    imp(tiny, "dossiers", csv_bytes(GOOD_HEADER, GOOD_ROWS))
    with tiny.connect() as conn:
        march = select(func.count()).where(
            dossier.c.received_date >= date(2024, 3, 1), dossier.c.received_date < date(2024, 4, 1)
        )
        assert conn.execute(march).scalar_one() == 1
        assert touched(plan(conn, march)) == {"dossier_p2024_03"}
        # The received counts read from the rows (queries.on_time, source="rows"): March only.
        mar = parse("2024-03")
        received, resolved = on_time._row_parts(mar.start, mar.end, monthly=True)
        assert touched(plan(conn, received)) == {"dossier_p2024_03"}
        # Counts bounded on the resolution date cannot prune: every partition is read.
        assert touched(plan(conn, resolved)) == {*MONTHS, "dossier_default"}
        c = on_time.counts(conn, parse("2024-02"), Scope("99"), source="rows").iloc[0]
        assert (c.received, c.resolved) == (2, 1)  # D3, D4 received; D3 resolved in February


def test_due_soon_reads_only_the_months_that_can_hold_what_is_due(tiny):
    """What is due soon bounds received_date by the longest any dossier was given (due less
    received), so PostgreSQL plans only the partitions that can hold a dossier due in the
    window. A (Jan, 15 days), B (Feb, 15 days), C (received 10/03, due 20/03, pending): as of
    18/03 within 3 working days, C alone, read from March's partition (longest span 15 days:
    received on or after 03/03). D, received 02/01 and due 19/03 (77 days), pending: once the
    data version moves (every import moves it), the bound follows and D is counted, from
    January on."""
    from dashboard.storage.db import bump_data_version
    from queries import due_soon

    with tiny.begin() as conn:
        ensure_dossier_partitions(conn, [date(2024, m, 1) for m in (1, 2, 3)])
        conn.execute(
            insert(dossier),
            [
                a_dossier("A", date(2024, 1, 5), effective_due_date=date(2024, 1, 20)),
                a_dossier("B", date(2024, 2, 10), effective_due_date=date(2024, 2, 25)),
                a_dossier("C", date(2024, 3, 10), effective_due_date=date(2024, 3, 20), status=2),
            ],
        )
        bump_data_version(conn)
    as_of = date(2024, 3, 18)
    sent = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        if "FROM dossier" in statement:
            sent.append((statement, parameters))

    def due_and_months() -> tuple[int, set[str]]:
        sent.clear()
        event.listen(tiny, "before_cursor_execute", capture)
        try:
            with tiny.connect() as conn:
                n = int(due_soon.counts(conn, as_of, 3, Scope("99"))["dossiers"].iloc[0])
        finally:
            event.remove(tiny, "before_cursor_execute", capture)
        (statement, params), *_ = [(s, p) for s, p in sent if "count(*)" in s]
        with tiny.connect() as conn:
            lines = conn.exec_driver_sql("explain " + statement, params).scalars()
            return n, touched("\n".join(lines))

    assert due_and_months() == (1, {"dossier_p2024_03"})
    with tiny.begin() as conn:
        conn.execute(
            insert(dossier).values(
                a_dossier("D", date(2024, 1, 2), effective_due_date=date(2024, 3, 19), status=2)
            )
        )
        bump_data_version(conn)
    assert due_and_months() == (2, set(MONTHS))


def test_pending_at_a_day_reads_only_the_months_that_can_hold_one_resolved_after_it(tiny):
    """Pending at a day, as resolved after it, bounds received_date by the longest any dossier
    took to be resolved (ix_dossier_resolve_span, migration 30_dossier_resolve_span), so
    PostgreSQL plans only the partitions that can hold such a dossier. A (5 days) and B
    (2 days) resolved; C received 10/03, resolved 20/03 (10 days); E received 15/01, still
    open. At 18/03: C and E pending; those resolved later read from March's partition alone
    (received on or after 09/03). D, received 02/01 and resolved 25/03 (83 days): once the
    data version moves, the bound follows and D is pending too, read from January on."""
    from dashboard.storage.db import bump_data_version

    with tiny.begin() as conn:
        ensure_dossier_partitions(conn, [date(2024, m, 1) for m in (1, 2, 3)])
        done = dict(status=10)
        conn.execute(
            insert(dossier),
            [
                a_dossier("A", date(2024, 1, 5), resolved_date=date(2024, 1, 10), **done),
                a_dossier("B", date(2024, 2, 10), resolved_date=date(2024, 2, 12), **done),
                a_dossier("C", date(2024, 3, 10), resolved_date=date(2024, 3, 20), **done),
                a_dossier("E", date(2024, 1, 15), resolved_date=None),
            ],
        )
        bump_data_version(conn)
    as_of = date(2024, 3, 18)

    def pending_and_months() -> tuple[int, set[str]]:
        with tiny.connect() as conn:
            n = int(on_time.backlog(conn, as_of, Scope("99"))["pending_total"].iloc[0])
            (_, later), *_ = on_time.pending_parts(conn, as_of)
            return n, touched(plan(conn, select(func.count()).where(*later)))

    assert pending_and_months() == (2, {"dossier_p2024_03"})
    with tiny.begin() as conn:
        conn.execute(
            insert(dossier).values(
                a_dossier("D", date(2024, 1, 2), resolved_date=date(2024, 3, 25), **done)
            )
        )
        bump_data_version(conn)
    # (From 27/12/2023: the default partition holds any month without its own.)
    assert pending_and_months() == (3, {*MONTHS, "dossier_default"})


def test_pending_after_the_latest_resolution_reads_no_month(tiny):
    """A period still running counts what is pending today, part of it as resolved after
    today: where no dossier was resolved after the day (the latest resolution date, read
    through ix_dossier_resolved, migration 39_dossier_resolved), no monthly partition is
    planned or probed for them. A resolved 10/01, C received 10/03
    and resolved 20/03, E received 15/01 and still open. At 21/03: E alone is pending, and
    nothing is read for those resolved later. F, received 15/03 and resolved 25/03 (an import
    moves the data version): at 21/03, E and F, F read from March's partition (the longest
    span, F's 10 days: received on or after 12/03)."""
    from dashboard.storage.db import bump_data_version

    with tiny.begin() as conn:
        ensure_dossier_partitions(conn, [date(2024, m, 1) for m in (1, 2, 3)])
        done = dict(status=10)
        conn.execute(
            insert(dossier),
            [
                a_dossier("A", date(2024, 1, 5), resolved_date=date(2024, 1, 10), **done),
                a_dossier("C", date(2024, 3, 10), resolved_date=date(2024, 3, 20), **done),
                a_dossier("E", date(2024, 1, 15), resolved_date=None),
            ],
        )
        bump_data_version(conn)
    as_of = date(2024, 3, 21)

    def pending_and_months() -> tuple[int, list[str], set[str]]:
        with tiny.connect() as conn:
            n = int(on_time.backlog(conn, as_of, Scope("99"))["pending_total"].iloc[0])
            (_, later), *_ = on_time.pending_parts(conn, as_of)
            codes = conn.execute(select(dossier.c.code).where(*later)).scalars().all()
            return n, codes, touched(plan(conn, select(func.count()).where(*later)))

    assert pending_and_months() == (1, [], set())
    with tiny.connect() as conn:
        assert on_time.received_since(conn, as_of + timedelta(days=1)) == on_time.NONE_RECEIVED
        assert on_time.received_since(conn, date(2024, 3, 20)) == date(2024, 3, 10)  # C: 10 days
    with tiny.begin() as conn:
        conn.execute(
            insert(dossier).values(
                a_dossier("F", date(2024, 3, 15), resolved_date=date(2024, 3, 25), **done)
            )
        )
        bump_data_version(conn)
    assert pending_and_months() == (2, ["F"], {"dossier_p2024_03"})


UNRESOLVED = [c.name for c in dossier_unresolved.c]


def full_dossier(code: str, received: date, **kw) -> dict:
    """``a_dossier`` with every optional column said, so rows go in one executemany."""
    return a_dossier(code, received, **({"resolved_date": None, "closed_date": None} | kw))


# Its columns at revision 31 (32_unresolved_appointment added the appointment date).
UNRESOLVED_31 = [c for c in UNRESOLVED if c != "appointment_date"]


def unresolved_codes(conn: Connection, columns: list[str] = UNRESOLVED) -> list[str]:
    """The codes dossier_unresolved holds, once it is checked to hold exactly what it should."""
    kept, want = unresolved_pair(conn, columns)
    assert kept == want
    return [r.code for r in kept]


def unresolved_pair(conn: Connection, columns: list[str] = UNRESOLVED) -> tuple[list, list]:
    """dossier_unresolved's rows, and those it should hold: dossier's rows not resolved."""
    cols = ", ".join(columns)
    kept = conn.execute(text(f"select {cols} from dossier_unresolved order by id")).all()
    want = conn.execute(
        text(f"select {cols} from dossier where resolved_date is null order by id")
    ).all()
    return kept, want


def test_the_unresolved_dossiers_table_follows_every_write(tiny):
    """dossier_unresolved (migration 31) holds exactly the dossiers not resolved, whatever
    writes them: inserts, updates (resolved, reopened, changed, moved to another month's
    partition), deletes, a month's partition made after its rows waited in the default one,
    and a truncate. Hand-worked: A (resolved), B and C unresolved; then B resolved, A
    reopened, C closed and moved to March; D into the default partition, then April made."""
    with tiny.begin() as conn:
        ensure_dossier_partitions(conn, [date(2024, m, 1) for m in (1, 2, 3)])
        conn.execute(
            insert(dossier),
            [
                full_dossier("A", date(2024, 1, 5), resolved_date=date(2024, 1, 9), status=10),
                full_dossier("B", date(2024, 1, 6)),
                full_dossier("C", date(2024, 2, 7), apology_letter=True),
            ],
        )
    with tiny.connect() as conn:
        assert unresolved_codes(conn) == ["B", "C"]
    with tiny.begin() as conn:
        conn.execute(text("update dossier set resolved_date = '2024-01-20' where code = 'B'"))
        conn.execute(text("update dossier set resolved_date = null where code = 'A'"))
        conn.execute(
            text(
                "update dossier set closed_date = '2024-03-02', received_date = '2024-03-01',"
                " resolving_unit_id = 4 where code = 'C'"
            )
        )
    with tiny.connect() as conn:
        assert unresolved_codes(conn) == ["A", "C"]
        c = next(r for r in unresolved_pair(conn)[0] if r.code == "C")
        assert (c.received_date, c.closed_date, c.resolving_unit_id) == (
            date(2024, 3, 1),
            date(2024, 3, 2),
            4,
        )
    with tiny.begin() as conn:
        conn.execute(insert(dossier).values(full_dossier("D", date(2024, 4, 3))))  # default
        conn.execute(text("delete from dossier where code = 'A'"))
    with tiny.begin() as conn:
        assert ensure_dossier_partitions(conn, [date(2024, 4, 1)]) == ["dossier_p2024_04"]
    with tiny.connect() as conn:
        assert rows_in(conn)["dossier_p2024_04"] == 1
        assert unresolved_codes(conn) == ["C", "D"]
    with tiny.begin() as conn:
        conn.execute(text("truncate dossier"))
    with tiny.connect() as conn:
        assert unresolved_pair(conn) == ([], [])


def test_the_backlog_at_a_day_reads_the_unresolved_from_their_table(tiny):
    """The backlog at a day reads the unresolved dossiers from dossier_unresolved, not from
    each monthly partition (the parts resolved later keep to the months that can hold one).
    Hand-worked at 18/03/2024: E (received 15/01, open) and F (10/03, closed 20/03) pending;
    G (05/02, closed 01/03) not."""
    with tiny.begin() as conn:
        ensure_dossier_partitions(conn, [date(2024, m, 1) for m in (1, 2, 3)])
        conn.execute(
            insert(dossier),
            [
                full_dossier("E", date(2024, 1, 15)),
                full_dossier("F", date(2024, 3, 10), closed_date=date(2024, 3, 20)),
                full_dossier("G", date(2024, 2, 5), closed_date=date(2024, 3, 1)),
            ],
        )
    as_of = date(2024, 3, 18)
    with tiny.connect() as conn:
        bl = on_time.backlog(conn, as_of, Scope("99"))
        assert int(bl["pending_total"].iloc[0]) == 2
        (t, _), *rest = on_time.pending_parts(conn, as_of)
        assert t is dossier and [t for t, _ in rest] == [dossier_unresolved] * 2
        explains = [plan(conn, select(func.count()).select_from(u).where(*w)) for u, w in rest]
    assert all("dossier_unresolved" in e and not touched(e) for e in explains), explains


def test_the_late_list_reads_the_unresolved_from_their_table(tiny):
    """The late list of Q1 2024 (at 31/03): the unresolved from dossier_unresolved, the parts
    resolved later or late in the quarter only from the months that can hold them (received
    by 31/03: not April to June). Before, one condition probed every monthly partition.
    Hand-worked: I (received 05/02, appointment 13/02, due 15/02 after two days' wait for a
    supplement, open): 45 days overdue; H (due 20/01, resolved 25/02): 36 days late; L (due
    20/03, resolved 05/04): 11 days overdue at 31/03; J (due 02/04, open) not yet overdue;
    K (due 10/01, closed 01/02) no longer pending; M (received in May) outside."""
    with tiny.begin() as conn:
        ensure_dossier_partitions(conn, [date(2024, m, 1) for m in range(1, 7)])
        conn.execute(
            insert(dossier),
            [
                full_dossier(
                    "I",
                    date(2024, 2, 5),
                    appointment_date=date(2024, 2, 13),
                    supplement_wait_days=2,
                    effective_due_date=date(2024, 2, 15),
                ),
                full_dossier(
                    "H",
                    date(2024, 1, 10),
                    effective_due_date=date(2024, 1, 20),
                    resolved_date=date(2024, 2, 25),
                    status=10,
                ),
                full_dossier(
                    "L",
                    date(2024, 3, 10),
                    effective_due_date=date(2024, 3, 20),
                    resolved_date=date(2024, 4, 5),
                    status=10,
                ),
                full_dossier("J", date(2024, 3, 1), effective_due_date=date(2024, 4, 2)),
                full_dossier(
                    "K",
                    date(2024, 1, 5),
                    effective_due_date=date(2024, 1, 10),
                    closed_date=date(2024, 2, 1),
                ),
                full_dossier("M", date(2024, 5, 6), effective_due_date=date(2024, 5, 8)),
            ],
        )
    sent: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        if "procedure.name" in statement:
            sent.append((statement, parameters))

    event.listen(tiny, "before_cursor_execute", capture)
    try:
        with tiny.connect() as conn:
            df = on_time.late_dossiers(conn, parse("2024-Q1"), Scope("99"))
    finally:
        event.remove(tiny, "before_cursor_execute", capture)
    assert df["code"].tolist() == ["I", "H", "L"]
    assert df["days_overdue"].tolist() == [45, 36, 11]
    assert df["state"].tolist() == ["pending_overdue", "resolved_late", "pending_overdue"]
    assert df["appointment_date"].iloc[0] == date(2024, 2, 13)
    (statement, params), *more = sent
    assert not more
    with tiny.connect() as conn:
        explain = "\n".join(conn.exec_driver_sql("explain " + statement, params).scalars())
    assert explain.count("on dossier_unresolved") == 2, explain
    later = {f"dossier_p2024_{m:02d}" for m in (4, 5, 6)}
    assert not {p for p in later if p in explain}, explain


def test_migration_31_fills_the_unresolved_dossiers_table(backend, tmp_path_factory):
    """A database at revision 30 with dossiers gets dossier_unresolved filled with the
    unresolved ones (two of three), and its triggers keep it from then on; 32 adds the
    appointment date, and down again 31's triggers and partition maker work as before."""
    url, drop = new_database(backend, tmp_path_factory)
    eng = make_engine(url)
    try:
        upgrade_to(eng, "30_dossier_resolve_span")
        load_tiny(eng)
        with eng.begin() as conn:
            ensure_dossier_partitions(conn, [date(2024, 1, 1)])
            conn.execute(
                insert(dossier),
                [
                    full_dossier("U1", date(2024, 1, 5)),
                    full_dossier("R1", date(2024, 1, 6), resolved_date=date(2024, 1, 8), status=10),
                    full_dossier("U2", date(2024, 1, 7), closed_date=date(2024, 1, 9)),
                ],
            )
        upgrade_to(eng, "31_dossier_unresolved_table")
        with eng.connect() as conn:
            assert unresolved_codes(conn, UNRESOLVED_31) == ["U1", "U2"]
        with eng.begin() as conn:
            conn.execute(text("update dossier set resolved_date = '2024-01-10' where code = 'U1'"))
        with eng.connect() as conn:
            assert unresolved_codes(conn, UNRESOLVED_31) == ["U2"]
        # 32 adds the appointment date: filled for the rows there, kept by the triggers and
        # by dossier_add_partition from then on.
        upgrade_to(eng, "32_unresolved_appointment")
        with eng.begin() as conn:
            conn.execute(insert(dossier).values(full_dossier("U3", date(2024, 2, 3))))  # default
            assert ensure_dossier_partitions(conn, [date(2024, 2, 1)]) == ["dossier_p2024_02"]
        with eng.connect() as conn:
            assert unresolved_codes(conn) == ["U2", "U3"]
        # Down to 31: its own functions again (they would write the dropped column).
        downgrade_to(eng, "31_dossier_unresolved_table")
        with eng.begin() as conn:
            conn.execute(insert(dossier).values(full_dossier("U4", date(2024, 1, 20))))
            conn.execute(insert(dossier).values(full_dossier("U5", date(2024, 3, 2))))
            assert ensure_dossier_partitions(conn, [date(2024, 3, 1)]) == ["dossier_p2024_03"]
        with eng.connect() as conn:
            assert unresolved_codes(conn, UNRESOLVED_31) == ["U2", "U3", "U4", "U5"]
        downgrade_to(eng, "30_dossier_resolve_span")
        with eng.connect() as conn:
            assert conn.execute(text("select to_regclass('dossier_unresolved')")).scalar() is None
    finally:
        eng.dispose()
        drop()


def test_migrating_a_filled_table_keeps_every_row_and_id(backend, tmp_path_factory):
    url, drop = new_database(backend, tmp_path_factory)
    eng = make_engine(url)
    try:
        upgrade_to(eng, "14_index766_dept")
        load_tiny(eng)
        with eng.begin() as conn:
            conn.execute(insert(dossier).values(a_dossier("OLD", date(2023, 12, 30))))  # id 1
            conn.execute(
                insert(dossier),
                [
                    a_dossier("E1", date(2023, 12, 1), id=5),
                    a_dossier(
                        "E2", date(2024, 1, 31), id=9, status=9, resolved_date=date(2024, 2, 2)
                    ),
                    a_dossier("E3", date(2024, 1, 2), id=40),
                ],
            )
            conn.execute(
                insert(satisfaction_response).values(
                    code="R1",
                    unit_id=3,
                    responded_on=date(2024, 2, 3),
                    rating_channel="qr",
                    overall=5,
                    dossier_id=9,
                )
            )
            before = conn.execute(select(dossier).order_by(dossier.c.id)).all()
            assert is_partitioned(conn) is False
        upgrade_to(eng, "head")
        with eng.begin() as conn:
            assert conn.execute(select(dossier).order_by(dossier.c.id)).all() == before
            assert rows_in(conn) == {
                "dossier_default": 0,
                "dossier_p2023_12": 2,
                "dossier_p2024_01": 2,
            }
            fk = conn.execute(
                text(
                    "select count(*) from pg_constraint"
                    " where conrelid = 'satisfaction_response'::regclass and contype = 'f'"
                    " and pg_get_constraintdef(oid) like '%dossier%'"
                )
            ).scalar_one()
            assert fk == 0
            assert conn.execute(select(satisfaction_response.c.dossier_id)).scalar_one() == 9
            new = conn.execute(
                insert(dossier).values(a_dossier("NEW", date(2024, 1, 5))).returning(dossier.c.id)
            ).scalar_one()
            assert new == 41  # after the largest id, though ids 5, 9, 40 were given explicitly
            assert (
                conn.execute(text("select pg_get_serial_sequence('dossier', 'id')")).scalar_one()
                == "public.dossier_id_seq"
            )
        with pytest.raises(RuntimeError, match="cannot be undone on PostgreSQL"):
            downgrade_to(eng, "14_index766_dept")
    finally:
        eng.dispose()
        drop()


def test_seed_makes_a_partition_for_every_month(engine):
    from sample_data.generator import seed_database

    counts = seed_database(engine, scale=400, seed=3, today=date(2026, 11, 26))
    with engine.connect() as conn:
        held = rows_in(conn)
    # January 2021 to November 2026: 71 months, and the default partition, empty.
    assert len(held) == 72 and held.pop("dossier_default") == 0
    assert sorted(held)[0] == "dossier_p2021_01" and sorted(held)[-1] == "dossier_p2026_11"
    assert sum(held.values()) == counts["dossier"]


def test_the_import_role_makes_months_it_does_not_own(tiny):
    tag = uuid.uuid4().hex[:8]
    reader, writer = f"oversight_reader_{tag}", f"oversight_writer_{tag}"
    create_pg_roles(tiny, reader, writer)
    as_writer = create_engine(tiny.url.set(username=writer))
    try:
        res = imp(as_writer, "dossiers", csv_bytes(GOOD_HEADER, GOOD_ROWS))
        assert res.ok and res.added == 6, [p.as_dict() for p in res.problems]
        with tiny.connect() as conn:
            assert set(MONTHS) <= set(dossier_partitions(conn))
    finally:
        as_writer.dispose()
        with tiny.begin() as c:
            for role in (reader, writer):
                c.exec_driver_sql(f'drop owned by "{role}"')
                c.exec_driver_sql(f'drop role "{role}"')


def test_migrate_is_idempotent_on_a_partitioned_database(engine):
    migrate(engine)  # at head already: nothing to do, no error
    with engine.connect() as conn:
        assert is_partitioned(conn)


def test_init_db_makes_this_month_and_the_next_two(engine, monkeypatch, capsys):
    """Months are made ahead in init-db's own short transaction, so a new month's first import
    does not lock the dossier table for its whole run; a second run makes nothing."""
    from dashboard import cli

    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("OVERSIGHT_TODAY", "2026-12-15")
    assert cli.main(["init-db"]) == 0
    ahead = ["dossier_p2026_12", "dossier_p2027_01", "dossier_p2027_02"]
    assert "dossier partitions made ahead: " + ", ".join(ahead) in capsys.readouterr().out
    with engine.connect() as conn:
        assert set(ahead) <= set(dossier_partitions(conn))
    assert cli.main(["init-db"]) == 0
    assert "made ahead" not in capsys.readouterr().out


def test_sessions_run_without_jit(engine):
    """JIT compilation of a statement over every monthly partition cost seconds, and parallel
    workers for statements of milliseconds slowed pages (module dashboard.storage.db,
    _pg_connect_args); each session turns both off, and keeps options given in the URL."""
    with engine.connect() as conn:
        assert conn.exec_driver_sql("show jit").scalar() == "off"
        assert conn.exec_driver_sql("show max_parallel_workers_per_gather").scalar() == "0"
    url = engine.url.set(query={"options": "-c statement_timeout=12345"})
    other = make_engine(url.render_as_string(hide_password=False))
    try:
        with other.connect() as conn:
            assert conn.exec_driver_sql("show jit").scalar() == "off"
            assert conn.exec_driver_sql("show max_parallel_workers_per_gather").scalar() == "0"
            assert conn.exec_driver_sql("show statement_timeout").scalar() == "12345ms"
    finally:
        other.dispose()
