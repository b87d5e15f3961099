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

import re
from collections.abc import Iterator
from datetime import UTC, date

from dashboard.importers.core import (
    Col,
    Context,
    Rec,
    SeenCodes,
    Sheet,
    Written,
    as_date,
    department_ids,
    key,
    parse_bool,
    parse_date,
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
    from dashboard.storage.rollups import refresh_index766_unit_spans, refresh_index766_units

    w, _old, _t = upsert(conn, unit_procedure, ("unit_id", "procedure_id"), [r.data for r in recs])
    # Their fee counts read the lists: every month's, every quarter's and year's.
    refresh_index766_units(conn, None)
    refresh_index766_unit_spans(conn, None)
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


# --- the official score, as the portal published it ------------------------------------------
#
# Two ways in, one validation: the JSON the portal's evaluation pages return, saved as is
# (``json_book`` turns it into rows of the template's columns), or the template filled by hand
# (CSV or XLSX). Units are found by the names the portal prints ("UBND tỉnh Phú Thọ", "UBND
# Phường Việt Trì", "UBND xã Lâm Thao - Tỉnh Phú Thọ", "Sở Công Thương - Tỉnh Phú Thọ" for a
# department); a name that matches nothing (or more than one unit) is listed and its rows left
# out, so the names that do match are imported.

OFFICIAL_COLUMNS = [
    Col(
        "unit",
        "Đơn vị",
        "Unit",
        ("Tên đơn vị", "Cơ quan", "departmentName", "Mã đơn vị", "Unit code"),
        required=True,
    ),
    Col("period", "Kỳ đánh giá", "Period", ("Kỳ", "Kỳ báo cáo", "period")),
    Col(
        "indicator",
        "Chỉ số",
        "Indicator",
        ("Mã chỉ số", "Tên chỉ số", "Tiêu chí", "metricCode", "Metric"),
        required=True,
    ),
    Col("numerator", "Tử số", "Numerator", ("numerator",)),
    Col("denominator", "Mẫu số", "Denominator", ("denominator",)),
    Col("ratio", "Tỷ lệ (%)", "Rate (%)", ("Tỷ lệ", "ratio", "rate")),
    Col("score", "Điểm", "Score", ("Điểm đạt", "score", "totalScore"), required=True),
    Col("max_score", "Điểm tối đa", "Maximum", ("maxScore", "totalMaxScore", "Điểm chuẩn")),
    Col("province", "Tỉnh/Thành phố", "Province", ("Tỉnh",)),
]
OFFICIAL_TEMPLATE_COLUMNS = [c.key for c in OFFICIAL_COLUMNS[:8]]
OFFICIAL_EXAMPLES = [
    {
        "unit": "UBND tỉnh Hưng Yên",
        "period": "2026-Q3",
        "indicator": "Tổng điểm",
        "score": "82,45",
        "max_score": "100",
    },
    {
        "unit": "UBND tỉnh Hưng Yên",
        "period": "2026-Q3",
        "indicator": "Tiến độ giải quyết",
        "numerator": "118204",
        "denominator": "120113",
        "ratio": "98,41",
        "score": "19,68",
        "max_score": "20",
    },
    {
        "unit": "UBND Phường Phố Hiến - Tỉnh Hưng Yên",
        "period": "2026-Q3",
        "indicator": "on_time",
        "numerator": "3410",
        "denominator": "3502",
        "ratio": "97,37",
        "score": "19,47",
        "max_score": "20",
    },
]


def indicator_code(text: str) -> str | None:
    """An indicator code of queries.index766, "group:<code>" or "total", from a code or a
    Vietnamese or English name; None when nothing matches."""
    from queries.index766 import GROUPS, INDICATORS

    k = key(text)
    if not k:
        return None
    if k in ("total", "tongdiem", "tong", "diem", "tongdiemchiso", "totalscore"):
        return "total"
    for ind in INDICATORS:
        if k in (key(ind.code), key(ind.name_vi), key(ind.name_en)):
            return ind.code
    for code, (name, _mx) in GROUPS.items():
        if k in (key(code), key(name), key(f"group:{code}")):
            return f"group:{code}"
    return None


_UNIT_PREFIX = re.compile(r"^\s*(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+", re.IGNORECASE)
_DEPT_WORDS = ("so", "ban", "vanphong", "thanhtra", "congan", "trungtam", "chicuc", "bo")


class PortalNames:
    """Units and departments by the names the national portal prints."""

    def __init__(self, conn, on: date) -> None:  # noqa: ANN001
        from sqlalchemy import select

        from dashboard.storage.schema import admin_unit, department

        self.units: dict[str, list[tuple[int, str, int | None, str]]] = {}
        rows = conn.execute(
            select(
                admin_unit.c.id,
                admin_unit.c.name,
                admin_unit.c.level,
                admin_unit.c.parent_id,
                admin_unit.c.valid_from,
                admin_unit.c.valid_to,
            )
        ).all()
        self.parent = {r.id: r.parent_id for r in rows}
        self.level = {r.id: r.level for r in rows}
        for r in rows:
            vf, vt = as_date(r.valid_from), as_date(r.valid_to)
            if vf > on or (vt is not None and vt < on):
                continue
            self.units.setdefault(key(r.name), []).append((r.id, r.name, r.parent_id, r.level))
        self.depts: dict[tuple[int, str], int] = {
            (u, key(n)): d
            for d, u, n in conn.execute(
                select(department.c.id, department.c.unit_id, department.c.name)
            )
        }

    def province_of(self, uid: int) -> int:
        while self.parent.get(uid) is not None:
            uid = self.parent[uid]
        return uid

    def find(self, text: str, context: int | None = None) -> tuple[str, int] | None:
        """("u", unit id) or ("d", department id); ``context`` a province id the name is
        read under when it names no province itself."""
        parts = re.split(r"\s+[-–]\s+", text.strip())
        name = _UNIT_PREFIX.sub("", parts[0]).strip()
        province = context
        if len(parts) > 1:
            hint = _UNIT_PREFIX.sub("", parts[-1]).strip()
            hits = [u for u in self.units.get(key(hint), []) if u[3] == "province"]
            if len(hits) != 1:
                return None
            province = hits[0][0]
        k = key(name)
        units = self.units.get(k, [])
        if province is not None and units:
            under = [u for u in units if u[0] == province or self.province_of(u[0]) == province]
            units = under or ([u for u in units if u[3] == "province"] if not under else under)
        if len(units) == 1:
            return ("u", units[0][0])
        if not units and province is not None and (province, k) in self.depts:
            return ("d", self.depts[(province, k)])
        if not units and province is None:
            found = [d for (u, n), d in self.depts.items() if n == k]
            if len(found) == 1 and k.startswith(_DEPT_WORDS):
                return ("d", found[0])
        return None


def period_text(text: str):  # noqa: ANN201
    """A period as the template or the portal writes it: 2024-Q1, 2024-03, 2024, "Quý 1/2024",
    "Tháng 3/2024", "Năm 2024", "01/01/2024 - 31/03/2024"; None when unreadable."""
    from dashboard.domain.periods import Period, PeriodError, month_end, parse

    t = (text or "").strip()
    if not t:
        return None
    try:
        return parse(t)
    except PeriodError:
        pass
    k = key(t)
    if m := re.fullmatch(r"quy([1-4]|iv|iii|ii|i)(?:nam)?(\d{4})", k):
        q = {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(m[1]) or int(m[1])
        return parse(f"{m[2]}-Q{q}")
    if m := re.fullmatch(r"thang(\d{1,2})(?:nam)?(\d{4})", k):
        return parse(f"{m[2]}-{int(m[1]):02d}") if 1 <= int(m[1]) <= 12 else None
    if m := re.fullmatch(r"nam(\d{4})", k):
        return parse(m[1])
    dates = re.findall(r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}", t)
    if len(dates) == 2:
        a, b = parse_date(dates[0]), parse_date(dates[1])
        if a and b and a <= b:
            kind = "custom"
            if a.day == 1 and b == month_end(b):
                months = (b.year - a.year) * 12 + b.month - a.month + 1
                kind = {1: "month", 3: "quarter", 12: "year"}.get(months, "custom")
            return Period(a, b, kind)
    return None


def validate_official(sheet: Sheet, mapping: dict | None, ctx: Context) -> Iterator[Rec]:
    names: dict[date, PortalNames] = {}
    unmatched: dict[str, int] = {}
    seen: dict[tuple, int] = {}
    for row in tabular(sheet, OFFICIAL_COLUMNS, mapping, ctx):
        ptext = row.raw("period")
        period = period_text(ptext) if ptext else ctx.period
        if period is None:
            row.error("period", "official_period_required" if not ptext else "bad_period")
        ind = None
        if row.has("indicator"):
            ind = indicator_code(row.raw("indicator"))
        elif not row.raw("indicator"):
            row.error("indicator", "required")
        num = row.number("numerator", lo=0)
        den = row.number("denominator", lo=0)
        ratio = row.number("ratio", lo=0, hi=100)
        score = row.number("score", required=True, lo=0, hi=100)
        mx = row.number("max_score", lo=0, hi=100)
        if score is not None and mx is not None and score > mx + 1e-9:
            row.error("score", "score_above_max", max=mx)
        text = row.text("unit", required=True, cap=300)
        if not row.ok or period is None:
            continue
        if ind is None:
            row.warn("indicator", "unknown_indicator")
            continue
        pn = names.get(period.end)
        if pn is None:
            pn = names[period.end] = PortalNames(ctx.conn, period.end)
        ctx_prov = None
        if row.has("province"):
            hit = pn.find(row.raw("province"))
            ctx_prov = hit[1] if hit and hit[0] == "u" else None
        hit = pn.find(text, ctx_prov)
        if hit is None:
            if text not in unmatched:
                unmatched[text] = row.num
                row.warn("unit", "unmatched_portal_name")
            continue
        kind, ident = hit
        uid = ident if kind == "u" else None
        if uid is not None and ctx.units.allowed is not None and uid not in ctx.units.allowed:
            row.error("unit", "unit_out_of_scope", unit=text)
            continue
        k = (f"{kind}{ident}", period.start, period.end, ind)
        if k in seen:
            row.error("indicator", "duplicate_official", first=seen[k])
            continue
        seen[k] = row.num
        yield Rec(
            (row.num,),
            dict(
                subject=f"{kind}{ident}",
                unit_id=uid,
                department_id=ident if kind == "d" else None,
                portal_name=text,
                period_start=period.start,
                period_end=period.end,
                indicator=ind,
                numerator=num,
                denominator=den,
                ratio=ratio,
                score=score,
                max_score=mx,
            ),
        )


def write_official(conn, recs: list[Rec], ctx: Context, batch_id: int) -> Written:  # noqa: ANN001
    from dashboard.storage.schema import index766_official

    keys = ("subject", "period_start", "period_end", "indicator")
    w, _old, _t = upsert(conn, index766_official, keys, [r.data for r in recs], batch_id)
    return w


def official_until(recs: list[Rec]):  # noqa: ANN201
    return max((r.data["period_end"] for r in recs), default=None)


# The portal's JSON -> rows of the template's columns.

_PERIOD_KEYS = (("fromDate", "toDate"), ("startDate", "endDate"), ("tuNgay", "denNgay"))


def _json_date(v) -> date | None:  # noqa: ANN001
    if isinstance(v, (int, float)) and v > 10**11:  # milliseconds since 1970
        from datetime import datetime

        return datetime.fromtimestamp(v / 1000, tz=UTC).date()
    return parse_date(str(v)) if v not in (None, "") else None


def _json_period(*objs) -> str:  # noqa: ANN002
    for o in objs:
        if not isinstance(o, dict):
            continue
        for a, b in _PERIOD_KEYS:
            if o.get(a) and o.get(b):
                da, db = _json_date(o[a]), _json_date(o[b])
                if da and db:
                    return f"{da:%d/%m/%Y} - {db:%d/%m/%Y}"
        y = o.get("year") or o.get("nam")
        if y:
            if o.get("month") or o.get("thang"):
                return f"{int(y)}-{int(o.get('month') or o.get('thang')):02d}"
            if o.get("quarter") or o.get("quy"):
                return f"{int(y)}-Q{int(o.get('quarter') or o.get('quy'))}"
            return str(int(y))
        if isinstance(o.get("period"), str):
            return o["period"]
    return ""


def _first(o: dict, *names: str):  # noqa: ANN202
    for n in names:
        if o.get(n) not in (None, ""):
            return o[n]
    return None


def _cell(v) -> str:  # noqa: ANN001
    if v is None:
        return ""
    if isinstance(v, float):
        return repr(v)
    return str(v)


def _item_rows(item: dict, period: str, province: str, indicator: str | None) -> list[list]:
    name = _first(item, "departmentName", "unitName", "agencyName", "name", "ten")
    if not isinstance(name, str):
        return []
    rows = []
    score = _first(item, "score", "totalScore")
    mx = _first(item, "maxScore", "totalMaxScore")
    ind = indicator
    num = den = None
    if "totalReceived" in item or "totalOnTime" in item:
        ind = ind or "on_time"
        num, den = item.get("totalOnTime"), item.get("totalReceived")
    elif ind is None and ("totalScore" in item or "totalMaxScore" in item):
        ind = "total"
    if ind is not None and score is not None:
        rows.append(
            [name, period, ind, num, den, _first(item, "ratio", "rate"), score, mx, province]
        )
    for m in item.get("metrics") or []:
        if not isinstance(m, dict):
            continue
        code = _first(m, "metricCode", "code", "metric", "metricName", "name")
        rows.append(
            [
                name,
                period,
                code,
                _first(m, "numerator", "tuSo", "total", "totalOk"),
                _first(m, "denominator", "mauSo", "totalReceived"),
                _first(m, "rate", "ratio"),
                _first(m, "score"),
                _first(m, "maxScore"),
                province,
            ]
        )
    return rows


def json_rows(data: dict, period_hint: str = "") -> list[list[str]]:
    """The rows of the template that a portal evaluation file holds (both shapes)."""
    top = data if isinstance(data, dict) else {}
    d = top.get("data", top)
    if not isinstance(d, dict):
        return []
    period = _json_period(d, top, d.get("overview"), d.get("parent")) or period_hint
    indicator = _first(d, "metricCode", "criteriaCode", "indicator") or _first(
        top, "metricCode", "criteriaCode", "indicator"
    )
    rows: list[list] = []
    if "parent" in d or "children" in d:
        parent = d.get("parent") if isinstance(d.get("parent"), dict) else {}
        pname = _first(parent, "departmentName", "unitName", "name") or ""
        rows += _item_rows(parent, period, "", indicator)
        for ch in d.get("children") or []:
            if isinstance(ch, dict):
                rows += _item_rows(ch, period, pname, indicator)
    if "overview" in d or "evaluation" in d:
        ov = d.get("overview") if isinstance(d.get("overview"), dict) else {}
        oname = _first(ov, "departmentName", "unitName", "name") or ""
        rows += _item_rows(ov, period, "", indicator)
        for ev in d.get("evaluation") or []:
            if isinstance(ev, dict):
                rows += _item_rows(ev, period, oname if ev is not ov else "", indicator)
    return [[_cell(v) for v in r] for r in rows]


JSON_HEADER = [c.vi for c in OFFICIAL_COLUMNS]


def looks_like_json(head: bytes, file_name: str) -> bool:
    return (file_name or "").lower().endswith(".json") or head.lstrip(
        b" \t\r\n\xef\xbb\xbf"
    ).startswith((b"{", b"["))


def json_book(source, progress):  # noqa: ANN001, ANN201 - a files.Source, a Progress
    """The portal's evaluation JSON as a book of one sheet in the template's columns."""
    import json

    from dashboard.importers.core import Fatal, Problem
    from dashboard.importers.files import Book, Sheet

    with source.open() as f:
        raw = f.read()
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise Fatal(Problem(None, None, None, "bad_json", dict(detail=str(exc)[:120]))) from exc
    try:
        rows = json_rows(data)
    except (ValueError, TypeError, AttributeError) as exc:  # a year of "abc", a list for a name
        raise Fatal(Problem(None, None, None, "bad_json", dict(detail=str(exc)[:120]))) from exc
    if not rows:
        raise Fatal(Problem(None, None, None, "json_no_units"))
    numbered = [(1, JSON_HEADER)] + [(i + 2, r) for i, r in enumerate(rows)]
    sheet = Sheet("json", "csv", lambda: iter(numbered), total_rows=len(numbered))
    return Book([sheet], "csv", progress)
