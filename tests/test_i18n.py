"""Vietnamese-first formatting through Babel."""

from datetime import date

from dashboard.domain.periods import parse
from dashboard.i18n import LABELS, fmt_change, fmt_date, fmt_number, fmt_pct, period_label, t


def test_vietnamese_numbers_and_dates():
    assert fmt_number(1234567) == "1.234.567"
    assert fmt_pct(81.25) == "81,2%"  # half-even, as Babel rounds
    assert fmt_pct(None) == "–"
    assert fmt_date(date(2025, 7, 1)) == "01/07/2025"
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
