"""The national service index (Decision 766/QĐ-TTg, 2022): the portal's 100-point score, estimated.

Definitions (DOMAIN.md, "The national service index"): six groups, every indicator with its
maximum, and the conversion of a rate into points reconstructed by a public analysis of the
portal's published scores. These figures are an **estimate**; the official score, when imported,
is shown beside them.

Grain: one row per indicator of the decision's table (payment is one indicator, its parts A, B
and C are columns of it) for a scope (a province or commune, today's or as it was; optionally
one department) and a calendar period (month, quarter, year). Counting rules:

- dossiers received in the period count by receiving unit; resolved in the period and pending
  at its end by resolving unit (as every on-time figure does); while a period runs, "in the
  period" runs to today;
- "pending at the end" is as of the period's last day, or today while the period runs:
  received by then and neither resolved nor closed by then; within deadline when the effective
  due date (appointment plus supplement waiting) is not before that day;
- an attribute the export did not carry (NULL) is left out of both numerator and denominator,
  so a unit that does not export it shows "no data", never 0 points;
- a unit's procedure list (``unit_procedure``) counts each (unit, procedure) pair of the units
  in scope that existed during the period; communes' electronic certified copies count the
  communes in scope that existed during the period (offered when it was offered by its end);
- petitions via the portal (PAKN) count by unit: on time = (handled by the deadline + pending
  and still within it at the end) / received in the period; satisfaction = (handled − rated
  unsatisfied, complained again or handled late) / handled in the period;
- dossier satisfaction = (resolved − rated unsatisfied or complained about, or resolved late) /
  resolved in the period (an unknown rating is not counted as unsatisfied).

Points: ``max × rate / 100`` (never above max); data already held reused: ``min(2, 2 × rate /
80)``; dossier satisfaction ``min(6, 6 × rate / 90)``; PAKN ones: 6 when there were no PAKN;
payment ``min(10, 6 A + min(2, 2.5 B) + 2.5 C)`` with A, B, C ratios 0..1 (no data when any of
their denominators is 0); online services: rate shown, points **not determined** (the
conversion is not known). A denominator of 0 is "no data" (score None) except where the rule
gives full points. The total adds the points determined and says how many are undetermined or
without data. The official periodic report (Biểu 06) does not enter the index.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

import numpy as np
import pandas as pd
from sqlalchemy import (
    Connection,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import aliased

from dashboard.domain.periods import Period, calendar_spans, month_end
from dashboard.storage import settings
from dashboard.storage.rollups import RESOLVED_STATUSES
from dashboard.storage.schema import (
    CHANNEL_ONLINE,
    admin_unit,
    backlog_month_end,
    backlog_unit_month_end,
    commune_service,
    department,
    dossier,
    index766_official,
    pakn,
    procedure,
    rollup_body_month,
    rollup_index766_department_month,
    rollup_index766_month,
    rollup_index766_unit_month,
    rollup_index766_unit_span,
    unit_procedure,
)
from queries import shared, statements
from queries.figures import Figure
from queries.on_time import (
    pending_by_department,
    pending_dossiers,
    pending_parts,
    pending_parts_since,
    received_since,
    resolved_since,
    resolved_since_bound,
)
from queries.statements import bound_date
from queries.units import (
    SQL_BIGINT,
    SQL_DATE,
    Scope,
    _as_date,
    cached_units,
    check_unit_id,
    get_unit,
    in_ids,
    per_version,
    recorded_unit_ids,
)
from queries.units import as_of_day as units_as_of_day

# Group names exactly as DOMAIN.md writes them, with their maxima.
GROUPS = {
    "publicity": ("Công khai, minh bạch", 18),
    "progress": ("Tiến độ giải quyết", 20),
    "online": ("Dịch vụ công trực tuyến", 12),
    "payment": ("Thanh toán trực tuyến", 10),
    "digitisation": ("Số hóa hồ sơ", 22),
    "satisfaction": ("Mức độ hài lòng", 18),
}


@dataclass(frozen=True)
class Indicator:
    code: str
    group: str  # a key of GROUPS
    name_vi: str
    name_en: str
    max_score: float
    rule: str  # linear | reuse80 | sat90 | pakn | payment | undetermined


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "announced_on_time",
        "publicity",
        "Thủ tục hành chính được công bố đúng hạn",
        "Procedures announced on time",
        6,
        "linear",
    ),
    Indicator(
        "published_on_time",
        "publicity",
        "Thủ tục được cập nhật, công khai đúng hạn trên CSDL quốc gia về TTHC",
        "Procedures updated and published on time in the national database",
        4,
        "linear",
    ),
    Indicator(
        "published_complete",
        "publicity",
        "Thủ tục được công khai đầy đủ các nội dung",
        "Procedures published with all required parts",
        2,
        "linear",
    ),
    Indicator(
        "synced_on_time",
        "publicity",
        "Hồ sơ được đồng bộ trạng thái lên Cổng DVCQG đúng hạn",
        "Dossiers whose status is synced to the national portal on time",
        6,
        "linear",
    ),
    Indicator(
        "on_time",
        "progress",
        "Hồ sơ xử lý đúng hạn (kể cả đang xử lý trong hạn)",
        "Dossiers handled on time (pending within deadline included)",
        20,
        "linear",
    ),
    Indicator(
        "full_online",
        "online",
        "Hồ sơ trực tuyến toàn trình / hồ sơ của thủ tục đủ điều kiện toàn trình",
        "Full-online dossiers / dossiers of procedures eligible for full-online service",
        12,
        "undetermined",
    ),
    Indicator(
        "payment",
        "payment",
        "Thanh toán trực tuyến (A, B, C)",
        "Online payment (A, B, C)",
        10,
        "payment",
    ),
    Indicator(
        "result_electronic",
        "digitisation",
        "Kết quả giải quyết được cấp dưới dạng điện tử",
        "Results issued electronically",
        6,
        "linear",
    ),
    Indicator(
        "digitised",
        "digitisation",
        "Thành phần hồ sơ được số hóa",
        "Dossier components digitised",
        4,
        "linear",
    ),
    Indicator(
        "e_certified_copy",
        "digitisation",
        "Xã, phường cung cấp chứng thực bản sao điện tử",
        "Communes offering electronic certified copies",
        2,
        "linear",
    ),
    Indicator(
        "data_reused",
        "digitisation",
        "Hồ sơ sử dụng lại dữ liệu đã có thay thành phần hồ sơ (đủ điểm ở 80 %)",
        "Dossiers where data already held replaced a component (full points at 80 %)",
        2,
        "reuse80",
    ),
    Indicator(
        "shared_reuse",
        "digitisation",
        "Hồ sơ khai thác, sử dụng lại dữ liệu số hóa",
        "Digitised dossiers shared for reuse",
        4,
        "linear",
    ),
    Indicator(
        "population_db",
        "digitisation",
        "Hồ sơ khai thác CSDL quốc gia về dân cư",
        "Dossiers using the population database",
        2,
        "linear",
    ),
    Indicator(
        "procedures_population_db",
        "digitisation",
        "Thủ tục kết nối CSDL quốc gia về dân cư",
        "Procedures connected to the population database",
        2,
        "linear",
    ),
    Indicator(
        "pakn_on_time",
        "satisfaction",
        "Phản ánh, kiến nghị được xử lý đúng hạn",
        "Petitions and feedback (PAKN) handled on time",
        6,
        "pakn",
    ),
    Indicator(
        "pakn_satisfaction",
        "satisfaction",
        "Hài lòng về xử lý phản ánh, kiến nghị",
        "Satisfaction with PAKN handling",
        6,
        "pakn",
    ),
    Indicator(
        "dossier_satisfaction",
        "satisfaction",
        "Hài lòng trong tiếp nhận, giải quyết hồ sơ",
        "Satisfaction in receiving and resolving dossiers",
        6,
        "sat90",
    ),
)
BY_CODE = {i.code: i for i in INDICATORS}
# Indicators whose points fall by max / denominator for each failing dossier or petition.
LINEAR = tuple(i.code for i in INDICATORS if i.rule in ("linear", "pakn"))
COLUMNS = [
    "code",
    "group_code",
    "group",
    "indicator",
    "indicator_en",
    "numerator",
    "denominator",
    "ratio",
    "score",
    "max_score",
    "status",  # ok | no_data | undetermined | full_no_pakn
    "a_numerator",
    "a_denominator",
    "b_numerator",
    "b_denominator",
    "c_numerator",
    "c_denominator",
    "official_score",  # the portal's, when imported (None otherwise)
    "difference",  # estimate − official
    "flagged",  # the difference is over FLAG_POINTS
]
# Estimate and official differ by more than this many points: flagged.
FLAG_POINTS = 0.5


def _ones(cond):  # noqa: ANN001, ANN202
    return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)


def _known(col):  # noqa: ANN001, ANN202
    return _ones(col.is_not(None))


def _true(col):  # noqa: ANN001, ANN202
    return _ones(col.is_(True))


@dataclass(frozen=True)
class _Window:
    """The days a count covers: ``start``..``end`` (the period) and ``as_of`` (the day pending
    dossiers and petitions are judged at), as dates; in the statement (``_counts_statement``)
    the parameters they are bound to. For many months in one statement
    (``grouped_counts(by="month")``), ``months`` holds each month's (start, end, as_of), and
    the statement reads them as the columns of a CTE with one row per month, ``key`` its
    month column to group by. The same expressions serve both, so a month of the trend is
    counted exactly as that month's own scorecard."""

    start: object
    end: object
    as_of: object
    key: object = None
    months: tuple = ()
    # Many months: the first start and the last as_of, bound (``_within_months``).
    first: object = None
    last: object = None


def _months_window(months: list[Period], today: date | None) -> _Window:
    """The window of several months counted each as its own period (the trend's)."""
    spans = tuple((m.start, m.end, as_of_day(m, today)) for m in months)
    return _Window(spans[0][0], spans[-1][1], None, months=spans)


def _within_months(col, w: _Window) -> tuple:  # noqa: ANN001
    """With many months, ``col`` within the first month's start and the last one's as_of as
    well as within its own month: the months' CTE bounds a column only through the join, so
    PostgreSQL read every row of the scope for each month (the petitions via the portal, five
    months of a running quarter's trend: ~70,000 comparisons, ~12 ms a count at 1M dossiers)
    rather than the months' few by index. Nothing for one period (its bounds are bound)."""
    if w.key is None:
        return ()
    return (col >= w.first, col <= w.last)


def _bound_window(n_months: int) -> _Window:
    """The window of ``_counts_statement``, its dates bound (``_window_params``): the period's
    ``start``, ``end``, ``as_of``, or each month i's ``m{i}_start``, ``m{i}_end``, ``m{i}_as_of``."""
    if not n_months:
        return _Window(bound_date("start"), bound_date("end"), bound_date("as_of"))
    rows = [
        select(
            bound_date(f"m{i}_start").label("start"),
            bound_date(f"m{i}_end").label("end"),
            bound_date(f"m{i}_as_of").label("as_of"),
        )
        for i in range(n_months)
    ]
    cte = (rows[0] if len(rows) == 1 else union_all(*rows)).cte("months")
    return _Window(
        cte.c.start,
        cte.c.end,
        cte.c.as_of,
        key=cte.c.start,
        first=bound_date("months_first"),
        last=bound_date("months_last"),
    )


def _window_params(w: _Window) -> dict:
    """The dates ``_bound_window`` binds, for the window of dates ``w``."""
    if not w.months:
        return {"start": w.start, "end": w.end, "as_of": w.as_of}
    params = {
        "months_first": min(start for start, _, _ in w.months),
        "months_last": max(as_of for _, _, as_of in w.months),
    }
    for i, (start, end, as_of) in enumerate(w.months):
        params |= {f"m{i}_start": start, f"m{i}_end": end, f"m{i}_as_of": as_of}
    return params


def as_of_day(period: Period, today: date | None = None) -> date:
    """The day pending dossiers and petitions are counted at (``queries.units.as_of_day``)."""
    return units_as_of_day(period.end, today)


# --- counting -----------------------------------------------------------------------------------


def counts(
    conn: Connection,
    period: Period,
    scope: Scope,
    department_id: int | None = None,
    today: date | None = None,
) -> dict[str, int]:
    """Every numerator and denominator of the index for a scope and period (from the rows)."""
    frame = grouped_counts(conn, period, scope, None, department_id, today)
    if frame.empty:
        return dict.fromkeys(COUNT_KEYS, 0)
    return dict(zip(COUNT_KEYS, _count_block(frame, "int64")[0].tolist(), strict=True))


def _count_block(frame: pd.DataFrame, dtype: str) -> np.ndarray:
    """``grouped_counts``' columns of ``COUNT_KEYS`` as one array (a row per key of the
    frame): a column and a lookup per key cost ~1.5 ms a frame, read by every count,
    score frame and trend."""
    return frame[list(COUNT_KEYS)].to_numpy(dtype=dtype)


# The procedure-list counts.
_LIST_COUNTS = (
    "announced_known",
    "announced",
    "published_known",
    "published",
    "complete_known",
    "complete",
    "proc_popdb_known",
    "proc_popdb",
    "fee_procs",
    "fee_procs_paid_online",
    "fee_procs_used",
)


COUNT_KEYS = (
    "received",
    "digitised",
    "synced_known",
    "synced",
    "reused_known",
    "reused",
    "shared_known",
    "shared",
    "popdb_known",
    "popdb",
    "eligible",
    "full_online",
    "fee",
    "fee_paid_online",
    "resolved",
    "resolved_on_time",
    "result_known",
    "result_electronic",
    "resolved_bad",
    "pending",
    "pending_within",
    "pakn_received",
    "pakn_on_time",
    "pakn_handled",
    "pakn_bad",
    *_LIST_COUNTS,
    "communes",
    "communes_e_copy",
)


def grouped_counts(
    conn: Connection,
    period: Period,
    scope: Scope,
    by: str | None = None,
    department_id: int | None = None,
    today: date | None = None,
    source: str = "auto",
) -> pd.DataFrame:
    """``counts`` for the scope as a whole (``by`` None: one row, key 0), per unit (``by``
    "unit": today's unit, or the unit as it was in the historical view), per department
    (``by`` "department"; procedure lists and communes do not apply to a department) or per
    month of the period (``by`` "month": key the month's first day, each month counted as
    its own period, as_of its end or today).

    ``source``: "rollup" reads the dossiers' counts from the rollups (whole months that have
    ended: rollup_index766_unit_month, or rollup_index766_department_month by or for a
    department), "rows" from the dossier rows, "auto" the rollup for the whole months counted
    and the rows for the days around them ("mixed", ``_auto_source``). All give the same
    figures (tests/test_index766.py).

    Counted once per page for the same arguments (``shared.once``): the page's scorecard and
    what is at stake before the period ends read the same counts, as do the overview's
    headline and the index page's."""
    if by not in (None, "unit", "department", "month"):
        raise ValueError("by is None, 'unit', 'department' or 'month'")
    day = today or settings.today()
    return shared.once(
        conn,
        ("index766_counts", period, scope, by, department_id, day, source),
        lambda: _counts_of(conn, period, scope, by, department_id, today, source),
    )


def _counts_of(conn, period, scope, by, department_id, today, source) -> pd.DataFrame:  # noqa: ANN001
    if by == "month":
        return _counts_by_month(conn, period, scope, department_id, today, source)
    as_of = as_of_day(period, today)
    w = _Window(period.start, period.end, as_of)
    if source == "auto":
        source = _auto_source(period, as_of)
    return _grouped_counts(conn, period, w, scope, by, department_id, source)


def _auto_source(period: Period, as_of: date) -> str:
    """ "rollup" when the days counted (the period's first to ``as_of``) are whole months,
    "rows" when no month's rollup serves them, "mixed" otherwise (``_split``): a quarter
    still running, 1 October to 26 November, is October and November's rollup less the rows
    of 27–30 November."""
    if as_of < period.start:
        return "rows"
    months, days = _split(period, as_of)
    return "rows" if months is None else "mixed" if days else "rollup"


def _counted(period: Period, as_of: date) -> Period:
    """The days a count covers: the period's first to the day pending work is judged at."""
    return Period(period.start, as_of, "custom", period.regime)


def _counts_by_month(conn, period, scope, department_id, today, source) -> pd.DataFrame:  # noqa: ANN001
    """The months that have ended and whose counts are in the rollups, in one statement a
    part (the trend's twelve months: ~10 statements, not 120); the others, and a
    department's, month by month."""
    from dashboard.domain.periods import add_months, parse

    months, m = [], date(period.start.year, period.start.month, 1)
    while m <= period.end:
        months.append(parse(f"{m.year}-{m.month:02d}"))
        m = add_months(m, 1)
    snapshots = per_version(conn, _snapshot_days)
    together = [
        p
        for p in months
        if department_id is None
        and source in ("auto", "rollup")
        and as_of_day(p, today) == p.end
        and p.end in snapshots
    ]
    parts = []
    if together:
        w = _months_window(together, today)
        out = _grouped_counts(conn, period, w, scope, "month", None, "rollup")
        out.index = [_as_date(k) for k in out.index]
        parts.append(out.reindex([p.start for p in together], fill_value=0))
    parts += [
        grouped_counts(conn, p, scope, None, department_id, today, source).set_axis([p.start])
        for p in months
        if p not in together
    ]
    out = pd.concat(parts).reindex([p.start for p in months])
    out.index.name = "key"
    return out


def _snapshot_days(conn: Connection) -> frozenset[date]:
    """The month ends the backlog snapshot holds from dossier rows, read once per data version
    (from its per-unit table: ~30,000 rows at 10M): the trend's months and a month's count
    asked for them on every page (~2 ms a statement on PostgreSQL)."""
    b = backlog_unit_month_end
    rows = conn.execute(select(b.c.as_of).where(b.c.source == "dossier").distinct())
    return frozenset(_as_date(v) for (v,) in rows)


class _Shape(NamedTuple):
    """What the text of ``_grouped_counts``'s statement depends on (``statements.built``); its
    dates and the department are bound when it runs."""

    by: str | None
    historical: bool
    ids: tuple[int, ...]
    department: bool  # one department's counts (:department_id)
    n_months: int  # by month: the months of the window's CTE; 0 otherwise
    rollup: bool  # whole months from the rollups: :months_first..:months_last, or by month's
    signs: tuple[int, ...]  # each span of rows read (:day{i}_first..:day{i}_last), + or -
    since: tuple[bool, ...]  # each span's resolved bounded by :day{i}_since (PostgreSQL)
    pending: str  # "body_snapshot" | "snapshot" | "rows" (:pending_since) | "" read beside
    pending_since: bool
    fee: str  # what _fee_used reads: "unit_month" | "pairs" | "months" | "rows" | "" none


def _grouped_counts(conn, period, w: _Window, scope, by, department_id, source) -> pd.DataFrame:  # noqa: ANN001
    """``grouped_counts`` over the window of dates ``w``: one statement of every count (built
    once for its ``_Shape``, ``_counts_statement``), the pending dossiers read beside it when
    on_time reads the same rows, and the procedure lists summed from their cached sums."""
    ids = recorded_unit_ids(conn, scope.unit_code, scope.historical)
    params: dict = _window_params(w)
    if department_id is not None:
        dept_unit = conn.execute(
            select(department.c.unit_id).where(department.c.id == department_id)
        ).scalar()
        if dept_unit is None:
            raise LookupError(f"no department {department_id}")
        check_unit_id(conn, dept_unit)
        params["department_id"] = department_id
    as_of = w.as_of
    # The dossiers' counts: whole months from the rollups, other days from the rows.
    months, days = (True, []) if w.months else _parts(period, w, source)
    if months is not None and not w.months:
        params |= {"months_first": months[0], "months_last": months[1]}
    since = []
    for i, (first, last, _) in enumerate(days):
        params |= {f"day{i}_first": first, f"day{i}_last": last}
        # PostgreSQL: resolved in the days, so received no earlier than the longest span
        # before them (on_time.resolved_since): the few monthly partitions that can hold one.
        since.append(_bound_since(conn, params, f"day{i}_since", first))
    # Pending at the end (or today), by resolving unit: a month end reads the backlog snapshot
    # (the same definition, dashboard.storage.rollups), a department's the per-department
    # counts beside it; other days (and departments without the rollup source) the rows:
    # for the scope or its units, those on_time's backlog reads (``shared_pending``).
    by_department = by == "department" or department_id is not None
    shared_pending = (
        by in (None, "unit", "department")
        and department_id is None
        and scope.field_code is None
        and scope.channel is None
        and units_as_of_day(as_of) == as_of
    )
    snapshot = by == "month" or (  # _counts_by_month checked every month's
        as_of == month_end(as_of)
        and (source == "rollup" or not by_department)
        and as_of in per_version(conn, _snapshot_days)
    )
    pending_since = False
    if snapshot and by_department:
        pending_kind = "body_snapshot"
        params["as_of_month"] = as_of.replace(day=1)
    elif snapshot:
        pending_kind = "snapshot"
    elif shared_pending:
        pending_kind = ""
    else:
        pending_kind = "rows"
        pending_since = _bound_since(conn, params, "pending_since", as_of + timedelta(days=1))
    # Procedure lists and communes: a unit's, so none for a department.
    fee = ""
    if department_id is None:
        if w.months:
            fee = "unit_month"
        elif source == "rollup" or (source != "rows" and _none_received_after(conn, as_of)):
            # A calendar month, quarter or year still running holds the dossiers of its days
            # to as_of when none was received after: the whole span's are then its own, as
            # the refresh counted them per unit (the month's, or the quarter's or year's
            # pairs).
            if w.start.day == 1 and w.end == month_end(w.start):
                fee = "unit_month"
            elif (w.start, w.end) in calendar_spans(w.start):
                fee = "pairs"
            else:
                fee = "months" if not days else "rows"
        else:
            fee = "months" if not days else "rows"
    shape = _Shape(
        by,
        scope.historical,
        tuple(ids),
        department_id is not None,
        len(w.months),
        months is not None,
        tuple(sign for *_, sign in days),
        tuple(since),
        pending_kind,
        pending_since,
        fee,
    )
    stmt = statements.built(
        conn, ("index766_counts", *shape), lambda: _counts_statement(conn, shape)
    )
    result = conn.execute(stmt, params)
    names = list(result.keys())[1:]
    rows = result.all()  # all at once: iterating fetched row by row
    # NULL (no row of that count) as NaN; PostgreSQL's Decimal as float: one block of floats
    # made by numpy (records framed, then cast column by column, cost ~3 ms a count).
    values = np.array([r[1:] for r in rows], dtype="float64").reshape(len(rows), len(names))
    keys = [r[0] for r in rows]
    if by == "month":  # the database's month keys as dates, as the lists' are
        keys = [_as_date(k) for k in keys]
    blocks = [(keys, names, values)]
    if pending_kind == "":
        # The scope's, its units' or its departments' pending at as_of, from on_time's read
        # of the same rows (on_time.pending_dossiers, pending_by_department), joined to the
        # other counts.
        if by == "department":
            pending = pending_by_department(conn, as_of, scope)
            pending_keys = pending["department_id"].tolist()
        else:
            pending = pending_dossiers(conn, as_of, scope)
            pending_keys = pending["unit_id"].tolist()
        pending_values = pending[["pending", "pending_within"]].to_numpy(dtype="float64")
        if by is None:
            pending_keys, pending_values = [0], pending_values.sum(axis=0, keepdims=True)
        blocks.append((pending_keys, ["pending", "pending_within"], pending_values))
    if department_id is None and by != "department":
        sums = _list_sums(conn, w, ids, by, scope.historical)
        blocks.append((sums.index.tolist(), list(sums.columns), sums.to_numpy(dtype="float64")))
    out = _joined(blocks)
    if by is None and out.empty:
        out.loc[0] = 0
    return out


def _joined(blocks: list[tuple[list, list[str], np.ndarray]]) -> pd.DataFrame:
    """The blocks of counts (keys, column names, float values, NaN for none) as one frame of
    ``COUNT_KEYS`` per key, int64, 0 where a block has no row or value: what joining their
    frames on the key (outer, sorted) and filling did, on arrays (a join, a reindex and the
    casts of frames cost ~3 ms a count, five counts a page). A missing key (a unit without a
    today's unit: None from the database, NaN from the lists) is one key, last."""
    missing = False
    present = set()
    for keys, _, _ in blocks:
        for k in keys:
            if k is None or k != k:
                missing = True
            else:
                present.add(k)
    index = sorted(present) + ([None] if missing else [])
    at = {k: i for i, k in enumerate(index)}
    column = {c: j for j, c in enumerate(COUNT_KEYS)}
    out = np.zeros((len(index), len(COUNT_KEYS)))
    for keys, names, values in blocks:
        kept = [j for j, n in enumerate(names) if n in column]
        rows = [at[None if k is None or k != k else k] for k in keys]
        out[np.ix_(rows, [column[names[j]] for j in kept])] = values[:, kept]
    counts = np.nan_to_num(out, nan=0.0).astype("int64")
    return pd.DataFrame(counts, index=pd.Index(index, name="key"), columns=list(COUNT_KEYS))


def _none_received_after(conn: Connection, as_of: date) -> bool:
    """Whether no dossier was received after ``as_of`` (the latest received date, read once
    per data version). A quarter still running at 10M dossiers matched ~19,000 of its months'
    (unit, procedure) rows with the lists for the fee-bearing procedures used (~10 ms a count,
    several a page) where the refresh had counted the quarter's pairs already."""
    latest = per_version(conn, _latest_received)
    return latest is None or latest <= as_of


def _latest_received(conn: Connection) -> date | None:
    return _as_date(conn.execute(select(func.max(dossier.c.received_date))).scalar())


def _bound_since(conn: Connection, params: dict, name: str, first: date) -> bool:
    """Binds ``name`` to ``on_time.resolved_since``'s bound for those resolved from ``first``,
    where it sets one (PostgreSQL); whether it did."""
    since = received_since(conn, first)
    if since is not None:
        params[name] = since
    return since is not None


def _counts_statement(conn: Connection, shape: _Shape):  # noqa: ANN202, C901 - a Select
    """Every count of ``_grouped_counts`` for its shape, in one statement (``_summed_by_key``)."""
    by, ids = shape.by, shape.ids
    w = _bound_window(shape.n_months)
    as_of = w.as_of
    d, p, u = dossier, pakn, admin_unit
    ucol = u.c.id if shape.historical else u.c.current_unit_id
    # Each count's statement, grouped by the key; summed together (``_summed_by_key``).
    stmts: list = []

    def run(stmt, unit_col, dept_col, lists: bool = False):  # noqa: ANN001, ANN202
        if shape.department:
            stmt = stmt.where(dept_col == bindparam("department_id", type_=SQL_BIGINT))
        if by == "unit":
            # The scope's ids on the register too (as on_time._scope_filter): PostgreSQL then
            # reads its few hundred units by key instead of hashing all 14,146 for each part.
            stmt = stmt.add_columns(ucol.label("key")).join_from(
                unit_col.table, u, u.c.id == unit_col
            )
            stmt = stmt.where(in_ids(conn, u.c.id, ids)).group_by(ucol)
        elif by == "department":
            if lists:
                return
            stmt = stmt.add_columns(dept_col.label("key")).where(dept_col.is_not(None))
            stmt = stmt.group_by(dept_col)
        elif by == "month":
            stmt = stmt.add_columns(w.key.label("key")).group_by(w.key)
        else:
            stmt = stmt.add_columns(literal(0).label("key"))
        stmts.append(stmt)

    months = None
    if shape.rollup:
        months = (w.start, w.end) if shape.n_months else _bound_pair("months")
    days = [(*_bound_pair(f"day{i}"), sign) for i, sign in enumerate(shape.signs)]
    if months is not None:
        # Without a department, the counts summed over procedure and department already;
        # with one, over procedure.
        coarse = not shape.department and by != "department"
        r = rollup_index766_unit_month if coarse else rollup_index766_department_month
        run(
            select(*[func.coalesce(func.sum(r.c[c]), 0).label(c) for c in _ROLLUP_COUNTS]).where(
                in_ids(conn, r.c.unit_id, ids), r.c.month >= months[0], r.c.month <= months[1]
            ),
            r.c.unit_id,
            None if coarse else r.c.department_id,
        )
    eligible = d.c.full_online_service.is_(True)
    fee = d.c.fee_required.is_(True)
    done, due = d.c.resolved_date, d.c.effective_due_date
    for i, (first, last, sign) in enumerate(days):
        # Received in the days, by receiving unit (subtracted: days of a month the rollup
        # counts that the period does not).
        run(
            select(
                *_signed(
                    sign,
                    received=func.count(),
                    digitised=_true(d.c.digitised),
                    synced_known=_known(d.c.synced_on_time),
                    synced=_true(d.c.synced_on_time),
                    reused_known=_known(d.c.data_reused),
                    reused=_true(d.c.data_reused),
                    shared_known=_known(d.c.shared_reuse),
                    shared=_true(d.c.shared_reuse),
                    popdb_known=_known(d.c.population_db),
                    popdb=_true(d.c.population_db),
                    eligible=_ones(eligible),
                    full_online=_ones(and_(eligible, d.c.channel == CHANNEL_ONLINE)),
                    fee=_ones(fee),
                    fee_paid_online=_ones(and_(fee, d.c.online_payment.is_(True))),
                )
            ).where(
                in_ids(conn, d.c.receiving_unit_id, ids),
                d.c.received_date >= first,
                d.c.received_date <= last,
            ),
            d.c.receiving_unit_id,
            d.c.department_id,
        )
        # Resolved in the days, by resolving unit.
        run(
            select(
                *_signed(
                    sign,
                    resolved=func.count(),
                    resolved_on_time=_ones(done <= due),
                    result_known=_known(d.c.result_electronic),
                    result_electronic=_true(d.c.result_electronic),
                    resolved_bad=_ones(or_(done > due, d.c.citizen_unsatisfied.is_(True))),
                )
            ).where(
                in_ids(conn, d.c.resolving_unit_id, ids),
                d.c.status.in_(RESOLVED_STATUSES),
                done >= first,
                done <= last,
                *(resolved_since_bound(f"day{i}_since") if shape.since[i] else []),
            ),
            d.c.resolving_unit_id,
            d.c.department_id,
        )
    b = backlog_month_end
    if shape.pending == "body_snapshot":
        # A department's pending dossiers at a month end with a snapshot: the per-department
        # counts rollup_body_month keeps from the same pass as the snapshot.
        rb = rollup_body_month
        run(
            select(
                func.coalesce(func.sum(rb.c.pending), 0).label("pending"),
                func.coalesce(func.sum(rb.c.pending - rb.c.overdue), 0).label("pending_within"),
            ).where(
                in_ids(conn, rb.c.unit_id, ids),
                rb.c.month == bound_date("as_of_month"),
                rb.c.pending > 0,
            ),
            rb.c.unit_id,
            rb.c.department_id,
        )
    elif shape.pending == "snapshot":
        run(
            select(
                func.coalesce(func.sum(b.c.pending_within + b.c.pending_overdue), 0).label(
                    "pending"
                ),
                func.coalesce(func.sum(b.c.pending_within), 0).label("pending_within"),
            ).where(in_ids(conn, b.c.unit_id, ids), b.c.as_of == as_of, b.c.source == "dossier"),
            b.c.unit_id,
            None,
        )
    elif shape.pending == "rows":
        # Pending at as_of: the disjoint parts of on_time.pending_parts. The scope's
        # units are bound once, in a CTE (as in queries.bodies): PostgreSQL then does not
        # weigh a list of ~500 ids against each monthly partition of each part.
        scope_unit = select(u.c.id).where(in_ids(conn, u.c.id, ids)).cte("scope_unit")
        since = resolved_since_bound("pending_since") if shape.pending_since else []
        pend = union_all(
            *[
                select(t.c.resolving_unit_id, t.c.department_id, t.c.effective_due_date).where(
                    t.c.resolving_unit_id.in_(select(scope_unit.c.id)), *part
                )
                for t, part in pending_parts_since(conn, as_of, since)
            ]
        ).subquery()
        run(
            select(
                func.count().label("pending"),
                _ones(pend.c.effective_due_date >= as_of).label("pending_within"),
            ).select_from(pend),
            pend.c.resolving_unit_id,
            pend.c.department_id,
        )
    # Petitions via the portal.
    handled_by_end = and_(p.c.handled_date.is_not(None), p.c.handled_date <= as_of)
    run(
        select(
            func.count().label("pakn_received"),
            _ones(
                or_(
                    and_(handled_by_end, p.c.handled_date <= p.c.deadline),
                    and_(~handled_by_end, p.c.deadline >= as_of),
                )
            ).label("pakn_on_time"),
        ).where(
            in_ids(conn, p.c.unit_id, ids),
            p.c.received_date >= w.start,
            p.c.received_date <= as_of,
            *_within_months(p.c.received_date, w),
        ),
        p.c.unit_id,
        p.c.department_id,
    )
    run(
        select(
            func.count().label("pakn_handled"),
            _ones(_pakn_bad()).label("pakn_bad"),
        ).where(
            in_ids(conn, p.c.unit_id, ids),
            p.c.handled_date >= w.start,
            p.c.handled_date <= as_of,
            *_within_months(p.c.handled_date, w),
        ),
        p.c.unit_id,
        p.c.department_id,
    )
    # Procedure lists and communes: a unit's, so none for a department.
    if shape.fee:
        own = aliased(admin_unit)  # the list's unit, for its validity and the grouping by unit
        fee_used = _fee_used(conn, w, ids, shape.fee, own, months, days)
        run(_communes(conn, w, ids, own), own.c.id, None, lists=True)
        if by != "department":
            # By unit: the list's own unit groups it (the same row as admin_unit's join).
            own_ucol = own.c.id if shape.historical else own.c.current_unit_id
            key_col = {"unit": own_ucol, "month": w.key}.get(by)
            if key_col is None:
                stmts.append(fee_used.add_columns(literal(0).label("key")))
            else:
                stmts.append(fee_used.add_columns(key_col.label("key")).group_by(key_col))
    return _summed_by_key(stmts)


def _bound_pair(name: str) -> tuple:
    """The first and last day of a span, bound as ``{name}_first`` and ``{name}_last``."""
    return bound_date(f"{name}_first"), bound_date(f"{name}_last")


# The rollup's columns counts() reads (paid_online only serves the procedure lists).
_ROLLUP_COUNTS = (
    "received",
    "digitised",
    "synced_known",
    "synced",
    "reused_known",
    "reused",
    "shared_known",
    "shared",
    "popdb_known",
    "popdb",
    "eligible",
    "full_online",
    "fee",
    "fee_paid_online",
    "resolved",
    "resolved_on_time",
    "result_known",
    "result_electronic",
    "resolved_bad",
)


def _pakn_bad():  # noqa: ANN202
    p = pakn
    return or_(p.c.rating == 1, p.c.complained_again.is_(True), p.c.handled_date > p.c.deadline)


def _parts(period: Period, w: _Window, source: str) -> tuple[tuple | None, list[tuple]]:
    """What a count reads (``_split``): as the source says, or, "mixed", both."""
    if source == "rollup":
        return (w.start, w.end), []
    if source == "rows":
        return None, [(period.start, w.as_of, 1)]
    return _split(period, w.as_of)


def _split(period: Period, as_of: date) -> tuple[tuple | None, list[tuple]]:
    """The months the rollups answer for the days counted (the period's first to ``as_of``),
    (first, last) or None, and the spans of days the rows answer, [(first, last, sign)]:
    +1 days counted beside the months, -1 days of the last month after ``as_of``, taken off
    its rollup. A month mostly counted (to 26 November, in a quarter still running) is its
    rollup less the days after: they are after today and hold no dossiers, where the days
    before are 26 days of rows."""
    whole, edges = _counted(period, as_of).split_months()
    months = None if whole is None else (whole.start, whole.end)
    days = [(e.start, e.end, 1) for e in edges]
    tail = edges[-1] if edges and edges[-1].end == as_of and edges[-1].start.day == 1 else None
    if tail is not None:
        after = (as_of + timedelta(days=1), month_end(as_of))
        if (after[1] - after[0]).days < (tail.end - tail.start).days:
            months = (tail.start if months is None else months[0], after[1])
            days = [*days[:-1], (*after, -1)]
    return months, days


def _signed(sign: int, **counts) -> list:  # noqa: ANN003
    """The labelled count expressions, negated when ``sign`` is -1."""
    return [(e if sign > 0 else -e).label(name) for name, e in counts.items()]


class _Lists(NamedTuple):
    """Each unit's published list summed (``_unit_lists``), as arrays by unit: its id, today's
    unit (NaN where none), its validity (datetime64 days, NaT where none) and the sums (one
    row per unit, the columns of ``_LIST_NAMES``)."""

    unit_id: np.ndarray
    current_unit_id: np.ndarray
    valid_from: np.ndarray
    valid_to: np.ndarray
    values: np.ndarray


def _unit_lists(conn: Connection) -> _Lists:
    """Each unit's published list summed, with the unit's validity and today's unit: read
    once per data version (every import, and a trigger on ``unit_procedure``, migration
    25_unit_procedure_version, move it), not summed again by each scorecard, ranking and trend
    of a page (~9 ms a statement on SQLite at 10M, three or four a page). Arrays: each count
    of a page picks its scope's units from them (frames cost ~2 ms a count)."""
    up = unit_procedure
    stmt = (
        select(
            up.c.unit_id,
            *[
                f(up.c[col]).label(name)
                for col, names in _LIST_COLUMNS
                for f, name in zip((_known, _true), names, strict=True)
            ],
            _true(up.c.fee_bearing).label("fee_procs"),
        )
        .group_by(up.c.unit_id)
        .order_by(up.c.unit_id)
    )
    rows = conn.execute(stmt).all()
    unit_id = np.array([r[0] for r in rows], dtype="int64")
    # PostgreSQL's sums: Decimal, made float here.
    values = np.array([r[1:] for r in rows], dtype="float64").reshape(len(rows), len(_LIST_NAMES))
    units = cached_units(conn, copy=False)
    pos = pd.Index(units["id"].to_numpy()).get_indexer(unit_id)  # every unit_procedure's exists
    return _Lists(
        unit_id,
        units["current_unit_id"].to_numpy(dtype="float64", na_value=np.nan)[pos],
        pd.to_datetime(units["valid_from"]).to_numpy(dtype="datetime64[D]")[pos],
        pd.to_datetime(units["valid_to"]).to_numpy(dtype="datetime64[D]")[pos],
        values,
    )


def _list_sums(
    conn: Connection, w: _Window, ids: list[int], by: str | None, historical: bool
) -> pd.DataFrame:
    """The procedure-list counts of the scope's units that existed at some day of the window
    (``_during``), per key as ``_grouped_counts`` groups: 0, the list's unit (today's, or
    as it was), or each month of the window."""
    lists = per_version(conn, _unit_lists)
    mine = np.isin(lists.unit_id, ids)
    valid_from, valid_to = lists.valid_from[mine], lists.valid_to[mine]
    values = lists.values[mine]
    spans = [(start, end) for start, end, _ in w.months] or [(w.start, w.end)]
    sums, keys = [], []
    for start, end in spans:
        # Existed at some day of the span (``_during``): from no later than its end, to no
        # earlier than its start or still. A unit without a start date is not counted, as
        # the database's comparison with NULL counts none.
        valid = (valid_from <= np.datetime64(end, "D")) & (
            np.isnat(valid_to) | (valid_to >= np.datetime64(start, "D"))
        )
        if by == "unit":
            own = lists.unit_id[mine] if historical else lists.current_unit_id[mine]
            codes, groups = pd.factorize(own[valid], sort=True, use_na_sentinel=False)
            summed = np.zeros((len(groups), values.shape[1]))
            np.add.at(summed, codes, values[valid])
            sums.append(summed)
            keys.append(groups)
        else:
            sums.append(values[valid].sum(axis=0, keepdims=True))
            keys.append([start if by == "month" else 0])
    if by == "unit":
        # ids as the database's keys are (a missing one: NaN, the column then float)
        index = np.concatenate(keys) if keys else np.array([], dtype="int64")
        if not np.isnan(index.astype("float64")).any():
            index = index.astype("int64")
    else:
        index = [k for ks in keys for k in ks]
    return pd.DataFrame(np.concatenate(sums), index=index, columns=_LIST_NAMES)


_LIST_COLUMNS = (
    ("announced_on_time", ("announced_known", "announced")),
    ("published_on_time", ("published_known", "published")),
    ("published_complete", ("complete_known", "complete")),
    ("population_db_connected", ("proc_popdb_known", "proc_popdb")),
)
_LIST_NAMES = [n for _, pair in _LIST_COLUMNS for n in pair] + ["fee_procs"]


def _fee_used(conn: Connection, w: _Window, ids, kind: str, own, months, days):  # noqa: ANN001, ANN202
    """The fee-bearing procedures of the lists that had dossiers received in the period, and
    those with one paid online (the payment indicator's denominator and numerator), read
    (``kind``) from each unit's months ("unit_month", the trend's months one by one), the
    pairs of a calendar quarter or year ("pairs"), the months' pairs ("months") or the rows
    beside or taken off them ("rows"). ``months`` and ``days``: as ``_parts`` says."""
    up, d, r = unit_procedure, dossier, rollup_index766_month
    # PostgreSQL: the list's units read by key, the scope's few hundred, rather than all
    # 14,146 of the register hashed for a few hundred rollup rows (~7 ms a trend at 1M).
    own_in_scope = [in_ids(conn, own.c.id, ids)] if conn.dialect.name == "postgresql" else []
    if kind == "unit_month":
        # Whole months one by one (the trend): each unit's month was counted at the refresh
        # (rollups.refresh_index766_units), not grouped by procedure here for every month.
        rc = rollup_index766_unit_month
        return (
            select(
                func.coalesce(func.sum(rc.c.fee_procs_paid_online), 0).label(
                    "fee_procs_paid_online"
                ),
                func.coalesce(func.sum(rc.c.fee_procs_used), 0).label("fee_procs_used"),
            )
            # "+ 0": SQLite would carry the ids over to the unit and build an index on the
            # rollup's unit_id for each run (~9 ms), rather than read its (month, unit_id).
            .select_from(rc.join(own, own.c.id == rc.c.unit_id + 0))
            .where(
                in_ids(conn, rc.c.unit_id, ids),
                *own_in_scope,
                _during(own, w),
                rc.c.month >= w.start,
                rc.c.month <= w.end,
                *_within_months(rc.c.month, w),
            )
        )
    # Each (unit, procedure) with a dossier received there in the period, and whether one was
    # paid online: one pass over the period's dossiers (not one probe per list row). Many
    # months at once: the pairs carry their month and match the list's month.
    if kind == "pairs":
        # A calendar quarter or year: its pairs were matched with the lists and counted per
        # unit at the refresh (rollups.refresh_index766_unit_spans), ~100 rows for a
        # province's quarter, not ~4,600 pairs matched with ~11,000 list rows.
        rs = rollup_index766_unit_span
        return (
            select(
                func.coalesce(func.sum(rs.c.fee_procs_paid_online), 0).label(
                    "fee_procs_paid_online"
                ),
                func.coalesce(func.sum(rs.c.fee_procs_used), 0).label("fee_procs_used"),
            )
            .select_from(rs.join(own, own.c.id == rs.c.unit_id))
            .where(
                in_ids(conn, rs.c.unit_id, ids),
                *own_in_scope,
                _during(own, w),
                rs.c.span_start == w.start,
                rs.c.span_end == w.end,
            )
        )
    by_month = [] if w.key is None else [w.key.label("month")]
    parts = []
    if kind == "months":
        parts.append(
            select(
                r.c.unit_id,
                r.c.procedure_id,
                case((func.sum(r.c.paid_online) > 0, 1), else_=0).label("paid"),
                *by_month,
            )
            .where(in_ids(conn, r.c.unit_id, ids), r.c.month >= months[0], r.c.month <= months[1])
            .group_by(r.c.unit_id, r.c.procedure_id, *by_month)
            .having(func.sum(r.c.received) > 0)
        )
    else:
        # The rows' days beside the months, or taken off them: each pair's dossiers received
        # and paid online counted, so that one used only after as_of drops out.
        if months is not None:
            parts.append(
                select(
                    r.c.unit_id, r.c.procedure_id, r.c.received.label("n"), r.c.paid_online
                ).where(
                    in_ids(conn, r.c.unit_id, ids),
                    r.c.month >= months[0],
                    r.c.month <= months[1],
                )
            )
        for first, last, sign in days:
            parts.append(
                select(
                    d.c.receiving_unit_id.label("unit_id"),
                    d.c.procedure_id,
                    *_signed(sign, n=func.count(), paid_online=_true(d.c.online_payment)),
                )
                .where(
                    in_ids(conn, d.c.receiving_unit_id, ids),
                    d.c.received_date >= first,
                    d.c.received_date <= last,
                )
                .group_by(d.c.receiving_unit_id, d.c.procedure_id)
            )
        both = union_all(*parts).subquery() if len(parts) > 1 else parts.pop().subquery()
        parts = [
            select(
                both.c.unit_id,
                both.c.procedure_id,
                case((func.sum(both.c.paid_online) > 0, 1), else_=0).label("paid"),
            )
            .group_by(both.c.unit_id, both.c.procedure_id)
            .having(func.sum(both.c.n) > 0)
        ]
    used = parts[0]
    # Matched with the fee-bearing rows of the lists, counted by the database.
    pairs = used.subquery("used_pairs")
    same_month = [] if w.key is None else [pairs.c.month == w.key]
    return (
        select(
            func.coalesce(func.sum(pairs.c.paid), 0).label("fee_procs_paid_online"),
            func.count().label("fee_procs_used"),
        )
        .select_from(
            up.join(own, own.c.id == up.c.unit_id).join(
                pairs,
                and_(pairs.c.unit_id == up.c.unit_id, pairs.c.procedure_id == up.c.procedure_id),
            )
        )
        # (The months' CTE is a FROM of its own: PostgreSQL refuses it in the join's ON.)
        .where(
            in_ids(conn, up.c.unit_id, ids),
            _during(own, w),
            up.c.fee_bearing.is_(True),
            *same_month,
        )
    )


def _communes(conn: Connection, w: _Window, ids: list[int], own):  # noqa: ANN001, ANN202
    """The communes of the scope, and those offering electronic certified copies."""
    cs = commune_service
    offered = and_(
        cs.c.e_certified_copy.is_(True),
        or_(cs.c.e_certified_copy_since.is_(None), cs.c.e_certified_copy_since <= w.end),
    )
    communes = (
        select(func.count().label("communes"), _ones(offered).label("communes_e_copy"))
        .select_from(own.outerjoin(cs, cs.c.unit_id == own.c.id))
        .where(
            in_ids(conn, own.c.id, ids),
            # Through coalesce (never null): SQLite would build an index on the level of
            # every unit for each run (~5 ms in the trend), rather than read the ids' rows.
            func.coalesce(own.c.level, own.c.level) == "commune",
            ~own.c.code.like("CG-%"),  # a stand-in for records of unknown former units
            _during(own, w),
        )
    )
    return communes


def _summed_by_key(stmts: list):  # noqa: ANN202 - a Select
    """The counts of every statement (a few aggregate columns beside ``key``, one row per key)
    in one round trip: the statements side by side in a UNION ALL, each padded with NULLs in
    the others' columns, summed per key. A key a statement has no row for reads NULL there,
    as the frames joined one by one did. One statement instead of eight to eleven: a
    scorecard, ranking or trend paid a round trip, a plan and a frame for each."""
    subs = [stmt.subquery() for stmt in stmts]
    names = list(dict.fromkeys(c.name for sub in subs for c in sub.c if c.name != "key"))
    branches = [
        select(
            sub.c.key,
            *[(sub.c[n] if n in sub.c else cast(null(), SQL_BIGINT)).label(n) for n in names],
        )
        for sub in subs
    ]
    together = (branches[0] if len(branches) == 1 else union_all(*branches)).subquery()
    # Ordered by key: PostgreSQL's hashed groups came in an order that changed with its plan.
    return (
        select(together.c.key, *[func.sum(together.c[n]).label(n) for n in names])
        .group_by(together.c.key)
        .order_by(together.c.key)
    )


def _during(u, w):  # noqa: ANN001, ANN202
    """The unit existed at some day of the window (a Period or a _Window)."""
    return and_(u.c.valid_from <= w.end, or_(u.c.valid_to.is_(None), u.c.valid_to >= w.start))


# --- points ---------------------------------------------------------------------------------------


def points(rule: str, max_score: float, num: int, den: int) -> tuple[float | None, str]:
    """Points for a rate num/den under a rule, and the status (ok, no_data, undetermined,
    full_no_pakn)."""
    if rule == "undetermined":
        return None, "undetermined"
    if den == 0:
        if rule == "pakn":
            return float(max_score), "full_no_pakn"
        return None, "no_data"
    rate = 100.0 * num / den
    if rule == "reuse80":
        return min(max_score, max_score * rate / 80.0), "ok"
    if rule == "sat90":
        return min(max_score, max_score * rate / 90.0), "ok"
    return min(max_score, max_score * rate / 100.0), "ok"


def payment_points(a: tuple[int, int], b: tuple[int, int], c: tuple[int, int]) -> float | None:
    """``min(10, 6 A + min(2, 2.5 B) + 2.5 C)``; None when a denominator is 0."""
    if a[1] == 0 or b[1] == 0 or c[1] == 0:
        return None
    ra, rb, rc = a[0] / a[1], b[0] / b[1], c[0] / c[1]
    return min(10.0, 6 * ra + min(2.0, 2.5 * rb) + 2.5 * rc)


# Numerator, denominator of each indicator from counts().
_PAIRS = {
    "announced_on_time": ("announced", "announced_known"),
    "published_on_time": ("published", "published_known"),
    "published_complete": ("complete", "complete_known"),
    "synced_on_time": ("synced", "synced_known"),
    "full_online": ("full_online", "eligible"),
    "result_electronic": ("result_electronic", "result_known"),
    "digitised": ("digitised", "received"),
    "e_certified_copy": ("communes_e_copy", "communes"),
    "data_reused": ("reused", "reused_known"),
    "shared_reuse": ("shared", "shared_known"),
    "population_db": ("popdb", "popdb_known"),
    "procedures_population_db": ("proc_popdb", "proc_popdb_known"),
    "pakn_on_time": ("pakn_on_time", "pakn_received"),
}


def _num_den(code: str, c: dict[str, int]) -> tuple[int, int]:
    if code == "on_time":
        return c["resolved_on_time"] + c["pending_within"], c["resolved"] + c["pending"]
    if code == "pakn_satisfaction":
        return c["pakn_handled"] - c["pakn_bad"], c["pakn_handled"]
    if code == "dossier_satisfaction":
        return c["resolved"] - c["resolved_bad"], c["resolved"]
    if code == "payment":
        return c["fee_paid_online"], c["fee"]
    n, dn = _PAIRS[code]
    return c[n], c[dn]


def scorecard_from_counts(c: dict[str, int]) -> pd.DataFrame:
    df = pd.DataFrame(_indicator_rows(c)).reindex(columns=COLUMNS)
    df["ratio"] = df["ratio"].astype("float64")
    df["score"] = df["score"].astype("float64")
    return df


def _indicator_rows(c: dict[str, int]) -> list[dict]:
    """The scorecard's rows as plain dicts (the trend scores twelve months from them without
    building twelve frames)."""
    rows = []
    for ind in INDICATORS:
        num, den = _num_den(ind.code, c)
        extra = {}
        if ind.rule == "payment":
            a = (c["fee_paid_online"], c["fee"])
            b = (c["fee_procs_paid_online"], c["fee_procs"])
            cc = (c["fee_procs_used"], c["fee_procs"])
            score = payment_points(a, b, cc)
            status = "ok" if score is not None else "no_data"
            extra = dict(
                a_numerator=a[0],
                a_denominator=a[1],
                b_numerator=b[0],
                b_denominator=b[1],
                c_numerator=cc[0],
                c_denominator=cc[1],
            )
        else:
            score, status = points(ind.rule, ind.max_score, num, den)
        rows.append(
            dict(
                code=ind.code,
                group_code=ind.group,
                group=GROUPS[ind.group][0],
                indicator=ind.name_vi,
                indicator_en=ind.name_en,
                numerator=num,
                denominator=den,
                ratio=round(100.0 * num / den, 2) if den else None,
                score=score,
                max_score=float(ind.max_score),
                status=status,
                **extra,
            )
        )
    return rows


def scorecard(
    conn: Connection,
    period: Period,
    scope: Scope,
    department_id: int | None = None,
    today: date | None = None,
) -> pd.DataFrame:
    """One row per indicator: numerator, denominator, ratio (percent), score (None: no data or
    not determined), max_score, status; payment's A, B, C parts as columns.

    Made once per page for the same arguments (``shared.once``): the index page's table,
    its headline and what is at stake read the same card (~3 ms a card, from counts and the
    official figures)."""
    recorded_unit_ids(conn, scope.unit_code, scope.historical)  # refuses a scope outside
    day = today or settings.today()
    return shared.once(
        conn,
        ("index766_scorecard", period, scope, department_id, day),
        lambda: with_official(
            scorecard_from_counts(counts(conn, period, scope, department_id, today)),
            official(conn, period, scope, department_id),
        ),
    )


def official(
    conn: Connection, period: Period, scope: Scope, department_id: int | None = None
) -> pd.DataFrame:
    """The official figures imported for the scope's unit (or the department) and exactly
    this period: indicator (a code, "group:<code>" or "total"), numerator, denominator,
    ratio, score, max_score, portal_name."""
    o = index766_official
    cols = ["indicator", "numerator", "denominator", "ratio", "score", "max_score", "portal_name"]
    if department_id is not None:
        subject = f"d{int(department_id)}"
    elif scope.unit_code is None:
        return pd.DataFrame(columns=cols)
    else:
        recorded_unit_ids(conn, scope.unit_code, scope.historical)  # refuses other scopes
        subject = f"u{get_unit(conn, scope.unit_code).id}"
    stmt = select(*[o.c[c] for c in cols]).where(
        o.c.subject == subject, o.c.period_start == period.start, o.c.period_end == period.end
    )
    return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=cols)


def with_official(card: pd.DataFrame, off: pd.DataFrame) -> pd.DataFrame:
    """The scorecard with the official score beside each indicator, the difference and the
    flag; the total's and groups' official scores are in ``card.attrs["official"]``."""
    card = card.copy()
    scores = dict(zip(off["indicator"], off["score"], strict=True)) if not off.empty else {}
    card["official_score"] = [scores.get(c) for c in card["code"]]
    card["official_score"] = card["official_score"].astype("float64")
    card["difference"] = (card["score"] - card["official_score"]).round(4)
    card["flagged"] = card["difference"].abs() > FLAG_POINTS
    card.attrs["official"] = {
        k: float(v) for k, v in scores.items() if k == "total" or k.startswith("group:")
    }
    return card


def groups(card: pd.DataFrame) -> pd.DataFrame:
    """Per group: points determined, maximum, points not determined and points without data,
    and the official score when one was imported for the group."""
    official_ = card.attrs.get("official", {})
    sums = _group_sums(_card_items(card))
    rows = [
        dict(
            group_code=code,
            group=name,
            score=sums[code][0],
            max_score=float(mx),
            undetermined=sums[code][1],
            no_data=sums[code][2],
            official_score=official_.get(f"group:{code}"),
        )
        for code, (name, mx) in GROUPS.items()
    ]
    return pd.DataFrame(rows)


def _group_sums(indicators) -> dict[str, list[float]]:  # noqa: ANN001
    """Per group: [points determined, points not determined, points without data], from
    (group code, score, max score, status) per indicator. Plain Python over the ~30
    indicators: pandas' per-group filtering cost more than the sums."""
    sums = {code: [0.0, 0.0, 0.0] for code in GROUPS}
    for code, score, mx, status in indicators:
        s = sums.get(code)
        if s is None:
            continue
        s[0] += 0.0 if score is None or score != score else float(score)
        s[1] += float(mx) if status == "undetermined" else 0.0
        s[2] += float(mx) if status == "no_data" else 0.0
    return sums


def _card_items(card: pd.DataFrame):  # noqa: ANN202
    return zip(card["group_code"], card["score"], card["max_score"], card["status"], strict=True)


def _summed(sums: dict[str, list[float]]) -> tuple[float, float, float]:
    """The total of the groups' sums: points determined (rounded as shown), not determined,
    without data."""
    score = round(float(sum(s[0] for s in sums.values())), 2)
    return score, float(sum(s[1] for s in sums.values())), float(sum(s[2] for s in sums.values()))


def total(card: pd.DataFrame) -> dict[str, float]:
    """The total out of 100: points determined, and the points not determined (online
    services) and without data, which the total leaves out."""
    sums = _group_sums(_card_items(card))
    score, undetermined, no_data = _summed(sums)
    off = card.attrs.get("official", {}).get("total")
    return dict(
        score=score,
        official_score=off,
        difference=None if off is None else round(score - off, 2),
        flagged=off is not None and abs(score - off) > FLAG_POINTS,
        max_score=100.0,
        undetermined=undetermined,
        no_data=no_data,
        lost=round(
            float((card.max_score - card.score)[card.status.isin(["ok", "full_no_pakn"])].sum()),
            2,
        ),
    )


# --- where the points went ----------------------------------------------------------------------


def lost(card: pd.DataFrame) -> pd.DataFrame:
    """Per indicator: points lost (maximum − points, where points are determined), the failing
    dossiers or petitions (denominator − numerator) and, for the linear indicators, what each
    one costs (maximum / denominator), most points lost first."""
    out = card.copy()
    determined = out["status"].isin(["ok", "full_no_pakn"])
    out["lost"] = (out["max_score"] - out["score"]).where(determined).round(4)
    out["failing"] = (out["denominator"] - out["numerator"]).where(out["denominator"] > 0)
    linear = out["code"].isin(LINEAR) & (out["denominator"] > 0)
    out["per_item"] = (out["max_score"] / out["denominator"].where(linear)).astype("float64")
    return out.sort_values("lost", ascending=False, na_position="last", kind="stable")


def ranking(
    conn: Connection,
    period: Period,
    scope: Scope,
    by: str = "unit",
    today: date | None = None,
) -> pd.DataFrame:
    """Communes (``by="unit"``: today's, or as they were) or departments (``by="department"``)
    ranked by points lost, most first: key, code, name, score, lost, undetermined, no_data, and
    the indicator that lost most (worst, worst_lost). Computed with one grouped query per
    source, not one scorecard per unit."""
    frame = grouped_counts(conn, period, scope, by=by, today=today)
    if by == "department" and not scope.historical and not frame.empty:
        frame = _departments_today(conn, frame)
    cols = ["key", "code", "name", "score", "lost", "undetermined", "no_data", "worst"]
    if frame.empty:
        return pd.DataFrame(columns=["rank", *cols, "worst_lost"])
    df = score_frame(frame).reset_index()
    df.insert(1, "code", None)
    df.insert(2, "name", None)
    if by == "unit":
        names = conn.execute(
            select(admin_unit.c.id, admin_unit.c.code, admin_unit.c.name, admin_unit.c.level).where(
                in_ids(conn, admin_unit.c.id, df["key"].tolist())
            )
        ).all()
        info = {i: (c, n, lv) for i, c, n, lv in names}
        df["code"] = [info.get(k, ("?", "?", ""))[0] for k in df["key"]]
        df["name"] = [info.get(k, ("?", "?", ""))[1] for k in df["key"]]
        df = df[[info.get(k, ("", "", ""))[2] == "commune" for k in df["key"]]]
    else:
        # Today's view keys the bodies' labels (``_departments_today``): nothing to look up.
        ids = [k for k in df["key"] if not isinstance(k, str)]
        names = (
            ids
            and conn.execute(
                select(department.c.id, department.c.name, admin_unit.c.name)
                .join(admin_unit, admin_unit.c.id == department.c.unit_id)
                .where(in_ids(conn, department.c.id, ids))
            ).all()
        )
        info = {i: (n, un) for i, n, un in names}
        df["code"] = [str(k) for k in df["key"]]
        df["name"] = [
            k if isinstance(k, str) else f"{info[k][0]} – {info[k][1]}" if k in info else "?"
            for k in df["key"]
        ]
    df = df.sort_values(["lost", "name"], ascending=[False, True], kind="stable")
    df.insert(0, "rank", range(1, len(df) + 1))
    return df.reset_index(drop=True)


def _departments_today(conn: Connection, frame: pd.DataFrame) -> pd.DataFrame:
    """Today's view: the counts of a department abolished in 2025 go to the body that took
    over its work in today's unit ("Công chức Tư pháp – Hộ tịch – Xã An" → "Văn phòng HĐND và
    UBND – Xã An Hòa"), as Theo cơ quan shows them (``queries.bodies.successor``); the counts
    add up, so the points are scored on the sums. Keys become the bodies' labels."""
    labels = per_version(conn, _department_labels)
    keys = [labels.get(int(k), str(k)) for k in frame.index]
    # Summed per label on the block of counts (a pandas groupby by a list of labels cost
    # ~3 ms, most of it formatting the list for a lookup that fails).
    codes, uniques = pd.factorize(pd.Index(keys, dtype="object"))
    values = frame.to_numpy(dtype="int64")  # grouped_counts' counts are integers
    sums = np.zeros((len(uniques), values.shape[1]), dtype="int64")
    np.add.at(sums, codes, values)
    return pd.DataFrame(sums, index=pd.Index(uniques, name=frame.index.name), columns=frame.columns)


def _department_labels(conn: Connection) -> dict[int, str]:
    """Every department's label today (``_departments_today``), by id, made once per data
    version: the body that holds its work and today's unit's name."""
    from queries.bodies import successor

    rows = conn.execute(select(department.c.id, department.c.name, department.c.unit_id)).all()
    # Today's unit's name from the register kept per version: joined in the statement, the
    # whole register (14,146 units) was hashed for a province's thousand departments.
    today_name = per_version(conn, _today_names)
    return {i: f"{successor(n, today_name[u])} – {today_name[u]}" for i, n, u in rows}


def _today_names(conn: Connection) -> dict[int, str]:
    """Each unit's today's unit's name (its own while it exists), by id."""
    units = cached_units(conn, copy=False)
    name = dict(zip(units["id"].tolist(), units["name"].tolist(), strict=True))
    today = [
        int(c) if c == c and c is not None else i
        for i, c in zip(units["id"].tolist(), units["current_unit_id"].tolist(), strict=True)
    ]
    return {i: name.get(t, name[i]) for i, t in zip(units["id"].tolist(), today, strict=True)}


def score_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The points of many units at once (``frame``: grouped_counts), with the same rules as
    ``scorecard_from_counts``: per row the total, points lost, not determined, without data,
    and the indicator that lost most (worst, worst_lost)."""
    import numpy as np

    block = _count_block(frame, "float64")
    c = {k: block[:, i] for i, k in enumerate(COUNT_KEYS)}
    n = len(frame)
    scores, losts = {}, {}
    undetermined, no_data = np.zeros(n), np.zeros(n)
    for ind in INDICATORS:
        mx = float(ind.max_score)
        if ind.rule == "undetermined":
            undetermined += mx
            continue
        if ind.rule == "payment":
            dens = (c["fee"], c["fee_procs"], c["fee_procs"])
            nums = (c["fee_paid_online"], c["fee_procs_paid_online"], c["fee_procs_used"])
            ok = (dens[0] > 0) & (dens[1] > 0)
            with np.errstate(divide="ignore", invalid="ignore"):
                a, b, cc = (nu / np.where(de > 0, de, 1) for nu, de in zip(nums, dens, strict=True))
            sc = np.where(ok, np.minimum(10.0, 6 * a + np.minimum(2.0, 2.5 * b) + 2.5 * cc), np.nan)
        else:
            num, den = _num_den(ind.code, c)
            rate = 100.0 * num / np.where(den > 0, den, 1)
            divisor = {"reuse80": 80.0, "sat90": 90.0}.get(ind.rule, 100.0)
            sc = np.minimum(mx, mx * rate / divisor)
            sc = np.where(den > 0, sc, mx if ind.rule == "pakn" else np.nan)
        no_data += np.where(np.isnan(sc), mx, 0.0)
        scores[ind.code] = sc
        losts[ind.code] = mx - sc
    lost_df = pd.DataFrame(losts, index=frame.index)
    filled = lost_df.fillna(-1.0)
    worst = filled.idxmax(axis=1)
    worst_lost = filled.max(axis=1).clip(lower=0.0)
    return pd.DataFrame(
        dict(
            score=np.round(np.nansum(np.vstack(list(scores.values())), axis=0), 2),
            lost=np.round(lost_df.sum(axis=1, skipna=True).to_numpy(), 2),
            undetermined=undetermined,
            no_data=no_data,
            worst=[w if wl > 0 else None for w, wl in zip(worst, worst_lost, strict=True)],
            worst_lost=worst_lost,
        ),
        index=frame.index,
    )


# The indicators whose failing records can be listed, and what fails them.
DRILLABLE = (
    "on_time",
    "synced_on_time",
    "full_online",
    "payment",
    "result_electronic",
    "digitised",
    "data_reused",
    "shared_reuse",
    "population_db",
    "dossier_satisfaction",
    "pakn_on_time",
    "pakn_satisfaction",
)
DRILL_LIMIT = 500


def failing(
    conn: Connection,
    period: Period,
    scope: Scope,
    indicator: str,
    department_id: int | None = None,
    today: date | None = None,
    limit: int = DRILL_LIMIT,
) -> pd.DataFrame:
    """The dossiers (or petitions) that cost ``indicator`` its points, for a scope and
    period: code, unit_code, unit_name, department, procedure, received_date, due_date,
    resolved_date, reason (late, pending_overdue, not_synced, partly_online, paid_at_desk,
    not_electronic, not_digitised, not_reused, not_shared, no_population_db, unsatisfied,
    pakn_late, pakn_pending_overdue, pakn_unsatisfied). At most ``limit`` rows, latest first."""
    if indicator not in DRILLABLE:
        raise ValueError(f"indicator {indicator!r} lists no dossiers; one of {DRILLABLE}")
    ids = recorded_unit_ids(conn, scope.unit_code, scope.historical)
    if department_id is not None:
        check_unit_id(
            conn,
            conn.execute(
                select(department.c.unit_id).where(department.c.id == department_id)
            ).scalar()
            or -1,
        )
    as_of = as_of_day(period, today)
    if indicator.startswith("pakn_"):
        return _failing_pakn(conn, period, ids, indicator, department_id, as_of, limit)
    d = dossier
    received = (
        in_ids(conn, d.c.receiving_unit_id, ids),
        d.c.received_date >= period.start,
        d.c.received_date <= as_of,
    )
    resolved = (
        in_ids(conn, d.c.resolving_unit_id, ids),
        d.c.status.in_(RESOLVED_STATUSES),
        d.c.resolved_date >= period.start,
        d.c.resolved_date <= as_of,
        *resolved_since(conn, period.start),
    )
    # Resolved late, read by unit and date of the few late ones (ix_dossier_unit_late, whose
    # condition this is), not every dossier the scope resolved in the period.
    late = d.c.resolved_date > d.c.effective_due_date
    # Pending at the end and overdue: those resolved later (``pending_parts``' first part)
    # were resolved late too, after a due date before the end: read alike, the index's
    # condition said. The unresolved by their own indexes.
    (_, later), *unresolved = pending_parts(conn, as_of)
    pending_over = [
        (
            t,
            (*part, in_ids(conn, t.c.resolving_unit_id, ids), t.c.effective_due_date < as_of),
            "pending_overdue",
        )
        for t, part in [(d, (*later, late)), *unresolved]
    ]
    # Each reason's dossiers as parts ``(table, conditions, reason)``, disjoint, each read by
    # its own index: one condition with ORs read every dossier of the scope (the on-time
    # drill-down of a province at 1M dossiers: 2.8 s on SQLite).
    reasons = {
        "on_time": [(d, (*resolved, late), "late"), *pending_over],
        "synced_on_time": [(d, (*received, d.c.synced_on_time.is_(False)), "not_synced")],
        "full_online": [
            (
                d,
                (*received, d.c.full_online_service.is_(True), d.c.channel != CHANNEL_ONLINE),
                "partly_online",
            )
        ],
        "payment": [
            (
                d,
                (*received, d.c.fee_required.is_(True), d.c.online_payment.is_not(True)),
                "paid_at_desk",
            )
        ],
        "result_electronic": [(d, (*resolved, d.c.result_electronic.is_(False)), "not_electronic")],
        "digitised": [(d, (*received, d.c.digitised.is_not(True)), "not_digitised")],
        "data_reused": [(d, (*received, d.c.data_reused.is_(False)), "not_reused")],
        "shared_reuse": [(d, (*received, d.c.shared_reuse.is_(False)), "not_shared")],
        "population_db": [(d, (*received, d.c.population_db.is_(False)), "no_population_db")],
        "dossier_satisfaction": [
            (d, (*resolved, late), "late"),
            (d, (*resolved, ~late, d.c.citizen_unsatisfied.is_(True)), "unsatisfied"),
        ],
    }[indicator]
    parts = []
    for t, where, reason in reasons:
        if department_id is not None:
            where = (*where, t.c.department_id == department_id)
        parts.append(
            select(
                *_listed_columns(t),
                # dossier_unresolved (PostgreSQL's unresolved rows) has no resolved date
                t.c.resolved_date if t is d else cast(null(), SQL_DATE),
                literal(reason).label("reason"),
            ).where(*where)
        )
    sub = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery()
    unit = admin_unit
    stmt = (
        select(
            sub.c.code,
            unit.c.code.label("unit_code"),
            unit.c.name.label("unit_name"),
            department.c.name.label("department"),
            procedure.c.name.label("procedure"),
            sub.c.received_date,
            sub.c.effective_due_date.label("due_date"),
            sub.c.resolved_date,
            sub.c.reason,
        )
        .select_from(
            sub.join(unit, unit.c.id == sub.c.resolving_unit_id)
            .join(procedure, procedure.c.id == sub.c.procedure_id)
            .outerjoin(department, department.c.id == sub.c.department_id)
        )
        .order_by(sub.c.received_date.desc(), sub.c.code)
        .limit(limit)
    )
    return _dates(pd.DataFrame(conn.execute(stmt).mappings().all(), columns=FAILING_COLUMNS))


def _listed_columns(t) -> list:  # noqa: ANN001 - dossier or dossier_unresolved
    """What the drill-down and the at-stake list read of a dossier to show it (joined to its
    unit, procedure and department after the parts are unioned)."""
    return [
        t.c.code,
        t.c.resolving_unit_id,
        t.c.department_id,
        t.c.procedure_id,
        t.c.received_date,
        t.c.effective_due_date,
    ]


FAILING_COLUMNS = [
    "code",
    "unit_code",
    "unit_name",
    "department",
    "procedure",
    "received_date",
    "due_date",
    "resolved_date",
    "reason",
]


def _dates(df: pd.DataFrame) -> pd.DataFrame:

    for c in ("received_date", "due_date", "resolved_date"):
        df[c] = [_as_date(v) for v in df[c]]
    return df


def _failing_pakn(conn, period, ids, indicator, department_id, as_of, limit):  # noqa: ANN001, ANN202
    p, unit = pakn, admin_unit
    if indicator == "pakn_on_time":
        base = and_(p.c.received_date >= period.start, p.c.received_date <= as_of)
        handled_by_end = and_(p.c.handled_date.is_not(None), p.c.handled_date <= as_of)
        reasons = [
            (and_(base, handled_by_end, p.c.handled_date > p.c.deadline), "pakn_late"),
            (and_(base, ~handled_by_end, p.c.deadline < as_of), "pakn_pending_overdue"),
        ]
    else:
        base = and_(p.c.handled_date >= period.start, p.c.handled_date <= as_of)
        reasons = [
            (and_(base, p.c.handled_date > p.c.deadline), "pakn_late"),
            (and_(base, p.c.handled_date <= p.c.deadline, _pakn_bad()), "pakn_unsatisfied"),
        ]
    reason = case(*[(cond, literal(r)) for cond, r in reasons], else_=literal(None))
    stmt = (
        select(
            p.c.code,
            unit.c.code.label("unit_code"),
            unit.c.name.label("unit_name"),
            department.c.name.label("department"),
            literal(None).label("procedure"),
            p.c.received_date,
            p.c.deadline.label("due_date"),
            p.c.handled_date.label("resolved_date"),
            reason.label("reason"),
        )
        .select_from(
            p.join(unit, unit.c.id == p.c.unit_id).outerjoin(
                department, department.c.id == p.c.department_id
            )
        )
        .where(in_ids(conn, p.c.unit_id, ids), or_(*[cond for cond, _r in reasons]))
        .order_by(p.c.received_date.desc(), p.c.code)
        .limit(limit)
    )
    if department_id is not None:
        stmt = stmt.where(p.c.department_id == department_id)
    return _dates(pd.DataFrame(conn.execute(stmt).mappings().all(), columns=FAILING_COLUMNS))


def at_stake(
    conn: Connection,
    period: Period,
    scope: Scope,
    department_id: int | None = None,
    today: date | None = None,
    limit: int = DRILL_LIMIT,
) -> tuple[dict, pd.DataFrame]:
    """Before a period ends: the pending dossiers due between today and the period's end,
    which must be resolved on time to keep today's estimate, and the estimate if none of them
    is. Returns ({dossiers, on_time_now, on_time_if_missed, total_now, total_if_missed,
    points_at_stake}, the dossiers: code, unit_code, unit_name, department, procedure,
    received_date, due_date). After the period's end there is nothing at stake."""
    today = today or settings.today()
    card = scorecard(conn, period, scope, department_id, today)
    empty = pd.DataFrame(columns=FAILING_COLUMNS[:7])
    now = total(card)
    info = dict(
        dossiers=0,
        on_time_now=None,
        on_time_if_missed=None,
        total_now=now["score"],
        total_if_missed=now["score"],
        points_at_stake=0.0,
    )
    if today >= period.end or today < period.start:
        return info, empty
    ids = recorded_unit_ids(conn, scope.unit_code, scope.historical)
    # Pending at the end of today (``pending_parts``: each part an index range of its few
    # rows; one condition over ``dossier`` read every dossier the scope ever had: ~0.9 s a
    # statement on SQLite at 1M) and due by the period's end.

    def pending_due(columns, due_of=lambda due: due):  # noqa: ANN001, ANN202
        parts = []
        for t, part in pending_parts(conn, today):
            due = due_of(t.c.effective_due_date)
            where = [
                *part,
                in_ids(conn, t.c.resolving_unit_id, ids),
                due >= today,
                due <= period.end,
            ]
            if department_id is not None:
                where.append(t.c.department_id == department_id)
            parts.append(select(*columns(t)).where(*where))
        return union_all(*parts).subquery()

    # Counted and listed in one statement. PostgreSQL counts while it sorts for the list (a
    # window, taken before the limit): two statements read the pending parts twice (a
    # province's running quarter at 1M: 36 -> 22 ms). SQLite lists the most urgent through
    # a merge of the parts' ordered index reads, stopping at the limit, and counts in a
    # subquery: a window made it sort every due dossier (at 10M: 31 -> 52 ms). The count
    # reads the unresolved by unit from ix_dossier_unresolved alone, the due date tested
    # through coalesce: by due date (ix_dossier_open) it visited every open dossier due by
    # the period's end in the table (a province's running quarter at 10M: ~18,500, 16 ms).
    united = pending_due(_listed_columns)
    if conn.dialect.name == "postgresql":
        n = func.count().over()
    else:
        counted = pending_due(
            lambda t: [t.c.resolving_unit_id], lambda due: func.coalesce(due, due)
        )
        n = select(func.count()).select_from(counted).scalar_subquery()
    # The most urgent limited first, then named: the names are looked up for the rows shown.
    due = (
        select(united, n.label("n"))
        .order_by(united.c.effective_due_date, united.c.code)
        .limit(limit)
        .subquery("due")
    )
    unit = admin_unit
    stmt = (
        select(
            due.c.code,
            unit.c.code.label("unit_code"),
            unit.c.name.label("unit_name"),
            department.c.name.label("department"),
            procedure.c.name.label("procedure"),
            due.c.received_date,
            due.c.effective_due_date.label("due_date"),
            due.c.n,
        )
        .select_from(
            due.join(unit, unit.c.id == due.c.resolving_unit_id)
            .join(procedure, procedure.c.id == due.c.procedure_id)
            .outerjoin(department, department.c.id == due.c.department_id)
        )
        .order_by(due.c.effective_due_date, due.c.code)
    )
    rows = conn.execute(stmt).all()
    n = int(rows[0].n) if rows else 0
    row = card.set_index("code").loc["on_time"]
    if n == 0 or row.denominator == 0:
        return info, empty
    mx = float(row.max_score)
    if_missed = mx * (row.numerator - n) / row.denominator
    stake = float(row.score) - if_missed
    info.update(
        dossiers=n,
        on_time_now=float(row.score),
        on_time_if_missed=round(if_missed, 4),
        total_if_missed=round(now["score"] - stake, 2),
        points_at_stake=round(stake, 4),
    )
    df = pd.DataFrame.from_records([tuple(r)[:7] for r in rows], columns=FAILING_COLUMNS[:7])
    for c in ("received_date", "due_date"):
        df[c] = [_as_date(v) for v in df[c]]
    return info, df


def trend(
    conn: Connection, period: Period, scope: Scope, today: date | None = None, months: int = 12
) -> pd.DataFrame:
    """The estimated total of each of the ``months`` months ending with the period's last
    month (none after today), with the official monthly total when imported: month, score,
    undetermined, no_data, official_score. Each month is scored as its own scorecard is
    (``scorecard_from_counts``, ``total``), from counts made for all months at once."""
    from dashboard.domain.periods import add_months

    today = today or settings.today()
    last = min(period.end, today)
    first = add_months(date(last.year, last.month, 1), -(months - 1))
    span = Period(first, month_end(last), "custom", period.regime)
    frame = grouped_counts(conn, span, scope, by="month", today=today)
    officials = _official_totals(conn, list(frame.index), scope)
    rows = []
    for m, values in zip(frame.index, _count_block(frame, "int64").tolist(), strict=True):
        # total(scorecard_from_counts(c)), without building a frame a month.
        card = _indicator_rows(dict(zip(COUNT_KEYS, values, strict=True)))
        score, undetermined, no_data = _summed(
            _group_sums((r["group_code"], r["score"], r["max_score"], r["status"]) for r in card)
        )
        rows.append(
            dict(
                month=m,
                score=score,
                undetermined=undetermined,
                no_data=no_data,
                official_score=officials.get(m),
            )
        )
    return pd.DataFrame(
        rows, columns=["month", "score", "undetermined", "no_data", "official_score"]
    )


def _official_totals(conn: Connection, months: list[date], scope: Scope) -> dict[date, float]:
    """The official total imported for each of these months (``official``'s "total" row)."""
    o = index766_official
    if scope.unit_code is None or not months:
        return {}
    recorded_unit_ids(conn, scope.unit_code, scope.historical)  # refuses other scopes
    subject = f"u{get_unit(conn, scope.unit_code).id}"
    ends = {m: month_end(m) for m in months}
    rows = conn.execute(
        select(o.c.period_start, o.c.period_end, o.c.score).where(
            o.c.subject == subject, o.c.indicator == "total", o.c.period_start.in_(months)
        )
    ).all()
    return {
        _as_date(start): float(score)
        for start, end, score in rows
        if ends.get(_as_date(start)) == _as_date(end) and score is not None
    }


def headline(
    conn: Connection, period: Period, scope: Scope, today: date | None = None
) -> dict[str, Figure]:
    """The index as figures (``queries.figures``): what the overview's line, the page's cards,
    the pack and ``oversight metrics figures`` show, from one scorecard."""
    return headline_of(scorecard(conn, period, scope, today=today))


def headline_of(card: pd.DataFrame) -> dict[str, Figure]:
    """The headline of a scorecard already read (the page reads the scorecard for its table).

    Points, not rates: ``i766_total`` is the points earned (numerator) out of the points that
    could be determined (denominator: 100 less the points not determined and without data);
    ``i766_lost`` is what the determined indicators missed; ``i766_official`` the imported
    official total (None until imported), ``i766_difference`` the estimate less it."""
    tot = total(card)
    n = int(card["denominator"].fillna(0).sum())
    determinable = round(tot["max_score"] - tot["undetermined"] - tot["no_data"], 2)

    def points_(metric: str, value, num=None, den=None, kind="points", **kw) -> Figure:  # noqa: ANN001, ANN003
        return Figure(
            metric=metric,
            value=None if value is None else float(value),
            n=n,
            numerator=num,
            denominator=den,
            kind=kind,
            **kw,
        )

    return {
        "i766_total": points_(
            "i766_total", tot["score"], tot["score"], determinable, rows="index766"
        ),
        "i766_official": points_("i766_official", tot["official_score"]),
        "i766_difference": points_(
            "i766_difference",
            tot["difference"],
            status=None if tot["difference"] is None else ("bad" if tot["flagged"] else "good"),
        ),
        "i766_lost": points_("i766_lost", tot["lost"], tot["lost"], determinable, rows="index766"),
        # Whole points (every indicator's maximum is whole): shown as counts of points.
        "i766_undetermined": points_(
            "i766_undetermined", tot["undetermined"], tot["undetermined"], kind="count"
        ),
        "i766_no_data_points": points_(
            "i766_no_data_points", tot["no_data"], tot["no_data"], kind="count"
        ),
    }
