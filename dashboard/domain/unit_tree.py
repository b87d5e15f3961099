"""The administrative units as one immutable tree: parents and children, validity, and the
lineage across reorganisations (predecessors and successors).

Built once per version of the unit register (``queries.units.unit_tree``) and shared by every
query, importer and page, instead of each walking the parent chain on its own. Pure: no I/O.
With the whole country loaded (about 14,000 units before and after 1 July 2025) building it
takes a fraction of a second; every question it answers afterwards is a dictionary lookup or
a walk over a handful of nodes, remembered per node.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType


@dataclass(frozen=True)
class UnitNode:
    id: int
    code: str
    name: str
    level: str  # province | district | commune
    parent_id: int | None
    valid_from: date | None
    valid_to: date | None  # last day of validity; None while the unit exists
    current_id: int | None  # today's unit its records roll up to (itself when current)

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class LineageEdge:
    predecessor_id: int
    successor_id: int
    effective_date: date | None
    is_primary: bool = True


class UnitTree:
    """Units by id and code, their children, and the lineage graph. Immutable once built."""

    def __init__(self, nodes: Iterable[UnitNode], edges: Iterable[LineageEdge] = ()) -> None:
        by_id = {n.id: n for n in nodes}
        children: dict[int, list[int]] = {}
        for n in by_id.values():
            if n.parent_id is not None and n.parent_id in by_id:
                children.setdefault(n.parent_id, []).append(n.id)
        preds: dict[int, list[int]] = {}
        succs: dict[int, list[int]] = {}
        self.edges: tuple[LineageEdge, ...] = tuple(edges)
        for e in self.edges:
            preds.setdefault(e.successor_id, []).append(e.predecessor_id)
            succs.setdefault(e.predecessor_id, []).append(e.successor_id)
        rolled: dict[int, list[int]] = {}
        for n in by_id.values():
            if n.current_id is not None:
                rolled.setdefault(n.current_id, []).append(n.id)
        self._by_id = MappingProxyType(by_id)
        self._by_code = MappingProxyType({n.code: n for n in by_id.values()})
        self._children = MappingProxyType({k: tuple(sorted(v)) for k, v in children.items()})
        self._preds = MappingProxyType({k: tuple(sorted(v)) for k, v in preds.items()})
        self._succs = MappingProxyType({k: tuple(sorted(v)) for k, v in succs.items()})
        self._rolled = MappingProxyType({k: frozenset(v) for k, v in rolled.items()})
        self._memo: dict[tuple, object] = {}

    # --- lookups -----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, code: str) -> bool:
        return code in self._by_code

    def nodes(self) -> Iterable[UnitNode]:
        return self._by_id.values()

    def get(self, code: str) -> UnitNode | None:
        return self._by_code.get(code)

    def node(self, unit_id: int) -> UnitNode:
        return self._by_id[unit_id]

    def has_id(self, unit_id: int) -> bool:
        return unit_id in self._by_id

    def in_view(self, unit_id: int | None, historical: bool) -> UnitNode | None:
        """The unit that records filed under ``unit_id`` are shown under: the unit itself
        as it was (``historical``), or today's unit it went into. None when there is none
        (a district in today's view) or the id is not in the register."""
        node = self._by_id.get(unit_id) if unit_id is not None else None
        if node is None or historical:
            return node
        return None if node.current_id is None else self._by_id.get(node.current_id)

    def children(self, unit_id: int) -> tuple[int, ...]:
        return self._children.get(unit_id, ())

    # --- walks, remembered per node ---------------------------------------------------

    def _remember(self, key: tuple, compute):  # noqa: ANN001, ANN202
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def ancestors(self, unit_id: int) -> tuple[int, ...]:
        """The parent chain, nearest first (as the unit was: a pre-2025 commune's district and
        province)."""

        def walk() -> tuple[int, ...]:
            out, cur, seen = [], self._by_id[unit_id].parent_id, {unit_id}
            while cur is not None and cur in self._by_id and cur not in seen:
                out.append(cur)
                seen.add(cur)
                cur = self._by_id[cur].parent_id
            return tuple(out)

        return self._remember(("anc", unit_id), walk)

    def province_of(self, unit_id: int) -> UnitNode | None:
        """The province the unit belonged to (itself for a province)."""
        for uid in (unit_id, *self.ancestors(unit_id)):
            if self._by_id[uid].level == "province":
                return self._by_id[uid]
        return None

    def descendants(self, unit_id: int) -> frozenset[int]:
        """The unit and every unit under it by the parent chain."""

        def walk() -> frozenset[int]:
            found, stack = {unit_id}, [unit_id]
            while stack:
                for c in self._children.get(stack.pop(), ()):
                    if c not in found:
                        found.add(c)
                        stack.append(c)
            return frozenset(found)

        return self._remember(("desc", unit_id), walk)

    def predecessors(self, unit_id: int) -> tuple[int, ...]:
        """Every unit that went into this one, at any depth, nearest first."""
        return self._remember(("pred", unit_id), lambda: self._closure(unit_id, self._preds))

    def successors(self, unit_id: int) -> tuple[int, ...]:
        """Every unit this one went into, at any depth, nearest first."""
        return self._remember(("succ", unit_id), lambda: self._closure(unit_id, self._succs))

    def direct_predecessors(self, unit_id: int) -> tuple[int, ...]:
        return self._preds.get(unit_id, ())

    def direct_successors(self, unit_id: int) -> tuple[int, ...]:
        return self._succs.get(unit_id, ())

    def former_units(self, unit_id: int) -> tuple[UnitNode, ...]:
        """The units that went directly into this one, its own former unit first: the one
        whose code it kept (GSO ``33`` was ``L33`` before July 2025), else the one whose name
        it kept, else in code order. Tỉnh Hưng Yên (33) → Hưng Yên (L33), then Thái Bình."""
        own = self._by_id[unit_id]
        preds = [self._by_id[i] for i in self.direct_predecessors(unit_id) if i in self._by_id]

        def order(n: UnitNode) -> tuple:
            return (n.code != f"L{own.code}", n.name != own.name, n.code)

        return tuple(sorted(preds, key=order))

    def counterpart(self, code: str, historical: bool) -> str | None:
        """The unit to show for ``code`` when the view is switched to ``historical`` (units as
        they were) or back: a unit that still exists opens as its own former unit; an ended one
        as today's unit its records went to. The unit itself when it belongs to that view; None
        when it has no counterpart."""
        node = self._by_code.get(code)
        if node is None:
            return None
        if historical:
            if not node.is_current:
                return code
            former = self.former_units(node.id)
            return former[0].code if former else None
        if node.is_current:
            return code
        return self._by_id[node.current_id].code if node.current_id in self._by_id else None

    @staticmethod
    def _closure(start: int, graph) -> tuple[int, ...]:  # noqa: ANN001
        out: list[int] = []
        seen = {start}
        frontier = [start]
        while frontier:
            nxt = sorted({p for f in frontier for p in graph.get(f, ()) if p not in seen})
            seen.update(nxt)
            out.extend(nxt)
            frontier = nxt
        return tuple(out)

    def rolled_into(self, current_id: int) -> frozenset[int]:
        """Ids of the units whose records roll up to this current unit (itself included)."""
        return self._rolled.get(current_id, frozenset()) | {current_id}

    # --- scope ------------------------------------------------------------------------

    def recorded_ids(self, code: str, historical: bool) -> frozenset[int]:
        """Ids of the units records may be filed under, for a unit seen as it was
        (``historical``: the unit and everything under it then) or as units are today (every
        unit, today's or a predecessor, whose records roll up to today's units under it).
        The caller decides what an ended unit means in today's view (``queries.units``)."""

        def compute() -> frozenset[int]:
            node = self._by_code[code]
            if historical:
                return self.descendants(node.id)
            if node.is_current:
                targets = self.descendants(node.id)
            else:  # an ended unit: the current units its communes' records went to
                targets = frozenset(
                    self._by_id[i].current_id
                    for i in self.descendants(node.id)
                    if self._by_id[i].current_id is not None
                )
                targets = (
                    frozenset().union(*(self.descendants(t) for t in targets))
                    if targets
                    else frozenset()
                )
            out: set[int] = set()
            for t in targets:
                out |= self.rolled_into(t)
            return frozenset(out)

        return self._remember(("rec", code, historical), compute)

    def communes_under(self, code: str) -> tuple[UnitNode, ...]:
        """Communes under a unit by the parent chain: today's province has today's communes,
        a pre-2025 province or district the communes it had."""
        node = self._by_code[code]
        return tuple(
            self._by_id[i]
            for i in sorted(self.descendants(node.id))
            if self._by_id[i].level == "commune"
        )
