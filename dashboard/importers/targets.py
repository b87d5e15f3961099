"""Targets (chỉ tiêu) per metric, unit and year.

Natural key: (metric, unit, year). Rates are in percent (0–100, "92,5" or "92.5%"); counts
(dialogue sessions, models per unit) are non-negative. The unit must exist during the year: a
2026 target for a pre-July-2025 unit is refused with its successor suggested.
"""

from __future__ import annotations

from datetime import date

from dashboard.importers.core import Col, Context, Rec, Sheet, Written, tabular, upsert, words
from dashboard.storage.schema import target

KIND = "targets"
RATES = ("on_time_rate", "online_share", "satisfaction_rate")
METRIC = words(
    (
        "on_time_rate",
        (
            "on_time_rate",
            "Tỷ lệ đúng hạn",
            "Tỷ lệ giải quyết đúng hạn",
            "Tỷ lệ hồ sơ giải quyết đúng hạn",
            "On-time rate",
        ),
    ),
    (
        "online_share",
        (
            "online_share",
            "Tỷ lệ nộp trực tuyến",
            "Tỷ lệ hồ sơ trực tuyến",
            "Tỷ lệ hồ sơ nộp trực tuyến",
            "Online share",
        ),
    ),
    (
        "satisfaction_rate",
        ("satisfaction_rate", "Tỷ lệ hài lòng", "Mức độ hài lòng", "Satisfaction rate"),
    ),
    (
        "dialogue_sessions",
        ("dialogue_sessions", "Số buổi đối thoại", "Số cuộc đối thoại", "Dialogue sessions"),
    ),
    (
        "models_per_unit",
        (
            "models_per_unit",
            "Số mô hình",
            "Số mô hình mỗi đơn vị",
            "Số mô hình, cách làm hay",
            "Models per unit",
        ),
    ),
)

COLUMNS = [
    Col("metric", "Chỉ tiêu", "Metric", ("Tên chỉ tiêu", "Mã chỉ tiêu"), required=True),
    Col("unit", "Đơn vị", "Unit", ("Mã đơn vị", "Đơn vị được giao", "Unit code"), required=True),
    Col("year", "Năm", "Year", (), required=True),
    Col("value", "Giá trị", "Value", ("Mức chỉ tiêu", "Chỉ tiêu giao", "Target"), required=True),
    Col("watch_margin", "Biên độ theo dõi", "Watch margin", ("Biên độ",)),
    Col("legal_source", "Căn cứ", "Legal source", ("Văn bản giao chỉ tiêu", "Nguồn")),
    Col("district", "Quận/Huyện", "District", ("Huyện", "Quận")),
    Col("province", "Tỉnh/Thành phố", "Province", ("Tỉnh",)),
]
EXAMPLES = [
    {
        "metric": "Tỷ lệ đúng hạn",
        "unit": "33",
        "year": "2027",
        "value": "96",
        "watch_margin": "3",
        "legal_source": "Kế hoạch cải cách hành chính năm 2027 của UBND tỉnh",
    },
    {
        "metric": "online_share",
        "unit": "Tỉnh Hưng Yên",
        "year": "2027",
        "value": "60%",
        "watch_margin": "5",
        "legal_source": "Nghị quyết 76/NQ-CP",
    },
    {
        "metric": "Tỷ lệ hài lòng",
        "unit": "11953",
        "year": "2027",
        "value": "92,5",
        "watch_margin": "3",
        "legal_source": "Kế hoạch của UBND phường Phố Hiến",
    },
]
TEMPLATE_COLUMNS = [c.key for c in COLUMNS[:6]]


def validate(sheet: Sheet, mapping: dict | None, ctx: Context) -> list[Rec]:
    recs: list[Rec] = []
    seen: dict[tuple, int] = {}
    for row in tabular(sheet, COLUMNS, mapping, ctx):
        metric = row.choice("metric", METRIC, "unknown_metric")
        year = row.int("year", required=True, lo=2000, hi=2100)
        span = (date(year, 1, 1), date(year, 12, 31)) if year else None
        unit = ctx.units.resolve(
            row, "unit", span=span, hints=(row.raw("district"), row.raw("province"))
        )
        value = row.number("value", required=True, lo=0, hi=100 if metric in RATES else 10_000)
        margin = row.number("watch_margin", lo=0, hi=100, default=5.0)
        source = row.text("legal_source", cap=300)
        if not row.ok:
            continue
        k = (metric, unit.id, year)
        if k in seen:
            row.error("metric", "duplicate_target", first=seen[k])
            continue
        seen[k] = row.num
        recs.append(
            Rec(
                (row.num,),
                dict(
                    metric=metric,
                    unit_id=unit.id,
                    year=year,
                    value=value,
                    watch_margin=margin,
                    legal_source=source,
                ),
            )
        )
    return recs


def write(conn, recs: list[Rec], ctx: Context, batch_id: int) -> Written:  # noqa: ANN001
    w, _old, _t = upsert(conn, target, ("metric", "unit_id", "year"), [r.data for r in recs])
    return w


def data_until(recs: list[Rec]):  # noqa: ANN201
    return None  # targets look ahead; they say nothing about how recent the data is
