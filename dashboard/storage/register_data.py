"""The reference data of the registers that is not in a package: the field and procedure
catalogue, the departments (sở, ban, ngành) of a province, and the government's announced
day swaps. Loaded by ``dashboard.storage.registers`` on ``oversight init-db``.

Procedures: the legal time limit is in working days (0 = the same day). The official code is
the procedure's code in the national database of administrative procedures (CSDLQG về TTHC,
dichvucong.gov.vn) where it is known for certain; exports often carry it as "Mã TTHC", and an
import matches a procedure by it. A province's catalogue is larger: an import creates the
procedures it names in a known field (docs/IMPORTS.md), so this list is the floor, not the
ceiling.
"""

from __future__ import annotations

from datetime import date

CATALOGUE_VERSION = "2025.1"
CATALOGUE_SOURCE = "Danh mục lĩnh vực, thủ tục cấp xã (mã trong CSDLQG về TTHC khi đã biết chắc)"

FIELDS: tuple[tuple[str, str, str], ...] = (
    ("HO_TICH", "Hộ tịch", "Civil status registration"),
    ("CHUNG_THUC", "Chứng thực", "Certification"),
    ("DAT_DAI", "Đất đai", "Land"),
    ("DKKD", "Đăng ký kinh doanh", "Business registration"),
    ("XAY_DUNG", "Xây dựng", "Construction"),
    (
        "BAO_TRO_XA_HOI",
        "Lao động – Thương binh và Xã hội: Bảo trợ xã hội",
        "Labour, invalids and social affairs: social protection",
    ),
    (
        "NGUOI_CO_CONG",
        "Lao động – Thương binh và Xã hội: Người có công",
        "Labour, invalids and social affairs: people with meritorious service",
    ),
    ("CONG_THUONG", "Công thương", "Industry and trade"),
    ("TU_PHAP_KHAC", "Tư pháp, văn hóa và lĩnh vực khác", "Justice, culture and other"),
)

# field code, code, official code (CSDLQG) or None, name, legal time limit (working days)
PROCEDURES: tuple[tuple[str, str, str | None, str, int], ...] = (
    ("HO_TICH", "HT-01", "1.001193", "Đăng ký khai sinh", 1),
    ("HO_TICH", "HT-02", "1.000894", "Đăng ký kết hôn", 1),
    ("HO_TICH", "HT-03", "1.000656", "Đăng ký khai tử", 1),
    ("HO_TICH", "HT-04", "1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", 3),
    ("HO_TICH", "HT-05", None, "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", 3),
    ("HO_TICH", "HT-06", "2.000635", "Cấp bản sao trích lục hộ tịch", 0),
    ("CHUNG_THUC", "CT-01", "2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", 1),
    ("CHUNG_THUC", "CT-02", "2.000884", "Chứng thực chữ ký trong các giấy tờ, văn bản", 1),
    (
        "CHUNG_THUC",
        "CT-03",
        None,
        "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất và nhà ở",
        2,
    ),
    ("CHUNG_THUC", "CT-04", None, "Chứng thực văn bản thỏa thuận phân chia di sản", 2),
    (
        "CHUNG_THUC",
        "CT-05",
        None,
        "Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch",
        2,
    ),
    (
        "DAT_DAI",
        "DD-01",
        None,
        "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
        10,
    ),
    (
        "DAT_DAI",
        "DD-02",
        None,
        "Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu",
        20,
    ),
    ("DAT_DAI", "DD-03", None, "Chuyển mục đích sử dụng đất", 15),
    ("DAT_DAI", "DD-04", None, "Hòa giải tranh chấp đất đai", 30),
    (
        "DAT_DAI",
        "DD-05",
        None,
        "Xác nhận tiếp tục sử dụng đất nông nghiệp của hộ gia đình, cá nhân",
        10,
    ),
    ("DKKD", "KD-01", None, "Đăng ký thành lập hộ kinh doanh", 3),
    ("DKKD", "KD-02", "2.000720", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", 3),
    (
        "DKKD",
        "KD-03",
        "1.001570",
        "Tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo của hộ kinh doanh",
        3,
    ),
    ("DKKD", "KD-04", "1.001266", "Chấm dứt hoạt động hộ kinh doanh", 3),
    ("XAY_DUNG", "XD-01", None, "Cấp giấy phép xây dựng nhà ở riêng lẻ", 15),
    ("XAY_DUNG", "XD-02", "1.013226", "Điều chỉnh giấy phép xây dựng nhà ở riêng lẻ", 15),
    ("XAY_DUNG", "XD-03", "1.013227", "Gia hạn giấy phép xây dựng", 5),
    ("XAY_DUNG", "XD-04", "1.013228", "Cấp lại giấy phép xây dựng", 5),
    ("BAO_TRO_XA_HOI", "BT-01", None, "Trợ giúp xã hội thường xuyên tại cộng đồng", 15),
    ("BAO_TRO_XA_HOI", "BT-02", None, "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", 3),
    (
        "BAO_TRO_XA_HOI",
        "BT-03",
        "1.001699",
        "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật",
        25,
    ),
    ("BAO_TRO_XA_HOI", "BT-04", None, "Công nhận hộ nghèo, hộ cận nghèo phát sinh trong năm", 10),
    (
        "NGUOI_CO_CONG",
        "NCC-01",
        None,
        "Giải quyết chế độ mai táng phí đối với người có công với cách mạng",
        5,
    ),
    ("NGUOI_CO_CONG", "NCC-02", "1.010833", "Cấp giấy xác nhận thân nhân của người có công", 5),
    (
        "NGUOI_CO_CONG",
        "NCC-03",
        None,
        "Hỗ trợ người có công đi làm phương tiện, dụng cụ trợ giúp chỉnh hình",
        10,
    ),
    ("CONG_THUONG", "CTH-01", None, "Cấp Giấy phép bán lẻ sản phẩm rượu", 10),
    ("CONG_THUONG", "CTH-02", None, "Cấp Giấy phép bán lẻ sản phẩm thuốc lá", 10),
    (
        "CONG_THUONG",
        "CTH-03",
        None,
        "Cấp Giấy phép sản xuất rượu thủ công nhằm mục đích kinh doanh",
        10,
    ),
    (
        "CONG_THUONG",
        "CTH-04",
        None,
        "Cấp Giấy chứng nhận đủ điều kiện cửa hàng bán lẻ LPG chai",
        15,
    ),
    ("TU_PHAP_KHAC", "TPK-01", None, "Công nhận hòa giải viên", 3),
    ("TU_PHAP_KHAC", "TPK-02", "2.000950", "Công nhận tổ trưởng tổ hòa giải", 3),
    ("TU_PHAP_KHAC", "TPK-03", None, "Đăng ký hoạt động tín ngưỡng", 15),
    ("TU_PHAP_KHAC", "TPK-04", None, "Xét tặng danh hiệu Gia đình văn hóa hằng năm", 5),
    ("TU_PHAP_KHAC", "TPK-05", None, "Thông báo tổ chức lễ hội cấp xã", 5),
)

# --- departments -----------------------------------------------------------------------------

DEPARTMENTS_SOURCE = (
    "Nghị định 45/2025/NĐ-CP (từ 01/3/2025: các sở tổ chức thống nhất ở mọi tỉnh); "
    "Nghị định 107/2020/NĐ-CP (trước đó)"
)
# Today's provinces: the specialised agencies every province has (Nghị định 45/2025/NĐ-CP,
# Art. 9), the provincial inspectorate, the office of the People's Committee and the public
# administration service centre where the one-stop desk sits. Sở Dân tộc và Tôn giáo, Sở
# Ngoại vụ, Sở Du lịch exist only in some provinces: an import adds them when it names them.
DEPARTMENTS_CURRENT: tuple[str, ...] = (
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Xây dựng",
    "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Thanh tra tỉnh",
    "Trung tâm Phục vụ hành chính công tỉnh",
)
# The 63 provinces before the 2025 reorganisation (Nghị định 24/2014/NĐ-CP as amended by
# Nghị định 107/2020/NĐ-CP): the departments every province had.
DEPARTMENTS_OLD: tuple[str, ...] = (
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Kế hoạch và Đầu tư",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Giao thông vận tải",
    "Sở Xây dựng",
    "Sở Tài nguyên và Môi trường",
    "Sở Thông tin và Truyền thông",
    "Sở Lao động – Thương binh và Xã hội",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Thanh tra tỉnh",
    "Trung tâm Phục vụ hành chính công tỉnh",
)

# --- day swaps -------------------------------------------------------------------------------

DAY_SWAPS_SOURCE = "Thông báo hoán đổi ngày làm việc của Bộ Nội vụ (dữ liệu của dự án)"
# The government announces, each year, weekdays given off to join a holiday to a weekend and
# the Saturdays worked in exchange. The ``holidays`` package carries those it knew when it was
# released; a swap announced after that goes here (day, "day_off" or "working_day", name) and
# ``oversight registers refresh`` loads it, with no package update. The entries below are the
# announced swaps of 2024–2026, as the package also has them.
DAY_SWAPS: tuple[tuple[date, str, str], ...] = (
    (date(2024, 4, 29), "day_off", "Ngày nghỉ (thay cho ngày 04/05/2024)"),
    (date(2024, 5, 4), "working_day", "Làm bù cho ngày nghỉ 29/4/2024"),
    (date(2025, 4, 26), "working_day", "Làm bù cho ngày nghỉ 02/5/2025"),
    (date(2025, 5, 2), "day_off", "Ngày nghỉ (thay cho ngày 26/04/2025)"),
    (date(2026, 8, 22), "working_day", "Làm bù cho ngày nghỉ 31/8/2026"),
    (date(2026, 8, 31), "day_off", "Ngày nghỉ (thay cho ngày 22/08/2026)"),
)
