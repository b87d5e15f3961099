"""About to be late (sắp đến hạn): pending dossiers and open petitions whose deadline falls
within the next N working days, so a leader can act before they are late.

Definitions:
- *as of* a day (today on the pages): a dossier is pending when it was received by then and
  neither resolved nor closed by then (the backlog's rule, queries.on_time.backlog); its
  deadline is the effective due date (appointment plus the days spent waiting for the
  citizen's supplement, dashboard.domain.dossier_dates);
- *working days left* = working days d with as_of < d <= due (``WorkCalendar.
  working_days_between``): 0 for a dossier due today, 1 for one due on the next working day;
  a deadline on a weekend or holiday counts the working days before it;
- *due within N working days*: pending, not yet overdue (due on or after as_of: one due
  before is overdue, listed with the late dossiers) and working days left <= N. In dates:
  as_of <= due < the (N+1)-th working day after as_of, which the database filters on;
- a *petition* (kiến nghị) assigned to an agency and not resolved by as_of is due soon on
  the same rule with its deadline (petitions answered on the spot have none);
- the unit of a row is the unit it was filed under rolled up to today's unit (current view)
  or as it was (historical view), like every other figure.

Working days come from one function, ``calendar(conn)``, so every surface (page, overview,
pack, command line) counts them the same way.

Grain: one row per dossier (``dossiers``), per group (``counts``), per petition
(``petitions``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Integer, case, func, or_, select, type_coerce, union_all

from dashboard.domain.workdays import WorkCalendar
from dashboard.storage.schema import (
    admin_unit,
    department,
    dialogue_session,
    dossier,
    field,
    petition,
    procedure,
)
from queries.figures import Figure
from queries.frames import count_frame
from queries.on_time import pending_parts
from queries.units import Scope, in_ids, per_version, scope_ids, unit_tree

DEFAULT_WITHIN = 3
MAX_WITHIN = 30
GROUPS = ("unit", "department", "field")


def calendar(conn: Connection) -> WorkCalendar:
    """The working-day calendar every deadline here is counted with: the deployment's holiday
    register (dashboard.storage.registers: Vietnam's holidays and announced swaps, with the
    swaps a deployment adds), read here and nowhere else in this module."""
    from dashboard.storage.registers import calendar as register_calendar

    # Read once per data version (a trigger moves it on any write to the holiday register,
    # migration 19_holiday_version), not on each of the page's several reads.
    return per_version(conn, register_calendar)


def window(cal: WorkCalendar, as_of: date, within: int) -> tuple[date, date]:
    """First and last due date of a dossier due within ``within`` working days of ``as_of``:
    from as_of itself to the day before the (within+1)-th working day after it."""
    within = max(0, int(within))
    return as_of, cal.add_working_days(as_of, within + 1) - timedelta(days=1)


def days_left(cal: WorkCalendar, as_of: date, due: pd.Series) -> pd.Series:
    """Working days from ``as_of`` to each due date (vectorised ``working_days_between``)."""
    if due.empty:
        return pd.Series([], dtype="int64", index=due.index)
    start = np.datetime64(as_of + timedelta(days=1), "D")
    end = pd.to_datetime(due).values.astype("datetime64[D]") + np.timedelta64(1, "D")
    counted = np.busday_count(start, np.maximum(end, start), busdaycal=cal.numpy)
    return pd.Series(counted, index=due.index, dtype="int64")


def _pending_due(conn: Connection, as_of: date, first: date, last: date, scope: Scope):
    """The dossiers of the scope pending at the end of ``as_of`` and due in [first, last],
    one row each (``_DUE_READ``'s columns), as a subquery.

    SQLite reads them from ``dossier`` through ix_dossier_due, the pending ones among every
    dossier due in the window. PostgreSQL reads the pending ones where they are
    (``on_time.pending_parts``): the unresolved from ``dossier_unresolved`` by closing and
    due date (ix_dossier_unresolved_due), those resolved after the day from the partitions
    that can hold one; reading every dossier due in the window from the partitions visited
    each in the table for the list (a province at 10M: 2,233 rows, ~17 ms)."""
    d = dossier

    def rows(t, *where):  # noqa: ANN001, ANN002, ANN202
        due = (t.c.effective_due_date >= first, t.c.effective_due_date <= last)
        stmt = select(*[t.c[c] for c in _DUE_READ]).where(*due, *where)
        return _filters(conn, stmt, t, scope)

    if conn.dialect.name != "postgresql":
        return rows(
            d,
            d.c.received_date <= as_of,
            or_(d.c.resolved_date.is_(None), d.c.resolved_date > as_of),
            or_(d.c.closed_date.is_(None), d.c.closed_date > as_of),
        ).subquery("due")
    since = _received_since(conn, first)
    parts = [
        rows(t, *where, *([d.c.received_date >= since] if t is d and since else []))
        for t, where in pending_parts(conn, as_of)
    ]
    return union_all(*parts).subquery("due")


# What the due-soon reads take of each pending dossier (``_pending_due``).
_DUE_READ = (
    "code",
    "resolving_unit_id",
    "department_id",
    "procedure_id",
    "field_id",
    "channel",
    "status",
    "received_date",
    "effective_due_date",
)


def _received_since(conn: Connection, first: date) -> date | None:
    """PostgreSQL: the earliest day a dossier due on or after ``first`` can have been received:
    ``first`` less the longest any dossier was given (due date less received date, read once
    per data version through ix_dossier_due_span, migration 27_dossier_due_span). Bounded so,
    PostgreSQL plans the few monthly partitions that can hold such a dossier, not all ~72
    (14-18 ms of planning a statement at 10M dossiers). SQLite has no partitions: None."""
    if conn.dialect.name != "postgresql":
        return None
    longest = per_version(conn, _longest_due_span)
    return None if longest is None else first - timedelta(days=int(longest))


def _longest_due_span(conn: Connection) -> int | None:
    """The most days any dossier was given, from its received date to its effective due date."""
    d = dossier
    span = type_coerce(d.c.effective_due_date - d.c.received_date, Integer)
    return conn.execute(select(func.max(span))).scalar()


def _filters(conn: Connection, stmt, t, scope: Scope):  # noqa: ANN001, ANN202
    """``stmt`` (reading the table ``t``) kept to the scope: its units, field and channel."""
    ids = scope_ids(conn, scope.unit_code, scope.historical)
    if ids is not None:
        # A few days of due dates are a few thousand rows of a province's millions: "+ 0"
        # keeps the planner off the unit indexes (SQLite, without statistics, would walk every
        # dossier the province received) and on the due-date ones.
        stmt = stmt.where(in_ids(conn, t.c.resolving_unit_id + 0, ids))
    if scope.field_code:
        stmt = stmt.where(
            t.c.field_id
            == select(field.c.id).where(field.c.code == scope.field_code).scalar_subquery()
        )
    if scope.channel:
        stmt = stmt.where(t.c.channel == scope.channel)
    return stmt


DOSSIER_COLUMNS = [
    "code",
    "unit",
    "unit_name",
    "department",
    "procedure",
    "field_vi",
    "field_en",
    "channel",
    "status",
    "received_date",
    "due_date",
    "working_days_left",
]


def dossiers(
    conn: Connection, as_of: date, within: int, scope: Scope, limit: int | None = None
) -> pd.DataFrame:
    """The dossiers due within ``within`` working days of ``as_of``, most urgent first, with
    the procedure, the unit (in the scope's view) and the department holding each one."""
    cal = calendar(conn)
    first, last = window(cal, as_of, within)
    due = _pending_due(conn, as_of, first, last, scope)
    # The most urgent first, limited, then named: the procedure, field and department are
    # looked up for the rows shown (500), not for every dossier due in the window (a
    # province's 2,233 at 10M); the unit in the view from the unit tree (joined, the whole
    # register was hashed and sorted for every dossier due in the window: ~4 of PostgreSQL's
    # ~9 ms at 10M). A unit without a today's unit (a district) has no row, before the limit:
    # only the whole country's scope can hold one (a scope's recorded units roll up to its
    # today's units).
    urgent = select(
        due.c.code,
        due.c.resolving_unit_id,
        due.c.department_id,
        due.c.procedure_id,
        due.c.field_id,
        due.c.channel,
        due.c.status,
        due.c.received_date,
        due.c.effective_due_date,
    ).order_by(due.c.effective_due_date, due.c.code)
    if not scope.historical and scope_ids(conn, scope.unit_code, scope.historical) is None:
        today_units = select(admin_unit.c.id).where(admin_unit.c.current_unit_id.is_not(None))
        urgent = urgent.where(due.c.resolving_unit_id.in_(today_units))
    if limit:
        urgent = urgent.limit(limit)
    u = urgent.subquery("urgent")
    stmt = (
        select(
            u.c.code,
            u.c.resolving_unit_id,
            department.c.name.label("department"),
            procedure.c.name.label("procedure"),
            field.c.name_vi.label("field_vi"),
            field.c.name_en.label("field_en"),
            u.c.channel,
            u.c.status,
            u.c.received_date,
            u.c.effective_due_date.label("due_date"),
        )
        .select_from(
            u.join(procedure, procedure.c.id == u.c.procedure_id)
            .join(field, field.c.id == u.c.field_id)
            .outerjoin(department, department.c.id == u.c.department_id)
        )
        .order_by(u.c.effective_due_date, u.c.code)
    )
    rows = []
    tree = unit_tree(conn)
    for code, unit_id, *rest in conn.execute(stmt).all():
        node = tree.in_view(unit_id, scope.historical)
        if node is not None:
            rows.append((code, node.code, node.name, *rest))
    df = pd.DataFrame.from_records(rows, columns=DOSSIER_COLUMNS[:-1])
    for c in ("received_date", "due_date"):
        df[c] = [_as_date(v) for v in df[c]]
    df["working_days_left"] = days_left(cal, as_of, df["due_date"])
    for c in ("channel", "status"):
        df[c] = pd.to_numeric(df[c]).astype("int64")
    return df[DOSSIER_COLUMNS]


COUNT_COLUMNS = ["dossiers", "due_today", "due_next_day"]


def counts(
    conn: Connection, as_of: date, within: int, scope: Scope, by: str | None = None
) -> pd.DataFrame:
    """How many dossiers are due within ``within`` working days, with those due today (0 days
    left) and by the next working day (at most 1), one row per group or one row in all.

    ``by``: ``unit`` (the commune, in the scope's view; ``code``, ``name``), ``department``
    (who holds them; ``unit_name``, ``department``) or ``field``. Counted in the database by
    due date, so a province's count reads no dossier rows into Python."""
    if by not in (None, *GROUPS):
        raise ValueError(f"by must be one of {GROUPS}")
    return _counted(conn, _due_counts(conn, as_of, within, scope), by)


def breakdown(conn: Connection, as_of: date, within: int, scope: Scope) -> dict[str, pd.DataFrame]:
    """``counts`` in all, by unit and by department from one read of the dossiers (the on-time
    page's section shows the three: one statement over the dossier partitions, not three):
    keys ``total``, ``unit``, ``department``."""
    raw = _due_counts(conn, as_of, within, scope)
    return {by or "total": _counted(conn, raw, by) for by in (None, "unit", "department")}


# Every grouping of counts() sums these.
_FINEST = ("unit_id", "department_id", "field_id")


def _due_counts(conn: Connection, as_of: date, within: int, scope: Scope) -> pd.DataFrame:
    """The dossiers due in the window per unit (in the scope's view), department and field,
    with those due today and by the next working day. Both are due-date ranges of the same
    rule (``window`` with 0 and 1 working days: 0 or at most 1 working day left), so the
    database counts them and hands over one row per group, not one per group and due date."""
    cal = calendar(conn)
    first, last = window(cal, as_of, within)
    today_last = window(cal, as_of, 0)[1]
    next_last = window(cal, as_of, 1)[1]
    rows = _pending_due(conn, as_of, first, last, scope)
    due = rows.c.effective_due_date
    group_col = admin_unit.c.id if scope.historical else admin_unit.c.current_unit_id
    keys = [group_col.label("unit_id"), rows.c.department_id, rows.c.field_id]
    stmt = (
        select(
            *keys,
            func.count().label("dossiers"),
            func.sum(case((due <= today_last, 1), else_=0)).label("due_today"),
            func.sum(case((due <= next_last, 1), else_=0)).label("due_next_day"),
        )
        .select_from(rows.join(admin_unit, admin_unit.c.id == rows.c.resolving_unit_id))
        .group_by(*keys)
    )
    return count_frame(conn.execute(stmt), COUNT_COLUMNS)


def _counted(conn: Connection, raw: pd.DataFrame, by: str | None) -> pd.DataFrame:
    """``_due_counts`` summed by ``by`` (None: one row), named and most first."""
    if by is None:
        return pd.DataFrame([{c: int(raw[c].sum()) for c in COUNT_COLUMNS}])
    names = {"unit": ["unit_id"], "department": ["unit_id", "department_id"]}.get(by, [by + "_id"])
    out = raw.groupby(names, dropna=False)[COUNT_COLUMNS].sum().reset_index()
    out = _named(conn, out, by)
    return out.sort_values(["dossiers", "due_today"], ascending=False).reset_index(drop=True)


def _named(conn: Connection, df: pd.DataFrame, by: str) -> pd.DataFrame:
    """The group's names added as columns, looked up key by key: the unit's code and name
    from the unit tree (kept per register version), the department's and the field's from
    their tables. A merge a grouping cost ~2 ms each (three groupings a page)."""
    if by in ("unit", "department"):
        tree = unit_tree(conn)
        nodes = [
            tree.node(int(u)) if pd.notna(u) and tree.has_id(int(u)) else None
            for u in df["unit_id"]
        ]
        df = df.assign(
            code=[n.code if n else None for n in nodes],
            name=[n.name if n else None for n in nodes],
        )
    if by == "department":
        ids = [int(i) for i in df["department_id"].dropna().unique()]
        rows = conn.execute(
            select(department.c.id, department.c.name).where(in_ids(conn, department.c.id, ids))
        )
        dept = dict(rows.all())
        df["department_id"] = df["department_id"].astype("Int64")
        df["department"] = [None if pd.isna(i) else dept.get(int(i)) for i in df["department_id"]]
        df = df.rename(columns={"name": "unit_name", "code": "unit"})
    if by == "field":
        rows = conn.execute(select(field.c.id, field.c.code, field.c.name_vi, field.c.name_en))
        fields = {i: rest for i, *rest in rows.all()}
        named = [fields.get(int(i), (None, None, None)) for i in df["field_id"]]
        for j, c in enumerate(("code", "name_vi", "name_en")):
            df[c] = [n[j] for n in named]
    return df


PETITION_COLUMNS = [
    "session_code",
    "seq",
    "unit",
    "unit_name",
    "held_on",
    "topic",
    "summary",
    "assigned_agency",
    "deadline",
    "working_days_left",
]


def petitions(
    conn: Connection, as_of: date, within: int, scope: Scope, limit: int | None = None
) -> pd.DataFrame:
    """Petitions assigned to an agency, open at ``as_of``, whose deadline falls within
    ``within`` working days (today included), most urgent first."""
    cal = calendar(conn)
    first, last = window(cal, as_of, within)
    s, p = dialogue_session, petition
    shown = admin_unit.alias("shown")
    group_col = admin_unit.c.id if scope.historical else admin_unit.c.current_unit_id
    columns = select(
        s.c.code.label("session_code"),
        p.c.seq,
        shown.c.code.label("unit_code"),
        shown.c.name,
        s.c.held_on,
        p.c.topic,
        p.c.summary,
        p.c.assigned_agency,
        p.c.deadline,
    ).select_from(
        p.join(s, s.c.id == p.c.session_id)
        .join(admin_unit, admin_unit.c.id == s.c.unit_id)
        .join(shown, shown.c.id == group_col)
    )
    ids = scope_ids(conn, scope.unit_code, scope.historical)
    # Two disjoint parts, still open and resolved after the day, each a range of the assigned
    # petitions' index by resolution day (ix_petition_carried): a few hundred rows, where the
    # sessions' index walked every session of each unit up to the day. The session's day and
    # unit are tested through expressions no index serves, so that SQLite starts there.
    parts = []
    for still in (p.c.resolved_on.is_(None), p.c.resolved_on > as_of):
        part = columns.where(
            p.c.answered_on_spot.is_(False),
            still,
            func.coalesce(s.c.held_on, s.c.held_on) <= as_of,
            p.c.deadline >= first,
            p.c.deadline <= last,
        )
        if ids is not None:
            part = part.where(in_ids(conn, s.c.unit_id + 0, ids))
        parts.append(part)
    sub = union_all(*parts).subquery()
    stmt = select(*sub.c).order_by(sub.c.deadline, sub.c.session_code, sub.c.seq)
    if limit:
        stmt = stmt.limit(limit)
    df = pd.DataFrame.from_records(
        list(map(tuple, conn.execute(stmt).all())), columns=PETITION_COLUMNS[:-1]
    )
    for c in ("held_on", "deadline"):
        df[c] = [_as_date(v) for v in df[c]]
    df["seq"] = pd.to_numeric(df["seq"]).astype("int64")
    df["working_days_left"] = days_left(cal, as_of, df["deadline"])
    return df


def summary(conn: Connection, as_of: date, within: int, scope: Scope) -> dict:
    """The overview's card: dossiers and petitions due within ``within`` working days, those
    due today, and the last day of the window (for the caption)."""
    c = counts(conn, as_of, within, scope).iloc[0]
    pet = petitions(conn, as_of, within, scope)
    _, last = window(calendar(conn), as_of, within)
    return {
        "as_of": as_of,
        "within": int(within),
        "until": last,
        "dossiers": int(c["dossiers"]),
        "due_today": int(c["due_today"]),
        "petitions": len(pet),
        "petitions_today": int((pet["working_days_left"] == 0).sum()),
    }


def until(conn: Connection, as_of: date, within: int) -> date:
    """The last day of the window "due within ``within`` working days" from ``as_of``."""
    return window(calendar(conn), as_of, within)[1]


def headline(
    conn: Connection, as_of: date, scope: Scope, within: int = DEFAULT_WITHIN
) -> dict[str, Figure]:
    """The figures of ``summary`` as ``Figure``s (overview cards, pack, command line):
    ``due_soon_dossiers``, ``due_today`` (of those due soon), ``due_soon_petitions`` and
    ``petitions_today`` (of those due soon). Counts."""
    s = summary(conn, as_of, within, scope)
    rows = (
        ("due_soon_dossiers", s["dossiers"], None, "due_soon_card_label", "on_time"),
        ("due_today", s["due_today"], s["dossiers"], "due_today_label", "on_time"),
        ("due_soon_petitions", s["petitions"], None, "due_soon_petitions_card_label", "dialogue"),
        (
            "petitions_today",
            s["petitions_today"],
            s["petitions"],
            "petitions_today_label",
            "dialogue",
        ),
    )
    return {
        metric: Figure(
            metric=metric,
            value=float(value),
            n=int(value),
            numerator=int(value),
            denominator=den,
            kind="count",
            rows=page,
            label_key=label,
        )
        for metric, value, den, label, page in rows
    }


def _as_date(v) -> date | None:  # noqa: ANN001 - SQLite may hand back strings
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    return date.fromisoformat(str(v)[:10])
