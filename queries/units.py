"""Administrative units: lookup, scope resolution, and the lineage.

Grain: one row per unit. A *scope* is a unit code (a province or a commune, current or
historical) plus a view: ``current`` rolls records up to today's units through the lineage,
``historical`` shows the units as they were when the records were filed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd
from sqlalchemy import Connection, select

from dashboard.schema import admin_unit, unit_lineage


@dataclass(frozen=True)
class Scope:
    """What the figures are about. ``unit_code`` None means every unit in the database."""

    unit_code: str | None = None
    historical: bool = False
    field_code: str | None = None
    channel: int | None = None

    def with_unit(self, code: str | None) -> Scope:
        return replace(self, unit_code=code)


class UnknownUnit(LookupError):
    """A unit code that is not in the database."""


@dataclass(frozen=True)
class Unit:
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    valid_from: date
    valid_to: date | None
    current_unit_id: int | None

    @property
    def is_current(self) -> bool:
        return self.valid_to is None


def all_units(conn: Connection) -> pd.DataFrame:
    """Every unit with its parent's and today's unit's code (small: a few thousand rows)."""
    parent = admin_unit.alias("parent")
    cur = admin_unit.alias("cur")
    stmt = (
        select(
            admin_unit.c.id, admin_unit.c.code, admin_unit.c.name, admin_unit.c.short_name,
            admin_unit.c.level, admin_unit.c.unit_type, admin_unit.c.parent_id,
            parent.c.code.label("parent_code"), parent.c.name.label("parent_name"),
            admin_unit.c.valid_from, admin_unit.c.valid_to, admin_unit.c.lat, admin_unit.c.lon,
            admin_unit.c.current_unit_id, cur.c.code.label("current_code"),
            cur.c.name.label("current_name"),
        )
        .select_from(
            admin_unit.outerjoin(parent, parent.c.id == admin_unit.c.parent_id).outerjoin(
                cur, cur.c.id == admin_unit.c.current_unit_id
            )
        )
        .order_by(admin_unit.c.level, admin_unit.c.name)
    )
    return pd.DataFrame(conn.execute(stmt).mappings().all())


def get_unit(conn: Connection, code: str) -> Unit:
    row = conn.execute(
        select(
            admin_unit.c.id, admin_unit.c.code, admin_unit.c.name, admin_unit.c.level,
            admin_unit.c.parent_id, admin_unit.c.valid_from, admin_unit.c.valid_to,
            admin_unit.c.current_unit_id,
        ).where(admin_unit.c.code == code)
    ).first()
    if row is None:
        raise UnknownUnit(code)
    return Unit(*row)


def provinces(conn: Connection, historical: bool = False) -> pd.DataFrame:
    """Provinces to choose from: today's, or the pre-2025 ones."""
    cond = admin_unit.c.valid_to.is_not(None) if historical else admin_unit.c.valid_to.is_(None)
    stmt = (
        select(admin_unit.c.code, admin_unit.c.name)
        .where(admin_unit.c.level == "province", cond)
        .order_by(admin_unit.c.name)
    )
    return pd.DataFrame(conn.execute(stmt).all(), columns=["code", "name"])


def communes(conn: Connection, province_code: str, historical: bool = False) -> pd.DataFrame:
    """Communes of a province: today's directly under it; historical ones under its districts."""
    units = all_units(conn)
    return _descendants(units, province_code).query("level == 'commune'")[
        ["code", "name", "parent_name"]
    ].sort_values("name")


def _descendants(units: pd.DataFrame, code: str) -> pd.DataFrame:
    """The unit and everything under it by the parent chain."""
    frontier = set(units.loc[units.code == code, "id"])
    found = set(frontier)
    while frontier:
        frontier = set(units.loc[units.parent_id.isin(frontier), "id"]) - found
        found |= frontier
    return units[units.id.isin(found)]


def recorded_unit_ids(conn: Connection, code: str | None, historical: bool = False) -> list[int]:
    """Ids of the units records may be filed under, for a scope.

    Current view: every unit (today's or a predecessor) whose records roll up to today's units
    under ``code``. Historical view: the unit and the units under it as they were.
    ``code`` None means everything.
    """
    units = all_units(conn)
    if code is None:
        return units.id.astype(int).tolist()
    if not (units.code == code).any():
        raise UnknownUnit(code)
    if historical:
        return _descendants(units, code).id.astype(int).tolist()
    row = units.loc[units.code == code].iloc[0]
    start_id = row.id if pd.isna(row.valid_to) else row.current_unit_id
    if pd.isna(start_id):
        # A pre-2025 district: no successor of its own; its communes' successors stand in.
        kids = _descendants(units, code)
        targets = set(kids.current_unit_id.dropna().astype(int))
    else:
        start_code = units.loc[units.id == start_id, "code"].iloc[0]
        targets = set(_descendants(units, start_code).id.astype(int))
    return units.loc[units.current_unit_id.isin(targets) | units.id.isin(targets), "id"].astype(
        int
    ).tolist()


def predecessors(conn: Connection, unit_id: int) -> list[int]:
    """All units that went into this one, at any depth (for targets set on old units)."""
    edges = conn.execute(select(unit_lineage.c.predecessor_id, unit_lineage.c.successor_id)).all()
    out, frontier = [], {unit_id}
    while frontier:
        nxt = {p for p, s in edges if s in frontier and p not in out}
        out.extend(sorted(nxt))
        frontier = nxt
    return out


def lineage(conn: Connection, code: str) -> pd.DataFrame:
    """The edges into and out of a unit, with names, for the unit's page."""
    pred = admin_unit.alias("pred")
    succ = admin_unit.alias("succ")
    u = get_unit(conn, code)
    stmt = (
        select(
            pred.c.code.label("predecessor_code"), pred.c.name.label("predecessor_name"),
            succ.c.code.label("successor_code"), succ.c.name.label("successor_name"),
            unit_lineage.c.effective_date, unit_lineage.c.legal_source, unit_lineage.c.weight,
            unit_lineage.c.is_primary,
        )
        .select_from(
            unit_lineage.join(pred, pred.c.id == unit_lineage.c.predecessor_id).join(
                succ, succ.c.id == unit_lineage.c.successor_id
            )
        )
        .where((unit_lineage.c.predecessor_id == u.id) | (unit_lineage.c.successor_id == u.id))
        .order_by(unit_lineage.c.effective_date)
    )
    return pd.DataFrame(conn.execute(stmt).mappings().all())
