"""One funnel plot for every subject: a league in (``queries.ranking.rank_league``), a figure out.

Each unit's rate against the records it rests on, around the peers' pooled rate
(``peer_rate``), with exact binomial limits on both sides (95 % dashed, 99.8 % dotted) from
``dashboard.domain.stats.funnel_limits``. A unit beyond a limit is coloured by the side it is
on (the same ``funnel`` column the table reads); units with few records are hollow grey; the
unit in view is ringed. No Streamlit here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.theme import MUTED, PRIMARY, STATUS_COLOURS, esc_all, hline, theme
from dashboard.domain.stats import funnel_limits
from dashboard.i18n import fmt_number, fmt_pct, t

FUNNEL_COLOURS = {"above": STATUS_COLOURS["good"], "below": STATUS_COLOURS["bad"]}


def funnel(
    league: pd.DataFrame,
    lang: str = "vi",
    rate_label: str = "",
    n_label: str = "",
    title: str | None = None,
    highlight: str | None = None,
    hits: str = "hits",
    n: str = "n",
    rate: str = "rate",
) -> go.Figure:
    """Funnel plot of a ranked league (columns ``code``, ``name``, ``few``, ``peer_rate``,
    ``funnel``, ``rank``/``rank_low``/``rank_high`` and the ``hits``/``n``/``rate`` named).
    ``customdata[0]`` is the unit's code, so a click can drill into it."""
    d = league[pd.to_numeric(league[n]).fillna(0) > 0].dropna(subset=[rate])
    fig = go.Figure()
    centre = float(league["peer_rate"].iloc[0]) if len(league) else float("nan")
    if len(d) and centre == centre:
        lo_n = max(1, int(d[n].min() * 0.9))
        hi_n = max(lo_n + 1, int(d[n].max() * 1.08))
        grid = np.unique(np.rint(np.geomspace(lo_n, hi_n, 240)).astype("int64"))
        for level, dash, key in (
            (0.95, "dash", "funnel_limit_95"),
            (0.998, "dot", "funnel_limit_998"),
        ):
            lower, upper = funnel_limits(centre, grid, level)
            for i, ys in enumerate((lower, upper)):
                fig.add_trace(
                    go.Scatter(
                        x=grid,
                        y=ys,
                        mode="lines",
                        line=dict(color=MUTED, dash=dash, width=1.2, shape="spline"),
                        name=t(key, lang),
                        legendgroup=key,
                        showlegend=i == 0,
                        hoverinfo="skip",
                    )
                )
        hline(
            fig,
            centre,
            label=t("funnel_centre", lang, rate=fmt_pct(centre, lang)),
            font=dict(size=12, color="#444"),
        )
    few = d["few"].astype(bool) if "few" in d else pd.Series(False, index=d.index)
    side = d["funnel"] if "funnel" in d else pd.Series("within", index=d.index)
    for group, mask in (
        ("funnel_within", (~few) & ~side.isin(["above", "below"])),
        ("funnel_above", (~few) & (side == "above")),
        ("funnel_below", (~few) & (side == "below")),
        ("funnel_few", few),
    ):
        g = d[mask]
        if g.empty:
            continue
        if group == "funnel_few":
            marker = dict(size=10, symbol="circle-open", color=MUTED, line=dict(width=2))
        else:
            colour = FUNNEL_COLOURS.get(group.split("_")[1], PRIMARY)
            marker = dict(size=11, color=colour, line=dict(width=1, color="#ffffff"))
        fig.add_trace(
            go.Scatter(
                x=g[n],
                y=g[rate],
                mode="markers",
                marker=marker,
                name=t(group, lang),
                text=esc_all(g["name"]),  # names are data, not Plotly markup
                customdata=np.stack([g["code"], _rank_text(g, lang)], axis=-1),
                hovertemplate="%{text}<br>%{y:.1f}% – %{x:,} "
                + n_label.lower()
                + "<br>%{customdata[1]}<extra></extra>",
            )
        )
    if highlight is not None and (d["code"] == highlight).any():
        h = d[d["code"] == highlight]
        fig.add_trace(
            go.Scatter(
                x=h[n],
                y=h[rate],
                mode="markers+text",
                marker=dict(size=22, symbol="circle-open", color="#24292f", line=dict(width=3)),
                text=esc_all(h["name"]),
                textposition="top center",
                name=t("this_unit", lang).strip(),
                customdata=np.stack([h["code"], _rank_text(h, lang)], axis=-1),
                hoverinfo="skip",
            )
        )
    spread = (d[n].max() / max(1, d[n].min())) if len(d) else 1
    fig.update_xaxes(title=n_label, type="log" if spread > 20 else "linear")
    fig.update_yaxes(title=rate_label, ticksuffix="%")
    if title:
        fig.update_layout(title=title)
    return theme(fig, lang, height=420)  # the legend below the chart (theme)


def _rank_text(g: pd.DataFrame, lang: str) -> list[str]:
    out = []
    for r in g.itertuples(index=False):
        rank = getattr(r, "rank", None)
        if rank is None or pd.isna(rank):
            out.append(t("rank_none", lang))
            continue
        out.append(
            t(
                "rank_hover",
                lang,
                rank=fmt_number(rank, lang),
                low=fmt_number(r.rank_low, lang),
                high=fmt_number(r.rank_high, lang),
                band=t(f"band_{r.band}", lang),
            )
        )
    return out
