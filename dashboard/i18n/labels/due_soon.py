"""Labels of what is about to be late (on-time page, overview card, pack, command line)."""

LABELS: dict[str, tuple[str, str]] = {
    "due_within": ("Sắp đến hạn trong (ngày làm việc)", "Due within (working days)"),
    "due_within_help": (
        "Hồ sơ đang giải quyết và kiến nghị chưa xử lý có hạn trong số ngày làm việc tới "
        "(tính cả hôm nay; không tính thứ Bảy, Chủ nhật và ngày nghỉ lễ).",
        "Pending dossiers and open petitions due within this many working days (today "
        "included; weekends and public holidays not counted).",
    ),
    "due_soon_title": (
        "Sắp đến hạn trong {n} ngày làm việc",
        "Due within {n} working days",
    ),
    "due_soon_card": (
        "{count} hồ sơ sắp đến hạn trong {n} ngày làm việc",
        "{count} dossiers due within {n} working days",
    ),
    "due_soon_card_label": (
        "Hồ sơ sắp đến hạn trong {n} ngày làm việc",
        "Dossiers due within {n} working days",
    ),
    "due_soon_petitions_card_label": (
        "Kiến nghị sắp đến hạn trong {n} ngày làm việc",
        "Petitions due within {n} working days",
    ),
    "due_soon_until": ("Hạn đến hết ngày {until}.", "Due by the end of {until}."),
    "due_soon_open_on_time": ("Xem danh sách hồ sơ", "See the dossiers"),
    "due_soon_open_dialogue": ("Xem danh sách kiến nghị", "See the petitions"),
    "due_soon_metric": ("Sắp đến hạn", "Due soon"),
    "due_soon_petitions_card": (
        "{count} kiến nghị sắp đến hạn trong {n} ngày làm việc",
        "{count} petitions due within {n} working days",
    ),
    "due_soon_caption": (
        "Tính đến hôm nay {today}: hạn từ {today} đến {until} ({n} ngày làm việc; lịch nghỉ: "
        "{source}). Hồ sơ đã quá hạn nằm trong danh sách trễ hạn.",
        "As of today {today}: due from {today} to {until} ({n} working days; calendar: "
        "{source}). Overdue dossiers are in the late list.",
    ),
    "calendar_holiday_register": ("sổ ngày nghỉ lễ", "holiday register"),
    "due_today_help": ("{n} đến hạn hôm nay", "{n} due today"),
    "due_soon_none": (
        "Không có hồ sơ nào sắp đến hạn trong {n} ngày làm việc.",
        "No dossier is due within {n} working days.",
    ),
    "due_soon_by_unit": ("Theo đơn vị", "By unit"),
    "due_soon_by_department": ("Theo bộ phận đang xử lý", "By department"),
    "due_soon_list": ("Danh sách hồ sơ", "Dossiers"),
    "due_soon_list_cut": (
        "Hiển thị {shown} hồ sơ gấp nhất trong {total}; chọn một xã để xem hết.",
        "Showing the {shown} most urgent of {total}; choose a commune to see them all.",
    ),
    "due_soon_petitions_title": (
        "Kiến nghị sắp đến hạn trong {n} ngày làm việc",
        "Petitions due within {n} working days",
    ),
    "due_soon_petitions_none": (
        "Không có kiến nghị nào sắp đến hạn trong {n} ngày làm việc.",
        "No petition is due within {n} working days.",
    ),
    "working_days_left": ("Còn (ngày làm việc)", "Working days left"),
    "due_today": ("Đến hạn hôm nay", "Due today"),
    "due_next_day": ("Trong 1 ngày làm việc", "Within 1 working day"),
    "due_soon_count": ("Số hồ sơ", "Dossiers"),
    "dossier_status": ("Trạng thái", "Status"),
    "dossier_status_1": ("Mới đăng ký", "Newly registered"),
    "dossier_status_2": ("Đã tiếp nhận", "Received"),
    "dossier_status_3": ("Không được tiếp nhận", "Not accepted"),
    "dossier_status_4": ("Đang xử lý", "Processing"),
    "dossier_status_5": ("Chờ bổ sung", "Waiting for a supplement"),
    "dossier_status_6": ("Chờ thực hiện nghĩa vụ tài chính", "Waiting for payment"),
    "dossier_status_7": ("Công dân rút hồ sơ", "Withdrawn"),
    "dossier_status_8": ("Dừng xử lý", "Stopped"),
    "dossier_status_9": ("Đã giải quyết", "Resolved"),
    "dossier_status_10": ("Đã trả kết quả", "Result returned"),
    # the pack
    "pack_due_soon": ("Hồ sơ sắp đến hạn", "Dossiers about to be late"),
    "pack_due_soon_line": (
        "{count} hồ sơ sắp đến hạn trong {n} ngày làm việc (đến {until}), {today} đến hạn hôm "
        "nay; {petitions} kiến nghị sắp đến hạn.",
        "{count} dossiers due within {n} working days (by {until}), {today} due today; "
        "{petitions} petitions due soon.",
    ),
    "pack_sheet_due_soon": ("Hồ sơ sắp đến hạn", "Dossiers due soon"),
    "pack_sheet_due_soon_petitions": ("Kiến nghị sắp đến hạn", "Petitions due soon"),
}
