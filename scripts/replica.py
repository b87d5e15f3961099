"""A PostgreSQL streaming replica of the local server on this machine (issue 18): ``make replica``.

    python scripts/replica.py start     # cluster <version>/replica on 127.0.0.1:5433, streaming from :5432
    python scripts/replica.py stop      # stop and remove that cluster (only one this script made)
    python scripts/replica.py status

``start`` lets the primary accept replication connections from 127.0.0.1 (one line in its
pg_hba.conf, then a reload), creates the cluster with ``pg_createcluster``, fills it with
``pg_basebackup -R -X stream`` (a hot standby that follows the primary's WAL stream; no
replication slot, so a replica left behind never makes the primary keep WAL) and starts it.
Pages then read it through ``DATABASE_READ_URL=postgresql://postgres@127.0.0.1:5433/DB``;
imports and every write stay on ``DATABASE_URL``.

Settings (environment): ``REPLICA_PORT`` (5433), ``REPLICA_NAME`` (replica),
``REPLICA_PRIMARY_PORT`` (5432), ``REPLICA_PRIMARY_CLUSTER`` (main).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

MARKER = "made-by-oversight-replica"  # a file in the cluster's config folder: ours to drop
HBA_LINE = "host replication all 127.0.0.1/32 trust  # oversight: make replica (issue 18)"


def _env(name: str, default: str) -> str:
    return os.environ.get(name) or default


def version() -> str:
    versions = sorted((p.name for p in Path("/etc/postgresql").iterdir()), key=float)
    return versions[-1]


def port() -> int:
    return int(_env("REPLICA_PORT", "5433"))


def name() -> str:
    return _env("REPLICA_NAME", "replica")


def primary_port() -> int:
    return int(_env("REPLICA_PRIMARY_PORT", "5432"))


def conf_dir() -> Path:
    return Path("/etc/postgresql") / version() / name()


def data_dir() -> Path:
    return Path("/var/lib/postgresql") / version() / name()


def _as_postgres(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def _psql(p: int, sql: str) -> str:
    done = _as_postgres(
        ["psql", "-h", "127.0.0.1", "-p", str(p), "-U", "postgres", "-d", "postgres", "-Atc", sql]
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip())
    return done.stdout.strip()


def _bin(tool: str) -> str:
    return f"/usr/lib/postgresql/{version()}/bin/{tool}"


def running() -> bool:
    try:
        return _psql(port(), "select pg_is_in_recovery()") == "t"
    except RuntimeError:
        return False


def streaming() -> bool:
    try:
        return _psql(port(), "select status from pg_stat_wal_receiver") == "streaming"
    except RuntimeError:
        return False


def _allow_replication() -> None:
    hba = Path(_psql(primary_port(), "show hba_file"))
    if HBA_LINE.split("  #")[0] not in hba.read_text():
        with hba.open("a") as f:
            f.write("\n" + HBA_LINE + "\n")
        _psql(primary_port(), "select pg_reload_conf()")


def start() -> int:
    if running():
        print(f"replica: already running on 127.0.0.1:{port()}")
        return 0
    if conf_dir().exists():
        if not (conf_dir() / MARKER).exists():
            print(f"replica: {conf_dir()} exists and is not ours; choose REPLICA_NAME")
            return 1
        stop()
    t0 = time.monotonic()
    _allow_replication()
    steps = [
        ["pg_createcluster", version(), name(), "-p", str(port())],
    ]
    for cmd in steps:
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            print(f"replica: {' '.join(cmd)} failed:\n{done.stderr}", file=sys.stderr)
            return 1
    (conf_dir() / MARKER).write_text("scripts/replica.py made this cluster; stop drops it\n")
    # Replace the fresh cluster's files with a copy of the primary that follows its WAL.
    _as_postgres(["find", str(data_dir()), "-mindepth", "1", "-delete"])
    done = _as_postgres(
        [
            _bin("pg_basebackup"),
            "-h",
            "127.0.0.1",
            "-p",
            str(primary_port()),
            "-U",
            "postgres",
            "-D",
            str(data_dir()),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
        ]
    )
    if done.returncode != 0:
        print(f"replica: pg_basebackup failed:\n{done.stderr}", file=sys.stderr)
        stop()
        return 1
    # Debian keeps pg_hba.conf beside the configuration, not in the copied data: the same
    # rules as the primary's.
    hba = Path(_psql(primary_port(), "show hba_file"))
    (conf_dir() / "pg_hba.conf").write_text(hba.read_text())
    with (conf_dir() / "postgresql.conf").open("a") as f:
        f.write(
            "\n# oversight replica (issue 18)\nhot_standby = on\nhot_standby_feedback = on\n"
            "listen_addresses = '127.0.0.1'\n"
        )
    done = subprocess.run(
        ["pg_ctlcluster", version(), name(), "start"], capture_output=True, text=True
    )
    if done.returncode != 0:
        print(f"replica: the cluster did not start:\n{done.stderr}", file=sys.stderr)
        stop()
        return 1
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (running() and streaming()):
        time.sleep(0.5)
    if not streaming():
        print("replica: started but not streaming from the primary", file=sys.stderr)
        if not os.environ.get("REPLICA_KEEP_BROKEN"):
            stop()
        return 1
    print(
        f"replica: 127.0.0.1:{port()} streams from 127.0.0.1:{primary_port()} "
        f"(up in {time.monotonic() - t0:.0f} s); DATABASE_READ_URL="
        f"postgresql://postgres@127.0.0.1:{port()}/<database>"
    )
    return 0


def stop() -> int:
    if not conf_dir().exists():
        print("replica: nothing to stop")
        return 0
    if not (conf_dir() / MARKER).exists():
        print(f"replica: {conf_dir()} was not made by this script; left alone")
        return 1
    done = subprocess.run(
        ["pg_dropcluster", version(), name(), "--stop"], capture_output=True, text=True
    )
    if done.returncode != 0:
        print(f"replica: pg_dropcluster failed:\n{done.stderr}", file=sys.stderr)
        return 1
    print(f"replica: stopped and removed {version()}/{name()}")
    return 0


def status() -> int:
    print(
        f"replica {version()}/{name()} on {port()}: "
        + ("streaming" if streaming() else "running" if running() else "not running")
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    cmd = (argv if argv is not None else sys.argv[1:]) or ["status"]
    return {"start": start, "stop": stop, "status": status}[cmd[0]]()


if __name__ == "__main__":
    raise SystemExit(main())
