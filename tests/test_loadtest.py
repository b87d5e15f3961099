"""bench/loadtest.py's arithmetic (issue 18): percentiles of page times and the summary table.

Hand-worked: ten page times 100, 200, …, 1000 ms. Inclusive percentiles interpolate between
ranks: p50 at rank 1 + 0.50 × 9 = 5.5, halfway between 500 and 600 = 550 ms; p95 at rank
1 + 0.95 × 9 = 9.55, 900 + 0.55 × 100 = 955 ms. Two runs of 120 and 210 pages a minute:
two processes give 210 / 120 = 1.75× the pages.
"""

from __future__ import annotations

from bench.loadtest import _pct, summary


def test_percentiles_of_page_times():
    times = [x / 10 for x in range(1, 11)]  # seconds
    assert _pct(times, 50) == 550.0
    assert _pct(times, 95) == 955.0
    assert _pct([0.25], 95) == 250.0
    assert _pct([], 50) is None


def test_the_summary_puts_one_and_two_processes_side_by_side():
    run = dict(
        pages=0,
        cpu_ms_per_page=500.0,
        p50_ms=1.0,
        p95_ms=2.0,
        by_page={},
        errors=[],
        load_average_before=[1.0, 1.0, 1.0],
        load_average_after=[2.0, 2.0, 2.0],
    )
    result = dict(
        date="2026-12-02",
        scale=1_000_000,
        cores=2,
        leaders=8,
        seconds=60,
        flow="overview -> on-time -> drill-down",
        runs=[
            {**run, "processes": 1, "pages": 120, "pages_per_minute": 120.0},
            {**run, "processes": 2, "pages": 210, "pages_per_minute": 210.0},
        ],
    )
    text = summary(result)
    assert "| 1 | 1 | 120.0 |" in text and "| 2 | 1 | 210.0 |" in text  # the medians
    assert "| 1 | 1 | 120 | 120.0 |" in text and "| 1 | 2 | 210 | 210.0 |" in text  # every run
    assert "2 processes / 1: 1.75× the pages (medians)." in text
    assert "2 cores" in text
