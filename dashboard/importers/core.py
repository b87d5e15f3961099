"""What every importer shares: reading a file, normalising text, parsing values, reporting
problems, looking up units / fields / procedures / models, and upserting rows.

A problem is never an exception: each reader and parser turns what it cannot use into a
``Problem`` (row, column, value, reason) and carries on, so one run reports every problem in
the file. Reasons are label keys ``imp_p_<code>`` in ``dashboard/labels/imports.py`` (Vietnamese
and English).
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import chain

from sqlalchemy import Connection, Table, bindparam, insert, select, text, update
from sqlalchemy.exc import DBAPIError

from dashboard.i18n import t
from dashboard.importers.files import (  # noqa: F401 - re-exported: core is the importers' API
    MAX_FILE_BYTES,
    Book,
    Progress,
    Sheet,
    Source,
    cell_text,
    decode,
    guess_encoding,
    open_book,
)
from dashboard.storage import settings
from dashboard.storage.schema import (
    admin_unit,
    department,
    model_criterion,
    procedure,
    reform_model,
    unit_lineage,
)
from dashboard.storage.schema import (
    field as field_table,
)

MAX_CELL_CHARS = 100_000  # a cell longer than this is not data (the csv module's limit is 128 KiB)
TEXT_CAP = 2_000  # free-text columns stored as Text (comments, summaries, notes)
SHOW_VALUE = 80  # characters of a value repeated in the report


def today() -> date:
    """The date imports check "in the future" against: OVERSIGHT_TODAY, else the real date."""
    fixed = settings.get("OVERSIGHT_TODAY")
    return date.fromisoformat(fixed) if fixed else date.today()


# --- problems ----------------------------------------------------------------------------

ERROR, WARNING, NOTE = "error", "warning", "note"


@dataclass
class Problem:
    """One thing wrong with (or worth saying about) a file. ``row`` is the row as a spreadsheet
    numbers it (header = 1); None for the whole file. Errors keep a row out; warnings and
    notes do not."""

    row: int | None
    column: str | None
    value: str | None
    code: str
    params: dict = field(default_factory=dict)
    level: str = ERROR
    sheet: str | None = None  # the worksheet, when the file has several
    sheet_no: int = 0  # its position, for sorting

    def reason(self, lang: str = "vi") -> str:
        params = {k: (_fmt_param(v, lang)) for k, v in self.params.items()}
        try:
            return t(f"imp_p_{self.code}", lang, **params)
        except (KeyError, IndexError):  # a label without a placeholder we passed: still readable
            return t(f"imp_p_{self.code}", lang)

    def as_dict(self) -> dict:
        return dict(
            sheet=self.sheet,
            row=self.row,
            column=self.column,
            value=self.value,
            level=self.level,
            code=self.code,
            reason_vi=self.reason("vi"),
            reason_en=self.reason("en"),
        )


def _fmt_param(v, lang: str) -> str:  # noqa: ANN001
    if isinstance(v, date):
        return v.strftime("%d/%m/%Y")
    if isinstance(v, (list, tuple)):
        return ", ".join(_fmt_param(x, lang) for x in v)
    if isinstance(v, dict) and set(v) == {"vi", "en"}:
        return v[lang]
    return str(v)


def shown(value: str | None) -> str | None:
    """A value as repeated in the report: shortened, never a whole huge cell."""
    if value is None:
        return None
    return value if len(value) <= SHOW_VALUE else value[: SHOW_VALUE - 1] + "…"


class Fatal(Exception):
    """The file cannot be read at all; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem


class MappingError(ValueError):
    """A column-mapping file that cannot be used: a usage error, not a problem of the data."""


# --- text ----------------------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u2007\u202f]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-"})


def clean(s) -> str:  # noqa: ANN001
    """Unicode NFC, no invisible or control characters, one space between words."""
    if s is None:
        return ""
    s = str(s)
    if s.isascii() and s.isprintable() and "  " not in s and s == s.strip():
        return s  # codes, dates, numbers: nothing to do (the common case, kept fast)
    return _clean(s)


@lru_cache(maxsize=65_536)
def _clean(s: str) -> str:
    s = unicodedata.normalize("NFC", s).translate(_INVISIBLE)
    s = _CONTROL.sub(" ", s)
    return _SPACES.sub(" ", s).strip()


@lru_cache(maxsize=65_536)
def norm(s: str) -> str:
    """For case-insensitive matching with diacritics: cleaned, dashes unified, casefolded."""
    return clean(s).translate(_DASHES).casefold()


@lru_cache(maxsize=65_536)
def key(s: str) -> str:
    """For matching without diacritics, spaces or punctuation: 'Số hoá' == 'so hoa' == 'SOHOA'."""
    s = unicodedata.normalize("NFD", clean(s).casefold())
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    s = s.replace("đ", "d")
    return _NOT_KEY.sub("", s)


_NOT_KEY = re.compile(r"[^0-9a-z]")


# Free text may carry personal data a citizen typed: phone numbers, ID numbers, e-mails.
_PERSONAL_IN_TEXT = re.compile(
    r"(?<!\d)(?:\+?84|0)(?:[\s.\-]?\d){8,10}(?!\d)"  # phone numbers
    r"|(?<!\d)\d{9}(?:\d{3})?(?!\d)"  # CMND (9) / CCCD (12)
    r"|[\w.+-]+@[\w-]+\.[\w.]+"  # e-mail
)


def scrub(text: str) -> tuple[str, bool]:
    """Remove phone numbers, ID numbers and e-mail addresses from free text."""
    out, n = _PERSONAL_IN_TEXT.subn("[…]", text)
    return out, n > 0


# Headers that carry a citizen's personal data: never read, never stored.
_PERSONAL_HEADERS = (
    "hoten",
    "hovaten",
    "tennguoinop",
    "nguoinop",
    "tencongdan",
    "chuhoso",
    "nguoiyeucau",
    "tennguoiyeucau",
    "nguoidenghi",
    "tennguoidenghi",
    "nguoinhan",
    "cccd",
    "cmnd",
    "socmnd",
    "socccd",
    "dinhdanh",
    "sogiayto",
    "hochieu",
    "dienthoai",
    "sdt",
    "didong",
    "email",
    "thudientu",
    "diachi",
    "noicutru",
    "thuongtru",
    "tamtru",
    "ngaysinh",
    "namsinh",
    "gioitinh",
    "fullname",
    "applicant",
    "citizenname",
    "personname",
    "phone",
    "mobile",
    "address",
    "idnumber",
    "idcard",
    "citizenid",
    "passport",
    "birth",
    "gender",
)


def is_personal_header(header: str) -> bool:
    k = key(header)
    return bool(k) and any(p in k for p in _PERSONAL_HEADERS)


# --- reading files ----------------------------------------------------------------------
# Streams of rows, whatever the file's size: dashboard/importers/files.py.
_cell_text = cell_text
_guess_encoding = guess_encoding


def read_file(data, file_name: str) -> Book:  # noqa: ANN001
    """CSV (UTF-8, with or without BOM; comma, semicolon or tab) or XLSX, as a book of
    sheets read lazily; raises Fatal for a file that cannot be read at all."""
    return open_book(data if isinstance(data, Source) else Source(data), file_name)


def load_mapping(data: bytes, file_name: str = "") -> dict[str, str]:
    """A column-mapping file: JSON ``{"their header": "our column"}`` or a two-column CSV
    (their header, our column; an optional header row). An empty target or "-" ignores the
    column. Raises MappingError."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MappingError("the mapping file is not UTF-8") from None
    stripped = text.strip()
    if not stripped:
        raise MappingError("the mapping file is empty")
    if stripped.startswith("{") or file_name.lower().endswith(".json"):
        try:
            obj = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise MappingError(f"the mapping file is not valid JSON: {exc}") from None
        if not isinstance(obj, dict) or not all(
            isinstance(k, str) and isinstance(v, str | None) for k, v in obj.items()
        ):
            raise MappingError('the JSON mapping must be an object {"their header": "our column"}')
        return {clean(k): clean(v or "") for k, v in obj.items()}
    out: dict[str, str] = {}
    try:
        delim = csv.Sniffer().sniff(stripped[:4000], delimiters=",;\t").delimiter
    except csv.Error:
        delim = ","
    for i, cells in enumerate(csv.reader(io.StringIO(stripped), delimiter=delim)):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) < 2 and i > 0:
            raise MappingError(f"line {i + 1} of the mapping file has no target column")
        src, dst = clean(cells[0]), clean(cells[1] if len(cells) > 1 else "")
        if i == 0 and key(dst) in _MAPPING_HEADER_WORDS:
            continue
        out[src] = dst
    if not out:
        raise MappingError("the mapping file maps no column")
    return out


_MAPPING_HEADER_WORDS = {
    "ourcolumn",
    "target",
    "to",
    "column",
    "cot",
    "cotdich",
    "dich",
    "cotcuachungtoi",
    "cottronghethong",
    "cotcuahethong",
    "cotmoi",
    "cotchuan",
    "cotchung",
    "ourcolumns",
}


# --- columns and rows --------------------------------------------------------------------


@dataclass(frozen=True)
class Col:
    """A column an importer reads: canonical key, Vietnamese and English headers, aliases."""

    key: str
    vi: str
    en: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    help_vi: str = ""
    help_en: str = ""

    def keys(self) -> set[str]:
        return {key(x) for x in (self.key, self.vi, self.en, *self.aliases)}


IGNORE = "__ignore__"


def header_map(
    headers: list[str],
    cols: Iterable[Col],
    mapping: dict[str, str] | None,
    header_row: int,
    ctx: Context,
) -> dict[int, str]:
    """Column index -> canonical key. Personal-data and unknown columns are reported and
    skipped; a missing required column is an error."""
    cols = list(cols)
    lookup: dict[str, str] = {}
    for c in cols:
        for k in c.keys():
            lookup.setdefault(k, c.key)
    mapped: dict[str, str] = {}
    for src, dst in (mapping or {}).items():
        if dst in ("", "-") or key(dst) in ("ignore", "boqua", "none"):
            mapped[key(src)] = IGNORE
            continue
        target = lookup.get(key(dst))
        if target is None:
            raise MappingError(
                f"mapping {src!r} -> {dst!r}: {dst!r} is not a column of this kind; use one of "
                + ", ".join(c.vi for c in cols)
            )
        mapped[key(src)] = target
    out: dict[int, str] = {}
    seen: dict[str, int] = {}
    for i, h in enumerate(headers):
        h = clean(h)
        if not h:
            continue
        k = key(h)
        if is_personal_header(h):  # never read, whatever a mapping says
            ctx.warn(header_row, h, None, "personal_column")
            continue
        target = mapped.get(k) or lookup.get(k)
        if target is None and k in ROW_NUMBER_HEADERS:
            continue  # the export's row number (STT): nothing to read, nothing to say
        if target == IGNORE:
            ctx.note(header_row, h, None, "column_mapped_away")
            continue
        if target is None:
            ctx.note(header_row, h, None, "unknown_column")
            continue
        if target in seen:
            ctx.error(header_row, h, None, "duplicate_column", first=headers[seen[target]].strip())
            continue
        seen[target] = i
        out[i] = target
    present = set(out.values())
    found = [h for h in (clean(x) for x in headers) if h]
    listed = ", ".join(f"“{h}”" for h in found[:20]) + (" …" if len(found) > 20 else "")
    for c in cols:
        if c.required and c.key not in present:
            ctx.error(
                header_row,
                c.vi,
                None,
                "missing_column",
                column=c.vi,
                en=c.en,
                row=header_row,
                found=listed or "–",
            )
    return out


class Row:
    """One data row: raw text by canonical key, and parsers that report problems."""

    __slots__ = ("num", "values", "ctx")

    def __init__(self, num: int, values: dict[str, str], ctx: Context) -> None:
        self.num = num
        self.values = values
        self.ctx = ctx

    @property
    def ok(self) -> bool:
        return self.num not in self.ctx.bad_rows

    def col(self, k: str) -> str:
        return self.ctx.headers.get(k, k)

    def raw(self, k: str) -> str:
        return self.values.get(k, "")

    def has(self, k: str) -> bool:
        return bool(self.values.get(k))

    def error(self, k: str | None, code: str, /, **params) -> None:
        self.ctx.error(
            self.num, self.col(k) if k else None, self.raw(k) if k else None, code, **params
        )

    def warn(self, k: str | None, code: str, /, **params) -> None:
        self.ctx.warn(
            self.num, self.col(k) if k else None, self.raw(k) if k else None, code, **params
        )

    def text(
        self, k: str, required: bool = False, cap: int | None = None, free: bool = False
    ) -> str | None:
        v = self.raw(k)
        if not v:
            if required:
                self.error(k, "required")
            return None
        if cap is not None and len(v) > cap:
            self.error(k, "too_long", n=len(v), max=cap)
            return None
        if free:
            v, removed = scrub(v)
            if removed:
                self.warn(k, "personal_in_text")
        return v

    def date(self, k: str, required: bool = False, past: bool = True) -> date | None:
        v = self.raw(k)
        if not v:
            if required:
                self.error(k, "required")
            return None
        d = parse_date(v)
        if d is None:
            self.error(k, date_hint(v))
            return None
        if past and d > self.ctx.today:
            self.error(k, "future_date", today=self.ctx.today)
            return None
        return d

    def int(
        self,
        k: str,
        required: bool = False,
        lo: int | None = 0,
        hi: int | None = None,
        default: int | None = None,
    ) -> int | None:
        v = self.raw(k)
        if not v:
            if required:
                self.error(k, "required")
            return default
        n = parse_int(v)
        if n is None:
            self.error(k, "bad_integer")
            return None
        if (lo is not None and n < lo) or (hi is not None and n > hi):
            self.error(k, "out_of_range", lo="" if lo is None else lo, hi="…" if hi is None else hi)
            return None
        return n

    def number(
        self,
        k: str,
        required: bool = False,
        lo: float | None = None,
        hi: float | None = None,
        default: float | None = None,
    ) -> float | None:
        v = self.raw(k)
        if not v:
            if required:
                self.error(k, "required")
            return default
        x = parse_number(v)
        if x is None:
            self.error(k, "bad_number")
            return None
        if (lo is not None and x < lo) or (hi is not None and x > hi):
            self.error(k, "out_of_range", lo="" if lo is None else lo, hi="…" if hi is None else hi)
            return None
        return x

    def bool(self, k: str, default: bool | None = False, required: bool = False) -> bool | None:
        v = self.raw(k)
        if not v:
            if required:
                self.error(k, "required")
            return default
        b = parse_bool(v)
        if b is None:
            if parse_date(v) is not None:  # a date (of the letter, the payment) means yes
                return True
            self.error(k, "bad_bool")
            return None
        return b

    def choice(
        self,
        k: str,
        table: dict[str, object],
        code: str,
        required: bool = True,
        fuzzy=None,  # noqa: ANN001 - text -> value or None, for words the table lacks
        **params,
    ):  # noqa: ANN201
        v = self.raw(k)
        if not v:
            if required:
                self.error(k, "required")
            return None
        hit = table.get(key(v))
        if hit is None and fuzzy is not None:
            hit = fuzzy(v)
        if hit is None:
            self.error(k, code, **params)
        return hit


# --- values ------------------------------------------------------------------------------

_TIME = r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?|SA|CH|sa|ch)?"
_DATE_DMY = re.compile(
    r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?:[ T,]+" + _TIME + r")?", re.ASCII
)
_DATE_ISO = re.compile(
    r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]" + _TIME + r"(?:Z|[+-]\d{2}:?\d{2})?)?",
    re.ASCII,
)
# "08:30 02/01/2024": some one-stop systems print the time first.
_TIME_FIRST = re.compile(_TIME + r"[ ,]+(.+)", re.ASCII)
# "ngày 02 tháng 01 năm 2024" (as a form or a letter writes it), after key(): "ngay02thang01nam2024"
_DATE_WORDS = re.compile(r"(?:ngay)?(\d{1,2})thang(\d{1,2})nam(\d{4})")
# Excel stores a date as days since 30/12/1899; a CSV saved from a sheet whose date cells
# lost their format carries that number (45293 = 02/01/2024). Only 1990–2100 is read so that
# an ordinary number is not taken for a date.
EXCEL_EPOCH = date(1899, 12, 30)
SERIAL_MIN, SERIAL_MAX = 32_874, 73_050  # 01/01/1990, 31/12/2099
_SERIAL = re.compile(r"(\d{5})(?:[.,]\d+)?", re.ASCII)


def parse_date(v: str) -> date | None:
    """dd/mm/yyyy (also with - or . and a time of day before or after), yyyy-mm-dd,
    "ngày dd tháng mm năm yyyy", or an Excel serial number (45293); None if none of these."""
    v = v.strip()
    try:
        if m := _DATE_DMY.fullmatch(v):
            d = date(int(m[3]), int(m[2]), int(m[1]))
        elif m := _DATE_ISO.fullmatch(v):
            d = date(int(m[1]), int(m[2]), int(m[3]))
        elif m := _SERIAL.fullmatch(v):
            n = int(m[1])
            if not SERIAL_MIN <= n <= SERIAL_MAX:
                return None
            from datetime import timedelta

            d = EXCEL_EPOCH + timedelta(days=n)
        elif (m := _TIME_FIRST.fullmatch(v)) and not _TIME_FIRST.fullmatch(m[1]):
            return parse_date(m[1])
        elif "th" in v.casefold() and (m := _DATE_WORDS.search(key(v))):
            d = date(int(m[3]), int(m[2]), int(m[1]))
        else:
            return None
    except ValueError:
        return None
    return d if 1900 <= d.year <= 2100 else None


def date_hint(v: str) -> str:
    """Why a value is not a date, for the report: "bad_date" or a more precise code."""
    v = v.strip()
    if _SERIAL.fullmatch(v) or re.fullmatch(r"\d{1,7}(?:[.,]\d+)?", v, re.ASCII):
        return "bad_date_number"
    if m := _DATE_DMY.fullmatch(v):
        if int(m[2]) > 12 and int(m[1]) <= 12:
            return "bad_date_month_first"
    return "bad_date"


_INT = re.compile(r"[+-]?\d+", re.ASCII)
_THOUSANDS = re.compile(r"\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*", re.ASCII)


def parse_int(v: str) -> int | None:
    v = v.strip()
    if len(v) > 30:  # no count has 30 digits; int() of thousands of digits raises
        return None
    if _INT.fullmatch(v):
        return int(v)
    if _THOUSANDS.fullmatch(v):  # 1.234 or 1,234 or 1 234 (Vietnamese / English thousands)
        return int(re.sub(r"\D", "", v))
    m = re.fullmatch(r"([+-]?\d+)[.,]0+", v, re.ASCII)  # 12.0 from a spreadsheet
    return int(m[1]) if m else None


def parse_number(v: str) -> float | None:
    v = v.strip().rstrip("%").strip()
    if not v or len(v) > 30:
        return None
    if re.fullmatch(r"[+-]?\d+", v, re.ASCII):
        return float(v)
    if re.fullmatch(r"[+-]?\d+[.,]\d+", v, re.ASCII):  # 92,5 or 92.5
        return float(v.replace(",", "."))
    if re.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3})+,\d+", v, re.ASCII):  # 1.234,5
        return float(v.replace(".", "").replace(",", "."))
    if re.fullmatch(r"[+-]?\d{1,3}(?:,\d{3})+\.\d+", v, re.ASCII):  # 1,234.5
        return float(v.replace(",", ""))
    return None


_TRUE = {"1", "x", "co", "true", "yes", "y", "dat", "da", "coroi", "daco", "v"}
_FALSE = {"0", "khong", "false", "no", "n", "chua", "khongdat", "chuadat", "chuaco", "khongco"}


def parse_bool(v: str) -> bool | None:
    k = key(v)
    if k in _TRUE or v.strip() in ("✓", "✔", "☑"):
        return True
    if k in _FALSE or v.strip() in ("-", "✗", "☐"):
        return False
    return None


def words(*pairs: tuple[object, Iterable[str]]) -> dict[str, object]:
    """A lookup table value-by-key from (value, names...) pairs."""
    out: dict[str, object] = {}
    for value, names in pairs:
        for n in names:
            out[key(n)] = value
    return out


# --- context -----------------------------------------------------------------------------


MAX_PROBLEMS = 20_000  # problems kept in detail; beyond, counted by kind (bounded memory)


class RowSet:
    """Row numbers as a bitmap: a million data rows take a megabyte, not a set's 60."""

    __slots__ = ("_bits", "_n")

    def __init__(self) -> None:
        self._bits = bytearray()
        self._n = 0

    def add(self, num: int) -> None:
        if num >= len(self._bits):
            self._bits.extend(bytes(max(num + 1 - len(self._bits), len(self._bits) // 2)))
        if not self._bits[num]:
            self._bits[num] = 1
            self._n += 1

    def discard(self, num: int) -> None:
        if num < len(self._bits) and self._bits[num]:
            self._bits[num] = 0
            self._n -= 1

    def __contains__(self, num: object) -> bool:
        return isinstance(num, int) and 0 <= num < len(self._bits) and bool(self._bits[num])

    def __len__(self) -> int:
        return self._n

    def __and__(self, other) -> set[int]:  # noqa: ANN001
        return {n for n in other if n in self}


class Context:
    """Everything one validation run shares: the connection, today, problems, lookups."""

    def __init__(
        self,
        conn: Connection,
        today_: date | None = None,
        period=None,  # noqa: ANN001
        progress: Progress | None = None,
        unit_code: str | None = None,
    ) -> None:
        self.conn = conn
        self.today = today_ or today()
        self.period = period  # dashboard.periods.Period from --period, for the report form
        self.unit_code = unit_code  # --unit, for the report form
        self.progress = progress or Progress()
        self.allowed_units: set[int] | None = None  # the importing user's units (None: all)
        self.problems: list[Problem] = []
        self.more_problems: dict[tuple[str, str], int] = {}  # (level, code) -> not kept
        self.bad_rows: set[int] = set()
        self.data_rows = RowSet()
        self.headers: dict[str, str] = {}
        self.sheet_name: str | None = None
        self.sheet_offset = self.sheet_no = 0
        # The report form: rows following each convention for the received total.
        self.conventions: dict[str, int] = {}
        self.convention_rows: dict[str, int] = {}
        self.declared_convention = ""
        self._units: Units | None = None
        self._catalog: Catalog | None = None
        self._models: Models | None = None
        self._calendar = None

    def set_sheet(self, name: str | None, offset: int) -> None:
        """Problems from here on are about this worksheet; its rows are ids ``offset + n``
        (so that row 10 of two sheets are two rows)."""
        self.sheet_name, self.sheet_offset = name, offset
        self.sheet_no = offset

    def shown_row(self, rid: int | None) -> int | None:
        """A row id as the sheet numbers it."""
        return None if rid is None else rid - self.sheet_offset

    def _add(self, p: Problem) -> None:
        if self.sheet_offset or self.sheet_name:
            p.row = self.shown_row(p.row)
            p.sheet, p.sheet_no = self.sheet_name, self.sheet_no
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(p)
        else:
            k = (p.level, p.code)
            self.more_problems[k] = self.more_problems.get(k, 0) + 1

    def error(self, row, column, value, code, /, **params) -> None:  # noqa: ANN001
        self._add(Problem(row, column, shown(value), code, params, ERROR))
        if row is not None:
            self.bad_rows.add(row)

    def warn(self, row, column, value, code, /, **params) -> None:  # noqa: ANN001
        self._add(Problem(row, column, shown(value), code, params, WARNING))

    def note(self, row, column, value, code, /, **params) -> None:  # noqa: ANN001
        self._add(Problem(row, column, shown(value), code, params, NOTE))

    @property
    def units(self) -> Units:
        if self._units is None:
            self._units = Units(self.conn)
            self._units.allowed = self.allowed_units
        return self._units

    @property
    def calendar(self):  # noqa: ANN201 - a WorkCalendar
        """Working days as the holiday register holds them (the supplement wait counts them)."""
        if self._calendar is None:
            from dashboard.storage.registers import calendar

            self._calendar = calendar(self.conn)
        return self._calendar

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._catalog = Catalog(self.conn)
        return self._catalog

    @property
    def models(self) -> Models:
        if self._models is None:
            self._models = Models(self.conn)
        return self._models


class SeenCodes:
    """The codes a file has had so far and the row each was first on, in 16 bytes a code
    (a dict of a million codes as text takes ~150 MB): 64-bit hashes in a sorted numpy
    array, with the last few thousand in a dict until they are merged in. Two codes of one
    file with the same hash are all but impossible (p < 1e-7 at a million rows)."""

    MERGE = 20_000

    def __init__(self) -> None:
        import numpy as np

        self._np = np
        self._h = np.empty(0, dtype=np.int64)
        self._r = np.empty(0, dtype=np.int64)
        self._new: dict[int, int] = {}

    def first(self, code: str) -> int | None:
        """The row ``code`` was first seen on, or None."""
        h = hash(code)
        r = self._new.get(h)
        if r is not None:
            return r
        i = int(self._np.searchsorted(self._h, h))
        if i < len(self._h) and self._h[i] == h:
            return int(self._r[i])
        return None

    def add(self, code: str, row: int) -> None:
        self._new[hash(code)] = row
        if len(self._new) >= self.MERGE:
            np = self._np
            h = np.fromiter(self._new.keys(), dtype=np.int64, count=len(self._new))
            r = np.fromiter(self._new.values(), dtype=np.int64, count=len(self._new))
            hs, rs = np.concatenate([self._h, h]), np.concatenate([self._r, r])
            order = np.argsort(hs, kind="stable")
            self._h, self._r, self._new = hs[order], rs[order], {}


# --- finding the table in a sheet ----------------------------------------------------------

HEADER_SCAN = 40  # rows searched for the header (title blocks are a dozen rows at most)
# Columns exports carry that no kind reads: the row number. Skipped without a note.
ROW_NUMBER_HEADERS = {"stt", "tt", "sott", "sothutu", "rowno"}
# A row after the header that is the export's footer or signature block, not a record.
_FOOTER = re.compile(
    r"^(tong|cong|total|sum|nguoilap|nguoiky|lapbieu|thutruong|lanhdao|giamdoc|chutich|"
    r"truongphong|pho|ky|xacnhan|noinhan|ghichu|luu|kt|tm|ubnd|note|prepared|signed|"
    r".*ngay\d*thang\d*nam\d*)"
)
_NUMBERING_CELL = re.compile(r"^\(?[0-9]{1,3}\)?(?:\s*=.*)?$|^\(?[a-z]\)?$", re.IGNORECASE)


def _column_lookup(cols: list[Col], mapping: dict[str, str] | None) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for c in cols:
        for k in c.keys():
            lookup.setdefault(k, c.key)
    for src, dst in (mapping or {}).items():
        if dst in ("", "-") or key(dst) in ("ignore", "boqua", "none"):
            lookup[key(src)] = IGNORE
        elif key(dst) in lookup:
            lookup[key(src)] = lookup[key(dst)]
    return lookup


def _score(cells: list[str], lookup: dict[str, str]) -> int:
    """How many distinct columns of the kind a row names (a header row names several)."""
    return len({lookup[k] for c in cells if (k := key(c)) in lookup and lookup[k] != IGNORE})


def is_numbering_row(cells: list[str]) -> bool:
    """(1) (2) (3) … or 1 2 3 … or A B 1 2: the column-number row under a header."""
    vals = [clean(c) for c in cells if clean(c)]
    if len(vals) < 3 or not all(_NUMBERING_CELL.match(v) for v in vals):
        return False
    nums = [int(re.match(r"\d+", v.strip("()"))[0]) for v in vals if v.strip("(")[:1].isdigit()]
    return len(nums) >= 3 and all(b == a + 1 for a, b in zip(nums, nums[1:], strict=False))


def _merge_header(top: list[str], sub: list[str], lookup: dict[str, str]) -> list[str]:
    """A two-row header: a group cell merged over its sub-columns ("Ngày" over "Tiếp nhận",
    "Hẹn trả") reads as the sub-column, or as group + sub-column when only that is known."""
    out, group = [], ""
    for j in range(max(len(top), len(sub))):
        t_ = clean(top[j]) if j < len(top) else ""
        s_ = clean(sub[j]) if j < len(sub) else ""
        group = t_ or (group if s_ else "")
        if not s_:
            out.append(t_)
            continue
        for cand in (s_, f"{group} {s_}", f"{s_} {group}"):
            if key(cand) in lookup:
                out.append(cand)
                break
        else:
            out.append(s_ if not t_ or key(t_) not in lookup else t_)
    return out


def find_header(
    rows: Iterator[tuple[int, list[str]]], cols: list[Col], mapping: dict[str, str] | None
) -> tuple[int, list[str], list[tuple[int, list[str]]], list[tuple[int, list[str]]]]:
    """The header row wherever the export put it (under a title block, two rows deep).

    Returns (header row number, header cells, rows above it, rows read after it). The first
    non-empty row is the header when no row names at least two columns of the kind."""
    lookup = _column_lookup(cols, mapping)
    head: list[tuple[int, list[str]]] = []
    for item in rows:
        head.append(item)
        if len(head) >= HEADER_SCAN:
            break
    if not head:
        return 0, [], [], []
    single = [_score(cells, lookup) for _n, cells in head]
    best, best_i, best_cells, depth = 1, 0, head[0][1], 1
    for i, (_n, cells) in enumerate(head):
        if single[i] > best:
            best, best_i, best_cells, depth = single[i], i, cells, 1
        if i + 1 < len(head) and not is_numbering_row(head[i + 1][1]):
            merged = _merge_header(cells, head[i + 1][1], lookup)
            sc2 = _score(merged, lookup)
            # Two rows only when they name more columns than either does alone.
            if sc2 > max(best, single[i], single[i + 1]):
                best, best_i, best_cells, depth = sc2, i, merged, 2
    if best < 2:
        best_i, best_cells, depth = 0, head[0][1], 1
    after = head[best_i + depth :]
    if after and is_numbering_row(after[0][1]):
        after = after[1:]
    return head[best_i + depth - 1][0], best_cells, head[:best_i], after


def _footer_like(cells: list[str]) -> bool:
    text = next((c for c in cells if clean(c)), "")
    return bool(_FOOTER.match(key(text)))


def tabular(
    sheet: Sheet | Book, cols: list[Col], mapping: dict[str, str] | None, ctx: Context
) -> Iterator[Row]:
    """Rows of a plain table as Row objects, read as a stream.

    The header is found wherever it is (``find_header``); title rows above it, a row of
    column numbers under it, and rows that carry none of the required columns (a total
    row, the signature block, blank rows of an export) are skipped and reported."""
    if isinstance(sheet, Book):
        sheet = sheet.sheets[0]
    it = iter(sheet)
    header_num, headers, above, after = find_header(it, cols, mapping)
    if not headers:
        raise Fatal(Problem(None, None, None, "empty_file"))
    if above:
        ctx.note(
            header_num,
            None,
            None,
            "title_rows_skipped",
            first=above[0][0],
            last=above[-1][0],
            header=header_num,
        )
    idx = header_map(headers, cols, mapping, header_num, ctx)
    ctx.headers = {k: clean(headers[i]) for i, k in idx.items()}
    if any(
        p.level == ERROR and p.code in ("missing_column", "duplicate_column") for p in ctx.problems
    ):
        if not after and next(it, None) is None:
            ctx.error(None, None, None, "no_rows")
        return
    required = [i for i, k in idx.items() if any(c.key == k and c.required for c in cols)]
    skipped: list[tuple[int, bool, str]] = []  # (row, footer-like, first text) not yet reported

    def flush() -> None:
        if not skipped:
            return
        footer = all(f for _n, f, _t in skipped)
        ctx._add(
            Problem(
                skipped[0][0],
                None,
                skipped[0][2],
                "rows_skipped_footer" if footer else "rows_skipped_empty",
                dict(first=skipped[0][0], last=skipped[-1][0], n=len(skipped)),
                NOTE if footer else WARNING,
            )
        )
        skipped.clear()

    progress = ctx.progress
    any_rows = False
    for num, cells in chain(after, it):
        filled = sum(1 for i in required if i < len(cells) and cells[i].strip())
        if required and (filled == 0 or (filled <= len(required) // 2 and _footer_like(cells))):
            text = next((clean(c) for c in cells if clean(c)), "")
            skipped.append((num, _footer_like(cells), shown(text)))
            continue
        flush()
        values: dict[str, str] = {}
        too_long = []
        for i, k in idx.items():
            if i < len(cells):
                raw = cells[i]
                if len(raw) > MAX_CELL_CHARS:
                    too_long.append((k, raw))
                    continue
                v = clean(raw)
                if v:
                    values[k] = v
        row = Row(num, values, ctx)
        ctx.data_rows.add(num)
        any_rows = True
        for k, raw in too_long:
            ctx.error(num, ctx.headers.get(k, k), raw, "too_long", n=len(raw), max=MAX_CELL_CHARS)
        progress.rows_read += 1
        yield row
        progress.rows_checked += 1
        progress.tick()
    flush()
    if not any_rows:
        ctx.error(None, None, None, "no_rows")


# --- lookups -----------------------------------------------------------------------------


def as_date(v) -> date | None:  # noqa: ANN001 - SQLite may hand back strings
    if v is None or isinstance(v, date) and not isinstance(v, datetime):
        return v
    if isinstance(v, datetime):
        return v.date()
    return date.fromisoformat(str(v)[:10])


@dataclass(frozen=True)
class UnitRow:
    id: int
    code: str
    name: str
    short_name: str
    level: str
    parent_id: int | None
    valid_from: date
    valid_to: date | None
    current_unit_id: int | None

    def valid_on(self, d: date) -> bool:
        return self.valid_from <= d and (self.valid_to is None or d <= self.valid_to)

    def overlaps(self, start: date, end: date) -> bool:
        return self.valid_from <= end and (self.valid_to is None or start <= self.valid_to)

    def label(self) -> str:
        return f"{self.code} ({self.name})"


_UNIT_PREFIXES = ("ubnd ", "ủy ban nhân dân ", "uỷ ban nhân dân ", "ubnd. ")


class Units:
    """Every unit (a few thousand) in memory, matched by code or name, old names included."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        rows = conn.execute(
            select(
                admin_unit.c.id,
                admin_unit.c.code,
                admin_unit.c.name,
                admin_unit.c.short_name,
                admin_unit.c.level,
                admin_unit.c.parent_id,
                admin_unit.c.valid_from,
                admin_unit.c.valid_to,
                admin_unit.c.current_unit_id,
            )
        ).all()
        self.by_id: dict[int, UnitRow] = {}
        self.by_code: dict[str, int] = {}
        self.by_name: dict[str, set[int]] = {}
        self.by_key: dict[str, set[int]] = {}
        for r in rows:
            u = UnitRow(r[0], r[1], r[2], r[3], r[4], r[5], as_date(r[6]), as_date(r[7]), r[8])
            self.by_id[u.id] = u
            self.by_code[u.code.upper()] = u.id
            for n in {u.name, u.short_name}:
                self.by_name.setdefault(norm(n), set()).add(u.id)
                self.by_key.setdefault(key(n), set()).add(u.id)
        self.successor: dict[int, int] = {}
        self.predecessors: dict[int, list[int]] = {}
        for p, s, primary in conn.execute(
            select(
                unit_lineage.c.predecessor_id,
                unit_lineage.c.successor_id,
                unit_lineage.c.is_primary,
            )
        ):
            if primary:
                self.successor[p] = s
            self.predecessors.setdefault(s, []).append(p)
        self._cache: dict[tuple, tuple[list[int], str | None]] = {}

    def ancestors(self, uid: int) -> list[UnitRow]:
        out, u = [], self.by_id[uid]
        while u.parent_id is not None and u.parent_id in self.by_id and len(out) < 5:
            u = self.by_id[u.parent_id]
            out.append(u)
        return out

    def _by_text(self, text: str) -> set[int]:
        n = norm(text)
        for p in _UNIT_PREFIXES:
            if n.startswith(p):
                n = n[len(p) :].strip()
        hit = self.by_name.get(n)
        if hit:
            return set(hit)
        return set(self.by_key.get(key(n), ()))

    def code_of(self, text: str) -> int | None:
        c = clean(text).upper()
        if c in self.by_code:
            return self.by_code[c]
        prefix, digits = ("L", c[1:]) if c.startswith("L") else ("", c)
        if digits.isdigit():  # a spreadsheet dropped leading zeros: 4 -> 00004
            for width in (5, 3, 2):
                z = prefix + digits.zfill(width)
                if z in self.by_code:
                    return self.by_code[z]
        return None

    def candidates(self, text: str, hints: tuple[str, ...] = ()) -> list[int]:
        """Units a cell may mean: its code, else its name (with "…, district, province"
        parts and hint columns narrowing by ancestors)."""
        ck = (text, hints)
        if ck in self._cache:
            return self._cache[ck][0]
        uid = self.code_of(text)
        if uid is not None:
            found = [uid]
        else:
            parts = [p for p in re.split(r"\s*[,;–]\s*|\s+-\s+", clean(text)) if p]
            head, extra = (parts[0], parts[1:]) if parts else ("", [])
            ids = self._by_text(head)
            for h in [*extra, *hints]:
                if not h:
                    continue
                hint_ids = self._by_text(h)
                hc = self.code_of(h)
                if hc is not None:
                    hint_ids.add(hc)
                narrowed = {i for i in ids if any(a.id in hint_ids for a in self.ancestors(i))}
                if narrowed:
                    ids = narrowed
            found = sorted(ids)
        self._cache[ck] = (found, None)
        return found

    def successor_on(self, uid: int, d: date) -> UnitRow | None:
        seen, cur = set(), uid
        while cur in self.successor and cur not in seen:
            seen.add(cur)
            cur = self.successor[cur]
            u = self.by_id.get(cur)
            if u and u.valid_on(d):
                return u
        cu = self.by_id[uid].current_unit_id
        return self.by_id.get(cu) if cu in self.by_id and self.by_id[cu].valid_on(d) else None

    def predecessors_on(self, uid: int, d: date) -> list[UnitRow]:
        out, frontier, seen = [], [uid], set()
        while frontier:
            nxt = []
            for f in frontier:
                for p in self.predecessors.get(f, []):
                    if p in seen:
                        continue
                    seen.add(p)
                    if self.by_id[p].valid_on(d):
                        out.append(self.by_id[p])
                    else:
                        nxt.append(p)
            frontier = nxt
        return out

    # Unit ids the importing user may write records for (their unit and the units under it);
    # None: no limit. Set by the import engine from the user's unit.
    allowed: set[int] | None = None

    def resolve(self, row: Row, k: str, **kw) -> UnitRow | None:
        """The unit a cell names (``_resolve``), refused when it is outside the importing
        user's unit: a data officer of one commune cannot write another's records."""
        unit = self._resolve(row, k, **kw)
        if unit is not None and self.allowed is not None and unit.id not in self.allowed:
            row.error(k, "unit_out_of_scope", unit=unit.label())
            return None
        return unit

    def _resolve(
        self,
        row: Row,
        k: str,
        on: date | None = None,
        span: tuple[date, date] | None = None,
        hints: tuple[str, ...] = (),
        required: bool = True,
        level: str | None = None,
        unassigned: bool = False,
    ) -> UnitRow | None:
        """The unit a cell names, valid on ``on`` (or during ``span``); problems reported.

        ``unassigned``: a record dated before today's unit existed, filed under it (an export
        made after 1 July 2025 names today's unit for older dossiers), is accepted with a
        warning under the unit's stand-in "not assigned to a former unit" (``unassigned_for``)."""
        text = row.raw(k)
        if not text:
            if required:
                row.error(k, "required")
            return None
        if len(text) > 200:
            row.error(k, "too_long", n=len(text), max=200)
            return None
        ids = self.candidates(text, hints)
        if level:
            ids = [i for i in ids if self.by_id[i].level == level] or ids
        if not ids:
            row.error(k, "unknown_unit")
            return None
        units = [self.by_id[i] for i in ids]
        if on is not None:
            valid = [u for u in units if u.valid_on(on)]
        elif span is not None:
            valid = [u for u in units if u.overlaps(*span)]
        else:
            valid = units
        if len(valid) > 1 and span is not None:
            # A period across a reorganisation: the unit as it stood at the period's end.
            at_end = [u for u in valid if u.valid_on(span[1])]
            valid = at_end if len(at_end) == 1 else valid
        if len(valid) > 1 and self.allowed is not None:
            # A data officer of one province means their own "Xã Tân Hưng".
            valid = [u for u in valid if u.id in self.allowed] or valid
        if len(valid) == 1:
            return valid[0]
        if len(valid) > 1:
            row.error(k, "ambiguous_unit", units=[u.label() for u in valid[:6]])
            return None
        # Known, but not valid at the record's date: say what to use instead.
        when = on or (span[0] if span else None)
        u = units[0]
        if len(units) > 1:
            succ = [s for x in units[:6] if when and (s := self.successor_on(x.id, when))]
            row.error(
                k,
                "unit_not_valid_many",
                units=[x.label() for x in units[:6]],
                date=when,
                suggest=sorted({s.label() for s in succ}) or "–",
            )
            return None
        if u.valid_to is not None and when is not None and when > u.valid_to:
            succ = self.successor_on(u.id, when)
            if succ is not None:
                row.error(k, "unit_ended", unit=u.label(), until=u.valid_to, suggest=succ.label())
            else:
                row.error(k, "unit_ended_no_successor", unit=u.label(), until=u.valid_to)
        else:
            preds = self.predecessors_on(u.id, when) if when else []
            if preds and unassigned and on is not None and u.valid_to is None:
                stand_in = self.unassigned_for(u, preds)
                row.warn(
                    k,
                    "unit_unassigned",
                    unit=u.label(),
                    since=u.valid_from,
                    stand_in=stand_in.name,
                    former=[p.label() for p in preds[:6]],
                )
                return stand_in
            if preds:
                row.error(
                    k,
                    "unit_not_yet",
                    unit=u.label(),
                    since=u.valid_from,
                    suggest=[p.label() for p in preds[:6]],
                )
            else:
                row.error(k, "unit_not_yet_no_predecessor", unit=u.label(), since=u.valid_from)
        return None

    def unassigned_for(self, u: UnitRow, preds: list[UnitRow]) -> UnitRow:
        """Today's unit ``u``'s stand-in for records from before it existed whose former
        unit nobody knows: a unit "<u> – chưa gán đơn vị cũ" (code ``CG-<code>``), valid until
        the day before ``u`` began, under the former units' closest common parent (their old
        district, else old province), whose records roll up to ``u`` (a lineage edge). So a
        record counts for ``u`` in the current view and, in the as-was view, under that
        district as "not assigned to a former unit": no total changes between the views.
        Created once, in the import's transaction."""
        code = f"CG-{u.code}"[:32]
        if code.upper() in self.by_code:
            return self.by_id[self.by_code[code.upper()]]
        chains = [[a.id for a in self.ancestors(p.id)] for p in preds]
        common = [a for a in chains[0] if all(a in c for c in chains[1:])]
        parent = common[0] if common else (chains[0][-1] if chains[0] else None)
        start = min(p.valid_from for p in preds)
        end = u.valid_from - timedelta(days=1)
        name = f"{u.name} – chưa gán đơn vị cũ"[:200]
        values = dict(
            code=code,
            gso_code=None,
            name=name,
            short_name=f"{u.short_name} – chưa gán đơn vị cũ"[:200],
            level=u.level,
            unit_type="Chưa gán",
            parent_id=parent,
            valid_from=start,
            valid_to=end,
            current_unit_id=u.current_unit_id or u.id,
        )
        uid = insert_row(self.conn, admin_unit, values)
        insert_row(
            self.conn,
            unit_lineage,
            dict(
                predecessor_id=uid,
                successor_id=u.id,
                effective_date=u.valid_from,
                legal_source="Hồ sơ trước sắp xếp ghi theo đơn vị hiện nay (dữ liệu nhập)",
                weight=1.0,
                is_primary=True,
            ),
        )
        stand_in = UnitRow(
            uid,
            code,
            name,
            values["short_name"],
            u.level,
            parent,
            start,
            end,
            values["current_unit_id"],
        )
        self.by_id[uid] = stand_in
        self.by_code[code.upper()] = uid
        self.successor[uid] = u.id
        self.predecessors.setdefault(u.id, []).append(uid)
        return stand_in


@dataclass
class Proc:
    id: int | None
    code: str
    name: str
    field_id: int
    processing_days: int | None


class Catalog:
    """Fields and procedures, matched by code or name (with or without diacritics)."""

    def __init__(self, conn: Connection) -> None:
        self.fields: dict[int, tuple[str, str, str]] = {}
        self.field_by: dict[str, int] = {}
        self.field_by_key: dict[str, int] = {}
        for fid, code, vi, en in conn.execute(
            select(
                field_table.c.id, field_table.c.code, field_table.c.name_vi, field_table.c.name_en
            )
        ):
            self.fields[fid] = (code, vi, en)
            for n in (code, vi, en):
                self.field_by.setdefault(norm(n), fid)
                self.field_by_key.setdefault(key(n), fid)
        self.procs: dict[int, Proc] = {}
        self.written: dict[int, int] = {}  # new procedure reference -> id, once inserted
        self.proc_by_code: dict[str, int] = {}
        self.proc_by_name: dict[tuple[int, str], int] = {}
        self.proc_fields_by_name: dict[str, set[int]] = {}
        for pid, code, name, fid, days, official in conn.execute(
            select(
                procedure.c.id,
                procedure.c.code,
                procedure.c.name,
                procedure.c.field_id,
                procedure.c.processing_days,
                procedure.c.official_code,
            )
        ):
            self._add(Proc(pid, code, name, fid, days))
            if official:  # exports name procedures by their national code ("Mã TTHC")
                self.proc_by_code.setdefault(official.upper(), pid)
        self.departments: dict[tuple[int, str], int] = {
            (uid, norm(n)): did
            for did, uid, n in conn.execute(
                select(department.c.id, department.c.unit_id, department.c.name)
            )
        }

    def _add(self, p: Proc) -> None:
        ref = p.id if p.id is not None else -len(self.procs) - 1
        self.procs[ref] = p
        self.proc_by_code[p.code.upper()] = ref
        self.proc_by_name[(p.field_id, key(p.name))] = ref
        self.proc_fields_by_name.setdefault(key(p.name), set()).add(p.field_id)

    def field_id(self, text: str) -> int | None:
        n = norm(text)
        for p in ("lĩnh vực ", "linh vuc "):
            if (
                n.startswith(p)
                and n[len(p) :]
                and (norm(n[len(p) :]) in self.field_by or key(n[len(p) :]) in self.field_by_key)
            ):
                n = n[len(p) :]
        return self.field_by.get(n) or self.field_by_key.get(key(n))

    def field_label(self, fid: int) -> str:
        code, vi, _ = self.fields[fid]
        return f"{code} ({vi})"

    def proc_by(self, code: str | None, name: str | None, field_id: int | None) -> int | None:
        if code and code.upper() in self.proc_by_code:
            return self.proc_by_code[code.upper()]
        if name and field_id is not None:
            return self.proc_by_name.get((field_id, key(name)))
        if name and field_id is None:
            fids = self.proc_fields_by_name.get(key(name), set())
            if len(fids) == 1:
                return self.proc_by_name.get((next(iter(fids)), key(name)))
        return None

    def new_procedure(self, code: str | None, name: str, field_id: int, days: int | None) -> int:
        """A procedure not in the catalogue: kept under a negative reference until written."""
        import hashlib

        if not code:
            h = hashlib.sha1(f"{self.fields[field_id][0]}|{key(name)}".encode()).hexdigest()[:10]
            code = f"NHAP-{self.fields[field_id][0]}-{h}".upper()[:64]
        p = Proc(None, code, name, field_id, days)
        self._add(p)
        return self.proc_by_code[code.upper()]

    def write_new(self, conn: Connection, used: set[int]) -> dict[int, int]:
        """Insert the new procedures some written row uses (once per import, whatever the
        chunk); return reference -> id."""
        out = {}
        for ref in sorted(r for r in used if r is not None):
            if ref >= 0:
                continue
            if ref in self.written:
                out[ref] = self.written[ref]
                continue
            p = self.procs[ref]
            out[ref] = self.written[ref] = insert_row(
                conn,
                procedure,
                dict(
                    code=p.code,
                    name=p.name,
                    field_id=p.field_id,
                    processing_days=p.processing_days if p.processing_days is not None else 0,
                ),
            )
        return out


class Models:
    """Reform models and their criteria, matched by code or name."""

    def __init__(self, conn: Connection) -> None:
        self.by: dict[str, int] = {}
        self.names: dict[int, str] = {}
        for mid, code, name in conn.execute(
            select(reform_model.c.id, reform_model.c.code, reform_model.c.name)
        ):
            self.names[mid] = code
            for n in (code, name):
                self.by.setdefault(key(n), mid)
        self.criteria: dict[tuple[int, str], int] = {}
        for cid, mid, code, name in conn.execute(
            select(
                model_criterion.c.id,
                model_criterion.c.model_id,
                model_criterion.c.code,
                model_criterion.c.name,
            )
        ):
            for n in (code, name):
                self.criteria.setdefault((mid, key(n)), cid)

    def model(self, text: str) -> int | None:
        return self.by.get(key(text))

    def criterion(self, model_id: int, text: str) -> int | None:
        return self.criteria.get((model_id, key(text)))


# --- writing -----------------------------------------------------------------------------


@dataclass
class Rec:
    """A validated record: the file rows it came from, and the values to write."""

    rows: tuple[int, ...]
    data: dict
    extra: dict = field(default_factory=dict)


@dataclass
class Written:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    since: date | None = None  # earliest date a rollup must be rebuilt from

    def add(self, other: Written) -> None:
        self.added += other.added
        self.updated += other.updated
        self.unchanged += other.unchanged
        if other.since and (self.since is None or other.since < self.since):
            self.since = other.since


def _same(a, b) -> bool:  # noqa: ANN001
    if a == b:
        return True
    if a is None or b is None:
        return False
    if isinstance(a, float) or isinstance(b, float):
        try:
            return abs(float(a) - float(b)) < 1e-9
        except (TypeError, ValueError):
            return False
    if isinstance(a, date) != isinstance(b, date):  # a date as text (SQLite) vs a date
        try:
            return as_date(a) == as_date(b)
        except ValueError:
            return False
    return False


def upsert(
    conn: Connection,
    table: Table,
    keys: tuple[str, ...],
    records: list[dict],
    batch_id: int | None = None,
    chunk: int = 900,
) -> tuple[Written, dict, set]:
    """Insert records whose natural key is new; update those that differ (only the columns a
    record carries); leave identical ones alone. Portable: select the existing keys, then
    insert / update. Returns the counts, {key: row as it was} of the rows it changed, and the
    keys it added or changed."""
    w = Written()
    if not records:
        return w, {}, set()
    first = keys[0]
    existing: dict[tuple, dict] = {}
    values = sorted({r[first] for r in records}, key=str)
    cols = [table.c.id, *[c for c in table.c if c.name != "id"]]
    for i in range(0, len(values), chunk):
        part = values[i : i + chunk]
        for m in conn.execute(select(*cols).where(table.c[first].in_(part))).mappings():
            existing[tuple(_keyval(m[k]) for k in keys)] = dict(m)
    has_batch = "import_batch_id" in table.c and batch_id is not None
    new_rows, changes, old, touched = [], {}, {}, set()
    for r in records:
        k = tuple(_keyval(r[c]) for c in keys)
        cur = existing.get(k)
        if cur is None:
            touched.add(k)
            row = dict(r)
            if has_batch:
                row["import_batch_id"] = batch_id
            new_rows.append(row)
            continue
        diff = {c: v for c, v in r.items() if c not in keys and not _same(cur.get(c), v)}
        if not diff:
            w.unchanged += 1
            continue
        if has_batch:
            diff["import_batch_id"] = batch_id
        changes.setdefault(frozenset(diff), []).append({"_id": cur["id"], **diff})
        old[k] = cur
        touched.add(k)
        w.updated += 1
    if new_rows and (first_id := sync_id_sequence(conn, table)) is not None:
        new_rows = [{"id": first_id + i, **r} for i, r in enumerate(new_rows)]
    names = sorted({c for r in new_rows for c in r})
    new_rows = [{c: r.get(c) for c in names} for r in new_rows]  # one shape for executemany
    for i in range(0, len(new_rows), 2000):
        conn.execute(insert(table), new_rows[i : i + 2000])
    w.added = len(new_rows)
    for colset, rows in changes.items():
        stmt = (
            update(table)
            .where(table.c.id == bindparam("_id"))
            .values({c: bindparam(c) for c in colset})
        )
        for i in range(0, len(rows), 2000):
            conn.execute(stmt, rows[i : i + 2000])
    return w, old, touched


def sync_id_sequence(conn: Connection, table: Table) -> int | None:
    """PostgreSQL: make sure inserts without an id do not collide with ids already used.

    Rows written with explicit ids (the sample-data generator, fixtures) leave the id sequence
    behind. When it is, move it forward; if the role may not (an import role has only USAGE
    and SELECT on sequences), return the first free id so the caller assigns ids itself.
    None: the sequence can be used as it is (always on SQLite)."""
    if conn.dialect.name != "postgresql":
        return None
    seq = "pg_get_serial_sequence(:t, 'id')"
    max_id, last = conn.execute(
        text(
            f'select coalesce((select max(id) from "{table.name}"), 0), '
            f"pg_sequence_last_value({seq}::regclass)"
        ),
        {"t": table.name},
    ).one()
    if max_id == 0 or (last is not None and last >= max_id):
        return None
    try:
        with conn.begin_nested():
            conn.execute(text(f"select setval({seq}, :v)"), {"t": table.name, "v": max_id})
        return None
    except DBAPIError:
        return max_id + 1


def insert_row(conn: Connection, table: Table, values: dict) -> int:
    """Insert one row and return its id, through the sequence or an explicit id."""
    start = sync_id_sequence(conn, table)
    if start is not None:
        values = {"id": start, **values}
    return conn.execute(insert(table).values(**values)).inserted_primary_key[0]


def _keyval(v):  # noqa: ANN001
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        return date.fromisoformat(v)
    return v


def department_ids(conn: Connection, catalog: Catalog, wanted: set[tuple[int, str]]) -> dict:
    """(unit id, name) -> department id, creating departments a written row names."""
    out = {}
    for uid, name in sorted(wanted):
        k = (uid, norm(name))
        if k not in catalog.departments:
            catalog.departments[k] = insert_row(conn, department, dict(unit_id=uid, name=name))
        out[(uid, name)] = catalog.departments[k]
    return out
