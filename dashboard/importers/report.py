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


def validate(sheet: Sheet, mapping: dict | None, ctx: Context) -> list[Rec]:
    for i, (_num, cells) in enumerate(sheet.rows[:40]):
        first = next((c for c in cells if clean(c)), "")
        if key(first) == "stt":
            return _validate_form(sheet, i, ctx)
    return _validate_flat(sheet, mapping, ctx)


def _check(row: Row, nums: dict[str, int]) -> None:
    """The form's sums: received = online + direct/postal; resolved = early + on time + late;
    pending = within + overdue. Received + carried over should equal resolved + pending."""
    if nums["received_total"] != nums["received_online"] + nums["received_direct_postal"]:
        row.error(
            "received_total",
            "sum_received",
            expected=nums["received_online"] + nums["received_direct_postal"],
        )
    res = nums["resolved_early"] + nums["resolved_on_time"] + nums["resolved_late"]
    if nums["resolved_total"] != res:
        row.error("resolved_total", "sum_resolved", expected=res)
    pend = nums["pending_within"] + nums["pending_overdue"]
    if nums["pending_total"] != pend:
        row.error("pending_total", "sum_pending", expected=pend)
    if (
        row.ok
        and nums["received_total"] + nums["carried_over"]
        != nums["resolved_total"] + nums["pending_total"]
    ):
        row.warn(
            "pending_total",
            "sum_balance",
            left=nums["received_total"] + nums["carried_over"],
            right=nums["resolved_total"] + nums["pending_total"],
        )


def _numbers(row: Row, empty_is_zero: bool) -> dict[str, int] | None:
    out = {}
    for k in NUMBERS:
        v = row.int(
            k, required=not empty_is_zero, lo=0, hi=10_000_000, default=0 if empty_is_zero else None
        )
        out[k] = v
    if any(v is None for v in out.values()):
        return None
    _check(row, out)
    return out if row.ok else None


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
    unit,
    fid: int,
    period: Period,  # noqa: ANN001
    nums: dict[str, int],
    unit_key: str = "unit",
) -> None:
    k = (unit.id, fid, period.start, period.end)
    if k in seen:
        row.error(
            unit_key if unit_key in row.values else "field", "duplicate_report_row", first=seen[k]
        )
        return
    seen[k] = row.num
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
        nums = _numbers(row, empty_is_zero=False)
        if row.ok and nums is not None and unit and fid and period:
            _record(recs, seen, row, unit, fid, period, nums)
    return recs


# Header words of the form's 11 number columns: (group, words) per column.
_GROUPS = (
    ("pending", ("danggiaiquyet", "dangxuly", "chuagiaiquyet", "pending")),
    ("resolved", ("dagiaiquyet", "daxuly", "resolved")),
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


def _ffill(cells: list[str], start: int, n: int) -> list[str]:
    out, last = [], ""
    for j in range(start, start + n):
        v = clean(cells[j]) if j < len(cells) else ""
        last = v or last
        out.append(last)
    return out


def _is_numbering(cells: list[str], c0: int) -> bool:
    vals = [re.sub(r"[()\s]", "", clean(c)) for c in cells[c0 + 2 : c0 + 13]]
    ints = [int(v) for v in vals if v.isascii() and v.isdigit()]
    return len(ints) >= 9 and ints == list(range(ints[0], ints[0] + len(ints)))


def _has_numbers(cells: list[str], c0: int) -> bool:
    return any(parse_int(clean(c)) is not None for c in cells[c0 + 2 : c0 + 13])


def _validate_form(sheet: Sheet, hi: int, ctx: Context) -> list[Rec]:
    hnum, hcells = sheet.rows[hi]
    c0 = next(j for j, c in enumerate(hcells) if clean(c))
    label_header = clean(hcells[c0 + 1]) if c0 + 1 < len(hcells) else "Lĩnh vực"
    # Header block: the STT row and the rows under it up to the first data row.
    header_rows = [hcells]
    j = hi + 1
    while j < len(sheet.rows) and len(header_rows) < 3:
        _n, cells = sheet.rows[j]
        texts = [clean(c) for c in cells[c0 + 2 : c0 + 13]]
        if _is_numbering(cells, c0) or _has_numbers(cells, c0) or not any(texts):
            break  # a data row, a row of column numbers, or a unit row without figures
        header_rows.append(cells)
        j += 1
    if j < len(sheet.rows) and _is_numbering(sheet.rows[j][1], c0):
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
        ctx.warn(hnum, None, None, "form_header_positional")
        assigned = {c0 + 2 + i: k for i, k in enumerate(NUMBERS)}
    headers = {
        k: (" / ".join(dict.fromkeys(f[i - c0 - 2] for f in filled if f[i - c0 - 2])) or k)
        for i, k in assigned.items()
    }
    ctx.headers = {**headers, "unit": label_header, "field": label_header}

    # The period: --period, else the title rows; both given and different -> --period wins.
    title = " ".join(" ".join(c for c in cells) for _n, cells in sheet.rows[:hi])
    in_file = period_from_text(title)
    period = ctx.period or in_file
    if (
        ctx.period
        and in_file
        and (in_file.start, in_file.end) != (ctx.period.start, ctx.period.end)
    ):
        ctx.warn(
            None,
            None,
            None,
            "period_differs",
            file=f"{in_file.start:%d/%m/%Y} – {in_file.end:%d/%m/%Y}",
            option=f"{ctx.period.start:%d/%m/%Y} – {ctx.period.end:%d/%m/%Y}",
        )
    if period is None:
        ctx.error(None, None, None, "period_required")
        return []
    if not _period_ok(ctx, period, None, None):
        return []
    span = (period.start, period.end)
    # A reporting unit named in the title ("Đơn vị báo cáo: UBND xã …") stands for field rows
    # that come before any unit row.
    current = None
    current_row: int | None = None
    for _n, cells in sheet.rows[:hi]:
        text = " ".join(clean(c) for c in cells if clean(c))
        m = re.search(r"(?i)(?:đơn vị báo cáo|don vi bao cao|reporting unit)\s*:?\s*(.+)", text)
        if m:
            r = Row(_n, {"unit": m[1].strip()}, ctx)
            ids = ctx.units.candidates(m[1].strip())
            if ids:
                current = ctx.units.resolve(r, "unit", span=span)
                current_row = _n
    recs: list[Rec] = []
    seen: dict = {}
    unit_totals: dict[int, tuple[int, dict, list]] = {}  # row -> (unit row, totals, fields)
    for num, cells in sheet.rows[j:]:
        label = clean(cells[c0 + 1]) if c0 + 1 < len(cells) else ""
        values = {"unit": label, "field": label}
        for col, k in assigned.items():
            v = clean(cells[col]) if col < len(cells) else ""
            if v:
                values[k] = v
        has_nums = any(values.get(k) for k in NUMBERS)
        if not label and not has_nums:
            continue
        if key(label).startswith(("tongcong", "tongso", "total", "cong")) and has_nums:
            continue  # the grand total row
        ctx.data_rows.add(num)
        row = Row(num, values, ctx)
        fid = ctx.catalog.field_id(label) if label else None
        if fid is not None:
            if current is None:
                row.error(
                    "field",
                    "field_before_unit" if current_row is None else "unit_row_invalid",
                    first=current_row or "",
                )
                continue
            nums = _numbers(row, empty_is_zero=True)
            if nums is not None and row.ok:
                _record(recs, seen, row, current, fid, period, nums, unit_key="field")
                if current_row in unit_totals:
                    unit_totals[current_row][2].append(nums)
            continue
        if label and ctx.units.candidates(label):
            current = ctx.units.resolve(row, "unit", span=span)
            current_row = num
            if current is not None and has_nums:
                totals = {k: parse_int(values.get(k, "") or "0") for k in NUMBERS}
                if all(v is not None for v in totals.values()):
                    unit_totals[num] = (num, totals, [])
            continue
        if has_nums:
            row.error("field", "unknown_field_or_unit")
        elif label:
            ctx.data_rows.discard(num)
            ctx.warn(num, label_header, label, "row_ignored")
    for num, totals, fields in unit_totals.values():
        if not fields:
            continue
        sums = {k: sum(f[k] for f in fields) for k in NUMBERS}
        bad = [headers[k] for k in NUMBERS if sums[k] != totals[k]]
        if bad:
            ctx.warn(num, label_header, None, "unit_total_mismatch", columns=bad)
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
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
