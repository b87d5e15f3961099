"""Labels of the page frame, sign-in and roles: key -> (Vietnamese, English)."""

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
    "ended_unit_as_it_was": (
        "Đơn vị {code} không còn tồn tại: số liệu được hiển thị theo đơn vị như tại thời điểm "
        "ghi nhận.",
        "Unit {code} no longer exists: its figures are shown with the units as they were.",
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
    "login_no_role": (
        "Tài khoản {email} chưa được phân quyền. Vui lòng liên hệ quản trị viên.",
        "{email} has no role yet. Please ask the administrator.",
    ),
    "logout": ("Đăng xuất", "Sign out"),
    "signed_in_as": ("Đăng nhập: {name} ({role})", "Signed in: {name} ({role})"),
    "scope_denied": (
        "Bạn không có quyền xem đơn vị này; đang hiển thị đơn vị của bạn.",
        "You may not see this unit; showing your own.",
    ),
    "role_admin": ("Quản trị", "Administrator"),
    "role_province_leader": ("Lãnh đạo tỉnh", "Province leader"),
    "role_commune_leader": ("Lãnh đạo xã", "Commune leader"),
    "role_ban_dan_van": ("Ban Dân vận", "Mass-mobilisation committee"),
    "role_data_officer": ("Cán bộ nhập liệu", "Data officer"),
    "role_viewer": ("Người xem", "Viewer"),
}
