"""Satisfaction figures, page and CLI against a hand-worked fixture, on both backends.

The base fixture (tests/fixtures.py) gives the units, fields and lineage:
    L001 Xã An, L002 Xã Bình, H004 Xã Đông (→ L001 on 2024-12-01)  ⇒ today 001 Xã An Hòa
    L003 Xã Cát, L005 Xã Đào                                       ⇒ today 003 Xã Cát Tiên
    fields 1 HT (Hộ tịch), 2 DD (Đất đai).
Its six satisfaction rows are replaced by SATISFACTION below (elements: access, procedure,
civil servant, result, feedback; "-" = not answered).

2024-Q1 (12 responses)            overall  acc proc civ res fb   channel  field  comment
  A01 L001 05/01                    5       5   5    5   5   5    kiosk    HT
  A02 L001 20/01                    4       4   3    5   4   -    kiosk    HT
  A03 L001 10/02                    2       3   2    4   2   1    tablet   DD     yes
  A04 L001 15/03                    1       2   1    3   1   1    qr       DD     yes
  A05 L002 01/02                    5       5   4    5   5   4    kiosk    HT
  A06 L002 02/03                    3       4   2    4   3   -    paper    -      yes
  A07 H004 15/01                    2       3   2    5   2   2    kiosk    HT     yes
  A08 L003 10/01                    5       5   5    5   5   5    tablet   HT
  A09 L003 20/02                    4       4   4    4   4   4    tablet   DD
  A10 L003 28/03                    4       4   -    5   4   3    survey   -
  A11 L005 10/03                    1       1   1    2   1   1    paper    HT     blank
  A12 L005 05/03                    5       5   5    4   5   5    qr       HT     yes (praise)
  -> ratings 5: 4, 4: 3, 3: 1, 2: 2, 1: 2; satisfied 7/12 = 58.33 %; dissatisfied 4/12.
  elements (answered, 4–5): access 12, 8 (66.67 %); procedure 11, 5 (45.45 %);
  civil servant 12, 10 (83.33 %); result 12, 7 (58.33 %); feedback 10, 5 (50 %)
  -> weakest: procedure, 12.88 points below the overall 58.33 %.
2023-Q4 (previous): P01 L001 5, P02 L001 4, P03 L003 3, P04 L003 5 (31/12), every element
  equal to overall -> 3/4 = 75 %, each element 75 %, nobody dissatisfied (0 %, not None).
2023-Q1 (last year): Y01 L002 4 (feedback -), Y02 L005 2 (comment) -> 1/2 = 50 %.
B01 L001 01/04/2024 1 (comment): the day after Q1.
2025-Q3: N01 001 5, N02 003 2 (comment) -> 50 %.
Targets satisfaction_rate (on L99 / 99): 2023 85, 2024 80, 2025 90; watch margin 5.
"""

from __future__ import annotations

import io
import json
import math
from contextlib import redirect_stdout
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, insert

from dashboard.domain.periods import parse
from dashboard.storage.rollups import refresh_satisfaction
from dashboard.storage.schema import satisfaction_response, target
from queries import on_time
from queries import satisfaction as sat
from queries.units import EndedUnit, Scope, UnknownUnit
from tests.conftest import BACKENDS, new_database

Q1 = parse("2024-Q1")
EMPTY = parse("2030-Q1")
D = date.fromisoformat

# code, unit id, date, channel, field id, overall, access, procedure, civil servant, result,
# feedback, comment
SATISFACTION = [
    ("A01", 3, "2024-01-05", "kiosk", 1, 5, 5, 5, 5, 5, 5, None),
    ("A02", 3, "2024-01-20", "kiosk", 1, 4, 4, 3, 5, 4, None, None),
    (
        "A03",
        3,
        "2024-02-10",
        "tablet",
        2,
        2,
        3,
        2,
        4,
        2,
        1,
        "Thủ tục đất đai phải đi lại nhiều lần.",
    ),
    (
        "A04",
        3,
        "2024-03-15",
        "qr",
        2,
        1,
        2,
        1,
        3,
        1,
        1,
        "Hẹn trả kết quả trễ mà không được báo trước.",
    ),
    ("A05", 4, "2024-02-01", "kiosk", 1, 5, 5, 4, 5, 5, 4, None),
    ("A06", 4, "2024-03-02", "paper", None, 3, 4, 2, 4, 3, None, "Giấy tờ yêu cầu còn nhiều."),
    ("A07", 6, "2024-01-15", "kiosk", 1, 2, 3, 2, 5, 2, 2, "Phòng chờ chật, thiếu ghế."),
    ("A08", 5, "2024-01-10", "tablet", 1, 5, 5, 5, 5, 5, 5, None),
    ("A09", 5, "2024-02-20", "tablet", 2, 4, 4, 4, 4, 4, 4, None),
    ("A10", 5, "2024-03-28", "survey", None, 4, 4, None, 5, 4, 3, None),
    ("A11", 7, "2024-03-10", "paper", 1, 1, 1, 1, 2, 1, 1, "   "),
    ("A12", 7, "2024-03-05", "qr", 1, 5, 5, 5, 4, 5, 5, "Cán bộ hướng dẫn tận tình."),
    ("P01", 3, "2023-11-10", "kiosk", 1, 5, 5, 5, 5, 5, 5, None),
    ("P02", 3, "2023-12-20", "kiosk", 1, 4, 4, 4, 4, 4, 4, None),
    ("P03", 5, "2023-10-05", "paper", 2, 3, 3, 3, 3, 3, 3, None),
    ("P04", 5, "2023-12-31", "tablet", 1, 5, 5, 5, 5, 5, 5, None),
    ("Y01", 4, "2023-02-15", "kiosk", 1, 4, 4, 4, 4, 4, None, None),
    ("Y02", 7, "2023-03-31", "paper", 1, 2, 2, 2, 2, 2, 2, "Chờ lâu ở bộ phận một cửa."),
    ("B01", 3, "2024-04-01", "kiosk", 1, 1, 1, 1, 1, 1, 1, "Trả kết quả chậm."),
    ("N01", 11, "2025-07-15", "kiosk", 1, 5, 5, 5, 5, 5, 5, None),
    ("N02", 12, "2025-08-02", "qr", 2, 2, 2, 3, 4, 1, 2, "Kết quả có sai sót, phải sửa lại."),
]
TARGETS = [
    ("satisfaction_rate", 1, 2023, 85.0),
    ("satisfaction_rate", 1, 2024, 80.0),
    ("satisfaction_rate", 10, 2025, 90.0),
]


def build_satisfaction_fixture(engine: Engine) -> None:
    """The base fixture with its satisfaction rows replaced by SATISFACTION, plus targets."""
    from tests.fixtures import build_fixture

    build_fixture(engine)
    with engine.begin() as conn:
        conn.execute(delete(satisfaction_response))
        conn.execute(
            insert(satisfaction_response),
            [
                dict(
                    code=c,
                    unit_id=u,
                    responded_on=D(d),
                    rating_channel=ch,
                    field_id=fi,
                    overall=o,
                    access=a,
                    procedure=p,
                    civil_servant=cs,
                    result=r,
                    feedback=fb,
                    comment=cm,
                )
                for c, u, d, ch, fi, o, a, p, cs, r, fb, cm in SATISFACTION
            ],
        )
        conn.execute(
            insert(target),
            [
                dict(metric=m, unit_id=u, year=y, value=v, watch_margin=5.0)
                for m, u, y, v in TARGETS
            ],
        )
        refresh_satisfaction(conn, None)  # the rows changed under the rollup


def _make_db(backend: str, tmp_path_factory):
    from dashboard.storage.db import make_engine, migrate

    url, drop = new_database(backend, tmp_path_factory)
    eng = make_engine(url)
    migrate(eng)
    build_satisfaction_fixture(eng)
    return url, eng, drop


@pytest.fixture(scope="module", params=BACKENDS)
def sat_engine(request, tmp_path_factory):
    url, eng, drop = _make_db(request.param, tmp_path_factory)
    yield eng
    eng.dispose()
    drop()


@pytest.fixture
def conn(sat_engine):
    with sat_engine.connect() as c:
        yield c


def by_key(df, key, col):
    return {k: v for k, v in zip(df[key], df[col], strict=True)}


# --- queries ------------------------------------------------------------------------------


def test_province_quarter_rate_and_counts(conn):
    df = sat.counts(conn, Q1, Scope("99"))
    r = df.iloc[0]
    assert (r["responses"], r["satisfied"]) == (12, 7)
    assert r["satisfaction_rate"] == pytest.approx(700 / 12)  # 58.33
    assert [r[f"r{k}"] for k in (5, 4, 3, 2, 1)] == [4, 3, 1, 2, 2]
    assert r["dissatisfied_share"] == pytest.approx(400 / 12)
    lo, hi = on_time.wilson(7, 12)
    assert (r["ci_low"], r["ci_high"]) == (pytest.approx(lo), pytest.approx(hi))
    # The briefing line keeps its behaviour on the same data.
    h = sat.headline(conn, Q1, Scope("99"))
    assert (h["responses"].value, h["satisfaction_rate"].numerator) == (12, 7)
    assert h["satisfaction_rate"].value == pytest.approx(700 / 12)
    assert h["satisfaction_rate"].denominator == 12


def test_elements_side_by_side_and_weakest(conn):
    df = sat.elements(conn, Q1, Scope("99"))
    assert df["element"].tolist() == list(sat.ELEMENTS)
    assert df["answered"].tolist() == [12, 11, 12, 12, 10]
    assert df["satisfied"].tolist() == [8, 5, 10, 7, 5]
    assert df["rate"].tolist() == pytest.approx([800 / 12, 500 / 11, 1000 / 12, 700 / 12, 50.0])
    assert df.loc[df.weakest, "element"].tolist() == ["procedure"]
    # 45.45 - 58.33 = -12.88 points: the element dragging the total down.
    assert df.loc[df.element == "procedure", "gap"].iloc[0] == pytest.approx(500 / 11 - 700 / 12)


def test_headline_figures(conn, monkeypatch):
    h = sat.headline(conn, Q1, Scope("99"))
    rate = h["satisfaction_rate"]
    assert rate.value == pytest.approx(700 / 12) and rate.n == 12
    assert rate.previous == pytest.approx(75.0)  # 2023-Q4: P01, P02, P04 of 4
    assert rate.last_year == pytest.approx(50.0)  # 2023-Q1: Y01 of Y01, Y02
    assert rate.change == pytest.approx(700 / 12 - 75)
    assert rate.target == 80.0  # set on L99, the province's predecessor, for 2024
    assert rate.status == "few"  # 12 < 30 (default OVERSIGHT_MIN_RESPONSES): grey, no colour
    assert rate.few
    assert (h["responses"].value, h["responses"].previous, h["responses"].last_year) == (12, 4, 2)
    d = h["dissatisfied_share"]
    assert d.value == pytest.approx(400 / 12)
    assert d.previous == 0.0  # four responses, none dissatisfied: 0, not None
    assert d.last_year == pytest.approx(50.0) and d.target is None
    assert h["civil_servant"].value == pytest.approx(1000 / 12)
    assert h["civil_servant"].status == "few"  # 83.3 >= 80, but on 12 answers
    assert h["civil_servant"].previous == pytest.approx(75.0)
    assert h["feedback"].n == 10 and h["feedback"].last_year == 0.0  # Y02 only, rated 2
    assert h["weakest_element"].metric == "procedure"
    assert h["weakest_element"].value == pytest.approx(500 / 11)
    monkeypatch.setenv("OVERSIGHT_MIN_RESPONSES", "10")
    h = sat.headline(conn, Q1, Scope("99"))
    assert not h["satisfaction_rate"].few and h["feedback"].few is False  # 10 answers
    assert h["procedure"].few is False  # 11
    # 7 of 12 = 58.3 %, 21.7 points short of 80 (margin 5), but its 95 % Wilson interval
    # 32.0–80.7 % still reaches 80: the miss is not shown beyond noise, so "watch".
    assert h["satisfaction_rate"].status == "watch"
    assert h["civil_servant"].status == "good"  # 83.3 >= 80
    # Procedure: 5 of 11 = 45.5 %, interval 21.3–72.0 % lies wholly below 80: "bad".
    assert h["procedure"].status == "bad"


def test_empty_period_is_none_not_zero(conn):
    h = sat.headline(conn, EMPTY, Scope("99"))
    assert h["satisfaction_rate"].value is None and h["satisfaction_rate"].n == 0
    assert h["dissatisfied_share"].value is None
    assert all(h[e].value is None for e in sat.ELEMENTS)
    assert "weakest_element" not in h
    els = sat.elements(conn, EMPTY, Scope("99"))
    assert els["rate"].isna().all() and not els["weakest"].any()
    dist = sat.distribution(conn, EMPTY, Scope("99"))
    assert dist["count"].tolist() == [0] * 5 and dist["share"].isna().all()
    assert sat.league(conn, EMPTY, Scope("99")).empty
    assert sat.by_channel(conn, EMPTY, Scope("99")).empty
    assert sat.negative_comments(conn, EMPTY, Scope("99")).empty
    tr = sat.trend(conn, EMPTY, Scope("99"))
    assert tr["responses"].tolist() == [0, 0, 0] and tr["rate"].isna().all()
    assert sat.headline(conn, EMPTY, Scope("99"))["satisfaction_rate"].value is None


def test_trend_by_month_and_quarter_with_targets(conn):
    m = sat.trend(conn, Q1, Scope("99"))
    # Jan: A01 5, A02 4, A07 2, A08 5 -> 3/4; Feb: A03 2, A05 5, A09 4 -> 2/3;
    # Mar: A04 1, A06 3, A10 4, A11 1, A12 5 -> 2/5.
    assert m["label"].tolist() == ["2024-01", "2024-02", "2024-03"]
    assert m["responses"].tolist() == [4, 3, 5]
    assert m["rate"].tolist() == pytest.approx([75.0, 200 / 3, 40.0])
    assert m["target"].tolist() == [80.0, 80.0, 80.0]
    q = sat.trend(conn, parse("2023-10-01..2024-03-31"), Scope("99"), grain="quarter")
    assert q["label"].tolist() == ["2023-Q4", "2024-Q1"]
    assert q["start"].tolist() == [date(2023, 10, 1), date(2024, 1, 1)]
    assert q["responses"].tolist() == [4, 12]
    assert q["rate"].tolist() == pytest.approx([75.0, 700 / 12])
    assert q["target"].tolist() == [85.0, 80.0]  # the target of each row's year
    # One element's trend: procedure Jan 5,3,2,5 -> 2/4; Feb 2,4,4 -> 2/3; Mar 1,2,1,5 -> 1/4.
    e = sat.trend(conn, Q1, Scope("99"), element="procedure")
    assert e["n"].tolist() == [4, 3, 4]
    assert e["rate"].tolist() == pytest.approx([50.0, 200 / 3, 25.0])
    assert e["satisfaction_rate"].tolist() == pytest.approx([75.0, 200 / 3, 40.0])


def test_series_rolls_up_through_the_merger(conn):
    # 001 over 2024–2025: A01–A07 (3 satisfied; A07 filed under H004), B01 (L001, 1),
    # N01 (001 itself, 5) -> 9 responses, 4 satisfied; no break at 1 July 2025.
    tr = sat.trend(conn, parse("2024-01-01..2025-12-31"), Scope("001"))
    assert len(tr) == 24
    assert int(tr["responses"].sum()) == 9 and int(tr["satisfied"].sum()) == 4
    assert by_key(tr, "label", "responses")["2025-07"] == 1
    h = sat.headline(conn, parse("2025-Q3"), Scope("99"))
    assert h["satisfaction_rate"].value == pytest.approx(50.0)  # N01 5, N02 2
    assert h["satisfaction_rate"].target == 90.0


def test_current_and_historical_view_of_a_merged_commune(conn):
    # A07 was filed under H004 (merged into L001, then into 001): it counts for 001 today…
    assert sat.counts(conn, Q1, Scope("001"))["responses"].iloc[0] == 7
    # …never under the old code in today's view (issue 11: not its successor's figure)…
    with pytest.raises(EndedUnit, match="--historical"):
        sat.counts(conn, Q1, Scope("H004"))
    # …and for itself as it was.
    assert sat.counts(conn, Q1, Scope("H004", historical=True))["responses"].iloc[0] == 1
    assert sat.counts(conn, Q1, Scope("L001", historical=True))["responses"].iloc[0] == 4
    df = on_time.named(conn, sat.counts(conn, Q1, Scope("99"), by="unit"), "unit")
    assert by_key(df, "code", "responses") == {"001": 7, "003": 5}
    assert by_key(df, "code", "satisfaction_rate") == {
        "001": pytest.approx(300 / 7),
        "003": pytest.approx(80.0),
    }
    hist = on_time.named(
        conn, sat.counts(conn, Q1, Scope("L99", historical=True), by="unit"), "unit"
    )
    assert by_key(hist, "code", "responses") == {
        "L001": 4,
        "L002": 2,
        "L003": 3,
        "H004": 1,
        "L005": 2,
    }


def test_league_ranks_flags_and_change(conn, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_MIN_RESPONSES", "3")
    df = sat.league(conn, Q1, Scope("99"))
    # 003: A08 5, A09 4, A10 4, A11 1, A12 5 -> 4/5 = 80 %; previous P03 3, P04 5 -> 50 %.
    # 001: A01–A07 -> 3/7 = 42.86 %; previous P01 5, P02 4 -> 100 %.
    assert df["code"].tolist() == ["003", "001"]
    assert df["rank"].tolist() == [1, 2]
    assert df["change"].tolist() == pytest.approx([30.0, 300 / 7 - 100])
    assert df["weakest_element"].tolist() == ["feedback", "procedure"]  # 3/5; 2/7
    lo, hi = on_time.wilson(4, 5)
    assert df["ci_low"].iloc[0] == pytest.approx(lo) and df["ci_high"].iloc[0] == pytest.approx(hi)
    # A commune's league is its province's: same table from 001.
    assert sat.league(conn, Q1, Scope("001"))["code"].tolist() == ["003", "001"]
    monkeypatch.setenv("OVERSIGHT_MIN_RESPONSES", "6")
    df = sat.league(conn, Q1, Scope("99"))
    # 003 has 5 responses: flagged and ranked after 001, without a rank.
    assert df["code"].tolist() == ["001", "003"]
    assert df["few"].tolist() == [False, True]
    assert df["rank"].iloc[0] == 1 and df["rank"].isna().iloc[1]


def test_league_as_they_were(conn, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_MIN_RESPONSES", "3")
    df = sat.league(conn, Q1, Scope("L001", historical=True))
    # Ranked: L003 3/3, L001 2/4. Few (< 3): L002 1/2 and L005 1/2 (tie -> by name:
    # "Xã Bình" before "Xã Đào"), H004 0/1.
    assert df["code"].tolist() == ["L003", "L001", "L002", "L005", "H004"]
    assert df["rank"].tolist()[:2] == [1, 2] and df["rank"].isna().tolist()[2:] == [True] * 3
    assert by_key(df, "code", "change")["L001"] == pytest.approx(-50.0)  # 50 vs 100
    assert by_key(df, "code", "change")["L003"] == pytest.approx(50.0)  # 100 vs 50
    assert math.isnan(by_key(df, "code", "change")["H004"])  # no responses in 2023-Q4


def test_league_by_element(conn, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_MIN_RESPONSES", "3")
    df = sat.league(conn, Q1, Scope("99"), element="procedure")
    # 003: 5, 4, -, 1, 5 -> 3/4 = 75 %, previous 3, 5 -> 50 %;
    # 001: 5, 3, 2, 1, 4, 2, 2 -> 2/7, previous 5, 4 -> 100 %.
    assert df["code"].tolist() == ["003", "001"]
    assert df["n"].tolist() == [4, 7] and df["ok"].tolist() == [3, 2]
    assert df["rate"].tolist() == pytest.approx([75.0, 200 / 7])
    assert df["change"].tolist() == pytest.approx([25.0, 200 / 7 - 100])
    with pytest.raises(ValueError):
        sat.league(conn, Q1, Scope("99"), element="nonsense")


def test_distribution(conn):
    d = sat.distribution(conn, Q1, Scope("99"))
    assert d["rating"].tolist() == [5, 4, 3, 2, 1]
    assert d["count"].tolist() == [4, 3, 1, 2, 2]
    assert d["share"].tolist() == pytest.approx([400 / 12, 300 / 12, 100 / 12, 200 / 12, 200 / 12])
    # procedure answers: 5 ×3 (A01, A08, A12), 4 ×2, 3 ×1 (A02), 2 ×3 (A03, A06, A07), 1 ×2.
    p = sat.distribution(conn, Q1, Scope("99"), element="procedure")
    assert p["count"].tolist() == [3, 2, 1, 3, 2]
    # Not whole months (the rollup's February, the rows' days around it): A05, A12 rated 5;
    # A02, A09 4; A06 3; A03, A07 2; A11 1 (A01, A08 before the 15th, A04, A10 after the 10th).
    part = sat.distribution(conn, parse("2024-01-15..2024-03-10"), Scope("99"))
    assert part["count"].tolist() == [2, 2, 1, 2, 1]
    # A field keeps its own (DD: A03 2, A04 1, A09 4).
    dd = sat.distribution(conn, Q1, Scope("99", field_code="DD"))
    assert dd["count"].tolist() == [0, 1, 0, 1, 1]


def test_rating_channels(conn):
    c = sat.by_channel(conn, Q1, Scope("99"))
    # kiosk A01 5, A02 4, A05 5, A07 2; tablet A03 2, A08 5, A09 4; qr A04 1, A12 5;
    # paper A06 3, A11 1; survey A10 4.
    assert c["channel"].tolist() == ["kiosk", "tablet", "qr", "paper", "survey"]
    assert c["responses"].tolist() == [4, 3, 2, 2, 1]
    assert c["satisfaction_rate"].tolist() == pytest.approx([75.0, 200 / 3, 50.0, 0.0, 100.0])
    assert c["share"].tolist() == pytest.approx([400 / 12, 25.0, 200 / 12, 200 / 12, 100 / 12])
    kiosk = c.iloc[0]
    assert [kiosk[f"r{k}"] for k in (5, 4, 3, 2, 1)] == [2, 1, 0, 1, 0]


def test_field_scope(conn):
    # DD: A03 2, A04 1, A09 4 -> 1/3; HT: A01, A02, A05, A07, A08, A11, A12 -> 5/7.
    # A06 and A10 carry no field: they count only without a field filter.
    dd = sat.counts(conn, Q1, Scope("99", field_code="DD")).iloc[0]
    ht = sat.counts(conn, Q1, Scope("99", field_code="HT")).iloc[0]
    assert (dd["responses"], dd["satisfied"]) == (3, 1)
    assert (ht["responses"], ht["satisfied"]) == (7, 5)
    com = sat.negative_comments(conn, Q1, Scope("99", field_code="DD"))
    assert com["comment"].tolist() == [
        "Hẹn trả kết quả trễ mà không được báo trước.",
        "Thủ tục đất đai phải đi lại nhiều lần.",
    ]


def test_negative_comments_read_the_index_of_dissatisfied_responses(sat_engine):
    """The overall ratings' comments read ix_satisfaction_negative (the ~1 % of responses
    rated 1-2 with a comment), not every response of the period; an element's comments,
    which the index does not hold, read the responses by unit and date."""
    if sat_engine.dialect.name != "sqlite":
        pytest.skip("SQLite's plan; PostgreSQL chooses by its statistics")
    from tests.conftest import sqlite_plan

    def plan(element):  # noqa: ANN001, ANN202
        return sqlite_plan(
            sat_engine,
            lambda conn: sat.negative_comments(conn, Q1, Scope("99"), element=element),
            lambda statement: "FROM satisfaction_response" in statement,
        )

    on_table = [p for p in plan(None) if "satisfaction_response" in p]
    assert on_table and all("ix_satisfaction_negative" in p for p in on_table), on_table
    on_table = [p for p in plan("procedure") if "satisfaction_response" in p]
    assert on_table and not any("ix_satisfaction_negative" in p for p in on_table), on_table


def test_negative_comments(conn):
    # overall <= 2 with a comment: A04 (15/03), A03 (10/02), A07 (01/15); A11's is blank;
    # A12 praises (5); B01 is 01/04, after the quarter; Y02 is 2023.
    df = sat.negative_comments(conn, Q1, Scope("99"))
    assert df["responded_on"].tolist() == [D("2024-03-15"), D("2024-02-10"), D("2024-01-15")]
    assert df["overall"].tolist() == [1, 2, 2]
    assert df["unit"].tolist() == ["Xã An Hòa"] * 3  # today's unit, A07 through H004
    assert df["field_vi"].tolist() == ["Đất đai", "Đất đai", "Hộ tịch"]
    assert sat.negative_comments(conn, Q1, Scope("99"), limit=2)["responded_on"].tolist() == [
        D("2024-03-15"),
        D("2024-02-10"),
    ]
    hist = sat.negative_comments(conn, Q1, Scope("L99", historical=True))
    assert hist["unit"].tolist() == ["Xã An", "Xã An", "Xã Đông"]
    # Procedure rated 1–2 with a comment: adds A06 (overall 3, procedure 2).
    el = sat.negative_comments(conn, Q1, Scope("99"), element="procedure")
    assert el["responded_on"].tolist() == [
        D("2024-03-15"),
        D("2024-03-02"),
        D("2024-02-10"),
        D("2024-01-15"),
    ]
    assert el["rating"].tolist() == [1, 2, 2, 2]
    # Nothing personal in what is returned.
    assert set(df.columns) == {
        "responded_on",
        "unit",
        "field_vi",
        "field_en",
        "overall",
        "rating",
        "channel",
        "comment",
    }


def test_unknown_unit(conn):
    with pytest.raises(UnknownUnit):
        sat.headline(conn, Q1, Scope("NOPE"))


# --- CLI ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sqlite_url(tmp_path_factory):
    url, eng, drop = _make_db("sqlite", tmp_path_factory)
    eng.dispose()
    yield url
    drop()


def run_cli(args: list[str]) -> tuple[int, str]:
    from dashboard.cli import main

    buf = io.StringIO()
    with redirect_stdout(buf):
        code = main(args)
    return code, buf.getvalue()


def test_cli_headline_and_breakdowns(sqlite_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("OVERSIGHT_MIN_RESPONSES", "3")
    code, out = run_cli(
        ["metrics", "satisfaction", "--period", "2024-Q1", "--unit", "99", "--format", "json"]
    )
    assert code == 0
    (row,) = json.loads(out)
    assert row["responses"] == 12 and row["satisfaction_rate"] == 58.33
    assert row["previous_rate"] == 75.0 and row["last_year_rate"] == 50.0
    # 58.3 % on 12 responses: its 95 % interval (32.0–80.7 %) reaches 80, so "watch".
    assert row["target"] == 80.0 and row["status"] == "watch"
    assert row["weakest_element"] == "procedure" and row["weakest_rate"] == 45.45
    code, out = run_cli(
        [
            "metrics",
            "satisfaction",
            "--period",
            "2024-Q1",
            "--unit",
            "99",
            "--by",
            "unit",
            "--format",
            "json",
        ]
    )
    rows = json.loads(out)
    assert [(r["rank"], r["code"], r["satisfaction_rate"]) for r in rows] == [
        (1, "003", 80.0),
        (2, "001", 42.86),
    ]
    code, out = run_cli(
        ["metrics", "satisfaction", "--period", "2024-Q1", "--by", "element", "--format", "json"]
    )
    assert [r["rate"] for r in json.loads(out)] == [66.67, 45.45, 83.33, 58.33, 50.0]
    code, out = run_cli(
        ["metrics", "satisfaction", "--period", "2024-Q1", "--by", "rating", "--format", "json"]
    )
    assert [r["count"] for r in json.loads(out)] == [4, 3, 1, 2, 2]
    code, out = run_cli(
        ["metrics", "satisfaction", "--period", "2024-Q1", "--by", "channel", "--format", "csv"]
    )
    assert out.splitlines()[1].startswith("kiosk,4,")
    code, out = run_cli(
        [
            "metrics",
            "satisfaction",
            "--period",
            "2024-Q1",
            "--unit",
            "L001",
            "--historical",
            "--by",
            "month",
            "--format",
            "json",
        ]
    )
    # L001 as it was: Jan A01 5, A02 4; Feb A03 2; Mar A04 1.
    assert [(r["month"], r["responses"]) for r in json.loads(out)] == [
        ("2024-01", 2),
        ("2024-02", 1),
        ("2024-03", 1),
    ]
    code, out = run_cli(
        [
            "metrics",
            "satisfaction",
            "--period",
            "2024-Q1",
            "--by",
            "comments",
            "--limit",
            "1",
            "--format",
            "json",
        ]
    )
    assert [r["comment"] for r in json.loads(out)] == [
        "Hẹn trả kết quả trễ mà không được báo trước."
    ]
    code, out = run_cli(["metrics", "satisfaction", "--period", "2024-Q1"])
    assert code == 0 and "58.33" in out  # table format


def test_cli_errors(sqlite_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    code, _ = run_cli(["metrics", "satisfaction", "--period", "2024-Q1", "--unit", "NOPE"])
    assert code == 2 and "NOPE" in capsys.readouterr().err
    code, _ = run_cli(["metrics", "satisfaction", "--period", "2024-Q5"])
    assert code == 2 and "2024-Q5" in capsys.readouterr().err
    code, out = run_cli(["metrics", "satisfaction", "--period", "2030-Q1", "--format", "json"])
    assert code == 0 and json.loads(out)[0]["satisfaction_rate"] is None


# --- page -----------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
PAGE = str(ROOT / "pages" / "satisfaction.py")


@pytest.fixture
def app(sqlite_url, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from dashboard import web

    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("OVERSIGHT_MIN_RESPONSES", "3")
    web.clear()

    def make(**params) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        at.switch_page(PAGE).run()
        assert not at.exception, at.exception
        return at

    return make


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(at) -> str:
    return " ".join(m.value for m in at.markdown)


@pytest.mark.parametrize("period", ["2024-Q1", "2024", "2024-03", "2025-Q3", "2030-Q1"])
def test_page_renders_any_period(app, period):
    at = app(period=period, unit="99")
    assert at.title[0].value == "Mức độ hài lòng của người dân"


def test_page_province_view(app):
    at = app(period="2024-Q1", unit="99")
    m = metrics(at)
    assert m["Tỷ lệ hài lòng"] == "58,3%"  # 7 of 12
    assert m["Lượt đánh giá"] == "12"
    assert m["Tỷ lệ không hài lòng"] == "33,3%"
    assert m["Yếu tố thấp nhất"] == "45,5%"
    assert "**Thủ tục hành chính**" in texts(at)
    # 58,3 % on 12 responses, against 80: the interval reaches 80, so "watch"; the weakest
    # element (5 of 11) is shown to miss it: "Không đạt".
    assert "Cần theo dõi" in texts(at) and "Không đạt" in texts(at)
    league = at.dataframe[0].value
    assert list(league["Đơn vị"]) == ["Xã Cát Tiên", "Xã An Hòa"]
    # 4 of 5 against 3 of 7: either could be first (rank interval 1–2), so both in the middle.
    assert list(league["Hạng (khoảng 95%)"]) == ["1 (1–2)", "2 (1–2)"]
    assert list(league["Nhóm"]) == ["Nhóm giữa", "Nhóm giữa"]
    assert list(league["Yếu tố thấp nhất"]) == ["Tiếp nhận, xử lý góp ý", "Thủ tục hành chính"]
    comments = at.dataframe[-1].value
    assert list(comments["Ngày đánh giá"]) == ["15/03/2024", "10/02/2024", "15/01/2024"]
    assert list(comments["Mức đánh giá"])[0] == "Rất không hài lòng (1)"


def test_page_drill_province_commune_element(app):
    at = app(period="2024-Q1", unit="99")
    # No commune lies below the funnel (001: P(X ≤ 3 | 7, 7/12) = 0.32), so none is offered
    # as needing attention; drill from the league table instead.
    assert not [b for b in at.button if b.key and b.key.startswith("sat_low_")]
    at.session_state["sat_league_99_None_None_2024-Q1"] = {
        "selection": {"rows": [1], "columns": []}
    }
    at.run()
    assert not at.exception, at.exception
    assert at.query_params.get("unit") == "001"
    assert metrics(at)["Tỷ lệ hài lòng"] == "42,9%"  # 3 of 7, A07 via H004
    # Commune -> element: its weakest, procedure, 2 of 7.
    assert metrics(at)["Yếu tố thấp nhất"] == "28,6%"
    at.button(key="sat_el_procedure").click().run()
    assert not at.exception, at.exception
    assert at.query_params.get("element") == "procedure" and at.query_params.get("unit") == "001"
    m = metrics(at)
    assert m["Hài lòng về Thủ tục hành chính"] == "28,6%"
    assert m["Lượt trả lời"] == "7"
    assert m["Tỷ lệ hài lòng chung"] == "42,9%"
    per_unit = at.dataframe[0].value
    assert list(per_unit["Đơn vị"]) == ["Xã Cát Tiên", "Xã An Hòa"]
    assert list(per_unit["Thủ tục hành chính"]) == ["75,0%", "28,6%"]
    # A sidebar change keeps the element in the URL.
    at.sidebar.selectbox(key="period_quarter__vi").set_value("2023-Q4").run()
    assert at.query_params.get("element") == "procedure"
    assert metrics(at)["Hài lòng về Thủ tục hành chính"] == "100,0%"  # P01 5, P02 4
    # Breadcrumb back to the commune drops the element.
    crumb = [b for b in at.button if b.label == "‹ Xã An Hòa"][0]
    crumb.click().run()
    assert "element" not in at.query_params and at.query_params.get("unit") == "001"
    assert "Tỷ lệ hài lòng" in metrics(at)


def test_page_element_link_and_english(app):
    # AppTest opens the default page first, whose frame rewrites the URL; a browser opening
    # /hai-long?element=… runs this page first. So set the element once on the page.
    at = app(period="2024-Q1", unit="99", lang="en")
    at.query_params["element"] = "civil_servant"
    at.run()
    assert metrics(at)["Satisfaction: Civil servant"] == "83.3%"
    at = app(period="2024-Q1", unit="99")
    at.query_params["element"] = "bogus"
    at.run()
    assert "bogus" in " ".join(e.value for e in at.warning)  # a notice, and the page goes on
    assert "Tỷ lệ hài lòng" in metrics(at)


def test_page_empty_period_message(app):
    at = app(period="2030-Q1", unit="99")
    info = " ".join(i.value for i in at.info)
    assert "Chưa có lượt đánh giá nào trong Quý I/2030" in info
    assert metrics(at)["Tỷ lệ hài lòng"] == "–"


def test_rollup_equals_rows(sat_engine):
    """Every satisfaction count from rollup_satisfaction_month equals the same count from the
    response rows, for each grouping, view and field filter."""
    from queries.satisfaction import COUNT_COLUMNS

    with sat_engine.connect() as conn:
        for text in ("2024-Q1", "2024", "2023-10-01..2024-03-31"):
            period = parse(text)
            for scope in (Scope("99"), Scope("L99", historical=True), Scope("99", field_code="HT")):
                for by in (None, "unit", "month", "channel", "field"):
                    a = sat.counts(conn, period, scope, by=by, source="rollup")
                    b = sat.counts(conn, period, scope, by=by, source="rows")
                    assert a[COUNT_COLUMNS].values.tolist() == b[COUNT_COLUMNS].values.tolist(), (
                        text,
                        scope,
                        by,
                    )
        # Not whole months: the rollup's whole months and the rows' days around them.
        for text in ("2024-01-15..2024-03-10", "2023-12-20..2024-02-29", "2024-01-05..2024-02-10"):
            period = parse(text)
            for scope in (Scope("99"), Scope("L99", historical=True), Scope("99", field_code="HT")):
                for by in (None, "unit", "month", "channel", "field"):
                    a = sat.counts(conn, period, scope, by=by)
                    b = sat.counts(conn, period, scope, by=by, source="rows")
                    assert a[COUNT_COLUMNS].values.tolist() == b[COUNT_COLUMNS].values.tolist(), (
                        text,
                        scope,
                        by,
                    )


def test_counts_read_the_coarse_rollup_unless_field_or_channel_asked(sat_engine):
    """Whole months without a field, grouped by nothing, unit or month, read the counts per
    unit and month (rollup_satisfaction_unit_month); a field filter or a channel or field
    grouping needs the table per channel and field."""
    from sqlalchemy import event

    sent: list[str] = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        sent.append(statement)

    def tables(scope: Scope, by: str | None) -> set[str]:
        sent.clear()
        with sat_engine.connect() as conn:
            sat.counts(conn, parse("2024"), scope, by=by, source="rollup")
        names = ("rollup_satisfaction_unit_month", "rollup_satisfaction_month")
        return {n for n in names for st in sent if f"FROM {n}" in st or f"JOIN {n}" in st}

    event.listen(sat_engine, "before_cursor_execute", capture)
    try:
        for by in (None, "unit", "month"):
            assert tables(Scope("99"), by) == {"rollup_satisfaction_unit_month"}, by
            assert tables(Scope("99", field_code="HT"), by) == {"rollup_satisfaction_month"}, by
        for by in ("channel", "field"):
            assert tables(Scope("99"), by) == {"rollup_satisfaction_month"}, by
    finally:
        event.remove(sat_engine, "before_cursor_execute", capture)


def test_who_to_call_is_the_commune_below_its_peers_beyond_chance(sat_engine):
    """2024-Q3 (no ratings in the fixture), as the units were: Xã An 48 of 50 satisfied, Xã
    Bình 47 of 50, Xã Cát 25 of 50 with 20 rated 1 or 2. Three ranked communes: Xã Cát is 3rd
    whatever the chance (25/50 against 48/50 and 47/50), its interval 3–3 lies in the worse
    half: the bottom group, the one to call; the others are not listed."""

    def rows(unit: int, good: int, bad: int, middle: int) -> list[dict]:
        ratings = [5] * good + [1] * bad + [3] * middle
        return [
            dict(
                code=f"Q3-{unit}-{i}",
                unit_id=unit,
                responded_on=date(2024, 8, 1 + i % 28),
                rating_channel="kiosk",
                overall=o,
            )
            for i, o in enumerate(ratings)
        ]

    new = rows(3, 48, 2, 0) + rows(4, 47, 0, 3) + rows(5, 25, 20, 5)
    with sat_engine.begin() as conn:
        conn.execute(insert(satisfaction_response), new)
        refresh_satisfaction(conn, None)
    try:
        with sat_engine.connect() as conn:
            df = sat.call_first(conn, parse("2024-Q3"), Scope("L99", historical=True))
            assert df[["code", "name", "rate", "n", "dissatisfied", "band"]].values.tolist() == [
                ["L003", "Xã Cát", 50.0, 50, 20, "bottom"]
            ]
            # A commune's own view lists it only if it is itself in the bottom group.
            assert sat.call_first(conn, parse("2024-Q3"), Scope("L001", historical=True)).empty
    finally:
        with sat_engine.begin() as conn:
            conn.execute(
                delete(satisfaction_response).where(satisfaction_response.c.code.like("Q3-%"))
            )
            refresh_satisfaction(conn, None)


# --- counts shared within a page (queries.shared.once) ----------------------------------------


def test_a_page_counts_once_what_its_figures_ask_alike(conn, monkeypatch):
    """The satisfaction page's cards, elements, league, call list, trend and channels ask for
    the same counts several times (the communes' this quarter three times): inside a page each
    distinct count is made once, and every figure equals the plain queries'."""
    import pandas.testing as pdt

    from queries import shared

    scope = Scope("99")

    def figures():
        h = sat.headline(conn, Q1, scope)
        return {
            "headline": {k: (f.value, f.previous, f.last_year, f.n) for k, f in h.items()},
            "elements": sat.elements(conn, Q1, scope),
            "league": sat.league(conn, Q1, scope),
            "call_first": sat.call_first(conn, Q1, scope),
            "trend": sat.trend(conn, Q1, scope),
            "channels": sat.by_channel(conn, Q1, scope),
            "distribution": sat.distribution(conn, Q1, scope),
        }

    alone = figures()
    made = []
    real = sat._counts

    def counting(*args):  # noqa: ANN002
        made.append(args[1:])
        return real(*args)

    monkeypatch.setattr(sat, "_counts", counting)
    with shared.page():
        together = figures()
    assert len(made) == len(set(made)), made  # no count made twice
    plain = len(made)
    made.clear()
    figures()
    assert len(made) > plain  # outside a page the same figures count again
    assert together["headline"] == alone["headline"]
    for key in ("elements", "league", "call_first", "trend", "channels", "distribution"):
        pdt.assert_frame_equal(together[key], alone[key])


def test_one_statement_a_shape_serves_every_period_and_field(conn):
    """The counts' statements are built once per shape (queries.statements) and run with the
    period and field bound: each still gets its own hand-worked counts (module doc; 2023-Q4:
    P01 5, P02 4, P04 5 in HT, P03 3 in DD)."""
    from queries import statements

    statements._built.clear()
    got = {
        (p, f): tuple(int(v) for v in sat.counts(conn, parse(p), Scope("99", field_code=f)).iloc[0][["responses", "satisfied"]])
        for p in ("2024-Q1", "2023-Q4")
        for f in ("DD", "HT", None)
    }  # fmt: skip
    assert got == {
        ("2024-Q1", "DD"): (3, 1),
        ("2024-Q1", "HT"): (7, 5),
        ("2024-Q1", None): (12, 7),
        ("2023-Q4", "DD"): (1, 0),
        ("2023-Q4", "HT"): (3, 3),
        ("2023-Q4", None): (4, 3),
    }
    # Two shapes from the rollups (with a field and without), the same for every period.
    kinds = [k[1] for k in statements._built]
    assert kinds.count("satisfaction_rollup") == 2, kinds
