"""Write the import templates to sample_data/templates/ (run: python -m sample_data.make_templates).

One CSV per kind (Vietnamese headers, UTF-8 with BOM so Excel opens it right, example rows valid
against the seeded database), the official report form Biểu 06/VPCP/KSTT as XLSX, and an
example of an export with other headers plus the column-mapping file that reads it. The
templates themselves are defined next to their importers (``dashboard.importers``), so the
page's download buttons, ``oversight template`` and these files are the same.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard.importers import KINDS, template  # noqa: E402

OUT = Path(__file__).resolve().parent / "templates"

# A one-stop-shop export whose headers are not ours, and the mapping that reads it.
OTHER_HEADERS = [
    ("Số hồ sơ", "code"),
    ("Thủ tục hành chính", "procedure"),
    ("Nhóm lĩnh vực", "field"),
    ("Cơ quan tiếp nhận hồ sơ", "receiving_unit"),
    ("Hình thức", "channel"),
    ("Tình trạng xử lý", "status"),
    ("Thời gian nhận", "received_date"),
    ("Thời gian hẹn trả", "appointment_date"),
    ("Thời gian hoàn thành", "resolved_date"),
    ("Chủ hồ sơ", "-"),
    ("Ghi chú nội bộ", "-"),
]
OTHER_ROWS = [
    [
        "MAU.KHAC.11953.0001",
        "Đăng ký kết hôn",
        "Hộ tịch",
        "11953",
        "Trực tiếp",
        "Đã xử lý xong",
        "12/10/2026 08:15",
        "13/10/2026",
        "13/10/2026 16:30",
        "Nguyễn Văn A",
        "",
    ],
    [
        "MAU.KHAC.11953.0002",
        "Đăng ký khai tử",
        "Hộ tịch",
        "11953",
        "Trực tuyến",
        "Đang xử lý",
        "20/11/2026 09:00",
        "21/11/2026",
        "",
        "Trần Thị B",
        "gọi lại",
    ],
]


def _csv(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode("utf-8-sig")


def main() -> list[Path]:
    OUT.mkdir(exist_ok=True)
    written = []
    for kind in KINDS:
        p = OUT / f"{kind}.csv"
        p.write_bytes(template(kind, "csv"))
        written.append(p)
    p = OUT / "bieu_06_VPCP_KSTT.xlsx"
    p.write_bytes(template("report", "xlsx"))
    written.append(p)
    p = OUT / "dossiers_other_headers.csv"
    p.write_bytes(_csv([[h for h, _ in OTHER_HEADERS], *OTHER_ROWS]))
    written.append(p)
    p = OUT / "mapping_other_headers.csv"
    p.write_bytes(_csv([["cột của đơn vị", "cột của hệ thống"], *map(list, OTHER_HEADERS)]))
    written.append(p)
    return written


if __name__ == "__main__":
    for path in main():
        print("wrote", path.relative_to(ROOT))
