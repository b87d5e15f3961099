"""``oversight metrics satisfaction``: the satisfaction page's figures without a browser.

    oversight metrics satisfaction --period 2024-Q1 [--unit CODE] [--field CODE]
        [--by unit|element|channel|month|rating|comments] [--historical] [--official]
        [--format table|json|csv]

Without ``--by``: the headline (rate, responses, previous period, same period last year,
target, status, weakest element). ``--by unit`` is the page's league of peer communes,
``element`` the five SIPAS elements, ``channel`` the rating channels, ``month`` the monthly
trend over the period, ``rating`` the spread of the five ratings, ``comments`` the latest
negative comments. Same query functions as the page (queries.satisfaction).
"""

from __future__ import annotations

import pandas as pd

BY = ("unit", "element", "channel", "month", "rating", "comments")


def register(commands, metrics_commands) -> None:  # noqa: ANN001 - argparse subparsers
    s = metrics_commands.add_parser(
        "satisfaction", help="satisfaction rate, SIPAS elements, league, channels, ratings"
    )
    s.add_argument(
        "--period", required=True, help="2024, 2024-Q1, 2024-03 or 2024-01-01..2024-03-31"
    )
    s.add_argument(
        "--official",
        action="store_true",
        help="use the 15th-to-14th reporting period of the same name",
    )
    s.add_argument("--unit", help="unit code (default: every unit)")
    s.add_argument("--field", help="field code: only ratings that carry this field")
    s.add_argument("--by", choices=BY)
    s.add_argument("--historical", action="store_true", help="units as they were, not today's")
    s.add_argument("--limit", type=int, default=20, help="rows of --by comments (default 20)")
    s.add_argument("--format", choices=["table", "json", "csv"], default="table")
    s.set_defaults(func=cmd_metrics_satisfaction)


def cmd_metrics_satisfaction(args) -> int:  # noqa: ANN001
    from dashboard.cli.common import engine, print_frame
    from dashboard.domain.periods import parse
    from queries import satisfaction as q
    from queries.units import Scope

    period = parse(args.period, "official" if args.official else "calendar")
    scope = Scope(unit_code=args.unit, historical=args.historical, field_code=args.field)
    with engine().connect() as conn:
        if args.by is None:
            out = _headline(q.headline(conn, period, scope), q.ELEMENTS)
            out.insert(0, "period", period.label)
            out.insert(1, "unit", args.unit or "*")
        elif args.by == "unit":
            df = q.league(conn, period, scope)
            out = df.reindex(
                columns=[
                    "rank",
                    "rank_low",
                    "rank_high",
                    "band",
                    "funnel",
                    "code",
                    "name",
                    "responses",
                    "satisfied",
                    "satisfaction_rate",
                    "ci_low",
                    "ci_high",
                    "previous_rate",
                    "change",
                    "few",
                    "weakest_element",
                    *[f"{e}_rate" for e in q.ELEMENTS],
                ]
            )
        elif args.by == "element":
            out = q.elements(conn, period, scope)
        elif args.by == "channel":
            out = q.by_channel(conn, period, scope).reindex(
                columns=[
                    "channel",
                    "responses",
                    "share",
                    "satisfied",
                    "satisfaction_rate",
                    "r5",
                    "r4",
                    "r3",
                    "r2",
                    "r1",
                ]
            )
        elif args.by == "month":
            out = (
                q.trend(conn, period, scope, "month")
                .reindex(
                    columns=[
                        "label",
                        "responses",
                        "satisfied",
                        "satisfaction_rate",
                        "target",
                        *[f"{e}_rate" for e in q.ELEMENTS],
                    ]
                )
                .rename(columns={"label": "month"})
            )
        elif args.by == "rating":
            out = q.distribution(conn, period, scope)
        else:
            out = q.negative_comments(conn, period, scope, limit=args.limit).reindex(
                columns=["responded_on", "unit", "field_vi", "overall", "channel", "comment"]
            )
    print_frame(out, args.format)
    return 0


def _headline(fig: dict, elements: tuple[str, ...]) -> pd.DataFrame:
    rate = fig["satisfaction_rate"]
    weakest = fig.get("weakest_element")
    row = {
        "responses": fig["responses"].n,
        "satisfaction_rate": rate.value,
        "previous_rate": rate.previous,
        "change": rate.change,
        "last_year_rate": rate.last_year,
        "target": rate.target,
        "status": rate.status,
        "few": rate.few,
        "dissatisfied_share": fig["dissatisfied_share"].value,
        "weakest_element": weakest.metric if weakest else None,
        "weakest_rate": weakest.value if weakest else None,
    }
    for e in elements:
        row[f"{e}_rate"] = fig[e].value
    return pd.DataFrame([row])
