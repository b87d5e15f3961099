"""Interface language and number/date formatting: Vietnamese first, English available.

Numbers and dates go through Babel so that Vietnamese shows ``1.234,5`` and ``26/11/2026``.
Labels are looked up by key; a missing key shows the key itself, so a gap is visible, not fatal.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

LANGS = ("vi", "en")
LOCALES = {"vi": "vi_VN", "en": "en_GB"}

LABELS: dict[str, tuple[str, str]] = {
    # app frame
    "app_title": ("Giám sát cải cách hành chính", "Administrative reform oversight"),
    "language": ("Ngôn ngữ", "Language"),
    "scope": ("Phạm vi", "Scope"),
    "province": ("Tỉnh, thành phố", "Province"),
    "commune": ("Xã, phường", "Commune"),
    "all_communes": ("Toàn tỉnh", "Whole province"),
    "period": ("Kỳ báo cáo", "Period"),
    "period_kind": ("Loại kỳ", "Period type"),
    "month": ("Tháng", "Month"),
    "quarter": ("Quý", "Quarter"),
    "year": ("Năm", "Year"),
    "custom": ("Tùy chọn", "Custom"),
    "from_date": ("Từ ngày", "From"),
    "to_date": ("Đến ngày", "To"),
    "regime": ("Cách tính kỳ", "Period regime"),
    "regime_calendar": ("Theo lịch", "Calendar"),
    "regime_official": ("Kỳ báo cáo 15–14 (Biểu 06)", "Official 15th–14th"),
    "units_view": ("Đơn vị hành chính", "Administrative units"),
    "units_current": ("Hiện nay (sau 01/7/2025)", "Today's (after 1 July 2025)"),
    "units_historical": ("Như tại thời điểm ghi nhận", "As they were"),
    "data_until": ("Dữ liệu đến ngày {date}", "Data up to {date}"),
    "no_data_yet": ("Chưa có dữ liệu", "No data yet"),
    "db_down_title": ("Không kết nối được cơ sở dữ liệu", "The database cannot be reached"),
    "db_down_body": (
        "Bảng điều khiển chưa đọc được dữ liệu. Vui lòng báo bộ phận kỹ thuật kiểm tra máy chủ "
        "cơ sở dữ liệu, rồi tải lại trang. Chi tiết kỹ thuật: {detail}",
        "The dashboard cannot read its data. Please ask technical staff to check the database "
        "server, then reload the page. Technical detail: {detail}",
    ),
    "unknown_unit": ("Không tìm thấy đơn vị có mã {code}.", "No unit has the code {code}."),
    "bad_period": ("Kỳ báo cáo không hợp lệ: {detail}", "Invalid period: {detail}"),
    "empty_period": (
        "Không có hồ sơ nào trong kỳ này cho phạm vi đã chọn.",
        "No dossiers in this period for the chosen scope.",
    ),
    # pages
    "page_overview": ("Tổng quan", "Overview"),
    "page_on_time": ("Đúng hạn", "On time"),
    "overview_title": ("Tổng quan điều hành", "Briefing overview"),
    "on_time_title": ("Giải quyết hồ sơ đúng hạn", "Dossiers resolved on time"),
    # metrics
    "on_time_rate": ("Tỷ lệ đúng hạn", "On-time rate"),
    "online_share": ("Tỷ lệ nộp trực tuyến", "Online share"),
    # Short enough for a card; the share is of the late dossiers (the card's help says so).
    "apology_share": ("Có phiếu xin lỗi", "Apology letters"),
    "avg_processing_days": ("Ngày giải quyết TB", "Avg. processing days"),
    "pending_overdue": ("Hồ sơ tồn quá hạn", "Pending overdue"),
    "pending_within": ("Tồn trong hạn", "Pending within deadline"),
    "pending_total": ("Tổng tồn", "Total pending"),
    "resolved": ("Đã giải quyết", "Resolved"),
    "early": ("Trước hạn", "Early"),
    "on_time": ("Đúng hạn", "On time"),
    "late": ("Quá hạn", "Late"),
    "received": ("Tiếp nhận", "Received"),
    "target": ("Chỉ tiêu", "Target"),
    "status_good": ("Đạt", "Met"),
    "status_watch": ("Cần theo dõi", "Watch"),
    "status_bad": ("Không đạt", "Missed"),
    "no_target": ("Chưa giao chỉ tiêu", "No target set"),
    "vs_previous": ("so với kỳ trước", "vs previous period"),
    "vs_last_year": ("Cùng kỳ năm trước: {value}", "Same period last year: {value}"),
    "few_records": ("Ít hồ sơ ({n}), chưa đủ tin cậy", "Few dossiers ({n}), not conclusive"),
    "based_on_dossiers": ("trên {n} hồ sơ", "from {n} dossiers"),
    "based_on_responses": ("trên {n} lượt đánh giá", "from {n} ratings"),
    "few_dossiers": ("Ít hồ sơ ({n}), chưa đủ tin cậy", "Few dossiers ({n}), not conclusive"),
    "few_responses": ("Ít lượt đánh giá ({n}), chưa đủ tin cậy", "Few ratings ({n}), not conclusive"),
    "points": ("điểm %", "pts"),
    "days": ("ngày", "days"),
    # tables and charts
    "trend_title": ("Tỷ lệ đúng hạn theo tháng", "On-time rate by month"),
    "by_field": ("Theo lĩnh vực", "By field"),
    "by_channel": ("Theo kênh nộp", "By channel"),
    "league_title": ("Xếp hạng đơn vị", "Unit ranking"),
    "funnel_title": ("Tỷ lệ đúng hạn và số hồ sơ (khoảng tin cậy 95%)",
                     "On-time rate and volume (95% interval)"),
    "rank": ("Hạng", "Rank"),
    "unit": ("Đơn vị", "Unit"),
    "field": ("Lĩnh vực", "Field"),
    "channel": ("Kênh", "Channel"),
    "change": ("Thay đổi", "Change"),
    "flag": ("Ghi chú", "Note"),
    "channel_0": ("Báo cáo định kỳ (Biểu 06)", "Periodic report form"),
    "channel_1": ("Trực tiếp", "Direct"),
    "channel_2": ("Trực tuyến", "Online"),
    "channel_3": ("Bưu chính công ích", "Public postal service"),
    "merger_2025": ("Sáp nhập ĐVHC 01/7/2025", "Unit merger 1 July 2025"),
    "model_launch": ("Ra mắt mô hình", "Model launch"),
    "late_list_title": ("Hồ sơ trễ hạn và tồn quá hạn", "Late and overdue dossiers"),
    "code": ("Mã hồ sơ", "Dossier code"),
    "procedure": ("Thủ tục", "Procedure"),
    "department": ("Bộ phận đang xử lý", "Department holding it"),
    "received_date": ("Ngày tiếp nhận", "Received"),
    "due_date": ("Hạn trả", "Due"),
    "resolved_date": ("Ngày có kết quả", "Resolved"),
    "days_overdue": ("Số ngày trễ", "Days overdue"),
    "apology_letter": ("Phiếu xin lỗi", "Apology letter"),
    "state": ("Tình trạng", "State"),
    "state_resolved_late": ("Đã giải quyết, trễ hạn", "Resolved late"),
    "state_pending_overdue": ("Đang tồn, quá hạn", "Pending, overdue"),
    "yes": ("Có", "Yes"),
    "no": ("Không", "No"),
    "breadcrumb_all": ("Toàn bộ", "All"),
    "drill_hint": (
        "Bấm vào một đơn vị trên biểu đồ hoặc bảng để xem chi tiết.",
        "Click a unit in a chart or the table to drill in.",
    ),
    "attention_title": ("Đơn vị cần chú ý", "Units needing attention"),
    "most_overdue": ("Nhiều hồ sơ quá hạn nhất", "Most overdue dossiers"),
    "worst_change": ("Giảm mạnh nhất so với kỳ trước", "Largest fall since the previous period"),
    "open_on_time": ("Xem chi tiết đúng hạn", "Open the on-time page"),
    "dialogue_line": ("Đối thoại: {sessions} buổi, {petitions} kiến nghị, {open} chưa giải quyết "
                      "({overdue} quá hạn).",
                      "Dialogue: {sessions} sessions, {petitions} petitions, {open} open "
                      "({overdue} overdue)."),
    "rollout_line": ("Mô hình: {running} lượt triển khai đang hoạt động tại {units} đơn vị; "
                     "{overdue} đợt sơ kết/tổng kết quá hạn.",
                     "Models: {running} active rollouts in {units} units; {overdue} reviews "
                     "overdue."),
    "satisfaction_line": ("Hài lòng: {rate} trên {n} lượt đánh giá.",
                          "Satisfaction: {rate} from {n} ratings."),
    "this_unit": ("Đơn vị đang xem", "This unit"),
    # sign-in and access
    "login_title": ("Đăng nhập", "Sign in"),
    "login_username": ("Tên đăng nhập", "Username"),
    "login_password": ("Mật khẩu", "Password"),
    "login_button": ("Đăng nhập", "Sign in"),
    "login_failed": ("Tên đăng nhập hoặc mật khẩu không đúng.", "Wrong username or password."),
    "login_hint": (
        "Tài khoản do quản trị viên cấp (lệnh: oversight user add). Lần chạy đầu tiên, "
        "mật khẩu của tài khoản admin được in ra màn hình dòng lệnh.",
        "Accounts are issued by the administrator (oversight user add). On the first run the "
        "admin password is printed in the terminal.",
    ),
    "login_oidc": ("Đăng nhập bằng tài khoản công vụ", "Sign in with your official account"),
    "login_no_role": ("Tài khoản {email} chưa được phân quyền. Vui lòng liên hệ quản trị viên.",
                      "{email} has no role yet. Please ask the administrator."),
    "logout": ("Đăng xuất", "Sign out"),
    "signed_in_as": ("Đăng nhập: {name} ({role})", "Signed in: {name} ({role})"),
    "scope_denied": ("Bạn không có quyền xem đơn vị này; đang hiển thị đơn vị của bạn.",
                     "You may not see this unit; showing your own."),
    "role_admin": ("Quản trị", "Administrator"),
    "role_province_leader": ("Lãnh đạo tỉnh", "Province leader"),
    "role_commune_leader": ("Lãnh đạo xã", "Commune leader"),
    "role_ban_dan_van": ("Ban Dân vận", "Mass-mobilisation committee"),
    "role_data_officer": ("Cán bộ nhập liệu", "Data officer"),
    "role_viewer": ("Người xem", "Viewer"),
    # briefing pack
    "pack_title": ("Báo cáo giao ban công tác cải cách hành chính",
                   "Administrative reform: quarterly review"),
    "pack_made_on": ("lập ngày {date}", "made on {date}"),
    "pack_headline": ("Các chỉ tiêu chính so với kế hoạch", "Headline figures against targets"),
    "pack_metric": ("Chỉ số", "Figure"),
    "pack_value": ("Kết quả", "Result"),
    "pack_status": ("Đánh giá", "Status"),
    "pack_last_year": ("Cùng kỳ năm trước", "Same period last year"),
    "pack_units": ("Đơn vị cần biểu dương và cần chấn chỉnh", "Units to praise and to press"),
    "pack_praise": ("Biểu dương", "To praise"),
    "pack_press": ("Cần chấn chỉnh", "To press"),
    "pack_briefs": ("Hài lòng, đối thoại và mô hình", "Satisfaction, dialogue and models"),
    "pack_download": ("Tài liệu giao ban và bản in", "Briefing pack and print view"),
    "pack_prepare": ("Lập bộ tài liệu (PowerPoint và Excel)", "Build the pack (PowerPoint and Excel)"),
    "pack_deck": ("Bài trình chiếu (.pptx)", "Slides (.pptx)"),
    "pack_workbook": ("Bảng số liệu (.xlsx)", "Workbook (.xlsx)"),
    "pack_sheet_headline": ("Chỉ tiêu chính", "Headline"),
    "pack_sheet_trend": ("Xu hướng đúng hạn", "On-time trend"),
    "pack_sheet_by_field": ("Theo lĩnh vực", "By field"),
    "pack_sheet_league": ("Xếp hạng đơn vị", "Unit ranking"),
    "pack_sheet_praise": ("Biểu dương", "Praise"),
    "pack_sheet_press": ("Cần chấn chỉnh", "Press"),
    "pack_sheet_late_dossiers": ("Hồ sơ trễ hạn", "Late dossiers"),
    "pack_sheet_briefs": ("Tóm tắt", "Briefs"),
    "pack_sheet_sat_trend": ("Xu hướng hài lòng", "Satisfaction trend"),
    "pack_sheet_sat_elements": ("Yếu tố SIPAS", "SIPAS elements"),
    "pack_sheet_rollout_stages": ("Mô hình theo giai đoạn", "Rollouts by stage"),
    "pack_sheet_open_petitions": ("Kiến nghị quá hạn", "Overdue petitions"),
    "pack_satisfaction": ("Mức độ hài lòng của người dân", "Citizen satisfaction"),
    "pack_sat_rate": ("Tỷ lệ hài lòng", "Satisfaction rate"),
    "pack_rollout": ("Triển khai mô hình theo giai đoạn", "Reform-model rollouts by stage"),
    "pack_rollouts": ("Số lượt triển khai", "Rollouts"),
    "pack_petitions": ("Kiến nghị đối thoại quá hạn chưa giải quyết",
                       "Dialogue petitions open past their deadline"),
    "pack_no_open_petitions": ("Không có kiến nghị quá hạn.", "No petition is overdue."),
    "pack_topic": ("Lĩnh vực kiến nghị", "Topic"),
    "pack_agency": ("Cơ quan được giao", "Agency assigned"),
    "select_unit": ("Chọn đơn vị", "Choose a unit"),
    "print_hint": ("Bản in của trang này: Ctrl+P (thanh bên và nút bấm được ẩn khi in).",
                   "Print this page with Ctrl+P (the sidebar and buttons are left out)."),
}


def _merge_subject_labels() -> None:
    """Each subject keeps its labels in dashboard/labels/<subject>.py; one key, one place."""
    from importlib import import_module

    for subject in ("satisfaction", "rollout", "dialogue", "maps", "imports"):
        extra = import_module(f"dashboard.labels.{subject}").LABELS
        clash = set(extra) & set(LABELS)
        if clash:
            raise KeyError(f"label keys defined twice: {sorted(clash)}")
        LABELS.update(extra)


_merge_subject_labels()


def t(key: str, lang: str = "vi", **kw) -> str:
    pair = LABELS.get(key)
    text = key if pair is None else pair[0 if lang == "vi" else 1]
    return text.format(**kw) if kw else text


def fmt_number(x: float | int | None, lang: str = "vi", digits: int = 0) -> str:
    if x is None or x != x:  # None or NaN
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(x, format=pattern, locale=LOCALES[lang])


def fmt_pct(x: float | None, lang: str = "vi", digits: int = 1) -> str:
    """A percentage given in points (81.25 -> '81,3%')."""
    if x is None or x != x:
        return "–"
    return fmt_number(x, lang, digits) + "%"


def fmt_change(x: float | None, lang: str = "vi", digits: int = 1, unit: str = "") -> str:
    if x is None or x != x:
        return "–"
    sign = "+" if x > 0 else ("−" if x < 0 else "±")
    return f"{sign}{fmt_number(abs(x), lang, digits)}{unit}"


def fmt_date(d: date | None, lang: str = "vi") -> str:
    if d is None:
        return "–"
    return _babel_date(d, format="dd/MM/yyyy", locale=LOCALES[lang])


def period_label(period, lang: str = "vi") -> str:  # noqa: ANN001 - dashboard.periods.Period
    """'Quý 1/2024', 'Tháng 03/2024', 'Năm 2024', or a date range."""
    y = period.end.year
    official = period.regime == "official"
    if period.kind == "year":
        s = f"Năm {y}" if lang == "vi" else f"Year {y}"
    elif period.kind == "quarter":
        q = (period.end.month - 1) // 3 + 1
        s = f"Quý {q}/{y}" if lang == "vi" else f"Q{q} {y}"
    elif period.kind == "month":
        s = (f"Tháng {period.end.month:02d}/{y}" if lang == "vi"
             else _babel_date(period.end, format="MMMM yyyy", locale=LOCALES[lang]))
    else:
        return f"{fmt_date(period.start, lang)} – {fmt_date(period.end, lang)}"
    if official:
        s += f" ({fmt_date(period.start, lang)} – {fmt_date(period.end, lang)})"
    return s


def month_label(d: date, lang: str = "vi") -> str:
    return f"{d.month:02d}/{d.year}" if lang == "vi" else _babel_date(d, "MMM yyyy",
                                                                       locale=LOCALES[lang])
