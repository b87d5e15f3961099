"""Chart and table builders of the rollout page: a DataFrame in, a themed figure (or a styled
table) out. No Streamlit and no SQL here; labels through ``t``.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.theme import (
    LABEL_LINE,
    MUTED,
    PRIMARY,
    STATUS_COLOURS,
    add_events,
    esc_all,
    hline,
    theme,
    vline,
)
from dashboard.domain.escape import html as esc
from dashboard.i18n import fmt_change, fmt_date, fmt_number, fmt_pct, t

STAGE_ORDER = (
    "registered",
    "launched",
    "piloting",
    "preliminary_review",
    "final_review",
    "replicated",
    "stopped",
)
# Light to dark along the way to replication; stopped in grey. (background, text)
STAGE_COLOURS = {
    "registered": ("#eaeef2", "#24292f"),
    "launched": ("#b6e3ff", "#0a3069"),
    "piloting": ("#54aeff", "#0a3069"),
    "preliminary_review": ("#aceebb", "#044f1e"),
    "final_review": ("#4ac26b", "#033a16"),
    "replicated": ("#1a7f37", "#ffffff"),
    "stopped": ("#8c959f", "#ffffff"),
}
OVERDUE = STATUS_COLOURS["bad"]


def stage_label(stage: str | None, lang: str) -> str:
    return "" if stage is None else t(f"ro_stage_{stage}", lang)


def short(text: str, n: int = 38) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


# --- the matrix --------------------------------------------------------------------------------


def stage_table(cells: pd.DataFrame, lang: str = "vi"):  # noqa: ANN201 - pandas Styler
    """Communes × models, each cell the stage (⚠ when a launch or review is overdue), coloured
    per stage. Returns (styler, keys): ``keys`` has the same shape, holding the rollout id a
    cell opens (None elsewhere), so a clicked cell can drill down."""
    models = cells[["model_code", "model_name"]].drop_duplicates().sort_values("model_name")
    labels: dict[str, str] = {}
    for code, name in zip(models.model_code, models.model_name, strict=True):
        label = short(name, 34)
        labels[code] = label if label not in labels.values() else f"{label} ({code})"
    unit_col, extra_col = t("ro_commune", lang), t("ro_recorded", lang)
    hist = cells["now_part_of"].notna().any()
    if hist:
        extra_col = t("ro_now_part_of_col", lang)
    rows, keys, stages, overdue = [], [], [], []
    for (_ucode, uname), g in cells.groupby(["unit_code", "unit_name"], sort=False):
        row = {unit_col: uname}
        if hist:
            row[extra_col] = (
                g["now_part_of"].dropna().iloc[0] if g["now_part_of"].notna().any() else ""
            )
        else:
            rec = sorted({n for lst in g["recorded"] for n in lst})
            row[extra_col] = ", ".join(rec)
        key = {unit_col: None, extra_col: None}
        st_row, ov_row = {}, {}
        for code in labels:
            hit = g[g["model_code"] == code]
            if hit.empty:
                row[labels[code]] = ""
                key[labels[code]] = None
                continue
            c = hit.iloc[0]
            text = stage_label(c["stage"], lang)
            if c["n_rollouts"] > 1:
                text += " · " + t("ro_several", lang, n=c["n_rollouts"])
            if c["overdue"]:
                text += " ⚠"
            row[labels[code]] = text
            key[labels[code]] = int(c["rollout_id"])
            st_row[labels[code]] = c["stage"]
            ov_row[labels[code]] = bool(c["overdue"])
        rows.append(row)
        keys.append(key)
        stages.append(st_row)
        overdue.append(ov_row)
    # The former units go last: the stages are what a reader scans first.
    display = pd.DataFrame(rows, columns=[unit_col, *labels.values(), extra_col])
    key_df = pd.DataFrame(keys, columns=display.columns, dtype=object)

    def style(_df: pd.DataFrame) -> pd.DataFrame:
        css = pd.DataFrame("", index=display.index, columns=display.columns)
        for i, (st_row, ov_row) in enumerate(zip(stages, overdue, strict=True)):
            for col, stage in st_row.items():
                bg, fg = STAGE_COLOURS[stage]
                css.loc[i, col] = f"background-color: {bg}; color: {fg}"
                if ov_row.get(col):
                    css.loc[i, col] += "; font-weight: 700"
        return css

    return display.style.apply(style, axis=None), key_df


def stage_legend(lang: str = "vi") -> str:
    """The stage colours of the table, as a line of HTML chips."""
    chip = (
        "display:inline-block;padding:2px 10px;margin:0 6px 4px 0;border-radius:4px;"
        "font-size:14px;background:{bg};color:{fg}"
    )
    return (
        "<div>"
        + "".join(
            f'<span style="{chip.format(bg=STAGE_COLOURS[s][0], fg=STAGE_COLOURS[s][1])}">'
            f"{stage_label(s, lang)}</span>"
            for s in STAGE_ORDER
        )
        + "</div>"
    )


# --- the Gantt ----------------------------------------------------------------------------


def _row_labels(tl: pd.DataFrame, lang: str) -> dict[int, str]:
    one_model = tl["model_code"].nunique() <= 1
    out: dict[int, str] = {}
    for r in tl.drop_duplicates("rollout_id").itertuples():
        label = unit_label(r.unit_name, r.recorded_name, r.current_name, r.merged, lang)
        if not one_model:
            label += f" · {short(r.model_name, 26)}"
        if label in out.values():  # two rollouts of one unit: tell them apart by start year
            rows = tl[tl.rollout_id == r.rollout_id]
            dates = [d for d in [*rows["actual"], *rows["planned"]] if d is not None and d == d]
            label += f" ({min(dates).year})" if dates else f" #{r.rollout_id}"
        out[int(r.rollout_id)] = label
    # Unit and model names become Plotly categories and hover text: escaped once here, and
    # long ones broken into lines so the bars keep room on a phone.
    return dict(zip(out, esc_all(out.values(), LABEL_LINE), strict=True))


def gantt(tl: pd.DataFrame, as_of: date, lang: str = "vi", title: str | None = None) -> go.Figure:
    """Per rollout, the stages as coloured bars from their real dates; planned dates as hollow
    diamonds; an overdue stage as a red bar from its planned date to ``as_of``. Each mark
    carries the rollout id in ``customdata`` so a click opens the rollout."""
    labels = _row_labels(tl, lang)
    # Rows in the order the rollouts started (first real or planned date), earliest on top.
    first = (
        tl.assign(_d=tl["actual"].where(tl["actual"].notna(), tl["planned"]))
        .groupby("rollout_id")["_d"]
        .min()
        .sort_values(kind="stable")
    )
    order = [labels[int(r)] for r in first.index]
    fig = go.Figure()
    day = pd.Timedelta(days=1).total_seconds() * 1000
    for stage in STAGE_ORDER:
        d = tl[(tl["stage"] == stage) & tl["actual"].notna()]
        if d.empty:
            continue
        start = pd.to_datetime(d["actual"])
        end = pd.to_datetime(d["end"])
        width = ((end - start).dt.total_seconds() * 1000).clip(lower=day * 4)
        bg, _fg = STAGE_COLOURS[stage]
        hover = [
            f"{labels[int(r)]}<br>{stage_label(stage, lang)}: {fmt_date(a, lang)}"
            + (f"<br>{t('ro_days_late', lang, n=int(n))}" if pd.notna(n) else "")
            for r, a, n in zip(d["rollout_id"], d["actual"], d["days_late"], strict=True)
        ]
        fig.add_trace(
            go.Bar(
                y=[labels[int(r)] for r in d["rollout_id"]],
                x=width,
                base=start,
                orientation="h",
                name=stage_label(stage, lang),
                marker_color=bg,
                marker_line=dict(color="#57606a", width=0.5),
                customdata=d[["rollout_id"]].to_numpy(),
                hovertext=hover,
                hoverinfo="text",
            )
        )
    od = tl[tl["overdue"]]
    if not od.empty:
        # A thin red bar over the stage bar: from the planned date to the as-of date.
        start = pd.to_datetime(od["planned"])
        width = (pd.Timestamp(as_of) - start).dt.total_seconds() * 1000
        fig.add_trace(
            go.Bar(
                y=[labels[int(r)] for r in od["rollout_id"]],
                x=width,
                base=start,
                width=0.28,
                orientation="h",
                name=t("ro_overdue", lang),
                marker_color=OVERDUE,
                marker_line=dict(width=0),
                customdata=od[["rollout_id"]].to_numpy(),
                hovertext=[
                    f"{labels[int(r)]}<br>{stage_label(s, lang)}: {t('ro_planned', lang).lower()} "
                    f"{fmt_date(p, lang)}, {t('ro_days_overdue', lang, n=int(n))}"
                    for r, s, p, n in zip(
                        od["rollout_id"],
                        od["stage"],
                        od["planned"],
                        od["days_overdue"],
                        strict=True,
                    )
                ],
                hoverinfo="text",
            )
        )
    stop = tl[(tl["stage"] == "stopped") & tl["actual"].notna()]
    if not stop.empty:
        fig.add_trace(
            go.Scatter(
                y=[labels[int(r)] for r in stop["rollout_id"]],
                x=pd.to_datetime(stop["actual"]),
                mode="markers",
                name=stage_label("stopped", lang),
                showlegend=False,
                marker=dict(symbol="x-thin", size=14, line=dict(width=3, color="#24292f")),
                customdata=stop[["rollout_id"]].to_numpy(),
                hovertext=[
                    f"{labels[int(r)]}<br>{stage_label('stopped', lang)}: {fmt_date(a, lang)}"
                    for r, a in zip(stop["rollout_id"], stop["actual"], strict=True)
                ],
                hoverinfo="text",
            )
        )
    pl = tl[tl["planned"].notna()]
    if not pl.empty:
        fig.add_trace(
            go.Scatter(
                y=[labels[int(r)] for r in pl["rollout_id"]],
                x=pd.to_datetime(pl["planned"]),
                mode="markers",
                name=t("ro_planned", lang),
                marker=dict(
                    symbol="diamond-open",
                    size=12,
                    line=dict(width=2),
                    color=[OVERDUE if o else "#24292f" for o in pl["overdue"]],
                ),
                customdata=pl[["rollout_id"]].to_numpy(),
                hovertext=[
                    f"{labels[int(r)]}<br>{stage_label(s, lang)}: "
                    f"{t('ro_planned', lang).lower()} {fmt_date(p, lang)}"
                    for r, s, p in zip(pl["rollout_id"], pl["stage"], pl["planned"], strict=True)
                ],
                hoverinfo="text",
            )
        )
    vline(fig, pd.Timestamp(as_of).timestamp() * 1000, dash="dot")
    fig.update_layout(barmode="overlay", bargap=0.35)
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], automargin=True)
    fig.update_xaxes(type="date", tickformat="%m/%Y")
    if title:
        fig.update_layout(title=title)
    extra_lines = sum(label.count("<br>") for label in order)
    theme(fig, lang, height=max(260, 34 * len(order) + 16 * extra_lines + 120))
    fig.update_layout(margin=dict(t=30 if title else 10))  # the legend: below (theme)
    return fig


# --- criteria -------------------------------------------------------------------------------


def assessment_trend(
    by_date: pd.DataFrame, lang: str = "vi", title: str | None = None
) -> go.Figure:
    """Share of criteria met at each assessment date."""
    x = pd.to_datetime(by_date["assessed_on"])
    fig = go.Figure(
        go.Scatter(
            x=x,
            y=by_date["share_met"],
            mode="lines+markers+text",
            line=dict(color=PRIMARY, width=3),
            marker=dict(size=10),
            text=[fmt_pct(v, lang, 0) for v in by_date["share_met"]],
            textposition="top center",
            name=t("ro_share_met", lang),
            customdata=by_date[["met", "criteria"]].to_numpy(),
            hovertemplate="%{x|%d/%m/%Y}: %{customdata[0]}/%{customdata[1]}<extra></extra>",
        )
    )
    fig.update_yaxes(range=[0, 112], ticksuffix="%")
    fig.update_xaxes(tickformat="%m/%Y")
    if title:
        fig.update_layout(title=title)
    return theme(fig, lang, height=300)


def criteria_grid(assess: pd.DataFrame, lang: str = "vi", title: str | None = None) -> go.Figure:
    """Criteria (rows) × assessment dates (columns): green met, red not met."""
    dates = sorted(assess["assessed_on"].unique())
    crit = (
        assess[["criterion_code", "criterion_name"]].drop_duplicates().sort_values("criterion_code")
    )
    z = pd.DataFrame(float("nan"), index=crit["criterion_code"], columns=dates)
    for r in assess.itertuples():
        z.loc[r.criterion_code, r.assessed_on] = 1.0 if r.met else 0.0
    ylab = list(crit.criterion_code)
    names = dict(zip(crit.criterion_code, crit.criterion_name, strict=True))
    text = [
        [("" if v != v else (t("ro_met", lang) if v else t("ro_not_met", lang))) for v in row]
        for row in z.to_numpy()
    ]
    hover = [[esc(f"{c}: {short(names[c], 70)}") for _ in dates] for c in ylab]
    fig = go.Figure(
        go.Heatmap(
            z=z.to_numpy(),
            x=[fmt_date(d, lang) for d in dates],
            y=esc_all(ylab),
            zmin=0,
            zmax=1,
            colorscale=[[0, "#ffcecb"], [0.5, "#ffcecb"], [0.5, "#aceebb"], [1, "#aceebb"]],
            showscale=False,
            text=text,
            texttemplate="%{text}",
            textfont=dict(size=13),
            customdata=hover,
            xgap=3,
            ygap=3,
            hovertemplate="%{customdata}<br>%{x}: %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(type="category")
    if title:
        fig.update_layout(title=title)
    return theme(fig, lang, height=max(200, 44 * len(ylab) + 100))


# --- effect ------------------------------------------------------------------------------------


def event_study(
    es: pd.DataFrame,
    launched: date,
    lang: str = "vi",
    title: str | None = None,
    merger: date = date(2025, 7, 1),
) -> go.Figure:
    """The gap between the pilot and its comparison group per month (or quarter) around the
    launch, with its 95 % band; hollow points where the pilot's bin rests on few records; the
    launch and the 1 July 2025 merger marked; the average gap over the before and after windows
    as two dashed segments (their distance is the difference in differences). ``es``: one
    metric's rows of ``queries.rollout.event_study``."""
    d = es.sort_values("k")
    step_days = (pd.to_datetime(d["end"]) - pd.to_datetime(d["start"])).dt.days + 1
    x = pd.to_datetime(d["start"]) + pd.to_timedelta(step_days / 2, unit="D")
    fig = go.Figure()
    has = d["gap"].notna()
    # A gap between two rates lies within ±100 points: the band is drawn within them.
    high, low = d["high"].clip(-100, 100), d["low"].clip(-100, 100)
    fig.add_trace(
        go.Scatter(
            x=list(x[has]) + list(x[has][::-1]),
            y=list(high[has]) + list(low[has][::-1]),
            mode="lines",
            fill="toself",
            fillcolor="rgba(11,92,173,0.14)",
            line=dict(width=0),
            name=t("ro_event_band", lang),
            hoverinfo="skip",
        )
    )
    per = "ro_n_dossiers" if d["metric"].iloc[0] == "on_time_rate" else "ro_n_responses"
    fig.add_trace(
        go.Scatter(
            x=x,
            y=d["gap"],
            mode="lines+markers",
            name=t("ro_event_gap", lang),
            line=dict(color=PRIMARY, width=2.5),
            marker=dict(
                size=9,
                symbol=["circle-open" if f else "circle" for f in d["few"]],
                color=PRIMARY,
                line=dict(width=2, color=PRIMARY),
            ),
            customdata=[
                [
                    fmt_date(s, lang),
                    fmt_date(e, lang),
                    t(per, lang, n=fmt_number(n, lang)),
                    fmt_pct(u, lang),
                    fmt_pct(c, lang),
                    fmt_number(lo, lang, 1),
                    fmt_number(hi, lang, 1),
                ]
                for s, e, n, u, c, lo, hi in zip(
                    d["start"],
                    d["end"],
                    d["unit_n"],
                    d["unit_rate"],
                    d["comparison_rate"],
                    d["low"],
                    d["high"],
                    strict=True,
                )
            ],
            hovertemplate="%{customdata[0]} – %{customdata[1]}: %{y:+.1f}<br>"
            + t("ro_unit_group", lang)
            + " %{customdata[3]} (%{customdata[2]}), "
            + t("ro_comparison_group", lang).lower()
            + " %{customdata[4]}<br>95%: %{customdata[5]} … %{customdata[6]}<extra></extra>",
        )
    )
    hline(fig, 0, width=1)
    before, after = d[d["k"] < 0], d[d["k"] > 0]
    for part, key, colour in (
        (before, "ro_event_before_gap", "#57606a"),
        (after, "ro_event_after_gap", STATUS_COLOURS["good"]),
    ):
        v = part["before_gap" if key.endswith("before_gap") else "after_gap"].dropna()
        if part.empty or v.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=[pd.Timestamp(part["start"].min()), pd.Timestamp(part["end"].max())],
                y=[float(v.iloc[0])] * 2,
                mode="lines",
                line=dict(color=colour, dash="dash", width=2),
                name=t(key, lang, value=fmt_change(float(v.iloc[0]), lang)),
                hoverinfo="skip",
            )
        )
    events = [(launched, t("ro_event_launch", lang, date=fmt_date(launched, lang)))]
    events.append((merger, t("merger_2025", lang)))
    add_events(fig, pd.Series(pd.to_datetime(d["start"])), events, slack_days=31)
    vals = pd.concat([low, high, d["gap"]]).dropna()
    span = max(10.0, float(vals.abs().max()) + 3) if len(vals) else 10.0
    fig.update_yaxes(range=[-span, span], title=t("ro_event_axis", lang), zeroline=False)
    fig.update_xaxes(tickformat="%m/%Y")
    if title:
        fig.update_layout(title=title)
    return theme(fig, lang, height=380)  # the legend below the chart (theme)


def forest(
    rows: pd.DataFrame,
    pooled,  # noqa: ANN001 - a stats.Interval or None
    lang: str = "vi",
    title: str | None = None,
) -> go.Figure:
    """Each rollout's difference in differences with its 95 % interval, and the model's
    pooled effect as a diamond at the bottom; the ±5-point lines mark the smallest change that
    matters. ``rows``: one metric's rows of ``queries.rollout.pooled_effect(...).rollouts``."""
    d = rows.dropna(subset=["did"]).sort_values(["launched_on", "rollout_id"])
    labels = esc_all(  # unit names: data, not Plotly markup
        (
            f"{n} ({fmt_date(ld, lang)})"
            for n, ld in zip(d["unit_name"], d["launched_on"], strict=True)
        ),
        LABEL_LINE,
    )
    fig = go.Figure()
    ok = d["enough_data"].astype(bool)
    for mask, colour, name in (
        (ok, PRIMARY, t("ro_forest_enough", lang)),
        (~ok, MUTED, t("ro_verdict_not_enough_data", lang)),
    ):
        g = d[mask]
        if g.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=g["did"],
                y=[lab for lab, m in zip(labels, mask, strict=True) if m],
                mode="markers",
                marker=dict(size=10, color=colour, symbol="square"),
                error_x=dict(
                    type="data",
                    symmetric=False,
                    array=g["ci_high"] - g["did"],
                    arrayminus=g["did"] - g["ci_low"],
                    color=colour,
                    thickness=2,
                ),
                name=name,
                hovertemplate="%{y}: %{x:+.1f}<extra></extra>",
            )
        )
    pooled_label = t("ro_forest_pooled", lang)
    if pooled is not None:
        fig.add_trace(
            go.Scatter(
                x=[pooled.estimate],
                y=[pooled_label],
                mode="markers",
                marker=dict(size=18, symbol="diamond", color="#24292f"),
                error_x=dict(
                    type="data",
                    symmetric=False,
                    array=[pooled.high - pooled.estimate],
                    arrayminus=[pooled.estimate - pooled.low],
                    color="#24292f",
                    thickness=4,
                    width=8,
                ),
                name=pooled_label,
                showlegend=False,
                hovertemplate=f"{pooled_label}: %{{x:+.1f}} "
                f"({fmt_number(pooled.low, lang, 1)} … {fmt_number(pooled.high, lang, 1)})"
                "<extra></extra>",
            )
        )
    vline(fig, 0, color="#24292f", width=1)
    for v in (-5, 5):
        vline(fig, v, dash="dash", width=1)
    order = labels[::-1]
    if pooled is not None:
        order = [pooled_label, *order]
    fig.update_yaxes(categoryorder="array", categoryarray=order, automargin=True)
    fig.update_xaxes(title=t("ro_forest_axis", lang), zeroline=False)
    if title:
        fig.update_layout(title=title)
    return theme(fig, lang, height=max(260, 30 * (len(d) + 1) + 150))  # legend below


def effect_frame(m, lang: str = "vi") -> pd.DataFrame:  # noqa: ANN001
    """The four cells as a small table: group | before | after | change, each rate with the
    count behind it."""
    per = "ro_n_dossiers" if m.metric == "on_time_rate" else "ro_n_responses"

    def cell(c) -> str:  # noqa: ANN001
        return f"{fmt_pct(c.rate, lang)} ({t(per, lang, n=fmt_number(c.n, lang))})"

    before, after = t("ro_before", lang), t("ro_after", lang)
    unit = " " + t("points", lang)
    return pd.DataFrame(
        {
            t("ro_group", lang): [t("ro_unit_group", lang), t("ro_comparison_group", lang)],
            before: [cell(m.unit_before), cell(m.comparison_before)],
            after: [cell(m.unit_after), cell(m.comparison_after)],
            t("ro_change", lang): [
                fmt_change(m.unit_change, lang, unit=unit),
                fmt_change(m.comparison_change, lang, unit=unit),
            ],
        }
    )


def comparison_frame(e, lang: str = "vi") -> pd.DataFrame:  # noqa: ANN001
    """The comparison communes with their before-window rates (and records), for the page."""
    c = e.comparison
    return pd.DataFrame(
        {
            t("ro_commune", lang): c["name"],
            t("ro_comp_on_time_before", lang): [
                f"{fmt_pct(r, lang)} ({fmt_number(n, lang)})"
                for r, n in zip(c["on_time_before"], c["on_time_n_before"], strict=True)
            ],
            t("ro_comp_satisfaction_before", lang): [
                f"{fmt_pct(r, lang)} ({fmt_number(n, lang)})"
                for r, n in zip(c["satisfaction_before"], c["satisfaction_n_before"], strict=True)
            ],
            t("ro_comp_own_launch", lang): [
                fmt_date(d, lang) if d is not None and d == d else "–" for d in c["own_launch"]
            ],
        }
    )


def excluded_frame(e, lang: str = "vi") -> pd.DataFrame:  # noqa: ANN001
    """Communes left out of the comparison group and why."""
    x = e.excluded
    return pd.DataFrame(
        {
            t("ro_commune", lang): x["name"],
            t("ro_excluded_reason", lang): [
                t(
                    f"ro_excluded_{r}",
                    lang,
                    model=short(m, 50) if isinstance(m, str) else "",
                    date=fmt_date(d, lang),
                )
                for r, m, d in zip(x["reason"], x["model"], x["launched_on"], strict=True)
            ],
        }
    )


def warning_text(e, metric: str, key: str, lang: str = "vi") -> str:  # noqa: ANN001
    """What a reader must know before trusting a metric's effect, in words (``Effect.warnings``)."""
    m = e.metrics[metric]
    name = (
        t("on_time_rate", lang) if metric == "on_time_rate" else t("ro_satisfaction_rate", lang)
    ).lower()
    if key == "regression_to_mean":
        return t(
            "ro_warn_regression_to_mean",
            lang,
            metric=name,
            before=fmt_pct(m.unit_before.rate, lang),
            history=fmt_pct(m.history.rate, lang),
        )
    if key == "cut_by_merger":
        return t(
            "ro_warn_cut_by_merger",
            lang,
            before=m.months_with_data[0],
            after=m.months_with_data[1],
            n=e.months,
        )
    if key == "survey_mix":
        tb, ta = int(m.mix["n_before"].sum()), int(m.mix["n_after"].sum())
        moved = m.mix[(m.mix["share_after"] - m.mix["share_before"]).abs() >= 10]
        channels = "; ".join(
            t(
                "ro_mix_channel",
                lang,
                channel=t(f"sat_channel_{r.channel}", lang),
                x=fmt_number(r.n_before, lang),
                nx=fmt_number(tb, lang),
                y=fmt_number(r.n_after, lang),
                ny=fmt_number(ta, lang),
            )
            for r in moved.itertuples()
        )
        return t("ro_warn_survey_mix", lang, channels=channels)
    if key == "other_model_at_pilot":
        models = ", ".join(
            f"{short(r.model, 50)} ({fmt_date(r.launched_on, lang)})"
            for r in e.other_models.itertuples()
        )
        return t("ro_warn_other_model_at_pilot", lang, models=models)
    return t(f"ro_{key}", lang)


# --- labels for pickers --------------------------------------------------------------------------


def unit_label(
    unit_name: str, recorded_name: str, current_name: str, merged: bool, lang: str = "vi"
) -> str:
    """A rollout's unit; one recorded at a unit merged since reads "Xã Bốn (nay thuộc …)"."""
    if merged and recorded_name != current_name:
        return f"{recorded_name} ({t('ro_now_part_of', lang, name=current_name)})"
    return unit_name


def rollout_labels(ro: pd.DataFrame, lang: str = "vi") -> dict[int, str]:
    """Rollout id → "unit · model · stage" for a picker."""
    one_model = ro["model_code"].nunique() <= 1
    out = {}
    for r in ro.itertuples():
        label = unit_label(r.unit_name, r.recorded_name, r.current_name, r.merged, lang)
        if not one_model:
            label += f" · {short(r.model_name, 40)}"
        out[int(r.rollout_id)] = f"{label} · {stage_label(r.stage, lang)}"
    return out


def criteria_frame(by_criterion: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Per criterion: its name, share met over the assessments, and the latest result."""
    latest = [
        "–"
        if d is None or d != d
        else f"{t('ro_met', lang) if ok else t('ro_not_met', lang)} ({fmt_date(d, lang)})"
        for d, ok in zip(by_criterion["latest_on"], by_criterion["latest_met"], strict=True)
    ]
    return pd.DataFrame(
        {
            t("ro_criterion", lang): [
                f"{c}: {n}"
                for c, n in zip(
                    by_criterion["criterion_code"], by_criterion["criterion_name"], strict=True
                )
            ],
            t("ro_share_met", lang): [
                f"{fmt_pct(s, lang, 0)} ({m}/{a})" if a else "–"
                for s, m, a in zip(
                    by_criterion["share_met"],
                    by_criterion["met"],
                    by_criterion["assessments"],
                    strict=True,
                )
            ],
            t("ro_latest", lang): latest,
        }
    )
