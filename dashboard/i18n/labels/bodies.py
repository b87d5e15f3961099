"""Labels of who holds what is late (the overview's "who to call" and the "Theo cơ quan" view),
and the commune's own overview: key -> (Vietnamese, English)."""

LABELS: dict[str, tuple[str, str]] = {
    "call_first_title": ("Cần gọi ai trước", "Who to call first"),
    "call_first_none": (
        "Không có hồ sơ tồn quá hạn hay kiến nghị quá hạn nào cuối kỳ.",
        "No dossier or petition is overdue at the period's end.",
    ),
    "call_dossiers": ("{n} hồ sơ tồn quá hạn", "{n} overdue dossiers"),
    "call_oldest": ("lâu nhất {code}, {days} ngày", "oldest {code}, {days} days"),
    "call_late": ("{n} hồ sơ giải quyết trễ trong kỳ", "{n} resolved late in the period"),
    "call_petitions": (
        "{n} kiến nghị quá hạn (lâu nhất {days} ngày)",
        "{n} overdue petitions (oldest {days} days)",
    ),
    "call_was": ("trước đây: {names}", "formerly: {names}"),
    "call_petitions_none": (
        "Không có kiến nghị nào quá hạn cuối kỳ.",
        "No petition is overdue at the period's end.",
    ),
    "call_sat_line": (
        "{rate} hài lòng trên {n} lượt đánh giá, {bad} lượt không hài lòng",
        "{rate} satisfied of {n} responses, {bad} dissatisfied",
    ),
    "call_sat_weakest": ("; thấp nhất: {element}", "; weakest: {element}"),
    "call_sat_none": (
        "Không xã, phường nào có tỷ lệ hài lòng thấp hơn các đơn vị cùng tỉnh một cách rõ rệt "
        "(ngoài dao động ngẫu nhiên).",
        "No commune's satisfaction is below its peers' beyond chance.",
    ),
    "call_sat_note": (
        "Đơn vị thuộc nhóm cuối của bảng xếp hạng: khoảng tin cậy của thứ hạng nằm hẳn trong "
        "nhóm thấp nhất, không chỉ đứng cuối do ngẫu nhiên.",
        "Units in the league's bottom group: their rank interval lies wholly among the lowest, "
        "not merely last by chance.",
    ),
    "call_ro_line": (
        "{review} quá hạn từ {planned} ({days} ngày)",
        "{review} overdue since {planned} ({days} days)",
    ),
    "call_ro_none": (
        "Không có đợt sơ kết, tổng kết nào quá hạn tính đến {day}.",
        "No review is overdue as of {day}.",
    ),
    "call_more": (
        "… và {n} lượt khác (xem bảng bên dưới).",
        "… and {n} more (see the table below).",
    ),
    "bodies_title": ("Theo cơ quan", "By responsible body"),
    "bodies_note": (
        "Hồ sơ trễ hạn trong kỳ, hồ sơ tồn quá hạn và kiến nghị quá hạn cuối kỳ, theo cơ quan "
        "chịu trách nhiệm. Cơ quan đã chấm dứt hoạt động từ 01/7/2025 (phòng của UBND huyện, "
        "công chức chuyên môn cấp xã cũ) được ghi theo cơ quan kế thừa nhiệm vụ.",
        "Dossiers resolved late in the period, dossiers and petitions overdue at its end, by "
        "the body responsible. Bodies abolished on 1 July 2025 (the district's offices, the old "
        "commune posts) are shown under the body that took over their work.",
    ),
    "body": ("Cơ quan", "Body"),
    "body_now": ("Cơ quan hiện nay", "Body today"),
    "body_was": ("Tên cũ trên hồ sơ", "Name on the records"),
    "body_late": ("Trễ hạn trong kỳ", "Late in period"),
    "body_overdue": ("Tồn quá hạn", "Overdue pending"),
    "body_no_apology": ("Chưa có phiếu xin lỗi", "No apology letter"),
    "body_oldest": ("Hồ sơ quá hạn lâu nhất", "Oldest overdue dossier"),
    "body_oldest_days": ("Số ngày quá hạn", "Days overdue"),
    "body_petitions": ("Kiến nghị quá hạn", "Overdue petitions"),
    "body_petition_days": ("Kiến nghị quá hạn lâu nhất (ngày)", "Oldest petition (days)"),
    # the commune's own overview
    "commune_rank_title": (
        "Vị trí so với các xã, phường trong tỉnh",
        "Rank among the province's communes",
    ),
    "commune_rank": (
        "Tỷ lệ đúng hạn xếp thứ **{rank}** trên {n} đơn vị ({band}).",
        "On-time rate ranked **{rank}** of {n} units ({band}).",
    ),
    "commune_not_ranked": (
        "Chưa xếp hạng: ít hồ sơ ({n}) trong kỳ.",
        "Not ranked: few dossiers ({n}) in the period.",
    ),
    "commune_late_title": (
        "Hồ sơ trễ hạn, tồn quá hạn của đơn vị",
        "The unit's late and overdue dossiers",
    ),
    "commune_late_more": (
        "{shown} trên {n} hồ sơ, lâu nhất trước; danh sách đầy đủ ở trang Đúng hạn.",
        "{shown} of {n} dossiers, longest first; the full list is on the On-time page.",
    ),
    "print_more_rows": (
        "In {shown} trên {n} dòng; danh sách đầy đủ trong bảng số liệu (.xlsx) của bộ tài liệu.",
        "{shown} of {n} rows printed; the full list is in the pack's workbook (.xlsx).",
    ),
    # the handout (pack)
    "pack_field_note": (
        "Tỷ lệ giải quyết đúng hạn theo lĩnh vực, thấp nhất ở dưới; trong ngoặc: số hồ sơ đã "
        "giải quyết. Xanh: đạt chỉ tiêu; đỏ: chưa đạt.",
        "On-time rate by field, the lowest at the bottom; in brackets: dossiers resolved. "
        "Green: target met; red: not met.",
    ),
    "pack_no_unit": ("Không có đơn vị nào.", "No unit."),
    "pack_units_rule": (
        "Tiêu chí: theo thứ hạng tỷ lệ đúng hạn. Biểu dương: cả khoảng tin cậy 95% của thứ hạng "
        "nằm ở nửa trên và không có hồ sơ tồn quá hạn. Cần chấn chỉnh: cả khoảng tin cậy 95% "
        "của thứ hạng nằm ở nửa dưới. Đơn vị ít hồ sơ không xếp hạng.",
        "Criterion: the on-time rank. Praise: the whole 95% rank interval in the top half and "
        "no overdue dossier. To correct: the whole 95% rank interval in the bottom half. Units "
        "with few dossiers are not ranked.",
    ),
    "pack_more_rows": (
        "Hiển thị {shown} trên {n}; danh sách đầy đủ trong bảng số liệu (.xlsx).",
        "{shown} of {n} shown; the full list is in the workbook (.xlsx).",
    ),
    "pack_successor_note": (
        "* Cơ quan kế thừa nhiệm vụ của cơ quan đã chấm dứt hoạt động từ 01/7/2025.",
        "* The body that took over from one abolished on 1 July 2025.",
    ),
    "card_title": ("Phiếu đánh giá của xã, phường", "Commune report card"),
    "card_rank": (
        "Tỷ lệ đúng hạn {rate}: xếp thứ {rank} trên {n} đơn vị trong tỉnh ({band}).",
        "On-time rate {rate}: ranked {rank} of {n} units in the province ({band}).",
    ),
    "card_not_ranked": (
        "Chưa xếp hạng: ít hồ sơ ({n}) trong kỳ.",
        "Not ranked: few dossiers ({n}) in the period.",
    ),
    "card_overdue": (
        "Hồ sơ tồn quá hạn cuối kỳ: {n}.",
        "Overdue dossiers at the period's end: {n}.",
    ),
    "card_dialogue": (
        "Đối thoại năm {year}: {conferences} hội nghị, {sessions}/{required} buổi theo yêu cầu "
        "(Luật 10/2022/QH15, Điều 32) – {status}.",
        "Dialogue in {year}: {conferences} conferences, {sessions}/{required} sessions required "
        "(Law 10/2022/QH15, Art. 32) – {status}.",
    ),
    "card_models": ("Mô hình đang triển khai: {models}.", "Models running: {models}."),
    "card_no_models": ("Chưa triển khai mô hình nào.", "No model running."),
    "card_no_letter": (
        "Hồ sơ trễ hạn chưa có phiếu xin lỗi: {n}.",
        "Late dossiers without an apology letter: {n}.",
    ),
}
