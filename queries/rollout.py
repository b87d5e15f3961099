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
- effect (``effect``): a difference in differences. Windows of N whole months before the month
  of launch and N whole months after it (the launch month itself is split, so left out).
  Rates are pooled: on-time = (early + on time) / resolved from ``rollup_month`` (dossier and
  report rows, by resolution month); satisfaction = ratings 4–5 / responses by response date.
  DiD = (after − before at the unit) − (after − before in the comparison group), in points.
  Comparison group: the communes of the same province (today's province in the current view,
  the province as it was in the historical view) with no rollout of that model at all. A cell
  with fewer than OVERSIGHT_MIN_DOSSIERS resolved dossiers or OVERSIGHT_MIN_RESPONSES responses
  makes the figure ``few``: shown, not to be read as certain.
- compliance (``compliance``): "at least one model or good practice per unit per year"
  (QĐ 11578/QĐ-UBND; target metric models_per_unit): the communes of the scope with fewer
  distinct models active during the year (launched on or before 31/12, not stopped before
  01/01) than the target (1 when none is set). Current view: today's communes, counting the
  rollouts of their predecessors; historical view: the communes as they were that year.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import Connection, and_, func, or_, select

from dashboard.domain.periods import add_months
from dashboard.storage import settings
from dashboard.storage.schema import (
    ROLLOUT_STAGES,
    admin_unit,
    criterion_assessment,
    model_criterion,
    reform_model,
    rollout,
    rollup_month,
    satisfaction_response,
)
from queries import targets as targets_q
from queries.units import Scope, all_units, check_unit_id, recorded_unit_ids

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


def launch_events(
    conn: Connection, unit_code: str | None, historical: bool = False
) -> pd.DataFrame:
    """Model launches in the scope: date, model name, unit id (for chart annotations)."""
    ids = recorded_unit_ids(conn, unit_code, historical)
    stmt = (
        select(rollout.c.launched_on, reform_model.c.name, rollout.c.unit_id)
        .join(reform_model, reform_model.c.id == rollout.c.model_id)
        .where(rollout.c.unit_id.in_(ids), rollout.c.launched_on.is_not(None))
        .order_by(rollout.c.launched_on)
    )
    return pd.DataFrame(conn.execute(stmt).all(), columns=["launched_on", "model", "unit_id"])


def summary(
    conn: Connection, as_of: date, unit_code: str | None, historical: bool = False
) -> dict[str, int]:
    """Active rollouts and units running one at ``as_of``; reviews overdue by then."""
    ids = recorded_unit_ids(conn, unit_code, historical)
    active = and_(
        rollout.c.launched_on <= as_of,
        or_(rollout.c.stopped_on.is_(None), rollout.c.stopped_on > as_of),
    )
    overdue = or_(
        and_(
            rollout.c.planned_preliminary_review_on < as_of,
            or_(rollout.c.preliminary_review_on.is_(None), rollout.c.preliminary_review_on > as_of),
        ),
        and_(
            rollout.c.planned_final_review_on < as_of,
            or_(rollout.c.final_review_on.is_(None), rollout.c.final_review_on > as_of),
        ),
    )
    not_stopped = or_(rollout.c.stopped_on.is_(None), rollout.c.stopped_on > as_of)
    row = conn.execute(
        select(
            func.count().filter(active),
            func.count(func.distinct(rollout.c.unit_id)).filter(active),
            func.count().filter(and_(overdue, not_stopped)),
        ).where(rollout.c.unit_id.in_(ids))
    ).one()
    return {"running": int(row[0]), "units": int(row[1]), "overdue_reviews": int(row[2])}


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
    today's unit."""
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
        stmt = stmt.where(rollout.c.unit_id.in_(ids))
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
        .where(ca.c.rollout_id.in_(rollout_ids), ca.c.assessed_on <= as_of)
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
    ids = recorded_unit_ids(conn, scope.unit_code, scope.historical)
    df = _rollout_rows(conn, ids, model_code)
    return _with_stages(conn, df, as_of, scope.historical, include_future)


def _with_stages(
    conn: Connection, df: pd.DataFrame, as_of: date, historical: bool, include_future: bool = False
) -> pd.DataFrame:
    df = df.copy()
    rows = df.to_dict("records")
    stages = [stage_at(r, as_of) for r in rows]
    df["stage"] = pd.Series(stages, index=df.index, dtype=object)
    df["stage_on"] = pd.Series(
        [None if s is None else r[_stage_col(s)] for r, s in zip(rows, stages, strict=True)],
        index=df.index,
        dtype=object,
    )
    df["active"] = [
        r["launched_on"] is not None and r["launched_on"] <= as_of and s != "stopped"
        for r, s in zip(rows, stages, strict=True)
    ]
    for s in PLANNED:
        df[f"overdue_{s}"] = [_overdue(r, s, as_of) for r in rows]
    df["review_overdue"] = df["overdue_preliminary_review"] | df["overdue_final_review"]
    df["merged"] = df["recorded_id"] != df["current_id"]
    if historical:
        df["unit_id"], df["unit_code"], df["unit_name"] = (
            df["recorded_id"],
            df["recorded_code"],
            df["recorded_name"],
        )
    else:
        df["unit_id"], df["unit_code"], df["unit_name"] = (
            df["current_id"],
            df["current_code"],
            df["current_name"],
        )
    share = _latest_share_met(conn, [int(i) for i in df["rollout_id"]], as_of)
    df["latest_share_met"] = [share.get(int(i)) for i in df["rollout_id"]]
    df["latest_share_met"] = df["latest_share_met"].astype("float64")
    df["ready_to_replicate"] = df["stage"].isin(REVIEWS) & (df["latest_share_met"] >= 100.0)
    if not include_future:
        df = df[df["stage"].notna()]
    for c in (
        "active",
        "merged",
        "review_overdue",
        "ready_to_replicate",
        *[f"overdue_{s}" for s in PLANNED],
    ):
        df[c] = df[c].astype(bool)
    return df.reset_index(drop=True)[
        [*ROLLOUT_COLUMNS, "unit_id", "model_id", "recorded_id", "current_id"]
    ]


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
    return pd.DataFrame(conn.execute(stmt).all(), columns=["code", "name"])


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
    agg = ro.groupby("model_code").agg(
        rollouts=("rollout_id", "size"),
        units=("unit_id", "nunique"),
        active=("active", "sum"),
        review_overdue=("review_overdue", "sum"),
    )
    mdf = mdf.merge(agg, left_on="code", right_index=True, how="left")
    for c in ("rollouts", "units", "active", "review_overdue"):
        mdf[c] = mdf[c].fillna(0).astype("int64")
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
    ro = ro.assign(_rank=[-1 if s == "stopped" else order[s] for s in ro["stage"]])
    ro["_overdue"] = ro["review_overdue"] | ro["overdue_launched"]
    out = []
    for (ucode, mcode), g in ro.groupby(["unit_code", "model_code"], sort=True):
        lead = g.sort_values(
            ["_rank", "stage_on", "rollout_id"], ascending=[False, False, True]
        ).iloc[0]
        other = g[g["recorded_code"] != ucode]
        out.append(
            dict(
                unit_code=ucode,
                unit_name=lead["unit_name"],
                model_code=mcode,
                model_name=lead["model_name"],
                stage=lead["stage"],
                rollout_id=int(lead["rollout_id"]),
                rollout_ids=[int(i) for i in g["rollout_id"]],
                n_rollouts=len(g),
                overdue=bool(g["_overdue"].any()),
                ready=bool(g["ready_to_replicate"].any()),
                recorded=sorted(set(other["recorded_name"])),
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


# --- effect: difference in differences ---------------------------------------------------------


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
    metric: str  # on_time_rate | satisfaction_rate
    unit_before: Cell
    unit_after: Cell
    comparison_before: Cell
    comparison_after: Cell
    min_n: int

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


@dataclass(frozen=True)
class Effect:
    rollout_id: int
    model_code: str
    unit_code: str
    unit_name: str
    launched_on: date
    months: int
    comparison: pd.DataFrame  # code, name of the comparison communes
    on_time: MetricEffect
    satisfaction: MetricEffect
    # The view's unit also holds records of units that never ran the model (current view of a
    # commune merged since): the unit's change is diluted.
    diluted: bool
    # The after window reaches past the last month with data.
    incomplete: bool

    @property
    def metrics(self) -> dict[str, MetricEffect]:
        return {"on_time_rate": self.on_time, "satisfaction_rate": self.satisfaction}


def _windows(launched: date, months: int) -> tuple[tuple[date, date], tuple[date, date]]:
    m0 = date(launched.year, launched.month, 1)
    before = (add_months(m0, -months), m0 - timedelta(days=1))
    after = (add_months(m0, 1), add_months(m0, months + 1) - timedelta(days=1))
    return before, after


def _province_id(units: pd.DataFrame, unit_id: int) -> int | None:
    by_id = units.set_index("id")
    cur = unit_id
    while cur in by_id.index:
        row = by_id.loc[cur]
        if row["level"] == "province":
            return int(cur)
        if pd.isna(row["parent_id"]):
            return None
        cur = int(row["parent_id"])
    return None


def _descendant_ids(units: pd.DataFrame, root: int) -> set[int]:
    found, frontier = {root}, {root}
    while frontier:
        frontier = set(units.loc[units.parent_id.isin(frontier), "id"].astype(int)) - found
        found |= frontier
    return found


def _on_time_cell(conn: Connection, ids: list[int], start: date, end: date) -> Cell:
    r = rollup_month
    n, hits = conn.execute(
        select(
            func.coalesce(func.sum(r.c.resolved), 0),
            func.coalesce(func.sum(r.c.early + r.c.on_time), 0),
        ).where(r.c.unit_id.in_(ids), r.c.month >= start, r.c.month <= end)
    ).one()
    return Cell(start, end, int(n), int(hits))


def _satisfaction_cell(conn: Connection, ids: list[int], start: date, end: date) -> Cell:
    sr = satisfaction_response
    n, hits = conn.execute(
        select(func.count(), func.count().filter(sr.c.overall >= 4)).where(
            sr.c.unit_id.in_(ids), sr.c.responded_on >= start, sr.c.responded_on <= end
        )
    ).one()
    return Cell(start, end, int(n), int(hits))


def effect(
    conn: Connection, rollout_id: int, months: int = 6, historical: bool = False
) -> Effect | None:
    """On-time and satisfaction rates before vs after launch at the rollout's unit against the
    comparison communes, and the difference in differences. None when never launched."""
    if months < 1:
        raise ValueError("months must be at least 1")
    df = _rollout_rows(conn, None, rollout_id=rollout_id)
    if df.empty:
        raise UnknownRollout(rollout_id)
    r = df.iloc[0]
    launched = r["launched_on"]
    if launched is None:
        return None
    (b0, b1), (a0, a1) = _windows(launched, months)
    units = all_units(conn)
    units["valid_to"] = [_date(v) for v in units["valid_to"]]
    units["valid_from"] = [_date(v) for v in units["valid_from"]]
    view_of = (units["id"] if historical else units["current_unit_id"].fillna(units["id"])).astype(
        int
    )
    units = units.assign(view_id=view_of)
    unit_view_id = int(r["recorded_id"] if historical else r["current_id"])
    unit_ids = (
        sorted(_descendant_ids(units, unit_view_id))
        if historical
        else units.loc[units.view_id == unit_view_id, "id"].astype(int).tolist()
    )
    prov = _province_id(units, unit_view_id)
    with_model = (
        conn.execute(select(rollout.c.unit_id).where(rollout.c.model_id == int(r["model_id"])))
        .scalars()
        .all()
    )
    with_model_view = set(units.loc[units.id.isin(with_model), "view_id"].astype(int))
    cand = units[
        units.id.isin(_descendant_ids(units, prov) if prov else set()) & (units.level == "commune")
    ]
    if historical:
        cand = cand[(cand.valid_from <= a1) & cand.valid_to.map(lambda v: v is None or v >= b0)]
    else:
        cand = cand[cand.valid_to.isna()]
    cand = cand[~cand.id.isin(with_model_view) & (cand.id != unit_view_id)]
    comp_ids = (
        cand.id.astype(int).tolist()
        if historical
        else units.loc[units.view_id.isin(set(cand.id)), "id"].astype(int).tolist()
    )
    min_d = int(settings.get("OVERSIGHT_MIN_DOSSIERS"))
    min_r = int(settings.get("OVERSIGHT_MIN_RESPONSES"))
    on_time = MetricEffect(
        "on_time_rate",
        _on_time_cell(conn, unit_ids, b0, b1),
        _on_time_cell(conn, unit_ids, a0, a1),
        _on_time_cell(conn, comp_ids, b0, b1),
        _on_time_cell(conn, comp_ids, a0, a1),
        min_d,
    )
    sat = MetricEffect(
        "satisfaction_rate",
        _satisfaction_cell(conn, unit_ids, b0, b1),
        _satisfaction_cell(conn, unit_ids, a0, a1),
        _satisfaction_cell(conn, comp_ids, b0, b1),
        _satisfaction_cell(conn, comp_ids, a0, a1),
        min_r,
    )
    last = _date(conn.execute(select(func.max(rollup_month.c.month))).scalar())
    incomplete = last is None or add_months(last, 1) - timedelta(days=1) < a1
    others = units[
        units.id.isin(set(unit_ids) - {unit_view_id, int(r["recorded_id"])})
        & (units.level == "commune")
    ]
    diluted = not historical and int(r["recorded_id"]) != unit_view_id and not others.empty
    unit_row = units.loc[units.id == unit_view_id].iloc[0]
    return Effect(
        rollout_id=int(r["rollout_id"]),
        model_code=r["model_code"],
        unit_code=unit_row["code"],
        unit_name=unit_row["name"],
        launched_on=launched,
        months=months,
        comparison=cand[["code", "name"]].sort_values("name", key=vi_key).reset_index(drop=True),
        on_time=on_time,
        satisfaction=sat,
        diluted=bool(diluted),
        incomplete=bool(incomplete),
    )


def effect_table(e: Effect) -> pd.DataFrame:
    """One row per metric: the four cells (rate and count), both changes, the DiD, ``few``."""
    rows = []
    for metric, m in e.metrics.items():
        row = dict(
            rollout_id=e.rollout_id,
            unit_code=e.unit_code,
            metric=metric,
            launched_on=e.launched_on,
            months=e.months,
        )
        for k, c in m.cells.items():
            row[k] = c.rate
            row[f"n_{k}"] = c.n
        row.update(
            unit_change=m.unit_change,
            comparison_change=m.comparison_change,
            did=m.did,
            few=m.few,
            min_n=m.min_n,
            comparison_units=len(e.comparison),
            before_start=m.unit_before.start,
            before_end=m.unit_before.end,
            after_start=m.unit_after.start,
            after_end=m.unit_after.end,
            diluted=e.diluted,
            incomplete=e.incomplete,
        )
        rows.append(row)
    df = pd.DataFrame(rows)
    for c in (
        "unit_before",
        "unit_after",
        "comparison_before",
        "comparison_after",
        "unit_change",
        "comparison_change",
        "did",
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


def compliance(conn: Connection, year: int, scope: Scope) -> Compliance:
    """Communes of the scope and the models active in them during ``year``."""
    y0, y1 = date(year, 1, 1), date(year, 12, 31)
    ids = recorded_unit_ids(conn, scope.unit_code, scope.historical)
    units = all_units(conn)
    units["valid_to"] = [_date(v) for v in units["valid_to"]]
    units["valid_from"] = [_date(v) for v in units["valid_from"]]
    comm = units[units.id.isin(ids) & (units.level == "commune")]
    if scope.historical:
        comm = comm[(comm.valid_from <= y1) & comm.valid_to.map(lambda v: v is None or v >= y0)]
    else:
        comm = comm[comm.valid_to.isna()]
    ro = _rollout_rows(conn, ids)
    ro = ro[
        ro["launched_on"].map(lambda d: d is not None and d <= y1)
        & ro["stopped_on"].map(lambda d: d is None or d >= y0)
    ]
    ro = ro.assign(view_id=ro["recorded_id"] if scope.historical else ro["current_id"])
    by_unit = ro.groupby("view_id")["model_code"].agg(lambda s: sorted(set(s)))
    tgt = targets_q.target_for(conn, "models_per_unit", scope.unit_code, year)
    required = tgt.value if tgt else 1.0
    out = comm[["id", "code", "name", "parent_name"]].copy()
    out["models"] = [by_unit.get(int(i), []) for i in out["id"]]
    out["n_models"] = [len(m) for m in out["models"]]
    out["compliant"] = out["n_models"] >= required
    out = (
        out.assign(_k=vi_key(out["name"]))
        .sort_values(["compliant", "_k"])
        .drop(columns=["id", "_k"])
        .reset_index(drop=True)
    )
    missing = out[~out["compliant"]][["code", "name", "parent_name", "n_models"]].reset_index(
        drop=True
    )
    return Compliance(year, float(required), tgt is not None, out, missing)
