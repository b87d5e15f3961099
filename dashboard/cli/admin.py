"""``oversight init-db | seed | serve | user | db-roles | units``: setting up and looking after
the database, the users and the server."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from dashboard.access import sessions
from dashboard.access.users import (
    ROLES,
    add_user,
    ensure_admin,
    load_users,
    remove_user,
    set_disabled,
    set_password,
)
from dashboard.cli.common import CliError, engine, record
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
        help="what the reference registers hold (units, departments, catalogue, models, holidays)",
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
    s.add_argument(
        "--address",
        help="address to listen on (default: every address; 127.0.0.1 with OVERSIGHT_AUTH=none)",
    )
    s.add_argument("--headless", action="store_true", help="do not open a browser")
    s.set_defaults(func=cmd_serve)

    s = commands.add_parser(
        "refresh-day",
        help="count today's backlog per unit for the running period's pages (run after midnight)",
    )
    s.set_defaults(func=cmd_refresh_day)

    s = commands.add_parser("user", help="manage local users (the users file)")
    usub = s.add_subparsers(required=True, dest="user_command")
    a = usub.add_parser("add", help="add or replace a user; the password is read from stdin")
    a.add_argument("name")
    # Checked by add_user (not argparse choices) so the refusal lists the roles in one line.
    a.add_argument("--role", required=True, help=f"one of: {', '.join(ROLES)}")
    a.add_argument("--unit", help="province or commune code (leaders; limits a data officer)")
    a.add_argument("--email", help="e-mail for OpenID Connect sign-in (then no password)")
    a.set_defaults(func=cmd_user_add)
    pw = usub.add_parser(
        "passwd", help="set a new password (read from stdin); ends the user's sessions"
    )
    pw.add_argument("name")
    pw.set_defaults(func=cmd_user_passwd)
    d = usub.add_parser("disable", help="refuse sign-in and end the user's sessions at once")
    d.add_argument("name")
    d.set_defaults(func=cmd_user_disable)
    e = usub.add_parser("enable", help="allow a disabled user to sign in again")
    e.add_argument("name")
    e.set_defaults(func=cmd_user_enable)
    r = usub.add_parser("remove", help="delete a user and end their sessions at once")
    r.add_argument("name")
    r.set_defaults(func=cmd_user_remove)
    u = usub.add_parser("unlock", help="clear a username's failed sign-ins and lock")
    u.add_argument("name")
    u.set_defaults(func=cmd_user_unlock)
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


def _unit_codes() -> dict[str, str]:
    """Every unit code in the database with its level: a user's unit must be one of them,
    and a leader's unit of the level they lead."""
    from sqlalchemy import select

    from dashboard.storage.schema import admin_unit

    eng = get_engine()
    check_connection(eng)
    with eng.connect() as conn:
        return dict(conn.execute(select(admin_unit.c.code, admin_unit.c.level)).all())


def _provinces() -> list[str]:
    """Today's provinces as "code name", for a refusal that lists the valid units."""
    from sqlalchemy import select

    from dashboard.storage.schema import admin_unit as u

    with get_engine().connect() as conn:
        rows = conn.execute(
            select(u.c.code, u.c.name)
            .where(u.c.level == "province", u.c.valid_to.is_(None))
            .order_by(u.c.code)
        ).all()
    return [f"{code} {name}" for code, name in rows]


def _read_password() -> str:
    return sys.stdin.readline().rstrip("\n")


def cmd_user_add(args) -> int:  # noqa: ANN001
    from dashboard.access.users import check_role_and_unit

    check_role_and_unit(args.role, args.unit, None)  # a wrong role is said before the database
    password = None
    if not args.email:
        password = _read_password()
    existed = args.name in load_users()
    known = _unit_codes()
    user = add_user(
        args.name,
        args.role,
        args.unit,
        password,
        args.email,
        known_units=known,
        provinces=_provinces() if args.unit and args.unit not in known else (),
    )
    if existed:  # replaced: a new role, unit or password must not ride on old sessions
        sessions.end_user(get_engine(), user.username)
    record(
        "user_add",
        f"user={user.username} role={user.role} unit={user.unit or '*'}"
        + (" (replaced)" if existed else ""),
    )
    print(f"user {user.username}: role {user.role}, unit {user.unit or '*'}")
    return 0


def _db():  # noqa: ANN202
    """The database, reachable, before the users file changes: a change whose sessions could
    not be ended must not happen half."""
    eng = get_engine()
    check_connection(eng)
    return eng


def cmd_user_passwd(args) -> int:  # noqa: ANN001
    eng = _db()
    user = set_password(args.name, _read_password())
    n = sessions.end_user(eng, user.username)
    record("user_passwd", f"user={user.username} sessions_ended={n}")
    print(f"user {user.username}: new password; {n} session(s) ended")
    return 0


def cmd_user_disable(args) -> int:  # noqa: ANN001
    eng = _db()
    user = set_disabled(args.name, True)
    n = sessions.end_user(eng, user.username)
    record("user_disable", f"user={user.username} sessions_ended={n}")
    print(f"user {user.username}: disabled; {n} session(s) ended")
    return 0


def cmd_user_enable(args) -> int:  # noqa: ANN001
    user = set_disabled(args.name, False)
    record("user_enable", f"user={user.username}")
    print(f"user {user.username}: enabled")
    return 0


def cmd_user_remove(args) -> int:  # noqa: ANN001
    eng = _db()
    user = remove_user(args.name)
    n = sessions.end_user(eng, user.username)
    record("user_remove", f"user={user.username} sessions_ended={n}")
    print(f"user {user.username}: removed; {n} session(s) ended")
    return 0


def cmd_user_unlock(args) -> int:  # noqa: ANN001
    from dashboard.access import attempts

    n = attempts.unlock(get_engine(), args.name)
    record("user_unlock", f"user={args.name}")
    print(f"user {args.name}: {'unlocked' if n else 'was not locked'}")
    return 0


def cmd_user_list(args) -> int:  # noqa: ANN001
    for u in load_users().values():
        state = "disabled" if u.disabled else ""
        print(f"{u.username:20} {u.role:16} {u.unit or '*':8} {u.email or '':30} {state}".rstrip())
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
    from dashboard.storage.partitions import premake_partitions
    from dashboard.storage.registers import load_registers

    eng = engine(ready=False)
    migrate(eng)
    t0 = time.perf_counter()
    with eng.begin() as conn:
        done = load_registers(conn)
    _print_loaded(done)
    with eng.begin() as conn:
        made = premake_partitions(conn, settings.today())
    if made:
        print("dossier partitions made ahead:", ", ".join(made))
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


def cmd_refresh_day(args) -> int:  # noqa: ANN001, ARG001
    """Every import's refresh counts the backlog at the end of its day; a day without an import
    would have the pages count it from the dossier rows. Run after midnight (deploy/systemd's
    oversight-refresh-day.timer), it counts today's, and moves the data version so that every
    dashboard process reads it at once."""
    from dashboard.storage.db import bump_data_version
    from dashboard.storage.rollups import refresh_backlog_day

    eng = engine(write=True)
    day = settings.today()
    t0 = time.perf_counter()
    with eng.begin() as conn:
        units = refresh_backlog_day(conn, day)
        bump_data_version(conn)
    print(
        f"backlog at the end of {day:%d/%m/%Y} counted: {units:,} units and departments "
        f"({time.perf_counter() - t0:.1f} s)"
    )
    return 0


def cmd_serve(args) -> int:  # noqa: ANN001
    from dashboard.storage.db import ensure_ready
    from dashboard.storage.settings import open_demo_refusal

    address = args.address
    if settings.get("OVERSIGHT_AUTH") == "none" and address is None:
        address = "127.0.0.1"  # the demo without sign-in stays on this machine
    if reason := open_demo_refusal(address):
        raise CliError(reason)
    eng = engine(ready=False)  # serve creates and seeds a missing database (make run)
    if ensure_ready(eng):
        print("sample data seeded into", eng.url.render_as_string(hide_password=True))
    if settings.get("OVERSIGHT_AUTH") == "local" and (password := ensure_admin()):
        print(
            "\n  Tài khoản quản trị / administrator account created:\n"
            f"    user: admin   password: {password}\n"
            "  (shown once; add more users with `oversight user add`)\n"
        )
    # The Streamlit app behind the sign-in routes (dashboard/web/server.py).
    app = Path(__file__).resolve().parents[1] / "web" / "server.py"
    cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(args.port)]
    if address:
        cmd += ["--server.address", address]
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
