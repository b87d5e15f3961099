"""One league helper for every subject: ranks that admit their noise.

Grain: one row per peer unit, as the subject's league query hands it over (``hits`` and ``n``
columns: on-time dossiers / resolved, satisfied / responses, petitions resolved / raised).
``rank_league`` adds, the same way on every page:

- ``few``: fewer records than the subject's minimum; such a unit gets no rank, no band and a
  grey badge, and is listed after the ranked units;
- ``rank``: competition ranks among the others, ties (equal as shown, to the tenth of a point)
  sharing the better place (1, 2, 2, 4);
- ``rank_low`` / ``rank_high``: the 95 % interval of that rank (``stats.rank_intervals``,
  seeded), and ``band``: top / middle / bottom — whether the interval lies wholly in the better
  or the worse half of the ranked units;
- ``peer_rate``: the peers' pooled rate (all peers with records, few ones included), the
  centre of every funnel plot, and ``funnel``: below / within / above its exact 95 % limits.

The funnel builder (``dashboard.charts.funnel``) draws from these columns, so the picture and
the table cannot disagree. No SQL here: the subject's query fetches, this ranks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.domain import stats

LEAGUE_COLUMNS = ["few", "rank", "rank_low", "rank_high", "band", "peer_rate", "funnel"]


def rank_league(
    df: pd.DataFrame,
    hits: str,
    n: str,
    rate: str,
    min_n: int,
    higher_is_better: bool = True,
    tie_breaks: list[tuple[str, bool]] | None = None,
) -> pd.DataFrame:
    """Rank ``df`` (see the module docstring). Rows are returned ranked units first, best
    first, then units with few records, then units without a rate; ``tie_breaks`` orders
    within equal rates (column, ascending), after more records first."""
    cnt = pd.to_numeric(df[n]).fillna(0)
    ok = pd.to_numeric(df[hits]).fillna(0)
    value = pd.to_numeric(df[rate]).astype("float64")
    few = (cnt < min_n).to_numpy()
    ranked = ~few & value.notna().to_numpy() & (cnt > 0).to_numpy()
    # Built as whole columns and added in one step: placing the ranked rows' values with
    # ``.loc`` took ~1.5 ms a column, and every league on a page goes through here.
    rank, rank_low, rank_high = (pd.array([pd.NA] * len(df), dtype="Int64") for _ in range(3))
    band = np.full(len(df), None, dtype=object)
    if ranked.any():
        placed = stats.competition_rank(value[ranked], higher_is_better)
        low, high = stats.rank_intervals(
            ok[ranked].astype("int64"), cnt[ranked].astype("int64"), higher_is_better
        )
        # Units tied in the table share the best place; the simulation orders them, so the
        # interval is widened to hold the place shown (a "1 (2–70)" would contradict itself).
        low, high = np.minimum(low, placed), np.maximum(high, placed)
        rank[ranked], rank_low[ranked], rank_high[ranked] = placed, low, high
        band[ranked] = stats.rank_band(low, high, int(ranked.sum()))
    centre = stats.pooled_rate(ok[cnt > 0], cnt[cnt > 0])
    added = pd.DataFrame(
        {
            "few": few,
            "rank": rank,
            "rank_low": rank_low,
            "rank_high": rank_high,
            "band": pd.Series(band, index=df.index, dtype=object),
            "peer_rate": float("nan") if centre is None else centre,
            "funnel": stats.funnel_position(ok.astype("int64"), cnt.astype("int64"), centre),
        },
        index=df.index,
    )
    out = pd.concat([df.drop(columns=LEAGUE_COLUMNS, errors="ignore"), added], axis=1)
    order = pd.DataFrame(
        {
            "_group": [
                0 if r else (1 if v == v else 2) for r, v in zip(ranked, value, strict=True)
            ],
            "_value": -value if higher_is_better else value,
            "_n": -cnt,
        },
        index=out.index,
    )
    keys, asc = ["_group", "_value", "_n"], [True, True, True]
    for col, ascending in tie_breaks or []:
        order[col] = out[col]
        keys.append(col)
        asc.append(ascending)
    order = order.sort_values(keys, ascending=asc, na_position="last", kind="stable")
    return out.loc[order.index].reset_index(drop=True)
