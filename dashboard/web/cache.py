"""Cached query calls for pages: ``q(on_time.headline, period, scope)``.

Pages pass the query function itself (not its name), so an editor follows a page to its query
in one hop. Results are cached per database, data version, user scope and arguments.

The data version (``data_version``, issue 18) is a counter every import, seed and register load
bumps in its own transaction. It is part of every cache key, so an import made through any
dashboard process, or the command line, makes every process read afresh: no process serves
figures from before it for longer than ``VERSION_EVERY`` seconds (the version is read at most
that often per process, one tiny statement). The cache itself is per process (Streamlit's).
The version is read from the database the pages read (``DATABASE_READ_URL`` when set), so a
lagging replica is never cached under a version it has not reached.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import streamlit as st

from dashboard.i18n import t
from dashboard.storage import settings
from dashboard.storage.db import at_version, connect, get_engine, read_data_version
from queries.units import ScopeDenied, restricted

TTL = 300  # seconds: an entry of an older data version is never read again and ages out
VERSION_EVERY = 2.0  # seconds between two reads of the data version in one process

_versions: dict[str, tuple[float, int]] = {}
_lock = threading.Lock()


def data_version(url: str | None = None) -> int:
    """The database's data version, read at most every ``VERSION_EVERY`` seconds."""
    url = url or settings.read_url()
    now = time.monotonic()
    with _lock:
        hit = _versions.get(url)
    if hit is not None and now - hit[0] < VERSION_EVERY:
        return hit[1]
    with connect(get_engine(url)) as conn:
        v = read_data_version(conn)
    with _lock:
        _versions[url] = (now, v)
    return v


@st.cache_data(ttl=TTL, show_spinner=False)
def cached(
    url: str, version: int, scope_root: str | None, name: str, _fn: Callable, *args, **kwargs
) -> Any:
    """Run ``_fn(conn, *args, **kwargs)`` once per database, data version, user scope, query
    name and arguments, on a connection restricted to the user's units. ``name`` (the
    function's qualified name) stands for the unhashed function in the cache key."""
    with connect(restricted(get_engine(url), scope_root)) as conn, at_version(url, version):
        return _fn(conn, *args, **kwargs)


def q(fn: Callable, *args, **kwargs) -> Any:
    """A query from queries/, cached. A unit outside the user's scope (a forged link) stops
    the page with a message, not a trace."""
    from dashboard.web.frame import lang, record_refusal, user

    name = f"{fn.__module__}.{fn.__qualname__}"
    url = settings.read_url()
    try:
        return cached(url, data_version(url), user().unit, name, fn, *args, **kwargs)
    except ScopeDenied as exc:
        record_refusal(f"query={fn.__qualname__} unit={exc.args[0] if exc.args else '?'}")
        st.error(t("scope_denied", lang()))
        st.stop()


def clear() -> None:
    """Forget every cached figure of this process (after an import made here; the others see
    the new data version)."""
    from dashboard.web.frame import _data_until

    with _lock:
        _versions.clear()
    cached.clear()
    _data_until.clear()
