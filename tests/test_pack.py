"""The briefing pack reads back with the same figures as the queries (the fixture's 2024-Q1)."""

import io

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_FILL

from dashboard.domain.periods import parse
from dashboard.i18n import t
from dashboard.pack import build_deck, build_workbook, collect
from queries.units import Scope


def titled(slides, title: str):
    """The slide with this title (slides are found by title, not by position)."""
    return next(s for s in slides if s.shapes.title is not None and s.shapes.title.text == title)


@pytest.fixture
def data(fixture_engine):
    with fixture_engine.connect() as conn:
        return collect(conn, parse("2024-Q1"), Scope("99"))


def test_deck_has_native_charts_with_the_figures(data):
    prs = Presentation(io.BytesIO(build_deck(data)))
    slides = list(prs.slides)
    assert len(slides) == 13  # the follow-up first, the service index (QĐ 766) last
    assert slides[0].shapes.title.text == "Báo cáo giao ban công tác cải cách hành chính"
    assert "Quý I/2024" in slides[0].placeholders[1].text
    # It opens with the follow-up of the previous meeting (none recorded in the fixture).
    assert slides[1].shapes.title.text == "Kết quả thực hiện kết luận kỳ trước"
    # Headline table: on-time rate 81,2% against 90,0%, on 16 dossiers (fewer than 30):
    # "Ít số liệu" in grey, not a red "Không đạt".
    table = next(s for s in titled(slides, t("pack_headline")).shapes if s.has_table).table
    first = [table.cell(1, j).text for j in range(6)]
    assert first[:4] == ["Tỷ lệ đúng hạn", "81,2%", "90,0%", "Ít số liệu"]
    assert table.cell(1, 3).text_frame.paragraphs[0].font.color.rgb == RGBColor(0x8C, 0x95, 0x9F)
    # Trend: a native line chart whose January–March 2024 points are 100, 0 and 81.8 %.
    chart = next(s for s in titled(slides, t("trend_title")).shapes if s.has_chart).chart
    series = chart.plots[0].series[0]
    cats = list(chart.plots[0].categories)
    values = dict(zip(cats, series.values, strict=True))
    assert values["01/2024"] == 100.0 and values["02/2024"] == 0.0
    # March: dossier rows only (D04 late, D05 early); L005's Biểu 06 stays in its reporting
    # period, out of the monthly series (issue 11).
    assert values["03/2024"] == pytest.approx(50.0)
    # Every month rests on fewer than 30 dossiers: drawn hollow, and the slide says why.
    point = series.points[cats.index("01/2024")]
    assert point.marker.format.fill.type == MSO_FILL.SOLID
    assert point.marker.format.fill.fore_color.rgb == RGBColor(0xD0, 0xE2, 0xF5)
    trend_slide = titled(slides, t("trend_title"))
    texts = " ".join(s.text_frame.text for s in trend_slide.shapes if s.has_text_frame)
    assert "Điểm tô nhạt: tháng có dưới 30 hồ sơ" in texts
    # ... and that L005's 9 resolved dossiers of its Biểu 06 (15/12/2023 – 14/03/2024) are
    # left out of the monthly line, while the headline's totals hold them: the pages' captions.
    assert "không gồm 9 hồ sơ đã giải quyết của 1 đơn vị chỉ gửi báo cáo định kỳ (Biểu 06)" in texts
    assert "(15/12/2023 – 14/03/2024)" in texts
    head = titled(slides, t("pack_headline"))
    texts = " ".join(s.text_frame.text for s in head.shapes if s.has_text_frame)
    assert "Số liệu gồm 9 hồ sơ đã giải quyết theo báo cáo định kỳ (Biểu 06) của 1 đơn vị" in texts
    # By field: the on-time rate (issue 16: counts hid the weakest field), resolved in the
    # label. Hộ tịch 13 of 14 on time (D01, D02, D05, D08, D09 and L005's form: 8 of 9) =
    # 92,9 %; Đất đai 0 of 2 (D03, D04 late), drawn on top, red against the 90 % target.
    chart = next(s for s in titled(slides, t("by_field")).shapes if s.has_chart).chart
    cats = list(chart.plots[0].categories)
    rates = dict(zip(cats, chart.plots[0].series[0].values, strict=True))
    assert rates == {"Hộ tịch (14)": pytest.approx(92.86), "Đất đai (2)": 0.0}
    points = chart.plots[0].series[0].points
    assert [points[i].data_label.text_frame.text for i in (0, 1)] == ["92,9%", "0,0%"]
    assert points[1].format.fill.fore_color.rgb == RGBColor(0xCF, 0x22, 0x2E)


def test_workbook_tables(data):
    wb = load_workbook(io.BytesIO(build_workbook(data)))
    assert "Chỉ tiêu chính" in wb.sheetnames and "Hồ sơ trễ hạn" in wb.sheetnames
    ws = wb["Chỉ tiêu chính"]
    header = [c.value for c in ws[1]]
    row = dict(zip(header, [c.value for c in ws[2]], strict=True))
    assert row["Chỉ số"] == "Tỷ lệ đúng hạn" and row["Kết quả"] == 81.25
    # 13 of 16 resolved on time, with its definition
    assert (row["Tử số"], row["Mẫu số"], row["Số bản ghi làm căn cứ"]) == (13, 16, 16)
    assert row["Nội dung"] == "Đúng hạn" and row["Cách tính"].startswith("Số hồ sơ")
    late = wb["Hồ sơ trễ hạn"]
    assert late["A1"].value == "Mã hồ sơ"
    codes = [r[0].value for r in late.iter_rows(min_row=2)]
    assert codes == ["D04", "D06", "D03"]
    league = wb["Xếp hạng đơn vị"]
    header = [c.value for c in league[1]]
    rows = [dict(zip(header, [c.value for c in r], strict=True)) for r in league.iter_rows(2)]
    assert {r["Đơn vị"] for r in rows} == {"Xã An Hòa", "Xã Cát Tiên"}
    assert {r["Mã đơn vị"] for r in rows} == {"001", "003"}  # unit codes, not "Mã hồ sơ"
    assert {"Khoảng hạng 95%: từ", "Khoảng hạng 95%: đến", "Nhóm xếp hạng"} <= set(header)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_workbook_headers_say_what_each_column_holds(data, lang, fixture_engine):
    """No sheet keeps an internal column name: every header is a label in the pack's language
    (the English pack with --lang en)."""
    with fixture_engine.connect() as conn:
        d = collect(conn, parse("2024-Q1"), Scope("99"), lang)
    wb = load_workbook(io.BytesIO(build_workbook(d, lang)))
    internal = set()
    for f in ("headline", "trend", "league", "late", "effect", "event_study", "pooled"):
        frame = getattr(d, f)
        internal |= set(frame.columns)
    for ws in wb.worksheets:
        for cell in ws[1]:
            if cell.value is None:
                continue
            assert cell.value not in internal, (ws.title, cell.value)
            assert "_" not in cell.value, (ws.title, cell.value)
    league = wb[t("pack_sheet_league", lang)]
    unit_code = "Mã đơn vị" if lang == "vi" else "Unit code"
    assert unit_code in [c.value for c in league[1]]
    late = wb[t("pack_sheet_late_dossiers", lang)]
    assert late["A1"].value == ("Mã hồ sơ" if lang == "vi" else "Dossier code")


def test_deck_rollout_and_petition_slides(data):
    prs = Presentation(io.BytesIO(build_deck(data)))
    slides = list(prs.slides)
    # At 31/03/2024 R1 is at its preliminary review (10/01), R3 stopped, R2 not launched.
    chart = next(s for s in titled(slides, t("pack_rollout")).shapes if s.has_chart).chart
    stages = dict(zip(chart.plots[0].categories, chart.plots[0].series[0].values, strict=True))
    assert stages["Sơ kết"] == 1.0 and stages["Dừng"] == 1.0 and stages["Thí điểm"] == 0.0
    # Overdue petitions at 31/03/2024: DS2's (due 15/01, 76 days) then DS1's third (due 20/03).
    table = next(s for s in titled(slides, t("pack_petitions")).shapes if s.has_table).table
    assert [table.cell(i, 4).text for i in (1, 2)] == ["76", "11"]
    # today's units: L003 is now part of Xã Cát Tiên
    assert table.cell(1, 0).text == "Xã Cát Tiên" and table.cell(2, 1).text == "Đất đai"


def test_deck_effect_slide(data):
    # The fixture's featured rollout at 31/03/2024: R1 (Xã Bình, launched 29/03/2023, after
    # window 04–09/2023 over by then). Its event study is a native line chart (the gap and the
    # two ends of its 95 % band); its effect is given with its interval in words.
    assert int(data.effect["rollout_id"].iloc[0]) == 1
    prs = Presentation(io.BytesIO(build_deck(data)))
    slide = titled(list(prs.slides), "Mô hình có hiệu quả không?")
    assert slide.shapes.title.text == "Mô hình có hiệu quả không?"
    chart = next(s for s in slide.shapes if s.has_chart).chart
    names = [s.name for s in chart.plots[0].series]
    assert names == ["Chênh lệch", "Cận dưới 95%", "Cận trên 95%", "Ít số liệu"]
    cats = list(chart.plots[0].categories)
    assert len(cats) == 25 and cats[12] == "03/2023 ▲"
    text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert "Xã Bình, ra mắt 29/03/2023" in text
    assert "Không đủ dữ liệu để kết luận" in text  # a handful of dossiers
    wb = load_workbook(io.BytesIO(build_workbook(data)))
    assert "Hiệu quả mô hình" in wb.sheetnames and "Diễn biến quanh ra mắt" in wb.sheetnames


def test_pack_for_a_period_without_records(fixture_engine):
    """A unit and period with no record at all (2030-Q1): every slide says so instead of a
    chart without categories; the workbook still opens with its headline figures."""
    with fixture_engine.connect() as conn:
        empty = collect(conn, parse("2030-Q1"), Scope("001"), effects=False)
    prs = Presentation(io.BytesIO(build_deck(empty)))
    field = titled(list(prs.slides), t("by_field"))
    assert t("empty_period") in " ".join(
        s.text_frame.text for s in field.shapes if s.has_text_frame
    )
    wb = load_workbook(io.BytesIO(build_workbook(empty)))
    ws = wb["Chỉ tiêu chính"]
    first = dict(zip([c.value for c in ws[1]], [c.value for c in ws[2]], strict=True))
    assert first["Chỉ số"] == "Tỷ lệ đúng hạn" and first["Kết quả"] is None
    assert first["Mẫu số"] == 0


def test_table_rows_fit_their_text():
    """LibreOffice keeps a row's set height (text runs over the next row), so the deck sizes
    each row to its wrapped text and shrinks a table's text until it ends above the notes."""
    from pptx.util import Emu, Pt

    from dashboard.pack.deck import LINE_EM, TABLE_BOTTOM, _fit_rows, _lines

    # 0.55 em a glyph: a 12 pt cell 1,800,000 EMU wide (minus 182,880 of margins) holds
    # 1,617,120 / 12,700 / 6.6 = 19 characters a line; 44 characters of words wrap to 3.
    assert _lines("Đăng ký biến động quyền sử dụng đất đai này", 1_800_000, 12) == 3
    assert _lines("", 1_800_000, 12) == 1
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    shape = slide.shapes.add_table(2, 2, Emu(0), Emu(1_000_000), Emu(3_600_000), Emu(800_000))
    for j in range(2):
        shape.table.columns[j].width = Emu(1_800_000)
    for (i, j), text in {
        (0, 0): "Mã",
        (0, 1): "Thủ tục",
        (1, 0): "H1",
        (1, 1): "Đăng ký biến động quyền sử dụng đất đai này",
    }.items():
        shape.table.cell(i, j).text = text
        shape.table.cell(i, j).text_frame.paragraphs[0].font.size = Pt(12)
    bottom = _fit_rows(shape)
    one_line = int(12 * LINE_EM * 12700)
    assert shape.table.rows[0].height >= one_line
    assert shape.table.rows[1].height >= 3 * one_line > shape.table.rows[0].height
    assert bottom == shape.top + shape.table.rows[0].height + shape.table.rows[1].height

    # Twenty long rows cannot fit at 12 pt: the text shrinks until the table ends in time
    # (or reaches the smallest size).
    tall = slide.shapes.add_table(20, 1, Emu(0), Emu(1_600_000), Emu(3_600_000), Emu(4_000_000))
    for i in range(20):
        tall.table.cell(i, 0).text = "Giải quyết dứt điểm hồ sơ tồn quá hạn của xã " * 2
        tall.table.cell(i, 0).text_frame.paragraphs[0].font.size = Pt(12)
    end = _fit_rows(tall)
    size = tall.table.cell(5, 0).text_frame.paragraphs[0].font.size.pt
    assert size < 12
    assert end <= TABLE_BOTTOM or size == 9


def test_rate_axes_stop_at_100_percent(data):
    """A rate axis never runs past 100 % (a viewer's automatic scale drew 120 %); bars of
    rates start at 0."""
    prs = Presentation(io.BytesIO(build_deck(data)))
    axes = [
        (shape.chart.chart_type, shape.chart.value_axis)
        for slide in prs.slides
        for shape in slide.shapes
        if shape.has_chart and shape.chart.value_axis.tick_labels.number_format == '0"%"'
    ]
    assert axes
    for _kind, axis in axes:
        assert axis.maximum_scale is not None and axis.maximum_scale <= 100
