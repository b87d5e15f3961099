"""Property: whatever a file holds, an import reports problems; it never raises, and the
database never has to refuse a row the checks let through."""

from __future__ import annotations

import io
from datetime import date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import importers
from dashboard.importers import Problem, run_import
from tests.test_imports import TODAY, checker, csv_bytes  # noqa: F401 - checker is a fixture

PLAUSIBLE = [
    "",
    " ",
    "01/02/2024",
    "31/02/2024",
    "2024-03-01",
    "2024-13-45",
    "15/10/2026 08:30",
    "01/01/2030",
    "1/1/1899",
    "L001",
    "L002",
    "001",
    "003",
    "H004",
    "Xã An",
    "xa an hoa",
    "Xã Bình, Huyện Mẫu",
    "99",
    "L99",
    "Hộ tịch",
    "HT",
    "DD",
    "Đất đai",
    "Đăng ký khai sinh",
    "HT-KS",
    "DD-BD",
    "1",
    "2",
    "3",
    "4",
    "7",
    "9",
    "10",
    "11",
    "0",
    "-1",
    "1.234",
    "1,5",
    "92,5%",
    "Có",
    "Không",
    "x",
    "Đạt",
    "Rất hài lòng",
    "Kiosk",
    "Mã QR",
    "Hội nghị đối thoại",
    "Đất đai",
    "M1",
    "C1",
    "C2",
    "Tỷ lệ đúng hạn",
    "2026",
    "2024",
    "Quý I năm 2024",
    "STT",
    "Tổng cộng",
    "0912345678",
    "x" * 300,
    "\u0301",
    "=1+1",
    "Đang xử lý",
    "Đã trả kết quả",
]
cell = st.one_of(
    st.sampled_from(PLAUSIBLE),
    st.text(max_size=40),
    st.integers(-(10**6), 10**6).map(str),
    st.dates(date(1890, 1, 1), date(2120, 1, 1)).map(lambda d: d.strftime("%d/%m/%Y")),
)


def headers(kind: str) -> list[str]:
    return [c.vi for c in importers.KINDS[kind].columns]


@settings(
    max_examples=150, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(kind=st.sampled_from(list(importers.KINDS)), data=st.data(), valid_only=st.booleans())
def test_random_rows_never_raise(checker, kind, data, valid_only):  # noqa: F811
    cols = headers(kind)
    picked = data.draw(st.lists(st.sampled_from(cols), min_size=1, max_size=len(cols), unique=True))
    rows = data.draw(st.lists(st.lists(cell, min_size=0, max_size=len(picked) + 2), max_size=6))
    res = run_import(
        checker,
        kind,
        csv_bytes(picked, rows),
        "random.csv",
        dry_run=True,
        valid_only=valid_only,
        by="hypothesis",
        today_=TODAY,
    )
    _check(res)


@settings(
    max_examples=60, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    rows=st.lists(st.lists(cell, min_size=0, max_size=14), max_size=8),
    title=st.sampled_from(
        [
            "Kỳ báo cáo: từ ngày 15/12/2023 đến ngày 14/03/2024",
            "Quý I năm 2024",
            "",
            "Kỳ báo cáo: Quý V năm 2024",
        ]
    ),
)
def test_random_report_forms_never_raise(checker, rows, title):  # noqa: F811
    sheet = [
        [title],
        [
            "STT",
            "Lĩnh vực",
            "Số hồ sơ nhận giải quyết",
            "",
            "",
            "",
            "Số hồ sơ đã giải quyết",
            "",
            "",
            "",
            "Số hồ sơ đang giải quyết",
        ],
        [
            "",
            "",
            "Tổng số",
            "Trực tuyến",
            "Trực tiếp, bưu chính",
            "Kỳ trước",
            "Tổng số",
            "Trước hạn",
            "Đúng hạn",
            "Quá hạn",
            "Tổng số",
            "Trong hạn",
            "Quá hạn",
        ],
        *rows,
    ]
    res = run_import(
        checker,
        "report",
        csv_bytes(sheet[0], sheet[1:]),
        "form.csv",
        dry_run=True,
        valid_only=True,
        today_=TODAY,
    )
    _check(res)


@settings(
    max_examples=40, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(kind=st.sampled_from(list(importers.KINDS)), data=st.data())
def test_random_xlsx_cells_never_raise(checker, kind, data):  # noqa: F811
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = st.one_of(
        cell,
        st.none(),
        st.integers(-(10**9), 10**9),
        st.floats(allow_nan=False),
        st.booleans(),
        st.datetimes(datetime(1900, 3, 1), datetime(2100, 1, 1)),
    )
    wb = Workbook()
    ws = wb.active
    ws.append(headers(kind))
    for row in data.draw(st.lists(st.lists(value, max_size=12), max_size=5)):
        # openpyxl refuses control characters in cells; Excel cannot hold them either.
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    res = run_import(
        checker, kind, buf.getvalue(), "random.xlsx", dry_run=True, valid_only=True, today_=TODAY
    )
    _check(res)


@settings(max_examples=150, database=None, deadline=None)
@given(blob=st.binary(max_size=2000), name=st.sampled_from(["f.csv", "f.xlsx", "f.txt", ""]))
def test_random_bytes_never_raise(checker, blob, name):  # noqa: F811
    res = run_import(checker, "dossiers", blob, name, dry_run=True, today_=TODAY)
    _check(res)


def _check(res) -> None:  # noqa: ANN001
    assert all(isinstance(p, Problem) for p in res.problems)
    for p in res.problems:
        assert p.reason("vi") and p.reason("en")
        assert p.value is None or len(p.value) <= 80
    assert "db_refused" not in [p.code for p in res.problems], res.as_dict()
    assert not res.written
