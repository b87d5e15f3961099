"""``oversight``: everything the dashboard does, without a browser.

    oversight init-db                       create or migrate the database
    oversight seed [--scale N] [--seed S]   fill an empty database with sample data
    oversight serve [--port P]              start the dashboard (creates and seeds on first run)
    oversight metrics on-time --period 2024-Q1 [--unit CODE] [--by unit|field|channel|month]
                      [--historical] [--format table|json|csv]
    oversight metrics due-soon --within 3 [--unit CODE] [--as-of DATE] [--format json]
    oversight directive add|update|list     the directive register (kết luận chỉ đạo)

One module per subject beside this one adds its commands (``register(commands, metrics)``).
"""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.exc import OperationalError, ProgrammingError

from dashboard.access.users import AuthError, load_users
from dashboard.cli import (
    admin,
    audit,
    dialogue,
    directives,
    due_soon,
    figures,
    imports,
    index766,
    on_time,
    pack,
    rollout,
    satisfaction,
)
from dashboard.cli.common import CliError, set_acting_user
from dashboard.domain.periods import PeriodError
from dashboard.storage import settings
from dashboard.storage.db import DatabaseUnavailable, diagnose
from queries.units import EndedUnit, ScopeDenied, UnknownUnit

# Each registers its commands and ``metrics`` subjects, in this order in the help.
SUBJECTS = (
    admin,
    on_time,
    due_soon,
    satisfaction,
    rollout,
    dialogue,
    index766,
    directives,
    figures,
    pack,
    imports,
    audit,
)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        try:
            user = _acting_user(args.as_user)
            set_acting_user(user)
            _check_rights(user, args)
            code = args.func(args) or 0
            _record_export(args)
            return code
        except (OperationalError, ProgrammingError) as exc:
            raise diagnose(exc) from exc
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
        # One line; the technical detail (which may name a host, a port or a path) with -v.
        print(f"oversight: {exc.hint}", file=sys.stderr)
        if args.verbose:
            print(f"oversight: detail: {exc}", file=sys.stderr)
        return 3
    except ScopeDenied as exc:
        _record_refusal(args, exc)
        what = exc.args[0] if exc.args else "?"
        what = what if str(what).startswith("directive ") else f"unit {what!r}"
        print(f"oversight: {what} is outside the scope of {args.as_user!r}", file=sys.stderr)
        return 4
    except AuthError as exc:
        print(f"oversight: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader stopped early (`oversight audit | head`): no trace, and none again when
        # Python flushes standard output on exit.
        _quiet_stdout()
        return 1
    finally:
        set_acting_user(None)


def _quiet_stdout() -> None:
    import os

    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (tests)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _record_refusal(args, exc: ScopeDenied) -> None:  # noqa: ANN001
    from dashboard.cli.common import record

    try:
        unit = getattr(args, "unit", None) or (exc.args[0] if exc.args else "?")
        record("scope_denied", f"command={_command(args)} unit={unit}")
    except Exception:  # noqa: BLE001 - the refusal is printed whatever happens to the record
        pass


def _command(args) -> str:  # noqa: ANN001
    parts = [args.command]
    for sub in ("subject", "user_command", "directive_command"):
        if getattr(args, sub, None):
            parts.append(getattr(args, sub))
    return " ".join(parts)


def _record_export(args) -> None:  # noqa: ANN001
    """Figures written out for use elsewhere (``metrics --format csv|json``) are exports, as
    a page download is. ``pack``, ``import`` and ``audit`` record their own."""
    if args.command == "metrics" and getattr(args, "format", "table") in ("csv", "json"):
        from dashboard.cli.common import record

        detail = " ".join(
            f"{k}={v}"
            for k in ("period", "unit", "by", "format")
            if (v := getattr(args, k, None)) not in (None, False)
        )
        record("export", f"metrics {args.subject} {detail}")


def _acting_user(name: str | None):  # noqa: ANN202
    if not name:
        return None
    user = load_users().get(name)
    if user is None or user.disabled:
        state = "no" if user is None else "disabled"
        raise AuthError(f"{state} user {name!r} in {settings.get('OVERSIGHT_USERS_FILE')}")
    return user


# What an ``--as`` user needs for a command: the page it mirrors, or a right.
_METRIC_PAGES = {
    "on-time": "on_time",
    "satisfaction": "satisfaction",
    "rollout": "rollout",
    "dialogue": "dialogue",
    "due-soon": "on_time",
    "index766": "index766",
}


def _check_rights(user, args) -> None:  # noqa: ANN001
    if user is None:
        return
    cmd = args.command
    if cmd == "metrics" and not user.may_open(_METRIC_PAGES.get(args.subject, args.subject)):
        raise AuthError(f"{user.username} ({user.role}) may not see {args.subject} figures")
    if cmd == "metrics" and getattr(args, "petitions", False) and not user.may_open("dialogue"):
        raise AuthError(f"{user.username} ({user.role}) may not see dialogue petitions")
    if cmd == "pack" and not user.may_export:
        raise AuthError(f"{user.username} ({user.role}) may not export")
    if cmd == "directive":
        if args.directive_command == "list" and not user.may_open("directives"):
            raise AuthError(f"{user.username} ({user.role}) may not see directives")
        if args.directive_command in ("add", "update") and not user.may_direct:
            raise AuthError(f"{user.username} ({user.role}) may not record directives")
    if cmd in ("import", "template") and not user.may_import:
        raise AuthError(f"{user.username} ({user.role}) may not import")
    if (
        cmd in ("user", "db-roles", "seed", "init-db", "registers", "audit")
        and user.role != "admin"
    ):
        raise AuthError(f"{user.username} ({user.role}) may not run {cmd}")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="oversight", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="with an error, also print its technical detail",
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
