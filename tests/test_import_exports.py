"""Files shaped like the ones offices really send, each with its hand-worked figure.

A one-stop system's XLSX export (title block over merged cells, an STT column, a blank
column, Excel date cells and serial-number dates, statuses and channels as the portal prints
them, a total line and a signature block under the table), the same as CSV, the Biểu 06 form
as offices fill it in (title with unit and period, the (1)…(13) row with its formula, the
received total that includes the carried-over dossiers, a Tổng cộng row and a signature
block), and a workbook with one unit per sheet. Units, fields and procedures are those of
tests/fixtures.py (see tests/test_imports.py ``load_tiny``); every test runs on SQLite and
PostgreSQL where it writes.
"""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from dashboard.domain.periods import parse
from dashboard.importers.core import find_header, is_numbering_row, parse_date
from dashboard.importers.dossiers import channel_words, status_words
from dashboard.storage.db import make_engine, migrate
from dashboard.storage.schema import admin_unit, dossier, report_row
from queries import on_time
from queries.units import Scope
from tests.conftest import new_database
from tests.test_imports import imp, load_tiny


@pytest.fixture
def tiny(engine):
    load_tiny(engine)
    return engine


@pytest.fixture(scope="module")
def checker(tmp_path_factory):
    """One tiny SQLite database for checks that write nothing."""
    url, drop = new_database("sqlite", tmp_path_factory)
    eng = make_engine(url)
    migrate(eng)
    load_tiny(eng)
    yield eng
    eng.dispose()
    drop()


# --- a one-stop system's dossier export ---------------------------------------------------

EXPORT_HEADER = [
    "STT",
    "Số hồ sơ",
    "Thủ tục hành chính",
    "Lĩnh vực",
    "",  # a blank column the export leaves between groups
    "Cơ quan tiếp nhận",
    "Hình thức nộp",
    "Tình trạng",
    "Ngày nhận",
    "Ngày hẹn trả kết quả",
    "Ngày hoàn thành",
    "Họ tên người nộp",  # personal data: never read
]


def export_xlsx(rows: list[list], serial_dates: bool = False) -> bytes:
    """The layout of a provincial one-stop system's "Danh sách hồ sơ" export: a title
    block over merged cells (rows 1–4), the header on row 6, data, a total and signatures."""
    wb = Workbook()
    ws = wb.active
    ws.title = "DanhSachHoSo"
    ws["A1"] = "UBND HUYỆN MẪU"
    ws["A2"] = "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"
    ws["A3"] = "DANH SÁCH HỒ SƠ TIẾP NHẬN"
    ws["A4"] = "Từ ngày 01/01/2024 đến ngày 31/03/2024"
    for r in (1, 2, 3, 4):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(EXPORT_HEADER))
    for c, h in enumerate(EXPORT_HEADER, start=1):
        ws.cell(6, c, h or None)
    r = 7
    for i, row in enumerate(rows, start=1):
        values = [i, *row]
        for c, v in enumerate(values, start=1):
            if isinstance(v, date) and serial_dates:
                d = v.date() if isinstance(v, datetime) else v
                v = (d - date(1899, 12, 30)).days  # the number a General-format cell keeps
            ws.cell(r, c, v)
        r += 1
    ws.cell(r, 1, f"Tổng cộng: {len(rows)} hồ sơ")
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
    ws.cell(r + 2, 9, "Mẫu, ngày 01 tháng 04 năm 2024")
    ws.cell(r + 3, 2, "NGƯỜI LẬP BIỂU")
    ws.cell(r + 3, 9, "TRƯỞNG BỘ PHẬN")
    ws.cell(r + 4, 2, "(Ký, ghi rõ họ tên)")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


D = date
# Five dossiers of 2024-Q1 at L001 Xã An and L002 Xã Bình (outcome in the comment):
EXPORT_ROWS = [
    # early: resolved 04/01, due 05/01 (an Excel date cell with a time of day)
    [
        "000.00.01.H99-240102-0001",
        "Đăng ký khai sinh",
        "Hộ tịch",
        None,
        "UBND xã An",
        "Trực tuyến toàn trình",
        "Đã trả kết quả (trước hạn)",
        datetime(2024, 1, 2, 8, 30),
        D(2024, 1, 5),
        datetime(2024, 1, 4, 16, 5),
        "Nguyễn Văn A",
    ],
    # on the day: resolved 15/01 = due 15/01
    [
        "000.00.01.H99-240110-0002",
        "Đăng ký khai sinh",
        "Hộ tịch",
        None,
        "L001",
        "Nộp trực tiếp",
        "Đã giải quyết đúng hạn",
        D(2024, 1, 10),
        D(2024, 1, 15),
        D(2024, 1, 15),
        "Trần Thị B",
    ],
    # late: resolved 23/02, due 20/02
    [
        "000.00.01.H99-240201-0003",
        "Đăng ký biến động đất đai",
        "Lĩnh vực Đất đai",
        None,
        "Xã Bình",
        "Qua dịch vụ bưu chính công ích",
        "Đã có kết quả - quá hạn",
        D(2024, 2, 1),
        D(2024, 2, 20),
        D(2024, 2, 23),
        "Lê Văn C",
    ],
    # still pending at the end of the quarter
    [
        "000.00.01.H99-240320-0004",
        "Đăng ký khai sinh",
        "Hộ tịch",
        None,
        "L002",
        "DVC mức độ 4",
        "Đang thẩm định",
        D(2024, 3, 20),
        D(2024, 4, 5),
        None,
        "Phạm D",
    ],
    # early: resolved 01/03, due 04/03
    [
        "000.00.01.H99-240226-0005",
        "Đăng ký khai sinh",
        "Hộ tịch",
        None,
        "xa an",
        "Trực tuyến",
        "Hoàn thành",
        D(2024, 2, 26),
        D(2024, 3, 4),
        D(2024, 3, 1),
        "Hoàng E",
    ],
]


@pytest.mark.parametrize("serial", [False, True], ids=["date-cells", "serial-numbers"])
def test_one_stop_export_xlsx_gives_hand_worked_figures(tiny, serial):
    res = imp(tiny, "dossiers", export_xlsx(EXPORT_ROWS, serial_dates=serial), name="ds.xlsx")
    assert res.ok and res.written, [p.as_dict() for p in res.problems]
    assert (res.rows, res.added, res.rejected) == (5, 5, 0)
    notes = {p.code: p for p in res.problems}
    # The title block is named, the total line and the signature block are skipped.
    assert notes["title_rows_skipped"].params == dict(first=1, last=4, header=6)
    assert notes["rows_skipped_footer"].params["first"] == 12
    assert notes["personal_column"].column == "Họ tên người nộp"
    assert "unknown_column" not in notes  # STT and the blank column are not worth a note
    with tiny.connect() as conn:
        c = on_time.counts(conn, parse("2024-Q1"), Scope("99")).iloc[0]
        stored = dict(conn.execute(select(dossier.c.code, dossier.c.channel)).all())
        names = conn.execute(select(dossier.c.code, dossier.c.status)).all()
    # Received 5 (online: the first, fourth and fifth -> 3). Resolved 4: early 2 (the first,
    # the fifth), on the day 1, late 1 -> on time (early + on the day) 3 of 4 = 75 %.
    assert (c.received, c.received_online) == (5, 3)
    assert (c.resolved, c.early, c.on_time, c.late) == (4, 2, 1, 1)
    assert stored["000.00.01.H99-240201-0003"] == 3  # postal
    assert dict(names)["000.00.01.H99-240320-0004"] == 4  # "Đang thẩm định": processing


def test_the_same_export_as_csv_with_text_dates_and_serials(tiny):
    """CSV saved from the export: title lines, dates as text with a time, and as the serial
    numbers of cells that lost their date format. Same five dossiers, same figures."""
    lines = [
        "UBND HUYỆN MẪU;;;;;;;;;;",
        "DANH SÁCH HỒ SƠ TIẾP NHẬN;;;;;;;;;;",
        ";;;;;;;;;;",
        ";".join(EXPORT_HEADER),
    ]
    for i, r in enumerate(EXPORT_ROWS, start=1):
        cells = [str(i)]
        for j, v in enumerate(r):
            if isinstance(v, datetime):
                v = v.strftime("%d/%m/%Y %H:%M")
            elif isinstance(v, date):
                v = str((v - date(1899, 12, 30)).days) if j == 8 else v.strftime("%d/%m/%Y")
            cells.append("" if v is None else str(v))
        lines.append(";".join(cells))
    lines += ["Tổng số: 5 hồ sơ;;;;;;;;;;", ";;Người lập biểu;;;;;;Thủ trưởng đơn vị;;"]
    data = ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")
    res = imp(tiny, "dossiers", data, name="ds.csv")
    assert res.ok and res.written and res.added == 5, [p.as_dict() for p in res.problems]
    with tiny.connect() as conn:
        c = on_time.counts(conn, parse("2024-Q1"), Scope("99")).iloc[0]
    assert (c.received, c.resolved, c.early, c.on_time, c.late) == (5, 4, 2, 1, 1)


def test_the_same_export_with_another_systems_header_words(tiny):
    """Another one-stop system prints "Cơ quan tiếp nhận hồ sơ", "Hình thức", "Tình trạng xử
    lý", "Thời gian nhận/hẹn trả/hoàn thành": read without a mapping file, same figures."""
    other = {
        "Thủ tục hành chính": "Tên thủ tục hành chính",
        "Lĩnh vực": "Nhóm lĩnh vực",
        "Cơ quan tiếp nhận": "Cơ quan tiếp nhận hồ sơ",
        "Hình thức nộp": "Hình thức",
        "Tình trạng": "Tình trạng xử lý",
        "Ngày nhận": "Thời gian nhận",
        "Ngày hẹn trả kết quả": "Thời gian hẹn trả",
        "Ngày hoàn thành": "Thời gian hoàn thành",
    }
    header = [other.get(h, h) for h in EXPORT_HEADER]
    rows = [[str(i), *r] for i, r in enumerate(EXPORT_ROWS, start=1)]
    buf = io.BytesIO()
    wb = Workbook()
    wb.active.append(header)
    for r in rows:
        wb.active.append(r)
    wb.save(buf)
    res = imp(tiny, "dossiers", buf.getvalue(), name="ds.xlsx")
    assert res.ok and res.written and res.added == 5, [p.as_dict() for p in res.problems]
    with tiny.connect() as conn:
        c = on_time.counts(conn, parse("2024-Q1"), Scope("99")).iloc[0]
    assert (c.received, c.resolved, c.early, c.on_time, c.late) == (5, 4, 2, 1, 1)


def test_missing_column_lists_the_columns_found(checker):
    header = [h for h in EXPORT_HEADER if h != "Tình trạng"]
    rows = [[r[k] for k in range(len(r)) if k != 6] for r in EXPORT_ROWS[:1]]
    wb = Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH HỒ SƠ"])
    ws.append(header)
    for r in rows:
        ws.append([1, *r])
    buf = io.BytesIO()
    wb.save(buf)
    res = imp(checker, "dossiers", buf.getvalue(), name="x.xlsx")
    (miss,) = [p for p in res.errors if p.code == "missing_column"]
    assert miss.row == 2 and miss.column == "Trạng thái"
    for found in ("“Số hồ sơ”", "“Cơ quan tiếp nhận”", "“Ngày hẹn trả kết quả”"):
        assert found in miss.reason("vi") and found in miss.reason("en")
    assert "--mapping" in miss.reason("en")


def test_dates_statuses_and_channels_as_printed():
    # Excel serial 45293 = 02/01/2024 (days since 30/12/1899); a fraction is the time of day.
    assert parse_date("45293") == date(2024, 1, 2) == parse_date("45293.6875")
    assert parse_date("08:30 02/01/2024") == date(2024, 1, 2)
    assert parse_date("02/01/2024 14:05:00 CH") == date(2024, 1, 2)
    assert parse_date("ngày 02 tháng 01 năm 2024") == date(2024, 1, 2)
    assert parse_date("2024/01/02") == date(2024, 1, 2)
    assert parse_date("1234") is None and parse_date("99999") is None  # not dates
    assert status_words("Đã trả kết quả (trước hạn)") == 10
    assert status_words("Chờ trả kết quả") == 9
    assert status_words("Từ chối tiếp nhận") == 3
    assert status_words("Hồ sơ đang xử lý - quá hạn") == 4
    assert status_words("Công dân rút hồ sơ") == 7
    # "huy" (hủy, cancelled) is inside "chuyển": a dossier passed on is being processed.
    assert status_words("Đã chuyển xử lý") == 4 and status_words("Hủy hồ sơ") == 8
    assert status_words("Đã trả") == 10 and status_words("Đã trả lại hồ sơ") == 8
    assert status_words("Chờ tiếp nhận") == 1 and status_words("Đã tiếp nhận") == 2
    # Paused is pending (processing), stopped is closed.
    assert status_words("Tạm dừng xử lý") == 4 and status_words("Tạm dừng") == 4
    assert status_words("Dừng xử lý") == 8 and status_words("Ngừng xử lý") == 8
    assert channel_words("Trực tuyến một phần") == 2
    assert channel_words("Nộp qua dịch vụ BCCI") == 3
    assert channel_words("Tại Bộ phận Một cửa") == 1


def test_bad_dates_say_why(checker):
    from tests.test_imports import DH, csv_bytes, drow

    rows = [drow(code="A", received="12345"), drow(code="B", received="01/13/2024")]
    res = imp(checker, "dossiers", csv_bytes(DH, rows), dry_run=True)
    got = {(p.row, p.code) for p in res.errors}
    assert (2, "bad_date_number") in got and (3, "bad_date_month_first") in got
    assert "45293" in next(p for p in res.errors if p.code == "bad_date_number").reason("en")


def test_header_found_two_rows_deep():
    from dashboard.importers.dossiers import COLUMNS

    rows = [
        (1, ["DANH SÁCH HỒ SƠ"]),
        (3, ["STT", "Mã hồ sơ", "Đơn vị tiếp nhận", "Ngày", "", "", "Kênh nộp", "Trạng thái"]),
        (4, ["", "", "", "Tiếp nhận", "Hẹn trả", "Có kết quả", "", ""]),
        (5, ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"]),
        (6, ["1", "X1", "L001", "02/01/2024", "05/01/2024", "", "2", "4"]),
    ]
    num, cells, above, after = find_header(iter(rows), COLUMNS, None)
    assert num == 4 and [n for n, _c in above] == [1] and [n for n, _c in after] == [6]
    assert cells[3:6] == ["Ngày Tiếp nhận", "Ngày Hẹn trả", "Ngày Có kết quả"]
    assert is_numbering_row(rows[3][1]) and not is_numbering_row(rows[4][1])


# --- Biểu 06 as offices fill it in ------------------------------------------------------------

NUMBERING = ["(1)", "(2)", "(3)=(4)+(5)+(6)", *[f"({i})" for i in range(4, 14)]]


def filled_form(
    fields: list[tuple[str, tuple]],
    unit_line: str | None = "UBND XÃ ĐÀO",
    period_line: str = "Kỳ báo cáo: Quý I năm 2024 (Từ ngày 15/12/2023 đến ngày 14/03/2024)",
    total: tuple | None = None,
    ws=None,  # noqa: ANN001
    upper_line: str = "",
) -> bytes | None:
    """One unit's Biểu 06 as a commune fills it in: the authority line, the form's name,
    the period, "Đơn vị nhận báo cáo" (the recipient, not the unit), the header in two rows,
    the column numbers with the formula of the total, field rows, Tổng cộng, signatures."""
    wb = None
    if ws is None:
        wb = Workbook()
        ws = wb.active
    top = [
        [unit_line or "", "", "", "", "", "", "", "", "", "", "Biểu số 06/VPCP/KSTT"],
        [
            upper_line,
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "Ban hành kèm theo Thông tư số 01/2020/TT-VPCP",
        ],
        ["TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"],
        [period_line],
        ["Đơn vị nhận báo cáo: UBND huyện Mẫu"],
        ["Đơn vị tính: Số hồ sơ TTHC"],
        ["STT", "Lĩnh vực giải quyết", "Số hồ sơ nhận giải quyết", "", "", ""]
        + ["Kết quả giải quyết", "", "", "", "Số hồ sơ đang giải quyết", "", ""],
        ["", "", "Tổng số", "Trong kỳ: trực tuyến", "Trong kỳ: trực tiếp, dịch vụ bưu chính"]
        + ["Từ kỳ trước chuyển qua", "Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn", "Tổng số"]
        + ["Trong hạn", "Quá hạn"],
        NUMBERING,
    ]
    for r in top:
        ws.append(r)
    ws.merge_cells("C7:F7")
    ws.merge_cells("G7:J7")
    ws.merge_cells("K7:M7")
    sums = [0] * 11
    for i, (name, nums) in enumerate(fields, start=1):
        ws.append([i, name, *nums])
        sums = [a + b for a, b in zip(sums, nums, strict=True)]
    ws.append(["", "Tổng cộng", *(total or sums)])
    ws.append([])
    ws.append(["", "", "", "", "", "", "", "", "Đào, ngày 16 tháng 03 năm 2024"])
    ws.append(["", "Người lập biểu", "", "", "", "", "", "", "Thủ trưởng đơn vị"])
    ws.append(["", "(Ký, ghi rõ họ tên)", "", "", "", "", "", "", "(Ký tên, đóng dấu)"])
    if wb is None:
        return None
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# Xã Đào (L005), official 2024-Q1. Received total = online + direct/postal + carried over:
# Hộ tịch 12 = 4 + 6 + 2; resolved 9 = 5 + 3 + 1; pending 3 = 2 + 1; 10 + 2 = 9 + 3.
# Đất đai 5 = 0 + 4 + 1; resolved 3 = 1 + 1 + 1; pending 2 = 2 + 0; 4 + 1 = 3 + 2.
DAO_FIELDS = [
    ("Hộ tịch", (12, 4, 6, 2, 9, 5, 3, 1, 3, 2, 1)),
    ("Đất đai", (5, 0, 4, 1, 3, 1, 1, 1, 2, 2, 0)),
]


def test_filled_in_form_gives_hand_worked_figures(tiny):
    res = imp(tiny, "report", filled_form(DAO_FIELDS), name="bieu06_xa_dao.xlsx")
    assert res.ok and res.written and res.added == 2, [p.as_dict() for p in res.problems]
    codes = {p.code for p in res.problems}
    # It says which convention the file uses, checked the total row, skipped the signatures.
    assert {"convention_with", "total_row_checked", "signature_block"} <= codes
    assert "period_from_title" in codes and not res.warnings
    conv = next(p for p in res.problems if p.code == "convention_with")
    assert "carried over" in conv.reason("en") and "kỳ trước chuyển qua" in conv.reason("vi")
    with tiny.connect() as conn:
        stored = conn.execute(
            select(report_row.c.received_total, report_row.c.carried_over).order_by(
                report_row.c.field_id
            )
        ).all()
        c = on_time.counts(conn, parse("2024-Q1", "official"), Scope("L005", True)).iloc[0]
    # Stored received = received in the period: 4 + 6 = 10 and 0 + 4 = 4 (carried kept apart).
    assert stored == [(10, 2), (4, 1)]
    # Received 10 + 4 = 14; resolved 9 + 3 = 12: early 6, on the day 4, late 2 -> 10 of 12.
    assert (c.received, c.resolved, c.early, c.on_time, c.late) == (14, 12, 6, 4, 2)
    again = imp(tiny, "report", filled_form(DAO_FIELDS), name="bieu06_xa_dao.xlsx")
    assert (again.added, again.updated, again.written) == (0, 0, False)


def test_form_without_carried_over_in_the_total(checker):
    fields = [("Hộ tịch", (10, 4, 6, 2, 9, 5, 3, 1, 3, 2, 1))]
    res = imp(checker, "report", filled_form(fields), name="f.xlsx", dry_run=True)
    assert res.ok and res.added == 1
    # The numbering row's formula says (3) includes (6); the figures say it does not.
    codes = {p.code for p in res.problems}
    assert "convention_without" in codes and "convention_declared_differs" in codes


def test_form_total_row_that_does_not_add_up_and_rows_that_add_up_neither_way(checker):
    total = (18, 4, 10, 3, 12, 6, 4, 2, 5, 4, 1)  # received 18, the rows say 17
    res = imp(checker, "report", filled_form(DAO_FIELDS, total=total), name="f.xlsx", dry_run=True)
    assert res.ok
    (w,) = [p for p in res.warnings if p.code == "total_row_mismatch"]
    assert w.row == 12 and "Tổng số" in w.reason("vi")
    bad = [("Hộ tịch", (11, 4, 6, 2, 9, 5, 3, 1, 3, 2, 1))]  # neither 10 nor 12
    res = imp(checker, "report", filled_form(bad), name="f.xlsx", dry_run=True)
    (e,) = res.errors
    assert (e.row, e.code) == (10, "sum_received")
    assert "(10)" in e.reason("en") and "(12)" in e.reason("en")


def test_form_unit_and_period_against_the_command_line(checker):
    from dashboard.importers.report import cli_period

    data = filled_form(DAO_FIELDS)
    # The same period and unit as the title: fine.
    res = imp(
        checker, "report", data, name="f.xlsx", dry_run=True,
        period=cli_period("2024-Q1"), unit="L005",
    )  # fmt: skip
    assert res.ok and res.added == 2
    # Another quarter or another unit: nothing is written, the message names both.
    res = imp(checker, "report", data, name="f.xlsx", period=cli_period("2024-Q2"))
    assert [p.code for p in res.errors] == ["period_differs"] and not res.written
    assert "15/12/2023 – 14/03/2024" in res.errors[0].reason("vi")
    res = imp(checker, "report", data, name="f.xlsx", unit="L003")
    assert [p.code for p in res.errors] == ["unit_differs"] and not res.written
    # No unit in the title: --unit says which; without it the field rows have no unit.
    anon = filled_form(DAO_FIELDS, unit_line="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    res = imp(checker, "report", anon, name="f.xlsx", dry_run=True, unit="Xã Đào")
    assert res.ok and res.added == 2
    res = imp(checker, "report", anon, name="f.xlsx", dry_run=True)
    assert {p.code for p in res.errors} == {"field_before_unit"}


def test_one_unit_per_sheet(tiny):
    wb = Workbook()
    filled_form(DAO_FIELDS, ws=wb.active)
    wb.active.title = "Xã Đào"
    ws2 = wb.create_sheet("Xã Cát")
    cat_fields = [("Hộ tịch", (6, 3, 3, 0, 6, 6, 0, 0, 0, 0, 0))]
    filled_form(cat_fields, unit_line="UBND XÃ CÁT", ws=ws2)
    wb.create_sheet("Hướng dẫn").append(["Điền số liệu vào các ô trống."])
    buf = io.BytesIO()
    wb.save(buf)
    res = imp(tiny, "report", buf.getvalue(), name="bieu06_huyen.xlsx")
    assert res.ok and res.added == 3, [p.as_dict() for p in res.problems]
    assert any(p.code == "sheet_skipped" and p.value == "Hướng dẫn" for p in res.problems)
    with tiny.connect() as conn:
        c = on_time.counts(conn, parse("2024-Q1", "official"), Scope("L99", True)).iloc[0]
    # Xã Đào 9 + 3 resolved and Xã Cát 6 (all early): 18; early 6 + 6 = 12.
    assert (c.resolved, c.early, c.received) == (18, 12, 14 + 6)
    # A problem on the second sheet is named by sheet and its own row number.
    wb["Xã Cát"]["C10"] = 7
    buf = io.BytesIO()
    wb.save(buf)
    res = imp(tiny, "report", buf.getvalue(), name="bieu06_huyen.xlsx", dry_run=True)
    (e,) = res.errors
    assert (e.sheet, e.row, e.code) == ("Xã Cát", 10, "sum_received")


# --- today's unit for a date before it existed ---------------------------------------------


def test_a_2024_dossier_under_todays_unit_keeps_every_total(tiny):
    """A list re-exported after 1 July 2025 names today's 001 Xã An Hòa (← L001 Xã An, L002
    Xã Bình) for 2024 dossiers. They are written, count for 001 in the current view, and in
    the as-was view sit under "Xã An Hòa – chưa gán đơn vị cũ" in district L991."""
    from tests.test_imports import DH, csv_bytes, drow

    rows = [
        # early (resolved 04/01, due 05/01), filed under today's code
        drow(code="T1", recv="001", received="02/01/2024", appt="05/01/2024", resolved="04/01/2024"),
        # late (resolved 23/02, due 20/02), today's name
        drow(
            code="T2", recv="Xã An Hòa", received="01/02/2024", appt="20/02/2024",
            resolved="23/02/2024",
        ),
        # on the day, filed under the former unit as it should be
        drow(code="T3", recv="L001", received="10/01/2024", appt="15/01/2024", resolved="15/01/2024"),
    ]  # fmt: skip
    res = imp(tiny, "dossiers", csv_bytes(DH, rows))
    assert res.ok and res.written and res.added == 3 and not res.errors
    assert [(p.row, p.code) for p in res.warnings] == [
        (2, "unit_unassigned"),
        (3, "unit_unassigned"),
    ]
    assert "Xã An Hòa – chưa gán đơn vị cũ" in res.warnings[0].reason("vi")
    with tiny.connect() as conn:
        q1 = parse("2024-Q1")
        now = on_time.counts(conn, q1, Scope("001")).iloc[0]
        now_prov = on_time.counts(conn, q1, Scope("99")).iloc[0]
        was_prov = on_time.counts(conn, q1, Scope("L99", True)).iloc[0]
        was_district = on_time.counts(conn, q1, Scope("L991", True)).iloc[0]
        was_an = on_time.counts(conn, q1, Scope("L001", True)).iloc[0]
        stand_in = on_time.counts(conn, q1, Scope("CG-001", True)).iloc[0]
    # Current view: all three count for 001 (early 1, late 1, on the day 1).
    assert (now.resolved, now.early, now.on_time, now.late) == (3, 1, 1, 1)
    # As-was view: the same totals for the province and the district ...
    for was in (was_prov, was_district):
        assert (was.resolved, was.early, was.on_time, was.late) == (3, 1, 1, 1)
    assert now_prov.resolved == 3
    # ... with L001 holding only its own dossier, and the two others not assigned.
    assert (was_an.resolved, was_an.on_time) == (1, 1)
    assert (stand_in.resolved, stand_in.early, stand_in.late) == (2, 1, 1)
    # Importing again finds the stand-in: nothing changes, no second one.
    again = imp(tiny, "dossiers", csv_bytes(DH, rows))
    assert (again.added, again.updated, again.written) == (0, 0, False)
    with tiny.connect() as conn:
        n = conn.execute(
            select(func.count()).select_from(admin_unit).where(admin_unit.c.code.like("CG-%"))
        ).scalar()
    assert n == 1
