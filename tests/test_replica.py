"""Reads from a PostgreSQL streaming replica (issue 18).

The rule of ``queries.freshness`` is checked by hand; then, against a real replica of the
local server (``scripts/replica.py``, port 5433, what ``make replica`` runs; set up and torn
down here unless one is already running), a page's queries go to the replica
(``DATABASE_READ_URL``) while an import goes to the primary (``DATABASE_URL``): with the
replica's replay paused, the import is on the primary at once, the page still shows the
replica's figures and warns of its lag; replay resumed, the page shows the import.

Hand-worked: the tiny file of tests/test_imports.py has five resolved dossiers in 2024-Q1,
four in time: 80,0 %; before it, the province has no resolved dossier ("–").
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from dashboard.storage.db import make_engine, migrate
from dashboard.storage.schema import dossier
from queries import freshness as F
from tests.conftest import new_database, require_pg

ROOT = Path(__file__).resolve().parent.parent
REPLICA = ROOT / "scripts" / "replica.py"
REPLICA_PORT = 5433


# --- the rule, by hand ---------------------------------------------------------------------

NOW = datetime(2026, 11, 26, 10, 0, 30)


def test_a_replica_caught_up_now_has_no_lag():
    f = F.state(NOW, replayed_all=True, streaming=True, replayed_at=datetime(2026, 11, 26, 9))
    assert (f.is_replica, f.caught_up_at, f.lag_seconds) == (True, NOW, 0.0)


def test_a_paused_or_behind_replica_caught_up_at_its_last_replayed_commit():
    last = datetime(2026, 11, 26, 10, 0, 0)
    f = F.state(NOW, replayed_all=False, streaming=True, replayed_at=last)
    assert (f.caught_up_at, f.lag_seconds) == (last, 30.0)  # 10:00:30 − 10:00:00
    # All replayed but the primary is unreachable: it cannot know it is current.
    f = F.state(NOW, replayed_all=True, streaming=False, replayed_at=last)
    assert (f.caught_up_at, f.lag_seconds, f.streaming) == (last, 30.0, False)


def test_a_replica_that_replayed_nothing_yet_has_an_unknown_lag():
    f = F.state(NOW, replayed_all=False, streaming=True, replayed_at=None)
    assert (f.caught_up_at, f.lag_seconds) == (None, None)


def test_a_primary_or_sqlite_is_no_replica(engine):
    with engine.connect() as conn:
        f = F.freshness(conn)
    assert (f.is_replica, f.lag_seconds) == (False, 0.0)


# --- a real replica ------------------------------------------------------------------------


def _replica(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(REPLICA), *args], capture_output=True, text=True, timeout=300
    )


def _replica_up() -> bool:
    return "streaming" in _replica("status").stdout


@pytest.fixture(scope="module")
def replica():
    require_pg()
    usable = os.geteuid() == 0 and shutil.which("pg_createcluster") and shutil.which("runuser")
    if not usable:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("the replica test needs root and Debian's pg_createcluster")
        pytest.skip("the replica test needs root and Debian's pg_createcluster")
    ours = not _replica_up()
    if ours:
        done = _replica("start")
        assert done.returncode == 0, done.stdout + done.stderr
    yield REPLICA_PORT
    if ours:
        _replica("stop")


def _wait(check, seconds: float = 60) -> None:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # noqa: BLE001, S110 - not there yet (a database being replayed)
            pass
        time.sleep(0.3)
    raise AssertionError("the replica did not catch up")


def _dossiers(eng) -> int:  # noqa: ANN001
    with eng.connect() as conn:
        return conn.execute(select(func.count()).select_from(dossier)).scalar_one()


def _lag(eng) -> float | None:  # noqa: ANN001
    with eng.connect() as conn:
        return F.freshness(conn).lag_seconds


def _page(monkeypatch, primary: str, read: str):  # noqa: ANN001, ANN202
    from streamlit.testing.v1 import AppTest

    from dashboard import web

    monkeypatch.setenv("DATABASE_URL", primary)
    monkeypatch.setenv("DATABASE_READ_URL", read)
    web.clear()
    from dashboard.web import frame

    frame._freshness.clear()
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60)
    at.query_params["period"] = "2024-Q1"
    at.query_params["unit"] = "99"
    at.run()
    assert not at.exception, at.exception
    return at


def test_pages_read_the_replica_imports_write_the_primary(replica, monkeypatch, tmp_path_factory):
    from tests.test_imports import GOOD_HEADER, GOOD_ROWS, csv_bytes, imp, load_tiny

    primary_url, drop = new_database("postgresql", tmp_path_factory)
    read_url = primary_url.replace(":5432/", f":{replica}/")
    assert read_url != primary_url
    primary = make_engine(primary_url)
    migrate(primary)
    load_tiny(primary)
    reader = make_engine(read_url)
    admin = create_engine(
        read_url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT"
    )  # the replica's own controls
    try:
        _wait(lambda: _dossiers(reader) == 0)  # the new database has reached the replica
        at = _page(monkeypatch, primary_url, read_url)
        captions = " ".join(c.value for c in at.sidebar.caption)
        assert "Bản sao đọc đã cập nhật lúc" in captions
        assert not [w for w in at.warning if "Bản sao đọc đang chậm" in w.value]
        assert {m.label: m.value for m in at.metric}["Tỷ lệ đúng hạn"] == "–"

        with admin.connect() as c:
            c.execute(text("select pg_wal_replay_pause()"))
        try:
            res = imp(primary, "dossiers", csv_bytes(GOOD_HEADER, GOOD_ROWS))
            assert res.written
            assert _dossiers(primary) == 6  # the import went to the primary
            time.sleep(2.5)
            assert _dossiers(reader) == 0  # the replica has not replayed it
            monkeypatch.setenv("OVERSIGHT_REPLICA_LAG_WARN_SECONDS", "1")
            at = _page(monkeypatch, primary_url, read_url)
            # The page's figures came from the replica: still none.
            assert {m.label: m.value for m in at.metric}["Tỷ lệ đúng hạn"] == "–"
            warned = [w.value for w in at.warning if "Bản sao đọc đang chậm" in w.value]
            assert warned, [w.value for w in at.warning]
        finally:
            with admin.connect() as c:
                c.execute(text("select pg_wal_replay_resume()"))

        _wait(lambda: _dossiers(reader) == 6)
        _wait(lambda: _lag(reader) == 0.0)
        # Back to the default limit: on a busy shared server the replica may be a moment
        # behind its last replayed commit, never a minute.
        monkeypatch.setenv("OVERSIGHT_REPLICA_LAG_WARN_SECONDS", "60")
        at = _page(monkeypatch, primary_url, read_url)
        assert {m.label: m.value for m in at.metric}["Tỷ lệ đúng hạn"] == "80,0%"
        assert not [w for w in at.warning if "Bản sao đọc đang chậm" in w.value]
    finally:
        reader.dispose()
        primary.dispose()
        admin.dispose()
        drop()
