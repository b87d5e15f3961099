"""Targets (chỉ tiêu) per metric, unit and year, and the good / watch / bad status.

Grain: one target per metric, unit and year. A scope takes its own target, else the target of
a unit it came from (a pre-2025 province's target covers the years before the merger), else
its province's. Values are in percent points for rates.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from dashboard.schema import admin_unit, target
from dashboard.status import status_of
from queries.units import get_unit, predecessors


@dataclass(frozen=True)
class Target:
    metric: str
    year: int
    value: float
    watch_margin: float
    unit_code: str


def target_for(conn: Connection, metric: str, unit_code: str | None, year: int) -> Target | None:
    candidates: list[int] = []
    if unit_code is None:
        # All units: the targets of the provinces valid in that year, if they agree.
        rows = conn.execute(
            select(target.c.value, target.c.watch_margin, admin_unit.c.code)
            .join(admin_unit, admin_unit.c.id == target.c.unit_id)
            .where(target.c.metric == metric, target.c.year == year,
                   admin_unit.c.level == "province")
        ).all()
        values = {(r[0], r[1]) for r in rows}
        if len(values) == 1:
            v, m = values.pop()
            return Target(metric, year, v, m, rows[0][2])
        return None
    u = get_unit(conn, unit_code)
    chain = [u]
    while chain[-1].parent_id is not None:
        code = conn.execute(
            select(admin_unit.c.code).where(admin_unit.c.id == chain[-1].parent_id)
        ).scalar_one()
        chain.append(get_unit(conn, code))
    for link in chain:
        candidates.append(link.id)
        candidates.extend(predecessors(conn, link.id))
    rows = {
        r[0]: r
        for r in conn.execute(
            select(target.c.unit_id, target.c.value, target.c.watch_margin, admin_unit.c.code)
            .join(admin_unit, admin_unit.c.id == target.c.unit_id)
            .where(target.c.metric == metric, target.c.year == year,
                   target.c.unit_id.in_(candidates))
        )
    }
    for uid in candidates:
        if uid in rows:
            _, v, m, code = rows[uid]
            return Target(metric, year, v, m, code)
    return None


def status(value: float | None, tgt: Target | None, higher_is_better: bool = True) -> str | None:
    """good / watch / bad against a target (dashboard.status.status_of)."""
    if tgt is None:
        return None
    return status_of(value, tgt.value, tgt.watch_margin, higher_is_better)
