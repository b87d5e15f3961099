"""The one look of every chart: colours, the theme, target lines and event markers.

Chart builders (one module per subject beside this one) are pure: a DataFrame in, a themed
Plotly figure out, no Streamlit.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from dashboard.domain.escape import html as esc
from dashboard.i18n import fmt_number, t

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

# The one look, as the template every figure starts from: Plotly copies the default template
# into a new figure without validating it, where each property set on a chart's layout is
# validated there (plotly_white set per chart cost ~12 ms a chart, the rest ~5 ms: a third of
# a page's render, issue 18). Large readable text for a projector; the legend at the bottom of
# the figure (Plotly keeps room for it there), so on a phone, where it wraps to several
# lines, it never runs into the title.
LOOK = go.layout.Template(pio.templates["plotly_white"])
LOOK.layout.update(
    margin=dict(l=10, r=10, t=60, b=10),
    title=dict(x=0, yref="container", y=1, yanchor="top", pad=dict(t=12), font=dict(size=18)),
    font=dict(size=15, family="Inter, 'Segoe UI', Roboto, Arial, sans-serif"),
    legend=dict(orientation="h", yref="container", yanchor="bottom", y=0, x=0, xanchor="left"),
    hoverlabel=dict(font_size=14),
)
pio.templates["oversight"] = LOOK
pio.templates.default = "oversight"


def _claim_default() -> bool:
    """Make LOOK the default again if something replaced it; True when it had to.

    Importing Streamlit's chart element sets its own template as Plotly's default, so a process
    that imports Streamlit after this module (a test run, a script) would lose the look."""
    if pio.templates.default == "oversight":
        return False
    pio.templates.default = "oversight"
    return True


def theme(fig: go.Figure, lang: str = "vi", height: int = 360) -> go.Figure:
    """One look for every chart (the template ``LOOK``), its height, Vietnamese separators;
    a long title broken in two, so that on a phone it stays clear of the plot."""
    if _claim_default():  # this figure was made from the other default
        fig.update_layout(template="oversight")
    title = fig.layout.title.text
    fig.update_layout(height=height, separators=",." if lang == "vi" else ".,")
    if title and "<br>" not in title and len(title) > TITLE_LINE:
        fig.update_layout(title_text=halves(title), margin_t=84)
    number_axes(fig, lang)
    return fig


def _axis_values(fig: go.Figure, letter: str) -> list | None:
    """Every value drawn on the main x or y axis, or None when one is not a plain number."""
    out: list = []
    for tr in fig.data:
        if getattr(tr, letter + "axis", letter) not in (None, letter):
            continue
        vals = getattr(tr, letter, None)
        if vals is None:
            continue
        for v in vals:
            if v is None or (isinstance(v, float) and v != v):
                continue
            if isinstance(v, bool) or not isinstance(v, (int, float)) and not hasattr(v, "dtype"):
                return None
            try:
                out.append(float(v))
            except (TypeError, ValueError):
                return None
    return out


def _nice_step(top: float) -> int:
    """A whole step giving about five ticks up to ``top``: 1, 2, 5, 10, 20, 50, …"""
    raw = top / 5
    base = 1
    while True:
        for m in (1, 2, 5):
            if m * base >= raw:
                return m * base
        base *= 10


def _stacked_top(fig: go.Figure, letter: str) -> float:
    """The highest stack of a stacked bar chart along ``letter``."""
    other = "y" if letter == "x" else "x"
    sums: dict = {}
    for tr in fig.data:
        vals, cats = getattr(tr, letter, None), getattr(tr, other, None)
        if vals is None:
            continue
        cats = list(cats) if cats is not None else list(range(len(vals)))
        for c, v in zip(cats, vals, strict=False):
            if v is not None and v == v and v > 0:
                sums[c] = sums.get(c, 0.0) + float(v)
    return max(sums.values(), default=0.0)


def number_axes(fig: go.Figure, lang: str = "vi") -> None:
    """Numbers on the axes as Vietnamese reads them (issue 16): thousands separators
    ('2.000', not '2000') and a decimal comma through the figure's ``separators``; an axis of
    counts gets whole numbers only (never '0, 0, 0, 1, 1, 1'). Axes a builder formatted itself
    (dates, a tick format of their own) are left alone."""
    for letter in ("x", "y"):
        ax = fig.layout[letter + "axis"]
        if ax.tickformat or ax.type in ("date", "category", "log") or ax.tickvals:
            continue
        vals = _axis_values(fig, letter)
        if not vals:
            continue
        if all(float(v).is_integer() for v in vals) and ax.ticksuffix != "%":
            # Counts: whole ticks written by Babel ('2.000' in Vietnamese: Plotly's own
            # thousands separator ignored the figure's ``separators`` in the browser).
            top = _stacked_top(fig, letter) if fig.layout.barmode == "stack" else max(vals)
            step = _nice_step(max(top, 1.0))
            ticks = [i * step for i in range(int(top // step) + 2)]
            fig.update_layout(
                {
                    letter + "axis": dict(
                        tickmode="array",
                        tickvals=ticks,
                        ticktext=[fmt_number(v, lang) for v in ticks],
                        rangemode="tozero",
                    )
                }
            )
        else:
            fig.update_layout({letter + "axis": dict(tickformat=",")})


def halves(text: str) -> str:
    """A long title in two lines of about equal length."""
    spaces = [i for i, c in enumerate(text) if c == " "]
    if not spaces:
        return text
    cut = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return text[:cut] + "<br>" + text[cut + 1 :]


LABEL_LINE = 28  # characters of a bar's category label on one line
TITLE_LINE = 44  # characters of a chart title on one line (a phone is ~390 px wide)


def wrap(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` characters at spaces (Plotly ``<br>``);
    a word longer than a line stays whole."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def esc_all(values, width: int | None = None) -> list[str]:  # noqa: ANN001 - names
    """Names from the database for Plotly labels, hover text and categories: Plotly renders
    tags such as ``<a href>`` in them, so they are HTML-escaped (it shows ``&amp;`` as ``&``).
    ``width``: break long category labels into lines, so the bars keep room on a phone."""
    out = [esc(v) for v in values]
    return [wrap(v, width) for v in out] if width else out


def _across(fig: go.Figure, color: str, dash: str | None, width: float | None, **where) -> None:  # noqa: ANN003
    """A line shape at ``where`` (its ends and axes), styled as given."""
    style = (("color", color), ("dash", dash), ("width", width))
    fig.add_shape(type="line", line={k: v for k, v in style if v is not None}, **where)


def vline(
    fig: go.Figure,
    x,  # noqa: ANN001 - a number, or a date as epoch milliseconds
    color: str = MUTED,
    dash: str | None = None,
    width: float | None = None,
    label: str | None = None,
) -> None:
    """A vertical line across the plot at ``x``, ``label`` above it: the shape and annotation
    ``fig.add_vline`` makes for a figure without subplots, written directly. ``add_vline``
    looks through the figure's subplots first, ~4 ms a line against under one; a page draws
    several."""
    _across(fig, color, dash, width, x0=x, x1=x, xref="x", y0=0, y1=1, yref="y domain")
    if label:
        fig.add_annotation(
            text=label,
            showarrow=False,
            x=x,
            xref="x",
            xanchor="center",
            y=1,
            yref="y domain",
            yanchor="bottom",
        )


def hline(
    fig: go.Figure,
    y: float,
    color: str = MUTED,
    dash: str | None = None,
    width: float | None = None,
    label: str | None = None,
    font: dict | None = None,
) -> None:
    """A horizontal line across the plot at ``y``, ``label`` under its right end (``vline``)."""
    _across(fig, color, dash, width, x0=0, x1=1, xref="x domain", y0=y, y1=y, yref="y")
    if label:
        fig.add_annotation(
            text=label,
            showarrow=False,
            x=1,
            xref="x domain",
            xanchor="right",
            y=y,
            yref="y",
            yanchor="top",
            font=font,
        )


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
    placed: list[pd.Timestamp] = []
    span = (x.max() - x.min()) if len(x) else pd.Timedelta(days=0)
    for when, label in sorted(events or [], key=lambda e: e[0]):
        if len(x) and x.min() <= pd.Timestamp(when) <= x.max() + pd.Timedelta(days=slack_days):
            # Labels of events close in time go one under the other, never on each other
            # (issue 16: "Sáp nhập ĐVH…" over "Ra mắt mô hình…").
            near = max(span / 4, pd.Timedelta(days=120))
            row = sum(1 for p in placed if abs(pd.Timestamp(when) - p) < near)
            placed.append(pd.Timestamp(when))
            vline(fig, pd.Timestamp(when).timestamp() * 1000, dash="dot")
            fig.add_annotation(
                x=pd.Timestamp(when),
                y=1.0 - 0.1 * row,
                yref="paper",
                text=esc(label),  # a model's name: data, not markup
                showarrow=False,
                xanchor="left",
                yanchor="top",
                font=dict(size=12, color="#444"),
                bgcolor="rgba(255,255,255,.8)",
            )
