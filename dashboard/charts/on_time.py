"""On-time charts: monthly trend, rate bars, outcome bars (the funnel plot is
``dashboard.charts.funnel``). No Streamlit here."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.theme import (
    LABEL_LINE,
    PRIMARY,
    STATUS_COLOURS,
    add_events,
    add_target_line,
    esc_all,
    theme,
    vline,
)
from dashboard.domain.status import status_of
from dashboard.i18n import fmt_pct, month_label, t


def trend(
    df: pd.DataFrame,
    lang: str = "vi",
    events: list[tuple[date, str]] | None = None,
    title: str | None = None,
    min_n: int = 0,
) -> go.Figure:
    """Monthly on-time rate with the target line and vertical markers for events
    (model launches, the 2025 merger); months with fewer than ``min_n`` resolved dossiers are
    drawn hollow (the page says why)."""
    fig = go.Figure()
    x = pd.to_datetime(df["month"])
    few = df["resolved"] < min_n
    fig.add_trace(
        go.Scatter(
            x=x,
            y=df["on_time_rate"],
            mode="lines+markers",
            name=t("on_time_rate", lang),
            line=dict(color=PRIMARY, width=3),
            marker=dict(
                size=9,
                symbol=["circle-open" if f else "circle" for f in few],
                line=dict(width=2, color=PRIMARY),
                color=PRIMARY,
            ),
            customdata=df[["resolved", "on_time_total"]].to_numpy(),
            hovertemplate="%{x|%m/%Y}: %{y:.1f}%<br>%{customdata[1]:,} / %{customdata[0]:,}"
            "<extra></extra>",
        )
    )
    add_target_line(fig, x, df, lang)
    add_events(fig, x, events, slack_days=31)
    lo = df["on_time_rate"].min() if df["on_time_rate"].notna().any() else 80
    fig.update_yaxes(
        range=[max(0, min(lo, (df.get("target", pd.Series([lo])).min() or lo)) - 5), 100.5],
        ticksuffix="%",
    )
    fig.update_xaxes(tickformat="%m/%Y")
    if title:
        fig.update_layout(title=title)
    return theme(fig, lang)


def rate_bars(
    df: pd.DataFrame,
    label_col: str,
    lang: str = "vi",
    key_col: str | None = None,
    title: str | None = None,
    target: float | None = None,
    watch_margin: float = 0.0,
    min_n: int = 0,
) -> go.Figure:
    """Horizontal bars of on-time rate per group, worst at the top, counts in the hover;
    ``key_col`` goes into customdata so a click can drill into the group. Coloured by status
    with the noise rules (grey under ``min_n`` resolved dossiers)."""
    d = df.dropna(subset=["on_time_rate"]).sort_values("on_time_rate", ascending=False)
    colours = [
        STATUS_COLOURS[status_of(r, target, watch_margin, n=int(k), min_n=min_n)]
        for r, k in zip(d["on_time_rate"], d["resolved"], strict=True)
    ]
    labels = esc_all(d[label_col], LABEL_LINE)
    fig = go.Figure(
        go.Bar(
            x=d["on_time_rate"],
            y=labels,
            orientation="h",
            marker_color=colours,
            text=[fmt_pct(v, lang) for v in d["on_time_rate"]],
            # Inside the bar's end where it fits, so it never sits on the target line drawn
            # across the bars' ends; outside (never clipped) on a bar too short for it (issue
            # 16: the axis starts near the worst group, and a label cut inside read "0,0%");
            # outside too on a bar past the target, whose inside label would straddle the line.
            textposition=[
                "outside" if target is not None and v > target else "auto"
                for v in d["on_time_rate"]
            ],
            insidetextanchor="end",
            insidetextfont=dict(
                color=["#1f2328" if c == STATUS_COLOURS["watch"] else "white" for c in colours]
            ),
            constraintext="none",
            cliponaxis=False,
            customdata=d[[key_col or label_col, "resolved"]].to_numpy(),
            hovertemplate="%{y}: %{x:.1f}%<br>"
            + t("resolved", lang)
            + ": %{customdata[1]:,}<extra></extra>",
        )
    )
    if target is not None:
        vline(fig, target, color=STATUS_COLOURS["bad"], dash="dash")
    # Start the axis near the worst group so differences of a few points stay visible.
    low = min([*d["on_time_rate"], target if target is not None else 100])
    fig.update_xaxes(range=[max(0, low - 10), 100.5], ticksuffix="%")
    fig.update_yaxes(automargin=True)
    if title:
        fig.update_layout(title=title)
    extra_lines = sum(lbl.count("<br>") for lbl in labels)  # a wrapped label needs room
    theme(fig, lang, height=max(240, 34 * len(d) + 18 * extra_lines + 80))
    return fig.update_layout(margin_r=70)  # room for a label outside a short bar


def stacked_outcomes(
    df: pd.DataFrame,
    label_col: str,
    lang: str = "vi",
    key_col: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Early / on time / late counts per group (by channel, by field)."""
    fig = go.Figure()
    for col, colour in (
        ("early", STATUS_COLOURS["good"]),
        ("on_time", "#54aeff"),
        ("late", STATUS_COLOURS["bad"]),
    ):
        fig.add_trace(
            go.Bar(
                y=esc_all(df[label_col], LABEL_LINE),
                x=df[col],
                name=t(col, lang),
                orientation="h",
                marker_color=colour,
                customdata=df[[key_col or label_col]].to_numpy(),
                hovertemplate="%{y}: %{x:,}<extra>" + t(col, lang) + "</extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(automargin=True)
    if title:
        fig.update_layout(title=title)
    return theme(fig, lang, height=max(220, 40 * len(df) + 90))


def month_axis_labels(months: list[date], lang: str = "vi") -> list[str]:
    return [month_label(m, lang) for m in months]
