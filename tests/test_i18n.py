"""Vietnamese-first formatting through Babel."""

from datetime import date

from dashboard.domain.periods import parse
from dashboard.i18n import LABELS, fmt_change, fmt_date, fmt_number, fmt_pct, period_label, t


def test_vietnamese_numbers_and_dates():
    assert fmt_number(1234567) == "1.234.567"
    assert fmt_pct(81.25) == "81,2%"  # half-even, as Babel rounds
    assert fmt_pct(None) == "–"
    assert fmt_date(date(2025, 7, 1)) == "01/07/2025"
    # Dates written again come from a cache, a datetime or a Timestamp the same way.
    from datetime import datetime

    import pandas as pd

    for d in (date(2025, 7, 1), datetime(2025, 7, 1, 23, 59), pd.Timestamp("2025-07-01")) * 2:
        assert fmt_date(d) == "01/07/2025" and fmt_date(d, "en") == "01/07/2025"
    assert fmt_change(-2.25) == "−2,2"
    assert fmt_change(1.2) == "+1,2" and fmt_change(-0.5) == "−0,5"
    assert fmt_change(0.0) == "±0" and fmt_change(0.04) == "±0"  # neutral, no decimals
    assert fmt_change(3, digits=0, unit=" ngày") == "+3 ngày"


def test_english_numbers():
    assert fmt_number(1234567, "en") == "1,234,567"
    assert fmt_pct(36.842, "en") == "36.8%"


def test_period_labels():
    assert period_label(parse("2024-Q1")) == "Quý I/2024"  # official style: Roman numerals
    assert period_label(parse("2026-Q3")) == "Quý III/2026"
    assert period_label(parse("2026-Q4")) == "Quý IV/2026"
    assert period_label(parse("2024-03")) == "Tháng 03/2024"
    assert period_label(parse("2024-Q1", "official")) == "Quý I/2024 (15/12/2023 – 14/03/2024)"
    assert period_label(parse("2024-Q1"), "en") == "Q1 2024"


def test_every_label_has_both_languages():
    for key, (vi, en) in LABELS.items():
        assert vi.strip() and en.strip(), key
    assert t("on_time_rate") == "Tỷ lệ đúng hạn"
    assert t("on_time_rate", "en") == "On-time rate"


def test_fmt_number_is_babels_format_decimal():
    """fmt_number keeps Babel's parsed pattern and locale; what it writes must not change."""
    from decimal import Decimal

    import numpy as np
    from babel.numbers import format_decimal

    values = [0, 1, -1, 0.5, 1.5, 2.5, 2.675, -0.04, 1234.5, 83.75, 1e9, 10**12, Decimal("1.25")]
    # Numbers written again come from a cache: keys that compare equal must not share a text
    # Babel writes differently (0.0 and -0.0), nor numpy's scalars Python's.
    values += [0.0, -0.0, np.float64(-0.0), 0.0, np.float64(1234.5), np.int64(-7)]
    for lang, locale in (("vi", "vi_VN"), ("en", "en_GB")):
        for digits in (0, 1, 2):
            pattern = "#,##0" + ("." + "0" * digits if digits else "")
            for _ in range(2):  # the second time from the cache
                for v in values:
                    want = format_decimal(v, pattern, locale=locale)
                    assert fmt_number(v, lang, digits) == want, (v, lang, digits)
    assert fmt_number(2.5) == "2" and fmt_number(1234.5, digits=1) == "1.234,5"  # half-even
    assert fmt_number(float("nan")) == "–" and fmt_number(None, "en") == "–"
