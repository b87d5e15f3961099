"""Chart builders of the satisfaction page: a DataFrame in, a themed Plotly figure out.

Pure functions, no Streamlit; the frames come from ``queries.satisfaction``. Every builder
takes ``lang`` for its labels and goes through ``dashboard.charts.theme``.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.theme import (
    MUTED,
    PRIMARY,
    STATUS_COLOURS,
    add_events,
    add_target_line,
    theme,
    vline,
)
from dashboard.domain.status import status_of
from dashboard.i18n import fmt_number, fmt_pct, quarter_label, t

# 5 rất hài lòng … 1 rất không hài lòng: greens for satisfied, grey neutral, warm for unhappy.
RATING_COLOURS = {5: "#1a7f37", 4: "#6fdd8b", 3: "#afb8c1", 2: "#fb8f44", 1: "#cf222e"}
WEAKEST_COLOUR = STATUS_COLOURS["bad"]


def _period_ticks(df: pd.DataFrame, lang: str) -> tuple[list, list[str]]:
    """Tick positions and texts: '03/2024' per month, 'III/2024' (English 'Q3 2024') per
    quarter."""
    starts = list(df["start"])
    labels = list(df["label"])
    if labels and "-Q" in labels[0]:
        text = [quarter_label(int(lab[:4]), int(lab[-1]), lang, short=True) for lab in labels]
    else:
        text = [f"{s.month:02d}/{s.year}" for s in starts]
    step = max(1, len(starts) // 12)
    return [pd.Timestamp(s) for s in starts][::step], text[::step]


def trend(
    df: pd.DataFrame,
    lang: str = "vi",
    title: str | None = None,
    rate_label: str | None = None,
    events: list[tuple[date, str]] | None = None,
    min_n: int = 0,
    compare_overall: bool = False,
) -> go.Figure:
    """Satisfaction (or one element's) rate per month or quarter with the target line.

    Points resting on fewer than ``min_n`` responses are drawn hollow; with
    ``compare_overall`` the overall satisfaction rate is drawn as a thin grey line to compare.
    """
    fig = go.Figure()
    x = pd.to_datetime(pd.Series(df["start"]))
    rate_label = rate_label or t("sat_rate", lang)
    few = df["n"] < min_n
    fig.add_trace(
        go.Scatter(
            x=x,
            y=df["rate"],
            mode="lines+markers",
            name=rate_label,
            line=dict(color=PRIMARY, width=3),
            marker=dict(
                size=9,
                symbol=["circle-open" if f else "circle" for f in few],
                line=dict(width=2, color=PRIMARY),
            ),
            customdata=np.stack([df["label"], df["n"]], axis=-1),
            hovertemplate="%{customdata[0]}: %{y:.1f}%<br>"
            + t("sat_responses", lang)
            + ": %{customdata[1]:,}<extra></extra>",
        )
    )
    if compare_overall and "satisfaction_rate" in df:
        fig.add_trace(
            go.Scatter(
                x=x,
                y=df["satisfaction_rate"],
                mode="lines",
                name=t("sat_rate_overall", lang),
                line=dict(color=MUTED, width=2),
                hovertemplate="%{y:.1f}%<extra>" + t("sat_rate_overall", lang) + "</extra>",
            )
        )
    add_target_line(fig, x, df, lang)
    add_events(fig, x, events, slack_days=92)
    values = pd.concat([df["rate"], df.get("target", pd.Series(dtype="float64"))]).dropna()
    if compare_overall and "satisfaction_rate" in df:
        values = pd.concat([values, df["satisfaction_rate"].dropna()])
    lo = float(values.min()) if len(values) else 50.0
    fig.update_yaxes(range=[max(0.0, lo - 5), 100.5], ticksuffix="%")
    tickvals, ticktext = _period_ticks(df, lang)
    fig.update_xaxes(tickvals=tickvals, ticktext=ticktext)
    if title:
        fig.update_layout(title=title)
    return theme(fig, lang)


def elements_bars(
    df: pd.DataFrame,
    lang: str = "vi",
    target: float | None = None,
    overall: float | None = None,
    title: str | None = None,
    min_n: int = 0,
) -> go.Figure:
    """The five SIPAS elements side by side (SIPAS order, top to bottom), each coloured by its
    status against the target (grey under ``min_n`` answers), the weakest outlined and named,
    the target as a dashed line and the overall rate as a grey line; the element key is in
    customdata so a click can drill into it."""
    d = df.iloc[::-1]  # plotly draws the first row at the bottom
    # The weakest is named in its axis label: a label beside the bar ran into the target and
    # overall lines drawn across the bars' ends (issue 16).
    names = [
        ("▼ " if w else "")
        + t(f"sat_el_{e}", lang)
        + (f" ({t('sat_weakest_short', lang)})" if w else "")
        for e, w in zip(d["element"], d["weakest"], strict=True)
    ]
    # One palette (issue 16): each element coloured by its status against the target (all
    # blue hid that every element missed it); the weakest is named and outlined.
    colours = [
        STATUS_COLOURS[status_of(r, target, 0.0, n=int(k), min_n=min_n)]
        if target is not None and r == r
        else PRIMARY
        for r, k in zip(d["rate"], d["answered"], strict=True)
    ]
    text = [fmt_pct(r, lang) if r == r else "–" for r in d["rate"]]
    fig = go.Figure(
        go.Bar(
            x=d["rate"].fillna(0),
            y=names,
            orientation="h",
            marker_color=colours,
            marker_line=dict(
                color=["#1f2328" if w else "rgba(0,0,0,0)" for w in d["weakest"]], width=3
            ),
            text=text,
            # Inside the bar's end, left of the lines: the rate never sits on a line (outside
            # only on a bar too short to hold it).
            textposition="auto",
            insidetextanchor="end",
            constraintext="none",
            cliponaxis=False,
            insidetextfont=dict(
                color=["#1f2328" if c == STATUS_COLOURS["watch"] else "white" for c in colours]
            ),
            customdata=np.stack([d["element"], d["answered"], d["satisfied"]], axis=-1),
            hovertemplate="%{y}: %{x:.1f}%<br>%{customdata[2]:,} / %{customdata[1]:,} "
            + t("sat_answers", lang)
            + "<extra></extra>",
        )
    )
    if target is not None:
        vline(
            fig,
            target,
            color=STATUS_COLOURS["bad"],
            dash="dash",
            label=t("target", lang) + " " + fmt_pct(target, lang, 0),
        )
    if overall is not None and overall == overall:
        vline(fig, overall, width=2)
    # Start the axis near the weakest element so a gap of a few points stays visible.
    low = min([*d["rate"].dropna(), *([target] if target is not None else []), 100.0])
    fig.update_xaxes(range=[max(0.0, low - 15), 100.5], ticksuffix="%")
    fig.update_yaxes(automargin=True)
    if title:
        fig.update_layout(title=title)
    fig.update_layout(margin=dict(t=60))
    theme(fig, lang, height=330)
    return fig.update_layout(margin_r=30)


def channel_bars(df: pd.DataFrame, lang: str = "vi", title: str | None = None) -> go.Figure:
    """Per rating channel, the split of the five ratings (share of the channel's responses),
    stacked from rất hài lòng to rất không hài lòng; the satisfaction rate and the number of
    responses are in the axis label."""
    d = df.iloc[::-1]
    labels = [
        f"{t('sat_channel_' + c, lang)} · {fmt_pct(r, lang, 0)} ({fmt_number(n, lang)})"
        for c, r, n in zip(d["channel"], d["satisfaction_rate"], d["responses"], strict=True)
    ]
    fig = go.Figure()
    for k in (5, 4, 3, 2, 1):
        share = 100.0 * d[f"r{k}"] / d["responses"].where(d["responses"] > 0)
        fig.add_trace(
            go.Bar(
                y=labels,
                x=share,
                name=t(f"sat_rating_{k}", lang),
                orientation="h",
                marker_color=RATING_COLOURS[k],
                text=[fmt_pct(s, lang, 0) if s == s and s >= 12 else "" for s in share],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                customdata=d[[f"r{k}"]].to_numpy(),
                hovertemplate="%{y}<br>"
                + t(f"sat_rating_{k}", lang)
                + ": %{x:.1f}% (%{customdata[0]:,})<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(range=[0, 100.5], dtick=25, ticksuffix="%")
    fig.update_yaxes(automargin=True)
    if title:
        fig.update_layout(title=title)
    fig = theme(fig, lang, height=max(280, 48 * len(d) + 150))
    fig.update_layout(legend=dict(traceorder="normal", font=dict(size=13)))  # below (theme)
    return fig


def distribution(df: pd.DataFrame, lang: str = "vi", title: str | None = None) -> go.Figure:
    """The five ratings from rất hài lòng to rất không hài lòng: share and count."""
    fig = go.Figure(
        go.Bar(
            x=[_two_lines(t(f"sat_rating_{k}", lang)) for k in df["rating"]],
            y=df["share"].fillna(0),
            marker_color=[RATING_COLOURS[int(k)] for k in df["rating"]],
            text=[
                f"{fmt_pct(s, lang)}<br>({fmt_number(c, lang)})" if s == s else "–"
                for s, c in zip(df["share"], df["count"], strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            customdata=df[["count"]].to_numpy(),
            hovertemplate="%{x}: %{y:.1f}% (%{customdata[0]:,})<extra></extra>",
        )
    )
    top = float(df["share"].max()) if df["share"].notna().any() else 0.0
    fig.update_yaxes(range=[0, min(100.0, top * 1.25 + 5)], ticksuffix="%")
    fig.update_xaxes(tickangle=0)
    if title:
        fig.update_layout(title=title)
    return theme(fig, lang, height=360)


def _two_lines(text: str) -> str:
    """Break a label at the space nearest its middle so axis labels stay horizontal."""
    words = text.split(" ")
    if len(words) < 2:
        return text
    best = min(
        range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:])))
    )
    return " ".join(words[:best]) + "<br>" + " ".join(words[best:])
