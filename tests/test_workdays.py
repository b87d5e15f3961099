"""Working days: weekends, Tết and the other holidays, and the government's swaps."""

from datetime import date

import numpy as np
import pytest

from dashboard.domain.workdays import WorkCalendar, default_calendar


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return default_calendar()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2024, 4, 26), True),  # Friday
        (date(2024, 4, 27), False),  # Saturday
        (date(2024, 4, 29), False),  # Monday off, swapped for Saturday 4 May
        (date(2024, 4, 30), False),  # Reunification Day
        (date(2024, 5, 1), False),  # Labour Day
        (date(2024, 5, 4), True),  # the Saturday worked in exchange
        (date(2024, 2, 12), False),  # Tết 2024 (third day)
        (date(2026, 2, 17), False),  # Tết 2026: the lunar calendar, computed
        (date(2026, 8, 22), True),  # Saturday worked for Monday 31 August 2026
        (date(2026, 8, 31), False),
    ],
)
def test_working_days(cal, day, working):
    assert cal.is_working_day(day) is working


def test_add_working_days_across_a_weekend_and_holidays(cal):
    # Friday 26/04/2024 + 3 working days: Sat 27, Sun 28 off; Mon 29, Tue 30, Wed 1/5 off;
    # Thu 2/5 (1), Fri 3/5 (2), Sat 4/5 worked (3).
    assert cal.add_working_days(date(2024, 4, 26), 3) == date(2024, 5, 4)
    assert cal.add_working_days(date(2024, 4, 26), 0) == date(2024, 4, 26)


def test_working_days_between(cal):
    # From Fri 26/04/2024 to Fri 03/05/2024: Thu 2/5 and Fri 3/5 are the only working days.
    assert cal.working_days_between(date(2024, 4, 26), date(2024, 5, 3)) == 2
    assert cal.working_days_between(date(2024, 5, 3), date(2024, 4, 26)) == 0


def test_vectorised_equals_one_by_one(cal):
    starts = np.array(
        ["2024-04-26", "2024-02-07", "2025-12-31", "2026-08-21"], dtype="datetime64[D]"
    )
    n = np.array([3, 5, 0, 1])
    got = cal.add_working_days_array(starts, n)
    want = [cal.add_working_days(s.astype(object), int(k)) for s, k in zip(starts, n, strict=True)]
    assert [d.astype(object) for d in got] == want


def test_register_changes_add_to_the_package(cal):
    # A swap announced after the package was released: Friday 2/1/2026 off, Saturday
    # 10/1/2026 worked.
    local = cal.with_changes(
        days_off=[date(2026, 1, 2)], working=[date(2026, 1, 10)], source="register"
    )
    assert not local.is_working_day(date(2026, 1, 2))
    assert local.is_working_day(date(2026, 1, 10))
    assert "register" in local.source and "holidays" in local.source


@pytest.mark.parametrize(
    "calendar",
    [
        "package",
        "weekends only",
        # A Saturday worked that is also listed off: worked, as is_working_day says.
        "swaps",
    ],
)
def test_the_numpy_calendar_is_the_day_by_day_rule_on_every_day(cal, calendar):
    from dashboard.domain.workdays import FIRST_YEAR, LAST_YEAR

    c = {
        "package": cal,
        "weekends only": WorkCalendar(days_off=frozenset()),
        "swaps": cal.with_changes(
            days_off=[date(2026, 1, 2)], working=[date(2026, 1, 10)]
        ).with_changes(days_off=[date(2026, 1, 10)]),
    }[calendar]
    days = np.arange(np.datetime64(f"{FIRST_YEAR}-01-01"), np.datetime64(f"{LAST_YEAR + 1}-01-01"))
    got = np.is_busday(days, busdaycal=c.numpy)
    want = np.array([c.is_working_day(d) for d in days.astype(object)])
    assert (got == want).all()
    assert got.sum() > 0 and (~got).sum() > 0
