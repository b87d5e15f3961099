"""Labels shared by every league, funnel, badge and trend that admits noise
(``queries.ranking``, ``dashboard.charts.funnel``): key -> (Vietnamese, English)."""

LABELS: dict[str, tuple[str, str]] = {
    "status_few": ("Ít số liệu", "Few records"),
    "band": ("Nhóm", "Group"),
    "band_top": ("Nhóm đầu", "Top group"),
    "band_middle": ("Nhóm giữa", "Middle group"),
    "band_bottom": ("Nhóm cuối", "Bottom group"),
    "band_None": ("–", "–"),
    "rank_interval": ("Hạng (khoảng 95%)", "Rank (95% range)"),
    "rank_none": ("Không xếp hạng (ít số liệu)", "Not ranked (few records)"),
    "rank_hover": (
        "Hạng {rank} (khoảng {low}–{high}) · {band}",
        "Rank {rank} (range {low}–{high}) · {band}",
    ),
    "rank_note": (
        "Tỷ lệ bằng nhau thì cùng hạng. Khoảng hạng 95%: các vị trí mà số liệu còn cho phép; "
        "“nhóm đầu” / “nhóm cuối” chỉ khi cả khoảng hạng nằm ở nửa trên / nửa dưới. "
        "Đơn vị có dưới {n} {unit} không xếp hạng.",
        "Equal rates share a rank. 95% rank range: the places the data still allow; "
        "'top' / 'bottom' group only when the whole range lies in the upper / lower half. "
        "Units with fewer than {n} {unit} are not ranked.",
    ),
    "records_dossiers": ("hồ sơ", "dossiers"),
    "records_responses": ("lượt đánh giá", "ratings"),
    "records_petitions": ("kiến nghị", "petitions"),
    "funnel_limit_95": ("Giới hạn 95%", "95% limits"),
    "funnel_limit_998": ("Giới hạn 99,8%", "99.8% limits"),
    "funnel_centre": ("Tỷ lệ chung các xã: {rate}", "Peers' pooled rate: {rate}"),
    "funnel_within": ("Trong giới hạn", "Within the limits"),
    "funnel_above": ("Cao hơn giới hạn trên", "Above the upper limit"),
    "funnel_below": ("Thấp hơn giới hạn dưới", "Below the lower limit"),
    "funnel_few": ("Ít số liệu", "Few records"),
    "funnel_note": (
        "Giới hạn tính theo phân phối nhị thức chính xác quanh tỷ lệ chung của các xã; "
        "đơn vị nằm ngoài giới hạn khác biệt thật, không do ngẫu nhiên.",
        "Limits from the exact binomial distribution around the peers' pooled rate; a unit "
        "outside them differs for real, not by chance.",
    ),
    "trend_few_note": (
        "Điểm rỗng: tháng có dưới {n} {unit}, chưa đủ tin cậy.",
        "Hollow points: months with fewer than {n} {unit}, not conclusive.",
    ),
    "trend_few_point": ("Ít số liệu", "Few records"),
    "dlg_funnel_title": (
        "Tỷ lệ kiến nghị đã giải quyết và số kiến nghị (khoảng tin cậy 95%)",
        "Share of petitions resolved and their number (95% interval)",
    ),
}
