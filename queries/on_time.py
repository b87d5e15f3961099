"""On-time handling of administrative-procedure dossiers.

Definitions (DOMAIN.md):
- on-time rate = (early + on time) / resolved, counted by resolution date in the period;
  early / on time / late compare the resolution date with the effective due date (the
  appointment date plus days spent waiting for the citizen's supplement);
- received = dossiers received in the period by received date, except those not accepted
  (status 3: DOMAIN.md);
- online share = dossiers received online / dossiers received, by received date;
- apology share = late dossiers with an apology letter / late dossiers, where *late* = resolved
  late in the period + still pending and overdue at its end (DOMAIN.md), both shown as counts
  (``letters`` of ``late_total``); dossier rows only, as the official report form carries no
  letters. Not by channel (the month-end backlog has none): NaN there;
- average processing days = mean of (resolved − received) over resolved dossiers (dossier rows);
- backlog as of a date = dossiers received by then and neither resolved nor closed by then,
  within deadline or overdue (effective due date before that date).

Units that send only the official report (Biểu 06) count in every total for the period their
report ends in, but never in a *monthly* series (``by="month"``, ``trend``): a report's figures
belong to its reporting period (a quarter, six months, a year), and put into the month it ends in
they would be a false spike after empty months (DOMAIN.md). ``report_coverage`` says what a
total holds from reports and what a monthly series leaves out, so surfaces can say so.

Grain of every function: one row per group (unit, field, channel or month) for a scope and a
period. Figures come from the rollup tables for the whole months of the period and from the
dossier rows for the days around them; ``counts(..., source="rows")`` is the same figure from
the rows, used by the tests that prove the rollups right.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import (
    Connection,
    Integer,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    type_coerce,
    union_all,
)

from dashboard.domain.periods import Period, month_end
from dashboard.domain.stats import rates, wilson
from dashboard.storage import settings
from dashboard.storage.rollups import RESOLVED_STATUSES, month_start
from dashboard.storage.schema import (
    CHANNEL_ONLINE,
    STATUS_NOT_ACCEPTED,
    admin_unit,
    backlog_day,
    backlog_month_end,
    backlog_unit_month_end,
    department,
    dossier,
    dossier_unresolved,
    field,
    procedure,
    report_row,
    rollup_month,
    rollup_unit_month,
)
from queries import shared, statements
from queries import targets as targets_q
from queries.figures import Figure
from queries.frames import count_frame
from queries.ranking import rank_league
from queries.statements import bound_date
from queries.units import (
    SQL_DATE,
    SQL_TEXT,
    Scope,
    ScopeDenied,
    UnknownUnit,
    as_of_day,
    from_units,
    in_ids,
    per_version,
    recorded_unit_ids,
    scope_root,
    unit_tree,
)

GROUPS = ("unit", "field", "channel", "month")
COUNT_COLUMNS = [
    "received",
    "received_online",
    "resolved",
    "early",
    "on_time",
    "late",
    "late_with_apology",
    "late_dossier_rows",
    "processing_days_sum",
    "resolved_dossier_rows",
]


# --- counting ---------------------------------------------------------------------------


def counts(
    conn: Connection,
    period: Period,
    scope: Scope,
    by: str | None = None,
    source: str = "auto",
    *,
    letters: bool = True,
    backlog_at_end: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Counts behind every on-time figure, one row per group (or one row when ``by`` is None).

    ``source``: "rollup" (whole months only), "rows", or "auto": the rollups for the whole
    months of the period and the rows for the days before and after them (a quarter so far,
    1 July to 28 August, is July's rollup and 28 days of rows).
    ``letters=False``: without the apology share's pending part (NaN), which needs the
    backlog at the period's end: for a caller that reads only the other rates.
    ``backlog_at_end``: ``backlog(conn, period.end, scope, by)`` when the caller has read it
    already (for its pending columns), so that it is not read twice.
    Counted once per page for the same arguments (``shared.once``; ``backlog_at_end`` only
    saves a read, the counts are the same): the league and the map ask for the communes'.
    """
    if by not in (None, *GROUPS):
        raise ValueError(f"by must be one of {GROUPS}")
    recorded_unit_ids(conn, scope.unit_code, scope.historical)  # refuses a scope outside
    return shared.once(
        conn,
        ("on_time_counts", period, scope, by, source, letters),
        lambda: _counts(conn, period, scope, by, source, letters, backlog_at_end),
    )


def _counts(
    conn: Connection,
    period: Period,
    scope: Scope,
    by: str | None,
    source: str,
    letters: bool,
    backlog_at_end: pd.DataFrame | None,
) -> pd.DataFrame:
    if by in ("field", "channel"):
        # The on-time page shows both groupings: one read of the counts by field and channel
        # together serves each (the same rollup rows were read twice, ~7 ms each at 1M).
        both = shared.once(
            conn,
            ("on_time_counts", period, scope, FIELD_CHANNEL, source),
            lambda: _counted(conn, period, scope, FIELD_CHANNEL, source),
        )
        df = _regrouped(both, {"field": "field_id", "channel": "channel"}[by])
    else:
        df = _counted(conn, period, scope, by, source)
    if letters:
        df = _with_overdue_letters(conn, df, period, scope, by, source, backlog_at_end)
    else:
        for c in LETTER_COLUMNS:
            df[c] = pd.NA
    return _with_rates(df)


FIELD_CHANNEL = "field_channel"  # ``_counted``'s grouping by field and channel together


def _regrouped(df: pd.DataFrame, key: str) -> pd.DataFrame:
    """Counts by field and channel summed to one of them, as the statement grouped by it
    alone returns them: ordered by the key, the counts int64."""
    if df.empty:
        return df.drop(columns=[c for c in ("field_id", "channel") if c != key])
    out = df.groupby(key, sort=True)[COUNT_COLUMNS].sum()
    return out.reset_index()


def _counted(conn: Connection, period: Period, scope: Scope, by: str | None, source: str):  # noqa: ANN202
    """The counts' statement run for ``by`` (a grouping of ``GROUPS``, ``FIELD_CHANNEL`` or
    None): the frame before the letters and the rates."""
    whole, edges = (period, []) if source == "rollup" else (None, [period])
    if source == "auto":  # the whole months from the rollups, the days around them from rows
        whole, edges = period.split_months()
    # Without a field or channel in play, the coarse table gives the same sums.
    coarse = scope.field_code is None and scope.channel is None and by in (None, "unit", "month")
    unit_ids = recorded_unit_ids(conn, scope.unit_code, scope.historical)
    has_field, has_channel = scope.field_code is not None, scope.channel is not None
    shape = (by, scope.historical, whole is not None, coarse, len(edges), has_field, has_channel)
    shape += (tuple(unit_ids),)
    stmt = statements.built(
        conn, ("on_time_counts", *shape), lambda: _counts_statement(conn, *shape)
    )
    params: dict = {}
    if has_field:
        params["field_code"] = scope.field_code
    if has_channel:
        params["channel"] = scope.channel
    if whole is not None:
        params |= {"whole_start": whole.start, "whole_end": whole.end}
    for i, edge in enumerate(edges):
        params |= {f"edge{i}_start": edge.start, f"edge{i}_end": edge.end}
    df = count_frame(conn.execute(stmt, params), COUNT_COLUMNS)
    if by == "month" and not df.empty:
        df["month"] = pd.to_datetime(df["month"]).dt.date
    return df


def _counts_statement(
    conn: Connection,
    by: str | None,
    historical: bool,
    has_whole: bool,
    coarse: bool,
    n_edges: int,
    has_field: bool,
    has_channel: bool,
    unit_ids: tuple[int, ...],
):  # noqa: ANN202 - a Select
    """``_counts``'s statement for its shape (``statements.built``): the whole months
    between :whole_start and :whole_end from the rollups, the days of each edge i between
    :edge{i}_start and :edge{i}_end from the rows, :field_code and :channel when in play."""
    monthly = by == "month"
    parts = []
    if has_whole:
        whole = bound_date("whole_start"), bound_date("whole_end")
        parts += _unit_month_parts(*whole, monthly) if coarse else _rollup_parts(*whole, monthly)
    for i in range(n_edges):
        parts += _row_parts(bound_date(f"edge{i}_start"), bound_date(f"edge{i}_end"), monthly)
    sub = union_all(*parts).subquery()
    keys = []
    if by == "unit":
        ucol = admin_unit.c.id if historical else admin_unit.c.current_unit_id
        keys = [ucol.label("unit_id")]
    elif by == "field":
        keys = [sub.c.field_id]
    elif by == "channel":
        keys = [sub.c.channel]
    elif by == FIELD_CHANNEL:
        keys = [sub.c.field_id, sub.c.channel]
    elif by == "month":
        keys = [sub.c.month]
    stmt = (
        select(*keys, *[func.coalesce(func.sum(sub.c[c]), 0).label(c) for c in COUNT_COLUMNS])
        .select_from(_with_units(sub, by))
        .where(*_scope_filter(conn, sub, unit_ids, by))
    )
    if has_field:
        stmt = stmt.where(sub.c.field_id == _field_id(bindparam("field_code", type_=SQL_TEXT)))
    if has_channel:
        stmt = stmt.where(sub.c.channel == bindparam("channel", type_=dossier.c.channel.type))
    if keys:
        stmt = stmt.group_by(*keys).order_by(*keys)
    return stmt


LETTER_COLUMNS = ["overdue_dossier_rows", "overdue_with_apology"]


def _scope_filter(conn: Connection, sub, unit_ids: list[int], by: str | None) -> list:  # noqa: ANN001
    """The records of the scope's units; grouped by unit, the units too, so that PostgreSQL
    reads the few hundred units of the scope by key instead of all 14,146 of the register
    (1.6 of a by-unit statement's 3.2 ms at 1M)."""
    where = [in_ids(conn, sub.c.unit_id, unit_ids)]
    if by == "unit":
        where.append(in_ids(conn, admin_unit.c.id, unit_ids))
    return where


def _with_units(sub, by: str | None):  # noqa: ANN001, ANN202 - a subquery, a FROM clause
    """The records joined to their unit only when grouped by unit (today's unit comes from
    ``admin_unit``); other groupings need no join: the scope's ids filter the records, and
    every record's unit exists (a foreign key). With the national register the join hashed
    14,146 units for every statement."""
    if by == "unit":
        return sub.join(admin_unit, admin_unit.c.id == sub.c.unit_id)
    return sub


def _with_overdue_letters(
    conn: Connection,
    df: pd.DataFrame,
    period: Period,
    scope: Scope,
    by: str | None,
    source: str,
    bl: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The apology share's pending part: dossiers pending and overdue at the period's end (each
    month's end, by month) and those of them with a letter. None by channel (NaN)."""
    if by == "channel" or scope.channel is not None:
        for c in LETTER_COLUMNS:
            df[c] = pd.NA
        return df
    if df.empty and by is not None:
        for c in LETTER_COLUMNS:
            df[c] = pd.Series(dtype="int64")
        return df
    src = "rows" if source == "rows" else "auto"
    if by == "month":
        months = pd.period_range(period.start, period.end, freq="M")
        ends = [min(month_end(m.start_time.date()), period.end) for m in months]
        bl = _overdue_at(conn, ends, scope, src)
        bl["month"] = [date(e.year, e.month, 1) for e in bl["as_of"]]
        key = "month"
    else:
        if bl is None or src != "auto":  # (a given frame was read with source "auto")
            bl = backlog(conn, period.end, scope, by=by, source=src)
        key = {"unit": "unit_id", "field": "field_id"}.get(by)
    if key is None:
        for c in LETTER_COLUMNS:
            df[c] = int(bl[c].iloc[0]) if not bl.empty else 0
        return df
    keys = df[key].to_numpy()
    letters = {c: _looked_up(bl, keys, c, 0, key).astype("int64") for c in LETTER_COLUMNS}
    return df.assign(**letters)


def _overdue_at(conn: Connection, ends: list[date], scope: Scope, source: str) -> pd.DataFrame:
    """Overdue dossiers (and those with a letter) at each of several dates: month ends from the
    snapshot in one query, any other date (a partial last month, the month running today) from
    the rows; a month that has not begun has nothing pending yet and no row."""
    ends = [e for e in ends if as_of_day(e) >= e.replace(day=1)]
    snap = [e for e in ends if source != "rows" and e == month_end(e) == as_of_day(e)]
    frames = []
    if snap:
        # Without a field, the counts per unit (backlog_unit_month_end): a province's 25 month
        # ends at 10M dossiers are some 6,000 rows, not 61,000 per unit and field.
        b = backlog_month_end if scope.field_code else backlog_unit_month_end
        stmt = (
            select(
                b.c.as_of,
                func.coalesce(func.sum(b.c.pending_overdue), 0).label("overdue_dossier_rows"),
                func.coalesce(func.sum(b.c.pending_overdue_apology), 0).label(
                    "overdue_with_apology"
                ),
            )
            .where(
                b.c.as_of.in_(snap),
                b.c.source == "dossier",
                in_ids(
                    conn, b.c.unit_id, recorded_unit_ids(conn, scope.unit_code, scope.historical)
                ),
            )
            .group_by(b.c.as_of)
        )
        if scope.field_code:
            stmt = stmt.where(b.c.field_id == _field_id(scope.field_code))
        got = pd.DataFrame.from_records(
            list(map(tuple, conn.execute(stmt).all())), columns=["as_of", *LETTER_COLUMNS]
        )
        got["as_of"] = [
            v if isinstance(v, date) else date.fromisoformat(str(v)[:10]) for v in got["as_of"]
        ]
        frames.append(got)
    for e in ends:
        if e not in snap:
            one = backlog(conn, e, scope, source="rows")
            frames.append(
                pd.DataFrame({"as_of": [e], **{c: [int(one[c].iloc[0])] for c in LETTER_COLUMNS}})
            )
    out = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=["as_of", *LETTER_COLUMNS])
    )
    return out


def _field_id(code: str):
    return select(field.c.id).where(field.c.code == code).scalar_subquery()


def _rollup_parts(start, end, monthly: bool = False):  # noqa: ANN001 - dates or parameters
    """``monthly``: dossier rows only (report figures stay in their reporting period)."""
    r = rollup_month
    is_dossier = r.c.source == "dossier"
    only = is_dossier if monthly else literal(True)
    return [
        select(
            r.c.unit_id,
            r.c.field_id,
            r.c.channel,
            r.c.month,
            r.c.received,
            r.c.received_online,
            r.c.resolved,
            r.c.early,
            r.c.on_time,
            r.c.late,
            r.c.late_with_apology,
            case((is_dossier, r.c.late), else_=0).label("late_dossier_rows"),
            r.c.processing_days_sum,
            case((is_dossier, r.c.resolved), else_=0).label("resolved_dossier_rows"),
        ).where(r.c.month >= start, r.c.month <= end, only)
    ]


def _unit_month_parts(start, end, monthly: bool = False):  # noqa: ANN001 - dates or parameters
    r = rollup_unit_month
    is_dossier = r.c.source == "dossier"
    only = is_dossier if monthly else literal(True)
    zero = literal(0)
    return [
        select(
            r.c.unit_id,
            zero.label("field_id"),
            zero.label("channel"),
            r.c.month,
            r.c.received,
            r.c.received_online,
            r.c.resolved,
            r.c.early,
            r.c.on_time,
            r.c.late,
            r.c.late_with_apology,
            case((is_dossier, r.c.late), else_=0).label("late_dossier_rows"),
            r.c.processing_days_sum,
            case((is_dossier, r.c.resolved), else_=0).label("resolved_dossier_rows"),
        ).where(r.c.month >= start, r.c.month <= end, only)
    ]


def _row_parts(start, end, monthly: bool = False):  # noqa: ANN001 - dates or parameters
    """The same counts straight from dossier and report rows (dossier rows only when
    ``monthly``)."""
    d = dossier
    z = literal(0)
    one = literal(1)
    due, done = d.c.effective_due_date, d.c.resolved_date
    received = select(
        d.c.receiving_unit_id.label("unit_id"),
        d.c.field_id,
        d.c.channel,
        month_start(d.c.received_date).label("month"),
        one.label("received"),
        case((d.c.channel == CHANNEL_ONLINE, 1), else_=0).label("received_online"),
        z.label("resolved"),
        z.label("early"),
        z.label("on_time"),
        z.label("late"),
        z.label("late_with_apology"),
        z.label("late_dossier_rows"),
        z.label("processing_days_sum"),
        z.label("resolved_dossier_rows"),
    ).where(
        d.c.received_date >= start,
        d.c.received_date <= end,
        d.c.status != STATUS_NOT_ACCEPTED,
    )
    late = case((done > due, 1), else_=0)
    resolved = select(
        d.c.resolving_unit_id,
        d.c.field_id,
        d.c.channel,
        month_start(done),
        z,
        z,
        one,
        case((done < due, 1), else_=0),
        case((done == due, 1), else_=0),
        late,
        case((and_(done > due, d.c.apology_letter.is_(True)), 1), else_=0),
        late,
        d.c.processing_days,
        one,
    ).where(d.c.status.in_(RESOLVED_STATUSES), done >= start, done <= end)
    rr = report_row
    reports = select(
        rr.c.unit_id,
        rr.c.field_id,
        z,
        month_start(rr.c.period_end),
        rr.c.received_total,
        rr.c.received_online,
        rr.c.resolved_total,
        rr.c.resolved_early,
        rr.c.resolved_on_time,
        rr.c.resolved_late,
        z,
        z,
        z,
        z,
    ).where(rr.c.period_end >= start, rr.c.period_end <= end)
    return [received, resolved] if monthly else [received, resolved, reports]


def report_coverage(conn: Connection, period: Period, scope: Scope) -> dict:
    """What the period's totals hold from Biểu 06 reports (and a monthly series of the same
    period leaves out): ``units`` that reported, ``reports`` (unit × reporting period),
    ``resolved`` and ``received`` from them, and the first start and last end of their
    reporting periods. Reports whose period ends in ``period`` count, as in ``counts``;
    none when the scope is a channel (reports carry none)."""
    rr = report_row
    none = dict(units=0, reports=0, resolved=0, received=0, first_start=None, last_end=None)
    if scope.channel is not None:
        return none
    ids = recorded_unit_ids(conn, scope.unit_code, scope.historical)
    stmt = (
        select(
            rr.c.unit_id,
            rr.c.period_start,
            rr.c.period_end,
            func.sum(rr.c.resolved_total),
            func.sum(rr.c.received_total),
        )
        .where(
            rr.c.period_end >= period.start,
            rr.c.period_end <= period.end,
            in_ids(conn, rr.c.unit_id, ids),
        )
        .group_by(rr.c.unit_id, rr.c.period_start, rr.c.period_end)
    )
    if scope.field_code:
        stmt = stmt.where(rr.c.field_id == _field_id(scope.field_code))
    rows = conn.execute(stmt).all()  # one per unit and reporting period: a handful
    if not rows:
        return none
    return dict(
        units=len({r[0] for r in rows}),
        reports=len(rows),
        resolved=int(sum(r[3] or 0 for r in rows)),
        received=int(sum(r[4] or 0 for r in rows)),
        first_start=min(_as_date(r[1]) for r in rows),
        last_end=max(_as_date(r[2]) for r in rows),
    )


def _as_date(v) -> date | None:  # noqa: ANN001 - SQLite hands back strings
    if v is None:
        return None
    return v if isinstance(v, date) else date.fromisoformat(str(v)[:10])


def _with_rates(df: pd.DataFrame) -> pd.DataFrame:
    """The rates of every on-time figure beside its counts. Computed on arrays and added in
    one step: a frame of one row took ~6 ms column by column, and a page reads several."""
    col = {c: df[c].to_numpy() for c in ("early", "on_time", "resolved")}
    on_time_total = (col["early"] + col["on_time"]).astype("int64")
    new: dict[str, object] = {
        "on_time_total": on_time_total,
        "on_time_rate": rates(on_time_total, col["resolved"]),
        "online_share": rates(df["received_online"].to_numpy(), df["received"].to_numpy()),
    }
    if "overdue_dossier_rows" in df and df["overdue_dossier_rows"].notna().all():
        late_total = df["late_dossier_rows"].to_numpy() + df["overdue_dossier_rows"].to_numpy(
            dtype="int64"
        )
        letters = df["late_with_apology"].to_numpy() + df["overdue_with_apology"].to_numpy(
            dtype="int64"
        )
        new.update(
            late_total=late_total.astype("int64"),
            letters=letters.astype("int64"),
            apology_share=rates(letters, late_total),
        )
    else:  # by channel: no month-end backlog to take the pending part from
        new.update(
            late_total=pd.Series([pd.NA] * len(df), index=df.index, dtype="object"),
            letters=pd.Series([pd.NA] * len(df), index=df.index, dtype="object"),
            apology_share=np.full(len(df), np.nan),
        )
    new["avg_processing_days"] = rates(
        df["processing_days_sum"].to_numpy(), df["resolved_dossier_rows"].to_numpy(), 1.0
    )
    ci = [wilson(int(s), int(n)) for s, n in zip(on_time_total, col["resolved"], strict=True)]
    new["ci_low"] = np.array([c[0] for c in ci], dtype="float64")
    new["ci_high"] = np.array([c[1] for c in ci], dtype="float64")
    # One frame of the columns as arrays (a drop and a concat of frames cost ~1 ms a count).
    kept = {c: df[c].array for c in df.columns if c not in new}
    return pd.DataFrame(kept | new, index=df.index)


# --- backlog ----------------------------------------------------------------------------


def backlog(
    conn: Connection, as_of: date, scope: Scope, by: str | None = None, source: str = "auto"
) -> pd.DataFrame:
    """Pending dossiers at the end of ``as_of``: within deadline and overdue; and, for the
    apology share, the overdue ones from dossier rows (``overdue_dossier_rows``) and those of
    them with an apology letter (``overdue_with_apology``).

    Month ends read the snapshot; the day of the latest refresh its counts per unit and
    department (``backlog_day``), without a field; other dates (or ``source="rows"``) count
    the dossier rows.
    Units that only send the
    official report contribute the pending columns of their latest report ending by ``as_of``
    (within the last 92 days, so a unit that stopped reporting does not linger).
    Read once per page for the same arguments (``shared.once``).
    """
    as_of = as_of_day(as_of)
    unit_ids = recorded_unit_ids(conn, scope.unit_code, scope.historical)
    if by is None and (source == "rows" or as_of != month_end(as_of)):
        # From the rows, the scope's total is its units' summed: the page's league (and map)
        # read the same units' frame, and the rows are counted once (~40-70 ms a count at
        # 10M dossiers), not once for the headline and again for the league.
        units = backlog(conn, as_of, scope, "unit", source)
        return shared.once(
            conn, ("on_time_backlog", as_of, scope, by, source), lambda: _summed(units)
        )
    full = _backlog_with_dossier_within(conn, as_of, scope, by, source, unit_ids)
    return shared.once(
        conn,
        ("on_time_backlog", as_of, scope, by, source),
        lambda: full.drop(columns=[WITHIN_DOSSIER_ROWS]),
    )


# Of the pending within deadline, those from dossier rows (the rest: report rows): what the
# service index counts as pending (``pending_dossiers``). Kept out of ``backlog``'s frames.
WITHIN_DOSSIER_ROWS = "within_dossier_rows"
# The department a unit's backlog read from the rows is counted under (``_backlog``).
DEPARTMENT = "department_id"


def _backlog_with_dossier_within(
    conn: Connection, as_of: date, scope: Scope, by: str | None, source: str, unit_ids: list[int]
) -> pd.DataFrame:
    def per_key() -> pd.DataFrame:
        df = _backlog_read(conn, as_of, scope, by, source, unit_ids)
        if DEPARTMENT not in df:
            return df
        # Counted per unit and department (``_backlog``): the units' rows summed.
        return _summed_by(df.drop(columns=[DEPARTMENT]), "unit_id")

    return shared.once(conn, ("on_time_backlog_full", as_of, scope, by, source), per_key)


def _backlog_read(
    conn: Connection, as_of: date, scope: Scope, by: str | None, source: str, unit_ids: list[int]
) -> pd.DataFrame:
    """``_backlog``'s frame, read once per page for the same arguments."""
    return shared.once(
        conn,
        ("on_time_backlog_read", as_of, scope, by, source),
        lambda: _backlog(conn, as_of, scope, by, source, unit_ids),
    )


def pending_dossiers(conn: Connection, as_of: date, scope: Scope) -> pd.DataFrame:
    """Dossiers pending at the end of ``as_of`` per unit (``unit_id``: today's, or as it was),
    counted from the dossier rows (``pending_parts``), not the month-end snapshot: ``pending``
    and ``pending_within``; units with none are left out. The service index's pending at a day
    the snapshot does not serve (``index766``): the rows ``backlog(as_of, by="unit")`` reads,
    read once for both (a running quarter's overview read a province's ~27,000 pending
    dossiers twice, ~30 ms each at 10M)."""
    as_of = as_of_day(as_of)
    source = "rows" if as_of == month_end(as_of) else "auto"  # "auto": the headline's key
    unit_ids = recorded_unit_ids(conn, scope.unit_code, scope.historical)
    units = _backlog_with_dossier_within(conn, as_of, scope, "unit", source, unit_ids)
    within = units[WITHIN_DOSSIER_ROWS].to_numpy()
    pending = within + units["overdue_dossier_rows"].to_numpy()
    out = pd.DataFrame({"unit_id": units["unit_id"], "pending": pending, "pending_within": within})
    return out[out["pending"] > 0].reset_index(drop=True)


def pending_by_department(conn: Connection, as_of: date, scope: Scope) -> pd.DataFrame:
    """``pending_dossiers`` per department (``department_id``, as recorded on the dossier;
    those without one left out), from the same read of the rows: the service index's
    departments on a day the snapshot does not serve (a province's running quarter at 10M
    read its ~27,000 pending dossiers a second time for them, ~25 ms on SQLite). A scope
    without a field: with one, the rows are read per field (``_backlog``)."""
    if scope.field_code:
        raise ValueError("pending_by_department: a scope without a field")
    as_of = as_of_day(as_of)
    source = "rows" if as_of == month_end(as_of) else "auto"
    unit_ids = recorded_unit_ids(conn, scope.unit_code, scope.historical)
    units = _backlog_read(conn, as_of, scope, "unit", source, unit_ids)
    units = units[units[DEPARTMENT].notna()]
    within = units[WITHIN_DOSSIER_ROWS].to_numpy()
    pending = within + units["overdue_dossier_rows"].to_numpy()
    out = pd.DataFrame(
        {
            DEPARTMENT: units[DEPARTMENT].astype("int64").to_numpy(),
            "pending": pending,
            "pending_within": within,
        }
    )
    out = _summed_by(out, DEPARTMENT)
    return out[out["pending"] > 0].reset_index(drop=True)


def _summed_by(df: pd.DataFrame, key: str) -> pd.DataFrame:
    """The other columns of ``df`` (integer counts) summed per ``key``, sorted, a missing key
    kept as one group as the database groups NULL: numpy's bincount, not a pandas groupby,
    which took a few ms for the thousand rows of a province's units and departments."""
    codes, keys = pd.factorize(df[key], sort=True, use_na_sentinel=False)
    out = {key: keys}
    for c in df.columns:
        if c != key:
            summed = np.bincount(codes, weights=df[c].to_numpy(), minlength=len(keys))
            out[c] = summed.astype("int64")
    return pd.DataFrame(out)


def _summed(units: pd.DataFrame) -> pd.DataFrame:
    """The one-row backlog of a scope from its units' (``backlog(by="unit")``)."""
    cols = ["pending_within", "pending_overdue", *LETTER_COLUMNS, "pending_total"]
    return units[cols].sum().astype("int64").to_frame().T.reset_index(drop=True)


def _backlog(
    conn: Connection, as_of: date, scope: Scope, by: str | None, source: str, unit_ids: list[int]
) -> pd.DataFrame:
    if by not in (None, "unit", "field"):
        raise ValueError("backlog groups by unit or field")
    if source == "auto":
        # A month end: its snapshot. The refresh's day, per unit without a field: the counts
        # it kept (``backlog_day``). Any other day: the rows.
        if as_of == month_end(as_of):
            source = "snapshot"
        elif by == "unit" and not scope.field_code and day_kept(conn, as_of):
            source = "day"
        else:
            source = "rows"
    params = {"as_of": as_of, "reports_after": _days_before(as_of, 92)}
    since = received_since(conn, as_of + timedelta(days=1)) if source == "rows" else None
    if since is not None:
        params["received_since"] = since
    if scope.field_code:
        params["field_code"] = scope.field_code
    # Per unit from the rows: per unit and department, at no extra cost (the parts are
    # grouped either way), so that the service index's departments read the same rows
    # (``pending_by_department``).
    departments = source in ("rows", "day") and by == "unit" and not scope.field_code
    shape = (source, by, scope.historical, since is not None, bool(scope.field_code))
    shape += (departments, tuple(unit_ids))
    stmt = statements.built(
        conn, ("on_time_backlog", *shape), lambda: _backlog_statement(conn, *shape)
    )
    df = count_frame(
        conn.execute(stmt, params),
        ["pending_within", "pending_overdue", *LETTER_COLUMNS, WITHIN_DOSSIER_ROWS],
    )
    df["pending_total"] = df["pending_within"] + df["pending_overdue"]
    return df


def oldest_key(conn: Connection, due, code):  # noqa: ANN001, ANN201 - SQL expressions
    """A dossier's "due|code" as text, whose least over a group is its case due longest ago
    (then the smallest code): dates as ISO text sort as dates. One pass with the counts, no
    window over every overdue dossier and no join back (``queries.bodies``, ``pending_day``)."""
    due_text = (
        func.to_char(due, "YYYY-MM-DD")  # whatever the session's DateStyle
        if conn.dialect.name == "postgresql"
        else due  # SQLite keeps dates as ISO text
    )
    return type_coerce(due_text, SQL_TEXT).concat("|").concat(code)


def _pending_counts(t, part, kind: str, as_of, oldest=None):  # noqa: ANN001, ANN202 - a Select
    """One part of the dossiers pending at the end of ``as_of`` (``pending_parts``: dossier,
    or its unresolved rows' table, and the part's conditions) counted per unit and ``kind``
    (field or department): within deadline, overdue, overdue with an apology letter; with
    ``oldest`` (``oldest_key``'s connection), the least key of the overdue ones too.
    Counted in each part, so that a union, the units' join and the grouping handle a few
    thousand groups, not every pending dossier (a province's running quarter at 10M: 27,712
    rows sorted, ~24 ms)."""
    over = t.c.effective_due_date < as_of

    def count(cond):  # noqa: ANN001, ANN202
        return cast(func.sum(case((cond, 1), else_=0)), Integer)

    least = []
    if oldest is not None:
        key = oldest_key(oldest, t.c.effective_due_date, t.c.code)
        least = [func.min(case((over, key), else_=null())).label("oldest")]
    return (
        select(
            t.c.resolving_unit_id.label("unit_id"),
            t.c[kind],
            count(~over).label("pending_within"),
            count(over).label("pending_overdue"),
            count(over).label("overdue_dossier_rows"),
            count(and_(over, t.c.apology_letter.is_(True))).label("overdue_with_apology"),
            count(~over).label(WITHIN_DOSSIER_ROWS),
            *least,
        )
        .where(*part)
        .group_by(t.c.resolving_unit_id, t.c[kind])
    )


def pending_day(conn: Connection, as_of: date):  # noqa: ANN201 - a Select
    """The dossiers pending at the end of ``as_of`` per recorded unit and department
    (``unit_id``, ``department_id``, ``pending_within``, ``pending_overdue``,
    ``pending_overdue_apology``, and ``oldest``: the least ``oldest_key`` of the overdue),
    counted from the rows as ``backlog`` counts them: what the refresh keeps for its day
    (``backlog_day``, ``dashboard.storage.rollups``)."""
    # Each part unit by unit (the units' ids from the register): SQLite ranges on a date of
    # ix_dossier_unit_resolved only under a unit, and otherwise read the whole index (10M
    # entries, ~1.2 s) for the few dossiers resolved after the day.
    units = select(admin_unit.c.id)
    parts = union_all(
        *[
            _pending_counts(
                t, (*part, t.c.resolving_unit_id.in_(units)), DEPARTMENT, as_of, oldest=conn
            )
            for t, part in pending_parts(conn, as_of)
        ]
    ).subquery()
    keys = [parts.c.unit_id, parts.c[DEPARTMENT]]
    return (
        select(
            *keys,
            func.sum(parts.c.pending_within),
            func.sum(parts.c.pending_overdue),
            func.sum(parts.c.overdue_with_apology),
            func.min(parts.c.oldest),
        )
        .group_by(*keys)
        .order_by(*keys)
    )


def day_kept(conn: Connection, as_of: date) -> bool:
    """Whether the refresh kept the backlog of ``as_of`` (``backlog_day``, which holds the day
    of the latest refresh): asked of the database once a page, not kept per data version, so
    that a refresh is seen whether or not it moved the version."""

    def kept() -> bool:
        bd = backlog_day
        found = conn.execute(select(bd.c.as_of).where(bd.c.as_of == as_of).limit(1)).first()
        return found is not None

    return shared.once(conn, ("on_time_backlog_day_kept", as_of), kept)


def _backlog_statement(
    conn: Connection,
    source: str,
    by: str | None,
    historical: bool,
    has_since: bool,
    has_field: bool,
    departments: bool,
    unit_ids: tuple[int, ...],
):  # noqa: ANN202 - a Select
    """``_backlog``'s statement for its shape (``statements.built``), run with :as_of,
    :reports_after (92 days before it), :received_since (``resolved_since``'s bound, when it
    has one) and :field_code when in play. With ``departments`` (by unit, from the rows),
    per unit and the dossiers' department (``DEPARTMENT``; none for a report's rows)."""
    kind = DEPARTMENT if departments else "field_id"
    as_of = bound_date("as_of")
    if source == "snapshot":
        # Without a field in play, the counts per unit (backlog_unit_month_end).
        fine = has_field or by == "field"
        b = backlog_month_end if fine else backlog_unit_month_end
        dossier_part = select(
            b.c.unit_id,
            b.c.field_id if fine else literal(0).label("field_id"),
            b.c.pending_within,
            b.c.pending_overdue,
            b.c.pending_overdue.label("overdue_dossier_rows"),
            b.c.pending_overdue_apology.label("overdue_with_apology"),
            b.c.pending_within.label(WITHIN_DOSSIER_ROWS),
        ).where(b.c.as_of == as_of, b.c.source == "dossier")
        dossier_parts = [dossier_part]
    elif source == "day":
        # The refresh's day: its counts per unit and department (``backlog_day``), the same
        # definition counted from the rows once after each import (``pending_day``).
        bd = backlog_day
        dossier_parts = [
            select(
                bd.c.unit_id,
                bd.c.department_id.label(DEPARTMENT),
                bd.c.pending_within,
                bd.c.pending_overdue,
                bd.c.pending_overdue.label("overdue_dossier_rows"),
                bd.c.pending_overdue_apology.label("overdue_with_apology"),
                bd.c.pending_within.label(WITHIN_DOSSIER_ROWS),
            ).where(bd.c.as_of == as_of)
        ]
    else:
        since = resolved_since_bound("received_since") if has_since else []
        parts = pending_parts_since(conn, as_of, since)
        dossier_parts = [_pending_counts(t, part, kind, as_of) for t, part in parts]
    rr = report_row
    latest = (
        select(rr.c.unit_id, func.max(rr.c.period_end).label("end"))
        .where(rr.c.period_end <= as_of, rr.c.period_end > bound_date("reports_after"))
        .group_by(rr.c.unit_id)
        .subquery()
    )
    report_part = select(
        rr.c.unit_id,
        cast(null(), Integer).label(DEPARTMENT) if departments else rr.c.field_id,
        rr.c.pending_within,
        rr.c.pending_overdue,
        literal(0).label("overdue_dossier_rows"),
        literal(0).label("overdue_with_apology"),
        literal(0).label(WITHIN_DOSSIER_ROWS),
    ).join(latest, and_(latest.c.unit_id == rr.c.unit_id, latest.c.end == rr.c.period_end))
    sub = union_all(*dossier_parts, report_part).subquery()
    keys = []
    if by == "unit":
        keys = [(admin_unit.c.id if historical else admin_unit.c.current_unit_id).label("unit_id")]
        if departments:
            keys.append(sub.c[DEPARTMENT])
    elif by == "field":
        keys = [sub.c.field_id]
    stmt = (
        select(
            *keys,
            func.coalesce(func.sum(sub.c.pending_within), 0).label("pending_within"),
            func.coalesce(func.sum(sub.c.pending_overdue), 0).label("pending_overdue"),
            *[
                func.coalesce(func.sum(sub.c[c]), 0).label(c)
                for c in (*LETTER_COLUMNS, WITHIN_DOSSIER_ROWS)
            ],
        )
        .select_from(_with_units(sub, by))
        .where(*_scope_filter(conn, sub, unit_ids, by))
    )
    if has_field:
        stmt = stmt.where(sub.c.field_id == _field_id(bindparam("field_code", type_=SQL_TEXT)))
    if keys:
        stmt = stmt.group_by(*keys)
    return stmt


def pending_parts(conn: Connection, as_of: date) -> list[tuple]:
    """Pending at the end of ``as_of`` (received by then, neither resolved nor closed by then)
    as disjoint parts ``(table, conditions)``, each read through an index of its few rows, not
    every dossier received before the day: resolved later (``dossier``, by
    ix_dossier_unit_resolved), then ``unresolved_parts``. One condition with ORs read every
    dossier the scope ever received (a province at 10M dossiers: 2.4 s on SQLite, 0.4 s on
    PostgreSQL). PostgreSQL plans every part for each monthly partition it may read: those
    resolved later are bounded by ``resolved_since`` (the few partitions that can hold one)."""
    return pending_parts_since(conn, as_of, resolved_since(conn, as_of + timedelta(days=1)))


def pending_parts_since(conn: Connection, as_of, since: list) -> list[tuple]:  # noqa: ANN001
    """``pending_parts`` at ``as_of``, a date or a bound parameter, those resolved later
    bounded by ``since`` (``resolved_since``'s condition, or one bound alike)."""
    d = dossier
    later = (
        d.c.resolved_date > as_of,
        d.c.received_date <= as_of,
        or_(d.c.closed_date.is_(None), d.c.closed_date > as_of),
        *since,
    )
    return [(d, later), *unresolved_parts(conn, as_of)]


def unresolved_parts(conn: Connection, as_of: date) -> list[tuple]:
    """The dossiers not resolved, received by ``as_of`` and not closed by then, as disjoint
    parts ``(table, conditions)``; the table has ``dossier``'s columns that such reads use.

    Two parts, open and closed after the day: an index range each, by unit and closing date
    (most unresolved dossiers were closed long ago; one condition with an OR read them all).
    PostgreSQL reads ``dossier_unresolved`` (migration 31), the same rows in one table kept by
    triggers: on the partitioned ``dossier`` they are spread over every month, and each of ~72
    partitions was planned and probed. SQLite reads ``dossier`` through the partial index
    ix_dossier_unresolved, the received date tested through coalesce (never null) so that
    SQLite, which plans without statistics, does not read by it."""
    if conn.dialect.name == "postgresql":
        u = dossier_unresolved
        return [
            (u, (u.c.closed_date.is_(None), u.c.received_date <= as_of)),
            (u, (u.c.closed_date > as_of, u.c.received_date <= as_of)),
        ]
    d = dossier
    received_by = func.coalesce(d.c.received_date, d.c.received_date) <= as_of
    return [
        (d, (d.c.resolved_date.is_(None), received_by, d.c.closed_date.is_(None))),
        (d, (d.c.resolved_date.is_(None), received_by, d.c.closed_date > as_of)),
    ]


def resolved_since(conn: Connection, first: date) -> list:
    """PostgreSQL: the condition that a dossier resolved on or after ``first`` was received
    late enough to be: on or after ``first`` less the longest any dossier took from received
    to resolved (read once per data version through ix_dossier_resolve_span, migration
    30_dossier_resolve_span). Bounded so, PostgreSQL plans and probes the few monthly
    partitions that can hold such a dossier, not all ~72. No condition on SQLite (no
    partitions) nor when no dossier was resolved."""
    since = received_since(conn, first)
    return [] if since is None else [dossier.c.received_date >= since]


def resolved_since_bound(name: str) -> list:
    """``resolved_since``'s condition in a statement kept for its shape (``statements.built``),
    its date (``received_since``) bound as ``name``."""
    return [dossier.c.received_date >= bound_date(name)]


# A received date after every monthly partition: the bound for dossiers resolved on or after a
# day later than the latest resolution, of which there are none. PostgreSQL then plans and
# probes no partition, not the ~8 months before the day.
NONE_RECEIVED = date(9999, 12, 31)


def received_since(conn: Connection, first: date) -> date | None:
    """``resolved_since``'s bound on the received date, None where it sets none. A period
    still running asks for those resolved after today: none were, and ``NONE_RECEIVED``
    says so (the latest resolution date read once per data version, migration
    39_dossier_resolved)."""
    if conn.dialect.name != "postgresql":
        return None
    longest, latest = per_version(conn, _resolve_extent)
    if longest is None:
        return None
    if latest < first:
        return NONE_RECEIVED
    return first - timedelta(days=int(longest))


def _resolve_extent(conn: Connection) -> tuple[int | None, date | None]:
    """The most days any dossier took from its received date to its resolved date, and the
    latest resolved date: each an index read (ix_dossier_resolve_span, ix_dossier_resolved)."""
    d = dossier
    span = type_coerce(d.c.resolved_date - d.c.received_date, Integer)
    longest, latest = conn.execute(select(func.max(span), func.max(d.c.resolved_date))).one()
    return longest, latest


def _days_before(d: date, n: int) -> date:
    from datetime import timedelta

    return d - timedelta(days=n)


# --- figures for a page -------------------------------------------------------------------


def _first(df: pd.DataFrame, col: str) -> float | None:
    if df.empty or pd.isna(df[col].iloc[0]):
        return None
    return float(df[col].iloc[0])


def headline(conn: Connection, period: Period, scope: Scope) -> dict[str, Figure]:
    """On-time rate, online share, apology share, processing days and backlog, each with the
    previous period, the same period last year, the target, a status, and the counts it is
    made of (numerator / denominator)."""
    # The backlogs at the two ends serve the pending figure and the apology share's pending
    # part: read once each.
    bl = backlog(conn, period.end, scope)
    bl_prev = backlog(conn, period.previous().end, scope)
    now = counts(conn, period, scope, backlog_at_end=bl)
    prev = counts(conn, period.previous(), scope, backlog_at_end=bl_prev)
    ly = counts(conn, period.same_period_last_year(), scope)
    min_n = int(settings.get("OVERSIGHT_MIN_DOSSIERS"))
    out: dict[str, Figure] = {}
    unit_code = scope.unit_code
    for metric, col, num, ncol, target_metric, kind, rows in (
        ("on_time_rate", "on_time_rate", "on_time_total", "resolved", "on_time_rate", "pct", None),
        (
            "online_share",
            "online_share",
            "received_online",
            "received",
            "online_share",
            "pct",
            None,
        ),
        (
            "apology_share",
            "apology_share",
            "letters",
            "late_total",
            None,
            "pct",
            "on_time",
        ),
        (
            "avg_processing_days",
            "avg_processing_days",
            "processing_days_sum",
            "resolved_dossier_rows",
            None,
            "days",
            None,
        ),
    ):
        value = _first(now, col)
        tgt = (
            targets_q.target_for(conn, target_metric, unit_code, period.end.year)
            if target_metric
            else None
        )
        n = int(now[ncol].iloc[0]) if not now.empty and pd.notna(now[ncol].iloc[0]) else 0
        out[metric] = Figure(
            metric=metric,
            value=value,
            n=n,
            previous=_first(prev, col),
            last_year=_first(ly, col),
            target=tgt.value if tgt else None,
            status=targets_q.status(value, tgt, n=n, min_n=min_n) if tgt else None,
            few=n < min_n,
            watch_margin=tgt.watch_margin if tgt else 0.0,
            numerator=(
                float(now[num].iloc[0]) if not now.empty and pd.notna(now[num].iloc[0]) else 0.0
            ),
            denominator=n,
            kind=kind,
            rows=rows,
        )
    overdue = int(bl["pending_overdue"].iloc[0]) if not bl.empty else 0
    total = int(bl["pending_total"].iloc[0]) if not bl.empty else 0
    out["pending_overdue"] = Figure(
        metric="pending_overdue",
        value=float(overdue),
        n=total,
        previous=float(bl_prev["pending_overdue"].iloc[0]) if not bl_prev.empty else None,
        last_year=None,
        target=None,
        status=None,
        few=False,
        numerator=overdue,
        denominator=total,
        kind="count",
        rows="on_time",
    )
    return out


def league(conn: Connection, period: Period, scope: Scope) -> pd.DataFrame:
    """Peer units ranked by on-time rate, with the change from the previous period.

    Peers: the communes of the scope's province (today's, or as they were). Ranks, rank
    intervals, bands, the funnel position and ``few`` (fewer resolved dossiers than
    OVERSIGHT_MIN_DOSSIERS: no rank, listed after the others, so a commune with 3 dossiers does
    not top the table by luck) come from ``queries.ranking.rank_league``.
    """
    peers_scope = replace(scope, unit_code=peer_root(conn, scope))
    bl = backlog(conn, period.end, peers_scope, by="unit")
    now = counts(conn, period, peers_scope, by="unit", backlog_at_end=bl)
    prev = counts(conn, period.previous(), peers_scope, by="unit", letters=False)
    # The previous rate, the pending dossiers and the names beside each unit's counts: looked
    # up by unit id on arrays and framed once (four merges cost ~6 ms a league).
    ids = now["unit_id"].to_numpy()
    cols = {c: now[c].to_numpy() for c in now.columns}
    cols["previous_rate"] = _looked_up(prev, ids, "on_time_rate", np.nan)
    for c in ("pending_within", "pending_overdue", "pending_total"):
        cols[c] = _looked_up(bl, ids, c, 0).astype("int64")
    cols["change"] = cols["on_time_rate"] - cols["previous_rate"]
    units = _unit_names(conn, ids.tolist())
    for c in ("code", "name", "level", "parent_name"):
        cols[c] = _looked_up(units, ids, c, None)
    df = pd.DataFrame(cols)
    df = df[df["level"] == "commune"].reset_index(drop=True)
    min_n = int(settings.get("OVERSIGHT_MIN_DOSSIERS"))
    return rank_league(df, "on_time_total", "resolved", "on_time_rate", min_n)


def _looked_up(
    df: pd.DataFrame, ids: np.ndarray, column: str, missing: object, key: str = "unit_id"
) -> np.ndarray:
    """``df[column]`` for each of ``ids`` (``df`` has a row per ``key``), ``missing`` where it
    has none or the value is missing: a left merge's column without the merge."""
    pos = pd.Index(df[key].to_numpy()).get_indexer(ids)
    values = df[column].to_numpy()
    if missing is not None and values.dtype.kind == "f":
        values = np.where(np.isnan(values), missing, values)
    if missing is None:
        out = np.full(len(ids), None, dtype=object)
    else:
        out = np.full(len(ids), missing, dtype=np.result_type(values.dtype, type(missing)))
    found = pos >= 0
    out[found] = values[pos[found]]
    return out


def peer_root(conn: Connection, scope: Scope) -> str | None:
    """The province whose communes are the scope's peers (as it was, in the view of units as
    they were). A user who may not see the whole province (a commune leader) has only their
    own unit as peers."""
    if scope.unit_code is None:
        return scope_root(conn)
    tree = unit_tree(conn)
    node = tree.get(scope.unit_code)
    if node is None:
        raise UnknownUnit(scope.unit_code)
    if not scope.historical and not node.is_current:
        # An old code in today's view: its peers would be its successor's, and the league
        # would stand in for a figure of its own (issue 11). Refused with the hint.
        recorded_unit_ids(conn, scope.unit_code, scope.historical)  # raises EndedUnit
    if node.level == "province":
        return node.code
    province = tree.province_of(node.id)
    if province is None:
        return scope.unit_code
    try:
        recorded_unit_ids(conn, province.code, scope.historical)
    except ScopeDenied:
        return scope.unit_code
    return province.code


def _unit_names(conn: Connection, ids: list[int]) -> pd.DataFrame:
    """The code, name, level and parent's name of the units ``ids``: from the register kept
    per version (``from_units``), not a statement of every league and named frame."""
    names = from_units(conn, _names_of_units)
    keep = names["unit_id"].isin([int(i) for i in ids if pd.notna(i)]).to_numpy()
    if not keep.any():  # typed as a statement without rows types them
        return pd.DataFrame(columns=list(names.columns))
    return names[keep].reset_index(drop=True)


def _names_of_units(units: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_id": units["id"].to_numpy(dtype="int64"),
            **{c: units[c].array for c in ("code", "name", "level", "parent_name")},
        }
    )


def named(conn: Connection, df: pd.DataFrame, by: str) -> pd.DataFrame:
    """Attach display names to a grouped frame (unit name and code, or field name)."""
    if df.empty:  # the same columns as with rows (a pack for a unit without any)
        extra = {"name_vi": [], "name_en": []} if by == "field" else {}
        return df.assign(code=[], name=[], **extra)
    if by == "unit":
        return df.merge(_unit_names(conn, df["unit_id"].tolist()), on="unit_id", how="left")
    if by == "field":
        f = pd.DataFrame(
            conn.execute(
                select(field.c.id.label("field_id"), field.c.code, field.c.name_vi, field.c.name_en)
            )
            .mappings()
            .all()
        )
        return df.merge(f, on="field_id", how="left")
    return df


def fields(conn: Connection) -> pd.DataFrame:
    return pd.DataFrame(
        conn.execute(
            select(field.c.code, field.c.name_vi, field.c.name_en).order_by(field.c.name_vi)
        )
        .mappings()
        .all(),
        columns=["code", "name_vi", "name_en"],
    )


def late_dossiers(conn: Connection, period: Period, scope: Scope, limit: int = 500) -> pd.DataFrame:
    """The single records behind the late figures: dossiers resolved late in the period and
    dossiers still pending and overdue at its end, worst first. No personal data exists to show.

    Disjoint parts, each read through an index of its few rows: resolved late in the period;
    resolved after as_of (pending then, and not late in the period); not resolved. SQLite reads
    all three by the unit's resolution dates (ix_dossier_unit_resolved): one condition with an
    OR read every dossier the unit ever received (a commune at 10M dossiers: ~210,000 rows,
    ~70 ms; ~20 ms so). PostgreSQL bounds the resolved parts' received dates
    (``resolved_since``: the few monthly partitions that can hold them) and reads the
    unresolved from ``unresolved_parts`` (``dossier_unresolved``): one condition planned and
    probed all ~72 partitions (a commune at 10M dossiers: ~39 ms).
    """
    unit_ids = recorded_unit_ids(conn, scope.unit_code, scope.historical)
    d = dossier
    as_of = as_of_day(period.end)
    resolved_late = and_(
        d.c.status.in_(RESOLVED_STATUSES),
        d.c.resolved_date >= period.start,
        d.c.resolved_date <= period.end,
        d.c.resolved_date > d.c.effective_due_date,
    )

    def overdue(t):  # noqa: ANN001, ANN202 - dossier or dossier_unresolved
        """Received by as_of, due before it, not closed by then."""
        return (
            t.c.received_date <= as_of,
            t.c.effective_due_date < as_of,
            or_(t.c.closed_date.is_(None), t.c.closed_date > as_of),
        )

    def listed(t, resolved, state):  # noqa: ANN001, ANN202
        stmt = (
            select(
                t.c.code,
                procedure.c.name.label("procedure"),
                field.c.name_vi.label("field_vi"),
                field.c.name_en.label("field_en"),
                admin_unit.c.name.label("unit"),
                department.c.name.label("department"),
                t.c.received_date,
                t.c.appointment_date,
                t.c.effective_due_date,
                resolved.label("resolved_date"),
                t.c.apology_letter,
                t.c.channel,
                state.label("state"),
            )
            .select_from(
                t.join(procedure, procedure.c.id == t.c.procedure_id)
                .join(field, field.c.id == t.c.field_id)
                .join(admin_unit, admin_unit.c.id == t.c.resolving_unit_id)
                .outerjoin(department, department.c.id == t.c.department_id)
            )
            .where(in_ids(conn, t.c.resolving_unit_id, unit_ids))
        )
        if scope.field_code:
            stmt = stmt.where(t.c.field_id == _field_id(scope.field_code))
        if scope.channel:
            stmt = stmt.where(t.c.channel == scope.channel)
        return stmt

    state = case((resolved_late, "resolved_late"), else_="pending_overdue")
    rows = listed(d, d.c.resolved_date, state)
    if conn.dialect.name == "postgresql":
        pending = literal("pending_overdue")
        parts = [
            rows.where(
                resolved_late, d.c.received_date <= period.end, *resolved_since(conn, period.start)
            ),
            rows.where(
                d.c.resolved_date > as_of,
                ~resolved_late,
                *overdue(d),
                *resolved_since(conn, as_of + timedelta(days=1)),
            ),
            *[
                listed(u, cast(null(), SQL_DATE), pending).where(*where, *overdue(u))
                for u, where in unresolved_parts(conn, as_of)
            ],
        ]
        return _late_frame(conn, union_all(*parts), as_of, limit)
    stmt = union_all(
        rows.where(resolved_late),
        rows.where(d.c.resolved_date > as_of, ~resolved_late, *overdue(d)),
        # (The received date through coalesce, never null: SQLite would read the unit's
        # received dates instead, all of them before as_of.)
        rows.where(
            d.c.resolved_date.is_(None),
            func.coalesce(d.c.received_date, d.c.received_date) <= as_of,
            *overdue(d)[1:],
        ),
    )
    return _late_frame(conn, stmt, as_of, limit)


def _late_frame(conn: Connection, stmt, as_of: date, limit: int) -> pd.DataFrame:  # noqa: ANN001
    """The late list's rows, with the days overdue, worst first."""
    df = pd.DataFrame(conn.execute(stmt).mappings().all())
    if df.empty:
        return pd.DataFrame(
            columns=[
                "code",
                "procedure",
                "field_vi",
                "field_en",
                "unit",
                "department",
                "received_date",
                "appointment_date",
                "effective_due_date",
                "resolved_date",
                "apology_letter",
                "channel",
                "state",
                "days_overdue",
            ]
        )
    for c in ("received_date", "appointment_date", "effective_due_date", "resolved_date"):
        df[c] = pd.to_datetime(df[c]).dt.date
    end = df["resolved_date"].where(df["state"] == "resolved_late", as_of)
    df["days_overdue"] = [
        (e - due).days for e, due in zip(end, df["effective_due_date"], strict=True)
    ]
    df["apology_letter"] = df["apology_letter"].astype(bool)
    return (
        df.sort_values(["days_overdue", "code"], ascending=[False, True])
        .head(limit)
        .reset_index(drop=True)
    )


def trend(conn: Connection, period: Period, scope: Scope) -> pd.DataFrame:
    """Monthly on-time rate over the period with the target of each month's year, from dossier
    rows only: Biểu 06 reports are left out (``report_coverage`` of the same period says how
    much, for the chart's note)."""
    df = counts(conn, period, scope, by="month")
    if df.empty:
        return df.assign(target=[])
    years = sorted({m.year for m in df["month"]})
    tmap = {}
    for y in years:
        t = targets_q.target_for(conn, "on_time_rate", scope.unit_code, y)
        tmap[y] = t.value if t else None
    df["target"] = [tmap[m.year] for m in df["month"]]
    return df
