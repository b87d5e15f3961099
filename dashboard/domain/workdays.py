"""Working days of Vietnamese state agencies: Monday to Friday, except public holidays and the
days off the government swaps in, plus the weekend days it makes working days in exchange.

Deadlines of administrative procedures count working days (ngày làm việc): the legal time
limit, the wait for a citizen's supplement (DOMAIN.md), a dossier "due in 3 working days".
The default calendar comes from the maintained ``holidays`` package (its Vietnam calendar
computes Tết and the other lunar holidays for any year and carries the announced swaps);
a deployment's holiday register in the database (``dashboard.storage``) may add swaps the
package does not know yet, through ``WorkCalendar.with_changes``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, lru_cache

import numpy as np

# Years the default calendar covers; dates outside it count weekends only.
FIRST_YEAR, LAST_YEAR = 2010, 2040


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days. ``days_off``: weekdays that are not worked (holidays and
    swapped days off); ``working_weekend_days``: Saturdays or Sundays that are worked."""

    days_off: frozenset[date]
    working_weekend_days: frozenset[date] = frozenset()
    names: Mapping[date, str] = field(default_factory=dict, compare=False, hash=False)
    source: str = ""

    def is_working_day(self, d: date) -> bool:
        if d in self.working_weekend_days:
            return True
        return d.weekday() < 5 and d not in self.days_off

    def add_working_days(self, start: date, n: int) -> date:
        """The day ``n`` working days after ``start`` (``start`` itself when n is 0)."""
        if n <= 0:
            return start
        d = start
        while n:
            d += timedelta(days=1)
            if self.is_working_day(d):
                n -= 1
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """Working days d with start < d <= end: the working days from one date to another
        (0 when end is not after start)."""
        if end <= start:
            return 0
        return int(
            np.busday_count(
                start + timedelta(days=1), end + timedelta(days=1), busdaycal=self.numpy
            )
        )

    def with_changes(
        self,
        days_off: Iterable[date] = (),
        working: Iterable[date] = (),
        names: Mapping[date, str] | None = None,
        source: str = "",
    ) -> WorkCalendar:
        """This calendar with more days off and more worked weekend days (register data)."""
        working = frozenset(working)
        return WorkCalendar(
            days_off=(self.days_off | frozenset(days_off)) - working,
            working_weekend_days=self.working_weekend_days | working,
            names={**self.names, **(names or {})},
            source=" + ".join(s for s in (self.source, source) if s),
        )

    @cached_property
    def numpy(self) -> np.busdaycalendar:
        """The same calendar for numpy's vectorised ``busday_offset`` / ``busday_count``:
        every day is a candidate (weekmask of seven), and every non-working day of the
        covered years is a holiday, so worked weekend days stay working days. Built on arrays
        (the rule of ``is_working_day``): day by day it took ~20 ms, paid by every page that
        counts deadlines when the calendar came from the holiday register."""
        days = np.arange(
            np.datetime64(date(FIRST_YEAR, 1, 1)),
            np.datetime64(date(LAST_YEAR, 12, 31)) + 1,
            dtype="datetime64[D]",
        )
        weekend = (days.astype("int64") + 3) % 7 >= 5  # 1970-01-01 was a Thursday

        def among(ds: frozenset[date]) -> np.ndarray:
            return np.isin(days, np.array(sorted(ds), dtype="datetime64[D]"))

        working = among(self.working_weekend_days) | (~weekend & ~among(self.days_off))
        return np.busdaycalendar(weekmask="1111111", holidays=days[~working])

    def add_working_days_array(self, start: np.ndarray, n: np.ndarray) -> np.ndarray:
        """Vectorised ``add_working_days`` over datetime64[D] arrays (writers of many rows)."""
        start = np.asarray(start, dtype="datetime64[D]")
        n = np.asarray(n, dtype=np.int64)
        moved = np.busday_offset(start, np.maximum(n, 0), roll="forward", busdaycal=self.numpy)
        return np.where(n > 0, moved, start)


def _days(first: date, last: date) -> Iterable[date]:
    d = first
    while d <= last:
        yield d
        d += timedelta(days=1)


@lru_cache(maxsize=1)
def default_calendar() -> WorkCalendar:
    """Vietnam's public holidays and announced swaps from the ``holidays`` package."""
    from importlib.metadata import version

    from holidays.countries.vietnam import Vietnam

    vn = Vietnam(years=range(FIRST_YEAR, LAST_YEAR + 1), language="vi")
    weekend = set(vn.weekend)
    working = frozenset(d for d in vn.weekend_workdays if FIRST_YEAR <= d.year <= LAST_YEAR)
    off = frozenset(d for d in vn if d.weekday() not in weekend)
    return WorkCalendar(
        days_off=off,
        working_weekend_days=working,
        names=dict(vn.items()),
        source=f"holidays {version('holidays')} (Vietnam)",
    )
