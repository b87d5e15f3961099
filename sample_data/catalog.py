"""Static catalogue of the sample data: fields, procedures, departments, reform models,
calendar (public holidays) and the Vietnamese text snippets used for comments and petitions.

Everything a user can read is in Vietnamese with full diacritics; identifiers and comments are
English. Legal processing times are working days (0 = "ngay trong ngày").

Sources: DOMAIN.md and the five seed articles in /work/shared/seeds (models, dates, sponsors,
criteria). Where a seed does not give a fact (a plan number, the district of Kế hoạch 111), the
text says so and the sample value is marked as an assumption.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

# --- Fields (lĩnh vực) and procedures (thủ tục) ---------------------------------------


@dataclass(frozen=True)
class FieldDef:
    code: str
    name_vi: str
    name_en: str
    # Share of a commune's dossiers before and after the July-2025 reorganisation (communes
    # took over business registration, construction permits and more land procedures).
    share_before: float
    share_after: float
    # Added to a unit's on-time propensity (points of probability).
    on_time_adj: float
    # Probability a dossier waits for a citizen's supplement.
    supplement_p: float
    procedures: tuple[tuple[str, str, int, float], ...]  # code, name, legal days, weight


FIELDS: tuple[FieldDef, ...] = (
    FieldDef(
        "HO_TICH",
        "Hộ tịch",
        "Civil status registration",
        0.30,
        0.26,
        0.015,
        0.015,
        (
            ("HT-01", "Đăng ký khai sinh", 1, 0.34),
            ("HT-02", "Đăng ký kết hôn", 1, 0.12),
            ("HT-03", "Đăng ký khai tử", 1, 0.10),
            ("HT-04", "Cấp Giấy xác nhận tình trạng hôn nhân", 3, 0.22),
            ("HT-05", "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", 3, 0.07),
            ("HT-06", "Cấp bản sao trích lục hộ tịch", 0, 0.15),
        ),
    ),
    FieldDef(
        "CHUNG_THUC",
        "Chứng thực",
        "Certification",
        0.40,
        0.34,
        0.025,
        0.005,
        (
            # "Trong ngày; sau 15 giờ thì trả trong ngày làm việc tiếp theo": at most 1 day.
            ("CT-01", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", 1, 0.70),
            ("CT-02", "Chứng thực chữ ký trong các giấy tờ, văn bản", 1, 0.16),
            (
                "CT-03",
                "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, "
                "quyền sử dụng đất và nhà ở",
                2,
                0.09,
            ),
            ("CT-04", "Chứng thực văn bản thỏa thuận phân chia di sản", 2, 0.03),
            ("CT-05", "Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch", 2, 0.02),
        ),
    ),
    FieldDef(
        "DAT_DAI",
        "Đất đai",
        "Land",
        0.08,
        0.12,
        -0.07,
        0.12,
        (
            (
                "DD-01",
                "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
                10,
                0.45,
            ),
            (
                "DD-02",
                "Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản "
                "gắn liền với đất lần đầu",
                20,
                0.20,
            ),
            ("DD-03", "Chuyển mục đích sử dụng đất", 15, 0.12),
            ("DD-04", "Hòa giải tranh chấp đất đai", 30, 0.08),
            (
                "DD-05",
                "Xác nhận tiếp tục sử dụng đất nông nghiệp của hộ gia đình, cá nhân",
                10,
                0.15,
            ),
        ),
    ),
    FieldDef(
        "DKKD",
        "Đăng ký kinh doanh",
        "Business registration",
        0.02,
        0.05,
        -0.015,
        0.05,
        (
            ("KD-01", "Đăng ký thành lập hộ kinh doanh", 3, 0.45),
            ("KD-02", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", 3, 0.30),
            (
                "KD-03",
                "Tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo "
                "của hộ kinh doanh",
                3,
                0.15,
            ),
            ("KD-04", "Chấm dứt hoạt động hộ kinh doanh", 3, 0.10),
        ),
    ),
    FieldDef(
        "XAY_DUNG",
        "Xây dựng",
        "Construction",
        0.02,
        0.04,
        -0.06,
        0.10,
        (
            ("XD-01", "Cấp giấy phép xây dựng nhà ở riêng lẻ", 15, 0.65),
            ("XD-02", "Điều chỉnh giấy phép xây dựng nhà ở riêng lẻ", 15, 0.15),
            ("XD-03", "Gia hạn giấy phép xây dựng", 5, 0.10),
            ("XD-04", "Cấp lại giấy phép xây dựng", 5, 0.10),
        ),
    ),
    FieldDef(
        "BAO_TRO_XA_HOI",
        "Lao động – Thương binh và Xã hội: Bảo trợ xã hội",
        "Labour, invalids and social affairs: social protection",
        0.07,
        0.07,
        -0.01,
        0.03,
        (
            ("BT-01", "Trợ giúp xã hội thường xuyên tại cộng đồng", 15, 0.35),
            ("BT-02", "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", 3, 0.20),
            (
                "BT-03",
                "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật",
                25,
                0.20,
            ),
            ("BT-04", "Công nhận hộ nghèo, hộ cận nghèo phát sinh trong năm", 10, 0.25),
        ),
    ),
    FieldDef(
        "NGUOI_CO_CONG",
        "Lao động – Thương binh và Xã hội: Người có công",
        "Labour, invalids and social affairs: people with meritorious service",
        0.03,
        0.03,
        0.0,
        0.02,
        (
            (
                "NCC-01",
                "Giải quyết chế độ mai táng phí đối với người có công với cách mạng",
                5,
                0.40,
            ),
            ("NCC-02", "Cấp giấy xác nhận thân nhân của người có công", 5, 0.35),
            (
                "NCC-03",
                "Hỗ trợ người có công đi làm phương tiện, dụng cụ trợ giúp chỉnh hình",
                10,
                0.25,
            ),
        ),
    ),
    FieldDef(
        "CONG_THUONG",
        "Công thương",
        "Industry and trade",
        0.02,
        0.03,
        -0.01,
        0.04,
        (
            ("CTH-01", "Cấp Giấy phép bán lẻ sản phẩm rượu", 10, 0.40),
            ("CTH-02", "Cấp Giấy phép bán lẻ sản phẩm thuốc lá", 10, 0.25),
            ("CTH-03", "Cấp Giấy phép sản xuất rượu thủ công nhằm mục đích kinh doanh", 10, 0.20),
            ("CTH-04", "Cấp Giấy chứng nhận đủ điều kiện cửa hàng bán lẻ LPG chai", 15, 0.15),
        ),
    ),
    FieldDef(
        "TU_PHAP_KHAC",
        "Tư pháp, văn hóa và lĩnh vực khác",
        "Justice, culture and other",
        0.06,
        0.06,
        0.01,
        0.02,
        (
            ("TPK-01", "Công nhận hòa giải viên", 3, 0.20),
            ("TPK-02", "Công nhận tổ trưởng tổ hòa giải", 3, 0.15),
            ("TPK-03", "Đăng ký hoạt động tín ngưỡng", 15, 0.15),
            ("TPK-04", "Xét tặng danh hiệu Gia đình văn hóa hằng năm", 5, 0.35),
            ("TPK-05", "Thông báo tổ chức lễ hội cấp xã", 5, 0.15),
        ),
    ),
)

FIELD_CODES = tuple(f.code for f in FIELDS)

# --- Departments ------------------------------------------------------------------------

# Before July 2025: commune civil-servant titles (Nghị định 33/2023/NĐ-CP). ĐKKD and
# công thương are district matters then; communes receive them at the one-stop desk.
ONE_STOP_OLD = "Bộ phận Một cửa"
DEPARTMENTS_OLD: tuple[str, ...] = (
    ONE_STOP_OLD,
    "Công chức Tư pháp – Hộ tịch",
    "Công chức Địa chính – Xây dựng",
    "Công chức Văn hóa – Xã hội",
    "Công chức Tài chính – Kế toán",
    "Công an xã",
)
FIELD_DEPT_OLD = {
    "HO_TICH": "Công chức Tư pháp – Hộ tịch",
    "CHUNG_THUC": "Công chức Tư pháp – Hộ tịch",
    "TU_PHAP_KHAC": "Công chức Tư pháp – Hộ tịch",
    "DAT_DAI": "Công chức Địa chính – Xây dựng",
    "XAY_DUNG": "Công chức Địa chính – Xây dựng",
    "BAO_TRO_XA_HOI": "Công chức Văn hóa – Xã hội",
    "NGUOI_CO_CONG": "Công chức Văn hóa – Xã hội",
    "DKKD": "Công chức Tài chính – Kế toán",
    "CONG_THUONG": ONE_STOP_OLD,
}

# From July 2025: the two-tier commune's offices (Nghị định 150/2025/NĐ-CP).
ONE_STOP_NEW = "Trung tâm Phục vụ hành chính công"
ECONOMY_XA = "Phòng Kinh tế"
ECONOMY_PHUONG = "Phòng Kinh tế, Hạ tầng và Đô thị"


def departments_new(unit_type: str) -> tuple[str, ...]:
    eco = ECONOMY_PHUONG if unit_type == "Phường" else ECONOMY_XA
    return (ONE_STOP_NEW, "Văn phòng HĐND và UBND", eco, "Phòng Văn hóa – Xã hội")


def field_dept_new(unit_type: str) -> dict[str, str]:
    eco = ECONOMY_PHUONG if unit_type == "Phường" else ECONOMY_XA
    return {
        "HO_TICH": "Văn phòng HĐND và UBND",
        "CHUNG_THUC": "Văn phòng HĐND và UBND",
        "TU_PHAP_KHAC": "Văn phòng HĐND và UBND",
        "DAT_DAI": eco,
        "XAY_DUNG": eco,
        "DKKD": eco,
        "CONG_THUONG": eco,
        "BAO_TRO_XA_HOI": "Phòng Văn hóa – Xã hội",
        "NGUOI_CO_CONG": "Phòng Văn hóa – Xã hội",
    }


# --- Calendar: Vietnamese public holidays (days off for civil servants) -----------------


def _span(a: str, b: str) -> list[date]:
    d0, d1 = date.fromisoformat(a), date.fromisoformat(b)
    return [d0 + timedelta(days=i) for i in range((d1 - d0).days + 1)]


# Working days lost to holidays (weekends inside the spans are harmless). Tết spans are the
# official civil-service breaks; 10/3 âm lịch, 30/4–1/5 and 2/9 with the compensating days.
HOLIDAYS: tuple[date, ...] = tuple(
    sorted(
        set(
            _span("2021-01-01", "2021-01-01")
            + _span("2021-02-10", "2021-02-16")
            + _span("2021-04-21", "2021-04-21")
            + _span("2021-04-30", "2021-05-03")
            + _span("2021-09-02", "2021-09-03")
            + _span("2022-01-01", "2022-01-03")
            + _span("2022-01-29", "2022-02-06")
            + _span("2022-04-09", "2022-04-11")
            + _span("2022-04-30", "2022-05-03")
            + _span("2022-09-01", "2022-09-04")
            + _span("2023-01-01", "2023-01-02")
            + _span("2023-01-20", "2023-01-26")
            + _span("2023-04-29", "2023-05-03")
            + _span("2023-09-01", "2023-09-04")
            + _span("2024-01-01", "2024-01-01")
            + _span("2024-02-08", "2024-02-14")
            + _span("2024-04-18", "2024-04-18")
            + _span("2024-04-27", "2024-05-01")
            + _span("2024-08-31", "2024-09-03")
            + _span("2025-01-01", "2025-01-01")
            + _span("2025-01-25", "2025-02-02")
            + _span("2025-04-07", "2025-04-07")
            + _span("2025-04-30", "2025-05-04")
            + _span("2025-08-30", "2025-09-02")
            + _span("2026-01-01", "2026-01-01")
            + _span("2026-02-14", "2026-02-22")
            + _span("2026-04-26", "2026-04-27")
            + _span("2026-04-30", "2026-05-03")
            + _span("2026-08-29", "2026-09-02")
            + _span("2027-01-01", "2027-01-01")
            + _span("2027-02-04", "2027-02-10")
            + _span("2027-04-16", "2027-04-16")
            + _span("2027-04-30", "2027-05-03")
            + _span("2027-09-02", "2027-09-03")
        )
    )
)

# First day of the lunar new year (mùng 1 Tết): drives the pre-Tết peak and the slow week after.
TET: dict[int, date] = {
    2021: date(2021, 2, 12),
    2022: date(2022, 2, 1),
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
}

# --- Reform models ------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelDef:
    code: str
    name: str
    sponsor: str
    legal_basis: str
    decision_date: date | None
    planned_start: date | None
    planned_end: date | None
    description: str
    criteria: tuple[tuple[str, str], ...]
    # How sites are chosen; the generator resolves these against admin_unit.
    sites: str
    wards: tuple[str, ...] = field(default_factory=tuple)


HND_BASIS = "Quyết định số 11578/QĐ-UBND ngày 07/10/2021 của UBND huyện Hồng Ngự"
HND_SPONSOR = "UBND huyện Hồng Ngự (tỉnh Đồng Tháp)"
HND_DESC = (
    "Một trong các mô hình cải cách hành chính của kế hoạch xây dựng chính quyền thân thiện, "
    "phục vụ Nhân dân giai đoạn 2021 – 2026, phương châm “Hiểu dân để đồng hành, gần dân để "
    "sẻ chia, nghe dân để hành động”. Mỗi đơn vị, địa phương hằng năm có ít nhất 01 mô hình, "
    "cách làm hay."
)
HNC_BASIS = (
    "Kế hoạch thực hiện nhiệm vụ cải cách hành chính năm 2021 của UBND thành phố Hồng Ngự "
    "(số hiệu văn bản không nêu trong nguồn)"
)
HNC_SPONSOR = "UBND thành phố Hồng Ngự (tỉnh Đồng Tháp)"

MODELS: tuple[ModelDef, ...] = (
    # Hồng Ngự district, Decision 11578/QĐ-UBND (07/10/2021), 2021–2026.
    ModelDef(
        "HND-T7",
        "Ngày thứ Bảy vì dân",
        HND_SPONSOR,
        HND_BASIS,
        date(2021, 10, 7),
        date(2021, 10, 7),
        date(2026, 12, 31),
        HND_DESC,
        (
            ("C1", "Bố trí công chức tiếp nhận, giải quyết hồ sơ vào sáng thứ Bảy hằng tuần"),
            ("C2", "Công khai lịch tiếp nhận ngày thứ Bảy tại trụ sở và trên mạng xã hội"),
            ("C3", "Hồ sơ tiếp nhận ngày thứ Bảy được giải quyết đúng hoặc trước hẹn"),
        ),
        "district:Huyện Hồng Ngự",
    ),
    ModelDef(
        "HND-LUUDONG",
        "Giải quyết thủ tục hành chính lưu động",
        HND_SPONSOR,
        HND_BASIS,
        date(2021, 10, 7),
        date(2021, 10, 7),
        date(2026, 12, 31),
        HND_DESC,
        (
            ("C1", "Tổ chức tiếp nhận, giải quyết hồ sơ lưu động tại ấp ít nhất mỗi tháng một lần"),
            ("C2", "Ưu tiên người cao tuổi, người khuyết tật, hộ ở xa trụ sở"),
            ("C3", "Hồ sơ tiếp nhận lưu động được trả kết quả đúng hẹn"),
        ),
        "district:Huyện Hồng Ngự",
    ),
    ModelDef(
        "HND-CAPHUYEN-TAIXA",
        "Tiếp nhận thủ tục hành chính cấp huyện tại cấp xã",
        HND_SPONSOR,
        HND_BASIS,
        date(2021, 10, 7),
        date(2021, 10, 7),
        date(2026, 12, 31),
        HND_DESC,
        (
            ("C1", "Niêm yết danh mục thủ tục cấp huyện được tiếp nhận tại xã"),
            ("C2", "Chuyển hồ sơ lên huyện trong ngày làm việc, không để người dân đi lại"),
            ("C3", "Trả kết quả thủ tục cấp huyện tại Bộ phận Một cửa cấp xã"),
        ),
        "district:Huyện Hồng Ngự",
    ),
    ModelDef(
        "HND-ZALO",
        "Zalo an ninh gắn với giải quyết thủ tục hành chính",
        HND_SPONSOR,
        HND_BASIS,
        date(2021, 10, 7),
        date(2021, 10, 7),
        date(2026, 12, 31),
        HND_DESC,
        (
            ("C1", "Duy trì nhóm Zalo an ninh ở từng ấp, có công an và công chức một cửa tham gia"),
            ("C2", "Hướng dẫn, giải đáp thủ tục hành chính qua nhóm Zalo trong ngày"),
        ),
        "district:Huyện Hồng Ngự",
    ),
    ModelDef(
        "HND-CONGTHUONG-TAINHA",
        "Cấp giấy chứng nhận tại nhà thuộc lĩnh vực công thương",
        HND_SPONSOR,
        HND_BASIS,
        date(2021, 10, 7),
        date(2021, 10, 7),
        date(2026, 12, 31),
        HND_DESC,
        (
            ("C1", "Trả giấy phép, giấy chứng nhận lĩnh vực công thương tại nhà cho hộ kinh doanh"),
            ("C2", "Không phát sinh chi phí cho người dân khi nhận kết quả tại nhà"),
        ),
        "district:Huyện Hồng Ngự",
    ),
    # Hồng Ngự city, 2021.
    ModelDef(
        "HNC-DOITHOAI",
        "Chính quyền tiếp xúc, đối thoại với công dân",
        HNC_SPONSOR,
        HNC_BASIS,
        None,
        date(2021, 1, 1),
        date(2021, 12, 31),
        "Mô hình được UBND thành phố Hồng Ngự chỉ đạo nhân rộng năm 2021.",
        (
            ("C1", "Tổ chức tiếp xúc, đối thoại định kỳ với công dân theo kế hoạch"),
            ("C2", "Kiến nghị của công dân được trả lời hoặc giao xử lý đúng hạn"),
            ("C3", "Công khai kết quả giải quyết kiến nghị"),
        ),
        "district:Thành phố Hồng Ngự",
    ),
    ModelDef(
        "HNC-BCCI-TANNHA",
        "Tiếp nhận hồ sơ và trả kết quả tận nhà qua dịch vụ bưu chính công ích",
        HNC_SPONSOR,
        HNC_BASIS,
        None,
        date(2021, 1, 1),
        date(2021, 12, 31),
        "Mô hình được UBND thành phố Hồng Ngự chỉ đạo nhân rộng năm 2021.",
        (
            ("C1", "Tuyên truyền, hướng dẫn người dân sử dụng dịch vụ bưu chính công ích"),
            (
                "C2",
                "Tỷ lệ hồ sơ tiếp nhận, trả kết quả qua bưu chính công ích tăng so với năm trước",
            ),
        ),
        "district:Thành phố Hồng Ngự",
    ),
    ModelDef(
        "HNC-DVC-BCCI",
        "Kết hợp dịch vụ công trực tuyến và dịch vụ bưu chính công ích trong giải quyết thủ tục "
        "hành chính",
        HNC_SPONSOR,
        HNC_BASIS,
        None,
        date(2021, 1, 1),
        date(2021, 12, 31),
        "Mô hình được UBND thành phố Hồng Ngự chỉ đạo nhân rộng năm 2021.",
        (
            (
                "C1",
                "Hồ sơ nộp trực tuyến được trả kết quả qua bưu chính công ích khi người dân yêu cầu",
            ),
            ("C2", "Tỷ lệ hồ sơ trực tuyến đạt chỉ tiêu năm"),
            ("C3", "Không yêu cầu người dân nộp lại hồ sơ giấy đã nộp trực tuyến"),
        ),
        "district:Thành phố Hồng Ngự",
    ),
    ModelDef(
        "HNC-KHONGVIET",
        "Công dân không viết gắn với dịch vụ công trực tuyến trong giải quyết thủ tục hành chính",
        HNC_SPONSOR,
        HNC_BASIS,
        None,
        date(2021, 1, 1),
        date(2021, 12, 31),
        "Mô hình được UBND thành phố Hồng Ngự chỉ đạo nhân rộng năm 2021.",
        (
            ("C1", "Công chức nhập thông tin, in tờ khai để công dân ký, công dân không phải viết"),
            ("C2", "Hồ sơ được cập nhật lên dịch vụ công trực tuyến ngay khi tiếp nhận"),
        ),
        "district:Thành phố Hồng Ngự",
    ),
    ModelDef(
        "HNC-ANTHANH-HOTRO",
        "Hỗ trợ viết hồ sơ cho công dân không thu phí",
        HNC_SPONSOR,
        HNC_BASIS,
        None,
        date(2021, 1, 1),
        date(2021, 12, 31),
        "Mô hình của UBND phường An Thạnh, thành phố Hồng Ngự.",
        (
            ("C1", "Bố trí người hỗ trợ viết hồ sơ miễn phí tại Bộ phận Một cửa"),
            ("C2", "Không thu bất kỳ khoản phí nào khi hỗ trợ viết hồ sơ"),
        ),
        "wards",
        ("An Thạnh",),
    ),
    ModelDef(
        "HNC-ANBINHA-MAITANG",
        "Thực hiện hồ sơ mai táng phí tại nhà",
        HNC_SPONSOR,
        HNC_BASIS,
        None,
        date(2021, 1, 1),
        date(2021, 12, 31),
        "Mô hình của UBND phường An Bình A, thành phố Hồng Ngự.",
        (
            ("C1", "Công chức đến tận nhà hướng dẫn, lập hồ sơ mai táng phí"),
            ("C2", "Chi trả mai táng phí đúng hạn"),
        ),
        "wards",
        ("An Bình A",),
    ),
    ModelDef(
        "HNC-ANBINHA-HOTICH",
        "Người dân không viết khi đến đăng ký hộ tịch",
        HNC_SPONSOR,
        HNC_BASIS,
        None,
        date(2021, 1, 1),
        date(2021, 12, 31),
        "Mô hình của UBND phường An Bình A, thành phố Hồng Ngự.",
        (
            ("C1", "Công chức tư pháp – hộ tịch điền sẵn tờ khai hộ tịch cho người dân"),
            ("C2", "Hồ sơ hộ tịch được giải quyết trong ngày"),
        ),
        "wards",
        ("An Bình A",),
    ),
    ModelDef(
        "HNC-ANLAC-LYTRA",
        "Ly trà đối thoại",
        HNC_SPONSOR,
        HNC_BASIS,
        None,
        date(2021, 1, 1),
        date(2021, 12, 31),
        "Mô hình của UBND phường An Lạc, thành phố Hồng Ngự: lãnh đạo phường gặp gỡ, đối thoại "
        "thân mật với người dân bên ly trà.",
        (
            ("C1", "Tổ chức ly trà đối thoại định kỳ với người dân các khóm"),
            ("C2", "Ý kiến, kiến nghị được ghi nhận và trả lời trong thời hạn đã hẹn"),
            ("C3", "Người dân tham dự đánh giá hài lòng về buổi đối thoại"),
        ),
        "wards",
        ("An Lạc",),
    ),
    # Hưng Yên, Ban Dân vận Tỉnh ủy, launched 29/03/2023 at xã Tân Châu.
    ModelDef(
        "HY-DVK-CQPV",
        "Dân vận khéo “Chính quyền phục vụ người dân và doanh nghiệp”",
        "Ban Dân vận Tỉnh ủy Hưng Yên",
        "Kế hoạch xây dựng mô hình điểm của Ban Dân vận Tỉnh ủy Hưng Yên; ra mắt ngày "
        "29/03/2023 tại xã Tân Châu, huyện Khoái Châu (số hiệu văn bản không nêu trong nguồn)",
        date(2023, 3, 29),
        date(2023, 3, 1),
        date(2023, 12, 31),
        "Làm điểm ở 6 xã, phường thuộc 6 huyện, thành phố từ tháng 3/2023 đến tháng 12/2023; sơ "
        "kết tháng 12/2023 để đánh giá hiệu quả, xem xét nhân rộng. Ngày ra mắt (29/03/2023) "
        "được dùng làm ngày văn bản. Các đơn vị nhân rộng năm 2024 – 2026 là dữ liệu mẫu.",
        (
            (
                "C1",
                "Hoạt động của chính quyền bảo đảm công khai, dân chủ, hướng tới chính quyền "
                "điện tử",
            ),
            (
                "C2",
                "Bảo đảm cơ sở vật chất, môi trường công sở văn minh, thân thiện; chính quyền "
                "hoạt động gần gũi, thân thiện",
            ),
            (
                "C3",
                "Người đứng đầu chính quyền gương mẫu, thân thiện, có trách nhiệm; cán bộ, công "
                "chức và lực lượng công an cơ sở có trách nhiệm với người dân và doanh nghiệp",
            ),
            ("C4", "Tổ chức lấy phiếu khảo sát, đánh giá sự hài lòng của người dân"),
        ),
        "hy_pilots",
    ),
    # Bình Lục district, Hà Nam, 11/2021–10/2022.
    ModelDef(
        "BL-CQTT",
        "Chính quyền thân thiện vì Nhân dân phục vụ",
        "UBND huyện Bình Lục (tỉnh Hà Nam)",
        "Kế hoạch thực hiện mô hình của UBND huyện Bình Lục, thông qua tại hội nghị ngày "
        "11/11/2021 (số hiệu văn bản không nêu trong nguồn)",
        date(2021, 11, 11),
        date(2021, 11, 1),
        date(2022, 10, 31),
        "Thực hiện từ tháng 11/2021 đến tháng 10/2022; các cơ quan, đơn vị ký cam kết thực hiện "
        "“6 biết, 5 không, 3 thể hiện”. Triển khai tại các xã, thị trấn là dữ liệu mẫu.",
        (
            ("C1", "Ký cam kết và thực hiện nội dung “6 biết, 5 không, 3 thể hiện”"),
            ("C2", "Sử dụng mẫu thư cảm ơn, thư xin lỗi người dân"),
            ("C3", "Khảo sát, đánh giá sự hài lòng của người dân"),
            ("C4", "Thực hiện quy chế dân chủ ở cơ sở, văn hóa công sở"),
            ("C5", "Tổ chức đối thoại và giải quyết khiếu nại, tố cáo của công dân"),
        ),
        "district:Huyện Bình Lục",
    ),
    # Emulation campaign "05 T – 05 K". The seed does not name the district.
    ModelDef(
        "TD-05T05K",
        "Phong trào thi đua “05 T – 05 K” đẩy mạnh cải cách hành chính",
        "UBND huyện (giả định dữ liệu mẫu: huyện Hồng Ngự)",
        "Kế hoạch số 111/KH-UBND ngày 02/08/2022 phát động phong trào thi đua đẩy mạnh công tác "
        "cải cách hành chính nhà nước giai đoạn 2022 – 2025",
        date(2022, 8, 2),
        date(2022, 8, 2),
        date(2025, 12, 31),
        "Thông điệp “05 T”: tiếp xúc lịch sự, thân thiện; tiếp nhận, thẩm định nhanh chóng; tận "
        "tình hướng dẫn; tham mưu giải quyết kịp thời, đúng pháp luật; trả hồ sơ trước hẹn. "
        "“05 K”: không gây phiền hà, sách nhiễu; không để người dân đi lại nhiều lần; không nhận "
        "quà, tiền bôi trơn; không để hồ sơ trễ hẹn; không làm trái trình tự, thủ tục. Nguồn "
        "không nêu tên huyện ban hành; dữ liệu mẫu gán phong trào cho các xã của huyện Hồng Ngự "
        "(giả định).",
        (
            (
                "T1",
                "05 T: tiếp xúc lịch sự, thân thiện; tiếp nhận, thẩm định hồ sơ nhanh chóng; "
                "hướng dẫn tận tình, dễ hiểu",
            ),
            ("T2", "05 T: tham mưu giải quyết kịp thời, đúng pháp luật; trả hồ sơ trước hẹn"),
            (
                "K1",
                "05 K: không gây khó, phiền hà, sách nhiễu; không để người dân đi lại nhiều lần; "
                "không nhận quà, tiền bôi trơn",
            ),
            ("K2", "05 K: không để hồ sơ trễ hẹn; không làm trái trình tự, thủ tục"),
        ),
        "district:Huyện Hồng Ngự",
    ),
)

# The six pilot sites of the Hưng Yên model: (unit name, old district name). Names repeat in
# the province (three "Quang Trung"), so the district disambiguates.
HY_PILOTS: tuple[tuple[str, str], ...] = (
    ("Xã Tân Châu", "Huyện Khoái Châu"),
    ("Phường Quang Trung", "Thành phố Hưng Yên"),
    ("Xã Xuân Trúc", "Huyện Ân Thi"),
    ("Xã Trung Hưng", "Huyện Yên Mỹ"),
    ("Xã Nhật Quang", "Huyện Phù Cừ"),
    ("Xã Tân Quang", "Huyện Văn Lâm"),
)
HY_LAUNCH = date(2023, 3, 29)

# --- Targets ------------------------------------------------------------------------------

NQ76 = "Nghị quyết 76/NQ-CP (Chương trình tổng thể cải cách hành chính 2021 – 2030)"
LAW_10_2022 = "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15, Điều 32"
HND_TARGET_SOURCE = "Quyết định 11578/QĐ-UBND (ít nhất 01 mô hình, cách làm hay mỗi năm)"

# --- Satisfaction comments (never personal data) ---------------------------------------

COMMENTS_NEGATIVE: tuple[str, ...] = (
    "Phải đi lại nhiều lần mới nộp đủ hồ sơ.",
    "Thời gian chờ tại bộ phận một cửa quá lâu.",
    "Hồ sơ trả chậm so với ngày hẹn.",
    "Hướng dẫn chưa rõ, phải bổ sung giấy tờ nhiều lần.",
    "Thủ tục còn rườm rà, nhiều giấy tờ.",
    "Cán bộ tiếp nhận chưa niềm nở.",
    "Không được báo trước khi hồ sơ bị trễ hẹn.",
    "Nộp trực tuyến nhưng vẫn phải mang hồ sơ giấy đến.",
    "Hệ thống dịch vụ công hay bị lỗi khi nộp hồ sơ.",
    "Chỗ ngồi chờ chật, thiếu quạt.",
    "Phí, lệ phí chưa được niêm yết rõ ràng.",
    "Chưa nhận được phiếu xin lỗi khi hồ sơ trễ hẹn.",
)
COMMENTS_POSITIVE: tuple[str, ...] = (
    "Cán bộ hướng dẫn tận tình.",
    "Giải quyết nhanh, trả kết quả trước hẹn.",
    "Nhận kết quả tại nhà rất thuận tiện.",
    "Thái độ phục vụ tốt.",
    "Nộp hồ sơ trực tuyến dễ dàng.",
)

# --- Dialogue: petition summaries and agencies -----------------------------------------

PETITION_TOPICS: tuple[tuple[str, float], ...] = (
    ("land", 0.27),
    ("infrastructure", 0.23),
    ("social_policy", 0.15),
    ("environment", 0.12),
    ("procedures", 0.10),
    ("security", 0.08),
    ("other", 0.05),
)

PETITION_SUMMARIES: dict[str, tuple[str, ...]] = {
    "land": (
        "Đề nghị đẩy nhanh cấp giấy chứng nhận quyền sử dụng đất cho các hộ trong ấp.",
        "Kiến nghị giải quyết tranh chấp ranh giới đất giữa các hộ liền kề.",
        "Đề nghị công khai quy hoạch sử dụng đất của xã.",
        "Phản ánh chậm bồi thường, hỗ trợ khi thu hồi đất làm đường.",
        "Đề nghị hướng dẫn thủ tục chuyển mục đích sử dụng đất vườn sang đất ở.",
        "Kiến nghị xử lý việc lấn chiếm đất công dọc bờ kênh.",
    ),
    "infrastructure": (
        "Đề nghị nâng cấp, sửa chữa tuyến đường liên thôn xuống cấp.",
        "Kiến nghị lắp đặt đèn chiếu sáng công cộng tại các tuyến đường trong khu dân cư.",
        "Đề nghị nạo vét kênh mương nội đồng phục vụ sản xuất.",
        "Phản ánh tình trạng ngập úng khi mưa lớn tại khu dân cư.",
        "Đề nghị xây dựng cầu thay thế cầu tạm đã hư hỏng.",
        "Kiến nghị mở rộng hệ thống cấp nước sạch đến các hộ chưa có nước máy.",
    ),
    "social_policy": (
        "Đề nghị xem xét lại danh sách hộ nghèo, hộ cận nghèo năm nay.",
        "Kiến nghị chi trả trợ cấp xã hội hằng tháng đúng kỳ.",
        "Đề nghị hỗ trợ sửa chữa nhà cho hộ gia đình chính sách.",
        "Hỏi về chế độ bảo hiểm y tế cho người cao tuổi.",
        "Đề nghị hỗ trợ đào tạo nghề, giới thiệu việc làm cho lao động nông thôn.",
    ),
    "environment": (
        "Phản ánh rác thải sinh hoạt chưa được thu gom thường xuyên.",
        "Kiến nghị xử lý mùi hôi từ cơ sở chăn nuôi gần khu dân cư.",
        "Phản ánh ô nhiễm nguồn nước mặt tại kênh nội đồng.",
        "Đề nghị xử lý khói bụi từ cơ sở sản xuất gạch.",
    ),
    "procedures": (
        "Đề nghị rút ngắn thời gian giải quyết hồ sơ đất đai.",
        "Kiến nghị hướng dẫn nộp hồ sơ trực tuyến cho người cao tuổi.",
        "Phản ánh phải bổ sung giấy tờ nhiều lần khi làm thủ tục.",
        "Đề nghị niêm yết công khai, đầy đủ thủ tục hành chính tại trụ sở.",
        "Kiến nghị trả kết quả qua bưu chính công ích tại nhà.",
    ),
    "security": (
        "Phản ánh tình trạng trộm cắp vặt vào ban đêm trong ấp.",
        "Đề nghị tăng cường tuần tra, xử lý đua xe trái phép.",
        "Kiến nghị xử lý tình trạng tụ tập gây mất trật tự nơi công cộng.",
        "Phản ánh tình trạng cho vay nặng lãi trên địa bàn.",
    ),
    "other": (
        "Đề nghị tổ chức thêm hoạt động văn hóa, thể thao cho thanh niên.",
        "Kiến nghị bố trí điểm vui chơi cho trẻ em trong khu dân cư.",
        "Hỏi về kế hoạch sắp xếp trụ sở sau khi sáp nhập đơn vị hành chính.",
    ),
}

# Agency a petition is assigned to, by era (before July 2025 districts still exist).
AGENCIES_OLD: dict[str, tuple[str, ...]] = {
    "land": ("Công chức Địa chính – Xây dựng", "UBND huyện – Phòng Tài nguyên và Môi trường"),
    "infrastructure": ("Công chức Địa chính – Xây dựng", "UBND huyện – Phòng Kinh tế và Hạ tầng"),
    "social_policy": (
        "Công chức Văn hóa – Xã hội",
        "UBND huyện – Phòng Lao động – Thương binh và Xã hội",
    ),
    "environment": (
        "Công chức Địa chính – Xây dựng",
        "UBND huyện – Phòng Tài nguyên và Môi trường",
    ),
    "procedures": ("Bộ phận Một cửa", "Công chức Tư pháp – Hộ tịch"),
    "security": ("Công an xã",),
    "other": ("Công chức Văn hóa – Xã hội", "Văn phòng HĐND và UBND xã"),
}
AGENCIES_NEW: dict[str, tuple[str, ...]] = {
    "land": ("Phòng Kinh tế", "Sở Nông nghiệp và Môi trường"),
    "infrastructure": ("Phòng Kinh tế", "Sở Xây dựng"),
    "social_policy": ("Phòng Văn hóa – Xã hội", "Sở Nội vụ"),
    "environment": ("Phòng Kinh tế", "Sở Nông nghiệp và Môi trường"),
    "procedures": ("Trung tâm Phục vụ hành chính công", "Văn phòng HĐND và UBND"),
    "security": ("Công an xã",),
    "other": ("Phòng Văn hóa – Xã hội", "Văn phòng HĐND và UBND"),
}
