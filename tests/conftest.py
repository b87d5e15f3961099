"""Shared fixtures: every database test runs on SQLite and on PostgreSQL.

PostgreSQL tests create a throwaway database (``oversight_test_<random>``) on
``TEST_PG_URL`` (default: the local server, user postgres) and drop it afterwards. With
``CI=true`` an unreachable server is an error, never a silent skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text

from dashboard.storage.db import make_engine, migrate

PG_ADMIN_URL = os.environ.get(
    "TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = ["sqlite", "postgresql"]


def _pg_admin() -> Engine:
    return create_engine(
        PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5}
    )


def _pg_available() -> str | None:
    try:
        with _pg_admin().connect() as c:
            c.execute(text("select 1"))
        return None
    except Exception as exc:  # noqa: BLE001
        return str(exc).splitlines()[0]


_PG_PROBLEM: str | None = None
_PG_CHECKED = False


def require_pg() -> None:
    global _PG_PROBLEM, _PG_CHECKED
    if not _PG_CHECKED:
        _PG_PROBLEM, _PG_CHECKED = _pg_available(), True
    if _PG_PROBLEM:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL is required in CI and unreachable: {_PG_PROBLEM}")
        pytest.skip(f"PostgreSQL unreachable: {_PG_PROBLEM}")


def new_database(backend: str, tmp_path_factory) -> tuple[str, callable]:
    """Create an empty database; return its URL and a function that drops it."""
    if backend == "sqlite":
        path = tmp_path_factory.mktemp("db") / "test.sqlite"
        return f"sqlite:///{path}", lambda: None
    require_pg()
    name = f"oversight_test_{uuid.uuid4().hex[:12]}"
    with _pg_admin().connect() as c:
        c.execute(text(f'create database "{name}"'))
    base = PG_ADMIN_URL.rsplit("/", 1)[0]

    def drop() -> None:
        with _pg_admin().connect() as c:
            c.execute(text(f'drop database if exists "{name}" with (force)'))

    return f"{base}/{name}", drop


def upgrade_to(engine: Engine, revision: str) -> None:
    """Migrate the database to an Alembic ``revision`` ("head" for the newest), in one
    transaction: how the migration tests build a database as an older release left it."""
    from alembic import command

    from dashboard.storage.db import alembic_config

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade_to(engine: Engine, revision: str) -> None:
    """Undo migrations down to ``revision``, in one transaction (``upgrade_to``'s reverse)."""
    from alembic import command

    from dashboard.storage.db import alembic_config

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def sqlite_plan(engine: Engine, call, sent_if) -> list[str]:  # noqa: ANN001
    """SQLite's plan (``explain query plan`` details) of the first statement ``call(conn)``
    sends whose text passes ``sent_if``, with the values it was sent with: for tests that
    check a query reads through the index meant for it."""
    from sqlalchemy import event

    sent = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        if sent_if(statement):
            sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        with engine.connect() as conn:
            call(conn)
            (statement, params), *_ = sent
            return [r[3] for r in conn.exec_driver_sql("explain query plan " + statement, params)]
    finally:
        event.remove(engine, "before_cursor_execute", capture)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def engine(backend, tmp_path_factory) -> Iterator[Engine]:
    """A migrated, empty database on each backend."""
    url, drop = new_database(backend, tmp_path_factory)
    eng = make_engine(url)
    migrate(eng)
    yield eng
    eng.dispose()
    drop()


@pytest.fixture(scope="session", params=BACKENDS)
def fixture_engine(request, tmp_path_factory) -> Iterator[Engine]:
    """The small hand-worked fixture database (tests/fixtures.py), once per backend."""
    from tests.fixtures import build_fixture

    url, drop = new_database(request.param, tmp_path_factory)
    eng = make_engine(url)
    migrate(eng)
    build_fixture(eng)
    yield eng
    eng.dispose()
    drop()


@pytest.fixture(scope="module")
def fixture_url(tmp_path_factory) -> Iterator[str]:
    """The hand-worked fixture in a SQLite file, for tests that run the app (AppTest, CLI)."""
    from tests.fixtures import build_fixture

    url, drop = new_database("sqlite", tmp_path_factory)
    eng = make_engine(url)
    migrate(eng)
    build_fixture(eng)
    eng.dispose()
    yield url
    drop()


@pytest.fixture(autouse=True)
def _no_login_unless_asked(monkeypatch, request):
    """Page tests look at content; tests/test_login.py signs in for real."""
    if "login" not in request.node.nodeid:
        monkeypatch.setenv("OVERSIGHT_AUTH", "none")


@pytest.fixture
def backlog_day_restored(fixture_engine):
    """The fixture's backlog_day put back as it was after a test that refreshes another day
    (the fixture database is shared by the session's tests)."""
    from sqlalchemy import delete, insert, select

    from dashboard.storage.schema import backlog_day

    with fixture_engine.connect() as conn:
        saved = [r._asdict() for r in conn.execute(select(backlog_day))]
    yield
    with fixture_engine.begin() as conn:
        conn.execute(delete(backlog_day))
        if saved:
            conn.execute(insert(backlog_day), saved)


def tables_counted(conn, fn):  # noqa: ANN001, ANN202
    """``fn()``'s result and the tables its counts read (backlog_day, dossier): statements
    that sum (not the look-up of whether the day was kept)."""
    from sqlalchemy import event

    sent: list[str] = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        sent.append(" ".join(statement.split()))

    event.listen(conn, "before_cursor_execute", capture)
    try:
        out = fn()
    finally:
        event.remove(conn, "before_cursor_execute", capture)
    counts = [f"{st} " for st in sent if "sum(" in st]
    tables = {t for t in ("backlog_day", "dossier") for st in counts if f"FROM {t} " in st}
    return out, tables
