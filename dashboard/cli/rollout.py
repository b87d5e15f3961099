"""``oversight metrics rollout``: the figures of the rollout page, without a browser.

    oversight metrics rollout [--as-of DATE | --period P] [--unit CODE] [--model CODE]
                      [--by model|unit|stage] [--effect ROLLOUT_ID [--event-study]]
                      [--effect-pooled] [--months N] [--compliance YEAR] [--historical]
                      [--format table|json|csv]

Without --by, --effect, --effect-pooled or --compliance: one row per rollout with its stage at
the date. --effect: per metric, the difference in differences with its 95 % interval (ci_low,
ci_high), the placebo (placebo_did), enough_data, the verdict and the comparison communes'
codes; with --event-study, the gap month by month instead. --model CODE --effect-pooled: the
model's pooled effect over all its launched rollouts, the same way.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.cli.common import CliError, engine, print_frame, require_within
from dashboard.domain.periods import parse
from dashboard.storage import settings

LIST_COLUMNS = [
    "rollout_id",
    "model_code",
    "unit_code",
    "unit_name",
    "recorded_code",
    "recorded_name",
    "merged",
    "stage",
    "stage_on",
    "active",
    "overdue_launched",
    "review_overdue",
    "latest_share_met",
    "ready_to_replicate",
]


def register(commands, metrics_commands) -> None:  # noqa: ANN001 - argparse subparsers
    r = metrics_commands.add_parser(
        "rollout",
        help="reform-model rollouts: stages, counts, effect, compliance",
        description=__doc__,
    )
    when = r.add_mutually_exclusive_group()
    when.add_argument(
        "--as-of", help="the date the stages are read at, YYYY-MM-DD (default: today)"
    )
    when.add_argument("--period", help="use the last day of this period (2024, 2024-Q1, 2024-03)")
    r.add_argument("--unit", help="unit code (default: every unit)")
    r.add_argument("--model", help="model code, e.g. HY-DVK-CQPV")
    r.add_argument("--by", choices=["model", "unit", "stage"], help="count rollouts by")
    r.add_argument(
        "--effect",
        type=int,
        metavar="ROLLOUT_ID",
        help="before/after launch against comparable communes (difference in differences)",
    )
    r.add_argument(
        "--event-study",
        action="store_true",
        help="with --effect: the gap to the comparison group month by month (quarter for "
        "satisfaction), 12 before to 12 after launch, with 95 %% bands",
    )
    r.add_argument(
        "--effect-pooled",
        action="store_true",
        help="with --model: the model's pooled effect over all its launched rollouts",
    )
    r.add_argument(
        "--months",
        type=int,
        default=6,
        help="months before and after launch for --effect (default %(default)s)",
    )
    r.add_argument(
        "--compliance", type=int, metavar="YEAR", help="communes without an active model in YEAR"
    )
    r.add_argument("--historical", action="store_true", help="units as they were, not today's")
    r.add_argument("--format", choices=["table", "json", "csv"], default="table")
    r.set_defaults(func=cmd_metrics_rollout)


def _as_of(args) -> date:  # noqa: ANN001
    if args.period:
        return parse(args.period).end
    if args.as_of:
        try:
            return date.fromisoformat(args.as_of)
        except ValueError as exc:
            raise CliError(f"cannot read date {args.as_of!r}; use YYYY-MM-DD") from exc
    return settings.today()


def _iso(df: pd.DataFrame) -> pd.DataFrame:
    """Dates as ISO text and lists as text, so every format prints them the same way."""
    df = df.copy()
    for c in df.columns:
        if df[c].dtype == object:
            df[c] = [v.isoformat() if isinstance(v, date) else v for v in df[c]]
    return df


def cmd_metrics_rollout(args) -> int:  # noqa: ANN001
    from queries import rollout as ro
    from queries.units import Scope

    as_of = _as_of(args)
    scope = Scope(unit_code=args.unit, historical=args.historical)
    if args.months < 1:
        raise CliError("--months must be at least 1")
    with engine().connect() as conn:
        try:
            if args.model:
                ro.model_id(conn, args.model)
            if args.effect_pooled:
                if not args.model:
                    raise CliError("--effect-pooled needs --model CODE")
                out = ro.pooled_table(ro.pooled_effect(conn, args.model, args.months))
            elif args.effect is not None:
                info = ro.rollout_info(conn, args.effect, as_of, args.historical)
                require_within(conn, info["recorded_code"], scope, f"rollout {args.effect}")
                if args.event_study:
                    out = ro.event_study(conn, args.effect, args.months)
                    if out.empty:
                        raise CliError(
                            f"rollout {args.effect} was never launched: no effect to measure"
                        )
                else:
                    e = ro.effect(conn, args.effect, args.months)
                    if e is None:
                        raise CliError(
                            f"rollout {args.effect} was never launched: no effect to measure"
                        )
                    out = ro.effect_table(e)
            elif args.compliance is not None:
                c = ro.compliance(conn, args.compliance, scope)
                out = c.missing.assign(
                    year=c.year,
                    required=c.required,
                    missed=[" ".join(m) for m in c.missing["missed"]],
                ).drop(columns=["missed_names"])
            elif args.by:
                out = ro.counts_by(conn, as_of, scope, by=args.by, model_code=args.model)
            else:
                out = ro.rollouts(conn, as_of, scope, args.model)[LIST_COLUMNS]
                out.insert(0, "as_of", as_of)
        except ro.UnknownModel as exc:
            raise CliError(f"unknown model code {exc.args[0]!r}") from exc
        except ro.UnknownRollout as exc:
            raise CliError(f"unknown rollout id {exc.args[0]!r}") from exc
    print_frame(_iso(out), args.format)
    return 0
