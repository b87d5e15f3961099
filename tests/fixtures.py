"""A small database whose every figure is worked out by hand in the tests.

Units (tỉnh "Thử Nghiệm", code 99 today, L99 before July 2025):
    L99 province ─ L991 district ─ L001 Xã An, L002 Xã Bình, L003 Xã Cát, L005 Xã Đào
    H004 Xã Đông (merged into L001 on 2024-12-01)
    99 province (from 2025-07-01) ─ 001 Xã An Hòa  ← L001 + L002 (and so H004)
                                  ─ 003 Xã Cát Tiên ← L003 + L005
L005 sends only the official report form (Biểu 06), no dossier rows.

Fields: HT (Hộ tịch), DD (Đất đai). Channels: 1 direct, 2 online, 3 postal.
See tests/test_on_time.py for the figures, each derived in a comment.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, insert

from dashboard.domain.dossier_dates import effective_due_date, processing_days
from dashboard.domain.workdays import default_calendar
from dashboard.storage.db import sync_sequences
from dashboard.storage.rollups import refresh_all
from dashboard.storage.schema import (
    admin_unit,
    department,
    dialogue_session,
    dossier,
    field,
    petition,
    procedure,
    reform_model,
    report_row,
    rollout,
    satisfaction_response,
    target,
    unit_lineage,
)
from dashboard.storage.unit_register import refresh_current_units

D = date.fromisoformat
OLD_END = D("2025-06-30")
NEW_START = D("2025-07-01")

UNITS = [
    # id, code, name, level, parent, valid_from, valid_to
    (1, "L99", "Tỉnh Thử Nghiệm", "province", None, D("2000-01-01"), OLD_END),
    (2, "L991", "Huyện Mẫu", "district", 1, D("2000-01-01"), OLD_END),
    (3, "L001", "Xã An", "commune", 2, D("2000-01-01"), OLD_END),
    (4, "L002", "Xã Bình", "commune", 2, D("2000-01-01"), OLD_END),
    (5, "L003", "Xã Cát", "commune", 2, D("2000-01-01"), OLD_END),
    (6, "H004", "Xã Đông", "commune", 2, D("2000-01-01"), D("2024-11-30")),
    (7, "L005", "Xã Đào", "commune", 2, D("2000-01-01"), OLD_END),
    (10, "99", "Tỉnh Thử Nghiệm", "province", None, NEW_START, None),
    (11, "001", "Xã An Hòa", "commune", 10, NEW_START, None),
    (12, "003", "Xã Cát Tiên", "commune", 10, NEW_START, None),
]
LINEAGE = [  # predecessor, successor, effective
    (6, 3, D("2024-12-01")),
    (3, 11, NEW_START),
    (4, 11, NEW_START),
    (5, 12, NEW_START),
    (7, 12, NEW_START),
    (1, 10, NEW_START),
]
FIELDS = [(1, "HT", "Hộ tịch", "Civil status"), (2, "DD", "Đất đai", "Land")]
PROCEDURES = [
    (1, "HT-KS", "Đăng ký khai sinh", 1, 3),
    (2, "DD-BD", "Đăng ký biến động đất đai", 2, 10),
]

# code, unit id, field, channel, received, appointment, resolved, status, supplement days,
# apology, closed
DOSSIERS = [
    ("D01", 3, 1, 2, "2024-01-02", "2024-01-05", "2024-01-04", 10, 0, False, None),  # early
    ("D02", 3, 1, 1, "2024-01-10", "2024-01-15", "2024-01-15", 10, 0, False, None),  # on the day
    ("D03", 3, 2, 1, "2024-02-01", "2024-02-20", "2024-02-23", 10, 0, True, None),  # late, letter
    ("D04", 3, 2, 3, "2024-02-05", "2024-02-26", "2024-03-05", 9, 0, False, None),  # late
    (
        "D05",
        4,
        1,
        2,
        "2024-03-01",
        "2024-03-06",
        "2024-03-08",
        10,
        3,
        False,
        None,
    ),  # early (due Mon 03-11: three working days after Wed 03-06)
    (
        "D06",
        4,
        2,
        1,
        "2024-03-10",
        "2024-03-25",
        "2024-04-10",
        10,
        0,
        True,
        None,
    ),  # overdue at Q1 end
    ("D07", 4, 1, 1, "2024-03-20", "2024-04-05", None, 4, 0, False, None),  # still pending
    ("D08", 6, 1, 2, "2024-01-08", "2024-01-12", "2024-01-12", 10, 0, False, None),  # merged unit
    ("D09", 5, 1, 1, "2023-12-20", "2024-01-03", "2024-01-03", 10, 0, False, None),  # on the day
    ("D10", 5, 2, 1, "2024-01-15", "2024-02-05", None, 7, 0, False, "2024-01-20"),  # withdrawn
    ("D11", 3, 1, 1, "2023-01-05", "2023-01-10", "2023-01-12", 10, 0, False, None),  # late
    ("D12", 5, 1, 2, "2023-02-01", "2023-02-06", "2023-02-03", 10, 0, False, None),  # early
    ("D13", 5, 2, 1, "2023-11-01", "2023-11-20", "2023-11-20", 10, 0, False, None),  # on the day
    ("D14", 11, 1, 2, "2025-07-02", "2025-07-07", "2025-07-07", 10, 0, False, None),  # on the day
    ("D15", 12, 2, 1, "2025-07-10", "2025-07-31", "2025-08-05", 10, 0, True, None),  # late
]

# L005's Biểu 06 for the official 2024-Q1 (2023-12-15..2024-03-14), field HT.
REPORTS = [
    dict(
        unit_id=7,
        field_id=1,
        period_start=D("2023-12-15"),
        period_end=D("2024-03-14"),
        received_total=10,
        received_online=4,
        received_direct_postal=6,
        carried_over=2,
        resolved_total=9,
        resolved_early=5,
        resolved_on_time=3,
        resolved_late=1,
        pending_total=3,
        pending_within=2,
        pending_overdue=1,
    ),
]

TARGETS = [  # metric, unit id, year, value, watch margin
    ("on_time_rate", 1, 2024, 90.0, 5.0),
    ("on_time_rate", 10, 2025, 92.0, 5.0),
    ("online_share", 1, 2024, 30.0, 5.0),
    ("on_time_rate", 12, 2025, 95.0, 3.0),
]


# Satisfaction: 2024-Q1 province -> 5 responses, 3 satisfied (60 %); 001 -> 4, 2 (50 %).
SATISFACTION = [  # code, unit, date, overall
    ("S1", 3, "2024-02-01", 5),
    ("S2", 3, "2024-02-01", 4),
    ("S3", 3, "2024-02-02", 3),
    ("S4", 4, "2024-02-03", 2),
    ("S5", 7, "2024-03-10", 5),
    ("S6", 3, "2023-12-30", 1),
]
# Dialogue: one session in 2024-Q1 (L001, 15/02) with four petitions; one in 2023.
SESSIONS = [(1, "DS1", 3, "2024-02-15"), (2, "DS2", 5, "2023-12-01")]
PETITIONS = [  # session, seq, topic, on the spot, deadline, resolved
    (1, 1, "land", True, None, None),
    (1, 2, "infrastructure", False, "2024-03-01", "2024-02-25"),  # resolved in time
    (1, 3, "land", False, "2024-03-20", "2024-05-01"),  # open and overdue at 31/03
    (1, 4, "environment", False, "2024-04-30", None),  # open, not yet due at 31/03
    (2, 1, "social_policy", False, "2024-01-15", None),
]
# Rollouts of one model: R1 at L002 (running), R2 at L003 (from April 2024), R3 at L001
# (stopped June 2023).
ROLLOUTS = [  # id, unit, launched, stopped, planned prelim, prelim, planned final, final
    (1, 4, "2023-03-29", None, "2023-12-31", "2024-01-10", "2024-06-30", None),
    (2, 5, "2024-04-01", None, None, None, None, None),
    (3, 3, "2022-01-01", "2023-06-01", "2022-12-31", None, None, None),
]


def _d(v):
    return D(v) if v else None


def build_fixture(engine: Engine) -> None:
    with engine.begin() as conn:
        for uid, code, name, level, parent, vf, vt in UNITS:
            conn.execute(
                insert(admin_unit).values(
                    id=uid,
                    code=code,
                    gso_code=None,
                    name=name,
                    short_name=name.split(" ", 1)[1],
                    level=level,
                    unit_type=name.split(" ", 1)[0],
                    parent_id=parent,
                    valid_from=vf,
                    valid_to=vt,
                    lat=20.0 + uid / 100,
                    lon=106.0 + uid / 100,
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
        conn.execute(
            insert(field), [dict(id=i, code=c, name_vi=v, name_en=e) for i, c, v, e in FIELDS]
        )
        conn.execute(
            insert(procedure),
            [
                dict(id=i, code=c, name=n, field_id=f, processing_days=d)
                for i, c, n, f, d in PROCEDURES
            ],
        )
        conn.execute(
            insert(department),
            [
                dict(id=1, unit_id=3, name="Công chức Tư pháp – Hộ tịch"),
                dict(id=2, unit_id=4, name="Công chức Địa chính – Xây dựng"),
            ],
        )
        rows = []
        for i, (code, unit, fld, ch, recv, appt, res, st, sup, apol, closed) in enumerate(DOSSIERS):
            recv, appt = D(recv), D(appt)
            res = D(res) if res else None
            rows.append(
                dict(
                    id=i + 1,
                    code=code,
                    procedure_id=fld,
                    field_id=fld,
                    receiving_unit_id=unit,
                    resolving_unit_id=unit,
                    department_id=2 if unit == 4 else (1 if unit == 3 else None),
                    channel=ch,
                    status=st,
                    received_date=recv,
                    appointment_date=appt,
                    resolved_date=res,
                    returned_date=res if st == 10 else None,
                    closed_date=D(closed) if closed else None,
                    supplement_wait_days=sup,
                    effective_due_date=effective_due_date(appt, sup, default_calendar()),
                    processing_days=processing_days(recv, res),
                    apology_letter=apol,
                    online_payment=False,
                    digitised=False,
                )
            )
        conn.execute(insert(dossier), rows)
        conn.execute(insert(report_row), REPORTS)
        conn.execute(
            insert(target),
            [
                dict(metric=m, unit_id=u, year=y, value=v, watch_margin=w)
                for m, u, y, v, w in TARGETS
            ],
        )
        conn.execute(
            insert(satisfaction_response),
            [
                dict(code=c, unit_id=u, responded_on=D(d), rating_channel="kiosk", overall=o)
                for c, u, d, o in SATISFACTION
            ],
        )
        conn.execute(
            insert(dialogue_session),
            [
                dict(
                    id=i,
                    code=c,
                    unit_id=u,
                    held_on=D(d),
                    format="conference",
                    chaired_by="Chủ tịch UBND xã",
                    participants=50,
                )
                for i, c, u, d in SESSIONS
            ],
        )
        conn.execute(
            insert(petition),
            [
                dict(
                    session_id=s_,
                    seq=q,
                    topic=tp,
                    summary="Kiến nghị mẫu",
                    answered_on_spot=spot,
                    assigned_agency=None if spot else "Công chức Địa chính – Xây dựng",
                    deadline=_d(dl),
                    resolved_on=_d(rs),
                )
                for s_, q, tp, spot, dl, rs in PETITIONS
            ],
        )
        conn.execute(
            insert(reform_model).values(
                id=1,
                code="M1",
                name="Chính quyền phục vụ người dân và doanh nghiệp",
                sponsor="Ban Dân vận Tỉnh ủy",
                legal_basis="fixture",
            )
        )
        conn.execute(
            insert(rollout),
            [
                dict(
                    id=i,
                    model_id=1,
                    unit_id=u,
                    launched_on=_d(la),
                    stopped_on=_d(st),
                    planned_preliminary_review_on=_d(pp),
                    preliminary_review_on=_d(pr),
                    planned_final_review_on=_d(pf),
                    final_review_on=_d(fr),
                )
                for i, u, la, st, pp, pr, pf, fr in ROLLOUTS
            ],
        )
        refresh_all(conn)
        sync_sequences(conn)
