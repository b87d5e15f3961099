"""Reform-model rollouts (one model in one unit): catalogue, stages, timeline, criteria, effect.

Grain: one row per rollout unless a function says otherwise (``matrix``: per unit and model;
``timeline``: per rollout and stage; ``assessment_by_*``: per assessment date or criterion).

Definitions (DOMAIN.md, "Reform models and their rollout"):
- stage at a date: the latest of registered → launched → piloting → preliminary_review →
  final_review → replicated whose date is on or before the date; "stopped" once the rollout
  was stopped on or before it; None before its first recorded date (it does not exist yet).
- active at a date: launched on or before it and not stopped on or before it.
- overdue (launch, preliminary review, final review): the planned date is before the as-of date,
  no real date is recorded on or before it, and the rollout was not stopped by then.
- units: in the current view a rollout counts for today's successor of the unit it was
  registered at (``admin_unit.current_unit_id``), so the 2023 pilots in communes merged since
  appear under today's commune; the historical view keeps the unit as recorded. Either way the
  recorded unit and today's unit are both returned, so pages can say "now part of …".
- effect (``effect``, ``event_study``, ``pooled_effect``): did the pilot work? Measured on the
  units as they were at launch, whatever the view: the pilot is the commune the rollout was
  registered at, with the records of the units that went into it (not of its successors, which
  hold other communes too: a window cut by the 1/7/2025 merger is flagged and shows its months
  with data). Windows of N whole months before and after the month of launch (split, so left
  out). On-time = (early + on time) / resolved from ``rollup_unit_month`` (dossier rows; report
  forms belong to their reporting period, not to a month); satisfaction = ratings 4–5 /
  responses from ``rollup_satisfaction_month``.
  Comparison group: the communes of the province as it was at launch, valid then. A commune
  counts as untreated until its own launch of the model (its months from then on are left
  out; its lineage counts: a predecessor's or successor's launch is its own); one already
  running the model by the after window, or where another model was launched inside the
  windows, is left out and listed with the reason. Only comparison communes with records in
  both windows enter the estimate.
  DiD = (after − before at the pilot) − (after − before in the comparison group), in points,
  with a 95 % interval (``stats.did``: the pilot's binomial noise, the variation of a single
  commune's change beyond it, and a seeded cluster bootstrap over comparison communes); the
  placebo moves the launch back by the window (its after window is the real before window);
  ``enough_data``: each pilot window holds OVERSIGHT_MIN_EFFECT_RECORDS records and the
  interval does not hold both a 5-point gain and a 5-point loss, else "không đủ dữ liệu để kết
  luận". Warnings: regression to the mean (the before window far from the pilot's own previous
  12 months), a window cut by the merger, a change in the rating-channel mix (satisfaction),
  another model launched at the pilot inside the windows. A model's pooled effect combines its
  rollouts (random effects, ``stats.pool``). A cell with fewer than OVERSIGHT_MIN_DOSSIERS /
  OVERSIGHT_MIN_RESPONSES records is ``few``.
- compliance (``compliance``): "at least one model or good practice per unit per year"; a year
  that ended before 1 July 2025 is judged on the communes as they were, also in today's units
  (QĐ 11578/QĐ-UBND; target metric models_per_unit): the communes of the scope with fewer
  distinct models active during the year (launched on or before 31/12, not stopped before
  01/01) than the target (1 when none is set). Current view: today's communes, counting the
  rollouts of their predecessors; historical view: the communes as they were that year.
"""

from __future__ import annotations

import math
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import Connection, and_, func, select

from dashboard.domain import stats
from dashboard.domain.periods import add_months
from dashboard.storage import settings
from dashboard.storage.schema import (
    ROLLOUT_STAGES,
    admin_unit,
    criterion_assessment,
    model_criterion,
    reform_model,
    rollout,
    rollup_satisfaction_month,
    rollup_unit_month,
)
from queries import shared
from queries import targets as targets_q
from queries.figures import Figure
from queries.units import (
    Scope,
    all_units,
    allowed_unit_ids,
    can_see,
    check_unit_id,
    in_ids,
    recorded_unit_ids,
    unit_tree,
)

STAGES: tuple[str, ...] = (*ROLLOUT_STAGES, "stopped")
# Stages that have a planned date.
PLANNED = {
    "launched": "planned_launch_on",
    "preliminary_review": "planned_preliminary_review_on",
    "final_review": "planned_final_review_on",
}
REVIEWS = ("preliminary_review", "final_review")
BY = ("model", "unit", "stage")


class UnknownModel(LookupError):
    """A model code that is not in the database."""


class UnknownRollout(LookupError):
    """A rollout id that is not in the database."""


# --- used by the briefing page ---------------------------------------------------------------


def launch_events(conn: Connection, scope: Scope) -> pd.DataFrame:
    """Model launches in the scope: date, model name, unit id (for chart annotations)."""
    ids = recorded_unit_ids(conn, scope.unit_code, scope.historical)
    stmt = (
        select(rollout.c.launched_on, reform_model.c.name, rollout.c.unit_id)
        .join(reform_model, reform_model.c.id == rollout.c.model_id)
        .where(in_ids(conn, rollout.c.unit_id, ids), rollout.c.launched_on.is_not(None))
        .order_by(rollout.c.launched_on)
    )
    return pd.DataFrame.from_records(
        list(map(tuple, conn.execute(stmt).all())), columns=["launched_on", "model", "unit_id"]
    )


def as_of_for(period, today: date) -> date:  # noqa: ANN001 - a Period
    """The day a period's rollout figures are counted at: its last day, or today while it
    runs (the page, the overview and the pack alike)."""
    return min(period.end, today)


def headline(
    conn: Connection, as_of: date, scope: Scope, model_code: str | None = None
) -> dict[str, Figure]:
    """The rollout figures as of a date, from ``rollouts`` (the page's table), so every
    surface counts units the same way: ``rollouts_active`` (launched on or before ``as_of``,
    not stopped by then), ``units_running`` (units of the view with at least one active
    rollout: today's units in the current view, so predecessors merged into one commune
    count once; the units as recorded in the historical view), ``reviews_overdue`` (a
    preliminary or final review planned before ``as_of`` and not held, not stopped) and
    ``ready_to_replicate``. Counts, with the rollouts registered by then as denominator;
    ``model_code``: one model's rollouts only (the page's model picker)."""
    df = rollouts(conn, as_of, scope, model_code)
    registered = len(df)
    active = df[df["active"]] if registered else df
    figures = (
        ("rollouts_active", len(active), "ro_active"),
        ("units_running", int(active["unit_code"].nunique()) if registered else 0, "ro_units"),
        (
            "reviews_overdue",
            int(df["review_overdue"].sum()) if registered else 0,
            "ro_overdue_reviews",
        ),
        (
            "ready_to_replicate",
            int(df["ready_to_replicate"].sum()) if registered else 0,
            "ro_ready",
        ),
    )
    return {
        metric: Figure(
            metric=metric,
            value=float(value),
            n=int(value),
            numerator=int(value),
            denominator=None if metric == "units_running" else registered,
            kind="count",
            rows="rollout",
            label_key=label,
        )
        for metric, value, label in figures
    }


# --- helpers ------------------------------------------------------------------------------------


def _date(v) -> date | None:  # noqa: ANN001 - SQLite may hand back strings, pandas NaT/NaN
    if v is None or (isinstance(v, float) and v != v) or v is pd.NaT:
        return None
    if isinstance(v, pd.Timestamp):
        return v.date()
    if isinstance(v, date):
        return v
    return date.fromisoformat(str(v)[:10])


def vi_key(names: pd.Series) -> pd.Series:
    """Sort key for Vietnamese names: letters before their accented forms, Đ with D."""

    def key(s: str) -> str:
        base = unicodedata.normalize("NFD", str(s).replace("đ", "d").replace("Đ", "D"))
        return "".join(c for c in base if not unicodedata.combining(c)).casefold() + "\0" + s

    return names.map(key)


def _stage_col(stage: str) -> str:
    return f"{stage}_on"


def stage_at(row, as_of: date) -> str | None:  # noqa: ANN001 - a mapping with the stage dates
    """The stage a rollout had reached on ``as_of`` (see the module docstring)."""
    stopped = _date(row.get("stopped_on"))
    if stopped is not None and stopped <= as_of:
        return "stopped"
    reached = None
    for s in ROLLOUT_STAGES:
        d = _date(row.get(_stage_col(s)))
        if d is not None and d <= as_of:
            reached = s
    return reached


def _overdue(row, stage: str, as_of: date) -> bool:  # noqa: ANN001
    planned = _date(row.get(PLANNED[stage]))
    real = _date(row.get(_stage_col(stage)))
    stopped = _date(row.get("stopped_on"))
    return (
        planned is not None
        and planned < as_of
        and (real is None or real > as_of)
        and (stopped is None or stopped > as_of)
    )


def model_id(conn: Connection, code: str) -> int:
    mid = conn.execute(select(reform_model.c.id).where(reform_model.c.code == code)).scalar()
    if mid is None:
        raise UnknownModel(code)
    return int(mid)


_DATE_COLS = [_stage_col(s) for s in STAGES] + list(PLANNED.values())


def _rollout_rows(
    conn: Connection,
    ids: list[int] | None,
    model_code: str | None = None,
    rollout_id: int | None = None,
) -> pd.DataFrame:
    """Rollouts registered at the units ``ids`` (None: any), with model, recorded unit and
    today's unit. Fetched once per page for the same arguments (``shared.once``): the rollout
    page's catalogue, matrix, timeline, reviews, compliance and map all start from them."""
    key = ("rollouts", None if ids is None else tuple(ids), model_code, rollout_id)
    return shared.once(conn, key, lambda: _fetch_rollout_rows(conn, ids, model_code, rollout_id))


def _fetch_rollout_rows(
    conn: Connection, ids: list[int] | None, model_code: str | None, rollout_id: int | None
) -> pd.DataFrame:
    rec = admin_unit.alias("rec")
    cur = admin_unit.alias("cur")
    stmt = (
        select(
            rollout.c.id.label("rollout_id"),
            reform_model.c.id.label("model_id"),
            reform_model.c.code.label("model_code"),
            reform_model.c.name.label("model_name"),
            rec.c.id.label("recorded_id"),
            rec.c.code.label("recorded_code"),
            rec.c.name.label("recorded_name"),
            rec.c.valid_to.label("recorded_valid_to"),
            rec.c.parent_id.label("recorded_parent_id"),
            func.coalesce(cur.c.id, rec.c.id).label("current_id"),
            func.coalesce(cur.c.code, rec.c.code).label("current_code"),
            func.coalesce(cur.c.name, rec.c.name).label("current_name"),
            *[rollout.c[c] for c in _DATE_COLS],
            rollout.c.note,
        )
        .select_from(
            rollout.join(reform_model, reform_model.c.id == rollout.c.model_id)
            .join(rec, rec.c.id == rollout.c.unit_id)
            .outerjoin(cur, cur.c.id == rec.c.current_unit_id)
        )
        .order_by(reform_model.c.code, rec.c.name, rollout.c.id)
    )
    if ids is not None:
        stmt = stmt.where(in_ids(conn, rollout.c.unit_id, ids))
    if model_code:
        stmt = stmt.where(reform_model.c.id == model_id(conn, model_code))
    if rollout_id is not None:
        stmt = stmt.where(rollout.c.id == int(rollout_id))
    df = pd.DataFrame(conn.execute(stmt).mappings().all())
    if df.empty:
        df = pd.DataFrame(columns=[c.name for c in stmt.selected_columns])
    elif rollout_id is not None:
        check_unit_id(conn, int(df["recorded_id"].iloc[0]))  # a rollout id from a URL
    for c in [*_DATE_COLS, "recorded_valid_to"]:
        df[c] = [_date(v) for v in df[c]]
    return df


def _latest_share_met(conn: Connection, rollout_ids: list[int], as_of: date) -> dict[int, float]:
    """Share of criteria met at each rollout's latest assessment on or before ``as_of``."""
    if not rollout_ids:
        return {}
    ca = criterion_assessment
    latest = (
        select(ca.c.rollout_id, func.max(ca.c.assessed_on).label("on"))
        .where(in_ids(conn, ca.c.rollout_id, rollout_ids), ca.c.assessed_on <= as_of)
        .group_by(ca.c.rollout_id)
        .subquery()
    )
    rows = conn.execute(
        select(ca.c.rollout_id, func.count(), func.count().filter(ca.c.met.is_(True)))
        .join(latest, and_(latest.c.rollout_id == ca.c.rollout_id, latest.c.on == ca.c.assessed_on))
        .group_by(ca.c.rollout_id)
    ).all()
    return {int(r): 100.0 * met / n for r, n, met in rows if n}


# --- one row per rollout ---------------------------------------------------------------------


ROLLOUT_COLUMNS = [
    "rollout_id",
    "model_code",
    "model_name",
    "unit_code",
    "unit_name",
    "recorded_code",
    "recorded_name",
    "current_code",
    "current_name",
    "merged",
    "stage",
    "stage_on",
    "active",
    "overdue_launched",
    "overdue_preliminary_review",
    "overdue_final_review",
    "review_overdue",
    "latest_share_met",
    "ready_to_replicate",
    *_DATE_COLS,
    "note",
]


def rollouts(
    conn: Connection,
    as_of: date,
    scope: Scope,
    model_code: str | None = None,
    include_future: bool = False,
) -> pd.DataFrame:
    """Rollouts registered in the scope, with their stage and overdue flags at ``as_of``.

    ``unit_code``/``unit_name``: the unit the rollout counts for in the view (today's successor
    in the current view, the recorded unit in the historical view). ``merged``: the recorded
    unit no longer exists (it is now part of ``current_name``). ``ready_to_replicate``: reviewed
    (preliminary or final), not replicated or stopped, all criteria met at the latest
    assessment. Rollouts not yet registered at ``as_of`` are left out unless ``include_future``.
    """
    ids = recorded_unit_ids(conn, scope.unit_code, scope.historical)  # refuses a scope outside
    # Staged once per page for the same arguments: the rollout page's headline, catalogue,
    # matrix, timeline, reviews and compliance each start from them (~5 ms a staging).
    key = ("rollouts_at", as_of, tuple(ids), scope.historical, model_code, include_future)
    return shared.once(
        conn,
        key,
        lambda: _with_stages(
            conn, _rollout_rows(conn, ids, model_code), as_of, scope.historical, include_future
        ),
    )


def overdue_reviews(
    conn: Connection, as_of: date, scope: Scope, model_code: str | None = None
) -> pd.DataFrame:
    """The rollouts to call about first: a preliminary or final review planned before
    ``as_of`` and not held (not stopped), the longest overdue first. One row per rollout
    counted by ``headline``'s ``reviews_overdue`` (the same rule), with its oldest overdue
    review: rollout_id, unit_code, unit_name, model_name, review (preliminary_review |
    final_review), planned_on, days_overdue (calendar days from the planned day to
    ``as_of``). ``model_code``: one model's rollouts (the page's picker)."""
    df = rollouts(conn, as_of, scope, model_code)
    rows = []
    for r in df.itertuples(index=False):
        late = [
            (_date(getattr(r, PLANNED[review])), review)
            for review in ("preliminary_review", "final_review")
            if getattr(r, f"overdue_{review}")
        ]
        if not late:
            continue
        planned, review = min(late)
        rows.append(
            dict(
                rollout_id=int(r.rollout_id),
                unit_code=r.unit_code,
                unit_name=r.unit_name,
                model_name=r.model_name,
                review=review,
                planned_on=planned,
                days_overdue=(as_of - planned).days,
            )
        )
    cols = [
        "rollout_id",
        "unit_code",
        "unit_name",
        "model_name",
        "review",
        "planned_on",
        "days_overdue",
    ]
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(
        ["days_overdue", "unit_name"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)


def _with_stages(
    conn: Connection, df: pd.DataFrame, as_of: date, historical: bool, include_future: bool = False
) -> pd.DataFrame:
    """The rollout rows with their stage, flags and latest share of criteria met at ``as_of``
    (``ROLLOUT_COLUMNS``). Staged row by row in plain Python and framed once: a province's
    rollouts are tens, and some thirty column steps of pandas cost more than the rows."""
    names = list(df.columns)  # as dicts of Python values (``to_dict`` boxes each, ~6x slower)
    rows = [
        dict(zip(names, values, strict=True))
        for values in zip(*(df[c].tolist() for c in names), strict=True)
    ]
    share = _latest_share_met(conn, [int(r["rollout_id"]) for r in rows], as_of)
    own = "recorded" if historical else "current"  # the unit the rollout counts for
    out = []
    for r in rows:
        stage = stage_at(r, as_of)
        if stage is None and not include_future:  # not yet registered at as_of
            continue
        overdue = {f"overdue_{s}": _overdue(r, s, as_of) for s in PLANNED}
        met = share.get(int(r["rollout_id"]))
        launched = r["launched_on"]
        out.append(
            {
                **r,
                "stage": stage,
                "stage_on": None if stage is None else r[_stage_col(stage)],
                "active": launched is not None and launched <= as_of and stage != "stopped",
                **overdue,
                "review_overdue": any(overdue[f"overdue_{s}"] for s in REVIEWS),
                "merged": r["recorded_id"] != r["current_id"],
                "unit_id": r[f"{own}_id"],
                "unit_code": r[f"{own}_code"],
                "unit_name": r[f"{own}_name"],
                "latest_share_met": met,
                "ready_to_replicate": stage in REVIEWS and met is not None and met >= 100.0,
            }
        )
    cols = [*ROLLOUT_COLUMNS, "unit_id", "model_id", "recorded_id", "current_id"]
    data: dict[str, object] = {c: [r[c] for r in out] for c in cols}
    # Stages and their days as objects (None, not NaN, where there is none); flags as bool.
    for c in ("stage", "stage_on"):
        data[c] = np.array(data[c], dtype=object)
    data["latest_share_met"] = np.array(data["latest_share_met"], dtype="float64")
    for c in ("active", "merged", "review_overdue", "ready_to_replicate"):
        data[c] = np.array(data[c], dtype=bool)
    for s in PLANNED:
        data[f"overdue_{s}"] = np.array(data[f"overdue_{s}"], dtype=bool)
    return pd.DataFrame(data, columns=cols)


def rollout_info(conn: Connection, rollout_id: int, as_of: date, historical: bool = False) -> dict:
    """One rollout as a dict (the columns of ``rollouts``), whatever the scope."""
    df = _rollout_rows(conn, None, rollout_id=rollout_id)
    if df.empty:
        raise UnknownRollout(rollout_id)
    out = _with_stages(conn, df, as_of, historical, include_future=True)
    return out.iloc[0].to_dict()


# --- catalogue and counts --------------------------------------------------------------------


def models(conn: Connection) -> pd.DataFrame:
    """Every model: code and name (for the selector)."""
    stmt = select(reform_model.c.code, reform_model.c.name).order_by(reform_model.c.name)
    return pd.DataFrame.from_records(
        list(map(tuple, conn.execute(stmt).all())), columns=["code", "name"]
    )


def catalogue(
    conn: Connection, as_of: date, scope: Scope, only_in_scope: bool = True
) -> pd.DataFrame:
    """One row per model: sponsor, legal basis, decision date, planned period, criteria (a list
    of {code, name}), and its rollouts in the scope: registered by ``as_of``, units, active,
    reviews overdue. ``only_in_scope`` leaves out models with no rollout in the scope."""
    m = reform_model
    mdf = pd.DataFrame(
        conn.execute(
            select(
                m.c.id,
                m.c.code,
                m.c.name,
                m.c.sponsor,
                m.c.legal_basis,
                m.c.decision_date,
                m.c.planned_start,
                m.c.planned_end,
                m.c.description,
            ).order_by(m.c.name)
        )
        .mappings()
        .all()
    )
    cols = [
        "code",
        "name",
        "sponsor",
        "legal_basis",
        "decision_date",
        "planned_start",
        "planned_end",
        "description",
        "criteria",
        "n_criteria",
        "rollouts",
        "units",
        "active",
        "review_overdue",
    ]
    if mdf.empty:
        return pd.DataFrame(columns=cols)
    for c in ("decision_date", "planned_start", "planned_end"):
        mdf[c] = [_date(v) for v in mdf[c]]
    crit: dict[int, list[dict]] = {}
    for mid, code, name in conn.execute(
        select(model_criterion.c.model_id, model_criterion.c.code, model_criterion.c.name).order_by(
            model_criterion.c.model_id, model_criterion.c.code
        )
    ):
        crit.setdefault(int(mid), []).append({"code": code, "name": name})
    mdf["criteria"] = [crit.get(int(i), []) for i in mdf["id"]]
    mdf["n_criteria"] = [len(c) for c in mdf["criteria"]]
    ro = rollouts(conn, as_of, scope)
    # Counted in plain Python (a few hundred rollouts): pandas' named aggregation per model
    # cost ~5 ms.
    per_model: dict[str, dict] = {}
    for code, unit, active, overdue in zip(
        ro["model_code"], ro["unit_id"], ro["active"], ro["review_overdue"], strict=True
    ):
        m = per_model.setdefault(code, {"rollouts": 0, "units": set(), "active": 0, "overdue": 0})
        m["rollouts"] += 1
        m["units"].add(unit)
        m["active"] += bool(active)
        m["overdue"] += bool(overdue)
    none = {"rollouts": 0, "units": (), "active": 0, "overdue": 0}
    models = [per_model.get(code, none) for code in mdf["code"]]
    mdf["rollouts"] = pd.array([m["rollouts"] for m in models], dtype="int64")
    mdf["units"] = pd.array([len(m["units"]) for m in models], dtype="int64")
    mdf["active"] = pd.array([m["active"] for m in models], dtype="int64")
    mdf["review_overdue"] = pd.array([m["overdue"] for m in models], dtype="int64")
    if only_in_scope:
        mdf = mdf[mdf["rollouts"] > 0]
    return mdf.sort_values(["rollouts", "name"], ascending=[False, True])[cols].reset_index(
        drop=True
    )


def counts_by(
    conn: Connection, as_of: date, scope: Scope, by: str = "stage", model_code: str | None = None
) -> pd.DataFrame:
    """Rollouts at ``as_of`` counted by model, by unit (of the view) or by stage.

    by model / unit: rollouts, active, one column per stage, reviews overdue, ready to
    replicate. by stage: rollouts and units per stage, in stage order (empty stages included).
    """
    if by not in BY:
        raise ValueError(f"by must be one of {BY}")
    ro = rollouts(conn, as_of, scope, model_code)
    if by == "stage":
        g = ro.groupby("stage").agg(rollouts=("rollout_id", "size"), units=("unit_id", "nunique"))
        out = g.reindex(list(STAGES)).fillna(0).astype("int64").reset_index()
        return out.rename(columns={"index": "stage"})
    keys = ["model_code", "model_name"] if by == "model" else ["unit_code", "unit_name"]
    stage_counts = pd.crosstab([ro[k] for k in keys], ro["stage"]).reindex(
        columns=list(STAGES), fill_value=0
    )
    g = ro.groupby(keys).agg(
        rollouts=("rollout_id", "size"),
        active=("active", "sum"),
        review_overdue=("review_overdue", "sum"),
        ready=("ready_to_replicate", "sum"),
    )
    out = g.join(stage_counts).reset_index()
    if out.empty:
        return pd.DataFrame(
            columns=[*keys, "rollouts", "active", *STAGES, "review_overdue", "ready"]
        )
    for c in ("rollouts", "active", *STAGES, "review_overdue", "ready"):
        out[c] = out[c].fillna(0).astype("int64")
    return out[[*keys, "rollouts", "active", *STAGES, "review_overdue", "ready"]]


# --- matrix and timeline ------------------------------------------------------------------


def matrix(
    conn: Connection, as_of: date, scope: Scope, model_code: str | None = None
) -> pd.DataFrame:
    """One row per (unit of the view, model) with a rollout registered by ``as_of``.

    When several rollouts land on one cell (in the current view, predecessors of one commune
    that each ran the model) the cell shows the furthest stage among those not stopped
    (``stopped`` only when all are), and ``rollout_id`` is that rollout's. ``recorded``: the
    names of the recorded units that differ from the row's unit (merged away since), and
    ``now_part_of``: in the historical view, today's unit of a unit that no longer exists.
    """
    ro = rollouts(conn, as_of, scope, model_code)
    cols = [
        "unit_code",
        "unit_name",
        "model_code",
        "model_name",
        "stage",
        "rollout_id",
        "rollout_ids",
        "n_rollouts",
        "overdue",
        "ready",
        "recorded",
        "now_part_of",
    ]
    if ro.empty:
        return pd.DataFrame(columns=cols)
    order = {s: i for i, s in enumerate(STAGES)}

    def lead_first(r: dict) -> tuple:
        """The furthest stage not stopped, then the latest reached, then the first rollout."""
        on = r["stage_on"]
        return (
            -(-1 if r["stage"] == "stopped" else order[r["stage"]]),
            on is None,
            -on.toordinal() if on is not None else 0,
            r["rollout_id"],
        )

    # Plain Python per cell (a province: a few hundred): a frame sorted per group cost ~10 ms.
    cells: dict[tuple[str, str], list[dict]] = {}
    for r in ro.to_dict("records"):
        cells.setdefault((r["unit_code"], r["model_code"]), []).append(r)
    out = []
    for (ucode, mcode), g in sorted(cells.items(), key=lambda kv: kv[0]):
        lead = min(g, key=lead_first)
        out.append(
            dict(
                unit_code=ucode,
                unit_name=lead["unit_name"],
                model_code=mcode,
                model_name=lead["model_name"],
                stage=lead["stage"],
                rollout_id=int(lead["rollout_id"]),
                rollout_ids=[int(r["rollout_id"]) for r in g],
                n_rollouts=len(g),
                overdue=any(r["review_overdue"] or r["overdue_launched"] for r in g),
                ready=any(r["ready_to_replicate"] for r in g),
                recorded=sorted({r["recorded_name"] for r in g if r["recorded_code"] != ucode}),
                now_part_of=(lead["current_name"] if scope.historical and lead["merged"] else None),
            )
        )
    out = pd.DataFrame(out, columns=cols)
    return out.sort_values(["unit_name", "model_name"], key=vi_key).reset_index(drop=True)


TIMELINE_COLUMNS = [
    "rollout_id",
    "model_code",
    "model_name",
    "unit_code",
    "unit_name",
    "recorded_name",
    "current_name",
    "merged",
    "stage",
    "stage_order",
    "planned",
    "actual",
    "end",
    "overdue",
    "days_overdue",
    "days_late",
]


def timeline(
    conn: Connection, as_of: date, scope: Scope, model_code: str | None = None
) -> pd.DataFrame:
    """Gantt data: one row per rollout and stage that has a planned or a real date.

    ``actual``: the real date if on or before ``as_of``; ``end``: when the next stage reached
    began (the rollout's stop, or ``as_of`` for the stage it is in now); ``overdue``: planned
    date passed with no real date (see the module docstring), ``days_overdue`` since the planned
    date; ``days_late``: a stage done after its planned date, by how many days.
    """
    ro = rollouts(conn, as_of, scope, model_code)
    out = []
    for r in ro.to_dict("records"):
        reached = [
            (i, s, r[_stage_col(s)])
            for i, s in enumerate(STAGES)
            if r[_stage_col(s)] is not None and r[_stage_col(s)] <= as_of
        ]
        stopped = r["stopped_on"] if r["stopped_on"] and r["stopped_on"] <= as_of else None
        for i, s in enumerate(STAGES):
            actual = r[_stage_col(s)]
            actual = actual if actual is not None and actual <= as_of else None
            planned = r.get(PLANNED[s]) if s in PLANNED else None
            if actual is None and planned is None:
                continue
            end = None
            if actual is not None:
                later = [d for j, _s, d in reached if j > i and d >= actual and _s != "stopped"]
                end = min(later) if later else (stopped or as_of)
                if s == "stopped":
                    end = actual
            overdue = s in PLANNED and r[f"overdue_{s}"]
            out.append(
                dict(
                    rollout_id=int(r["rollout_id"]),
                    model_code=r["model_code"],
                    model_name=r["model_name"],
                    unit_code=r["unit_code"],
                    unit_name=r["unit_name"],
                    recorded_name=r["recorded_name"],
                    current_name=r["current_name"],
                    merged=bool(r["merged"]),
                    stage=s,
                    stage_order=i,
                    planned=planned,
                    actual=actual,
                    end=end,
                    overdue=bool(overdue),
                    days_overdue=(as_of - planned).days if overdue else None,
                    days_late=(
                        (actual - planned).days if actual and planned and actual > planned else None
                    ),
                )
            )
    df = pd.DataFrame(out, columns=TIMELINE_COLUMNS)
    for c in ("days_overdue", "days_late"):
        df[c] = df[c].astype("Int64")
    return df


# --- criteria assessments ------------------------------------------------------------------


def assessments(conn: Connection, rollout_id: int, as_of: date | None = None) -> pd.DataFrame:
    """Every assessment of a rollout against its model's criteria, oldest first."""
    ca, mc = criterion_assessment, model_criterion
    unit_id = conn.execute(
        select(rollout.c.unit_id).where(rollout.c.id == int(rollout_id))
    ).scalar()
    if unit_id is not None:
        check_unit_id(conn, unit_id)
    stmt = (
        select(
            ca.c.assessed_on,
            mc.c.code.label("criterion_code"),
            mc.c.name.label("criterion_name"),
            ca.c.met,
            ca.c.score,
            ca.c.note,
        )
        .join(mc, mc.c.id == ca.c.criterion_id)
        .where(ca.c.rollout_id == int(rollout_id))
        .order_by(ca.c.assessed_on, mc.c.code)
    )
    if as_of is not None:
        stmt = stmt.where(ca.c.assessed_on <= as_of)
    df = pd.DataFrame(conn.execute(stmt).mappings().all())
    if df.empty:
        return pd.DataFrame(
            columns=["assessed_on", "criterion_code", "criterion_name", "met", "score", "note"]
        )
    df["assessed_on"] = [_date(v) for v in df["assessed_on"]]
    df["met"] = df["met"].astype(bool)
    return df


def assessment_by_date(
    conn: Connection, rollout_id: int, as_of: date | None = None
) -> pd.DataFrame:
    """Per assessment date: criteria assessed, met, share met (%)."""
    a = assessments(conn, rollout_id, as_of)
    if a.empty:
        return pd.DataFrame(columns=["assessed_on", "criteria", "met", "share_met"])
    g = a.groupby("assessed_on").agg(criteria=("met", "size"), met=("met", "sum")).reset_index()
    g["met"] = g["met"].astype("int64")
    g["share_met"] = 100.0 * g["met"] / g["criteria"]
    return g


def assessment_by_criterion(
    conn: Connection, rollout_id: int, as_of: date | None = None
) -> pd.DataFrame:
    """Per criterion of the rollout's model (assessed or not): assessments, met, share met (%),
    and the latest assessment's date and result."""
    mc = model_criterion
    crit = pd.DataFrame(
        conn.execute(
            select(mc.c.code.label("criterion_code"), mc.c.name.label("criterion_name"))
            .join(rollout, rollout.c.model_id == mc.c.model_id)
            .where(rollout.c.id == int(rollout_id))
            .order_by(mc.c.code)
        ).all(),
        columns=["criterion_code", "criterion_name"],
    )
    a = assessments(conn, rollout_id, as_of)
    cols = [
        "criterion_code",
        "criterion_name",
        "assessments",
        "met",
        "share_met",
        "latest_on",
        "latest_met",
    ]
    if crit.empty:
        return pd.DataFrame(columns=cols)
    if a.empty:
        g = pd.DataFrame(
            columns=["criterion_code", "assessments", "met", "latest_on", "latest_met"]
        )
    else:
        a = a.sort_values("assessed_on")
        g = (
            a.groupby("criterion_code")
            .agg(
                assessments=("met", "size"),
                met=("met", "sum"),
                latest_on=("assessed_on", "last"),
                latest_met=("met", "last"),
            )
            .reset_index()
        )
    out = crit.merge(g, on="criterion_code", how="left")
    out["assessments"] = out["assessments"].fillna(0).astype("int64")
    out["met"] = out["met"].fillna(0).astype("int64")
    out["share_met"] = (
        100.0 * out["met"] / out["assessments"].where(out["assessments"] > 0)
    ).astype("float64")
    return out[cols]


# --- effect: difference in differences with its uncertainty ------------------------------------

MERGER_2025 = date(2025, 7, 1)
EFFECT_METRICS = ("on_time_rate", "satisfaction_rate")
EVENT_SPAN = 12  # months before and after launch in the event study
HISTORY_MONTHS = 12  # the pilot's own record before the before window (regression to the mean)
VERDICTS = ("not_enough_data", "better", "worse", "no_clear_change")


@dataclass(frozen=True)
class Cell:
    """One of the four cells: a group (unit or comparison) in a window (before or after)."""

    start: date
    end: date
    n: int  # resolved dossiers or responses
    hits: int  # on time (early + on the day) or satisfied (4–5)

    @property
    def rate(self) -> float | None:
        return 100.0 * self.hits / self.n if self.n else None


@dataclass(frozen=True)
class MetricEffect:
    """One metric's effect at one rollout: the four cells, the difference in differences with
    its 95 % interval, the placebo, the comparison communes' own figures and the warnings."""

    metric: str  # on_time_rate | satisfaction_rate
    unit_before: Cell
    unit_after: Cell
    comparison_before: Cell
    comparison_after: Cell
    min_n: int  # OVERSIGHT_MIN_DOSSIERS / OVERSIGHT_MIN_RESPONSES: a cell below is ``few``
    min_effect_n: int  # OVERSIGHT_MIN_EFFECT_RECORDS: fewer in a pilot window, no conclusion
    estimate: stats.Did | None
    placebo: stats.Did | None  # the same estimate for a launch moved back by the window
    history: Cell  # the pilot's record over the HISTORY_MONTHS before the before window
    regression_to_mean: bool  # the before window is far from that history
    months_with_data: tuple[int, int]  # months of the before / after window with pilot records
    mix: pd.DataFrame  # satisfaction: rating channel, n before/after, share before/after
    mix_changed: bool  # a channel's share moved by 10 points or more, beyond chance

    @staticmethod
    def _change(a: Cell, b: Cell) -> float | None:
        return None if a.rate is None or b.rate is None else b.rate - a.rate

    @property
    def unit_change(self) -> float | None:
        return self._change(self.unit_before, self.unit_after)

    @property
    def comparison_change(self) -> float | None:
        return self._change(self.comparison_before, self.comparison_after)

    @property
    def did(self) -> float | None:
        u, c = self.unit_change, self.comparison_change
        return None if u is None or c is None else u - c

    @property
    def ci_low(self) -> float | None:
        return None if self.estimate is None else self.estimate.interval.low

    @property
    def ci_high(self) -> float | None:
        return None if self.estimate is None else self.estimate.interval.high

    @property
    def placebo_did(self) -> float | None:
        return None if self.placebo is None else self.placebo.did

    @property
    def cells(self) -> dict[str, Cell]:
        return {
            "unit_before": self.unit_before,
            "unit_after": self.unit_after,
            "comparison_before": self.comparison_before,
            "comparison_after": self.comparison_after,
        }

    @property
    def few(self) -> bool:
        """Any of the four cells rests on fewer records than the setting asks for."""
        return any(c.n < self.min_n for c in self.cells.values())

    @property
    def enough_data(self) -> bool:
        """The pilot's windows hold the records asked for, and the interval does not hold both
        a 5-point gain and a 5-point loss."""
        return (
            self.estimate is not None
            and min(self.unit_before.n, self.unit_after.n) >= self.min_effect_n
            and not self.estimate.interval.inconclusive
        )

    @property
    def verdict(self) -> str:
        """not_enough_data | better (interval above 0) | worse (below 0) | no_clear_change."""
        return _verdict(self.estimate.interval if self.estimate else None, self.enough_data)


def _verdict(interval: stats.Interval | None, enough: bool) -> str:
    if interval is None or not enough:
        return "not_enough_data"
    if interval.low > 0:
        return "better"
    if interval.high < 0:
        return "worse"
    return "no_clear_change"


@dataclass(frozen=True)
class Effect:
    """A rollout's effect, measured on the units as they were at launch (module docstring)."""

    rollout_id: int
    model_code: str
    model_name: str
    unit_code: str  # the pilot commune as it was at launch
    unit_name: str
    current_code: str  # today's unit it is part of
    current_name: str
    province_code: str  # the province as it was at launch
    province_name: str
    launched_on: date
    months: int
    comparison: pd.DataFrame  # code, name, and each metric's before-window n and rate
    excluded: pd.DataFrame  # code, name, reason (same_model | other_model), model, launched_on
    on_time: MetricEffect
    satisfaction: MetricEffect
    cut_by_merger: bool  # a window straddles 1 July 2025
    other_models: pd.DataFrame  # other models launched at the pilot inside the windows
    incomplete: bool  # the after window reaches past the last month with data
    comparison_hidden: bool  # the user may not see the province: no per-commune figures

    @property
    def metrics(self) -> dict[str, MetricEffect]:
        return {"on_time_rate": self.on_time, "satisfaction_rate": self.satisfaction}

    @property
    def comparison_codes(self) -> list[str]:
        return [] if self.comparison_hidden else list(self.comparison["code"])

    def warnings(self, metric: str) -> list[str]:
        """Keys of what a reader must know before trusting a metric's figure."""
        m = self.metrics[metric]
        out = []
        if m.regression_to_mean:
            out.append("regression_to_mean")
        if self.cut_by_merger:
            out.append("cut_by_merger")
        if m.mix_changed:
            out.append("survey_mix")
        if not self.other_models.empty:
            out.append("other_model_at_pilot")
        if self.incomplete:
            out.append("incomplete")
        if self.comparison.empty:
            out.append("no_comparison")
        return out


def _month0(d: date) -> date:
    return date(d.year, d.month, 1)


def _windows(launched: date, months: int) -> tuple[tuple[date, date], tuple[date, date]]:
    """Whole months before and after the month of launch (split, so left out)."""
    m0 = _month0(launched)
    before = (add_months(m0, -months), m0 - timedelta(days=1))
    after = (add_months(m0, 1), add_months(m0, months + 1) - timedelta(days=1))
    return before, after


def _placebo_windows(launched: date, months: int) -> tuple[tuple[date, date], tuple[date, date]]:
    """A launch that never happened, ``months`` earlier: its after window is the real before
    window and its before window the ``months`` before that (no month to skip)."""
    m0 = _month0(launched)
    return (
        (add_months(m0, -2 * months), add_months(m0, -months) - timedelta(days=1)),
        (add_months(m0, -months), m0 - timedelta(days=1)),
    )


def _family(tree, unit_id: int) -> set[int]:  # noqa: ANN001 - a UnitTree
    return {unit_id, *tree.predecessors(unit_id), *tree.successors(unit_id)}


def _own_records(tree, unit_id: int) -> set[int]:  # noqa: ANN001
    """Ids a unit's records are filed under: the unit and the units that went into it (their
    history is its history); not its successors, which hold other communes too."""
    return {unit_id, *tree.predecessors(unit_id)}


def _launches(conn: Connection) -> pd.DataFrame:
    rows = conn.execute(
        select(
            rollout.c.unit_id,
            rollout.c.model_id,
            rollout.c.launched_on,
            reform_model.c.code,
            reform_model.c.name,
        )
        .join(reform_model, reform_model.c.id == rollout.c.model_id)
        .where(rollout.c.launched_on.is_not(None))
    ).all()
    df = pd.DataFrame(rows, columns=["unit_id", "model_id", "launched_on", "model_code", "model"])
    df["launched_on"] = [_date(v) for v in df["launched_on"]]
    return df


def comparison_group(
    conn: Connection, pilot_id: int, model_id_: int, launched: date, months: int
) -> tuple[list[tuple[int, date | None]], pd.DataFrame]:
    """The comparison communes of a pilot, by the rules of the module docstring: communes of
    the province as it was at launch, valid then; each with the day it launched the model
    itself (it counts as untreated until then; None: never); communes where another model was
    launched inside the windows, or that ran this model before the after window starts, are
    left out and listed with the reason."""
    tree = unit_tree(conn)
    (b0, _), (a0, a1) = _windows(launched, months)
    province = tree.province_of(pilot_id)
    if province is None:
        return [], pd.DataFrame(columns=["id", "reason", "model", "launched_on"])
    by_unit: dict[int, list[tuple[int, date, str]]] = {}
    for u, m, d, name in _launches(conn)[
        ["unit_id", "model_id", "launched_on", "model"]
    ].itertuples(index=False):
        by_unit.setdefault(int(u), []).append((int(m), d, name))
    keep, left_out = [], []
    for node in tree.communes_under(province.code):
        if node.id == pilot_id or not node.valid_on(launched):
            continue
        fam = [x for u in _family(tree, node.id) for x in by_unit.get(u, ())]
        own = min((d for m, d, _ in fam if m == model_id_), default=None)
        other = sorted((d, name) for m, d, name in fam if m != model_id_ and b0 <= d <= a1)
        if other:
            left_out.append((node.id, "other_model", other[0][1], other[0][0]))
        elif own is not None and own < a0:
            # Running the model already by the after window (co-pilots included): it is
            # treated, not a comparison.
            left_out.append((node.id, "same_model", None, own))
        else:
            keep.append((node.id, own))
    return keep, pd.DataFrame(left_out, columns=["id", "reason", "model", "launched_on"])


def _plain(conn: Connection, stmt) -> list[tuple]:  # noqa: ANN001
    """Rows as plain tuples: pandas probes SQLAlchemy rows key by key, which costs more than
    the query."""
    return [tuple(r) for r in conn.execute(stmt).all()]


def _panel(
    conn: Connection, ids: list[int], start: date, end: date
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Monthly counts per recorded unit: on-time from the dossier rows' rollup (report forms
    belong to their reporting period, not to a month, so they are left out) and satisfaction
    by rating channel."""
    r = rollup_unit_month
    ot = pd.DataFrame.from_records(
        _plain(
            conn,
            select(
                r.c.unit_id,
                r.c.month,
                func.sum(r.c.resolved).label("n"),
                func.sum(r.c.early + r.c.on_time).label("hits"),
            )
            .where(
                in_ids(conn, r.c.unit_id, ids),
                r.c.source == "dossier",
                r.c.month >= start,
                r.c.month <= end,
            )
            .group_by(r.c.unit_id, r.c.month),
        ),
        columns=["unit_id", "month", "n", "hits"],
    )
    s = rollup_satisfaction_month
    sat = pd.DataFrame.from_records(
        _plain(
            conn,
            select(
                s.c.unit_id,
                s.c.month,
                s.c.rating_channel,
                func.sum(s.c.responses).label("n"),
                func.sum(s.c.satisfied).label("hits"),
            )
            .where(in_ids(conn, s.c.unit_id, ids), s.c.month >= start, s.c.month <= end)
            .group_by(s.c.unit_id, s.c.month, s.c.rating_channel),
        ),
        columns=["unit_id", "month", "channel", "n", "hits"],
    )
    for df in (ot, sat):
        df["month"] = [_month0(_date(m)) for m in df["month"]]
        df["n"] = pd.to_numeric(df["n"]).fillna(0).astype("int64")
        df["hits"] = pd.to_numeric(df["hits"]).fillna(0).astype("int64")
    return ot, sat


class _Panel:
    """Monthly records per evaluation unit as arrays (units × months), so the many window and
    bin sums of an evaluation are slices, not DataFrame filters."""

    def __init__(self, frame: pd.DataFrame, units: list[int], start: date, end: date) -> None:
        self.months: list[date] = []
        m = start
        while m <= end:
            self.months.append(m)
            m = add_months(m, 1)
        self.index = {u: i for i, u in enumerate(units)}
        self.n = np.zeros((len(units), len(self.months)), dtype="int64")
        self.hits = np.zeros_like(self.n)
        col = {mm: j for j, mm in enumerate(self.months)}
        for u, mm, n, h in zip(
            frame["unit"], frame["month"], frame["n"], frame["hits"], strict=True
        ):
            if mm in col:
                self.n[self.index[u], col[mm]] += n
                self.hits[self.index[u], col[mm]] += h

    def _cols(self, start: date, end: date) -> slice:
        return slice(bisect_left(self.months, start), bisect_right(self.months, end))

    def cell(self, units, start: date, end: date) -> Cell:  # noqa: ANN001 - ids
        rows = [self.index[u] for u in units if u in self.index]
        cols = self._cols(start, end)
        return Cell(start, end, int(self.n[rows, cols].sum()), int(self.hits[rows, cols].sum()))

    def months_with_data(self, unit: int, start: date, end: date) -> int:
        return int((self.n[self.index[unit], self._cols(start, end)] > 0).sum())


@dataclass(frozen=True)
class _Setup:
    """What effect() and event_study() share: the rollout, windows, groups and monthly data."""

    row: pd.Series
    pilot: object  # UnitNode
    launched: date
    months: int
    groups: list[tuple[int, date | None]]  # comparison commune id, first month of its own launch
    excluded: pd.DataFrame
    owner: dict[int, int]  # recorded unit id -> the evaluation unit it belongs to
    on_time: _Panel  # per evaluation unit and month (censored)
    satisfaction: _Panel
    satisfaction_rows: pd.DataFrame  # eval unit, month, channel, n, hits (censored): the mix
    last_month: date | None


def _setup(conn: Connection, rollout_id: int, months: int) -> _Setup | None:
    if months < 1:
        raise ValueError("months must be at least 1")
    df = _rollout_rows(conn, None, rollout_id=rollout_id)
    if df.empty:
        raise UnknownRollout(rollout_id)
    r = df.iloc[0]
    launched = r["launched_on"]
    if launched is None:
        return None
    tree = unit_tree(conn)
    pilot = tree.node(int(r["recorded_id"]))
    groups, excluded = comparison_group(conn, pilot.id, int(r["model_id"]), launched, months)
    owner: dict[int, int] = {}
    for uid in [pilot.id, *[g for g, _ in groups]]:
        for rid in _own_records(tree, uid):
            owner.setdefault(rid, uid)
    span = max(EVENT_SPAN, months)
    m0 = _month0(launched)
    start = add_months(m0, -max(EVENT_SPAN, 2 * months, months + HISTORY_MONTHS))
    end = add_months(m0, span)
    ot, sat = _panel(conn, sorted(owner), start, end)
    own_launch = {g: (None if d is None else _month0(d)) for g, d in groups}

    def assign(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.assign(unit=[owner[int(u)] for u in frame["unit_id"]])
        # A comparison commune counts as untreated until its own launch of the model.
        cut = [own_launch.get(u) for u in frame["unit"]]
        keep = [c is None or m < c for m, c in zip(frame["month"], cut, strict=True)]
        return frame.loc[np.array(keep, dtype=bool)].drop(columns="unit_id")

    last = _date(conn.execute(select(func.max(rollup_unit_month.c.month))).scalar())
    units = [pilot.id, *[g for g, _ in groups]]
    ot, sat = assign(ot), assign(sat)
    return _Setup(
        r,
        pilot,
        launched,
        months,
        groups,
        excluded,
        owner,
        _Panel(ot, units, start, end),
        _Panel(sat, units, start, end),
        sat,
        last,
    )


def _cell(panel: _Panel, units: set[int], start: date, end: date) -> Cell:
    return panel.cell(units, start, end)


def _did(
    frame: _Panel,
    pilot: int,
    comp: list[int],
    windows,  # noqa: ANN001
) -> tuple[stats.Did | None, set[int]]:
    """The estimate and the comparison communes it used: those with records in both windows
    (one seen in a single window would change the group's make-up, not its rate)."""
    (b0, b1), (a0, a1) = windows
    u = (_cell(frame, {pilot}, b0, b1), _cell(frame, {pilot}, a0, a1))
    rows, used = [], set()
    for c in comp:
        cb, ca = _cell(frame, {c}, b0, b1), _cell(frame, {c}, a0, a1)
        if cb.n > 0 and ca.n > 0:
            rows.append((cb.hits, cb.n, ca.hits, ca.n))
            used.add(c)
    if not rows:
        return None, used
    est = stats.did((u[0].hits, u[0].n, u[1].hits, u[1].n), np.array(rows, dtype="float64"))
    return est, used


def _metric(s: _Setup, metric: str, frame: _Panel, rows: pd.DataFrame | None) -> MetricEffect:
    (b0, b1), (a0, a1) = windows = _windows(s.launched, s.months)
    pilot, comp = s.pilot.id, [g for g, _ in s.groups]
    est, used = _did(frame, pilot, comp, windows)
    placebo, _ = _did(frame, pilot, comp, _placebo_windows(s.launched, s.months))
    ub, ua = _cell(frame, {pilot}, b0, b1), _cell(frame, {pilot}, a0, a1)
    h0 = add_months(b0, -HISTORY_MONTHS)
    history = _cell(frame, {pilot}, h0, b0 - timedelta(days=1))
    min_n = int(
        settings.get(
            "OVERSIGHT_MIN_DOSSIERS" if metric == "on_time_rate" else "OVERSIGHT_MIN_RESPONSES"
        )
    )
    rtm = False
    if history.n >= min_n and ub.n >= min_n:
        extra = est.commune_var if est else 0.0
        var = float(stats.binomial_var(ub.hits, ub.n) + stats.binomial_var(history.hits, history.n))
        rtm = abs(ub.rate - history.rate) > stats.Z95 * math.sqrt(var + extra)
    with_data = (
        frame.months_with_data(pilot, b0, b1),
        frame.months_with_data(pilot, a0, a1),
    )
    mix, changed = (
        _mix(rows[rows["unit"] == pilot], (b0, b1), (a0, a1))
        if rows is not None
        else (_empty_mix(), False)
    )
    return MetricEffect(
        metric=metric,
        unit_before=ub,
        unit_after=ua,
        comparison_before=_cell(frame, used, b0, b1),
        comparison_after=_cell(frame, used, a0, a1),
        min_n=min_n,
        min_effect_n=int(settings.get("OVERSIGHT_MIN_EFFECT_RECORDS")),
        estimate=est,
        placebo=placebo,
        history=history,
        regression_to_mean=bool(rtm),
        months_with_data=with_data,  # type: ignore[arg-type]
        mix=mix,
        mix_changed=changed,
    )


def _empty_mix() -> pd.DataFrame:
    return pd.DataFrame(
        columns=["channel", "n_before", "n_after", "share_before", "share_after", "z"]
    )


def _mix(pf: pd.DataFrame, before, after) -> tuple[pd.DataFrame, bool]:  # noqa: ANN001
    """The pilot's responses by rating channel in each window; changed when a channel's share
    moved by 10 points or more and beyond chance (|z| > 1.96)."""
    (b0, b1), (a0, a1) = before, after
    nb = pf[(pf["month"] >= b0) & (pf["month"] <= b1)].groupby("channel")["n"].sum()
    na = pf[(pf["month"] >= a0) & (pf["month"] <= a1)].groupby("channel")["n"].sum()
    tb, ta = int(nb.sum()), int(na.sum())
    if not tb or not ta:
        return _empty_mix(), False
    rows, changed = [], False
    for ch in sorted(set(nb.index) | set(na.index)):
        x, y = int(nb.get(ch, 0)), int(na.get(ch, 0))
        z = stats.two_proportion_z(x, tb, y, ta)
        sb, sa = 100.0 * x / tb, 100.0 * y / ta
        if abs(sa - sb) >= 10 and z is not None and abs(z) > stats.Z95:
            changed = True
        rows.append(dict(channel=ch, n_before=x, n_after=y, share_before=sb, share_after=sa, z=z))
    return pd.DataFrame(rows), changed


def effect(conn: Connection, rollout_id: int, months: int = 6) -> Effect | None:
    """The rollout's effect on on-time and satisfaction rates (module docstring): None when it
    was never launched."""
    s = _setup(conn, rollout_id, months)
    if s is None:
        return None
    tree = unit_tree(conn)
    r = s.row
    sat_frame = s.satisfaction
    on_time = _metric(s, "on_time_rate", s.on_time, None)
    sat = _metric(s, "satisfaction_rate", sat_frame, s.satisfaction_rows)
    (b0, b1), (a0, a1) = _windows(s.launched, months)
    comp_rows = []
    for g, own in s.groups:
        node = tree.node(g)
        row = dict(code=node.code, name=node.name, own_launch=own)
        for key, frame in (("on_time", s.on_time), ("satisfaction", sat_frame)):
            c = _cell(frame, {g}, b0, b1)
            row[f"{key}_n_before"], row[f"{key}_before"] = c.n, c.rate
        comp_rows.append(row)
    cols = [
        "code",
        "name",
        "own_launch",
        "on_time_n_before",
        "on_time_before",
        "satisfaction_n_before",
        "satisfaction_before",
    ]
    comparison = pd.DataFrame(comp_rows, columns=cols)
    if not comparison.empty:
        comparison = comparison.sort_values("name", key=vi_key).reset_index(drop=True)
    for c in ("on_time_before", "satisfaction_before"):
        comparison[c] = comparison[c].astype("float64")
    excluded = s.excluded.assign(
        code=[tree.node(int(i)).code for i in s.excluded["id"]],
        name=[tree.node(int(i)).name for i in s.excluded["id"]],
    )[["code", "name", "reason", "model", "launched_on"]]
    launches = _launches(conn)
    others = launches[
        launches["unit_id"].isin(_family(tree, s.pilot.id))
        & (launches["model_id"] != int(r["model_id"]))
        & launches["launched_on"].map(lambda d: b0 <= d <= a1)
    ][["model_code", "model", "launched_on"]].reset_index(drop=True)
    province = tree.province_of(s.pilot.id)
    hidden = province is not None and not can_see(conn, province.code, historical=True)
    if hidden:  # a commune leader sees the pooled comparison, not other communes' figures
        comparison = comparison.iloc[0:0]
        excluded = excluded.iloc[0:0]
    return Effect(
        rollout_id=int(r["rollout_id"]),
        model_code=r["model_code"],
        model_name=r["model_name"],
        unit_code=s.pilot.code,
        unit_name=s.pilot.name,
        current_code=r["current_code"],
        current_name=r["current_name"],
        province_code=province.code if province else "",
        province_name=province.name if province else "",
        launched_on=s.launched,
        months=months,
        comparison=comparison,
        excluded=excluded,
        on_time=on_time,
        satisfaction=sat,
        cut_by_merger=any(w0 < MERGER_2025 <= w1 for w0, w1 in ((b0, b1), (a0, a1))),
        other_models=others,
        incomplete=s.last_month is None or add_months(s.last_month, 1) - timedelta(days=1) < a1,
        comparison_hidden=hidden,
    )


EFFECT_COLUMNS = [
    "rollout_id",
    "model_code",
    "unit_code",
    "unit_name",
    "metric",
    "launched_on",
    "months",
    "unit_before",
    "n_unit_before",
    "unit_after",
    "n_unit_after",
    "comparison_before",
    "n_comparison_before",
    "comparison_after",
    "n_comparison_after",
    "unit_change",
    "comparison_change",
    "did",
    "se",
    "ci_low",
    "ci_high",
    "placebo_did",
    "placebo_ci_low",
    "placebo_ci_high",
    "enough_data",
    "verdict",
    "few",
    "min_n",
    "min_effect_n",
    "comparison_units",
    "comparison_codes",
    "excluded_codes",
    "warnings",
    "before_start",
    "before_end",
    "after_start",
    "after_end",
]


def effect_table(e: Effect) -> pd.DataFrame:
    """One row per metric: the four cells, both changes, the DiD with its 95 % interval, the
    placebo, ``enough_data`` and the verdict, the comparison communes and the warnings."""
    rows = []
    for metric, m in e.metrics.items():
        row = dict(
            rollout_id=e.rollout_id,
            model_code=e.model_code,
            unit_code=e.unit_code,
            unit_name=e.unit_name,
            metric=metric,
            launched_on=e.launched_on,
            months=e.months,
        )
        for k, c in m.cells.items():
            row[k] = c.rate
            row[f"n_{k}"] = c.n
        est, pla = m.estimate, m.placebo
        row.update(
            unit_change=m.unit_change,
            comparison_change=m.comparison_change,
            did=m.did,
            se=est.interval.se if est else None,
            ci_low=m.ci_low,
            ci_high=m.ci_high,
            placebo_did=m.placebo_did,
            placebo_ci_low=pla.interval.low if pla else None,
            placebo_ci_high=pla.interval.high if pla else None,
            enough_data=m.enough_data,
            verdict=m.verdict,
            few=m.few,
            min_n=m.min_n,
            min_effect_n=m.min_effect_n,
            comparison_units=len(e.comparison) if not e.comparison_hidden else None,
            comparison_codes=e.comparison_codes,
            excluded_codes=list(e.excluded["code"]),
            warnings=e.warnings(metric),
            before_start=m.unit_before.start,
            before_end=m.unit_before.end,
            after_start=m.unit_after.start,
            after_end=m.unit_after.end,
        )
        rows.append(row)
    df = pd.DataFrame(rows, columns=EFFECT_COLUMNS)
    for c in (
        "unit_before",
        "unit_after",
        "comparison_before",
        "comparison_after",
        "unit_change",
        "comparison_change",
        "did",
        "se",
        "ci_low",
        "ci_high",
        "placebo_did",
        "placebo_ci_low",
        "placebo_ci_high",
    ):
        df[c] = df[c].astype("float64")
    return df


def effect_cells(e: Effect) -> pd.DataFrame:
    """The four cells of each metric, long: metric, group, window, start, end, n, hits, rate."""
    rows = []
    for metric, m in e.metrics.items():
        for key, c in m.cells.items():
            group, window = key.rsplit("_", 1)
            rows.append(
                dict(
                    metric=metric,
                    group=group,
                    window=window,
                    start=c.start,
                    end=c.end,
                    n=c.n,
                    hits=c.hits,
                    rate=c.rate,
                    few=c.n < m.min_n,
                )
            )
    df = pd.DataFrame(rows)
    df["rate"] = df["rate"].astype("float64")
    return df


def _bins(launched: date, step: int) -> list[tuple[int, date, date]]:
    """Event-study bins: (k, first day, last day). k = 0 is the launch month; k < 0 the
    ``step``-month bins before it, k > 0 those after it, EVENT_SPAN months each way."""
    m0 = _month0(launched)
    out = []
    for i in range(EVENT_SPAN // step, 0, -1):
        s0 = add_months(m0, -step * i)
        out.append((-i, s0, add_months(s0, step) - timedelta(days=1)))
    out.append((0, m0, add_months(m0, 1) - timedelta(days=1)))
    for i in range(1, EVENT_SPAN // step + 1):
        s0 = add_months(m0, 1 + step * (i - 1))
        out.append((i, s0, add_months(s0, step) - timedelta(days=1)))
    return out


EVENT_COLUMNS = [
    "metric",
    "k",
    "start",
    "end",
    "unit_n",
    "unit_rate",
    "comparison_n",
    "comparison_rate",
    "gap",
    "low",
    "high",
    "few",
    "before_gap",
    "after_gap",
]


def event_study(
    conn: Connection, rollout_id: int, months: int = 6, today: date | None = None
) -> pd.DataFrame:
    """The gap between the pilot and its comparison group (points), month by month for
    on-time and quarter by quarter for satisfaction, from 12 months before launch to 12 after
    (none that has not begun by ``today``: a recent launch has no future to draw),
    with 95 % bands (``stats.event_gaps``). ``few``: the pilot's bin rests on fewer records
    than the setting asks for (drawn hollow). ``before_gap``/``after_gap``: the gap over the
    effect's whole before / after window (their difference is the DiD), on every row of the
    metric. Empty when the rollout was never launched."""
    s = _setup(conn, rollout_id, months)
    if s is None:
        return pd.DataFrame(columns=EVENT_COLUMNS)
    pilot, comp = s.pilot.id, [g for g, _ in s.groups]
    (b0, b1), (a0, a1) = _windows(s.launched, months)
    parts = []
    for metric, frame, step, key in (
        ("on_time_rate", s.on_time, 1, "OVERSIGHT_MIN_DOSSIERS"),
        ("satisfaction_rate", s.satisfaction, 3, "OVERSIGHT_MIN_RESPONSES"),
    ):
        bins = [b for b in _bins(s.launched, step) if b[1] <= (today or settings.today())]
        uh, un = [], []
        ch = np.zeros((len(comp), len(bins)))
        cn = np.zeros((len(comp), len(bins)))
        for j, (_k, b_start, b_end) in enumerate(bins):
            u = _cell(frame, {pilot}, b_start, b_end)
            uh.append(u.hits)
            un.append(u.n)
            for i, c in enumerate(comp):
                cc = _cell(frame, {c}, b_start, b_end)
                ch[i, j], cn[i, j] = cc.hits, cc.n
        if comp:
            g = stats.event_gaps(np.array(uh), np.array(un), ch, cn)
        else:
            nan = np.full(len(bins), np.nan)
            g = dict(
                unit_rate=stats.rate_array(uh, un), comparison_rate=nan, gap=nan, low=nan, high=nan
            )
        gaps = {}
        _, used = _did(frame, pilot, comp, ((b0, b1), (a0, a1)))
        for w, (w0, w1) in (("before", (b0, b1)), ("after", (a0, a1))):
            u, c = _cell(frame, {pilot}, w0, w1), _cell(frame, used, w0, w1)
            gaps[w] = None if u.rate is None or c.rate is None else u.rate - c.rate
        min_n = int(settings.get(key))
        parts.append(
            pd.DataFrame(
                dict(
                    metric=metric,
                    k=[b[0] for b in bins],
                    start=[b[1] for b in bins],
                    end=[b[2] for b in bins],
                    unit_n=un,
                    unit_rate=g["unit_rate"],
                    comparison_n=cn.sum(axis=0).astype("int64"),
                    comparison_rate=g["comparison_rate"],
                    gap=g["gap"],
                    low=g["low"],
                    high=g["high"],
                    few=[n < min_n for n in un],
                    before_gap=gaps["before"],
                    after_gap=gaps["after"],
                )
            )
        )
    out = pd.concat(parts, ignore_index=True)[EVENT_COLUMNS]
    for c in ("unit_rate", "comparison_rate", "gap", "low", "high", "before_gap", "after_gap"):
        out[c] = out[c].astype("float64")
    return out


# --- a model's pooled effect ------------------------------------------------------------------


@dataclass(frozen=True)
class PooledEffect:
    """A model's effect over all its launched rollouts (``stats.pool``, random effects)."""

    model_code: str
    model_name: str
    months: int
    rollouts: pd.DataFrame  # one row per rollout and metric (effect_table columns)
    pooled: dict[str, stats.Interval | None]  # per metric
    placebo: dict[str, stats.Interval | None]
    between_var: dict[str, float]  # how much rollouts' effects differ (points²)
    records: dict[str, tuple[int, int]]  # pilots' records before / after, summed
    min_effect_n: int

    def enough_data(self, metric: str) -> bool:
        p = self.pooled.get(metric)
        return (
            p is not None and min(self.records[metric]) >= self.min_effect_n and not p.inconclusive
        )

    def verdict(self, metric: str) -> str:
        return _verdict(self.pooled.get(metric), self.enough_data(metric))


def pooled_effect(conn: Connection, model_code: str, months: int = 6) -> PooledEffect:
    """Every launched rollout of the model the connection may see, each measured as
    ``effect``, pooled per metric. Rollouts of one province share comparison communes, so
    their estimates are not independent: the pooled interval is, if anything, too narrow."""
    mid = model_id(conn, model_code)
    name = conn.execute(select(reform_model.c.name).where(reform_model.c.id == mid)).scalar()
    ids = conn.execute(
        select(rollout.c.id)
        .where(rollout.c.model_id == mid, rollout.c.launched_on.is_not(None))
        .order_by(rollout.c.launched_on, rollout.c.id)
    ).scalars()
    allowed = allowed_unit_ids(conn)
    tables = []
    for rid in ids:
        if allowed is not None:
            uid = conn.execute(select(rollout.c.unit_id).where(rollout.c.id == rid)).scalar()
            if int(uid) not in allowed:
                continue
        e = effect(conn, int(rid), months)
        if e is not None:
            tables.append(effect_table(e))
    rows = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=EFFECT_COLUMNS)
    pooled, placebo, between, records = {}, {}, {}, {}
    for metric in EFFECT_METRICS:
        m = rows[rows["metric"] == metric]
        p = stats.pool(m["did"], m["se"])
        pooled[metric], between[metric] = (p[0], p[1]) if p else (None, 0.0)
        pse = (m["placebo_ci_high"] - m["placebo_ci_low"]) / (2 * stats.Z95)
        q = stats.pool(m["placebo_did"], pse)
        placebo[metric] = q[0] if q else None
        records[metric] = (int(m["n_unit_before"].sum()), int(m["n_unit_after"].sum()))
    return PooledEffect(
        model_code=model_code,
        model_name=name,
        months=months,
        rollouts=rows,
        pooled=pooled,
        placebo=placebo,
        between_var=between,
        records=records,
        min_effect_n=int(settings.get("OVERSIGHT_MIN_EFFECT_RECORDS")),
    )


def pooled_table(p: PooledEffect) -> pd.DataFrame:
    """One row per metric: the model's pooled DiD with its 95 % interval, the pooled placebo,
    ``enough_data``, the verdict, the rollouts counted and their records."""
    rows = []
    for metric in EFFECT_METRICS:
        iv, pl = p.pooled.get(metric), p.placebo.get(metric)
        m = p.rollouts[p.rollouts["metric"] == metric]
        rows.append(
            dict(
                model_code=p.model_code,
                metric=metric,
                months=p.months,
                rollouts=int(m["did"].notna().sum()),
                rollout_ids=[int(x) for x in m["rollout_id"]],
                did=iv.estimate if iv else None,
                se=iv.se if iv else None,
                ci_low=iv.low if iv else None,
                ci_high=iv.high if iv else None,
                placebo_did=pl.estimate if pl else None,
                placebo_ci_low=pl.low if pl else None,
                placebo_ci_high=pl.high if pl else None,
                between_sd=math.sqrt(p.between_var.get(metric, 0.0)),
                n_before=p.records[metric][0],
                n_after=p.records[metric][1],
                enough_data=p.enough_data(metric),
                verdict=p.verdict(metric),
                comparison_codes=sorted({c for cs in m["comparison_codes"] for c in cs}),
            )
        )
    df = pd.DataFrame(rows)
    for c in ("did", "se", "ci_low", "ci_high", "placebo_did", "placebo_ci_low", "placebo_ci_high"):
        df[c] = df[c].astype("float64")
    return df


def featured_rollout(conn: Connection, as_of: date, scope: Scope, months: int = 6) -> int | None:
    """The rollout the briefing pack shows the effect of: of the scope's launched rollouts,
    the latest whose after window ended by ``as_of``, else the latest launched by then."""
    ro = rollouts(conn, as_of, scope)
    ro = ro[ro["launched_on"].map(lambda d: d is not None and d <= as_of)]
    if ro.empty:
        return None
    done = ro[ro["launched_on"].map(lambda d: _windows(d, months)[1][1] <= as_of)]
    pick = (done if not done.empty else ro).sort_values(["launched_on", "rollout_id"])
    return int(pick["rollout_id"].iloc[-1])


# --- compliance: at least one model per unit per year ----------------------------------------


@dataclass(frozen=True)
class Compliance:
    year: int
    required: float  # distinct active models a commune needs (the target, else 1)
    target_set: bool
    communes: pd.DataFrame  # code, name, parent_name, models (codes), n_models, compliant
    missing: pd.DataFrame  # the communes that fall short

    @property
    def n_communes(self) -> int:
        return len(self.communes)

    @property
    def n_compliant(self) -> int:
        return int(self.communes["compliant"].sum()) if len(self.communes) else 0

    def copy(self, deep: bool = False) -> Compliance:
        """Its frames copied (``shared.once`` hands each caller a copy)."""
        return replace(
            self, communes=self.communes.copy(deep=deep), missing=self.missing.copy(deep=deep)
        )


def compliance(conn: Connection, year: int, scope: Scope) -> Compliance:
    """Communes of the scope and the models active in them during ``year``.

    In today's units a year that ended before 1 July 2025 is judged on the communes as they
    were (the duty was theirs): a commune of today is compliant only when every commune it came
    from that existed in the year was; ``models``/``n_models`` are then theirs together and
    ``missed`` lists the codes of those that fell short (``missed_names`` their names)."""
    ids = recorded_unit_ids(conn, scope.unit_code, scope.historical)  # refuses a scope outside
    # Judged once per page for the same arguments: the rollout page's list and its map.
    key = ("rollout_compliance", year, tuple(ids), scope.unit_code, scope.historical)
    return shared.once(conn, key, lambda: _compliance(conn, year, scope, ids))


def _compliance(conn: Connection, year: int, scope: Scope, ids: list[int]) -> Compliance:
    y0, y1 = date(year, 1, 1), date(year, 12, 31)
    # The scope's units only (all that is read below): their dates parsed, not the 14,146
    # of the national register twice a call.
    units = all_units(conn)
    units = units[units.id.isin(ids)].reset_index(drop=True)
    units["valid_to"] = [_date(v) for v in units["valid_to"]]
    units["valid_from"] = [_date(v) for v in units["valid_from"]]
    tgt = targets_q.target_for(conn, "models_per_unit", scope.unit_code, year)
    required = tgt.value if tgt else 1.0
    ro = _rollout_rows(conn, ids)
    ro = ro[
        ro["launched_on"].map(lambda d: d is not None and d <= y1)
        & ro["stopped_on"].map(lambda d: d is None or d >= y0)
    ]
    as_they_were = scope.historical or y1 < MERGER
    comm = units[units.id.isin(ids) & (units.level == "commune")]
    if as_they_were:
        comm = comm[(comm.valid_from <= y1) & comm.valid_to.map(lambda v: v is None or v >= y0)]
    else:
        comm = comm[comm.valid_to.isna()]
    ro = ro.assign(view_id=ro["recorded_id"] if as_they_were else ro["current_id"])
    by_unit = ro.groupby("view_id")["model_code"].agg(lambda s: sorted(set(s)))
    out = comm[["id", "code", "name", "parent_name", "current_unit_id"]].copy()
    out["models"] = [by_unit.get(int(i), []) for i in out["id"]]
    out["n_models"] = [len(m) for m in out["models"]]
    out["compliant"] = out["n_models"] >= required
    out["missed"] = [[] for _ in range(len(out))]
    out["missed_names"] = [[] for _ in range(len(out))]
    if as_they_were and not scope.historical:
        out = _judged_on_predecessors(out, units, ids)
    out = (
        out.assign(_k=vi_key(out["name"]))
        .sort_values(["compliant", "_k"])
        .drop(columns=["id", "_k", "current_unit_id"])
        .reset_index(drop=True)
    )
    missing = out[~out["compliant"]][
        ["code", "name", "parent_name", "n_models", "missed", "missed_names"]
    ].reset_index(drop=True)
    return Compliance(year, float(required), tgt is not None, out, missing)


MERGER = date(2025, 7, 1)  # two tiers from here; the communes before it had their own duty


def _judged_on_predecessors(old: pd.DataFrame, units: pd.DataFrame, ids) -> pd.DataFrame:  # noqa: ANN001
    """Today's communes from the communes they came from, as they were in the year."""
    today = units[units.id.isin(ids) & (units.level == "commune") & units.valid_to.isna()]
    rows = []
    for r in today.itertuples(index=False):
        came = old[old["current_unit_id"] == r.id].sort_values("name")
        if came.empty:  # no commune of that year went into it: nothing owed
            continue
        short = came[~came["compliant"]]
        models = sorted({m for ms in came["models"] for m in ms})
        rows.append(
            dict(
                id=r.id,
                code=r.code,
                name=r.name,
                parent_name=r.parent_name,
                current_unit_id=r.id,
                models=models,
                n_models=len(models),
                compliant=bool(came["compliant"].all()),
                missed=short["code"].tolist(),
                missed_names=short["name"].tolist(),
            )
        )
    return pd.DataFrame(rows, columns=old.columns)
