"""Interface language and number/date formatting: Vietnamese first, English available.

Numbers and dates go through Babel so that Vietnamese shows ``1.234,5`` and ``26/11/2026``.
Labels are looked up by key; a missing key shows the key itself, so a gap is visible, not fatal.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import NumberPattern, parse_pattern

LANGS = ("vi", "en")
LOCALES = {"vi": "vi_VN", "en": "en_GB"}

# Subjects with a module of labels in dashboard/i18n/labels/.
SUBJECTS = (
    "frame",
    "on_time",
    "pack",
    "pack_columns",
    "satisfaction",
    "rollout",
    "dialogue",
    "maps",
    "imports",
    "ranking",
    "due_soon",
    "bodies",
    "index766",
    "directives",
    "figures",
)
LABELS: dict[str, tuple[str, str]] = {}


def _merge_subject_labels() -> None:
    """Each subject keeps its labels in dashboard/i18n/labels/<subject>.py; one key, one
    place."""
    from importlib import import_module

    for subject in SUBJECTS:
        extra = import_module(f"dashboard.i18n.labels.{subject}").LABELS
        clash = set(extra) & set(LABELS)
        if clash:
            raise KeyError(f"label keys defined twice: {sorted(clash)}")
        LABELS.update(extra)


_merge_subject_labels()


def t(key: str, lang: str = "vi", **kw) -> str:
    pair = LABELS.get(key)
    text = key if pair is None else pair[0 if lang == "vi" else 1]
    return text.format(**kw) if kw else text


@lru_cache(maxsize=32)
def _number_format(lang: str, digits: int) -> tuple[NumberPattern, Locale]:
    """Babel's pattern and locale, parsed once: ``format_decimal`` parses both on every call,
    half the cost of the thousands of numbers a page writes (issue 18)."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return parse_pattern(pattern), Locale.parse(LOCALES[lang])


def fmt_number(x: float | int | None, lang: str = "vi", digits: int = 0) -> str:
    """``babel.numbers.format_decimal(x, "#,##0.0…", locale)``, with the parsing kept."""
    if x is None or x != x:  # None or NaN
        return "–"
    if x == 0:  # 0.0 and -0.0 are one key to a cache, but Babel writes "0" and "-0"
        pattern, locale = _number_format(lang, digits)
        return pattern.apply(x, locale)
    return _formatted(x, lang, digits)


@lru_cache(maxsize=16384, typed=True)
def _formatted(x: float | int, lang: str, digits: int) -> str:
    """A page writes the same few thousand numbers on every rerun (its figures come from the
    page cache): Babel's ~8 µs a number was 5-15 ms of a warm rerun."""
    pattern, locale = _number_format(lang, digits)
    return pattern.apply(x, locale)


def fmt_rank(rank, low, high, lang: str = "vi") -> str:  # noqa: ANN001 - ints or pd.NA
    """A rank with its 95 % interval: '3 (1–7)'; '–' when the unit is not ranked."""

    def missing(v) -> bool:  # noqa: ANN001
        return v is None or str(v) in ("<NA>", "nan", "NaT")

    if missing(rank):
        return "–"
    if missing(low) or missing(high) or int(low) == int(rank) == int(high):
        return fmt_number(int(rank), lang)
    return f"{fmt_number(int(rank), lang)} ({int(low)}–{int(high)})"


def fmt_pct(x: float | None, lang: str = "vi", digits: int = 1) -> str:
    """A percentage given in points (81.25 -> '81,3%')."""
    if x is None or x != x:
        return "–"
    return fmt_number(x, lang, digits) + "%"


def fmt_figure(x: float | None, kind: str, lang: str = "vi") -> str:
    """A headline figure's value as every surface writes it, by its kind (queries.figures):
    a rate '81,3%', days '4,5', the service index's points '85,37', a count '1.204'."""
    if kind == "pct":
        return fmt_pct(x, lang)
    if kind == "days":
        return fmt_number(x, lang, 1)
    if kind == "points":
        return fmt_number(x, lang, 2)
    return fmt_number(x, lang)


def fmt_change(x: float | None, lang: str = "vi", digits: int = 1, unit: str = "") -> str:
    if x is None or x != x:
        return "–"
    """A signed change: '+1,2', '−0,5' (a true minus sign), '±0' when nothing changed (also
    when it rounds to nothing at ``digits``): neutral, neither up nor down."""
    if round(abs(x), digits) == 0:
        return f"±0{unit}"
    sign = "+" if x > 0 else "−"
    return f"{sign}{fmt_number(abs(x), lang, digits)}{unit}"


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def quarter_label(year: int, quarter: int, lang: str = "vi", short: bool = False) -> str:
    """'Quý III/2026' as official Vietnamese style writes it ('III/2026' on a chart's axis);
    'Q3 2026' in English."""
    if lang == "vi":
        return f"{ROMAN[quarter]}/{year}" if short else f"Quý {ROMAN[quarter]}/{year}"
    return f"Q{quarter} {year}"


def fmt_date(d: date | None, lang: str = "vi") -> str:
    if d is None:
        return "–"
    return _formatted_date(d, lang)


@lru_cache(maxsize=16384, typed=True)
def _formatted_date(d: date, lang: str) -> str:
    """Kept as ``_formatted`` keeps numbers: the on-time page writes ~1,000 dates a rerun
    (the lists' due and received days), ~15 µs each through Babel."""
    return _babel_date(d, format="dd/MM/yyyy", locale=LOCALES[lang])


def period_label(period, lang: str = "vi") -> str:  # noqa: ANN001 - dashboard.periods.Period
    """'Quý I/2024', 'Tháng 03/2024', 'Năm 2024', or a date range."""
    y = period.end.year
    official = period.regime == "official"
    if period.kind == "year":
        s = f"Năm {y}" if lang == "vi" else f"Year {y}"
    elif period.kind == "quarter":
        q = (period.end.month - 1) // 3 + 1
        s = quarter_label(y, q, lang)
    elif period.kind == "month":
        s = (
            f"Tháng {period.end.month:02d}/{y}"
            if lang == "vi"
            else _babel_date(period.end, format="MMMM yyyy", locale=LOCALES[lang])
        )
    else:
        return f"{fmt_date(period.start, lang)} – {fmt_date(period.end, lang)}"
    if official:
        s += f" ({fmt_date(period.start, lang)} – {fmt_date(period.end, lang)})"
    return s


def month_label(d: date, lang: str = "vi") -> str:
    return (
        f"{d.month:02d}/{d.year}"
        if lang == "vi"
        else _babel_date(d, "MMM yyyy", locale=LOCALES[lang])
    )
