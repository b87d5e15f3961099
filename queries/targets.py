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
from dashboard.storage.schema import target
from queries.units import UnknownUnit, per_version, unit_tree


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
        tree = unit_tree(conn)
        rows = [
            (r[0], r[1], tree.node(uid).code)
            for uid, r in _register(conn).get((metric, year), {}).items()
            if tree.node(uid).level == "province"
        ]
        values = {(r[0], r[1]) for r in rows}
        if len(values) == 1:
            v, m = values.pop()
            return Target(metric, year, v, m, rows[0][2])
        return None
    return targets_for(conn, metric, [unit_code], year)[unit_code]


def targets_for(
    conn: Connection, metric: str, unit_codes: list[str], year: int
) -> dict[str, Target | None]:
    """The target of each unit, from the register kept per data version (``_register``),
    whatever the number of units (the map and the league tables ask for a whole province)."""
    tree = unit_tree(conn)
    rows = _register(conn).get((metric, year), {})
    out: dict[str, Target | None] = {}
    for code in unit_codes:
        node = tree.get(code)
        if node is None:
            raise UnknownUnit(code)
        found = None
        for uid in candidates(tree, node.id):
            if uid in rows:
                value, margin = rows[uid]
                found = Target(metric, year, value, margin, tree.node(uid).code)
                break
        out[code] = found
    return out


def _register(conn: Connection) -> dict[tuple[str, int], dict[int, tuple]]:
    """The whole register, (metric, year) -> unit id -> (value, watch margin), read once per
    data version (a trigger moves it on any write to the targets, migration
    20_target_version): a page's statuses asked for it six times, one statement each."""
    return per_version(conn, _read_register)


def _read_register(conn: Connection) -> dict[tuple[str, int], dict[int, tuple]]:
    out: dict[tuple[str, int], dict[int, tuple]] = {}
    stmt = select(
        target.c.metric, target.c.year, target.c.unit_id, target.c.value, target.c.watch_margin
    )
    for metric, year, unit_id, value, margin in conn.execute(stmt).all():
        out.setdefault((metric, int(year)), {})[int(unit_id)] = (value, margin)
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
