"""Import benchmark: a 200 MB dossier export, its peak memory and rows per second.

    python bench/imports.py                       # 200 MB, SQLite and PostgreSQL
    python bench/imports.py --mb 20 --backends sqlite   # a quick look

For each backend it makes an empty database with the sample units, fields and procedures
(``seed_database`` at scale 0, no dossiers), writes a dossier CSV of the requested size
(``bench/data/dossiers-<mb>mb.csv``: one-stop-export headers, today's communes, dates
from 07/2025, every status and channel, kept between runs), then measures, each in a fresh
process so that the peak is the import's own:

1. ``oversight import dossiers FILE`` (the command line, reading the file as a stream);
2. the page's path: ``run_import`` on the upload held in memory as a file object, as
   Streamlit hands it to ``pages/imports.py`` (the upload's own bytes are counted in the peak);
3. the same file again (re-import: every row unchanged, nothing written).

Peak memory is the process's ``VmHWM`` (peak resident set) read from /proc when it ends.
Budget (issue 12): under 500 MB for a 200 MB file on both paths. Results:
``bench/results/imports-<date>-<backend>.json`` and a line per run in ``bench/results/IMPORTS.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results"
TODAY = "2026-11-26"
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
HEADER = [
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục",
    "Lĩnh vực",
    "Đơn vị tiếp nhận",
    "Kênh nộp",
    "Trạng thái",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Ngày có kết quả",
    "Số ngày chờ bổ sung",
    "Phiếu xin lỗi",
    "Thanh toán trực tuyến",
    "Số hóa",
    "Bộ phận xử lý",
]


def make_database(backend: str) -> str:
    """An empty database with the sample's units, fields and procedures; its URL."""
    from sqlalchemy import create_engine, text

    from dashboard.storage.db import make_engine, migrate
    from sample_data.generator import seed_database

    if backend == "sqlite":
        path = DATA / "import-bench.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text('drop database if exists "oversight_import_bench" with (force)'))
            c.execute(text('create database "oversight_import_bench"'))
        admin.dispose()
        url = PG_URL.rsplit("/", 1)[0] + "/oversight_import_bench"
    eng = make_engine(url)
    migrate(eng)
    seed_database(eng, scale=0, seed=42, today=date.fromisoformat(TODAY))
    eng.dispose()
    return url


def make_file(url: str, mb: int) -> Path:
    """A dossier export of about ``mb`` megabytes on today's communes (deterministic)."""
    from sqlalchemy import select

    from dashboard.storage.db import make_engine
    from dashboard.storage.schema import admin_unit, field, procedure

    path = DATA / f"dossiers-{mb}mb.csv"
    if path.exists() and mb * 2**20 * 0.98 <= path.stat().st_size < mb * 2**20:
        return path
    eng = make_engine(url)
    with eng.connect() as conn:
        communes = conn.execute(
            select(admin_unit.c.code).where(
                admin_unit.c.level == "commune", admin_unit.c.valid_to.is_(None)
            )
        ).scalars()
        communes = sorted(communes)
        procs = conn.execute(
            select(procedure.c.name, field.c.name_vi, procedure.c.processing_days).join(
                field, field.c.id == procedure.c.field_id
            )
        ).all()
    eng.dispose()
    rng = random.Random(12)
    statuses = ["Đã trả kết quả", "Đã giải quyết", "Đang xử lý", "Chờ bổ sung", "Rút hồ sơ"]
    channels = ["Trực tuyến", "Trực tiếp", "Bưu chính công ích"]
    start, days = date(2025, 7, 1), (date(2026, 10, 31) - date(2025, 7, 1)).days
    last_day = date(2026, 11, 20)  # nothing after "today" (2026-11-26)
    target = mb * 2**20
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(HEADER)
        i = 0
        while f.tell() < target - 1024:
            i += 1
            unit = communes[i % len(communes)]
            name, fname, legal = procs[rng.randrange(len(procs))]
            recv = start + timedelta(days=rng.randrange(days))
            appt = recv + timedelta(days=max(1, legal + legal // 2))
            status = statuses[rng.randrange(len(statuses))] if i % 7 else "Đã trả kết quả"
            resolved = ""
            if status in ("Đã trả kết quả", "Đã giải quyết"):
                done = min(recv + timedelta(days=rng.randrange(1, legal + 4)), last_day)
                resolved = done.strftime("%d/%m/%Y")
            closed = status == "Rút hồ sơ"
            w.writerow(
                [
                    i,
                    f"BENCH.{unit}.{i:09d}",
                    name,
                    fname,
                    unit,
                    channels[i % 3],
                    status,
                    recv.strftime("%d/%m/%Y %H:%M")
                    if i % 2
                    else str((recv - date(1899, 12, 30)).days),
                    appt.strftime("%d/%m/%Y"),
                    resolved if not closed else recv.strftime("%d/%m/%Y"),
                    rng.choice(("0", "0", "0", "2")),
                    "Có" if i % 11 == 0 else "Không",
                    "Có" if i % 5 == 0 else "Không",
                    "Có" if i % 3 else "Không",
                    "Trung tâm Phục vụ hành chính công",
                ]
            )
    tmp.replace(path)
    return path


CHILD = r"""
import json, sys, time
sys.path.insert(0, {root!r})
mode, path, url = sys.argv[1], sys.argv[2], sys.argv[3]
import os
os.environ["DATABASE_URL"] = url
os.environ["OVERSIGHT_TODAY"] = {today!r}
t0 = time.perf_counter()
if mode == "cli":
    from dashboard.cli import main
    code = main(["import", "dossiers", path, "--format", "json", "--progress", "off"])
    out = dict(exit=code)
else:
    import io
    from dashboard.importers import run_import
    from dashboard.storage.db import get_engine
    data = open(path, "rb").read()  # what Streamlit holds for an upload
    res = run_import(get_engine(), "dossiers", io.BytesIO(data), "upload.csv", by="bench-page")
    out = dict(exit=0 if res.ok else 1, rows=res.rows, added=res.added, updated=res.updated,
               unchanged=res.unchanged)
out["seconds"] = time.perf_counter() - t0
hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM"))
out["peak_mb"] = int(hwm.split()[1]) / 1024
print("BENCH " + json.dumps(out), file=sys.stderr)
"""


def run_child(mode: str, path: Path, url: str) -> dict:
    code = CHILD.format(root=str(ROOT), today=TODAY)
    p = subprocess.run(
        [sys.executable, "-c", code, mode, str(path), url],
        capture_output=True,
        text=True,
        check=False,
    )
    line = next((ln for ln in p.stderr.splitlines() if ln.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"{mode} failed:\n{p.stderr[-3000:]}")
    out = json.loads(line[6:])
    if mode == "cli":
        report = json.loads(p.stdout)
        if report["errors"] or not report["rows"]:
            raise RuntimeError(f"{mode}: {report['problems'][:5]}")
        out.update(
            rows=report["rows"],
            added=report["added"],
            updated=report["updated"],
            unchanged=report["unchanged"],
            errors=report["errors"],
        )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=int, default=200)
    ap.add_argument("--backends", default="sqlite,postgresql")
    args = ap.parse_args(argv)
    DATA.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    lines = []
    for backend in args.backends.split(","):
        url = make_database(backend)
        path = make_file(url, args.mb)
        size_mb = path.stat().st_size / 2**20
        runs = {"cli": run_child("cli", path, url)}
        runs["cli_again"] = run_child("cli", path, url)
        url = make_database(backend)  # empty again: the page's path writes every row too
        runs["page"] = run_child("page", path, url)
        result = dict(
            backend=backend,
            file_mb=round(size_mb, 1),
            date=time.strftime("%Y-%m-%d"),
            runs=runs,
        )
        out = RESULTS / f"imports-{result['date']}-{backend}.json"
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
        for name, r in runs.items():
            rate = r["rows"] / r["seconds"] if r["seconds"] else 0
            lines.append(
                f"| {result['date']} | {backend} | {name} | {size_mb:.0f} MB | {r['rows']:,} | "
                f"{r['added']:,} / {r['updated']:,} / {r['unchanged']:,} | {r['seconds']:.0f} s | "
                f"{rate:,.0f} | {r['peak_mb']:.0f} MB |"
            )
            print(lines[-1], flush=True)
    md = RESULTS / "IMPORTS.md"
    if not md.exists():
        md.write_text(
            "# Import benchmark (bench/imports.py)\n\nBudget: peak memory < 500 MB for a "
            "200 MB dossier file, on the command line and the page's path.\n\n"
            "| date | database | run | file | rows | added / updated / unchanged | time | "
            "rows/s | peak memory |\n|---|---|---|---|---|---|---|---|---|\n"
        )
    with md.open("a") as f:
        f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
