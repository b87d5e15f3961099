"""Targets (chỉ tiêu) per metric, unit and year, and the good / watch / bad status.

Grain: one target per metric, unit and year. A scope takes its own target, else the target of
a unit it came from (a pre-2025 province's target covers the years before the merger), else
its province's. Values are in percent points for rates.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from dashboard.domain.status import status_of
from dashboard.storage.schema import admin_unit, target, unit_lineage
from queries.units import UnknownUnit


@dataclass(frozen=True)
class Target:
    metric: str
    year: int
    value: float
    watch_margin: float
    unit_code: str


def target_for(conn: Connection, metric: str, unit_code: str | None, year: int) -> Target | None:
    if unit_code is None:
        # All units: the targets of the provinces valid in that year, if they agree.
        rows = conn.execute(
            select(target.c.value, target.c.watch_margin, admin_unit.c.code)
            .join(admin_unit, admin_unit.c.id == target.c.unit_id)
            .where(
                target.c.metric == metric, target.c.year == year, admin_unit.c.level == "province"
            )
        ).all()
        values = {(r[0], r[1]) for r in rows}
        if len(values) == 1:
            v, m = values.pop()
            return Target(metric, year, v, m, rows[0][2])
        return None
    return targets_for(conn, metric, [unit_code], year)[unit_code]


def targets_for(
    conn: Connection, metric: str, unit_codes: list[str], year: int
) -> dict[str, Target | None]:
    """The target of each unit, in three queries whatever the number of units (the map and
    the league tables ask for a whole province at once)."""
    units = {
        r.code: r
        for r in conn.execute(select(admin_unit.c.id, admin_unit.c.code, admin_unit.c.parent_id))
    }
    by_id = {r.id: r for r in units.values()}
    preds: dict[int, list[int]] = {}
    for p, s_ in conn.execute(select(unit_lineage.c.predecessor_id, unit_lineage.c.successor_id)):
        preds.setdefault(s_, []).append(p)
    rows = {
        r.unit_id: r
        for r in conn.execute(
            select(target.c.unit_id, target.c.value, target.c.watch_margin).where(
                target.c.metric == metric, target.c.year == year
            )
        )
    }
    out: dict[str, Target | None] = {}
    for code in unit_codes:
        if code not in units:
            raise UnknownUnit(code)
        found = None
        for uid in _candidates(units[code].id, by_id, preds):
            if uid in rows:
                r = rows[uid]
                found = Target(metric, year, r.value, r.watch_margin, by_id[uid].code)
                break
        out[code] = found
    return out


def _candidates(unit_id: int, by_id: dict, preds: dict[int, list[int]]) -> list[int]:
    """The unit, then the units that went into it (nearest first), then the same for its
    parent, and so on up to the province: the order in which a target applies."""
    out: list[int] = []
    link = unit_id
    while link is not None:
        out.append(link)
        seen, frontier = [], {link}
        while frontier:
            nxt = {p for f in frontier for p in preds.get(f, []) if p not in seen}
            seen.extend(sorted(nxt))
            frontier = nxt
        out.extend(seen)
        link = by_id[link].parent_id
    return out


def status(value: float | None, tgt: Target | None, higher_is_better: bool = True) -> str | None:
    """good / watch / bad against a target (dashboard.status.status_of)."""
    if tgt is None:
        return None
    return status_of(value, tgt.value, tgt.watch_margin, higher_is_better)
