"""The one place that owns the database connection and its migrations."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, func, select

from dashboard.storage import settings

ALEMBIC_INI = Path(__file__).resolve().parent / "alembic.ini"


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached; pages show a friendly message instead of a trace."""


def make_engine(url: str | None = None) -> Engine:
    url = url or settings.database_url()
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # noqa: ANN001
            cur = dbapi_conn.cursor()
            cur.execute("pragma foreign_keys = on")
            cur.execute("pragma journal_mode = wal")
            cur.execute("pragma synchronous = normal")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})


def get_engine(url: str | None = None) -> Engine:
    """One engine per URL for the process (the URL is read from the settings each call)."""
    return _engine_for(url or settings.database_url())


@lru_cache(maxsize=8)
def _engine_for(url: str) -> Engine:
    return make_engine(url)


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
        with engine.connect() as conn:
            conn.exec_driver_sql("select 1")
    except Exception as exc:  # any driver error means the same thing to a user
        raise DatabaseUnavailable(str(exc).splitlines()[0]) from exc


def create_pg_roles(engine: Engine, reader: str, writer: str) -> None:
    """A read-only role for the dashboard and a writing role for imports (PostgreSQL).

    The dashboard reads through ``reader`` (it may only add audit events); imports write
    through ``writer``. Role names are identifiers, quoted by psycopg, never formatted in.
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
        "grant insert on audit_event to {r}",
        "grant usage on sequence audit_event_id_seq to {r}",
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
