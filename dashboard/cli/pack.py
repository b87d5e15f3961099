"""``oversight pack``: the quarterly briefing pack (PowerPoint deck and Excel workbook)."""

from __future__ import annotations

import sys
from pathlib import Path

from dashboard.domain.periods import parse


def register(commands, metrics_commands) -> None:  # noqa: ANN001, ARG001
    p = commands.add_parser("pack", help="build the briefing pack: .pptx and .xlsx")
    p.add_argument("--period", required=True, help="2025-Q3, 2025, 2025-09 or a date range")
    p.add_argument("--unit", required=True, help="unit code, e.g. 33 for Hưng Yên")
    p.add_argument(
        "--out",
        required=True,
        help="the deck, e.g. giao-ban-2025-Q3.pptx; the workbook is written beside it as .xlsx",
    )
    p.add_argument("--historical", action="store_true", help="units as they were, not today's")
    p.add_argument("--field", help="one field's figures (field code), as the pages' filter")
    p.add_argument("--lang", choices=["vi", "en"], default="vi")
    p.add_argument(
        "--within",
        type=int,
        default=3,
        metavar="N",
        help="dossiers and petitions due within N working days of today (default 3)",
    )
    p.set_defaults(func=cmd_pack)


def cmd_pack(args) -> int:  # noqa: ANN001
    from dashboard.cli.common import CliError, engine, record
    from dashboard.pack import build_deck, build_workbook, collect
    from dashboard.storage.settings import today
    from queries.units import Scope

    out = Path(args.out)
    if out.suffix.lower() != ".pptx":
        raise CliError("--out must name a .pptx file")
    period = parse(args.period)
    if not 0 <= args.within <= 30:
        raise CliError(f"--within {args.within}: give 0 to 30 working days")
    with engine().connect() as conn:
        scope = Scope(unit_code=args.unit, historical=args.historical, field_code=args.field)
        data = collect(conn, period, scope, args.lang, today(), args.within)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(build_deck(data, args.lang))
    xlsx = out.with_suffix(".xlsx")
    xlsx.write_bytes(build_workbook(data, args.lang))
    record(
        "export",
        f"pack unit={args.unit} period={period.label}"
        + (" historical" if args.historical else "")
        + (f" field={args.field}" if args.field else "")
        + " (command line)",
    )
    print(f"{out}\n{xlsx}", file=sys.stdout)
    return 0
