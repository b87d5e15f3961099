"""``oversight metrics figures``: every subject's headline figures for one view, with the
counts they are made of and their definition: the numbers the overview, the subject pages
and the briefing pack show, from the same ``headline`` functions.

    oversight metrics figures --period 2025-Q3 [--unit CODE] [--historical] [--field CODE]
        [--subject on-time|satisfaction|dialogue|rollout|due-soon] [--within N]
        [--lang vi|en] [--format table|json|csv]
"""

from __future__ import annotations

import pandas as pd

from dashboard.cli.common import CliError, engine, print_frame
from dashboard.domain.periods import parse

SUBJECT_NAMES = {
    "on-time": "on_time",
    "satisfaction": "satisfaction",
    "dialogue": "dialogue",
    "rollout": "rollout",
    "due-soon": "due_soon",
    "index766": "index766",
}


def register(commands, metrics_commands) -> None:  # noqa: ANN001, ARG001 - argparse
    f = metrics_commands.add_parser(
        "figures", help="every subject's headline figures with numerator, denominator, definition"
    )
    f.add_argument("--period", required=True, help="2024, 2024-Q1, 2024-03 or a date range")
    f.add_argument(
        "--official", action="store_true", help="the 15th-to-14th reporting period of that name"
    )
    f.add_argument("--unit", help="unit code (default: every unit)")
    f.add_argument("--historical", action="store_true", help="units as they were, not today's")
    f.add_argument("--field", help="field code, as the pages' field filter")
    f.add_argument("--subject", choices=list(SUBJECT_NAMES), help="one subject only")
    f.add_argument(
        "--within", type=int, default=3, metavar="N", help="due soon: N working days (default 3)"
    )
    f.add_argument("--lang", choices=["vi", "en"], default="vi")
    f.add_argument("--format", choices=["table", "json", "csv"], default="table")
    f.set_defaults(func=cmd_metrics_figures)


def figures_frame(figs: dict, lang: str, within: int) -> pd.DataFrame:
    """One row per figure: subject, metric, label, value, numerator, denominator, kind,
    previous, change, last year, target, status, few, definition."""
    from dashboard.i18n import fmt_number, t
    from queries.figures import as_dict

    rows = []
    for subject, group in figs.items():
        for key, fig in group.items():
            if key == "weakest_element":  # the same Figure as one of the elements
                continue
            rows.append(
                {
                    "subject": subject,
                    **as_dict(fig),
                    "metric": key,
                    "label": t(fig.label, lang, n=fmt_number(within, lang)),
                    "definition": t(fig.definition, lang),
                }
            )
    cols = [
        "subject",
        "metric",
        "label",
        *[c for c in rows[0] if c not in ("subject", "metric", "label")],
    ]
    return pd.DataFrame(rows)[cols]


def cmd_metrics_figures(args) -> int:  # noqa: ANN001
    from dashboard.storage.settings import today
    from queries.figures import headlines
    from queries.units import Scope, get_unit

    period = parse(args.period, "official" if args.official else "calendar")
    if not 0 <= args.within <= 30:
        raise CliError(f"--within {args.within}: give 0 to 30 working days")
    scope = Scope(unit_code=args.unit, historical=args.historical, field_code=args.field)
    with engine().connect() as conn:
        if args.unit:
            get_unit(conn, args.unit)  # unknown unit: exit 2 with the code in the message
        figs = headlines(conn, period, scope, today(), args.within)
    if args.subject:
        figs = {SUBJECT_NAMES[args.subject]: figs[SUBJECT_NAMES[args.subject]]}
    out = figures_frame(figs, args.lang, args.within)
    out.insert(0, "period", period.label)
    out.insert(1, "unit", args.unit or "*")
    out.insert(2, "historical", bool(args.historical))
    print_frame(out, args.format)
    return 0
