"""Record who did what and when, and read the record back (``oversight audit``).

Recorded: every sign-in, failed sign-in, lock, sign-out, import, export (page and command
line), user change, directive recorded or updated and refused scope attempt. The actor is the signed-in user, or on the
command line the ``--as`` user with the operating-system user beside it (``os_user``); it is
never a name someone typed. A sign-in that names no known user is recorded with actor "?" and
nothing of what was typed.

The table is append-only (migration 13_sessions): triggers refuse changes and deletions, and
on PostgreSQL rows are added only through the SECURITY DEFINER function ``audit_append``, which
stamps the time itself; the application roles may call it and may not write the table.
"""

from __future__ import annotations

import getpass
import logging
import os
from datetime import datetime

import pandas as pd
from sqlalchemy import Engine, func, insert, select

from dashboard.storage.schema import audit_event

log = logging.getLogger(__name__)

# What is recorded, for the command's --action choices and the README.
ACTIONS = (
    "login",
    "login_failed",
    "login_throttled",
    "login_locked",
    "logout",
    "session_ended",
    "import",
    "export",
    "scope_denied",
    "user_add",
    "user_passwd",
    "user_disable",
    "user_enable",
    "user_remove",
    "user_unlock",
    "directive_add",
    "directive_update",
)


def os_user() -> str:
    """The operating-system user running a command."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return os.environ.get("USER") or f"uid:{os.getuid()}"


def record(
    engine: Engine,
    actor: str | None,
    action: str,
    detail: str | None = None,
    *,
    os_user: str | None = None,
    client: str | None = None,
) -> None:
    values = dict(
        actor=(actor or "?")[:120],
        action=action[:32],
        detail=detail,
        os_user=(os_user or None) and os_user[:64],
        client=(client or None) and client[:64],
    )
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(
                select(
                    func.audit_append(
                        values["actor"],
                        values["action"],
                        values["detail"],
                        values["os_user"],
                        values["client"],
                    )
                )
            )
        else:
            conn.execute(
                insert(audit_event).values(at=datetime.now().replace(microsecond=0), **values)
            )


def safe_record(
    engine: Engine, actor: str | None, action: str, detail: str | None = None, **kw
) -> None:
    """``record``, for paths that must go on when the record cannot be written (a refused
    scope attempt while the database is struggling): the failure goes to the server log."""
    try:
        record(engine, actor, action, detail, **kw)
    except Exception:  # noqa: BLE001
        log.exception("could not record audit event %s for %s", action, actor)


COLUMNS = ["id", "at", "actor", "os_user", "client", "action", "detail"]


def events(
    conn,  # noqa: ANN001 - a Connection
    since: datetime | None = None,
    until: datetime | None = None,
    actor: str | None = None,
    action: str | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """The record, newest first, filtered by time (``since`` ≤ at < ``until``), actor and
    action."""
    a = audit_event
    stmt = select(*[a.c[c] for c in COLUMNS]).order_by(a.c.at.desc(), a.c.id.desc())
    if since is not None:
        stmt = stmt.where(a.c.at >= since)
    if until is not None:
        stmt = stmt.where(a.c.at < until)
    if actor:
        stmt = stmt.where(a.c.actor == actor)
    if action:
        stmt = stmt.where(a.c.action == action)
    if limit:
        stmt = stmt.limit(limit)
    return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=COLUMNS)
