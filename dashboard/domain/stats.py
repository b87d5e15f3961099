"""Statistics with no I/O: intervals, exact funnel limits, ranks that admit their noise, and the
difference in differences with its interval.

Every figure that claims more or less certainty goes through here, so the pages, the pack and
the command line say the same thing; tests/test_stats.py checks each function on numbers worked
out by hand and on simulated data whose truth is known. Random draws are seeded: the same data
give the same figures every time.

Rates are in percent points throughout (81.25, not 0.8125). ``hits`` are the records that count
for the rate (dossiers on time, satisfied responses, petitions resolved), ``n`` the records it
rests on.

scipy (pinned in pyproject.toml) gives the exact binomial quantiles of the funnel limits; a
hand-written binomial quantile would be one more thing to prove.
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import binom

Z95 = 1.959963984540054  # the normal quantile of a two-sided 95 % interval
SEED = 20250701  # one fixed seed: reproducible figures
SMALLEST_EFFECT = 5.0  # points: the change a replication decision must be able to see


# --- one rate ------------------------------------------------------------------------------


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """95 % Wilson score interval for a proportion, in percent; (nan, nan) without records."""
    if n <= 0:
        return (math.nan, math.nan)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (100 * (centre - half), 100 * (centre + half))


def wilson_bounds(
    successes: Sequence[float], n: Sequence[float], z: float = Z95
) -> tuple[np.ndarray, np.ndarray]:
    """``wilson`` for many units at once (the same operations in the same order, so the same
    values); NaN where there are no records. A league of a province's communes calls it once
    instead of once a commune."""
    s = np.asarray(successes, dtype="float64")
    n = np.asarray(n, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        p = s / n
        denom = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
        low, high = 100 * (centre - half), 100 * (centre + half)
    none = ~(n > 0)
    low[none], high[none] = np.nan, np.nan
    return low, high


def rates(num: Sequence[float], den: Sequence[float], scale: float = 100.0) -> np.ndarray:
    """scale × num / den for each unit (a rate in percent by default), NaN where den is 0:
    every subject's rates beside their counts."""
    num, den = np.asarray(num, dtype="float64"), np.asarray(den, dtype="float64")
    out = np.full(len(den), np.nan)
    np.divide(scale * num, den, out=out, where=den > 0)
    return out


def pooled_rate(hits: Sequence[float], n: Sequence[float]) -> float | None:
    """All records together: 100 × Σ hits / Σ n (None without records)."""
    total = float(np.nansum(np.asarray(n, dtype="float64")))
    if total <= 0:
        return None
    return 100.0 * float(np.nansum(np.asarray(hits, dtype="float64"))) / total


def binomial_var(hits: np.ndarray | float, n: np.ndarray | float) -> np.ndarray:
    """Sampling variance of a rate in points², with a half-record continuity correction so a
    unit at 0 % or 100 % does not claim zero noise; infinite without records."""
    hits = np.asarray(hits, dtype="float64")
    n = np.asarray(n, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        p = (hits + 0.5) / (n + 1.0)
        v = 1e4 * p * (1 - p) / n
    return np.where(n > 0, v, np.inf)


def rate_array(hits: np.ndarray, n: np.ndarray) -> np.ndarray:
    hits = np.asarray(hits, dtype="float64")
    n = np.asarray(n, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(n > 0, 100.0 * hits / n, np.nan)


# --- funnel plots: exact binomial limits on both sides -------------------------------------


def _tail(level: float) -> float:
    if not 0 < level < 1:
        raise ValueError("level must be between 0 and 1")
    return (1 - level) / 2


def funnel_limits(
    p0: float, n: Sequence[int] | np.ndarray, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper funnel limits (percent) around the pooled rate ``p0`` (percent) for
    units of ``n`` records, from the exact binomial distribution, each side holding
    (1 − level) / 2 of the chance.

    The limits are drawn so a unit falls below the lower one exactly when P(X ≤ x) < tail and
    above the upper one exactly when P(X ≥ x) < tail (``funnel_position``): between two whole
    counts the line is interpolated (Spiegelhalter 2005), which changes no unit's side.
    """
    tail = _tail(level)
    n = np.maximum(np.rint(np.asarray(n, dtype="float64")), 1.0)
    p = min(max(p0 / 100.0, 0.0), 1.0)
    # Lower: r = smallest count with F(r) ≥ tail; the line sits in (r − 1, r].
    r = binom.ppf(tail, n, p)
    f_r, f_prev = binom.cdf(r, n, p), binom.cdf(r - 1, n, p)
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(f_r > f_prev, (f_r - tail) / (f_r - f_prev), 0.0)
    lower = (r - np.clip(a, 0.0, 0.999)) / n
    # Upper: s = smallest count with F(s) > 1 − tail; flagged from s + 1 on; line in [s, s + 1).
    s = binom.ppf(1 - tail, n, p)
    s = np.where(binom.cdf(s, n, p) > 1 - tail, s, s + 1)
    f_s, f_sprev = binom.cdf(s, n, p), binom.cdf(s - 1, n, p)
    with np.errstate(divide="ignore", invalid="ignore"):
        b = np.where(f_s > f_sprev, (f_s - (1 - tail)) / (f_s - f_sprev), 0.0)
    upper = np.minimum((s + np.clip(b, 0.0, 0.999)) / n, 1.0)
    return 100.0 * np.clip(lower, 0.0, 1.0), 100.0 * upper


def funnel_position(
    hits: Sequence[int], n: Sequence[int], p0: float | None, level: float = 0.95
) -> list[str | None]:
    """Each unit "below", "within" or "above" the funnel around ``p0`` (exact binomial tails,
    (1 − level) / 2 each side); None without records or without a pooled rate."""
    tail = _tail(level)
    hits, n = list(hits), list(n)
    ok = [p0 is not None and m is not None and m == m and int(m) > 0 for m in n]
    out: list[str | None] = [None] * len(n)
    if not any(ok):
        return out
    # Both tails of every unit in two vectorised calls (one scipy call a unit cost ~0.2 ms).
    idx = [i for i, good in enumerate(ok) if good]
    x = np.array([int(hits[i]) for i in idx])
    m = np.array([int(n[i]) for i in idx])
    p = min(max(p0 / 100.0, 0.0), 1.0)
    below, above = binom.cdf(x, m, p) < tail, binom.sf(x - 1, m, p) < tail
    for i, lo, hi in zip(idx, below, above, strict=True):
        out[i] = "below" if lo else "above" if hi else "within"
    return out


# --- ranks ---------------------------------------------------------------------------------


def competition_rank(
    values: Sequence[float], higher_is_better: bool = True, decimals: int = 1
) -> np.ndarray:
    """Ranks where equal values share the best place (1, 2, 2, 4). Values are compared as
    shown (``decimals`` places), so two rates both printed 95,0 % never get different ranks."""
    v = np.round(np.asarray(values, dtype="float64"), decimals)
    key = -v if higher_is_better else v
    # 1 + how many are strictly better: the position of the first equal value when sorted.
    return (np.searchsorted(np.sort(key), key, side="left") + 1).astype("int64")


def rank_intervals(
    hits: Sequence[int],
    n: Sequence[int],
    higher_is_better: bool = True,
    level: float = 0.95,
    draws: int = 2000,
    seed: int = SEED,
) -> tuple[np.ndarray, np.ndarray]:
    """The ``level`` interval of each unit's rank among these units: draw every unit's true
    rate from its Jeffreys posterior Beta(hits + ½, n − hits + ½), rank each draw, keep the
    middle ``level`` of each unit's ranks. A rank 1…104 whose interval spans 71 places says
    the data cannot order those units.

    The draws are seeded, so the intervals are a function of the counts: they are kept for the
    last counts asked (a page's league and its "call first" list rank the same communes; a
    province's draws cost ~10 ms)."""
    key = (
        tuple(np.asarray(hits, dtype="float64").tolist()),
        tuple(np.asarray(n, dtype="float64").tolist()),
        bool(higher_is_better),
        float(level),
        int(draws),
        int(seed),
    )
    low, high = _rank_intervals(*key)
    return low.copy(), high.copy()


@functools.lru_cache(maxsize=256)
def _rank_intervals(
    hits_t: tuple[float, ...],
    n_t: tuple[float, ...],
    higher_is_better: bool,
    level: float,
    draws: int,
    seed: int,
) -> tuple[np.ndarray, np.ndarray]:
    hits = np.array(hits_t, dtype="float64")
    n = np.array(n_t, dtype="float64")
    k = len(hits)
    if k == 0:
        return np.array([], dtype="int64"), np.array([], dtype="int64")
    rng = np.random.default_rng(seed)
    sims = rng.beta(hits + 0.5, n - hits + 0.5, size=(draws, k))
    key = -sims if higher_is_better else sims
    # order[d, r]: the unit ranked r + 1 in draw d. Each unit's ranks are counted (one
    # bincount), and its quantiles read off the running counts: the same values as
    # np.quantile(ranks, q, method="lower"/"higher") over the draws, without a second argsort
    # and a sort per unit (a province's ~100-500 communes: a third of the time).
    order = key.argsort(axis=1)
    seen = np.bincount(
        (order * (k + 1) + np.arange(1, k + 1)).ravel(), minlength=k * (k + 1)
    ).reshape(k, k + 1)
    below = seen.cumsum(axis=1)  # below[j, r]: draws where unit j ranked r or better
    tail = _tail(level)
    # np.quantile's positions in the sorted draws: q·(draws − 1), rounded down or up.
    lo_at = int(np.floor(tail * (draws - 1)))
    hi_at = int(np.ceil((1 - tail) * (draws - 1)))
    low = (below > lo_at).argmax(axis=1).astype("int64")
    high = (below > hi_at).argmax(axis=1).astype("int64")
    return low, high


def rank_band(low: Sequence[int], high: Sequence[int], count: int) -> list[str]:
    """top: the whole rank interval lies in the better half; bottom: in the worse half;
    middle: the data cannot say which half (and always when fewer than two are ranked)."""
    half = count / 2
    if count < 2:
        return ["middle"] * len(list(low))
    out = []
    for lo, hi in zip(low, high, strict=True):
        if hi <= half:
            out.append("top")
        elif lo > half:
            out.append("bottom")
        else:
            out.append("middle")
    return out


# --- the difference in differences --------------------------------------------------------


def between_variance(y: np.ndarray, v: np.ndarray) -> float:
    """DerSimonian–Laird estimate of the variance of ``y`` beyond its sampling variances ``v``
    (points²): how much units really differ, not counting the noise of their own records."""
    y, v = np.asarray(y, dtype="float64"), np.asarray(v, dtype="float64")
    ok = np.isfinite(y) & np.isfinite(v) & (v > 0)
    y, v = y[ok], v[ok]
    if len(y) < 2:
        return 0.0
    w = 1.0 / v
    mean = np.sum(w * y) / np.sum(w)
    q = float(np.sum(w * (y - mean) ** 2))
    c = float(np.sum(w) - np.sum(w * w) / np.sum(w))
    return max(0.0, (q - (len(y) - 1)) / c) if c > 0 else 0.0


@dataclass(frozen=True)
class Interval:
    """An estimate in points with its standard error and 95 % interval."""

    estimate: float
    se: float
    low: float
    high: float

    @property
    def inconclusive(self) -> bool:
        """The interval holds both a gain and a loss of the smallest effect that matters."""
        return self.low <= -SMALLEST_EFFECT and self.high >= SMALLEST_EFFECT


def _interval(estimate: float, var: float, z: float = Z95) -> Interval:
    se = math.sqrt(max(var, 0.0))
    return Interval(estimate, se, estimate - z * se, estimate + z * se)


@dataclass(frozen=True)
class Did:
    """A difference in differences and where its uncertainty comes from (points, points²)."""

    interval: Interval
    unit_change: float
    comparison_change: float
    unit_var: float  # the pilot's own sampling noise over its two windows
    commune_var: float  # how much a commune's change varies beyond that (from the comparison)
    comparison_var: float  # the comparison group's change (cluster bootstrap over communes)

    @property
    def did(self) -> float:
        return self.interval.estimate


def did(
    unit: tuple[int, int, int, int],
    comparison: np.ndarray,
    draws: int = 999,
    seed: int = SEED,
) -> Did | None:
    """Difference in differences for one pilot against its comparison communes.

    ``unit``: (hits before, n before, hits after, n after) of the pilot. ``comparison``: one row
    per comparison commune, the same four columns. Rates are pooled over records.

    DiD = (pilot after − before) − (comparison after − before). Its variance adds three parts:
    the pilot's binomial noise in both windows; the variation of a single commune's change
    beyond binomial noise (DerSimonian–Laird over the comparison communes' own changes — what a
    commune with no model shows from one window to the next); and the comparison group's change,
    from a cluster bootstrap over comparison communes (``draws``, seeded). None when the pilot
    or the comparison group has no records in a window.
    """
    hb, nb, ha, na = (float(x) for x in unit)
    comp = np.asarray(comparison, dtype="float64").reshape(-1, 4)
    cb_h, cb_n, ca_h, ca_n = comp.T
    if nb <= 0 or na <= 0 or cb_n.sum() <= 0 or ca_n.sum() <= 0:
        return None
    unit_change = 100.0 * (ha / na - hb / nb)
    comp_change = 100.0 * (ca_h.sum() / ca_n.sum() - cb_h.sum() / cb_n.sum())
    unit_var = float(binomial_var(hb, nb) + binomial_var(ha, na))
    both = (cb_n > 0) & (ca_n > 0)
    y = rate_array(ca_h[both], ca_n[both]) - rate_array(cb_h[both], cb_n[both])
    v = binomial_var(cb_h[both], cb_n[both]) + binomial_var(ca_h[both], ca_n[both])
    commune_var = between_variance(y, v)
    comparison_var = _bootstrap_change_var(comp, draws, seed)
    var = unit_var + commune_var + comparison_var
    return Did(
        interval=_interval(unit_change - comp_change, var),
        unit_change=unit_change,
        comparison_change=comp_change,
        unit_var=unit_var,
        commune_var=commune_var,
        comparison_var=comparison_var,
    )


def _bootstrap_change_var(comp: np.ndarray, draws: int, seed: int) -> float:
    """Variance of the pooled comparison change when the comparison communes are resampled
    with replacement (a cluster bootstrap)."""
    k = len(comp)
    if k < 2:
        return 0.0
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, k, size=(draws, k))
    s = comp[idx].sum(axis=1)  # draws × 4
    with np.errstate(divide="ignore", invalid="ignore"):
        change = 100.0 * (s[:, 2] / s[:, 3] - s[:, 0] / s[:, 1])
    change = change[np.isfinite(change)]
    return float(np.var(change, ddof=1)) if len(change) > 1 else 0.0


def pool(estimates: Sequence[float], ses: Sequence[float]) -> tuple[Interval, float] | None:
    """Random-effects pooled estimate of several rollouts' effects (DerSimonian–Laird): the
    effect a further commune can expect, allowing rollouts to differ. Returns the interval and
    the between-rollout variance; None without any estimate."""
    y = np.asarray(estimates, dtype="float64")
    se = np.asarray(ses, dtype="float64")
    ok = np.isfinite(y) & np.isfinite(se) & (se > 0)
    y, v = y[ok], se[ok] ** 2
    if len(y) == 0:
        return None
    tau2 = between_variance(y, v)
    w = 1.0 / (v + tau2)
    est = float(np.sum(w * y) / np.sum(w))
    return _interval(est, 1.0 / float(np.sum(w))), tau2


def event_gaps(
    unit_hits: np.ndarray,
    unit_n: np.ndarray,
    comp_hits: np.ndarray,
    comp_n: np.ndarray,
    draws: int = 999,
    seed: int = SEED,
) -> dict[str, np.ndarray]:
    """Gap between the pilot and its comparison group in each time bin, with a 95 % band.

    ``unit_*``: one value per bin; ``comp_*``: communes × bins. The band adds the pilot's
    binomial noise in the bin, the variation of a commune's bin-to-bin gap beyond binomial
    noise (method of moments over the comparison communes, each around its own mean gap), and
    the comparison rate's uncertainty (cluster bootstrap over communes). Bins without records
    at the pilot or in the comparison group have no gap (NaN).
    """
    uh = np.asarray(unit_hits, dtype="float64")
    un = np.asarray(unit_n, dtype="float64")
    ch = np.asarray(comp_hits, dtype="float64").reshape(-1, len(uh))
    cn = np.asarray(comp_n, dtype="float64").reshape(-1, len(uh))
    unit_rate = rate_array(uh, un)
    comp_rate = rate_array(ch.sum(axis=0), cn.sum(axis=0))
    gap = unit_rate - comp_rate
    # Variation of a commune's gap from bin to bin beyond binomial noise.
    rates = rate_array(ch, cn)
    dev = rates - comp_rate[None, :]
    var = binomial_var(ch, cn)
    has = np.isfinite(dev) & np.isfinite(var)
    extra = []
    for j in range(len(ch)):
        d, v = dev[j][has[j]], var[j][has[j]]
        if len(d) >= 2:
            w = 1.0 / v
            centred = d - np.sum(w * d) / np.sum(w)
            extra.extend((centred**2 - v) * len(d) / (len(d) - 1))
    bin_var = max(0.0, float(np.mean(extra))) if extra else 0.0
    # The comparison rate per bin under a cluster bootstrap.
    k = len(ch)
    if k >= 2:
        rng = np.random.default_rng(seed)
        idx = rng.integers(0, k, size=(draws, k))
        with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # bins without any record
            boot = 100.0 * ch[idx].sum(axis=1) / cn[idx].sum(axis=1)
            comp_var = np.nan_to_num(np.nanvar(boot, axis=0, ddof=1))
    else:
        comp_var = np.zeros(len(uh))
    se = np.sqrt(binomial_var(uh, un) + bin_var + comp_var)
    return dict(
        unit_rate=unit_rate,
        comparison_rate=comp_rate,
        gap=gap,
        low=gap - Z95 * se,
        high=gap + Z95 * se,
        bin_var=np.full(len(uh), bin_var),
    )


def two_proportion_z(h1: float, n1: float, h2: float, n2: float) -> float | None:
    """z of the difference between two shares (pooled variance); None without records."""
    if n1 <= 0 or n2 <= 0:
        return None
    p = (h1 + h2) / (n1 + n2)
    se = math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
    return 0.0 if se == 0 else (h2 / n2 - h1 / n1) / se
