"""Browser end-to-end fixtures: a seeded SQLite database, the real server, Debian's Chromium.

The server is started exactly as ``oversight serve`` starts it (``python -m streamlit run
dashboard/web/server.py``: the app behind the sign-in routes) against a small sample database (``E2E_SCALE`` dossiers, default 20,000) with a fixed today
(2026-11-26), so every page has data for the default period (2026-Q3). Chromium is Debian's
(``/usr/bin/chromium``, installed by ``make browser``); no browser is ever downloaded. Without it
the tests fail under ``CI=true`` and are skipped elsewhere. ``E2E_DATABASE_URL`` points the
server at an existing database instead of seeding one.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
TODAY = "2026-11-26"
SCALE = int(os.environ.get("E2E_SCALE", "20000"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--use-gl=swiftshader",
    "--enable-unsafe-swiftshader",
]
SCREENSHOT_ARCHIVE = ROOT / "bench" / "results" / "screenshots"

# Figures the tests record (server memory); printed at the end of the run.
RECORDED: dict[str, str] = {}


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def _require(ok: bool, why: str) -> None:
    if ok:
        return
    if _in_ci():
        pytest.fail(f"{why} (required with CI=true; `make browser` installs it)")
    pytest.skip(why)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    base: str
    proc: subprocess.Popen
    log: Path
    shots: Path
    env: dict[str, str] = field(default_factory=dict)  # the settings it runs with

    @property
    def pid(self) -> int:
        return self.proc.pid

    def rss_mb(self) -> tuple[float, float]:
        """(current, peak) resident memory of the server process in MB, from /proc."""
        status = Path(f"/proc/{self.pid}/status").read_text()
        vals = {}
        for line in status.splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                vals[key] = int(rest.split()[0]) / 1024  # kB
        return vals["VmRSS"], vals["VmHWM"]


@pytest.fixture(scope="session")
def database(tmp_path_factory) -> str:
    """The URL of the seeded sample database both servers read."""
    _require(Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _require(False, "playwright is not installed (pip install -e '.[dev]')")

    from dashboard.storage.db import make_engine, migrate
    from sample_data.generator import seed_database

    work = tmp_path_factory.mktemp("e2e-db")
    # E2E_DATABASE_URL: an existing seeded database instead (e.g. a bench/data one, to see the
    # server's memory at 10 million dossiers); it must have been seeded with today = TODAY.
    url = os.environ.get("E2E_DATABASE_URL") or f"sqlite:///{work / 'oversight.sqlite'}"
    if not os.environ.get("E2E_DATABASE_URL"):
        eng = make_engine(url)
        migrate(eng)
        seed_database(eng, scale=SCALE, seed=42, today=date.fromisoformat(TODAY))
        eng.dispose()
    else:
        eng = make_engine(url)
        migrate(eng)  # sessions and sign-in attempts need their tables
        eng.dispose()
    return url


@pytest.fixture(scope="session")
def server(tmp_path_factory, database) -> Iterator[Server]:
    """The real dashboard server on a free port, without sign-in (the pages' content is under
    test; tests/e2e/test_sign_in.py runs one with sign-in)."""
    yield from _serve(tmp_path_factory.mktemp("e2e"), database, {"OVERSIGHT_AUTH": "none"})


# Sign-in settings of the server with sign-in: a lock after 3 failures, no back-off wait.
LOCK_AFTER = 3
USERS = {  # name: (role, unit)
    "chutich": ("province_leader", "33"),
    "phochutich": ("province_leader", "33"),
    "quantri": ("admin", None),
    "thukhoa": ("viewer", None),  # the one the lock test locks
}
PASSWORD = "mat-khau-thu-nghiem-e2e"


@pytest.fixture(scope="session")
def auth_server(tmp_path_factory, database) -> Iterator[Server]:
    """The same server with local sign-in (OVERSIGHT_AUTH=local) and a users file."""
    from dashboard.access import users as auth

    work = tmp_path_factory.mktemp("e2e-auth")
    users = work / "users.json"
    for name, (role, unit) in USERS.items():
        auth.add_user(name, role, unit, PASSWORD, path=users)
    env = {
        "OVERSIGHT_AUTH": "local",
        "OVERSIGHT_USERS_FILE": str(users),
        "OVERSIGHT_LOGIN_LOCK_AFTER": str(LOCK_AFTER),
        "OVERSIGHT_LOGIN_BACKOFF_SECONDS": "0",
    }
    for srv in _serve(work, database, env):
        srv.env = {"DATABASE_URL": database, **env}
        yield srv


def _serve(work: Path, url: str, extra: dict[str, str]) -> Iterator[Server]:
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "OVERSIGHT_TODAY": TODAY,
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        **extra,
    }
    log = work / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "dashboard" / "web" / "server.py"),
                "--server.port",
                str(port),
                "--server.headless",
                "true",
                "--server.address",
                "127.0.0.1",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"the server did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.3)
    shots = work / "screenshots"
    shots.mkdir(exist_ok=True)
    yield Server(base, proc, log, shots)
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if os.environ.get("SAVE_SCREENSHOTS") == "1":
        SCREENSHOT_ARCHIVE.mkdir(parents=True, exist_ok=True)
        for png in shots.glob("*.png"):
            shutil.copy2(png, SCREENSHOT_ARCHIVE / png.name)


@pytest.fixture(scope="session")
def browser(database):  # noqa: ARG001 - the database fixture does the Chromium check
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


# Streamlit's frontend finds its base path by probing ``<page path>/_stcore/health`` and
# ``<page path>/_stcore/host-config`` first; on any page other than "/" those two answer 404
# before it falls back to the root. Chromium logs each 404 as a console error. They say
# nothing about the app, so they are the only console errors ignored.
_BENIGN_404 = ("/_stcore/health", "/_stcore/host-config")


@dataclass
class Console:
    errors: list[str] = field(default_factory=list)

    def attach(self, page) -> None:  # noqa: ANN001
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))

    def _on_console(self, msg) -> None:  # noqa: ANN001
        if msg.type != "error":
            return
        where = (msg.location or {}).get("url", "")
        if "status of 404" in msg.text and where.endswith(_BENIGN_404):
            return
        self.errors.append(f"{msg.text} ({where})" if where else msg.text)


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="vi-VN")
    yield ctx
    ctx.close()


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001
    if RECORDED:
        terminalreporter.section("e2e figures")
        for k, v in RECORDED.items():
            terminalreporter.write_line(f"{k}: {v}")
