"""Labels of the dialogue page and its exports: key -> (Vietnamese, English)."""

LABELS: dict[str, tuple[str, str]] = {
    "page_dialogue": ("Đối thoại", "Dialogue"),
    "dialogue_title": ("Đối thoại với Nhân dân", "Dialogue with citizens"),
    # headline cards
    "dlg_sessions": ("Buổi đối thoại", "Sessions held"),
    "dlg_petitions": ("Kiến nghị", "Petitions raised"),
    "dlg_resolved_share": ("Tỷ lệ đã giải quyết", "Share resolved"),
    # The backlog: open past the deadline at the period's end, raised in any period (not the
    # overview's "of the period's petitions", which dlg_of_which_raised gives beside it).
    "dlg_backlog_overdue": ("Kiến nghị tồn quá hạn", "Overdue petitions (backlog)"),
    "dlg_median_days": ("Thời gian giải quyết", "Time to resolve"),
    "dlg_median_days_col": ("Số ngày giải quyết (trung vị)", "Median days to resolve"),
    "dlg_help_sessions": (
        "Số buổi đối thoại tổ chức trong kỳ, mọi hình thức.",
        "Sessions held in the period, every format.",
    ),
    "dlg_help_petitions": (
        "Kiến nghị nêu tại các buổi đối thoại trong kỳ.",
        "Petitions raised at the period's sessions.",
    ),
    "dlg_help_resolved_share": (
        "(Trả lời tại chỗ + đã giải quyết đến cuối kỳ) / kiến nghị nêu trong kỳ.",
        "(Answered on the spot + resolved by the period's end) / petitions raised in it.",
    ),
    "dlg_help_backlog_overdue": (
        "Kiến nghị đã giao nhưng chưa giải quyết, quá hạn tại ngày cuối kỳ — gồm cả kiến nghị "
        "từ các kỳ trước.",
        "Assigned petitions not resolved and past their deadline at the period's end — "
        "including those raised in earlier periods.",
    ),
    "dlg_help_median_days": (
        "Trung vị số ngày từ buổi đối thoại đến khi giải quyết, với kiến nghị được giao và giải "
        "quyết trong kỳ (tính theo ngày giải quyết).",
        "Median days from the session to the resolution, for assigned petitions resolved in "
        "the period (by resolution date).",
    ),
    "dlg_of_which_raised": ("trong đó {n} nêu trong kỳ này", "{n} raised in this period"),
    "dlg_on_spot_line": ("{n} trả lời tại chỗ", "{n} answered on the spot"),
    "dlg_based_on_resolved": (
        "trung vị của {n} kiến nghị đã giải quyết",
        "median of {n} resolved petitions",
    ),
    "dlg_conferences_line": ("{n} hội nghị đối thoại", "{n} dialogue conferences"),
    "dlg_vs_previous": ("Kỳ trước: {value}", "Previous period: {value}"),
    "dlg_empty": (
        "Không có buổi đối thoại nào trong kỳ này cho phạm vi đã chọn. Các kiến nghị quá hạn "
        "từ những kỳ trước (nếu có) vẫn được liệt kê bên dưới.",
        "No dialogue sessions in this period for the chosen scope. Petitions still overdue from "
        "earlier periods, if any, are listed below.",
    ),
    # the yearly requirement
    "dlg_compliance_title": ("Hội nghị đối thoại năm {year}", "Dialogue conferences in {year}"),
    "dlg_compliance_rule": (
        "Luật Thực hiện dân chủ ở cơ sở (10/2022/QH15), Điều 32: mỗi xã, phường tổ chức ít nhất "
        "một hội nghị đối thoại với Nhân dân mỗi năm. Ly trà đối thoại, Ngày thứ Bảy vì dân và "
        "các buổi tiếp xúc khác được tính vào số buổi nhưng không thay hội nghị.",
        "Law on Grassroots Democracy (10/2022/QH15), Art. 32: every commune holds at least one "
        "dialogue conference with residents a year. Tea dialogues, Saturdays for the people and "
        "other meetings count as sessions but do not replace the conference.",
    ),
    "dlg_compliance_summary": (
        "{met}/{total} xã, phường đã tổ chức hội nghị đối thoại (tính đến {date}).",
        "{met} of {total} communes have held a dialogue conference (as of {date}).",
    ),
    "dlg_compliance_running": (
        "Năm chưa kết thúc: đơn vị chưa tổ chức được đánh giá “Cần theo dõi”.",
        "The year is not over: communes that have not yet held one are marked “Watch”.",
    ),
    "dlg_without_conference": ("Chưa tổ chức hội nghị đối thoại", "No dialogue conference yet"),
    "dlg_all_met": (
        "Tất cả xã, phường đã tổ chức hội nghị đối thoại.",
        "Every commune has held a dialogue conference.",
    ),
    "dlg_short_of_target": ("Chưa đủ số buổi theo chỉ tiêu", "Short of the sessions target"),
    "dlg_conferences": ("Hội nghị", "Conferences"),
    "dlg_sessions_col": ("Số buổi", "Sessions"),
    "dlg_required": ("Yêu cầu (buổi)", "Required (sessions)"),
    "dlg_status": ("Đánh giá", "Status"),
    "dlg_missed_by": ("Xã trước sắp xếp chưa đạt", "Former communes that missed"),
    "dlg_as_they_were": (
        "Năm {year} kết thúc trước 01/07/2025: nghĩa vụ thuộc các xã như khi đó. Một xã hiện nay "
        "chỉ đạt khi mọi xã hợp thành nó (còn tồn tại trong năm) đều đạt.",
        "{year} ended before 1 July 2025: the duty was the communes' as they were. A commune of "
        "today met it only if every commune it came from (that existed that year) did.",
    ),
    # topics and states
    "dlg_topic_state_title": (
        "Kiến nghị theo lĩnh vực và tình trạng cuối kỳ",
        "Petitions by topic and state at the period's end",
    ),
    "dlg_state_on_spot": ("Trả lời tại chỗ", "Answered on the spot"),
    "dlg_state_resolved": ("Đã giải quyết", "Resolved"),
    "dlg_state_open": ("Đang giải quyết", "In progress"),
    "dlg_state_overdue": ("Quá hạn", "Overdue"),
    "dlg_topic_land": ("Đất đai", "Land"),
    "dlg_topic_environment": ("Môi trường", "Environment"),
    "dlg_topic_social_policy": ("Chính sách xã hội", "Social policy"),
    "dlg_topic_infrastructure": ("Hạ tầng", "Infrastructure"),
    "dlg_topic_procedures": ("Thủ tục hành chính", "Administrative procedures"),
    "dlg_topic_security": ("An ninh trật tự", "Security and order"),
    "dlg_topic_other": ("Khác", "Other"),
    "dlg_format_conference": ("Hội nghị đối thoại", "Dialogue conference"),
    "dlg_format_periodic": ("Định kỳ", "Periodic"),
    "dlg_format_on_demand": ("Đột xuất", "On demand"),
    "dlg_format_tea": ("Ly trà đối thoại", "Tea dialogue"),
    "dlg_format_saturday": ("Ngày thứ Bảy vì dân", "Saturday for the people"),
    # trend
    "dlg_trend_title": (
        "Buổi đối thoại và kiến nghị theo tháng",
        "Sessions and petitions by month",
    ),
    "dlg_trend_title_quarter": (
        "Buổi đối thoại và kiến nghị theo quý",
        "Sessions and petitions by quarter",
    ),
    "dlg_other_sessions": ("Buổi khác", "Other sessions"),
    # recurring topics
    "dlg_recurring_title": ("Vấn đề nêu lặp lại", "Recurring topics"),
    "dlg_recurring_caption": (
        "Cùng lĩnh vực được nêu tại ít nhất 2 buổi đối thoại của cùng đơn vị trong 12 tháng "
        "đến {date}.",
        "The same topic raised in at least 2 sessions of the same unit in the 12 months to {date}.",
    ),
    "dlg_recurring_none": (
        "Không có vấn đề nào được nêu lặp lại trong 12 tháng qua.",
        "No topic recurred in the last 12 months.",
    ),
    "dlg_first_raised": ("Lần đầu", "First raised"),
    "dlg_last_raised": ("Gần nhất", "Last raised"),
    "dlg_open_total": ("Chưa giải quyết", "Not resolved"),
    # overdue list
    "dlg_overdue_title": (
        "Kiến nghị quá hạn chưa giải quyết (đến {date})",
        "Petitions overdue and unresolved (at {date})",
    ),
    "dlg_overdue_caption": (
        "Gồm cả kiến nghị từ các kỳ trước; quá hạn lâu nhất ở trên.",
        "Including petitions from earlier periods; longest overdue first.",
    ),
    "dlg_overdue_none": ("Không có kiến nghị quá hạn.", "No overdue petitions."),
    "dlg_agency": ("Cơ quan được giao", "Assigned to"),
    "dlg_deadline": ("Hạn giải quyết", "Deadline"),
    "dlg_days_overdue": ("Số ngày quá hạn", "Days overdue"),
    "dlg_held_on": ("Ngày đối thoại", "Held on"),
    "dlg_topic": ("Lĩnh vực", "Topic"),
    "dlg_summary": ("Nội dung kiến nghị", "Petition"),
    # league
    "dlg_league_title": (
        "Xếp hạng xã, phường theo tỷ lệ giải quyết kiến nghị",
        "Communes ranked by share of petitions resolved",
    ),
    "dlg_league_hint": (
        "Bấm vào một dòng để xem chi tiết xã, phường đó.",
        "Click a row to open that commune.",
    ),
    # sessions and their petitions
    "dlg_sessions_title": ("Các buổi đối thoại trong kỳ", "Sessions in the period"),
    "dlg_sessions_hint": (
        "Chọn một buổi để xem các kiến nghị và tình trạng giải quyết.",
        "Choose a session to see its petitions and what became of them.",
    ),
    "dlg_session_code": ("Mã buổi", "Session"),
    "dlg_format": ("Hình thức", "Format"),
    "dlg_chaired_by": ("Chủ trì", "Chaired by"),
    "dlg_participants": ("Số người dự", "Participants"),
    "dlg_session_title": (
        "Kiến nghị tại buổi {code} ngày {date}",
        "Petitions at session {code} on {date}",
    ),
    "dlg_session_header": (
        "{unit} · {format} · {chair} · {n} người dự",
        "{unit} · {format} · {chair} · {n} participants",
    ),
    "dlg_session_state_note": (
        "Tình trạng tại ngày {date} (cuối kỳ đang xem).",
        "State at {date} (the end of the period shown).",
    ),
    "dlg_close_session": ("‹ Danh sách buổi đối thoại", "‹ All sessions"),
    "dlg_session_gone": (
        "Buổi đối thoại {code} không thuộc kỳ và đơn vị đang xem.",
        "Session {code} is not in the period and unit shown.",
    ),
    "dlg_seq": ("STT", "No."),
    "dlg_resolved_on": ("Ngày giải quyết", "Resolved on"),
    "dlg_days_to_resolve": ("Số ngày giải quyết", "Days to resolve"),
    "dlg_days_late": ("Trễ hạn (ngày)", "Days late"),
    "dlg_no_petitions": (
        "Buổi này không ghi nhận kiến nghị.",
        "No petitions were recorded at this session.",
    ),
    "dlg_by_agency_title": ("Theo cơ quan được giao", "By assigned agency"),
    "dlg_assigned": ("Được giao", "Assigned"),
    "dlg_by_agency_caption": (
        "Kiến nghị nêu trong kỳ và giao cho từng cơ quan; tình trạng tại {date}.",
        "Petitions raised in the period and assigned to each agency; state at {date}.",
    ),
    "dlg_no_petitions_period": (
        "Không có kiến nghị nêu trong kỳ.",
        "No petitions were raised in the period.",
    ),
    "dlg_as_of": ("Tính đến {date}.", "As of {date}."),
    "dlg_vs_prev_short": ("so kỳ trước", "vs previous"),
}
