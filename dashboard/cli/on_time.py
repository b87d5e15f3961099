"""``oversight metrics on-time``: the figures of the on-time pages, without a browser."""

from __future__ import annotations

import sys

import pandas as pd

from dashboard.cli.common import engine, print_frame
from dashboard.domain.periods import parse


def register(commands, metrics_commands) -> None:  # noqa: ANN001, ARG001 - argparse
    o = metrics_commands.add_parser("on-time", help="on-time rate, counts, online share, backlog")
    o.add_argument(
        "--period", required=True, help="2024, 2024-Q1, 2024-03 or 2024-01-01..2024-03-31"
    )
    o.add_argument(
        "--official",
        action="store_true",
        help="use the 15th-to-14th reporting period of the same name",
    )
    o.add_argument("--unit", help="unit code (default: every unit)")
    o.add_argument("--by", choices=["unit", "field", "channel", "month"])
    o.add_argument("--historical", action="store_true", help="units as they were, not today's")
    o.add_argument("--format", choices=["table", "json", "csv"], default="table")
    o.set_defaults(func=cmd_metrics_on_time)


def cmd_metrics_on_time(args) -> int:  # noqa: ANN001
    from queries import on_time

    period = parse(args.period, "official" if args.official else "calendar")
    scope = on_time.Scope(unit_code=args.unit, historical=args.historical)
    with engine().connect() as conn:
        if args.by:
            df = on_time.counts(conn, period, scope, by=args.by)
            df = on_time.named(conn, df, args.by)
            keep = {
                "unit": ["code", "name"],
                "field": ["code", "name_vi"],
                "channel": ["channel"],
                "month": ["month"],
            }[args.by]
            bl = (
                on_time.backlog(conn, period.end, scope, by=args.by)
                if args.by in ("unit", "field")
                else None
            )
            key = {"unit": "unit_id", "field": "field_id"}.get(args.by)
            if bl is not None and not df.empty:
                df = df.merge(bl, on=key, how="left")
            cols = (
                keep
                + _FIGURE_COLUMNS
                + (["pending_within", "pending_overdue"] if bl is not None else [])
            )
            out = df.reindex(columns=cols)
        else:
            df = on_time.counts(conn, period, scope)
            bl = on_time.backlog(conn, period.end, scope)
            out = pd.concat(
                [df[_FIGURE_COLUMNS], bl[["pending_within", "pending_overdue"]]], axis=1
            )
            out.insert(0, "period", period.label)
            out.insert(1, "unit", args.unit or "*")
        cov = on_time.report_coverage(conn, period, scope)
    if cov["units"]:
        # Said beside the figures (standard error: the table, CSV or JSON stays clean).
        span = f"{cov['first_start']:%d/%m/%Y}–{cov['last_end']:%d/%m/%Y}"
        what = "monthly rows leave out" if args.by == "month" else "figures include"
        print(
            f"note: {what} {cov['resolved']} resolved dossiers from the Biểu 06 reports of "
            f"{cov['units']} units for {span} (a report's figures belong to its reporting "
            "period, not to one month)",
            file=sys.stderr,
        )
    print_frame(out, args.format)
    return 0


_FIGURE_COLUMNS = [
    "resolved",
    "early",
    "on_time",
    "late",
    "on_time_rate",
    "received",
    "received_online",
    "online_share",
    "letters",
    "late_total",
    "apology_share",
    "avg_processing_days",
]
