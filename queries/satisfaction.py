"""Citizen satisfaction (mức độ hài lòng) with administrative services.

Definitions (DOMAIN.md):
- satisfaction rate = (rất hài lòng + hài lòng) / responses, i.e. overall rating 5 or 4 over the
  responses dated (``responded_on``) in the period; the number of responses goes with it;
- dissatisfied share = (không hài lòng + rất không hài lòng) / responses (overall 2 or 1);
- the five SIPAS elements (access to the service, the procedure, the civil servant, the result,
  how feedback is received and handled) are optional per response: an element's rate is the
  share of 4–5 among the responses that answered that element; the weakest element is the one
  with the lowest rate (ties: the first in SIPAS order);
- a rate resting on fewer responses than OVERSIGHT_MIN_RESPONSES is flagged ``few`` and not
  ranked; intervals are 95% Wilson intervals (``dashboard.domain.stats.wilson``).

Scope: the unit through ``queries.units.recorded_unit_ids`` (current view rolls responses up
to today's units through ``admin_unit.current_unit_id``; historical view keeps the unit they
were filed under). ``Scope.field_code`` keeps the responses that carry that field; responses
without a field count only when no field is chosen. ``Scope.channel`` (the dossier's
submission channel) does not apply to ratings and is ignored.

Grain of every function: one row per group (unit, month, quarter, rating channel, field,
element or rating value) for a scope and a period. Rates are in percent points; a rate with
no responses is None/NaN, never 0. No personal data exists in the schema, none is returned.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import Connection, bindparam, case, func, literal_column, select

from dashboard.domain.periods import Period
from dashboard.domain.stats import rates, wilson, wilson_bounds
from dashboard.storage import settings
from dashboard.storage.rollups import month_start
from dashboard.storage.schema import (
    admin_unit,
    field,
    rollup_satisfaction_month,
    rollup_satisfaction_unit_month,
)
from dashboard.storage.schema import satisfaction_response as sr
from queries import shared, statements
from queries import targets as targets_q
from queries.figures import Figure, count_figure
from queries.frames import count_frame
from queries.on_time import named, peer_root
from queries.ranking import rank_league
from queries.units import SQL_DATE, SQL_TEXT, Scope, in_ids, recorded_unit_ids, scope_ids

ELEMENTS = ("access", "procedure", "civil_servant", "result", "feedback")
RATINGS = (5, 4, 3, 2, 1)
CHANNELS = ("kiosk", "tablet", "qr", "paper", "survey")
GROUPS = ("unit", "month", "channel", "field")
COUNT_COLUMNS = [
    "responses",
    "satisfied",
    "r1",
    "r2",
    "r3",
    "r4",
    "r5",
    *[f"{e}_n" for e in ELEMENTS],
    *[f"{e}_ok" for e in ELEMENTS],
]


# --- the briefing line (overview page) ---------------------------------------------------


# --- counting ------------------------------------------------------------------------------


def _ones(cond):
    return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)


def _where(conn: Connection, period: Period, scope: Scope) -> list:
    cond = [sr.c.responded_on >= period.start, sr.c.responded_on <= period.end]
    ids = scope_ids(conn, scope.unit_code, scope.historical)  # raises UnknownUnit, ScopeDenied
    if ids is not None:
        cond.append(in_ids(conn, sr.c.unit_id, ids))
    if scope.field_code:
        cond.append(
            sr.c.field_id
            == select(field.c.id).where(field.c.code == scope.field_code).scalar_subquery()
        )
    return cond


def _element(name: str):
    if name not in ELEMENTS:
        raise ValueError(f"element must be one of {ELEMENTS}, not {name!r}")
    return sr.c[name]


def counts(
    conn: Connection, period: Period, scope: Scope, by: str | None = None, source: str = "auto"
) -> pd.DataFrame:
    """Counts behind every satisfaction figure, one row per group (one row when ``by`` is
    None): responses, satisfied (4–5), r1..r5 (responses per overall rating), and per SIPAS
    element ``<e>_n`` (answered) and ``<e>_ok`` (answered 4–5); with the rates added.
    Counted once per page for the same arguments (``shared.once``): the satisfaction page's
    cards, league, call list and map ask for the scope's and the communes' counts alike."""
    if by not in (None, *GROUPS):
        raise ValueError(f"by must be one of {GROUPS}")
    scope_ids(conn, scope.unit_code, scope.historical)  # refuses a scope outside the user's
    return shared.once(
        conn,
        ("satisfaction_counts", period, scope, by, source),
        lambda: _counts(conn, period, scope, by, source),
    )


def _counts(
    conn: Connection, period: Period, scope: Scope, by: str | None, source: str
) -> pd.DataFrame:
    if source == "auto":  # the whole months from the rollup, the days around them from rows
        whole, edges = period.split_months()
        if whole is not None and edges:
            parts = [_counts_from_rollup(conn, whole, scope, by)]
            parts += [counts(conn, e, scope, by, source="rows") for e in edges]
            return _summed(parts, by, nulls_first=conn.dialect.name == "sqlite")
        source = "rows" if whole is None else "rollup"
    if source == "rollup":
        return _counts_from_rollup(conn, period, scope, by)
    ids = scope_ids(conn, scope.unit_code, scope.historical)
    shape = (by, scope.historical, None if ids is None else tuple(ids), bool(scope.field_code))
    stmt = statements.built(
        conn, ("satisfaction_rows", *shape), lambda: _rows_statement(conn, *shape)
    )
    return _run_counts(conn, stmt, _params(period, scope), by)


def _params(period: Period, scope: Scope) -> dict:
    """What a counts statement (``statements.built``) runs with."""
    params = {"start": period.start, "end": period.end}
    if scope.field_code:
        params["field_code"] = scope.field_code
    return params


def _bound_field_id():  # noqa: ANN202 - a scalar subquery
    return select(field.c.id).where(field.c.code == bindparam("field_code", type_=SQL_TEXT))


def _rows_statement(
    conn: Connection, by: str | None, historical: bool, ids: tuple | None, has_field: bool
):  # noqa: ANN202 - a Select
    """The counts from the responses, for :start..:end (and :field_code when in play)."""
    keys = []
    if by == "unit":
        keys = [(admin_unit.c.id if historical else admin_unit.c.current_unit_id).label("unit_id")]
    elif by == "month":
        keys = [month_start(sr.c.responded_on).label("month")]
    elif by == "channel":
        keys = [sr.c.rating_channel.label("channel")]
    elif by == "field":
        keys = [sr.c.field_id]
    aggs = [func.count().label("responses"), _ones(sr.c.overall >= 4).label("satisfied")]
    aggs += [_ones(sr.c.overall == k).label(f"r{k}") for k in range(1, 6)]
    aggs += [func.count(sr.c[e]).label(f"{e}_n") for e in ELEMENTS]
    aggs += [_ones(sr.c[e] >= 4).label(f"{e}_ok") for e in ELEMENTS]
    cond = [sr.c.responded_on >= _bound("start"), sr.c.responded_on <= _bound("end")]
    if ids is not None:
        cond.append(in_ids(conn, sr.c.unit_id, ids))
    if has_field:
        cond.append(sr.c.field_id == _bound_field_id().scalar_subquery())
    stmt = select(*keys, *aggs).where(*cond)
    if by == "unit":
        stmt = stmt.select_from(sr.join(admin_unit, admin_unit.c.id == sr.c.unit_id))
    return stmt.group_by(*keys).order_by(*keys) if keys else stmt


def _bound(name: str):  # noqa: ANN202 - a bound parameter
    return bindparam(name, type_=SQL_DATE)


def _summed(parts: list[pd.DataFrame], by: str | None, nulls_first: bool) -> pd.DataFrame:
    """Counts of adjoining periods added up per group, rates anew; groups in the order the
    database gives one statement's (``nulls_first``: SQLite puts a missing key first)."""
    key = {"unit": "unit_id", "field": "field_id"}.get(by, by)
    both = pd.concat([p[([key] if key else []) + COUNT_COLUMNS] for p in parts])
    if key is None:
        df = both.sum().to_frame().T.astype("int64")
    else:
        df = both.groupby(key, sort=False, dropna=False).sum().reset_index()
        df = df.sort_values(key, na_position="first" if nulls_first else "last", kind="stable")
        df = df.reset_index(drop=True)
    return _with_rates(df)


def _counts_from_rollup(
    conn: Connection, period: Period, scope: Scope, by: str | None
) -> pd.DataFrame:
    """The same counts from the rollups (whole months only): per unit and month when neither
    field nor channel is asked for (a province's 24 months at 10M dossiers: 5,376 rows
    rather than 105,040), per channel and field otherwise."""
    ids = scope_ids(conn, scope.unit_code, scope.historical)
    shape = (by, scope.historical, None if ids is None else tuple(ids), bool(scope.field_code))
    stmt = statements.built(
        conn, ("satisfaction_rollup", *shape), lambda: _rollup_statement(conn, *shape)
    )
    return _run_counts(conn, stmt, _params(period, scope), by)


def _rollup_statement(
    conn: Connection, by: str | None, historical: bool, ids: tuple | None, has_field: bool
):  # noqa: ANN202 - a Select
    """The counts from the rollups for the months :start..:end (:field_code when in play)."""
    coarse = not has_field and by in (None, "unit", "month")
    r = rollup_satisfaction_unit_month if coarse else rollup_satisfaction_month
    keys = []
    if by == "unit":
        keys = [(admin_unit.c.id if historical else admin_unit.c.current_unit_id).label("unit_id")]
    elif by == "month":
        keys = [r.c.month.label("month")]
    elif by == "channel":
        keys = [r.c.rating_channel.label("channel")]
    elif by == "field":
        keys = [r.c.field_id]
    aggs = [func.coalesce(func.sum(r.c[c]), 0).label(c) for c in COUNT_COLUMNS]
    cond = [r.c.month >= _bound("start"), r.c.month <= _bound("end")]
    if ids is not None:
        cond.append(in_ids(conn, r.c.unit_id, ids))
        if by == "unit":  # the scope's units by key, not all of the register (on_time too)
            cond.append(in_ids(conn, admin_unit.c.id, ids))
    if has_field:
        cond.append(r.c.field_id == _bound_field_id().scalar_subquery())
    stmt = select(*keys, *aggs).where(*cond)
    if by == "unit":
        stmt = stmt.select_from(r.join(admin_unit, admin_unit.c.id == r.c.unit_id))
    return stmt.group_by(*keys).order_by(*keys) if keys else stmt


def _run_counts(conn: Connection, stmt, params: dict, by: str | None) -> pd.DataFrame:  # noqa: ANN001
    """Run and type a counts statement (rows or rollup alike), then add the rates."""
    df = count_frame(conn.execute(stmt, params), COUNT_COLUMNS)
    if by == "month" and not df.empty:
        df["month"] = pd.to_datetime(df["month"]).dt.date
    return _with_rates(df)


def _pct(num: pd.Series, den: pd.Series) -> pd.Series:
    return (100.0 * num / den.where(den > 0)).astype("float64")


def _with_rates(df: pd.DataFrame) -> pd.DataFrame:
    """The counts with their rates, computed on arrays and added in one step (a league adds
    them to two frames of a province's communes)."""
    new = {"satisfaction_rate": rates(df["satisfied"], df["responses"])}
    new["dissatisfied"] = (df["r1"] + df["r2"]).to_numpy()
    new["dissatisfied_share"] = rates(df["r1"] + df["r2"], df["responses"])
    for e in ELEMENTS:
        new[f"{e}_rate"] = rates(df[f"{e}_ok"], df[f"{e}_n"])
    new["ci_low"], new["ci_high"] = wilson_bounds(df["satisfied"], df["responses"])
    if any(c in df for c in new):  # recomputed (a trend's sums): in place, same order
        return df.assign(**new)
    return pd.concat([df, pd.DataFrame(new, index=df.index)], axis=1)


def _value(df: pd.DataFrame, col: str) -> float | None:
    if df.empty or pd.isna(df[col].iloc[0]):
        return None
    return float(df[col].iloc[0])


def _weakest(row: pd.Series) -> str | None:
    """The element with the lowest rate in a counts row (first in SIPAS order on ties)."""
    rates = [(row[f"{e}_rate"], i, e) for i, e in enumerate(ELEMENTS) if pd.notna(row[f"{e}_rate"])]
    return min(rates)[2] if rates else None


def _weakest_of(df: pd.DataFrame) -> list[str | None]:
    """``_weakest`` of every row at once."""
    by_element = df[[f"{e}_rate" for e in ELEMENTS]].to_numpy(dtype="float64")
    if not len(by_element):
        return []
    at = np.where(np.isnan(by_element), np.inf, by_element).argmin(axis=1)  # first of the lowest
    none = np.isnan(by_element).all(axis=1)
    return [None if gone else ELEMENTS[i] for i, gone in zip(at, none, strict=True)]


def _min_responses() -> int:
    return int(settings.get("OVERSIGHT_MIN_RESPONSES"))


# --- figures for the page ---------------------------------------------------------------


def headline(conn: Connection, period: Period, scope: Scope) -> dict[str, Figure]:
    """The headline numbers, each with the previous period, the same period last year, the
    target of the period's year and a status:

    ``satisfaction_rate`` (n = responses), ``responses`` (the count itself),
    ``dissatisfied_share`` (n = responses; lower is better, no target), one Figure per SIPAS
    element (n = responses that answered it, measured against the satisfaction target), and
    ``weakest_element``: the element Figure with the lowest rate, its ``metric`` naming the
    element (absent when no response answered any element).
    """
    now = counts(conn, period, scope)
    prev = counts(conn, period.previous(), scope)
    ly = counts(conn, period.same_period_last_year(), scope)
    tgt = targets_q.target_for(conn, "satisfaction_rate", scope.unit_code, period.end.year)
    min_n = _min_responses()
    n = int(now["responses"].iloc[0])

    def fig(
        metric: str,
        col: str,
        num: str,
        ncol: str,
        with_target: bool,
        key: str | None = None,
        label: str | None = None,
    ) -> Figure:
        value = _value(now, col)
        count = int(now[ncol].iloc[0])
        return Figure(
            metric=metric,
            value=value,
            n=count,
            previous=_value(prev, col),
            last_year=_value(ly, col),
            target=tgt.value if (tgt and with_target) else None,
            status=(
                targets_q.status(value, tgt, n=count, min_n=min_n)
                if (tgt and with_target)
                else None
            ),
            few=count < min_n,
            numerator=int(now[num].iloc[0]),
            denominator=count,
            definition_key=key,
            label_key=label,
        )

    out = {
        "satisfaction_rate": fig(
            "satisfaction_rate",
            "satisfaction_rate",
            "satisfied",
            "responses",
            True,
            label="sat_rate",
        ),
        "responses": count_figure(
            "responses",
            n,
            previous=_value(prev, "responses"),
            last_year=_value(ly, "responses"),
            label_key="sat_responses",
        ),
        "dissatisfied_share": fig(
            "dissatisfied_share",
            "dissatisfied_share",
            "dissatisfied",
            "responses",
            False,
            label="sat_dissatisfied",
        ),
    }
    for e in ELEMENTS:
        out[e] = fig(e, f"{e}_rate", f"{e}_ok", f"{e}_n", True, "def_element", f"sat_el_{e}")
    weakest = _weakest(now.iloc[0])
    if weakest:
        out["weakest_element"] = out[weakest]
    return out


def elements(conn: Connection, period: Period, scope: Scope) -> pd.DataFrame:
    """The five SIPAS elements side by side, in SIPAS order: answered, satisfied (4–5), rate,
    Wilson interval, gap to the overall satisfaction rate (points), and ``weakest`` on the
    element with the lowest rate — the one dragging the total down."""
    now = counts(conn, period, scope).iloc[0]
    overall = now["satisfaction_rate"]
    weakest = _weakest(now)
    rows = []
    for e in ELEMENTS:
        n, ok, rate = int(now[f"{e}_n"]), int(now[f"{e}_ok"]), now[f"{e}_rate"]
        lo, hi = wilson(ok, n)
        rows.append(
            dict(
                element=e,
                answered=n,
                satisfied=ok,
                rate=rate,
                ci_low=lo,
                ci_high=hi,
                gap=rate - overall,
                weakest=e == weakest,
            )
        )
    df = pd.DataFrame(rows)
    for c in ("rate", "ci_low", "ci_high", "gap"):
        df[c] = df[c].astype("float64")
    return df


def trend(
    conn: Connection, period: Period, scope: Scope, grain: str = "month", element: str | None = None
) -> pd.DataFrame:
    """Satisfaction by month or quarter over the period, every month/quarter of the period
    present (no responses: rate NaN), with the satisfaction target of each row's year.

    Columns: ``start`` (first day), ``label`` ("2024-03" / "2024-Q1"), the counts and rates of
    ``counts``, and ``rate``/``n``: the satisfaction rate and responses, or with ``element``
    that element's rate and answers.
    """
    if grain not in ("month", "quarter"):
        raise ValueError("grain is month or quarter")
    if element is not None:
        _element(element)
    df = counts(conn, period, scope, by="month")
    months = pd.DataFrame({"month": period.months()})
    df = months.merge(df[["month", *COUNT_COLUMNS]], on="month", how="left")
    df[COUNT_COLUMNS] = df[COUNT_COLUMNS].fillna(0).astype("int64")
    if grain == "quarter":
        df["start"] = [date(m.year, 3 * ((m.month - 1) // 3) + 1, 1) for m in df["month"]]
        df = df.groupby("start", as_index=False)[COUNT_COLUMNS].sum()
        df["label"] = [f"{s.year}-Q{(s.month - 1) // 3 + 1}" for s in df["start"]]
    else:
        df = df.rename(columns={"month": "start"})
        df["label"] = [f"{s.year}-{s.month:02d}" for s in df["start"]]
    df = _with_rates(df)
    df["rate"] = df[f"{element}_rate" if element else "satisfaction_rate"]
    df["n"] = df[f"{element}_n" if element else "responses"]
    tmap = {}
    for y in sorted({s.year for s in df["start"]}):
        t = targets_q.target_for(conn, "satisfaction_rate", scope.unit_code, y)
        tmap[y] = t.value if t else None
    df["target"] = pd.Series([tmap[s.year] for s in df["start"]], dtype="float64")
    return df.reset_index(drop=True)


def league(
    conn: Connection, period: Period, scope: Scope, element: str | None = None
) -> pd.DataFrame:
    """Peer communes ranked by satisfaction rate (or by one element's rate), with the change
    from the previous period and each unit's weakest element.

    Peers: the communes of the scope's province (today's, or as they were). ``n``/``ok``/
    ``rate`` are the responses/satisfied/rate ranked on (an element's answers with
    ``element``). Ranks, rank intervals, bands, the funnel position and ``few`` (fewer than
    OVERSIGHT_MIN_RESPONSES: no rank, listed after the others) come from
    ``queries.ranking.rank_league``.
    """
    rate_col = f"{element}_rate" if element else "satisfaction_rate"
    if element is not None:
        _element(element)
    n_col, ok_col = (f"{element}_n", f"{element}_ok") if element else ("responses", "satisfied")
    peers = replace(scope, unit_code=peer_root(conn, scope))
    now = counts(conn, period, peers, by="unit")
    prev = counts(conn, period.previous(), peers, by="unit")[["unit_id", rate_col]]
    df = now.merge(prev.rename(columns={rate_col: "previous_rate"}), on="unit_id", how="left")
    df["n"], df["ok"], df["rate"] = df[n_col], df[ok_col], df[rate_col]
    df["change"] = (df["rate"] - df["previous_rate"]).astype("float64")
    df["ci_low"], df["ci_high"] = wilson_bounds(df["ok"], df["n"])
    df["weakest_element"] = _weakest_of(df)
    df = named(conn, df, "unit")
    if df.empty:
        return rank_league(df.assign(level=[]), "ok", "n", "rate", _min_responses())
    df = df[df["level"] == "commune"].copy()
    return rank_league(df, "ok", "n", "rate", _min_responses(), tie_breaks=[("name", True)])


def call_first(conn: Connection, period: Period, scope: Scope, limit: int = 5) -> pd.DataFrame:
    """The communes to call first about satisfaction: those of the scope whose rank interval
    lies wholly in the bottom group of the league (``band`` "bottom": lower than their peers
    beyond chance, not merely last), lowest rate first; the columns of ``league`` with
    ``dissatisfied`` (rated 1 or 2)."""
    lg = league(conn, period, scope)
    if lg.empty:
        return lg.assign(dissatisfied=pd.Series(dtype="int64"))
    mine = set(recorded_unit_ids(conn, scope.unit_code, scope.historical))
    lg = lg[(lg["band"] == "bottom") & lg["unit_id"].isin(mine)]
    lg = lg.assign(dissatisfied=(lg["r1"] + lg["r2"]).astype("int64"))
    return lg.sort_values(["rate", "name"], kind="stable").head(limit).reset_index(drop=True)


def by_channel(conn: Connection, period: Period, scope: Scope) -> pd.DataFrame:
    """Responses per rating channel (kiosk, tablet, qr, paper, survey, in that order), with
    the satisfaction rate, the five rating counts r1..r5 and the channel's share of responses."""
    df = counts(conn, period, scope, by="channel")
    order = {c: i for i, c in enumerate(CHANNELS)}
    df = df.assign(_o=[order.get(c, len(order)) for c in df["channel"]])
    df = df.sort_values(["_o", "channel"]).drop(columns="_o").reset_index(drop=True)
    total = int(df["responses"].sum())
    df["share"] = (100.0 * df["responses"] / total) if total else pd.Series(dtype="float64")
    return df


def distribution(
    conn: Connection, period: Period, scope: Scope, element: str | None = None
) -> pd.DataFrame:
    """The five ratings, 5 (rất hài lòng) down to 1 (rất không hài lòng): count and share of
    the responses (of the answers to ``element``); always five rows, share NaN when none.
    The overall ratings are the counts' r1..r5 (the cards' counts, made once a page); an
    element's are counted from the responses (the rollups keep only its answered and 4–5)."""
    if element is None:
        now = counts(conn, period, scope).iloc[0]
        got = {k: int(now[f"r{k}"]) for k in RATINGS}
    else:
        col = _element(element)
        stmt = (
            select(col.label("rating"), func.count().label("count"))
            .where(*_where(conn, period, scope), col.is_not(None))
            .group_by(col)
        )
        got = {int(r): int(c) for r, c in conn.execute(stmt).all()}
    df = pd.DataFrame({"rating": list(RATINGS), "count": [got.get(k, 0) for k in RATINGS]})
    df["share"] = _pct(df["count"], pd.Series([df["count"].sum()] * len(df)))
    df["satisfied"] = df["rating"] >= 4
    return df


def negative_comments(
    conn: Connection, period: Period, scope: Scope, limit: int = 20, element: str | None = None
) -> pd.DataFrame:
    """The latest comments of dissatisfied citizens: overall rating 1–2 (or ``element`` rated
    1–2) with a non-blank comment, newest first. Columns: responded_on, unit (today's unit in
    the current view, the unit as filed in the historical view), field_vi, field_en, overall,
    the element's rating when asked, comment. No personal data exists to show.
    The overall ratings read the index of dissatisfied responses with a comment
    (``ix_satisfaction_negative``): its condition written as the index's, with the 2 in the
    text, so that SQLite and PostgreSQL see the index applies."""
    col = _element(element) if element else sr.c.overall
    at_most_two = literal_column("2") if element is None else 2
    rec = admin_unit.alias("rec")
    cur = admin_unit.alias("cur")
    unit_name = rec.c.name if scope.historical else func.coalesce(cur.c.name, rec.c.name)
    stmt = (
        select(
            sr.c.responded_on,
            unit_name.label("unit"),
            field.c.name_vi.label("field_vi"),
            field.c.name_en.label("field_en"),
            sr.c.overall,
            col.label("rating"),
            sr.c.rating_channel.label("channel"),
            sr.c.comment,
        )
        .select_from(
            sr.join(rec, rec.c.id == sr.c.unit_id)
            .outerjoin(cur, cur.c.id == rec.c.current_unit_id)
            .outerjoin(field, field.c.id == sr.c.field_id)
        )
        .where(
            *_where(conn, period, scope),
            col <= at_most_two,
            sr.c.comment.is_not(None),
            func.trim(sr.c.comment) != "",
        )
        .order_by(sr.c.responded_on.desc(), sr.c.id.desc())
        .limit(limit)
    )
    df = pd.DataFrame(
        conn.execute(stmt).mappings().all(),
        columns=[
            "responded_on",
            "unit",
            "field_vi",
            "field_en",
            "overall",
            "rating",
            "channel",
            "comment",
        ],
    )
    if not df.empty:
        df["responded_on"] = pd.to_datetime(df["responded_on"]).dt.date
    return df
