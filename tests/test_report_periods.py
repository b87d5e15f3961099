"""Units that send only the Biểu 06 report, on the surfaces (issue 11): their figures count in
the period's totals and the page says so; the monthly chart leaves them out and says so.

The fixture's L005 reports for the official 2024-Q1 (15/12/2023 – 14/03/2024): 9 resolved,
10 received (tests/fixtures.py; the counts are worked out in tests/test_on_time.py).
"""

from __future__ import annotations

from dashboard import cli
from tests.test_pages import app, metrics  # noqa: F401 - the page fixture


def test_on_time_page_says_what_totals_and_the_chart_hold(app):  # noqa: F811
    at = app("on_time", period="2024-Q1", unit="99")
    notes = [c.value for c in at.caption]
    assert any(
        "gồm 9 hồ sơ đã giải quyết theo báo cáo định kỳ (Biểu 06) của 1 đơn vị" in n
        and "15/12/2023 – 14/03/2024" in n
        for n in notes
    ), notes
    assert any("không gồm 9 hồ sơ đã giải quyết của 1 đơn vị" in n for n in notes), notes
    assert metrics(at)["Tỷ lệ đúng hạn"] == "81,2%"  # 13 of 16, the report included


def test_a_commune_without_reports_has_no_note(app):  # noqa: F811
    at = app("on_time", period="2024-Q1", unit="001")
    assert not any("Biểu 06" in c.value for c in at.caption)


def test_overview_says_its_totals_hold_a_report(app):  # noqa: F811
    at = app(None, period="2024-Q1", unit="99")
    assert any("theo báo cáo định kỳ (Biểu 06) của 1 đơn vị" in c.value for c in at.caption)


def test_cli_by_month_says_what_it_leaves_out(fixture_engine, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", fixture_engine.url.render_as_string(hide_password=False))
    code = cli.main(["metrics", "on-time", "--period", "2024-Q1", "--unit", "99", "--by", "month"])
    out = capsys.readouterr()
    assert code == 0
    assert "monthly rows leave out 9 resolved dossiers" in out.err
    assert "15/12/2023–14/03/2024" in out.err
    code = cli.main(["metrics", "on-time", "--period", "2024-Q1", "--unit", "001", "--by", "month"])
    assert code == 0 and "note:" not in capsys.readouterr().err
