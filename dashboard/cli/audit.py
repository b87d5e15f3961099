"""``oversight audit``: the record of sign-ins, imports, exports, user changes and refusals.

    oversight audit [--since 2026-11-01] [--until 2026-12-01] [--actor NAME] [--action login]
                    [--limit N] [--format table|csv|json] [--out FILE]

Newest first. ``--out`` writes the export to a file (CSV with a BOM for Excel, or JSON); the
export itself is recorded.
"""

from __future__ import annotations

import io
import sys
from datetime import date, datetime, timedelta
from pathlib import Path


def register(commands, metrics_commands) -> None:  # noqa: ANN001, ARG001 - argparse
    from dashboard.access.audit import ACTIONS

    s = commands.add_parser(
        "audit",
        help="list or export the audit record (sign-ins, imports, exports, user changes)",
        description=__doc__,
        formatter_class=_raw(),
    )
    s.add_argument("--since", type=_day, help="from this date (YYYY-MM-DD), inclusive")
    s.add_argument("--until", type=_day, help="up to this date (YYYY-MM-DD), inclusive")
    s.add_argument("--actor", help="only this actor (a username, or ? for unknown names)")
    s.add_argument("--action", choices=ACTIONS, help="only this kind of event")
    s.add_argument("--limit", type=int, help="at most this many events (newest first)")
    s.add_argument("--format", choices=["table", "csv", "json"], default="table")
    s.add_argument("--out", help="write to this file instead of the screen (.csv or .json)")
    s.set_defaults(func=cmd_audit)


def _raw():  # noqa: ANN202
    import argparse

    return argparse.RawDescriptionHelpFormatter


def _day(text: str) -> date:
    import argparse

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def cmd_audit(args) -> int:  # noqa: ANN001
    from dashboard.access import audit
    from dashboard.cli.common import CliError, engine, print_frame, record

    fmt = args.format
    if args.out:
        out_path = Path(args.out)
        if not out_path.parent.exists():
            raise CliError(f"no such directory: {out_path.parent}")
        if fmt == "table":
            fmt = "json" if out_path.suffix.lower() == ".json" else "csv"
    since = datetime.combine(args.since, datetime.min.time()) if args.since else None
    until = (
        datetime.combine(args.until + timedelta(days=1), datetime.min.time())
        if args.until
        else None
    )
    eng = engine()
    with eng.connect() as conn:
        df = audit.events(conn, since, until, args.actor, args.action, args.limit)
    df["at"] = [str(v)[:19] for v in df["at"]]
    if args.out:
        buf = io.StringIO()
        print_frame(df, fmt, out=buf)
        data = buf.getvalue()
        out_path.write_bytes(data.encode("utf-8-sig" if fmt == "csv" else "utf-8"))
        print(f"{len(df)} events written to {out_path}")
    elif fmt == "table" and df.empty:
        print("no audit events match")
    else:
        print_frame(df.fillna("") if fmt == "table" else df, fmt, out=sys.stdout)
    if fmt in ("csv", "json"):
        record(
            "export",
            f"audit {len(df)} events format={fmt}" + (f" out={args.out}" if args.out else ""),
        )
    return 0
