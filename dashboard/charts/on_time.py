"""On-time charts: monthly trend, rate bars, funnel plot, outcome bars. No Streamlit here."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.theme import (
    MUTED,
    PRIMARY,
    STATUS_COLOURS,
    add_events,
    add_target_line,
    theme,
)
from dashboard.domain.status import status_of
from dashboard.i18n import fmt_pct, month_label, t


def trend(
    df: pd.DataFrame,
    lang: str = "vi",
    events: list[tuple[date, str]] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Monthly on-time rate with the target line and vertical markers for events
    (model launches, the 2025 merger)."""
    fig = go.Figure()
    x = pd.to_datetime(df["month"])
    fig.add_trace(
        go.Scatter(
            x=x,
            y=df["on_time_rate"],
            mode="lines+markers",
            name=t("on_time_rate", lang),
            line=dict(color=PRIMARY, width=3),
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
) -> go.Figure:
    """Horizontal bars of on-time rate per group, worst at the top, counts in the hover;
    ``key_col`` goes into customdata so a click can drill into the group."""
    d = df.dropna(subset=["on_time_rate"]).sort_values("on_time_rate", ascending=False)
    colours = [STATUS_COLOURS[status_of(r, target, watch_margin)] for r in d["on_time_rate"]]
    fig = go.Figure(
        go.Bar(
            x=d["on_time_rate"],
            y=d[label_col],
            orientation="h",
            marker_color=colours,
            text=[fmt_pct(v, lang) for v in d["on_time_rate"]],
            textposition="auto",
            customdata=d[[key_col or label_col, "resolved"]].to_numpy(),
            hovertemplate="%{y}: %{x:.1f}%<br>"
            + t("resolved", lang)
            + ": %{customdata[1]:,}<extra></extra>",
        )
    )
    if target is not None:
        fig.add_vline(x=target, line_dash="dash", line_color=STATUS_COLOURS["bad"])
    # Start the axis near the worst group so differences of a few points stay visible.
    low = min([*d["on_time_rate"], target if target is not None else 100])
    fig.update_xaxes(range=[max(0, low - 10), 100.5], ticksuffix="%")
    fig.update_yaxes(automargin=True)
    if title:
        fig.update_layout(title=title)
    return theme(fig, lang, height=max(240, 34 * len(d) + 80))


def funnel(
    df: pd.DataFrame,
    overall: float | None,
    lang: str = "vi",
    title: str | None = None,
    highlight: str | None = None,
) -> go.Figure:
    """Funnel plot: each unit's on-time rate against its number of resolved dossiers, with the
    95% limits around the overall rate. A small unit outside the funnel is a signal; a small
    unit near the edge may be luck."""
    d = df.dropna(subset=["on_time_rate"])
    fig = go.Figure()
    if overall is not None and len(d):
        import numpy as np

        n = np.linspace(max(1, d["resolved"].min()), d["resolved"].max() * 1.05, 200)
        p = overall / 100
        se = np.sqrt(p * (1 - p) / n)
        for k, dash in ((1.96, "dash"), (3.09, "dot")):
            fig.add_trace(
                go.Scatter(
                    x=n,
                    y=100 * np.clip(p - k * se, 0, 1),
                    mode="lines",
                    line=dict(color=MUTED, dash=dash, width=1),
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
        fig.add_hline(y=overall, line_color=MUTED)
    few = d["few"] if "few" in d else pd.Series(False, index=d.index)
    colours = [
        STATUS_COLOURS["bad"] if c == highlight else (STATUS_COLOURS["watch"] if f else PRIMARY)
        for c, f in zip(d["code"], few, strict=True)
    ]
    sizes = [20 if c == highlight else 11 for c in d["code"]]
    fig.add_trace(
        go.Scatter(
            x=d["resolved"],
            y=d["on_time_rate"],
            mode="markers",
            marker=dict(size=sizes, color=colours),
            text=d["name"],
            customdata=d[["code"]].to_numpy(),
            showlegend=False,
            hovertemplate="%{text}<br>%{y:.1f}% – %{x:,} "
            + t("resolved", lang).lower()
            + "<extra></extra>",
        )
    )
    fig.update_xaxes(title=t("resolved", lang), type="log")
    fig.update_yaxes(title=t("on_time_rate", lang), ticksuffix="%")
    if title:
        fig.update_layout(title=title)
    return theme(fig, lang, height=380)


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
                y=df[label_col],
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
