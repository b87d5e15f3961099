"""Dialogue with citizens (đối thoại): sessions held, petitions raised and what became of them.

Grain and definitions:
- a *session* counts in the period it was held (``held_on``); its unit is the unit it was filed
  under, rolled up to today's unit through ``admin_unit.current_unit_id`` in the current view,
  left as it was in the historical view (as in queries.on_time);
- a *petition* (kiến nghị) belongs to its session's unit and date. Its *state at a date* (the
  period's end) is one of
    ``on_spot``  answered on the spot at the session,
    ``resolved`` assigned to an agency and resolved on or before that date,
    ``open``     assigned and not resolved by that date, deadline not yet passed (or none),
    ``overdue``  assigned, not resolved by that date, and its deadline is before that date.
  A petition resolved after the period's end is open (or overdue) at the end; one resolved on
  its deadline is resolved in time, never overdue. ``open_total`` = open + overdue;
- resolved share = (on the spot + resolved) / petitions raised in the period, in percent;
- backlog overdue at a date = petitions from sessions held up to that date, from any period,
  that are overdue at it (the list a leader chases); ``overdue`` alone counts only those raised
  in the period (the overview's figure, ``summary``);
- days to resolve = resolved_on − held_on, for assigned petitions *resolved in the period*
  (by resolution date, like processing days of dossiers); the median is reported;
- yearly requirement (Law on Grassroots Democracy 10/2022/QH15, Art. 32): at least one dialogue
  *conference* (format ``conference``) per commune per year; informal formats (tea, Saturday,
  periodic, on demand) count as sessions but not as the conference. A target ``dialogue_sessions``
  (queries.targets) may ask for more sessions of any format in the year;
- before 1 July 2025 the duty was the communes' as they were: in today's units a year that ended
  before the merger is judged on them (``compliance``): a commune of today met it only when every
  commune it came from that existed in that year did, and ``missed`` lists those that did not;
- recurring topic: a topic raised in at least two different sessions of the same unit within the
  12 months up to the period's end.

Date arithmetic (days) is done in pandas after fetching, so SQLite and PostgreSQL agree.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import Connection, func, null, select, union_all

from dashboard.domain.periods import Period, add_months
from dashboard.domain.stats import rates
from dashboard.storage import settings
from dashboard.storage.schema import admin_unit, dialogue_session, petition, target
from queries import shared, statements
from queries import targets as targets_q
from queries.figures import Figure
from queries.on_time import peer_root
from queries.ranking import rank_league
from queries.statements import bound_date
from queries.units import (
    Scope,
    all_units,
    as_of_day,
    cached_units,
    check_unit_id,
    driver_date,
    in_ids,
    per_version,
    scope_ids,
    unit_tree,
)

TOPICS = (
    "land",
    "environment",
    "social_policy",
    "infrastructure",
    "procedures",
    "security",
    "other",
)
FORMATS = ("conference", "periodic", "on_demand", "tea", "saturday")
STATES = ("on_spot", "resolved", "open", "overdue")  # a partition, at a date
GROUPS = ("unit", "topic", "agency", "format")
FREQS = ("month", "quarter")
CONFERENCE = "conference"

COUNT_COLUMNS = [
    "sessions",
    "conferences",
    "petitions",
    "on_spot",
    "assigned",
    "resolved",
    "open",
    "overdue",
    "open_total",
    "backlog_overdue",
    "resolved_in_period",
]


class UnknownSession(LookupError):
    """A session code that is not in the database."""


# --- the overview's line (kept as it was) --------------------------------------------------


# --- fetching -------------------------------------------------------------------------------


def _scope_ids(conn: Connection, scope: Scope) -> list[int] | None:
    """Recorded unit ids of the scope; None when the scope is everything (no filter)."""
    return scope_ids(conn, scope.unit_code, scope.historical)


def _with_group(conn: Connection, df: pd.DataFrame, scope: Scope, at: int) -> pd.DataFrame:
    """Insert ``group_unit_id`` at column ``at``: the row's unit as it was (historical view) or
    the unit it is part of today (``admin_unit.current_unit_id``, None for a district). Looked
    up in the cached register rather than joined: PostgreSQL hashed all ~14,000 units for
    each fetch (~8 ms of a page's petitions)."""
    group = df["unit_id"]
    if not scope.historical:
        group = group.map(per_version(conn, _current_unit_of))
        if not group.isna().any():
            group = group.astype("int64")
    df.insert(at, "group_unit_id", group)
    return df


def _current_unit_of(conn: Connection) -> pd.Series:
    """Each unit's today's unit (``current_unit_id``), by id."""
    units = cached_units(conn, copy=False)
    return pd.Series(units["current_unit_id"].to_numpy(), index=units["id"].to_numpy())


def _to_date(s: pd.Series) -> pd.Series:
    """Dates as timestamps; a column that is timestamps already is kept (no parse). The
    format is given: SQLite's dates are ISO text (PostgreSQL's, dates), and guessing it per
    column cost ~3 ms for a province's ~1,200 petitions."""
    if pd.api.types.is_datetime64_any_dtype(s):
        return s
    return pd.to_datetime(s, format="%Y-%m-%d")


SESSION_COLUMNS = [
    "session_id",
    "session_code",
    "unit_id",
    "group_unit_id",
    "held_on",
    "format",
    "chaired_by",
    "participants",
]


_SCOPE = object()  # _sessions: the scope's own unit ids


def _sessions(
    conn: Connection,
    scope: Scope,
    start: date,
    end: date,
    ids=_SCOPE,  # noqa: ANN001
) -> pd.DataFrame:
    """Sessions held in [start, end] in the scope (or in the units ``ids``), one row each.
    The scope's are shared within a page (``shared.covered``)."""
    if ids is not _SCOPE:  # a compliance's units: the page's table and its map ask alike
        ids = None if ids is None else [int(i) for i in ids]
        return shared.once(
            conn,
            ("dialogue_sessions_of", scope, start, end, None if ids is None else tuple(ids)),
            lambda: _fetch_sessions(conn, scope, start, end, ids),
        )
    ids = _scope_ids(conn, scope)  # refuses a scope outside the user's, shared or not
    return shared.covered(
        conn,
        ("dialogue", "sessions", scope),
        (start, end),
        lambda span: _fetch_sessions(conn, scope, *span, ids),
        _sessions_in,
    )


def _sessions_in(sess: pd.DataFrame, span: tuple[date, date]) -> pd.DataFrame:
    """The sessions of a wider fetch held in ``span``: ``_fetch_sessions``'s condition."""
    ts0, ts1 = (pd.Timestamp(d) for d in span)
    return sess[(sess["held_on"] >= ts0) & (sess["held_on"] <= ts1)].reset_index(drop=True)


def _fetch_sessions(
    conn: Connection, scope: Scope, start: date, end: date, ids: list[int] | None
) -> pd.DataFrame:
    s = dialogue_session
    stmt = (
        select(
            s.c.id.label("session_id"),
            s.c.code.label("session_code"),
            s.c.unit_id,
            driver_date(s.c.held_on),
            s.c.format,
            s.c.chaired_by,
            s.c.participants,
        )
    ).where(s.c.held_on >= start, s.c.held_on <= end)
    if ids is not None:
        stmt = stmt.where(in_ids(conn, s.c.unit_id, ids))
    df = pd.DataFrame.from_records(
        list(map(tuple, conn.execute(stmt).all())),
        columns=[c for c in SESSION_COLUMNS if c != "group_unit_id"],
    )
    df = _with_group(conn, df, scope, SESSION_COLUMNS.index("group_unit_id"))
    df["held_on"] = _to_date(df["held_on"])
    df["participants"] = pd.to_numeric(df["participants"]).astype("int64")
    return df


PETITION_COLUMNS = [
    "petition_id",
    "session_id",
    "session_code",
    "unit_id",
    "group_unit_id",
    "held_on",
    "format",
    "seq",
    "topic",
    "summary",
    "answered_on_spot",
    "assigned_agency",
    "deadline",
    "resolved_on",
]


def _petitions(conn: Connection, scope: Scope, start: date, end: date) -> pd.DataFrame:
    """Petitions that matter for [start, end], classified at ``end`` (``_petition_rows``)."""
    return classify(_petition_rows(conn, scope, start, end), start, end)


def _petition_rows(
    conn: Connection, scope: Scope, start: date, end: date, reach: date | None = None
) -> pd.DataFrame:
    """Petitions that matter for [start, end], as stored (``PETITION_COLUMNS``, dates as
    timestamps).

    Fetched: petitions raised in the period, plus assigned petitions from earlier sessions that
    were still unresolved at its start (they may be resolved in it, or still overdue at its end).
    ``classify`` adds ``raised`` (held in the period), ``state`` at ``end``,
    ``resolved_in_period``, ``days_to_resolve``, ``days_overdue`` (at ``end``), ``days_late``
    (resolved after deadline). Without the summaries (``summary`` is None): a list adds those
    of the petitions it shows (``overdue_petitions``).
    Shared within a page (``shared.covered``): a fetch for a wider window answers a narrower one;
    ``reach``: fetched on to that day if fetched at all (``shared.covered``).
    """
    ids = _scope_ids(conn, scope)  # refuses a scope outside the user's, shared or not
    return shared.covered(
        conn,
        ("dialogue", "petitions", scope),
        (start, end),
        lambda span: _fetch_petition_rows(conn, scope, *span, ids),
        _petition_rows_in,
        reach,
    )


def _petition_rows_in(pet: pd.DataFrame, span: tuple[date, date]) -> pd.DataFrame:
    """The rows of a wider fetch (``_petition_rows``) that matter for ``span``: the fetch's
    own condition, on the rows (held in it, or assigned earlier and unresolved at its start)."""
    keep = _kept(*_arrays(pet, "held_on", "resolved_on", "answered_on_spot"), span)
    return pet[keep].reset_index(drop=True)  # the fetch's columns (PETITION_COLUMNS)


def _arrays(pet: pd.DataFrame, *columns: str) -> list[np.ndarray]:
    """Petition columns as arrays: dates as datetime64, answered on the spot as bool."""
    return [
        pet[c].to_numpy(dtype=bool) if c == "answered_on_spot" else _to_date(pet[c]).to_numpy()
        for c in columns
    ]


def _kept(
    held: np.ndarray, resolved: np.ndarray, spot: np.ndarray, span: tuple[date, date]
) -> np.ndarray:
    """``_petition_rows_in``'s condition on arrays: held in ``span``, or held before it,
    assigned, and not resolved before it started."""
    ts0, ts1 = (np.datetime64(d) for d in span)
    carried = ~spot & (np.isnat(resolved) | (resolved >= ts0))
    return (held <= ts1) & ((held >= ts0) | carried)


def _fetch_petition_rows(
    conn: Connection, scope: Scope, start: date, end: date, ids: list[int] | None
) -> pd.DataFrame:
    # Built once per scope (``statements.built``), run with the window's dates: building and
    # looking up the union of three parts cost ~4 ms a fetch.
    shape = ("dialogue_petitions", None if ids is None else tuple(ids))
    stmt = statements.built(conn, shape, lambda: _petition_statement(conn, ids))
    rows = conn.execute(stmt, {"start": start, "end": end}).all()
    names = [c for c in PETITION_COLUMNS if c != "group_unit_id"]
    # Framed a column at a time, the dates parsed by numpy once here (not once per period
    # classified): records framed and then parsed cost ~3 ms for a province's ~1,200.
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    data = {
        name: _date_array(values) if name in _PETITION_DATES else list(values)
        for name, values in zip(names, columns, strict=True)
    }
    df = pd.DataFrame(data, columns=names)
    return _with_group(conn, df, scope, PETITION_COLUMNS.index("group_unit_id"))


_PETITION_DATES = ("held_on", "deadline", "resolved_on")


def _date_array(values) -> np.ndarray:  # noqa: ANN001 - ISO text (SQLite) or dates, None
    """The driver's dates as datetime64 (NaT for None), as ``_to_date`` makes them of a
    column; numpy parses the driver's None, not a text column's NaN, hence two. PostgreSQL's
    ``date`` objects go by their ordinals: numpy converts each object on its own (~1.3 µs a
    date, ~8 ms for a province's petitions at 10M; 0.3 ms so)."""
    first = next((v for v in values if v is not None), None)
    if not isinstance(first, date):
        return np.array(values, dtype="datetime64[D]").astype("datetime64[us]")
    none = -(1 << 62)
    days = np.fromiter(
        (none if v is None else v.toordinal() - _EPOCH_ORDINAL for v in values),
        dtype=np.int64,
        count=len(values),
    )
    out = days.astype("datetime64[D]")
    out[days == none] = np.datetime64("NaT")
    return out.astype("datetime64[us]")


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def _petition_statement(conn: Connection, ids: list[int] | None):  # noqa: ANN202 - a statement
    """``_fetch_petition_rows``' statement, run with :start and :end."""
    s, p = dialogue_session, petition
    start, end = bound_date("start"), bound_date("end")
    columns = select(
        p.c.id.label("petition_id"),
        s.c.id.label("session_id"),
        s.c.code.label("session_code"),
        s.c.unit_id,
        driver_date(s.c.held_on),
        s.c.format,
        p.c.seq,
        p.c.topic,
        null().label("summary"),
        p.c.answered_on_spot,
        p.c.assigned_agency,
        driver_date(p.c.deadline),
        driver_date(p.c.resolved_on),
    ).select_from(p.join(s, s.c.id == p.c.session_id))
    # Disjoint parts, each read through its own index: the sessions held in the period
    # (ix_dialogue_unit_date), and the petitions carried from earlier ones, assigned and not
    # resolved before the period (ix_petition_carried): still open, or resolved since its
    # start. One condition with an OR walked every session of the scope back to the first (a
    # quarter: 317 petitions, 10.8 ms at 10M); on the carried ones SQLite read the whole
    # index, every assigned petition ever (11,184 at 1M dossiers), not its two ranges.
    # The carried parts test the unit and the day through expressions no index of sessions
    # serves, so that SQLite (without statistics) starts from the few carried petitions.
    held = columns.where(s.c.held_on >= start, s.c.held_on <= end)
    carried = [
        columns.where(
            func.coalesce(s.c.held_on, s.c.held_on) < start,
            p.c.answered_on_spot.is_(False),
            still,
        )
        for still in (p.c.resolved_on.is_(None), p.c.resolved_on >= start)
    ]
    if ids is not None:
        held = held.where(in_ids(conn, s.c.unit_id, ids))
        carried = [c.where(in_ids(conn, s.c.unit_id + 0, ids)) for c in carried]
    return union_all(held, *carried)


def _days_between(a: np.ndarray, b: np.ndarray, where: np.ndarray) -> np.ndarray:
    """Whole days ``a − b`` (datetime64 arrays) where ``where`` holds, NaN elsewhere."""
    d = (a - b).astype("timedelta64[D]").astype("float64")
    d[~where] = np.nan
    return d


def classify(df: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """Add the state at ``end`` and the day counts to petition rows (see the module doc).

    Computed on arrays and added in one step: a page classifies its petitions for three
    periods, and a column-by-column frame costs more than the rows it holds."""
    cols = {c: df[c] for c in df.columns}
    for c in ("held_on", "deadline", "resolved_on"):
        cols[c] = _to_date(df[c])
    spot = df["answered_on_spot"].astype(bool)
    cols["answered_on_spot"] = spot
    held, deadline, resolved = (cols[c].to_numpy() for c in ("held_on", "deadline", "resolved_on"))
    states = _states(held, deadline, resolved, spot.to_numpy(), start, end)
    states["state"] = pd.Series(states["state"], index=df.index, dtype="object")
    return pd.DataFrame(cols | states, index=df.index)


def _states(
    held: np.ndarray,
    deadline: np.ndarray,
    resolved: np.ndarray,
    spot: np.ndarray,
    start: date,
    end: date,
) -> dict[str, np.ndarray]:
    """``classify``'s columns on arrays (datetime64 dates, bool ``spot``): the state at
    ``end`` (today's while the period runs), raised in the period, assigned, resolved in it,
    and the day counts."""
    ts_start, ts_end = np.datetime64(start), np.datetime64(end)
    ts_state = np.datetime64(as_of_day(end))  # the state while the period runs: today's
    done = ~np.isnat(resolved) & (resolved <= ts_state) & ~spot
    late = ~spot & ~done & ~np.isnat(deadline) & (deadline < ts_state)
    state = np.full(len(held), "open", dtype=object)
    state[spot] = "on_spot"
    state[done] = "resolved"
    state[late] = "overdue"
    return {
        "state": state,
        "raised": (held >= ts_start) & (held <= ts_end),
        "assigned": ~spot,
        "resolved_in_period": done & (resolved >= ts_start),
        "days_to_resolve": _days_between(resolved, held, done),
        "days_overdue": _days_between(np.full_like(deadline, ts_state), deadline, late),
        "days_late": _days_between(resolved, deadline, done & (resolved > deadline)),
    }


def _dates_out(df: pd.DataFrame, cols) -> pd.DataFrame:
    """Timestamps back to plain dates (None where missing) for display and JSON."""
    for c in cols:
        if c in df:
            df[c] = [None if pd.isna(v) else v.date() for v in df[c]]
    return df


# --- counts -------------------------------------------------------------------------------


def _tally(pos: np.ndarray, n: int, weights=None) -> np.ndarray:  # noqa: ANN001
    """Rows per position 0..n−1 (``weights`` summed instead when given); −1 counts nowhere."""
    ok = pos >= 0
    w = None if weights is None else np.asarray(weights)[ok]
    return np.bincount(pos[ok], weights=w, minlength=n).astype("int64")


def _count_by(index: pd.Index, keys: pd.Series, weights=None, distinct=None) -> np.ndarray:  # noqa: ANN001
    """Per entry of ``index``: rows whose key is it (``weights`` summed instead when given),
    or the distinct values of ``distinct`` among them. Rows without a key count nowhere."""
    pos = index.get_indexer(keys)
    if distinct is None:
        return _tally(pos, len(index), weights)
    ok = pos >= 0
    ids = np.asarray(distinct, dtype="int64")[ok]
    width = int(ids.max(initial=0)) + 1
    pairs = np.unique(pos[ok] * width + ids)  # each (key, id) once
    return _tally(pairs // width, len(index))


def _flags(pet: pd.DataFrame | dict) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Per petition, what each count counts (``_aggregate``'s columns), and the days to
    resolve of those resolved in the period (NaN for the others)."""
    state = np.asarray(pet["state"])
    raised = np.asarray(pet["raised"], dtype=bool)
    in_period = np.asarray(pet["resolved_in_period"], dtype=bool)
    flags = {
        "petitions": raised,
        "on_spot": raised & (state == "on_spot"),
        "assigned": raised & np.asarray(pet["assigned"], dtype=bool),
        "resolved": raised & (state == "resolved"),
        "open": raised & (state == "open"),
        "overdue": raised & (state == "overdue"),
        "backlog_overdue": state == "overdue",
        "resolved_in_period": in_period,
    }
    days = np.where(in_period, np.asarray(pet["days_to_resolve"], dtype="float64"), np.nan)
    return flags, days


def _sums(sessions: int, conferences: int, flags: dict, days: np.ndarray) -> dict:
    """The one-row counts (``_aggregate`` without a key) as a dict of numbers."""
    out = {"sessions": sessions, "conferences": conferences}
    out |= {c: int(v.sum()) for c, v in flags.items()}
    has = ~np.isnan(days)
    out["median_days"] = float(np.median(days[has])) if has.any() else np.nan
    out["open_total"] = out["open"] + out["overdue"]
    share = rates(np.array([out["on_spot"] + out["resolved"]]), np.array([out["petitions"]]))
    out["resolved_share"] = float(share[0])
    return out


def _aggregate(sess: pd.DataFrame, pet: pd.DataFrame, key: str | None) -> pd.DataFrame:
    """Counts per ``key`` (a column of both frames) or one row for everything.

    Counted on arrays: the headline aggregates three periods and the page four groupings, and
    pandas' per-group steps cost more than the few thousand petitions they count."""
    flags, days = _flags(pet)
    raised = flags["petitions"]
    conf = sess["format"].to_numpy() == CONFERENCE
    if key is None:
        return pd.DataFrame(
            {k: [v] for k, v in _sums(len(sess), int(conf.sum()), flags, days).items()}
        )
    by_sess = key in sess
    s_keys = sess[key] if by_sess else pet[key][raised]
    index = pd.Index(pd.concat([s_keys, pet[key]]).dropna().unique()).sort_values()
    cols = {key: index}
    if by_sess:
        cols["sessions"] = _count_by(index, s_keys)
        cols["conferences"] = _count_by(index, s_keys, weights=conf)
    else:  # topic, agency: the sessions where it came up
        sid = pet["session_id"][raised]
        cols["sessions"] = _count_by(index, s_keys, distinct=sid)
        at_conf = pet["format"].to_numpy()[raised] == CONFERENCE
        cols["conferences"] = _count_by(index, s_keys[at_conf], distinct=sid[at_conf])
    cols |= {c: _count_by(index, pet[key], weights=v) for c, v in flags.items()}
    codes = index.get_indexer(pet[key])
    has = (codes >= 0) & ~np.isnan(days)
    median = pd.Series(days[has]).groupby(codes[has]).median()
    cols["median_days"] = median.reindex(range(len(index))).to_numpy(dtype="float64")
    cols["open_total"] = cols["open"] + cols["overdue"]
    cols["resolved_share"] = rates(cols["on_spot"] + cols["resolved"], cols["petitions"])
    return pd.DataFrame(cols)


def counts(conn: Connection, period: Period, scope: Scope, by: str | None = None) -> pd.DataFrame:
    """Sessions and petitions in the period, one row per group (or one row when ``by`` is None).

    ``by``: unit (``unit_id``: today's unit, or as it was), topic, agency (``assigned_agency``)
    or format. Columns: sessions, conferences, petitions, on_spot, assigned, resolved, open,
    overdue, open_total, resolved_share (petitions raised in the period, state at its end);
    backlog_overdue (any period, at its end); resolved_in_period and median_days (by
    resolution date). For topic and agency, sessions are those where the group came up.
    """
    if by not in (None, *GROUPS):
        raise ValueError(f"by must be one of {GROUPS}")
    sess = _sessions(conn, scope, period.start, period.end)
    pet = _petitions(conn, scope, period.start, period.end)
    return _grouped(sess, pet, by)


def breakdowns(conn: Connection, period: Period, scope: Scope) -> dict[str, pd.DataFrame]:
    """``counts`` for the whole scope ("total"), by topic and by agency, from one fetch of the
    sessions and petitions (the page shows all three)."""
    sess = _sessions(conn, scope, period.start, period.end)
    pet = _petitions(conn, scope, period.start, period.end)
    return {
        "total": _grouped(sess, pet, None),
        "topic": _grouped(sess, pet, "topic"),
        "agency": _grouped(sess, pet, "agency"),
    }


def _grouped(sess: pd.DataFrame, pet: pd.DataFrame, by: str | None) -> pd.DataFrame:
    key = {"unit": "group_unit_id", "agency": "assigned_agency"}.get(by, by)
    df = _aggregate(sess, pet, key)
    if by == "unit":
        df = df.rename(columns={"group_unit_id": "unit_id"})
        df["unit_id"] = df["unit_id"].astype("int64")
    if by == "topic":
        order = {t: i for i, t in enumerate(TOPICS)}
        df = df.sort_values("topic", key=lambda s: s.map(order).fillna(99)).reset_index(drop=True)
    if by == "agency":
        df = df.sort_values(["assigned", "assigned_agency"], ascending=[False, True]).reset_index(
            drop=True
        )
    return df


def period_row(conn: Connection, period: Period, scope: Scope) -> dict:
    """The headline's figures of one period alone (``headline``'s ``now``, without the
    previous period and last year): what a directive's current value reads."""
    sess = _sessions(conn, scope, period.start, period.end)
    pet = _petition_rows(conn, scope, period.start, period.end)
    return _totals(sess, pet, period.start, period.end)


def _totals(sess: pd.DataFrame, pet: pd.DataFrame, start: date, end: date) -> dict:
    """The one-row counts of [start, end] (``_grouped(sess, pet, None)``'s row, as a dict,
    of its sessions and classified petitions: ``_sessions_in``, ``_petition_rows_in``,
    ``classify``) from a wider fetch, on arrays alone: the headline counts three periods, and
    narrowing, classifying and framing them cost more than the counting."""
    held, deadline, resolved, spot = _arrays(
        pet, "held_on", "deadline", "resolved_on", "answered_on_spot"
    )
    keep = _kept(held, resolved, spot, (start, end))
    flags, days = _flags(
        _states(held[keep], deadline[keep], resolved[keep], spot[keep], start, end)
    )
    s_held = sess["held_on"].to_numpy()
    in_span = (s_held >= np.datetime64(start)) & (s_held <= np.datetime64(end))
    conferences = int((sess["format"].to_numpy()[in_span] == CONFERENCE).sum())
    return _sums(int(in_span.sum()), conferences, flags, days)


def headline_window(period: Period) -> Period:
    """The rows the headline reads: from the earliest of the period, the one before and the
    same period last year, to the period's end. A page showing the headline says so first
    (``shared.expect``), so that an earlier, narrower fetch of the petitions (who holds what
    is late, at the period's end) reaches that far and the headline's is answered from it."""
    periods = (period, period.previous(), period.same_period_last_year())
    return Period(min(p.start for p in periods), period.end, "custom")


def headline(conn: Connection, period: Period, scope: Scope) -> dict[str, Figure]:
    """The page's cards: sessions, petitions, resolved share, backlog overdue and median days,
    each with the previous period and the same period last year. Two figures name what they
    count: ``backlog_overdue`` (open past their deadline at the period's end, whenever raised)
    and ``overdue_raised`` / ``open_raised`` (among the period's own petitions: overdue, still
    open, at its end)."""
    periods = (period, period.previous(), period.same_period_last_year())
    first = headline_window(period).start
    sess_all = _sessions(conn, scope, first, period.end)
    pet_all = _petition_rows(conn, scope, first, period.end)  # a superset for each period
    now, prev, ly = (_totals(sess_all, pet_all, p.start, p.end) for p in periods)
    now["resolved_total"] = now["on_spot"] + now["resolved"]

    def val(row, col):
        v = row[col]
        return None if pd.isna(v) else float(v)

    out = {}
    for metric, col, num, ncol, kind, rows in (
        ("sessions", "sessions", "sessions", None, "count", "dialogue"),
        ("petitions", "petitions", "petitions", None, "count", "dialogue"),
        ("resolved_share", "resolved_share", "resolved_total", "petitions", "pct", None),
        ("backlog_overdue", "backlog_overdue", "backlog_overdue", None, "count", "dialogue"),
        ("open_raised", "open_total", "open_total", "petitions", "count", "dialogue"),
        ("overdue_raised", "overdue", "overdue", "petitions", "count", "dialogue"),
        ("median_days", "median_days", None, "resolved_in_period", "days", None),
    ):
        out[metric] = Figure(
            metric=metric,
            value=val(now, col),
            n=int(now[ncol or col]),
            previous=val(prev, col),
            last_year=val(ly, col),
            target=None,
            status=None,
            few=False,
            numerator=None if num is None else int(now[num]),
            denominator=None if ncol is None else int(now[ncol]),
            kind=kind,
            rows=rows,
            label_key=f"fig_{metric}" if metric.endswith("_raised") else f"dlg_{metric}",
        )
    return out


# --- units ---------------------------------------------------------------------------------


def _communes(
    units: pd.DataFrame, ids: list[int] | None, historical: bool, start: date, end: date
) -> pd.DataFrame:
    """Communes a scope shows: today's (records roll up to them) or, in the historical view,
    those that existed at some point in [start, end]."""
    # Masks on arrays, then one take of the four columns: filtering the whole frame step by
    # step copied its 17 columns of some 14,000 units each time (~5 ms a call).
    keep = units["level"].to_numpy() == "commune"
    if ids is not None:
        keep &= units["id"].isin(ids).to_numpy()
    if historical:
        vf = pd.to_datetime(units["valid_from"][keep])
        vt = pd.to_datetime(units["valid_to"][keep])
        keep[keep] = (
            (vf <= pd.Timestamp(end)) & (vt.isna() | (vt >= pd.Timestamp(start)))
        ).to_numpy()
    else:
        keep &= units["valid_to"].isna().to_numpy()
    return pd.DataFrame(
        {
            "unit_id": units["id"].to_numpy()[keep].astype("int64"),
            **{c: units[c].array[keep] for c in ("code", "name", "parent_name")},
        }
    )


def _names(units: pd.DataFrame) -> pd.DataFrame:
    return (
        units[["id", "code", "name", "parent_name"]]
        .rename(columns={"id": "unit_id"})
        .assign(unit_id=lambda d: d["unit_id"].astype("int64"))
    )


def league(conn: Connection, period: Period, scope: Scope) -> pd.DataFrame:
    """Peer communes (those of the scope's province, today's or as they were) with sessions,
    petitions, resolved share (``resolved_total`` = on the spot + resolved, of ``petitions``)
    and backlog overdue, ranked by resolved share through ``queries.ranking.rank_league``
    (ranks shared on ties, rank intervals and bands; fewer petitions than
    OVERSIGHT_MIN_PETITIONS: no rank). Communes without petitions in the period are listed,
    unranked, at the bottom (held none: the first question).
    """
    peers = replace(scope, unit_code=peer_root(conn, scope))
    units = all_units(conn)
    ids = _scope_ids(conn, peers)
    base = _communes(units, ids, scope.historical, period.start, period.end)
    df = counts(conn, period, peers, by="unit")
    df = base.merge(df, on="unit_id", how="left")
    for c in COUNT_COLUMNS:
        df[c] = df[c].fillna(0).astype("int64")
    df["resolved_total"] = df["on_spot"] + df["resolved"]
    return rank_league(
        df,
        "resolved_total",
        "petitions",
        "resolved_share",
        int(settings.get("OVERSIGHT_MIN_PETITIONS")),
        tie_breaks=[("backlog_overdue", True), ("name", True)],
    )


# --- compliance with the yearly requirement ------------------------------------------------


def _targets_for_units(
    conn: Connection, metric: str, year: int, unit_ids: list[int], units: pd.DataFrame
) -> dict[int, targets_q.Target]:
    """queries.targets.target_for for many units at once: own target, else a predecessor's,
    else the parent's (and its predecessors'), up the chain (``targets.candidates``)."""
    rows = conn.execute(
        select(target.c.unit_id, target.c.value, target.c.watch_margin).where(
            target.c.metric == metric, target.c.year == year
        )
    ).all()
    if not rows:
        return {}
    by_unit = {r[0]: (float(r[1]), float(r[2])) for r in rows}
    tree = unit_tree(conn)
    found: dict[int, targets_q.Target] = {}
    for uid in unit_ids:
        hit = next((c for c in targets_q.candidates(tree, int(uid)) if c in by_unit), None)
        if hit is not None:
            v, m = by_unit[hit]
            found[int(uid)] = targets_q.Target(metric, year, v, m, tree.node(hit).code)
    return found


def compliance(
    conn: Connection, year: int, scope: Scope, as_of: date | None = None
) -> pd.DataFrame:
    """Each commune of the scope against the yearly requirement, counting sessions held from
    1 January up to ``as_of`` (default 31 December; never past today, ``as_of_day``).

    Columns: unit_id, code, name, parent_name, conferences, sessions, target (the
    dialogue_sessions target, if any), required (max(1, target)), met_floor (≥ 1 conference),
    met, status:
      good  — at least one conference and as many sessions as required;
      watch — not (yet) met while the year is still running, or sessions short of the target
              within its watch margin;
      bad   — the year is over and no conference was held (informal sessions do not count),
              or sessions fell short of the target by more than its watch margin.
    Worst first: communes without a conference, then fewest sessions.

    In today's units, a year that ended before 1 July 2025 is judged on the communes as they
    were (Law 10/2022 put the duty on them): a commune of today is met only when every commune
    it came from that existed in the year met it; its counts are their sums and ``missed``
    lists the codes of those that did not (``missed_names`` their names), worst status first.
    ``missed`` is empty for a commune judged on itself.

    Computed once per page for the same arguments (``shared.once``): the dialogue page's
    table and its map show the same communes.
    """
    return shared.once(
        conn,
        ("dialogue_compliance", year, scope, as_of),
        lambda: _compliance_of(conn, year, scope, as_of),
    )


def _compliance_of(conn: Connection, year: int, scope: Scope, as_of: date | None) -> pd.DataFrame:
    end = date(year, 12, 31)
    # Never judged past today: a year still running is not over on 31 December's date.
    as_of = as_of_day(min(as_of or end, end))
    units = all_units(conn)
    ids = _scope_ids(conn, scope)
    if not scope.historical and end < MERGER:
        return _compliance_as_they_were(conn, year, scope, ids, as_of, units)
    df = _compliance(conn, year, scope, ids, as_of, units, scope.historical)
    df["missed"] = [[] for _ in range(len(df))]
    df["missed_names"] = [[] for _ in range(len(df))]
    return _worst_first(df)


MERGER = date(2025, 7, 1)  # two tiers from here; the communes before it had their own duty
_ORDER = {"bad": 0, "watch": 1, "good": 2}


def _worst_first(df: pd.DataFrame) -> pd.DataFrame:
    df = df.sort_values(
        ["met_floor", "status", "sessions", "name"],
        key=lambda s: s.map(_ORDER) if s.name == "status" else s,
    )
    return df.reset_index(drop=True)


def _compliance_as_they_were(
    conn: Connection, year: int, scope: Scope, ids: list[int] | None, as_of: date, units
) -> pd.DataFrame:
    """Today's communes, each judged on the communes it came from as they were in ``year``."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    old = _compliance(conn, year, scope, ids, as_of, units, historical=True)
    cur_of = dict(zip(units["id"].astype("int64"), units["current_unit_id"], strict=True))
    old["today_id"] = [cur_of.get(int(u)) for u in old["unit_id"]]
    today = _communes(units, ids, False, start, end)
    rows = []
    for r in today.itertuples(index=False):
        came = old[old["today_id"] == r.unit_id]
        if came.empty:  # no commune of that year went into it: nothing held, nothing owed
            continue
        short = came[came["status"] != "good"].sort_values(
            ["status", "name"], key=lambda s: s.map(_ORDER) if s.name == "status" else s
        )
        worst = min(came["status"], key=lambda v: _ORDER[v])
        rows.append(
            dict(
                unit_id=r.unit_id,
                code=r.code,
                name=r.name,
                parent_name=r.parent_name,
                conferences=int(came["conferences"].sum()),
                sessions=int(came["sessions"].sum()),
                target=came["target"].max(),
                required=float(came["required"].sum()),
                met_floor=bool(came["met_floor"].all()),
                met=bool(came["met"].all()),
                status=worst,
                year=year,
                as_of=as_of,
                missed=short["code"].tolist(),
                missed_names=short["name"].tolist(),
            )
        )
    cols = [*old.columns.drop("today_id"), "missed", "missed_names"]
    return _worst_first(pd.DataFrame(rows, columns=cols))


def _compliance(
    conn: Connection,
    year: int,
    scope: Scope,
    ids: list[int] | None,
    as_of: date,
    units,  # noqa: ANN001
    historical: bool,
) -> pd.DataFrame:
    """Each commune of ``ids`` (today's, or those of the year as they were) against the yearly
    requirement; see ``compliance``."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    year_over = as_of >= end
    base = _communes(units, ids, historical, start, end)
    sess = _sessions(conn, replace(scope, historical=historical), start, as_of, ids=ids)
    # Counted on arrays (``_count_by``): a groupby and a merge cost more than the year's few
    # hundred sessions.
    index = pd.Index(base["unit_id"])
    keys = sess["group_unit_id"]
    conf = (sess["format"] == CONFERENCE).to_numpy()
    df = base.assign(
        sessions=_count_by(index, keys), conferences=_count_by(index, keys, weights=conf)
    )
    tmap = _targets_for_units(conn, "dialogue_sessions", year, df["unit_id"].tolist(), units)
    df["target"] = [tmap[u].value if u in tmap else float("nan") for u in df["unit_id"]]
    df["required"] = [max(1.0, tmap[u].value) if u in tmap else 1.0 for u in df["unit_id"]]
    df["met_floor"] = df["conferences"] >= 1
    df["met"] = df["met_floor"] & (df["sessions"] >= df["required"])
    status = []
    for u, met, floor, n_s in zip(
        df["unit_id"], df["met"], df["met_floor"], df["sessions"], strict=True
    ):
        if met:
            status.append("good")
        elif not year_over:
            status.append("watch")
        elif not floor:
            status.append("bad")
        else:
            status.append(targets_q.status(float(n_s), tmap.get(u)) or "bad")
    df["status"] = status
    df["year"] = year
    df["as_of"] = as_of
    return df


# --- recurring topics, overdue list, trend ------------------------------------------------


def recurring_topics(
    conn: Connection, as_of: date, scope: Scope, months: int = 12, min_sessions: int = 2
) -> pd.DataFrame:
    """Topics raised in at least ``min_sessions`` different sessions of the same unit within
    the ``months`` months up to ``as_of`` (held after the same day ``months`` earlier).

    Columns: unit_id, code, name, topic, sessions, petitions, open_total (not resolved at
    ``as_of``), first_raised, last_raised; most sessions first.
    """
    start = add_months(as_of, -months) + timedelta(days=1)
    pet = _petitions(conn, scope, start, as_of)
    pet = pet[pet["raised"]]
    cols = [
        "unit_id",
        "code",
        "name",
        "topic",
        "sessions",
        "petitions",
        "open_total",
        "first_raised",
        "last_raised",
    ]
    if pet.empty:
        return pd.DataFrame(columns=cols)
    g = _by_unit_and_topic(pet)
    g = g[g["sessions"] >= min_sessions].rename(columns={"group_unit_id": "unit_id"})
    g["unit_id"] = g["unit_id"].astype("int64")
    g = g.merge(_names(all_units(conn)), on="unit_id", how="left")
    g = g.sort_values(
        ["sessions", "petitions", "open_total", "name"], ascending=[False, False, False, True]
    )
    return _dates_out(g[cols].reset_index(drop=True), ["first_raised", "last_raised"])


def _by_unit_and_topic(pet: pd.DataFrame) -> pd.DataFrame:
    """Per (group_unit_id, topic), in that order: sessions (distinct), petitions, open_total
    (open or overdue), first_raised and last_raised. On arrays: a named groupby aggregation
    cost more than the year's few thousand petitions."""
    units, unit_values = pd.factorize(pet["group_unit_id"], sort=True)
    topics, topic_values = pd.factorize(pet["topic"], sort=True)
    ok = (units >= 0) & (topics >= 0)
    width = len(topic_values)
    keys, pos = np.unique((units * width + topics)[ok], return_inverse=True)
    n = len(keys)
    sid = pet["session_id"].to_numpy(dtype="int64")[ok]
    span = int(sid.max(initial=0)) + 1
    is_open = pet["state"].isin(["open", "overdue"]).to_numpy()[ok]
    held = pet["held_on"].to_numpy(dtype="datetime64[ns]")[ok].view("int64")
    first = np.full(n, np.iinfo("int64").max)
    last = np.full(n, np.iinfo("int64").min)
    np.minimum.at(first, pos, held)
    np.maximum.at(last, pos, held)
    return pd.DataFrame(
        {
            "group_unit_id": unit_values[keys // width],
            "topic": topic_values[keys % width],
            "sessions": _tally(np.unique(pos * span + sid) // span, n),
            "petitions": _tally(pos, n),
            "open_total": _tally(pos, n, weights=is_open),
            "first_raised": first.view("datetime64[ns]"),
            "last_raised": last.view("datetime64[ns]"),
        }
    )


OVERDUE_COLUMNS = [
    "session_code",
    "seq",
    "unit_id",
    "code",
    "name",
    "held_on",
    "format",
    "topic",
    "summary",
    "assigned_agency",
    "deadline",
    "days_overdue",
]


def overdue_petitions(
    conn: Connection, as_of: date, scope: Scope, limit: int = 500
) -> pd.DataFrame:
    """Petitions open past their deadline at ``as_of``, from any session held up to then,
    with the agency responsible and days overdue; worst first (then oldest session).
    ``unit_id``/``code``/``name``: the unit in the scope's view (today's or as it was)."""
    # The rows the page's other figures read (``shared.covered``: the headline's wider
    # fetch answers this day), with the summaries of the petitions listed only: a fetch of
    # their own, with the texts, read the day's rows a second time.
    pet = _petitions(conn, scope, as_of, as_of)
    pet = pet[pet["state"] == "overdue"]
    if pet.empty:
        return pd.DataFrame(columns=OVERDUE_COLUMNS)
    pet = pet.drop(columns=["unit_id"]).rename(columns={"group_unit_id": "unit_id"})
    pet["unit_id"] = pet["unit_id"].astype("int64")
    pet = pet.merge(_names(all_units(conn)), on="unit_id", how="left")
    pet["days_overdue"] = pet["days_overdue"].astype("int64")
    pet = pet.sort_values(
        ["days_overdue", "held_on", "session_code", "seq"], ascending=[False, True, True, True]
    ).head(limit)
    listed = [int(i) for i in pet["petition_id"]]
    summaries = dict(
        conn.execute(
            select(petition.c.id, petition.c.summary).where(in_ids(conn, petition.c.id, listed))
        ).all()
    )
    pet["summary"] = [summaries.get(i) for i in listed]
    return _dates_out(pet[OVERDUE_COLUMNS].reset_index(drop=True), ["held_on", "deadline"])


def _bucket_of(ts: pd.Series, first: pd.Period, freq: str, n: int) -> np.ndarray:
    """The position of each timestamp's month or quarter among the ``n`` from ``first``;
    -1 for missing dates or those outside."""
    months = ts.to_numpy().astype("datetime64[M]").astype("int64")
    pos = months - (first.year - 1970) * 12 - (first.month - 1)
    if freq == "quarter":
        pos = pos // 3
    pos[np.isnat(ts.to_numpy()) | (pos < 0) | (pos >= n)] = -1
    return pos


def trend_window(period: Period, freq: str = "month") -> Period:
    """The window the page's trend shows: 24 months or 12 quarters up to the period's end,
    whole buckets."""
    end_month = date(period.end.year, period.end.month, 1)
    if freq == "quarter":
        start = add_months(date(end_month.year, 3 * ((end_month.month - 1) // 3) + 1, 1), -33)
    else:
        start = add_months(end_month, -23)
    return Period(start, period.end, "custom")


def trend(conn: Connection, period: Period, scope: Scope, freq: str = "month") -> pd.DataFrame:
    """Sessions (and conferences) held and petitions raised per month or quarter of the
    period, with the assigned petitions resolved in each (by resolution date) and those raised
    in it still unresolved at the period's end. Every bucket appears, empty ones with zeros, so
    the series does not break at 1 July 2025 (records roll up through the lineage)."""
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {FREQS}")
    sess = _sessions(conn, scope, period.start, period.end)
    pet = _petitions(conn, scope, period.start, period.end)
    buckets = pd.period_range(
        pd.Timestamp(period.start), pd.Timestamp(period.end), freq="M" if freq == "month" else "Q"
    )
    n = len(buckets)
    first = pd.Period(pd.Timestamp(period.start), freq="M")
    if freq == "quarter":  # quarters counted from the first quarter's first month
        first = pd.Period(buckets[0].start_time, freq="M")
    held = _bucket_of(sess["held_on"], first, freq, n)
    raised = pet["raised"].to_numpy(dtype=bool)
    state = pet["state"].to_numpy()
    at = np.where(raised, _bucket_of(pet["held_on"], first, freq, n), -1)
    done = np.where(
        pet["resolved_in_period"].to_numpy(dtype=bool),
        _bucket_of(pet["resolved_on"], first, freq, n),
        -1,
    )
    return pd.DataFrame(
        {
            "bucket": [b.date() for b in buckets.start_time],
            "sessions": _tally(held, n),
            "conferences": _tally(held, n, sess["format"].to_numpy() == CONFERENCE),
            "petitions": _tally(at, n),
            "on_spot": _tally(at, n, state == "on_spot"),
            "open_total": _tally(at, n, (state == "open") | (state == "overdue")),
            "resolved_in_period": _tally(done, n),
        }
    )


# --- sessions and their petitions (the drill-down) ----------------------------------------


def sessions(conn: Connection, period: Period, scope: Scope) -> pd.DataFrame:
    """Sessions held in the period in the scope, newest first, with their petitions' states at
    the period's end. Columns: session_code, held_on, format, chaired_by, participants,
    unit_id/code/name (the unit as filed), petitions, on_spot, resolved, open, overdue."""
    sess = _sessions(conn, scope, period.start, period.end)
    cols = [
        "session_code",
        "held_on",
        "format",
        "chaired_by",
        "participants",
        "unit_id",
        "code",
        "name",
        "petitions",
        *STATES,
    ]
    if sess.empty:
        return pd.DataFrame(columns=cols)
    pet = _petitions(conn, scope, period.start, period.end)
    pet = pet[pet["raised"]]
    st = pd.crosstab(pet["session_id"], pet["state"]).reindex(columns=list(STATES), fill_value=0)
    st["petitions"] = st.sum(axis=1)
    df = sess.merge(st, left_on="session_id", right_index=True, how="left")
    for c in ("petitions", *STATES):
        df[c] = df[c].fillna(0).astype("int64")
    df["unit_id"] = df["unit_id"].astype("int64")
    df = df.merge(_names(all_units(conn)), on="unit_id", how="left")
    df = df.sort_values(["held_on", "session_code"], ascending=[False, True])
    return _dates_out(df[cols].reset_index(drop=True), ["held_on"])


def session_info(conn: Connection, code: str) -> dict:
    """One session's header: code, held_on, format, chaired_by, participants, unit code and
    name. Raises UnknownSession."""
    s = dialogue_session
    row = (
        conn.execute(
            select(
                s.c.code,
                s.c.held_on,
                s.c.format,
                s.c.chaired_by,
                s.c.participants,
                admin_unit.c.code.label("unit_code"),
                admin_unit.c.name.label("unit_name"),
                s.c.unit_id,
            )
            .join(admin_unit, admin_unit.c.id == s.c.unit_id)
            .where(s.c.code == code)
        )
        .mappings()
        .first()
    )
    if row is None:
        raise UnknownSession(code)
    check_unit_id(conn, row["unit_id"])  # a session code from a URL
    out = dict(row)
    out.pop("unit_id")
    out["held_on"] = pd.Timestamp(out["held_on"]).date()
    return out


def session_petitions(conn: Connection, code: str, as_of: date) -> pd.DataFrame:
    """The petitions of one session with their state at ``as_of``: seq, topic, summary,
    answered_on_spot, assigned_agency, deadline, resolved_on (None if after ``as_of``, as it
    was not known then), state, days_to_resolve, days_overdue, days_late."""
    info = session_info(conn, code)
    s, p = dialogue_session, petition
    rows = (
        conn.execute(
            select(
                p.c.id.label("petition_id"),
                s.c.id.label("session_id"),
                s.c.code.label("session_code"),
                s.c.unit_id,
                s.c.unit_id.label("group_unit_id"),
                s.c.held_on,
                s.c.format,
                p.c.seq,
                p.c.topic,
                p.c.summary,
                p.c.answered_on_spot,
                p.c.assigned_agency,
                p.c.deadline,
                p.c.resolved_on,
            )
            .join(s, s.c.id == p.c.session_id)
            .where(s.c.code == info["code"])
            .order_by(p.c.seq)
        )
        .mappings()
        .all()
    )
    df = classify(pd.DataFrame(rows, columns=PETITION_COLUMNS), info["held_on"], as_of)
    df.loc[df["resolved_on"] > pd.Timestamp(as_of), "resolved_on"] = pd.NaT
    cols = [
        "seq",
        "topic",
        "summary",
        "answered_on_spot",
        "assigned_agency",
        "deadline",
        "resolved_on",
        "state",
        "days_to_resolve",
        "days_overdue",
        "days_late",
    ]
    df = df[cols].copy()
    for c in ("days_to_resolve", "days_overdue", "days_late"):
        df[c] = df[c].astype("Int64")
    return _dates_out(df.reset_index(drop=True), ["deadline", "resolved_on"])
