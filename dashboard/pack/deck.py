"""The briefing deck: PowerPoint with native, editable charts, drawn from ``PackData``."""

from __future__ import annotations

import io
import math

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_LABEL_POSITION,
)
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Pt

from dashboard.charts.theme import PRIMARY, STATUS_COLOURS
from dashboard.i18n import fmt_change, fmt_date, fmt_figure, fmt_number, fmt_pct, month_label, t
from dashboard.pack.data import PackData

BLUE = RGBColor.from_string(PRIMARY.lstrip("#").upper())
PALE = RGBColor(0xD0, 0xE2, 0xF5)  # a month on few records: pale inside its blue ring
# The one status palette of the pages (dashboard/charts/theme.py), in the deck's colour type.
STATUS_RGB = {k: RGBColor.from_string(v.lstrip("#").upper()) for k, v in STATUS_COLOURS.items()}
WIDE = (Emu(12192000), Emu(6858000))  # 16:9


def build_deck(data: PackData, lang: str = "vi") -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDE
    _title_slide(prs, data)
    _directives_slides(prs, data, lang)
    _headline_slide(prs, data, lang)
    _trend_slide(prs, data, lang)
    _field_slide(prs, data, lang)
    if data.card is not None:
        _report_card_slide(prs, data, lang)  # a commune's pack is its report card
    else:
        _units_slide(prs, data, lang)
    _due_soon_slide(prs, data, lang)
    _satisfaction_slide(prs, data, lang)
    _rollout_slide(prs, data, lang)
    _effect_slide(prs, data, lang)
    _petitions_slide(prs, data, lang)
    _briefs_slide(prs, data, lang)
    _index766_slide(prs, data, lang)
    _footers(prs, data)
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
    # The on-time figures with their targets; every subject's figures are in the workbook.
    h = data.headline[data.headline["subject"] == "on_time"]
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
    end = _fit_rows(shape)
    if data.report_note:
        _note(slide, data.report_note, Emu(end + 200000), Emu(600000))


def _nothing_to_draw(slide, lang: str) -> None:  # noqa: ANN001 - a slide
    """A chart needs categories: a unit and period without records say so instead."""
    box = slide.shapes.add_textbox(Emu(600000), Emu(1400000), Emu(10990000), Emu(800000))
    box.text_frame.text = t("empty_period", lang)


def _trend_slide(prs: Presentation, data: PackData, lang: str) -> None:
    slide = _blank(prs, t("trend_title", lang))
    if data.trend.empty:
        _nothing_to_draw(slide, lang)
        return
    cd = CategoryChartData()
    cd.categories = [month_label(m, lang) for m in data.trend["month"]]
    cd.add_series(
        t("on_time_rate", lang),
        [_num(v) for v in data.trend["on_time_rate"]],
        number_format=PCT,
    )
    if data.trend["target"].notna().any():
        cd.add_series(t("target", lang), [_num(v) for v in data.trend["target"]], number_format=PCT)
    _add_few_series(cd, data.trend["on_time_rate"], data.trend["few"], lang, PCT)
    # Biểu 06 figures belong to a reporting period, not a month: the line leaves them out and
    # says so under the chart, as the page does.
    height = Emu(4400000) if data.trend_note else Emu(4900000)
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.LINE_MARKERS, Emu(600000), Emu(1300000), Emu(10990000), height, cd
    ).chart
    if data.trend_note:
        _note(slide, data.trend_note, Emu(5750000), Emu(500000))
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.font.size = Pt(14)
    _pct_axis(chart, [*data.trend["on_time_rate"], *data.trend["target"]])
    _hollow_few(slide, chart, data.trend["few"], "records_dossiers", lang, Emu(10990000))


def _field_slide(prs: Presentation, data: PackData, lang: str) -> None:
    """On-time rate per field, weakest at the top (issue 16: counts hid the weakest field);
    the resolved count in each label."""
    slide = _blank(prs, t("by_field", lang))
    d = data.by_field.dropna(subset=["on_time_rate"]).sort_values("on_time_rate", ascending=False)
    if d.empty:
        _nothing_to_draw(slide, lang)
        return
    cd = CategoryChartData()
    cd.categories = [
        f"{f} ({fmt_number(n, lang)})" for f, n in zip(d["field"], d["resolved"], strict=True)
    ]
    cd.add_series(t("on_time_rate", lang), [_num(v) for v in d["on_time_rate"]], PCT)
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_CLUSTERED, Emu(600000), Emu(1300000), Emu(10990000), Emu(4900000), cd
    ).chart
    chart.has_legend = False
    chart.has_title = False  # the slide's title says it
    chart.font.size = Pt(13)
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale = 0, 100
    axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = PCT, False
    _pct_labels(chart.plots[0].series[0], d["on_time_rate"], lang)
    target = _target(data)
    for point, rate in zip(chart.plots[0].series[0].points, d["on_time_rate"], strict=True):
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = _status_rgb(rate, target)
    _note(slide, t("pack_field_note", lang), Emu(6250000))


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
        if rows.empty:
            empty = slide.shapes.add_textbox(left, Emu(1800000), Emu(5300000), Emu(500000))
            empty.text_frame.text = t("pack_no_unit", lang)
            empty.text_frame.paragraphs[0].font.size = Pt(16)
            continue
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
        _fit_rows(shape, bottom=5_850_000)
    _note(slide, t("pack_units_rule", lang), Emu(5900000), height=Emu(600000))


def _satisfaction_slide(prs: Presentation, data: PackData, lang: str) -> None:
    slide = _blank(prs, t("pack_satisfaction", lang))
    if data.sat_trend.empty or data.sat_elements.empty:
        _nothing_to_draw(slide, lang)
        return
    cd = CategoryChartData()
    cd.categories = [month_label(pd.Timestamp(m).date(), lang) for m in data.sat_trend["start"]]
    cd.add_series(
        t("pack_sat_rate", lang), [_num(v) for v in data.sat_trend["rate"]], number_format=PCT
    )
    if data.sat_trend["target"].notna().any():
        cd.add_series(
            t("target", lang), [_num(v) for v in data.sat_trend["target"]], number_format=PCT
        )
    _add_few_series(cd, data.sat_trend["rate"], data.sat_trend["few"], lang, PCT)
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.LINE_MARKERS, Emu(600000), Emu(1300000), Emu(6200000), Emu(4900000), cd
    ).chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.font.size = Pt(12)
    _pct_axis(chart, [*data.sat_trend["rate"], *data.sat_trend["target"]])
    _hollow_few(slide, chart, data.sat_trend["few"], "records_responses", lang, Emu(6200000))
    cd = CategoryChartData()
    cd.categories = list(data.sat_elements["label"])
    cd.add_series(
        t("pack_sat_rate", lang),
        [_num(v) for v in data.sat_elements["rate"]],
        number_format=PCT,
    )
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_CLUSTERED, Emu(7000000), Emu(1300000), Emu(4600000), Emu(5000000), cd
    ).chart
    chart.has_legend = False
    chart.font.size = Pt(12)
    plot = chart.plots[0]
    _pct_labels(plot.series[0], data.sat_elements["rate"], lang)
    _pct_axis(chart, data.sat_elements["rate"], bars=True)
    target = _target(data)
    for point, rate, weakest in zip(
        plot.series[0].points, data.sat_elements["rate"], data.sat_elements["weakest"], strict=True
    ):
        # One palette: each element by its status against the target; the weakest outlined.
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = _status_rgb(rate, target)
        if weakest:
            point.format.line.color.rgb = RGBColor(0x1F, 0x23, 0x28)
            point.format.line.width = Pt(2.5)


def _rollout_slide(prs: Presentation, data: PackData, lang: str) -> None:
    slide = _blank(prs, t("pack_rollout", lang))
    if data.rollout_stages.empty:
        _nothing_to_draw(slide, lang)
        return
    cd = CategoryChartData()
    cd.categories = list(data.rollout_stages["label"])
    cd.add_series(t("pack_rollouts", lang), [int(v) for v in data.rollout_stages["rollouts"]])
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Emu(600000), Emu(1300000), Emu(10990000), Emu(5200000), cd
    ).chart
    chart.has_legend = False
    chart.font.size = Pt(14)
    chart.plots[0].has_data_labels = True
    # A count axis in whole numbers with thousands separators (never 0,2 of a rollout).
    top = max([int(v) for v in data.rollout_stages["rollouts"]] or [0])
    chart.value_axis.tick_labels.number_format = "#,##0"
    chart.value_axis.tick_labels.number_format_is_linked = False
    if top <= 10:
        chart.value_axis.major_unit = 1


def _effect_slide(prs: Presentation, data: PackData, lang: str) -> None:
    """The featured rollout's event study (native line chart: the gap and its 95 % band) and
    its effect with the interval in words; then each model's pooled effect."""
    slide = _blank(prs, t("pack_effect", lang))
    eff, es = data.effect, data.event_study
    if eff.empty:
        box = slide.shapes.add_textbox(Emu(600000), Emu(1400000), Emu(10990000), Emu(800000))
        box.text_frame.text = t("pack_no_effect", lang)
        return
    ot = es[es["metric"] == "on_time_rate"].sort_values("k")
    cd = CategoryChartData()
    labels = []
    launch = eff["launched_on"].iloc[0]
    for s, k in zip(ot["start"], ot["k"], strict=True):
        label = month_label(s, lang)
        if k == 0:
            label += " ▲"
        elif s.year == 2025 and s.month == 7:
            label += " ●"
        labels.append(label)
    cd.categories = labels
    cd.add_series(t("ro_event_gap", lang), [_num(v) for v in ot["gap"]], number_format="+0.0;-0.0")
    cd.add_series(t("pack_band_low", lang), [_num(v) for v in ot["low"]], number_format="0.0")
    cd.add_series(t("pack_band_high", lang), [_num(v) for v in ot["high"]], number_format="0.0")
    _add_few_series(cd, ot["gap"], ot["few"], lang, "+0.0;-0.0")
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.LINE_MARKERS, Emu(600000), Emu(1250000), Emu(6300000), Emu(4700000), cd
    ).chart
    chart.has_title = True
    chart.chart_title.text_frame.text = t("ro_event_title_on_time_rate", lang)
    chart.chart_title.text_frame.paragraphs[0].font.size = Pt(13)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.font.size = Pt(11)
    chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    gap, low, high = list(chart.plots[0].series)[:3]
    _style_few_series(chart)
    gap.format.line.color.rgb = BLUE
    gap.format.line.width = Pt(2.5)
    for s in (low, high):
        s.format.line.color.rgb = STATUS_RGB[None]
        s.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        s.format.line.width = Pt(1)
        s.marker.style = XL_MARKER_STYLE.NONE
    for i, f in enumerate(ot["few"]):
        if f:
            marker = gap.points[i].marker
            marker.style = XL_MARKER_STYLE.CIRCLE
            marker.format.fill.solid()
            marker.format.fill.fore_color.rgb = (
                PALE  # hollow ring (a pale dot where rings are lost)
            )
            marker.format.line.color.rgb = BLUE
    note = slide.shapes.add_textbox(Emu(600000), Emu(5950000), Emu(6300000), Emu(500000))
    note.text_frame.word_wrap = True
    note.text_frame.text = t("pack_event_note", lang, date=fmt_date(launch, lang))
    note.text_frame.paragraphs[0].font.size = Pt(11)
    note.text_frame.paragraphs[0].font.color.rgb = STATUS_RGB[None]
    box = slide.shapes.add_textbox(Emu(7100000), Emu(1250000), Emu(4500000), Emu(5200000))
    tf = box.text_frame
    tf.word_wrap = True
    head = eff.iloc[0]
    first = tf.paragraphs[0]
    first.text = t(
        "pack_effect_head",
        lang,
        unit=head["unit_name"],
        date=fmt_date(launch, lang),
        n=fmt_number(head["comparison_units"], lang),
    )
    first.font.size = Pt(14)
    first.font.bold = True
    for r in eff.itertuples():
        p = tf.add_paragraph()
        p.text = _effect_line(
            t("on_time_rate" if r.metric == "on_time_rate" else "ro_satisfaction_rate", lang),
            r.did,
            r.ci_low,
            r.ci_high,
            r.verdict,
            lang,
        )
        p.font.size = Pt(13)
        p.space_before = Pt(8)
        p.font.color.rgb = STATUS_RGB[{"better": "good", "worse": "bad"}.get(r.verdict)]
        q = tf.add_paragraph()
        q.text = t(
            "ro_placebo",
            lang,
            n=int(r.months),
            value=fmt_change(r.placebo_did, lang, unit=" " + t("points", lang)),
        )
        q.font.size = Pt(11)
        q.font.color.rgb = STATUS_RGB[None]
    warnings = sorted({w for ws in eff["warnings"] for w in ws})
    if warnings:
        p = tf.add_paragraph()
        p.text = (
            t("pack_warnings", lang) + " " + "; ".join(t(f"pack_warn_{w}", lang) for w in warnings)
        )
        p.font.size = Pt(12)
        p.space_before = Pt(8)
        p.font.color.rgb = STATUS_RGB["watch"]
    if not data.pooled.empty:
        p = tf.add_paragraph()
        p.text = t("pack_pooled_head", lang)
        p.font.size = Pt(14)
        p.font.bold = True
        p.space_before = Pt(14)
        for r in data.pooled.itertuples():
            p = tf.add_paragraph()
            name = r.model_name if len(r.model_name) <= 40 else r.model_name[:39].rstrip() + "…"
            label = f"{name} ({fmt_number(r.rollouts, lang)}) – " + t(
                "pack_metric_short_" + r.metric, lang
            )
            p.text = _effect_line(label, r.did, r.ci_low, r.ci_high, r.verdict, lang)
            p.font.size = Pt(12)
            p.font.color.rgb = STATUS_RGB[{"better": "good", "worse": "bad"}.get(r.verdict)]


def _effect_line(label: str, did, low, high, verdict: str, lang: str) -> str:  # noqa: ANN001
    if did is None or did != did:
        return f"{label}: {t('ro_verdict_not_enough_data', lang)}"
    return (
        f"{label}: {fmt_change(did, lang, unit=' ' + t('points', lang))} "
        f"(95%: {fmt_change(low, lang)} … {fmt_change(high, lang)}) – "
        f"{t('ro_verdict_' + verdict, lang)}"
    )


def _petitions_slide(prs: Presentation, data: PackData, lang: str) -> None:
    """Overdue petitions, oldest first; eight rows with fixed column widths so the table stays
    on the slide (issue 16); an agency abolished in 2025 shown as its successor (marked *)."""
    from queries.bodies import successor

    slide = _blank(prs, t("pack_petitions", lang))
    rows = data.open_petitions.head(8)
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
        Emu(1250000),
        Emu(10990000),
        Emu(480000 * (len(rows) + 1)),
    )
    table = shape.table
    for j, width in enumerate((2300000, 2000000, 4190000, 1300000, 1200000)):
        table.columns[j].width = Emu(width)
    for j, c in enumerate(cols):
        table.cell(0, j).text = c
        table.cell(0, j).text_frame.paragraphs[0].font.size = Pt(13)
    moved = False
    for i, r in enumerate(rows.itertuples(), start=1):
        agency = r.assigned_agency if isinstance(r.assigned_agency, str) else ""
        now = successor(agency, r.name) if agency else "–"
        if agency and now != agency:
            now, moved = now + " *", True
        values = (
            r.name,
            t(f"dlg_topic_{r.topic}", lang),
            now,
            fmt_date(pd.Timestamp(r.deadline).date(), lang),
            fmt_number(r.days_overdue, lang),
        )
        for j, v in enumerate(values):
            table.cell(i, j).text = str(v)
            table.cell(i, j).text_frame.paragraphs[0].font.size = Pt(12)
    _fit_rows(shape)
    notes = []
    if len(data.open_petitions) > len(rows):
        notes.append(
            t(
                "pack_more_rows",
                lang,
                shown=fmt_number(len(rows), lang),
                n=fmt_number(len(data.open_petitions), lang),
            )
        )
    if moved:
        notes.append(t("pack_successor_note", lang))
    if notes:
        _note(slide, " ".join(notes), Emu(5950000), height=Emu(450000))


def _due_soon_slide(prs: Presentation, data: PackData, lang: str) -> None:
    """What will be late unless someone acts: the count, then the most urgent dossiers."""
    slide = _blank(prs, t("pack_due_soon", lang))
    box = slide.shapes.add_textbox(Emu(600000), Emu(1150000), Emu(10990000), Emu(600000))
    box.text_frame.word_wrap = True
    box.text_frame.text = data.due_soon_line
    box.text_frame.paragraphs[0].font.size = Pt(18)
    rows = data.due_soon.head(7)  # seven rows stay on the slide with long procedure names
    if rows.empty:
        return
    cols = [
        t("working_days_left", lang),
        t("due_date", lang),
        t("unit", lang),
        t("procedure", lang),
        t("department", lang),
    ]
    shape = slide.shapes.add_table(
        len(rows) + 1,
        len(cols),
        Emu(600000),
        Emu(1900000),
        Emu(10990000),
        Emu(400000 * (len(rows) + 1)),
    )
    table = shape.table
    for j, width in enumerate((1500000, 1500000, 2400000, 3390000, 2200000)):
        table.columns[j].width = Emu(width)
    for j, c in enumerate(cols):
        table.cell(0, j).text = c
        table.cell(0, j).text_frame.paragraphs[0].font.size = Pt(13)
    for i, r in enumerate(rows.itertuples(), start=1):
        values = (
            fmt_number(r.working_days_left, lang),
            fmt_date(r.due_date, lang),
            r.unit_name,
            r.procedure,
            r.department if isinstance(r.department, str) else "–",
        )
        for j, v in enumerate(values):
            table.cell(i, j).text = str(v)
            table.cell(i, j).text_frame.paragraphs[0].font.size = Pt(12)
        if r.working_days_left == 0:
            table.cell(i, 0).text_frame.paragraphs[0].font.color.rgb = STATUS_RGB["bad"]
            table.cell(i, 0).text_frame.paragraphs[0].font.bold = True
    _fit_rows(shape, bottom=6_350_000)


DIRECTIVE_ROWS = 7  # per slide; more continue on the next
VERDICT_RGB = {
    "met": STATUS_RGB["good"],
    "better": STATUS_RGB["good"],
    "worse": STATUS_RGB["bad"],
    "same": STATUS_RGB[None],
}
DIRECTIVE_STATUS_RGB = {
    "overdue": STATUS_RGB["bad"],
    "open": STATUS_RGB["watch"],
    "done": STATUS_RGB["good"],
    "cancelled": STATUS_RGB["few"],
}


def _directive_value(key, v, lang: str) -> str:  # noqa: ANN001
    from queries.directives import INDICATORS

    if key not in INDICATORS or v is None or v != v:
        return "–"
    return fmt_figure(v, INDICATORS[key].kind, lang)


def _font(cell, size: int, rgb=None, bold: bool = False) -> None:  # noqa: ANN001
    """Size, colour and weight on the cell's runs themselves (PowerPoint reads run
    properties; a paragraph's defaults are not honoured by every viewer)."""
    para = cell.text_frame.paragraphs[0]
    for font in [para.font, *(r.font for r in para.runs)]:
        font.size = Pt(size)
        if rgb is not None:
            font.color.rgb = rgb
        if bold:
            font.bold = True


def _directives_slides(prs: Presentation, data: PackData, lang: str) -> None:
    """ "Kết quả thực hiện kết luận kỳ trước": every directive of the previous meeting, its
    status, and its indicator when given against now and the target (arrow and colour)."""
    rows = data.directives
    chunks = [rows.iloc[i : i + DIRECTIVE_ROWS] for i in range(0, len(rows), DIRECTIVE_ROWS)]
    for n, chunk in enumerate(chunks or [rows], start=1):
        title = t("pack_directives", lang) + (f" ({n}/{len(chunks)})" if len(chunks) > 1 else "")
        slide = _blank(prs, title)
        box = slide.shapes.add_textbox(Emu(600000), Emu(1100000), Emu(10990000), Emu(450000))
        box.text_frame.word_wrap = True
        box.text_frame.text = data.directives_line or t("pack_directives_none", lang)
        box.text_frame.paragraphs[0].font.size = Pt(16)
        if chunk.empty:
            return
        cols = [
            t("dir_f_text", lang),
            t("dir_f_unit", lang),
            t("dir_f_status", lang),
            t("dir_f_indicator", lang),
            t("dir_f_baseline", lang),
            t("dir_f_current", lang),
            t("dir_f_target", lang),
        ]
        shape = slide.shapes.add_table(
            len(chunk) + 1,
            len(cols),
            Emu(600000),
            Emu(1600000),
            Emu(10990000),
            Emu(560000 * (len(chunk) + 1)),
        )
        table = shape.table
        for j, width in enumerate((3600000, 1700000, 1200000, 1690000, 1000000, 1000000, 800000)):
            table.columns[j].width = Emu(width)
        for j, c in enumerate(cols):
            table.cell(0, j).text = c
            _font(table.cell(0, j), 12)
        for i, r in enumerate(chunk.itertuples(), start=1):
            unit = r.unit_name + (f" – {r.department}" if isinstance(r.department, str) else "")
            indicator = t(
                f"dir_ind_{r.indicator}" if isinstance(r.indicator, str) else "dir_ind_none", lang
            )
            if isinstance(r.field, str):
                indicator += f" ({r.field})"
            verdict = r.verdict if isinstance(r.verdict, str) else None
            now = _directive_value(r.indicator, r.current, lang)
            if verdict:
                now = f"{r.arrow} {now}"
            values = (
                r.text,
                unit,
                t(f"dir_status_{r.status}", lang),
                indicator,
                _directive_value(r.indicator, r.baseline, lang),
                now,
                _directive_value(r.indicator, r.target, lang),
            )
            for j, v in enumerate(values):
                table.cell(i, j).text = str(v)
                _font(table.cell(i, j), 11)
            _font(table.cell(i, 2), 11, DIRECTIVE_STATUS_RGB[r.status], bold=True)
            if verdict:
                _font(table.cell(i, 5), 12, VERDICT_RGB[verdict], bold=True)
        _fit_rows(shape, bottom=6_350_000)


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


PCT = '0"%"'  # whole percents on axes: no decimal separator to get wrong in any locale


def _pct_labels(series, values, lang: str) -> None:  # noqa: ANN001 - a chart series
    """Data labels as the pages write them ('83,8%'): a chart's own number format follows the
    viewer's locale (it showed '83.8 %'), a label's text does not."""
    for point, v in zip(series.points, values, strict=False):
        if v is None or v != v:
            continue
        tf = point.data_label.text_frame
        tf.text = fmt_pct(v, lang)
        tf.paragraphs[0].font.size = Pt(13)


def _pct_axis(chart, values=None, bars: bool = False) -> None:  # noqa: ANN001
    """A value axis of percentages written with '%' (the series' own format is not used by
    every viewer) that stops at 100 % (a viewer's automatic scale ran a rate axis to 120 %);
    bars start at 0 so their lengths compare."""
    axis = chart.value_axis
    axis.tick_labels.number_format = PCT
    axis.tick_labels.number_format_is_linked = False
    shown = [v for v in (_num(x) for x in (values if values is not None else [])) if v is not None]
    if bars:
        axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, 100, 20
    elif shown and max(shown) <= 100:  # rates in per cent, as the series carry them
        # Just above the highest point, never past 100 %.
        axis.maximum_scale = min(100, 2 * math.ceil((max(shown) + 1) / 2))


def _target(data: PackData) -> float | None:
    h = data.headline
    row = h[h["key"] == "on_time_rate"] if "key" in h else h.iloc[0:0]
    v = row["target"].iloc[0] if len(row) else None
    return None if v is None or v != v else float(v)


def _status_rgb(rate, target) -> RGBColor:  # noqa: ANN001
    """The pages' palette: green at or past the target, red short of it, blue without one."""
    if target is None or rate is None or rate != rate:
        return BLUE
    return STATUS_RGB["good"] if rate >= target else STATUS_RGB["bad"]


def _note(slide, text: str, top, height=None) -> None:  # noqa: ANN001
    box = slide.shapes.add_textbox(Emu(600000), top, Emu(10990000), height or Emu(400000))
    box.text_frame.word_wrap = True
    box.text_frame.text = text
    box.text_frame.paragraphs[0].font.size = Pt(12)
    box.text_frame.paragraphs[0].font.color.rgb = STATUS_RGB[None]


TABLE_BOTTOM = 5_900_000  # EMU: a table ends above the notes and the footer
CELL_MARGINS = (91440 * 2, 45720 * 2)  # EMU: a cell's default left+right, top+bottom insets
DEFAULT_TABLE_PT = 18  # PowerPoint's table text size where none is set
LINE_EM = 1.4  # a line of Noto Sans, the fonts LibreOffice and the servers have, in ems


def _cell_pt(cell) -> float:  # noqa: ANN001
    sizes = [
        f.size.pt
        for p in cell.text_frame.paragraphs
        for f in (p.font, *(r.font for r in p.runs))
        if f.size is not None
    ]
    return max(sizes) if sizes else DEFAULT_TABLE_PT


def _lines(text: str, width_emu: int, pt: float) -> int:
    """Lines a cell's text wraps to: words laid along the width at an average Noto Sans
    glyph of 0.55 em (Vietnamese diacritics do not widen a glyph)."""
    per_line = max(1, int((width_emu - CELL_MARGINS[0]) / 12700 / (0.55 * pt)))
    lines = 0
    for para in text.split("\n"):
        n, used = 1, 0
        for word in para.split():
            need = len(word) if used == 0 else used + 1 + len(word)
            if need <= per_line:
                used = need
            else:
                n += 1 + (len(word) - 1) // per_line
                used = len(word) % per_line or per_line
        lines += n
    return max(lines, 1)


def _fit_rows(shape, bottom: int = TABLE_BOTTOM, smallest: int = 9) -> int:  # noqa: ANN001
    """Each row as tall as its longest cell's wrapped text, and the table's text made smaller
    (to ``smallest`` pt) until the table ends above ``bottom``. LibreOffice keeps a row's set
    height and lets longer text run over the next row (PowerPoint grows the row), so a
    handout printed from either reads the same. Returns the table's bottom (EMU)."""
    table = shape.table
    widths = [c.width for c in table.columns]

    def heights() -> list[int]:
        out = []
        for row in table.rows:
            tallest = 0
            for cell, width in zip(row.cells, widths, strict=True):
                pt = _cell_pt(cell)
                lines = _lines(cell.text_frame.text, width, pt)
                tallest = max(tallest, int(lines * pt * LINE_EM * 12700))
            out.append(tallest + CELL_MARGINS[1] + 25400)
        return out

    hs = heights()
    while shape.top + sum(hs) > bottom:
        cells = [c for row in table.rows for c in row.cells]
        if min(_cell_pt(c) for c in cells) <= smallest:
            break
        for cell in cells:
            for p in cell.text_frame.paragraphs:
                for f in (p.font, *(r.font for r in p.runs)):
                    f.size = Pt(max(smallest, (f.size.pt if f.size else DEFAULT_TABLE_PT) - 1))
        hs = heights()
    for row, h in zip(table.rows, hs, strict=True):
        row.height = Emu(h)
    shape.height = Emu(sum(hs))
    return shape.top + sum(hs)


def _footers(prs: Presentation, data: PackData) -> None:
    """A handout's footer on every slide but the title: issuing body, unit, period, date on
    the left, the slide's number "n/N" on the right."""
    total = len(prs.slides)
    for i, slide in enumerate(prs.slides, start=1):
        if i == 1:
            continue
        box = slide.shapes.add_textbox(Emu(600000), Emu(6480000), Emu(9600000), Emu(300000))
        box.text_frame.text = data.footer
        box.text_frame.paragraphs[0].font.size = Pt(10)
        box.text_frame.paragraphs[0].font.color.rgb = STATUS_RGB[None]
        num = slide.shapes.add_textbox(Emu(10300000), Emu(6480000), Emu(1290000), Emu(300000))
        num.text_frame.text = f"{i}/{total}"
        para = num.text_frame.paragraphs[0]
        para.font.size, para.font.color.rgb = Pt(10), STATUS_RGB[None]
        para.alignment = PP_ALIGN.RIGHT


def _report_card_slide(prs: Presentation, data: PackData, lang: str) -> None:
    """A commune's report card on one slide: its rank among its peers, its late dossiers
    without an apology letter (count and list), the yearly dialogue duty, the models it runs."""
    from dashboard.i18n import fmt_rank

    c = data.card
    slide = _blank(prs, t("card_title", lang))
    lines = []
    if c["rank"] is None or c["rank"] != c["rank"]:
        lines.append(t("card_not_ranked", lang, n=fmt_number(c["resolved"], lang)))
    else:
        lines.append(
            t(
                "card_rank",
                lang,
                rank=fmt_rank(c["rank"], c["rank_low"], c["rank_high"], lang),
                n=fmt_number(c["peers"], lang),
                rate=fmt_pct(c["on_time_rate"], lang),
                band=t(f"band_{c['band']}", lang),
            )
        )
    lines.append(t("card_overdue", lang, n=fmt_number(c["pending_overdue"], lang)))
    lines.append(
        t(
            "card_dialogue",
            lang,
            year=c["year"],
            conferences=fmt_number(c["conferences"], lang),
            sessions=fmt_number(c["sessions"], lang),
            required=fmt_number(c["required"], lang),
            status=t(f"status_{c['duty_status']}", lang) if c["duty_status"] else "–",
        )
    )
    lines.append(
        t("card_models", lang, models=", ".join(c["models"]))
        if c["models"]
        else t("card_no_models", lang)
    )
    no_letter = c["no_letter"]
    lines.append(t("card_no_letter", lang, n=fmt_number(len(no_letter), lang)))
    box = slide.shapes.add_textbox(Emu(600000), Emu(1250000), Emu(10990000), Emu(2300000))
    tf = box.text_frame
    tf.word_wrap = True
    for i, line in enumerate(lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.text = "• " + line
        p.font.size = Pt(17)
        p.space_after = Pt(4)
    rows = no_letter.head(6)
    if rows.empty:
        return
    cols = [t("code", lang), t("procedure", lang), t("department", lang), t("days_overdue", lang)]
    shape = slide.shapes.add_table(
        len(rows) + 1,
        len(cols),
        Emu(600000),
        Emu(3650000),
        Emu(10990000),
        Emu(380000 * (len(rows) + 1)),
    )
    table = shape.table
    for j, width in enumerate((1500000, 5190000, 2900000, 1400000)):
        table.columns[j].width = Emu(width)
    for j, col in enumerate(cols):
        table.cell(0, j).text = col
        table.cell(0, j).text_frame.paragraphs[0].font.size = Pt(12)
    for i, r in enumerate(rows.itertuples(), start=1):
        values = (
            r.code,
            r.procedure,
            r.department if isinstance(r.department, str) else "–",
            fmt_number(r.days_overdue, lang),
        )
        for j, v in enumerate(values):
            table.cell(i, j).text = str(v)
            table.cell(i, j).text_frame.paragraphs[0].font.size = Pt(12)
    _fit_rows(shape, bottom=6_000_000)
    if len(no_letter) > len(rows):
        _note(
            slide,
            t(
                "pack_more_rows",
                lang,
                shown=fmt_number(len(rows), lang),
                n=fmt_number(len(no_letter), lang),
            ),
            Emu(6050000),
        )


def _index766_slide(prs: Presentation, data: PackData, lang: str) -> None:
    """The service index (QĐ 766) estimated: the total line, then points by group against
    each group's maximum (a native chart)."""
    slide = _blank(prs, t("i766_card", lang))
    box = slide.shapes.add_textbox(Emu(600000), Emu(1150000), Emu(10990000), Emu(600000))
    box.text_frame.word_wrap = True
    box.text_frame.text = data.index766_line
    box.text_frame.paragraphs[0].font.size = Pt(20)
    from dashboard.charts.index766 import group_points

    groups = data.index766_groups
    if data.index766.empty or groups.empty:
        return
    # The page's own group figures (index766.groups) and words: "chưa xác định / 12" names
    # the group without a bar rather than leaving it blank.
    cd = CategoryChartData()
    cd.categories = [
        f"{t(f'i766_group_{c}', lang)} ({group_points(s, m, u, lang)})"
        for c, s, m, u in zip(
            groups["group_code"],
            groups["score"],
            groups["max_score"],
            groups["undetermined"],
            strict=True,
        )
    ]
    cd.add_series(t("i766_score_bar", lang), [round(v, 2) for v in groups["score"]])
    cd.add_series(t("i766_max_bar", lang), [float(v) for v in groups["max_score"]])
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_CLUSTERED, Emu(600000), Emu(1800000), Emu(10990000), Emu(4600000), cd
    ).chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.font.size = Pt(13)
    for series, colour in zip(
        chart.plots[0].series, (BLUE, RGBColor(0xD0, 0xD7, 0xDE)), strict=True
    ):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = colour


def _add_few_series(cd: CategoryChartData, values, few, lang: str, fmt: str) -> None:  # noqa: ANN001
    """The months resting on few records again, as a marker-only series drawn over the line:
    viewers that ignore per-point formats (LibreOffice) still mark them."""
    if any(bool(f) for f in few):
        cd.add_series(
            t("trend_few_point", lang),
            [_num(v) if f else None for v, f in zip(values, few, strict=True)],
            number_format=fmt,
        )


def _style_few_series(chart) -> None:  # noqa: ANN001
    for series in chart.plots[0].series:
        if series.name in {t("trend_few_point", lg) for lg in ("vi", "en")}:
            series.format.line.fill.background()
            series.marker.style = XL_MARKER_STYLE.CIRCLE
            series.marker.size = 10
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = PALE
            series.marker.format.line.color.rgb = BLUE
            series.marker.format.line.width = Pt(1.75)


def _hollow_few(slide, chart, few: pd.Series, unit_key: str, lang: str, width) -> None:  # noqa: ANN001
    """Months resting on too few records: the point drawn hollow, and a note under the chart
    saying why (as on the pages)."""
    if not few.any():
        return
    from dashboard.storage import settings

    _style_few_series(chart)
    series = chart.plots[0].series[0]
    for i, f in enumerate(few):
        if f:
            marker = series.points[i].marker
            marker.style = XL_MARKER_STYLE.CIRCLE
            marker.size = 9
            marker.format.fill.solid()
            marker.format.fill.fore_color.rgb = (
                PALE  # hollow ring (a pale dot where rings are lost)
            )
            marker.format.line.color.rgb = BLUE
            marker.format.line.width = Pt(1.75)
    key = "OVERSIGHT_MIN_RESPONSES" if unit_key == "records_responses" else "OVERSIGHT_MIN_DOSSIERS"
    n = int(settings.get(key))
    box = slide.shapes.add_textbox(Emu(600000), Emu(6250000), width, Emu(400000))
    box.text_frame.text = t("pack_few_note", lang, n=fmt_number(n, lang), unit=t(unit_key, lang))
    box.text_frame.paragraphs[0].font.size = Pt(12)
    box.text_frame.paragraphs[0].font.color.rgb = STATUS_RGB[None]


def _num(v) -> float | None:  # noqa: ANN001
    return None if v is None or v != v else round(float(v), 2)
