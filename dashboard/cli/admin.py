"""``oversight init-db | seed | serve | user | db-roles | units``: setting up and looking after
the database, the users and the server."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from dashboard.access.users import ROLES, add_user, ensure_admin, load_users
from dashboard.cli.common import CliError, engine
from dashboard.storage import settings
from dashboard.storage.db import check_connection, get_engine, has_records, migrate


def register(commands, metrics_commands) -> None:  # noqa: ANN001, ARG001 - argparse
    s = commands.add_parser(
        "init-db",
        help="create or migrate the database (DATABASE_URL) and load the reference registers",
    )
    s.set_defaults(func=cmd_init_db)

    s = commands.add_parser(
        "registers",
        help="what the reference registers hold (units, departments, catalogue, holidays)",
    )
    s.add_argument(
        "action",
        nargs="?",
        choices=["show", "refresh"],
        default="show",
        help="refresh: load again after a package update (adds and updates, never deletes)",
    )
    s.set_defaults(func=cmd_registers)

    s = commands.add_parser("seed", help="fill an empty database with deterministic sample data")
    s.add_argument(
        "--scale",
        type=int,
        default=int(settings.get("OVERSIGHT_SEED_SCALE")),
        help="number of dossiers (default %(default)s)",
    )
    s.add_argument("--seed", type=int, default=42, help="random seed (default %(default)s)")
    s.set_defaults(func=cmd_seed)

    s = commands.add_parser(
        "serve", help="start the dashboard; creates and seeds the database first"
    )
    s.add_argument("--port", type=int, default=8501)
    s.add_argument("--headless", action="store_true", help="do not open a browser")
    s.set_defaults(func=cmd_serve)

    s = commands.add_parser("user", help="manage local users (the users file)")
    usub = s.add_subparsers(required=True, dest="user_command")
    a = usub.add_parser("add", help="add or replace a user; the password is read from stdin")
    a.add_argument("name")
    a.add_argument("--role", required=True, choices=sorted(ROLES))
    a.add_argument("--unit", help="province or commune code (leaders)")
    a.add_argument("--email", help="e-mail for OpenID Connect sign-in (then no password)")
    a.set_defaults(func=cmd_user_add)
    ls = usub.add_parser("list", help="list users (no password hashes)")
    ls.set_defaults(func=cmd_user_list)

    s = commands.add_parser(
        "db-roles",
        help="PostgreSQL: create a read-only role for the dashboard and a writing role for imports",
    )
    s.add_argument("--reader", default="oversight_reader")
    s.add_argument("--writer", default="oversight_writer")
    s.set_defaults(func=cmd_db_roles)

    s = commands.add_parser("units", help="list unit codes")
    s.add_argument("--historical", action="store_true", help="pre-July-2025 units")
    s.set_defaults(func=cmd_units)


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
    from dashboard.storage.db import create_pg_roles

    eng = get_engine()
    check_connection(eng)
    if eng.dialect.name != "postgresql":
        raise CliError("db-roles is for PostgreSQL; the embedded SQLite file has no roles")
    create_pg_roles(eng, args.reader, args.writer)
    print(
        f"roles ready: {args.reader} (read only) and {args.writer} (imports); set their "
        "passwords with ALTER ROLE … PASSWORD, then point DATABASE_URL at the reader and "
        "OVERSIGHT_IMPORT_DATABASE_URL at the writer"
    )
    return 0


def cmd_init_db(args) -> int:  # noqa: ANN001
    from dashboard.storage.registers import load_registers

    eng = engine(ready=False)
    migrate(eng)
    t0 = time.perf_counter()
    with eng.begin() as conn:
        done = load_registers(conn)
    _print_loaded(done)
    print(
        f"database ready ({time.perf_counter() - t0:.1f} s):",
        eng.url.render_as_string(hide_password=True),
    )
    return 0


def _print_loaded(done: dict) -> None:
    for name, n in done.items():
        print(f"{name:12} {n['rows']:>8,} rows  (+{n['added']:,} added, {n['updated']:,} updated)")


def cmd_registers(args) -> int:  # noqa: ANN001
    from dashboard.storage.registers import load_registers, status

    eng = engine()
    if args.action == "refresh":
        with eng.begin() as conn:
            _print_loaded(load_registers(conn))
    with eng.connect() as conn:
        rows = status(conn)
    for r in rows:
        print(
            f"{r['register']:12} {r['rows']:>8,} rows  version {r['version']:<22} "
            f"loaded {r['loaded_at']}\n{'':12} source: {r['source']}"
        )
    return 0


def cmd_seed(args) -> int:  # noqa: ANN001
    from sample_data.generator import seed_database

    eng = engine(ready=False)
    migrate(eng)
    if has_records(eng):
        raise CliError("the database already holds data; seed only fills an empty one")
    t0 = time.perf_counter()
    counts = seed_database(eng, scale=args.scale, seed=args.seed)
    for table, n in counts.items():
        print(f"{table:24} {n:>12,}")
    print(f"seeded in {time.perf_counter() - t0:.1f} s")
    return 0


def cmd_serve(args) -> int:  # noqa: ANN001
    from dashboard.storage.db import ensure_ready

    eng = engine()
    if ensure_ready(eng):
        print("sample data seeded into", eng.url.render_as_string(hide_password=True))
    if settings.get("OVERSIGHT_AUTH") == "local" and (password := ensure_admin()):
        print(
            "\n  Tài khoản quản trị / administrator account created:\n"
            f"    user: admin   password: {password}\n"
            "  (shown once; add more users with `oversight user add`)\n"
        )
    app = Path(__file__).resolve().parents[1] / "app.py"
    cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(args.port)]
    if args.headless:
        cmd += ["--server.headless", "true"]
    return subprocess.call(cmd, env=os.environ.copy())


def cmd_units(args) -> int:  # noqa: ANN001
    from queries.units import all_units

    with engine().connect() as conn:
        df = all_units(conn)
    if df.empty:
        raise CliError("no units to list: run `oversight init-db`")
    df = df[df.valid_to.notna()] if args.historical else df[df.valid_to.isna()]
    print(df[["code", "name", "level", "parent_name"]].to_string(index=False))
    return 0
