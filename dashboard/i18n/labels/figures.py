"""What each headline figure is (``def_<metric>``, one sentence) and the "cách tính" widget.

Every ``Figure`` of ``queries/*.headline`` has its definition here, so the overview, the
subject's page, the pack and the command line explain it in the same words.
"""

LABELS: dict[str, tuple[str, str]] = {
    # --- the widget ---------------------------------------------------------------------
    "how_computed": ("Cách tính", "How it is computed"),
    "hc_numerator": ("Tử số", "Numerator"),
    "hc_denominator": ("Mẫu số", "Denominator"),
    "hc_count": ("Số đếm", "Count"),
    "hc_period": ("Kỳ", "Period"),
    "hc_as_of": ("Tính đến ngày", "As of"),
    "hc_units": ("Đơn vị", "Units"),
    "hc_view_current": ("đơn vị hiện nay", "today's units"),
    "hc_view_historical": ("đơn vị như trước 01/7/2025", "units as they were before 1/7/2025"),
    "hc_field": ("Lĩnh vực", "Field"),
    "hc_units_line": (
        "{name} ({n} xã, phường; {view})",
        "{name} ({n} communes; {view})",
    ),
    "hc_commune_line": ("{name} ({view})", "{name} ({view})"),
    "hc_all_units_line": ("Tất cả đơn vị ({n} xã, phường)", "All units ({n} communes)"),
    "hc_all_units": ("Tất cả đơn vị", "All units"),
    "hc_rows": ("Xem các bản ghi phía sau số liệu", "See the records behind it"),
    "hc_definition": ("Định nghĩa", "Definition"),
    "hc_median": ("trung vị, không có tử số", "a median: no numerator"),
    # Names of figures no page card had before.
    "fig_open_raised": (
        "Kiến nghị trong kỳ chưa giải quyết",
        "Petitions of the period still open",
    ),
    "fig_overdue_raised": (
        "Kiến nghị trong kỳ đã quá hạn",
        "Petitions of the period overdue",
    ),
    "due_today_label": ("Hồ sơ đến hạn hôm nay", "Dossiers due today"),
    "petitions_today_label": ("Kiến nghị đến hạn hôm nay", "Petitions due today"),
    # --- on time ------------------------------------------------------------------------
    "def_on_time_rate": (
        "Số hồ sơ giải quyết sớm hoặc đúng hạn chia cho số hồ sơ đã giải quyết trong kỳ (theo "
        "ngày trả kết quả; hạn tính cả thời gian chờ công dân bổ sung).",
        "Dossiers resolved early or on time, divided by the dossiers resolved in the period "
        "(by resolution date; the due date includes the time waiting for the citizen's "
        "supplement).",
    ),
    "def_online_share": (
        "Số hồ sơ tiếp nhận trực tuyến chia cho số hồ sơ tiếp nhận trong kỳ (theo ngày tiếp nhận).",
        "Dossiers received online, divided by the dossiers received in the period (by "
        "received date).",
    ),
    "def_apology_share": (
        "Số hồ sơ trễ hạn có phiếu xin lỗi chia cho số hồ sơ trễ hạn (hồ sơ chi tiết; Biểu 06 "
        "không ghi phiếu xin lỗi).",
        "Late dossiers with an apology letter, divided by the late dossiers (dossier rows; "
        "the Biểu 06 form does not record apologies).",
    ),
    "def_avg_processing_days": (
        "Tổng số ngày từ tiếp nhận đến trả kết quả chia cho số hồ sơ đã giải quyết (hồ sơ chi "
        "tiết).",
        "Total days from receipt to resolution, divided by the dossiers resolved (dossier rows).",
    ),
    "def_pending_overdue": (
        "Số hồ sơ đang giải quyết đã quá hạn tại ngày cuối kỳ; mẫu số là tổng số hồ sơ đang "
        "giải quyết tại ngày đó.",
        "Pending dossiers past their due date at the period's last day; the denominator is "
        "every dossier pending that day.",
    ),
    # --- satisfaction -------------------------------------------------------------------
    "def_satisfaction_rate": (
        "Số lượt đánh giá hài lòng (mức 4–5) chia cho số lượt đánh giá trong kỳ.",
        "Ratings of 4–5, divided by the ratings given in the period.",
    ),
    "def_responses": ("Số lượt đánh giá trong kỳ.", "Ratings given in the period."),
    "def_dissatisfied_share": (
        "Số lượt đánh giá không hài lòng (mức 1–2) chia cho số lượt đánh giá trong kỳ.",
        "Ratings of 1–2, divided by the ratings given in the period.",
    ),
    "def_element": (
        "Số lượt chấm tiêu chí này ở mức 4–5 chia cho số lượt có chấm tiêu chí này.",
        "Ratings of 4–5 on this element, divided by the ratings that scored it.",
    ),
    # --- dialogue -----------------------------------------------------------------------
    "def_sessions": (
        "Số buổi đối thoại tổ chức trong kỳ.",
        "Dialogue sessions held in the period.",
    ),
    "def_petitions": (
        "Số kiến nghị nêu tại các buổi đối thoại trong kỳ.",
        "Petitions raised at the period's sessions.",
    ),
    "def_resolved_share": (
        "Số kiến nghị đã trả lời tại chỗ hoặc đã giải quyết đến ngày cuối kỳ, chia cho số kiến "
        "nghị nêu trong kỳ.",
        "Petitions answered on the spot or resolved by the period's last day, divided by the "
        "petitions raised in the period.",
    ),
    "def_backlog_overdue": (
        "Số kiến nghị chưa giải quyết và đã quá hạn tại ngày cuối kỳ, nêu trong kỳ này hoặc "
        "các kỳ trước.",
        "Petitions still open and past their deadline at the period's last day, raised in "
        "this period or before.",
    ),
    "def_open_raised": (
        "Số kiến nghị nêu trong kỳ chưa giải quyết đến ngày cuối kỳ (kể cả đã quá hạn).",
        "Petitions raised in the period still open at its last day (overdue included).",
    ),
    "def_overdue_raised": (
        "Số kiến nghị nêu trong kỳ chưa giải quyết và đã quá hạn tại ngày cuối kỳ.",
        "Petitions raised in the period, still open and past their deadline at its last day.",
    ),
    "def_median_days": (
        "Trung vị số ngày từ buổi đối thoại đến khi giải quyết, của các kiến nghị giải quyết "
        "trong kỳ.",
        "Median days from the session to resolution, of the petitions resolved in the period.",
    ),
    # --- rollout ------------------------------------------------------------------------
    "def_rollouts_active": (
        "Số lượt triển khai mô hình đã khai trương và chưa dừng tại ngày tính; mẫu số là số "
        "lượt đã đăng ký đến ngày đó.",
        "Rollouts launched and not stopped by the as-of date; the denominator is the rollouts "
        "registered by then.",
    ),
    "def_units_running": (
        "Số đơn vị có ít nhất một mô hình đang hoạt động; ở cách xem đơn vị hiện nay, các xã "
        "cũ đã sáp nhập được tính vào xã hiện nay, mỗi xã một lần.",
        "Units with at least one active rollout; in today's units, merged communes count "
        "under today's commune, once.",
    ),
    "def_reviews_overdue": (
        "Số lượt triển khai có sơ kết hoặc tổng kết theo kế hoạch trước ngày tính mà chưa tổ "
        "chức, chưa dừng.",
        "Rollouts with a preliminary or final review planned before the as-of date and not "
        "held, not stopped.",
    ),
    "def_ready_to_replicate": (
        "Số lượt triển khai đã sơ kết hoặc tổng kết, chưa nhân rộng, đạt mọi tiêu chí ở lần "
        "đánh giá gần nhất.",
        "Rollouts reviewed, not yet replicated, meeting every criterion at the latest assessment.",
    ),
    # --- due soon -----------------------------------------------------------------------
    "def_due_soon_dossiers": (
        "Số hồ sơ đang giải quyết, chưa quá hạn, có hạn trong số ngày làm việc đã chọn tính "
        "từ hôm nay (không tính thứ Bảy, Chủ nhật, ngày lễ).",
        "Pending dossiers, not yet overdue, due within the chosen number of working days "
        "from today (weekends and holidays not counted).",
    ),
    "def_due_today": (
        "Số hồ sơ sắp đến hạn có hạn là hôm nay.",
        "Dossiers due soon whose deadline is today.",
    ),
    "def_due_soon_petitions": (
        "Số kiến nghị đã giao, chưa giải quyết, có hạn trong số ngày làm việc đã chọn.",
        "Assigned petitions, not resolved, due within the chosen number of working days.",
    ),
    "def_petitions_today": (
        "Số kiến nghị sắp đến hạn có hạn là hôm nay.",
        "Petitions due soon whose deadline is today.",
    ),
    # --- the service index (QĐ 766), in points ---------------------------------------------
    "def_i766_total": (
        "Tổng điểm ước tính theo QĐ 766: cộng điểm các chỉ tiêu xác định được (tử số) trên số "
        "điểm tối đa của các chỉ tiêu đó (mẫu số: 100 trừ điểm chưa xác định và điểm không có "
        "dữ liệu).",
        "The estimated QĐ 766 total: the points of the indicators that can be determined "
        "(numerator) out of those indicators' maxima (denominator: 100 less the points not "
        "determined and without data).",
    ),
    "def_i766_official": (
        "Tổng điểm chính thức do Cổng Dịch vụ công quốc gia công bố, đã nhập cho đúng đơn vị "
        "và kỳ này; trống khi chưa nhập.",
        "The official total published by the national portal, imported for this unit and "
        "period; empty until imported.",
    ),
    "def_i766_difference": (
        "Điểm ước tính trừ điểm chính thức; chênh quá 0,5 điểm thì cần đối chiếu.",
        "The estimate less the official score; more than 0.5 points apart needs checking.",
    ),
    "def_i766_lost": (
        "Số điểm bị mất ở các chỉ tiêu xác định được: điểm tối đa trừ điểm đạt, cộng lại.",
        "Points lost on the indicators that can be determined: maximum less points earned, summed.",
    ),
    "def_i766_undetermined": (
        "Điểm tối đa của các chỉ tiêu chưa xác định được từ dữ liệu của hệ thống (tổng điểm "
        "không tính các chỉ tiêu này).",
        "The maxima of the indicators the system's data cannot determine (the total leaves "
        "them out).",
    ),
    "def_i766_no_data_points": (
        "Điểm tối đa của các chỉ tiêu không có hồ sơ, thủ tục nào trong kỳ (tổng điểm không "
        "tính các chỉ tiêu này).",
        "The maxima of the indicators with no dossier or procedure in the period (the total "
        "leaves them out).",
    ),
    "hc_points_earned": ("Điểm đạt", "Points"),
    "hc_points_possible": ("Điểm tối đa xác định được", "Maximum that can be determined"),
}
