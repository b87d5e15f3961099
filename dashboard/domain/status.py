"""The good / watch / bad rule for a figure against its target, in one place."""

from __future__ import annotations


def status_of(
    value: float | None,
    target: float | None,
    watch_margin: float = 0.0,
    higher_is_better: bool = True,
) -> str | None:
    """good: at or past the target; watch: within ``watch_margin`` points of it; bad: further."""
    if value is None or target is None or value != value:
        return None
    gap = value - target if higher_is_better else target - value
    if gap >= 0:
        return "good"
    return "watch" if gap >= -watch_margin else "bad"
