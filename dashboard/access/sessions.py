"""Sign-in sessions kept in the database, so every dashboard process shares them.

A session is a random token (256 bits) the browser holds in an HttpOnly, SameSite cookie; the
database keeps only its SHA-256, the username, when it began and when it was last used. A
session ends on sign-out, after ``OVERSIGHT_SESSION_IDLE_HOURS`` without use, after
``OVERSIGHT_SESSION_MAX_DAYS`` in all, and at once when the user's password changes or the user
is disabled or removed (``end_user``). Every check also asks the users file whether the user
still exists and is enabled, so a session can never outlive its account.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, insert, select, update

from dashboard.access import users as auth
from dashboard.storage import settings
from dashboard.storage.schema import user_session

COOKIE = "oversight_session"
# last_seen_at is written at most this often: one write a minute per user, not one a click.
TOUCH_EVERY = timedelta(seconds=60)


@dataclass(frozen=True)
class Session:
    username: str
    created_at: datetime
    last_seen_at: datetime
    user: auth.User


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def idle_limit() -> timedelta:
    return timedelta(hours=settings.number("OVERSIGHT_SESSION_IDLE_HOURS"))


def absolute_limit() -> timedelta:
    return timedelta(days=settings.number("OVERSIGHT_SESSION_MAX_DAYS"))


def create(engine: Engine, username: str, client: str | None = None) -> str:
    """A new session for ``username``; returns the token for the cookie (never stored)."""
    token = secrets.token_urlsafe(32)
    now = _now()
    with engine.begin() as conn:
        conn.execute(
            insert(user_session).values(
                token_hash=_hash(token),
                username=username,
                created_at=now,
                last_seen_at=now,
                client=(client or None) and client[:64],
            )
        )
    return token


def check(engine: Engine, token: str | None, now: datetime | None = None) -> Session | None:
    """The live session of ``token``, or None (unknown, expired, or its user is gone or
    disabled; an expired or orphaned row is deleted on the way)."""
    if not token or len(token) > 200:
        return None
    now = now or _now()
    key = _hash(token)
    with engine.connect() as conn:
        row = conn.execute(
            select(
                user_session.c.username, user_session.c.created_at, user_session.c.last_seen_at
            ).where(user_session.c.token_hash == key)
        ).first()
    if row is None:
        return None
    username, created, seen = row[0], _dt(row[1]), _dt(row[2])
    user = auth.active(username)
    if user is None or now - seen > idle_limit() or now - created > absolute_limit():
        with engine.begin() as conn:
            conn.execute(delete(user_session).where(user_session.c.token_hash == key))
        return None
    if now - seen >= TOUCH_EVERY:
        with engine.begin() as conn:
            conn.execute(
                update(user_session)
                .where(user_session.c.token_hash == key)
                .values(last_seen_at=now)
            )
        seen = now
    return Session(username, created, seen, user)


def end(engine: Engine, token: str | None) -> str | None:
    """End one session (sign-out of this browser); returns its username."""
    if not token:
        return None
    key = _hash(token)
    with engine.begin() as conn:
        name = conn.execute(
            select(user_session.c.username).where(user_session.c.token_hash == key)
        ).scalar()
        conn.execute(delete(user_session).where(user_session.c.token_hash == key))
    return name


def end_user(engine: Engine, username: str) -> int:
    """End every session of ``username`` (sign-out, new password, disabled, removed)."""
    with engine.begin() as conn:
        return conn.execute(
            delete(user_session).where(user_session.c.username == username)
        ).rowcount


def purge_expired(engine: Engine, now: datetime | None = None) -> int:
    """Delete sessions past either limit (called now and then at sign-in)."""
    now = now or _now()
    with engine.begin() as conn:
        return conn.execute(
            delete(user_session).where(
                (user_session.c.last_seen_at < now - idle_limit())
                | (user_session.c.created_at < now - absolute_limit())
            )
        ).rowcount


def _dt(v) -> datetime:  # noqa: ANN001 - SQLite may hand back text
    return v if isinstance(v, datetime) else datetime.fromisoformat(str(v))
