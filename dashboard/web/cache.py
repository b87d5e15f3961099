"""Cached query calls for pages: ``q(on_time.headline, period, scope)``.

Pages pass the query function itself (not its name), so an editor follows a page to its query
in one hop. Results are cached per database, user scope and arguments; imports clear the cache.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from dashboard.i18n import t
from dashboard.storage import settings
from dashboard.storage.db import get_engine
from queries.units import ScopeDenied, restricted

TTL = 300  # seconds; imports also clear the cache


@st.cache_data(ttl=TTL, show_spinner=False)
def cached(url: str, scope_root: str | None, name: str, _fn: Callable, *args, **kwargs) -> Any:
    """Run ``_fn(conn, *args, **kwargs)`` once per database, user scope, query name, arguments
    and TTL, on a connection restricted to the user's units. ``name`` (the function's
    qualified name) stands for the unhashed function in the cache key."""
    with restricted(get_engine(url), scope_root).connect() as conn:
        return _fn(conn, *args, **kwargs)


def q(fn: Callable, *args, **kwargs) -> Any:
    """A query from queries/, cached. A unit outside the user's scope (a forged link) stops
    the page with a message, not a trace."""
    from dashboard.web.frame import lang, record_refusal, user

    name = f"{fn.__module__}.{fn.__qualname__}"
    try:
        return cached(settings.database_url(), user().unit, name, fn, *args, **kwargs)
    except ScopeDenied as exc:
        record_refusal(f"query={fn.__qualname__} unit={exc.args[0] if exc.args else '?'}")
        st.error(t("scope_denied", lang()))
        st.stop()


def clear() -> None:
    """Forget every cached figure (after an import)."""
    from dashboard.web.frame import data_until

    cached.clear()
    data_until.clear()
