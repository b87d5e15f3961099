"""``oversight directive add|update|list``: the directive register (kết luận chỉ đạo).

    oversight directive add --unit CODE --text TEXT --due DATE --meeting NAME
        [--meeting-date DATE] [--indicator KEY --period P [--field CODE] [--target X]]
        [--department NAME]
    oversight directive update ID [--status open|done|cancelled] [--note TEXT] [--on DATE]
        [--due DATE] [--target X]
    oversight directive list [--unit CODE] [--as-of DATE] [--closed-since DATE | --all]
        [--meeting-date DATE] [--format table|json|csv]

``add`` takes the indicator's value over ``--period`` (e.g. 2025-Q3) as the baseline, from the
same query the page shows. ``list`` prints one row per directive, overdue first: id, unit,
text, indicator, baseline, current, target, due, status (open, overdue, done, cancelled), and
unit_name, department, field, baseline_period, current_period, verdict, meeting,
meeting_date, last_note. By default it lists open ones and those closed in the last 90 days.
With ``--as USER`` only the user's units, and only roles that may record directives add or
update; writes go through ``OVERSIGHT_IMPORT_DATABASE_URL`` (the writing role) when set.
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from dashboard.cli.common import CliError, actor, engine, print_frame, record
from dashboard.cli.due_soon import as_of_date

LIST_COLUMNS = [
    "id",
    "unit",
    "text",
    "indicator",
    "baseline",
    "current",
    "target",
    "due",
    "status",
    "unit_name",
    "department",
    "field",
    "baseline_period",
    "current_period",
    "verdict",
    "meeting",
    "meeting_date",
    "last_note",
]
RECENT_DAYS = 90  # "recently closed": the list's and the page's default


def register(commands, metrics_commands) -> None:  # noqa: ANN001, ARG001 - argparse
    from queries.directives import INDICATORS

    d = commands.add_parser(
        "directive",
        help="the directive register: add, update, list",
        description=__doc__.split("\n\n", 1)[1],
    )
    dsub = d.add_subparsers(required=True, dest="directive_command")
    a = dsub.add_parser("add", help="record a directive")
    a.add_argument("--unit", required=True, help="the unit responsible (today's code)")
    a.add_argument("--text", required=True, help="what was asked")
    a.add_argument("--due", required=True, help="due date, YYYY-MM-DD")
    a.add_argument("--meeting", required=True, help="the meeting it came from")
    a.add_argument("--meeting-date", dest="meeting_date", help="the day given (today)")
    a.add_argument("--indicator", choices=list(INDICATORS), help="the figure it concerns")
    a.add_argument("--period", help="the period of the baseline value, e.g. 2025-Q3")
    a.add_argument("--field", help="the indicator's field code (dossier indicators)")
    a.add_argument("--target", help="the value to reach")
    a.add_argument("--department", help="the department responsible (its name)")
    a.set_defaults(func=cmd_add)
    u = dsub.add_parser("update", help="record progress, a new status, due date or target")
    u.add_argument("id", type=int)
    u.add_argument("--status", choices=["open", "done", "cancelled"])
    u.add_argument("--note", help="a progress note (cancelling needs one)")
    u.add_argument("--on", dest="noted_on", help="the note's date (today)")
    u.add_argument("--due", help="a new due date")
    u.add_argument("--target", help="a new target")
    u.set_defaults(func=cmd_update)
    ls = dsub.add_parser("list", help="the directives of a unit, overdue first")
    ls.add_argument("--unit", help="unit code (default: every unit you may see)")
    ls.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (today)")
    which = ls.add_mutually_exclusive_group()
    which.add_argument(
        "--closed-since",
        dest="closed_since",
        help=f"closed ones since this day (default: the last {RECENT_DAYS} days)",
    )
    which.add_argument("--all", action="store_true", help="every directive, however old")
    ls.add_argument("--meeting-date", dest="meeting_date", help="only those given that day")
    ls.add_argument("--format", choices=["table", "json", "csv"], default="table")
    ls.set_defaults(func=cmd_list)


_OPTIONS = {"meeting_date": "meeting-date", "noted_on": "on"}


def _problems(exc, what: str) -> CliError:  # noqa: ANN001
    """Each problem with the option it concerns, as an import names the column."""
    said = "; ".join(
        f"--{_OPTIONS.get(p.column, p.column)}: {p.reason('en')}" for p in exc.problems
    )
    return CliError(f"{what}: {said}")


def cmd_add(args) -> int:  # noqa: ANN001
    from dashboard.storage import directives as writes
    from dashboard.storage.settings import today

    name, who = actor()
    try:
        new_id = writes.add(
            engine(write=True),
            name,
            text=args.text,
            unit=args.unit,
            due=args.due,
            meeting=args.meeting,
            meeting_date=args.meeting_date,
            indicator=args.indicator,
            period=args.period,
            field_code=args.field,
            target=args.target,
            department_name=args.department,
            today=today(),
            os_user=who,
        )
    except writes.DirectiveInvalid as exc:
        raise _problems(exc, "the directive was not recorded") from None
    print(new_id)
    return 0


def cmd_update(args) -> int:  # noqa: ANN001
    from dashboard.storage import directives as writes
    from dashboard.storage.settings import today

    name, who = actor()
    try:
        said = writes.update_directive(
            engine(write=True),
            name,
            args.id,
            today=today(),
            status=args.status,
            note=args.note,
            noted_on=args.noted_on,
            due=args.due,
            target=args.target,
            os_user=who,
        )
    except writes.DirectiveInvalid as exc:
        raise _problems(exc, f"directive {args.id} was not updated") from None
    except LookupError:
        raise CliError(f"no directive {args.id}") from None
    print(f"directive {args.id}: " + "; ".join(said))
    return 0


def cmd_list(args) -> int:  # noqa: ANN001
    from queries import directives
    from queries.units import Scope, get_unit

    as_of = as_of_date(args.as_of)
    if args.all:
        since = None
    elif args.closed_since:
        since = as_of_date(args.closed_since)
    else:
        since = as_of - timedelta(days=RECENT_DAYS)
    meeting = as_of_date(args.meeting_date) if args.meeting_date else None
    with engine().connect() as conn:
        if args.unit:
            get_unit(conn, args.unit)
        df = directives.directives(
            conn, Scope(args.unit), as_of, closed_since=since, meeting_date=meeting
        )
    out = df.reindex(columns=LIST_COLUMNS)
    out["id"] = out["id"].astype("int64")
    for c in ("baseline", "current", "target"):  # numbers, rounded like every other figure
        out[c] = pd.to_numeric(out[c]).astype("float64")
    print_frame(out, args.format)
    if args.format in ("json", "csv"):
        record("export", f"directive list unit={args.unit or '-'} format={args.format}")
    return 0
