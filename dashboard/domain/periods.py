"""Reporting periods: parsing, comparison periods, and the 15th-to-14th official regime.

A period is a closed date range [start, end] with a kind (year, quarter, month, custom). The
national portal's index uses calendar periods; the official periodic report (Circular
01/2020/TT-VPCP) runs from the 15th to the 14th, so a reporting quarter is the 15th of the
month before it to the 14th of its last month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta


class PeriodError(ValueError):
    """A period string that cannot be read; the message says what is accepted."""


ACCEPTED = "2024, 2024-Q1, 2024-03 or 2024-01-01..2024-03-31"


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    kind: str  # year | quarter | month | custom
    regime: str = "calendar"  # calendar | official (15th–14th)

    @property
    def label(self) -> str:
        """Compact code, the same form `parse` accepts."""
        if self.regime == "official" and self.kind != "custom":
            return self._calendar_label() + "*"
        return self._calendar_label()

    def _calendar_label(self) -> str:
        y = self.end.year
        if self.kind == "year":
            return f"{y}"
        if self.kind == "quarter":
            return f"{y}-Q{(self.end.month - 1) // 3 + 1}"
        if self.kind == "month":
            return f"{y}-{self.end.month:02d}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def months(self) -> list[date]:
        """First days of the calendar months the period overlaps."""
        out, m = [], date(self.start.year, self.start.month, 1)
        while m <= self.end:
            out.append(m)
            m = add_months(m, 1)
        return out

    def is_whole_months(self) -> bool:
        return self.start.day == 1 and (self.end + timedelta(days=1)).day == 1

    def split_months(self) -> tuple[Period | None, list[Period]]:
        """The calendar months wholly inside the period (one custom period, or None) and the
        days at either end outside them (0, 1 or 2 custom periods): monthly rollups answer
        the first, the rows the others, and together they are the period."""
        start_month = date(self.start.year, self.start.month, 1)
        first = start_month if self.start == start_month else add_months(start_month, 1)
        last = month_end(self.end)
        if last != self.end:  # the end's month is not whole: the months before it
            last = date(self.end.year, self.end.month, 1) - timedelta(days=1)
        if first > last:
            return None, [self]
        edges = []
        if self.start < first:
            edges.append(Period(self.start, first - timedelta(days=1), "custom", self.regime))
        if last < self.end:
            edges.append(Period(last + timedelta(days=1), self.end, "custom", self.regime))
        return Period(first, last, "custom", self.regime), edges

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        if self.kind == "custom":
            return Period(
                self.start - timedelta(days=self.days),
                self.start - timedelta(days=1),
                "custom",
                self.regime,
            )
        n = {"year": 12, "quarter": 3, "month": 1}[self.kind]
        return self._shift_months(-n)

    def same_period_last_year(self) -> Period:
        if self.kind == "custom":
            return Period(_add_years(self.start, -1), _add_years(self.end, -1), "custom")
        return self._shift_months(-12)

    def _shift_months(self, n: int) -> Period:
        if self.regime == "official":
            return Period(
                add_months(self.start, n), add_months(self.end, n), self.kind, self.regime
            )
        start = add_months(self.start, n)
        end = add_months(date(self.end.year, self.end.month, 1), n + 1) - timedelta(days=1)
        return Period(start, end, self.kind, self.regime)

    def to_official(self) -> Period:
        """The 15th-to-14th reporting period with the same name."""
        if self.kind == "custom" or self.regime == "official":
            return self
        start = add_months(date(self.start.year, self.start.month, 15), -1)
        end = date(self.end.year, self.end.month, 14)
        return Period(start, end, self.kind, "official")


def add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    y = d.year + m // 12
    m = m % 12 + 1
    last = (date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)).day
    return date(y, m, min(d.day, last))


def _add_years(d: date, n: int) -> date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 February
        return d.replace(year=d.year + n, day=28)


def month_end(d: date) -> date:
    return add_months(date(d.year, d.month, 1), 1) - timedelta(days=1)


def parse(text: str, regime: str = "calendar") -> Period:
    """Read ``2024``, ``2024-Q1``, ``2024-03`` or ``2024-01-01..2024-03-31``."""
    s = (text or "").strip().upper()
    try:
        if m := re.fullmatch(r"(\d{4})", s):
            y = int(m[1])
            p = Period(date(y, 1, 1), date(y, 12, 31), "year")
        elif m := re.fullmatch(r"(\d{4})-Q([1-4])", s):
            y, q = int(m[1]), int(m[2])
            start = date(y, 3 * q - 2, 1)
            p = Period(start, month_end(date(y, 3 * q, 1)), "quarter")
        elif m := re.fullmatch(r"(\d{4})-(\d{2})", s):
            start = date(int(m[1]), int(m[2]), 1)
            p = Period(start, month_end(start), "month")
        elif m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})", s):
            start, end = date.fromisoformat(m[1]), date.fromisoformat(m[2])
            if end < start:
                raise PeriodError(f"period {text!r} ends before it starts")
            p = Period(start, end, "custom")
        else:
            raise PeriodError(f"cannot read period {text!r}; use {ACCEPTED}")
    except ValueError as exc:
        if isinstance(exc, PeriodError):
            raise
        raise PeriodError(f"cannot read period {text!r}: {exc}; use {ACCEPTED}") from exc
    if p.start.year < 2000 or p.end.year > 2100:
        raise PeriodError(f"period {text!r} is out of range")
    return p.to_official() if regime == "official" else p


def current(kind: str, today: date) -> Period:
    """The period of ``kind`` that contains ``today``."""
    if kind == "year":
        return parse(f"{today.year}")
    if kind == "quarter":
        return parse(f"{today.year}-Q{(today.month - 1) // 3 + 1}")
    if kind == "month":
        return parse(f"{today.year}-{today.month:02d}")
    raise PeriodError(f"unknown period kind {kind!r}")


def calendar_spans(day: date) -> list[tuple[date, date]]:
    """First and last day of the calendar quarter and of the calendar year containing
    ``day``: the spans a rollup may keep whole (a scorecard's quarter or year)."""
    return [(p.start, p.end) for p in (current("quarter", day), current("year", day))]
