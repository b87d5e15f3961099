"""The briefing deck: PowerPoint with native, editable charts, drawn from ``PackData``."""

from __future__ import annotations

import io

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.util import Emu, Pt

from dashboard.i18n import fmt_change, fmt_date, fmt_number, fmt_pct, month_label, t
from dashboard.pack.data import PackData

BLUE = RGBColor(0x0B, 0x5C, 0xAD)
STATUS_RGB = {
    "good": RGBColor(0x1A, 0x7F, 0x37),
    "watch": RGBColor(0xD4, 0xA7, 0x2C),
    "bad": RGBColor(0xCF, 0x22, 0x2E),
    "few": RGBColor(0x8C, 0x95, 0x9F),
    None: RGBColor(0x57, 0x60, 0x6A),
}
WIDE = (Emu(12192000), Emu(6858000))  # 16:9


def build_deck(data: PackData, lang: str = "vi") -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDE
    _title_slide(prs, data)
    _headline_slide(prs, data, lang)
    _trend_slide(prs, data, lang)
    _field_slide(prs, data, lang)
    _units_slide(prs, data, lang)
    _satisfaction_slide(prs, data, lang)
    _rollout_slide(prs, data, lang)
    _petitions_slide(prs, data, lang)
    _briefs_slide(prs, data, lang)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _blank(prs: Presentation, title: str):
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # title only
    slide.shapes.title.text = title
    tf = slide.shapes.title.text_frame
    tf.paragraphs[0].font.size = Pt(30)
    tf.paragraphs[0].font.bold = True
    tf.paragraphs[0].font.color.rgb = BLUE
    # The default template is 4:3; place the title on the 16:9 slide explicitly.
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = (
        Emu(600000),
        Emu(300000),
        Emu(10990000),
        Emu(800000),
    )
    return slide


def _title_slide(prs: Presentation, data: PackData) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    slide.shapes.title.text = data.title
    slide.placeholders[1].text = data.subtitle
    title, sub = slide.shapes.title, slide.placeholders[1]
    title.left, title.top, title.width, title.height = (
        Emu(900000),
        Emu(1800000),
        Emu(10390000),
        Emu(1600000),
    )
    sub.left, sub.top, sub.width, sub.height = (
        Emu(900000),
        Emu(3600000),
        Emu(10390000),
        Emu(1200000),
    )
    slide.shapes.title.text_frame.paragraphs[0].font.color.rgb = BLUE


def _headline_slide(prs: Presentation, data: PackData, lang: str) -> None:
    slide = _blank(prs, t("pack_headline", lang))
    h = data.headline
    cols = [
        t("pack_metric", lang),
        t("pack_value", lang),
        t("target", lang),
        t("pack_status", lang),
        t("change", lang),
        t("pack_last_year", lang),
    ]
    shape = slide.shapes.add_table(
        len(h) + 1, len(cols), Emu(600000), Emu(1300000), Emu(10990000), Emu(600000 * (len(h) + 1))
    )
    table = shape.table
    for j, c in enumerate(cols):
        table.cell(0, j).text = c
    for i, r in enumerate(h.itertuples(), start=1):
        digits = {"avg_processing_days": 1, "pending_overdue": 0}.get(r.key)
        fmt = (
            (lambda v: fmt_pct(v, lang))
            if digits is None
            else (lambda v, d=digits: fmt_number(v, lang, d))
        )
        values = [
            r.metric,
            fmt(r.value),
            fmt_pct(r.target, lang) if r.target == r.target and r.target is not None else "–",
            r.status or "–",
            fmt_change(r.change, lang, digits=0 if digits == 0 else 1),
            fmt(r.last_year),
        ]
        for j, v in enumerate(values):
            cell = table.cell(i, j)
            cell.text = v
            cell.text_frame.paragraphs[0].font.size = Pt(18)
        status_key = {
            t("status_good", lang): "good",
            t("status_watch", lang): "watch",
            t("status_bad", lang): "bad",
            t("status_few", lang): "few",
        }.get(r.status)
        if status_key:
            table.cell(i, 3).text_frame.paragraphs[0].font.color.rgb = STATUS_RGB[status_key]
            table.cell(i, 3).text_frame.paragraphs[0].font.bold = True


def _trend_slide(prs: Presentation, data: PackData, lang: str) -> None:
    slide = _blank(prs, t("trend_title", lang))
    cd = CategoryChartData()
    cd.categories = [month_label(m, lang) for m in data.trend["month"]]
    cd.add_series(
        t("on_time_rate", lang),
        [_num(v) for v in data.trend["on_time_rate"]],
        number_format='0.0"%"',
    )
    if data.trend["target"].notna().any():
        cd.add_series(
            t("target", lang), [_num(v) for v in data.trend["target"]], number_format='0.0"%"'
        )
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.LINE_MARKERS, Emu(600000), Emu(1300000), Emu(10990000), Emu(4900000), cd
    ).chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.font.size = Pt(14)
    _hollow_few(slide, chart, data.trend["few"], "records_dossiers", lang, Emu(10990000))


def _field_slide(prs: Presentation, data: PackData, lang: str) -> None:
    slide = _blank(prs, t("by_field", lang))
    d = data.by_field.sort_values("on_time_rate")
    cd = CategoryChartData()
    cd.categories = list(d["field"])
    for col in ("early", "on_time", "late"):
        cd.add_series(t(col, lang), [int(v) for v in d[col]])
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_STACKED, Emu(600000), Emu(1300000), Emu(10990000), Emu(5200000), cd
    ).chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.font.size = Pt(12)
    colours = [STATUS_RGB["good"], RGBColor(0x54, 0xAE, 0xFF), STATUS_RGB["bad"]]
    for series, colour in zip(chart.plots[0].series, colours, strict=True):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = colour


def _units_slide(prs: Presentation, data: PackData, lang: str) -> None:
    slide = _blank(prs, t("pack_units", lang))
    for k, (frame, heading) in enumerate(
        ((data.praise, t("pack_praise", lang)), (data.press, t("pack_press", lang)))
    ):
        left = Emu(600000 + k * 5600000)
        box = slide.shapes.add_textbox(left, Emu(1250000), Emu(5300000), Emu(500000))
        box.text_frame.text = heading
        box.text_frame.paragraphs[0].font.size = Pt(20)
        box.text_frame.paragraphs[0].font.bold = True
        box.text_frame.paragraphs[0].font.color.rgb = STATUS_RGB["good" if k == 0 else "bad"]
        rows = frame.head(8)
        shape = slide.shapes.add_table(
            len(rows) + 1, 3, left, Emu(1800000), Emu(5300000), Emu(450000 * (len(rows) + 1))
        )
        table = shape.table
        for j, c in enumerate(
            (t("unit", lang), t("on_time_rate", lang), t("pending_overdue", lang))
        ):
            table.cell(0, j).text = c
        for i, r in enumerate(rows.itertuples(), start=1):
            for j, v in enumerate(
                (r.name, fmt_pct(r.on_time_rate, lang), fmt_number(r.pending_overdue, lang))
            ):
                table.cell(i, j).text = v
                table.cell(i, j).text_frame.paragraphs[0].font.size = Pt(14)


def _satisfaction_slide(prs: Presentation, data: PackData, lang: str) -> None:
    slide = _blank(prs, t("pack_satisfaction", lang))
    cd = CategoryChartData()
    cd.categories = [month_label(pd.Timestamp(m).date(), lang) for m in data.sat_trend["start"]]
    cd.add_series(
        t("pack_sat_rate", lang), [_num(v) for v in data.sat_trend["rate"]], number_format='0.0"%"'
    )
    if data.sat_trend["target"].notna().any():
        cd.add_series(
            t("target", lang), [_num(v) for v in data.sat_trend["target"]], number_format='0.0"%"'
        )
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.LINE_MARKERS, Emu(600000), Emu(1300000), Emu(6200000), Emu(4900000), cd
    ).chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.font.size = Pt(12)
    _hollow_few(slide, chart, data.sat_trend["few"], "records_responses", lang, Emu(6200000))
    cd = CategoryChartData()
    cd.categories = list(data.sat_elements["label"])
    cd.add_series(
        t("pack_sat_rate", lang),
        [_num(v) for v in data.sat_elements["rate"]],
        number_format='0.0"%"',
    )
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_CLUSTERED, Emu(7000000), Emu(1300000), Emu(4600000), Emu(5000000), cd
    ).chart
    chart.has_legend = False
    chart.font.size = Pt(12)
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.number_format = '0.0"%"'
    plot.data_labels.number_format_is_linked = False
    for point, weakest in zip(plot.series[0].points, data.sat_elements["weakest"], strict=True):
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = STATUS_RGB["bad"] if weakest else BLUE


def _rollout_slide(prs: Presentation, data: PackData, lang: str) -> None:
    slide = _blank(prs, t("pack_rollout", lang))
    cd = CategoryChartData()
    cd.categories = list(data.rollout_stages["label"])
    cd.add_series(t("pack_rollouts", lang), [int(v) for v in data.rollout_stages["rollouts"]])
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Emu(600000), Emu(1300000), Emu(10990000), Emu(5200000), cd
    ).chart
    chart.has_legend = False
    chart.font.size = Pt(14)
    chart.plots[0].has_data_labels = True


def _petitions_slide(prs: Presentation, data: PackData, lang: str) -> None:
    slide = _blank(prs, t("pack_petitions", lang))
    rows = data.open_petitions.head(10)
    if rows.empty:
        box = slide.shapes.add_textbox(Emu(600000), Emu(1400000), Emu(10990000), Emu(800000))
        box.text_frame.text = t("pack_no_open_petitions", lang)
        return
    cols = [
        t("unit", lang),
        t("pack_topic", lang),
        t("pack_agency", lang),
        t("due_date", lang),
        t("days_overdue", lang),
    ]
    shape = slide.shapes.add_table(
        len(rows) + 1,
        len(cols),
        Emu(600000),
        Emu(1300000),
        Emu(10990000),
        Emu(420000 * (len(rows) + 1)),
    )
    table = shape.table
    for j, c in enumerate(cols):
        table.cell(0, j).text = c
    for i, r in enumerate(rows.itertuples(), start=1):
        values = (
            r.name,
            t(f"dlg_topic_{r.topic}", lang),
            r.assigned_agency or "–",
            fmt_date(pd.Timestamp(r.deadline).date(), lang),
            fmt_number(r.days_overdue, lang),
        )
        for j, v in enumerate(values):
            table.cell(i, j).text = str(v)
            table.cell(i, j).text_frame.paragraphs[0].font.size = Pt(13)


def _briefs_slide(prs: Presentation, data: PackData, lang: str) -> None:
    slide = _blank(prs, t("pack_briefs", lang))
    box = slide.shapes.add_textbox(Emu(600000), Emu(1400000), Emu(10990000), Emu(4500000))
    tf = box.text_frame
    tf.word_wrap = True
    for i, line in enumerate(data.briefs["subject"]):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.text = "• " + line
        p.font.size = Pt(22)
        p.space_after = Pt(14)


def _hollow_few(slide, chart, few: pd.Series, unit_key: str, lang: str, width) -> None:  # noqa: ANN001
    """Months resting on too few records: the point drawn hollow, and a note under the chart
    saying why (as on the pages)."""
    if not few.any():
        return
    from dashboard.storage import settings

    series = chart.plots[0].series[0]
    for i, f in enumerate(few):
        if f:
            marker = series.points[i].marker
            marker.style = XL_MARKER_STYLE.CIRCLE
            marker.size = 9
            marker.format.fill.background()
            marker.format.line.color.rgb = BLUE
            marker.format.line.width = Pt(1.75)
    key = "OVERSIGHT_MIN_RESPONSES" if unit_key == "records_responses" else "OVERSIGHT_MIN_DOSSIERS"
    n = int(settings.get(key))
    box = slide.shapes.add_textbox(Emu(600000), Emu(6250000), width, Emu(400000))
    box.text_frame.text = t("trend_few_note", lang, n=fmt_number(n, lang), unit=t(unit_key, lang))
    box.text_frame.paragraphs[0].font.size = Pt(12)
    box.text_frame.paragraphs[0].font.color.rgb = STATUS_RGB[None]


def _num(v) -> float | None:  # noqa: ANN001
    return None if v is None or v != v else round(float(v), 2)
