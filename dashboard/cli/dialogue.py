"""``oversight metrics dialogue``: the dialogue page's figures, from the same query functions.

    oversight metrics dialogue --period 2024-Q1 [--unit CODE] [--historical]
        [--by unit|topic|agency|month|quarter | --overdue | --compliance YEAR | --session CODE]
        [--format table|json|csv]

Without a choice: the headline (sessions, petitions and their states at the period's end,
resolved share, overdue backlog, median days to resolve). ``--by unit`` is the page's league
of the province's communes; ``--overdue`` the overdue petitions at the period's end, worst
first; ``--compliance YEAR`` each commune against the yearly dialogue conference (as of the
period's end when it falls in YEAR); ``--session CODE`` one session's petitions.
"""

from __future__ import annotations

from datetime import date

from dashboard.cli.common import CliError, engine, print_frame, require_within
from dashboard.domain.periods import parse

HEADLINE = [
    "sessions",
    "conferences",
    "petitions",
    "on_spot",
    "assigned",
    "resolved",
    "open",
    "overdue",
    "open_total",
    "resolved_share",
    "backlog_overdue",
    "resolved_in_period",
    "median_days",
]
GROUP_COLUMNS = {
    "unit": [
        "rank",
        "rank_low",
        "rank_high",
        "band",
        "few",
        "code",
        "name",
        "sessions",
        "conferences",
        "petitions",
        "on_spot",
        "resolved",
        "open",
        "overdue",
        "resolved_share",
        "backlog_overdue",
        "resolved_in_period",
        "median_days",
    ],
    "topic": [
        "topic",
        "sessions",
        "petitions",
        "on_spot",
        "resolved",
        "open",
        "overdue",
        "resolved_share",
        "backlog_overdue",
        "resolved_in_period",
        "median_days",
    ],
    "agency": [
        "assigned_agency",
        "sessions",
        "assigned",
        "resolved",
        "open",
        "overdue",
        "backlog_overdue",
        "resolved_in_period",
        "median_days",
    ],
    "month": [
        "month",
        "sessions",
        "conferences",
        "petitions",
        "on_spot",
        "open_total",
        "resolved_in_period",
    ],
}
GROUP_COLUMNS["quarter"] = ["quarter", *GROUP_COLUMNS["month"][1:]]
COMPLIANCE_COLUMNS = [
    "code",
    "name",
    "parent_name",
    "conferences",
    "sessions",
    "target",
    "required",
    "met_floor",
    "met",
    "status",
    "as_of",
    "missed",  # before 1 July 2025, in today's units: the former communes that missed it
]
OVERDUE_COLUMNS = [
    "days_overdue",
    "assigned_agency",
    "code",
    "name",
    "session_code",
    "seq",
    "held_on",
    "topic",
    "deadline",
    "summary",
]


def register(commands, metrics_commands) -> None:  # noqa: ANN001 - argparse sub-parsers
    d = metrics_commands.add_parser(
        "dialogue",
        help="dialogue sessions, petitions, overdue list, yearly conference",
        description=__doc__.split("\n\n", 1)[1],
    )
    d.add_argument(
        "--period", required=True, help="2024, 2024-Q1, 2024-03 or 2024-01-01..2024-03-31"
    )
    d.add_argument(
        "--official",
        action="store_true",
        help="use the 15th-to-14th reporting period of the same name",
    )
    d.add_argument("--unit", help="unit code (default: every unit)")
    d.add_argument("--historical", action="store_true", help="units as they were, not today's")
    what = d.add_mutually_exclusive_group()
    what.add_argument("--by", choices=["unit", "topic", "agency", "month", "quarter"])
    what.add_argument(
        "--overdue", action="store_true", help="petitions overdue at the period's end, worst first"
    )
    what.add_argument(
        "--compliance",
        type=int,
        metavar="YEAR",
        help="communes against the yearly dialogue conference (Law 10/2022 Art. 32)",
    )
    what.add_argument("--session", metavar="CODE", help="one session's petitions")
    d.add_argument("--format", choices=["table", "json", "csv"], default="table")
    d.set_defaults(func=cmd_metrics_dialogue)


def cmd_metrics_dialogue(args) -> int:  # noqa: ANN001
    from queries import dialogue
    from queries.units import Scope, get_unit

    period = parse(args.period, "official" if args.official else "calendar")
    scope = Scope(unit_code=args.unit, historical=args.historical)
    if args.compliance is not None and not 2000 <= args.compliance <= 2100:
        raise CliError(f"--compliance {args.compliance}: give a year between 2000 and 2100")
    with engine().connect() as conn:
        if args.unit:
            get_unit(conn, args.unit)  # unknown unit: exit 2 with the code in the message
        if args.by == "unit":
            out = dialogue.league(conn, period, scope).reindex(columns=GROUP_COLUMNS["unit"])
        elif args.by in ("topic", "agency"):
            out = dialogue.counts(conn, period, scope, by=args.by)
            out = out[
                (out["petitions"] > 0)
                | (out["backlog_overdue"] > 0)
                | (out["resolved_in_period"] > 0)
            ]
            out = out.reindex(columns=GROUP_COLUMNS[args.by])
        elif args.by in ("month", "quarter"):
            out = dialogue.trend(conn, period, scope, freq=args.by)
            out = out.rename(columns={"bucket": args.by}).reindex(columns=GROUP_COLUMNS[args.by])
        elif args.overdue:
            out = dialogue.overdue_petitions(conn, period.end, scope).reindex(
                columns=OVERDUE_COLUMNS
            )
        elif args.compliance is not None:
            year = args.compliance
            as_of = period.end if period.end.year == year else date(year, 12, 31)
            out = dialogue.compliance(conn, year, scope, as_of).reindex(columns=COMPLIANCE_COLUMNS)
            out["missed"] = [" ".join(m) for m in out["missed"]]
        elif args.session:
            try:
                info = dialogue.session_info(conn, args.session)
                require_within(conn, info["unit_code"], scope, f"session {args.session}")
                out = dialogue.session_petitions(conn, args.session, period.end)
            except dialogue.UnknownSession as exc:
                raise CliError(f"unknown session code {args.session!r}") from exc
        else:
            out = dialogue.counts(conn, period, scope).reindex(columns=HEADLINE)
            out.insert(0, "period", period.label)
            out.insert(1, "unit", args.unit or "*")
    print_frame(out, args.format)
    return 0
