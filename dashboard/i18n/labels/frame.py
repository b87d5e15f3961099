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
    "replica_caught_up": (
        "Bản sao đọc đã cập nhật lúc {time} ngày {date}",
        "Read replica caught up at {time} on {date}",
    ),
    "replica_never": (
        "Bản sao đọc chưa cập nhật lần nào kể từ khi khởi động",
        "The read replica has not caught up since it started",
    ),
    "replica_lag_warning": (
        "Bản sao đọc đang chậm {seconds} giây so với cơ sở dữ liệu chính: số liệu có thể chưa "
        "gồm lần nhập dữ liệu mới nhất.",
        "The read replica is {seconds} s behind the primary database: the figures may not yet "
        "include the latest import.",
    ),
    "no_data_yet": ("Chưa có dữ liệu", "No data yet"),
    "db_down_title": ("Không kết nối được cơ sở dữ liệu", "The database cannot be reached"),
    "db_down_body": (
        "Bảng điều khiển chưa đọc được dữ liệu. Vui lòng báo bộ phận kỹ thuật kiểm tra máy chủ "
        "cơ sở dữ liệu, rồi tải lại trang.",
        "The dashboard cannot read its data. Please ask technical staff to check the database "
        "server, then reload the page.",
    ),
    "db_config_title": ("Cấu hình cơ sở dữ liệu chưa đúng", "The database is not set up right"),
    "db_config_body": (
        "Địa chỉ cơ sở dữ liệu trong cấu hình của bảng điều khiển không dùng được. Vui lòng báo "
        "bộ phận kỹ thuật kiểm tra thiết lập DATABASE_URL (chi tiết có trong nhật ký máy chủ).",
        "The dashboard's database address cannot be used. Please ask technical staff to check "
        "the DATABASE_URL setting (the server log has the detail).",
    ),
    "db_not_ready_title": ("Cơ sở dữ liệu chưa sẵn sàng", "The database is not ready"),
    "db_not_ready_body": (
        "Cơ sở dữ liệu chưa được khởi tạo hoặc cần cập nhật cấu trúc. Vui lòng báo bộ phận kỹ "
        "thuật chạy lệnh «oversight init-db», rồi tải lại trang.",
        "The database has not been set up or needs its structure updated. Please ask technical "
        "staff to run `oversight init-db`, then reload the page.",
    ),
    "db_folder_title": (
        "Không tìm thấy thư mục của cơ sở dữ liệu",
        "The database's folder does not exist",
    ),
    "db_folder_body": (
        "Thư mục chứa tệp cơ sở dữ liệu (SQLite) chưa có. Vui lòng báo bộ phận kỹ thuật tạo "
        "thư mục hoặc sửa thiết lập DATABASE_URL (chi tiết có trong nhật ký máy chủ).",
        "The folder of the database file (SQLite) does not exist. Please ask technical staff "
        "to create it or correct DATABASE_URL (the server log has the detail).",
    ),
    "reload": ("Tải lại trang", "Reload the page"),
    "unknown_unit": (
        "Không tìm thấy đơn vị có mã {code}; đang hiển thị phạm vi mặc định.",
        "No unit has the code {code}; showing the default scope.",
    ),
    "unknown_field": (
        "Không có lĩnh vực mã {code}; đang hiển thị mọi lĩnh vực.",
        "There is no field {code}; showing every field.",
    ),
    "bad_period": (
        "Kỳ báo cáo không hợp lệ ({detail}); đang hiển thị kỳ mặc định.",
        "Invalid period ({detail}); showing the default period.",
    ),
    "period_running": (
        "Kỳ chưa kết thúc: số liệu tính đến ngày {date}, chưa so sánh đầy đủ được với kỳ trước.",
        "The period has not ended: figures run to {date} and do not yet compare fully with "
        "the previous period.",
    ),
    "counterpart_as_was": (
        "{unit} như tại thời điểm ghi nhận: đang xem {other} (đơn vị cũ của {unit}).",
        "{unit} as it was: showing {other} (the former unit of {unit}).",
    ),
    "counterpart_also": (
        "Các đơn vị cũ khác: {names} (chọn trong danh sách bên trái).",
        "Its other former units: {names} (choose them on the left).",
    ),
    "counterpart_today": (
        "{unit} nay thuộc {other}: đang xem {other} theo đơn vị hiện nay.",
        "{unit} is now part of {other}: showing {other} as units are today.",
    ),
    "ended_unit_as_it_was": (
        "Đơn vị {code} không còn tồn tại: số liệu được hiển thị theo đơn vị như tại thời điểm "
        "ghi nhận.",
        "Unit {code} no longer exists: its figures are shown with the units as they were.",
    ),
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
    "login_wait": (
        "Đã nhập sai nhiều lần. Vui lòng chờ {n} giây rồi thử lại.",
        "Too many wrong attempts. Please wait {n} seconds and try again.",
    ),
    "login_locked": (
        "Đăng nhập tạm khóa do nhập sai quá nhiều lần. Vui lòng thử lại sau {n} phút hoặc "
        "liên hệ quản trị viên.",
        "Sign-in is locked after too many wrong attempts. Please try again in {n} minutes or "
        "ask the administrator.",
    ),
    "login_expired_form": (
        "Trang đăng nhập đã cũ. Vui lòng nhập lại.",
        "The sign-in page had expired. Please try again.",
    ),
    "login_signed_out": ("Bạn đã đăng xuất.", "You have signed out."),
    "login_to_continue": (
        "Vui lòng đăng nhập để mở trang đã chọn.",
        "Please sign in to open the page you chose.",
    ),
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
    "session_ended": (
        "Phiên đăng nhập đã kết thúc. Đang chuyển tới trang đăng nhập…",
        "Your session has ended. Taking you to the sign-in page…",
    ),
    "session_sign_in_again": ("Đăng nhập lại", "Sign in again"),
    "session_no_server": (
        "Trang đăng nhập do máy chủ của bảng điều khiển cung cấp. Hãy khởi động bằng lệnh "
        "«oversight serve» (hoặc «streamlit run dashboard/web/server.py»).",
        "The sign-in page is served by the dashboard server. Start it with `oversight serve` "
        "(or `streamlit run dashboard/web/server.py`).",
    ),
    "user_unit_unknown": (
        "Đơn vị của tài khoản này (mã {code}) không có trong cơ sở dữ liệu. Vui lòng liên hệ "
        "quản trị viên để sửa tài khoản.",
        "This account's unit (code {code}) is not in the database. Please ask the administrator "
        "to correct the account.",
    ),
    "logout": ("Đăng xuất", "Sign out"),
    "signed_in_as": ("Đăng nhập: {name} ({role})", "Signed in: {name} ({role})"),
    "url_value_unknown": (
        "Liên kết có “{name}={value}” mà trang này không có; đang hiển thị mặc định.",
        "The link has “{name}={value}”, which this page does not have; showing the default.",
    ),
    "unknown_lang": (
        "Ngôn ngữ «{value}» không có; đang dùng tiếng Việt.",
        "There is no language “{value}”; showing Vietnamese.",
    ),
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
    "role_secretary": ("Thư ký lãnh đạo", "Leaders' secretary"),
}
