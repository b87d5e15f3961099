"""Statements built once per process for their shape, their values bound when they run.

Building a statement of several parts with SQLAlchemy costs milliseconds in Python (each
part's columns proxied again in the union's subquery, each sum and label made anew): the
on-time counts of a quarter, ~4 ms from the rollups and ~8 ms from the rows, more than
SQLite or PostgreSQL take to run them, for every period a page counts. A statement kept
here is built once for its shape (what the query groups by, which parts it reads, the
scope's unit ids, written into it on SQLite) and run with the dates and codes as bound
parameters; SQLAlchemy then finds it compiled in its cache without building or walking it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from threading import Lock
from typing import TypeVar

from sqlalchemy import Connection, bindparam

from queries.units import SQL_DATE

T = TypeVar("T")

# Shapes x scopes seen by a process; a statement is a few kB. Old ones go first.
SIZE = 1024
_built: OrderedDict[tuple, object] = OrderedDict()
_lock = Lock()


def built(conn: Connection, shape: tuple, build: Callable[[], T]) -> T:
    """The statement for ``shape`` (everything the statement's text depends on; its values
    are bound at execution), built by ``build()`` the first time for this database dialect."""
    key = (conn.dialect.name, *shape)
    with _lock:
        stmt = _built.get(key)
        if stmt is not None:
            _built.move_to_end(key)
            return stmt  # type: ignore[return-value]
    stmt = build()
    with _lock:
        _built[key] = stmt
        while len(_built) > SIZE:
            _built.popitem(last=False)
    return stmt


def bound_date(name: str):  # noqa: ANN201 - a bound parameter
    """A date a kept statement is run with, bound as ``name``."""
    return bindparam(name, type_=SQL_DATE)
