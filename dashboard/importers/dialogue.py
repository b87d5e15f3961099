"""Dialogue sessions with citizens and the petitions raised, one petition a row.

The session's columns repeat on each of its petition rows (they must agree); a session with no
petition is a row with the petition columns empty. Natural keys: ``dialogue_session.code`` and
(session, petition number). Petitions without a number are numbered in file order. Petitions
in the database that a file does not list are kept. Summaries are free text: phone numbers,
ID numbers and e-mail addresses are removed.
"""

from __future__ import annotations

from sqlalchemy import select

from dashboard.importers.core import (
    TEXT_CAP,
    Col,
    Context,
    Rec,
    Sheet,
    Written,
    tabular,
    upsert,
    words,
)
from dashboard.storage.schema import dialogue_session, petition

KIND = "dialogue"

FORMAT = words(
    (
        "conference",
        (
            "conference",
            "Hội nghị đối thoại",
            "Hội nghị",
            "Hội nghị đối thoại với Nhân dân",
            "Đối thoại theo Luật Thực hiện dân chủ ở cơ sở",
        ),
    ),
    ("periodic", ("periodic", "Định kỳ", "Đối thoại định kỳ")),
    ("on_demand", ("on_demand", "on demand", "Đột xuất", "Theo yêu cầu", "Đối thoại đột xuất")),
    ("tea", ("tea", "Ly trà đối thoại", "Ly trà")),
    ("saturday", ("saturday", "Ngày thứ Bảy vì dân", "Thứ Bảy vì dân")),
)
TOPIC = words(
    ("land", ("land", "Đất đai")),
    ("environment", ("environment", "Môi trường", "Tài nguyên môi trường")),
    (
        "social_policy",
        ("social_policy", "social policy", "Chính sách xã hội", "An sinh xã hội", "Chính sách"),
    ),
    ("infrastructure", ("infrastructure", "Hạ tầng", "Cơ sở hạ tầng", "Giao thông, hạ tầng")),
    ("procedures", ("procedures", "Thủ tục hành chính", "Thủ tục", "TTHC")),
    ("security", ("security", "An ninh trật tự", "An ninh", "Trật tự")),
    ("other", ("other", "Khác", "Lĩnh vực khác")),
)
SESSION_KEYS = ("unit", "held_on", "format", "chaired_by", "participants")

COLUMNS = [
    Col(
        "code",
        "Mã buổi đối thoại",
        "Session code",
        ("Mã buổi", "Mã phiên", "Session"),
        required=True,
    ),
    Col("unit", "Đơn vị", "Unit", ("Mã đơn vị", "Unit code"), required=True),
    Col(
        "held_on", "Ngày đối thoại", "Date held", ("Ngày", "Ngày tổ chức", "Held on"), required=True
    ),
    Col("format", "Hình thức", "Format", ("Hình thức đối thoại",), required=True),
    Col("chaired_by", "Chủ trì", "Chaired by", ("Người chủ trì", "Chức vụ chủ trì"), required=True),
    Col("participants", "Số người tham dự", "Participants", ("Số người dự", "Số lượt tham dự")),
    Col("seq", "STT kiến nghị", "Petition no", ("Số thứ tự kiến nghị", "Petition number")),
    Col("topic", "Chủ đề kiến nghị", "Topic", ("Chủ đề", "Nhóm vấn đề", "Lĩnh vực kiến nghị")),
    Col("summary", "Nội dung kiến nghị", "Petition", ("Nội dung", "Kiến nghị", "Summary")),
    Col(
        "answered_on_spot",
        "Trả lời tại chỗ",
        "Answered on the spot",
        ("Giải quyết tại chỗ", "On the spot"),
    ),
    Col(
        "assigned_agency",
        "Cơ quan được giao",
        "Assigned to",
        ("Cơ quan giải quyết", "Đơn vị được giao", "Assigned agency"),
    ),
    Col("deadline", "Hạn giải quyết", "Deadline", ("Thời hạn",)),
    Col(
        "resolved_on", "Ngày giải quyết xong", "Resolved on", ("Ngày giải quyết", "Ngày hoàn thành")
    ),
    Col("district", "Quận/Huyện", "District", ("Huyện", "Quận")),
    Col("province", "Tỉnh/Thành phố", "Province", ("Tỉnh",)),
]
PETITION_KEYS = (
    "seq",
    "topic",
    "summary",
    "answered_on_spot",
    "assigned_agency",
    "deadline",
    "resolved_on",
)

_S1 = {
    "code": "MAU.DT.11953.2026.01",
    "unit": "11953",
    "held_on": "15/10/2026",
    "format": "Hội nghị đối thoại",
    "chaired_by": "Chủ tịch UBND phường",
    "participants": "120",
}
EXAMPLES = [
    {
        **_S1,
        "seq": "1",
        "topic": "Đất đai",
        "summary": "Đề nghị đẩy nhanh cấp giấy chứng nhận quyền sử dụng đất cho các hộ trong khu phố.",
        "answered_on_spot": "Không",
        "assigned_agency": "Phòng Kinh tế, Hạ tầng và Đô thị",
        "deadline": "15/11/2026",
        "resolved_on": "10/11/2026",
    },
    {
        **_S1,
        "seq": "2",
        "topic": "Thủ tục hành chính",
        "summary": "Đề nghị niêm yết rõ phí, lệ phí tại Trung tâm Phục vụ hành chính công.",
        "answered_on_spot": "Có",
        "assigned_agency": "",
        "deadline": "",
        "resolved_on": "",
    },
    {
        "code": "MAU.DT.11977.2026.01",
        "unit": "Xã Tân Hưng, Tỉnh Hưng Yên",
        "held_on": "2026-10-24",
        "format": "Ly trà đối thoại",
        "chaired_by": "Phó Chủ tịch UBND xã",
        "participants": "35",
        "seq": "1",
        "topic": "Hạ tầng",
        "summary": "Đề nghị sửa đường giao thông nội đồng.",
        "answered_on_spot": "Không",
        "assigned_agency": "Phòng Kinh tế",
        "deadline": "31/12/2026",
        "resolved_on": "",
    },
]
TEMPLATE_COLUMNS = [c.key for c in COLUMNS[:13]]


def validate(sheet: Sheet, mapping: dict | None, ctx: Context) -> list[Rec]:
    sessions: dict[str, Rec] = {}
    petitions: list[Rec] = []
    seqs: dict[str, dict[int, int]] = {}  # session code -> seq -> row
    for row in tabular(sheet, COLUMNS, mapping, ctx):
        code = row.text("code", required=True, cap=64)
        held = row.date("held_on", required=True)
        unit = ctx.units.resolve(
            row, "unit", on=held, hints=(row.raw("district"), row.raw("province"))
        )
        fmt = row.choice("format", FORMAT, "unknown_format")
        chair = row.text("chaired_by", required=True, cap=200)
        people = row.int("participants", lo=0, hi=1_000_000, default=0)
        session = dict(
            code=code,
            unit_id=unit.id if unit else None,
            held_on=held,
            format=fmt,
            chaired_by=chair,
            participants=people,
        )
        if code and code in sessions and row.ok:
            first = sessions[code]
            diff = [
                k
                for k in ("unit_id", "held_on", "format", "chaired_by", "participants")
                if first.data[k] != session[k]
            ]
            if diff:
                row.error("code", "session_differs", first=first.rows[0])
        has_petition = any(row.has(k) for k in PETITION_KEYS)
        pet = None
        if has_petition:
            seq = row.int("seq", lo=1, hi=10_000)
            topic = row.choice("topic", TOPIC, "unknown_topic")
            summary = row.text("summary", required=True, cap=TEXT_CAP, free=True)
            spot = row.bool("answered_on_spot")
            agency = row.text("assigned_agency", cap=200)
            deadline = row.date("deadline", past=False)
            resolved = row.date("resolved_on")
            if held and deadline and deadline < held:
                row.error("deadline", "date_before", other=held)
            if held and resolved and resolved < held:
                row.error("resolved_on", "date_before", other=held)
            if spot and resolved is None and held:
                resolved = held
            pet = dict(
                seq=seq,
                topic=topic,
                summary=summary,
                answered_on_spot=spot,
                assigned_agency=agency,
                deadline=deadline,
                resolved_on=resolved,
            )
        if not row.ok or not code:
            continue
        if code not in sessions:
            sessions[code] = Rec((row.num,), session)
        if pet is not None:
            used = seqs.setdefault(code, {})
            if pet["seq"] is None:
                pet["seq"] = max(used, default=0) + 1
            if pet["seq"] in used:
                row.error("seq", "duplicate_petition", first=used[pet["seq"]])
                continue
            used[pet["seq"]] = row.num
            petitions.append(Rec((row.num,), pet, dict(session=code)))
    return [*sessions.values(), *petitions]


def write(conn, recs: list[Rec], ctx: Context, batch_id: int) -> Written:  # noqa: ANN001
    sess = [r.data for r in recs if "session" not in r.extra]
    w, _old, _t = upsert(conn, dialogue_session, ("code",), sess, batch_id)
    codes = sorted({r.extra["session"] for r in recs if "session" in r.extra})
    ids: dict[str, int] = {}
    for i in range(0, len(codes), 900):
        ids.update(
            dict(
                conn.execute(
                    select(dialogue_session.c.code, dialogue_session.c.id).where(
                        dialogue_session.c.code.in_(codes[i : i + 900])
                    )
                ).all()
            )
        )
    pets = [dict(r.data, session_id=ids[r.extra["session"]]) for r in recs if "session" in r.extra]
    wp, _old, _t = upsert(conn, petition, ("session_id", "seq"), pets)
    w.add(wp)
    return w


def data_until(recs: list[Rec]):  # noqa: ANN201
    ds = [d for r in recs for d in (r.data.get("held_on"), r.data.get("resolved_on")) if d]
    return max(ds) if ds else None
