"""Citizen satisfaction responses (kiosk, tablet, QR code, paper form, survey), one a row.

Natural key: ``satisfaction_response.code``. Ratings are 1..5 or their Vietnamese names (rất hài
lòng … rất không hài lòng). Comments are free text: phone numbers, ID numbers and e-mail
addresses in them are removed before storing. A dossier code that is not in the database is
reported and the response is kept without the link.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from dashboard.importers.core import (
    TEXT_CAP,
    Col,
    Context,
    Rec,
    SeenCodes,
    Sheet,
    Written,
    tabular,
    upsert,
    words,
)
from dashboard.storage.schema import dossier, satisfaction_response

KIND = "satisfaction"

RATING = words(
    (5, ("5", "Rất hài lòng", "Very satisfied")),
    (4, ("4", "Hài lòng", "Satisfied")),
    (3, ("3", "Bình thường", "Chấp nhận được", "Neutral", "Acceptable")),
    (2, ("2", "Không hài lòng", "Dissatisfied", "Not satisfied")),
    (1, ("1", "Rất không hài lòng", "Very dissatisfied")),
)
CHANNEL = words(
    ("kiosk", ("kiosk", "Ki-ốt", "Máy kiosk", "Kiốt")),
    ("tablet", ("tablet", "Máy tính bảng", "Thiết bị đánh giá", "Máy đánh giá")),
    ("qr", ("qr", "Mã QR", "QR code", "Quét mã QR", "Trực tuyến", "Online")),
    ("paper", ("paper", "Phiếu giấy", "Giấy", "Phiếu", "Paper form")),
    ("survey", ("survey", "Khảo sát", "Khảo sát định kỳ", "Điều tra", "Periodic survey")),
)
ELEMENTS = ("access", "procedure", "civil_servant", "result", "feedback")

COLUMNS = [
    Col(
        "code",
        "Mã phiếu",
        "Response code",
        ("Mã đánh giá", "Mã lượt đánh giá", "Code"),
        required=True,
    ),
    Col(
        "unit", "Đơn vị", "Unit", ("Đơn vị được đánh giá", "Mã đơn vị", "Unit code"), required=True
    ),
    Col(
        "responded_on",
        "Ngày đánh giá",
        "Date",
        ("Ngày", "Thời gian đánh giá", "Responded on"),
        required=True,
    ),
    Col(
        "rating_channel",
        "Hình thức đánh giá",
        "Channel",
        ("Kênh đánh giá", "Rating channel"),
        required=True,
    ),
    Col(
        "overall",
        "Mức độ hài lòng chung",
        "Overall rating",
        ("Mức độ hài lòng", "Đánh giá chung", "Overall"),
        required=True,
    ),
    Col("access", "Tiếp cận dịch vụ", "Access to the service", ("Access",)),
    Col("procedure", "Thủ tục hành chính", "Procedure", ("Thủ tục",)),
    Col("civil_servant", "Công chức giải quyết", "Civil servant", ("Công chức", "Cán bộ")),
    Col("result", "Kết quả giải quyết", "Result", ("Kết quả",)),
    Col(
        "feedback",
        "Tiếp nhận, xử lý phản ánh, kiến nghị",
        "Feedback handling",
        ("Phản ánh kiến nghị", "Feedback"),
    ),
    Col("field", "Lĩnh vực", "Field", ("Mã lĩnh vực",)),
    Col("dossier_code", "Mã hồ sơ", "Dossier code", ("Số hồ sơ",)),
    Col("comment", "Ý kiến", "Comment", ("Góp ý", "Ý kiến khác", "Nhận xét")),
    Col("district", "Quận/Huyện", "District", ("Huyện", "Quận")),
    Col("province", "Tỉnh/Thành phố", "Province", ("Tỉnh",)),
]

EXAMPLES = [
    {
        "code": "MAU.DG.11953.000001",
        "unit": "11953",
        "responded_on": "02/10/2026",
        "rating_channel": "Mã QR",
        "overall": "Rất hài lòng",
        "access": "5",
        "procedure": "4",
        "civil_servant": "5",
        "result": "5",
        "feedback": "4",
        "field": "Hộ tịch",
        "dossier_code": "",
        "comment": "Cán bộ hướng dẫn tận tình.",
    },
    {
        "code": "MAU.DG.11953.000002",
        "unit": "Phường Phố Hiến",
        "responded_on": "08/10/2026",
        "rating_channel": "Máy tính bảng",
        "overall": "2",
        "access": "3",
        "procedure": "2",
        "civil_servant": "3",
        "result": "2",
        "feedback": "2",
        "field": "Chứng thực",
        "dossier_code": "",
        "comment": "Hồ sơ trả chậm so với ngày hẹn.",
    },
    {
        "code": "MAU.DG.11977.000001",
        "unit": "11977",
        "responded_on": "2026-10-15",
        "rating_channel": "Khảo sát",
        "overall": "Hài lòng",
        "access": "4",
        "procedure": "4",
        "civil_servant": "4",
        "result": "4",
        "feedback": "3",
        "field": "",
        "dossier_code": "",
        "comment": "",
    },
]
TEMPLATE_COLUMNS = [c.key for c in COLUMNS[:13]]


def validate(sheet: Sheet, mapping: dict | None, ctx: Context) -> Iterator[Rec]:
    """Responses one validated record at a time; the dossiers they name are looked up a few
    thousand at a time, so a large survey export streams like a dossier list."""
    seen = SeenCodes()
    pending: list[Rec] = []
    for row in tabular(sheet, COLUMNS, mapping, ctx):
        code = row.text("code", required=True, cap=64)
        if code:
            first = seen.first(code)
            if first is not None:
                row.error("code", "duplicate_code", first=first)
            else:
                seen.add(code, row.num)
        on = row.date("responded_on", required=True)
        unit = ctx.units.resolve(
            row,
            "unit",
            on=on,
            hints=(row.raw("district"), row.raw("province")),
            unassigned=True,
        )
        channel = row.choice("rating_channel", CHANNEL, "unknown_rating_channel")
        overall = row.choice("overall", RATING, "bad_rating")
        elements = {e: row.choice(e, RATING, "bad_rating", required=False) for e in ELEMENTS}
        fid = None
        if row.has("field"):
            fid = ctx.catalog.field_id(row.raw("field"))
            if fid is None:
                row.error("field", "unknown_field")
        dcode = row.text("dossier_code", cap=64)
        comment = row.text("comment", cap=TEXT_CAP, free=True)
        if not row.ok:
            continue
        pending.append(
            Rec(
                (row.num,),
                dict(
                    code=code,
                    unit_id=unit.id,
                    responded_on=on,
                    rating_channel=channel,
                    field_id=fid,
                    dossier_id=None,
                    overall=overall,
                    comment=comment,
                    **elements,
                ),
                dict(dossier_code=dcode),
            )
        )
        if len(pending) >= 5_000:
            yield from _link_dossiers(pending, ctx)
            pending = []
    yield from _link_dossiers(pending, ctx)


def _link_dossiers(recs: list[Rec], ctx: Context) -> list[Rec]:
    """Fill ``dossier_id`` from the dossier codes the responses name (a warning if absent)."""
    codes = sorted({r.extra["dossier_code"] for r in recs if r.extra["dossier_code"]})
    found: dict[str, int] = {}
    for i in range(0, len(codes), 900):
        found.update(
            dict(
                ctx.conn.execute(
                    select(dossier.c.code, dossier.c.id).where(
                        dossier.c.code.in_(codes[i : i + 900])
                    )
                ).all()
            )
        )
    for r in recs:
        dcode = r.extra["dossier_code"]
        if not dcode:
            continue
        if dcode in found:
            r.data["dossier_id"] = found[dcode]
        else:
            ctx.warn(r.rows[0], ctx.headers.get("dossier_code"), dcode, "dossier_not_found")
    return recs


def write(conn, recs: list[Rec], ctx: Context, batch_id: int) -> Written:  # noqa: ANN001
    w, _old, _t = upsert(conn, satisfaction_response, ("code",), [r.data for r in recs], batch_id)
    dates = [r.data["responded_on"] for r in recs if r.data.get("responded_on")]
    w.since = min(dates) if dates else None  # rollup_satisfaction_month from that month on
    return w


def data_until(recs: list[Rec]):  # noqa: ANN201
    return max((r.data["responded_on"] for r in recs), default=None)
