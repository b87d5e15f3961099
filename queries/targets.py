"""Targets (chỉ tiêu) per metric, unit and year, and the good / watch / bad status.

Grain: one target per metric, unit and year. A scope takes its own target, else the target of
a unit it came from (a pre-2025 province's target covers the years before the merger), else
its province's. Values are in percent points for rates.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from dashboard.domain.status import status_of
from dashboard.domain.unit_tree import UnitTree
from dashboard.storage.schema import admin_unit, target
from queries.units import UnknownUnit, unit_tree


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
    """The target of each unit, in one query whatever the number of units (the map and the
    league tables ask for a whole province at once)."""
    tree = unit_tree(conn)
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
        node = tree.get(code)
        if node is None:
            raise UnknownUnit(code)
        found = None
        for uid in candidates(tree, node.id):
            if uid in rows:
                r = rows[uid]
                found = Target(metric, year, r.value, r.watch_margin, tree.node(uid).code)
                break
        out[code] = found
    return out


def candidates(tree: UnitTree, unit_id: int) -> list[int]:
    """The unit, then the units that went into it (nearest first), then the same for its
    parent, and so on up to the province: the order in which a target applies."""
    out: list[int] = []
    for link in (unit_id, *tree.ancestors(unit_id)):
        out.append(link)
        out.extend(tree.predecessors(link))
    return out


def status(
    value: float | None,
    tgt: Target | None,
    higher_is_better: bool = True,
    n: int | None = None,
    min_n: int = 0,
) -> str | None:
    """good / watch / bad (or few) against a target (``dashboard.domain.status.status_of``):
    give ``n`` for a rate so few records turn it grey and noise alone never makes it bad."""
    if tgt is None:
        return None
    return status_of(value, tgt.value, tgt.watch_margin, higher_is_better, n, min_n)
