"""Theo cơ quan: late and overdue dossiers and petitions by responsible body, worked out by hand
on the fixture (tests/fixtures.py), 2024-Q1 (01/01–31/03/2024), on both backends.

Dossiers late or overdue in the quarter:
    D03 L001 (Xã An), department "Công chức Tư pháp – Hộ tịch", due 20/02, resolved 23/02:
        late, apology letter;
    D04 L001, same department, due 26/02, resolved 05/03: late, no letter;
    D06 L002 (Xã Bình), "Công chức Địa chính – Xây dựng", due 25/03, resolved 10/04: pending
        and overdue at 31/03, 6 days, with a letter.
Petitions open past their deadline at 31/03 (all assigned to "Công chức Địa chính – Xây dựng"):
    DS1 seq 3 (L001, deadline 20/03, resolved 01/05): 11 days;
    DS2 seq 1 (L003 Xã Cát, deadline 15/01, never resolved): 16 + 29 + 31 = 76 days.
Today L001 and L002 are Xã An Hòa (001), L003 is in Xã Cát Tiên (003). The commune posts of the
three-tier system were abolished on 01/07/2025: "Công chức Địa chính – Xây dựng" → Phòng Kinh tế,
"Công chức Tư pháp – Hộ tịch" → Văn phòng HĐND và UBND.
"""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.domain.periods import parse
from queries import bodies
from queries.units import Scope

Q1 = parse("2024-Q1")

# A whole quarter that has ended reads rollup_body_month; the dossier rows must agree, and so
# must the mix a running period reads (its ended months' late from the rollup).
both_sources = pytest.mark.parametrize("source", ["rollup", "mixed", "rows"])


def rows(df):
    return [
        (
            r.body,
            r.unit_name,
            r.late,
            r.overdue,
            r.no_apology,
            r.oldest_code,
            None if r.oldest_days is None or r.oldest_days != r.oldest_days else int(r.oldest_days),
            r.petitions_overdue,
            None
            if r.petition_oldest_days is None or r.petition_oldest_days != r.petition_oldest_days
            else int(r.petition_oldest_days),
        )
        for r in df.astype(object).where(df.notna(), None).itertuples()
    ]


@both_sources
def test_by_body_today_with_abolished_bodies_under_their_successors(fixture_engine, source):
    with fixture_engine.connect() as conn:
        df = bodies.by_body(conn, Q1, Scope("99"), source)
    # Most overdue first (dossiers + petitions), then the oldest case.
    assert rows(df) == [
        ("Phòng Kinh tế", "Xã An Hòa", 0, 1, 0, "D06", 6, 1, 11),
        ("Phòng Kinh tế", "Xã Cát Tiên", 0, 0, 0, None, None, 1, 76),
        ("Văn phòng HĐND và UBND", "Xã An Hòa", 2, 0, 1, None, None, 0, None),
    ]
    assert list(df["was"]) == [
        "Công chức Địa chính – Xây dựng",
        "Công chức Địa chính – Xây dựng",
        "Công chức Tư pháp – Hộ tịch",
    ]


def test_a_running_quarter_reads_its_ended_months_from_the_rollup(fixture_engine, monkeypatch):
    """2024-Q1 seen on 10/03/2024: the late dossiers of its three months come from
    rollup_body_month, March's too, as the refresh after each import rebuilds the running
    month (D03, resolved late on 23/02, with a letter; D04, resolved late on 05/03, no
    letter); what is overdue on 10/03 from the rows. D06 (due 25/03) is not overdue yet. The
    same figures as the rows alone give."""
    monkeypatch.setenv("OVERSIGHT_TODAY", "2024-03-10")
    asked = []
    rollup_parts = bodies._rollup_parts

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        asked.append(kwargs)
        return rollup_parts(*args, **kwargs)

    monkeypatch.setattr(bodies, "_rollup_parts", spy)
    with fixture_engine.connect() as conn:
        df = bodies.by_body(conn, Q1, Scope("99"))
        assert asked == [dict(late_until=date(2024, 3, 31), overdue=False)]
        by_rows = bodies.by_body(conn, Q1, Scope("99"), "rows")
    dossiers = [r[:7] for r in rows(df) if r[2] or r[3]]
    assert dossiers == [("Văn phòng HĐND và UBND", "Xã An Hòa", 2, 0, 1, None, None)]
    assert rows(df) == rows(by_rows)
    # A period ending within a month (1/01-4/03): its whole months from the rollup, 1-4 March
    # from the rows. D04, resolved late on 05/03, is not late in the period but overdue at its
    # end, 7 days past its due date, without a letter; D03 is late, with one.
    from dashboard.domain.periods import Period

    first_days = Period(date(2024, 1, 1), date(2024, 3, 4), "custom")
    asked.clear()
    with fixture_engine.connect() as conn:
        df = bodies.by_body(conn, first_days, Scope("99"))
        assert asked == [dict(late_until=date(2024, 2, 29), overdue=False)]
        by_rows = bodies.by_body(conn, first_days, Scope("99"), "rows")
    assert rows(df) == rows(by_rows)
    dossiers = [r[:7] for r in rows(df) if r[2] or r[3]]
    assert dossiers == [("Văn phòng HĐND và UBND", "Xã An Hòa", 1, 1, 1, "D04", 7)]


def test_the_refreshs_day_gives_what_is_overdue_as_the_rows_do(
    fixture_engine, backlog_day_restored, monkeypatch
):
    """2024-Q2 seen on 06/04/2024, the day an import's refresh counted (backlog_day): what is
    overdue comes from its counts per unit and department, not the dossier rows, with the
    rows' figures. At L002's "Công chức Địa chính – Xây dựng" (today Phòng Kinh tế of Xã An
    Hòa): D06 (due 25/03, a letter; resolved late on 10/04, April's rollup) and D07 (due
    05/04, open, no letter) are overdue, D06 the oldest, 12 days: late 1, overdue 2, without
    a letter 1 (D07)."""
    from dashboard.storage.rollups import refresh_backlog_day
    from tests.conftest import tables_counted

    monkeypatch.setenv("OVERSIGHT_TODAY", "2024-04-06")
    q2 = parse("2024-Q2")
    with fixture_engine.connect() as conn:
        by_rows, tables = tables_counted(conn, lambda: bodies.by_body(conn, q2, Scope("99")))
    assert "dossier" in tables
    with fixture_engine.begin() as conn:
        refresh_backlog_day(conn, date(2024, 4, 6))
    with fixture_engine.connect() as conn:
        df, tables = tables_counted(conn, lambda: bodies.by_body(conn, q2, Scope("99")))
    assert tables == {"backlog_day"}
    assert rows(df) == rows(by_rows)
    dossiers = [r[:7] for r in rows(df) if r[2] or r[3]]
    assert dossiers == [("Phòng Kinh tế", "Xã An Hòa", 1, 2, 1, "D06", 12)]


def test_a_running_quarters_overview_fetches_its_petitions_once(fixture_engine, monkeypatch):
    """The overview of 2024-Q1 on 10/03/2024 asks for the petitions twice: who holds what
    (overdue at 10/03) and the dialogue headline (to the quarter's end). One fetch, to the
    quarter's end, serves both (queries.shared); the overdue petitions are those of a fetch
    to 10/03 alone."""
    from sqlalchemy import event

    from queries import dialogue, shared

    monkeypatch.setenv("OVERSIGHT_TODAY", "2024-03-10")
    sent = []

    def capture(conn, cursor, statement, *args):  # noqa: ANN001, ANN002
        if "FROM petition" in statement:
            sent.append(statement)

    scope = Scope("99")
    with fixture_engine.connect() as conn:
        alone = bodies.by_body(conn, Q1, scope)
        event.listen(conn, "before_cursor_execute", capture)
        with shared.page():
            shared.expect("dialogue", dialogue.headline_window(Q1).start)
            df = bodies.by_body(conn, Q1, scope)
            dialogue.headline(conn, Q1, scope)
        event.remove(conn, "before_cursor_execute", capture)
    assert len(sent) == 1
    assert rows(df) == rows(alone)
    assert df["petitions_overdue"].sum() > 0


@both_sources
def test_the_count_groups_by_department_and_unit_as_recorded(fixture_engine, source):
    """The statement counts per department and unit as recorded, joining neither the unit
    register nor the departments (hashed for every statement at 10M dossiers); the names and
    today's units come after, so that L001's and L002's dossiers count under Xã An Hòa, each
    under its department's name: the hand-worked rows of the module doc."""
    from sqlalchemy import event

    sent = []

    def capture(conn, cursor, statement, *args):  # noqa: ANN001, ANN002
        if "late_or_overdue" in statement:
            sent.append(statement)

    with fixture_engine.connect() as conn:
        event.listen(conn, "before_cursor_execute", capture)
        got = bodies._dossiers(conn, Q1, Scope("99"), source)
        event.remove(conn, "before_cursor_execute", capture)
    assert len(sent) == 1
    assert "JOIN admin_unit" not in sent[0] and "JOIN department" not in sent[0], sent[0]
    got = sorted(
        (r.recorded, r.unit_id, r.late, r.overdue, r.no_apology, r.oldest_code, r.oldest_days)
        for r in got.astype(object).where(got.notna(), None).itertuples()
    )
    # Today's unit ids in the fixture: Xã An Hòa (001) is 11.
    assert got == [
        ("Công chức Tư pháp – Hộ tịch", 11, 2, 0, 1, None, None),  # D03 (letter), D04
        ("Công chức Địa chính – Xây dựng", 11, 0, 1, 0, "D06", 6),  # D06 (letter)
    ]


@both_sources
def test_by_body_for_a_commune(fixture_engine, source):
    with fixture_engine.connect() as conn:
        df = bodies.by_body(conn, Q1, Scope("001"), source)
    assert [r[:2] for r in rows(df)] == [
        ("Phòng Kinh tế", "Xã An Hòa"),
        ("Văn phòng HĐND và UBND", "Xã An Hòa"),
    ]


@both_sources
def test_by_body_as_it_was_keeps_the_recorded_names(fixture_engine, source):
    with fixture_engine.connect() as conn:
        df = bodies.by_body(conn, Q1, Scope("L99", historical=True), source)
    assert rows(df) == [
        # one overdue case each: the oldest first (76, 11, 6 days)
        ("Công chức Địa chính – Xây dựng", "Xã Cát", 0, 0, 0, None, None, 1, 76),
        ("Công chức Địa chính – Xây dựng", "Xã An", 0, 0, 0, None, None, 1, 11),
        ("Công chức Địa chính – Xây dựng", "Xã Bình", 0, 1, 0, "D06", 6, 0, None),
        ("Công chức Tư pháp – Hộ tịch", "Xã An", 2, 0, 1, None, None, 0, None),
    ]
    assert set(df["was"]) == {""}


def test_successor_rule():
    assert bodies.successor("UBND huyện – Phòng Tài nguyên và Môi trường") == "Phòng Kinh tế"
    assert (
        bodies.successor("UBND huyện – Phòng Tài nguyên và Môi trường", "Phường Sơn Nam")
        == "Phòng Kinh tế, Hạ tầng và Đô thị"
    )
    assert bodies.successor("Sở Xây dựng") == "Sở Xây dựng"  # still exists
    assert bodies.successor(None) == bodies.NO_BODY
    assert bodies.successor(float("nan")) == bodies.NO_BODY  # a petition with no agency
    assert bodies.successor("Bộ phận Một cửa", historical=True) == "Bộ phận Một cửa"


@both_sources
def test_empty_period(fixture_engine, source):
    with fixture_engine.connect() as conn:
        df = bodies.by_body(conn, parse("2030-Q1"), Scope("99"), source)
    assert list(df.columns) == bodies.COLUMNS


def test_late_and_overdue_are_read_through_the_partial_indexes(fixture_engine):
    """At a province's scale the query must not read every dossier (9 s at 10M on SQLite):
    each part of it goes through ix_dossier_late or ix_dossier_unresolved, never a scan of
    dossier. The unresolved past due are each unit's range of ix_dossier_unresolved, answered
    from it alone (migration 40_unresolved_by_due: read by due date through ix_dossier_open, a
    province's running quarter visited ~8,400 rows in the table for their department and
    code). SQLite plans the same without statistics whatever the size; PostgreSQL's plan depends on
    the table's size, so it is read at scale by ``make bench``."""
    from tests.conftest import sqlite_plan

    if fixture_engine.dialect.name != "sqlite":
        return
    plan = sqlite_plan(
        fixture_engine,
        lambda conn: bodies.by_body(conn, parse("2024-Q1"), Scope("99"), source="rows"),
        lambda statement: "UNION ALL" in statement,
    )
    on_dossier = [p for p in plan if " dossier " in f" {p} "]
    assert len(on_dossier) == 4, plan
    assert sum("ix_dossier_late" in p for p in on_dossier) == 2, plan
    unresolved = [p for p in on_dossier if "ix_dossier_unresolved" in p]
    assert len(unresolved) == 2, plan
    assert all("COVERING INDEX" in p for p in unresolved), plan
    assert any("closed_date=? AND effective_due_date<?" in p for p in unresolved), plan
    assert not any(p.startswith("SCAN dossier") for p in plan), plan


@both_sources
def test_dossiers_with_no_department_recorded(engine, source):
    """Exports that do not name the department: every late and overdue dossier is the unit's
    own, and the oldest pending case still comes through (the key of None alone once failed
    to merge). Xã An (L001, unit 3), 2024-Q1: X1 due 10/02 resolved 12/02 (late); X2 due
    01/03, open at 31/03 (30 days overdue); X3 due 20/03, open (11 days)."""
    from sqlalchemy import insert

    from dashboard.storage.rollups import refresh_backlog
    from dashboard.storage.schema import dossier
    from tests.test_imports import load_tiny
    from tests.test_index766 import _dossier

    load_tiny(engine)
    with engine.begin() as conn:
        conn.execute(
            insert(dossier),
            [
                _dossier(1, "X1", 3, "2024-02-01", "2024-02-10", "2024-02-12"),
                _dossier(2, "X2", 3, "2024-02-15", "2024-03-01"),
                _dossier(3, "X3", 3, "2024-03-05", "2024-03-20"),
            ],
        )
        refresh_backlog(conn, None)  # the rollups an import refreshes
    with engine.connect() as conn:
        df = bodies.by_body(conn, Q1, Scope("L001", historical=True), source)
    assert [r[1:] for r in rows(df)] == [("Xã An", 1, 2, 3, "X2", 30, 0, None)]


@both_sources
def test_the_oldest_case_is_the_earliest_due_then_the_smallest_code(engine, source):
    """Xã An (L001, unit 3), 2024-Q1, open at 31/03: Y9 and Y1 both due 01/03 (30 days
    overdue), Y0 due 02/03 (29 days); Y5 resolved in time. The oldest case: due earliest, then the smallest
    code: Y1 (not Y0, whose code is smaller but due later; not Y9)."""
    from sqlalchemy import insert

    from dashboard.storage.rollups import refresh_backlog
    from dashboard.storage.schema import dossier
    from tests.test_imports import load_tiny
    from tests.test_index766 import _dossier

    load_tiny(engine)
    with engine.begin() as conn:
        conn.execute(
            insert(dossier),
            [
                _dossier(1, "Y9", 3, "2024-02-15", "2024-03-01"),
                _dossier(2, "Y1", 3, "2024-02-16", "2024-03-01"),
                _dossier(3, "Y0", 3, "2024-02-17", "2024-03-02"),
                # Resolved on time; received in March, so the rollup reaches March's end.
                _dossier(4, "Y5", 3, "2024-03-05", "2024-03-20", "2024-03-10"),
            ],
        )
        refresh_backlog(conn, None)  # the rollups an import refreshes
    with engine.connect() as conn:
        df = bodies.by_body(conn, Q1, Scope("L001", historical=True), source)
    assert [r[1:] for r in rows(df)] == [("Xã An", 0, 3, 3, "Y1", 30, 0, None)]


def test_while_the_quarter_runs_it_counts_at_today(fixture_engine, monkeypatch):
    """On 25/03/2024: D06 (due 25/03) is not overdue yet; DS1 seq 3 (deadline 20/03) is 5 days
    overdue, DS2 seq 1 (15/01) 16 + 29 + 25 = 70 (not the 11 and 76 of 31/03)."""
    monkeypatch.setenv("OVERSIGHT_TODAY", "2024-03-25")
    with fixture_engine.connect() as conn:
        df = bodies.by_body(conn, Q1, Scope("99"))
    assert rows(df) == [
        ("Phòng Kinh tế", "Xã Cát Tiên", 0, 0, 0, None, None, 1, 70),
        ("Phòng Kinh tế", "Xã An Hòa", 0, 0, 0, None, None, 1, 5),
        ("Văn phòng HĐND và UBND", "Xã An Hòa", 2, 0, 1, None, None, 0, None),
    ]
