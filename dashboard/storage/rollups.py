"""Rollup tables that keep pages fast: monthly counts and month-end backlog snapshots.

Both are rebuilt from the dossier rows and the official report rows; a test proves that every
rollup figure equals the same figure computed from the rows (tests/test_rollups.py).

- ``rollup_month``: received dossiers by receiving unit and received month (dossiers not accepted,
  status 3, are not "received": DOMAIN.md); resolved dossiers by
  resolving unit and resolution month, split early / on time / late against the effective due
  date. Report rows (Biểu 06) land on the month their period ends, with source = 'report'.
- ``backlog_month_end``: dossiers still pending at each month end, within deadline or overdue
  (and the overdue ones that have an apology letter), by resolving unit and field. Built with a difference array over month ends, so one pass over
  the dossier rows serves every month (a month-by-month SQL scan is quadratic in history).
- ``backlog_unit_month_end``: the same summed over fields, per unit (figures without a field).
- ``rollup_body_month``: who holds what is late (``queries.bodies``), by resolving unit and
  department: the month's late resolutions, and from the same pass as the backlog the dossiers
  pending at its end, the overdue ones, and the one due longest ago.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import (
    Connection,
    Date,
    Engine,
    and_,
    case,
    delete,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction

from dashboard.domain.periods import calendar_spans, month_end
from dashboard.storage import settings
from dashboard.storage.schema import (
    CHANNEL_ONLINE,
    SIPAS_ELEMENTS,
    STATUS_NOT_ACCEPTED,
    STATUS_RESOLVED,
    STATUS_RETURNED,
    admin_unit,
    backlog_day,
    backlog_month_end,
    backlog_unit_month_end,
    dossier,
    report_row,
    rollup_body_month,
    rollup_month,
    rollup_satisfaction_month,
    rollup_satisfaction_unit_month,
    rollup_unit_month,
    satisfaction_response,
)

log = logging.getLogger(__name__)


class month_start(GenericFunction):  # noqa: N801 - SQL function name
    """First day of the month of a date, on every backend."""

    type = Date()
    inherit_cache = True


@compiles(month_start, "sqlite")
def _month_start_sqlite(element, compiler, **kw):  # noqa: ANN001
    return "strftime('%%Y-%%m-01', %s)" % compiler.process(element.clauses, **kw)


@compiles(month_start, "postgresql")
def _month_start_pg(element, compiler, **kw):  # noqa: ANN001
    return "cast(date_trunc('month', %s) as date)" % compiler.process(element.clauses, **kw)


RESOLVED_STATUSES = (STATUS_RESOLVED, STATUS_RETURNED)


def _ones(cond):
    return func.sum(case((cond, 1), else_=0))


def refresh_all(conn: Connection) -> None:
    refresh_since(conn, None)


# Every table a refresh rewrites, with dossier_unresolved (which follows every write of
# dossiers on PostgreSQL): vacuumed after an import (``vacuum``) and soon after any change by
# autovacuum (migration 37_rollup_autovacuum).
REWRITTEN = (
    "backlog_day",
    "backlog_month_end",
    "backlog_unit_month_end",
    "dossier_unresolved",
    "rollup_body_month",
    "rollup_index766_department_month",
    "rollup_index766_month",
    "rollup_index766_pair",
    "rollup_index766_unit_month",
    "rollup_index766_unit_span",
    "rollup_month",
    "rollup_satisfaction_month",
    "rollup_satisfaction_unit_month",
    "rollup_unit_month",
)


def vacuum(engine: Engine) -> None:
    """PostgreSQL: VACUUM the tables a refresh rewrites, after the import committed.

    Until then the pages read through the rows the refresh deleted, and index-only scans
    visit the table for the rows it wrote (not yet marked all-visible): after six refreshes
    of a quarter at 10M dossiers the overview's queries took 91 ms, 84 ms after a VACUUM of
    0.15 s. Autovacuum would do it within a minute (37_rollup_autovacuum), where it runs and
    after; this makes the pages fast at once. A role that does not own the tables (the
    writing role of ``oversight db-roles``) is told so by PostgreSQL and skips them, and a
    failure here never undoes a committed import: both are logged, nothing is raised.
    SQLite keeps no dead rows to read through: nothing to do."""
    if engine.dialect.name != "postgresql":
        return
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("vacuum " + ", ".join(REWRITTEN))
    except SQLAlchemyError as exc:
        log.warning("vacuum after the import failed: %s", exc)


def refresh_since(conn: Connection, since: date | None) -> None:
    """Rebuild the rollups for every month from ``since`` (all months when None).

    An import that touched dossiers received on or after ``since`` calls this with that date:
    a dossier changes the monthly counts of its received and resolved months, which are both
    on or after its received date, and the backlog of every month end after it.
    """
    first = date(since.year, since.month, 1) if since else None
    _refresh_month_counts(conn, first)
    _refresh_unit_month(conn, first)
    refresh_backlog(conn, first)
    refresh_satisfaction(conn, first)
    refresh_index766(conn, first)
    refresh_index766_units(conn, first)
    refresh_index766_departments(conn, first)
    refresh_index766_pairs(conn, first)
    refresh_index766_unit_spans(conn, first)
    from dashboard.storage.db import bump_data_version

    bump_data_version(conn)  # every process's cached figures are now stale (issue 18)


def _resolved_since(day: date | None, after: bool = False):  # noqa: ANN202
    """Dossiers resolved on ``day`` or later (strictly ``after`` it); every dossier when None.
    Unit by unit through ix_dossier_unit_resolved: SQLite ranges on the index's date only
    under a unit, and otherwise reads the whole index (every dossier, ~1.5 s at 10M) for a
    month's few. The unit column is never null, so the test on it keeps every dossier."""
    if day is None:
        return true()
    d = dossier
    since = d.c.resolved_date > day if after else d.c.resolved_date >= day
    return and_(d.c.resolving_unit_id.in_(select(admin_unit.c.id)), since)


def _refresh_month_counts(conn: Connection, first: date | None) -> None:
    if first:
        conn.execute(delete(rollup_month).where(rollup_month.c.month >= first))
    else:
        conn.execute(delete(rollup_month))
    zero = literal(0)
    recv_month = month_start(dossier.c.received_date)
    received = (
        select(
            dossier.c.receiving_unit_id,
            dossier.c.field_id,
            dossier.c.channel,
            recv_month,
            literal("dossier"),
            func.count(),
            _ones(dossier.c.channel == CHANNEL_ONLINE),
            zero,
            zero,
            zero,
            zero,
            zero,
            zero,
            zero,
            zero,
        )
        .where(
            dossier.c.status != STATUS_NOT_ACCEPTED,
            dossier.c.received_date >= first if first else True,
        )
        .group_by(dossier.c.receiving_unit_id, dossier.c.field_id, dossier.c.channel, recv_month)
    )
    res_month = month_start(dossier.c.resolved_date)
    due = dossier.c.effective_due_date
    done = dossier.c.resolved_date
    resolved = (
        select(
            dossier.c.resolving_unit_id,
            dossier.c.field_id,
            dossier.c.channel,
            res_month,
            literal("dossier"),
            zero,
            zero,
            func.count(),
            _ones(done < due),
            _ones(done == due),
            _ones(done > due),
            _ones(and_(done > due, dossier.c.apology_letter.is_(True))),
            func.sum(dossier.c.processing_days),
            _ones(dossier.c.online_payment.is_(True)),
            _ones(dossier.c.digitised.is_(True)),
        )
        .where(
            dossier.c.status.in_(RESOLVED_STATUSES),
            dossier.c.resolved_date.is_not(None),
            _resolved_since(first),
        )
        .group_by(dossier.c.resolving_unit_id, dossier.c.field_id, dossier.c.channel, res_month)
    )
    report_month = month_start(report_row.c.period_end)
    reports = select(
        report_row.c.unit_id,
        report_row.c.field_id,
        literal(0),
        report_month,
        literal("report"),
        report_row.c.received_total,
        report_row.c.received_online,
        report_row.c.resolved_total,
        report_row.c.resolved_early,
        report_row.c.resolved_on_time,
        report_row.c.resolved_late,
        zero,
        zero,
        zero,
        zero,
    ).where(report_row.c.period_end >= first if first else True)
    cols = [
        "unit_id",
        "field_id",
        "channel",
        "month",
        "source",
        "received",
        "received_online",
        "resolved",
        "early",
        "on_time",
        "late",
        "late_with_apology",
        "processing_days_sum",
        "online_payment",
        "digitised",
    ]
    parts = union_all(received, resolved, reports)
    conn.execute(insert(rollup_month).from_select(cols, _in_month_order(parts, 4, 1)))


def _refresh_unit_month(conn: Connection, first: date | None) -> None:
    """rollup_unit_month = rollup_month summed over field and channel."""
    _refresh_summed(conn, rollup_month, rollup_unit_month, "month", first)


def _refresh_summed(conn: Connection, fine, coarse, day: str, first: date | None) -> None:  # noqa: ANN001
    """``coarse`` rewritten from ``first`` on (all when None) as ``fine`` summed over what
    ``coarse`` leaves out: its keys are the unit, ``day`` (the month or the month end) and
    the source where it has one; its other columns are sums. Written in month order
    (``_in_month_order``)."""
    keys = [c for c in ("unit_id", day, "source") if c in coarse.c]
    counts = [c.name for c in coarse.c if c.name not in keys]
    conn.execute(delete(coarse).where(coarse.c[day] >= first) if first else delete(coarse))
    sums = (
        select(*[fine.c[k] for k in keys], *[func.sum(fine.c[c]) for c in counts])
        .where(fine.c[day] >= first if first else true())
        .group_by(*[fine.c[k] for k in keys])
        .order_by(fine.c[day], fine.c.unit_id)
    )
    conn.execute(insert(coarse).from_select([*keys, *counts], sums))


def refresh_satisfaction(conn: Connection, first: date | None) -> None:
    """rollup_satisfaction_month from the satisfaction responses dated in ``first``'s month or
    later (all when None), and rollup_satisfaction_unit_month from it."""
    refresh_satisfaction_month(conn, first)
    _refresh_satisfaction_units(conn, first)


def refresh_satisfaction_month(conn: Connection, first: date | None) -> None:
    """rollup_satisfaction_month alone (migration 0004 calls it, before the table per unit
    and month exists)."""
    sr, r = satisfaction_response, rollup_satisfaction_month
    conn.execute(delete(r).where(r.c.month >= first) if first else delete(r))
    month = month_start(sr.c.responded_on)
    aggs = [func.count(), _ones(sr.c.overall >= 4)]
    aggs += [_ones(sr.c.overall == k) for k in range(1, 6)]
    aggs += [func.count(sr.c[e]) for e in SIPAS_ELEMENTS]
    aggs += [_ones(sr.c[e] >= 4) for e in SIPAS_ELEMENTS]
    stmt = (
        select(sr.c.unit_id, month, sr.c.rating_channel, sr.c.field_id, *aggs)
        .where(sr.c.responded_on >= first if first else True)
        .group_by(sr.c.unit_id, month, sr.c.rating_channel, sr.c.field_id)
        .order_by(month, sr.c.unit_id)
    )
    cols = [
        "unit_id",
        "month",
        "rating_channel",
        "field_id",
        "responses",
        "satisfied",
        *[f"r{k}" for k in range(1, 6)],
        *[f"{e}_n" for e in SIPAS_ELEMENTS],
        *[f"{e}_ok" for e in SIPAS_ELEMENTS],
    ]
    conn.execute(insert(r).from_select(cols, stmt))


def _refresh_satisfaction_units(conn: Connection, first: date | None) -> None:
    """rollup_satisfaction_unit_month: rollup_satisfaction_month summed over rating channel
    and field (what most satisfaction figures read)."""
    _refresh_summed(conn, rollup_satisfaction_month, rollup_satisfaction_unit_month, "month", first)


def refresh_backlog(conn: Connection, first: date | None) -> None:
    """The month-end backlogs (per unit and field, and per unit), rollup_body_month, and the
    backlog at the end of today (``refresh_backlog_day``)."""
    _refresh_backlog(conn, first)
    _refresh_backlog_units(conn, first)
    refresh_backlog_day(conn)


def refresh_backlog_day(conn: Connection, day: date | None = None) -> int:
    """backlog_day: the dossiers pending at the end of ``day`` (today when None) per unit and
    department, counted as the pages count them from the rows (``queries.on_time.pending_day``),
    in place of the day kept before. A running period's pages read it on that day. Every
    refresh after an import makes it (a dossier received long ago and resolved today changes
    today's backlog), and ``oversight refresh-day`` after midnight, for a day without one.
    Returns the rows kept (units and departments with a pending dossier)."""
    from queries.on_time import pending_day

    day = day or settings.today()
    rows = []
    for unit_id, department_id, within, overdue, lettered, oldest in conn.execute(
        pending_day(conn, day)
    ):
        due, code = oldest.split("|", 1) if oldest is not None else (None, None)
        rows.append(
            dict(
                as_of=day,
                unit_id=unit_id,
                department_id=department_id,
                pending_within=within,
                pending_overdue=overdue,
                pending_overdue_apology=lettered,
                oldest_code=code,
                oldest_due=None if due is None else date.fromisoformat(due),
            )
        )
    conn.execute(delete(backlog_day))
    for i in range(0, len(rows), 20_000):
        conn.execute(insert(backlog_day), rows[i : i + 20_000])
    return len(rows)


def _refresh_backlog(conn: Connection, first: date | None) -> None:
    """backlog_month_end and rollup_body_month, from one pass over the pending dossiers."""
    body = rollup_body_month
    if first:
        # From ``first`` itself, not its month end: a report's period may end mid-month (the
        # 15th-to-14th regime ends on the 14th), and its row, re-read below from ``first`` on,
        # must be replaced, never added twice (issue 11).
        conn.execute(delete(backlog_month_end).where(backlog_month_end.c.as_of >= first))
        conn.execute(delete(body).where(body.c.month >= first))
    else:
        conn.execute(delete(backlog_month_end))
        conn.execute(delete(body))
    _insert_body_late(conn, first)
    # Each bound its own subquery: SQLite reads a lone min() or max() off the index's end,
    # but both in one select scan the whole index (~1.2 s at 10M).
    bounds = conn.execute(
        select(
            select(func.min(dossier.c.received_date)).scalar_subquery(),
            select(func.max(dossier.c.received_date)).scalar_subquery(),
        )
    ).one()
    rows: list[dict] = []
    if bounds[0] is not None:
        lo = first or _as_date(bounds[0])
        hi = max(_as_date(bounds[1]), lo)
        ends = _month_ends(lo, hi)
        backlog, overdue = _backlog_from_dossiers(conn, ends)
        rows.extend(backlog)
        overdue.sort(key=lambda r: (r["month"], r["unit_id"]))  # (see _in_month_order)
        for i in range(0, len(overdue), 20_000):
            conn.execute(insert(body), overdue[i : i + 20_000])
    # Report rows carry their own pending counts at their period end.
    rep = select(
        report_row.c.unit_id,
        report_row.c.field_id,
        report_row.c.period_end,
        report_row.c.pending_within,
        report_row.c.pending_overdue,
    ).where(report_row.c.period_end >= first if first else True)
    for unit_id, field_id, end, within, overdue in conn.execute(rep):
        rows.append(
            dict(
                unit_id=unit_id,
                field_id=field_id,
                as_of=_as_date(end),
                source="report",
                pending_within=within,
                pending_overdue=overdue,
                pending_overdue_apology=0,  # the form does not carry letters
            )
        )
    rows.sort(key=lambda r: (r["as_of"], r["unit_id"]))  # (see _in_month_order)
    for i in range(0, len(rows), 20_000):
        conn.execute(insert(backlog_month_end), rows[i : i + 20_000])


def _refresh_backlog_units(conn: Connection, first: date | None) -> None:
    """backlog_unit_month_end: backlog_month_end summed over fields, per unit, day and source
    (what the figures without a field read). Apart from ``_refresh_backlog``, which migration
    18_body_rollup calls before this table exists."""
    _refresh_summed(conn, backlog_month_end, backlog_unit_month_end, "as_of", first)


def _insert_body_late(conn: Connection, first: date | None) -> None:
    """rollup_body_month's "late" rows: dossiers resolved after their effective due date, by
    resolving unit, department and resolution month (``queries.bodies``' late part)."""
    d = dossier
    month = month_start(d.c.resolved_date)
    stmt = (
        select(
            d.c.resolving_unit_id,
            d.c.department_id,
            month,
            func.count(),
            _ones(d.c.apology_letter.is_not(True)),
            literal(0),
            literal(0),
            literal(0),
        )
        .where(
            d.c.resolved_date > d.c.effective_due_date,
            d.c.status.in_(RESOLVED_STATUSES),
            d.c.resolved_date >= first if first else True,
        )
        .group_by(d.c.resolving_unit_id, d.c.department_id, month)
        .order_by(month, d.c.resolving_unit_id)
    )
    cols = ["unit_id", "department_id", "month", "late", "late_no_apology", "pending", "overdue"]
    conn.execute(insert(rollup_body_month).from_select([*cols, "overdue_no_apology"], stmt))


def _in_month_order(parts, month: int, unit: int):  # noqa: ANN001, ANN202
    """The rows of ``parts`` (a UNION ALL) in the order rollups are written: by month, then
    unit (``month``, ``unit``: 1-based column positions; the parts' columns are not all
    named). Pages read a range of months for a province's units through the (month, unit_id)
    indexes; rows written in that order lie together on disk (a quarter of the service
    index's rollup at 10M: ~4,000 table pages instead of ~15,000), so each read touches a
    few pages rather than one a row. Written in group order, they were scattered."""
    return parts.order_by(literal_column(str(month)), literal_column(str(unit)))


def _month_ends(lo: date, hi: date) -> list[date]:
    out, d = [], month_end(lo)
    while d <= month_end(hi):
        out.append(d)
        d = month_end(d + timedelta(days=1))
    return out


def _backlog_from_dossiers(conn: Connection, ends: list[date]) -> tuple[list[dict], list[dict]]:
    """Pending at month end E: received <= E, and not resolved or closed by E.
    Overdue when the effective due date is before E; of those, the ones with an apology
    letter (the apology share's pending part, queries.on_time).

    Returns the backlog_month_end rows and rollup_body_month's "overdue" rows (by unit and
    department: count, without a letter, the dossier due longest ago)."""
    first_end = ends[0]
    ends_arr = np.array(ends, dtype="datetime64[D]")
    d = dossier

    def part(*where):  # noqa: ANN002, ANN202
        return select(
            d.c.resolving_unit_id,
            d.c.field_id,
            d.c.received_date,
            d.c.effective_due_date,
            d.c.resolved_date,
            d.c.closed_date,
            d.c.apology_letter,
            d.c.department_id,
            d.c.code,
        ).where(*where)

    # Pending at some end from the first on: received by the last end, and neither resolved
    # nor closed by the first (coalesce(resolved, closed) > first_end, or both null). Three
    # disjoint parts, each read through an index of its few rows: resolved after the first
    # end (_resolved_since); unresolved, open or closed after it (ix_dossier_open). One condition over every row
    # read all the dossiers received by the last end: ~6 s of SQLite's refresh at 10M.
    # The received-date test through coalesce (never null) keeps SQLite off
    # ix_dossier_received, which would read every dossier (as in queries.index766).
    received_by = func.coalesce(d.c.received_date, d.c.received_date) <= ends[-1]
    stmt = union_all(
        part(_resolved_since(first_end, after=True), d.c.received_date <= ends[-1]),
        part(d.c.resolved_date.is_(None), d.c.closed_date.is_(None), received_by),
        part(d.c.resolved_date.is_(None), d.c.closed_date > first_end, received_by),
    )
    acc: dict[tuple[int, int], np.ndarray] = {}
    bodies: list[pd.DataFrame] = []
    pending_by_body: dict[tuple[int, int], np.ndarray] = {}
    n = len(ends)
    # 50,000 rows at a time: an import's refresh must stay within its memory budget.
    result = conn.execute(stmt.execution_options(yield_per=50_000))
    for chunk in result.partitions():
        df = pd.DataFrame(
            chunk,
            columns=["unit", "field", "recv", "due", "res", "closed", "apology", "dept", "code"],
        )
        letter = df["apology"].fillna(False).astype(bool).to_numpy()
        recv = pd.to_datetime(df["recv"]).values.astype("datetime64[D]")
        due = pd.to_datetime(df["due"]).values.astype("datetime64[D]")
        gone = pd.to_datetime(df["res"].fillna(df["closed"])).values.astype("datetime64[D]")
        # Month-end index range [a, b) where the dossier is pending.
        a = np.searchsorted(ends_arr, recv, side="left")  # first end >= received
        b = np.where(np.isnat(gone), n, np.searchsorted(ends_arr, gone, side="left"))
        # Overdue from the first end strictly after the due date.
        o = np.maximum(np.searchsorted(ends_arr, due, side="right"), a)
        keys = list(zip(df["unit"].tolist(), df["field"].tolist(), strict=True))
        codes, uniq = pd.factorize(pd.Series(keys))
        for key in uniq:
            if key not in acc:
                acc[key] = np.zeros((3, n + 1), dtype=np.int64)
        diff = np.zeros((len(uniq), 3, n + 1), dtype=np.int64)
        valid = a < b
        np.add.at(diff, (codes[valid], 0, a[valid]), 1)
        np.add.at(diff, (codes[valid], 0, b[valid]), -1)
        ov = valid & (o < b)
        np.add.at(diff, (codes[ov], 1, o[ov]), 1)
        np.add.at(diff, (codes[ov], 1, b[ov]), -1)
        ol = ov & letter
        np.add.at(diff, (codes[ol], 2, o[ol]), 1)
        np.add.at(diff, (codes[ol], 2, b[ol]), -1)
        for k, key in enumerate(uniq):
            acc[key] += diff[k]
        # Pending by unit and department: the same difference array, keyed by department.
        depts = df["dept"].fillna(-1).astype("int64").tolist()
        dkeys = list(zip(df["unit"].tolist(), depts, strict=True))
        dcodes, duniq = pd.factorize(pd.Series(dkeys))
        ddiff = np.zeros((len(duniq), n + 1), dtype=np.int64)
        np.add.at(ddiff, (dcodes[valid], a[valid]), 1)
        np.add.at(ddiff, (dcodes[valid], b[valid]), -1)
        for k, key in enumerate(duniq):
            if key in pending_by_body:
                pending_by_body[key] += ddiff[k]
            else:
                pending_by_body[key] = ddiff[k].copy()
        if ov.any():
            bodies.append(_overdue_by_body(df[ov], o[ov], b[ov], due[ov], letter[ov]))
            if sum(len(p) for p in bodies) > 500_000:  # bounded memory on a full refresh
                bodies = [_reduce_body(pd.concat(bodies, ignore_index=True))]
    rows = []
    for (unit_id, field_id), d in acc.items():
        pending = np.cumsum(d[0])[:n]
        overdue = np.cumsum(d[1])[:n]
        lettered = np.cumsum(d[2])[:n]
        for i in np.nonzero(pending)[0]:
            rows.append(
                dict(
                    unit_id=int(unit_id),
                    field_id=int(field_id),
                    as_of=ends[i],
                    source="dossier",
                    pending_within=int(pending[i] - overdue[i]),
                    pending_overdue=int(overdue[i]),
                    pending_overdue_apology=int(lettered[i]),
                )
            )
    return rows, _body_rows(bodies, pending_by_body, ends)


def _overdue_by_body(
    df: pd.DataFrame, o: np.ndarray, b: np.ndarray, due: np.ndarray, letter: np.ndarray
) -> pd.DataFrame:
    """One chunk's overdue dossiers, one row per (unit, department, month end) they are
    overdue at: the count, those without a letter, and the one due longest ago."""
    lens = b - o
    # Each dossier's month-end indexes o..b-1, laid end to end.
    idx = np.arange(lens.sum()) - np.repeat(np.cumsum(lens) - lens, lens) + np.repeat(o, lens)
    pairs = pd.DataFrame(
        {
            "unit": np.repeat(df["unit"].to_numpy(), lens),
            # -1 for no department: group keys must not be missing.
            "dept": np.repeat(df["dept"].fillna(-1).astype("int64").to_numpy(), lens),
            "end": idx,
            "no_letter": np.repeat((~letter).astype("int64"), lens),
            "due": np.repeat(due, lens),
            "code": np.repeat(df["code"].to_numpy(), lens),
        }
    )
    return _reduce_body(pairs.assign(n=1))


def _reduce_body(pairs: pd.DataFrame) -> pd.DataFrame:
    """Per (unit, dept, end): sums of n and no_letter, and the oldest (due, code)."""
    keys = ["unit", "dept", "end"]
    counts = pairs.groupby(keys, sort=False)[["n", "no_letter"]].sum()
    oldest = pairs.sort_values([*keys, "due", "code"]).drop_duplicates(keys).set_index(keys)
    return counts.join(oldest[["due", "code"]]).reset_index()


def _body_rows(
    parts: list[pd.DataFrame], pending: dict[tuple[int, int], np.ndarray], ends: list[date]
) -> list[dict]:
    """rollup_body_month's "pending" rows: one per (unit, department, month end) with dossiers
    pending, with the overdue counts and oldest case of the chunks' overdue rows."""
    overdue: dict[tuple[int, int, int], tuple] = {}
    if parts:
        # A (unit, department, month end) may span chunks: reduce the chunks' rows once more.
        df = _reduce_body(pd.concat(parts, ignore_index=True))
        overdue = {
            (int(r.unit), int(r.dept), int(r.end)): (int(r.n), int(r.no_letter), r.code, r.due)
            for r in df.itertuples(index=False)
        }
    rows = []
    n = len(ends)
    for (unit, dept), diff in pending.items():
        counts = np.cumsum(diff)[:n]
        for i in np.nonzero(counts)[0]:
            o = overdue.get((int(unit), int(dept), int(i)))
            rows.append(
                dict(
                    unit_id=int(unit),
                    department_id=None if dept < 0 else int(dept),
                    month=ends[i].replace(day=1),
                    late=0,
                    late_no_apology=0,
                    pending=int(counts[i]),
                    overdue=o[0] if o else 0,
                    overdue_no_apology=o[1] if o else 0,
                    oldest_code=o[2] if o else None,
                    oldest_due=pd.Timestamp(o[3]).date() if o else None,
                )
            )
    return rows


def _as_date(v) -> date:  # noqa: ANN001 - SQLite may hand back strings
    return v if isinstance(v, date) else date.fromisoformat(str(v)[:10])


def refresh_index766(conn: Connection, first: date | None) -> None:
    """rollup_index766_month from the dossiers received or resolved in ``first``'s month or
    later (all when None): what the service index counts (queries/index766.py)."""
    from dashboard.storage.schema import (
        INDEX766_RECEIVED,
        INDEX766_RESOLVED,
        rollup_index766_month,
    )

    r, d = rollup_index766_month, dossier
    conn.execute(delete(r).where(r.c.month >= first) if first else delete(r))
    zero = literal(0)
    eligible = d.c.full_online_service.is_(True)
    fee = d.c.fee_required.is_(True)

    def known(col):  # noqa: ANN001, ANN202
        return _ones(col.is_not(None))

    def true(col):  # noqa: ANN001, ANN202
        return _ones(col.is_(True))

    cols = [
        "unit_id",
        "procedure_id",
        "department_id",
        "month",
        *INDEX766_RECEIVED,
        *INDEX766_RESOLVED,
    ]

    def labelled(*exprs):  # noqa: ANN002, ANN202
        return select(*[e.label(n) for e, n in zip(exprs, cols, strict=True)])

    recv_month = month_start(d.c.received_date)
    received = (
        labelled(
            d.c.receiving_unit_id,
            d.c.procedure_id,
            d.c.department_id,
            recv_month,
            func.count(),
            true(d.c.digitised),
            known(d.c.synced_on_time),
            true(d.c.synced_on_time),
            known(d.c.data_reused),
            true(d.c.data_reused),
            known(d.c.shared_reuse),
            true(d.c.shared_reuse),
            known(d.c.population_db),
            true(d.c.population_db),
            _ones(eligible),
            _ones(and_(eligible, d.c.channel == CHANNEL_ONLINE)),
            _ones(fee),
            _ones(and_(fee, d.c.online_payment.is_(True))),
            true(d.c.online_payment),
            *[zero] * len(INDEX766_RESOLVED),
        )
        .where(d.c.received_date >= first if first else True)
        .group_by(d.c.receiving_unit_id, d.c.procedure_id, d.c.department_id, recv_month)
    )
    done, due = d.c.resolved_date, d.c.effective_due_date
    res_month = month_start(done)
    resolved = (
        labelled(
            d.c.resolving_unit_id,
            d.c.procedure_id,
            d.c.department_id,
            res_month,
            *[zero] * len(INDEX766_RECEIVED),
            func.count(),
            _ones(done <= due),
            known(d.c.result_electronic),
            true(d.c.result_electronic),
            _ones(or_(done > due, d.c.citizen_unsatisfied.is_(True))),
        )
        .where(
            d.c.status.in_(RESOLVED_STATUSES),
            done.is_not(None),
            _resolved_since(first),
        )
        .group_by(d.c.resolving_unit_id, d.c.procedure_id, d.c.department_id, res_month)
    )
    both = union_all(received, resolved).subquery()
    keys = [both.c.unit_id, both.c.procedure_id, both.c.department_id, both.c.month]
    stmt = (
        select(*keys, *[func.sum(both.c[c]) for c in cols[4:]])
        .group_by(*keys)
        .order_by(both.c.month, both.c.unit_id)
    )
    conn.execute(insert(r).from_select(cols, stmt))


def refresh_index766_units(conn: Connection, first: date | None) -> None:
    """rollup_index766_unit_month: rollup_index766_month summed over procedure and department
    (from ``first``'s month, or all), for the scorecards that need neither, with the
    fee-bearing procedures used (``_fee_months``). (Apart from refresh_index766: migrations
    before this table's call that one.) An import of lists calls it for every month: the
    fee counts read the lists. Rewritten rather than updated: an UPDATE moves PostgreSQL's
    rows out of month order (_in_month_order)."""
    from dashboard.storage.schema import (
        INDEX766_RECEIVED,
        INDEX766_RESOLVED,
        rollup_index766_month,
        rollup_index766_unit_month,
    )

    r, coarse = rollup_index766_month, rollup_index766_unit_month
    cols = [*INDEX766_RECEIVED, *INDEX766_RESOLVED]
    conn.execute(delete(coarse).where(coarse.c.month >= first) if first else delete(coarse))
    sums = (
        select(r.c.unit_id, r.c.month, *[func.sum(r.c[c]).label(c) for c in cols])
        .where(r.c.month >= first if first else true())
        .group_by(r.c.unit_id, r.c.month)
        .subquery("sums")
    )
    fees = _fee_months(first)
    stmt = (
        select(
            sums.c.unit_id,
            sums.c.month,
            *[sums.c[c] for c in cols],
            func.coalesce(fees.c.used, 0),
            func.coalesce(fees.c.paid, 0),
        )
        .select_from(
            sums.outerjoin(
                fees, and_(fees.c.unit_id == sums.c.unit_id, fees.c.month == sums.c.month)
            )
        )
        .order_by(sums.c.month, sums.c.unit_id)
    )
    names = ["unit_id", "month", *cols, "fee_procs_used", "fee_procs_paid_online"]
    conn.execute(insert(coarse).from_select(names, stmt))


def refresh_index766_departments(conn: Connection, first: date | None) -> None:
    """rollup_index766_department_month: rollup_index766_month summed over procedure, per
    unit, department and month (from ``first``'s month, or all), for the department ranking
    and a department's scorecard."""
    from dashboard.storage.schema import (
        INDEX766_RECEIVED,
        INDEX766_RESOLVED,
        rollup_index766_department_month,
        rollup_index766_month,
    )

    r, coarse = rollup_index766_month, rollup_index766_department_month
    cols = [*INDEX766_RECEIVED, *INDEX766_RESOLVED]
    conn.execute(delete(coarse).where(coarse.c.month >= first) if first else delete(coarse))
    keys = [r.c.unit_id, r.c.department_id, r.c.month]
    stmt = (
        select(*keys, *[func.sum(r.c[c]) for c in cols])
        .where(r.c.month >= first if first else true())
        .group_by(*keys)
        .order_by(r.c.month, r.c.unit_id)
    )
    conn.execute(insert(coarse).from_select(["unit_id", "department_id", "month", *cols], stmt))


def refresh_index766_pairs(conn: Connection, first: date | None) -> None:
    """rollup_index766_pair for every calendar quarter and year that ends on or after
    ``first`` (all when None), from rollup_index766_month: a span is regrouped whole, its
    months before ``first`` too, so a refresh from November rebuilds the fourth quarter and
    the year."""
    from dashboard.storage.schema import rollup_index766_month, rollup_index766_pair

    r, pair = rollup_index766_month, rollup_index766_pair
    conn.execute(delete(pair).where(pair.c.span_end >= first) if first else delete(pair))
    since = date(first.year, 1, 1) if first else None  # the year's months count in its span
    months = conn.execute(
        select(r.c.month).distinct().where(r.c.month >= since if since else true())
    ).scalars()
    spans = sorted({s for m in months for s in calendar_spans(_as_date(m))})
    cols = ["span_start", "span_end", "unit_id", "procedure_id", "paid_online"]
    for start, end in spans:
        if first and end < first:
            continue
        used = (
            select(
                literal(start, Date()),
                literal(end, Date()),
                r.c.unit_id,
                r.c.procedure_id,
                case((func.sum(r.c.paid_online) > 0, 1), else_=0),
            )
            .where(r.c.month >= start, r.c.month <= end)
            .group_by(r.c.unit_id, r.c.procedure_id)
            .having(func.sum(r.c.received) > 0)
            .order_by(r.c.unit_id, r.c.procedure_id)
        )
        conn.execute(insert(pair).from_select(cols, used))


def refresh_index766_unit_spans(conn: Connection, first: date | None) -> None:
    """rollup_index766_unit_span for every span that ends on or after ``first`` (all when
    None): rollup_index766_pair matched with the fee-bearing rows of the units' lists,
    counted per span and unit. An import of lists calls it with None (every span)."""
    from dashboard.storage.schema import (
        rollup_index766_pair,
        rollup_index766_unit_span,
        unit_procedure,
    )

    pair, up, out = rollup_index766_pair, unit_procedure, rollup_index766_unit_span
    conn.execute(delete(out).where(out.c.span_end >= first) if first else delete(out))
    keys = [pair.c.span_start, pair.c.span_end, pair.c.unit_id]
    counted = (
        select(*keys, func.count(), func.sum(pair.c.paid_online))
        .select_from(
            pair.join(
                up,
                and_(up.c.unit_id == pair.c.unit_id, up.c.procedure_id == pair.c.procedure_id),
            )
        )
        .where(up.c.fee_bearing.is_(True), pair.c.span_end >= first if first else true())
        .group_by(*keys)
        .order_by(*keys)
    )
    cols = ["span_start", "span_end", "unit_id", "fee_procs_used", "fee_procs_paid_online"]
    conn.execute(insert(out).from_select(cols, counted))


def _fee_months(first: date | None):  # noqa: ANN202
    """Per unit and month (from ``first``'s, or all): the fee-bearing procedures of the unit's
    list that had dossiers received in the month (used), and those with one paid online
    (paid): ``queries.index766``'s fee_used, month by month."""
    from dashboard.storage.schema import rollup_index766_month, unit_procedure

    r, up = rollup_index766_month, unit_procedure
    pairs = (
        select(
            r.c.unit_id,
            r.c.procedure_id,
            r.c.month,
            case((func.sum(r.c.paid_online) > 0, 1), else_=0).label("paid"),
        )
        .where(r.c.month >= first if first else true())
        .group_by(r.c.unit_id, r.c.procedure_id, r.c.month)
        .having(func.sum(r.c.received) > 0)
        .subquery("pairs")
    )
    return (
        select(
            pairs.c.unit_id,
            pairs.c.month,
            func.count().label("used"),
            func.sum(pairs.c.paid).label("paid"),
        )
        .select_from(
            pairs.join(
                up,
                and_(up.c.unit_id == pairs.c.unit_id, up.c.procedure_id == pairs.c.procedure_id),
            )
        )
        .where(up.c.fee_bearing.is_(True))
        .group_by(pairs.c.unit_id, pairs.c.month)
        .subquery("fees")
    )
