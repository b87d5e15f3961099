"""What the national service index (QĐ 766, DOMAIN.md) needs besides the dossier list.

- ``pakn``: petitions and feedback received through the national portal (phản ánh, kiến
  nghị), one a row. Natural key ``pakn.code``. Only the dates and the citizen's rating are
  kept (Hài lòng / Chấp nhận được / Không hài lòng); never the content or who sent it.
- ``procedures``: a unit's published list of procedures, one procedure a row, with the index's
  yes/no attributes ("Có"/"Không"; "Toàn trình"/"Một phần" for the service level). Natural
  key (unit, procedure); the procedure must be in the catalogue (by Mã TTHC or name). A column
  the file lacks leaves what an earlier file said.
- ``communes``: per commune, whether electronic certified copies (chứng thực bản sao điện tử)
  are offered, and since when. Natural key: the unit.
"""

from __future__ import annotations

from collections.abc import Iterator

from dashboard.importers.core import (
    Col,
    Context,
    Rec,
    SeenCodes,
    Sheet,
    Written,
    department_ids,
    key,
    parse_bool,
    tabular,
    upsert,
    words,
)
from dashboard.storage.schema import commune_service, pakn, unit_procedure

# --- PAKN -------------------------------------------------------------------------------------

PAKN_RATING = words(
    (3, ("3", "Hài lòng", "Rất hài lòng", "Satisfied")),
    (2, ("2", "Chấp nhận được", "Bình thường", "Acceptable")),
    (1, ("1", "Không hài lòng", "Rất không hài lòng", "Unsatisfied", "Dissatisfied")),
)

PAKN_COLUMNS = [
    Col(
        "code",
        "Mã PAKN",
        "Petition code",
        ("Mã phản ánh", "Mã phản ánh, kiến nghị", "Số PAKN", "Petition ID"),
        required=True,
    ),
    Col(
        "unit",
        "Đơn vị xử lý",
        "Handling unit",
        ("Đơn vị", "Cơ quan xử lý", "Mã đơn vị", "Unit"),
        required=True,
    ),
    Col("department", "Bộ phận xử lý", "Department", ("Phòng ban xử lý",)),
    Col(
        "received_date",
        "Ngày tiếp nhận",
        "Received date",
        ("Ngày gửi", "Ngày nhận", "Received"),
        required=True,
    ),
    Col(
        "deadline",
        "Hạn xử lý",
        "Deadline",
        ("Hạn trả lời", "Thời hạn xử lý", "Due date"),
        required=True,
    ),
    Col(
        "handled_date",
        "Ngày xử lý xong",
        "Handled date",
        ("Ngày trả lời", "Ngày hoàn thành", "Handled"),
    ),
    Col("rating", "Đánh giá", "Rating", ("Mức độ hài lòng", "Đánh giá của người dân")),
    Col(
        "complained_again",
        "Phản ánh lại",
        "Complained again",
        ("Khiếu nại lại", "Bị phản ánh lại", "Reopened"),
    ),
    Col("district", "Quận/Huyện", "District", ("Huyện", "Quận")),
    Col("province", "Tỉnh/Thành phố", "Province", ("Tỉnh",)),
]
PAKN_TEMPLATE_COLUMNS = [c.key for c in PAKN_COLUMNS[:8]]
PAKN_EXAMPLES = [
    {
        "code": "PAKN.11953.2026.0001",
        "unit": "11953",
        "department": "Trung tâm Phục vụ hành chính công",
        "received_date": "02/10/2026",
        "deadline": "16/10/2026",
        "handled_date": "10/10/2026",
        "rating": "Hài lòng",
        "complained_again": "Không",
    },
    {
        "code": "PAKN.11953.2026.0002",
        "unit": "Phường Phố Hiến",
        "received_date": "05/10/2026",
        "deadline": "19/10/2026",
        "handled_date": "22/10/2026",
        "rating": "Không hài lòng",
        "complained_again": "Có",
    },
    {
        "code": "PAKN.11953.2026.0003",
        "unit": "11953",
        "received_date": "12/11/2026",
        "deadline": "26/11/2026",
    },
]


def validate_pakn(sheet: Sheet, mapping: dict | None, ctx: Context) -> Iterator[Rec]:
    seen = SeenCodes()
    for row in tabular(sheet, PAKN_COLUMNS, mapping, ctx):
        code = row.text("code", required=True, cap=64)
        if code:
            first = seen.first(code)
            if first is not None:
                row.error("code", "duplicate_code", first=first)
            else:
                seen.add(code, row.num)
        received = row.date("received_date", required=True)
        deadline = row.date("deadline", required=True, past=False)
        handled = row.date("handled_date")
        unit = ctx.units.resolve(
            row,
            "unit",
            on=received,
            hints=(row.raw("district"), row.raw("province")),
            unassigned=True,
        )
        dept = row.text("department", cap=200)
        rating = row.choice("rating", PAKN_RATING, "bad_pakn_rating", required=False)
        again = row.bool("complained_again", default=False)
        if received and deadline and deadline < received:
            row.error("deadline", "deadline_before_received", received=received)
        if received and handled and handled < received:
            row.error("handled_date", "handled_before_received", received=received)
        if rating is not None and handled is None and row.ok:
            row.warn("rating", "rating_without_handling")
        if not row.ok:
            continue
        yield Rec(
            (row.num,),
            dict(
                code=code,
                unit_id=unit.id,
                received_date=received,
                deadline=deadline,
                handled_date=handled,
                rating=rating,
                complained_again=bool(again),
            ),
            dict(department=dept),
        )


def write_pakn(conn, recs: list[Rec], ctx: Context, batch_id: int) -> Written:  # noqa: ANN001
    depts = department_ids(
        conn,
        ctx.catalog,
        {(r.data["unit_id"], r.extra["department"]) for r in recs if r.extra["department"]},
    )
    rows = []
    for r in recs:
        d = dict(r.data)
        dept = r.extra["department"]
        d["department_id"] = depts[(d["unit_id"], dept)] if dept else None
        rows.append(d)
    w, _old, _t = upsert(conn, pakn, ("code",), rows, batch_id)
    return w


def pakn_until(recs: list[Rec]):  # noqa: ANN201
    ds = [d for r in recs for d in (r.data["received_date"], r.data["handled_date"]) if d]
    return max(ds) if ds else None


# --- a unit's procedure list ------------------------------------------------------------------

PROC_FLAGS = (
    "full_online_eligible",
    "fee_bearing",
    "announced_on_time",
    "published_on_time",
    "published_complete",
    "population_db_connected",
)
PROC_COLUMNS = [
    Col(
        "unit",
        "Đơn vị",
        "Unit",
        ("Đơn vị thực hiện", "Cơ quan thực hiện", "Mã đơn vị", "Unit code"),
        required=True,
    ),
    Col("procedure_code", "Mã thủ tục", "Procedure code", ("Mã TTHC",)),
    Col("procedure", "Tên thủ tục", "Procedure", ("Thủ tục", "Thủ tục hành chính", "TTHC")),
    Col(
        "full_online_eligible",
        "Mức độ dịch vụ công",
        "Online service level",
        ("DVC toàn trình", "Toàn trình/Một phần", "Mức độ DVC", "Full-online eligible"),
    ),
    Col(
        "fee_bearing",
        "Có phí, lệ phí",
        "Fee-bearing",
        ("Phí, lệ phí", "Có thu phí", "Có nghĩa vụ tài chính", "Fee"),
    ),
    Col(
        "announced_on_time",
        "Công bố đúng hạn",
        "Announced on time",
        ("Công bố, công khai đúng hạn", "Announced"),
    ),
    Col(
        "published_on_time",
        "Cập nhật CSDLQG đúng hạn",
        "Published in the national database on time",
        ("Cập nhật, công khai trên CSDLQG đúng hạn", "Công khai đúng hạn", "Published on time"),
    ),
    Col(
        "published_complete",
        "Công khai đầy đủ",
        "Published complete",
        ("Công khai đầy đủ thành phần", "Đầy đủ nội dung", "Complete"),
    ),
    Col(
        "population_db_connected",
        "Kết nối CSDL dân cư",
        "Connected to the population database",
        ("Kết nối, chia sẻ CSDL quốc gia về dân cư", "Population database connected"),
    ),
]
PROC_TEMPLATE_COLUMNS = [c.key for c in PROC_COLUMNS]
PROC_EXAMPLES = [
    {
        "unit": "11953",
        "procedure_code": "1.001193",
        "procedure": "Đăng ký khai sinh",
        "full_online_eligible": "Toàn trình",
        "fee_bearing": "Không",
        "announced_on_time": "Có",
        "published_on_time": "Có",
        "published_complete": "Có",
        "population_db_connected": "Có",
    },
    {
        "unit": "Phường Phố Hiến",
        "procedure": "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "full_online_eligible": "Một phần",
        "fee_bearing": "Có",
        "announced_on_time": "Có",
        "published_on_time": "Không",
        "published_complete": "Có",
        "population_db_connected": "Không",
    },
    {
        "unit": "11953",
        "procedure": "Đăng ký kết hôn",
        "full_online_eligible": "Toàn trình",
        "fee_bearing": "Có",
        "announced_on_time": "Không",
        "published_on_time": "Có",
        "published_complete": "Không",
        "population_db_connected": "Có",
    },
]
_LEVEL = words((True, ("Toàn trình", "DVC toàn trình")), (False, ("Một phần", "DVC một phần")))


def _level(text: str) -> bool | None:
    k = key(text)
    if "toantrinh" in k:
        return True
    if "motphan" in k:
        return False
    return parse_bool(text)


def validate_procedures(sheet: Sheet, mapping: dict | None, ctx: Context) -> Iterator[Rec]:
    seen: dict[tuple, int] = {}
    cat = ctx.catalog
    for row in tabular(sheet, PROC_COLUMNS, mapping, ctx):
        unit = ctx.units.resolve(row, "unit", on=ctx.today)
        pcode = row.text("procedure_code", cap=64)
        pname = row.text("procedure", cap=400)
        pid = None
        if not pcode and not pname:
            row.error("procedure", "required")
        else:
            pid = cat.proc_by(pcode, pname, None)
            if pid is None or pid < 0:
                row.error("procedure_code" if pcode else "procedure", "unknown_procedure")
        flags = {}
        if row.has("full_online_eligible"):
            flags["full_online_eligible"] = row.choice(
                "full_online_eligible",
                _LEVEL,
                "bad_service_level",
                required=False,
                fuzzy=_level,
            )
        for k_ in PROC_FLAGS[1:]:
            if row.has(k_):
                flags[k_] = row.bool(k_, default=None)
        if not row.ok:
            continue
        k = (unit.id, pid)
        if k in seen:
            row.error("procedure", "duplicate_unit_procedure", first=seen[k])
            continue
        seen[k] = row.num
        yield Rec((row.num,), dict(unit_id=unit.id, procedure_id=pid, **flags))


def write_procedures(conn, recs: list[Rec], ctx: Context, batch_id: int) -> Written:  # noqa: ANN001
    w, _old, _t = upsert(conn, unit_procedure, ("unit_id", "procedure_id"), [r.data for r in recs])
    return w


def no_date(recs: list[Rec]):  # noqa: ANN201
    return None  # lists and services are states, not dated records


# --- communes' electronic certified copies -------------------------------------------------

COMMUNE_COLUMNS = [
    Col("unit", "Đơn vị", "Unit", ("Xã, phường", "Mã đơn vị", "Commune"), required=True),
    Col(
        "e_certified_copy",
        "Chứng thực bản sao điện tử",
        "Electronic certified copies",
        ("Cấp bản sao điện tử", "Chứng thực điện tử", "E-certified copies"),
        required=True,
    ),
    Col("since", "Từ ngày", "Since", ("Ngày bắt đầu", "Áp dụng từ ngày")),
    Col("district", "Quận/Huyện", "District", ("Huyện", "Quận")),
    Col("province", "Tỉnh/Thành phố", "Province", ("Tỉnh",)),
]
COMMUNE_TEMPLATE_COLUMNS = ["unit", "e_certified_copy", "since"]
COMMUNE_EXAMPLES = [
    {"unit": "11953", "e_certified_copy": "Có", "since": "01/07/2025"},
    {"unit": "Phường Sơn Nam", "e_certified_copy": "Có", "since": "15/09/2025"},
    {"unit": "11980", "e_certified_copy": "Không", "since": ""},
]


def validate_communes(sheet: Sheet, mapping: dict | None, ctx: Context) -> Iterator[Rec]:
    seen: dict[int, int] = {}
    for row in tabular(sheet, COMMUNE_COLUMNS, mapping, ctx):
        unit = ctx.units.resolve(
            row,
            "unit",
            on=ctx.today,
            level="commune",
            hints=(row.raw("district"), row.raw("province")),
        )
        offered = row.bool("e_certified_copy", default=None, required=True)
        since = row.date("since")
        if unit is not None and unit.level != "commune":
            row.error("unit", "not_a_commune", unit=unit.label())
        if not row.ok:
            continue
        if unit.id in seen:
            row.error("unit", "duplicate_unit_row", first=seen[unit.id])
            continue
        seen[unit.id] = row.num
        yield Rec(
            (row.num,),
            dict(unit_id=unit.id, e_certified_copy=bool(offered), e_certified_copy_since=since),
        )


def write_communes(conn, recs: list[Rec], ctx: Context, batch_id: int) -> Written:  # noqa: ANN001
    w, _old, _t = upsert(conn, commune_service, ("unit_id",), [r.data for r in recs], batch_id)
    return w
