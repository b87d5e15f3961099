"""``oversight``: everything the dashboard does, without a browser.

    oversight init-db                       create or migrate the database
    oversight seed [--scale N] [--seed S]   fill an empty database with sample data
    oversight serve [--port P]              start the dashboard (creates and seeds on first run)
    oversight metrics on-time --period 2024-Q1 [--unit CODE] [--by unit|field|channel|month]
                      [--historical] [--format table|json|csv]

One module per subject beside this one adds its commands (``register(commands, metrics)``).
"""

from __future__ import annotations

import argparse
import sys

from dashboard.access.users import AuthError, load_users
from dashboard.cli import admin, dialogue, imports, on_time, pack, rollout, satisfaction
from dashboard.cli.common import CliError, set_acting_user
from dashboard.domain.periods import PeriodError
from dashboard.storage import settings
from dashboard.storage.db import DatabaseUnavailable
from queries.units import EndedUnit, ScopeDenied, UnknownUnit

# Each registers its commands and ``metrics`` subjects, in this order in the help.
SUBJECTS = (admin, on_time, satisfaction, rollout, dialogue, pack, imports)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        user = _acting_user(args.as_user)
        set_acting_user(user)
        _check_rights(user, args)
        return args.func(args) or 0
    except (CliError, PeriodError) as exc:
        print(f"oversight: {exc}", file=sys.stderr)
        return 2
    except EndedUnit as exc:
        print(f"oversight: {exc}", file=sys.stderr)
        return 2
    except UnknownUnit as exc:
        print(
            f"oversight: unknown unit code {exc.args[0]!r} (see `oversight units`)", file=sys.stderr
        )
        return 2
    except DatabaseUnavailable as exc:
        print(f"oversight: the database cannot be reached: {exc}", file=sys.stderr)
        return 3
    except ScopeDenied as exc:
        print(
            f"oversight: unit {exc.args[0]!r} is outside the scope of {args.as_user!r}",
            file=sys.stderr,
        )
        return 4
    except AuthError as exc:
        print(f"oversight: {exc}", file=sys.stderr)
        return 2


def _acting_user(name: str | None):  # noqa: ANN202
    if not name:
        return None
    user = load_users().get(name)
    if user is None:
        raise AuthError(f"no user {name!r} in {settings.get('OVERSIGHT_USERS_FILE')}")
    return user


# What an ``--as`` user needs for a command: the page it mirrors, or a right.
_METRIC_PAGES = {
    "on-time": "on_time",
    "satisfaction": "satisfaction",
    "rollout": "rollout",
    "dialogue": "dialogue",
}


def _check_rights(user, args) -> None:  # noqa: ANN001
    if user is None:
        return
    cmd = args.command
    if cmd == "metrics" and not user.may_open(_METRIC_PAGES.get(args.subject, args.subject)):
        raise AuthError(f"{user.username} ({user.role}) may not see {args.subject} figures")
    if cmd == "pack" and not user.may_export:
        raise AuthError(f"{user.username} ({user.role}) may not export")
    if cmd in ("import", "template") and not user.may_import:
        raise AuthError(f"{user.username} ({user.role}) may not import")
    if cmd in ("user", "db-roles", "seed", "init-db", "registers") and user.role != "admin":
        raise AuthError(f"{user.username} ({user.role}) may not run {cmd}")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="oversight", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument(
        "--as",
        dest="as_user",
        metavar="USER",
        help="act as this user of the users file: only their units, their rights",
    )
    sub = p.add_subparsers(required=True, dest="command")
    m = sub.add_parser("metrics", help="print the figures a page shows")
    msub = m.add_subparsers(required=True, dest="subject")
    for module in SUBJECTS:
        module.register(sub, msub)
    return p


if __name__ == "__main__":
    raise SystemExit(main())
