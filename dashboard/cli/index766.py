"""``oversight metrics index766``: the national service index (QĐ 766) scorecard, estimated.

    oversight metrics index766 --period P [--unit CODE] [--department ID] [--historical]
        [--format table|json|csv]

One row per indicator of the decision's table (payment is one indicator; its parts A, B, C
are fields of it): group (Vietnamese, as DOMAIN.md names it), indicator, numerator,
denominator, ratio (percent, 2 decimals), score (null: no data, or not determined for the
online services), max_score, official_score (null until the portal's figures are imported),
status (ok, no_data, undetermined, full_no_pakn). The table adds the total out of 100 with
the points not determined and without data. Periods are calendar periods, as the portal's.
"""

from __future__ import annotations

import json
import math
import sys

import pandas as pd

from dashboard.cli.common import CliError, engine, print_frame
from dashboard.domain.periods import parse

OUT_COLUMNS = [
    "code",
    "group",
    "indicator",
    "numerator",
    "denominator",
    "ratio",
    "score",
    "max_score",
    "official_score",
    "status",
]
PARTS = ("a", "b", "c")


def register(commands, metrics_commands) -> None:  # noqa: ANN001, ARG001 - argparse
    o = metrics_commands.add_parser(
        "index766",
        help="the national service index (QĐ 766): every indicator, its points, the total",
        description=__doc__.split("\n\n", 1)[1],
    )
    o.add_argument("--period", required=True, help="2024, 2024-Q1 or 2024-03 (calendar)")
    o.add_argument("--unit", help="unit code (default: every unit)")
    o.add_argument("--department", type=int, help="a department's id: its dossiers only")
    o.add_argument("--historical", action="store_true", help="units as they were, not today's")
    o.add_argument("--format", choices=["table", "json", "csv"], default="table")
    o.set_defaults(func=cmd_metrics_index766)


def _num(v):  # noqa: ANN001, ANN202
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return round(float(v), 2) if isinstance(v, float) else int(v)


def records(card: pd.DataFrame) -> list[dict]:
    """The JSON list: one object per indicator, payment's parts as fields a, b, c."""
    out = []
    for r in card.to_dict("records"):
        o = {
            k: _num(r[k]) if k in ("numerator", "denominator", "ratio", "score") else r[k]
            for k in OUT_COLUMNS
            if k in r
        }
        o["max_score"] = float(r["max_score"])
        o["official_score"] = _num(r.get("official_score"))
        o["difference"] = _num(r.get("difference"))
        o["flagged"] = bool(r.get("flagged", False))
        if r["code"] == "payment":
            for p in PARTS:
                n, d = _num(r[f"{p}_numerator"]), _num(r[f"{p}_denominator"])
                o[p] = dict(numerator=n, denominator=d, ratio=round(n / d, 4) if d else None)
        out.append(o)
    return out


def cmd_metrics_index766(args) -> int:  # noqa: ANN001
    from queries import index766
    from queries.units import Scope, get_unit

    period = parse(args.period)
    scope = Scope(unit_code=args.unit, historical=args.historical)
    with engine().connect() as conn:
        if args.unit:
            get_unit(conn, args.unit)
        try:
            card = index766.scorecard(conn, period, scope, department_id=args.department)
        except LookupError as exc:
            raise CliError(f"--department {args.department}: no such department") from exc
    if args.format == "json":
        print(json.dumps(records(card), ensure_ascii=False, indent=2))
        return 0
    flat = card.reindex(
        columns=OUT_COLUMNS + [f"{p}_{k}" for p in PARTS for k in ("numerator", "denominator")]
    )
    if args.format == "csv":
        print_frame(flat, "csv")
        return 0
    print_frame(flat.reindex(columns=OUT_COLUMNS), "table")
    t = index766.total(card)
    official = (
        f"; chính thức {t['official_score']:.2f} (chênh {t['difference']:+.2f})"
        if t["official_score"] is not None
        else ""
    )
    print(
        f"\nTổng (ước tính) {t['score']:.2f} / 100; chưa xác định {t['undetermined']:g} điểm; "
        f"không có dữ liệu {t['no_data']:g} điểm{official}",
        file=sys.stdout,
    )
    return 0
