"""Ranks, funnels and badges that admit their noise: the pure statistics
(``dashboard.domain.stats``), the one league helper (``queries.ranking``), the one funnel builder
(``dashboard.charts.funnel``) and the status rule (``dashboard.domain.status``), each on numbers
worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binom

from dashboard.domain import stats
from dashboard.domain.status import status_of
from queries.ranking import rank_league

# --- exact, two-sided funnel limits ------------------------------------------------------------


def test_funnel_limits_at_ten_records_are_exact_and_two_sided():
    # Binomial(10, 0.8): P(X ≤ 4) = 0.0064, P(X ≤ 5) = 0.0328. So 4 of 10 is below the 95 %
    # funnel and 5 of 10 is not (a normal approximation, 80 − 1.96 × 12.6 = 55.2 %, would
    # flag 5 of 10, which happens 3.3 % of the time). P(X = 10) = 0.8¹⁰ = 0.107 > 0.025:
    # nothing at n = 10 can be above it.
    assert binom.cdf(4, 10, 0.8) == pytest.approx(0.00637, abs=1e-5)
    assert binom.cdf(5, 10, 0.8) == pytest.approx(0.03279, abs=1e-5)
    lower, upper = stats.funnel_limits(80.0, [10])
    assert 40.0 < lower[0] <= 50.0
    assert upper[0] == 100.0
    assert stats.funnel_position([4, 5, 10], [10, 10, 10], 80.0) == ["below", "within", "within"]
    # Both sides exist: 9 of 10 at a pooled 50 % is above (P(X ≥ 9) = 11/1024 = 1.1 %).
    assert stats.funnel_position([9, 1, 0], [10, 10, 10], 50.0) == ["above", "below", "below"]
    assert stats.funnel_position([1], [0], 50.0) == [None]


@pytest.mark.parametrize("p0", [50.0, 85.0, 95.0])
@pytest.mark.parametrize("n", [10, 30, 100, 1000])
def test_funnel_limits_are_crossed_at_most_two_and_a_half_percent_each_side(p0, n):
    x = np.arange(n + 1)
    pmf = binom.pmf(x, n, p0 / 100)
    lower, upper = stats.funnel_limits(p0, [n])
    below = pmf[100 * x / n < lower[0]].sum()
    above = pmf[100 * x / n > upper[0]].sum()
    assert below <= 0.025 and above <= 0.025
    # ... and as close to it as whole counts allow: one more count would cross 2.5 %.
    assert below + pmf[x == int(np.ceil(lower[0] * n / 100 - 1e-9))].sum() > 0.025 or below == 0
    # The drawn lines and the table's column agree on every count.
    pos = stats.funnel_position(x, [n] * (n + 1), p0)
    assert [p == "below" for p in pos] == list(100 * x / n < lower[0])
    assert [p == "above" for p in pos] == list(100 * x / n > upper[0])


# --- ranks --------------------------------------------------------------------------------------


def test_equal_rates_share_a_rank():
    # 95.0 and 95.04 are both shown as 95,0 %: rank 1 each; the next is 3rd, not 2nd.
    assert stats.competition_rank([95.0, 90.0, 95.04, 80.0, 90.0]).tolist() == [1, 3, 1, 5, 3]
    assert stats.competition_rank([3.0, 1.0, 2.0], higher_is_better=False).tolist() == [3, 1, 2]


def test_rank_intervals_and_bands():
    # 9,900 of 10,000 (99 %) is surely first and 100 of 1,000 (10 %) surely last; the two in
    # between (45 of 50, 8 of 10) cannot be told apart: each may be 2nd or 3rd.
    low, high = stats.rank_intervals([9900, 45, 8, 100], [10000, 50, 10, 1000])
    assert low.tolist() == [1, 2, 2, 4] and high.tolist() == [1, 3, 3, 4]
    # Seeded: the same data give the same intervals.
    again = stats.rank_intervals([9900, 45, 8, 100], [10000, 50, 10, 1000])
    assert again[0].tolist() == low.tolist() and again[1].tolist() == high.tolist()
    # Bands over 4 ranked units (half = 2): top when the whole interval is ≤ 2, bottom when
    # it is > 2, else middle.
    assert stats.rank_band([1, 1, 2, 3, 4], [2, 3, 4, 4, 4], 4) == [
        "top",
        "middle",
        "middle",
        "bottom",
        "bottom",
    ]
    assert stats.rank_band([1], [1], 1) == ["middle"]  # one ranked unit is no ranking


def test_rank_intervals_are_kept_for_the_same_counts():
    """The league and its "call first" list rank the same communes: drawn once. A caller
    changing what it got back does not change the next caller's intervals."""
    hits, n = [431, 45, 8, 100, 77], [500, 50, 10, 1000, 90]
    stats._rank_intervals.cache_clear()
    low, high = stats.rank_intervals(hits, n)
    want = (low.tolist(), high.tolist())
    low[:] = 0
    again = stats.rank_intervals(np.array(hits), np.array(n, dtype="int64"))
    assert (again[0].tolist(), again[1].tolist()) == want
    info = stats._rank_intervals.cache_info()
    assert (info.misses, info.hits) == (1, 1)
    other = stats.rank_intervals(hits, n, higher_is_better=False)
    assert stats._rank_intervals.cache_info().misses == 2  # other questions are drawn anew
    assert other[0].tolist() != want[0]


@pytest.mark.parametrize("k", [1, 2, 7, 60])
@pytest.mark.parametrize(("higher_is_better", "level"), [(True, 0.95), (False, 0.9)])
def test_rank_intervals_are_the_quantiles_of_the_ranks_drawn(k, higher_is_better, level):
    """The intervals read each unit's ranks off one count of them; they are exactly the
    quantiles (lower and higher) of the ranks of every draw, computed the plain way."""

    rng = np.random.default_rng(k)
    n = rng.integers(1, 500, k)
    hits = (n * rng.uniform(0, 1, k)).astype(int)
    draws = 2000
    sims = np.random.default_rng(stats.SEED).beta(hits + 0.5, n - hits + 0.5, size=(draws, k))
    ranks = (-sims if higher_is_better else sims).argsort(axis=1).argsort(axis=1) + 1
    tail = (1 - level) / 2
    want_low = np.quantile(ranks, tail, axis=0, method="lower")
    want_high = np.quantile(ranks, 1 - tail, axis=0, method="higher")
    low, high = stats.rank_intervals(hits, n, higher_is_better, level)
    assert low.tolist() == want_low.astype(int).tolist()
    assert high.tolist() == want_high.astype(int).tolist()


def _league():
    # code, name, ok, n: A 45/50 = 90 %, B 9/10 = 90 % (tie with A), C 60/100 = 60 %,
    # D 2/2 = 100 % (few), E no records.
    return pd.DataFrame(
        {
            "code": ["A", "B", "C", "D", "E"],
            "name": ["Xã A", "Xã B", "Xã C", "Xã D", "Xã E"],
            "ok": [45, 9, 60, 2, 0],
            "n": [50, 10, 100, 2, 0],
            "rate": [90.0, 90.0, 60.0, 100.0, float("nan")],
        }
    )


def test_rank_league_shares_ties_and_flags_few():
    df = rank_league(_league(), "ok", "n", "rate", min_n=5)
    # A and B share rank 1 (A first: more records); C is 3rd; D has 2 records: no rank,
    # after the ranked; E has none: last.
    assert df["code"].tolist() == ["A", "B", "C", "D", "E"]
    assert [None if pd.isna(r) else int(r) for r in df["rank"]] == [1, 1, 3, None, None]
    assert df["few"].tolist() == [False, False, False, True, True]
    assert df["band"].tolist()[3:] == [None, None]
    # Peers' pooled rate: (45 + 9 + 60 + 2) / (50 + 10 + 100 + 2) = 116 / 162 = 71.6 %.
    assert df["peer_rate"].iloc[0] == pytest.approx(100 * 116 / 162)
    # Against 71.6 %: A (45 of 50) is above (P(X ≥ 45 | 50, 0.716) < 0.025), C (60 of 100)
    # below, B (9 of 10) within; D within; E without records has no position.
    assert binom.sf(44, 50, 116 / 162) < 0.025 and binom.cdf(59, 100, 116 / 162) < 0.025
    assert df["funnel"].tolist()[:4] == ["above", "within", "below", "within"]
    assert pd.isna(df["funnel"].iloc[4])
    # C may be 2nd (B rests on 10 dossiers and could truly be below 60 %) or 3rd: interval
    # 2–3, wholly in the worse half of the three ranked (> 1.5): bottom group.
    c = df[df.code == "C"].iloc[0]
    assert (int(c["rank_low"]), int(c["rank_high"]), c["band"]) == (2, 3, "bottom")


def test_tied_units_hold_their_shared_place_within_their_interval():
    # Twenty communes all at 100 % share rank 1; the simulation would put most of them at
    # 2nd or lower, but the interval shown must hold the place shown.
    df = pd.DataFrame(
        {
            "code": [f"X{i}" for i in range(20)],
            "name": [f"Xã {i}" for i in range(20)],
            "ok": [50] * 20,
            "n": [50] * 20,
            "rate": [100.0] * 20,
        }
    )
    out = rank_league(df, "ok", "n", "rate", min_n=5)
    assert set(out["rank"]) == {1}
    assert (out["rank_low"] == 1).all() and (out["rank_high"] > 1).all()
    assert set(out["band"]) == {"middle"}


def test_rank_league_of_nothing():
    empty = _league().iloc[0:0]
    df = rank_league(empty, "ok", "n", "rate", min_n=5)
    assert df.empty and {"rank", "rank_low", "rank_high", "band", "funnel", "few"} <= set(df)


# --- the funnel builder ------------------------------------------------------------------------


def test_funnel_builder_draws_both_limits_around_the_peers_rate():
    from dashboard.charts.funnel import funnel

    league = rank_league(_league(), "ok", "n", "rate", min_n=5)
    fig = funnel(league, "vi", "Tỷ lệ", "Hồ sơ", highlight="C", hits="ok")
    lines = [tr for tr in fig.data if tr.mode == "lines"]
    assert len(lines) == 4  # lower and upper, at 95 % and 99.8 %
    centre = 100 * 116 / 162
    lo95 = [tr for tr in lines if tr.name == "Giới hạn 95%"]
    assert all(y < centre for y in lo95[0].y) and all(y > centre for y in lo95[1].y)
    names = {tr.name: tr for tr in fig.data if tr.mode and "markers" in tr.mode}
    assert list(names["Cao hơn giới hạn trên"].customdata[:, 0]) == ["A"]
    assert list(names["Thấp hơn giới hạn dưới"].customdata[:, 0]) == ["C"]
    few = names["Ít số liệu"]
    assert list(few.customdata[:, 0]) == ["D"] and few.marker.symbol == "circle-open"
    assert fig.layout.shapes[0].y0 == pytest.approx(centre)  # the centre line


# --- badges ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, n, expected",
    [
        (80.0, 10, "few"),  # 8 of 10 < the 30 asked: grey, whatever the gap
        (95.0, 100, "good"),
        (88.0, 100, "watch"),  # within the 5-point margin
        # 80 of 100: Wilson 71.1–86.7 % lies wholly below 90: bad.
        (80.0, 100, "bad"),
        # 25 of 30 = 83.3 %: 6.7 points short, but Wilson 66.4–92.7 % reaches 90: watch.
        (250 / 3, 30, "watch"),
        (None, 100, None),
    ],
)
def test_status_admits_noise(value, n, expected):
    assert status_of(value, 90.0, 5.0, n=n, min_n=30) == expected


def test_status_without_records_behind_is_the_plain_rule():
    # Counts (dialogue sessions, models per unit) have no binomial noise to allow for.
    assert status_of(0.0, 1.0) == "bad" and status_of(1.0, 1.0) == "good"
