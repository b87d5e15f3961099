"""Dialogue sessions and petitions against a small hand-worked fixture, on both backends.

The units are those of tests/fixtures.py (its own two dialogue sessions are removed):
    L99 ─ L991 ─ L001 Xã An, L002 Xã Bình, L003 Xã Cát, L005 Xã Đào, H004 Xã Đông (→ L001 12/2024)
    99 ─ 001 Xã An Hòa ← L001 + L002 (+ H004);  003 Xã Cát Tiên ← L003 + L005   (1 July 2025)

Sessions (format):
    T1 L001 2024-01-10 conference   P1 land on the spot
                                    P2 land      ĐC-XD  due 02-10, resolved 02-10 (on the day)
                                    P3 infra     KT-HT  due 02-29, resolved 04-20 (after Q1)
                                    P4 environ.  TN-MT  due 03-31, open
    T2 L001 2024-03-05 periodic     P1 land      ĐC-XD  due 04-05, resolved 03-25
                                    P2 social    on the spot
    T3 L002 2024-02-20 tea          P1 procedures Một cửa due 03-01, resolved 03-11 (10 days late)
                                    P2 land      ĐC-XD  due 03-10, open
    T4 H004 2024-02-01 on_demand    P1 land      ĐC-XD  due 02-15, resolved 03-16
                                    P2 security  on the spot
    T5 L003 2023-06-15 conference   P1 land      TN-MT  due 2023-07-15, open
                                    P2 infra     KT-HT  due 2023-08-01, resolved 2024-01-20
                                    P3 land      on the spot
    T6 L005 2024-09-10 conference   P1 environ.  TN-MT  due 10-10, resolved 10-01
    T7 001  2025-08-01 conference   P1 land      Phòng Kinh tế due 09-01, open;  P2 land on the spot
    T8 L003 2024-04-15 saturday     P1 land      ĐC-XD  due 05-15, resolved 05-10
Targets dialogue_sessions 2024: L99 3 sessions (watch margin 1); L001 2 (margin 0).

2024-Q1, province 99, today's units. Sessions held: T1-T4 = 4 (one conference, T1).
Petitions raised: 4 + 2 + 2 + 2 = 10; state at 31/03/2024:
    on the spot T1P1, T2P2, T4P2 = 3;  resolved T1P2 (on its deadline), T2P1, T3P1, T4P1 = 4;
    overdue T1P3 (resolved 20/04, after the end: open at the end; due 29/02), T3P2 = 2;
    open, not overdue T1P4 (due 31/03 = the end, not past) = 1.
    resolved share (3 + 4) / 10 = 70 %.
Backlog overdue at 31/03 (any session): T1P3 (31 days), T3P2 (21), T5P1 (260: 15/07/2023 →
    31/03/2024) = 3, of which 2 raised in the quarter.
Days to resolve, assigned petitions resolved in Q1: T1P2 31, T2P1 20, T3P1 20, T4P1 44 (01/02 →
    16/03), T5P2 219 (15/06/2023 → 20/01/2024) -> sorted 20 20 31 44 219, median 31.
"""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import delete, insert

from dashboard.domain.periods import Period, parse
from dashboard.storage.db import make_engine, migrate
from dashboard.storage.schema import dialogue_session, petition, target
from queries import dialogue
from queries import targets as targets_q
from queries.units import Scope, UnknownUnit
from tests.conftest import new_database

Q1 = parse("2024-Q1")
D = date.fromisoformat
DCXD = "Công chức Địa chính – Xây dựng"
KTHT = "UBND huyện – Phòng Kinh tế và Hạ tầng"
TNMT = "UBND huyện – Phòng Tài nguyên và Môi trường"
MOTCUA = "Bộ phận Một cửa"

SESSIONS = [  # id, code, unit id, held on, format
    (101, "DT-T1", 3, "2024-01-10", "conference"),
    (102, "DT-T2", 3, "2024-03-05", "periodic"),
    (103, "DT-T3", 4, "2024-02-20", "tea"),
    (104, "DT-T4", 6, "2024-02-01", "on_demand"),
    (105, "DT-T5", 5, "2023-06-15", "conference"),
    (106, "DT-T6", 7, "2024-09-10", "conference"),
    (107, "DT-T7", 11, "2025-08-01", "conference"),
    (108, "DT-T8", 5, "2024-04-15", "saturday"),
]
PETITIONS = [  # session, seq, topic, agency (None: answered on the spot), deadline, resolved
    (101, 1, "land", None, None, None),
    (101, 2, "land", DCXD, "2024-02-10", "2024-02-10"),
    (101, 3, "infrastructure", KTHT, "2024-02-29", "2024-04-20"),
    (101, 4, "environment", TNMT, "2024-03-31", None),
    (102, 1, "land", DCXD, "2024-04-05", "2024-03-25"),
    (102, 2, "social_policy", None, None, None),
    (103, 1, "procedures", MOTCUA, "2024-03-01", "2024-03-11"),
    (103, 2, "land", DCXD, "2024-03-10", None),
    (104, 1, "land", DCXD, "2024-02-15", "2024-03-16"),
    (104, 2, "security", None, None, None),
    (105, 1, "land", TNMT, "2023-07-15", None),
    (105, 2, "infrastructure", KTHT, "2023-08-01", "2024-01-20"),
    (105, 3, "land", None, None, None),
    (106, 1, "environment", TNMT, "2024-10-10", "2024-10-01"),
    (107, 1, "land", "Phòng Kinh tế", "2025-09-01", None),
    (107, 2, "land", None, None, None),
    (108, 1, "land", DCXD, "2024-05-15", "2024-05-10"),
]
TARGETS = [  # unit id, year, sessions, watch margin
    (1, 2024, 3.0, 1.0),
    (3, 2024, 2.0, 0.0),
]


def build_dialogue_fixture(engine) -> None:
    """tests.fixtures.build_fixture, then this module's sessions, petitions and targets."""
    from tests.fixtures import build_fixture

    build_fixture(engine)
    with engine.begin() as conn:
        conn.execute(delete(petition))
        conn.execute(delete(dialogue_session))
        conn.execute(
            insert(dialogue_session),
            [
                dict(
                    id=i,
                    code=c,
                    unit_id=u,
                    held_on=D(d),
                    format=f,
                    chaired_by="Chủ tịch UBND xã",
                    participants=40 + i % 10,
                )
                for i, c, u, d, f in SESSIONS
            ],
        )
        conn.execute(
            insert(petition),
            [
                dict(
                    session_id=s,
                    seq=q,
                    topic=tp,
                    summary=f"Kiến nghị {tp} số {q}",
                    answered_on_spot=ag is None,
                    assigned_agency=ag,
                    deadline=D(dl) if dl else None,
                    resolved_on=D(rs) if rs else (D(SESSIONS[s - 101][3]) if ag is None else None),
                )
                for s, q, tp, ag, dl, rs in PETITIONS
            ],
        )
        conn.execute(
            insert(target),
            [
                dict(metric="dialogue_sessions", unit_id=u, year=y, value=v, watch_margin=m)
                for u, y, v, m in TARGETS
            ],
        )


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def dialogue_engine(request, tmp_path_factory):
    url, drop = new_database(request.param, tmp_path_factory)
    eng = make_engine(url)
    migrate(eng)
    build_dialogue_fixture(eng)
    yield eng
    eng.dispose()
    drop()


@pytest.fixture
def conn(dialogue_engine):
    with dialogue_engine.connect() as c:
        yield c


def by_key(df, key, col):
    return {k: v for k, v in zip(df[key], df[col], strict=True)}


# --- counts and states -----------------------------------------------------------------------


def test_states_at_period_end(conn):
    row = dialogue.counts(conn, Q1, Scope("99")).iloc[0]
    assert (row["sessions"], row["conferences"], row["petitions"]) == (4, 1, 10)
    assert (row["on_spot"], row["resolved"], row["open"], row["overdue"]) == (3, 4, 1, 2)
    assert (row["assigned"], row["open_total"]) == (7, 3)
    assert row["resolved_share"] == pytest.approx(70.0)
    assert row["backlog_overdue"] == 3  # T1P3, T3P2 and T5P1 from 2023
    # resolved in Q1: T1P2, T2P1, T3P1, T4P1 and T5P2 (raised 2023) -> median of 20 20 31 44 219
    assert row["resolved_in_period"] == 5
    assert row["median_days"] == pytest.approx(31.0)


def test_carried_petitions_read_their_own_index(dialogue_engine):
    """The petitions of a period come in parts: those of its sessions, and those carried
    from earlier sessions (T5P1 and T5P2, raised in 2023), read through two ranges of
    ix_petition_carried (open; resolved since the start) rather than every earlier session
    of the scope (SQLite's plan; PostgreSQL chooses by
    its statistics). The rows are the same either way: test_states_at_period_end."""
    if dialogue_engine.dialect.name != "sqlite":
        pytest.skip("SQLite's plan")
    from tests.conftest import sqlite_plan

    with dialogue_engine.connect() as conn:
        ids = dialogue._scope_ids(conn, Scope("99"))
        rows = dialogue._fetch_petition_rows(conn, Scope("99"), Q1.start, Q1.end, ids)
    carried = rows[rows["held_on"] < pd.Timestamp(Q1.start)]
    assert sorted(zip(carried["session_code"], carried["seq"], strict=True)) == [
        ("DT-T5", 1),
        ("DT-T5", 2),
    ]
    plan = sqlite_plan(
        dialogue_engine,
        lambda conn: dialogue._fetch_petition_rows(conn, Scope("99"), Q1.start, Q1.end, ids),
        lambda statement: "FROM petition" in statement,
    )
    on_petition = [p for p in plan if " petition" in p]
    # Still open, and resolved since the period's start: a range of the index each, not the
    # whole index (every assigned petition ever) for one condition with an OR.
    assert sum("SEARCH petition USING INDEX ix_petition_carried" in p for p in on_petition) == 2
    assert not any("SCAN petition" in p for p in on_petition), plan
    sessions = [p for p in plan if "dialogue_session" in p]
    assert sum("ix_dialogue_unit_date" in p for p in sessions) == 1, plan  # the period's only


def test_the_petitions_statement_is_built_once_a_scope(conn):
    """The petitions' statement (three parts) is built once per scope and run with each
    window's dates bound (queries.statements): every window still gets its own petitions,
    and their dates come as timestamps on both databases, whatever the driver hands over
    (``units.driver_date``: SQLite's ISO text, PostgreSQL's dates)."""
    from queries import statements

    statements._built.clear()
    scope = Scope("99")
    ids = dialogue._scope_ids(conn, scope)
    q1 = dialogue._fetch_petition_rows(conn, scope, Q1.start, Q1.end, ids)
    april = dialogue._fetch_petition_rows(conn, scope, date(2024, 4, 1), date(2024, 4, 30), ids)
    built = [k for k in statements._built if k[1] == "dialogue_petitions"]
    assert len(built) == 1, built
    # Q1: its ten petitions and the two carried from 2023 (T5P1, T5P2).
    assert len(q1) == 12
    # April: T8P1 (raised 15/04) and those of earlier sessions open on 1 April: T1P3, T1P4,
    # T3P2 and T5P1.
    assert sorted(zip(april["session_code"], april["seq"], strict=True)) == [
        ("DT-T1", 3),
        ("DT-T1", 4),
        ("DT-T3", 2),
        ("DT-T5", 1),
        ("DT-T8", 1),
    ]
    for c in ("held_on", "deadline", "resolved_on"):
        assert str(q1[c].dtype).startswith("datetime64"), c
    t1p3 = april[(april["session_code"] == "DT-T1") & (april["seq"] == 3)].iloc[0]
    assert t1p3["resolved_on"] == pd.Timestamp(2024, 4, 20)


def test_overview_figures_of_the_headline(conn):
    # The overview's line: same sessions and petitions; open 3 (T1P3, T1P4, T3P2), overdue 2,
    # each of the 10 petitions raised in the period.
    h = dialogue.headline(conn, Q1, Scope("99"))
    got = {k: (h[k].value, h[k].numerator, h[k].denominator) for k in h}
    assert got["sessions"] == (4, 4, None)
    assert got["petitions"] == (10, 10, None)
    assert got["open_raised"] == (3, 3, 10)
    assert got["overdue_raised"] == (2, 2, 10)


def test_resolved_after_end_counts_as_open_then_resolved(conn):
    # By the end of April T1P3 is resolved (20/04) and T1P4 (due 31/03) is overdue by 30 days.
    p = parse("2024-01-01..2024-04-30")
    row = dialogue.counts(conn, p, Scope("99")).iloc[0]
    # Raised: Q1's ten + T8P1 (15/04, resolved 10/05 -> open at 30/04, due 15/05) = 11.
    assert (row["petitions"], row["resolved"], row["open"], row["overdue"]) == (11, 5, 1, 2)
    ov = dialogue.overdue_petitions(conn, date(2024, 4, 30), Scope("99"))
    # T5P1 290 days, T3P2 51 (10/03 → 30/04), T1P4 30; T1P3 resolved on 20/04.
    assert list(zip(ov["session_code"], ov["seq"], ov["days_overdue"], strict=True)) == [
        ("DT-T5", 1, 290),
        ("DT-T3", 2, 51),
        ("DT-T1", 4, 30),
    ]


def test_by_topic(conn):
    df = dialogue.counts(conn, Q1, Scope("99"), by="topic")
    # land: T1P1 spot, T1P2 res, T2P1 res, T3P2 overdue, T4P1 res -> 5 in 4 sessions (T1-T4)
    assert list(df["topic"]) == [
        "land",
        "environment",
        "social_policy",
        "infrastructure",
        "procedures",
        "security",
    ]
    land = df[df.topic == "land"].iloc[0]
    assert (
        land["petitions"],
        land["sessions"],
        land["on_spot"],
        land["resolved"],
        land["overdue"],
        land["open"],
    ) == (5, 4, 1, 3, 1, 0)
    # sessions where it came up, each once: T1 is the only conference, with two land petitions
    assert land["conferences"] == 1
    assert by_key(df, "topic", "petitions") == {
        "land": 5,
        "environment": 1,
        "social_policy": 1,
        "infrastructure": 1,
        "procedures": 1,
        "security": 1,
    }
    assert by_key(df, "topic", "overdue") == {
        "land": 1,
        "environment": 0,
        "social_policy": 0,
        "infrastructure": 1,
        "procedures": 0,
        "security": 0,
    }
    # backlog: infrastructure T1P3; land T3P2 and T5P1 (2023)
    assert by_key(df, "topic", "backlog_overdue")["land"] == 2


def test_by_agency(conn):
    df = dialogue.counts(conn, Q1, Scope("99"), by="agency")
    # ĐC-XD: T1P2, T2P1, T4P1 resolved (31, 20, 44 days: median 31), T3P2 overdue.
    dc = df[df.assigned_agency == DCXD].iloc[0]
    assert (dc["assigned"], dc["resolved"], dc["overdue"]) == (4, 3, 1)
    assert dc["median_days"] == pytest.approx(31.0)
    assert (dc["sessions"], dc["conferences"]) == (4, 1)  # T1 (the conference), T2, T3, T4
    assert df["assigned_agency"].iloc[0] == DCXD  # most petitions first
    # KT-HT: T1P3 overdue; T5P2 (2023) resolved in Q1 after 219 days.
    kt = df[df.assigned_agency == KTHT].iloc[0]
    assert (kt["assigned"], kt["overdue"], kt["resolved_in_period"]) == (1, 1, 1)
    assert kt["median_days"] == pytest.approx(219.0)
    assert kt["sessions"] == 1  # T1; T5 (2023) raised nothing in the period
    # TN-MT: T1P4 open; T5P1 (2023) in the backlog.
    tn = df[df.assigned_agency == TNMT].iloc[0]
    assert (tn["assigned"], tn["open"], tn["backlog_overdue"]) == (1, 1, 1)
    assert set(df["assigned_agency"]) == {DCXD, KTHT, TNMT, MOTCUA}


def test_by_format(conn):
    df = dialogue.counts(conn, Q1, Scope("99"), by="format")
    assert by_key(df, "format", "sessions") == {
        "conference": 1,
        "periodic": 1,
        "tea": 1,
        "on_demand": 1,
    }
    assert by_key(df, "format", "petitions") == {
        "conference": 4,
        "periodic": 2,
        "tea": 2,
        "on_demand": 2,
    }


def test_headline_with_comparisons(conn):
    h = dialogue.headline(conn, Q1, Scope("99"))
    assert h["sessions"].value == 4 and h["petitions"].value == 10
    assert h["resolved_share"].value == pytest.approx(70.0)
    assert h["backlog_overdue"].value == 3 and h["overdue_raised"].value == 2
    assert h["median_days"].value == pytest.approx(31.0) and h["median_days"].n == 5
    # 2023-Q4: no sessions; at 31/12/2023 T5P1 (due 15/07) and T5P2 (due 01/08, resolved only
    # 20/01/2024) were overdue; nothing was resolved in the quarter.
    assert h["sessions"].previous == 0 and h["resolved_share"].previous is None
    assert h["backlog_overdue"].previous == 2 and h["backlog_overdue"].change == 1
    assert h["median_days"].previous is None
    # 2023-Q1: nothing at all.
    assert h["sessions"].last_year == 0 and h["backlog_overdue"].last_year == 0


def test_empty_period(conn):
    row = dialogue.counts(conn, parse("2030-Q1"), Scope("99")).iloc[0]
    assert row["sessions"] == 0 and row["petitions"] == 0
    assert math.isnan(row["resolved_share"]) and math.isnan(row["median_days"])
    # Never resolved, so overdue in 2030: T1P4, T3P2, T5P1 and T7P1 (due 01/09/2025).
    assert row["backlog_overdue"] == 4
    assert dialogue.sessions(conn, parse("2030-Q1"), Scope("99")).empty
    assert dialogue.recurring_topics(conn, date(2030, 3, 31), Scope("99")).empty
    assert all(dialogue.trend(conn, parse("2030-Q1"), Scope("99"))["sessions"] == 0)
    topics = dialogue.counts(conn, parse("2030-Q1"), Scope("99"), by="topic")
    assert topics["petitions"].sum() == 0
    assert by_key(topics, "topic", "backlog_overdue") == {"land": 3, "environment": 1}


# --- units: lineage, league ------------------------------------------------------------------


def test_by_unit_rolls_up_through_lineage(conn):
    df = dialogue.counts(conn, Q1, Scope("99"), by="unit")
    # Today's view: T1, T2 (L001), T3 (L002) and T4 (H004, merged into L001, then into 001)
    # all count for 001; 003 held nothing in Q1 but carries T5P1 (L003, 2023) overdue.
    assert by_key(df, "unit_id", "sessions") == {11: 4, 12: 0}
    assert by_key(df, "unit_id", "petitions") == {11: 10, 12: 0}
    assert by_key(df, "unit_id", "backlog_overdue") == {11: 2, 12: 1}


def test_series_does_not_break_at_merger(conn):
    p = parse("2024-01-01..2025-12-31")
    tr = dialogue.trend(conn, p, Scope("001"), freq="quarter")
    assert len(tr) == 8  # every quarter, empty ones too
    # 2024-Q1: T1-T4 (L001, L002, H004); 2025-Q3: T7 at 001 itself.
    assert by_key(tr, "bucket", "sessions") == {
        date(2024, 1, 1): 4,
        date(2024, 4, 1): 0,
        date(2024, 7, 1): 0,
        date(2024, 10, 1): 0,
        date(2025, 1, 1): 0,
        date(2025, 4, 1): 0,
        date(2025, 7, 1): 1,
        date(2025, 10, 1): 0,
    }
    assert by_key(tr, "bucket", "petitions")[date(2025, 7, 1)] == 2


def test_trend_by_month(conn):
    tr = dialogue.trend(conn, Q1, Scope("99"))
    # Jan T1 (4 petitions); Feb T3, T4 (2 + 2); Mar T2 (2).
    assert list(tr["sessions"]) == [1, 2, 1]
    assert list(tr["conferences"]) == [1, 0, 0]
    assert list(tr["petitions"]) == [4, 4, 2]
    assert list(tr["on_spot"]) == [1, 1, 1]
    # resolved by month of resolution: Jan T5P2; Feb T1P2; Mar T2P1, T3P1, T4P1
    assert list(tr["resolved_in_period"]) == [1, 1, 3]
    # still unresolved at 31/03: Jan T1P3, T1P4; Feb T3P2
    assert list(tr["open_total"]) == [2, 1, 0]


def test_league_current_view(conn):
    lg = dialogue.league(conn, Q1, Scope("99"))
    assert list(lg["code"]) == ["001", "003"]
    assert ranks(lg) == [1, None]
    a = lg.iloc[0]
    assert (a["sessions"], a["petitions"], a["backlog_overdue"]) == (4, 10, 2)
    assert a["resolved_share"] == pytest.approx(70.0)
    # A commune's page shows the same peers.
    assert list(dialogue.league(conn, Q1, Scope("001"))["code"]) == ["001", "003"]


def test_league_as_they_were(conn, monkeypatch):
    # 2, 6 and 2 petitions are fewer than the 10 a resolved share needs: no ranks at all.
    assert ranks(dialogue.league(conn, Q1, Scope("L99", historical=True))) == [None] * 5
    monkeypatch.setenv("OVERSIGHT_MIN_PETITIONS", "1")
    lg = dialogue.league(conn, Q1, Scope("L99", historical=True))
    # H004: T4P1 resolved + T4P2 on the spot = 100 %; L001: 4 of 6 (T1P1, T1P2, T2P1, T2P2);
    # L002: T3P1 of 2 = 50 %; L003 and L005 held nothing, unranked, the one without overdue
    # petitions first (L003 carries T5P1).
    assert list(lg["code"]) == ["H004", "L001", "L002", "L005", "L003"]
    assert by_key(lg, "code", "resolved_share")["L001"] == pytest.approx(400 / 6)
    assert by_key(lg, "code", "backlog_overdue") == {
        "H004": 0,
        "L001": 1,
        "L002": 1,
        "L003": 1,
        "L005": 0,
    }
    assert ranks(lg) == [1, 2, 3, None, None]
    # 2 of 2, 4 of 6, 1 of 2: any of the three could be first or last (rank intervals 1–3),
    # so none is put in the top or bottom group.
    assert [int(x) for x in lg["rank_low"][:3]] == [1, 1, 1]
    assert [int(x) for x in lg["rank_high"][:3]] == [3, 3, 3]
    assert list(lg["band"][:3]) == ["middle"] * 3


def ranks(lg):
    return [None if r is pd.NA else int(r) for r in lg["rank"]]


# --- the yearly requirement ----------------------------------------------------------------


def test_compliance_year_over_historical(conn):
    df = dialogue.compliance(conn, 2024, Scope("L99", historical=True))
    # L001: T1 conference + T2 = 2 sessions, own target 2 -> good.
    # L002: only T3, a tea session -> no conference: bad, even with a session held.
    # L003: only T8 (Saturday) in 2024 (T5 was 2023) -> bad. H004: only T4 (on demand) -> bad.
    # L005: T6 conference, but 1 session against the province's 3 (margin 1) -> bad.
    assert by_key(df, "code", "status") == {
        "L001": "good",
        "L002": "bad",
        "L003": "bad",
        "H004": "bad",
        "L005": "bad",
    }
    assert by_key(df, "code", "conferences") == {
        "L001": 1,
        "L002": 0,
        "L003": 0,
        "H004": 0,
        "L005": 1,
    }
    assert by_key(df, "code", "sessions") == {"L001": 2, "L002": 1, "L003": 1, "H004": 1, "L005": 1}
    assert by_key(df, "code", "required") == {"L001": 2, "L002": 3, "L003": 3, "H004": 3, "L005": 3}
    # Worst first: the three without a conference (by name: Bình, Cát, Đông), then L005, L001.
    assert list(df["code"][:3]) == ["L002", "L003", "H004"]
    assert list(df["code"][3:]) == ["L005", "L001"]
    assert set(df.loc[~df["met_floor"], "code"]) == {"L002", "L003", "H004"}


def test_compliance_before_the_merger_is_judged_on_the_communes_as_they_were(conn):
    # 2024 ended before 1 July 2025: the duty was the old communes' (issue 11). As they were
    # (test above): L001 good; L002, L003, H004, L005 bad.
    # 001 <- L001 (good), L002 (bad), H004 (bad): bad, missed L002 and H004 (by name: Bình,
    #   Đông); counts are theirs together: T1-T4 = 4 sessions, 1 conference; required 2+3+3.
    # 003 <- L003 (bad), L005 (bad): bad, missed both. (Rolled up, 001 looked "good".)
    df = dialogue.compliance(conn, 2024, Scope("99"))
    assert by_key(df, "code", "status") == {"001": "bad", "003": "bad"}
    assert by_key(df, "code", "met_floor") == {"001": False, "003": False}
    assert by_key(df, "code", "sessions") == {"001": 4, "003": 2}
    assert by_key(df, "code", "conferences") == {"001": 1, "003": 1}
    assert by_key(df, "code", "required") == {"001": 8.0, "003": 6.0}
    assert by_key(df, "code", "missed") == {"001": ["L002", "H004"], "003": ["L003", "L005"]}
    assert by_key(df, "code", "missed_names")["001"] == ["Xã Bình", "Xã Đông"]
    # 2023: only T5 (L003, conference; no target that year) -> L003 good, the others bad:
    # 001 misses L001, L002, H004; 003 misses L005 (it rolled up as "good" before).
    df = dialogue.compliance(conn, 2023, Scope("99"))
    assert by_key(df, "code", "status") == {"001": "bad", "003": "bad"}
    assert by_key(df, "code", "missed") == {"001": ["L001", "L002", "H004"], "003": ["L005"]}
    # A commune of today asked alone: the same judgement.
    one = dialogue.compliance(conn, 2024, Scope("001"))
    assert one["missed"].tolist() == [["L002", "H004"]]


def test_compliance_after_the_merger_rolls_up(conn):
    # 2025: today's communes (from 1 July) carry the duty, with what their predecessors held
    # in the first half: T7 (001, conference, 01/08/2025) -> 001 met the floor; 003 held none.
    df = dialogue.compliance(conn, 2025, Scope("99"))
    assert by_key(df, "code", "met_floor") == {"001": True, "003": False}
    assert by_key(df, "code", "missed") == {"001": [], "003": []}


def test_compliance_year_in_progress(conn):
    # At 31/03/2024 nobody is "bad" yet: the year is still running.
    df = dialogue.compliance(conn, 2024, Scope("L99", historical=True), as_of=Q1.end)
    assert by_key(df, "code", "status") == {
        "L001": "good",
        "L002": "watch",
        "L003": "watch",
        "H004": "watch",
        "L005": "watch",
    }
    assert by_key(df, "code", "sessions")["L003"] == 0  # T8 is in April


def test_compliance_of_a_running_year_is_judged_at_today(conn, monkeypatch):
    """Asked for the whole of 2024 (as of 31/12, as the page and the map ask for a running
    period) on 31/03/2024: judged at today, as in the test above, not as if the year were
    over (L002, L003, H004 and L005 were "bad" on 31 December's date)."""
    monkeypatch.setenv("OVERSIGHT_TODAY", "2024-03-31")
    for as_of in (None, date(2024, 12, 31)):
        df = dialogue.compliance(conn, 2024, Scope("L99", historical=True), as_of=as_of)
        assert set(df["status"]) == {"good", "watch"}
        assert by_key(df, "code", "status")["L002"] == "watch"
        assert set(df["as_of"]) == {date(2024, 3, 31)}


def test_batched_targets_match_target_for(conn):
    from queries.units import all_units

    units = all_units(conn)
    ids = units["id"].astype(int).tolist()
    batched = dialogue._targets_for_units(conn, "dialogue_sessions", 2024, ids, units)
    for uid, code in zip(units["id"], units["code"], strict=True):
        one = targets_q.target_for(conn, "dialogue_sessions", code, 2024)
        got = batched.get(int(uid))
        assert (None if one is None else (one.value, one.unit_code)) == (
            None if got is None else (got.value, got.unit_code)
        ), code


# --- recurring topics, overdue list, the drill-down ----------------------------------------


def test_recurring_topics(conn):
    rec = dialogue.recurring_topics(conn, Q1.end, Scope("99"))
    # Window 01/04/2023-31/03/2024: T1-T5. 001: land in T1, T2, T3, T4 (5 petitions, T3P2 open).
    # 003: land twice, but both in T5, one session -> not recurring. Other topics once each.
    assert rec[["code", "topic", "sessions", "petitions", "open_total"]].values.tolist() == [
        ["001", "land", 4, 5, 1]
    ]
    assert (rec["first_raised"].iloc[0], rec["last_raised"].iloc[0]) == (
        date(2024, 1, 10),
        date(2024, 3, 5),
    )
    # As they were: only L001 raised land twice (T1, T2); T3 (L002) and T4 (H004) are apart.
    rec = dialogue.recurring_topics(conn, Q1.end, Scope("L99", historical=True))
    assert rec[["code", "topic", "sessions", "petitions", "open_total"]].values.tolist() == [
        ["L001", "land", 2, 3, 0]
    ]


def test_recurring_topics_window_is_twelve_months(conn):
    # At 31/05/2024 the window starts 01/06/2023: T5 (15/06/2023) is in; T8 adds land at L003.
    rec = dialogue.recurring_topics(conn, date(2024, 5, 31), Scope("99"))
    assert by_key(rec, "code", "sessions") == {"001": 4, "003": 2}
    # At 30/06/2024 T5 has dropped out: 003 is left with T8 alone.
    rec = dialogue.recurring_topics(conn, date(2024, 6, 30), Scope("99"))
    assert list(rec["code"]) == ["001"]


def test_overdue_list_worst_first(conn):
    ov = dialogue.overdue_petitions(conn, Q1.end, Scope("99"))
    assert list(zip(ov["session_code"], ov["seq"], ov["days_overdue"], strict=True)) == [
        ("DT-T5", 1, 260),
        ("DT-T1", 3, 31),
        ("DT-T3", 2, 21),
    ]
    assert list(ov["assigned_agency"]) == [TNMT, KTHT, DCXD]
    assert list(ov["code"]) == ["003", "001", "001"]  # today's units
    # Each listed petition with its own summary (read for the rows listed).
    assert list(ov["summary"]) == [
        f"Kiến nghị {tp} số {q}" for tp, q in zip(ov["topic"], ov["seq"], strict=True)
    ]
    assert ov["deadline"].iloc[0] == date(2023, 7, 15)
    # T1P2 was resolved on its deadline: never in the list; T1P4 is due on the last day.
    assert ("DT-T1", 2) not in set(zip(ov["session_code"], ov["seq"], strict=True))
    # As they were, the commune L001 alone: T1P3 only (T3P2 belongs to L002).
    ov = dialogue.overdue_petitions(conn, Q1.end, Scope("L001", historical=True))
    assert list(zip(ov["session_code"], ov["seq"], ov["code"], strict=True)) == [
        ("DT-T1", 3, "L001")
    ]


def test_sessions_of_a_commune(conn):
    s = dialogue.sessions(conn, Q1, Scope("001"))
    assert list(s["session_code"]) == ["DT-T2", "DT-T3", "DT-T4", "DT-T1"]  # newest first
    t1 = s[s.session_code == "DT-T1"].iloc[0]
    assert (t1["petitions"], t1["on_spot"], t1["resolved"], t1["open"], t1["overdue"]) == (
        4,
        1,
        1,
        1,
        1,
    )
    assert by_key(s, "session_code", "code") == {
        "DT-T1": "L001",
        "DT-T2": "L001",
        "DT-T3": "L002",
        "DT-T4": "H004",
    }  # as filed


def test_session_petitions(conn):
    p = dialogue.session_petitions(conn, "DT-T1", Q1.end)
    assert list(p["state"]) == ["on_spot", "resolved", "overdue", "open"]
    assert list(p["assigned_agency"])[1:] == [DCXD, KTHT, TNMT]
    assert p["days_to_resolve"].iloc[1] == 31 and p["days_overdue"].iloc[2] == 31
    assert p["resolved_on"].iloc[2] is None  # resolved 20/04: not yet at 31/03
    assert p["deadline"].iloc[3] == date(2024, 3, 31)
    # A month later T1P3 is resolved (51 days, 51 days late) and T1P4 overdue.
    p = dialogue.session_petitions(conn, "DT-T1", date(2024, 4, 30))
    assert list(p["state"]) == ["on_spot", "resolved", "resolved", "overdue"]
    assert (p["days_to_resolve"].iloc[2], p["days_late"].iloc[2]) == (101, 51)
    assert p["days_late"].iloc[1] is pd.NA  # resolved on its deadline
    with pytest.raises(dialogue.UnknownSession):
        dialogue.session_petitions(conn, "NOPE", Q1.end)


def test_unknown_unit(conn):
    with pytest.raises(UnknownUnit):
        dialogue.counts(conn, Q1, Scope("NOPE"))


# --- the CLI -------------------------------------------------------------------------------


@pytest.fixture
def cli_db(dialogue_engine, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", dialogue_engine.url.render_as_string(hide_password=False))


def run_cli(capsys, *args):
    from dashboard import cli

    code = cli.main(["metrics", "dialogue", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_headline_json(cli_db, capsys):
    code, out, _ = run_cli(capsys, "--period", "2024-Q1", "--unit", "99", "--format", "json")
    assert code == 0
    (row,) = json.loads(out)
    assert (row["sessions"], row["petitions"], row["on_spot"], row["resolved"]) == (4, 10, 3, 4)
    assert (row["overdue"], row["backlog_overdue"], row["open"]) == (2, 3, 1)
    assert row["resolved_share"] == 70.0 and row["median_days"] == 31.0


def test_cli_by_topic_and_unit(cli_db, capsys):
    code, out, _ = run_cli(
        capsys, "--period", "2024-Q1", "--unit", "99", "--by", "topic", "--format", "json"
    )
    rows = json.loads(out)
    assert code == 0 and rows[0]["topic"] == "land" and rows[0]["petitions"] == 5
    code, out, _ = run_cli(
        capsys,
        "--period",
        "2024-Q1",
        "--unit",
        "L99",
        "--historical",
        "--by",
        "unit",
        "--format",
        "csv",
    )
    lines = out.strip().splitlines()
    assert code == 0 and lines[0].startswith("rank,rank_low,rank_high,band,few,code,name")
    assert lines[1].startswith(",,,,True,H004,")  # 2 petitions: flagged, not ranked


def test_cli_overdue_and_compliance(cli_db, capsys):
    code, out, _ = run_cli(
        capsys, "--period", "2024-Q1", "--unit", "99", "--overdue", "--format", "json"
    )
    rows = json.loads(out)
    assert code == 0
    assert [(r["session_code"], r["days_overdue"], r["assigned_agency"]) for r in rows] == [
        ("DT-T5", 260, TNMT),
        ("DT-T1", 31, KTHT),
        ("DT-T3", 21, DCXD),
    ]
    code, out, _ = run_cli(
        capsys,
        "--period",
        "2024",
        "--unit",
        "L99",
        "--historical",
        "--compliance",
        "2024",
        "--format",
        "json",
    )
    rows = json.loads(out)
    assert code == 0
    assert {r["code"]: r["status"] for r in rows}["L002"] == "bad"
    assert {r["code"]: r["conferences"] for r in rows}["L002"] == 0


def test_cli_by_month_and_agency(cli_db, capsys):
    code, out, _ = run_cli(
        capsys, "--period", "2024-Q1", "--unit", "001", "--by", "month", "--format", "json"
    )
    assert code == 0
    assert [r["sessions"] for r in json.loads(out)] == [1, 2, 1]
    code, out, _ = run_cli(
        capsys, "--period", "2024-Q1", "--unit", "99", "--by", "agency", "--format", "json"
    )
    assert code == 0 and json.loads(out)[0]["assigned_agency"] == DCXD


def test_cli_session_within_the_unit_asked_for(cli_db, capsys):
    """--unit narrows --session: DT-T1 was held at Xã An (L001), inside Xã An Hòa today (001)
    and the province (99), not inside Xã Cát Tiên (003)."""
    for unit in ("99", "001"):
        code, out, _ = run_cli(
            capsys, "--period", "2024-Q1", "--unit", unit, "--session", "DT-T1", "--format", "json"
        )
        assert code == 0 and len(json.loads(out)) > 0
    code, out, err = run_cli(capsys, "--period", "2024-Q1", "--unit", "003", "--session", "DT-T1")
    assert code == 2 and not out
    assert "session DT-T1 is at Xã An (L001), not within unit 003" in err


@pytest.mark.parametrize(
    "args, message",
    [
        (["--period", "2024-Q1", "--unit", "NOPE"], "NOPE"),
        (["--period", "2024-Q5"], "2024-Q5"),
        (["--period", "2024-Q1", "--compliance", "1999"], "1999"),
    ],
)
def test_cli_errors(cli_db, capsys, args, message):
    code, out, err = run_cli(capsys, *args)
    assert code == 2 and message in err and not out


# --- the page (AppTest) --------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")


@pytest.fixture(scope="module")
def page_url(tmp_path_factory):
    url, drop = new_database("sqlite", tmp_path_factory)
    eng = make_engine(url)
    migrate(eng)
    build_dialogue_fixture(eng)
    eng.dispose()
    yield url
    drop()


@pytest.fixture
def page(page_url, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("DATABASE_URL", page_url)
    from dashboard import web

    web.clear()

    def make(**params):
        at = AppTest.from_file(APP, default_timeout=60)
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        at.switch_page(str(ROOT / "pages" / "dialogue.py")).run()
        assert not at.exception, at.exception
        return at

    return make


def metrics(at):
    return {m.label: m.value for m in at.metric}


def _fetch_windows(monkeypatch) -> list:  # noqa: ANN001
    """The (start, end) of each petition fetch made from here on."""
    fetched = []
    real = dialogue._fetch_petition_rows

    def counting(conn, scope, start, end, ids):  # noqa: ANN001
        fetched.append((start, end))
        return real(conn, scope, start, end, ids)

    monkeypatch.setattr(dialogue, "_fetch_petition_rows", counting)
    return fetched


def test_the_page_fetches_its_petitions_once_per_window_family(page_url, monkeypatch):
    """The app runs each page inside ``shared.page()``, and the dialogue page expects its
    trend's window: its cards, breakdowns, league, map, trend and lists read the petitions in
    one fetch, not one a figure (seven before; two while the overdue list fetched its own with
    the summaries)."""
    monkeypatch.setenv("DATABASE_URL", page_url)
    fetched = _fetch_windows(monkeypatch)
    from streamlit.testing.v1 import AppTest

    from dashboard import web

    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(period="2024-Q1", unit="99")
    at.run()  # the overview first (its cards read the dialogue headline), then, uncached:
    web.clear()
    fetched.clear()
    at.switch_page(str(ROOT / "pages" / "dialogue.py")).run()
    assert not at.exception, at.exception
    assert metrics(at)["Kiến nghị"] == "10"
    # The trend's two years (the page expects them) serve every count and the overdue list
    # (which reads the summaries of the petitions it lists).
    assert fetched == [(date(2022, 4, 1), date(2024, 3, 31))], fetched


def test_the_overview_fetches_its_petitions_once(page_url, monkeypatch):
    """The overview reads the petitions overdue at the period's end (who holds what is late)
    before the dialogue line's headline: it expects the headline's window (2024-Q1, the
    quarter before and 2023-Q1: 01/01/2023 to 31/03/2024), so one fetch serves both."""
    monkeypatch.setenv("DATABASE_URL", page_url)
    assert dialogue.headline_window(Q1) == Period(date(2023, 1, 1), date(2024, 3, 31), "custom")
    fetched = _fetch_windows(monkeypatch)
    from streamlit.testing.v1 import AppTest

    from dashboard import web

    web.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(period="2024-Q1", unit="99")
    at.run()
    assert not at.exception, at.exception
    assert fetched == [(date(2023, 1, 1), date(2024, 3, 31))], fetched


def frames(at):
    """Data frames on the page by their first column's header."""
    return {df.value.columns[0]: df.value for df in at.dataframe}


def test_page_province(page):
    at = page(period="2024-Q1", unit="99")
    assert at.title[0].value == "Đối thoại với Nhân dân"
    m = metrics(at)
    assert m["Buổi đối thoại"] == "4"
    assert m["Kiến nghị"] == "10"
    assert m["Tỷ lệ đã giải quyết"] == "70,0%"
    assert m["Kiến nghị tồn quá hạn"] == "3"  # the backlog, any period (issue 11)
    assert m["Thời gian giải quyết"] == "31 ngày"
    text = " ".join(x.value for x in at.markdown)
    assert "trong đó 2 nêu trong kỳ này" in text  # T1P3 and T3P2; T5P1 is from 2023
    assert "1 hội nghị đối thoại" in text and "3 trả lời tại chỗ" in text
    overdue = [df.value for df in at.dataframe if "Số ngày quá hạn" in df.value.columns][0]
    assert list(overdue["Số ngày quá hạn"]) == ["260", "31", "21"]
    # How late, where, what was asked, who must act, by when: first, within 1440 px.
    assert list(overdue.columns[:5]) == [
        "Số ngày quá hạn",
        "Đơn vị",
        "Nội dung kiến nghị",
        "Cơ quan hiện nay",
        "Hạn giải quyết",
    ]
    assert list(overdue["Cơ quan được giao"]) == [TNMT, KTHT, DCXD]
    # Bodies abolished on 1 July 2025, with the body that took over their work (issue 16).
    assert list(overdue["Cơ quan hiện nay"]) == ["Phòng Kinh tế"] * 3


def test_page_compliance_lists_the_former_communes_that_missed(page):
    # 2024 in today's units (issue 11): both communes miss, each through its predecessors
    # (test_compliance_before_the_merger_is_judged_on_the_communes_as_they_were).
    at = page(period="2024", unit="99")
    comp = [df.value for df in at.dataframe if "Xã trước sắp xếp chưa đạt" in df.value.columns][0]
    assert dict(zip(comp["Đơn vị"], comp["Xã trước sắp xếp chưa đạt"], strict=True)) == {
        "Xã An Hòa": "Xã Bình, Xã Đông",
        "Xã Cát Tiên": "Xã Cát, Xã Đào",
    }
    assert any("kết thúc trước 01/07/2025" in c.value for c in at.caption)
    at = page(period="2024", unit="001")  # one commune: the names in a line
    line = [m.value for m in at.markdown if "Xã trước sắp xếp chưa đạt" in m.value]
    assert line == ["Xã trước sắp xếp chưa đạt: Xã Bình\\, Xã Đông"]  # names escaped


def test_page_empty_period_and_english(page):
    at = page(period="2030-Q1", unit="99")
    assert any("Không có buổi đối thoại" in i.value for i in at.info)
    at = page(period="2024-Q1", unit="99", lang="en")
    assert metrics(at)["Share resolved"] == "70.0%"


def test_page_drill_unit_session_petitions(page):
    at = page(period="2024-Q1", unit="99")
    league = [df for df in at.dataframe if "Hạng (khoảng 95%)" in df.value.columns][0]
    assert list(league.value["Đơn vị"]) == ["Xã An Hòa", "Xã Cát Tiên"]
    # Unit: select the league row (or set the URL, as a click does).
    if hasattr(league, "select_rows"):
        league.select_rows([0]).run()
    if at.query_params.get("unit") != "001":
        at.query_params["unit"] = "001"
        at.run()
    assert not at.exception, at.exception
    assert metrics(at)["Buổi đối thoại"] == "4"
    sessions = [df for df in at.dataframe if "Mã buổi" in df.value.columns][0]
    assert list(sessions.value["Mã buổi"]) == ["DT-T2", "DT-T3", "DT-T4", "DT-T1"]
    # Session: select T1 (or set the URL param the click sets).
    if hasattr(sessions, "select_rows"):
        sessions.select_rows([3]).run()
    if at.query_params.get("session") != "DT-T1":
        at.query_params["session"] = "DT-T1"
        at.run()
    assert not at.exception, at.exception
    assert at.query_params.get("session") == "DT-T1"
    pets = [
        df
        for df in at.dataframe
        if "Cơ quan được giao" in df.value.columns and "Tình trạng" in df.value.columns
    ][-1].value
    assert list(pets["Tình trạng"]) == [
        "Trả lời tại chỗ",
        "Đã giải quyết",
        "Quá hạn",
        "Đang giải quyết",
    ]
    assert list(pets["Cơ quan được giao"])[1:] == [DCXD, KTHT, TNMT]
    # Back to the province: the session goes with the commune.
    crumb = [b for b in at.button if b.label.startswith("‹ Tỉnh")][0]
    crumb.click().run()
    assert at.query_params.get("unit") == "99" and "session" not in at.query_params


def test_breakdowns_equal_counts(conn):
    """The page's one-fetch breakdowns are exactly counts() for the scope, by topic and by
    agency."""
    import pandas.testing as pdt

    from queries import dialogue as dq

    for text in ("2024-Q1", "2024", "2023-Q4"):
        p = parse(text)
        parts = dq.breakdowns(conn, p, Scope("99"))
        pdt.assert_frame_equal(parts["total"], dq.counts(conn, p, Scope("99")))
        for by in ("topic", "agency"):
            pdt.assert_frame_equal(parts[by], dq.counts(conn, p, Scope("99"), by=by))


@pytest.mark.parametrize(
    "text", ["2024-Q1", "2024-02", "2024", "2023-Q4", "2024-01-10..2024-03-05"]
)
def test_headline_from_one_fetch_equals_counts_per_period(conn, text):
    """The headline fetches once for now, previous and last year; each figure equals counts()
    run for that period alone."""
    from queries import dialogue as dq

    p = parse(text)
    h = dq.headline(conn, p, Scope("99"))
    for per, attr in (
        (p, "value"),
        (p.previous(), "previous"),
        (p.same_period_last_year(), "last_year"),
    ):
        row = dq.counts(conn, per, Scope("99")).iloc[0]
        for metric, col in (
            ("sessions", "sessions"),
            ("petitions", "petitions"),
            ("resolved_share", "resolved_share"),
            ("backlog_overdue", "backlog_overdue"),
            ("median_days", "median_days"),
        ):
            got = getattr(h[metric], attr)
            want = None if pd.isna(row[col]) else float(row[col])
            assert got == want, (text, attr, metric)


# --- rows shared within a page (queries.shared) ---------------------------------------------


def _petition_fetches(conn):
    """Count the petition fetches sent on this connection's engine."""
    from sqlalchemy import event

    sent = []

    def seen(c, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        if "FROM petition" in statement:
            sent.append(statement)

    event.listen(conn.engine, "before_cursor_execute", seen)
    return sent, lambda: event.remove(conn.engine, "before_cursor_execute", seen)


def _sorted(df):
    return df.sort_values(["petition_id"] if "petition_id" in df else ["session_id"]).reset_index(
        drop=True
    )


@pytest.mark.parametrize(
    "wide, narrow",
    [
        ("2023-06-01..2024-12-31", "2024-Q1"),
        ("2023-06-01..2024-12-31", "2024-04-01..2024-04-30"),
        ("2024", "2024-02"),
        ("2024-Q1", "2024-Q1"),
    ],
)
def test_a_wider_fetch_answers_a_narrower_one_with_the_same_rows(conn, wide, narrow):
    """Inside a page, petitions and sessions for a window within one fetched earlier come from
    that fetch, narrowed, with one statement fewer each; the rows are exactly those a fetch of
    the window gives (carried petitions included: T5P1, raised 2023, unresolved)."""
    import pandas.testing as pdt

    from queries import shared

    w, n = parse(wide), parse(narrow)
    scope = Scope("99")
    plain_pet = dialogue._petition_rows(conn, scope, n.start, n.end)
    plain_sess = dialogue._sessions(conn, scope, n.start, n.end)
    sent, stop = _petition_fetches(conn)
    try:
        with shared.page():
            dialogue._petition_rows(conn, scope, w.start, w.end)
            dialogue._sessions(conn, scope, w.start, w.end)
            before = len(sent)
            pet = dialogue._petition_rows(conn, scope, n.start, n.end)
            sess = dialogue._sessions(conn, scope, n.start, n.end)
            assert len(sent) == before  # no petition or session statement for the narrower one
    finally:
        stop()
    pdt.assert_frame_equal(_sorted(pet), _sorted(plain_pet))
    pdt.assert_frame_equal(_sorted(sess), _sorted(plain_sess))
    # The headline's totals of the narrower window, counted on the wider fetch's arrays, are
    # the counts of the window fetched and classified on its own.
    wide_sess = dialogue._sessions(conn, scope, w.start, w.end)
    wide_pet = dialogue._petition_rows(conn, scope, w.start, w.end)
    totals = dialogue._totals(wide_sess, wide_pet, n.start, n.end)
    row = dialogue.counts(conn, n, scope).iloc[0]
    pdt.assert_series_equal(pd.Series(totals, dtype="float64"), row, check_names=False)


def test_outside_a_page_every_call_fetches_and_a_page_forgets_on_leaving(conn):
    from dashboard.storage.db import at_version
    from queries import shared

    scope = Scope("99")
    sent, stop = _petition_fetches(conn)
    try:
        dialogue._petition_rows(conn, scope, Q1.start, Q1.end)
        dialogue._petition_rows(conn, scope, Q1.start, Q1.end)
        assert len(sent) == 2
        with shared.page():
            dialogue._petition_rows(conn, scope, Q1.start, Q1.end)
            dialogue._petition_rows(conn, scope, Q1.start, Q1.end)
        assert len(sent) == 3
        with shared.page():
            dialogue._petition_rows(conn, scope, Q1.start, Q1.end)
            # Another scope or another data version: fetched on their own.
            dialogue._petition_rows(conn, Scope("99", historical=True), Q1.start, Q1.end)
            with at_version(conn.engine.url.render_as_string(hide_password=False), 12345):
                dialogue._petition_rows(conn, scope, Q1.start, Q1.end)
        assert len(sent) == 6
    finally:
        stop()


def test_a_page_of_shared_rows_shows_the_figures_of_plain_queries(conn):
    """Every dialogue figure the page shows is the same computed inside a page (rows shared)
    as alone (each call fetching): the headline's three periods, breakdowns, league, trend,
    recurring topics and the overdue list."""
    import pandas.testing as pdt

    from queries import shared

    scope = Scope("99")

    def figures():
        h = dialogue.headline(conn, Q1, scope)
        return {
            "headline": {k: (f.value, f.previous, f.last_year, f.n) for k, f in h.items()},
            "breakdowns": dialogue.breakdowns(conn, Q1, scope),
            "league": dialogue.league(conn, Q1, scope),
            "trend": dialogue.trend(conn, Q1, scope),
            "topics": dialogue.recurring_topics(conn, Q1.end, scope),
            "overdue": dialogue.overdue_petitions(conn, Q1.end, scope),
        }

    alone = figures()
    with shared.page():
        dialogue.trend(conn, Q1, scope)  # the widest window first: the rest are narrowed
        together = figures()
    assert together["headline"] == alone["headline"]
    for part in ("total", "topic", "agency"):
        pdt.assert_frame_equal(together["breakdowns"][part], alone["breakdowns"][part])
    for key in ("league", "trend", "topics", "overdue"):
        pdt.assert_frame_equal(together[key], alone[key])
    # The hand-worked figures hold inside a page too.
    assert together["headline"]["petitions"][0] == 10
    assert together["headline"]["backlog_overdue"][0] == 3


def test_a_page_judges_compliance_once_for_its_table_and_map(conn, monkeypatch):
    """The dialogue page shows each commune against the yearly requirement in a table and on
    the map: inside a page (``shared.page``) they are judged once; alone, each call judges."""
    import pandas.testing as pdt

    from queries import maps, shared

    judged = []
    real = dialogue._compliance_of
    monkeypatch.setattr(dialogue, "_compliance_of", lambda *a: judged.append(a[1:]) or real(*a))
    scope = Scope("99")
    alone = dialogue.compliance(conn, 2024, scope, Q1.end)
    with shared.page():
        table = dialogue.compliance(conn, 2024, scope, Q1.end)
        mapped = maps.map_units(conn, Q1, scope, "dialogue_sessions")
    assert judged == [(2024, scope, Q1.end)] * 2
    pdt.assert_frame_equal(table, alone)
    on_map = mapped.units.set_index("code")["n"].to_dict()
    assert {c: on_map[c] for c in table["code"]} == dict(
        zip(table["code"], table["sessions"], strict=True)
    )


def test_the_drivers_dates_become_one_datetime_array_either_way():
    """PostgreSQL hands dates back as ``date`` objects (converted by their ordinals), SQLite as
    ISO text (parsed by numpy): the same datetime64 array, NaT for None."""
    import numpy as np

    from queries.dialogue import _date_array

    want = np.array(["2024-03-01", "NaT", "1969-12-31"], dtype="datetime64[us]")
    got = _date_array([date(2024, 3, 1), None, date(1969, 12, 31)])
    text = _date_array(["2024-03-01", None, "1969-12-31"])
    for a in (got, text):
        assert a.dtype == want.dtype
        np.testing.assert_array_equal(a, want)
    assert _date_array([]).shape == (0,) and _date_array([None, None]).dtype == want.dtype
