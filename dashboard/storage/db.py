"""The one place that owns the database connection and its migrations."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, func, make_url, select

from dashboard.storage import settings

ALEMBIC_INI = Path(__file__).resolve().parent / "alembic.ini"


class DatabaseUnavailable(RuntimeError):
    """The database cannot be used; pages show one friendly message instead of a trace, the
    command line one line. ``kind``: unreachable, misconfigured, not_migrated or sqlite_folder.
    ``str(exc)`` is the technical detail: for the server log and ``oversight -v``, never for a
    page (it may name a host, a port or a path)."""

    def __init__(self, detail: str, kind: str = "unreachable") -> None:
        super().__init__(detail)
        self.kind = kind

    @property
    def hint(self) -> str:
        """One line for the command line, without the technical detail."""
        return {
            "unreachable": "the database cannot be reached (is it running? is DATABASE_URL right?)",
            "misconfigured": "DATABASE_URL is not a database address this dashboard can use",
            "not_migrated": "the database has no tables yet or an old schema: run `oversight init-db`",
            "sqlite_folder": "the folder of the SQLite file in DATABASE_URL does not exist",
        }[self.kind]


def diagnose(exc: BaseException) -> DatabaseUnavailable:
    """What a database error means to a user (already classified errors pass through)."""
    from sqlalchemy.exc import (
        ArgumentError,
        InterfaceError,
        NoSuchModuleError,
        OperationalError,
        ProgrammingError,
    )

    if isinstance(exc, DatabaseUnavailable):
        return exc
    detail = (str(getattr(exc, "orig", None) or exc).splitlines() or [type(exc).__name__])[0]
    text = detail.lower()
    missing_table = (
        "no such table" in text
        or ("relation" in text and "does not exist" in text)
        or "undefinedtable" in type(getattr(exc, "orig", exc)).__name__.lower()
    )
    if isinstance(exc, OperationalError | ProgrammingError) and missing_table:
        kind = "not_migrated"
    elif isinstance(exc, ArgumentError | NoSuchModuleError | ValueError | ImportError):
        kind = "misconfigured"
    elif isinstance(exc, OperationalError | InterfaceError | OSError):
        kind = "unreachable"
    else:
        kind = "unreachable"
    out = DatabaseUnavailable(detail, kind)
    out.__cause__ = exc
    return out


class IdArray:
    """A list of integer ids bound as one PostgreSQL ``integer[]`` parameter, its text form
    made once (``queries.units.in_ids``: a scope's unit ids, ~470 for a province, go with
    most statements of a page). psycopg's list dumper handled each id in Python on every
    execution (~0.2 ms a statement, some 5 ms of the on-time page at 10M dossiers); this one
    hands over the bytes made when the list was built. The statement sees the same constant
    array, and plans alike."""

    __slots__ = ("ids", "text")

    def __init__(self, ids) -> None:  # noqa: ANN001 - any iterable of ints
        self.ids = tuple(int(i) for i in ids)
        self.text = ("{" + ",".join(map(str, self.ids)) + "}").encode()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, IdArray) and other.ids == self.ids

    def __hash__(self) -> int:
        return hash(self.ids)

    def __repr__(self) -> str:
        return f"IdArray({list(self.ids)!r})"


def _register_id_array() -> None:
    """psycopg's dumper for ``IdArray``, for every connection made after this module loads
    (every engine is made here)."""
    try:
        import psycopg
        from psycopg.adapt import Dumper
        from psycopg.postgres import types
    except ImportError:  # SQLite only: nothing to register
        return

    class IdArrayDumper(Dumper):
        oid = types["int4"].array_oid

        def dump(self, obj: IdArray) -> bytes:
            return obj.text

    psycopg.adapters.register_dumper(IdArray, IdArrayDumper)


_register_id_array()


def make_engine(url: str | None = None) -> Engine:
    url = url or settings.database_url()
    try:
        if url.startswith("sqlite"):
            return _sqlite_engine(url)
        return create_engine(url, pool_pre_ping=True, connect_args=_pg_connect_args(url))
    except DatabaseUnavailable:
        raise
    except Exception as exc:  # a malformed URL, an unknown driver: one clear message
        raise diagnose(exc) from exc


# Session settings of every PostgreSQL connection (see _pg_connect_args).
PG_SESSION_OPTIONS = "-c jit=off -c max_parallel_workers_per_gather=0"


def _pg_connect_args(url: str) -> dict:
    """PostgreSQL sessions without JIT compilation and without parallel workers.

    The dashboard's statements are many small ones over ~70 monthly partitions: their
    estimated cost passes jit_above_cost, and compiling the expressions of every partition's
    scan took 2.3 s of a 2.5 s query ("who holds what is late", 10M dossiers; 114 ms without).
    Their estimated costs also pass the parallel thresholds: workers started for statements
    of a few milliseconds made the service index page slower (30 passes at 10M dossiers on a
    quiet machine: 130 -> 117 ms a page), and with many leaders at once they take the cores
    other pages are waiting for. The rollup refresh of an import is the same either way
    (1.6-1.9 s for a month, 10.8-11.2 s for six, at 10M). Options the URL sets are kept."""
    from sqlalchemy.engine import make_url

    given = make_url(url).query.get("options")
    given = given[-1] if isinstance(given, tuple) else given
    options = f"{given} {PG_SESSION_OPTIONS}" if given else PG_SESSION_OPTIONS
    return {"connect_timeout": 5, "options": options}


def _sqlite_engine(url: str) -> Engine:
    path = url.split("///", 1)[-1].split("?", 1)[0]
    if path and path != ":memory:":
        folder = Path(path).parent
        if not folder.is_dir():
            # The embedded default makes its own folder (data/); any other path must exist: a
            # typing mistake in DATABASE_URL must not create and seed a new database elsewhere.
            if Path(path).resolve() == settings.DEFAULT_SQLITE_PATH.resolve():
                folder.mkdir(parents=True, exist_ok=True)
            else:
                raise DatabaseUnavailable(f"no such folder: {folder}", "sqlite_folder")
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_conn, _record):  # noqa: ANN001
        cur = dbapi_conn.cursor()
        cur.execute("pragma foreign_keys = on")
        cur.execute("pragma journal_mode = wal")
        cur.execute("pragma synchronous = normal")
        cur.close()

    return engine


def get_engine(url: str | None = None) -> Engine:
    """One engine per URL for the process (the URL is read from the settings each call)."""
    return _engine_for(url or settings.database_url())


def writer_engine() -> Engine:
    """The engine every write of records goes through (imports, directives):
    OVERSIGHT_IMPORT_DATABASE_URL (on PostgreSQL the writing role of ``oversight db-roles``)
    when set, else the dashboard's database."""
    try:
        url = settings.get("OVERSIGHT_IMPORT_DATABASE_URL")
    except KeyError:
        url = ""
    for old, new in (
        ("postgres://", "postgresql+psycopg://"),
        ("postgresql://", "postgresql+psycopg://"),
    ):
        if url.startswith(old):
            url = new + url[len(old) :]
    return get_engine(url or None)


@lru_cache(maxsize=8)
def _engine_for(url: str) -> Engine:
    return make_engine(url)


_page_connections: ContextVar[dict | None] = ContextVar("oversight_page_connections", default=None)


@contextmanager
def one_connection() -> Iterator[None]:
    """Inside, ``connect`` hands all the reads of one page run one connection per engine:
    one checkout (and one pre-ping) instead of one per query call, and on PostgreSQL one
    transaction. That transaction keeps the share locks its first statements took on the
    dossier partitions, the rollups and their indexes for the page's later statements,
    instead of taking them again call after call (the on-time page and the overview at 10M
    dossiers: 4-11 ms less a page, ``bench/results/SCALING.md``); a page's run holds them
    about as long as its slowest call did before (a few hundred milliseconds), and they
    block no import (imports add rows and take no lock that waits for a reader). At the end
    the connection is rolled back (it only read) and returned."""
    token = _page_connections.set({})
    try:
        yield
    finally:
        conns = _page_connections.get() or {}
        _page_connections.reset(token)
        for conn in conns.values():
            conn.close()


@contextmanager
def connect(engine: Engine) -> Iterator[Connection]:
    """A connection of ``engine`` to read through: the page run's (``one_connection``), made
    at its first use, else a new one closed after. A call that fails takes its connection
    out of the page (on PostgreSQL a failed statement ends the transaction): the next call
    gets a fresh one."""
    conns = _page_connections.get()
    if conns is None:
        with engine.connect() as conn:
            yield conn
        return
    # A restricted engine (a user's scope, queries.units.restricted) is its own key.
    key = (
        engine.url.render_as_string(hide_password=False),
        tuple(sorted(engine.get_execution_options().items())),
    )
    conn = conns.get(key)
    if conn is None or conn.closed or conn.invalidated:
        conn = conns[key] = engine.connect()
    try:
        yield conn
    except Exception:
        conns.pop(key, None)
        conn.close()
        raise


def alembic_config() -> Config:
    return Config(str(ALEMBIC_INI))


def migrate(engine: Engine) -> None:
    """Create or upgrade the schema to the newest Alembic revision."""
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def is_empty(engine: Engine) -> bool:
    from dashboard.storage.schema import admin_unit

    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(admin_unit)).scalar_one() == 0


def has_records(engine: Engine) -> bool:
    """Whether anything was imported or seeded (registers alone are not records)."""
    from dashboard.storage.schema import import_batch

    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(import_batch)).scalar_one() > 0


def ensure_ready(engine: Engine, scale: int | None = None, seed: int = 42) -> bool:
    """Migrate; on a brand-new database (no units, no registers, no records) load the
    registers and seed sample data. Returns True when it seeded.

    Used by ``oversight serve`` and the first page load so that ``make run`` needs no other
    step. A database set up with ``oversight init-db`` is never seeded: a deployment's empty
    database stays empty until its own imports."""
    migrate(engine)
    if not is_empty(engine) or has_records(engine):
        return False
    from dashboard.storage.registers import load_registers
    from sample_data.generator import seed_database

    with engine.begin() as conn:
        load_registers(conn)
    seed_database(engine, scale=scale or int(settings.get("OVERSIGHT_SEED_SCALE")), seed=seed)
    return True


def check_connection(engine: Engine) -> None:
    try:
        with connect(engine) as conn:  # in a page run, the connection its queries read through
            conn.exec_driver_sql("select 1")
    except Exception as exc:  # any driver error means the same thing to a user
        raise diagnose(exc) from exc


def create_pg_roles(engine: Engine, reader: str, writer: str) -> None:
    """A read-only role for the dashboard and a writing role for imports (PostgreSQL).

    The dashboard reads through ``reader``: it may read every table, keep sign-in sessions and
    attempt counts, and add audit events only through ``audit_append`` (which stamps the
    time). Imports and directives write through ``writer`` (directives and their notes are
    never deleted, notes never changed). Neither may insert, change or delete audit rows
    directly. Tables the owner creates later get the same rights (default privileges). Role
    names are identifiers, quoted by psycopg, never formatted in. Running it again is safe and
    brings older grants up to date.
    """
    from psycopg import sql

    statements = [
        sql.SQL("create role {} login").format(sql.Identifier(reader)),
        sql.SQL("create role {} login").format(sql.Identifier(writer)),
    ]
    grants = [
        "grant usage on schema public to {r}, {w}",
        "grant select on all tables in schema public to {r}, {w}",
        "grant insert, update, delete on all tables in schema public to {w}",
        "grant usage, select on all sequences in schema public to {w}",
        "grant select, insert, update, delete on user_session, login_throttle to {r}, {w}",
        # The audit trail: through the function only, for everyone.
        "revoke insert, update, delete, truncate on audit_event from {r}, {w}",
        "revoke usage on sequence audit_event_id_seq from {r}",
        "grant execute on function audit_append(text, text, text, text, text) to {r}, {w}",
        # Directives: written by the writing role only, never deleted (triggers refuse it for
        # the owner too); notes are never changed.
        "revoke delete, truncate on directive, directive_note from {r}, {w}",
        "revoke update on directive_note from {r}, {w}",
        # Imports add the months they write to the partitioned dossier table (issue 18).
        "grant execute on function dossier_add_partition(date) to {w}",
        # Tables the owner makes later (a migration's new table, a rollup rebuilt) carry the
        # same rights, without running db-roles again.
        "alter default privileges in schema public grant select on tables to {r}, {w}",
        "alter default privileges in schema public grant insert, update, delete on tables to {w}",
        "alter default privileges in schema public grant usage, select on sequences to {w}",
    ]
    with engine.begin() as conn:
        raw = conn.connection.driver_connection
        with raw.cursor() as cur:
            for name, stmt in zip((reader, writer), statements, strict=True):
                cur.execute("select 1 from pg_roles where rolname = %s", (name,))
                if cur.fetchone() is None:
                    cur.execute(stmt)
            for g in grants:
                cur.execute(sql.SQL(g).format(r=sql.Identifier(reader), w=sql.Identifier(writer)))


def bump_data_version(conn) -> None:  # noqa: ANN001 - a Connection
    """Move the data version on (issue 18): called in the transaction of every import, seed and
    register load, so the caches of every dashboard process key their figures afresh."""
    from datetime import datetime

    from sqlalchemy import update

    from dashboard.storage.schema import data_version

    now = datetime.now().replace(microsecond=0)
    done = conn.execute(
        update(data_version)
        .where(data_version.c.id == 1)
        .values(version=data_version.c.version + 1, changed_at=now)
    )
    if not done.rowcount:  # a database made without the migration's first row
        conn.execute(data_version.insert().values(id=1, version=2, changed_at=now))


def read_data_version(conn) -> int:  # noqa: ANN001 - a Connection
    """The current data version (0 before any)."""
    from dashboard.storage.schema import data_version

    v = conn.execute(select(data_version.c.version).where(data_version.c.id == 1)).scalar()
    return int(v or 0)


_known: ContextVar[tuple[str, int] | None] = ContextVar("oversight_known_version", default=None)


@contextmanager
def at_version(url: str, version: int) -> Iterator[None]:
    """Queries run inside are for ``version`` of the database at ``url``: the version the page
    cache read (at most every two seconds) and files their figures under. Caches keyed by the
    version (the unit tree, the calendar, a page's rows) take it from here instead of reading
    it again on every connection: a page's twenty calls sent twenty such statements."""
    token = _known.set((make_url(url).render_as_string(hide_password=False), version))
    try:
        yield
    finally:
        _known.reset(token)


def known_version(url: str) -> int | None:
    """The version ``at_version`` set for this database (its URL rendered with the
    password), or None: read it."""
    known = _known.get()
    return known[1] if known is not None and known[0] == url else None


def sync_sequences(conn) -> None:  # noqa: ANN001 - a Connection
    """PostgreSQL: move every table's id sequence past the largest id. Writers that insert
    explicit ids (the sample-data generator, fixtures) leave them behind otherwise, and the
    next ordinary insert would collide. Nothing to do on SQLite."""
    if conn.dialect.name != "postgresql":
        return
    from sqlalchemy import func, select

    from dashboard.storage.schema import metadata

    for table in metadata.sorted_tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        seq = conn.execute(select(func.pg_get_serial_sequence(table.name, "id"))).scalar()
        if seq:
            top = conn.execute(select(func.max(table.c.id))).scalar()
            if top:
                conn.execute(select(func.setval(seq, top)))
