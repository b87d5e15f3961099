"""The official periodic report form Biểu 06/VPCP/KSTT (Circular 01/2020/TT-VPCP).

Two layouts are read, from XLSX or CSV:

- the form itself: title rows (the period as "từ ngày dd/mm/yyyy đến ngày dd/mm/yyyy" or
  "Quý I năm 2024"), a header row starting with "STT", a sub-header row (a row of column
  numbers (1)…(13) may follow), then rows grouped by unit: a unit row, then its field rows.
  13 columns: STT | lĩnh vực/đơn vị | received total, online this period, direct + postal this
  period, carried over | resolved total, early, on time, late | pending total, within deadline,
  overdue. Columns are recognised by their header words; if they cannot be, the standard order
  is assumed and the report says so.
- a flat table, one unit × field a row, with the columns of ``FLAT_COLUMNS``.

Named periods are read in the form's regime (15th to 14th): "Quý I năm 2024" is 15/12/2023 –
14/03/2024. Give exact dates for a calendar period. Natural key: (unit, field, period start,
period end).
"""

from __future__ import annotations

import io
import re
from datetime import date

from dashboard.domain.periods import Period, PeriodError, parse
from dashboard.importers.core import (
    Book,
    Col,
    Context,
    Rec,
    Row,
    Sheet,
    Written,
    clean,
    key,
    parse_date,
    parse_int,
    tabular,
    upsert,
)
from dashboard.storage.schema import report_row

KIND = "report"

NUMBERS = (
    "received_total",
    "received_online",
    "received_direct_postal",
    "carried_over",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending_total",
    "pending_within",
    "pending_overdue",
)
NUMBER_HEADERS = {  # key: (vi, en, aliases)
    "received_total": (
        "Tiếp nhận: tổng số",
        "Received total",
        ("Tổng số tiếp nhận", "Số hồ sơ nhận giải quyết"),
    ),
    "received_online": (
        "Tiếp nhận trực tuyến trong kỳ",
        "Received online",
        ("Trực tuyến", "Tiếp nhận trực tuyến", "Online"),
    ),
    "received_direct_postal": (
        "Tiếp nhận trực tiếp, bưu chính trong kỳ",
        "Received direct or postal",
        (
            "Trực tiếp, bưu chính",
            "Tiếp nhận trực tiếp và bưu chính",
            "Direct and postal",
            "Received direct and postal",
        ),
    ),
    "carried_over": (
        "Kỳ trước chuyển qua",
        "Carried over",
        ("Từ kỳ trước chuyển sang", "Tồn kỳ trước"),
    ),
    "resolved_total": ("Đã giải quyết: tổng số", "Resolved total", ("Tổng số đã giải quyết",)),
    "resolved_early": ("Giải quyết trước hạn", "Resolved early", ("Trước hạn", "Early")),
    "resolved_on_time": ("Giải quyết đúng hạn", "Resolved on time", ("Đúng hạn", "On time")),
    "resolved_late": ("Giải quyết quá hạn", "Resolved late", ("Đã giải quyết quá hạn", "Late")),
    "pending_total": ("Đang giải quyết: tổng số", "Pending total", ("Tổng số đang giải quyết",)),
    "pending_within": (
        "Đang giải quyết trong hạn",
        "Pending within deadline",
        ("Trong hạn", "Within deadline"),
    ),
    "pending_overdue": ("Đang giải quyết quá hạn", "Pending overdue", ("Overdue",)),
}
FLAT_COLUMNS = [
    Col(
        "unit",
        "Đơn vị",
        "Unit",
        ("Mã đơn vị", "Tên đơn vị", "Unit code", "Đơn vị báo cáo"),
        required=True,
    ),
    Col("field", "Lĩnh vực", "Field", ("Mã lĩnh vực", "Tên lĩnh vực", "Field code")),
    Col("period", "Kỳ báo cáo", "Period", ("Kỳ",)),
    Col("period_start", "Từ ngày", "Period start", ("From", "Ngày bắt đầu kỳ")),
    Col("period_end", "Đến ngày", "Period end", ("To", "Ngày kết thúc kỳ")),
    *[Col(k, vi, en, al, required=True) for k, (vi, en, al) in NUMBER_HEADERS.items()],
    Col("district", "Quận/Huyện", "District", ("Huyện", "Quận")),
    Col("province", "Tỉnh/Thành phố", "Province", ("Tỉnh",)),
]
COLUMNS = FLAT_COLUMNS

# Template: Hưng Yên communes (seeded database), official third quarter of 2026.
EXAMPLE_PERIOD = ("15/06/2026", "14/09/2026")
EXAMPLE_GROUPS = [
    (
        "11977",
        "Xã Tân Hưng",
        [
            ("HO_TICH", "Hộ tịch", (120, 80, 40, 10, 118, 90, 25, 3, 12, 11, 1)),
            ("CHUNG_THUC", "Chứng thực", (300, 60, 240, 0, 300, 280, 18, 2, 0, 0, 0)),
        ],
    ),
    (
        "11980",
        "Phường Hồng Châu",
        [
            ("DAT_DAI", "Đất đai", (45, 15, 30, 8, 40, 20, 12, 8, 13, 9, 4)),
        ],
    ),
]
EXAMPLES = [
    {
        "unit": code,
        "field": fcode,
        "period_start": EXAMPLE_PERIOD[0],
        "period_end": EXAMPLE_PERIOD[1],
        **{k: str(v) for k, v in zip(NUMBERS, nums, strict=True)},
    }
    for code, _name, fields in EXAMPLE_GROUPS
    for fcode, _fname, nums in fields
]
TEMPLATE_COLUMNS = ["unit", "field", "period_start", "period_end", *NUMBERS]


# --- periods -----------------------------------------------------------------------------

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _plain(s: str) -> str:
    """Lower case without diacritics, spaces kept: for reading the title's period."""
    import unicodedata

    s = unicodedata.normalize("NFD", clean(s).casefold())
    return "".join(c for c in s if unicodedata.category(c) != "Mn").replace("đ", "d")


_D = r"(\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}|\d{4}-\d{2}-\d{2})"


def period_from_text(text: str) -> Period | None:
    """'từ ngày 15/12/2023 đến ngày 14/03/2024', 'Quý I năm 2024', '6 tháng đầu năm 2024',
    'Năm 2024', 'Tháng 3/2024', '2024-Q1' -> the period (named ones in the 15th–14th regime)."""
    p = _plain(text)
    if m := re.search(_D + r"\s*(?:-|–|den ngay|den|to|\.\.)\s*" + _D, p):
        a, b = parse_date(m[1].replace(" ", "")), parse_date(m[2].replace(" ", ""))
        if a and b and a <= b:
            return Period(a, b, "custom", "official")
    try:
        if m := re.search(r"quy\s*(iv|i{1,3}|[1-4])\s*(?:/|-|nam)?\s*(\d{4})", p):
            q = _ROMAN.get(m[1]) or int(m[1])
            return parse(f"{m[2]}-Q{q}", "official")
        if m := re.search(r"6\s*thang\s*(dau|cuoi)\s*nam\s*(\d{4})", p):
            y = int(m[2])
            if m[1] == "dau":
                return Period(date(y - 1, 12, 15), date(y, 6, 14), "custom", "official")
            return Period(date(y, 6, 15), date(y, 12, 14), "custom", "official")
        if m := re.search(r"thang\s*(\d{1,2})\s*(?:/|-|nam)\s*(\d{4})", p):
            return parse(f"{m[2]}-{int(m[1]):02d}", "official")
        if m := re.search(r"(\d{4})-q([1-4])", p):
            return parse(f"{m[1]}-Q{m[2]}", "official")
        if m := re.search(r"nam\s*(\d{4})", p):
            return parse(m[1], "official")
    except PeriodError:
        return None
    return None


def cli_period(text: str) -> Period:
    """``--period``: 2024-Q1, 2024, 2024-03 (official 15th–14th) or 2024-01-01..2024-03-31."""
    return parse(text, "official")


# --- validation --------------------------------------------------------------------------


SHEET_ROWS = 100_000  # row ids of sheet k start at k × this (a form is a few hundred rows)


def validate(book: Book | Sheet, mapping: dict | None, ctx: Context) -> list[Rec]:
    """Every sheet that holds the form (a header row starting with STT) is read as the form,
    one unit or several; when none does, the first sheet is read as a flat table."""
    sheets = book.sheets if isinstance(book, Book) else [book]
    recs: list[Rec] = []
    seen: dict = {}
    forms = 0
    for i, sheet in enumerate(sheets):
        ctx.set_sheet(sheet.name if len(sheets) > 1 else None, i * SHEET_ROWS)
        head = _first_rows(sheet)
        hi = next(
            (j for j, (_n, cells) in enumerate(head) if key(_first_text(cells)) in ("stt", "tt")),
            None,
        )
        if hi is None:
            if len(sheets) > 1:
                ctx.note(None, None, sheet.name, "sheet_skipped")
            continue
        forms += 1
        recs += _validate_form(sheet.rows, hi, ctx, seen)
    ctx.set_sheet(None, 0)
    if not forms:
        if len(sheets) > 1:  # the notes above were about a flat table's other sheets
            ctx.problems = [p for p in ctx.problems if p.code != "sheet_skipped"]
        recs = _validate_flat(sheets[0], mapping, ctx)
    _report_convention(ctx)
    return recs


def _first_rows(sheet: Sheet) -> list[tuple[int, list[str]]]:
    out = []
    for item in sheet:
        out.append(item)
        if len(out) >= 40:
            break
    return out


def _first_text(cells: list[str]) -> str:
    return next((c for c in cells if clean(c)), "")


def _convention(nums: dict[str, int]) -> str | None:
    """Which arithmetic the received total follows: "without" (online + direct/postal, as the
    circular's form defines it) or "with" carried over (as offices fill it in); "either" when
    nothing was carried over; None when it adds up neither way."""
    period = nums["received_online"] + nums["received_direct_postal"]
    if nums["received_total"] == period:
        return "either" if nums["carried_over"] == 0 else "without"
    if nums["received_total"] == period + nums["carried_over"]:
        return "with"
    return None


def _check(row: Row, nums: dict[str, int], ctx: Context) -> None:
    """The form's sums. Received total = online + direct/postal, or that plus carried over
    (both conventions are in use; which one the file follows is reported); resolved = early +
    on time + late; pending = within + overdue (errors). Received in the period + carried over
    should equal resolved + pending (a warning). The stored received total is the period's
    (online + direct/postal), so no carried-over dossier is counted twice in a time series."""
    period = nums["received_online"] + nums["received_direct_postal"]
    conv = _convention(nums)
    if conv is None:
        row.error(
            "received_total",
            "sum_received",
            expected=period,
            expected_with=period + nums["carried_over"],
        )
    else:
        ctx.conventions[conv] = ctx.conventions.get(conv, 0) + 1
        if conv in ("with", "without"):
            ctx.convention_rows.setdefault(conv, ctx.shown_row(row.num))
    res = nums["resolved_early"] + nums["resolved_on_time"] + nums["resolved_late"]
    if nums["resolved_total"] != res:
        row.error("resolved_total", "sum_resolved", expected=res)
    pend = nums["pending_within"] + nums["pending_overdue"]
    if nums["pending_total"] != pend:
        row.error("pending_total", "sum_pending", expected=pend)
    if row.ok and period + nums["carried_over"] != nums["resolved_total"] + nums["pending_total"]:
        row.warn(
            "pending_total",
            "sum_balance",
            left=period + nums["carried_over"],
            right=nums["resolved_total"] + nums["pending_total"],
        )
    if row.ok:
        nums["received_total"] = period


def _report_convention(ctx: Context) -> None:
    """Say which convention the file's received totals follow."""
    with_, without = ctx.conventions.get("with", 0), ctx.conventions.get("without", 0)
    if with_ and without:
        ctx.warn(
            None,
            None,
            None,
            "convention_mixed",
            n_with=with_,
            n_without=without,
            row_with=ctx.convention_rows.get("with", ""),
            row_without=ctx.convention_rows.get("without", ""),
        )
    elif with_:
        ctx.note(None, None, None, "convention_with", n=with_)
    elif without:
        ctx.note(None, None, None, "convention_without", n=without)


def _numbers(row: Row, empty_is_zero: bool, ctx: Context) -> dict[str, int] | None:
    out = {}
    for k in NUMBERS:
        v = row.int(
            k, required=not empty_is_zero, lo=0, hi=10_000_000, default=0 if empty_is_zero else None
        )
        out[k] = v
    if any(v is None for v in out.values()):
        return None
    _check(row, out, ctx)
    return out if row.ok else None


def _raw_numbers(values: dict[str, str]) -> dict[str, int] | None:
    """The number cells as written (empty = 0), for comparing total rows with their parts."""
    out = {k: parse_int(values.get(k, "") or "0") for k in NUMBERS}
    return out if all(v is not None for v in out.values()) else None


def _period_ok(ctx: Context, period: Period, row_num: int | None, column: str | None) -> bool:
    if period.end > ctx.today:
        ctx.error(
            row_num,
            column,
            f"{period.start:%d/%m/%Y} – {period.end:%d/%m/%Y}",
            "period_in_future",
            today=ctx.today,
        )
        return False
    return True


def _record(
    recs: list[Rec],
    seen: dict,
    row: Row,
    unit,  # noqa: ANN001
    fid: int,
    period: Period,
    nums: dict[str, int],
    unit_key: str = "unit",
) -> None:
    k = (unit.id, fid, period.start, period.end)
    if k in seen:
        row.error(
            unit_key if unit_key in row.values else "field", "duplicate_report_row", first=seen[k]
        )
        return
    seen[k] = row.ctx.shown_row(row.num)
    recs.append(
        Rec(
            (row.num,),
            dict(
                unit_id=unit.id,
                field_id=fid,
                period_start=period.start,
                period_end=period.end,
                **nums,
            ),
        )
    )


def _validate_flat(sheet: Sheet, mapping: dict | None, ctx: Context) -> list[Rec]:
    recs: list[Rec] = []
    seen: dict = {}
    for row in tabular(sheet, FLAT_COLUMNS, mapping, ctx):
        period = None
        if row.has("period_start") or row.has("period_end"):
            a = row.date("period_start", required=True)
            b = row.date("period_end", required=True, past=False)
            if a and b:
                if b < a:
                    row.error("period_end", "period_reversed")
                else:
                    period = Period(a, b, "custom", "official")
        elif row.has("period"):
            period = period_from_text(row.raw("period"))
            if period is None:
                row.error("period", "bad_period")
        elif ctx.period is not None:
            period = ctx.period
        else:
            row.error("period", "period_required")
        if period and not _period_ok(ctx, period, row.num, row.col("period_end")):
            period = None
        unit = ctx.units.resolve(
            row,
            "unit",
            span=(period.start, period.end) if period else None,
            hints=(row.raw("district"), row.raw("province")),
        )
        fid = None
        if not row.has("field"):
            row.error("field", "required")
        else:
            fid = ctx.catalog.field_id(row.raw("field"))
            if fid is None:
                row.error("field", "unknown_field")
        nums = _numbers(row, empty_is_zero=False, ctx=ctx)
        if row.ok and nums is not None and unit and fid and period:
            _record(recs, seen, row, unit, fid, period, nums)
    return recs


# Header words of the form's 11 number columns: (group, words) per column.
_GROUPS = (
    ("pending", ("danggiaiquyet", "dangxuly", "chuagiaiquyet", "pending")),
    ("resolved", ("dagiaiquyet", "daxuly", "ketqua", "resolved")),
    ("received", ("nhan", "received")),
)
_SUBS = {
    "received": (
        ("received_online", ("tructuyen", "online")),
        ("carried_over", ("kytruoc", "chuyenqua", "chuyensang", "carried")),
        ("received_direct_postal", ("tructiep", "buuchinh", "direct", "postal")),
        ("received_total", ("tong", "total")),
    ),
    "resolved": (
        ("resolved_early", ("truochan", "early")),
        ("resolved_late", ("quahan", "trehan", "late")),
        ("resolved_on_time", ("dunghan", "ontime")),
        ("resolved_total", ("tong", "total")),
    ),
    "pending": (
        ("pending_within", ("tronghan", "chuadenhan", "within")),
        ("pending_overdue", ("quahan", "overdue")),
        ("pending_total", ("tong", "total")),
    ),
}
# Rows of the form that are neither a unit nor a field.
_TOTAL_ROW = ("tongcong", "tongso", "total", "cong")
# Grouping headings of a province's form: their figures are subtotals, not a unit's.
_GROUP_HEADINGS = ("cap", "khoi", "coquan", "donvi", "level")
# The signature block under the table: everything from its first line on is not data.
_SIGNATURE = re.compile(
    r"(nguoilapbieu|nguoilap|thutruongdonvi|thutruong|kyghirohoten|kytenvadongdau|kydongdau|"
    r"noinhan|ngay\d*thang\d*nam\d*|chutich|phochutich|giamdoc|truongphong|ktchutich|tmuyban)"
)
_LEAD = re.compile(r"^\s*(?:[IVXLC]+|\d+|[a-zđ])(?:[.)\-]|\s)\s*(?=\S)", re.IGNORECASE)


def _ffill(cells: list[str], start: int, n: int) -> list[str]:
    out, last = [], ""
    for j in range(start, start + n):
        v = clean(cells[j]) if j < len(cells) else ""
        last = v or last
        out.append(last)
    return out


def _numbering(cells: list[str], c0: int) -> dict[int, int] | None:
    """The row of column numbers under the header — (1) (2) … (13), or 1 … 13, or with the
    sums written in ("(3)=(4)+(5)+(6)") — as {column index: its number}; None if not one."""
    out = {}
    for j in range(c0, min(len(cells), c0 + 13)):
        v = clean(cells[j]).replace(" ", "")
        if not v:
            continue
        m = re.match(r"^\(?(\d{1,2})\)?(?:=|$)", v)
        if not m:
            return None
        out[j] = int(m[1])
    nums = [out[j] for j in sorted(out)]
    if len(nums) >= 9 and all(b == a + 1 for a, b in zip(nums, nums[1:], strict=False)):
        return out
    return None


def _declared_convention(cells: list[str], total_col: int, carried_col: int, numbering) -> str:  # noqa: ANN001
    """ "(3)=(4)+(5)+(6)" in the numbering row says the total includes column (6)."""
    text = clean(cells[total_col]).replace(" ", "") if total_col < len(cells) else ""
    if "=" not in text:
        return ""
    refs = {int(x) for x in re.findall(r"\d+", text.split("=", 1)[1])}
    return "with" if numbering.get(carried_col) in refs else "without"


def _has_numbers(cells: list[str], cols) -> bool:  # noqa: ANN001
    return any(c < len(cells) and parse_int(clean(cells[c])) is not None for c in cols)


def _strip_lead(label: str) -> str:
    """ "I. UBND xã Tân Châu", "1) Hộ tịch", "a. Đất đai" -> the name."""
    return _LEAD.sub("", label, count=1).strip() if _LEAD.match(label) else label


def _title_unit(title_rows, ctx: Context):  # noqa: ANN001, ANN202
    """The reporting unit the title names: "Đơn vị báo cáo: …", else the issuing authority in
    the top rows ("UBND XÃ TÂN CHÂU"); never "Đơn vị nhận báo cáo: …" (the recipient)."""
    named, authorities = None, []
    for n, cells in title_rows:
        for c in cells:
            text = clean(c)
            if not text:
                continue
            k = key(text)
            if k.startswith(("donvinhanbaocao", "noinhan", "kinhgui")):
                continue
            m = re.search(r"(?i)(?:đơn vị báo cáo|don vi bao cao|reporting unit)\s*:?\s*(.+)", text)
            if m and named is None and ctx.units.candidates(m[1].strip()):
                named = (n, m[1].strip())
            elif n <= title_rows[0][0] + 2 and ctx.units.candidates(text):
                authorities.append((n, text))
    if not authorities and named is None:
        return None
    # "UBND TỈNH HƯNG YÊN" over "UBND XÃ TÂN HƯNG": the most local line is the unit, the
    # others narrow its name down (a commune's name alone repeats across the country).
    lines = [t_ for _n, t_ in authorities]
    if named is not None:
        return (named[0], named[1], tuple(lines))
    depth = {"commune": 2, "district": 1, "province": 0}
    n, text = max(
        authorities,
        key=lambda a: max(depth[ctx.units.by_id[i].level] for i in ctx.units.candidates(a[1])),
    )
    return (n, text, tuple(t_ for t_ in lines if t_ != text))


def _validate_form(
    rows: list[tuple[int, list[str]]], hi: int, ctx: Context, seen: dict
) -> list[Rec]:
    off = ctx.sheet_offset
    hnum, hcells = rows[hi]
    c0 = next(j for j, c in enumerate(hcells) if clean(c))
    label_header = clean(hcells[c0 + 1]) if c0 + 1 < len(hcells) else "Lĩnh vực"
    num_cols = range(c0 + 2, c0 + 13)
    # Header block: the STT row and the rows under it up to the first data row.
    header_rows = [hcells]
    j = hi + 1
    while j < len(rows) and len(header_rows) < 3:
        _n, cells = rows[j]
        texts = [clean(cells[c]) for c in num_cols if c < len(cells)]
        if _numbering(cells, c0) or _has_numbers(cells, num_cols) or not any(texts):
            break  # a data row, a row of column numbers, or a unit row without figures
        header_rows.append(cells)
        j += 1
    numbering, declared = None, ""
    if j < len(rows) and (numbering := _numbering(rows[j][1], c0)):
        numbering_cells = rows[j][1]
        j += 1
    # Column -> number key, by header words; else the standard order.
    filled = [_ffill(cells, c0 + 2, 11) for cells in header_rows]
    combined = ["".join(key(f[i]) for f in filled) for i in range(11)]
    assigned: dict[int, str] = {}
    for i, text in enumerate(combined):
        group = next((g for g, ws in _GROUPS if any(w in text for w in ws)), None)
        # The deepest header row decides the sub-column.
        sub_text = key(filled[-1][i]) if len(filled) > 1 else text
        for k, ws in _SUBS.get(group, ()):
            if any(w in sub_text for w in ws) or (not sub_text and any(w in text for w in ws)):
                assigned[c0 + 2 + i] = k
                break
    if sorted(assigned.values()) != sorted(NUMBERS):
        ctx.warn(off + hnum, None, None, "form_header_positional")
        assigned = {c0 + 2 + i: k for i, k in enumerate(NUMBERS)}
    col_of = {k: c for c, k in assigned.items()}
    if numbering:
        declared = _declared_convention(
            numbering_cells, col_of["received_total"], col_of["carried_over"], numbering
        )
        if declared:
            ctx.declared_convention = declared
    headers = {
        k: (" / ".join(dict.fromkeys(f[i - c0 - 2] for f in filled if f[i - c0 - 2])) or k)
        for i, k in assigned.items()
    }
    ctx.headers = {**headers, "unit": label_header, "field": label_header}

    # The period: the title's, checked against --period; --period when the title has none.
    title_rows = rows[:hi]
    title = " ".join(" ".join(c for c in cells) for _n, cells in title_rows)
    in_file = period_from_text(title)
    period = in_file or ctx.period
    if (
        ctx.period
        and in_file
        and (in_file.start, in_file.end) != (ctx.period.start, ctx.period.end)
    ):
        ctx.error(
            None,
            None,
            None,
            "period_differs",
            file=f"{in_file.start:%d/%m/%Y} – {in_file.end:%d/%m/%Y}",
            option=f"{ctx.period.start:%d/%m/%Y} – {ctx.period.end:%d/%m/%Y}",
        )
        return []
    if period is None:
        ctx.error(None, None, None, "period_required")
        return []
    if not _period_ok(ctx, period, None, None):
        return []
    if in_file is not None:
        ctx.note(
            None,
            None,
            None,
            "period_from_title",
            start=period.start,
            end=period.end,
        )
    span = (period.start, period.end)
    # The reporting unit: the title's, checked against --unit; --unit when the title has none.
    current = None
    current_row: int | None = None
    named = _title_unit(title_rows, ctx)
    option_unit = None
    if ctx.unit_code:
        r = Row(None, {"unit": ctx.unit_code}, ctx)
        option_unit = ctx.units.resolve(r, "unit", span=span)
    if named is not None:
        r = Row(off + named[0], {"unit": named[1]}, ctx)
        current = ctx.units.resolve(r, "unit", span=span, hints=named[2])
        current_row = off + named[0]
        if current is not None and option_unit is not None and current.id != option_unit.id:
            ctx.error(
                off + named[0],
                None,
                named[1],
                "unit_differs",
                file=current.label(),
                option=option_unit.label(),
            )
            return []
    elif option_unit is not None:
        current, current_row = option_unit, None
    context = tuple(x for x in (*(named[1:2] + named[2] if named else ()), ctx.unit_code) if x)

    recs: list[Rec] = []
    field_sums: dict[str, int] = dict.fromkeys(NUMBERS, 0)
    unit_totals: dict[int, tuple[dict, list]] = {}  # unit row -> (its figures, its fields')
    signature_from: int | None = None
    for num, cells in rows[j:]:
        rid = off + num
        texts = [clean(c) for c in cells if clean(c)]
        if signature_from is not None:
            continue
        if texts and any(_SIGNATURE.search(key(t_)) for t_ in texts):
            signature_from = num
            ctx.note(rid, None, texts[0], "signature_block")
            continue
        label = clean(cells[c0 + 1]) if c0 + 1 < len(cells) else ""
        if not label and c0 < len(cells) and not _has_numbers(cells, num_cols):
            label = clean(cells[c0])  # "Tổng cộng" written across the STT cell
        values = {"unit": label, "field": label}
        for col, k in assigned.items():
            v = clean(cells[col]) if col < len(cells) else ""
            if v:
                values[k] = v
        has_nums = any(values.get(k) for k in NUMBERS)
        if not label and not has_nums:
            continue
        name = label
        if _strip_lead(label) != label and not (
            ctx.catalog.field_id(label) or ctx.units.candidates(label)
        ):
            name = _strip_lead(label)  # "I. UBND xã …", "1) Hộ tịch"; not "A Lưới"
        lk = key(label)
        if lk.startswith(_TOTAL_ROW) and has_nums:
            raw = _raw_numbers(values)
            if raw is not None:
                bad = [headers[k] for k in NUMBERS if raw[k] != field_sums[k]]
                if bad:
                    ctx.warn(rid, label_header, label, "total_row_mismatch", columns=bad)
                else:
                    ctx.note(rid, label_header, label, "total_row_checked")
            continue
        ctx.data_rows.add(rid)
        row = Row(rid, values, ctx)
        fid = ctx.catalog.field_id(name) if name else None
        if fid is not None:
            if current is None:
                row.error(
                    "field",
                    "field_before_unit" if current_row is None else "unit_row_invalid",
                    first=ctx.shown_row(current_row) if current_row else "",
                )
                continue
            raw = _raw_numbers(values)
            nums = _numbers(row, empty_is_zero=True, ctx=ctx)
            if nums is not None and row.ok:
                _record(recs, seen, row, current, fid, period, nums, unit_key="field")
                for k in NUMBERS:
                    field_sums[k] += raw[k]
                if current_row in unit_totals:
                    unit_totals[current_row][1].append(raw)
            continue
        if name and ctx.units.candidates(name):
            row.values["unit"] = name
            # A unit row under "Đơn vị báo cáo: UBND tỉnh Hưng Yên" is one of that province's:
            # a commune's name alone repeats across the country.
            current = ctx.units.resolve(row, "unit", span=span, hints=context)
            current_row = rid
            if current is not None and has_nums and (raw := _raw_numbers(values)) is not None:
                unit_totals[rid] = (raw, [])
            ctx.data_rows.discard(rid)
            continue
        if key(name).startswith(_GROUP_HEADINGS) and not ctx.catalog.field_id(name):
            ctx.data_rows.discard(rid)
            ctx.note(rid, label_header, label, "group_heading")
            continue
        if has_nums:
            row.error("field", "unknown_field_or_unit")
        elif label:
            ctx.data_rows.discard(rid)
            ctx.warn(rid, label_header, label, "row_ignored")
    for rid, (totals, fields) in unit_totals.items():
        if not fields:
            continue
        sums = {k: sum(f[k] for f in fields) for k in NUMBERS}
        bad = [headers[k] for k in NUMBERS if sums[k] != totals[k]]
        if bad:
            ctx.warn(rid, label_header, None, "unit_total_mismatch", columns=bad)
    if declared and ctx.conventions.get("with" if declared == "without" else "without"):
        ctx.warn(None, None, None, "convention_declared_differs", declared=declared)
    return recs


def write(conn, recs: list[Rec], ctx: Context, batch_id: int) -> Written:  # noqa: ANN001
    rows = [r.data for r in recs]
    w, _old, touched = upsert(
        conn, report_row, ("unit_id", "field_id", "period_start", "period_end"), rows, batch_id
    )
    starts = [k[2] for k in touched]
    w.since = min(starts) if starts else None
    return w


def data_until(recs: list[Rec]):  # noqa: ANN201
    return max((r.data["period_end"] for r in recs), default=None)


# --- the form as XLSX (template, samples, tests) -------------------------------------------

FORM_TOP = ("Số hồ sơ nhận giải quyết", "Số hồ sơ đã giải quyết", "Số hồ sơ đang giải quyết")
FORM_SUB = (
    "Tổng số",
    "Trong kỳ: trực tuyến",
    "Trong kỳ: trực tiếp, dịch vụ bưu chính",
    "Từ kỳ trước chuyển qua",
    "Tổng số",
    "Trước hạn",
    "Đúng hạn",
    "Quá hạn",
    "Tổng số",
    "Trong hạn",
    "Quá hạn",
)


def form_xlsx(
    groups=EXAMPLE_GROUPS,
    start: str = EXAMPLE_PERIOD[0],  # noqa: ANN001
    end: str = EXAMPLE_PERIOD[1],
    reporting_unit: str = "UBND tỉnh Hưng Yên",
    period_name: str = "Quý III năm 2026",
) -> bytes:
    """Biểu 06/VPCP/KSTT with ``groups`` = [(unit code, unit name, [(field code, field name,
    11 numbers)])]: the layout offices fill in, with merged headers and unit subtotals."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = Workbook()
    ws = wb.active
    ws.title = "Biểu 06"
    bold = Font(bold=True)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws["A1"] = "Biểu số 06/VPCP/KSTT"
    ws["A1"].font = bold
    ws["A2"] = f"Đơn vị báo cáo: {reporting_unit}"
    ws["A3"] = (
        "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC "
        "TIẾP GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
    )
    ws["A3"].font = bold
    ws["A4"] = f"Kỳ báo cáo: {period_name} (từ ngày {start} đến ngày {end})"
    ws.merge_cells("A3:M3")
    ws.merge_cells("A4:M4")
    h1, h2, h3 = 6, 7, 8
    ws.cell(h1, 1, "STT")
    ws.cell(h1, 2, "Lĩnh vực, đơn vị giải quyết")
    ws.merge_cells(start_row=h1, start_column=1, end_row=h2, end_column=1)
    ws.merge_cells(start_row=h1, start_column=2, end_row=h2, end_column=2)
    for (c1, c2), text in zip(((3, 6), (7, 10), (11, 13)), FORM_TOP, strict=True):
        ws.cell(h1, c1, text)
        ws.merge_cells(start_row=h1, start_column=c1, end_row=h1, end_column=c2)
    for i, text in enumerate(FORM_SUB):
        ws.cell(h2, 3 + i, text)
    for i in range(13):
        ws.cell(h3, 1 + i, f"({i + 1})")
    for r in (h1, h2, h3):
        for c in range(1, 14):
            ws.cell(r, c).alignment = center
            ws.cell(r, c).border = box
            ws.cell(r, c).font = bold if r < h3 else Font(italic=True)
    r = h3 + 1
    roman = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
    for gi, (_code, name, fields) in enumerate(groups):
        ws.cell(r, 1, roman[gi % 10])
        ws.cell(r, 2, name)
        for i in range(11):
            ws.cell(r, 3 + i, sum(f[2][i] for f in fields))
        for c in range(1, 14):
            ws.cell(r, c).font = bold
            ws.cell(r, c).border = box
        r += 1
        for fi, (_fc, fname, nums) in enumerate(fields):
            ws.cell(r, 1, fi + 1)
            ws.cell(r, 2, fname)
            for i, v in enumerate(nums):
                ws.cell(r, 3 + i, v)
            for c in range(1, 14):
                ws.cell(r, c).border = box
            r += 1
    ws.column_dimensions["B"].width = 34
    for c in "CDEFGHIJKLM":
        ws.column_dimensions[c].width = 12
    ws.row_dimensions[h2].height = 60
    from dashboard.domain.escape import xlsx_text

    xlsx_text(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
