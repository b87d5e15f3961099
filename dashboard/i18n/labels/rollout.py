"""Labels of the rollout page and its exports: key -> (Vietnamese, English)."""

LABELS: dict[str, tuple[str, str]] = {
    "page_rollout": ("Mô hình", "Models"),
    "rollout_title": ("Triển khai mô hình cải cách", "Reform-model rollout"),
    # stages
    "ro_stage_registered": ("Đăng ký", "Registered"),
    "ro_stage_launched": ("Ra mắt", "Launched"),
    "ro_stage_piloting": ("Thí điểm", "Piloting"),
    "ro_stage_preliminary_review": ("Sơ kết", "Preliminary review"),
    "ro_stage_final_review": ("Tổng kết", "Final review"),
    "ro_stage_replicated": ("Nhân rộng", "Replicated"),
    "ro_stage_stopped": ("Dừng", "Stopped"),
    "ro_stage": ("Giai đoạn", "Stage"),
    # headline
    "ro_as_of": ("Tình hình đến ngày {date}", "Status on {date}"),
    "ro_active": ("Lượt triển khai đang hoạt động", "Active rollouts"),
    "ro_units": ("Đơn vị đang có mô hình", "Units running a model"),
    "ro_overdue_reviews": ("Sơ kết, tổng kết quá hạn", "Reviews overdue"),
    "ro_ready": ("Sẵn sàng nhân rộng", "Ready to replicate"),
    "ro_ready_help": (
        "Đã sơ kết hoặc tổng kết, chưa nhân rộng, và đạt tất cả tiêu chí ở lần đánh giá gần nhất.",
        "Reviewed (preliminary or final), not yet replicated, and meeting every criterion at "
        "the latest assessment.",
    ),
    "ro_empty": (
        "Chưa có mô hình nào được đăng ký trong phạm vi này đến ngày {date}. Chọn tỉnh, xã khác "
        "hoặc kỳ báo cáo khác.",
        "No model was registered in this scope by {date}. Choose another province, commune or "
        "period.",
    ),
    # selectors
    "ro_model": ("Mô hình", "Model"),
    "ro_all_models": ("Tất cả mô hình", "All models"),
    "ro_rollout": ("Xem chi tiết lượt triển khai", "Open a rollout"),
    "ro_choose": ("— Chọn đơn vị —", "— Choose a unit —"),
    "ro_back": ("‹ Quay lại tất cả lượt triển khai", "‹ Back to all rollouts"),
    # matrix
    "ro_matrix_title": ("Giai đoạn triển khai theo xã, phường", "Stage by commune and model"),
    "ro_matrix_hint": (
        "Mỗi ô là giai đoạn mô hình đã đạt đến ngày trên. ⚠ = có sơ kết, tổng kết hoặc ra mắt "
        "quá hạn kế hoạch. Bấm vào một ô để xem chi tiết.",
        "Each cell is the stage the model had reached by that date. ⚠ = a launch or review is "
        "past its planned date. Click a cell to open the rollout.",
    ),
    "ro_commune": ("Xã, phường", "Commune"),
    "ro_recorded": ("Ghi nhận tại đơn vị cũ", "Recorded at former unit"),
    "ro_now_part_of": ("nay thuộc {name}", "now part of {name}"),
    "ro_now_part_of_col": ("Nay thuộc", "Now part of"),
    "ro_several": ("{n} lượt", "{n} rollouts"),
    # Gantt
    "ro_gantt_title": ("Tiến độ: kế hoạch và thực tế", "Progress: planned and actual"),
    "ro_gantt_pick": (
        "Chọn một mô hình ở trên để xem tiến độ từng đơn vị (kế hoạch và thực tế).",
        "Choose a model above to see each unit's progress (planned and actual).",
    ),
    "ro_planned": ("Mốc kế hoạch", "Planned date"),
    "ro_overdue": ("Quá hạn", "Overdue"),
    "ro_days_overdue": ("quá hạn {n} ngày", "{n} days overdue"),
    "ro_days_late": ("chậm {n} ngày so với kế hoạch", "{n} days later than planned"),
    "ro_today_line": ("Ngày xem", "As of"),
    # detail
    "ro_detail_since": ("{stage} từ ngày {date}", "{stage} since {date}"),
    "ro_lineage": (
        "Mô hình được ghi nhận tại {recorded}, {now}.",
        "The model was recorded at {recorded}, {now}.",
    ),
    "ro_criteria_title": ("Đánh giá theo tiêu chí", "Criteria assessments"),
    "ro_share_met": ("Tỷ lệ tiêu chí đạt", "Criteria met"),
    "ro_met": ("Đạt", "Met"),
    "ro_not_met": ("Chưa đạt", "Not met"),
    "ro_criterion": ("Tiêu chí", "Criterion"),
    "ro_assessments": ("Số lần đánh giá", "Assessments"),
    "ro_latest": ("Lần gần nhất", "Latest"),
    "ro_no_assessment": ("Chưa có đợt đánh giá tiêu chí nào.", "No criteria assessment yet."),
    "ro_effect_title": (
        "Hiệu quả: trước và sau khi ra mắt, so với các xã không có mô hình",
        "Effect: before and after launch, against communes without the model",
    ),
    "ro_months": ("Số tháng so sánh trước và sau", "Months before and after"),
    "ro_did_on_time": ("Chênh lệch kép: đúng hạn", "Difference in differences: on time"),
    "ro_did_satisfaction": ("Chênh lệch kép: hài lòng", "Difference in differences: satisfaction"),
    "ro_did_help": (
        "(sau − trước tại đơn vị) − (sau − trước ở nhóm so sánh), tính bằng điểm phần trăm. "
        "Dương: đơn vị cải thiện nhiều hơn các xã không có mô hình.",
        "(after − before at the unit) − (after − before in the comparison group), in points. "
        "Positive: the unit improved more than the communes without the model.",
    ),
    "ro_windows": (
        "Ra mắt {launched}. So sánh {before} (trước) với {after} (sau), tháng ra mắt không tính; "
        "nhóm so sánh: {n} xã cùng tỉnh chưa từng triển khai mô hình này.",
        "Launched {launched}. Comparing {before} (before) with {after} (after), launch month "
        "left out; comparison group: {n} communes of the province that never ran this model.",
    ),
    "ro_satisfaction_rate": ("Tỷ lệ hài lòng", "Satisfaction rate"),
    "ro_group": ("Nhóm", "Group"),
    "ro_unit_group": ("Đơn vị triển khai", "Rollout unit"),
    "ro_comparison_group": ("Nhóm so sánh", "Comparison group"),
    "ro_counterfactual": ("Nếu theo xu hướng nhóm so sánh", "Had it followed the comparison"),
    "ro_before": ("Trước ra mắt", "Before launch"),
    "ro_after": ("Sau ra mắt", "After launch"),
    "ro_change": ("Thay đổi", "Change"),
    "ro_n_dossiers": ("{n} hồ sơ", "{n} dossiers"),
    "ro_n_responses": ("{n} phiếu", "{n} responses"),
    "ro_comparison_list": ("Các xã so sánh ({n})", "Comparison communes ({n})"),
    "ro_no_comparison": (
        "Không có xã nào cùng tỉnh chưa triển khai mô hình này để so sánh.",
        "No commune of the province is without this model to compare with.",
    ),
    "ro_few": (
        "Ít số liệu: có ô dựa trên dưới {dossiers} hồ sơ hoặc dưới {responses} phiếu đánh giá, "
        "chưa đủ tin cậy để kết luận.",
        "Few records: a cell rests on fewer than {dossiers} dossiers or {responses} responses; "
        "not conclusive.",
    ),
    "ro_diluted": (
        "Số liệu của đơn vị gộp cả các xã cũ không triển khai mô hình (đơn vị đã sáp nhập). Bật "
        "“Như tại thời điểm ghi nhận” để so sánh đúng xã làm điểm.",
        "The unit's figures include former communes that did not run the model (merged since). "
        "Switch to the units as they were to compare the pilot commune itself.",
    ),
    "ro_incomplete": (
        "Giai đoạn sau ra mắt chưa kết thúc hoặc chưa đủ dữ liệu; kết quả còn thay đổi.",
        "The after-launch window is not over or not fully reported yet; figures may change.",
    ),
    "ro_not_launched": (
        "Mô hình chưa ra mắt tại đơn vị này: chưa đo được hiệu quả.",
        "Not launched in this unit yet: no effect to measure.",
    ),
    "ro_note": ("Ghi chú", "Note"),
    # catalogue
    "ro_catalogue_title": ("Danh mục mô hình", "Model catalogue"),
    "ro_sponsor": ("Đơn vị chủ trì", "Sponsor"),
    "ro_legal_basis": ("Căn cứ", "Legal basis"),
    "ro_decision_date": ("Ngày ban hành", "Decision date"),
    "ro_planned_period": ("Thời gian thực hiện", "Planned period"),
    "ro_criteria": ("Tiêu chí", "Criteria"),
    "ro_rollout_count": (
        "{n} lượt triển khai, {active} đang hoạt động",
        "{n} rollouts, {active} active",
    ),
    # compliance
    "ro_compliance_title": (
        "Đơn vị chưa có mô hình trong năm",
        "Units without a model in the year",
    ),
    "ro_year": ("Năm", "Year"),
    "ro_compliance_line": (
        "{ok}/{n} xã, phường có ít nhất {req} mô hình, cách làm hay hoạt động trong năm {year}.",
        "{ok} of {n} communes ran at least {req} model or good practice in {year}.",
    ),
    "ro_compliance_target": (
        "Chỉ tiêu: {req} mô hình mỗi đơn vị mỗi năm.",
        "Target: {req} model(s) per unit per year.",
    ),
    "ro_compliance_default": (
        "Chưa giao chỉ tiêu; mặc định ít nhất 01 mô hình mỗi đơn vị mỗi năm (QĐ 11578/QĐ-UBND).",
        "No target set; at least one model per unit per year by default.",
    ),
    "ro_compliance_ok": (
        "Tất cả xã, phường đều có mô hình trong năm {year}.",
        "Every commune ran a model in {year}.",
    ),
    "ro_parent": ("Trực thuộc", "Under"),
    "ro_models_count": ("Số mô hình", "Models"),
}
