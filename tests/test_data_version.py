"""The data version (issue 18): every import moves it, and the pages' cache keys on it, so an
import made through one dashboard process (or the command line) is seen by every process.

Hand-worked: the migrated database starts at version 1; the tiny file of tests/test_imports.py
(six dossiers, five resolved, four of them in time: 80 %) is one import, which moves the
version on; its dry run and its repeat (nothing new) write nothing and leave it where it is.
"""

from __future__ import annotations

from dashboard.domain.periods import parse
from dashboard.storage.db import read_data_version
from queries import on_time
from queries.units import Scope
from tests.test_imports import GOOD_HEADER, GOOD_ROWS, csv_bytes, imp, tiny  # noqa: F401


def version(engine) -> int:  # noqa: ANN001
    with engine.connect() as conn:
        return read_data_version(conn)


def test_an_import_moves_the_data_version_a_dry_run_and_a_repeat_do_not(tiny):  # noqa: F811
    start = version(tiny)
    assert start > 1  # the migration's first row, moved by writing tiny's units and lineage
    data = csv_bytes(GOOD_HEADER, GOOD_ROWS)
    assert imp(tiny, "dossiers", data, dry_run=True).ok
    assert version(tiny) == start
    assert imp(tiny, "dossiers", data).written
    moved = version(tiny)
    assert moved > start
    again = imp(tiny, "dossiers", data)
    assert not again.written and version(tiny) == moved


def counts(conn):  # noqa: ANN001, ANN201 - a query as a page calls it
    return on_time.counts(conn, parse("2024-Q1"), Scope("99")).iloc[0]


def test_a_process_sees_another_processs_import_through_the_version(tiny, monkeypatch):  # noqa: F811
    from dashboard.web import cache

    url = tiny.url.render_as_string(hide_password=False)
    monkeypatch.setenv("DATABASE_URL", url)
    name = "queries.on_time.counts"
    cache.clear()
    v1 = cache.data_version(url)
    before = cache.cached(url, v1, None, name, counts)
    assert before.resolved == 0  # nothing imported yet

    # Another process (here: the importer directly) imports six dossiers.
    assert imp(tiny, "dossiers", csv_bytes(GOOD_HEADER, GOOD_ROWS)).written
    # Within the window this process still uses the version it read (no statement)...
    assert cache.data_version(url) == v1
    assert cache.cached(url, v1, None, name, counts).resolved == 0
    # ...and reads the new one after it: the cache key moves, the figures are fresh.
    monkeypatch.setattr(cache, "VERSION_EVERY", 0.0)
    v2 = cache.data_version(url)
    assert v2 > v1
    after = cache.cached(url, v2, None, name, counts)
    assert (after.resolved, after.on_time_rate) == (5, 80.0)
    cache.clear()


def test_a_page_query_takes_the_version_the_cache_read_instead_of_reading_it(tiny, monkeypatch):  # noqa: F811
    """Inside the page cache every query runs under the version the cache read
    (``at_version``): the unit tree's key comes from it, with no data-version statement of
    its own (a page's twenty calls sent twenty). Without it, each connection reads it."""
    from sqlalchemy import Engine, event

    from dashboard.storage.db import at_version, known_version
    from dashboard.web import cache

    url = tiny.url.render_as_string(hide_password=False)
    monkeypatch.setenv("DATABASE_URL", url)
    sent: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        if "data_version" in statement:
            sent.append(statement)

    cache.clear()
    v = cache.data_version(url)
    event.listen(Engine, "before_cursor_execute", seen)  # the cache's own engine too
    try:
        with tiny.connect() as conn:
            counts(conn)
        assert len(sent) == 1  # read for the unit tree's key
        sent.clear()
        with at_version(url, v):
            assert known_version(url) == v and known_version("sqlite:///elsewhere.db") is None
            with tiny.connect() as conn:
                counts(conn)
        assert sent == []
        got = cache.cached(url, v, None, "queries.on_time.counts", counts)
        assert got.received == 0 and sent == []  # the cache's own call: no version read
    finally:
        event.remove(Engine, "before_cursor_execute", seen)
        cache.clear()


def test_targets_are_read_once_per_data_version_and_a_target_write_moves_it(engine):
    """A page's statuses ask for targets several times (the on-time page: six statements).
    The register is read once per data version, and any write to it, by whoever (here plain
    SQL), moves the version (a trigger, migration 20_target_version): the next read sees it.
    Fixture targets: on-time 90 % for unit 1 (L99, before province 99) in 2024, online share 30 %."""
    from sqlalchemy import delete, event, insert, update

    from dashboard.storage.schema import target
    from queries import targets as targets_q
    from tests.fixtures import build_fixture

    build_fixture(engine)
    reads = []

    def count(conn, cursor, statement, *args):  # noqa: ANN001, ANN002
        if statement.startswith("SELECT") and "FROM target" in statement:
            reads.append(statement)

    def on_time_99():  # noqa: ANN202
        with engine.connect() as conn:
            return targets_q.target_for(conn, "on_time_rate", "99", 2024)

    event.listen(engine, "before_cursor_execute", count)
    with engine.connect() as conn:
        assert targets_q.target_for(conn, "on_time_rate", "99", 2024).value == 90.0
        assert targets_q.target_for(conn, "online_share", "99", 2024).value == 30.0
        assert targets_q.target_for(conn, "online_share", "99", 2026) is None
        assert targets_q.target_for(conn, "on_time_rate", None, 2024).unit_code == "L99"
    assert on_time_99().value == 90.0 and len(reads) == 1  # next checkout, same version
    one = (target.c.metric == "on_time_rate") & (target.c.year == 2024)
    for write, want in (
        (update(target).where(one).values(value=93.0), 93.0),
        (delete(target).where(one), None),
        (insert(target).values(metric="on_time_rate", unit_id=1, year=2024, value=88.0), 88.0),
    ):
        with engine.begin() as conn:
            conn.execute(write)
        got = on_time_99()
        assert (got.value if got else None) == want, write
    assert len(reads) == 4
    event.remove(engine, "before_cursor_execute", count)


def recorded(used: list):  # noqa: ANN201 - a query function
    """``counts`` as a page calls it, noting in ``used`` the connection it was given."""

    def probe(conn):  # noqa: ANN001, ANN202
        used.append(conn)
        return counts(conn)

    return probe


def test_a_page_run_reads_through_one_connection(tiny, monkeypatch):  # noqa: F811
    """Inside ``one_connection`` (the app opens it around each page run) the data version
    and every query call of the page take the same connection: one checkout, and on
    PostgreSQL one transaction whose locks later statements reuse. A user's scope
    (``restricted``) has its own. Outside, each call has a connection of its own. At the end
    the connection is closed (back to the pool)."""
    from dashboard.storage.db import one_connection
    from dashboard.web import cache

    url = tiny.url.render_as_string(hide_password=False)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr(cache, "VERSION_EVERY", 0.0)  # the version is read inside the page
    used: list = []
    probe = recorded(used)

    cache.clear()
    try:
        with one_connection():
            v = cache.data_version(url)
            cache.cached(url, v, None, "tests.probe", probe)
            cache.cached(url, v, None, "tests.probe_again", probe)
            cache.cached(url, v, "99", "tests.probe", probe)  # a user under province 99
        page, scoped = used[0], used[2]
        assert used[1] is page and scoped is not page
        assert scoped.get_execution_options().get("oversight_scope") == "99"
        assert page.closed and scoped.closed

        cache.clear()
        used.clear()
        v = cache.data_version(url)
        cache.cached(url, v, None, "tests.probe", probe)
        cache.cached(url, v, None, "tests.probe_again", probe)
        assert used[0] is not used[1] and used[0].closed and used[1].closed
    finally:
        cache.clear()


def test_a_failed_call_leaves_the_page_a_working_connection(tiny, monkeypatch):  # noqa: F811
    """On PostgreSQL a failed statement ends the transaction it was in: had the page kept
    that connection, every later call would fail ("current transaction is aborted"). The
    failed call takes it out of the page; the next call reads through a fresh one."""
    import pytest
    from sqlalchemy.exc import DBAPIError

    from dashboard.storage.db import one_connection
    from dashboard.web import cache

    url = tiny.url.render_as_string(hide_password=False)
    monkeypatch.setenv("DATABASE_URL", url)
    used: list = []
    probe = recorded(used)

    def broken(conn):  # noqa: ANN001, ANN202
        used.append(conn)
        conn.exec_driver_sql("select no_such_column from data_version")

    cache.clear()
    try:
        with one_connection():
            v = cache.data_version(url)
            cache.cached(url, v, None, "tests.probe", probe)
            with pytest.raises(DBAPIError):
                cache.cached(url, v, None, "tests.broken", broken)
            assert used[1] is used[0] and used[0].closed
            got = cache.cached(url, v, None, "tests.probe_after", probe)
            assert got.received == 0 and used[2] is not used[0] and not used[2].closed
        assert used[2].closed
    finally:
        cache.clear()
