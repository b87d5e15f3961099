"""The evaluation's statistics (``dashboard.domain.stats``): the difference in differences with
its interval, the placebo, pooling and the event-study bands, on numbers worked out by hand and
on simulated provinces whose true effect is known."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dashboard.domain import stats

# --- hand-worked --------------------------------------------------------------------------------


def test_did_worked_by_hand():
    # Pilot 50/100 before, 70/100 after: +20. Comparison: (60/100 → 65/100) and
    # (40/100 → 45/100), pooled 100/200 → 110/200: +5. DiD = +15.
    # Pilot's binomial variance with the half-record correction: p = 50.5/101 = 0.5 →
    # 1e4 × 0.25 / 100 = 25; p = 70.5/101 = 0.69802 → 1e4 × 0.69802 × 0.30198 / 100 = 21.079.
    # Both communes change by exactly +5: nothing varies beyond noise (τ² = 0), and every
    # bootstrap resample of them changes by +5 (variance 0). SE = √46.079 = 6.788;
    # 95 %: 15 ± 1.96 × 6.788 = 1.70 … 28.30.
    d = stats.did((50, 100, 70, 100), np.array([[60, 100, 65, 100], [40, 100, 45, 100]]))
    assert d.unit_change == pytest.approx(20.0) and d.comparison_change == pytest.approx(5.0)
    assert d.did == pytest.approx(15.0)
    assert d.unit_var == pytest.approx(25.0 + 1e4 * (70.5 / 101) * (30.5 / 101) / 100)
    assert d.commune_var == 0.0 and d.comparison_var == pytest.approx(0.0, abs=1e-12)
    assert d.interval.se == pytest.approx(6.788, abs=1e-3)
    assert (d.interval.low, d.interval.high) == pytest.approx((1.696, 28.304), abs=1e-3)
    assert not d.interval.inconclusive  # it excludes a 5-point loss
    assert stats.did((0, 0, 5, 10), np.array([[1, 2, 1, 2]])) is None  # no records before


def test_rates_are_percent_and_nan_without_records():
    # 1 of 4 is 25 %, nothing of nothing is no rate (not 0 %), 3 over 2 days each is 1.5.
    r = stats.rates([1, 0, 3], [4, 0, 2])
    assert r[0] == 25.0 and math.isnan(r[1]) and r[2] == 150.0
    assert stats.rates([3], [2], scale=1.0).tolist() == [1.5]


def test_wilson_bounds_are_wilson_for_each_unit():
    """The league's intervals for all communes at once are, to the last bit, the one-unit
    Wilson interval of each (hand-worked: 8 of 10 gives 49.02 … 94.33 %)."""
    lo, hi = stats.wilson_bounds([8], [10])
    assert (lo[0], hi[0]) == pytest.approx((49.016, 94.332), abs=1e-3)
    rng = np.random.default_rng(7)
    n = np.concatenate([[0, 1, 2, 1_000_000], rng.integers(1, 5000, 300)])
    hits = np.concatenate([[0, 0, 2, 999_999], (n[4:] * rng.uniform(0, 1, 300)).astype(int)])
    low, high = stats.wilson_bounds(hits, n)
    for h, m, a, b in zip(hits, n, low, high, strict=True):
        want = stats.wilson(int(h), int(m))
        if m == 0:
            assert math.isnan(a) and math.isnan(b) and all(math.isnan(w) for w in want)
        else:
            assert (a, b) == want


def test_between_variance_worked_by_hand():
    # y = (0, 10), v = (1, 1): weights 1, mean 5, Q = 25 + 25 = 50, c = 2 − 2/2 = 1,
    # τ² = (50 − 1) / 1 = 49.
    assert stats.between_variance(np.array([0.0, 10.0]), np.array([1.0, 1.0])) == 49.0
    assert stats.between_variance(np.array([5.0, 5.0]), np.array([1.0, 1.0])) == 0.0


def test_pool_worked_by_hand():
    # 10 (SE 2) and 20 (SE 2): fixed-effect mean 15, Q = ¼·25 + ¼·25 = 12.5,
    # c = ½ − (⅛)/(½) = ¼, τ² = (12.5 − 1)/¼ = 46; weights 1/(4 + 46) = 0.02 each:
    # pooled 15, SE √(1/0.04) = 5.
    interval, tau2 = stats.pool([10.0, 20.0], [2.0, 2.0])
    assert tau2 == pytest.approx(46.0)
    assert interval.estimate == pytest.approx(15.0) and interval.se == pytest.approx(5.0)
    assert stats.pool([], []) is None


def test_inconclusive_means_both_a_five_point_gain_and_loss():
    assert stats.Interval(0.0, 3.0, -5.0, 5.0).inconclusive
    assert not stats.Interval(0.0, 2.0, -4.9, 5.0).inconclusive
    assert not stats.Interval(6.0, 2.0, 1.0, 11.0).inconclusive


def test_event_gaps_worked_by_hand():
    # Two bins; pilot 80/100 then 90/100; one comparison commune 70/100 then 70/100 (so no
    # bin-to-bin variation beyond noise can be estimated from it, and no bootstrap).
    g = stats.event_gaps(
        np.array([80, 90]), np.array([100, 100]), np.array([[70, 70]]), np.array([[100, 100]])
    )
    assert g["gap"].tolist() == pytest.approx([10.0, 20.0])
    # band: ± 1.96 × √(binomial variance of the pilot's bin) (p = 80.5/101 → 16.18)
    half = stats.Z95 * math.sqrt(1e4 * (80.5 / 101) * (20.5 / 101) / 100)
    assert g["high"][0] - g["gap"][0] == pytest.approx(half)
    empty = stats.event_gaps(np.array([0]), np.array([0]), np.array([[5]]), np.array([[10]]))
    assert math.isnan(empty["gap"][0])


# --- simulated provinces whose truth is known --------------------------------------------------


def simulate(rng, effect_points: float, communes: int = 40, window: int = 6, pilot_size=(40, 200)):
    """A province of ``communes`` comparison communes and one pilot, 3 × ``window`` months
    (before the placebo's before window, the real before window, the after window). Each
    commune has its own level, monthly volume, month-to-month shocks and a drift between
    windows; the province shares a trend; the pilot gains ``effect_points`` in the after
    window only. Returns per-commune sums (hits, n) for the three windows: communes × 3 × 2
    (the pilot first, ``pilot_size`` dossiers a month; the others 40 to 200)."""
    base = rng.uniform(0.70, 0.92, communes + 1)
    volume = rng.uniform(40, 200, communes + 1)
    volume[0] = rng.uniform(*pilot_size)
    trend = np.cumsum(rng.normal(0, 0.01, 3 * window))
    out = np.zeros((communes + 1, 3, 2))
    for i in range(communes + 1):
        drift = rng.normal(0, 0.02, 3)
        for m in range(3 * window):
            w = m // window
            p = base[i] + trend[m] + drift[w] + rng.normal(0, 0.03)
            if i == 0 and w == 2:
                p += effect_points / 100
            p = min(max(p, 0.001), 0.999)
            n = rng.poisson(volume[i])
            out[i, w] += (rng.binomial(n, p), n)
    return out


def _estimate(sim, windows=(1, 2), seed=0):
    b, a = windows
    unit = (sim[0, b, 0], sim[0, b, 1], sim[0, a, 0], sim[0, a, 1])
    comp = np.column_stack([sim[1:, b, 0], sim[1:, b, 1], sim[1:, a, 0], sim[1:, a, 1]])
    return stats.did(unit, comp, draws=199, seed=seed)


@pytest.mark.parametrize("effect_points", [0.0, 5.0])
def test_interval_covers_the_true_effect_about_95_percent_of_the_time(effect_points):
    rng = np.random.default_rng(20250701 + int(effect_points))
    sims = 400
    covered = 0
    for k in range(sims):
        d = _estimate(simulate(rng, effect_points), seed=k)
        covered += d.interval.low <= effect_points <= d.interval.high
    # 400 simulations: the share's own standard error is about 1.1 points.
    assert 0.92 <= covered / sims <= 0.98


def test_placebo_effect_is_near_zero_when_the_model_works():
    # The placebo moves the launch back by the window: its "after" window is the real before
    # window, so a working model (+5 points) shows nothing there.
    rng = np.random.default_rng(7)
    real, placebo, covered = [], [], 0
    for k in range(200):
        sim = simulate(rng, 5.0)
        real.append(_estimate(sim, (1, 2), seed=k).did)
        p = _estimate(sim, (0, 1), seed=k)
        placebo.append(p.did)
        covered += p.interval.low <= 0 <= p.interval.high
    assert abs(np.mean(placebo)) < 1.0  # near zero …
    assert abs(np.mean(real) - 5.0) < 1.0  # … while the real estimate finds the +5
    assert covered / 200 >= 0.9


def test_a_single_small_commune_is_not_enough_data():
    # About 6 dossiers a month: some 36 a window, far below the 400 a window needs
    # (OVERSIGHT_MIN_EFFECT_RECORDS), and its interval is over 20 points wide: most such
    # intervals hold both a 5-point gain and a 5-point loss.
    rng = np.random.default_rng(11)
    inconclusive = 0
    for k in range(40):
        sim = simulate(rng, 5.0, pilot_size=(5, 8))
        d = _estimate(sim, seed=k)
        assert sim[0, 1, 1] < 400 and sim[0, 2, 1] < 400
        assert d.interval.high - d.interval.low > 20
        inconclusive += d.interval.inconclusive
    assert inconclusive / 40 >= 0.7


def test_pooling_many_pilots_finds_the_effect():
    # Twelve pilots of one model, each +5 points: each alone is uncertain, pooled they show it.
    rng = np.random.default_rng(3)
    est, se = [], []
    for k in range(12):
        d = _estimate(simulate(rng, 5.0), seed=k)
        est.append(d.did)
        se.append(d.interval.se)
    pooled, _ = stats.pool(est, se)
    assert pooled.low <= 5.0 <= pooled.high
    assert pooled.high - pooled.low < min(2 * stats.Z95 * s for s in se)


def test_seeded_figures_repeat():
    rng = np.random.default_rng(5)
    sim = simulate(rng, 0.0)
    a, b = _estimate(sim, seed=1), _estimate(sim, seed=1)
    assert a.interval == b.interval
