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
    "ro_satisfaction_rate": ("Tỷ lệ hài lòng", "Satisfaction rate"),
    "ro_group": ("Nhóm", "Group"),
    "ro_unit_group": ("Đơn vị triển khai", "Rollout unit"),
    "ro_comparison_group": ("Nhóm so sánh", "Comparison group"),
    "ro_before": ("Trước ra mắt", "Before launch"),
    "ro_after": ("Sau ra mắt", "After launch"),
    "ro_change": ("Thay đổi", "Change"),
    "ro_n_dossiers": ("{n} hồ sơ", "{n} dossiers"),
    "ro_n_responses": ("{n} phiếu", "{n} responses"),
    "ro_no_comparison": (
        "Không có xã nào cùng tỉnh chưa triển khai mô hình này để so sánh.",
        "No commune of the province is without this model to compare with.",
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
    "ro_missed_by": ("Xã trước sắp xếp chưa có mô hình", "Former communes without a model"),
    "ro_as_they_were": (
        "Năm {year} kết thúc trước 01/07/2025: nghĩa vụ thuộc các xã như khi đó. Một xã hiện nay "
        "chỉ đạt khi mọi xã hợp thành nó (còn tồn tại trong năm) đều có mô hình.",
        "{year} ended before 1 July 2025: the duty was the communes' as they were. A commune of "
        "today met it only if every commune it came from (that existed that year) ran a model.",
    ),
    "ro_models_count": ("Số mô hình", "Models"),
    "ro_verdict_not_enough_data": ("Không đủ dữ liệu để kết luận", "Not enough data to conclude"),
    "ro_verdict_better": ("Tốt lên rõ rệt", "Clearly better"),
    "ro_verdict_worse": ("Xấu đi rõ rệt", "Clearly worse"),
    "ro_verdict_no_clear_change": ("Không thấy thay đổi rõ rệt", "No clear change"),
    "ro_ci": ("Khoảng tin cậy 95%: {low} đến {high} điểm", "95% interval: {low} to {high} points"),
    "ro_placebo": (
        "Kiểm tra giả (ra mắt giả định sớm {n} tháng, phải gần 0): {value}",
        "Placebo (launch moved {n} months earlier; should be near 0): {value}",
    ),
    "ro_not_enough_why": (
        "Cần ít nhất {n} {unit} mỗi khoảng trước/sau và khoảng tin cậy không được chứa cả mức "
        "tăng lẫn mức giảm 5 điểm.",
        "Needs at least {n} {unit} in each of the before and after windows, and an interval "
        "that does not hold both a 5-point gain and a 5-point loss.",
    ),
    "ro_unit_dossiers": ("hồ sơ", "dossiers"),
    "ro_unit_responses": ("phiếu", "responses"),
    "ro_windows_fair": (
        "Ra mắt {launched} tại {unit} (tỉnh {province} lúc đó). So sánh {before} (trước) với "
        "{after} (sau), tháng ra mắt không tính; nhóm so sánh: {n} xã của tỉnh như lúc ra mắt, "
        "mỗi xã tính là chưa triển khai cho tới khi chính xã đó ra mắt mô hình.",
        "Launched {launched} at {unit} (province {province} then). Comparing {before} (before) "
        "with {after} (after), launch month left out; comparison group: {n} communes of the "
        "province as it was at launch, each counted as untreated until its own launch.",
    ),
    "ro_warn_regression_to_mean": (
        "Trước ra mắt, tỷ lệ {metric} của xã ({before}) khác xa mức thường ngày của xã "
        "({history} trong 12 tháng trước đó): một phần thay đổi sau ra mắt có thể chỉ là quay về "
        "mức thường ngày, không do mô hình.",
        "Before launch the commune's {metric} ({before}) was far from its own usual level "
        "({history} over the 12 months before): part of the change after launch may be a "
        "return to that level, not the model.",
    ),
    "ro_warn_cut_by_merger": (
        "Khoảng so sánh cắt ngang mốc sắp xếp ĐVHC 01/7/2025: xã có số liệu {before}/{n} tháng "
        "trước và {after}/{n} tháng sau.",
        "A window is cut by the 1 July 2025 merger: the commune has data for {before} of {n} "
        "months before and {after} of {n} after.",
    ),
    "ro_warn_survey_mix": (
        "Cơ cấu kênh đánh giá của xã thay đổi giữa hai khoảng ({channels}): tỷ lệ hài lòng "
        "trước/sau không hoàn toàn so sánh được.",
        "The commune's mix of rating channels changed between the windows ({channels}): "
        "the before and after rates are not fully comparable.",
    ),
    "ro_mix_channel": (
        "{channel} {x}/{nx} trước, {y}/{ny} sau",
        "{channel} {x}/{nx} before, {y}/{ny} after",
    ),
    "ro_warn_other_model_at_pilot": (
        "Trong cùng khoảng so sánh, xã còn ra mắt mô hình khác: {models}.",
        "Another model was launched at the commune within the windows: {models}.",
    ),
    "ro_event_title_on_time_rate": (
        "Chênh lệch tỷ lệ đúng hạn so với nhóm so sánh, theo tháng",
        "On-time rate gap to the comparison group, by month",
    ),
    "ro_event_title_satisfaction_rate": (
        "Chênh lệch tỷ lệ hài lòng so với nhóm so sánh, theo quý",
        "Satisfaction gap to the comparison group, by quarter",
    ),
    "ro_event_gap": ("Chênh lệch", "Gap"),
    "ro_event_band": ("Khoảng tin cậy 95%", "95% band"),
    "ro_event_before_gap": ("TB trước ra mắt: {value}", "Before launch: {value}"),
    "ro_event_after_gap": ("TB sau ra mắt: {value}", "After launch: {value}"),
    "ro_event_launch": ("Ra mắt {date}", "Launch {date}"),
    "ro_event_axis": ("Xã − nhóm so sánh (điểm %)", "Commune − comparison (points)"),
    "ro_event_note": (
        "Mỗi điểm: tỷ lệ của xã trừ tỷ lệ của nhóm so sánh. Trước ra mắt đường nên đi ngang; "
        "nếu mô hình có tác dụng, đường nâng lên sau ra mắt và ra khỏi dải 95%. Điểm rỗng: dưới "
        "{n} {unit}.",
        "Each point: the commune's rate minus the comparison group's. Before launch the line "
        "should run flat; if the model works it rises after launch, out of the 95% band. Hollow "
        "points: fewer than {n} {unit}.",
    ),
    "ro_comparison_table": (
        "Các xã so sánh ({n}) và tỷ lệ trước ra mắt",
        "Comparison communes ({n}) and their before-window rates",
    ),
    "ro_comp_on_time_before": ("Đúng hạn trước (số hồ sơ)", "On time before (dossiers)"),
    "ro_comp_satisfaction_before": ("Hài lòng trước (số phiếu)", "Satisfaction before (responses)"),
    "ro_comp_own_launch": ("Tự ra mắt mô hình", "Own launch of the model"),
    "ro_comparison_hidden": (
        "Danh sách xã so sánh chỉ hiện với người xem được cả tỉnh.",
        "The comparison communes are listed only for users who may see the whole province.",
    ),
    "ro_excluded_title": ("Xã không đưa vào so sánh ({n})", "Communes left out ({n})"),
    "ro_excluded_reason": ("Lý do", "Reason"),
    "ro_excluded_other_model": (
        "Ra mắt mô hình khác trong khoảng so sánh: {model} ({date})",
        "Another model launched within the windows: {model} ({date})",
    ),
    "ro_excluded_same_model": (
        "Đã triển khai mô hình này từ {date}, trước khoảng so sánh",
        "Ran this model from {date}, before the windows",
    ),
    "ro_pooled_title": (
        "Hiệu quả chung của mô hình qua {n} lượt triển khai",
        "The model's pooled effect over {n} rollouts",
    ),
    "ro_pooled_note": (
        "Gộp các lượt triển khai (mô hình hiệu ứng ngẫu nhiên): đây là con số cần cho quyết định "
        "nhân rộng. Các lượt cùng tỉnh dùng chung xã so sánh nên khoảng tin cậy chung có thể hơi "
        "hẹp.",
        "The rollouts pooled (random effects): the figure a replication decision needs. "
        "Rollouts of one province share comparison communes, so the pooled interval may be "
        "slightly narrow.",
    ),
    "ro_forest_pooled": ("Chung", "Pooled"),
    "ro_forest_enough": ("Đủ dữ liệu", "Enough data"),
    "ro_forest_axis": ("Chênh lệch kép (điểm %)", "Difference in differences (points)"),
    "ro_forest_title_on_time_rate": ("Đúng hạn: từng lượt triển khai", "On time: each rollout"),
    "ro_forest_title_satisfaction_rate": (
        "Hài lòng: từng lượt triển khai",
        "Satisfaction: each rollout",
    ),
}
