"""The one-line summaries on the briefing page, against the fixture (tests/fixtures.py)."""

from datetime import date

import pytest

from dashboard.domain.periods import parse
from queries import dialogue, rollout, satisfaction

Q1 = parse("2024-Q1")


@pytest.fixture
def conn(fixture_engine):
    with fixture_engine.connect() as c:
        yield c


def test_satisfaction_summary(conn):
    # S1 5, S2 4, S3 3 (L001), S4 2 (L002), S5 5 (L005); S6 is December 2023.
    assert satisfaction.summary(conn, Q1, "99") == {"responses": 5, "satisfied": 3, "rate": 60.0}
    assert satisfaction.summary(conn, Q1, "001") == {"responses": 4, "satisfied": 2, "rate": 50.0}
    assert satisfaction.summary(conn, parse("2025-Q1"), "99")["rate"] is None


def test_dialogue_summary(conn):
    # DS1 only; petition 3 is open past its deadline at 31/03, petition 4 open but not due.
    assert dialogue.summary(conn, Q1, "99") == {
        "sessions": 1,
        "petitions": 4,
        "on_spot": 1,
        "open": 2,
        "overdue": 1,
    }
    # At the end of Q2 petition 3 is resolved (01/05); petition 4 is overdue (due 30/04).
    q2 = dialogue.summary(conn, parse("2024-Q2"), "99")
    assert q2["sessions"] == 0


def test_rollout_summary(conn):
    assert rollout.summary(conn, date(2024, 3, 31), "99") == {
        "running": 1,
        "units": 1,
        "overdue_reviews": 0,
    }
    # R2 launched in April; R1's final review was planned for 30/06 and has not happened.
    assert rollout.summary(conn, date(2024, 7, 31), "99") == {
        "running": 2,
        "units": 2,
        "overdue_reviews": 1,
    }


def test_launch_events(conn):
    ev = rollout.launch_events(conn, "99")
    assert [str(d)[:10] for d in ev["launched_on"]] == ["2022-01-01", "2023-03-29", "2024-04-01"]
    assert len(rollout.launch_events(conn, "L002", historical=True)) == 1
