"""Labels of the satisfaction page and its exports: key -> (Vietnamese, English).

Keys start with ``sat_`` (besides the page's title and navigation keys) so they cannot clash
with another subject's labels.
"""

LABELS: dict[str, tuple[str, str]] = {
    "satisfaction_title": ("Mức độ hài lòng của người dân", "Citizen satisfaction"),
    "page_satisfaction": ("Hài lòng", "Satisfaction"),
    # headline
    "sat_rate": ("Tỷ lệ hài lòng", "Satisfaction rate"),
    "sat_rate_overall": ("Tỷ lệ hài lòng chung", "Overall satisfaction rate"),
    "sat_responses": ("Lượt đánh giá", "Ratings"),
    "sat_dissatisfied": ("Tỷ lệ không hài lòng", "Dissatisfied share"),
    "sat_weakest_card": ("Yếu tố thấp nhất", "Weakest element"),
    "sat_element_rate": ("Hài lòng về {element}", "Satisfaction: {element}"),
    "sat_answers_count": ("Lượt trả lời", "Answers"),
    "sat_satisfied_count": ("Hài lòng trở lên", "Satisfied or better"),
    "sat_based_on": ("trên {n} lượt đánh giá", "from {n} ratings"),
    "sat_few": ("Ít lượt đánh giá ({n}), chưa đủ tin cậy", "Few ratings ({n}), not conclusive"),
    "sat_drill_hint": (
        "Bấm vào một xã trên biểu đồ, bảng xếp hạng, hoặc một yếu tố để xem chi tiết.",
        "Click a commune in the chart or the ranking, or an element, to drill in.",
    ),
    "sat_unknown_element": (
        "Không có yếu tố đánh giá “{element}”.",
        "There is no rating element “{element}”.",
    ),
    "sat_empty_period": (
        "Chưa có lượt đánh giá nào trong {period} cho phạm vi đã chọn. Hãy chọn kỳ khác, "
        "chọn toàn tỉnh, hoặc bỏ lọc lĩnh vực.",
        "No ratings in {period} for the chosen scope. Choose another period, the whole "
        "province, or clear the field filter.",
    ),
    "sat_empty_trend": (
        "Chưa có lượt đánh giá nào trong 24 tháng gần đây cho phạm vi đã chọn.",
        "No ratings in the last 24 months for the chosen scope.",
    ),
    # trend
    "sat_trend_title": ("Tỷ lệ hài lòng theo thời gian", "Satisfaction over time"),
    "sat_trend_title_el": (
        "Hài lòng về {element} theo thời gian",
        "{element}: satisfaction over time",
    ),
    "sat_grain": ("Theo", "By"),
    "sat_trend_note": (
        "Điểm rỗng: dưới {n} lượt đánh giá, chưa đủ tin cậy. Đường đỏ nét đứt: chỉ tiêu của năm.",
        "Hollow points: fewer than {n} ratings, not conclusive. Dashed red line: the year's "
        "target.",
    ),
    # SIPAS elements
    "sat_elements_title": ("Năm yếu tố đánh giá (SIPAS)", "The five SIPAS elements"),
    "sat_el_access": ("Tiếp cận dịch vụ", "Access to the service"),
    "sat_el_procedure": ("Thủ tục hành chính", "Procedure"),
    "sat_el_civil_servant": ("Công chức giải quyết", "Civil servant"),
    "sat_el_result": ("Kết quả giải quyết", "Result"),
    "sat_el_feedback": ("Tiếp nhận, xử lý góp ý", "Handling of feedback"),
    "sat_weakest_short": ("thấp nhất", "weakest"),
    "sat_weakest_line": (
        "**{element}** kéo tỷ lệ chung xuống: {rate}, thấp hơn tỷ lệ hài lòng chung {gap} điểm %.",
        "**{element}** drags the total down: {rate}, {gap} pts below the overall rate.",
    ),
    "sat_elements_hint": (
        "Chọn một yếu tố để xem diễn biến và từng đơn vị:",
        "Choose an element for its trend and per-unit figures:",
    ),
    "sat_answers": ("lượt trả lời hài lòng", "answers satisfied"),
    # league
    "sat_league_title": (
        "Xếp hạng xã, phường theo tỷ lệ hài lòng",
        "Communes ranked by satisfaction",
    ),
    "sat_league_title_el": ("Xếp hạng xã, phường: {element}", "Communes ranked: {element}"),
    "sat_funnel_title": (
        "Tỷ lệ hài lòng và số lượt đánh giá (giới hạn 95% và 99,8%)",
        "Satisfaction and number of ratings (95% and 99.8% limits)",
    ),
    "sat_ci": ("Khoảng tin cậy 95%", "95% interval"),
    "sat_change_pts": ("So với kỳ trước (điểm %)", "Change vs previous (pts)"),
    "sat_weakest_col": ("Yếu tố thấp nhất", "Weakest element"),
    "sat_attention": (
        "Cần chú ý (thấp hơn giới hạn dưới của biểu đồ phễu):",
        "Needing attention (below the funnel's lower limit):",
    ),
    "sat_league_note": (
        "Xã, phường có dưới {n} lượt đánh giá được ghi chú và không xếp hạng: tỷ lệ trên ít "
        "lượt đánh giá dễ cao hoặc thấp do ngẫu nhiên. Bấm một xã để xem chi tiết.",
        "Communes with fewer than {n} ratings are flagged and not ranked: a rate on few "
        "ratings is high or low by chance. Click a commune to drill in.",
    ),
    "sat_elements_legend": (
        "Vạch xám: tỷ lệ hài lòng chung ({overall}). Vạch đỏ nét đứt: chỉ tiêu. Thanh đỏ: yếu "
        "tố thấp nhất.",
        "Grey line: overall satisfaction ({overall}). Dashed red line: target. Red bar: the "
        "weakest element.",
    ),
    "sat_no_units": (
        "Chưa có xã, phường nào có lượt đánh giá trong kỳ.",
        "No commune has ratings in this period.",
    ),
    # channels and ratings
    "sat_channel_title": ("Theo hình thức đánh giá", "By rating channel"),
    "sat_channel_kiosk": ("Máy đánh giá tại quầy", "Kiosk at the desk"),
    "sat_channel_tablet": ("Máy tính bảng", "Tablet"),
    "sat_channel_qr": ("Mã QR", "QR code"),
    "sat_channel_paper": ("Phiếu giấy", "Paper form"),
    "sat_channel_survey": ("Khảo sát định kỳ", "Periodic survey"),
    "sat_distribution_title": ("Phân bố mức đánh giá", "Spread of ratings"),
    "sat_distribution_title_el": (
        "Phân bố mức đánh giá: {element}",
        "Spread of ratings: {element}",
    ),
    "sat_rating": ("Mức đánh giá", "Rating"),
    "sat_rating_5": ("Rất hài lòng", "Very satisfied"),
    "sat_rating_4": ("Hài lòng", "Satisfied"),
    "sat_rating_3": ("Bình thường", "Neutral"),
    "sat_rating_2": ("Không hài lòng", "Dissatisfied"),
    "sat_rating_1": ("Rất không hài lòng", "Very dissatisfied"),
    # comments
    "sat_comments_title": ("Ý kiến không hài lòng gần nhất", "Latest complaints"),
    "sat_comments_title_el": ("Ý kiến không hài lòng về {element}", "Latest complaints: {element}"),
    "sat_no_comments": (
        "Không có ý kiến không hài lòng nào trong kỳ.",
        "No complaints in this period.",
    ),
    "sat_date": ("Ngày đánh giá", "Date"),
    "sat_comment": ("Ý kiến", "Comment"),
}
