"""Late dossiers as DOMAIN.md counts them (issue 11), worked out by hand.

Apology share = letters / late dossiers, where late = resolved late in the period + still
pending and overdue at its end; dossier rows only (the Biểu 06 form carries no letters).
On the fixture (tests/fixtures.py), 2024-Q1, province 99:
    resolved late: D03 (letter), D04 (no letter)                      -> 2, 1 letter
    pending overdue at 31/03: D06 (due 25/03, resolved 10/04, letter)  -> 1, 1 letter
    (D07, due 05/04, is within; L005's form reports 1 overdue: no letters, left out)
    -> 2 letters / 3 late dossiers = 66.7 % (before: 1 / 2 = 50 %, D06 left out).
By month: January none late (NaN); February D03 resolved late (letter) + D04 pending overdue
at 29/02 (due 26/02, resolved 05/03; no letter) -> 1 / 2; March D04 resolved late + D06
pending overdue (letter) -> 1 / 2.

"Received" leaves out dossiers not accepted (status 3): X1, filed online at L001 on 10/02/2024
and not accepted the same day, changes neither received (19) nor online (7).

The supplement wait moves the appointment by working days of the holiday register: an
appointment on Friday 30/08/2024 with two days of waiting is due on Thursday 05/09/2024
(Sat 31/08 and Sun 01/09 are the weekend, Mon 02/09 and Tue 03/09 the National Day holiday;
Wed 04/09 is the first working day, Thu 05/09 the second), not on Sunday 01/09. Resolved on
Wed 04/09 it is early, not late.
"""

from __future__ import annotations

import math
from datetime import date

import pytest
from sqlalchemy import func, insert, select

from dashboard.domain.dossier_dates import effective_due_date
from dashboard.domain.periods import parse
from dashboard.domain.workdays import WorkCalendar, default_calendar
from dashboard.storage.db import make_engine, migrate
from dashboard.storage.rollups import refresh_all, refresh_since
from dashboard.storage.schema import backlog_month_end, dossier
from queries import on_time
from queries.units import Scope
from tests.conftest import BACKENDS, new_database
from tests.test_imports import DH, csv_bytes, drow, imp, tiny  # noqa: F401 - the fixture

Q1 = parse("2024-Q1")


@pytest.fixture(scope="module", params=BACKENDS)
def late_engine(request, tmp_path_factory):
    from tests.fixtures import build_fixture

    url, drop = new_database(request.param, tmp_path_factory)
    eng = make_engine(url)
    migrate(eng)
    build_fixture(eng)
    with eng.begin() as conn:
        conn.execute(
            insert(dossier).values(
                id=900,
                code="X1",
                procedure_id=1,
                field_id=1,
                receiving_unit_id=3,
                resolving_unit_id=3,
                channel=2,
                status=3,
                received_date=date(2024, 2, 10),
                appointment_date=date(2024, 2, 15),
                closed_date=date(2024, 2, 10),
                supplement_wait_days=0,
                effective_due_date=date(2024, 2, 15),
                apology_letter=False,
                online_payment=False,
                digitised=False,
            )
        )
        refresh_all(conn)
    yield eng
    eng.dispose()
    drop()


@pytest.fixture
def conn(late_engine):
    with late_engine.connect() as c:
        yield c


def test_apology_share_counts_pending_overdue_dossiers(conn):
    df = on_time.counts(conn, Q1, Scope("99"))
    assert (df["letters"].iloc[0], df["late_total"].iloc[0]) == (2, 3)
    assert df["apology_share"].iloc[0] == pytest.approx(200 / 3)
    h = on_time.headline(conn, Q1, Scope("99"))["apology_share"]
    assert h.value == pytest.approx(200 / 3) and h.n == 3


def test_apology_share_from_rows_on_a_day_that_is_not_a_month_end(conn):
    # 01/01–30/03: the same late dossiers (D06 overdue since 25/03), counted from the rows.
    df = on_time.counts(conn, parse("2024-01-01..2024-03-30"), Scope("99"))
    assert (df["letters"].iloc[0], df["late_total"].iloc[0]) == (2, 3)


def test_apology_share_by_month_and_unit(conn):
    m = on_time.counts(conn, Q1, Scope("99"), by="month").set_index("month")
    assert m["late_total"].tolist() == [0, 2, 2] and m["letters"].tolist() == [0, 1, 1]
    assert math.isnan(m["apology_share"].iloc[0])
    assert m["apology_share"].tolist()[1:] == [50.0, 50.0]
    u = on_time.counts(conn, Q1, Scope("99"), by="unit").set_index("unit_id")
    assert (u.loc[11, "letters"], u.loc[11, "late_total"]) == (2, 3)  # all three at 001
    # As they were: D03, D04 at L001 (1 of 2); D06 at L002 (1 of 1).
    h = on_time.counts(conn, Q1, Scope("L99", historical=True), by="unit").set_index("unit_id")
    assert (h.loc[3, "letters"], h.loc[3, "late_total"]) == (1, 2)
    assert (h.loc[4, "letters"], h.loc[4, "late_total"]) == (1, 1)
    # The league reads the same counts (its backlog serves its pending columns and the letters).
    lg = on_time.league(conn, Q1, Scope("99")).set_index("unit_id")
    assert (lg.loc[11, "letters"], lg.loc[11, "late_total"]) == (2, 3)
    assert lg.loc[11, "apology_share"] == pytest.approx(200 / 3)


def test_apology_share_is_not_given_by_channel(conn):
    df = on_time.counts(conn, Q1, Scope("99"), by="channel")
    assert df["apology_share"].isna().all()


def test_received_leaves_out_dossiers_not_accepted(conn):
    for source in ("rollup", "rows"):
        df = on_time.counts(conn, Q1, Scope("99"), source=source)
        assert (df["received"].iloc[0], df["received_online"].iloc[0]) == (19, 7), source


def test_supplement_wait_counts_working_days():
    cal = default_calendar()
    assert effective_due_date(date(2024, 8, 30), 2, cal) == date(2024, 9, 5)
    assert effective_due_date(date(2024, 8, 30), 0, cal) == date(2024, 8, 30)
    # A day the register adds (a swap) moves it one more day; a worked Saturday one less.
    more = cal.with_changes(days_off=[date(2024, 9, 4)])
    assert effective_due_date(date(2024, 8, 30), 2, more) == date(2024, 9, 6)
    sat = WorkCalendar(frozenset(), frozenset([date(2024, 8, 31)]))
    assert effective_due_date(date(2024, 8, 30), 2, sat) == date(2024, 9, 2)


def test_import_moves_the_appointment_by_working_days(tiny):  # noqa: F811
    row = drow(
        code="W1",
        channel="1",
        status="9",
        received="26/08/2024",
        appt="30/08/2024",
        resolved="04/09/2024",
        wait="2",
    )
    res = imp(tiny, "dossiers", csv_bytes(DH, [row]))
    assert res.ok and res.written, [p.as_dict() for p in res.problems]
    with tiny.connect() as conn:
        d = conn.execute(select(dossier).where(dossier.c.code == "W1")).mappings().one()
        assert d["effective_due_date"] == date(2024, 9, 5)
        c = on_time.counts(conn, parse("2024-09"), Scope("99")).iloc[0]
        assert (c.resolved, c.early, c.late) == (1, 1, 0)  # early, not late


def test_report_backlog_rows_do_not_double_after_a_refresh(conn, late_engine):
    # L005 (unit 7) reports for the official 2024-Q1, ending Thursday 14/03: one row, as of
    # 14/03. An import touching March refreshes from 01/03; the row is replaced, not doubled.
    def report_rows():
        with late_engine.connect() as c:
            return c.execute(
                select(
                    func.count(),
                    func.sum(backlog_month_end.c.pending_within),
                    func.sum(backlog_month_end.c.pending_overdue),
                ).where(backlog_month_end.c.unit_id == 7, backlog_month_end.c.source == "report")
            ).one()

    assert tuple(report_rows()) == (1, 2, 1)
    with late_engine.begin() as c:
        refresh_since(c, date(2024, 3, 5))
    assert tuple(report_rows()) == (1, 2, 1)
    with late_engine.begin() as c:
        refresh_since(c, date(2024, 3, 20))  # after its end: untouched
    assert tuple(report_rows()) == (1, 2, 1)
