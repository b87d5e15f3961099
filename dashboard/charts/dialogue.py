"""Chart builders of the dialogue page: a DataFrame in, a themed Plotly figure out.

Pure functions, no Streamlit; the look comes from ``dashboard.charts.theme``.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.theme import LABEL_LINE, PRIMARY, STATUS_COLOURS, esc_all, theme, vline
from dashboard.i18n import fmt_number, quarter_label, t

# Petition states at the period's end, in reading order: done first, the problem last.
PETITIONS_COLOUR = "#8250df"  # a series colour, no status
STATE_COLOURS = {
    "on_spot": "#1a7f37",
    "resolved": "#6fdd8b",
    "open": "#8c959f",
    "overdue": STATUS_COLOURS["bad"],
}
MERGER_2025 = date(2025, 7, 1)


def topic_states(df: pd.DataFrame, lang: str = "vi", title: str | None = None) -> go.Figure:
    """Horizontal stacked bars: petitions per topic split by state at the period's end; the
    topic with the most petitions on top. ``df``: counts(by="topic")."""
    d = df[df["petitions"] > 0].copy()
    d["label"] = esc_all((t(f"dlg_topic_{x}", lang) for x in d["topic"]), LABEL_LINE)
    d = d.sort_values("petitions", ascending=True)  # plotly draws the first bar at the bottom
    fig = go.Figure()
    for state, colour in STATE_COLOURS.items():
        name = t(f"dlg_state_{state}", lang)
        fig.add_trace(
            go.Bar(
                y=d["label"],
                x=d[state],
                name=name,
                orientation="h",
                marker_color=colour,
                text=[fmt_number(v, lang) if v else "" for v in d[state]],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,  # upright digits; a segment too narrow for them shows none
                customdata=d[["topic", "petitions"]].to_numpy(),
                hovertemplate="%{y}: %{x:,} / %{customdata[1]:,}<extra>" + name + "</extra>",
            )
        )
    fig.update_layout(
        barmode="stack",
        bargap=0.25,
        legend_traceorder="normal",
        uniformtext=dict(minsize=11, mode="hide"),
    )
    fig.update_xaxes(title=t("dlg_petitions", lang))
    fig.update_yaxes(automargin=True)
    if title:
        fig.update_layout(title=title)
    return theme(fig, lang, height=max(240, 44 * len(d) + 110))


def sessions_trend(
    df: pd.DataFrame, lang: str = "vi", freq: str = "month", title: str | None = None
) -> go.Figure:
    """Sessions held per month or quarter (conferences and other formats stacked) with the
    petitions raised as a line on a second axis; a marker at the 1 July 2025 merger.
    ``df``: trend()."""
    x = pd.to_datetime(df["bucket"])
    others = df["sessions"] - df["conferences"]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=x,
            y=df["conferences"],
            name=t("dlg_format_conference", lang),
            marker_color=PRIMARY,
            hovertemplate="%{x|%m/%Y}: %{y:,}<extra>"
            + t("dlg_format_conference", lang)
            + "</extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            x=x,
            y=others,
            name=t("dlg_other_sessions", lang),
            marker_color="#9ec5ef",
            hovertemplate="%{x|%m/%Y}: %{y:,}<extra>" + t("dlg_other_sessions", lang) + "</extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=df["petitions"],
            name=t("dlg_petitions", lang),
            mode="lines+markers",
            yaxis="y2",
            # Not amber: amber means "watch" everywhere (issue 16).
            line=dict(color=PETITIONS_COLOUR, width=3),
            hovertemplate="%{x|%m/%Y}: %{y:,}<extra>" + t("dlg_petitions", lang) + "</extra>",
        )
    )

    def counts_axis(top: float, **kw) -> dict:
        # whole numbers only: no 0,5 session; small counts step by one
        axis = dict(rangemode="tozero", tickformat=",d", tickmode="auto", **kw)
        if top <= 8:
            axis.update(dtick=1, range=[0, max(1, top) + 0.5])
        return axis

    fig.update_layout(
        barmode="stack",
        legend_traceorder="normal",
        yaxis=counts_axis(
            float(df["sessions"].max() if len(df) else 0), title=t("dlg_sessions", lang)
        ),
        yaxis2=counts_axis(
            float(df["petitions"].max() if len(df) else 0),
            title=t("dlg_petitions", lang),
            overlaying="y",
            side="right",
            showgrid=False,
        ),
    )
    if freq == "quarter":  # 'III/2025' as official style writes a quarter (English 'Q3 2025')
        fig.update_xaxes(
            tickvals=list(x),
            ticktext=[quarter_label(d.year, (d.month - 1) // 3 + 1, lang, short=True) for d in x],
        )
    else:
        fig.update_xaxes(tickformat="%m/%Y")
    if len(x) and x.min() <= pd.Timestamp(MERGER_2025) <= x.max():
        vline(fig, pd.Timestamp(MERGER_2025).timestamp() * 1000, dash="dot")
        fig.add_annotation(
            x=pd.Timestamp(MERGER_2025),
            y=1.0,
            yref="paper",
            text=t("merger_2025", lang),
            showarrow=False,
            xanchor="left",
            yanchor="top",
            font=dict(size=12, color="#444"),
            bgcolor="rgba(255,255,255,.8)",
        )
    if title:
        fig.update_layout(title=title)
    return theme(fig, lang)


def compliance_donut(
    met: int, total: int, lang: str = "vi", title: str | None = None, running: bool = False
) -> go.Figure:
    """Communes that have / have not held a dialogue conference this year; while the year is
    running the missing share is "watch" (amber), once it is over "bad" (red)."""
    fig = go.Figure(
        go.Pie(
            labels=[t("dlg_format_conference", lang), t("dlg_without_conference", lang)],
            values=[met, max(0, total - met)],
            hole=0.62,
            sort=False,
            direction="clockwise",
            marker=dict(
                colors=[STATUS_COLOURS["good"], STATUS_COLOURS["watch" if running else "bad"]]
            ),
            textinfo="value",
            hovertemplate="%{label}: %{value:,}<extra></extra>",
        )
    )
    fig.add_annotation(
        text=f"<b>{fmt_number(met, lang)}/{fmt_number(total, lang)}</b>",
        showarrow=False,
        font=dict(size=22),
    )
    fig.update_layout(showlegend=False)
    if title:
        fig.update_layout(title=title)
    return theme(fig, lang, height=220)
