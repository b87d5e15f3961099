"""``oversight``: everything the dashboard does, without a browser.

    oversight init-db                       create or migrate the database
    oversight seed [--scale N] [--seed S]   fill an empty database with sample data
    oversight serve [--port P]              start the dashboard (creates and seeds on first run)
    oversight metrics on-time --period 2024-Q1 [--unit CODE] [--by unit|field|channel|month]
                      [--historical] [--format table|json|csv]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from dashboard import settings
from dashboard.auth import ROLES, AuthError, add_user, ensure_admin, load_users
from dashboard.db import DatabaseUnavailable, check_connection, get_engine, is_empty, migrate
from dashboard.periods import PeriodError, parse
from queries.units import ScopeDenied, UnknownUnit, restricted


class CliError(Exception):
    """A user mistake: printed as one line, exit code 2."""


# The user an ``--as USER`` run acts for: every query is restricted to their units.
_acting: dict[str, object] = {"user": None}


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        _acting["user"] = _acting_user(args.as_user)
        _check_rights(_acting["user"], args)
        return args.func(args) or 0
    except (CliError, PeriodError) as exc:
        print(f"oversight: {exc}", file=sys.stderr)
        return 2
    except UnknownUnit as exc:
        print(f"oversight: unknown unit code {exc.args[0]!r} (see `oversight units`)",
              file=sys.stderr)
        return 2
    except DatabaseUnavailable as exc:
        print(f"oversight: the database cannot be reached: {exc}", file=sys.stderr)
        return 3
    except ScopeDenied as exc:
        print(f"oversight: unit {exc.args[0]!r} is outside the scope of {args.as_user!r}",
              file=sys.stderr)
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
_METRIC_PAGES = {"on-time": "on_time", "satisfaction": "satisfaction", "rollout": "rollout",
                 "dialogue": "dialogue"}


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
    if cmd in ("user", "db-roles", "seed", "init-db") and user.role != "admin":
        raise AuthError(f"{user.username} ({user.role}) may not run {cmd}")


def acting_user():  # noqa: ANN201
    """The user of ``--as``, or None for the operator (shell access is database access)."""
    return _acting["user"]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="oversight", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--as", dest="as_user", metavar="USER",
                   help="act as this user of the users file: only their units, their rights")
    sub = p.add_subparsers(required=True, dest="command")

    s = sub.add_parser("init-db", help="create or migrate the database (DATABASE_URL)")
    s.set_defaults(func=cmd_init_db)

    s = sub.add_parser("seed", help="fill an empty database with deterministic sample data")
    s.add_argument("--scale", type=int, default=int(settings.get("OVERSIGHT_SEED_SCALE")),
                   help="number of dossiers (default %(default)s)")
    s.add_argument("--seed", type=int, default=42, help="random seed (default %(default)s)")
    s.set_defaults(func=cmd_seed)

    s = sub.add_parser("serve", help="start the dashboard; creates and seeds the database first")
    s.add_argument("--port", type=int, default=8501)
    s.add_argument("--headless", action="store_true", help="do not open a browser")
    s.set_defaults(func=cmd_serve)

    s = sub.add_parser("user", help="manage local users (the users file)")
    usub = s.add_subparsers(required=True, dest="user_command")
    a = usub.add_parser("add", help="add or replace a user; the password is read from stdin")
    a.add_argument("name")
    a.add_argument("--role", required=True, choices=sorted(ROLES))
    a.add_argument("--unit", help="province or commune code (leaders)")
    a.add_argument("--email", help="e-mail for OpenID Connect sign-in (then no password)")
    a.set_defaults(func=cmd_user_add)
    ls = usub.add_parser("list", help="list users (no password hashes)")
    ls.set_defaults(func=cmd_user_list)

    s = sub.add_parser("db-roles", help="PostgreSQL: create a read-only role for the "
                                        "dashboard and a writing role for imports")
    s.add_argument("--reader", default="oversight_reader")
    s.add_argument("--writer", default="oversight_writer")
    s.set_defaults(func=cmd_db_roles)

    s = sub.add_parser("units", help="list unit codes")
    s.add_argument("--historical", action="store_true", help="pre-July-2025 units")
    s.set_defaults(func=cmd_units)

    m = sub.add_parser("metrics", help="print the figures a page shows")
    msub = m.add_subparsers(required=True, dest="subject")
    o = msub.add_parser("on-time", help="on-time rate, counts, online share, backlog")
    o.add_argument("--period", required=True, help="2024, 2024-Q1, 2024-03 or 2024-01-01..2024-03-31")
    o.add_argument("--official", action="store_true",
                   help="use the 15th-to-14th reporting period of the same name")
    o.add_argument("--unit", help="unit code (default: every unit)")
    o.add_argument("--by", choices=["unit", "field", "channel", "month"])
    o.add_argument("--historical", action="store_true", help="units as they were, not today's")
    o.add_argument("--format", choices=["table", "json", "csv"], default="table")
    o.set_defaults(func=cmd_metrics_on_time)
    # Other subjects register their own `metrics` subcommands and top-level commands.
    from importlib import import_module

    for name in CLI_MODULES:
        import_module(name).register(sub, msub)
    return p


# Modules with a ``register(commands, metrics_commands)`` function, one per subject.
CLI_MODULES: tuple[str, ...] = (
    "dashboard.cli_satisfaction",
    "dashboard.cli_dialogue",
    "dashboard.cli_rollout",
    "dashboard.cli_pack",
    "dashboard.cli_import",
)


def _engine():
    """The engine, restricted to the acting user's units when ``--as`` is given."""
    engine = get_engine()
    check_connection(engine)
    user = acting_user()
    return restricted(engine, user.unit) if user is not None else engine


def cmd_user_add(args) -> int:  # noqa: ANN001
    password = None
    if not args.email:
        password = sys.stdin.readline().rstrip("\n")
    user = add_user(args.name, args.role, args.unit, password, args.email)
    print(f"user {user.username}: role {user.role}, unit {user.unit or '*'}")
    return 0


def cmd_user_list(args) -> int:  # noqa: ANN001
    for u in load_users().values():
        print(f"{u.username:20} {u.role:16} {u.unit or '*':8} {u.email or ''}")
    return 0


def cmd_db_roles(args) -> int:  # noqa: ANN001
    from dashboard.db import create_pg_roles

    engine = get_engine()
    check_connection(engine)
    if engine.dialect.name != "postgresql":
        raise CliError("db-roles is for PostgreSQL; the embedded SQLite file has no roles")
    create_pg_roles(engine, args.reader, args.writer)
    print(f"roles ready: {args.reader} (read only) and {args.writer} (imports); set their "
          "passwords with ALTER ROLE … PASSWORD, then point DATABASE_URL at the reader and "
          "OVERSIGHT_IMPORT_DATABASE_URL at the writer")
    return 0


def cmd_init_db(args) -> int:  # noqa: ANN001
    engine = _engine()
    migrate(engine)
    print("database ready:", engine.url.render_as_string(hide_password=True))
    return 0


def cmd_seed(args) -> int:  # noqa: ANN001
    from sample_data.generator import seed_database

    engine = _engine()
    migrate(engine)
    if not is_empty(engine):
        raise CliError("the database already holds data; seed only fills an empty one")
    t0 = time.perf_counter()
    counts = seed_database(engine, scale=args.scale, seed=args.seed)
    for table, n in counts.items():
        print(f"{table:24} {n:>12,}")
    print(f"seeded in {time.perf_counter() - t0:.1f} s")
    return 0


def cmd_serve(args) -> int:  # noqa: ANN001
    from dashboard.db import ensure_ready

    engine = _engine()
    if ensure_ready(engine):
        print("sample data seeded into", engine.url.render_as_string(hide_password=True))
    if settings.get("OVERSIGHT_AUTH") == "local" and (password := ensure_admin()):
        print("\n  Tài khoản quản trị / administrator account created:\n"
              f"    user: admin   password: {password}\n"
              "  (shown once; add more users with `oversight user add`)\n")
    app = Path(__file__).resolve().parent / "app.py"
    cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(args.port)]
    if args.headless:
        cmd += ["--server.headless", "true"]
    return subprocess.call(cmd, env=os.environ.copy())


def cmd_units(args) -> int:  # noqa: ANN001
    from queries.units import all_units

    with _engine().connect() as conn:
        df = all_units(conn)
    df = df[df.valid_to.notna()] if args.historical else df[df.valid_to.isna()]
    print(df[["code", "name", "level", "parent_name"]].to_string(index=False))
    return 0


def cmd_metrics_on_time(args) -> int:  # noqa: ANN001
    from queries import on_time

    period = parse(args.period, "official" if args.official else "calendar")
    scope = on_time.Scope(unit_code=args.unit, historical=args.historical)
    with _engine().connect() as conn:
        if args.by:
            df = on_time.counts(conn, period, scope, by=args.by)
            df = on_time.named(conn, df, args.by)
            keep = {"unit": ["code", "name"], "field": ["code", "name_vi"],
                    "channel": ["channel"], "month": ["month"]}[args.by]
            bl = (on_time.backlog(conn, period.end, scope, by=args.by)
                  if args.by in ("unit", "field") else None)
            key = {"unit": "unit_id", "field": "field_id"}.get(args.by)
            if bl is not None and not df.empty:
                df = df.merge(bl, on=key, how="left")
            cols = keep + _FIGURE_COLUMNS + (
                ["pending_within", "pending_overdue"] if bl is not None else [])
            out = df.reindex(columns=cols)
        else:
            df = on_time.counts(conn, period, scope)
            bl = on_time.backlog(conn, period.end, scope)
            out = pd.concat([df[_FIGURE_COLUMNS], bl[["pending_within", "pending_overdue"]]],
                            axis=1)
            out.insert(0, "period", period.label)
            out.insert(1, "unit", args.unit or "*")
    _print(out, args.format)
    return 0


_FIGURE_COLUMNS = [
    "resolved", "early", "on_time", "late", "on_time_rate", "received", "received_online",
    "online_share", "apology_share", "avg_processing_days",
]


def _print(df: pd.DataFrame, fmt: str) -> None:
    df = df.copy()
    for c in df.columns:
        if df[c].dtype.kind == "f":
            df[c] = df[c].round(2)
    if fmt == "json":
        print(json.dumps(json.loads(df.to_json(orient="records", date_format="iso",
                                                force_ascii=False)),
                         ensure_ascii=False, indent=2))
    elif fmt == "csv":
        sys.stdout.write(df.to_csv(index=False))
    else:
        print(df.to_string(index=False))


if __name__ == "__main__":
    raise SystemExit(main())
