"""Labels of the maps page and its exports: key -> (Vietnamese, English)."""

LABELS: dict[str, tuple[str, str]] = {
    "page_map": ("Bản đồ", "Map"),
    "map_title": ("Bản đồ chỉ số cải cách hành chính", "Map of reform indicators"),
    # controls
    "map_indicator": ("Chỉ số", "Indicator"),
    "map_model": ("Làm nổi bật đơn vị thí điểm mô hình", "Highlight the pilots of a model"),
    "map_model_none": ("Không chọn mô hình", "No model"),
    "map_compare": ("So sánh hai kỳ", "Compare two periods"),
    "map_compare_with": ("So với", "Compare with"),
    "map_compare_previous": ("Kỳ trước", "Previous period"),
    "map_compare_last_year": ("Cùng kỳ năm trước", "Same period last year"),
    "map_hint": (
        "Mỗi vòng tròn là một xã, phường; vòng càng lớn, số liệu càng nhiều. Bấm vào một đơn vị "
        "để xem chi tiết; rê chuột để xem số liệu.",
        "Each circle is a commune; the larger the circle, the more records behind it. Click a "
        "unit to drill in; hover for its figures.",
    ),
    "map_view_current": (
        "Đơn vị hành chính hiện nay (sau 01/7/2025)",
        "Today's units (after 1 July 2025)",
    ),
    "map_view_historical": (
        "Đơn vị hành chính như tại thời điểm ghi nhận (trước 01/7/2025); đường nối chỉ tới đơn "
        "vị hiện nay mà đơn vị cũ đã nhập vào.",
        "Units as they were (before 1 July 2025); lines lead to today's unit each one went into.",
    ),
    # indicators
    "map_ind_on_time_rate": ("Tỷ lệ giải quyết đúng hạn", "On-time rate"),
    "map_ind_online_share": ("Tỷ lệ hồ sơ nộp trực tuyến", "Online share"),
    "map_ind_pending_overdue": ("Hồ sơ tồn quá hạn cuối kỳ", "Pending overdue at period end"),
    "map_ind_satisfaction_rate": ("Tỷ lệ hài lòng", "Satisfaction rate"),
    "map_ind_dialogue_sessions": ("Buổi đối thoại từ đầu năm", "Dialogue sessions this year"),
    "map_ind_rollouts": ("Mô hình đang triển khai trong năm", "Models running this year"),
    # the count behind a value, in tooltips and the table
    "map_n_on_time_rate": ("trên {n} hồ sơ đã giải quyết", "from {n} resolved dossiers"),
    "map_n_online_share": ("trên {n} hồ sơ tiếp nhận", "from {n} dossiers received"),
    "map_n_pending_overdue": ("trong {n} hồ sơ đang tồn", "of {n} pending dossiers"),
    "map_n_satisfaction_rate": ("trên {n} lượt đánh giá", "from {n} ratings"),
    "map_n_dialogue_sessions": ("{n} buổi", "{n} sessions"),
    "map_n_rollouts": ("{n} mô hình", "{n} models"),
    "map_size_on_time_rate": (
        "Kích thước vòng tròn: số hồ sơ đã giải quyết",
        "Circle size: resolved dossiers",
    ),
    "map_size_online_share": (
        "Kích thước vòng tròn: số hồ sơ tiếp nhận",
        "Circle size: dossiers received",
    ),
    "map_size_pending_overdue": (
        "Kích thước vòng tròn: số hồ sơ đang tồn",
        "Circle size: pending dossiers",
    ),
    "map_size_satisfaction_rate": (
        "Kích thước vòng tròn: số lượt đánh giá",
        "Circle size: ratings",
    ),
    "map_size_dialogue_sessions": (
        "Kích thước vòng tròn: số buổi đối thoại",
        "Circle size: sessions held",
    ),
    "map_size_rollouts": ("Kích thước vòng tròn: số mô hình", "Circle size: models"),
    # tooltip and legend
    "map_target": ("Chỉ tiêu {value}", "Target {value}"),
    "map_no_target": ("Chưa giao chỉ tiêu", "No target set"),
    "map_no_data": ("Không có số liệu trong kỳ", "No figures in the period"),
    "map_now_part_of": ("Nay thuộc {name}", "Now part of {name}"),
    "map_few_dossiers": ("Ít hồ sơ ({n}), chưa đủ tin cậy", "Few dossiers ({n}), not conclusive"),
    "map_few_responses": (
        "Ít lượt đánh giá ({n}), chưa đủ tin cậy",
        "Few ratings ({n}), not conclusive",
    ),
    "map_pilot": ("Thí điểm mô hình: {stage}", "Model pilot: {stage}"),
    "map_legend_good": ("Đạt chỉ tiêu", "Target met"),
    "map_legend_watch": ("Cần theo dõi (sát chỉ tiêu)", "Watch (close to target)"),
    "map_legend_bad": ("Không đạt chỉ tiêu", "Target missed"),
    "map_legend_none": ("Chưa giao chỉ tiêu", "No target set"),
    "map_legend_good_dialogue_sessions": (
        "Đã tổ chức đủ hội nghị đối thoại trong năm",
        "Held the year's dialogue conferences",
    ),
    "map_legend_watch_dialogue_sessions": (
        "Chưa tổ chức, năm chưa kết thúc",
        "Not yet held, the year is not over",
    ),
    "map_legend_bad_dialogue_sessions": (
        "Không tổ chức đủ hội nghị đối thoại",
        "Did not hold the dialogue conferences due",
    ),
    "map_legend_good_rollouts": ("Đủ số mô hình theo yêu cầu", "Runs the models required"),
    "map_legend_watch_rollouts": ("Gần đủ số mô hình theo yêu cầu", "Close to the models required"),
    "map_legend_bad_rollouts": ("Chưa đủ số mô hình theo yêu cầu", "Short of the models required"),
    "map_legend_no_data": ("Không có số liệu", "No figures"),
    "map_legend_few": ("Tô nhạt: ít số liệu, chưa đủ tin cậy", "Pale: few records, not conclusive"),
    "map_legend_pilot": ("Viền xanh: thí điểm {model}", "Blue ring: pilot of {model}"),
    "map_legend_selected": ("Viền đen: đơn vị đang xem", "Black ring: the unit in view"),
    "map_legend_lineage": (
        "Đường nối: đơn vị cũ → đơn vị hiện nay",
        "Line: old unit → today's unit",
    ),
    "map_legend_today": ("Vòng nhỏ viền đậm: đơn vị hiện nay", "Small dark ring: today's unit"),
    # stages of a pilot
    "map_stage_registered": ("đăng ký", "registered"),
    "map_stage_launched": ("ra mắt", "launched"),
    "map_stage_piloting": ("thí điểm", "piloting"),
    "map_stage_preliminary_review": ("sơ kết", "preliminary review"),
    "map_stage_final_review": ("tổng kết", "final review"),
    "map_stage_replicated": ("nhân rộng", "replicated"),
    "map_stage_stopped": ("đã dừng", "stopped"),
    # messages
    "map_empty": (
        "Chưa có đơn vị nào để vẽ trong phạm vi và kỳ này. Hãy chọn kỳ khác, hoặc chuyển giữa "
        "đơn vị hiện nay và đơn vị như tại thời điểm ghi nhận (đơn vị cũ chỉ có số liệu trước "
        "01/7/2025).",
        "No unit to draw for this scope and period. Choose another period, or switch between "
        "today's units and units as they were (old units only have figures before 1 July "
        "2025).",
    ),
    "map_no_figures": (
        "Không có số liệu của chỉ số này trong kỳ: các đơn vị được vẽ màu xám nhạt.",
        "No figures for this indicator in the period: units are drawn in light grey.",
    ),
    "map_missing_coords": (
        "{n} đơn vị chưa có tọa độ nên không hiện trên bản đồ: {names}",
        "{n} units have no coordinates and are not on the map: {names}",
    ),
    "map_boundaries_unreadable": (
        "Không đọc được tệp ranh giới {path}: bản đồ vẽ các đơn vị bằng vòng tròn.",
        "The boundary file {path} cannot be read: units are drawn as circles.",
    ),
    "map_table_title": ("Số liệu trên bản đồ", "The figures on the map"),
    "map_value": ("Giá trị", "Value"),
    "map_count_on_time_rate": ("Hồ sơ đã giải quyết", "Resolved dossiers"),
    "map_count_online_share": ("Hồ sơ tiếp nhận", "Dossiers received"),
    "map_count_pending_overdue": ("Hồ sơ đang tồn", "Pending dossiers"),
    "map_count_satisfaction_rate": ("Lượt đánh giá", "Ratings"),
    "map_count_dialogue_sessions": ("Buổi đối thoại", "Sessions"),
    "map_count_rollouts": ("Mô hình", "Models"),
    "map_status": ("Đánh giá", "Status"),
    "map_district": ("Huyện cũ", "Former district"),
    "map_now": ("Nay thuộc", "Now part of"),
    "map_note": ("Ghi chú", "Note"),
    "map_section_title": ("Bản đồ", "Map"),
    "map_open_page": ("Mở bản đồ đầy đủ", "Open the full map"),
    "map_alt": (
        "Bản đồ các xã, phường tô màu theo {indicator}",
        "Map of communes coloured by {indicator}",
    ),
}
