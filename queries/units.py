"""Administrative units: lookup, scope resolution, and the lineage.

Grain: one row per unit. A *scope* is a unit code (a province or a commune, current or
historical) plus a view: ``current`` rolls records up to today's units through the lineage,
``historical`` shows the units as they were when the records were filed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import TypeVar

import pandas as pd
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    Date,
    Engine,
    Integer,
    String,
    TypeDecorator,
    any_,
    bindparam,
    event,
    func,
    select,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.pool import Pool
from sqlalchemy.sql.sqltypes import NullType
from sqlalchemy.sql.visitors import InternalTraversal

from dashboard.domain.unit_tree import LineageEdge, UnitNode, UnitTree
from dashboard.storage.db import IdArray, known_version, read_data_version
from dashboard.storage.schema import admin_unit, rollup_unit_month, unit_lineage

T = TypeVar("T")


@dataclass(frozen=True)
class Scope:
    """What the figures are about. ``unit_code`` None means every unit in the database."""

    unit_code: str | None = None
    historical: bool = False
    field_code: str | None = None
    channel: int | None = None

    def with_unit(self, code: str | None) -> Scope:
        return replace(self, unit_code=code)


def as_of_day(end: date, today: date | None = None) -> date:
    """The day pending dossiers and petitions are counted at: ``end``, or today while ``end``
    has not come (what is pending on 31 December cannot be known on 2 December, and a dossier
    due on 20 December is not overdue yet). Every pending and overdue figure reads this."""
    from dashboard.storage import settings

    return min(end, today or settings.today())


class UnknownUnit(LookupError):
    """A unit code that is not in the database."""


class ScopeDenied(PermissionError):
    """A unit outside the signed-in user's scope."""


class EndedUnit(LookupError):
    """A unit that ended (before 1 July 2025, or earlier) asked for in today's view: its own
    figures are in the view of units as they were, never its successor's under its code."""

    def __init__(self, code: str, name: str, valid_to: date | None, successor: str | None):
        super().__init__(code)
        self.code, self.name, self.valid_to, self.successor = code, name, valid_to, successor

    def __str__(self) -> str:
        ended = f", ended {self.valid_to:%d/%m/%Y}" if self.valid_to else ""
        today = f"; today's unit is {self.successor}" if self.successor else ""
        return (
            f"{self.code} is {self.name} as it was{ended}: add --historical for its own "
            f"figures{today}"
        )


# --- scope restriction ------------------------------------------------------------------
# A connection may carry the execution option ``oversight_scope``: the code of the unit a
# user may see (a province or commune). Every query resolves its units through
# recorded_unit_ids() or check_unit_id(), which refuse anything outside it. The option lives
# on the Connection (or an engine made with ``engine.execution_options``), never on the pooled
# DBAPI connection, so it cannot leak to the next user of the pool.
SCOPE_OPTION = "oversight_scope"


def restricted(engine, root: str | None):  # noqa: ANN001, ANN201 - an Engine
    """An engine whose connections only see units under ``root`` (None: no restriction)."""
    return engine.execution_options(**{SCOPE_OPTION: root}) if root else engine


def scope_root(conn: Connection) -> str | None:
    return conn.get_execution_options().get(SCOPE_OPTION)


def allowed_unit_ids(conn: Connection) -> set[int] | None:
    """Every unit id the connection may see, or None when it is not restricted."""
    root = scope_root(conn)
    if root is None:
        return None
    return unit_ids_under(conn, root)


def unit_ids_under(conn: Connection, code: str) -> set[int]:
    """Every unit id a user whose unit is ``code`` may see or write records for: today's units
    under it with their predecessors, and the units under it as they were."""
    tree = unit_tree(conn)
    if code not in tree:
        raise UnknownUnit(code)
    return set(tree.recorded_ids(code, False)) | set(tree.recorded_ids(code, True))


def check_unit_id(conn: Connection, unit_id: int) -> None:
    allowed = allowed_unit_ids(conn)
    if allowed is not None and int(unit_id) not in allowed:
        raise ScopeDenied(unit_id)


def can_see(conn: Connection, code: str, historical: bool = False) -> bool:
    """Whether the connection's user may see ``code`` (an unknown code is not seeable)."""
    try:
        recorded_unit_ids(conn, code, historical)
    except (ScopeDenied, UnknownUnit, EndedUnit):
        return False
    return True


def seeable(conn: Connection, codes: tuple[str, ...], historical: bool = False) -> list[str]:
    """The codes among ``codes`` the connection's user may see, in their order: ``can_see``
    for a list (a province's hundred communes in one call, not a hundred)."""
    return [c for c in codes if can_see(conn, c, historical)]


def scope_ids(conn: Connection, code: str | None, historical: bool = False) -> list[int] | None:
    """Like recorded_unit_ids, but None (no filter at all) when the scope is everything and
    the connection is not restricted."""
    if code is None and scope_root(conn) is None:
        return None
    return recorded_unit_ids(conn, code, historical)


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


def all_units(conn: Connection, _unrestricted: bool = False) -> pd.DataFrame:
    """Every unit with its parent's and today's unit's code (small: a few thousand rows).
    On a restricted connection: the units the user may see and the units above them."""
    units = cached_units(conn)
    if _unrestricted or scope_root(conn) is None or units.empty:
        return units
    tree = unit_tree(conn)
    keep = set(allowed_unit_ids(conn) or ())
    for uid in list(keep):  # and their ancestors, for names and the province list
        keep.update(tree.ancestors(uid))
    return units[units.id.isin(keep)].reset_index(drop=True)


def _all_units_stmt():  # noqa: ANN202
    parent = admin_unit.alias("parent")
    cur = admin_unit.alias("cur")
    return (
        select(
            admin_unit.c.id,
            admin_unit.c.code,
            admin_unit.c.name,
            admin_unit.c.short_name,
            admin_unit.c.level,
            admin_unit.c.unit_type,
            admin_unit.c.parent_id,
            parent.c.code.label("parent_code"),
            parent.c.name.label("parent_name"),
            admin_unit.c.valid_from,
            admin_unit.c.valid_to,
            admin_unit.c.lat,
            admin_unit.c.lon,
            admin_unit.c.current_unit_id,
            cur.c.code.label("current_code"),
            cur.c.name.label("current_name"),
            admin_unit.c.gso_code,
        )
        .select_from(
            admin_unit.outerjoin(parent, parent.c.id == admin_unit.c.parent_id).outerjoin(
                cur, cur.c.id == admin_unit.c.current_unit_id
            )
        )
        .order_by(admin_unit.c.level, admin_unit.c.name)
    )


_UNITS_CACHE: dict[tuple, pd.DataFrame] = {}
_TREES: dict[tuple, UnitTree] = {}
_DERIVED: dict[tuple, object] = {}


_KEY = "oversight_units_key"


def _forget_units_key(conn, cursor, statement, *args) -> None:  # noqa: ANN001, ANN002
    """A connection that writes may change the register: its next query reads the key again.
    SELECT and WITH open the queries' reads (no query here writes through a WITH)."""
    if conn.info.get(_KEY) is not None and not statement.lstrip()[:6].upper().startswith(
        ("SELECT", "WITH")
    ):
        conn.info.pop(_KEY, None)


def _new_checkout(dbapi_connection, record, proxy) -> None:  # noqa: ANN001
    """Each checkout (one page query, one command) reads the key afresh: another process may
    have changed the register since this pooled connection was last used."""
    record.info.pop(_KEY, None)


event.listen(Engine, "before_cursor_execute", _forget_units_key)
event.listen(Pool, "checkout", _new_checkout)


def _units_key(conn: Connection) -> tuple:
    """The database and the version of its unit list (``_read_units_key``).

    Read once per connection checkout, not once per query function: a page's query resolves
    its scope through the tree five to ten times. A write on the same connection forgets it
    (``_forget_units_key``)."""
    hit = conn.info.get(_KEY)
    if hit is not None:
        return hit
    key = conn.info[_KEY] = _read_units_key(conn)
    return key


def _read_units_key(conn: Connection) -> tuple:
    """The database and its data version: every write to the register moves it (triggers,
    migration ``18_units_version``), as does every import, seed and register load. Inside
    the page cache the version it read (``at_version``), without another statement."""
    url = conn.engine.url.render_as_string(hide_password=False)
    known = known_version(url)
    return (url, read_data_version(conn) if known is None else known)


def cached_units(conn: Connection, key: tuple | None = None, copy: bool = True) -> pd.DataFrame:
    """Every query resolves its scope through the unit list; read it once per database and
    version of the list, not once per query. The copy is shallow: pandas copies on write, so a
    caller that changes its copy never changes the kept list (a deep copy of the national
    register's 14,146 rows cost ~4 ms, asked for several times a page)."""
    key = key or _units_key(conn)
    if key not in _UNITS_CACHE:
        if len(_UNITS_CACHE) > 8:
            _UNITS_CACHE.clear()
            _TREES.clear()
            _DERIVED.clear()
        _UNITS_CACHE[key] = pd.DataFrame(conn.execute(_all_units_stmt()).mappings().all())
    return _UNITS_CACHE[key].copy(deep=False) if copy else _UNITS_CACHE[key]


def per_version(conn: Connection, build: Callable[[Connection], T]) -> T:
    """``build(conn)``, made once per database and data version (moved by every import and
    register load, and by triggers on any write to the unit and holiday registers): for a
    read-only value a page asks for several times, such as the working-day calendar."""
    key = _units_key(conn)
    hit = _DERIVED.get((key, build), _MISSING)
    if hit is _MISSING:
        if len(_DERIVED) > 64:
            _DERIVED.clear()
        hit = _DERIVED[(key, build)] = build(conn)
    return hit


_MISSING = object()


def from_units(conn: Connection, build: Callable[[pd.DataFrame], T]) -> T:
    """``build(unit list)`` once per version of the list, like the tree: for frames every call
    would otherwise derive from all units again (a map's names and coordinates: ~19 ms a call
    with the national register's 14,146 units). Shared: read only."""
    return per_version(conn, _over_units(build))


@lru_cache(maxsize=64)
def _over_units(build: Callable[[pd.DataFrame], T]) -> Callable[[Connection], T]:
    """One wrapper per ``build``, so that ``per_version`` keys it the same on every call."""
    return lambda conn: build(cached_units(conn, copy=False))


def unit_tree(conn: Connection, key: tuple | None = None) -> UnitTree:
    """The unit register as one immutable tree, built once per database and version of the
    register and shared by every query, importer and page."""
    key = key or _units_key(conn)
    tree = _TREES.get(key)
    if tree is None:
        units = cached_units(conn, key=key, copy=False)
        nodes = (
            [
                UnitNode(
                    id=int(r.id),
                    code=r.code,
                    name=r.name,
                    level=r.level,
                    parent_id=None if pd.isna(r.parent_id) else int(r.parent_id),
                    valid_from=_as_date(r.valid_from),
                    valid_to=_as_date(r.valid_to),
                    current_id=None if pd.isna(r.current_unit_id) else int(r.current_unit_id),
                )
                for r in units.itertuples(index=False)
            ]
            if not units.empty
            else []
        )
        edges = [
            LineageEdge(int(p), int(s_), _as_date(d), bool(prim))
            for p, s_, d, prim in conn.execute(
                select(
                    unit_lineage.c.predecessor_id,
                    unit_lineage.c.successor_id,
                    unit_lineage.c.effective_date,
                    unit_lineage.c.is_primary,
                )
            )
        ]
        tree = _TREES[key] = UnitTree(nodes, edges)
    return tree


def _as_date(v) -> date | None:  # noqa: ANN001 - SQLite may hand back strings, pandas NaT
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, date):
        return v if type(v) is date else v.date() if hasattr(v, "date") else v
    return date.fromisoformat(str(v)[:10])


def get_unit(conn: Connection, code: str) -> Unit:
    row = conn.execute(
        select(
            admin_unit.c.id,
            admin_unit.c.code,
            admin_unit.c.name,
            admin_unit.c.level,
            admin_unit.c.parent_id,
            admin_unit.c.valid_from,
            admin_unit.c.valid_to,
            admin_unit.c.current_unit_id,
        ).where(admin_unit.c.code == code)
    ).first()
    if row is None:
        raise UnknownUnit(code)
    return Unit(*row)


def provinces(conn: Connection, historical: bool = False) -> pd.DataFrame:
    """Provinces to choose from: today's, or the pre-2025 ones (only those the user may see)."""
    if scope_root(conn) is None:  # everyone's list: made once per version of the register
        return from_units(conn, _provinces_as_was if historical else _provinces_today).copy()
    return _provinces(all_units(conn), historical)


def _provinces(units: pd.DataFrame, historical: bool) -> pd.DataFrame:
    if units.empty:
        return pd.DataFrame(columns=["code", "name"])
    pick = units[(units.level == "province") & (units.valid_to.notna() == historical)]
    return pick[["code", "name"]].sort_values("name").reset_index(drop=True)


def _provinces_today(units: pd.DataFrame) -> pd.DataFrame:
    return _provinces(units, False)


def _provinces_as_was(units: pd.DataFrame) -> pd.DataFrame:
    return _provinces(units, True)


def default_province(conn: Connection, historical: bool = False) -> str | None:
    """The province a page opens on when neither the link nor the user's own unit names one:
    the one with the most dossiers recorded, first by name on a tie. The first by name alone
    opened an administrator's first run on an empty province (Cần Thơ) while the sample data
    lives in Hưng Yên. None when there is no province to choose."""
    provs = provinces(conn, historical)
    if provs.empty:
        return None
    r = rollup_unit_month
    received = dict(
        conn.execute(select(r.c.unit_id, func.sum(r.c.received)).group_by(r.c.unit_id)).all()
    )
    tree = unit_tree(conn)

    def recorded(code: str) -> int:
        return sum(received.get(i, 0) for i in tree.recorded_ids(code, historical))

    return max(provs.code, key=recorded)  # max keeps the first of equals: first by name


def communes(conn: Connection, province_code: str, historical: bool = False) -> pd.DataFrame:
    """Communes of a province: today's directly under it; historical ones under its districts.
    On a restricted connection, only the communes the user may see."""
    units = all_units(conn)
    tree = unit_tree(conn)
    if province_code not in tree:
        raise UnknownUnit(province_code)
    ids = {n.id for n in tree.communes_under(province_code)}
    allowed = allowed_unit_ids(conn)
    if allowed is not None:
        ids &= allowed
    out = units[units.id.isin(ids)]
    return out[["code", "name", "parent_name"]].sort_values("name")


# Type instances made once, for the statements built per call here and in the other query
# modules: SQLAlchemy memoises a type's cache key on the instance, and a new instance in every
# statement had it computed again (its class's constructor arguments, inspected) each time the
# statement was looked up in the compiled cache.
_ID = Integer()


class _IdArrayType(TypeDecorator):
    """``integer[]`` whose bound value is an ``IdArray``, passed to psycopg as it is (ARRAY's
    own bind processing would turn it into a list, dumped id by id)."""

    impl = ARRAY(_ID)
    cache_ok = True

    def bind_processor(self, dialect):  # noqa: ANN001, ANN201
        return None


_IDS = _IdArrayType()


class _DriverDate(TypeDecorator):
    """A date handed over as the driver reads it (SQLite: ISO text; PostgreSQL: a ``date``),
    without SQLAlchemy's conversion value by value: for a frame that parses its whole column
    at once (``pd.to_datetime``). A page's petitions at 10M dossiers (~4,700 rows, three
    dates each) spent ~7 ms on SQLite in the conversion alone."""

    impl = Date
    cache_ok = True

    def result_processor(self, dialect, coltype):  # noqa: ANN001, ANN201
        return None


_DRIVER_DATE = _DriverDate()


def driver_date(column):  # noqa: ANN001, ANN201 - a date column, the same column
    """``column`` read as the driver reads it (``_DriverDate``); parse the column after."""
    return type_coerce(column, _DRIVER_DATE)


SQL_BIGINT = BigInteger()
SQL_DATE = Date()
SQL_TEXT = String()


class _IdsIn(ColumnElement[bool]):
    """``column IN (1,2,3)`` with the ids written into the statement, for SQLite.

    The ids are ints (made so here, from the unit register, never from input) and part of the
    statement's cache key, so that a scope's statement is compiled once per process and then
    found in SQLAlchemy's compiled cache. An expanding parameter instead named and bound every
    id at every execution (~1.3 ms a statement at a province's 470 ids, against 0.3 ms for the
    statement in sqlite3; a page sends thirty of them). SQLite plans the list as the same IN
    of constants either way.
    """

    inherit_cache = False
    type = NullType()  # a Boolean type would make SQLite's compiler append ``= 1``
    _traverse_internals = [
        ("column", InternalTraversal.dp_clauseelement),
        ("ids", InternalTraversal.dp_plain_obj),
    ]

    def __init__(self, column, ids: tuple[int, ...]) -> None:  # noqa: ANN001 - a column
        self.column = column
        self.ids = ids


@compiles(_IdsIn)
def _compile_ids_in(element: _IdsIn, compiler, **kw) -> str:  # noqa: ANN001 - a SQL compiler
    column = compiler.process(element.column, **kw)
    if not element.ids:
        return "1 != 1"
    return f"{column} IN ({','.join(str(i) for i in element.ids)})"


def in_ids(conn: Connection, column, ids) -> ColumnElement[bool]:  # noqa: ANN001
    """``column IN ids`` for a scope's unit ids (hundreds for a province). On PostgreSQL the ids
    go as one array parameter: a placeholder per id cost ~5 ms a statement in SQLAlchemy's
    rendering and psycopg's parsing (which caches only statements under 4 KB), more than many
    of the statements take to run. On SQLite (whose driver does not parse in Python) the ids
    are written into the statement, which is compiled once per scope (``_IdsIn``)."""
    ids = tuple(map(int, ids))
    if conn.dialect.name == "postgresql":
        return column == any_(bindparam(None, _id_array(ids), type_=_IDS))
    return _IdsIn(column, ids)


@lru_cache(maxsize=256)
def _id_array(ids: tuple[int, ...]) -> IdArray:
    """One ``IdArray`` (its text made once) for the same ids: a page binds its scope's few
    hundred ids in most of its statements (~16 a page, ~0.2 ms each to make)."""
    return IdArray(ids)


def recorded_unit_ids(conn: Connection, code: str | None, historical: bool = False) -> list[int]:
    """Ids of the units records may be filed under, for a scope.

    Current view: every unit (today's or a predecessor) whose records roll up to today's units
    under ``code``. Historical view: the unit and the units under it as they were.
    ``code`` None means everything.
    """
    tree = unit_tree(conn)
    root = scope_root(conn)
    if code is None:
        if root is None:
            return sorted(n.id for n in tree.nodes())
        code = root
    node = tree.get(code)
    if node is None:
        raise UnknownUnit(code)
    ids = tree.recorded_ids(code, historical)
    if root is not None:
        # Records are filed under communes: the request is allowed when every commune it
        # covers is one the user may see (old districts and provinces group them).
        allowed = tree.recorded_ids(root, False) | tree.recorded_ids(root, True)
        communes_asked = {i for i in ids if tree.node(i).level == "commune"}
        if not communes_asked <= allowed or (not communes_asked and code != root):
            raise ScopeDenied(code)
    if not historical and not node.is_current:
        cur = tree.node(node.current_id).code if node.current_id else None
        raise EndedUnit(code, node.name, node.valid_to, cur)
    return sorted(ids)


def predecessors(conn: Connection, unit_id: int) -> list[int]:
    """All units that went into this one, at any depth (for targets set on old units)."""
    return list(unit_tree(conn).predecessors(unit_id))


def lineage(conn: Connection, code: str) -> pd.DataFrame:
    """The edges into and out of a unit, with names, for the unit's page."""
    pred = admin_unit.alias("pred")
    succ = admin_unit.alias("succ")
    u = get_unit(conn, code)
    stmt = (
        select(
            pred.c.code.label("predecessor_code"),
            pred.c.name.label("predecessor_name"),
            succ.c.code.label("successor_code"),
            succ.c.name.label("successor_name"),
            unit_lineage.c.effective_date,
            unit_lineage.c.legal_source,
            unit_lineage.c.weight,
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


def coverage(conn: Connection, scope: Scope) -> dict:
    """What a scope's figures cover, as "cách tính" says it: the unit (code, name) and the
    communes under it in the view (today's, or as they were); a commune covers itself."""
    tree = unit_tree(conn)
    code = scope.unit_code or scope_root(conn)
    if code is None:
        communes = [n for n in tree.nodes() if n.level == "commune" and n.is_current]
        return {"code": None, "name": None, "communes": len(communes)}
    node = tree.get(code)
    if node is None:
        raise UnknownUnit(code)
    n = 1 if node.level == "commune" else len(tree.communes_under(code))
    return {"code": code, "name": node.name, "communes": n}
