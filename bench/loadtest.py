"""Load, measured (issue 18): simulated leaders through nginx against 1 and 2 dashboard
processes at 1 million dossiers on PostgreSQL.

    python bench/loadtest.py                       # 1 then 2 processes, 8 leaders, 60 s each
    python bench/loadtest.py --leaders 4 --seconds 30 --processes 2

Each simulated leader is one browser tab as Streamlit's own page sees it: it signs in through
``/dang-nhap`` (a session cookie of its own, so nginx spreads leaders over the processes by
it), opens the WebSocket ``/_stcore/stream`` through nginx and speaks Streamlit's protocol
(``BackMsg`` / ``ForwardMsg``, the protobuf messages of the installed Streamlit): it asks for the
overview (``/tong-quan``), then the on-time page (``/dung-han``), then a drill-down into one
commune, and again, for the set time, with no pause between pages (a closed loop: the
processes are never idle, so pages per minute is their capacity). A page counts as rendered
when its script run has finished (``script_finished``) and every element it drew has arrived:
the time from asking to that is the *time to rendered page* on the server's side, without the
browser's painting (a few tens of ms in Chromium). Each leader drills into a different commune
and the periods rotate over four quarters, so the query cache is not all hits.

Bounded: at most 32 leaders and 300 s per run, loopback only (the cluster listens on
127.0.0.1). The cluster is ``scripts/cluster.py`` on its own ports, started and stopped here.
Results: ``bench/results/<date>T<HHMM>-loadtest.json`` (the run's start) and ``bench/results/LOADTEST.md``, with the
machine's core count and load average.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"
SCALE = 1_000_000
TODAY = "2026-11-26"
PROVINCE = "33"
PERIODS = ["2026-Q3", "2026-Q2", "2026-Q1", "2025-Q4"]
MAX_LEADERS = 32
MAX_SECONDS = 300
USER = "chutich"
PASSWORD = "tai-kiem-thu-" + "x" * 8


def log(*args) -> None:  # noqa: ANN002
    print(time.strftime("%H:%M:%S"), *args, flush=True)


def free_ports(n: int) -> list[int]:
    socks = [socket.socket() for _ in range(n)]
    try:
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


# --- one leader -----------------------------------------------------------------------------


def sign_in(base: str) -> str:
    """Sign in through the proxy as a person does; return the session cookie's value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(f"{base}/dang-nhap", timeout=30).read().decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
    form = urllib.parse.urlencode(
        {"username": USER, "password": PASSWORD, "csrf": csrf, "next": "/", "lang": "vi"}
    ).encode()
    opener.open(f"{base}/dang-nhap", data=form, timeout=30).read()
    for c in jar:
        if c.name == "oversight_session":
            return c.value
    raise RuntimeError("sign-in gave no session cookie")


class Leader:
    """One tab: a WebSocket to Streamlit through nginx, asking for pages one after another."""

    def __init__(self, base: str, cookie: str, index: int, communes: list[str]) -> None:
        from websockets.sync.client import connect

        self.index = index
        self.commune = communes[index % len(communes)]
        ws_url = base.replace("http://", "ws://") + "/_stcore/stream"
        self.ws = connect(
            ws_url,
            subprotocols=["streamlit"],  # the XSRF token is only checked with an Origin
            additional_headers={"Cookie": f"oversight_session={cookie}"},
            max_size=None,
            open_timeout=30,
        )
        self.upstream = None

    def page(self, name: str, query: str, timeout: float = 120) -> float:
        """Ask for a page; return the seconds until its run finished and all of it arrived."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_name = name
        t0 = time.perf_counter()
        self.ws.send(msg.SerializeToString())
        elements = 0
        deadline = t0 + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"{name}?{query}: no end of run in {timeout:.0f} s")
            data = self.ws.recv(timeout=left)
            if isinstance(data, str):
                continue
            fwd = ForwardMsg.FromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                elements += 1
                if fwd.delta.new_element.WhichOneof("type") == "exception":
                    raise RuntimeError(f"{name}?{query}: the page shows an exception")
            if kind == "script_finished":
                # 0: finished successfully; 1: stopped early for a rerun (the frame's own);
                # 2: a compile error. A rerun's end comes after it.
                if fwd.script_finished == 1:
                    continue
                if fwd.script_finished != 0:
                    raise RuntimeError(f"{name}: script finished with {fwd.script_finished}")
                if elements < 10:  # a sign-in redirect or an error page, not the page
                    raise RuntimeError(f"{name}?{query}: only {elements} elements drawn")
                return time.perf_counter() - t0
            if kind == "page_not_found":
                raise RuntimeError(f"page not found: {name}")

    def close(self) -> None:
        try:
            self.ws.close()
        except Exception:  # noqa: BLE001, S110 - closing a socket the server dropped
            pass


def drive(base: str, cookie: str, index: int, communes: list[str], until: float, out: list):
    """Overview → on-time → drill-down, again and again, until ``until``."""
    try:
        leader = Leader(base, cookie, index, communes)
    except Exception as exc:  # noqa: BLE001
        out.append(("error", "connect", repr(exc)))
        return
    n = 0
    try:
        while time.monotonic() < until:
            period = PERIODS[(index + n) % len(PERIODS)]
            flow = [
                ("overview", "tong-quan", f"period={period}&unit={PROVINCE}"),
                ("on_time", "dung-han", f"period={period}&unit={PROVINCE}"),
                ("drill_down", "dung-han", f"period={period}&unit={leader.commune}"),
            ]
            for label, name, query in flow:
                if time.monotonic() >= until:
                    break
                try:
                    secs = leader.page(name, query)
                except Exception as exc:  # noqa: BLE001
                    out.append(("error", label, repr(exc)))
                    return
                out.append((label, time.monotonic(), secs))
            n += 1
    finally:
        leader.close()


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds the processes have used (all their threads), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / tick


def run_load(
    base: str, leaders: int, seconds: float, communes: list[str], pids: list[int] | None = None
) -> dict:
    cookies = [sign_in(base) for _ in range(leaders)]
    # Warm-up: one pass per leader, not counted (first imports of each process, the tree).
    warm: list = []
    threads = [
        threading.Thread(
            target=drive,
            args=(base, c, i, communes, time.monotonic() + 1, warm),
            daemon=True,
        )
        for i, c in enumerate(cookies)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)
    out: list = []
    start = time.monotonic()
    until = start + seconds
    threads = [
        threading.Thread(target=drive, args=(base, c, i, communes, until, out), daemon=True)
        for i, c in enumerate(cookies)
    ]
    load_before = os.getloadavg()
    cpu_before = cpu_seconds(pids or [])
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 180)
    elapsed = time.monotonic() - start
    cpu = cpu_seconds(pids or []) - cpu_before
    errors = [r for r in out if r[0] == "error"]
    pages = [r for r in out if r[0] != "error" and r[1] <= until]
    times = sorted(r[2] for r in pages)
    by_page = {}
    for label in ("overview", "on_time", "drill_down"):
        ts = sorted(r[2] for r in pages if r[0] == label)
        if ts:
            by_page[label] = {"n": len(ts), "p50_ms": _pct(ts, 50), "p95_ms": _pct(ts, 95)}
    return {
        "leaders": leaders,
        "seconds": round(elapsed, 1),
        "pages": len(pages),
        "pages_per_minute": round(len(pages) / seconds * 60, 1),
        "p50_ms": _pct(times, 50),
        "p95_ms": _pct(times, 95),
        "by_page": by_page,
        # CPU the dashboard processes spent per page (PostgreSQL's own not included): what a
        # page costs regardless of how busy the shared machine was.
        "dashboard_cpu_s": round(cpu, 1),
        "cpu_ms_per_page": round(cpu / len(pages) * 1000, 1) if pages else None,
        "errors": [e[1] + ": " + e[2][:200] for e in errors][:10],
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }


def _pct(sorted_values: list[float], p: float) -> float | None:
    if not sorted_values:
        return None
    if len(sorted_values) == 1:
        return round(sorted_values[0] * 1000, 1)
    q = statistics.quantiles(sorted_values, n=100, method="inclusive")
    return round(q[int(p) - 1] * 1000, 1)


# --- the cluster ----------------------------------------------------------------------------


def communes_of(url: str, n: int) -> list[str]:
    """The ``n`` communes of the province with the most dossiers (drill-down targets)."""
    from sqlalchemy import text

    from dashboard.storage.db import make_engine

    eng = make_engine(url)
    with eng.connect() as conn:
        rows = conn.execute(
            text(
                "select u.code from rollup_unit_month r join admin_unit u on u.id = r.unit_id "
                "join admin_unit p on p.id = u.parent_id where p.code = :p and u.level = "
                "'commune' group by u.code order by sum(r.received) desc limit :n"
            ),
            {"p": PROVINCE, "n": n},
        ).all()
    eng.dispose()
    return [r[0] for r in rows]


def cluster(action: str, env: dict) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "cluster.py"), action],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    log(done.stdout.strip() or done.stderr.strip())
    if done.returncode != 0:
        raise RuntimeError(f"cluster {action} failed: {done.stdout}{done.stderr}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--leaders", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--processes", type=int, nargs="*", default=[1, 2])
    ap.add_argument("--scale", type=int, default=SCALE)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    started = time.strftime("%H%M")
    leaders = min(args.leaders, MAX_LEADERS)
    seconds = min(args.seconds, MAX_SECONDS)

    from bench.run import ensure_database
    from dashboard.access import users as auth

    url, seeded = ensure_database("postgresql", args.scale)
    if seeded:
        log(f"seeded {args.scale:,} dossiers in {seeded:.0f} s")
    communes = communes_of(url, leaders)
    work = Path(tempfile.mkdtemp(prefix="oversight-loadtest-"))
    users = work / "users.json"
    auth.add_user(USER, "province_leader", PROVINCE, PASSWORD, path=users)
    clusters = {}
    try:
        for n in args.processes:  # every configuration up at once, so rounds can alternate
            http, *backend = free_ports(1 + n)
            env = {
                **os.environ,
                "CLUSTER_DIR": str(work / f"cluster-{n}"),
                "CLUSTER_HTTP": f"127.0.0.1:{http}",
                "CLUSTER_PORTS": ",".join(map(str, backend)),
                "CLUSTER_DATABASE_URL": url,
                "OVERSIGHT_AUTH": "local",
                "OVERSIGHT_USERS_FILE": str(users),
                "OVERSIGHT_TODAY": TODAY,
                "OVERSIGHT_LOGIN_BACKOFF_SECONDS": "0",
            }
            clusters[n] = (f"http://127.0.0.1:{http}", env)
            cluster("start", env)
        runs = []
        # Rounds alternate the order (1, 2, then 2, 1, …): on a shared machine the load of
        # others changes by the minute, and alternating spreads it over both.
        for rnd in range(args.rounds):
            order = list(args.processes) if rnd % 2 == 0 else list(reversed(args.processes))
            for n in order:
                base, env = clusters[n]
                log(f"round {rnd + 1}: {n} process(es), {leaders} leaders, {seconds:.0f} s")
                pids = [
                    int(f.read_text()) for f in Path(env["CLUSTER_DIR"]).glob("dashboard-*.pid")
                ]
                r = run_load(base, leaders, seconds, communes, pids)
                r["processes"], r["round"] = n, rnd + 1
                log(
                    f"  {r['pages']} pages, {r['pages_per_minute']}/min, p50 {r['p50_ms']} ms, "
                    f"p95 {r['p95_ms']} ms, CPU {r['cpu_ms_per_page']} ms/page, "
                    f"errors {len(r['errors'])}, load {r['load_average_before'][0]}"
                )
                runs.append(r)
    finally:
        for _base, env in clusters.values():
            cluster("stop", env)
    result = {
        "date": date.today().isoformat(),
        "started": started,
        "scale": args.scale,
        "backend": "postgresql",
        "cores": os.cpu_count(),
        "leaders": leaders,
        "seconds": seconds,
        "flow": "overview -> on-time (province) -> on-time drill-down (commune), closed loop",
        "rounds": args.rounds,
        "runs": runs,
        "median": medians(runs),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    # The start time too, as bench/run.py names its runs: two runs of a day are both kept.
    path = RESULTS / f"{result['date']}T{started}-loadtest.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    (RESULTS / "LOADTEST.md").write_text(summary(result))
    log(f"wrote {path.relative_to(ROOT)} and bench/results/LOADTEST.md")
    return 0


def medians(runs: list[dict]) -> list[dict]:
    """Per number of processes, the median over the rounds."""
    out = []
    for n in sorted({r["processes"] for r in runs}):
        rs = [r for r in runs if r["processes"] == n]

        def med(key: str, rs: list[dict] = rs) -> float | None:
            vals = [r[key] for r in rs if r.get(key) is not None]
            return round(statistics.median(vals), 1) if vals else None

        out.append(
            {
                "processes": n,
                "rounds": len(rs),
                "pages_per_minute": med("pages_per_minute"),
                "p50_ms": med("p50_ms"),
                "p95_ms": med("p95_ms"),
                "cpu_ms_per_page": med("cpu_ms_per_page"),
            }
        )
    return out


def summary(result: dict) -> str:
    lines = [
        "# Load test: simulated leaders through nginx (issue 18)",
        "",
        f"{result['date']}, {result['scale']:,} dossiers on PostgreSQL, {result['cores']} cores "
        f"(shared with other work: see the load averages), {result['leaders']} leaders, "
        f"{result['seconds']:.0f} s per run; {result['flow']}. Written by `make loadtest` "
        "(bench/loadtest.py explains the method).",
        "",
        "| processes | rounds | pages/min (median) | p50 ms | p95 ms | dashboard CPU ms/page |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for m in result.get("median") or medians(result["runs"]):
        lines.append(
            f"| {m['processes']} | {m['rounds']} | {m['pages_per_minute']} | {m['p50_ms']} | "
            f"{m['p95_ms']} | {m['cpu_ms_per_page']} |"
        )
    med = result.get("median") or medians(result["runs"])
    if len(med) >= 2 and med[0]["pages_per_minute"]:
        ratio = med[-1]["pages_per_minute"] / med[0]["pages_per_minute"]
        lines += ["", f"{med[-1]['processes']} processes / 1: {ratio:.2f}× the pages (medians)."]
    lines += [
        "",
        "Every run:",
        "",
        "| round | processes | pages | pages/min | p50 ms | p95 ms | overview p50 | on-time p50 | "
        "drill-down p50 | dashboard CPU ms/page | errors | load avg before → after |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in result["runs"]:
        bp = r["by_page"]
        lines.append(
            f"| {r.get('round', 1)} | {r['processes']} | {r['pages']} | {r['pages_per_minute']} | {r['p50_ms']} | "
            f"{r['p95_ms']} | {bp.get('overview', {}).get('p50_ms')} | "
            f"{bp.get('on_time', {}).get('p50_ms')} | {bp.get('drill_down', {}).get('p50_ms')} | "
            f"{r.get('cpu_ms_per_page')} | {len(r['errors'])} | {r['load_average_before'][0]} → "
            f"{r['load_average_after'][0]} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
