"""The one-line summaries on the briefing page, against the fixture (tests/fixtures.py)."""

from datetime import date

import pytest

from dashboard.domain.periods import parse
from dashboard.i18n import t
from queries import dialogue, rollout, satisfaction
from queries.figures import KINDS, headlines
from queries.units import Scope

Q1 = parse("2024-Q1")


@pytest.fixture
def conn(fixture_engine):
    with fixture_engine.connect() as c:
        yield c


def test_satisfaction_headline_counts(conn):
    # S1 5, S2 4, S3 3 (L001), S4 2 (L002), S5 5 (L005); S6 is December 2023.
    h = satisfaction.headline(conn, Q1, Scope("99"))
    rate = h["satisfaction_rate"]
    assert (rate.numerator, rate.denominator, rate.value) == (3, 5, 60.0)
    assert (h["responses"].value, h["responses"].numerator, h["responses"].denominator) == (
        5,
        5,
        None,
    )
    # Today's 001 = L001 + L002: S1..S4, two of them 4–5.
    h001 = satisfaction.headline(conn, Q1, Scope("001"))["satisfaction_rate"]
    assert (h001.numerator, h001.denominator, h001.value) == (2, 4, 50.0)
    assert (
        satisfaction.headline(conn, parse("2025-Q1"), Scope("99"))["satisfaction_rate"].value
        is None
    )


def test_dialogue_headline_names_what_it_counts(conn):
    # DS1 only; petition 3 is open past its deadline at 31/03, petition 4 open but not due.
    # DS2 (L003, 2023) has petition 1, due 15/01/2024 and never resolved: overdue at 31/03,
    # raised before the period. So "overdue among the period's petitions" is 1 and "overdue
    # at the period's end, whenever raised" (the backlog) is 2.
    h = dialogue.headline(conn, Q1, Scope("99"))
    assert h["sessions"].value == 1 and h["petitions"].value == 4
    assert (h["open_raised"].numerator, h["open_raised"].denominator) == (2, 4)
    assert (h["overdue_raised"].numerator, h["overdue_raised"].denominator) == (1, 4)
    assert h["backlog_overdue"].value == 2
    # on the spot (1) + resolved (petition 2) of 4 raised
    share = h["resolved_share"]
    assert (share.numerator, share.denominator, share.value) == (2, 4, 50.0)
    assert t(h["backlog_overdue"].definition, "en").startswith("Petitions still open")
    assert dialogue.headline(conn, parse("2024-Q2"), Scope("99"))["sessions"].value == 0


def test_rollout_headline(conn):
    # At 31/03/2024: R1 (L002, now 001) running; R3 stopped in June 2023; R2 not registered yet.
    h = rollout.headline(conn, date(2024, 3, 31), Scope("99"))
    assert {k: f.value for k, f in h.items()} == {
        "rollouts_active": 1,
        "units_running": 1,
        "reviews_overdue": 0,
        "ready_to_replicate": h["ready_to_replicate"].value,
    }
    assert h["rollouts_active"].denominator == 2  # R1 and R3 registered by then
    # R2 launched in April at L003 (now 003); R1's final review was planned for 30/06 and has
    # not happened.
    h = rollout.headline(conn, date(2024, 7, 31), Scope("99"))
    assert (h["rollouts_active"].value, h["units_running"].value) == (2, 2)
    assert (h["reviews_overdue"].value, h["reviews_overdue"].denominator) == (1, 3)
    # The rollout page's model picker reads the same figures (the fixture has one model).
    assert rollout.headline(conn, date(2024, 7, 31), Scope("99"), "M1") == h


def test_rollout_as_of_is_the_period_end_or_today():
    assert rollout.as_of_for(Q1, date(2026, 1, 1)) == date(2024, 3, 31)
    assert rollout.as_of_for(Q1, date(2024, 2, 10)) == date(2024, 2, 10)


def test_every_headline_figure_has_a_definition_in_both_languages(conn):
    figs = headlines(conn, Q1, Scope("99"), date(2024, 3, 31))
    for subject, group in figs.items():
        for key, fig in group.items():
            for lang in ("vi", "en"):
                assert t(fig.definition, lang) != fig.definition, (subject, key, lang)
                assert t(fig.label, lang) != fig.label, (subject, key, lang)
            assert fig.kind in KINDS
            if fig.kind == "pct" and fig.denominator:
                assert fig.value == pytest.approx(100.0 * fig.numerator / fig.denominator)


def test_launch_events(conn):
    ev = rollout.launch_events(conn, Scope("99"))
    assert [str(d)[:10] for d in ev["launched_on"]] == ["2022-01-01", "2023-03-29", "2024-04-01"]
    assert len(rollout.launch_events(conn, Scope("L002", historical=True))) == 1
