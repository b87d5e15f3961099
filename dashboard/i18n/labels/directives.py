"""Labels of the directive register (kết luận chỉ đạo): page, form, overview, pack, problems."""

LABELS: dict[str, tuple[str, str]] = {
    "page_directives": ("Chỉ đạo", "Directives"),
    "directives_title": ("Kết luận chỉ đạo", "Directives"),
    # indicators a directive may concern (queries.directives.INDICATORS)
    "dir_ind_on_time_rate": ("Tỷ lệ hồ sơ đúng hạn", "On-time rate"),
    "dir_ind_online_share": ("Tỷ lệ nộp trực tuyến", "Online share"),
    "dir_ind_apology_share": ("Tỷ lệ hồ sơ trễ có phiếu xin lỗi", "Apology letters"),
    "dir_ind_avg_processing_days": ("Số ngày giải quyết trung bình", "Avg. processing days"),
    "dir_ind_pending_overdue": ("Hồ sơ tồn quá hạn", "Pending overdue dossiers"),
    "dir_ind_satisfaction_rate": ("Tỷ lệ hài lòng", "Satisfaction rate"),
    "dir_ind_dissatisfied_share": ("Tỷ lệ không hài lòng", "Dissatisfied share"),
    "dir_ind_dialogue_sessions": ("Số buổi đối thoại", "Dialogue sessions"),
    "dir_ind_petitions_resolved_share": ("Tỷ lệ kiến nghị đã giải quyết", "Petitions resolved"),
    "dir_ind_petitions_backlog_overdue": ("Kiến nghị tồn quá hạn", "Overdue open petitions"),
    "dir_ind_i766_total": ("Chỉ số 766: tổng điểm (ước tính)", "Index 766: total (estimate)"),
    "dir_ind_i766_lost": ("Chỉ số 766: điểm bị mất", "Index 766: points lost"),
    "dir_ind_none": ("(không gắn chỉ tiêu)", "(no indicator)"),
    # statuses
    "dir_status_open": ("Đang thực hiện", "In progress"),
    "dir_status_overdue": ("Quá hạn", "Overdue"),
    "dir_status_done": ("Hoàn thành", "Done"),
    "dir_status_cancelled": ("Hủy", "Cancelled"),
    "dir_verdict_met": ("Đạt mục tiêu", "Target met"),
    "dir_verdict_better": ("Cải thiện", "Better"),
    "dir_verdict_worse": ("Xấu đi", "Worse"),
    "dir_verdict_same": ("Không đổi", "Unchanged"),
    # fields (form, table, problems)
    "dir_f_text": ("Nội dung chỉ đạo", "Directive"),
    "dir_f_unit": ("Đơn vị thực hiện", "Unit responsible"),
    "dir_f_department": ("Cơ quan, bộ phận chủ trì", "Department"),
    "dir_f_indicator": ("Chỉ tiêu theo dõi", "Indicator"),
    "dir_f_field": ("Lĩnh vực", "Field"),
    "dir_f_period": ("Kỳ lấy số liệu ban đầu", "Baseline period"),
    "dir_f_baseline": ("Khi giao", "When given"),
    "dir_f_current": ("Hiện nay", "Now"),
    "dir_f_current_period": ("Kỳ số liệu hiện nay", "Period of the current value"),
    "dir_f_arrow": ("Chiều thay đổi", "Direction"),
    "dir_f_target": ("Mục tiêu", "Target"),
    "dir_f_due": ("Hạn hoàn thành", "Due"),
    "dir_f_meeting": ("Cuộc họp", "Meeting"),
    "dir_f_meeting_date": ("Ngày giao", "Given on"),
    "dir_f_status": ("Tình trạng", "Status"),
    "dir_f_note": ("Ghi chú tiến độ", "Progress note"),
    "dir_f_noted_on": ("Ngày ghi", "Noted on"),
    "dir_f_change": ("Thay đổi", "Change"),
    "dir_f_last_note": ("Tiến độ gần nhất", "Latest progress"),
    "dir_f_id": ("Số", "No."),
    # problems (validated like imports: dashboard.importers.core.Problem)
    "imp_p_dir_required": ("Cần nhập.", "Required."),
    "imp_p_dir_too_long": ("Dài quá {n} ký tự.", "Longer than {n} characters."),
    "imp_p_dir_bad_date": ("Ngày không hợp lệ (YYYY-MM-DD).", "Not a date (YYYY-MM-DD)."),
    "imp_p_dir_bad_number": ("Không phải là số.", "Not a number."),
    "imp_p_dir_future": ("Ngày ở tương lai.", "A day in the future."),
    "imp_p_dir_due_before_meeting": (
        "Hạn trước ngày giao ({day}).",
        "Due before the day it was given ({day}).",
    ),
    "imp_p_dir_note_before_meeting": (
        "Ngày ghi trước ngày giao ({day}).",
        "Noted before the day it was given ({day}).",
    ),
    "imp_p_dir_bad_indicator": ("Chỉ tiêu không có; chọn: {valid}.", "Unknown; one of: {valid}."),
    "imp_p_dir_target_without_indicator": (
        "Mục tiêu cần gắn với một chỉ tiêu.",
        "A target needs an indicator.",
    ),
    "imp_p_dir_target_range_pct": ("Tỷ lệ từ 0 đến 100.", "A rate is 0 to 100."),
    "imp_p_dir_target_range_count": ("Số không âm.", "Not negative."),
    "imp_p_dir_target_range_days": ("Số ngày không âm.", "Not negative."),
    "imp_p_dir_bad_period": (
        "Kỳ không hợp lệ (2025, 2025-Q3, 2025-09).",
        "Not a period (2025, 2025-Q3, 2025-09).",
    ),
    "imp_p_dir_period_after_meeting": (
        "Kỳ bắt đầu sau ngày giao ({day}).",
        "The period starts after the day it was given ({day}).",
    ),
    "imp_p_dir_unknown_unit": ("Mã đơn vị không có.", "Unknown unit code."),
    "imp_p_dir_ended_unit": (
        "Đơn vị đã giải thể, sáp nhập; giao cho đơn vị hiện nay.",
        "The unit has ended; address today's unit.",
    ),
    "imp_p_dir_unknown_department": (
        "Không có cơ quan này ở đơn vị hoặc tỉnh của đơn vị.",
        "No such department in the unit or its province.",
    ),
    "imp_p_dir_unknown_field": ("Mã lĩnh vực không có.", "Unknown field code."),
    "imp_p_dir_field_not_on_time": (
        "Lĩnh vực chỉ áp dụng cho chỉ tiêu hồ sơ.",
        "A field applies to dossier indicators only.",
    ),
    "imp_p_dir_bad_status": ("Tình trạng: {valid}.", "Status: {valid}."),
    "imp_p_dir_cancelled_final": (
        "Chỉ đạo đã hủy không mở lại được; ghi chỉ đạo mới.",
        "A cancelled directive stays cancelled; record a new one.",
    ),
    "imp_p_dir_cancel_needs_note": ("Hủy cần ghi lý do.", "Cancelling needs a note saying why."),
    "imp_p_dir_nothing_to_update": ("Không có gì thay đổi.", "Nothing to change."),
    # the page and the forms
    "dir_page_caption": (
        "Tính đến hôm nay {today}: chỉ đạo đang thực hiện và đã đóng trong {days} ngày qua; "
        "quá hạn lên đầu. «Khi giao» là số liệu kỳ được chọn lúc giao, «Hiện nay» là kỳ cùng "
        "loại đến hôm nay.",
        "As of today {today}: open directives and those closed in the last {days} days, "
        "overdue first. “When given” is the figure of the period chosen when it was given, "
        "“Now” the period of the same kind up to today.",
    ),
    "dir_none": (
        "Chưa có kết luận chỉ đạo nào cho đơn vị này.",
        "No directive for this unit yet.",
    ),
    "dir_table_hint": (
        "Chọn một dòng để xem tiến độ và cập nhật; «Xem» mở đúng trang số liệu.",
        "Pick a row to see and record progress; “Open” shows the figures it is about.",
    ),
    "dir_f_view": ("Số liệu", "Figures"),
    "dir_open_view": ("Xem", "Open"),
    "dir_unknown": ("Không có chỉ đạo số {id}.", "There is no directive {id}."),
    "dir_detail_title": ("Chỉ đạo số {id}", "Directive {id}"),
    "dir_detail_line": (
        "{status} · {unit} · hạn {due} · {meeting} ngày {given}",
        "{status} · {unit} · due {due} · {meeting} on {given}",
    ),
    "dir_detail_figure": (
        "{indicator}: khi giao {baseline} ({baseline_period}), hiện nay {current} "
        "({current_period}), mục tiêu {target} — {arrow} {verdict}",
        "{indicator}: when given {baseline} ({baseline_period}), now {current} "
        "({current_period}), target {target} — {arrow} {verdict}",
    ),
    "dir_no_notes": ("Chưa có ghi chú tiến độ.", "No progress note yet."),
    "dir_noted_by": ("Người ghi", "By"),
    "dir_record_title": ("Ghi kết luận chỉ đạo", "Record a directive"),
    "dir_record_hint": (
        "Số liệu khi giao được lấy tự động: chỉ tiêu đã chọn của đơn vị trong kỳ {period} "
        "(kỳ đang xem).",
        "The figure when given is taken automatically: the chosen indicator of the unit over "
        "{period} (the period on screen).",
    ),
    "dir_meeting_placeholder": ("Giao ban quý 3/2025", "Quarterly review Q3 2025"),
    "dir_save": ("Ghi chỉ đạo", "Record the directive"),
    "dir_saved": ("Đã ghi chỉ đạo số {id}.", "Directive {id} recorded."),
    "dir_open_page": ("Mở trang Chỉ đạo", "Open the Directives page"),
    "dir_not_saved": ("Chưa ghi được, cần sửa:", "Not recorded; please correct:"),
    "dir_write_failed": (
        "Không ghi được vào cơ sở dữ liệu. Quản trị viên cần đặt OVERSIGHT_IMPORT_DATABASE_URL "
        "(vai trò được ghi) và chạy «oversight db-roles».",
        "The database did not take the write. An administrator needs to set "
        "OVERSIGHT_IMPORT_DATABASE_URL (the writing role) and run `oversight db-roles`.",
    ),
    "dir_save_progress": ("Ghi tiến độ", "Record progress"),
    "dir_progress_saved": ("Đã ghi ({n} thay đổi).", "Recorded ({n} changes)."),
    "dir_cancelled_final_note": (
        "Chỉ đạo đã hủy; ghi chỉ đạo mới nếu cần.",
        "This directive is cancelled; record a new one if needed.",
    ),
    "dir_overview_line": (
        "{overdue} kết luận chỉ đạo quá hạn, {open} đang thực hiện",
        "{overdue} directives overdue, {open} in progress",
    ),
    # the pack
    "pack_directives": (
        "Kết quả thực hiện kết luận kỳ trước",
        "Follow-up of the previous meeting's directives",
    ),
    "pack_directives_meeting": ("{meeting}, ngày {day}", "{meeting}, {day}"),
    "pack_sheet_directives": ("Kết luận kỳ trước", "Previous directives"),
    "pack_directives_none": (
        "Chưa có kết luận chỉ đạo nào được ghi trước ngày lập báo cáo.",
        "No directive was recorded before the day this pack was made.",
    ),
}
