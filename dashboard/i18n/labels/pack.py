"""Labels of the briefing pack: key -> (Vietnamese, English)."""

LABELS: dict[str, tuple[str, str]] = {
    # briefing pack
    "pack_title": (
        "Báo cáo giao ban công tác cải cách hành chính",
        "Administrative reform: quarterly review",
    ),
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
    "pack_prepare": (
        "Lập bộ tài liệu (PowerPoint và Excel)",
        "Build the pack (PowerPoint and Excel)",
    ),
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
    "pack_sheet_effect": ("Hiệu quả mô hình", "Model effect"),
    "pack_sheet_event_study": ("Diễn biến quanh ra mắt", "Event study"),
    "pack_sheet_pooled": ("Hiệu quả chung theo mô hình", "Pooled effect by model"),
    "pack_effect": ("Mô hình có hiệu quả không?", "Did the model work?"),
    "pack_no_effect": (
        "Chưa có mô hình nào ra mắt trong phạm vi này.",
        "No model has been launched in this scope yet.",
    ),
    "pack_effect_head": (
        "{unit}, ra mắt {date}; so với {n} xã cùng tỉnh (như lúc ra mắt)",
        "{unit}, launched {date}; against {n} communes of the province as it was",
    ),
    "pack_warnings": ("Lưu ý:", "Note:"),
    "pack_few_note": (
        "Điểm tô nhạt: tháng có dưới {n} {unit}, chưa đủ tin cậy.",
        "Pale points: months with fewer than {n} {unit}, not conclusive.",
    ),
    "pack_warn_regression_to_mean": (
        "trước ra mắt xã ở mức bất thường, thay đổi có thể chỉ là quay về mức thường ngày",
        "before launch the commune was unusually far from its own level: part of the change "
        "may be a return to it",
    ),
    "pack_warn_cut_by_merger": (
        "khoảng so sánh cắt ngang mốc sắp xếp ĐVHC 01/7/2025",
        "a window is cut by the 1 July 2025 merger",
    ),
    "pack_warn_survey_mix": ("cơ cấu kênh đánh giá thay đổi", "the mix of rating channels changed"),
    "pack_warn_other_model_at_pilot": (
        "xã còn ra mắt mô hình khác trong cùng khoảng",
        "another model was launched at the commune in the same windows",
    ),
    "pack_warn_incomplete": ("giai đoạn sau ra mắt chưa kết thúc", "the after window is not over"),
    "pack_warn_no_comparison": ("không có xã so sánh", "no comparison commune"),
    "pack_pooled_head": ("Hiệu quả chung của từng mô hình", "Each model's pooled effect"),
    "pack_metric_short_on_time_rate": ("đúng hạn", "on time"),
    "pack_metric_short_satisfaction_rate": ("hài lòng", "satisfaction"),
    "pack_band_low": ("Cận dưới 95%", "95% lower"),
    "pack_band_high": ("Cận trên 95%", "95% upper"),
    "pack_event_note": (
        "Chênh lệch tỷ lệ đúng hạn của xã so với nhóm so sánh (điểm %), theo tháng; ▲ tháng ra "
        "mắt ({date}), ● sắp xếp ĐVHC 01/7/2025; điểm tô nhạt: tháng có ít hồ sơ.",
        "The commune's on-time rate minus the comparison group's (points), by month; ▲ launch "
        "month ({date}), ● 1 July 2025 merger; pale points: months with few dossiers.",
    ),
    "pack_rollout": ("Triển khai mô hình theo giai đoạn", "Reform-model rollouts by stage"),
    "pack_rollouts": ("Số lượt triển khai", "Rollouts"),
    "pack_petitions": (
        "Kiến nghị đối thoại quá hạn chưa giải quyết",
        "Dialogue petitions open past their deadline",
    ),
    "pack_no_open_petitions": ("Không có kiến nghị quá hạn.", "No petition is overdue."),
    "pack_topic": ("Lĩnh vực kiến nghị", "Topic"),
    "pack_agency": ("Cơ quan được giao", "Agency assigned"),
    "select_unit": ("Chọn đơn vị", "Choose a unit"),
    "print_hint": (
        "Bản in của trang này: Ctrl+P (thanh bên và nút bấm được ẩn khi in).",
        "Print this page with Ctrl+P (the sidebar and buttons are left out).",
    ),
}
