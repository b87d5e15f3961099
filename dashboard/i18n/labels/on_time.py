"""Labels of the on-time page and the overview's figures: key -> (Vietnamese, English)."""

LABELS: dict[str, tuple[str, str]] = {
    # metrics
    "on_time_rate": ("Tỷ lệ đúng hạn", "On-time rate"),
    "online_share": ("Tỷ lệ nộp trực tuyến", "Online share"),
    # Short enough for a card; the share is of the late dossiers (the card's help says so).
    "apology_share": ("Có phiếu xin lỗi", "Apology letters"),
    # Late = resolved late in the period + pending overdue at its end (queries.on_time).
    "apology_counts": ("{letters} phiếu / {late} hồ sơ trễ hạn", "{letters} letters / {late} late"),
    "avg_processing_days": ("Ngày giải quyết TB", "Avg. processing days"),
    "report_in_totals": (
        "Số liệu gồm {resolved} hồ sơ đã giải quyết theo báo cáo định kỳ (Biểu 06) của {units} "
        "đơn vị, kỳ báo cáo {start} – {end}: tính cả kỳ báo cáo, không chia theo tháng.",
        "Figures include {resolved} resolved dossiers from the periodic reports (Biểu 06) of "
        "{units} units, reporting period {start} – {end}: counted whole, not split by month.",
    ),
    "trend_reports_left_out": (
        "Biểu đồ theo tháng chỉ gồm hồ sơ chi tiết: không gồm {resolved} hồ sơ đã giải quyết của "
        "{units} đơn vị chỉ gửi báo cáo định kỳ (Biểu 06), vì số liệu đó thuộc kỳ báo cáo "
        "({start} – {end}), không thuộc một tháng.",
        "The monthly chart counts dossier rows only: it leaves out {resolved} resolved dossiers "
        "of {units} units that send only the periodic report (Biểu 06), whose figures belong to "
        "their reporting period ({start} – {end}), not to one month.",
    ),
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
    "few_responses": (
        "Ít lượt đánh giá ({n}), chưa đủ tin cậy",
        "Few ratings ({n}), not conclusive",
    ),
    "points": ("điểm %", "pts"),
    "days": ("ngày", "days"),
    # tables and charts
    "trend_title": ("Tỷ lệ đúng hạn theo tháng", "On-time rate by month"),
    "by_field": ("Theo lĩnh vực", "By field"),
    "by_channel": ("Theo kênh nộp", "By channel"),
    "league_title": ("Xếp hạng đơn vị", "Unit ranking"),
    "funnel_title": (
        "Tỷ lệ đúng hạn và số hồ sơ (khoảng tin cậy 95%)",
        "On-time rate and volume (95% interval)",
    ),
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
    "merger_2025": ("Sắp xếp ĐVHC 01/7/2025", "Reorganisation 1 July 2025"),
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
    "no_unit_overdue": ("Không đơn vị nào có hồ sơ quá hạn.", "No unit has overdue dossiers."),
    "no_unit_fell": (
        "Không đơn vị nào giảm tỷ lệ đúng hạn so với kỳ trước (trong các đơn vị đủ số hồ sơ).",
        "No unit's on-time rate fell since the previous period (among units with enough dossiers).",
    ),
    "open_on_time": ("Xem chi tiết đúng hạn", "Open the on-time page"),
    # Counts the period's own petitions (raised in it), their state at its end; the Đối thoại
    # card "Kiến nghị tồn quá hạn" counts every open overdue petition, whenever raised.
    "dialogue_line": (
        "Đối thoại: {sessions} buổi, {petitions} kiến nghị nêu trong kỳ; trong số đó {open} "
        "chưa giải quyết ({overdue} quá hạn) tại cuối kỳ.",
        "Dialogue: {sessions} sessions, {petitions} petitions raised in the period; of these "
        "{open} open ({overdue} overdue) at its end.",
    ),
    "rollout_line": (
        "Mô hình: {running} lượt triển khai đang hoạt động tại {units} đơn vị; "
        "{overdue} đợt sơ kết/tổng kết quá hạn.",
        "Models: {running} active rollouts in {units} units; {overdue} reviews overdue.",
    ),
    "satisfaction_line": (
        "Hài lòng: {rate} trên {n} lượt đánh giá.",
        "Satisfaction: {rate} from {n} ratings.",
    ),
    "this_unit": ("Đơn vị đang xem", "This unit"),
}
