"""Rows a page fetches once for all its figures (issue 18: fewer statements a page).

Several figures of a page stand on the same rows: the dialogue page's cards, breakdowns,
league, trend, map and lists all classify the scope's sessions and petitions, each for a
window ending at the period's end. Inside ``page()`` (the app opens one around each page
run, the bench around each replay of a page), ``covered`` keeps what was fetched and answers
a request that an earlier fetch covers by narrowing it, instead of another statement and
another frame; a page that knows its widest window says so first (``expect``), so that the
first fetch serves the rest. ``once`` keeps a fetch every figure asks for alike (the rollout
page's rollouts). Outside ``page()`` every call fetches: the command line, the
briefing pack and the tests read the plain queries, and a figure is computed the same way
either way (the narrowing is the fetch's own condition, tested against the fetch).

Fetches are kept per database, per the connection's scope restriction (a user's unit) and
per data version (``dashboard.storage.db.at_version``, set by the page cache around each
call): rows read before an import never answer for a figure cached under the version after
it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import TypeVar

import pandas as pd
from sqlalchemy import Connection

from dashboard.storage.db import known_version
from queries.units import scope_root

T = TypeVar("T")

_page: ContextVar[dict | None] = ContextVar("oversight_page_rows", default=None)


@contextmanager
def page() -> Iterator[None]:
    """One page's run: fetches made inside are shared by its figures, then forgotten."""
    token = _page.set({})
    try:
        yield
    finally:
        _page.reset(token)


def expect(name: str, start: date) -> None:
    """A page says it will read ``name``'s rows back to ``start`` (its widest window, such as
    the trend's): the first fetch of them reaches back that far, so that the figures asking
    for narrower windows are answered from it. Costs nothing when every figure is cached:
    nothing is fetched until a figure asks."""
    memo = _page.get()
    if memo is not None:
        key = ("expect", name)
        memo[key] = min(start, memo.get(key, start))


def _key(conn: Connection, how: str, kind: tuple) -> tuple:
    """What a kept fetch stands for: the database, the connection's scope restriction (a
    user's unit), the data version the page cache read, and how and what was fetched."""
    url = conn.engine.url.render_as_string(hide_password=False)
    return (url, scope_root(conn), known_version(url), how, kind)


def covered(
    conn: Connection,
    kind: tuple,
    span: tuple[date, date],
    fetch: Callable[[tuple[date, date]], T],
    narrow: Callable[[T, tuple[date, date]], T],
    reach: date | None = None,
) -> T:
    """``fetch(span)``'s rows, or, inside ``page()``, those of an earlier fetch of the same
    ``kind`` whose span contains ``span``, narrowed to it by ``narrow(rows, span)``. ``kind``
    names everything else the fetch depends on, its first item the name ``expect`` knows:
    a fetch reaches back to the start the page expects, and on to ``reach`` when the caller
    knows a later figure of the page asks that far (a running period's end)."""
    memo = _page.get()
    if memo is None:
        return fetch(span)
    key = _key(conn, "covered", kind)
    start, end = span
    for (s, e), rows in memo.get(key, ()):
        if s <= start and end <= e:
            return narrow(rows, span)  # a new frame: the kept one is never handed out
    wide = (min(start, memo.get(("expect", kind[0]), start)), max(end, reach or end))
    rows = fetch(wide)
    memo.setdefault(key, []).append((wide, rows))
    return narrow(rows, span)


def once(conn: Connection, kind: tuple, fetch: Callable[[], T]) -> T:
    """``fetch()``'s rows, fetched once per page for the same ``kind`` (everything the fetch
    depends on); each caller gets its own shallow copy of a frame (pandas copies on write, so
    the kept frame never changes), other values as they are (keep them immutable). Outside
    ``page()`` every call fetches."""
    memo = _page.get()
    if memo is None:
        return fetch()
    key = _key(conn, "once", kind)
    if key not in memo:
        memo[key] = fetch()
    hit = memo[key]
    return hit.copy(deep=False) if isinstance(hit, pd.DataFrame | pd.Series) else hit
