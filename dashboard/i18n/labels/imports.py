"""Labels of the imports page and its exports: key -> (Vietnamese, English).

Keys start with ``imp_`` (besides the page's navigation key). ``imp_p_<code>`` are the reasons
of the problems an import reports (dashboard.importers.core.Problem), shared by the page and
``oversight import``.
"""

LABELS: dict[str, tuple[str, str]] = {
    "imp_title": ("Nhập dữ liệu", "Import data"),
    "page_import": ("Nhập dữ liệu", "Import"),
    # kinds
    "imp_kind_dossiers": (
        "Hồ sơ TTHC (xuất từ hệ thống một cửa)",
        "Dossiers (one-stop-shop system export)",
    ),
    "imp_kind_report": ("Báo cáo định kỳ Biểu 06/VPCP/KSTT", "Periodic report form 06/VPCP/KSTT"),
    "imp_kind_satisfaction": ("Đánh giá sự hài lòng", "Satisfaction responses"),
    "imp_kind_dialogue": ("Đối thoại và kiến nghị", "Dialogue sessions and petitions"),
    "imp_kind_rollout": (
        "Triển khai mô hình (cập nhật giai đoạn)",
        "Model rollouts (stage updates)",
    ),
    "imp_kind_assessments": ("Đánh giá tiêu chí mô hình", "Criterion assessments"),
    "imp_kind_targets": ("Chỉ tiêu", "Targets"),
    "imp_kind_pakn": (
        "Phản ánh, kiến nghị qua Cổng DVCQG (PAKN)",
        "Petitions and feedback via the national portal (PAKN)",
    ),
    "imp_kind_procedures": (
        "Danh mục thủ tục của đơn vị (công bố, công khai, phí, toàn trình)",
        "A unit's procedure list (announced, published, fees, full online)",
    ),
    "imp_kind_index766": (
        "Chỉ số phục vụ (QĐ 766): điểm chính thức từ Cổng DVCQG (JSON) hoặc mẫu nhập tay",
        "Service index (QĐ 766): the portal's official score (JSON) or the hand-filled template",
    ),
    "imp_period_help_766": (
        "Kỳ đánh giá (2024-Q1, 2024-03, 2024) khi tệp không ghi kỳ; theo tháng, quý, năm "
        "dương lịch như Cổng DVCQG.",
        "The period (2024-Q1, 2024-03, 2024) when the file does not say it; calendar months, "
        "quarters and years, as the portal's.",
    ),
    "imp_kind_communes": (
        "Chứng thực bản sao điện tử của cấp xã",
        "Communes' electronic certified copies",
    ),
    # page
    "imp_intro": (
        "Tải lên tệp CSV (UTF-8) hoặc Excel (.xlsx). Hệ thống kiểm tra từng dòng trước khi "
        "ghi; tệp còn lỗi sẽ không được ghi, trừ khi chọn chỉ nhập các dòng hợp lệ. Các cột "
        "chứa thông tin cá nhân (họ tên, số CCCD, điện thoại, địa chỉ) được bỏ qua, không lưu.",
        "Upload a CSV (UTF-8) or Excel (.xlsx) file. Every row is checked before anything is "
        "written; a file with errors is not written unless you choose to import the valid rows "
        "only. Columns with personal data (names, ID numbers, phone numbers, addresses) are "
        "ignored and never stored.",
    ),
    "imp_kind": ("Loại dữ liệu", "Kind of data"),
    "imp_file": ("Tệp dữ liệu", "Data file"),
    "imp_mapping": ("Tệp đối chiếu cột (không bắt buộc)", "Column-mapping file (optional)"),
    "imp_mapping_help": (
        "CSV hai cột (cột trong tệp của đơn vị, cột của hệ thống) hoặc JSON "
        '{"cột của đơn vị": "cột của hệ thống"}, dùng khi tệp xuất có tiêu đề khác mẫu.',
        'A two-column CSV (your header, our column) or JSON {"your header": "our column"}, '
        "for exports whose headers differ from the template.",
    ),
    "imp_options": ("Tùy chọn", "Options"),
    "imp_period": ("Kỳ báo cáo (nếu tệp không ghi)", "Reporting period (if the file has none)"),
    "imp_period_help": (
        "Ví dụ 2024-Q1 (kỳ 15/12/2023 – 14/3/2024), 2024, 2024-03 hoặc 2024-01-01..2024-03-31.",
        "For example 2024-Q1 (15/12/2023 – 14/03/2024), 2024, 2024-03 or 2024-01-01..2024-03-31.",
    ),
    "imp_unit": ("Đơn vị báo cáo (nếu biểu không ghi)", "Reporting unit (if the form has none)"),
    "imp_unit_help": (
        "Mã hoặc tên đơn vị của Biểu 06, ví dụ 11977 hoặc Xã Tân Hưng; nếu biểu có ghi đơn vị "
        "thì hai bên phải trùng nhau.",
        "The code or name of the form's unit, e.g. 11977 or Xã Tân Hưng; when the form names "
        "its unit, both must agree.",
    ),
    "imp_check_title": ("Kết quả kiểm tra", "Check result"),
    "imp_rows": ("Số dòng", "Rows"),
    "imp_rows_valid": ("Dòng hợp lệ", "Valid rows"),
    "imp_rows_rejected": ("Dòng có lỗi", "Rows with errors"),
    "imp_would_add": ("Sẽ thêm mới", "To add"),
    "imp_would_update": ("Sẽ cập nhật", "To update"),
    "imp_unchanged": ("Không thay đổi", "Unchanged"),
    "imp_clean": ("Tệp hợp lệ, có thể nhập.", "The file is valid and can be imported."),
    "imp_has_errors": (
        "Tệp có {n} lỗi ở {rows} dòng. Sửa tệp rồi tải lại, hoặc chọn chỉ nhập các dòng hợp lệ.",
        "The file has {n} errors in {rows} rows. Fix the file and upload it again, or choose to "
        "import the valid rows only.",
    ),
    "imp_fatal": ("Không đọc được tệp.", "The file cannot be read."),
    "imp_not_written": (
        "Không ghi được dữ liệu; xem danh sách vấn đề.",
        "Nothing was written; see the problems.",
    ),
    "imp_mapping_error": (
        "Tệp đối chiếu cột không dùng được: {detail}",
        "The column-mapping file cannot be used: {detail}",
    ),
    "imp_bad_period": ("Kỳ báo cáo không hợp lệ: {detail}", "Invalid period: {detail}"),
    "imp_problems": ("Danh sách vấn đề", "Problems found"),
    "imp_valid_only": (
        "Chỉ nhập các dòng hợp lệ, bỏ qua dòng có lỗi",
        "Import the valid rows only, skip rows with errors",
    ),
    "imp_import_button": ("Nhập dữ liệu", "Import"),
    "imp_success": (
        "Đã nhập {file}: thêm {added}, cập nhật {updated}, không đổi {unchanged}, "
        "bỏ qua {rejected} dòng lỗi (lô số {batch}).",
        "Imported {file}: {added} added, {updated} updated, {unchanged} unchanged, "
        "{rejected} rows with errors skipped (batch {batch}).",
    ),
    "imp_nothing_changed": (
        "Không có gì thay đổi: dữ liệu trong tệp đã có sẵn.",
        "Nothing changed: the data in the file is already there.",
    ),
    "imp_templates": ("Tệp mẫu", "Templates"),
    "imp_templates_help": (
        "Tệp mẫu có tiêu đề cột tiếng Việt và vài dòng ví dụ. Xem thêm docs/IMPORTS.md.",
        "Templates have Vietnamese headers and a few example rows. See docs/IMPORTS.md.",
    ),
    "imp_form_template": ("Biểu 06 (Excel)", "Form 06 (Excel)"),
    "imp_tpl_dossiers": ("Hồ sơ TTHC", "Dossiers"),
    "imp_tpl_report": ("Biểu 06 (bảng CSV)", "Form 06 (CSV table)"),
    "imp_tpl_satisfaction": ("Đánh giá hài lòng", "Satisfaction"),
    "imp_tpl_dialogue": ("Đối thoại, kiến nghị", "Dialogue"),
    "imp_tpl_rollout": ("Triển khai mô hình", "Rollouts"),
    "imp_tpl_assessments": ("Đánh giá tiêu chí", "Assessments"),
    "imp_tpl_targets": ("Chỉ tiêu", "Targets"),
    "imp_recent": ("Các lần nhập gần đây", "Recent imports"),
    "imp_no_batches": ("Chưa có lần nhập nào.", "No imports yet."),
    "imp_batch_id": ("Lô", "Batch"),
    "imp_batch_kind": ("Loại", "Kind"),
    "imp_batch_file": ("Tệp", "File"),
    "imp_batch_by": ("Người nhập", "By"),
    "imp_batch_at": ("Thời điểm", "When"),
    "imp_batch_added": ("Thêm", "Added"),
    "imp_batch_updated": ("Cập nhật", "Updated"),
    "imp_batch_rejected": ("Bỏ qua", "Rejected"),
    "imp_batch_until": ("Dữ liệu đến", "Data until"),
    "imp_kind_seed": ("Dữ liệu mẫu", "Sample data"),
    # report table
    "imp_col_row": ("Dòng", "Row"),
    "imp_col_column": ("Cột", "Column"),
    "imp_col_value": ("Giá trị", "Value"),
    "imp_col_level": ("Mức", "Level"),
    "imp_col_reason": ("Lý do", "Reason"),
    "imp_level_error": ("Lỗi", "Error"),
    "imp_level_warning": ("Cảnh báo", "Warning"),
    "imp_level_note": ("Ghi chú", "Note"),
    "imp_size_limit": (
        "Tệp CSV (UTF-8) hoặc Excel .xlsx, tối đa {mb} MB. Tệp lớn hơn: dùng lệnh "
        "“oversight import” trên máy chủ.",
        "A CSV (UTF-8) or Excel .xlsx file of at most {mb} MB. Larger files: use "
        "“oversight import” on the server.",
    ),
    "imp_checking": ("Đang kiểm tra tệp", "Checking the file"),
    "imp_importing": ("Đang nhập", "Importing"),
    "imp_progress": (
        "{label}: đã đọc {read} dòng, kiểm tra {checked}, ghi {written}",
        "{label}: {read} rows read, {checked} checked, {written} written",
    ),
    # problems: the file
    "imp_p_empty_file": ("Tệp rỗng, không có dữ liệu.", "The file is empty."),
    "imp_p_no_rows": (
        "Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào.",
        "The file has a header but no data rows.",
    ),
    "imp_p_file_too_big": (
        "Tệp quá lớn ({mb} MB, tối đa {max} MB).",
        "The file is too big ({mb} MB, at most {max} MB).",
    ),
    "imp_p_xls_format": (
        "Tệp Excel định dạng cũ (.xls) chưa được hỗ trợ: hãy lưu lại dạng .xlsx hoặc CSV UTF-8.",
        "Old Excel files (.xls) are not supported: save the file as .xlsx or CSV UTF-8.",
    ),
    "imp_p_not_utf8": (
        "Tệp không phải UTF-8 (có thể là {guess}; lỗi từ dòng {line}). Hãy mở tệp và lưu lại "
        "dạng “CSV UTF-8”.",
        "The file is not UTF-8 (it looks like {guess}; first bad byte on line {line}). Open it "
        "and save it again as “CSV UTF-8”.",
    ),
    "imp_p_csv_broken": ("Tệp CSV bị hỏng: {detail}", "The CSV file is broken: {detail}"),
    "imp_p_xlsx_corrupt": (
        "Tệp Excel bị hỏng hoặc không đầy đủ (tải về chưa xong?), không đọc được. Chi tiết: "
        "{detail}",
        "The Excel file is damaged or truncated (an unfinished download?) and cannot be read. "
        "Detail: {detail}",
    ),
    "imp_p_db_refused": (
        "Cơ sở dữ liệu từ chối ghi, không dòng nào được ghi: {detail}",
        "The database refused the data; nothing was written: {detail}",
    ),
    "imp_p_already_imported": (
        "Tệp này đã được nhập (lô số {batch}, {when}); không có gì thay đổi.",
        "This file was already imported (batch {batch}, {when}); nothing changed.",
    ),
    "imp_p_nothing_new": (
        "Dữ liệu trong tệp đã có sẵn; không có gì thay đổi.",
        "The data in the file is already there; nothing changed.",
    ),
    # problems: columns
    "imp_p_missing_column": (
        "Thiếu cột bắt buộc “{column}”. Các cột đọc được ở dòng tiêu đề {row}: {found}. Đổi "
        "tên cột hoặc dùng tệp đối chiếu cột (--mapping).",
        "A required column is missing (“{en}”). The columns found on header row {row}: "
        "{found}. Rename the column or give a column mapping (--mapping).",
    ),
    "imp_p_title_rows_skipped": (
        "Dòng {first}–{last} phía trên là phần tiêu đề của tệp; dòng tiêu đề cột là dòng {header}.",
        "Rows {first}–{last} above are the file's title block; the column headers are on row "
        "{header}.",
    ),
    "imp_p_rows_skipped_footer": (
        "{n} dòng ({first}–{last}) là dòng tổng, chân trang hoặc phần ký tên: bỏ qua.",
        "{n} rows ({first}–{last}) are a total, footer or signature block: skipped.",
    ),
    "imp_p_rows_skipped_empty": (
        "{n} dòng ({first}–{last}) không có giá trị ở cột bắt buộc nào: bỏ qua, không đọc.",
        "{n} rows ({first}–{last}) have no value in any required column: skipped, not read.",
    ),
    "imp_p_more_problems": (
        "Còn {n} vấn đề loại “{code}” nữa không liệt kê (danh sách dừng ở 20.000 vấn đề).",
        "{n} more problems of kind “{code}” are not listed (the list stops at 20,000).",
    ),
    "imp_p_duplicate_column": (
        "Cột trùng với cột “{first}”.",
        "This column duplicates the column “{first}”.",
    ),
    "imp_p_unknown_column": (
        "Cột không thuộc mẫu, được bỏ qua.",
        "Not a column of the template; ignored.",
    ),
    "imp_p_column_mapped_away": (
        "Cột được bỏ qua theo tệp đối chiếu.",
        "Column ignored as the mapping file says.",
    ),
    "imp_p_personal_column": (
        "Cột chứa thông tin cá nhân: bỏ qua, không đọc và không lưu.",
        "Column with personal data: ignored, not read and not stored.",
    ),
    "imp_p_personal_in_text": (
        "Đã xóa số điện thoại, số giấy tờ hoặc email khỏi nội dung trước khi lưu.",
        "Phone numbers, ID numbers or e-mail addresses were removed from the text before storing.",
    ),
    # problems: values
    "imp_p_required": ("Bắt buộc phải có giá trị.", "A value is required."),
    "imp_p_too_long": (
        "Quá dài ({n} ký tự, tối đa {max}).",
        "Too long ({n} characters, at most {max}).",
    ),
    "imp_p_bad_date": (
        "Ngày không hợp lệ: dùng dd/mm/yyyy (có thể kèm giờ), yyyy-mm-dd, hoặc ô ngày của Excel.",
        "Not a valid date: use dd/mm/yyyy (a time may follow), yyyy-mm-dd, or an Excel date cell.",
    ),
    "imp_p_bad_date_number": (
        "Là một con số, không phải ngày: số ngày kiểu Excel chỉ được đọc từ 32874 (01/01/1990) "
        "đến 73050 (31/12/2099), ví dụ 45293 là 02/01/2024.",
        "A number, not a date: Excel date numbers are read from 32874 (01/01/1990) to 73050 "
        "(31/12/2099), e.g. 45293 is 02/01/2024.",
    ),
    "imp_p_bad_date_month_first": (
        "Ngày không hợp lệ: có vẻ ghi tháng trước ngày (mm/dd/yyyy); hãy dùng dd/mm/yyyy.",
        "Not a valid date: it looks like month first (mm/dd/yyyy); use dd/mm/yyyy.",
    ),
    "imp_p_future_date": (
        "Ngày ở tương lai (sau hôm nay {today}).",
        "A date in the future (after today, {today}).",
    ),
    "imp_p_bad_integer": ("Không phải số nguyên.", "Not a whole number."),
    "imp_p_bad_number": ("Không phải số.", "Not a number."),
    "imp_p_out_of_range": (
        "Ngoài khoảng cho phép ({lo}–{hi}).",
        "Outside the allowed range ({lo}–{hi}).",
    ),
    "imp_p_bad_bool": ("Dùng Có/Không (hoặc 1/0, x).", "Use Có/Không, yes/no, 1/0 or x."),
    "imp_p_bad_pakn_rating": (
        "Đánh giá không hợp lệ: Hài lòng, Chấp nhận được hoặc Không hài lòng (3, 2, 1).",
        "Unknown rating: Hài lòng (satisfied), Chấp nhận được (acceptable) or Không hài lòng "
        "(unsatisfied), or 3, 2, 1.",
    ),
    "imp_p_deadline_before_received": (
        "Hạn xử lý trước ngày tiếp nhận ({received}).",
        "Deadline before the received date ({received}).",
    ),
    "imp_p_handled_before_received": (
        "Ngày xử lý xong trước ngày tiếp nhận ({received}).",
        "Handled before it was received ({received}).",
    ),
    "imp_p_rating_without_handling": (
        "Có đánh giá nhưng chưa có ngày xử lý xong: đánh giá được ghi, chưa tính.",
        "A rating without a handling date: kept, not counted until it is handled.",
    ),
    "imp_p_unknown_procedure": (
        "Không có thủ tục này trong danh mục (theo mã TTHC hoặc tên).",
        "No procedure in the catalogue has this code or name.",
    ),
    "imp_p_duplicate_unit_procedure": (
        "Thủ tục này của đơn vị đã có ở dòng {first}.",
        "This unit's procedure is already on row {first}.",
    ),
    "imp_p_not_a_commune": (
        "{unit} không phải đơn vị cấp xã.",
        "{unit} is not a commune.",
    ),
    "imp_p_duplicate_unit_row": (
        "Đơn vị này đã có ở dòng {first}.",
        "This unit is already on row {first}.",
    ),
    "imp_p_official_period_required": (
        "Tệp không ghi kỳ đánh giá: chọn kỳ (--period) hoặc ghi cột Kỳ đánh giá.",
        "The file does not say the period: give --period (the page's period) or fill Kỳ đánh giá.",
    ),
    "imp_p_unknown_indicator": (
        "Không nhận ra chỉ số này: dòng được bỏ qua.",
        "Indicator not recognised: the row is left out.",
    ),
    "imp_p_unmatched_portal_name": (
        "Không tìm thấy đơn vị có tên này (hoặc có nhiều đơn vị trùng tên): các dòng của nó được "
        "bỏ qua.",
        "No unit has this name (or several do): its rows are left out.",
    ),
    "imp_p_score_above_max": (
        "Điểm lớn hơn điểm tối đa ({max}).",
        "Score above the maximum ({max}).",
    ),
    "imp_p_duplicate_official": (
        "Chỉ số này của đơn vị trong kỳ đã có ở dòng {first}.",
        "This unit's indicator for the period is already on row {first}.",
    ),
    "imp_p_bad_json": (
        "Không đọc được tệp JSON ({detail}).",
        "The JSON file cannot be read ({detail}).",
    ),
    "imp_p_json_no_units": (
        "Tệp JSON không có dữ liệu đánh giá (data.parent/children hoặc data.overview/evaluation).",
        "The JSON file holds no evaluation (data.parent/children or data.overview/evaluation).",
    ),
    "imp_p_bad_service_level": (
        "Dùng “Toàn trình” hoặc “Một phần” (hoặc Có/Không).",
        "Use “Toàn trình” (full online) or “Một phần” (partly online), or yes/no.",
    ),
    # problems: units
    "imp_p_unit_out_of_scope": (
        "Đơn vị {unit} nằm ngoài phạm vi được phân công của tài khoản này; không nhập được.",
        "Unit {unit} is outside this account's unit; it cannot be imported.",
    ),
    "imp_p_unknown_unit": (
        "Không tìm thấy đơn vị theo mã hoặc tên này (xem `oversight units`).",
        "No unit has this code or name (see `oversight units`).",
    ),
    "imp_p_ambiguous_unit": (
        "Tên trùng với nhiều đơn vị: {units}. Dùng mã đơn vị, hoặc thêm huyện/tỉnh.",
        "The name matches several units: {units}. Use the unit code, or add the district or "
        "province.",
    ),
    "imp_p_unit_not_valid_many": (
        "Không đơn vị nào trong số {units} tồn tại vào ngày {date}; đơn vị kế thừa: {suggest}.",
        "None of {units} existed on {date}; their successors: {suggest}.",
    ),
    "imp_p_unit_ended": (
        "Đơn vị {unit} chỉ tồn tại đến {until}; vào ngày của bản ghi, dùng đơn vị kế thừa {suggest}.",
        "Unit {unit} existed only until {until}; on the record's date use its successor {suggest}.",
    ),
    "imp_p_unit_ended_no_successor": (
        "Đơn vị {unit} chỉ tồn tại đến {until}.",
        "Unit {unit} existed only until {until}.",
    ),
    "imp_p_unit_not_yet": (
        "Đơn vị {unit} chỉ có từ {since}; trước đó dùng đơn vị cũ: {suggest}.",
        "Unit {unit} exists only from {since}; before that use the former unit(s): {suggest}.",
    ),
    "imp_p_unit_not_yet_no_predecessor": (
        "Đơn vị {unit} chỉ có từ {since}.",
        "Unit {unit} exists only from {since}.",
    ),
    "imp_p_unit_not_valid_on": (
        "Đơn vị {unit} không còn tồn tại vào ngày {date} (đến {until}).",
        "Unit {unit} did not exist on {date} (until {until}).",
    ),
    # problems: dossiers
    "imp_p_unit_unassigned": (
        "Đơn vị {unit} chỉ có từ {since}, sau ngày của hồ sơ. Hồ sơ được ghi và tính cho đơn vị "
        "này ở chế độ xem hiện nay; ở chế độ đơn vị cũ, nó nằm trong “{stand_in}” vì tệp không "
        "nói đơn vị cũ nào (một trong: {former}). Tổng số không đổi giữa hai chế độ.",
        "Unit {unit} exists only since {since}, after the record's date. The record is written "
        "and counts for this unit in the current view; in the as-was view it sits under "
        "“{stand_in}” (not assigned to a former unit), as the file does not say which former "
        "unit it was (one of: {former}). Totals are the same in both views.",
    ),
    "imp_p_duplicate_code": (
        "Mã trùng với dòng {first} trong cùng tệp.",
        "The same code as row {first} of this file.",
    ),
    "imp_p_unknown_status": (
        "Trạng thái không hợp lệ: dùng mã 1–10 của Cổng Dịch vụ công quốc gia hoặc tên "
        "(Mới đăng ký, Được tiếp nhận, Không được tiếp nhận, Đang xử lý, Yêu cầu bổ sung giấy tờ, "
        "Yêu cầu thực hiện nghĩa vụ tài chính, Công dân yêu cầu rút hồ sơ, Dừng xử lý, "
        "Đã xử lý xong, Đã trả kết quả).",
        "Unknown status: use the national portal's codes 1–10 or their Vietnamese names "
        "(Đang xử lý, Đã xử lý xong, Đã trả kết quả, …).",
    ),
    "imp_p_unknown_channel": (
        "Kênh nộp không hợp lệ: 1 Trực tiếp, 2 Trực tuyến, 3 Bưu chính công ích.",
        "Unknown channel: 1 direct (Trực tiếp), 2 online (Trực tuyến), 3 postal (Bưu chính "
        "công ích).",
    ),
    "imp_p_unknown_field": (
        "Không có lĩnh vực này trong danh mục (theo mã hoặc tên).",
        "No field has this code or name.",
    ),
    "imp_p_procedure_other_field": (
        "Thủ tục này thuộc lĩnh vực {field}.",
        "This procedure belongs to the field {field}.",
    ),
    "imp_p_field_required_for_new": (
        "Thủ tục chưa có trong danh mục: cần ghi lĩnh vực để thêm mới.",
        "The procedure is not in the catalogue: give its field so it can be added.",
    ),
    "imp_p_unknown_procedure_code": (
        "Mã thủ tục chưa có trong danh mục và không có tên thủ tục.",
        "Unknown procedure code, and no procedure name to add it by.",
    ),
    "imp_p_procedure_created": (
        "Thủ tục chưa có trong danh mục lĩnh vực {field}: sẽ được thêm với mã {code}.",
        "Procedure not in the catalogue of {field}: it will be added with code {code}.",
    ),
    "imp_p_department_created": (
        "Bộ phận mới của đơn vị {unit}: sẽ được thêm.",
        "A new department of {unit}: it will be added.",
    ),
    "imp_p_appointment_before_received": (
        "Ngày hẹn trả trước ngày tiếp nhận ({received}).",
        "Appointment date before the received date ({received}).",
    ),
    "imp_p_resolved_before_received": (
        "Ngày có kết quả trước ngày tiếp nhận ({received}).",
        "Resolution before receipt ({received}).",
    ),
    "imp_p_returned_before_resolved": (
        "Ngày trả kết quả trước ngày có kết quả ({resolved}).",
        "Result returned before it was ready ({resolved}).",
    ),
    "imp_p_resolved_required": (
        "Trạng thái {status} (đã giải quyết) cần ngày có kết quả.",
        "Status {status} (resolved) needs a resolution date.",
    ),
    "imp_p_pending_with_result": (
        "Trạng thái {status} là hồ sơ chưa giải quyết nhưng lại có ngày có kết quả; dùng "
        "trạng thái 9 hoặc 10.",
        "Status {status} means not resolved, yet there is a resolution date; use status 9 or 10.",
    ),
    "imp_p_closed_required": (
        "Trạng thái {status} (dừng, rút, không tiếp nhận) cần ngày kết thúc.",
        "Status {status} (stopped, withdrawn, not accepted) needs the date it ended.",
    ),
    # problems: report form
    "imp_p_sum_received": (
        "Tổng tiếp nhận phải bằng trực tuyến + trực tiếp, bưu chính ({expected}), hoặc cộng "
        "thêm số kỳ trước chuyển qua ({expected_with}).",
        "Received total must equal online + direct/postal ({expected}), or that plus carried "
        "over ({expected_with}).",
    ),
    "imp_p_convention_with": (
        "Tệp ghi “Tiếp nhận: tổng số” = trực tuyến + trực tiếp, bưu chính + kỳ trước chuyển qua "
        "({n} dòng có số chuyển qua). Số lưu là số tiếp nhận trong kỳ (trực tuyến + trực tiếp, "
        "bưu chính).",
        "The file's received total includes the dossiers carried over (online + direct/postal "
        "+ carried over; {n} rows carry some over). Stored: received in the period (online + "
        "direct/postal).",
    ),
    "imp_p_convention_without": (
        "Tệp ghi “Tiếp nhận: tổng số” = trực tuyến + trực tiếp, bưu chính (không gồm kỳ trước "
        "chuyển qua; {n} dòng có số chuyển qua).",
        "The file's received total is online + direct/postal, without the dossiers carried "
        "over ({n} rows carry some over).",
    ),
    "imp_p_convention_mixed": (
        "Tệp dùng cả hai cách tính tổng tiếp nhận: {n_with} dòng gồm kỳ trước chuyển qua (ví "
        "dụ dòng {row_with}), {n_without} dòng không gồm (ví dụ dòng {row_without}). Số lưu là "
        "số tiếp nhận trong kỳ; hãy kiểm tra lại biểu.",
        "The file mixes both ways of totalling received dossiers: {n_with} rows include the "
        "carried-over ones (e.g. row {row_with}), {n_without} do not (e.g. row {row_without}). "
        "Stored: received in the period; please check the form.",
    ),
    "imp_p_convention_declared_differs": (
        "Dòng đánh số cột ghi công thức tổng tiếp nhận khác với số liệu (công thức: {declared}).",
        "The column-number row's formula for the received total disagrees with the figures "
        "(formula: {declared}).",
    ),
    "imp_p_total_row_mismatch": (
        "Dòng tổng cộng khác tổng các dòng lĩnh vực ở cột: {columns}. Dòng tổng không được ghi.",
        "The total row differs from the sum of the field rows in: {columns}. Total rows are "
        "not stored.",
    ),
    "imp_p_total_row_checked": (
        "Dòng tổng cộng khớp với tổng các dòng lĩnh vực; không ghi riêng.",
        "The total row equals the sum of the field rows; not stored itself.",
    ),
    "imp_p_signature_block": (
        "Phần ký tên từ dòng này trở xuống: bỏ qua.",
        "The signature block from this row down: ignored.",
    ),
    "imp_p_group_heading": (
        "Dòng nhóm (cấp, khối): không phải đơn vị hay lĩnh vực, bỏ qua.",
        "A grouping row (level, block): neither a unit nor a field; skipped.",
    ),
    "imp_p_period_from_title": (
        "Kỳ báo cáo đọc từ tiêu đề biểu: {start} – {end}.",
        "Reporting period read from the form's title: {start} – {end}.",
    ),
    "imp_p_unit_differs": (
        "Đơn vị ghi trong biểu ({file}) khác đơn vị đã chọn ({option}); không ghi gì.",
        "The form's unit ({file}) differs from the one given ({option}); nothing written.",
    ),
    "imp_p_sheet_skipped": (
        "Trang tính không có biểu (không có dòng tiêu đề bắt đầu bằng STT): bỏ qua.",
        "A sheet without the form (no header row starting with STT): skipped.",
    ),
    "imp_p_sum_resolved": (
        "Tổng đã giải quyết phải bằng trước hạn + đúng hạn + quá hạn ({expected}).",
        "Resolved total must equal early + on time + late ({expected}).",
    ),
    "imp_p_sum_pending": (
        "Tổng đang giải quyết phải bằng trong hạn + quá hạn ({expected}).",
        "Pending total must equal within deadline + overdue ({expected}).",
    ),
    "imp_p_sum_balance": (
        "Tiếp nhận + kỳ trước chuyển qua ({left}) khác đã giải quyết + đang giải quyết "
        "({right}); kiểm tra lại số liệu.",
        "Received + carried over ({left}) differs from resolved + pending ({right}); please check.",
    ),
    "imp_p_period_in_future": (
        "Kỳ báo cáo chưa kết thúc (hôm nay {today}).",
        "The period has not ended yet (today is {today}).",
    ),
    "imp_p_period_required": (
        "Không có kỳ báo cáo: ghi “từ ngày … đến ngày …” trong tệp, thêm cột Từ ngày/Đến ngày "
        "hoặc Kỳ báo cáo, hoặc chọn kỳ (--period).",
        "No reporting period: state “từ ngày … đến ngày …” in the file, add the columns "
        "Period start/end or Period, or give one (--period).",
    ),
    "imp_p_period_reversed": (
        "Ngày kết thúc kỳ trước ngày bắt đầu.",
        "The period ends before it starts.",
    ),
    "imp_p_bad_period": (
        "Không đọc được kỳ báo cáo (ví dụ 2024-Q1, Quý I năm 2024, 15/12/2023 - 14/03/2024).",
        "Cannot read the period (e.g. 2024-Q1, Quý I năm 2024, 15/12/2023 - 14/03/2024).",
    ),
    "imp_p_period_differs": (
        "Kỳ ghi trong tệp ({file}) khác kỳ đã chọn ({option}); không ghi gì. Bỏ kỳ đã chọn "
        "hoặc sửa tệp.",
        "The file's period ({file}) differs from the one given ({option}); nothing written. "
        "Drop the option or correct the file.",
    ),
    "imp_p_duplicate_report_row": (
        "Đơn vị và lĩnh vực này đã có ở dòng {first} cho cùng kỳ.",
        "This unit and field already appear on row {first} for the same period.",
    ),
    "imp_p_form_header_positional": (
        "Không nhận ra tiêu đề các cột số liệu; đọc theo thứ tự chuẩn của Biểu 06.",
        "The number columns' headers were not recognised; read in the standard order of form 06.",
    ),
    "imp_p_field_before_unit": (
        "Dòng lĩnh vực đứng trước mọi dòng đơn vị.",
        "A field row before any unit row.",
    ),
    "imp_p_unit_row_invalid": (
        "Dòng đơn vị phía trên (dòng {first}) có lỗi.",
        "The unit row above (row {first}) has an error.",
    ),
    "imp_p_unknown_field_or_unit": (
        "Không phải lĩnh vực hay đơn vị đã biết.",
        "Neither a known field nor a known unit.",
    ),
    "imp_p_row_ignored": (
        "Dòng không có số liệu và không phải đơn vị hay lĩnh vực: bỏ qua.",
        "A row without figures that is neither a unit nor a field: ignored.",
    ),
    "imp_p_unit_total_mismatch": (
        "Dòng tổng của đơn vị khác tổng các lĩnh vực ở cột: {columns}.",
        "The unit's total row differs from the sum of its fields in: {columns}.",
    ),
    # problems: satisfaction
    "imp_p_unknown_rating_channel": (
        "Hình thức đánh giá không hợp lệ: Kiosk, Máy tính bảng, Mã QR, Phiếu giấy, Khảo sát.",
        "Unknown rating channel: kiosk, tablet, QR code, paper form, survey.",
    ),
    "imp_p_bad_rating": (
        "Mức đánh giá phải là 1–5 hoặc Rất hài lòng, Hài lòng, Bình thường, Không hài lòng, "
        "Rất không hài lòng.",
        "A rating is 1–5 or very satisfied, satisfied, neutral, dissatisfied, very dissatisfied.",
    ),
    "imp_p_dossier_not_found": (
        "Không có hồ sơ với mã này; phiếu được nhập nhưng không gắn với hồ sơ.",
        "No dossier has this code; the response is imported without the link.",
    ),
    # problems: dialogue
    "imp_p_session_differs": (
        "Thông tin buổi đối thoại khác với dòng {first} cùng mã buổi.",
        "The session's details differ from row {first} with the same session code.",
    ),
    "imp_p_unknown_format": (
        "Hình thức không hợp lệ: Hội nghị đối thoại, Định kỳ, Đột xuất, Ly trà đối thoại, "
        "Ngày thứ Bảy vì dân.",
        "Unknown format: conference, periodic, on demand, tea (ly trà), saturday.",
    ),
    "imp_p_unknown_topic": (
        "Chủ đề không hợp lệ: Đất đai, Môi trường, Chính sách xã hội, Hạ tầng, Thủ tục hành "
        "chính, An ninh trật tự, Khác.",
        "Unknown topic: land, environment, social policy, infrastructure, procedures, "
        "security, other.",
    ),
    "imp_p_date_before": ("Ngày này trước ngày {other}.", "This date is before {other}."),
    "imp_p_duplicate_petition": (
        "Số thứ tự kiến nghị trùng với dòng {first}.",
        "The same petition number as row {first}.",
    ),
    # problems: rollouts and assessments
    "imp_p_unknown_model": (
        "Không có mô hình này (theo mã hoặc tên).",
        "No model has this code or name.",
    ),
    "imp_p_unknown_stage": (
        "Giai đoạn không hợp lệ: Đăng ký, Ra mắt, Thí điểm, Sơ kết, Tổng kết, Nhân rộng, Dừng.",
        "Unknown stage: registered, launched, piloting, preliminary review, final review, "
        "replicated, stopped.",
    ),
    "imp_p_conflicting_value": (
        "Khác với giá trị đã ghi ở dòng khác ({other}).",
        "Differs from the value given on another row ({other}).",
    ),
    "imp_p_nothing_to_update": (
        "Dòng không có ngày nào để cập nhật.",
        "The row has no date to update.",
    ),
    "imp_p_stage_order": (
        "Giai đoạn này sớm hơn giai đoạn trước “{before}” ({other}).",
        "This stage is earlier than the stage before it, “{before}” ({other}).",
    ),
    "imp_p_unknown_criterion": (
        "Mô hình {model} không có tiêu chí này.",
        "Model {model} has no such criterion.",
    ),
    "imp_p_no_rollout": (
        "Đơn vị chưa triển khai mô hình {model}: nhập giai đoạn triển khai trước.",
        "The unit has no rollout of model {model}: import the rollout first.",
    ),
    "imp_p_duplicate_assessment": (
        "Trùng đánh giá ở dòng {first} (cùng tiêu chí, cùng ngày).",
        "The same assessment as row {first} (criterion and date).",
    ),
    # problems: targets
    "imp_p_unknown_metric": (
        "Chỉ tiêu không hợp lệ: Tỷ lệ đúng hạn, Tỷ lệ nộp trực tuyến, Tỷ lệ hài lòng, Số buổi "
        "đối thoại, Số mô hình.",
        "Unknown metric: on_time_rate, online_share, satisfaction_rate, dialogue_sessions, "
        "models_per_unit.",
    ),
    "imp_p_duplicate_target": (
        "Trùng chỉ tiêu ở dòng {first} (cùng đơn vị, cùng năm).",
        "The same target as row {first} (unit and year).",
    ),
}
