"""The Chỉ số 766 page renders on the hand-worked fixture and shows the query's figures; the
page, the command line and the query agree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.domain.periods import parse
from dashboard.i18n import fmt_number
from dashboard.storage.db import make_engine
from queries import index766
from queries.units import Scope

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
PAGE = str(ROOT / "pages" / "index766.py")


@pytest.fixture
def page(fixture_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", fixture_url)
    monkeypatch.setenv("OVERSIGHT_TODAY", "2026-11-26")
    from dashboard import web

    web.clear()

    def make(**params) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=90)
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        at.switch_page(PAGE).run()
        assert not at.exception, at.exception
        return at

    return make


@pytest.mark.parametrize(
    ("period", "unit"), [("2024-Q1", "99"), ("2025-07", "003"), ("2030", "99")]
)
def test_page_renders_and_agrees_with_the_query_and_cli(page, fixture_url, capsys, period, unit):
    at = page(period=period, unit=unit)
    metrics = {m.label: m.value for m in at.metric}
    eng = make_engine(fixture_url)
    with eng.connect() as conn:
        card = index766.scorecard(conn, parse(period), Scope(unit))
    eng.dispose()
    t = index766.total(card)
    assert metrics["Tổng điểm (ước tính)"] == fmt_number(t["score"], "vi", 2)
    assert metrics["Điểm chưa xác định"] == "12"
    from dashboard import cli

    assert (
        cli.main(["metrics", "index766", "--period", period, "--unit", unit, "--format", "json"])
        == 0
    )
    rows = json.loads(capsys.readouterr().out)
    got = {r["code"]: r["score"] for r in rows}
    want = {
        c: (None if s != s else round(s, 2)) for c, s in zip(card.code, card.score, strict=True)
    }
    assert got == want
    assert round(sum(v for v in got.values() if v is not None), 2) == pytest.approx(
        t["score"], abs=0.02
    )


def test_pack_slide_and_sheet_show_the_query_figures(fixture_engine):
    import io

    from openpyxl import load_workbook
    from pptx import Presentation

    from dashboard.i18n import t
    from dashboard.pack import build_deck, build_workbook, collect

    with fixture_engine.connect() as conn:
        data = collect(conn, parse("2024-Q1"), Scope("99"))
        s = index766.headline(conn, parse("2024-Q1"), Scope("99"))["i766_total"].value
        card = index766.scorecard(conn, parse("2024-Q1"), Scope("99"))
    assert data.index766_line == f"Chỉ số 766: {fmt_number(s, 'vi', 2)}/100 (ước tính)"
    prs = Presentation(io.BytesIO(build_deck(data)))
    slide = next(
        x
        for x in prs.slides
        if x.shapes.title is not None and x.shapes.title.text == t("i766_card")
    )
    texts = " ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
    assert data.index766_line in texts
    chart = next(sh for sh in slide.shapes if sh.has_chart).chart
    progress = card.set_index("code").loc["on_time", "score"]
    # The group named with its points as the page writes them ("13,33 / 20").
    assert list(chart.plots[0].categories)[1] == (
        f"Tiến độ giải quyết ({fmt_number(progress, 'vi', 2)} / 20)"
    )
    assert chart.plots[0].series[0].values[1] == pytest.approx(round(progress, 2))
    undetermined = list(chart.plots[0].categories)[2]
    assert undetermined == "Dịch vụ công trực tuyến (chưa xác định / 12)"
    wb = load_workbook(io.BytesIO(build_workbook(data)))
    ws = wb["Chỉ số 766"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, [c.value for c in r], strict=True)) for r in ws.iter_rows(2)]
    assert len(rows) == len(index766.INDICATORS)
    got = {r["Chỉ tiêu"]: r["Điểm ước tính"] for r in rows}
    want = dict(zip(card["indicator"], card["score"], strict=True))
    assert got.keys() == want.keys()
    for k, v in want.items():
        assert (got[k] is None and v != v) or got[k] == pytest.approx(v), k


def test_overview_has_the_index_line(page):
    at = page(period="2024-Q1", unit="99")
    at.switch_page(str(ROOT / "pages" / "overview.py")).run()
    links = " ".join(link.proto.label for link in at.get("page_link"))
    assert "Chỉ số 766: " in links and "/100 (ước tính)" in links


def test_what_is_at_stake_shows_only_while_the_period_runs(page, monkeypatch):
    # Today is 26/11/2026: 2026-Q4 runs (its heading shows, with what is at stake or a line
    # saying nothing is); 2024-Q1 has ended: no heading, and the page does not even ask.
    asked = []
    real = index766.at_stake

    def at_stake(conn, period, *args, **kw):  # noqa: ANN001, ANN002, ANN003, ANN202
        asked.append(period)
        return real(conn, period, *args, **kw)

    monkeypatch.setattr(index766, "at_stake", at_stake)
    running = page(period="2026-Q4", unit="99")
    assert "Trước khi hết kỳ" in [s.value for s in running.subheader]
    assert asked == [parse("2026-Q4")]
    ended = page(period="2024-Q1", unit="99")
    assert "Trước khi hết kỳ" not in [s.value for s in ended.subheader]
    assert asked == [parse("2026-Q4")]
