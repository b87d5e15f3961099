"""One figure, one computation: "cách tính" on every card, from the Figure every surface reads.

Hand-worked on the fixture (tests/fixtures.py), 2024-Q1, province 99 (today's units: 001 Xã An
Hòa, 003 Xã Cát Tiên): 13 of 16 resolved dossiers on time, 3 of 5 ratings satisfied.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.domain.periods import parse
from dashboard.i18n import period_label
from dashboard.web.widgets import explain_lines
from queries import on_time
from queries.figures import Figure, count_figure
from queries.units import Scope, coverage

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
Q1 = parse("2024-Q1")


@pytest.fixture
def conn(fixture_engine):
    with fixture_engine.connect() as c:
        yield c


def test_coverage_counts_the_communes_in_the_view(conn):
    assert coverage(conn, Scope("99")) == {"code": "99", "name": "Tỉnh Thử Nghiệm", "communes": 2}
    # As they were: L99 had L001, L002, L003, H004 and L005 under its district.
    assert coverage(conn, Scope("L99", historical=True))["communes"] == 5
    assert coverage(conn, Scope("001"))["communes"] == 1


def test_explain_lines_say_numerator_denominator_period_and_units():
    rate = Figure("on_time_rate", 81.25, 16, numerator=13, denominator=16)
    cov = {"code": "99", "name": "Tỉnh Thử Nghiệm", "communes": 2}
    lines = explain_lines(rate, "vi", "Quý 1/2024", cov, historical=False)
    assert lines == [
        "**Tử số**: 13 · **Mẫu số**: 16",
        "**Kỳ**: Quý 1/2024",
        "**Đơn vị**: Tỉnh Thử Nghiệm (2 xã, phường; đơn vị hiện nay)",
    ]
    lines = explain_lines(
        count_figure("rollouts_active", 1), "en", "Q1 2024", cov, True, "HT", date(2024, 3, 31)
    )
    assert lines == [
        "**Count**: 1",
        "**As of**: 31/03/2024",
        "**Units**: Tỉnh Thử Nghiệm (2 communes; units as they were before 1/7/2025)",
        "**Field**: HT",
    ]
    median = Figure("median_days", 31.0, 4, numerator=None, denominator=4, kind="days")
    one = {"code": "001", "name": "Xã An Hòa", "communes": 1}
    assert explain_lines(median, "vi", "Quý 1/2024", one, False)[::2] == [
        "**Mẫu số**: 4 (trung vị, không có tử số)",
        "**Đơn vị**: Xã An Hòa (đơn vị hiện nay)",
    ]


def test_apology_share_counts(conn):
    # The card's "cách tính" shows letters / late dossiers as counts.
    f = on_time.headline(conn, Q1, Scope("99"))["apology_share"]
    assert f.numerator is not None and f.denominator is not None
    assert f.value == pytest.approx(100.0 * f.numerator / f.denominator)


@pytest.fixture
def app(fixture_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", fixture_url)
    monkeypatch.setenv("OVERSIGHT_TODAY", "2024-03-31")
    from dashboard import web

    web.clear()

    def make(page: str | None = None, **params) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        if page:
            at.switch_page(str(ROOT / "pages" / f"{page}.py")).run()
        assert not at.exception, at.exception
        return at

    return make


def texts(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def popovers(at: AppTest) -> list[str]:
    return [p.proto.popover.label for p in at.get("popover")]


def test_every_card_explains_itself(app):
    at = app(period="2024-Q1", unit="99")
    text = texts(at)
    # The on-time rate's card: its definition, 13 of 16, the quarter and the two communes.
    assert "Số hồ sơ giải quyết sớm hoặc đúng hạn chia cho" in text
    assert "**Tử số**: 13 · **Mẫu số**: 16" in text
    assert f"**Kỳ**: {period_label(Q1, 'vi')}" in text  # the frame's own period label
    assert "**Đơn vị**: Tỉnh Thử Nghiệm (2 xã, phường; đơn vị hiện nay)" in text
    # Backlog: 2 overdue of 5 pending at 31/03; due-soon cards are as of today.
    assert "**Tử số**: 2 · **Mẫu số**: 5" in text
    assert "**Tính đến ngày**: 31/03/2024" in text
    labels = popovers(at)
    assert labels.count("Cách tính") >= 6  # four on-time cards, two due-soon cards
    for page, n in (("satisfaction", 3), ("dialogue", 5), ("rollout", 4), ("on_time", 5)):
        at = app(page, period="2024-Q1", unit="99")
        assert popovers(at).count("Cách tính") >= n, page
    at = app("satisfaction", period="2024-Q1", unit="99", lang="en")
    text = texts(at)
    assert "**Numerator**: 3 · **Denominator**: 5" in text
    assert "Ratings of 4–5, divided by the ratings given in the period." in text


def test_dialogue_league_has_the_shared_funnel(app):
    """Every league's funnel comes from dashboard.charts.funnel, centred on the peers' pooled
    rate: the dialogue page's too (resolved share of petitions)."""
    at = app("dialogue", period="2024-Q1", unit="99")
    titles = [
        json.loads(c.proto.spec)["layout"].get("title", {}).get("text", "")
        for c in at.get("plotly_chart")
    ]
    assert any(x.startswith("Tỷ lệ kiến nghị đã giải quyết và") for x in titles), titles
