"""``oversight import`` and ``oversight template``: real data in, row by row, nothing lost.

    oversight [--as USER] import KIND FILE [--dry-run] [--valid-only] [--mapping FILE]
                     [--period P] [--unit CODE] [--format table|json] [--progress auto|on|off]
    oversight template KIND --out FILE          (FILE.csv, or FILE.xlsx; for report: Biểu 06)

KIND: dossiers, report, satisfaction, dialogue, rollout, assessments, targets.
Exit codes: 0 written (or a clean dry run, or nothing new to write); 1 the file has problems
(the report is printed, nothing written unless --valid-only); 2 usage errors. Accepted columns:
docs/IMPORTS.md. The importer recorded is the ``--as`` user (whose unit limits the rows
accepted) or the operating-system user, with the operating-system user beside it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def register(commands, metrics_commands) -> None:  # noqa: ANN001 - argparse subparsers
    from dashboard.importers import KINDS

    s = commands.add_parser(
        "import",
        help="validate a file and write it (dossiers, report form, satisfaction, ...)",
        description=__doc__,
        formatter_class=_raw(),
    )
    s.add_argument("kind", choices=list(KINDS))
    s.add_argument("file", help="CSV (UTF-8) or XLSX (index766: also the portal's JSON)")
    s.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    s.add_argument(
        "--valid-only",
        action="store_true",
        help="write the valid rows even if other rows have errors",
    )
    s.add_argument("--mapping", help='column mapping: CSV "their header,our column" or JSON')
    s.add_argument(
        "--period",
        help="report form: 2024-Q1 (15/12/2023–14/03/2024), 2024, 2024-03 or "
        "2024-01-01..2024-03-31; index766: the calendar period when the file does not say",
    )
    s.add_argument(
        "--unit",
        help="report form only: the unit the form is for, when its title does not say "
        "(checked against the title when it does)",
    )
    s.add_argument(
        "--progress",
        choices=["auto", "on", "off"],
        default="auto",
        help="a progress bar on standard error (auto: when it is a terminal)",
    )
    s.add_argument("--format", choices=["table", "json"], default="table")
    s.set_defaults(func=cmd_import)

    t = commands.add_parser("template", help="write the template of an import kind")
    t.add_argument("kind", choices=list(KINDS))
    t.add_argument("--out", required=True, help="FILE.csv or FILE.xlsx")
    t.set_defaults(func=cmd_template)


def _raw():  # noqa: ANN202
    import argparse

    return argparse.RawDescriptionHelpFormatter


def cmd_import(args) -> int:  # noqa: ANN001
    from dashboard.cli.common import CliError, acting_user, actor
    from dashboard.domain.periods import parse as parse_period
    from dashboard.importers import MappingError, import_engine, load_mapping, run_import
    from dashboard.importers.report import cli_period
    from dashboard.storage.db import check_connection, migrate

    path = Path(args.file)
    if not path.is_file():
        raise CliError(f"no such file: {args.file}")
    mapping = None
    if args.mapping:
        mpath = Path(args.mapping)
        if not mpath.is_file():
            raise CliError(f"no such mapping file: {args.mapping}")
        try:
            mapping = load_mapping(mpath.read_bytes(), mpath.name)
        except MappingError as exc:
            raise CliError(str(exc)) from None
    period = None
    if args.period:
        if args.kind not in ("report", "index766"):
            raise CliError("--period applies to the report and index766 kinds only")
        # The index uses calendar periods; the report form the 15th-to-14th regime.
        period = parse_period(args.period) if args.kind == "index766" else cli_period(args.period)
    if args.unit and args.kind != "report":
        raise CliError("--unit applies to the report kind only")
    # Who imports: the --as user (with the operating-system user beside it in the record), or
    # the operating-system user; never a name given as an option.
    by, os_user = actor()
    user = acting_user()
    engine = import_engine()
    check_connection(engine)  # a clear message (exit 3) when the database is down
    migrate(engine)
    from dashboard.storage.registers import NotReady, check_ready

    try:
        check_ready(engine)  # no units: every row would be refused; say what to run
    except NotReady as exc:
        raise CliError(str(exc)) from None
    try:
        show = args.progress == "on" or (args.progress == "auto" and sys.stderr.isatty())
        bar = ProgressBar(sys.stderr) if show else None
        res = run_import(
            engine,
            args.kind,
            path,  # read as a stream, never whole into memory
            path.name,
            mapping=mapping,
            period=period,
            unit=args.unit,
            by=by,
            os_user=os_user,
            scope_unit=user.unit if user is not None else None,
            dry_run=args.dry_run,
            valid_only=args.valid_only,
            progress=bar,
            max_bytes=None,  # read as a stream: the page's upload limit does not apply
        )
        if bar is not None:
            bar.close()
    except MappingError as exc:
        raise CliError(str(exc)) from None
    if args.format == "json":
        print(json.dumps(res.as_dict(), ensure_ascii=False, indent=2))
    else:
        print_report(res)
    return 0 if res.ok else 1


class ProgressBar:
    """One line on a terminal, redrawn: the bar, rows read / checked / written, the stage."""

    STAGES = {
        "read": "đọc, kiểm tra/reading, checking",
        "write": "ghi/writing",
        "rollups": "tổng hợp/rollups",
        "done": "xong/done",
    }

    def __init__(self, out, width: int = 28) -> None:  # noqa: ANN001
        self.out, self.width, self.drawn = out, width, False

    def __call__(self, p) -> None:  # noqa: ANN001 - a dashboard.importers.Progress
        filled = int(p.fraction * self.width)
        bar = "█" * filled + "░" * (self.width - filled)
        line = (
            f"\r{bar} {p.fraction:4.0%}  {p.rows_read:,} đọc/read · {p.rows_checked:,} kiểm "
            f"tra/checked · {p.rows_written:,} ghi/written  [{self.STAGES.get(p.stage, p.stage)}]"
        )
        self.out.write(line.ljust(120)[:160])
        self.out.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.out.write("\n")
            self.out.flush()


LEVEL = {"error": "lỗi/error", "warning": "cảnh báo/warning", "note": "ghi chú/note"}


def print_report(res, out=None) -> None:  # noqa: ANN001
    out = out or sys.stdout
    valid = res.rows - res.rejected
    head = (
        f"{res.kind}: {res.file_name} — {res.rows} dòng/rows, {valid} hợp lệ/valid, "
        f"{res.rejected} lỗi/with errors"
    )
    print(head, file=out)
    counts = (
        f"{res.added} thêm/added, {res.updated} cập nhật/updated, "
        f"{res.unchanged} không đổi/unchanged"
    )
    if res.written:
        until = f", dữ liệu đến/data until {res.data_until:%d/%m/%Y}" if res.data_until else ""
        print(
            f"ĐÃ GHI/WRITTEN (lô/batch {res.batch_id}): {counts}{until} [{res.seconds:.1f} s]",
            file=out,
        )
    elif res.dry_run and res.ok:
        print(f"CHẠY THỬ/DRY RUN, không ghi/nothing written: sẽ/would {counts}", file=out)
    elif res.errors and not res.ok:
        print(
            f"KHÔNG GHI/NOTHING WRITTEN: {len(res.errors)} lỗi/errors"
            + (
                ""
                if res.valid_only
                else " (--valid-only ghi các dòng hợp lệ / writes the valid rows)"
            ),
            file=out,
        )
    else:
        print(f"Không có gì thay đổi/nothing changed: {counts}", file=out)
    for p in res.problems:
        where = f"dòng/row {p.row}" if p.row is not None else "tệp/file"
        if p.sheet:
            where = f"trang/sheet “{p.sheet}” " + where
        parts = [where, LEVEL[p.level]]
        if p.column:
            parts.insert(1, p.column)
        if p.value is not None and p.value != "":
            parts.insert(2 if p.column else 1, json.dumps(p.value, ensure_ascii=False))
        print("  " + " | ".join(parts), file=out)
        print(f"      vi: {p.reason('vi')}", file=out)
        print(f"      en: {p.reason('en')}", file=out)


def cmd_template(args) -> int:  # noqa: ANN001
    from dashboard.cli.common import CliError
    from dashboard.importers import template

    out = Path(args.out)
    fmt = "xlsx" if out.suffix.lower() == ".xlsx" else "csv"
    if out.suffix.lower() not in (".csv", ".xlsx", ".txt"):
        raise CliError("--out must end in .csv or .xlsx")
    if not out.parent.exists():
        raise CliError(f"no such directory: {out.parent}")
    out.write_bytes(template(args.kind, fmt))
    print(f"wrote {out}")
    return 0
