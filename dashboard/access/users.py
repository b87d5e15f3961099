"""Who may see what: users, roles and their unit scope.

Two ways in:
- the embedded default keeps local users in a JSON file (``OVERSIGHT_USERS_FILE``) with argon2
  password hashes; the first ``oversight serve`` creates one administrator with a random
  password and prints it once — there is no default password that works;
- a deployment configures an OpenID Connect provider for ``st.login`` in
  ``.streamlit/secrets.toml``; the users file then maps each e-mail to a role and a unit.

The scope itself is enforced in the query layer (``queries.units.restrict``), so every page,
drill-down, URL parameter, export and ``oversight --as USER`` command sees the same units.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from dashboard.storage import settings

# role -> pages it may open (file stems in pages/) and whether it may export / import.
ROLES: dict[str, dict] = {
    "admin": {"pages": "*", "export": True, "import": True},
    "province_leader": {
        "pages": ["overview", "on_time", "satisfaction", "rollout", "dialogue", "maps"],
        "export": True,
        "import": False,
    },
    "commune_leader": {
        "pages": ["overview", "on_time", "satisfaction", "rollout", "dialogue", "maps"],
        "export": True,
        "import": False,
    },
    "ban_dan_van": {"pages": ["rollout", "dialogue"], "export": False, "import": False},
    "data_officer": {"pages": ["imports"], "export": False, "import": True},
    "viewer": {
        "pages": ["overview", "on_time", "satisfaction", "rollout", "dialogue", "maps"],
        "export": False,
        "import": False,
    },
}
# Roles whose scope is one unit; the others see every unit unless a unit is given.
UNIT_ROLES = {"province_leader", "commune_leader"}

_hasher = PasswordHasher()


class AuthError(ValueError):
    """A user-management mistake, shown as one line."""


@dataclass(frozen=True)
class User:
    username: str
    role: str
    unit: str | None = None  # scope root: a province or commune code; None = every unit
    email: str | None = None
    password_hash: str | None = None

    def may_open(self, page: str) -> bool:
        allowed = ROLES[self.role]["pages"]
        return allowed == "*" or page in allowed

    @property
    def may_export(self) -> bool:
        return ROLES[self.role]["export"]

    @property
    def may_import(self) -> bool:
        return ROLES[self.role]["import"]


def users_file() -> Path:
    return Path(settings.get("OVERSIGHT_USERS_FILE"))


def load_users(path: Path | None = None) -> dict[str, User]:
    path = path or users_file()
    if not path.exists():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {u["username"]: User(**u) for u in raw.get("users", [])}


def save_users(users: dict[str, User], path: Path | None = None) -> None:
    path = path or users_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        json.dumps({"users": [asdict(u) for u in users.values()]}, ensure_ascii=False, indent=2),
        encoding="utf-8",
    )
    tmp.chmod(0o600)
    tmp.replace(path)


def add_user(
    username: str,
    role: str,
    unit: str | None = None,
    password: str | None = None,
    email: str | None = None,
    path: Path | None = None,
) -> User:
    if role not in ROLES:
        raise AuthError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    if role in UNIT_ROLES and not unit:
        raise AuthError(f"role {role} needs --unit (the province or commune it leads)")
    if password is None and email is None:
        raise AuthError("give a password (local login) or an e-mail (OpenID Connect login)")
    if password is not None and len(password) < 10:
        raise AuthError("a password needs at least 10 characters")
    users = load_users(path)
    user = User(
        username=username,
        role=role,
        unit=unit,
        email=email,
        password_hash=_hasher.hash(password) if password else None,
    )
    users[username] = user
    save_users(users, path)
    return user


def verify(username: str, password: str, path: Path | None = None) -> User | None:
    """The user when the password matches, else None (same answer for unknown names)."""
    user = load_users(path).get(username)
    if user is None or not user.password_hash:
        _hasher.hash(password)  # spend the same time as a real check
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return user


def by_email(email: str, path: Path | None = None) -> User | None:
    for u in load_users(path).values():
        if u.email and u.email.lower() == (email or "").lower():
            return u
    return None


def ensure_admin(path: Path | None = None) -> str | None:
    """Create the first administrator with a random password when there are no users.
    Returns the password to print once, or None when users already exist."""
    if load_users(path):
        return None
    password = secrets.token_urlsafe(12)
    add_user("admin", "admin", None, password, path=path)
    return password
