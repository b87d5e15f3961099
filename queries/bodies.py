"""Theo cơ quan: who holds what is late — dossiers and petitions by the responsible body.

Grain: one row per responsible body and unit (the commune it serves, in the scope's view: today's
units, or the units as they were) for a scope and a period:
- ``late``: dossiers resolved after their effective due date in the period, by the department
  holding them (``dossier.department_id``); ``overdue``: dossiers still pending past their
  effective due date at the period's end (the definitions of ``queries.on_time.late_dossiers``);
  ``no_apology``: of those late or overdue, the ones without an apology letter;
  ``oldest_code`` / ``oldest_days``: the pending overdue dossier due longest ago and its days
  overdue at the period's end (the case to ask about first);
- ``petitions_overdue`` / ``petition_oldest_days``: petitions open past their deadline at the
  period's end, by the agency they were assigned to (``queries.dialogue.overdue_petitions``,
  the dialogue page's own figure).
A dossier without a department counts under ``NO_BODY``.

Bodies abolished on 1 July 2025 — the district's offices ("UBND huyện – Phòng …") and the
commune posts of the three-tier system — are shown, in today's view, as the body of the
two-tier commune that took over their work (``SUCCESSORS``, after Nghị định 150/2025/NĐ-CP on
the commune's offices: economy, land, environment and infrastructure to the Phòng Kinh tế —
"Phòng Kinh tế, Hạ tầng và Đô thị" in a phường —, social affairs to the Phòng Văn hóa – Xã hội,
justice and civil status to the Văn phòng HĐND và UBND, the one-stop desk to the Trung tâm Phục
vụ hành chính công). ``was`` lists the names the records were filed under. A province whose own
decisions assign the work differently should have its rule here checked against them. The
as-was view keeps the names as recorded.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from sqlalchemy import (
    Connection,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)

from dashboard.domain.periods import Period, month_end
from dashboard.storage.rollups import RESOLVED_STATUSES
from dashboard.storage.schema import (
    admin_unit,
    backlog_day,
    department,
    dossier,
    rollup_body_month,
)
from queries import dialogue
from queries.on_time import day_kept, oldest_key, resolved_since, unresolved_parts
from queries.units import (
    SQL_DATE,
    SQL_TEXT,
    Scope,
    _as_date,
    as_of_day,
    in_ids,
    per_version,
    recorded_unit_ids,
    unit_tree,
)

NO_BODY = "(chưa ghi bộ phận)"
ECONOMY = "Phòng Kinh tế"
ECONOMY_WARD = "Phòng Kinh tế, Hạ tầng và Đô thị"
# Abolished body (as records name it) -> the body of today's commune that took over its work.
SUCCESSORS: dict[str, str] = {
    "UBND huyện – Phòng Tài nguyên và Môi trường": ECONOMY,
    "UBND huyện – Phòng Kinh tế và Hạ tầng": ECONOMY,
    "UBND huyện – Phòng Kinh tế": ECONOMY,
    "UBND huyện – Phòng Nông nghiệp và Phát triển nông thôn": ECONOMY,
    "UBND huyện – Phòng Quản lý đô thị": ECONOMY,
    "UBND huyện – Phòng Lao động – Thương binh và Xã hội": "Phòng Văn hóa – Xã hội",
    "UBND huyện – Phòng Văn hóa và Thông tin": "Phòng Văn hóa – Xã hội",
    "UBND huyện – Phòng Giáo dục và Đào tạo": "Phòng Văn hóa – Xã hội",
    "UBND huyện – Phòng Y tế": "Phòng Văn hóa – Xã hội",
    "UBND huyện – Phòng Tư pháp": "Văn phòng HĐND và UBND",
    "UBND huyện – Phòng Nội vụ": "Văn phòng HĐND và UBND",
    "UBND huyện – Văn phòng HĐND và UBND": "Văn phòng HĐND và UBND",
    "Công chức Địa chính – Xây dựng": ECONOMY,
    "Công chức Tài chính – Kế toán": ECONOMY,
    "Công chức Văn hóa – Xã hội": "Phòng Văn hóa – Xã hội",
    "Công chức Tư pháp – Hộ tịch": "Văn phòng HĐND và UBND",
    "Văn phòng HĐND và UBND xã": "Văn phòng HĐND và UBND",
    "Bộ phận Một cửa": "Trung tâm Phục vụ hành chính công",
}

COLUMNS = [
    "body",
    "unit_code",
    "unit_name",
    "was",
    "late",
    "overdue",
    "no_apology",
    "oldest_code",
    "oldest_days",
    "petitions_overdue",
    "petition_oldest_days",
]


def successor(name: str | None, unit_name: str = "", historical: bool = False) -> str:
    """The body that holds the work today (``name`` itself when it still exists, or in the
    as-was view). A ward's economy office has its urban name."""
    if not isinstance(name, str) or not name.strip():  # None, or NaN from a frame
        return NO_BODY
    if historical:
        return name
    body = SUCCESSORS.get(name.strip(), name.strip())
    if body == ECONOMY and unit_name.startswith("Phường"):
        return ECONOMY_WARD
    return body


DOSSIER_COLUMNS = [
    "recorded",
    "unit_id",
    "late",
    "overdue",
    "no_apology",
    "oldest_code",
    "oldest_days",
]


def _dossiers(
    conn: Connection, period: Period, scope: Scope, source: str | None = None
) -> pd.DataFrame:
    """``_dossier_rows`` as a frame."""
    return pd.DataFrame(_dossier_rows(conn, period, scope, source), columns=DOSSIER_COLUMNS)


def _dossier_rows(
    conn: Connection, period: Period, scope: Scope, source: str | None = None
) -> list[dict]:
    """Late and overdue dossier counts per recorded department name and unit, with the oldest
    pending overdue dossier of each: from ``rollup_body_month`` when the period is whole
    months that have ended and the scope filters neither field nor channel (the rollup has
    neither), else from the dossier rows. ``source`` ("rollup" | "mixed" | "rows") forces one
    (tests); "mixed": the late dossiers of the period's whole months from the rollup, those
    of the days after them and what is overdue at as_of from the rows."""
    as_of = as_of_day(period.end)
    # The last day of the period's last whole month. The late dossiers are counted by the
    # month they were resolved in, and the refresh after every import rebuilds the running
    # month's too: a running quarter's late dossiers are its three months' rollup, as a
    # month's rows resolved to today are the month's (none is resolved after today).
    split = (
        period.end
        if period.end == month_end(period.end)
        else period.end.replace(day=1) - timedelta(days=1)
    )
    if source is None:
        whole_months = period.start.day == 1 and period.end == month_end(period.end)
        ended = as_of == period.end
        plain = not scope.field_code and not scope.channel
        if whole_months and ended and plain:
            source = "rollup"
        elif plain and period.start.day == 1 and split >= month_end(period.start):
            source = "mixed"
        else:
            source = "rows"
    ids = recorded_unit_ids(conn, scope.unit_code, scope.historical)
    scope_unit = select(admin_unit.c.id).where(in_ids(conn, admin_unit.c.id, ids)).cte("scope_unit")
    if source == "rollup":
        parts = _rollup_parts(conn, period, scope, ids)
    elif source == "mixed":
        # A running period (the quarter to today): its whole months' late dossiers from the
        # rollup, the days after them and what is overdue at as_of from the rows (the
        # province's running quarter at 10M dossiers read two months of late rows, then the
        # running month's ~5,500).
        parts = [
            *_rollup_parts(conn, period, scope, ids, late_until=split, overdue=False),
            *_rows_parts(conn, period, scope, scope_unit, as_of, split + timedelta(days=1)),
        ]
    else:
        parts = _rows_parts(conn, period, scope, scope_unit, as_of, period.start)
    base = union_all(*parts).cte("late_or_overdue")
    # Counted by the database (a quarter's late dossiers of a province are tens of thousands
    # at 10M): the counts per department and unit as recorded, and each group's pending
    # overdue dossier due longest ago (the earliest due date, then the smallest code). The
    # groups are named and rolled up to the units of the view here, from the unit tree and
    # the departments' names: joined in each part, the register and the departments were
    # hashed for every statement and the groups sorted by name (a province's running quarter
    # at PostgreSQL 10M: ~13 -> ~8 ms for its ~8,400 overdue dossiers).
    keys = [base.c.department_id, base.c.unit_id]
    # The oldest case as the least "due|code" of the group's overdue ones (dates as ISO text
    # sort as dates): one pass with the counts, no window over every overdue dossier and no
    # join back.
    key = oldest_key(conn, base.c.due, base.c.code)
    stmt = select(
        *keys,
        func.sum(base.c.late).label("late"),
        func.sum(base.c.overdue).label("overdue"),
        func.sum(base.c.no_apology).label("no_apology"),
        func.min(case((base.c.due.is_not(None), key), else_=null())).label("oldest"),
    ).group_by(*keys)
    counted = conn.execute(stmt).all()
    names = per_version(conn, _department_names)
    tree = unit_tree(conn)
    groups: dict[tuple, dict] = {}
    for department_id, unit_id, late, overdue, no_apology, oldest in counted:
        recorded = names.get(department_id) or None
        node = tree.in_view(unit_id, scope.historical)
        shown = None if node is None else node.id
        g = groups.setdefault(
            (recorded, shown),
            dict(recorded=recorded, unit_id=shown, late=0, overdue=0, no_apology=0, oldest=None),
        )
        g["late"] += int(late)
        g["overdue"] += int(overdue)
        g["no_apology"] += int(no_apology)
        if oldest is not None:
            due, code = oldest.split("|", 1)
            mine = (_as_date(due), code)
            if g["oldest"] is None or mine < g["oldest"]:
                g["oldest"] = mine
    out = []
    for g in groups.values():
        oldest = g.pop("oldest")
        out.append(
            dict(
                **g,
                oldest_code=None if oldest is None else oldest[1],
                # The oldest case's days overdue at as_of (None: a group of late ones only).
                oldest_days=None if oldest is None else (as_of - oldest[0]).days,
            )
        )
    return out


def _department_names(conn: Connection) -> dict[int, str]:
    """Every department's name by id, read once per data version (``per_version``): a
    province's groups name a few hundred of the register's ~4,500, and looking those up for
    every count cost ~1.5 ms a call."""
    return dict(conn.execute(select(department.c.id, department.c.name)).all())


def _rollup_parts(
    conn: Connection,
    period: Period,
    scope: Scope,
    ids: list[int],
    late_until: date | None = None,
    overdue: bool = True,
) -> list:
    """(department_id, unit_id, late, overdue, no_apology, code, due) from rollup_body_month,
    the units as recorded: the late rows of the period's months (up to ``late_until``'s) and,
    with ``overdue``, the overdue rows of its last month. The scope's units ``ids`` filter
    the rollup itself (one table, no partitions)."""
    r = rollup_body_month
    last = period.end.replace(day=1)
    last_late = (late_until or period.end).replace(day=1)

    def part(*cols, where):  # noqa: ANN002, ANN202
        return select(r.c.department_id, r.c.unit_id, *cols).where(
            in_ids(conn, r.c.unit_id, ids), *where
        )

    none = null()
    parts = [
        part(
            r.c.late.label("late"),
            literal(0).label("overdue"),
            r.c.late_no_apology.label("no_apology"),
            cast(none, SQL_TEXT).label("code"),
            cast(none, SQL_DATE).label("due"),
            where=(r.c.month >= period.start, r.c.month <= last_late, r.c.late > 0),
        )
    ]
    if overdue:
        parts.append(
            part(
                literal(0),
                r.c.overdue,
                r.c.overdue_no_apology,
                r.c.oldest_code,
                r.c.oldest_due,
                where=(r.c.month == last, r.c.overdue > 0),
            )
        )
    return parts


def _rows_parts(
    conn: Connection,
    period: Period,
    scope: Scope,
    scope_unit,  # noqa: ANN001
    as_of: date,
    late_from: date,
) -> list:
    """(department_id, unit_id, late, overdue, no_apology, code, due), the unit as recorded,
    one row per late or overdue dossier (due and code for the overdue ones): resolved late
    from ``late_from`` to the period's end, and overdue at ``as_of``."""
    d = dossier

    # The scope's units bound once, in a CTE every part reads, not once a part: PostgreSQL
    # then hashes them instead of weighing the list against each monthly partition of each
    # part (that planning alone took longer than the query). The late dossiers' unit through
    # coalesce (never null) so that SQLite reads ix_dossier_late by date rather than each
    # unit's dossiers by ix_dossier_unit_resolved. The unresolved are read by unit: on
    # PostgreSQL from their own table (``on_time.unresolved_parts``), on SQLite each unit's
    # open ones past due as a range of ix_dossier_unresolved, which carries all they need
    # (migration 40_unresolved_by_due).
    def in_scope(t, by_unit: bool = False) -> list:  # noqa: ANN001
        unit = t.c.resolving_unit_id
        if t is d and not by_unit:
            unit = func.coalesce(unit, unit)
        where = [unit.in_(select(scope_unit.c.id))]
        if scope.field_code:
            from queries.on_time import _field_id

            where.append(t.c.field_id == _field_id(scope.field_code))
        if scope.channel:
            where.append(t.c.channel == scope.channel)
        return where

    def part(is_late: int, *where, t=d, by_unit: bool = False):  # noqa: ANN001, ANN002, ANN202
        return select(
            t.c.department_id,
            t.c.resolving_unit_id.label("unit_id"),
            literal(is_late).label("late"),
            literal(1 - is_late).label("overdue"),
            case((t.c.apology_letter.is_(True), 0), else_=1).label("no_apology"),
            (cast(null(), SQL_TEXT) if is_late else t.c.code).label("code"),
            (cast(null(), SQL_DATE) if is_late else t.c.effective_due_date).label("due"),
        ).where(*in_scope(t, by_unit), *where)

    # Three disjoint parts, each read through a partial index of the few late or open
    # dossiers (schema: ix_dossier_late, ix_dossier_unresolved) rather than every dossier of the
    # province: resolved late in the period; pending at its end and past due, either resolved
    # later (so late too: the index's condition is implied and said) or not resolved at all
    # (open, or closed unresolved after the period's end).
    late = d.c.resolved_date > d.c.effective_due_date  # ix_dossier_late's condition
    # Received by as_of too, written through coalesce (the column is never null) so that the
    # planner keeps to the partial indexes rather than every dossier received by then.
    past_due = (
        d.c.effective_due_date < as_of,
        func.coalesce(d.c.received_date, d.c.received_date) <= as_of,
    )
    not_closed = or_(d.c.closed_date.is_(None), d.c.closed_date > as_of)

    # PostgreSQL: those resolved in or after a day bounded on received_date (the partitions
    # that can hold one, ``on_time.resolved_since``).

    late_parts = [
        part(
            1,
            late,
            d.c.status.in_(RESOLVED_STATUSES),
            d.c.resolved_date >= late_from,
            d.c.resolved_date <= period.end,
            *resolved_since(conn, late_from),
        )
    ]
    late_parts = late_parts if late_from <= period.end else []  # no days after whole months
    if not scope.field_code and not scope.channel and day_kept(conn, as_of):
        # The refresh's day: its counts per unit and department of the overdue, with the
        # one due longest ago (``backlog_day``), not the province's ~8,400 overdue dossiers.
        bd = backlog_day
        return [
            *late_parts,
            select(
                bd.c.department_id,
                bd.c.unit_id,
                literal(0).label("late"),
                bd.c.pending_overdue.label("overdue"),
                (bd.c.pending_overdue - bd.c.pending_overdue_apology).label("no_apology"),
                bd.c.oldest_code.label("code"),
                bd.c.oldest_due.label("due"),
            ).where(
                bd.c.as_of == as_of,
                bd.c.pending_overdue > 0,
                bd.c.unit_id.in_(select(scope_unit.c.id)),
            ),
        ]
    # Unresolved: still open, or closed unresolved after the period's end, by unit (SQLite:
    # ix_dossier_unresolved; PostgreSQL: their own table).
    if conn.dialect.name == "postgresql":
        unresolved = [
            part(0, *where, t.c.effective_due_date < as_of, t=t)
            for t, where in unresolved_parts(conn, as_of)
        ]
    else:
        unresolved = [
            part(
                0, d.c.resolved_date.is_(None), d.c.closed_date.is_(None), *past_due, by_unit=True
            ),
            part(0, d.c.resolved_date.is_(None), d.c.closed_date > as_of, *past_due, by_unit=True),
        ]
    return [
        *late_parts,
        part(
            0,
            late,
            d.c.resolved_date > as_of,
            not_closed,
            *past_due,
            *resolved_since(conn, as_of + timedelta(days=1)),
        ),
        *unresolved,
    ]


def by_body(
    conn: Connection, period: Period, scope: Scope, source: str | None = None
) -> pd.DataFrame:
    """Late and overdue dossiers and overdue petitions per responsible body and unit, the
    bodies abolished in 2025 under their successors (module doc); most overdue first (dossiers
    and petitions together), then the oldest case. ``source``: see ``_dossiers``."""
    tree = unit_tree(conn)
    rows = _dossier_rows(conn, period, scope, source)
    for r in rows:
        r.update(petitions_overdue=0, petition_oldest_days=None)
    # The dialogue page's overdue petitions (``dialogue.overdue_petitions``' rows), without
    # their texts, names and order, which only the list needs.
    as_of = as_of_day(period.end)
    # Fetched (if not already) on to the period's end, as the page's other figures ask for
    # them (a running quarter's dialogue headline): one fetch of the page's petitions
    # (``shared.covered``), not one to today and another to the quarter's end.
    fetched = dialogue._petition_rows(conn, scope, as_of, as_of, reach=period.end)
    pet = dialogue.classify(fetched, as_of, as_of)
    pet = pet[pet["state"] == "overdue"]
    for agency, unit_id, days in zip(
        pet["assigned_agency"].tolist(),
        pet["group_unit_id"].tolist(),
        pet["days_overdue"].tolist(),
        strict=True,
    ):
        rows.append(
            dict(
                recorded=agency if isinstance(agency, str) else None,
                unit_id=int(unit_id),
                late=0,
                overdue=0,
                no_apology=0,
                oldest_code=None,
                oldest_days=None,
                petitions_overdue=1,
                petition_oldest_days=int(days),
            )
        )
    if not rows:
        return pd.DataFrame(columns=COLUMNS)
    # Plain Python per group (a few hundred), names from the unit tree (built once per
    # register version): pandas frames per step cost more than the query.
    groups: dict[tuple, dict] = {}
    for r in rows:
        uid = r["unit_id"]
        node = tree.node(uid) if uid is not None and tree.has_id(uid) else None
        unit_code, unit_name = (node.code, node.name) if node else (None, "")
        recorded = r["recorded"]
        body = successor(recorded, unit_name, scope.historical)
        recorded = recorded if isinstance(recorded, str) and recorded.strip() else NO_BODY
        g = groups.setdefault(
            (body, unit_code, unit_name),
            dict(
                was=set(),
                late=0,
                overdue=0,
                no_apology=0,
                oldest_code=None,
                oldest_days=None,
                petitions_overdue=0,
                petition_oldest_days=None,
            ),
        )
        if recorded != body:
            g["was"].add(recorded)
        for c in ("late", "overdue", "no_apology", "petitions_overdue"):
            g[c] += r[c]
        if r["oldest_days"] is not None:
            mine = (r["oldest_days"], str(r["oldest_code"]))
            best = g["oldest_days"], g["oldest_code"]
            if best[0] is None or mine[0] > best[0] or (mine[0] == best[0] and mine[1] < best[1]):
                g["oldest_days"], g["oldest_code"] = mine
        days = r["petition_oldest_days"]
        if days is not None and (
            g["petition_oldest_days"] is None or days > g["petition_oldest_days"]
        ):
            g["petition_oldest_days"] = days
    out = [
        {
            **g,
            "body": k[0],
            "unit_code": k[1],
            "unit_name": k[2],
            "was": ", ".join(sorted(g["was"])),
        }
        for k, g in groups.items()
    ]

    def order(g: dict) -> tuple:
        ages = [a for a in (g["oldest_days"], g["petition_oldest_days"]) if a is not None]
        weight = g["overdue"] + g["petitions_overdue"]
        return (-weight, -max(ages, default=-1), -g["late"], g["body"], g["unit_name"])

    df = pd.DataFrame(sorted(out, key=order), columns=COLUMNS)
    for c in ("oldest_days", "petition_oldest_days"):
        df[c] = df[c].astype("Int64")
    return df
