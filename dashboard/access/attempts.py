"""Failed sign-ins: back-off, then a temporary lock, per known username and per client address.

Counted in the database (``login_throttle``) so every dashboard process sees the same counts.
For a username the counting starts at the first failure; after the second, each attempt must
wait ``OVERSIGHT_LOGIN_BACKOFF_SECONDS`` seconds, doubling per failure (at most 60); after
``OVERSIGHT_LOGIN_LOCK_AFTER`` failures the username is locked for
``OVERSIGHT_LOGIN_LOCK_MINUTES``. An address (many people may share an office's) waits only
once it has failed as often as one username may, and is locked after
``OVERSIGHT_LOGIN_LOCK_AFTER_CLIENT``. Failures older than the lock time are forgotten.

Text typed as a username is counted only when it names a known user: a password typed into
the username field is never written anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, and_, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from dashboard.storage import settings
from dashboard.storage.schema import login_throttle as lt

MAX_WAIT = 60  # seconds


@dataclass(frozen=True)
class Verdict:
    """``ok``: go ahead; ``wait``: too soon after a failure; ``locked``: wait until the lock
    ends. ``seconds``: how long, rounded up."""

    state: str
    seconds: int = 0
    locked_now: bool = False  # this failure engaged the lock

    @property
    def ok(self) -> bool:
        return self.state == "ok"


def _limits() -> dict[str, int]:
    return {
        "user": int(settings.number("OVERSIGHT_LOGIN_LOCK_AFTER")),
        "client": int(settings.number("OVERSIGHT_LOGIN_LOCK_AFTER_CLIENT")),
    }


def _lock_time() -> timedelta:
    return timedelta(minutes=settings.number("OVERSIGHT_LOGIN_LOCK_MINUTES"))


def backoff(kind: str, failures: int) -> float:
    """Seconds the next attempt must wait after ``failures`` failures."""
    base = settings.number("OVERSIGHT_LOGIN_BACKOFF_SECONDS")
    free = 2 if kind == "user" else _limits()["user"]  # failures before any wait
    if base <= 0 or failures < free:
        return 0.0
    return min(base * 2 ** (failures - free), MAX_WAIT)


def _keys(username: str | None, client: str | None) -> list[tuple[str, str]]:
    out = []
    if username:
        out.append(("user", username[:120]))
    if client:
        out.append(("client", client[:120]))
    return out


def _dt(v) -> datetime | None:  # noqa: ANN001 - SQLite hands back text
    if v is None or isinstance(v, datetime):
        return v
    return datetime.fromisoformat(str(v))


def _rows(conn, keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict]:  # noqa: ANN001
    out = {}
    for kind, key in keys:
        r = (
            conn.execute(select(lt).where(and_(lt.c.kind == kind, lt.c.key == key)))
            .mappings()
            .first()
        )
        if r is not None:
            out[(kind, key)] = {
                k: _dt(v) if k.endswith(("_at", "_until")) else v for k, v in r.items()
            }
    return out


def check(
    engine: Engine, username: str | None, client: str | None, now: datetime | None = None
) -> Verdict:
    """May an attempt for ``username`` (a known user, or None) from ``client`` go ahead?"""
    now = now or datetime.now()
    worst = Verdict("ok")
    with engine.connect() as conn:
        rows = _rows(conn, _keys(username, client))
    for (kind, _key), r in rows.items():
        if r["locked_until"] and r["locked_until"] > now:
            secs = int((r["locked_until"] - now).total_seconds() + 0.999)
            if worst.state != "locked" or secs > worst.seconds:
                worst = Verdict("locked", secs)
            continue
        if now - r["first_failure_at"] > _lock_time():
            continue  # forgotten
        ready = r["last_failure_at"] + timedelta(seconds=backoff(kind, r["failures"]))
        if ready > now and worst.state == "ok":
            worst = Verdict("wait", int((ready - now).total_seconds() + 0.999))
    return worst


def failed(
    engine: Engine, username: str | None, client: str | None, now: datetime | None = None
) -> Verdict:
    """Count a failure; the verdict for the next attempt (``locked_now`` when this failure
    engaged a lock)."""
    now = now or datetime.now()
    limits = _limits()
    locked_now = False
    for kind, key in _keys(username, client):
        for _try in range(3):  # another process may insert the same key first
            try:
                with engine.begin() as conn:
                    r = _rows(conn, [(kind, key)]).get((kind, key))
                    stale = r is not None and (
                        (r["locked_until"] is not None and r["locked_until"] <= now)
                        or now - r["first_failure_at"] > _lock_time()
                    )
                    if r is None or stale:
                        n, first = 1, now
                    else:
                        n, first = r["failures"] + 1, r["first_failure_at"]
                    locked = now + _lock_time() if n >= limits[kind] else None
                    if locked and not (r and not stale and r["locked_until"]):
                        locked_now = True
                    values = dict(
                        failures=n, first_failure_at=first, last_failure_at=now, locked_until=locked
                    )
                    where = and_(lt.c.kind == kind, lt.c.key == key)
                    if r is None:
                        conn.execute(insert(lt).values(kind=kind, key=key, **values))
                    else:
                        conn.execute(update(lt).where(where).values(**values))
                break
            except IntegrityError:
                continue
    verdict = check(engine, username, client, now)
    return Verdict(verdict.state, verdict.seconds, locked_now)


def succeeded(engine: Engine, username: str) -> None:
    """A good password clears the username's count (not the address's: one good account must
    not reset the count of an address that tries many)."""
    with engine.begin() as conn:
        conn.execute(delete(lt).where(and_(lt.c.kind == "user", lt.c.key == username[:120])))


def unlock(engine: Engine, username: str) -> int:
    """``oversight user unlock``: clear a username's failures and lock."""
    with engine.begin() as conn:
        return conn.execute(
            delete(lt).where(and_(lt.c.kind == "user", lt.c.key == username[:120]))
        ).rowcount
