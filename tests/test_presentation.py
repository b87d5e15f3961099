"""Every page reads right (issue 16): each rendered table is scanned for "None", unsigned
changes and numbers without the language's separators; every page names its unit, period and
date under its title; a period still running says so.

AppTest runs the real entry script on the SQLite fixture (tests/fixtures.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import t

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
PAGES = ["overview", "on_time", "satisfaction", "rollout", "dialogue", "maps"]
MISSING = {"None", "nan", "NaN", "<NA>", "NaT", "none"}
# Columns holding a change from the previous period: always signed (+1,2 / −0,5 / ±0) or "–".
CHANGE_KEYS = ("change", "sat_change_pts", "ro_change")
SIGNED = re.compile(r"^([+−]\d|±0|–$)")


@pytest.fixture
def app(fixture_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", fixture_url)
    from dashboard import web

    web.clear()

    def make(page: str, **params) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=90)
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        at.switch_page(str(ROOT / "pages" / f"{page}.py")).run()
        assert not at.exception, at.exception
        return at

    return make


def problems_in(frame: pd.DataFrame, lg: str) -> list[str]:
    out = []
    change_cols = {t(k, lg) for k in CHANGE_KEYS}
    for col in frame.columns:
        s = frame[col]
        if str(col).lower() == "code" or str(col).startswith(("Mã", "Code")):
            continue
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            if s.dropna().abs().ge(1000).any() or not s.dropna().map(float.is_integer).all():
                out.append(f"{col}: raw numbers {list(s)[:3]}")
            continue
        for v in s:
            text = str(v)
            if v is None or text in MISSING:
                out.append(f"{col}: {text!r}")
            elif re.fullmatch(r"-?\d{4,}([.,]\d+)?%?", text):
                out.append(f"{col}: no thousands separator in {text!r}")
            elif lg == "vi" and re.fullmatch(r"-?\d+\.\d+%?", text):
                out.append(f"{col}: decimal point in {text!r}")
            elif col in change_cols and not SIGNED.match(text):
                out.append(f"{col}: unsigned change {text!r}")
    return out


@pytest.mark.parametrize("lg", ["vi", "en"])
@pytest.mark.parametrize("unit", ["99", "001"])
@pytest.mark.parametrize("page", PAGES)
def test_every_table_reads_right_and_the_header_names_the_unit(app, page, unit, lg):
    params = dict(period="2024-Q1", unit=unit)
    if lg == "en":
        params["lang"] = lg
    at = app(page, **params)
    found = []
    for i, df in enumerate(at.dataframe):
        value = df.value
        if isinstance(value, pd.DataFrame):
            found += [f"table {i}: {p}" for p in problems_in(value, lg)]
    for m in at.metric:
        if str(m.value) in MISSING:
            found.append(f"metric {m.label}: {m.value!r}")
    assert not found, found
    # The header under the title: unit, period, date the data run to.
    head = " ".join(m.value for m in at.markdown if "page-header" in m.value)
    name = "Xã An Hòa" if unit == "001" else "Tỉnh Thử Nghiệm"
    period = "Quý I/2024" if lg == "vi" else "Q1 2024"
    assert name in head and period in head, head
    assert ("Dữ liệu đến ngày" if lg == "vi" else "Data up to") in head


def test_a_running_period_says_it_has_not_ended(app):
    """The fixture's data run to a date inside 2024 (its last import): the year 2030 is not
    over yet as far as the data go, and the page says so."""
    at = app("overview", period="2030", unit="99")
    notes = " ".join(i.value for i in at.info)
    assert "Kỳ chưa kết thúc" in notes
    at = app("overview", period="2024-Q1", unit="99")
    assert "Kỳ chưa kết thúc" not in " ".join(i.value for i in at.info)


def test_table_text_formats_numbers_and_missing_values():
    from dashboard.web.widgets import table_text

    df = pd.DataFrame(
        {"n": [402693, 5], "days": [2055.0, None], "rate": [83.75, 50.0], "name": ["A", None]}
    )
    vi = table_text(df, "vi")
    assert list(vi["n"]) == ["402.693", "5"]
    assert list(vi["days"]) == ["2.055", "–"]  # whole numbers stay whole
    assert list(vi["rate"]) == ["83,8", "50,0"]  # half-even as Babel rounds? 83,75 -> 83,8
    assert list(vi["name"]) == ["A", "–"]
    assert list(table_text(df, "en")["n"]) == ["402,693", "5"]
    # Nullable integers, infinity (not whole: one decimal), a list in a text cell, booleans.
    odd = pd.DataFrame(
        {
            "i": pd.array([7, None], dtype="Int64"),
            "inf": [float("inf"), 2.0],
            "cell": [["x"], None],
            "flag": [True, False],
        }
    )
    vi = table_text(odd, "vi")
    assert list(vi["i"]) == ["7", "–"] and list(vi["inf"]) == ["∞", "2,0"]
    assert list(vi["cell"]) == [["x"], "–"] and list(vi["flag"]) == [True, False]


def test_number_columns_are_right_aligned_under_the_pages_own_configuration():
    import streamlit as st

    from dashboard.web.widgets import numbers_right

    df = pd.DataFrame(
        {"n": [1, 2], "rate": [83.75, None], "i": pd.array([7, None], dtype="Int64")}
        | {"name": ["A", "B"], "flag": [True, False], "code": [3, 4]}
    )
    given = {"rate": st.column_config.TextColumn(width=120), "name": None, "code": None}
    config = numbers_right(df, given)
    assert config["n"] == config["i"] == {"alignment": "right"}
    # The page's width kept, the alignment not undone by its unset (None) keys.
    assert config["rate"]["alignment"] == "right" and config["rate"]["width"] == 120
    assert config["name"] is None and config["code"] is None  # hidden stays hidden
    assert "flag" not in config  # booleans are drawn as checkboxes
    assert numbers_right(df[["name"]]) == {}
    # Figures a page formatted itself are figures too; codes, dates and words are not.
    shown = pd.DataFrame(
        {
            "score": ["64,07", "–", None],
            "share": ["95,05%", "31,44%", "0%"],
            "num": ["3.649", "31", "-1,2"],
            "change": ["+1,6", "−2,7", "–"],
            "median": pd.Series([21.0, None, 19.5], dtype=object),  # numbers with a None
            "letters": pd.Series([pd.NA, pd.NA, pd.NA], dtype=object),  # nothing at all
            "cell": pd.Series([["x", "y"], None, "–"], dtype=object),
            "code": ["11953", "12103", "00123"],
            "day": ["13/02/2021", "–", None],
            "note": ["64,07", "chưa xác định", None],
        }
    )
    assert set(numbers_right(shown)) == {"score", "share", "num", "change", "median"}


def test_the_commune_overview_shows_its_own_rank_late_dossiers_and_whom_to_call(app):
    """Xã An Hòa (001), 2024-Q1 (tests/test_bodies.py works the bodies out): its own late
    dossiers D04 (8 days), D06 (6), D03 (3); not ranked on 6 resolved dossiers (fewer than 30);
    whom to call: the Phòng Kinh tế (formerly "Công chức Địa chính – Xây dựng") with D06 and
    one petition 11 days overdue."""
    at = app("overview", period="2024-Q1", unit="001")
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "Chưa xếp hạng: ít hồ sơ (6)" in text
    assert "Nhiều hồ sơ quá hạn nhất" not in text  # not the province's lists
    late = at.dataframe[0].value
    assert list(late["Mã hồ sơ"]) == ["D04", "D06", "D03"]
    assert list(late["Số ngày trễ"]) == ["8", "6", "3"]
    call = next(m.value for m in at.markdown if m.value.startswith("1. ")).replace("\\", "")
    assert call.startswith("1. **Phòng Kinh tế**: 1 hồ sơ tồn quá hạn (lâu nhất D06, 6 ngày)")
    assert "1 kiến nghị quá hạn (lâu nhất 11 ngày)" in call
    assert "trước đây: Công chức Địa chính – Xây dựng" in call


def test_the_province_overview_calls_bodies_by_commune_and_lists_them_by_body(app):
    at = app("overview", period="2024-Q1", unit="99")
    call = next(m.value for m in at.markdown if m.value.startswith("1. ")).replace("\\", "")
    lines = call.split("\n")
    assert lines[0].startswith("1. **Phòng Kinh tế – Xã An Hòa**")
    assert lines[1].startswith("2. **Phòng Kinh tế – Xã Cát Tiên**: 1 kiến nghị quá hạn")
    assert len(lines) == 2  # Văn phòng HĐND và UBND has nothing overdue, only late
    table = at.dataframe[-1].value
    assert list(table["Cơ quan"]) == ["Phòng Kinh tế", "Phòng Kinh tế", "Văn phòng HĐND và UBND"]
    assert list(table["Trễ hạn trong kỳ"]) == ["0", "0", "2"]
    assert list(table["Chưa có phiếu xin lỗi"]) == ["0", "0", "1"]


def test_count_axes_are_whole_and_written_the_vietnamese_way():
    import plotly.graph_objects as go

    from dashboard.charts.theme import theme

    # A stacked count chart up to 2.000 + 4.000 = 6.000: ticks every 2.000, written by Babel.
    def stacked():
        return go.Figure(
            [
                go.Bar(y=["a", "b"], x=[2000, 3000], orientation="h"),
                go.Bar(y=["a", "b"], x=[4000, 100], orientation="h"),
            ]
        ).update_layout(barmode="stack")

    assert theme(stacked(), "vi").layout.xaxis.ticktext == ("0", "2.000", "4.000", "6.000", "8.000")
    assert theme(stacked(), "en").layout.xaxis.ticktext[1] == "2,000"
    # One session at most: 0, 1, 2 (never 0, 0, 0, 1, 1, 1).
    fig = theme(go.Figure(go.Bar(x=["a", "b"], y=[0, 1])), "vi")
    assert fig.layout.yaxis.tickvals == (0, 1, 2)
    # A rate axis keeps its own % ticks, with the decimal comma of the figure's separators.
    fig = go.Figure(go.Bar(x=["a"], y=[50.5])).update_yaxes(ticksuffix="%")
    assert theme(fig, "vi").layout.yaxis.tickformat == "," and fig.layout.separators == ",."


def test_every_chart_starts_from_the_one_look():
    """theme() no longer sets the look per chart (each property validated on every chart):
    every figure, themed or made by Plotly Express, starts from the template LOOK, which is
    plotly_white with the dashboard's text, margins and legend."""
    import plotly.express as px
    import plotly.graph_objects as go
    import plotly.io as pio

    from dashboard.charts.theme import LOOK, theme

    fig = theme(go.Figure(go.Bar(x=["a"], y=[1])), "vi", height=300)
    assert fig.layout.template == LOOK and px.bar(x=["a"], y=[1]).layout.template == LOOK
    assert LOOK.layout.legend.orientation == "h" and LOOK.layout.font.size == 15
    assert LOOK.data == pio.templates["plotly_white"].data  # the white look's traces
    assert (fig.layout.height, fig.layout.separators) == (300, ",.")


def test_the_look_survives_streamlit_taking_the_default():
    """Importing Streamlit's chart element makes its template Plotly's default (CI imported
    Streamlit after the chart modules): the next themed figure, even one made from that default,
    gets the look back, and so do the figures after it."""
    import plotly.express as px
    import plotly.io as pio

    from dashboard.charts.theme import LOOK, theme

    previous = pio.templates.default
    try:
        pio.templates.default = "plotly_dark"  # what Streamlit's import does, with its template
        made_before = px.bar(x=["a"], y=[1])
        assert made_before.layout.template != LOOK
        assert theme(made_before, "vi").layout.template == LOOK
        assert px.bar(x=["a"], y=[1]).layout.template == LOOK
    finally:
        pio.templates.default = previous


def test_lines_across_a_chart_are_the_ones_plotly_draws():
    """``theme.vline``/``hline`` write the shape and label ``add_vline``/``add_hline`` make
    for a figure without subplots (those search the subplots first, ~4 ms a line)."""
    import plotly.graph_objects as go

    from dashboard.charts.theme import hline, vline

    def figure() -> go.Figure:
        return go.Figure(go.Scatter(x=[1, 2], y=[1, 2]))

    ours, plotly = figure(), figure()
    vline(ours, 1.2, color="#cf222e", dash="dash", label="Mục tiêu 90%")
    plotly.add_vline(
        x=1.2,
        line_color="#cf222e",
        line_dash="dash",
        annotation_text="Mục tiêu 90%",
        annotation_position="top",
    )
    vline(ours, 1.5, width=2)
    plotly.add_vline(x=1.5, line_color="#8c959f", line_width=2)
    hline(ours, 1.4, label="Trung bình", font=dict(size=12, color="#444"))
    plotly.add_hline(
        y=1.4,
        line_color="#8c959f",
        annotation_text="Trung bình",
        annotation_position="bottom right",
        annotation_font=dict(size=12, color="#444"),
    )
    assert ours.to_plotly_json()["layout"] == plotly.to_plotly_json()["layout"]
