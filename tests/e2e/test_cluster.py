"""Two dashboard processes behind nginx (issue 18), in a real browser: ``scripts/cluster.py``
(what ``make cluster`` runs) comes up within two minutes on an empty PostgreSQL database, a
chairman signs in through the proxy, the process their browser is on is restarted and the page
reconnects and stays signed in, and ``stop`` leaves nothing running.

The cluster runs on free ports in a temporary folder, so a developer's own ``make cluster``
(127.0.0.1:8080) is never touched. The two minutes are for a machine with a core to spare: on
this shared 2-core machine other developers' test runs push the load average to 15–30, so the
limit grows with the load past two runnable tasks a core (120 s × load / (2 × cores)); the time
taken and the load are in the assertion's message either way.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import PASSWORD, ROOT, TODAY, _require
from tests.e2e.test_browser import EXCEPTION, settle
from tests.e2e.test_sign_in import h1, on_sign_in_page, sign_in

pytestmark = pytest.mark.e2e

CLUSTER = ROOT / "scripts" / "cluster.py"
NGINX = "/usr/sbin/nginx"
OVERVIEW = "Tổng quan điều hành"
ON_TIME = "Giải quyết hồ sơ đúng hạn"


def _free_ports(n: int) -> list[int]:
    socks = [socket.socket() for _ in range(n)]
    try:
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def cluster(tmp_path, tmp_path_factory):
    from dashboard.access import users as auth
    from tests.conftest import new_database

    _require(Path(NGINX).exists(), "nginx is not installed (`make nginx`)")
    url, drop = new_database("postgresql", tmp_path_factory)
    users = tmp_path / "users.json"
    auth.add_user("chutich", "province_leader", "33", PASSWORD, path=users)
    http, p1, p2 = _free_ports(3)
    env = {
        **os.environ,
        "CLUSTER_DIR": str(tmp_path / "cluster"),
        "CLUSTER_HTTP": f"127.0.0.1:{http}",
        "CLUSTER_PORTS": f"{p1},{p2}",
        "CLUSTER_DATABASE_URL": url,
        "CLUSTER_SCALE": "5000",
        "OVERSIGHT_AUTH": "local",
        "OVERSIGHT_USERS_FILE": str(users),
        "OVERSIGHT_TODAY": TODAY,
        "OVERSIGHT_LOGIN_BACKOFF_SECONDS": "0",
    }

    def run(*args: str, timeout: float = 180) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, str(CLUSTER), *args],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    load = os.getloadavg()[0]
    t0 = time.monotonic()
    up = run("start")
    took = time.monotonic() - t0
    info = dict(
        base=f"http://127.0.0.1:{http}", ports=(p1, p2), http=http, run=run, took=took, load=load
    )
    info["dir"] = Path(env["CLUSTER_DIR"])
    try:
        assert up.returncode == 0, up.stdout + up.stderr
        yield info
    finally:
        run("stop")
        drop()


def test_cluster_signs_in_through_nginx_and_survives_a_process_restart(cluster, browser):
    # Up from an empty database (migrate, registers, 5,000 dossiers) in under two minutes.
    cores = os.cpu_count() or 1
    limit = 120 * max(1.0, cluster["load"] / (2 * cores))
    assert cluster["took"] < limit, (cluster["took"], "s at load", cluster["load"])
    base = cluster["base"]
    # The session's Chromium (tests/e2e/conftest.py): one Playwright per test process.
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    try:
        page = ctx.new_page()
        page.goto(base + "/dung-han?period=2026-Q2&unit=33")
        on_sign_in_page(page)
        sign_in(page, "chutich")
        assert h1(page) == ON_TIME and not page.locator(EXCEPTION).count()

        # Which process the proxy keeps this browser on (sticky by its sign-in cookie).
        first = ctx.request.get(base + "/_stcore/health")
        upstream = first.headers["x-oversight-upstream"]
        port = int(upstream.rsplit(":", 1)[1])
        assert port in cluster["ports"]
        for _ in range(5):  # sticky: every request of this browser goes there
            again = ctx.request.get(base + "/_stcore/health")
            assert again.headers["x-oversight-upstream"] == upstream

        # Restart that very process while the page is open.
        done = cluster["run"]("restart", str(port))
        assert done.returncode == 0, done.stdout + done.stderr

        # The page reconnects (to the other process meanwhile, or to this one again) and
        # is still signed in: a click to another page runs on the server.
        page.wait_for_timeout(1500)
        settle(page)
        assert "/dang-nhap" not in page.url
        page.locator('[data-testid="stSidebarNav"]').get_by_text("Tổng quan", exact=True).click()
        page.wait_for_function(
            "t => document.querySelector('h1') && document.querySelector('h1').innerText === t",
            arg=OVERVIEW,
            timeout=120_000,
        )
        settle(page)
        assert not page.locator(EXCEPTION).count()
        # A reload goes through the proxy again, to the restarted process: still signed in.
        page.reload()
        settle(page)
        assert "/dang-nhap" not in page.url and h1(page) == OVERVIEW
        back = ctx.request.get(base + "/_stcore/health")
        assert back.headers["x-oversight-upstream"] == upstream
    finally:
        ctx.close()

    # Stop: nothing of it left running, nothing listening.
    d = cluster["dir"]
    pids = [int(f.read_text()) for f in d.glob("*.pid")]
    done = cluster["run"]("stop")
    assert done.returncode == 0
    time.sleep(0.5)
    for pid in pids:
        assert not Path(f"/proc/{pid}").exists() or "Z" in _state(pid), pid
    assert not list(d.glob("*.pid"))
    for port in (cluster["http"], *cluster["ports"]):
        assert not _listening(port), port


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def test_the_deployments_nginx_file_renders_for_any_ports():
    from scripts.cluster import render_nginx

    conf = render_nginx("80", [8501, 8502, 8503], "/var/log/nginx/o.log")
    assert "listen 80;" in conf
    assert conf.count("server 127.0.0.1:85") == 3
    assert "hash $cookie_oversight_session$remote_addr consistent;" in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf
    assert "{{" not in conf
