"""The official score of the service index (QĐ 766): both JSON shapes the portal's evaluation
pages return, the hand-filled template, units by the portal's names, unmatched names listed,
and the estimate beside the official score with the difference flagged over 0.5 point.

The estimate is the hand-worked fixture of tests/test_index766.py (L001 Xã An, 2024-Q1:
on time 17.5 of 20, total 65.375)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import insert, select

from dashboard.domain.periods import parse
from dashboard.importers.index766 import PortalNames, indicator_code, period_text
from dashboard.storage.schema import department, index766_official
from queries import index766
from queries.units import Scope
from tests.test_imports import csv_bytes, imp
from tests.test_index766 import TODAY, card, db  # noqa: F401

Q1 = parse("2024-Q1")

SHAPE_A = {
    "success": True,
    "data": {
        "parent": {
            "departmentName": "UBND tỉnh Thử Nghiệm",
            "departmentCode": "000.00.00.H99",
            "level": 1,
            "totalReceived": 29,
            "totalOnTime": 25,
            "totalOverdue": 4,
            "ratio": 86.21,
            "score": 17.24,
            "maxScore": 20,
        },
        "children": [
            {
                "departmentName": "UBND xã An - Tỉnh Thử Nghiệm",
                "departmentCode": "000.01.H99",
                "level": 3,
                "totalReceived": 24,
                "totalOnTime": 20,
                "totalOverdue": 4,
                "ratio": 83.33,
                "score": 16.8,
                "maxScore": 20,
            },
            {
                "departmentName": "Sở Công Thương - Tỉnh Thử Nghiệm",
                "level": 2,
                "totalReceived": 3,
                "totalOnTime": 3,
                "totalOverdue": 0,
                "ratio": 100,
                "score": 20,
                "maxScore": 20,
            },
            {"departmentName": "UBND xã Không Có", "totalReceived": 1, "score": 20},
        ],
    },
}
SHAPE_B = {
    "data": {
        "overview": {
            "departmentName": "UBND tỉnh Thử Nghiệm",
            "fromDate": "01/01/2024",
            "toDate": "31/03/2024",
            "totalScore": 70.1,
            "totalMaxScore": 100,
        },
        "evaluation": [
            {
                "departmentName": "UBND Xã An",
                "totalScore": 65.6,
                "totalMaxScore": 100,
                "metrics": [
                    {"metricCode": "dossier_satisfaction", "rate": 95, "score": 6, "maxScore": 6},
                    {"metricCode": "Tiến độ giải quyết", "score": 16.8, "maxScore": 20},
                    {"metricCode": "XYZ-9", "score": 1, "maxScore": 2},
                ],
            }
        ],
    },
}


@pytest.fixture
def off(db):  # noqa: F811
    with db.begin() as conn:
        conn.execute(insert(department).values(id=2, unit_id=1, name="Sở Công Thương"))
    return db


def _stored(engine):  # noqa: ANN001, ANN202
    o = index766_official
    with engine.connect() as conn:
        rows = conn.execute(
            select(o.c.subject, o.c.indicator, o.c.score, o.c.period_start, o.c.period_end)
        ).all()
    return sorted((s, i, sc) for s, i, sc, _a, _b in rows), {(a, b) for *_x, a, b in rows}


def test_shape_parent_children_with_period_option(off):
    data = json.dumps(SHAPE_A, ensure_ascii=False).encode()
    res = imp(off, "index766", data, name="tien-do.json", period=Q1)
    assert res.written, [p.as_dict() for p in res.problems]
    rows, periods = _stored(off)
    assert rows == [("d2", "on_time", 20.0), ("u1", "on_time", 17.24), ("u3", "on_time", 16.8)]
    assert periods == {(Q1.start, Q1.end)}
    # The unmatched name is listed (a warning: the rest is imported).
    unmatched = [p for p in res.problems if p.code == "unmatched_portal_name"]
    assert [p.value for p in unmatched] == ["UBND xã Không Có"]
    # Without --period the file does not say: every row an error, nothing written.
    res = imp(off, "index766", data, name="tien-do.json", dry_run=True)
    assert not res.ok and {p.code for p in res.errors} == {"official_period_required"}


def test_shape_overview_evaluation_reads_its_period(off):
    data = json.dumps(SHAPE_B, ensure_ascii=False).encode()
    res = imp(off, "index766", data, name="danh-gia.json")
    assert res.written, [p.as_dict() for p in res.problems]
    rows, periods = _stored(off)
    assert rows == [
        ("u1", "total", 70.1),
        ("u3", "dossier_satisfaction", 6.0),
        ("u3", "group:progress", 16.8),
        ("u3", "total", 65.6),
    ]
    assert periods == {(Q1.start, Q1.end)}
    assert [p.value for p in res.warnings if p.code == "unknown_indicator"] == ["XYZ-9"]


def test_estimate_beside_official_with_the_difference_flagged(off):
    imp(off, "index766", json.dumps(SHAPE_A).encode(), name="a.json", period=Q1)
    imp(off, "index766", json.dumps(SHAPE_B).encode(), name="b.json")
    c = card(off, "L001")
    # On time: estimate 17.5, official 16.8 -> +0.7, over 0.5: flagged.
    assert c.loc["on_time", "official_score"] == 16.8
    assert c.loc["on_time", "difference"] == pytest.approx(0.7)
    assert bool(c.loc["on_time", "flagged"])
    # Dossier satisfaction 6.0 both: not flagged; no official for the rest.
    assert c.loc["dossier_satisfaction", "difference"] == 0.0
    assert not bool(c.loc["dossier_satisfaction", "flagged"])
    assert c["official_score"].isna().sum() == len(c) - 2
    t = index766.total(c.reset_index())
    assert (t["official_score"], t["difference"], t["flagged"]) == (
        65.6,
        -0.22,
        False,
    )  # 65.38 shown − 65.6
    # The headline every surface reads carries the official total and the difference.
    with off.connect() as conn:
        h = index766.headline(conn, Q1, Scope("L001", historical=True), today=TODAY)
    assert (h["i766_official"].value, h["i766_difference"].value) == (65.6, -0.22)
    assert h["i766_difference"].status == "good"  # within 0.5 points
    g = index766.groups(c.reset_index()).set_index("group_code")
    assert g.loc["progress", "official_score"] == 16.8
    # A department's official score beside its own estimate.
    with off.connect() as conn:
        d = index766.official(conn, Q1, Scope(None), department_id=2)
    assert d[["indicator", "score"]].values.tolist() == [["on_time", 20.0]]


def test_hand_filled_template(off):
    from dashboard import importers

    header = [c.vi for c in importers.KINDS["index766"].columns][:8]
    rows = [
        ["UBND tỉnh Thử Nghiệm", "Quý I/2024", "Tổng điểm", "", "", "", "70,1", "100"],
        ["Xã Bình", "2024-Q1", "Hồ sơ xử lý đúng hạn (kể cả đang xử lý trong hạn)", "4", "5"]
        + ["80", "16", "20"],
        ["Xã Cát", "Tháng 2/2024", "payment", "", "", "", "12", "10"],
    ]
    res = imp(off, "index766", csv_bytes(header, rows), name="tay.csv", dry_run=True)
    assert [(p.row, p.code) for p in res.errors] == [(4, "score_above_max")]
    res = imp(off, "index766", csv_bytes(header, rows[:2]), name="tay.csv")
    assert res.written and res.added == 2
    rows_, _p = _stored(off)
    assert rows_ == [("u1", "total", 70.1), ("u4", "on_time", 16.0)]
    assert card(off, "L002").loc["on_time", "official_score"] == 16.0


def test_portal_names_and_periods(off):
    with off.connect() as conn:
        pn = PortalNames(conn, Q1.end)
    assert pn.find("UBND tỉnh Thử Nghiệm") == ("u", 1)
    assert pn.find("UBND xã An - Tỉnh Thử Nghiệm") == ("u", 3)
    assert pn.find("Ủy ban nhân dân Xã Cát") == ("u", 5)
    assert pn.find("Sở Công Thương - Tỉnh Thử Nghiệm") == ("d", 2)
    assert pn.find("Sở Công Thương", context=1) == ("d", 2)
    assert pn.find("UBND xã An - Tỉnh Không Có") is None
    assert period_text("Quý 1/2024") == Q1 and period_text("Quý I năm 2024") == Q1
    assert period_text("Tháng 3/2024") == parse("2024-03")
    assert period_text("01/01/2024 - 31/03/2024") == Q1
    assert indicator_code("Tổng điểm") == "total"
    assert indicator_code("Mức độ hài lòng") == "group:satisfaction"
    assert indicator_code("Thanh toán trực tuyến (A, B, C)") == "payment"


def test_broken_json_is_one_problem_never_a_traceback(off):
    for data in (
        b"{not json",
        b"[]",
        b'{"data": {"parent": {"year": "abc"}}}',
        b'{"data": {"children": [{"departmentName": ["x"], "score": {"a": 1}}]}}',
        json.dumps(
            {"data": {"evaluation": [{"departmentName": "=cmd()", "totalScore": "x"}]}}
        ).encode(),
    ):
        res = imp(off, "index766", data, name="x.json", period=Q1, dry_run=True)
        assert not res.written and res.problems, data


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_page_shows_official_columns_only_once_imported(off, monkeypatch):
    """Without the portal's figures the indicator table has no "Chính thức"/"Chênh lệch"
    columns (two columns of dashes); once imported they stand beside the estimate."""
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from dashboard import web

    root = Path(__file__).resolve().parent.parent
    monkeypatch.setenv("DATABASE_URL", off.url.render_as_string(hide_password=False))
    monkeypatch.setenv("OVERSIGHT_TODAY", str(TODAY))

    def columns() -> list[str]:
        web.clear()
        at = AppTest.from_file(str(root / "dashboard" / "app.py"), default_timeout=90)
        at.query_params.update(period="2024-Q1", unit="L001", hist="1")
        at.run()
        at.switch_page(str(root / "pages" / "index766.py")).run()
        assert not at.exception, at.exception
        [table] = [d.value for d in at.dataframe if "Mỗi hồ sơ lỗi" in d.value.columns]
        return list(table.columns)

    assert "Chính thức" not in columns() and "Chênh lệch" not in columns()
    imp(off, "index766", json.dumps(SHAPE_A).encode(), name="a.json", period=Q1)
    cols = columns()
    assert cols.index("Chính thức") + 1 == cols.index("Chênh lệch") < cols.index("Mất")
