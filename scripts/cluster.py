"""Several dashboard processes behind nginx on this machine (issue 18): ``make cluster``.

    python scripts/cluster.py start            # nginx on 127.0.0.1:8080, two processes, PostgreSQL
    python scripts/cluster.py stop             # stop exactly what start started
    python scripts/cluster.py restart PORT     # restart one process (a rolling restart's step)
    python scripts/cluster.py status
    python scripts/cluster.py nginx-conf --listen 80 --ports 8501,8502   # the deployment's file

``start`` creates the PostgreSQL database when missing, migrates it, loads the registers and
seeds ``CLUSTER_SCALE`` sample dossiers into an empty one (as ``oversight serve`` does), creates
the administrator account (its password is printed once), starts one Streamlit process per port
(``dashboard/web/server.py``, as ``oversight serve`` and ``deploy/systemd/oversight@.service``
run it) and nginx with ``deploy/nginx/oversight.conf`` rendered for these ports. Every process
it starts is recorded by id in ``CLUSTER_DIR`` (default ``.cluster/``), and ``stop`` ends those
ids only.

Settings (environment): ``CLUSTER_HTTP`` (127.0.0.1:8080), ``CLUSTER_PORTS`` (8581,8582),
``CLUSTER_DATABASE_URL`` (postgresql://postgres@127.0.0.1:5432/oversight_cluster),
``CLUSTER_READ_URL`` (empty: the pages read the primary; ``make replica`` gives a replica),
``CLUSTER_SCALE`` (20000: up within two minutes; more is a longer first start), ``CLUSTER_DIR``; every OVERSIGHT_* setting passes through.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TEMPLATE = ROOT / "deploy" / "nginx" / "oversight.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DEFAULT_DB = "postgresql://postgres@127.0.0.1:5432/oversight_cluster"


def _env(name: str, default: str) -> str:
    return os.environ.get(name) or default


def state_dir() -> Path:
    return Path(_env("CLUSTER_DIR", str(ROOT / ".cluster"))).resolve()


def ports() -> list[int]:
    return [int(p) for p in _env("CLUSTER_PORTS", "8581,8582").replace(" ", ",").split(",") if p]


def http_address() -> str:
    return _env("CLUSTER_HTTP", "127.0.0.1:8080")


def render_nginx(listen: str, backend_ports: list[int], access_log: str) -> str:
    """deploy/nginx/oversight.conf with its listen address, processes and access log."""
    servers = "\n".join(
        f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=3s;" for p in backend_ports
    )
    text = TEMPLATE.read_text(encoding="utf-8")
    return (
        text.replace("{{servers}}", servers)
        .replace("{{listen}}", listen)
        .replace("{{access_log}}", access_log)
    )


def _main_conf(d: Path) -> str:
    """A whole nginx configuration for the cluster: everything in the cluster's directory."""
    tmp = d / "nginx-tmp"
    return f"""# written by scripts/cluster.py: nginx for `make cluster` (stopped by `make cluster-stop`)
worker_processes 1;
daemon on;
pid {d}/nginx.pid;
error_log {d}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {d}/oversight.conf;
}}
"""


# --- processes, by id ----------------------------------------------------------------------


def _pid(path: Path) -> int | None:
    try:
        pid = int(path.read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if _alive(pid) else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child of ours is not running
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    except OSError:
        return True


def _stop_pid(pid: int, group: bool, timeout: float = 20) -> None:
    """SIGTERM (to the process group a dashboard process leads), then SIGKILL."""
    kill = os.killpg if group else os.kill
    try:
        kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if _alive(pid):
        try:
            kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def _healthy(url: str, timeout: float = 2) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.read().strip() == b"ok"
    except (OSError, urllib.error.URLError):
        return False


def _wait(url: str, seconds: float, pid: int | None = None) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _healthy(url):
            return True
        if pid is not None and not _alive(pid):
            return False
        time.sleep(0.3)
    return False


def _process_env(d: Path) -> dict[str, str]:
    secret_file = d / "cookie_secret"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_hex(32))
        secret_file.chmod(0o600)
    env = {
        **os.environ,
        "DATABASE_URL": _env("CLUSTER_DATABASE_URL", DEFAULT_DB),
        "OVERSIGHT_TRUSTED_PROXIES": _env("OVERSIGHT_TRUSTED_PROXIES", "127.0.0.1"),
        "STREAMLIT_SERVER_COOKIE_SECRET": secret_file.read_text().strip(),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        "PYTHONUNBUFFERED": "1",
    }
    if os.environ.get("CLUSTER_READ_URL"):
        env["DATABASE_READ_URL"] = os.environ["CLUSTER_READ_URL"]
    return env


def start_process(d: Path, port: int) -> int:
    """One dashboard process on 127.0.0.1:PORT, as deploy/systemd/oversight@.service runs it."""
    log = (d / f"dashboard-{port}.log").open("ab")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "dashboard" / "web" / "server.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env=_process_env(d),
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: stop ends it and its children only
    )
    (d / f"dashboard-{port}.pid").write_text(str(proc.pid))
    return proc.pid


def prepare_database() -> None:
    """Create, migrate, load the registers and seed an empty database; the admin account."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from dashboard.access.users import ensure_admin
    from dashboard.storage import settings
    from dashboard.storage.db import ensure_ready, make_engine

    url = settings._driver_url(_env("CLUSTER_DATABASE_URL", DEFAULT_DB))
    u = make_url(url)
    admin = create_engine(u.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        exists = c.execute(text("select 1 from pg_database where datname = :n"), {"n": u.database})
        if exists.first() is None:
            from psycopg import sql

            raw = c.connection.driver_connection
            raw.execute(sql.SQL("create database {}").format(sql.Identifier(u.database)))
    admin.dispose()
    eng = make_engine(url)
    scale = int(_env("CLUSTER_SCALE", "20000"))
    t0 = time.perf_counter()
    if ensure_ready(eng, scale=scale):
        print(f"cluster: seeded {scale:,} sample dossiers in {time.perf_counter() - t0:.0f} s")
    eng.dispose()
    if os.environ.get("OVERSIGHT_AUTH", "local") == "local" and (password := ensure_admin()):
        print(
            "\n  Tài khoản quản trị / administrator account created:\n"
            f"    user: admin   password: {password}\n"
            "  (shown once; add more users with `oversight user add`)\n"
        )


def start() -> int:
    d = state_dir()
    d.mkdir(parents=True, exist_ok=True)
    if not Path(NGINX).exists():
        print("cluster: nginx is not installed (`make nginx` installs Debian's)", file=sys.stderr)
        return 2
    running = [p for p in _pid_files(d) if _pid(p)]
    if running:
        print(f"cluster: already running ({', '.join(p.name for p in running)}); stop it first")
        return 1
    t0 = time.monotonic()
    prepare_database()
    backend = ports()
    pids = {port: start_process(d, port) for port in backend}
    tmp = d / "nginx-tmp"
    tmp.mkdir(exist_ok=True)
    if os.geteuid() == 0:  # the workers run as nobody: they need their temp folder
        import pwd

        nobody = pwd.getpwnam("nobody")
        os.chown(tmp, nobody.pw_uid, nobody.pw_gid)
    (d / "oversight.conf").write_text(
        render_nginx(http_address(), backend, str(d / "nginx-access.log"))
    )
    (d / "nginx.conf").write_text(_main_conf(d))
    for port, pid in pids.items():
        if not _wait(f"http://127.0.0.1:{port}/_stcore/health", 120, pid):
            print(f"cluster: the process on {port} did not start; see {d}/dashboard-{port}.log")
            stop()
            return 1
    done = subprocess.run(
        [NGINX, "-p", str(d), "-c", str(d / "nginx.conf")], capture_output=True, text=True
    )
    if done.returncode != 0:
        print(f"cluster: nginx did not start:\n{done.stderr}", file=sys.stderr)
        stop()
        return 1
    base = f"http://{http_address()}"
    if not _wait(f"{base}/_stcore/health", 30):
        print(f"cluster: nginx answers nothing at {base}; see {d}/nginx-error.log")
        stop()
        return 1
    print(
        f"cluster: {base} -> {len(backend)} dashboard processes "
        f"({', '.join(f'127.0.0.1:{p}' for p in backend)}), up in {time.monotonic() - t0:.0f} s;"
        " `make cluster-stop` stops it"
    )
    return 0


def _pid_files(d: Path) -> list[Path]:
    return sorted(d.glob("dashboard-*.pid")) + (
        [d / "nginx.pid"] if (d / "nginx.pid").exists() else []
    )


def stop() -> int:
    d = state_dir()
    if not d.exists():
        print("cluster: nothing to stop")
        return 0
    stopped = []
    nginx_pid = _pid(d / "nginx.pid")
    if nginx_pid:
        _stop_pid(nginx_pid, group=False)  # the master; its workers end with it
        stopped.append(f"nginx ({nginx_pid})")
    (d / "nginx.pid").unlink(missing_ok=True)
    for f in sorted(d.glob("dashboard-*.pid")):
        pid = _pid(f)
        if pid:
            _stop_pid(pid, group=True)
            stopped.append(f"{f.stem} ({pid})")
        f.unlink(missing_ok=True)
    print("cluster: stopped " + (", ".join(stopped) if stopped else "nothing (none running)"))
    return 0


def restart(port: int) -> int:
    """Stop the process on PORT and start it again; nginx sends its browsers to the other
    processes meanwhile, and they come back when it answers."""
    d = state_dir()
    f = d / f"dashboard-{port}.pid"
    if (pid := _pid(f)) is not None:
        _stop_pid(pid, group=True)
    pid = start_process(d, port)
    ok = _wait(f"http://127.0.0.1:{port}/_stcore/health", 120, pid)
    print(f"cluster: process on {port} {'restarted' if ok else 'did not come back'} (pid {pid})")
    return 0 if ok else 1


def status() -> int:
    d = state_dir()
    rows = [(f.stem, _pid(f)) for f in _pid_files(d)] if d.exists() else []
    for name, pid in rows:
        print(f"{name:20} {'running, pid ' + str(pid) if pid else 'not running'}")
    if not rows:
        print("cluster: not started")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("start")
    sub.add_parser("stop")
    sub.add_parser("status")
    r = sub.add_parser("restart")
    r.add_argument("port", type=int)
    n = sub.add_parser("nginx-conf", help="print deploy/nginx/oversight.conf rendered")
    n.add_argument("--listen", default="80")
    n.add_argument("--ports", default="8501,8502")
    n.add_argument("--access-log", default="/var/log/nginx/oversight.access.log")
    args = ap.parse_args(argv)
    if args.cmd == "start":
        return start()
    if args.cmd == "stop":
        return stop()
    if args.cmd == "status":
        return status()
    if args.cmd == "restart":
        return restart(args.port)
    print(render_nginx(args.listen, [int(p) for p in args.ports.split(",")], args.access_log))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
