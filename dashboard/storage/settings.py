"""All settings in one place: each has a default and a line of help.

Read from the environment so the same code serves the embedded SQLite default and a
PostgreSQL deployment (``DATABASE_URL``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "oversight.sqlite"


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DATABASE_URL",
        f"sqlite:///{DEFAULT_SQLITE_PATH}",
        "SQLAlchemy URL of the database. Default: an embedded SQLite file in data/.",
    ),
    Setting(
        "DATABASE_READ_URL",
        "",
        "Database URL the pages read from: a PostgreSQL streaming replica of DATABASE_URL "
        "(issue 18). Imports, sign-in sessions, the audit record and every other write go to "
        "DATABASE_URL. Empty: DATABASE_URL.",
    ),
    Setting(
        "OVERSIGHT_REPLICA_LAG_WARN_SECONDS",
        "60",
        "When the pages read a replica that last caught up with the primary more than this "
        "many seconds ago, each page warns that its figures may be behind.",
    ),
    Setting("OVERSIGHT_LANG", "vi", "Default interface language: vi or en."),
    Setting(
        "OVERSIGHT_SEED_SCALE",
        "300000",
        "Number of dossiers the first run seeds into an empty embedded database.",
    ),
    Setting(
        "OVERSIGHT_MIN_DOSSIERS",
        "30",
        "Below this many resolved dossiers a unit's rate is flagged and not ranked as certain.",
    ),
    Setting(
        "OVERSIGHT_MIN_RESPONSES",
        "30",
        "Below this many satisfaction responses a rate is flagged as resting on few responses.",
    ),
    Setting(
        "OVERSIGHT_MIN_PETITIONS",
        "10",
        "Below this many petitions a commune's resolved share is flagged (grey, no rank): one "
        "petition moves it by 10 points or more.",
    ),
    Setting(
        "OVERSIGHT_MIN_EFFECT_RECORDS",
        "400",
        "Fewest records (resolved dossiers, or responses) in each of a pilot's before and after "
        "windows for a model's effect to be read: at a rate near 85 % that many make the 95 % "
        "interval of a before/after change about ±5 points. Fewer: 'not enough data'.",
    ),
    Setting(
        "OVERSIGHT_USERS_FILE",
        str(PROJECT_ROOT / "data" / "users.json"),
        "Local users with argon2 password hashes, roles and units (see dashboard/access/users.py).",
    ),
    Setting(
        "OVERSIGHT_AUTH",
        "local",
        "How people log in: local (the users file), oidc (st.login with .streamlit/secrets.toml, "
        "roles from the users file by e-mail) or none (no login; only for a private demo).",
    ),
    Setting(
        "OVERSIGHT_AUTH_NONE_ANY_ADDRESS",
        "",
        "With OVERSIGHT_AUTH=none the server refuses to listen on anything but a loopback "
        "address (127.0.0.1, ::1, localhost); set to 1 to serve the open demo anyway.",
    ),
    Setting(
        "OVERSIGHT_SESSION_IDLE_HOURS",
        "8",
        "A sign-in ends after this many hours without a page being opened or used.",
    ),
    Setting(
        "OVERSIGHT_SESSION_MAX_DAYS",
        "7",
        "A sign-in ends this many days after it began, however active.",
    ),
    Setting(
        "OVERSIGHT_LOGIN_BACKOFF_SECONDS",
        "1",
        "After the second failed sign-in for a user or an address, the next attempt must wait "
        "this many seconds, doubling with each further failure (at most 60). 0: no wait.",
    ),
    Setting(
        "OVERSIGHT_LOGIN_LOCK_AFTER",
        "5",
        "Failed sign-ins for one username before it is locked for OVERSIGHT_LOGIN_LOCK_MINUTES.",
    ),
    Setting(
        "OVERSIGHT_LOGIN_LOCK_AFTER_CLIENT",
        "20",
        "Failed sign-ins from one client address (any usernames) before it is locked.",
    ),
    Setting(
        "OVERSIGHT_LOGIN_LOCK_MINUTES",
        "15",
        "How long a lock lasts; failures older than this are forgotten.",
    ),
    Setting(
        "OVERSIGHT_COOKIE_SECURE",
        "auto",
        "Send the session cookie over HTTPS only: auto (when the request came over HTTPS, "
        "as a reverse proxy reports it), 1 (always) or 0.",
    ),
    Setting(
        "OVERSIGHT_TRUSTED_PROXIES",
        "",
        "Comma-separated addresses of reverse proxies (e.g. 127.0.0.1 for nginx on the same "
        "machine) whose X-Forwarded-For and X-Forwarded-Proto headers are believed. Empty: the "
        "client address is the connection's.",
    ),
    Setting(
        "OVERSIGHT_IMPORT_DATABASE_URL",
        "",
        "Database URL for imports, with a role that may write. Empty: DATABASE_URL.",
    ),
    Setting(
        "OVERSIGHT_TODAY",
        "",
        "Pretend today is this ISO date (for demos and tests). Empty: the real date.",
    ),
    Setting(
        "OVERSIGHT_BOUNDARIES",
        "",
        "GeoJSON boundaries of today's communes for the map: a file, or a directory of "
        "*.geojson/*.json files; each feature names its unit's GSO code in the property "
        "gso_code (or code, ma_xa, MA_XA). Relative paths start at the project root. Empty: "
        "communes are drawn as circles at their coordinates.",
    ),
    Setting(
        "OVERSIGHT_MAP_STYLE",
        "",
        "Base-map style for the map page: a style URL (e.g. a local tile server's style.json, "
        "or mapbox://…) or light / dark / road. Empty: no base map, so the map works without "
        "internet.",
    ),
)


def get(name: str) -> str:
    """Value of a declared setting; unknown names are a programming error."""
    for s in SETTINGS:
        if s.name == name:
            return os.environ.get(name) or s.default
    raise KeyError(f"undeclared setting {name!r}")


def database_url() -> str:
    return _driver_url(get("DATABASE_URL"))


def read_url() -> str:
    """The database pages read: ``DATABASE_READ_URL`` (a replica) or ``DATABASE_URL``."""
    return _driver_url(get("DATABASE_READ_URL") or get("DATABASE_URL"))


def _driver_url(url: str) -> str:
    # Heroku-style URLs and bare postgresql:// go through psycopg 3.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def number(name: str) -> float:
    """A numeric setting; a value that is not a number is a configuration error, said plainly."""
    raw = get(name)
    try:
        return float(raw)
    except ValueError:
        raise ValueError(f"setting {name} must be a number, not {raw!r}") from None


def is_default_database() -> bool:
    return not os.environ.get("DATABASE_URL")


def today() -> date:
    """Today, or the date ``OVERSIGHT_TODAY`` pretends it is (demos and tests)."""
    fixed = get("OVERSIGHT_TODAY")
    return date.fromisoformat(fixed) if fixed else date.today()


LOOPBACK = ("127.0.0.1", "::1", "localhost")


def open_demo_refusal(address: str | None) -> str | None:
    """With ``OVERSIGHT_AUTH=none`` anyone who can reach the server sees everything: refuse to
    serve on anything but a loopback address unless OVERSIGHT_AUTH_NONE_ANY_ADDRESS=1. Returns
    the reason to refuse, or None."""
    if get("OVERSIGHT_AUTH") != "none" or get("OVERSIGHT_AUTH_NONE_ANY_ADDRESS") == "1":
        return None
    addr = (address or "").strip().strip("[]")
    if addr in LOOPBACK or addr.startswith("127."):
        return None
    return (
        "OVERSIGHT_AUTH=none (the demo without sign-in) serves only on a loopback address, "
        f"not {addr or 'every address'}: start with --address 127.0.0.1, or set "
        "OVERSIGHT_AUTH_NONE_ANY_ADDRESS=1 to open it to the network on purpose"
    )
