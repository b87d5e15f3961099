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
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from dashboard.storage import settings

# role -> pages it may open (file stems in pages/), whether it may export / import, and
# whether it may record and update directives (kết luận chỉ đạo, pages/directives.py).
_INDICATOR_PAGES = [
    "overview",
    "on_time",
    "satisfaction",
    "rollout",
    "dialogue",
    "index766",
    "maps",
]
ROLES: dict[str, dict] = {
    "admin": {"pages": "*", "export": True, "import": True, "direct": True},
    "province_leader": {
        "pages": [*_INDICATOR_PAGES, "directives"],
        "export": True,
        "import": False,
        "direct": True,
    },
    "commune_leader": {
        "pages": [*_INDICATOR_PAGES, "directives"],
        "export": True,
        "import": False,
        "direct": True,
    },
    # The leaders' secretary (thư ký, Văn phòng UBND): records the meeting's conclusions and
    # their progress, prepares the pack; sees what their unit's leader sees.
    "secretary": {
        "pages": [*_INDICATOR_PAGES, "directives"],
        "export": True,
        "import": False,
        "direct": True,
    },
    "ban_dan_van": {
        "pages": ["rollout", "dialogue"],
        "export": False,
        "import": False,
        "direct": False,
    },
    "data_officer": {"pages": ["imports"], "export": False, "import": True, "direct": False},
    "viewer": {
        "pages": [*_INDICATOR_PAGES, "directives"],
        "export": False,
        "import": False,
        "direct": False,
    },
}
# Roles whose scope is one unit; the others see every unit unless a unit is given.
UNIT_ROLES = {"province_leader", "commune_leader", "secretary"}
# The level of unit a leader's role leads (a secretary serves either).
LEADS = {"province_leader": "province", "commune_leader": "commune"}
ROLE_FOR_LEVEL = {level: role for role, level in LEADS.items()}

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
    disabled: bool = False  # ``oversight user disable``: no sign-in, sessions ended

    def may_open(self, page: str) -> bool:
        allowed = ROLES[self.role]["pages"]
        return allowed == "*" or page in allowed

    @property
    def may_export(self) -> bool:
        return ROLES[self.role]["export"]

    @property
    def may_import(self) -> bool:
        return ROLES[self.role]["import"]

    @property
    def may_direct(self) -> bool:
        """May record directives and their progress (for the units of their scope)."""
        return ROLES[self.role]["direct"]


def users_file() -> Path:
    return Path(settings.get("OVERSIGHT_USERS_FILE"))


_FIELDS = {f.name for f in fields(User)}
_LOADED: dict[str, tuple[tuple, dict[str, User]]] = {}


def load_users(path: Path | None = None) -> dict[str, User]:
    """Every user of the file. Read again only when the file changed: every page run checks
    the signed-in user is still there and enabled."""
    path = path or users_file()
    try:
        st = path.stat()
    except FileNotFoundError:
        return {}
    stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
    hit = _LOADED.get(str(path))
    if hit is not None and hit[0] == stamp:
        return dict(hit[1])
    raw = json.loads(path.read_text(encoding="utf-8"))
    users = {
        u["username"]: User(**{k: v for k, v in u.items() if k in _FIELDS})
        for u in raw.get("users", [])
    }
    _LOADED[str(path)] = (stamp, users)
    return dict(users)


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


USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
MIN_PASSWORD = 10


def check_role_and_unit(
    role: str,
    unit: str | None,
    known_units: Iterable[str] | None,
    provinces: Iterable[str] = (),
) -> None:
    """Refuse an unknown role or unit with the valid choices. ``known_units``: the unit codes
    in the database (None: not checked, e.g. a test without one); ``provinces``: today's
    provinces as "code name", named in the refusal."""
    if role not in ROLES:
        raise AuthError(f"unknown role {role!r}; valid roles: {', '.join(ROLES)}")
    if role in UNIT_ROLES and not unit:
        raise AuthError(f"role {role} needs --unit (the province or commune it leads)")
    if unit and known_units is not None:
        codes = set(known_units)
        if unit not in codes:
            listed = ", ".join(provinces)
            choices = (
                f"valid units: the provinces {listed}, their communes and the former units "
                "(`oversight units [--historical]` lists them)"
                if listed
                else "valid units are the codes in the database (`oversight units` lists them)"
            )
            raise AuthError(f"unknown unit {unit!r}; {choices}{_suggest(unit, codes)}")
        # A province's leader leads a province, a commune's a commune: a leader given the
        # wrong level would see a scope their role does not name.
        level = known_units.get(unit) if isinstance(known_units, Mapping) else None
        wanted = LEADS.get(role)
        if level is not None and wanted is not None and level != wanted:
            raise AuthError(
                f"role {role} leads a {wanted}; {unit} is a {level} "
                f"(give a {wanted} code, or the role {ROLE_FOR_LEVEL.get(level, 'viewer')})"
            )


def _suggest(unit: str, codes: set[str]) -> str:
    from difflib import get_close_matches

    close = get_close_matches(unit, sorted(codes), n=5, cutoff=0.6)
    return f"; did you mean {', '.join(close)}?" if close else ""


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AuthError(f"a password needs at least {MIN_PASSWORD} characters")


def add_user(
    username: str,
    role: str,
    unit: str | None = None,
    password: str | None = None,
    email: str | None = None,
    path: Path | None = None,
    known_units: Iterable[str] | None = None,
    provinces: Iterable[str] = (),
) -> User:
    if not USERNAME.fullmatch(username or ""):
        raise AuthError(
            "a username is 1–64 letters, digits or . _ @ - (starting with a letter or digit)"
        )
    check_role_and_unit(role, unit, known_units, provinces)
    if password is None and email is None:
        raise AuthError("give a password (local login) or an e-mail (OpenID Connect login)")
    if password is not None:
        _check_password(password)
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


def _existing(users: dict[str, User], username: str) -> User:
    user = users.get(username)
    if user is None:
        known = ", ".join(sorted(users)) or "none"
        raise AuthError(f"no user {username!r}; users: {known}")
    return user


def set_password(username: str, password: str, path: Path | None = None) -> User:
    """A new password (the caller ends the user's sessions)."""
    _check_password(password)
    users = load_users(path)
    user = replace(_existing(users, username), password_hash=_hasher.hash(password))
    users[username] = user
    save_users(users, path)
    return user


def set_disabled(username: str, disabled: bool = True, path: Path | None = None) -> User:
    users = load_users(path)
    user = replace(_existing(users, username), disabled=disabled)
    users[username] = user
    save_users(users, path)
    return user


def remove_user(username: str, path: Path | None = None) -> User:
    users = load_users(path)
    user = _existing(users, username)
    del users[username]
    save_users(users, path)
    return user


def active(username: str, path: Path | None = None) -> User | None:
    """The user when they exist and are not disabled (checked on every page run)."""
    user = load_users(path).get(username)
    return None if user is None or user.disabled else user


def verify(username: str, password: str, path: Path | None = None) -> User | None:
    """The user when the password matches, else None (same answer, and about the same time,
    for unknown names and disabled users)."""
    user = load_users(path).get(username)
    if user is None or not user.password_hash:
        _hasher.hash(password)  # spend the same time as a real check
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return None if user.disabled else user


def by_email(email: str, path: Path | None = None) -> User | None:
    for u in load_users(path).values():
        if u.email and u.email.lower() == (email or "").lower():
            return None if u.disabled else u
    return None


def ensure_admin(path: Path | None = None) -> str | None:
    """Create the first administrator with a random password when there are no users.
    Returns the password to print once, or None when users already exist."""
    if load_users(path):
        return None
    password = secrets.token_urlsafe(12)
    add_user("admin", "admin", None, password, path=path)
    return password
