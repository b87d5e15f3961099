"""Chart builders of the service-index page (Chỉ số 766): a DataFrame in, a Plotly figure out.

Pure functions, no Streamlit; the look comes from ``dashboard.charts.theme``.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.theme import LABEL_LINE, PRIMARY, STATUS_COLOURS, esc_all, theme
from dashboard.i18n import fmt_number, t


def group_bars(groups: pd.DataFrame, lang: str = "vi", title: str | None = None) -> go.Figure:
    """One bar per group: the estimate over a pale bar of the group's maximum, the official
    score as a marker when imported; the first group on top. ``groups``: index766.groups()."""
    d = groups.iloc[::-1].copy()
    d["label"] = esc_all([t(f"i766_group_{c}", lang) for c in d["group_code"]], LABEL_LINE)
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=d["label"],
            x=d["max_score"],
            orientation="h",
            name=t("i766_max_bar", lang),
            marker_color="#e8ecf0",
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Bar(
            y=d["label"],
            x=d["score"],
            orientation="h",
            name=t("i766_score_bar", lang),
            marker_color=PRIMARY,
            text=[
                group_points(s, m, u, lang)
                for s, m, u in zip(d["score"], d["max_score"], d["undetermined"], strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            width=0.5,
        )
    )
    if "official_score" in d and d["official_score"].notna().any():
        fig.add_trace(
            go.Scatter(
                y=d["label"],
                x=d["official_score"],
                mode="markers",
                name=t("i766_official_bar", lang),
                marker=dict(
                    symbol="line-ns-open", size=22, line_width=3, color=STATUS_COLOURS["bad"]
                ),
            )
        )
    fig.update_layout(
        title=title or t("i766_groups_title", lang),
        barmode="overlay",
        xaxis=dict(title=t("i766_points_axis", lang), range=[0, 25]),
        bargap=0.35,
    )
    return theme(fig, lang, height=380)


def group_points(score: float, max_score: float, undetermined: float, lang: str) -> str:
    """A group's points as the page and the pack write them: "16,58 / 18", or "chưa xác định
    / 12" for a group whose conversion is not known."""
    top = fmt_number(max_score, lang, 0)
    if undetermined >= max_score:
        return t("i766_not_determined", lang) + f" / {top}"
    return f"{fmt_number(score, lang, 2)} / {top}"


def trend(df: pd.DataFrame, lang: str = "vi", title: str | None = None) -> go.Figure:
    """The estimated total month by month (``df``: month, score, official_score)."""
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=df["month"],
            y=df["score"],
            mode="lines+markers",
            name=t("i766_score_bar", lang),
            line=dict(color=PRIMARY, width=3),
        )
    )
    if "official_score" in df and df["official_score"].notna().any():
        fig.add_trace(
            go.Scatter(
                x=df["month"],
                y=df["official_score"],
                mode="markers",
                name=t("i766_official_bar", lang),
                marker=dict(color=STATUS_COLOURS["bad"], size=11, symbol="diamond"),
            )
        )
    fig.update_layout(
        title=title or t("i766_trend_title", lang),
        yaxis=dict(title=t("i766_points_axis", lang), range=[0, 100], gridcolor="#eee"),
        xaxis=dict(tickformat="%m/%Y", dtick="M1"),
    )
    fig.update_traces(hoverlabel=dict(bgcolor="white"), selector=dict(type="scatter"))
    return theme(fig, lang, height=320)
