"""``oversight metrics due-soon``: dossiers (or petitions) about to be late, without a browser.

    oversight metrics due-soon [--within N] [--unit CODE] [--as-of DATE] [--historical]
        [--by unit|department|field | --petitions] [--format table|json|csv]

One row per pending dossier whose effective due date falls within the next N working days
(default 3; today included, already overdue excluded), most urgent first: code, unit,
unit_name, department, procedure, field, status (portal code), status_name, received_date,
due_date, working_days_left.
``--by`` counts them per commune, department or field; ``--petitions`` lists the dialogue
petitions whose deadline is that near instead. ``--as-of`` defaults to today.
"""

from __future__ import annotations

from datetime import date

from dashboard.cli.common import CliError, engine, print_frame

OUT_COLUMNS = [
    "code",
    "unit",
    "unit_name",
    "department",
    "procedure",
    "field",
    "status",
    "status_name",
    "received_date",
    "due_date",
    "working_days_left",
]
BY_COLUMNS = {
    "unit": ["code", "name", "dossiers", "due_today", "due_next_day"],
    "department": ["unit", "unit_name", "department", "dossiers", "due_today", "due_next_day"],
    "field": ["code", "name_vi", "dossiers", "due_today", "due_next_day"],
}


def register(commands, metrics_commands) -> None:  # noqa: ANN001, ARG001 - argparse
    d = metrics_commands.add_parser(
        "due-soon",
        help="dossiers or petitions due within the next N working days",
        description=__doc__.split("\n\n", 1)[1],
    )
    d.add_argument("--within", type=int, default=3, metavar="N", help="working days (default 3)")
    d.add_argument("--unit", help="unit code (default: every unit)")
    d.add_argument("--as-of", dest="as_of", help="the day to count from, YYYY-MM-DD (today)")
    d.add_argument("--historical", action="store_true", help="units as they were, not today's")
    what = d.add_mutually_exclusive_group()
    what.add_argument("--by", choices=["unit", "department", "field"])
    what.add_argument(
        "--petitions", action="store_true", help="dialogue petitions whose deadline is near"
    )
    d.add_argument("--format", choices=["table", "json", "csv"], default="table")
    d.set_defaults(func=cmd_metrics_due_soon)


def as_of_date(text: str | None) -> date:
    from dashboard.storage.settings import today

    if not text:
        return today()
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise CliError(f"--as-of {text!r}: give a date as YYYY-MM-DD") from exc


def cmd_metrics_due_soon(args) -> int:  # noqa: ANN001
    from dashboard.i18n import t
    from queries import due_soon
    from queries.units import Scope, get_unit

    if not 0 <= args.within <= due_soon.MAX_WITHIN:
        raise CliError(f"--within {args.within}: give 0 to {due_soon.MAX_WITHIN} working days")
    as_of = as_of_date(args.as_of)
    scope = Scope(unit_code=args.unit, historical=args.historical)
    with engine().connect() as conn:
        if args.unit:
            get_unit(conn, args.unit)  # unknown unit: exit 2 with the code in the message
        if args.petitions:
            out = due_soon.petitions(conn, as_of, args.within, scope)
        elif args.by:
            out = due_soon.counts(conn, as_of, args.within, scope, by=args.by)
            out = out.reindex(columns=BY_COLUMNS[args.by])
        else:
            df = due_soon.dossiers(conn, as_of, args.within, scope)
            out = df.assign(
                field=df["field_vi"],
                status_name=[t(f"dossier_status_{s}", "vi") for s in df["status"]],
            ).reindex(columns=OUT_COLUMNS)
    print_frame(out, args.format)
    return 0
