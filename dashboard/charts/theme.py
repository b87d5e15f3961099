"""The one look of every chart: colours, the theme, target lines and event markers.

Chart builders (one module per subject beside this one) are pure: a DataFrame in, a themed
Plotly figure out, no Streamlit.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard.domain.escape import html as esc
from dashboard.i18n import t

# "few": a figure on too few records is grey, never a status colour.
STATUS_COLOURS = {
    "good": "#1a7f37",
    "watch": "#d4a72c",
    "bad": "#cf222e",
    "few": "#8c959f",
    None: "#57606a",
}
PRIMARY = "#0b5cad"
MUTED = "#8c959f"


def theme(fig: go.Figure, lang: str = "vi", height: int = 360) -> go.Figure:
    """One look for every chart: large readable text for a projector, Vietnamese separators."""
    fig.update_layout(
        template="plotly_white",
        height=height,
        margin=dict(l=10, r=10, t=60, b=10),
        title=dict(x=0, y=0.98, yanchor="top", font=dict(size=18)),
        font=dict(size=15, family="Inter, 'Segoe UI', Roboto, Arial, sans-serif"),
        separators=",." if lang == "vi" else ".,",
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=1, xanchor="right"),
        hoverlabel=dict(font_size=14),
    )
    return fig


def esc_all(values) -> list[str]:  # noqa: ANN001 - any iterable of names
    """Names from the database for Plotly labels, hover text and categories: Plotly renders
    tags such as ``<a href>`` in them, so they are HTML-escaped (it shows ``&amp;`` as ``&``)."""
    return [esc(v) for v in values]


def add_target_line(fig: go.Figure, x: pd.Series, df: pd.DataFrame, lang: str) -> None:
    """The yearly target as a dashed step line, when the frame has one."""
    if "target" in df and df["target"].notna().any():
        fig.add_trace(
            go.Scatter(
                x=x,
                y=df["target"],
                mode="lines",
                name=t("target", lang),
                line=dict(color=STATUS_COLOURS["bad"], dash="dash", width=2, shape="hv"),
                hovertemplate="%{y:.1f}%<extra>" + t("target", lang) + "</extra>",
            )
        )


def add_events(
    fig: go.Figure, x: pd.Series, events: list[tuple[date, str]] | None, slack_days: int
) -> None:
    """Dotted vertical markers with a label (model launches, the 2025 merger) for the events
    that fall within the plotted dates (plus ``slack_days`` after the last point)."""
    for when, label in events or []:
        if len(x) and x.min() <= pd.Timestamp(when) <= x.max() + pd.Timedelta(days=slack_days):
            fig.add_vline(
                x=pd.Timestamp(when).timestamp() * 1000, line_dash="dot", line_color=MUTED
            )
            fig.add_annotation(
                x=pd.Timestamp(when),
                y=1.0,
                yref="paper",
                text=esc(label),  # a model's name: data, not markup
                showarrow=False,
                xanchor="left",
                yanchor="top",
                font=dict(size=12, color="#444"),
                bgcolor="rgba(255,255,255,.8)",
            )
