"""Reform-model rollouts: stages, matrix, timeline, criteria, effect (DiD), compliance, lineage,
the page and the CLI, against a small fixture whose every figure is worked out by hand.

The fixture is tests/fixtures.py (province 99, model M1) plus a second province built here:

    L88 Tỉnh Kiểm Định (to 30/06/2025) ─ L881 Huyện Mẫu Hai ─ L801 Xã Một, L802 Xã Hai,
        L803 Xã Ba, V804 Xã Bốn (merged into L805 on 01/12/2024), L805 Xã Năm
    88 Tỉnh Kiểm Định (from 01/07/2025) ─ 801 Xã Một Mới ← L801
                                        ─ 802 Xã Hai Ba  ← L802 + L803
                                        ─ 805 Xã Năm Bốn ← L805 (and so V804)
                                        ─ 806 Xã Sáu (new, no predecessor here)

Models: MA (criteria C1–C3), MB (C1–C2). Rollouts:
    R10 MA at L801: reg 01/06/2023, launch+pilot 10/07/2023 (planned 01/07), prelim 15/01/2024
        (planned 31/12/2023), final planned 31/12/2024, not held.
    R11 MA at V804: reg 01/06/2023, launch+pilot 10/07/2023, prelim 20/12/2023, stopped
        30/11/2024 (the commune merged), final planned 31/12/2024.
    R12 MB at L805: reg 01/02/2024, launch planned 01/03/2024, never launched; prelim planned
        31/12/2024.
    R13 MB at 806: reg 01/08/2025, launch+pilot 01/09/2025.
    R14 MB at L802: launch+pilot 10/01/2022, prelim 30/06/2022, final 20/12/2022, replicated
        01/03/2023.
    R15 MA at L805: reg 10/01/2025, launch+pilot 01/02/2025.
"""

from __future__ import annotations

import json
import math
from datetime import date, timedelta

import pytest
from sqlalchemy import insert

from dashboard.domain.dossier_dates import effective_due_date, processing_days
from dashboard.domain.workdays import default_calendar
from dashboard.storage.rollups import refresh_all
from dashboard.storage.schema import (
    admin_unit,
    criterion_assessment,
    dossier,
    model_criterion,
    reform_model,
    rollout,
    satisfaction_response,
    target,
    unit_lineage,
)
from dashboard.storage.unit_register import refresh_current_units
from queries import rollout as ro
from queries.units import Scope, UnknownUnit
from tests.conftest import BACKENDS, new_database

D = date.fromisoformat
OLD_END, NEW_START = D("2025-06-30"), D("2025-07-01")

UNITS = [  # id, code, name, level, parent, valid_from, valid_to
    (101, "L88", "Tỉnh Kiểm Định", "province", None, D("2000-01-01"), OLD_END),
    (102, "L881", "Huyện Mẫu Hai", "district", 101, D("2000-01-01"), OLD_END),
    (103, "L801", "Xã Một", "commune", 102, D("2000-01-01"), OLD_END),
    (104, "L802", "Xã Hai", "commune", 102, D("2000-01-01"), OLD_END),
    (105, "L803", "Xã Ba", "commune", 102, D("2000-01-01"), OLD_END),
    (106, "V804", "Xã Bốn", "commune", 102, D("2000-01-01"), D("2024-11-30")),
    (107, "L805", "Xã Năm", "commune", 102, D("2000-01-01"), OLD_END),
    (110, "88", "Tỉnh Kiểm Định", "province", None, NEW_START, None),
    (111, "801", "Xã Một Mới", "commune", 110, NEW_START, None),
    (112, "802", "Xã Hai Ba", "commune", 110, NEW_START, None),
    (113, "805", "Xã Năm Bốn", "commune", 110, NEW_START, None),
    (114, "806", "Xã Sáu", "commune", 110, NEW_START, None),
]
LINEAGE = [
    (106, 107, D("2024-12-01")),
    (103, 111, NEW_START),
    (104, 112, NEW_START),
    (105, 112, NEW_START),
    (107, 113, NEW_START),
    (101, 110, NEW_START),
]

MODELS = [
    (
        10,
        "MA",
        "Mô hình A: Chính quyền thân thiện",
        [
            (101, "C1", "Công khai, dân chủ"),
            (102, "C2", "Công sở văn minh"),
            (103, "C3", "Khảo sát hài lòng"),
        ],
    ),
    (
        11,
        "MB",
        "Mô hình B: Ngày thứ Bảy vì dân",
        [(104, "C1", "Tiếp nhận sáng thứ Bảy"), (105, "C2", "Công khai lịch")],
    ),
]
STAGE_COLS = [
    "registered_on",
    "launched_on",
    "piloting_on",
    "preliminary_review_on",
    "final_review_on",
    "replicated_on",
    "stopped_on",
    "planned_launch_on",
    "planned_preliminary_review_on",
    "planned_final_review_on",
]
ROLLOUTS = {  # id: (model, unit, dates in STAGE_COLS order)
    10: (
        10,
        103,
        [
            "2023-06-01",
            "2023-07-10",
            "2023-07-10",
            "2024-01-15",
            None,
            None,
            None,
            "2023-07-01",
            "2023-12-31",
            "2024-12-31",
        ],
    ),
    11: (
        10,
        106,
        [
            "2023-06-01",
            "2023-07-10",
            "2023-07-10",
            "2023-12-20",
            None,
            None,
            "2024-11-30",
            "2023-07-10",
            "2023-12-31",
            "2024-12-31",
        ],
    ),
    12: (
        11,
        107,
        ["2024-02-01", None, None, None, None, None, None, "2024-03-01", "2024-12-31", None],
    ),
    13: (
        11,
        114,
        [
            "2025-08-01",
            "2025-09-01",
            "2025-09-01",
            None,
            None,
            None,
            None,
            "2025-09-01",
            "2026-03-01",
            None,
        ],
    ),
    14: (
        11,
        104,
        [
            "2021-12-01",
            "2022-01-10",
            "2022-01-10",
            "2022-06-30",
            "2022-12-20",
            "2023-03-01",
            None,
            "2022-01-10",
            "2022-06-30",
            "2022-12-31",
        ],
    ),
    15: (
        10,
        107,
        ["2025-01-10", "2025-02-01", "2025-02-01", None, None, None, None, None, None, None],
    ),
}
ASSESSMENTS = [  # rollout, criterion id, date, met
    (10, 101, "2023-09-30", True),
    (10, 102, "2023-09-30", False),
    (10, 103, "2023-09-30", False),
    (10, 101, "2023-12-31", True),
    (10, 102, "2023-12-31", True),
    (10, 103, "2023-12-31", False),
    (10, 101, "2024-03-31", True),
    (10, 102, "2024-03-31", True),
    (10, 103, "2024-03-31", True),
    (11, 101, "2023-09-30", True),
    (11, 102, "2023-09-30", True),
    (11, 103, "2023-09-30", False),
]
# Resolved dossiers: (unit, month, resolved, on time). R10 launched 10/07/2023; 6-month windows:
# before 01/2023–06/2023, after 08/2023–01/2024.
#   L801 before 5/10 = 50 %, after 9/10 = 90 %: +40 points.
#   comparison (L802 + L803) before (2 + 4)/(4 + 6) = 60 %, after (4 + 3)/(5 + 5) = 70 %: +10.
#   DiD = 40 − 10 = +30 points.
# Left out: L801's launch month (07/2023), 12/2022 and 03/2024 (outside the windows), and V804
# (it ran the model, so it is no comparison commune).
DOSSIERS = [
    (103, "2023-03", 10, 5),
    (103, "2023-10", 10, 9),
    (103, "2023-07", 4, 0),
    (103, "2022-12", 2, 0),
    (103, "2024-03", 3, 0),
    (104, "2023-04", 4, 2),
    (104, "2023-11", 5, 4),
    (105, "2023-05", 6, 4),
    (105, "2023-12", 5, 3),
    (106, "2023-04", 5, 0),
]
# Satisfaction (overall ratings). L801 before 1/4 = 25 %, after 4/5 = 80 %: +55.
# Comparison before (2 + 3)/10 = 50 %, after (3 + 3)/10 = 60 %: +10. DiD = +45.
RESPONSES = [
    (103, "2023-02-10", [5, 3, 2, 1]),
    (103, "2023-09-10", [5, 4, 4, 5, 2]),
    (103, "2023-07-20", [1, 1, 1]),  # launch month: left out
    (104, "2023-03-10", [5, 4, 3, 2, 1]),
    (105, "2023-03-11", [4, 4, 5, 1, 2]),
    (104, "2023-10-10", [5, 5, 4, 1, 1]),
    (105, "2023-10-11", [4, 4, 4, 2, 1]),
]


def build_rollout_fixture(engine) -> None:  # noqa: ANN001
    from tests.fixtures import build_fixture

    build_fixture(engine)
    with engine.begin() as conn:
        for uid, code, name, level, parent, vf, vt in UNITS:
            conn.execute(
                insert(admin_unit).values(
                    id=uid,
                    code=code,
                    name=name,
                    short_name=name.split(" ", 1)[1],
                    level=level,
                    unit_type=name.split(" ", 1)[0],
                    parent_id=parent,
                    valid_from=vf,
                    valid_to=vt,
                )
            )
        conn.execute(
            insert(unit_lineage),
            [
                dict(
                    predecessor_id=p,
                    successor_id=s,
                    effective_date=e,
                    legal_source="fixture",
                    weight=1.0,
                    is_primary=True,
                )
                for p, s, e in LINEAGE
            ],
        )
        refresh_current_units(conn)
        for mid, code, name, crit in MODELS:
            conn.execute(
                insert(reform_model).values(
                    id=mid,
                    code=code,
                    name=name,
                    sponsor="Ban Dân vận Tỉnh ủy Kiểm Định",
                    legal_basis="Kế hoạch số 01/KH-BDV",
                    decision_date=D("2023-05-15"),
                    planned_start=D("2023-06-01"),
                    planned_end=D("2024-12-31"),
                )
            )
            conn.execute(
                insert(model_criterion),
                [dict(id=cid, model_id=mid, code=c, name=n) for cid, c, n in crit],
            )
        conn.execute(
            insert(rollout),
            [
                dict(
                    id=rid,
                    model_id=m,
                    unit_id=u,
                    **{c: (D(v) if v else None) for c, v in zip(STAGE_COLS, dates, strict=True)},
                )
                for rid, (m, u, dates) in ROLLOUTS.items()
            ],
        )
        conn.execute(
            insert(criterion_assessment),
            [
                dict(rollout_id=r, criterion_id=c, assessed_on=D(d), met=m)
                for r, c, d, m in ASSESSMENTS
            ],
        )
        conn.execute(
            insert(target).values(
                metric="models_per_unit", unit_id=110, year=2026, value=2.0, watch_margin=0.0
            )
        )
        rows, i = [], 1000
        for unit, month, n, ok in DOSSIERS:
            res = D(month + "-15")
            for k in range(n):
                i += 1
                appt = res if k < ok else res - timedelta(days=2)
                recv = res - timedelta(days=10)
                rows.append(
                    dict(
                        id=i,
                        code=f"K{i}",
                        procedure_id=1,
                        field_id=1,
                        receiving_unit_id=unit,
                        resolving_unit_id=unit,
                        channel=1,
                        status=10,
                        received_date=recv,
                        appointment_date=appt,
                        resolved_date=res,
                        returned_date=res,
                        supplement_wait_days=0,
                        effective_due_date=effective_due_date(appt, 0, default_calendar()),
                        processing_days=processing_days(recv, res),
                        apology_letter=False,
                        online_payment=False,
                        digitised=False,
                    )
                )
        conn.execute(insert(dossier), rows)
        conn.execute(
            insert(satisfaction_response),
            [
                dict(
                    code=f"KS-{unit}-{day}-{j}",
                    unit_id=unit,
                    responded_on=D(day),
                    rating_channel="kiosk",
                    overall=o,
                )
                for unit, day, ratings in RESPONSES
                for j, o in enumerate(ratings)
            ],
        )
        refresh_all(conn)


@pytest.fixture(scope="session", params=BACKENDS)
def rollout_engine(request, tmp_path_factory):
    from dashboard.storage.db import make_engine, migrate

    url, drop = new_database(request.param, tmp_path_factory)
    eng = make_engine(url)
    migrate(eng)
    build_rollout_fixture(eng)
    yield eng
    eng.dispose()
    drop()


@pytest.fixture
def conn(rollout_engine):
    with rollout_engine.connect() as c:
        yield c


CUR = Scope("88")
HIST = Scope("L88", historical=True)


def by_id(df, rid):
    return df.loc[df.rollout_id == rid].iloc[0]


# --- stage at a date --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rid, as_of, stage",
    [
        (10, "2023-05-01", None),  # not registered yet
        (10, "2023-06-15", "registered"),
        (10, "2023-07-10", "piloting"),  # launched and piloting the same day: the later stage
        (10, "2024-01-14", "piloting"),
        (10, "2024-02-01", "preliminary_review"),
        (10, "2025-12-31", "preliminary_review"),  # final review never held
        (11, "2024-11-29", "preliminary_review"),
        (11, "2024-11-30", "stopped"),
        (12, "2024-06-30", "registered"),
        (14, "2022-12-31", "final_review"),
        (14, "2023-03-01", "replicated"),
    ],
)
def test_stage_at_a_date(conn, rid, as_of, stage):
    info = ro.rollout_info(conn, rid, D(as_of))
    assert info["stage"] == stage


def test_rollouts_in_scope_and_not_yet_registered(conn):
    # On 01/05/2023 only R14 (registered 12/2021) exists in the province.
    assert ro.rollouts(conn, D("2023-05-01"), CUR)["rollout_id"].tolist() == [14]
    assert len(ro.rollouts(conn, D("2023-05-01"), CUR, include_future=True)) == 6
    df = ro.rollouts(conn, D("2025-12-31"), CUR, model_code="MA")
    assert sorted(df.rollout_id) == [10, 11, 15]
    with pytest.raises(ro.UnknownModel):
        ro.rollouts(conn, D("2025-12-31"), CUR, model_code="NOPE")
    with pytest.raises(UnknownUnit):
        ro.rollouts(conn, D("2025-12-31"), Scope("NOPE"))


def test_overdue_flags_and_summary_agree(conn):
    df = ro.rollouts(conn, D("2025-03-01"), CUR)
    # R10: final review planned 31/12/2024, not held -> overdue. R11 stopped before its
    # planned final review -> not overdue. R12: launch (01/03/2024) and preliminary review
    # (31/12/2024) both passed without a date.
    assert by_id(df, 10)[
        ["overdue_launched", "overdue_preliminary_review", "overdue_final_review"]
    ].tolist() == [False, False, True]
    assert not by_id(df, 11)["review_overdue"]
    assert by_id(df, 12)[["overdue_launched", "overdue_preliminary_review"]].tolist() == [
        True,
        True,
    ]
    assert sorted(df.loc[df.review_overdue, "rollout_id"]) == [10, 12]
    s = ro.headline(conn, D("2025-03-01"), Scope("88"))
    assert s["reviews_overdue"].value == int(df["review_overdue"].sum()) == 2
    assert s["rollouts_active"].value == int(df["active"].sum()) == 3  # R10, R14, R15


def test_who_to_call_lists_each_overdue_rollout_once_with_its_oldest_review(conn):
    """On 01/03/2025 two rollouts have an overdue review (the headline's 2): R10, final review
    planned 31/12/2024; R12, preliminary review planned 31/12/2024 (its launch is late too,
    but it is not a review). 31/12/2024 → 01/03/2025 = 31 + 28 + 1 = 60 days each; equal
    days sort by the unit's name (Xã Một Mới before Xã Năm Bốn)."""
    df = ro.overdue_reviews(conn, D("2025-03-01"), CUR)
    assert df[
        ["rollout_id", "unit_name", "review", "planned_on", "days_overdue"]
    ].values.tolist() == [
        [10, "Xã Một Mới", "final_review", D("2024-12-31"), 60],
        [12, "Xã Năm Bốn", "preliminary_review", D("2024-12-31"), 60],
    ]
    assert len(df) == ro.headline(conn, D("2025-03-01"), CUR)["reviews_overdue"].value
    # One model: model A holds R10 only.
    assert ro.overdue_reviews(conn, D("2025-03-01"), CUR, "MA")["rollout_id"].tolist() == [10]
    assert ro.overdue_reviews(conn, D("2023-01-01"), CUR).empty


def test_ready_to_replicate(conn):
    # R10: preliminary review held, all three criteria met on 31/03/2024.
    df = ro.rollouts(conn, D("2024-06-30"), CUR)
    assert df.loc[df.ready_to_replicate, "rollout_id"].tolist() == [10]
    assert by_id(df, 10)["latest_share_met"] == pytest.approx(100.0)
    # At 31/01/2024 the latest assessment (31/12/2023) had 2 of 3 met.
    df = ro.rollouts(conn, D("2024-01-31"), CUR)
    assert by_id(df, 10)["latest_share_met"] == pytest.approx(200 / 3)
    assert not df["ready_to_replicate"].any()


# --- matrix --------------------------------------------------------------------------------


def test_matrix_current_view(conn):
    m = ro.matrix(conn, D("2025-12-31"), CUR)
    cells = {(r.unit_code, r.model_code): r for r in m.itertuples()}
    assert sorted(cells) == [
        ("801", "MA"),
        ("802", "MB"),
        ("805", "MA"),
        ("805", "MB"),
        ("806", "MB"),
    ]
    assert cells[("801", "MA")].stage == "preliminary_review"
    assert cells[("801", "MA")].overdue  # final review overdue
    assert cells[("801", "MA")].recorded == ["Xã Một"]
    assert cells[("802", "MB")].stage == "replicated"
    # Two predecessors of Xã Năm Bốn ran MA: V804 (stopped at the merger) and L805 (piloting
    # since 02/2025). The cell shows the furthest stage not stopped, and both rollouts.
    c = cells[("805", "MA")]
    assert (c.stage, c.rollout_id, c.rollout_ids, c.n_rollouts) == ("piloting", 15, [11, 15], 2)
    assert c.recorded == ["Xã Bốn", "Xã Năm"]
    assert cells[("805", "MB")].stage == "registered" and cells[("805", "MB")].overdue
    assert cells[("806", "MB")].stage == "piloting" and cells[("806", "MB")].recorded == []
    only_a = ro.matrix(conn, D("2025-12-31"), CUR, model_code="MA")
    assert only_a["unit_code"].tolist() == ["801", "805"]


def test_matrix_historical_view(conn):
    m = ro.matrix(conn, D("2024-06-30"), HIST)
    got = {(r.unit_code, r.model_code): (r.stage, r.now_part_of) for r in m.itertuples()}
    assert got == {
        ("L801", "MA"): ("preliminary_review", "Xã Một Mới"),
        ("L802", "MB"): ("replicated", "Xã Hai Ba"),
        ("V804", "MA"): ("preliminary_review", "Xã Năm Bốn"),
        ("L805", "MB"): ("registered", "Xã Năm Bốn"),
    }


def test_counts_by(conn):
    st = ro.counts_by(conn, D("2025-12-31"), CUR, by="stage").set_index("stage")
    assert list(st.index) == list(ro.STAGES)
    # R12 registered; R13, R15 piloting; R10 preliminary review; R14 replicated; R11 stopped.
    assert st["rollouts"].to_dict() == {
        "registered": 1,
        "launched": 0,
        "piloting": 2,
        "preliminary_review": 1,
        "final_review": 0,
        "replicated": 1,
        "stopped": 1,
    }
    assert st.loc["piloting", "units"] == 2
    bm = ro.counts_by(conn, D("2025-12-31"), CUR, by="model").set_index("model_code")
    assert bm.loc["MA", ["rollouts", "active", "piloting", "stopped"]].tolist() == [3, 2, 1, 1]
    assert bm.loc["MB", ["rollouts", "active", "review_overdue"]].tolist() == [3, 2, 1]
    bu = ro.counts_by(conn, D("2025-12-31"), CUR, by="unit").set_index("unit_code")
    assert bu.loc["805", "rollouts"] == 3


def test_catalogue(conn):
    cat = ro.catalogue(conn, D("2025-12-31"), CUR)
    assert cat["code"].tolist() == ["MA", "MB"]  # M1 (province 99) is not in scope
    a = cat.set_index("code").loc["MA"]
    assert (a["rollouts"], a["units"], a["active"], a["n_criteria"]) == (3, 2, 2, 3)
    assert a["criteria"][0] == {"code": "C1", "name": "Công khai, dân chủ"}
    assert a["decision_date"] == D("2023-05-15")
    everything = ro.catalogue(conn, D("2025-12-31"), Scope(None), only_in_scope=False)
    assert set(everything["code"]) == {"M1", "MA", "MB"}


# --- timeline ------------------------------------------------------------------------------


def test_timeline_planned_real_and_overdue(conn):
    tl = ro.timeline(conn, D("2025-03-01"), CUR)
    r10 = tl[tl.rollout_id == 10].set_index("stage")
    assert list(r10.index) == [
        "registered",
        "launched",
        "piloting",
        "preliminary_review",
        "final_review",
    ]
    assert r10.loc["launched", "days_late"] == 9  # planned 01/07, real 10/07/2023
    assert r10.loc["piloting", "end"] == D("2024-01-15")  # until the preliminary review
    assert r10.loc["preliminary_review", "days_late"] == 15
    assert r10.loc["preliminary_review", "end"] == D("2025-03-01")  # still at that stage
    fin = r10.loc["final_review"]
    assert fin["actual"] is None and fin["overdue"] and fin["days_overdue"] == 60
    r11 = tl[tl.rollout_id == 11].set_index("stage")
    assert r11.loc["stopped", "actual"] == D("2024-11-30")
    assert r11.loc["preliminary_review", "end"] == D("2024-11-30")
    assert not r11["overdue"].any()  # stopped before its final review was due
    r12 = ro.timeline(conn, D("2024-06-30"), CUR, model_code="MB").set_index(
        ["rollout_id", "stage"]
    )
    # Launch planned 01/03/2024: 121 days overdue on 30/06/2024; review not due yet.
    assert r12.loc[(12, "launched"), "days_overdue"] == 121
    assert not r12.loc[(12, "preliminary_review"), "overdue"]


# --- criteria --------------------------------------------------------------------------------


def test_assessments_by_date_and_criterion(conn):
    bd = ro.assessment_by_date(conn, 10)
    assert bd["assessed_on"].tolist() == [D("2023-09-30"), D("2023-12-31"), D("2024-03-31")]
    assert bd["met"].tolist() == [1, 2, 3]
    assert bd["share_met"].tolist() == pytest.approx([100 / 3, 200 / 3, 100.0])
    assert len(ro.assessment_by_date(conn, 10, as_of=D("2023-12-31"))) == 2
    bc = ro.assessment_by_criterion(conn, 10).set_index("criterion_code")
    assert bc["share_met"].tolist() == pytest.approx([100.0, 200 / 3, 100 / 3])
    assert bc["latest_met"].tolist() == [True, True, True]
    none = ro.assessment_by_criterion(conn, 14)  # MB criteria, never assessed
    assert none["assessments"].tolist() == [0, 0] and none["share_met"].isna().all()


# --- effect: difference in differences ----------------------------------------------------


def test_effect_difference_in_differences(conn, monkeypatch):
    e = ro.effect(conn, 10, months=6)
    ot = e.on_time
    assert (ot.unit_before.start, ot.unit_before.end) == (D("2023-01-01"), D("2023-06-30"))
    assert (ot.unit_after.start, ot.unit_after.end) == (D("2023-08-01"), D("2024-01-31"))
    assert [c.rate for c in ot.cells.values()] == pytest.approx([50.0, 90.0, 60.0, 70.0])
    assert [c.n for c in ot.cells.values()] == [10, 10, 10, 10]
    assert ot.unit_change == pytest.approx(40.0)
    assert ot.comparison_change == pytest.approx(10.0)
    assert ot.did == pytest.approx(30.0)
    assert ot.few  # 10 dossiers per cell < 30 by default
    assert ot.ci_low < 30.0 < ot.ci_high and not ot.enough_data
    sat = e.satisfaction
    assert [c.rate for c in sat.cells.values()] == pytest.approx([25.0, 80.0, 50.0, 60.0])
    assert [c.n for c in sat.cells.values()] == [4, 5, 10, 10]
    assert sat.did == pytest.approx(45.0) and sat.few
    # Comparison: the communes of L88 as it was at launch (10/07/2023), by name: Xã Ba, Xã Hai.
    # V804 launched model A the same day and L805 carries V804's records (its predecessor):
    # both run the model by the after window, so they are left out and listed. 806 did not
    # exist yet.
    assert e.comparison["code"].tolist() == ["L803", "L802"]
    assert e.excluded["code"].tolist() == ["V804", "L805"]
    assert set(e.excluded["reason"]) == {"same_model"}
    assert (e.unit_code, e.current_code, e.province_code) == ("L801", "801", "L88")
    assert not e.incomplete and not e.cut_by_merger
    monkeypatch.setenv("OVERSIGHT_MIN_DOSSIERS", "10")
    assert not ro.effect(conn, 10).on_time.few
    monkeypatch.setenv("OVERSIGHT_MIN_DOSSIERS", "11")
    assert ro.effect(conn, 10).on_time.few


def test_effect_window_length(conn):
    # Three-month windows: before 04–06/2023 (L801 has none: rate unknown), after 08–10/2023;
    # neither comparison commune has records in both windows (L802: 04/2023 and 11/2023; L803:
    # 05/2023 and 12/2023), so none enters the estimate.
    e3 = ro.effect(conn, 10, months=3)
    assert e3.on_time.unit_before.n == 0 and e3.on_time.unit_before.rate is None
    assert e3.on_time.did is None and e3.on_time.few and e3.on_time.estimate is None
    assert e3.on_time.comparison_before.n == 0
    assert e3.on_time.verdict == "not_enough_data"


def test_effect_table_and_cells(conn):
    t = ro.effect_table(ro.effect(conn, 10)).set_index("metric")
    row = t.loc["on_time_rate"]
    assert (row["unit_before"], row["n_unit_before"], row["did"], row["few"]) == (
        pytest.approx(50.0),
        10,
        pytest.approx(30.0),
        True,
    )
    assert row["comparison_units"] == 2 and row["comparison_codes"] == ["L803", "L802"]
    assert row["enough_data"] == False  # noqa: E712 - numpy bool
    assert row["verdict"] == "not_enough_data"
    cells = ro.effect_cells(ro.effect(conn, 10))
    assert len(cells) == 8 and set(cells["group"]) == {"unit", "comparison"}


def test_effect_of_merged_and_unlaunched_rollouts(conn):
    # R11 ran in V804, now part of Xã Năm Bốn: measured on V804 as it was, not diluted by L805.
    e = ro.effect(conn, 11)
    assert (e.unit_code, e.current_code) == ("V804", "805")
    assert ro.effect(conn, 12) is None  # never launched
    # R13: launched 09/2025 at Xã Sáu; data end 08/2025; its before window (03–08/2025) is cut
    # by the 1/7/2025 merger.
    e13 = ro.effect(conn, 13)
    assert e13.incomplete and e13.cut_by_merger
    with pytest.raises(ro.UnknownRollout):
        ro.effect(conn, 999)


# --- compliance ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "scope, year, missing, required",
    [
        # Historical: communes as they were in 2024. L803 never ran a model; L805's MB was never
        # launched and its MA started in 2025. V804 counts: MA ran until its merger (30/11/2024).
        (HIST, 2024, ["L803", "L805"], 1.0),
        # Today's communes before 1 July 2025: judged on the communes they came from as they
        # were (issue 11). 2024: 802 <- L802 (MB) and L803 (none): missed; 805 <- V804 (MA)
        # and L805 (none): missed; 801 <- L801 (MA): met. 806 came from no commune: not judged.
        (CUR, 2024, ["802", "805"], 1.0),
        (CUR, 2023, ["802", "805"], 1.0),  # R10 and R11 launched 07/2023; L803, L805 none
        # After: today's communes, with their predecessors' rollouts.
        (CUR, 2025, [], 1.0),  # 806 launched MB in 09/2025; 805 runs MA (L805) from 02/2025
        (CUR, 2026, ["802", "801", "805", "806"], 2.0),  # target of two models in 2026
    ],
)
def test_compliance(conn, scope, year, missing, required):  # noqa: PLR0913
    c = ro.compliance(conn, year, scope)
    assert sorted(c.missing["code"]) == sorted(missing)
    assert c.required == required
    assert c.n_communes == (5 if scope.historical else 3 if year < 2025 else 4)
    assert c.n_compliant == c.n_communes - len(missing)


def test_compliance_lists_the_predecessors_that_missed(conn):
    c = ro.compliance(conn, 2024, CUR)
    m = c.missing.set_index("code")
    assert m.loc["802", "missed"] == ["L803"] and m.loc["802", "missed_names"] == ["Xã Ba"]
    assert m.loc["805", "missed"] == ["L805"]
    row = c.communes.set_index("code").loc["802"]
    assert row["models"] == ["MB"] and not row["compliant"]


# --- lineage of the real 2023 Hưng Yên pilots --------------------------------------------


@pytest.fixture(scope="module", params=BACKENDS)
def hy_conn(request, tmp_path_factory):
    """Today's Hưng Yên and its predecessors from vietnamadminunits, with the six pilots."""
    from dashboard.storage.db import make_engine, migrate
    from dashboard.storage.unit_register import Scope as UnitScope
    from dashboard.storage.unit_register import build_unit_set, load_units
    from queries.units import all_units

    url, drop = new_database(request.param, tmp_path_factory)
    eng = make_engine(url)
    migrate(eng)
    pilots = [
        ("Xã Tân Châu", "Huyện Khoái Châu"),
        ("Phường Quang Trung", "Thành phố Hưng Yên"),
        ("Xã Xuân Trúc", "Huyện Ân Thi"),
        ("Xã Trung Hưng", "Huyện Yên Mỹ"),
        ("Xã Nhật Quang", "Huyện Phù Cừ"),
        ("Xã Tân Quang", "Huyện Văn Lâm"),
    ]
    with eng.begin() as c:
        load_units(
            c, build_unit_set(UnitScope(current_provinces=("tinhhungyen",), legacy_districts=()))
        )
        units = all_units(c)
        c.execute(
            insert(reform_model).values(
                id=1,
                code="HY-DVK-CQPV",
                name="Dân vận khéo “Chính quyền phục vụ người dân và doanh nghiệp”",
                sponsor="Ban Dân vận Tỉnh ủy Hưng Yên",
                legal_basis="Kế hoạch",
            )
        )
        for i, (name, district) in enumerate(pilots, start=1):
            u = units[
                (units.name == name) & (units.parent_name == district) & (units.level == "commune")
            ]
            assert len(u) == 1, name
            vt = u.valid_to.iloc[0]
            stopped = vt if vt is not None and str(vt) < "2025-06-30" else None
            c.execute(
                insert(rollout).values(
                    id=i,
                    model_id=1,
                    unit_id=int(u.id.iloc[0]),
                    registered_on=D("2023-03-01"),
                    launched_on=D("2023-03-29"),
                    piloting_on=D("2023-03-29"),
                    planned_preliminary_review_on=D("2023-12-31"),
                    preliminary_review_on=D("2023-12-20"),
                    stopped_on=stopped,
                )
            )
    with eng.connect() as c:
        yield c
    eng.dispose()
    drop()


def test_vanished_pilot_communes_appear_through_their_lineage(hy_conn):
    df = ro.rollouts(hy_conn, D("2025-12-31"), Scope("33"))
    assert len(df) == 6  # every pilot rolls up into today's Hưng Yên
    got = df.set_index("recorded_code")
    qt, th = got.loc["HY-QUANGTRUNG"], got.loc["HY-TRUNGHUNG"]
    assert (qt["recorded_name"], qt["unit_name"], qt["merged"]) == (
        "Phường Quang Trung",
        "Phường Phố Hiến",
        True,
    )
    assert (th["recorded_name"], th["unit_name"]) == ("Xã Trung Hưng", "Xã Yên Mỹ")
    assert qt["stage"] == "stopped"  # stopped at the 2024 merger
    m = ro.matrix(hy_conn, D("2024-06-30"), Scope("33"))
    row = m[m.unit_name == "Phường Phố Hiến"].iloc[0]
    assert row["recorded"] == ["Phường Quang Trung"] and row["stage"] == "preliminary_review"
    hist = ro.matrix(hy_conn, D("2024-06-30"), Scope("L33", historical=True))
    row = hist[hist.unit_code == "HY-QUANGTRUNG"].iloc[0]
    assert row["now_part_of"] == "Phường Phố Hiến"
    assert len(hist) == 6


# --- charts ------------------------------------------------------------------------------------


def test_chart_builders(conn):
    from dashboard.charts import rollout as cr

    as_of = D("2025-03-01")
    fig = cr.gantt(ro.timeline(conn, as_of, CUR), as_of, "vi")
    assert len(fig.data) > 0
    red = [t for t in fig.data if getattr(t, "name", "") == "Quá hạn"]
    # R10's final review; R12's launch and preliminary review.
    assert red and len(red[0].y) == 3
    styled, keys = cr.stage_table(ro.matrix(conn, as_of, CUR), "vi")
    assert keys.shape == styled.data.shape
    assert "Sơ kết" in styled.data.to_string()
    es = ro.event_study(conn, 10)
    fig = cr.event_study(es[es["metric"] == "on_time_rate"], D("2023-07-10"), "vi")
    names = [tr.name for tr in fig.data]
    assert names[:2] == ["Khoảng tin cậy 95%", "Chênh lệch"]
    assert "TB trước ra mắt: −10,0" in names[2] and "TB sau ra mắt: +20,0" in names[3]
    pooled = ro.pooled_effect(conn, "MA")
    rows = pooled.rollouts[pooled.rollouts["metric"] == "on_time_rate"]
    assert len(cr.forest(rows, pooled.pooled["on_time_rate"], "vi").data) >= 2
    assert len(cr.assessment_trend(ro.assessment_by_date(conn, 10), "en").data) == 1
    assert cr.criteria_grid(ro.assessments(conn, 10), "vi").data[0].z.shape == (3, 3)


# --- the page --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page_url(tmp_path_factory):
    from dashboard.storage.db import make_engine, migrate

    url, drop = new_database("sqlite", tmp_path_factory)
    eng = make_engine(url)
    migrate(eng)
    build_rollout_fixture(eng)
    eng.dispose()
    yield url
    drop()


@pytest.fixture
def app(page_url, monkeypatch):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from dashboard import web

    monkeypatch.setenv("DATABASE_URL", page_url)
    monkeypatch.setenv("OVERSIGHT_TODAY", "2025-12-31")
    web.clear()
    root = Path(__file__).resolve().parent.parent

    def make(**params) -> AppTest:
        at = AppTest.from_file(str(root / "dashboard" / "app.py"), default_timeout=60)
        own = {k: params.pop(k) for k in ("model", "rollout") if k in params}
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        at.switch_page(str(root / "pages" / "rollout.py")).run()
        if own:  # then the page's own keys arrive in the URL, as from a shared link
            for k, v in own.items():
                at.query_params[k] = v
            at.run()
        assert not at.exception, at.exception
        return at

    return make


def _text(at) -> str:
    return " ".join(
        [m.value for m in at.markdown]
        + [c.value for c in at.caption]
        + [i.value for i in at.info]
        + [w.value for w in at.warning]
    )


@pytest.mark.parametrize("period", ["2025-Q4", "2024", "2030-Q1", "2019"])
def test_page_renders_any_period(app, period):
    at = app(period=period, unit="88")
    assert at.title[0].value == "Triển khai mô hình cải cách"


def test_page_drills_from_model_to_rollout(app):
    at = app(period="2025-Q4", unit="88")
    assert "Mô hình A: Chính quyền thân thiện" in _text(at) or any(
        "Mô hình A" in e.label for e in at.expander
    )
    model = at.selectbox(key="ro_model_select")
    model.select("MA").run()
    assert not at.exception, at.exception
    assert at.query_params.get("model") == "MA"
    pick = at.selectbox(key="ro_rollout_select")
    assert "Xã Một (nay thuộc Xã Một Mới) · Sơ kết" in pick.options  # R10, through its lineage
    assert "Xã Bốn (nay thuộc Xã Năm Bốn) · Dừng" in pick.options  # R11, commune merged in 2024
    pick.select(10).run()
    assert not at.exception, at.exception
    assert at.query_params.get("rollout") == "10"
    m = {x.label: x.value for x in at.metric}
    assert m["Chênh lệch kép: đúng hạn"] == "+30,0 điểm %"
    assert m["Chênh lệch kép: hài lòng"] == "+45,0 điểm %"
    assert "Không đủ dữ liệu để kết luận" in _text(at)  # 10 dossiers and 4–10 responses
    # The URL keeps the view: a shared link reopens the same rollout.
    again = app(period="2025-Q4", unit="88", model="MA", rollout="10")
    assert {x.label: x.value for x in again.metric}["Chênh lệch kép: đúng hạn"] == "+30,0 điểm %"


def test_page_drills_from_matrix_cell(app):
    at = app(period="2025-Q4", unit="88")
    matrix = at.dataframe[0].value
    assert matrix["Xã, phường"].tolist() == ["Xã Hai Ba", "Xã Một Mới", "Xã Năm Bốn", "Xã Sáu"]
    col = "Mô hình A: Chính quyền thân thiện"
    assert matrix[col].tolist() == ["", "Sơ kết ⚠", "Thí điểm · 2 lượt", ""]
    # Clicking Xã Một Mới × model A opens R10.
    at.session_state["ro_matrix"] = {"selection": {"rows": [], "columns": [], "cells": [[1, col]]}}
    at.run()
    assert not at.exception, at.exception
    assert at.query_params.get("rollout") == "10"
    # Names from the database are escaped for Markdown ("\\:" shows as ":").
    subheaders = [x.value for x in at.subheader]
    assert subheaders[0] == "Cần gọi ai trước"  # the first screen says who to call (issue 16)
    assert r"Xã Một Mới – Mô hình A\: Chính quyền thân thiện" in subheaders


def test_page_shows_lineage_and_compliance(app):
    at = app(period="2025-Q4", unit="88", model="MA", rollout="11")
    text = _text(at)
    assert "ghi nhận tại **Xã Bốn**, nay thuộc **Xã Năm Bốn**" in text
    assert at.selectbox(key="ro_rollout_select").value == 11
    # 2024, before the merger: judged on the communes as they were (issue 11): Xã Hai Ba
    # misses through Xã Ba (L803), Xã Năm Bốn through Xã Năm (L805); Xã Sáu did not exist.
    at = app(period="2024", unit="88")
    missing = [d.value for d in at.dataframe if "Xã trước sắp xếp chưa có mô hình" in d.value]
    assert missing, _text(at)
    m = missing[0]
    rows = dict(zip(m["Xã, phường"], m["Xã trước sắp xếp chưa có mô hình"], strict=True))
    assert rows == {"Xã Hai Ba": "Xã Ba", "Xã Năm Bốn": "Xã Năm"}
    assert "kết thúc trước 01/07/2025" in _text(at)


def test_page_empty_scope_message(app):
    at = app(period="2025-Q4", unit="99", lang="en")  # province 99: model M1 only
    assert at.title[0].value == "Reform-model rollout"
    at = app(period="2019", unit="88")  # before any rollout
    assert at.info, "an empty period explains itself"


# --- the CLI -------------------------------------------------------------------------------


def _cli(monkeypatch, capsys, url, *argv):
    from dashboard import cli

    monkeypatch.setenv("DATABASE_URL", url)
    code = cli.main(["metrics", "rollout", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_rollout(page_url, monkeypatch, capsys):
    code, out, _ = _cli(
        monkeypatch, capsys, page_url, "--as-of", "2025-12-31", "--unit", "88", "--format", "json"
    )
    assert code == 0
    rows = {r["rollout_id"]: r for r in json.loads(out)}
    assert sorted(rows) == [10, 11, 12, 13, 14, 15]
    assert rows[11]["stage"] == "stopped" and rows[11]["recorded_code"] == "V804"
    assert rows[11]["unit_code"] == "805"
    code, out, _ = _cli(
        monkeypatch,
        capsys,
        page_url,
        "--period",
        "2025-Q4",
        "--unit",
        "88",
        "--by",
        "stage",
        "--format",
        "json",
    )
    assert {r["stage"]: r["rollouts"] for r in json.loads(out)}["piloting"] == 2
    code, out, _ = _cli(monkeypatch, capsys, page_url, "--effect", "10", "--format", "json")
    eff = {r["metric"]: r for r in json.loads(out)}
    assert eff["on_time_rate"]["did"] == 30.0 and eff["on_time_rate"]["n_unit_before"] == 10
    assert eff["satisfaction_rate"]["did"] == 45.0 and eff["satisfaction_rate"]["few"] is True
    ot = eff["on_time_rate"]
    assert ot["ci_low"] < 30 < ot["ci_high"] and ot["enough_data"] is False
    assert ot["comparison_codes"] == ["L803", "L802"] and "placebo_did" in ot
    code, out, _ = _cli(
        monkeypatch,
        capsys,
        page_url,
        "--compliance",
        "2024",
        "--unit",
        "L88",
        "--historical",
        "--format",
        "json",
    )
    assert sorted(r["code"] for r in json.loads(out)) == ["L803", "L805"]
    code, out, _ = _cli(
        monkeypatch,
        capsys,
        page_url,
        "--unit",
        "88",
        "--by",
        "unit",
        "--model",
        "MA",
        "--as-of",
        "2025-12-31",
        "--format",
        "csv",
    )
    assert code == 0 and "805" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--unit", "NOPE"], "NOPE"),
        (["--model", "NOPE"], "NOPE"),
        (["--period", "2024-Q5"], "2024-Q5"),
        (["--as-of", "31/12/2024"], "31/12/2024"),
        (["--effect", "999"], "999"),
    ],
)
def test_cli_rollout_errors(page_url, monkeypatch, capsys, argv, message):
    code, _, err = _cli(monkeypatch, capsys, page_url, *argv)
    assert code == 2 and message in err


def test_nan_free_rates():
    assert ro.Cell(D("2024-01-01"), D("2024-01-31"), 0, 0).rate is None
    assert not math.isnan(ro.Cell(D("2024-01-01"), D("2024-01-31"), 4, 1).rate)


# --- rollouts read once a page (queries.shared.once) ------------------------------------------


def test_a_page_reads_its_rollouts_once_and_shows_the_figures_of_plain_queries(conn, monkeypatch):
    """The rollout page's headline, table, reviews, catalogue, matrix, timeline and compliance
    all start from the scope's rollouts: inside a page they are fetched once, and every figure
    is the one the plain queries give (a caller changing its copy changes nobody else's)."""
    import pandas.testing as pdt

    from queries import shared

    day = D("2025-12-31")

    def figures():
        h = ro.headline(conn, day, CUR)
        comp = ro.compliance(conn, 2025, CUR)
        return {
            "headline": {k: (f.value, f.n) for k, f in h.items()},
            "rollouts": ro.rollouts(conn, day, CUR),
            "reviews": ro.overdue_reviews(conn, day, CUR),
            "catalogue": ro.catalogue(conn, day, CUR),
            "matrix": ro.matrix(conn, day, CUR),
            "timeline": ro.timeline(conn, day, CUR),
            "compliance": comp.communes,
        }

    alone = figures()
    fetched = []
    real = ro._fetch_rollout_rows

    def counting(*args):  # noqa: ANN002
        ids = args[1]
        fetched.append((None if ids is None else tuple(ids), *args[2:]))
        return real(*args)

    monkeypatch.setattr(ro, "_fetch_rollout_rows", counting)
    with shared.page():
        together = figures()
        again = figures()  # the kept frame is untouched by the first round's callers
    assert len(fetched) == len(set(fetched)) == 1, fetched
    assert together["headline"] == alone["headline"] == again["headline"]
    for key in ("rollouts", "reviews", "catalogue", "matrix", "timeline", "compliance"):
        pdt.assert_frame_equal(together[key], alone[key])
        pdt.assert_frame_equal(again[key], alone[key])
    # Outside a page, each call fetches.
    figures()
    assert len(fetched) > 1
