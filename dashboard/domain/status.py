"""The good / watch / bad rule for a figure against its target, in one place, admitting noise.

A rate resting on few records is ``few`` (a grey badge, never a colour); a rate is ``bad``
only when it misses the target by more than the watch margin *and* by more than its own
uncertainty (its whole 95 % Wilson interval lies on the wrong side of the target); a miss the
data cannot tell from luck is ``watch``.
"""

from __future__ import annotations

from dashboard.domain.stats import wilson

STATUSES = ("good", "watch", "bad", "few")


def status_of(
    value: float | None,
    target: float | None,
    watch_margin: float = 0.0,
    higher_is_better: bool = True,
    n: int | None = None,
    min_n: int = 0,
) -> str | None:
    """good: at or past the target; watch: short of it, within ``watch_margin`` points or
    within the figure's own noise; bad: further than both; None without a value or target.

    ``n`` (the records a rate in percent rests on) switches on the noise rules: fewer than
    ``min_n`` gives ``few``, and ``bad`` needs the 95 % interval wholly past the target.
    Counts and other figures without ``n`` are judged on the value alone.
    """
    if value is None or target is None or value != value:
        return None
    if n is not None and n < min_n:
        return "few"
    gap = value - target if higher_is_better else target - value
    if gap >= 0:
        return "good"
    if gap >= -watch_margin:
        return "watch"
    if n is not None and n > 0:
        lo, hi = wilson(round(value * n / 100), n)
        if (hi if higher_is_better else -lo) >= (target if higher_is_better else -target):
            return "watch"  # the interval still reaches the target: not shown to be missed
    return "bad"
