"""``Figure``: the one type of a headline number, shared by every subject.

Each subject exposes one ``headline(conn, period, scope)`` (rollout and due soon: as of a
date) returning ``{metric: Figure}``; the overview, the subject's page, the briefing pack and
``oversight metrics … --figures`` all read those, so a figure is computed once.

A Figure carries what explains it: ``numerator`` / ``denominator`` (counts; a count figure has
its count as numerator and no denominator), ``kind`` (pct, count, days, or points: the service index's
scores, two decimals) and its definition,
the label ``def_<metric>`` in ``dashboard/i18n/labels/figures.py`` (Vietnamese and English).
``rows`` names the page section that lists the records behind it, where there is one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection

from dashboard.domain.periods import Period

KINDS = ("pct", "count", "days", "points")


@dataclass(frozen=True)
class Figure:
    """One headline number with what a leader compares it to and what it is made of."""

    metric: str
    value: float | None
    n: int  # the count behind it (resolved dossiers, received dossiers, …)
    previous: float | None = None
    last_year: float | None = None
    target: float | None = None
    status: str | None = None  # good | watch | bad | few | None (no target)
    few: bool = False  # resting on too few records to be read as certain
    watch_margin: float = 0.0
    numerator: float | None = None
    denominator: float | None = None
    kind: str = "pct"
    rows: str | None = None  # "page" or "page#section" listing the records behind it
    definition_key: str | None = None  # when another figure's definition applies
    label_key: str | None = None  # when its label is not the label ``metric``

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def definition(self) -> str:
        """The label key of the figure's one-sentence definition."""
        return self.definition_key or f"def_{self.metric}"

    @property
    def label(self) -> str:
        """The label key of the figure's name."""
        return self.label_key or self.metric


def count_figure(metric: str, value: int, **kw) -> Figure:  # noqa: ANN003
    """A figure that is a count: its numerator is itself, no denominator."""
    return Figure(
        metric=metric, value=float(value), n=int(value), numerator=int(value), kind="count", **kw
    )


def as_dict(fig: Figure) -> dict:
    """The figure as a flat record (the command line's JSON, the pack's headline sheet)."""
    return {
        "metric": fig.metric,
        "value": fig.value,
        "numerator": fig.numerator,
        "denominator": fig.denominator,
        "kind": fig.kind,
        "previous": fig.previous,
        "change": fig.change,
        "last_year": fig.last_year,
        "target": fig.target,
        "status": fig.status,
        "few": fig.few,
    }


SUBJECTS = ("on_time", "satisfaction", "dialogue", "rollout", "due_soon", "index766")


def headlines(
    conn: Connection,
    period: Period,
    scope,  # noqa: ANN001 - a queries.units.Scope
    today: date,
    within: int = 3,
) -> dict[str, dict[str, Figure]]:
    """Every subject's headline for one view, as the overview, the pages, the pack and
    ``oversight metrics figures`` show it: rollouts as of ``rollout.as_of_for(period,
    today)``, what is due soon as of ``today`` within ``within`` working days."""
    from queries import dialogue, due_soon, index766, on_time, rollout, satisfaction

    return {
        "on_time": on_time.headline(conn, period, scope),
        "satisfaction": satisfaction.headline(conn, period, scope),
        "dialogue": dialogue.headline(conn, period, scope),
        "rollout": rollout.headline(conn, rollout.as_of_for(period, today), scope),
        "due_soon": due_soon.headline(conn, today, scope, within),
        "index766": index766.headline(conn, period, scope, today),
    }
