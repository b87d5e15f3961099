"""Dossiers as one-stop-shop systems export them (CSV or XLSX, one dossier a row).

Natural key: ``dossier.code``. A newer export of the same dossiers replaces their values; an
identical row changes nothing. Effective due date and processing days are derived with
``dashboard.dossiers`` like every other writer.

Procedures: matched by code (Mã thủ tục) or by name within the field. A procedure named in a
known field that the catalogue lacks is created (local catalogues differ and a province's
export names hundreds of procedures), with the legal time limit from the optional column
"Thời hạn giải quyết" or, failing that, the median number of working days between receipt and
appointment in the file. An unknown field is an error. Departments (Bộ phận xử lý) unknown to
the resolving unit are created too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from statistics import median

import numpy as np
from sqlalchemy import update

from dashboard.domain.dossier_dates import effective_due_date, processing_days
from dashboard.importers.core import (
    Col,
    Context,
    Rec,
    SeenCodes,
    Sheet,
    Written,
    department_ids,
    key,
    norm,
    tabular,
    upsert,
    words,
)
from dashboard.storage.partitions import ensure_dossier_partitions
from dashboard.storage.schema import (
    STATUS_FINANCIAL,
    STATUS_NEW,
    STATUS_NOT_ACCEPTED,
    STATUS_PROCESSING,
    STATUS_RECEIVED,
    STATUS_RESOLVED,
    STATUS_RETURNED,
    STATUS_STOPPED,
    STATUS_SUPPLEMENT,
    STATUS_WITHDRAWN,
    dossier,
    procedure,
)

KIND = "dossiers"
TABLE = "dossier"

COLUMNS = [
    Col(
        "code",
        "Mã hồ sơ",
        "Dossier code",
        ("Số hồ sơ", "Mã HS", "Dossier ID", "Dossier no"),
        required=True,
    ),
    Col(
        "procedure",
        "Tên thủ tục",
        "Procedure",
        ("Thủ tục", "Thủ tục hành chính", "Tên thủ tục hành chính", "Procedure name", "TTHC"),
    ),
    Col(
        "field",
        "Lĩnh vực",
        "Field",
        (
            "Tên lĩnh vực",
            "Mã lĩnh vực",
            "Nhóm lĩnh vực",
            "Lĩnh vực thủ tục",
            "Field code",
            "Sector",
        ),
    ),
    Col(
        "receiving_unit",
        "Đơn vị tiếp nhận",
        "Receiving unit",
        (
            "Nơi tiếp nhận",
            "Cơ quan tiếp nhận",
            "Cơ quan tiếp nhận hồ sơ",
            "Đơn vị tiếp nhận hồ sơ",
            "Nơi nộp hồ sơ",
            "Mã đơn vị tiếp nhận",
            "Receiving agency",
        ),
        required=True,
    ),
    Col(
        "resolving_unit",
        "Đơn vị giải quyết",
        "Resolving unit",
        (
            "Cơ quan giải quyết",
            "Mã đơn vị giải quyết",
            "Resolving agency",
            "Cơ quan thực hiện",
            "Đơn vị thực hiện",
            "Đơn vị xử lý",
            "Cơ quan xử lý",
        ),
    ),
    Col(
        "department",
        "Bộ phận xử lý",
        "Department",
        (
            "Bộ phận đang xử lý",
            "Phòng ban xử lý",
            "Phòng ban",
            "Phòng ban chuyên môn",
            "Bộ phận giải quyết",
            "Handling department",
        ),
    ),
    Col(
        "channel",
        "Kênh nộp",
        "Channel",
        (
            "Hình thức nộp",
            "Hình thức nộp hồ sơ",
            "Hình thức",
            "Kênh tiếp nhận",
            "Submission channel",
            "Hình thức tiếp nhận",
        ),
        required=True,
    ),
    Col(
        "status",
        "Trạng thái",
        "Status",
        ("Tình trạng", "Tình trạng xử lý", "Trạng thái xử lý", "Trạng thái hồ sơ", "Mã trạng thái"),
        required=True,
    ),
    Col(
        "received_date",
        "Ngày tiếp nhận",
        "Received date",
        (
            "Ngày nhận",
            "Thời gian nhận",
            "Thời gian tiếp nhận",
            "Ngày giờ tiếp nhận",
            "Received",
            "Ngày nộp",
        ),
        required=True,
    ),
    Col(
        "appointment_date",
        "Ngày hẹn trả",
        "Appointment date",
        (
            "Ngày hẹn trả kết quả",
            "Thời gian hẹn trả",
            "Hạn xử lý",
            "Hạn giải quyết",
            "Due date",
            "Appointment",
        ),
        required=True,
    ),
    Col(
        "resolved_date",
        "Ngày có kết quả",
        "Resolved date",
        (
            "Ngày hoàn thành",
            "Ngày xử lý xong",
            "Ngày giải quyết xong",
            "Resolved",
            "Ngày kết thúc xử lý",
            "Thời gian hoàn thành",
            "Thời gian xử lý xong",
        ),
    ),
    Col(
        "returned_date",
        "Ngày trả kết quả",
        "Returned date",
        ("Ngày trả", "Thời gian trả kết quả", "Returned", "Result returned"),
    ),
    Col(
        "closed_date",
        "Ngày kết thúc",
        "Closed date",
        ("Ngày dừng xử lý", "Ngày rút hồ sơ", "Ngày từ chối", "Closed"),
    ),
    Col(
        "supplement_wait_days",
        "Số ngày chờ bổ sung",
        "Supplement wait days",
        ("Số ngày tạm dừng", "Số ngày chờ công dân bổ sung", "Supplement days"),
    ),
    Col(
        "apology_letter",
        "Phiếu xin lỗi",
        "Apology letter",
        ("Có phiếu xin lỗi", "Phiếu xin lỗi và hẹn lại", "Thư xin lỗi"),
    ),
    Col(
        "online_payment",
        "Thanh toán trực tuyến",
        "Online payment",
        ("Thanh toán trực tuyến phí, lệ phí", "Paid online"),
    ),
    Col(
        "digitised",
        "Số hóa",
        "Digitised",
        ("Số hoá hồ sơ", "Số hóa hồ sơ, kết quả", "Digitized", "Số hóa hồ sơ"),
    ),
    Col("procedure_code", "Mã thủ tục", "Procedure code", ("Mã TTHC",)),
    # What the national service index (QĐ 766) reads; every one optional, "Có"/"Không".
    Col(
        "full_online_service",
        "Mức độ dịch vụ công",
        "Online service level",
        ("DVC toàn trình", "Toàn trình/Một phần", "Mức độ DVC", "Service level"),
    ),
    Col(
        "fee_required",
        "Có phí, lệ phí",
        "Fee or obligation due",
        ("Phí, lệ phí", "Có nghĩa vụ tài chính", "Có thu phí", "Fee required"),
    ),
    Col(
        "result_electronic",
        "Kết quả điện tử",
        "Electronic result",
        ("Trả kết quả điện tử", "Cấp kết quả điện tử", "Electronic result issued"),
    ),
    Col(
        "data_reused",
        "Tái sử dụng dữ liệu",
        "Data reused",
        ("Tái sử dụng thông tin, dữ liệu", "Sử dụng lại dữ liệu đã có", "Reused data"),
    ),
    Col(
        "shared_reuse",
        "Khai thác dữ liệu số hóa",
        "Digitised data reused",
        ("Khai thác, sử dụng lại dữ liệu số hóa", "Digitised reuse"),
    ),
    Col(
        "population_db",
        "Sử dụng CSDL dân cư",
        "Population database used",
        ("CSDL quốc gia về dân cư", "Khai thác CSDL dân cư", "Population database"),
    ),
    Col(
        "synced_on_time",
        "Đồng bộ đúng hạn",
        "Synced on time",
        ("Đồng bộ Cổng DVCQG đúng hạn", "Đồng bộ trạng thái đúng hạn", "Synced"),
    ),
    Col(
        "citizen_unsatisfied",
        "Không hài lòng hoặc bị phản ánh",
        "Rated unsatisfied or complained",
        ("Đánh giá không hài lòng", "Bị phản ánh, kiến nghị", "Unsatisfied"),
    ),
    Col(
        "legal_days",
        "Thời hạn giải quyết (ngày làm việc)",
        "Legal time limit (working days)",
        ("Thời hạn giải quyết", "Số ngày giải quyết theo quy định", "Legal days"),
    ),
    Col("district", "Quận/Huyện", "District", ("Huyện", "Quận", "Huyện cũ")),
    Col("province", "Tỉnh/Thành phố", "Province", ("Tỉnh", "Thành phố")),
]

STATUS = words(
    (
        STATUS_NEW,
        ("1", "Mới đăng ký", "Đăng ký mới", "Mới", "Chờ tiếp nhận", "Newly registered", "New"),
    ),
    (STATUS_RECEIVED, ("2", "Được tiếp nhận", "Đã tiếp nhận", "Tiếp nhận", "Received")),
    (
        STATUS_NOT_ACCEPTED,
        (
            "3",
            "Không được tiếp nhận",
            "Từ chối tiếp nhận",
            "Không tiếp nhận",
            "Not accepted",
            "Rejected",
        ),
    ),
    (STATUS_PROCESSING, ("4", "Đang xử lý", "Đang giải quyết", "Processing", "In progress")),
    (
        STATUS_SUPPLEMENT,
        (
            "5",
            "Yêu cầu bổ sung giấy tờ",
            "Yêu cầu bổ sung",
            "Chờ bổ sung",
            "Bổ sung hồ sơ",
            "Supplement requested",
        ),
    ),
    (
        STATUS_FINANCIAL,
        (
            "6",
            "Yêu cầu thực hiện nghĩa vụ tài chính",
            "Nghĩa vụ tài chính",
            "Chờ thực hiện nghĩa vụ tài chính",
            "Financial obligation requested",
        ),
    ),
    (
        STATUS_WITHDRAWN,
        (
            "7",
            "Công dân yêu cầu rút hồ sơ",
            "Rút hồ sơ",
            "Đã rút hồ sơ",
            "Withdrawn",
            "Withdrawn by citizen",
        ),
    ),
    (
        STATUS_STOPPED,
        (
            "8",
            "Dừng xử lý",
            "Trả lại",
            "Trả lại hồ sơ",
            "Không giải quyết",
            "Hủy",
            "Đã hủy",
            "Processing stopped",
            "Stopped",
        ),
    ),
    (
        STATUS_RESOLVED,
        ("9", "Đã xử lý xong", "Đã giải quyết", "Hoàn thành", "Đã có kết quả", "Resolved"),
    ),
    (
        STATUS_RETURNED,
        ("10", "Đã trả kết quả", "Trả kết quả", "Đã trả", "Result returned", "Returned"),
    ),
)
CHANNEL = words(
    (
        1,
        (
            "1",
            "Trực tiếp",
            "Nộp trực tiếp",
            "Tại quầy",
            "Tại bộ phận một cửa",
            "Direct",
            "In person",
        ),
    ),
    (
        2,
        (
            "2",
            "Trực tuyến",
            "Nộp trực tuyến",
            "Dịch vụ công trực tuyến",
            "DVC trực tuyến",
            "DVCTT",
            "Online",
        ),
    ),
    (
        3,
        (
            "3",
            "Bưu chính",
            "Bưu chính công ích",
            "BCCI",
            "Qua bưu điện",
            "Bưu điện",
            "Qua dịch vụ bưu chính công ích",
            "Postal",
            "Post",
        ),
    ),
)

# Words portals and one-stop systems print, by the code they mean. Tried on the cell's text
# without diacritics, spaces or punctuation, after the exact names above; the first rule
# whose words the text contains wins, so the longer phrases come first.
_STATUS_RULES: tuple[tuple[int, tuple[str, ...]], ...] = (
    (
        STATUS_NOT_ACCEPTED,
        ("khongduoctiepnhan", "khongtiepnhan", "tuchoitiepnhan", "tuchoi", "notaccepted"),
    ),
    (STATUS_RESOLVED, ("chotraketqua", "chotrakq", "dacoketquachotra", "awaitingreturn")),
    (
        STATUS_RETURNED,
        ("datraketqua", "datrakq", "traketqua", "dagiaochocongdan", "resultreturned"),
    ),
    (STATUS_WITHDRAWN, ("rut", "withdraw")),
    (STATUS_FINANCIAL, ("nghiavutaichinh", "nopphi", "financial")),
    (STATUS_SUPPLEMENT, ("bosung", "hoanthien", "supplement")),
    # Paused ("Tạm dừng xử lý", "Tạm ngừng"): the national codes have no paused state, and a
    # paused dossier is neither stopped nor returned: it stays pending (in the backlog, due on
    # its appointment) as one being processed. Before "dungxuly", which it contains.
    (STATUS_PROCESSING, ("tamdung", "tamngung", "paused")),
    (
        STATUS_STOPPED,
        # Not "huy" alone: it is inside "chuyển" ("Đã chuyển xử lý" is processing).
        (
            "dungxuly",
            "ngungxuly",
            "tralai",
            "khonggiaiquyet",
            "huyhoso",
            "dahuy",
            "bihuy",
            "stopped",
        ),
    ),
    (
        STATUS_RESOLVED,
        (
            "daxulyxong",
            "dagiaiquyet",
            "giaiquyetxong",
            "dahoanthanh",
            "hoanthanh",
            "dacoketqua",
            "coketqua",
            "daxuly",
            "resolved",
            "completed",
            "done",
        ),
    ),
    (
        STATUS_PROCESSING,
        (
            "dangxuly",
            "danggiaiquyet",
            "dangthamdinh",
            "chuyenxuly",
            "trinhky",
            "chopheduyet",
            "choky",
            "dangthuly",
            "choxuly",
            "xuly",
            "processing",
        ),
    ),
    (STATUS_RECEIVED, ("datiepnhan", "duoctiepnhan", "tiepnhan", "received")),
    (STATUS_NEW, ("moidangky", "dangkymoi", "chotiepnhan", "moi", "new")),
)
_CHANNEL_RULES: tuple[tuple[int, tuple[str, ...]], ...] = (
    (3, ("buuchinh", "bcci", "buudien", "post")),
    (2, ("tructuyen", "dichvucong", "dvc", "online", "quamang", "cong", "mucdo3", "mucdo4")),
    (1, ("tructiep", "taiquay", "motcua", "bophan", "direct", "person", "counter")),
)
_QUALIFIERS = re.compile(
    r"\(.*?\)|\s[-–]\s.*$|\b(?:quá|trễ|đúng|trước|trong|chưa đến)\s+hạn\b.*$", re.IGNORECASE
)


def _by_rules(rules, text: str):  # noqa: ANN001, ANN202
    for value, words_ in rules:
        k = key(text)
        if any(w in k for w in words_):
            return value
    return None


def status_words(text: str) -> int | None:
    """A status as a portal prints it: "Đã trả kết quả (trước hạn)", "Hồ sơ đang xử lý –
    quá hạn", "Chờ trả kết quả", "Đã có kết quả"; None when no rule knows it."""
    stripped = _QUALIFIERS.sub("", text).strip()
    for t_ in (stripped, re.sub(r"(?i)^(hồ sơ|hs)\s+", "", stripped)):
        if t_ and key(t_) in STATUS:
            return STATUS[key(t_)]
    return _by_rules(_STATUS_RULES, stripped or text)


def channel_words(text: str) -> int | None:
    """A channel as a portal prints it: "Trực tuyến toàn trình", "DVC mức độ 4",
    "Nộp qua dịch vụ BCCI", "Tại Bộ phận Một cửa"."""
    return _by_rules(_CHANNEL_RULES, text)


PENDING = (STATUS_NEW, STATUS_RECEIVED, STATUS_PROCESSING, STATUS_SUPPLEMENT, STATUS_FINANCIAL)
CLOSED = (STATUS_NOT_ACCEPTED, STATUS_WITHDRAWN, STATUS_STOPPED)
DONE = (STATUS_RESOLVED, STATUS_RETURNED)

# Template rows: valid against the seeded database (Phường Phố Hiến, Hưng Yên, code 11953).
EXAMPLES = [
    {
        "code": "MAU.11953.2026.000001",
        "procedure": "Đăng ký khai sinh",
        "field": "Hộ tịch",
        "receiving_unit": "11953",
        "resolving_unit": "11953",
        "department": "Trung tâm Phục vụ hành chính công",
        "channel": "Trực tuyến",
        "status": "Đã trả kết quả",
        "received_date": "01/10/2026",
        "appointment_date": "02/10/2026",
        "resolved_date": "02/10/2026",
        "returned_date": "02/10/2026",
        "supplement_wait_days": "0",
        "apology_letter": "Không",
        "online_payment": "Có",
        "digitised": "Có",
        "full_online_service": "Toàn trình",
        "fee_required": "Có",
        "result_electronic": "Có",
        "data_reused": "Có",
        "shared_reuse": "Không",
        "population_db": "Có",
        "synced_on_time": "Có",
        "citizen_unsatisfied": "Không",
    },
    {
        "code": "MAU.11953.2026.000002",
        "procedure": "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "field": "CHUNG_THUC",
        "receiving_unit": "Phường Phố Hiến",
        "resolving_unit": "Phường Phố Hiến",
        "department": "Trung tâm Phục vụ hành chính công",
        "channel": "1",
        "status": "9",
        "received_date": "05/10/2026",
        "appointment_date": "06/10/2026",
        "resolved_date": "08/10/2026",
        "supplement_wait_days": "0",
        "apology_letter": "Có",
        "online_payment": "Không",
        "digitised": "Có",
        "full_online_service": "Một phần",
        "fee_required": "Có",
        "result_electronic": "Không",
        "data_reused": "Không",
        "shared_reuse": "Có",
        "population_db": "Không",
        "synced_on_time": "Có",
        "citizen_unsatisfied": "Có",
    },
    {
        "code": "MAU.11953.2026.000003",
        "procedure": "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
        "field": "Đất đai",
        "receiving_unit": "11953",
        "resolving_unit": "11953",
        "department": "Phòng Kinh tế, Hạ tầng và Đô thị",
        "channel": "Bưu chính công ích",
        "status": "Đang xử lý",
        "received_date": "2026-11-02",
        "appointment_date": "2026-11-16",
        "supplement_wait_days": "3",
        "apology_letter": "",
        "online_payment": "Không",
        "digitised": "Không",
        "full_online_service": "Một phần",
        "fee_required": "Không",
        "result_electronic": "",
        "data_reused": "Không",
        "shared_reuse": "Không",
        "population_db": "Có",
        "synced_on_time": "Không",
        "citizen_unsatisfied": "",
    },
]

_WEEK = np.busdaycalendar(weekmask="1111100")

# The service level as portals print it ("Toàn trình", "Một phần"), or yes / no.
SERVICE_LEVEL = words(
    (True, ("Toàn trình", "DVC toàn trình", "Trực tuyến toàn trình", "Full", "Full online")),
    (False, ("Một phần", "DVC một phần", "Trực tuyến một phần", "Partial", "Partly online")),
)
# Optional yes/no columns of the index: written only when the file has the column, so an
# export without it leaves what an earlier one said.
INDEX_FLAGS = (
    "fee_required",
    "result_electronic",
    "data_reused",
    "shared_reuse",
    "population_db",
    "synced_on_time",
    "citizen_unsatisfied",
)


def _service_level(text: str) -> bool | None:
    from dashboard.importers.core import parse_bool

    k = key(text)
    if "toantrinh" in k:
        return True
    if "motphan" in k:
        return False
    return parse_bool(text)


TEMPLATE_COLUMNS = [c.key for c in COLUMNS[:17]] + ["full_online_service", *INDEX_FLAGS]


def validate(sheet: Sheet, mapping: dict | None, ctx: Context) -> Iterator[Rec]:
    """The file's dossiers, one validated record at a time (a generator: the engine writes
    them in chunks, so a file of a million rows never sits in memory)."""
    seen = SeenCodes()  # a million codes in 16 MB
    cat, units = ctx.catalog, ctx.units
    new_procs: dict[int, Counter] = {}  # new procedure ref -> working days seen
    ctx.new_procs = new_procs
    new_depts: set[tuple[int, str]] = set()
    for row in tabular(sheet, COLUMNS, mapping, ctx):
        code = row.text("code", required=True, cap=64)
        if code:
            first = seen.first(code)
            if first is not None:
                row.error("code", "duplicate_code", first=first)
            else:
                seen.add(code, row.num)
        received = row.date("received_date", required=True)
        appt = row.date("appointment_date", required=True, past=False)
        resolved = row.date("resolved_date")
        returned = row.date("returned_date")
        closed = row.date("closed_date")
        status = row.choice("status", STATUS, "unknown_status", fuzzy=status_words)
        channel = row.choice("channel", CHANNEL, "unknown_channel", fuzzy=channel_words)
        wait = row.int("supplement_wait_days", lo=0, hi=3650, default=0)
        apology = row.bool("apology_letter")
        paid = row.bool("online_payment")
        digitised = row.bool("digitised")
        legal = row.int("legal_days", lo=0, hi=365)
        flags = {}
        if row.has("full_online_service"):
            flags["full_online_service"] = row.choice(
                "full_online_service",
                SERVICE_LEVEL,
                "bad_service_level",
                required=False,
                fuzzy=_service_level,
            )
        for k_ in INDEX_FLAGS:
            if row.has(k_):
                flags[k_] = row.bool(k_, default=None)
        hints = (row.raw("district"), row.raw("province"))
        recv_unit = units.resolve(row, "receiving_unit", on=received, hints=hints, unassigned=True)
        if row.has("resolving_unit"):
            res_unit = units.resolve(
                row, "resolving_unit", on=received, hints=hints, unassigned=True
            )
        else:
            res_unit = recv_unit
        dept = row.text("department", cap=200)

        # Field and procedure.
        fid = None
        if row.has("field"):
            fid = cat.field_id(row.raw("field"))
            if fid is None:
                row.error("field", "unknown_field")
        pcode = row.text("procedure_code", cap=64)
        pname = row.text("procedure", cap=400)
        pref = None
        if not pcode and not pname:
            row.error("procedure", "required")
        elif not (row.has("field") and fid is None):
            pref = cat.proc_by(pcode, pname, fid)
            if pref is not None:
                p = cat.procs[pref]
                if fid is not None and p.field_id != fid:
                    row.error("field", "procedure_other_field", field=cat.field_label(p.field_id))
                    pref = None
                else:
                    fid = p.field_id
            elif fid is None:
                row.error("field", "field_required_for_new")
            elif not pname:
                row.error("procedure_code", "unknown_procedure_code")
            elif other := cat.proc_fields_by_name.get(key(pname), set()) - {fid}:
                row.error(
                    "field",
                    "procedure_other_field",
                    field=[cat.field_label(f) for f in sorted(other)],
                )
            else:
                pref = cat.new_procedure(pcode, pname, fid, legal)
                new_procs[pref] = Counter()
                row.ctx.note(
                    row.num,
                    row.col("procedure"),
                    pname,
                    "procedure_created",
                    code=cat.procs[pref].code,
                    field=cat.field_label(fid),
                )

        # Dates against each other and the status.
        if received and appt and appt < received:
            row.error("appointment_date", "appointment_before_received", received=received)
        if received and resolved and resolved < received:
            row.error("resolved_date", "resolved_before_received", received=received)
            resolved = None
        if returned and resolved and returned < resolved:
            row.error("returned_date", "returned_before_resolved", resolved=resolved)
        elif returned and received and returned < received:
            row.error("returned_date", "resolved_before_received", received=received)
        if closed and received and closed < received:
            row.error("closed_date", "resolved_before_received", received=received)
        if status in DONE and not resolved and not row.has("resolved_date"):
            row.error("resolved_date", "resolved_required", status=status)
        if status in PENDING and resolved:
            row.error("resolved_date", "pending_with_result", status=status)
        if status in CLOSED:
            closed = closed or resolved or returned or (received if status == 3 else None)
            resolved = returned = None
            if closed is None and not any(
                row.has(k)
                for k in ("closed_date", "resolved_date", "returned_date", "received_date")
            ):
                row.error("closed_date", "closed_required", status=status)
        else:
            closed = None if status in DONE else closed

        if not row.ok:
            continue
        if pref is not None and pref < 0 and received and appt:
            new_procs[pref][int(np.busday_count(received, appt, busdaycal=_WEEK))] += 1
        if dept and (res_unit.id, norm(dept)) not in cat.departments:
            if (res_unit.id, norm(dept)) not in new_depts:
                new_depts.add((res_unit.id, norm(dept)))
                ctx.note(
                    row.num,
                    row.col("department"),
                    dept,
                    "department_created",
                    unit=res_unit.label(),
                )
        yield (
            Rec(
                (row.num,),
                dict(
                    code=code,
                    procedure_id=pref,
                    field_id=fid,
                    receiving_unit_id=recv_unit.id,
                    resolving_unit_id=res_unit.id,
                    channel=channel,
                    status=status,
                    received_date=received,
                    appointment_date=appt,
                    resolved_date=resolved,
                    returned_date=returned,
                    closed_date=closed,
                    supplement_wait_days=wait,
                    effective_due_date=effective_due_date(appt, wait, ctx.calendar),
                    processing_days=processing_days(received, resolved),
                    apology_letter=apology,
                    online_payment=paid,
                    digitised=digitised,
                    **flags,
                ),
                dict(department=dept),
            )
        )


def finish(conn, ctx: Context) -> None:  # noqa: ANN001
    """The legal time limit of each procedure the file created without one: the median
    number of working days between receipt and appointment over every row that used it."""
    cat = ctx.catalog
    for ref, days in getattr(ctx, "new_procs", {}).items():
        p = cat.procs[ref]
        if p.processing_days is not None or ref not in cat.written or not days:
            continue
        values = sorted(days.elements())
        p.processing_days = int(median(values))
        conn.execute(
            update(procedure)
            .where(procedure.c.id == cat.written[ref])
            .values(processing_days=p.processing_days)
        )


def write(conn, recs: list[Rec], ctx: Context, batch_id: int) -> Written:  # noqa: ANN001
    cat = ctx.catalog
    ids = cat.write_new(conn, {r.data["procedure_id"] for r in recs})
    depts = department_ids(
        conn,
        cat,
        {
            (r.data["resolving_unit_id"], r.extra["department"])
            for r in recs
            if r.extra["department"]
        },
    )
    rows = []
    for r in recs:
        d = dict(r.data)
        d["procedure_id"] = ids.get(d["procedure_id"], d["procedure_id"])
        dept = r.extra["department"]
        d["department_id"] = depts[(d["resolving_unit_id"], dept)] if dept else None
        rows.append(d)
    # PostgreSQL: each month written has its partition first (moved out of the default one).
    ensure_dossier_partitions(conn, {d["received_date"] for d in rows})
    w, old, touched = upsert(conn, dossier, ("code",), rows, batch_id)
    dates = [d["received_date"] for d in rows if (d["code"],) in touched]
    dates += [o["received_date"] for o in old.values()]
    w.since = min(dates) if dates else None
    return w


def data_until(recs: list[Rec]):  # noqa: ANN201
    ds = [
        d
        for r in recs
        for d in (
            r.data["received_date"],
            r.data["resolved_date"],
            r.data["returned_date"],
            r.data["closed_date"],
        )
        if d
    ]
    return max(ds) if ds else None


__all__ = ["KIND", "COLUMNS", "EXAMPLES", "validate", "write", "finish", "data_until"]
