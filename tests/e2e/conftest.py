"""Browser end-to-end fixtures: a seeded SQLite database, the real server, Debian's Chromium.

The server is started exactly as a user starts it (``python -m streamlit run dashboard/app.py``)
against a small sample database (``E2E_SCALE`` dossiers, default 20,000) with a fixed today
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
def server(tmp_path_factory) -> Iterator[Server]:
    """The real dashboard server on a free port, on a freshly seeded SQLite database."""
    _require(Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _require(False, "playwright is not installed (pip install -e '.[dev]')")

    from dashboard.storage.db import make_engine, migrate
    from sample_data.generator import seed_database

    work = tmp_path_factory.mktemp("e2e")
    # E2E_DATABASE_URL: an existing seeded database instead (e.g. a bench/data one, to see the
    # server's memory at 10 million dossiers); it must have been seeded with today = TODAY.
    url = os.environ.get("E2E_DATABASE_URL") or f"sqlite:///{work / 'oversight.sqlite'}"
    if not os.environ.get("E2E_DATABASE_URL"):
        eng = make_engine(url)
        migrate(eng)
        seed_database(eng, scale=SCALE, seed=42, today=date.fromisoformat(TODAY))
        eng.dispose()

    port = _free_port()
    # The pages' content is under test here, not the sign-in (tests/test_login.py has it).
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "OVERSIGHT_TODAY": TODAY,
        "OVERSIGHT_AUTH": "none",
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    log = work / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "dashboard" / "app.py"),
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
    shots.mkdir()
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
def browser(server):  # noqa: ARG001 - the server fixture does the Chromium check
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
