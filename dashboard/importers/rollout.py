"""Rollouts of reform models (stage updates) and assessments against the models' criteria.

Rollout stage updates (kind ``rollout``): one row per model × unit with the stage dates that
are known (wide), or one row per stage with the columns "Giai đoạn" and "Ngày" (long). Rows for
the same model and unit are merged. An empty cell keeps what the database holds, so a file that
only reports this month's launches loses no earlier date. Natural key: (model, unit). Models
are matched by code or name and are never created by an import.

Assessments (kind ``assessments``): model, unit, criterion (code or name), date, met, score.
The rollout must exist. Natural key: (rollout, criterion, date).
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
from dashboard.storage.schema import criterion_assessment, rollout

STAGES = (
    "registered_on",
    "launched_on",
    "piloting_on",
    "preliminary_review_on",
    "final_review_on",
    "replicated_on",
)
PLANNED = ("planned_launch_on", "planned_preliminary_review_on", "planned_final_review_on")
STAGE_WORDS = words(
    ("registered_on", ("registered", "Đăng ký", "Đăng ký thực hiện")),
    ("launched_on", ("launched", "Ra mắt", "Khai trương", "Triển khai")),
    ("piloting_on", ("piloting", "Thí điểm", "Bắt đầu thí điểm")),
    ("preliminary_review_on", ("preliminary_review", "Sơ kết")),
    ("final_review_on", ("final_review", "Tổng kết")),
    ("replicated_on", ("replicated", "Nhân rộng")),
    ("stopped_on", ("stopped", "Dừng", "Dừng thực hiện", "Tạm dừng")),
    ("planned_launch_on", ("planned_launch", "Dự kiến ra mắt")),
    ("planned_preliminary_review_on", ("planned_preliminary_review", "Dự kiến sơ kết")),
    ("planned_final_review_on", ("planned_final_review", "Dự kiến tổng kết")),
)

COMMON = [
    Col("model", "Mô hình", "Model", ("Mã mô hình", "Tên mô hình", "Model code"), required=True),
    Col("unit", "Đơn vị", "Unit", ("Mã đơn vị", "Đơn vị thực hiện", "Unit code"), required=True),
]
HINTS = [
    Col("district", "Quận/Huyện", "District", ("Huyện", "Quận")),
    Col("province", "Tỉnh/Thành phố", "Province", ("Tỉnh",)),
]
COLUMNS = [
    *COMMON,
    Col("registered_on", "Ngày đăng ký", "Registered on", ("Đăng ký",)),
    Col("launched_on", "Ngày ra mắt", "Launched on", ("Ra mắt",)),
    Col("piloting_on", "Ngày bắt đầu thí điểm", "Piloting from", ("Thí điểm", "Ngày thí điểm")),
    Col("preliminary_review_on", "Ngày sơ kết", "Preliminary review on", ("Sơ kết",)),
    Col("final_review_on", "Ngày tổng kết", "Final review on", ("Tổng kết",)),
    Col("replicated_on", "Ngày nhân rộng", "Replicated on", ("Nhân rộng",)),
    Col("stopped_on", "Ngày dừng", "Stopped on", ("Dừng thực hiện", "Ngày dừng thực hiện")),
    Col("planned_launch_on", "Ngày ra mắt dự kiến", "Planned launch", ("Dự kiến ra mắt",)),
    Col(
        "planned_preliminary_review_on",
        "Ngày sơ kết dự kiến",
        "Planned preliminary review",
        ("Dự kiến sơ kết",),
    ),
    Col(
        "planned_final_review_on",
        "Ngày tổng kết dự kiến",
        "Planned final review",
        ("Dự kiến tổng kết",),
    ),
    Col("stage", "Giai đoạn", "Stage", ("Giai đoạn triển khai",)),
    Col("stage_date", "Ngày", "Date", ("Ngày thực hiện", "Ngày của giai đoạn")),
    Col("note", "Ghi chú", "Note", ("Ghi chú",)),
    *HINTS,
]

EXAMPLES = [
    {
        "model": "HY-DVK-CQPV",
        "unit": "11953",
        "registered_on": "01/09/2026",
        "planned_launch_on": "15/12/2026",
        "planned_preliminary_review_on": "30/06/2027",
        "note": "Đăng ký thực hiện mô hình năm 2026",
    },
    {
        "model": "Dân vận khéo “Chính quyền phục vụ người dân và doanh nghiệp”",
        "unit": "Xã Tân Hưng, Tỉnh Hưng Yên",
        "registered_on": "15/08/2026",
        "launched_on": "20/10/2026",
        "planned_preliminary_review_on": "30/04/2027",
        "note": "",
    },
]
TEMPLATE_COLUMNS = [c.key for c in COLUMNS[:13]] + ["note"]


def _merge_stage_dates(row, ctx: Context) -> dict:  # noqa: ANN001
    out = {}
    for k in (*STAGES, "stopped_on"):
        d = row.date(k)
        if d is not None:
            out[k] = d
    for k in PLANNED:
        d = row.date(k, past=False)
        if d is not None:
            out[k] = d
    if row.has("stage") or row.has("stage_date"):
        stage = row.choice("stage", STAGE_WORDS, "unknown_stage")
        d = row.date("stage_date", required=True, past=stage not in PLANNED if stage else True)
        if stage and d:
            if stage in out and out[stage] != d:
                row.error("stage", "conflicting_value", other=out[stage])
            out[stage] = d
    return out


def validate(sheet: Sheet, mapping: dict | None, ctx: Context) -> list[Rec]:
    merged: dict[tuple[int, int], Rec] = {}
    for row in tabular(sheet, COLUMNS, mapping, ctx):
        mid = None
        if row.has("model"):
            mid = ctx.models.model(row.raw("model"))
            if mid is None:
                row.error("model", "unknown_model")
        else:
            row.error("model", "required")
        dates = _merge_stage_dates(row, ctx)
        actual = [d for k, d in dates.items() if k not in PLANNED]
        unit = ctx.units.resolve(
            row,
            "unit",
            on=min(actual) if actual else ctx.today,
            hints=(row.raw("district"), row.raw("province")),
        )
        note = row.text("note", cap=TEXT_CAP, free=True)
        if unit and actual:
            late = [d for d in actual if not unit.valid_on(d)]
            if late:
                row.error(
                    "unit",
                    "unit_not_valid_on",
                    unit=unit.label(),
                    date=max(late),
                    until=unit.valid_to or "",
                )
        if not dates and not note:
            row.error(None, "nothing_to_update")
        if not row.ok:
            continue
        k = (mid, unit.id)
        if k in merged:
            rec = merged[k]
            for c, v in dates.items():
                if c in rec.data and rec.data[c] != v:
                    row.error(c if row.has(c) else "stage", "conflicting_value", other=rec.data[c])
            if row.ok:
                rec.data.update(dates)
                if note:
                    rec.data["note"] = note
                rec.rows = (*rec.rows, row.num)
        else:
            data = dict(model_id=mid, unit_id=unit.id, **dates)
            if note:
                data["note"] = note
            merged[k] = Rec((row.num,), data)
    # Stage order, with what the database already holds.
    recs = list(merged.values())
    existing = {}
    if recs:
        for m in ctx.conn.execute(
            select(rollout).where(rollout.c.unit_id.in_(sorted({r.data["unit_id"] for r in recs})))
        ).mappings():
            existing[(m["model_id"], m["unit_id"])] = dict(m)
    for r in recs:
        have = {
            c: v
            for c, v in existing.get((r.data["model_id"], r.data["unit_id"]), {}).items()
            if c in (*STAGES, "stopped_on") and v is not None
        }
        have.update({c: v for c, v in r.data.items() if c in (*STAGES, "stopped_on")})
        seq = [(c, have[c]) for c in STAGES if c in have]
        for (c1, d1), (c2, d2) in zip(seq, seq[1:], strict=False):
            if d2 < d1:
                ctx.error(
                    r.rows[-1],
                    ctx.headers.get(c2, c2),
                    f"{d2:%d/%m/%Y}",
                    "stage_order",
                    before=ctx.headers.get(c1, c1),
                    other=d1,
                )
        launch = have.get("launched_on") or have.get("registered_on")
        if "stopped_on" in have and launch and have["stopped_on"] < launch:
            ctx.error(
                r.rows[-1],
                ctx.headers.get("stopped_on", "stopped_on"),
                f"{have['stopped_on']:%d/%m/%Y}",
                "date_before",
                other=launch,
            )
    return [r for r in recs if not any(n in ctx.bad_rows for n in r.rows)]


def write(conn, recs: list[Rec], ctx: Context, batch_id: int) -> Written:  # noqa: ANN001
    w, _old, _t = upsert(conn, rollout, ("model_id", "unit_id"), [r.data for r in recs])
    return w


def data_until(recs: list[Rec]):  # noqa: ANN201
    ds = [v for r in recs for c, v in r.data.items() if c in (*STAGES, "stopped_on")]
    return max(ds) if ds else None


# --- assessments ---------------------------------------------------------------------------

ASSESSMENT_COLUMNS = [
    *COMMON,
    Col(
        "criterion",
        "Tiêu chí",
        "Criterion",
        ("Mã tiêu chí", "Tên tiêu chí", "Criterion code"),
        required=True,
    ),
    Col("assessed_on", "Ngày đánh giá", "Assessed on", ("Ngày", "Kỳ đánh giá"), required=True),
    Col("met", "Đạt", "Met", ("Kết quả", "Đạt/Không đạt"), required=True),
    Col("score", "Điểm", "Score", ("Điểm đánh giá",)),
    Col("note", "Ghi chú", "Note", ("Nhận xét",)),
    *HINTS,
]
ASSESSMENT_EXAMPLES = [
    {
        "model": "HY-DVK-CQPV",
        "unit": "Xã Tân Hưng, Tỉnh Hưng Yên",  # launched 20/10/2026 (the rollout example)
        "criterion": "C1",
        "assessed_on": "15/11/2026",
        "met": "Đạt",
        "score": "86,5",
        "note": "",
    },
    {
        "model": "HY-DVK-CQPV",
        "unit": "Xã Tân Hưng, Tỉnh Hưng Yên",
        "criterion": "C4",
        "assessed_on": "15/11/2026",
        "met": "Không đạt",
        "score": "62",
        "note": "Số phiếu khảo sát thu về còn ít.",
    },
]
ASSESSMENT_TEMPLATE_COLUMNS = [c.key for c in ASSESSMENT_COLUMNS[:7]]
MET = words(
    (True, ("Đạt", "Có", "1", "x", "yes", "met", "true")),
    (False, ("Không đạt", "Chưa đạt", "Không", "0", "no", "not met", "false")),
)


def validate_assessments(sheet: Sheet, mapping: dict | None, ctx: Context) -> list[Rec]:
    rows = list(tabular(sheet, ASSESSMENT_COLUMNS, mapping, ctx))
    recs: list[Rec] = []
    rollouts = {
        (m, u): i
        for i, m, u in ctx.conn.execute(select(rollout.c.id, rollout.c.model_id, rollout.c.unit_id))
    }
    seen: dict[tuple, int] = {}
    for row in rows:
        mid = None
        if row.has("model"):
            mid = ctx.models.model(row.raw("model"))
            if mid is None:
                row.error("model", "unknown_model")
        else:
            row.error("model", "required")
        on = row.date("assessed_on", required=True)
        unit = ctx.units.resolve(
            row, "unit", on=on, hints=(row.raw("district"), row.raw("province"))
        )
        cid = None
        if mid is not None and row.has("criterion"):
            cid = ctx.models.criterion(mid, row.raw("criterion"))
            if cid is None:
                row.error("criterion", "unknown_criterion", model=ctx.models.names[mid])
        elif not row.has("criterion"):
            row.error("criterion", "required")
        met = row.choice("met", MET, "bad_bool")
        score = row.number("score", lo=0, hi=100)
        note = row.text("note", cap=TEXT_CAP, free=True)
        rid = None
        if mid is not None and unit is not None:
            rid = rollouts.get((mid, unit.id))
            if rid is None:
                row.error("unit", "no_rollout", model=ctx.models.names[mid])
        if not row.ok:
            continue
        k = (rid, cid, on)
        if k in seen:
            row.error("criterion", "duplicate_assessment", first=seen[k])
            continue
        seen[k] = row.num
        recs.append(
            Rec(
                (row.num,),
                dict(
                    rollout_id=rid,
                    criterion_id=cid,
                    assessed_on=on,
                    met=met,
                    score=score,
                    note=note,
                ),
            )
        )
    return recs


def write_assessments(conn, recs: list[Rec], ctx: Context, batch_id: int) -> Written:  # noqa: ANN001
    w, _old, _t = upsert(
        conn,
        criterion_assessment,
        ("rollout_id", "criterion_id", "assessed_on"),
        [r.data for r in recs],
    )
    return w


def assessments_until(recs: list[Rec]):  # noqa: ANN201
    return max((r.data["assessed_on"] for r in recs), default=None)
