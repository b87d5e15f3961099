"""Period parsing and comparison periods, calendar and official (15th-to-14th)."""

from datetime import date

import pytest

from dashboard.domain.periods import PeriodError, parse


@pytest.mark.parametrize(
    "text, start, end, kind",
    [
        ("2024", date(2024, 1, 1), date(2024, 12, 31), "year"),
        ("2024-Q1", date(2024, 1, 1), date(2024, 3, 31), "quarter"),
        ("2024-q4", date(2024, 10, 1), date(2024, 12, 31), "quarter"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("2024-01-10..2024-02-25", date(2024, 1, 10), date(2024, 2, 25), "custom"),
    ],
)
def test_parse(text, start, end, kind):
    p = parse(text)
    assert (p.start, p.end, p.kind) == (start, end, kind)


@pytest.mark.parametrize(
    "text",
    ["", "2024-Q5", "2024-13", "24-Q1", "2024-03-01..2024-02-01", "2024-02-30..2024-03-01", "abc"],
)
def test_bad_periods(text):
    with pytest.raises(PeriodError):
        parse(text)


def test_previous_and_last_year():
    q1 = parse("2024-Q1")
    assert (q1.previous().start, q1.previous().end) == (date(2023, 10, 1), date(2023, 12, 31))
    ly = q1.same_period_last_year()
    assert (ly.start, ly.end) == (date(2023, 1, 1), date(2023, 3, 31))
    m = parse("2024-03")
    assert (m.previous().start, m.previous().end) == (date(2024, 2, 1), date(2024, 2, 29))
    c = parse("2024-01-10..2024-01-19")
    assert (c.previous().start, c.previous().end) == (date(2023, 12, 31), date(2024, 1, 9))


def test_official_regime():
    # Circular 01/2020/TT-VPCP: a quarter runs from the 15th of the month before it to the 14th
    # of its last month.
    q = parse("2024-Q1", "official")
    assert (q.start, q.end) == (date(2023, 12, 15), date(2024, 3, 14))
    assert (q.previous().start, q.previous().end) == (date(2023, 9, 15), date(2023, 12, 14))
    y = parse("2024", "official")
    assert (y.start, y.end) == (date(2023, 12, 15), date(2024, 12, 14))
    assert not q.is_whole_months()
    assert parse("2024-Q1").is_whole_months()


def test_split_into_whole_months_and_days():
    """What the rollups can answer (whole calendar months) and what the rows must (the days
    around them); together exactly the period."""

    def split(text, regime="calendar"):
        whole, edges = parse(text, regime).split_months()
        span = None if whole is None else (whole.start, whole.end)
        return span, [(e.start, e.end) for e in edges]

    D = date
    assert split("2026-Q3") == ((D(2026, 7, 1), D(2026, 9, 30)), [])
    # a quarter so far: July whole, then 28 days of August
    assert split("2026-07-01..2026-08-28") == (
        (D(2026, 7, 1), D(2026, 7, 31)),
        [(D(2026, 8, 1), D(2026, 8, 28))],
    )
    # the official quarter, 15 Dec – 14 Mar: January and February whole, days at both ends
    assert split("2024-Q1", "official") == (
        (D(2024, 1, 1), D(2024, 2, 29)),
        [(D(2023, 12, 15), D(2023, 12, 31)), (D(2024, 3, 1), D(2024, 3, 14))],
    )
    # across a month end without a whole month: all days
    assert split("2026-07-05..2026-08-20") == (None, [(D(2026, 7, 5), D(2026, 8, 20))])
    assert split("2026-01-31..2026-03-01") == (
        (D(2026, 2, 1), D(2026, 2, 28)),
        [(D(2026, 1, 31), D(2026, 1, 31)), (D(2026, 3, 1), D(2026, 3, 1))],
    )


def test_months_overlapped():
    assert parse("2024-Q1").months() == [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)]
