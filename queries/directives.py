"""Directives (kết luận chỉ đạo): what leaders asked for at a meeting, followed to the next one.

Definitions:
- a directive is addressed to a unit (a province or a commune, today's) and optionally one of
  its departments; it may concern an *indicator*: one of the figures the dashboard shows, read
  from the subject's own ``headline()`` (``INDICATORS``; the QĐ 766/QĐ-TTg index's total and
  points lost included), for the directive's unit and optionally a field;
- *baseline*: the indicator over ``baseline_period`` as the dashboard showed it on the day the
  directive was given, kept as it was then (later imports do not move it);
- *current*: the same indicator, same unit and field, over the period of the same kind (month,
  quarter, year) that contains the as-of day, up to that day; a custom period: the same number
  of days ending on the as-of day (``current_period``);
- *status* shown: ``cancelled`` and ``done`` as recorded; an open directive whose due date is
  before the as-of day is ``overdue`` (quá hạn), else ``open`` (đang thực hiện);
- *verdict* of the indicator: ``met`` when a target is set and the current value reaches it
  (at least it when higher is better, at most when lower is), else ``better`` / ``worse`` /
  ``same`` against the baseline, in the indicator's good direction; None without both values;
- *scope*: a directive is seen by whoever may see its unit (the restricted connection's units,
  ``queries.units``), and a scope lists the directives addressed to its unit and the units
  under it. A commune leader sees the directives addressed to their commune, not the
  province's;
- the *previous meeting* of a day: the latest meeting date on or before it among the scope's
  directives; the pack's first slide lists every directive given then.

Grain: one row per directive (``directives``), per note (``notes``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import Connection, and_, case, func, or_, select

from dashboard.domain import periods as P
from dashboard.storage.schema import admin_unit, department, directive, directive_note, field
from queries.units import Scope, ScopeDenied, allowed_unit_ids, in_ids, scope_ids


@dataclass(frozen=True)
class Indicator:
    """A figure a directive may concern: ``metric`` of ``subject``'s ``headline()``."""

    key: str
    subject: str  # on_time | satisfaction | dialogue | index766
    metric: str
    page: str  # the page (pages/ stem) that shows it
    kind: str  # pct | count | days | points
    higher_is_better: bool


INDICATORS: dict[str, Indicator] = {
    i.key: i
    for i in (
        Indicator("on_time_rate", "on_time", "on_time_rate", "on_time", "pct", True),
        Indicator("online_share", "on_time", "online_share", "on_time", "pct", True),
        Indicator("apology_share", "on_time", "apology_share", "on_time", "pct", False),
        Indicator(
            "avg_processing_days", "on_time", "avg_processing_days", "on_time", "days", False
        ),
        Indicator("pending_overdue", "on_time", "pending_overdue", "on_time", "count", False),
        Indicator(
            "satisfaction_rate", "satisfaction", "satisfaction_rate", "satisfaction", "pct", True
        ),
        Indicator(
            "dissatisfied_share", "satisfaction", "dissatisfied_share", "satisfaction", "pct", False
        ),
        Indicator("dialogue_sessions", "dialogue", "sessions", "dialogue", "count", True),
        Indicator(
            "petitions_resolved_share", "dialogue", "resolved_share", "dialogue", "pct", True
        ),
        Indicator(
            "petitions_backlog_overdue", "dialogue", "backlog_overdue", "dialogue", "count", False
        ),
        # The national service index (QĐ 766), in points, from queries.index766.headline.
        Indicator("i766_total", "index766", "i766_total", "index766", "points", True),
        Indicator("i766_lost", "index766", "i766_lost", "index766", "points", False),
    )
}
STATUSES = ("open", "overdue", "done", "cancelled")  # shown; "overdue" is never recorded
_ORDER = {"overdue": 0, "open": 1, "done": 2, "cancelled": 3}


def _headline(subject: str):  # noqa: ANN202
    from queries import dialogue, index766, on_time, satisfaction

    return {
        "on_time": on_time.headline,
        "satisfaction": satisfaction.headline,
        "dialogue": dialogue.headline,
        "index766": index766.headline,
    }[subject]


def figure(conn: Connection, key: str, period: P.Period, scope: Scope):  # noqa: ANN201
    """The indicator's Figure (value, n, target…) from its subject's headline: the one
    computation every surface reads."""
    ind = INDICATORS[key]
    return _headline(ind.subject)(conn, period, scope).get(ind.metric)


def value(conn: Connection, key: str, period: P.Period, scope: Scope) -> float | None:
    """The indicator's value, as its headline shows it: read from the very function the
    headline reads it from (on time and satisfaction: ``counts`` over the period, backlog:
    ``backlog`` at its end), without the previous period, last year and the target the
    headline adds (a register of directives asks for one number each, not three periods).
    tests/test_directives.py checks it equals ``figure(...).value`` for every indicator."""
    ind = INDICATORS[key]
    if ind.subject == "on_time" and ind.metric == "pending_overdue":
        from queries import on_time

        df = on_time.backlog(conn, period.end, scope)
        return None if df.empty else float(df["pending_overdue"].iloc[0])
    if ind.subject in ("on_time", "satisfaction"):
        from queries import on_time, satisfaction

        if ind.subject == "on_time":
            # Only the apology share needs the backlog at the period's end (its pending
            # part): the other rates skip that read (~20 ms a directive on PostgreSQL).
            df = on_time.counts(conn, period, scope, letters=ind.metric == "apology_share")
        else:
            df = satisfaction.counts(conn, period, scope)
        if df.empty or pd.isna(df[ind.metric].iloc[0]):
            return None
        return float(df[ind.metric].iloc[0])
    if ind.subject == "dialogue":  # the headline's row of this period alone
        from queries import dialogue

        v = dialogue.period_row(conn, period, scope)[ind.metric]
        return None if pd.isna(v) else float(v)
    fig = figure(conn, key, period, scope)
    if fig is None or fig.value is None or fig.value != fig.value:
        return None
    return float(fig.value)


def parse_period(label: str) -> P.Period:
    """A stored period label back to a Period (``*``: the 15th–14th reporting regime)."""
    official = label.endswith("*")
    return P.parse(label.rstrip("*"), regime="official" if official else "calendar")


def current_period(baseline_period: str, as_of: date) -> P.Period:
    """The period the current value is read over (module docstring)."""
    base = parse_period(baseline_period)
    if base.kind in ("year", "quarter", "month"):
        cur = P.current(base.kind, as_of)
        return replace(cur, end=min(cur.end, as_of))
    return P.Period(as_of - timedelta(days=base.days - 1), as_of, "custom")


def shown_status(recorded: str, due: date, as_of: date) -> str:
    if recorded == "open" and due < as_of:
        return "overdue"
    return recorded


def verdict(
    key: str | None, baseline: float | None, current: float | None, target: float | None
) -> str | None:
    """met / better / worse / same (module docstring), or None."""
    baseline, current, target = _num(baseline), _num(current), _num(target)
    if not key or key not in INDICATORS or current is None:
        return None
    higher = INDICATORS[key].higher_is_better
    if target is not None:
        if (current >= target) if higher else (current <= target):
            return "met"
    if baseline is None:
        return None
    if abs(current - baseline) < 1e-9:
        return "same"
    return "better" if (current > baseline) == higher else "worse"


def arrow(baseline: float | None, current: float | None) -> str:
    """↑ ↓ → for the change from the baseline, – without both values."""
    baseline, current = _num(baseline), _num(current)
    if baseline is None or current is None:
        return "–"
    if abs(current - baseline) < 1e-9:
        return "→"
    return "↑" if current > baseline else "↓"


def _num(v) -> float | None:  # noqa: ANN001 - None, NaN or a number
    return None if v is None or v != v else float(v)


# --- reading ----------------------------------------------------------------------------


def _visible_ids(conn: Connection, scope: Scope) -> list[int] | None:
    """Unit ids whose directives the scope lists, None for every unit. Directives are addressed
    to today's units; the as-was view of a unit that has ended lists the ones addressed to it
    as it was (none, as a rule), never its successor's under its code."""
    return scope_ids(conn, scope.unit_code, scope.historical)


def _base_stmt():  # noqa: ANN202
    d = directive
    return select(
        d.c.id,
        admin_unit.c.code.label("unit"),
        admin_unit.c.name.label("unit_name"),
        department.c.name.label("department"),
        d.c.text,
        d.c.indicator,
        field.c.code.label("field"),
        d.c.baseline_period,
        d.c.baseline,
        d.c.target,
        d.c.due_date.label("due"),
        d.c.status.label("recorded_status"),
        d.c.meeting,
        d.c.meeting_date,
        d.c.closed_on,
        d.c.created_by,
        d.c.created_at,
    ).select_from(
        d.join(admin_unit, admin_unit.c.id == d.c.unit_id)
        .outerjoin(department, department.c.id == d.c.department_id)
        .outerjoin(field, field.c.id == d.c.field_id)
    )


RAW_COLUMNS = [
    "id",
    "unit",
    "unit_name",
    "department",
    "text",
    "indicator",
    "field",
    "baseline_period",
    "baseline",
    "target",
    "due",
    "recorded_status",
    "meeting",
    "meeting_date",
    "closed_on",
    "created_by",
    "created_at",
]
COLUMNS = [
    "id",
    "unit",
    "unit_name",
    "department",
    "text",
    "indicator",
    "field",
    "baseline_period",
    "baseline",
    "current_period",
    "current",
    "target",
    "due",
    "status",
    "recorded_status",
    "verdict",
    "arrow",
    "page",
    "meeting",
    "meeting_date",
    "closed_on",
    "last_note",
    "last_note_on",
    "created_by",
]


def directives(
    conn: Connection,
    scope: Scope,
    as_of: date,
    closed_since: date | None = None,
    meeting_date: date | None = None,
) -> pd.DataFrame:
    """The scope's directives with the indicator then and now, overdue first, then open by due
    date, then done and cancelled. ``closed_since``: only open ones and those closed on or
    after that day (None: all). ``meeting_date``: only those given that day."""
    stmt = _base_stmt().where(directive.c.meeting_date <= as_of)
    ids = _visible_ids(conn, scope)
    if ids is not None:
        stmt = stmt.where(in_ids(conn, directive.c.unit_id, ids))
    if closed_since is not None:
        stmt = stmt.where(or_(directive.c.status == "open", directive.c.closed_on >= closed_since))
    if meeting_date is not None:
        stmt = stmt.where(directive.c.meeting_date == meeting_date)
    raw = pd.DataFrame.from_records(list(map(tuple, conn.execute(stmt).all())), columns=RAW_COLUMNS)
    return _complete(conn, raw, as_of)


def _complete(conn: Connection, raw: pd.DataFrame, as_of: date) -> pd.DataFrame:
    if raw.empty:
        return pd.DataFrame(columns=COLUMNS)
    for c in ("due", "meeting_date", "closed_on"):
        raw[c] = [_as_date(v) for v in raw[c]]
    for c in ("baseline", "target"):
        raw[c] = pd.Series(
            [None if v is None or v != v else float(v) for v in raw[c]], dtype=object
        )
    for c in ("department", "field", "indicator", "baseline_period"):
        raw[c] = [v if isinstance(v, str) and v else None for v in raw[c]]
    cache: dict[tuple, float | None] = {}
    currents, cur_periods = [], []
    for r in raw.itertuples(index=False):
        if not r.indicator or r.indicator not in INDICATORS or not r.baseline_period:
            currents.append(None)
            cur_periods.append(None)
            continue
        period = current_period(r.baseline_period, as_of)
        field_code = r.field if isinstance(r.field, str) and r.field else None
        key = (r.indicator, r.unit, field_code, period)
        if key not in cache:
            cache[key] = value(conn, r.indicator, period, Scope(r.unit, field_code=field_code))
        currents.append(cache[key])
        cur_periods.append(period.label)
    out = raw.assign(
        current=pd.Series(currents, dtype=object, index=raw.index),
        current_period=pd.Series(cur_periods, dtype=object, index=raw.index),
    )
    out["status"] = [
        shown_status(s, d, as_of) for s, d in zip(out["recorded_status"], out["due"], strict=True)
    ]
    out["verdict"] = [
        verdict(k, b, c, tg)
        for k, b, c, tg in zip(
            out["indicator"], out["baseline"], out["current"], out["target"], strict=True
        )
    ]
    out["arrow"] = [arrow(b, c) for b, c in zip(out["baseline"], out["current"], strict=True)]
    out["page"] = [
        INDICATORS[k].page if k in INDICATORS else "on_time" for k in out["indicator"].fillna("")
    ]
    last = _last_notes(conn, [int(i) for i in out["id"]])
    out["last_note"] = [last.get(int(i), (None, None))[1] for i in out["id"]]
    out["last_note_on"] = [last.get(int(i), (None, None))[0] for i in out["id"]]
    out["_order"] = [_ORDER[s] for s in out["status"]]
    out = out.sort_values(["_order", "due", "id"]).reset_index(drop=True)
    out["id"] = out["id"].astype("int64")
    return out[COLUMNS]


def _last_notes(conn: Connection, ids: list[int]) -> dict[int, tuple[date, str]]:
    if not ids:
        return {}
    n = directive_note
    rows = conn.execute(
        select(n.c.directive_id, n.c.noted_on, n.c.text)
        .where(in_ids(conn, n.c.directive_id, ids))
        .order_by(n.c.directive_id, n.c.noted_on, n.c.id)
    ).all()
    return {int(i): (_as_date(d), txt) for i, d, txt in rows}  # the last one wins


def get(conn: Connection, directive_id: int, as_of: date) -> dict:
    """One directive (the list's columns) by id. An id that does not exist raises
    LookupError; one whose unit the connection may not see raises ScopeDenied (a forged link
    or ``--as`` command learns nothing about it)."""
    unit_id = conn.execute(
        select(directive.c.unit_id).where(directive.c.id == int(directive_id))
    ).scalar()
    if unit_id is None:
        raise LookupError(directive_id)
    allowed = allowed_unit_ids(conn)
    if allowed is not None and int(unit_id) not in allowed:
        raise ScopeDenied(f"directive {directive_id}")
    raw = pd.DataFrame.from_records(
        conn.execute(_base_stmt().where(directive.c.id == int(directive_id))).all(),
        columns=RAW_COLUMNS,
    )
    return _complete(conn, raw, as_of).iloc[0].to_dict()


NOTE_COLUMNS = ["noted_on", "text", "status", "noted_by", "noted_at"]


def notes(conn: Connection, directive_id: int) -> pd.DataFrame:
    """A directive's progress notes, oldest first (call ``get`` first: it checks the scope)."""
    n = directive_note
    df = pd.DataFrame.from_records(
        conn.execute(
            select(n.c.noted_on, n.c.text, n.c.status, n.c.noted_by, n.c.noted_at)
            .where(n.c.directive_id == int(directive_id))
            .order_by(n.c.noted_on, n.c.id)
        ).all(),
        columns=NOTE_COLUMNS,
    )
    df["noted_on"] = [_as_date(v) for v in df["noted_on"]]
    return df


def status_counts(
    conn: Connection, scope: Scope, as_of: date, closed_since: date | None = None
) -> dict[str, int]:
    """How many of the scope's directives given by ``as_of`` are open, overdue, done and
    cancelled (the statuses of ``directives``), counted in the database. ``closed_since``:
    done and cancelled ones closed on or after that day only."""
    d = directive
    shown = case(
        (and_(d.c.status == "open", d.c.due_date < as_of), "overdue"), else_=d.c.status
    ).label("shown")
    stmt = select(shown, func.count()).where(d.c.meeting_date <= as_of).group_by(shown)
    ids = _visible_ids(conn, scope)
    if ids is not None:
        stmt = stmt.where(in_ids(conn, d.c.unit_id, ids))
    if closed_since is not None:
        stmt = stmt.where(or_(d.c.status == "open", d.c.closed_on >= closed_since))
    out = dict.fromkeys(STATUSES, 0)
    out.update({k: int(n) for k, n in conn.execute(stmt).all()})
    return out


def overdue_count(conn: Connection, scope: Scope, as_of: date) -> int:
    """How many of the scope's directives are overdue as of a day (the overview's figure):
    open, given by then, due before it."""
    return status_counts(conn, scope, as_of)["overdue"]


def departments(conn: Connection, unit_code: str) -> list[str]:
    """Departments a directive to ``unit_code`` may name: the unit's own and its province's
    (the form's choices; the write checks the same rule)."""
    from queries.units import unit_tree

    tree = unit_tree(conn)
    node = tree.get(unit_code)
    if node is None:
        return []
    owners = [node.id, *tree.ancestors(node.id)]
    allowed = allowed_unit_ids(conn)
    if allowed is not None and node.id not in allowed:
        raise ScopeDenied(unit_code)
    return sorted(
        conn.execute(
            select(department.c.name).where(in_ids(conn, department.c.unit_id, owners)).distinct()
        ).scalars()
    )


def previous_meeting(conn: Connection, scope: Scope, as_of: date) -> tuple[date | None, list[str]]:
    """The latest meeting date on or before ``as_of`` among the scope's directives, with the
    names of the meetings held that day (None, [] when there is none)."""
    stmt = select(func.max(directive.c.meeting_date)).where(directive.c.meeting_date <= as_of)
    ids = _visible_ids(conn, scope)
    if ids is not None:
        stmt = stmt.where(in_ids(conn, directive.c.unit_id, ids))
    day = _as_date(conn.execute(stmt).scalar())
    if day is None:
        return None, []
    names = select(directive.c.meeting).where(directive.c.meeting_date == day).distinct()
    if ids is not None:
        names = names.where(in_ids(conn, directive.c.unit_id, ids))
    return day, sorted(conn.execute(names).scalars().all())


def _as_date(v) -> date | None:  # noqa: ANN001 - SQLite may hand back strings
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    return date.fromisoformat(str(v)[:10])
