"""The national service index (QĐ 766): every indicator worked out by hand, SQLite and PostgreSQL.

Units of tests/fixtures.py (via tests/test_imports.load_tiny); period 2024-Q1, counted at its
end (31/03/2024); everything below is filed under L001 Xã An (id 3) and L002 Xã Bình (id 4).

L001, 24 dossiers received in Q1 (R01–R20, P1, P2, P4, W) and one pending since 2023 (P3):
- R01–R20 received 02/01–21/01, due 31/01; resolved 15/01 except R19 (05/02, late).
  R01–R10 held by department 1. R20 is of procedure 2 (DD-BD), the others procedure 1.
- P1 received 10/03, due 10/04, pending (within); P2 received 01/02, due 01/03, pending
  (overdue); P3 received 01/12/2023, due 20/12/2023, pending (overdue); P4 received 15/03,
  due 15/04, resolved 05/04 (pending within at 31/03); W withdrawn (closed 10/02).
- on time (index): (19 resolved on time + P1 + P4 within) / (20 resolved + 4 pending) =
  21/24 = 87.5 % -> 20 × 0.875 = 17.5.
- digitised R01–R12: 12/24 = 50 % -> 4 × 0.5 = 2.0
- synced known R01–R10, R10 not: 9/10 = 90 % -> 6 × 0.9 = 5.4
- data reused known R01–R04, R04 not: 3/4 = 75 % -> min(2, 2 × 75 / 80) = 1.875
- shared for reuse: never known -> no data (4 points without data)
- population database known R01–R05, all yes: 5/5 -> 2.0
- full online: eligible R01–R08, online R01–R06: 6/8 = 75 %, points not determined
- fee R01–R04, paid online R01–R04 (and R20, fee unknown, paid online): A = 4/4
- results electronic known R01–R10, yes R01–R05: 5/10 -> 6 × 0.5 = 3.0
- dossier satisfaction: 20 resolved, R19 late: 19/20 = 95 % -> min(6, 6 × 95 / 90) = 6.0
- list: HT-KS (fee, announced, published, complete, connected), DD-BD (fee, not announced,
  published unknown, complete, not connected): announced 1/2 -> 3.0; published 1/1 -> 4.0;
  complete 2/2 -> 2.0; connected 1/2 -> 1.0; B = 2/2 (R01, R20 paid online), C = 2/2 ->
  payment 6 × 1 + min(2, 2.5) + 2.5 = 10.5, capped at 10.
- electronic certified copies since 01/02/2024: 1/1 -> 2.0
- PAKN K1 (on time, satisfied), K2 (handled late), K3 (pending within), K4 (pending overdue),
  K5 (on time, rated unsatisfied): on time 3/5 = 60 % -> 3.6; satisfaction: handled K1, K2, K5,
  bad K2 (late) and K5 -> 1/3 -> 2.0.
- total = publicity 3 + 4 + 2 + 5.4 = 14.4; progress 17.5; payment 10; digitisation
  3 + 2 + 2 + 1.875 + 2 + 1 = 11.875; satisfaction 3.6 + 2 + 6 = 11.6 -> 65.375 of 100, with 12
  points not determined and 4 without data.

L002, S1–S5 received 01/02, due 20/02, resolved 15/02 except S5 (25/02, late):
- on time 4/5 = 80 % -> 16.0; dossier satisfaction 4/5 = 80 % -> 6 × 80 / 90 = 5.333…
- data reused S1–S4 of S1–S5: 80 % -> exactly 2.0 (full points at 80 %)
- fee S1, S2; paid online S1: A = 1/2; list HT-KS, DD-BD both fee-bearing, S1 (HT-KS) paid
  online: B = 1/2, C = 1/2 -> 3 + min(2, 1.25) + 1.25 = 5.5
- no petitions at all: 6 + 6 (full points); no certified copies: 0/1 -> 0.0.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pandas as pd
import pytest
from sqlalchemy import insert

from dashboard.domain.periods import parse
from dashboard.storage.rollups import (
    refresh_index766,
    refresh_index766_departments,
    refresh_index766_pairs,
    refresh_index766_unit_spans,
    refresh_index766_units,
)
from dashboard.storage.schema import commune_service, department, dossier, pakn, unit_procedure
from queries import index766
from queries.units import Scope
from tests.test_imports import load_tiny

D = date.fromisoformat
TODAY = D("2026-11-26")
Q1 = parse("2024-Q1")


def _dossier(i, code, unit, received, due, resolved=None, **kw):  # noqa: ANN001, ANN202
    status = kw.pop("status", 10 if resolved else 4)
    return dict(
        id=i,
        code=code,
        procedure_id=kw.pop("procedure_id", 1),
        field_id=kw.pop("field_id", 1),
        receiving_unit_id=unit,
        resolving_unit_id=unit,
        department_id=kw.pop("department_id", None),
        channel=kw.pop("channel", 1),
        status=status,
        received_date=D(received),
        appointment_date=D(due),
        resolved_date=D(resolved) if resolved else None,
        returned_date=None,
        closed_date=D(kw.pop("closed")) if "closed" in kw else None,
        supplement_wait_days=0,
        effective_due_date=D(due),
        processing_days=None,
        apology_letter=False,
        online_payment=kw.pop("online_payment", False),
        digitised=kw.pop("digitised", False),
        full_online_service=kw.pop("full_online_service", None),
        fee_required=kw.pop("fee_required", None),
        result_electronic=kw.pop("result_electronic", None),
        data_reused=kw.pop("data_reused", None),
        shared_reuse=kw.pop("shared_reuse", None),
        population_db=kw.pop("population_db", None),
        synced_on_time=kw.pop("synced_on_time", None),
        citizen_unsatisfied=kw.pop("citizen_unsatisfied", None),
    )


def _rows() -> list[dict]:
    rows = []
    for n in range(1, 21):
        received = (D("2024-01-02") + timedelta(days=n - 1)).isoformat()
        rows.append(
            _dossier(
                n,
                f"R{n:02d}",
                3,
                received,
                "2024-01-31",
                "2024-02-05" if n == 19 else max("2024-01-15", received),
                procedure_id=2 if n == 20 else 1,
                field_id=2 if n == 20 else 1,
                department_id=1 if n <= 10 else None,
                channel=2 if n <= 6 else 1,
                digitised=n <= 12,
                synced_on_time=(n != 10) if n <= 10 else None,
                data_reused=(n != 4) if n <= 4 else None,
                population_db=True if n <= 5 else None,
                full_online_service=True if n <= 8 else None,
                fee_required=True if n <= 4 else None,
                online_payment=n <= 4 or n == 20,
                result_electronic=(n <= 5) if n <= 10 else None,
            )
        )
    rows += [
        _dossier(21, "P1", 3, "2024-03-10", "2024-04-10"),
        _dossier(22, "P2", 3, "2024-02-01", "2024-03-01"),
        _dossier(23, "P3", 3, "2023-12-01", "2023-12-20"),
        _dossier(24, "P4", 3, "2024-03-15", "2024-04-15", "2024-04-05"),
        _dossier(25, "W", 3, "2024-02-05", "2024-02-20", status=7, closed="2024-02-10"),
    ]
    for n in range(1, 6):
        rows.append(
            _dossier(
                25 + n,
                f"S{n}",
                4,
                "2024-02-01",
                "2024-02-20",
                "2024-02-25" if n == 5 else "2024-02-15",
                data_reused=n <= 4,
                fee_required=True if n <= 2 else None,
                online_payment=n == 1,
            )
        )
    return rows


PAKN = [  # code, unit, received, deadline, handled, rating, complained again
    ("K1", 3, "2024-01-05", "2024-01-19", "2024-01-15", 3, False),
    ("K2", 3, "2024-01-10", "2024-01-24", "2024-01-30", None, False),
    ("K3", 3, "2024-03-20", "2024-04-03", None, None, False),
    ("K4", 3, "2024-02-01", "2024-02-15", None, None, False),
    ("K5", 3, "2024-02-10", "2024-02-24", "2024-02-20", 1, False),
]
LIST = [  # unit, procedure, fee, announced, published, complete, connected
    (3, 1, True, True, True, True, True),
    (3, 2, True, False, None, True, False),
    (4, 1, True, None, None, None, None),
    (4, 2, True, None, None, None, None),
]


@pytest.fixture
def db(engine):
    load_tiny(engine)
    with engine.begin() as conn:
        conn.execute(insert(dossier), _rows())
        conn.execute(
            insert(pakn),
            [
                dict(
                    code=c,
                    unit_id=u,
                    received_date=D(r),
                    deadline=D(dl),
                    handled_date=D(h) if h else None,
                    rating=rt,
                    complained_again=ag,
                )
                for c, u, r, dl, h, rt, ag in PAKN
            ],
        )
        conn.execute(
            insert(unit_procedure),
            [
                dict(
                    unit_id=u,
                    procedure_id=p,
                    fee_bearing=f,
                    announced_on_time=a,
                    published_on_time=pb,
                    published_complete=c,
                    population_db_connected=pop,
                )
                for u, p, f, a, pb, c, pop in LIST
            ],
        )
        conn.execute(
            insert(commune_service).values(
                unit_id=3, e_certified_copy=True, e_certified_copy_since=D("2024-02-01")
            )
        )
        refresh_index766(conn, None)
        refresh_index766_units(conn, None)
        refresh_index766_departments(conn, None)
        refresh_index766_pairs(conn, None)
        refresh_index766_unit_spans(conn, None)
    return engine


def card(engine, code, historical=True, **kw):  # noqa: ANN001, ANN202
    with engine.connect() as conn:
        c = index766.scorecard(conn, Q1, Scope(code, historical=historical), today=TODAY, **kw)
    return c.set_index("code")


def test_l001_every_indicator_by_hand(db):
    c = card(db, "L001")
    expect = {  # numerator, denominator, score
        "announced_on_time": (1, 2, 3.0),
        "published_on_time": (1, 1, 4.0),
        "published_complete": (2, 2, 2.0),
        "synced_on_time": (9, 10, 5.4),
        "on_time": (21, 24, 17.5),
        "payment": (4, 4, 10.0),
        "result_electronic": (5, 10, 3.0),
        "digitised": (12, 24, 2.0),
        "e_certified_copy": (1, 1, 2.0),
        "data_reused": (3, 4, 1.875),
        "population_db": (5, 5, 2.0),
        "procedures_population_db": (1, 2, 1.0),
        "pakn_on_time": (3, 5, 3.6),
        "pakn_satisfaction": (1, 3, 2.0),
        "dossier_satisfaction": (19, 20, 6.0),
    }
    for code, (num, den, score) in expect.items():
        row = c.loc[code]
        assert (row.numerator, row.denominator) == (num, den), code
        assert row.score == pytest.approx(score), code
        assert row.status == "ok", code
    assert c.loc["on_time", "ratio"] == 87.5
    # Payment's parts: A 4/4, B 2/2, C 2/2 -> 10.5 capped at 10.
    p = c.loc["payment"]
    assert (p.a_numerator, p.a_denominator, p.b_numerator, p.b_denominator) == (4, 4, 2, 2)
    assert (p.c_numerator, p.c_denominator) == (2, 2)
    # Shared for reuse: never known -> no data; full online: 75 %, not determined.
    assert c.loc["shared_reuse", "status"] == "no_data"
    assert pd_isna(c.loc["shared_reuse", "score"]) and pd_isna(c.loc["shared_reuse", "ratio"])
    fo = c.loc["full_online"]
    assert (fo.numerator, fo.denominator, fo.ratio, fo.status) == (6, 8, 75.0, "undetermined")
    assert pd_isna(fo.score)
    t = index766.total(c.reset_index())
    assert t["score"] == pytest.approx(65.38, abs=0.005)
    assert (t["undetermined"], t["no_data"], t["max_score"]) == (12.0, 4.0, 100.0)
    g = index766.groups(c.reset_index()).set_index("group_code")
    assert g.score.to_dict() == pytest.approx(
        dict(
            publicity=14.4,
            progress=17.5,
            online=0.0,
            payment=10.0,
            digitisation=11.875,
            satisfaction=11.6,
        )
    )
    assert g.max_score.sum() == 100.0


def test_headline_figures_of_l001_by_hand(db):
    """The figures the overview, the page's cards, the pack and ``metrics figures`` read:
    the groups above add to 65.375 points out of the 84 that can be determined (100 less 12
    not determined, full online, and 4 without data, shared reuse); 84 − 65.375 are lost."""
    with db.connect() as conn:
        h = index766.headline(conn, Q1, Scope("L001", historical=True), today=TODAY)
    tot = h["i766_total"]
    assert tot.kind == "points"
    assert tot.value == pytest.approx(65.375, abs=0.005)
    assert (tot.numerator, tot.denominator) == (tot.value, 84.0)
    assert h["i766_lost"].value == pytest.approx(18.625, abs=0.005)
    assert h["i766_lost"].denominator == 84.0
    assert (h["i766_undetermined"].value, h["i766_no_data_points"].value) == (12.0, 4.0)
    assert h["i766_undetermined"].kind == "count"
    # No official score imported for L001: nothing to compare with.
    assert h["i766_official"].value is None and h["i766_difference"].value is None
    assert h["i766_difference"].status is None


def test_a_directive_on_the_index_reads_its_headline(db):
    """Issue 17: a directive may concern the index. Its value is the headline's: 65.375 points
    for L001 in Q1 (above), 18.625 lost; a target of 70 points is not met and the total is
    better when higher, points lost when lower."""
    from queries import directives as dq

    with db.connect() as conn:
        scope = Scope("L001", historical=True)
        assert dq.value(conn, "i766_total", Q1, scope) == pytest.approx(65.375, abs=0.005)
        assert dq.value(conn, "i766_lost", Q1, scope) == pytest.approx(18.625, abs=0.005)
    assert dq.verdict("i766_total", 60.0, 65.38, 70.0) == "better"
    assert dq.verdict("i766_total", 60.0, 71.0, 70.0) == "met"
    assert dq.verdict("i766_lost", 20.0, 18.63, None) == "better"


def test_l002_below_threshold_no_petitions_reuse_at_80_and_payment_parts(db):
    c = card(db, "L002")
    assert (c.loc["on_time", "numerator"], c.loc["on_time", "denominator"]) == (4, 5)
    assert c.loc["on_time", "score"] == pytest.approx(16.0)
    # Satisfaction below 90 %: 80 % -> 6 × 80 / 90.
    assert c.loc["dossier_satisfaction", "score"] == pytest.approx(6 * 80 / 90)
    # 80 % reuse gives the full 2 points.
    assert c.loc["data_reused", "ratio"] == 80.0
    assert c.loc["data_reused", "score"] == pytest.approx(2.0)
    # No petitions at all: full points, said so.
    for code in ("pakn_on_time", "pakn_satisfaction"):
        assert c.loc[code, "score"] == 6.0 and c.loc[code, "status"] == "full_no_pakn"
        assert c.loc[code, "denominator"] == 0 and pd_isna(c.loc[code, "ratio"])
    # Payment: A 1/2, B 1/2, C 1/2 -> 3 + 1.25 + 1.25.
    p = c.loc["payment"]
    assert (p.numerator, p.denominator, p.ratio) == (1, 2, 50.0)
    assert (p.b_numerator, p.b_denominator, p.c_numerator, p.c_denominator) == (1, 2, 1, 2)
    assert p.score == pytest.approx(5.5)
    # No certified copies: 0 of 1 commune is 0 points, not "no data".
    assert c.loc["e_certified_copy", "score"] == 0.0
    assert c.loc["e_certified_copy", "status"] == "ok"
    # Nothing known of its list's publication: no data, never 0.
    assert c.loc["announced_on_time", "status"] == "no_data"


def test_today_view_department_and_province(db):
    # Today's 001 Xã An Hòa holds L001 and L002: (21 + 4) / (24 + 5).
    c = card(db, "001", historical=False)
    assert (c.loc["on_time", "numerator"], c.loc["on_time", "denominator"]) == (25, 29)
    assert c.loc["on_time", "ratio"] == round(100 * 25 / 29, 2)
    # Province as it was: the same dossiers.
    assert card(db, "L99").loc["on_time", "denominator"] == 29
    # Department 1 of L001: R01–R10, all resolved on time; lists do not apply.
    d = card(db, "L001", department_id=1)
    assert (d.loc["on_time", "numerator"], d.loc["on_time", "denominator"]) == (10, 10)
    assert d.loc["announced_on_time", "status"] == "no_data"
    assert d.loc["e_certified_copy", "status"] == "no_data"


def _assert_one_pending_read(sent: list[str]) -> None:
    """The dossiers pending at the day were read once, by on-time's backlog, and no count of
    the service index read them again."""
    pending_reads = [s for s in sent if "within_dossier_rows" in s and "closed_date" in s]
    assert len(pending_reads) == 1, pending_reads
    assert not any("count(*) AS pending" in s for s in sent)


def test_a_running_period_reads_its_pending_dossiers_once(db, monkeypatch):
    """A running period's overview shows the on-time backlog and the service index's pending:
    both count the dossiers pending today from the rows, read once for the page
    (on_time.pending_dossiers; a province's running quarter read ~27,000 pending dossiers
    twice at 10M). The index's figures are those of test_running_period_counts_pending_today,
    and the backlog's units hold the same four dossiers."""
    from queries import on_time, shared

    monkeypatch.setenv("OVERSIGHT_TODAY", "2024-03-20")
    march, scope = parse("2024-03"), Scope("L001", historical=True)
    got = {}

    def page(conn):  # noqa: ANN001, ANN202
        with shared.page():
            on_time.headline(conn, march, scope)
            got["c"] = index766.counts(conn, march, scope)
            got["units"] = on_time.pending_dossiers(conn, D("2024-03-20"), scope)

    sent = [statement for statement, *_ in _sent(db, page)]
    c, units = got["c"], got["units"]
    assert (c["pending"], c["pending_within"]) == (4, 2)
    assert (units["pending"].sum(), units["pending_within"].sum()) == (4, 2)
    _assert_one_pending_read(sent)


def test_a_running_periods_departments_read_the_backlogs_pending_dossiers(db, monkeypatch):
    """The index's departments on a running day count their pending dossiers from the rows
    the on-time backlog reads per unit, kept per department (on_time.pending_by_department):
    one read of the ~27,000 a province holds at 10M, not a second grouped by department.
    At 20/03/2024 department 1 holds DP1 (due 20/03, within: due today), DP2 (due 20/04,
    within) and DP3 (due 15/02, resolved 02/04: pending, overdue); P1–P4 have none."""
    from queries import on_time, shared

    _add_department_dossiers(db)
    monkeypatch.setenv("OVERSIGHT_TODAY", "2024-03-20")
    march, scope = parse("2024-03"), Scope("L001", historical=True)
    got = {}

    def page(conn):  # noqa: ANN001, ANN202
        with shared.page():
            got["head"] = on_time.headline(conn, march, scope)
            got["deps"] = index766.grouped_counts(conn, march, scope, by="department")
            got["units"] = index766.grouped_counts(conn, march, scope, by="unit")

    sent = [statement for statement, *_ in _sent(db, page)]
    head, deps, units = got["head"], got["deps"], got["units"]
    assert (deps.loc[1, "pending"], deps.loc[1, "pending_within"]) == (3, 2)
    # The unit holds P1–P4 and DP1–DP3: 7 pending, 4 within (P1, P4, DP1, DP2).
    assert (units.loc[3, "pending"], units.loc[3, "pending_within"]) == (7, 4)
    assert head["pending_overdue"].value == 3  # P2, P3, DP3
    _assert_one_pending_read(sent)


def test_running_period_counts_pending_today(db):
    # While March runs (today 20/03/2024): P1 (due 10/04) and P4 (received 15/03, due 15/04)
    # within; P2 and P3 overdue. K3 (received 20/03, deadline 03/04) is pending and within.
    with db.connect() as conn:
        c = index766.counts(
            conn, parse("2024-03"), Scope("L001", historical=True), today=D("2024-03-20")
        )
    assert (c["pending"], c["pending_within"]) == (4, 2)
    assert (c["pakn_received"], c["pakn_on_time"]) == (1, 1)


def test_points_rules():
    assert index766.points("linear", 6, 0, 0) == (None, "no_data")
    assert index766.points("pakn", 6, 0, 0) == (6.0, "full_no_pakn")
    assert index766.points("reuse80", 2, 9, 10) == (2.0, "ok")
    assert index766.points("sat90", 6, 85, 100)[0] == pytest.approx(6 * 85 / 90)
    assert index766.points("undetermined", 12, 5, 10) == (None, "undetermined")
    assert index766.payment_points((1, 1), (1, 1), (1, 1)) == 10.0
    assert index766.payment_points((1, 2), (0, 0), (1, 2)) is None
    assert sum(i.max_score for i in index766.INDICATORS) == 100


def pd_isna(v) -> bool:  # noqa: ANN001
    import pandas as pd

    return bool(pd.isna(v))


def test_cli_json(db, capsys, monkeypatch):
    from dashboard import cli

    monkeypatch.setenv("DATABASE_URL", db.url.render_as_string(hide_password=False))
    monkeypatch.setenv("OVERSIGHT_TODAY", TODAY.isoformat())
    code = cli.main(
        ["metrics", "index766", "--period", "2024-Q1", "--unit", "L001", "--historical"]
        + ["--format", "json"]
    )
    out = capsys.readouterr().out
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == len(index766.INDICATORS) == 17
    by = {r["code"]: r for r in rows}
    assert by["on_time"]["group"] == "Tiến độ giải quyết"
    assert by["on_time"]["ratio"] == 87.5 and by["on_time"]["score"] == 17.5
    assert by["synced_on_time"]["group"] == "Công khai, minh bạch"
    assert by["full_online"]["score"] is None and by["full_online"]["max_score"] == 12
    assert by["payment"]["a"] == {"numerator": 4, "denominator": 4, "ratio": 1.0}
    assert by["payment"]["score"] == 10.0
    assert all(r["official_score"] is None for r in rows)
    assert all(r["max_score"] is not None for r in rows)
    assert {r["group"] for r in rows} == {g for g, _m in index766.GROUPS.values()}
    code = cli.main(
        ["metrics", "index766", "--period", "2024-Q1", "--unit", "L001", "--historical"]
    )
    table = capsys.readouterr().out
    assert code == 0 and "Tiến độ giải quyết" in table and "65.38 / 100" in table


# --- where the points went -------------------------------------------------------------------


def test_points_lost_and_what_each_failing_dossier_costs(db):
    lo = index766.lost(card(db, "L001").reset_index()).set_index("code")
    # On time: 20 − 17.5 = 2.5 lost; 24 − 21 = 3 failing; each costs 20 / 24 points.
    assert lo.loc["on_time", "lost"] == pytest.approx(2.5)
    assert lo.loc["on_time", "failing"] == 3
    assert lo.loc["on_time", "per_item"] == pytest.approx(20 / 24)
    # PAKN satisfaction: 6 − 2 = 4 lost, the most: listed first.
    assert lo.index[0] == "pakn_satisfaction" and lo.iloc[0]["lost"] == pytest.approx(4.0)
    # Not linear (80 % rule), not determined, no data: no per-item cost / no loss.
    assert pd_isna(lo.loc["data_reused", "per_item"])
    assert pd_isna(lo.loc["full_online", "lost"]) and pd_isna(lo.loc["shared_reuse", "lost"])


def test_ranking_of_communes_and_departments(db):
    with db.connect() as conn:
        r = index766.ranking(conn, Q1, Scope("L99", historical=True), today=TODAY)
        # Communes without records lose only the certified copies (2 points).
        assert r.code.tolist() == ["L001", "L002", "L003", "L005", "H004"]
        assert r.lost.tolist()[2:] == [2.0, 2.0, 2.0]
        r = r.head(2)
        # L001 lost 3 + 0.6 + 2.5 + 3 + 2 + 0.125 + 1 + 2.4 + 4 = 18.625; L002 lost on time 4,
        # payment 4.5, digitised 4, copies 2, satisfaction 6 − 5.333 = 0.667 -> 15.167.
        assert r.lost.tolist() == pytest.approx([18.625, 15.17], abs=0.006)
        assert r.score.tolist() == pytest.approx([65.38, 40.83], abs=0.006)
        assert r.worst.tolist() == ["pakn_satisfaction", "payment"]
        assert r["rank"].tolist() == [1, 2]
        deps = index766.ranking(
            conn, Q1, Scope("L99", historical=True), by="department", today=TODAY
        )
    assert deps.key.tolist() == [1]
    assert deps.name.iloc[0] == "Công chức Tư pháp – Hộ tịch – Xã An"
    assert deps.score.iloc[0] == pytest.approx(
        card(db, "L001", department_id=1).pipe(lambda c: index766.total(c.reset_index())["score"]),
        abs=0.011,  # both round 54.275 to two decimals, summed in another order
    )
    # Today's view names the body that took the abolished post's work, in today's commune
    # (as Theo cơ quan does); the same dossiers, the same points.
    with db.connect() as conn:
        today_deps = index766.ranking(conn, Q1, Scope("99"), by="department", today=TODAY)
    assert today_deps.name.tolist() == ["Văn phòng HĐND và UBND – Xã An Hòa"]
    assert today_deps.score.iloc[0] == pytest.approx(deps.score.iloc[0])


def test_todays_departments_add_up_under_the_body_that_took_their_work(db):
    """Two departments of Xã An whose work Văn phòng HĐND và UBND of Xã An Hòa holds today
    (the abolished "Công chức Tư pháp – Hộ tịch" and "Văn phòng HĐND và UBND xã") are one row
    in today's view, each count the two summed, still integers; a department the register does
    not hold keeps its id as its key."""
    from queries.index766 import _departments_today

    with db.begin() as conn:
        conn.execute(insert(department), [dict(id=3, unit_id=3, name="Văn phòng HĐND và UBND xã")])
    frame = pd.DataFrame(
        {"received": [5, 7, 1], "resolved": [3, 4, 0]},
        index=pd.Index([1, 3, 99], name="key"),
    )
    with db.connect() as conn:
        out = _departments_today(conn, frame)
    assert out.index.tolist() == ["Văn phòng HĐND và UBND – Xã An Hòa", "99"]
    assert out["received"].tolist() == [12, 1] and out["resolved"].tolist() == [7, 0]
    assert out.dtypes.tolist() == ["int64", "int64"] and out.index.name == "key"


def test_rankings_bind_their_ids_as_one_array_on_postgresql(db):
    """The rankings' names and the league's units are looked up by id: on PostgreSQL the ids
    go as one array parameter (queries.units.in_ids), not one placeholder each, which psycopg
    parses in Python for every statement (~7 ms for a province's departments at 10M)."""
    if db.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's parameters")
    import re

    from sqlalchemy import event

    from queries import on_time

    sent = []

    def capture(conn, cursor, statement, *args):  # noqa: ANN001, ANN002
        sent.append(statement)

    event.listen(db, "before_cursor_execute", capture)
    try:
        with db.connect() as conn:
            for scope in (Scope("L99", historical=True), Scope("99")):
                for by in ("unit", "department"):
                    index766.ranking(conn, Q1, scope, by=by, today=TODAY)
            on_time.league(conn, Q1, Scope("99"))
    finally:
        event.remove(db, "before_cursor_execute", capture)
    lists = [s for s in sent if re.search(r"\.id IN \(", s)]
    assert not lists, lists[0][:300]


def test_page_says_who_to_call_first(db, monkeypatch):
    """The page's first screen after the cards: the three communes losing most points, then
    the departments, each with its points lost and the indicator it loses most on (the ranking
    above: Xã An 18.625, written 18,62 (half to even, so that it and the 65,38 earned add to
    the 84 points determined), on PAKN satisfaction; Xã Bình 15,17 on payment; Xã Cát 2,00)."""
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from dashboard import web

    root = Path(__file__).resolve().parent.parent
    monkeypatch.setenv("DATABASE_URL", db.url.render_as_string(hide_password=False))
    monkeypatch.setenv("OVERSIGHT_TODAY", TODAY.isoformat())
    web.clear()
    at = AppTest.from_file(str(root / "dashboard" / "app.py"), default_timeout=90)
    for k, v in dict(unit="L99", hist="1", period="2024-Q1").items():
        at.query_params[k] = v
    at.run()
    at.switch_page(str(root / "pages" / "index766.py")).run()
    assert not at.exception, at.exception
    assert at.subheader[0].value == "Cần gọi ai trước"
    name = {c: i.name_vi for c, i in index766.BY_CODE.items()}
    text = "\n".join(m.value for m in at.markdown)
    assert (
        f"1. **Xã An**: mất 18,62 điểm, nhiều nhất ở “{name['pakn_satisfaction']}”\n"
        f"2. **Xã Bình**: mất 15,17 điểm, nhiều nhất ở “{name['payment']}”\n"
        "3. **Xã Cát**: mất 2,00 điểm"
    ) in text
    assert "1. **Công chức Tư pháp – Hộ tịch – Xã An**: mất 3,72 điểm" in text


def test_drill_to_the_failing_dossiers_and_petitions(db):
    with db.connect() as conn:
        scope = Scope("L001", historical=True)
        f = index766.failing(conn, Q1, scope, "on_time", today=TODAY)
        assert sorted(zip(f.code, f.reason, strict=True)) == [
            ("P2", "pending_overdue"),
            ("P3", "pending_overdue"),
            ("R19", "late"),
        ]
        assert f.unit_name.unique().tolist() == ["Xã An"]
        p = index766.failing(conn, Q1, Scope("L002", historical=True), "payment", today=TODAY)
        assert p[["code", "reason"]].values.tolist() == [["S2", "paid_at_desk"]]
        k = index766.failing(conn, Q1, scope, "pakn_on_time", today=TODAY)
        assert sorted(zip(k.code, k.reason, strict=True)) == [
            ("K2", "pakn_late"),
            ("K4", "pakn_pending_overdue"),
        ]
        k = index766.failing(conn, Q1, scope, "pakn_satisfaction", today=TODAY)
        assert sorted(zip(k.code, k.reason, strict=True)) == [
            ("K2", "pakn_late"),
            ("K5", "pakn_unsatisfied"),
        ]
        s = index766.failing(conn, Q1, scope, "synced_on_time", today=TODAY)
        assert s.code.tolist() == ["R10"]
        d = index766.failing(conn, Q1, scope, "on_time", department_id=1, today=TODAY)
        assert d.empty


def test_what_is_at_stake_before_the_period_ends(db):
    # L002 on 10/02/2024: S1–S5 received 01/02, due 20/02, none resolved yet: on time 5/5
    # (all pending within) -> 20 points; all five are due before 31/03: if none is resolved on
    # time, 0/5 -> 0 points, 20 points at stake.
    with db.connect() as conn:
        info, rows = index766.at_stake(
            conn, Q1, Scope("L002", historical=True), today=D("2024-02-10")
        )
        assert info["dossiers"] == 5 and rows.code.tolist() == ["S1", "S2", "S3", "S4", "S5"]
        assert (info["on_time_now"], info["on_time_if_missed"]) == (20.0, 0.0)
        assert info["points_at_stake"] == 20.0
        assert info["total_if_missed"] == pytest.approx(info["total_now"] - 20.0)
        # The list is limited, the count is not: all five are at stake, the two due first
        # are listed (counted and listed in one statement).
        few, rows = index766.at_stake(
            conn, Q1, Scope("L002", historical=True), today=D("2024-02-10"), limit=2
        )
        assert few == info and rows.code.tolist() == ["S1", "S2"]
        # After the period there is nothing at stake.
        info, rows = index766.at_stake(conn, Q1, Scope("L002", historical=True), today=TODAY)
        assert info["dossiers"] == 0 and rows.empty


def test_a_page_counts_the_scorecard_once_for_what_is_at_stake(db, monkeypatch):
    """The index page shows the scorecard and what is at stake, which starts from the same
    scorecard: within a page (``shared.page``) the card is made once (its counts read and
    its official figures looked up once); outside one, each call makes its own."""
    from queries import shared

    counted, officials = [], []
    real, real_official = index766._counts_of, index766.official
    monkeypatch.setattr(
        index766, "_counts_of", lambda *a, **k: counted.append(a[1]) or real(*a, **k)
    )
    monkeypatch.setattr(
        index766, "official", lambda *a, **k: officials.append(a[1]) or real_official(*a, **k)
    )
    scope, today = Scope("L002", historical=True), D("2024-02-10")
    with db.connect() as conn:
        with shared.page():
            card = index766.scorecard(conn, Q1, scope, today=today).set_index("code")
            info, _ = index766.at_stake(conn, Q1, scope, today=today)
        assert counted == [Q1] and officials == [Q1]
        # On time 5/5 (all pending within) -> 20 points, the same figure both read.
        assert card.loc["on_time", "score"] == info["on_time_now"] == 20.0
        index766.scorecard(conn, Q1, scope, today=today)
        index766.scorecard(conn, Q1, scope, today=today)
        assert counted == [Q1, Q1, Q1]


@pytest.mark.parametrize(
    ("code", "historical"), [("L001", True), ("L002", True), ("99", False), ("001", False)]
)
def test_trend_is_each_months_own_total(db, code, historical):
    """All twelve months are counted together (the months' CTE), each exactly as its own
    scorecard: the total, the points not determined and without data, and the official
    monthly total where one was imported (the quarter's is not a month's)."""
    from dashboard.storage.schema import index766_official

    scope = Scope(code, historical=historical)
    with db.begin() as conn:
        unit_id = index766.get_unit(conn, code).id
        for start, end, score in [
            (D("2024-02-01"), D("2024-02-29"), 61.5),
            (Q1.start, Q1.end, 70.0),
        ]:
            conn.execute(
                insert(index766_official).values(
                    subject=f"u{unit_id}",
                    unit_id=unit_id,
                    portal_name="UBND",
                    period_start=start,
                    period_end=end,
                    indicator="total",
                    score=score,
                )
            )
    with db.connect() as conn:
        tr = index766.trend(conn, Q1, scope, today=TODAY).set_index("month")
        assert len(tr) == 12 and tr.index[-1] == D("2024-03-01")
        for m in tr.index:
            card = index766.scorecard(conn, parse(f"{m.year}-{m.month:02d}"), scope, today=TODAY)
            t = index766.total(card)
            got = tr.loc[m]
            assert (got.score, got.undetermined, got.no_data) == (
                t["score"],
                t["undetermined"],
                t["no_data"],
            ), m
            assert (got.official_score == t["official_score"]) or (
                pd.isna(got.official_score) and t["official_score"] is None
            ), m
    assert tr.loc[D("2024-02-01"), "official_score"] == 61.5
    assert tr.drop(D("2024-02-01")).official_score.isna().all()


def test_the_trend_builds_no_index_of_its_own(db):
    """SQLite builds an index at run time ("AUTOMATIC ... INDEX") when it sees no better way:
    the trend's months did so on the rollup's unit_id and on every unit's level, each run
    (~20 ms of 30 at 10M dossiers). It reads the rollup by (month, unit_id) and the units
    by id instead."""
    if db.dialect.name != "sqlite":
        pytest.skip("SQLite's plan")
    from dashboard.storage import rollups
    from tests.conftest import sqlite_plan

    with db.begin() as conn:  # the month-end snapshots: the months are counted together
        rollups.refresh_backlog(conn, None)
    plan = sqlite_plan(
        db,
        lambda conn: index766.trend(conn, Q1, Scope("99"), today=TODAY),
        lambda statement: "WITH months" in statement,
    )
    assert any("ix_rollup_index766_unit_month" in p for p in plan), plan
    assert not any("AUTOMATIC" in p for p in plan), plan


def test_pending_at_a_day_reads_the_unresolved_dossiers_by_unit(db):
    """Pending dossiers at a day without a month-end snapshot (a running period) are three
    parts: resolved later (ix_dossier_unit_resolved) and unresolved, still open or closed
    after the day, from ix_dossier_unresolved by unit (it holds every column read), not the
    nation's unresolved dossiers by date (a province's running quarter at 10M dossiers:
    52 -> 9 ms on SQLite). Read by on_time's backlog (on_time.pending_dossiers)."""
    if db.dialect.name != "sqlite":
        pytest.skip("SQLite's plan")
    from tests.conftest import sqlite_plan

    plan = sqlite_plan(
        db,
        lambda conn: index766.counts(conn, Q1, Scope("99"), today=D("2024-03-20")),
        lambda statement: "within_dossier_rows" in statement,
    )
    on_dossier = [p for p in plan if " dossier " in f" {p} "]
    assert sum("ix_dossier_unit_resolved (resolving_unit_id=? AND resolved_date>?)" in p
               for p in on_dossier) == 1, on_dossier  # fmt: skip
    assert sum("ix_dossier_unresolved" in p for p in on_dossier) == 2, on_dossier
    assert not any("ix_dossier_open" in p or p.startswith("SCAN") for p in on_dossier), plan


@pytest.mark.parametrize(
    ("code", "historical"), [("L001", True), ("L99", True), ("99", False), ("001", False)]
)
def test_counts_by_month_are_each_months_own(db, code, historical):
    """``grouped_counts(by="month")`` gives, for every month, the counts of that month alone
    from the dossier rows: the months that have ended together from the rollups (a handful of
    statements, not ten a month); a month still running (today 10/02/2024) and a department
    month by month."""
    from sqlalchemy import event

    from dashboard.domain.periods import Period
    from dashboard.storage import rollups

    scope = Scope(code, historical=historical)
    span = Period(D("2023-12-01"), D("2024-04-30"), "custom", "calendar")
    months = ["2023-12", "2024-01", "2024-02", "2024-03", "2024-04"]
    sent = []
    with db.begin() as conn:
        # The month-end backlog snapshots (the fixture's rows lack what rollup_month needs).
        rollups.refresh_backlog(conn, None)

    def count(*_a):  # noqa: ANN002
        sent.append(1)

    with db.connect() as conn:
        for today, dept in ((TODAY, None), (D("2024-02-10"), None), (TODAY, 1)):
            event.listen(conn, "before_cursor_execute", count)
            got = index766.grouped_counts(conn, span, scope, "month", dept, today=today)
            event.remove(conn, "before_cursor_execute", count)
            for m in months:
                p = parse(m)
                if p.start > today:
                    continue
                want = index766.grouped_counts(conn, p, scope, None, dept, today, source="rows")
                assert got.loc[p.start].to_dict() == want.iloc[0].to_dict(), (today, dept, m)
            sent.clear()
        # Four months with their snapshots (April has none: nothing was pending at its end)
        # together: a handful of statements, not ~10 a month.
        event.listen(conn, "before_cursor_execute", count)
        span = Period(D("2023-12-01"), D("2024-03-31"), "custom", "calendar")
        index766.grouped_counts(conn, span, scope, "month", today=TODAY)
        event.remove(conn, "before_cursor_execute", count)
        assert len(sent) <= 12, len(sent)


def test_one_statement_a_shape_serves_every_month(db):
    """The counts are one statement built once per shape (queries.statements: building its
    parts cost ~10 ms of Python a call, more than running it) and run with the period's
    dates bound: each month still gets its own counts, worked by hand from the module doc.
    L001: R01-R20 received in January, all but R19 resolved then, on time; February P2 and W
    received, R19 resolved (late); March P1 and P4 received, none resolved."""
    from queries import statements

    statements._built.clear()
    scope = Scope("L001", historical=True)
    want = {"2024-01": (20, 19, 19), "2024-02": (2, 1, 0), "2024-03": (2, 0, 0)}
    with db.connect() as conn:
        for source in ("rollup", "rows"):
            for month, counts in want.items():
                got = index766.grouped_counts(conn, parse(month), scope, today=TODAY, source=source)
                row = got.iloc[0]
                assert (row.received, row.resolved, row.resolved_on_time) == counts, (source, month)
    built = [k for k in statements._built if k[1] == "index766_counts"]
    assert len(built) == 2, built  # one for the rollups' months, one for the rows' days


@pytest.mark.parametrize(
    ("code", "historical", "period"),
    [
        ("L001", True, "2024-Q1"),
        ("L99", True, "2024"),
        ("001", False, "2024-02"),
        ("99", False, "2024"),
    ],
)
def test_the_rollup_gives_the_rows_figures(db, code, historical, period):
    """Whole months read rollup_index766_unit_month (rollup_index766_month per department);
    every count equals the dossier rows', for the scope, per unit, per month, per department
    and for one department (R01–R10 held by department 1).
    With the month-end snapshots in place, a department's pending dossiers come from
    rollup_body_month (built in the same pass), and must equal the rows' too: department 1
    also holds, at 31/03/2024, DP1 overdue (due 20/03) and DP2 within its deadline (20/04);
    DP3 was pending overdue at 29/02 and resolved on 02/04."""

    _add_department_dossiers(db)
    with db.connect() as conn:
        for by in (None, "unit", "month", "department"):
            args = (conn, parse(period), Scope(code, historical=historical), by)
            rows = index766.grouped_counts(*args, today=TODAY, source="rows")
            rollup = index766.grouped_counts(*args, today=TODAY, source="rollup")
            pd.testing.assert_frame_equal(rows.sort_index(), rollup.sort_index())
        args = (conn, parse(period), Scope(code, historical=historical), None)
        rows = index766.grouped_counts(*args, department_id=1, today=TODAY, source="rows")
        rollup = index766.grouped_counts(*args, department_id=1, today=TODAY, source="rollup")
        pd.testing.assert_frame_equal(rows.sort_index(), rollup.sort_index())


def _dp4() -> dict:
    """DP4: received at L002 on 25/03/2024 for DD-BD (fee-bearing), paid online."""
    return _dossier(
        93,
        "DP4",
        4,
        "2024-03-25",
        "2024-04-10",
        "2024-03-28",
        procedure_id=2,
        fee_required=True,
        online_payment=True,
    )


def _add_department_dossiers(db) -> None:  # noqa: ANN001 - an Engine
    """Department 1 of L001 also holds DP1 (received 01/03, due 20/03), DP2 (received 05/03,
    due 20/04) and DP3 (received 10/02, due 15/02, resolved 02/04); rollups refreshed."""
    with db.begin() as conn:
        conn.execute(
            insert(dossier),
            [
                _dossier(90, "DP1", 3, "2024-03-01", "2024-03-20", department_id=1),
                _dossier(91, "DP2", 3, "2024-03-05", "2024-04-20", department_id=1),
                _dossier(92, "DP3", 3, "2024-02-10", "2024-02-15", "2024-04-02", department_id=1),
            ],
        )
        _refresh(conn)


def _refresh(conn) -> None:  # noqa: ANN001 - a Connection
    """The backlog and every rollup of the service index, rebuilt as an import does."""
    from dashboard.storage import rollups

    rollups.refresh_backlog(conn, None)
    refresh_index766(conn, None)
    refresh_index766_units(conn, None)
    refresh_index766_departments(conn, None)
    refresh_index766_pairs(conn, None)
    refresh_index766_unit_spans(conn, None)


@pytest.mark.parametrize(
    ("code", "historical"), [("L001", True), ("L99", True), ("001", False), ("99", False)]
)
def test_a_running_period_is_its_months_rollup_and_rows_of_the_days_around(db, code, historical):
    """ "auto" counts the whole months of the days counted from the rollups and the other
    days from the rows; a last month mostly counted is its rollup less the rows of its days
    after as_of. The first quarter of 2024 on 20/03: January to March's rollup less 21–31
    March, when DP5 (L001, department 1) was received and resolved, and DP4 received at L002
    for DD-BD, paid online (a fee-bearing procedure L002 used only then: not used by 20/03).
    On 15/03: January and February's rollup and 1–15 March's rows. 15/01–31/03: February and
    March's, and 15–31 January's rows. March alone on 20/03: its rollup less 21–31 March.
    Every count (received, resolved, pending, petitions, fee-bearing procedures used, lists,
    communes) equals the rows' alone, for the scope, per unit, per department and for
    department 1 (which also holds DP1, received 01/03 and still pending)."""
    from sqlalchemy import event

    from dashboard.domain.periods import Period

    with db.begin() as conn:
        conn.execute(
            insert(dossier),
            [
                _dossier(90, "DP1", 3, "2024-03-01", "2024-03-20", department_id=1),
                _dossier(92, "DP3", 3, "2024-01-20", "2024-02-15", "2024-03-12", department_id=1),
                _dp4(),
                _dossier(94, "DP5", 3, "2024-03-22", "2024-04-01", "2024-03-26", department_id=1),
            ],
        )
        _refresh(conn)
    sent = []

    def capture(conn, cursor, statement, *args):  # noqa: ANN001, ANN002
        sent.append(statement)

    cases = [
        (Q1, D("2024-03-20")),
        (Q1, D("2024-03-15")),
        (Period(D("2024-01-15"), D("2024-03-31"), "custom", "calendar"), TODAY),
        (parse("2024-03"), D("2024-03-20")),
    ]
    scope = Scope(code, historical=historical)
    with db.connect() as conn:
        for period, today in cases:
            for by, dept in ((None, None), ("unit", None), ("department", None), (None, 1)):
                args = (conn, period, scope, by, dept, today)
                event.listen(conn, "before_cursor_execute", capture)
                auto = index766.grouped_counts(*args, source="auto")
                event.remove(conn, "before_cursor_execute", capture)
                rows = index766.grouped_counts(*args, source="rows")
                pd.testing.assert_frame_equal(rows.sort_index(), auto.sort_index())
                table = (
                    "rollup_index766_department_month"
                    if by == "department" or dept
                    else "rollup_index766_unit_month"
                )
                assert any(f"FROM {table}" in s for s in sent), (period, today, by, dept)
                sent.clear()
    # The fee-bearing procedures L002 used by 20/03, worked by hand: HT-KS (S1 paid online).
    with db.connect() as conn:
        got = index766.grouped_counts(
            conn, Q1, Scope("L002", historical=True), today=D("2024-03-20")
        )
    assert (got.fee_procs_used.iloc[0], got.fee_procs_paid_online.iloc[0]) == (1, 1)


@pytest.mark.parametrize(("code", "historical"), [("L002", True), ("99", False)])
def test_a_running_quarter_reads_its_fee_procedures_from_the_quarters_pairs(db, code, historical):
    """A quarter still running counts the fee-bearing procedures used from the whole quarter's
    pairs (rollup_index766_unit_span) when no dossier was received after as_of: Q1 2024 on
    20/03, the latest dossier received 15/03; a month still running (March 2024 on 20/03) from
    the month's counts per unit (rollup_index766_unit_month). Every count equals the rows'
    alone. DP4, received at L002 on 25/03 for DD-BD and paid online (an import: the data
    version moves), makes the quarter's and March's pairs hold one L002 had not used by
    20/03: the counts come from the rows again, and L002 used 1 fee-bearing procedure (HT-KS,
    S1 paid online), as worked by hand in
    test_a_running_period_is_its_months_rollup_and_rows_of_the_days_around."""
    from sqlalchemy import event

    from dashboard.storage.db import bump_data_version

    with db.begin() as conn:
        _refresh(conn)
    scope, today = Scope(code, historical=historical), D("2024-03-20")

    def counted(conn, period=Q1):  # noqa: ANN001, ANN202
        """The counts ("auto", checked against the rows') and whether the fee-bearing
        procedures came from the refresh's counts (no pairs matched with the lists here)."""
        sent = []

        def capture(c, cursor, statement, *args):  # noqa: ANN001, ANN002
            sent.append(statement)

        event.listen(conn, "before_cursor_execute", capture)
        auto = index766.grouped_counts(conn, period, scope, today=today, source="auto")
        event.remove(conn, "before_cursor_execute", capture)
        rows = index766.grouped_counts(conn, period, scope, today=today, source="rows")
        pd.testing.assert_frame_equal(rows.sort_index(), auto.sort_index())
        return auto, not any("used_pairs" in st for st in sent)

    march = parse("2024-03")
    with db.connect() as conn:
        auto, from_pairs = counted(conn)
        assert counted(conn, march)[1]
    assert from_pairs
    with db.begin() as conn:
        conn.execute(
            insert(dossier),
            _dp4(),
        )
        _refresh(conn)
        bump_data_version(conn)
    with db.connect() as conn:
        after, from_pairs = counted(conn)
        assert not counted(conn, march)[1]
    assert not from_pairs
    pd.testing.assert_frame_equal(after, auto)  # DP4 is after 20/03: nothing changes
    if code == "L002":
        assert (after.fee_procs_used.iloc[0], after.fee_procs_paid_online.iloc[0]) == (1, 1)


def test_a_quarters_fee_procedures_come_from_the_pairs_and_a_list_edit_shows_once_refreshed(db):
    """A calendar quarter's and year's fee-bearing procedures used are the pairs the refresh
    grouped (rollup_index766_pair), not the quarter's rows of rollup_index766_month grouped
    again. Q1 2024: L001 used HT-KS (R01 paid online) and DD-BD (R20 paid online), L002 HT-KS
    (S1 paid online). The pairs matched with the fee-bearing rows of the lists are counted
    per unit at the refresh (rollup_index766_unit_span), as an import of lists refreshes them:
    DD-BD made fee-free in plain SQL -> L001's B and C 1/1 once refreshed. A refresh from
    February rebuilds Q1 and 2024 only, to the same rows."""
    from sqlalchemy import delete, event, select, update

    from dashboard.storage.schema import rollup_index766_pair, rollup_index766_unit_span

    rp = rollup_index766_pair.c
    q1 = (rp.span_start == D("2024-01-01"), rp.span_end == D("2024-03-31"))
    with db.connect() as conn:
        got = conn.execute(
            select(rp.unit_id, rp.procedure_id, rp.paid_online)
            .where(*q1, rp.unit_id.in_([3, 4]))
            .order_by(rp.unit_id, rp.procedure_id)
        ).all()
    assert [tuple(r) for r in got] == [(3, 1, 1), (3, 2, 1), (4, 1, 1)]

    sent = []

    def capture(conn, cursor, statement, *args):  # noqa: ANN001, ANN002
        sent.append(statement)

    event.listen(db, "before_cursor_execute", capture)
    try:
        p = card(db, "L001").loc["payment"]
    finally:
        event.remove(db, "before_cursor_execute", capture)
    assert (p.b_numerator, p.b_denominator, p.c_numerator, p.c_denominator) == (2, 2, 2, 2)
    assert any("FROM rollup_index766_unit_span" in s for s in sent)
    assert not any("rollup_index766_month.procedure_id" in s for s in sent)
    assert not any("FROM rollup_index766_pair" in s for s in sent)
    with db.connect() as conn:
        us = rollup_index766_unit_span.c
        spans = conn.execute(
            select(us.span_end, us.unit_id, us.fee_procs_used, us.fee_procs_paid_online)
            .where(us.unit_id.in_([3, 4]), us.span_start >= D("2024-01-01"))
            .order_by(us.span_end, us.unit_id)
        ).all()
    # Q1 2024 and the year 2024: L001 two fee-bearing procedures used, both paid online; L002
    # one (HT-KS).
    assert [(str(r[0])[:10], *r[1:]) for r in spans] == [
        ("2024-03-31", 3, 2, 2),
        ("2024-03-31", 4, 1, 1),
        ("2024-12-31", 3, 2, 2),
        ("2024-12-31", 4, 1, 1),
    ]
    for period in ("2024", "2024-Q1"):  # the year's pairs too, equal to the rows'
        with db.connect() as conn:
            args = (conn, parse(period), Scope("L001", historical=True), None)
            fee = ["fee_procs", "fee_procs_used", "fee_procs_paid_online"]
            rows = index766.grouped_counts(*args, today=TODAY, source="rows")[fee]
            pairs = index766.grouped_counts(*args, today=TODAY, source="rollup")[fee]
        assert (
            rows.to_dict("records")
            == pairs.to_dict("records")
            == [{"fee_procs": 2, "fee_procs_used": 2, "fee_procs_paid_online": 2}]
        ), period

    with db.begin() as conn:
        conn.execute(
            update(unit_procedure)
            .where(unit_procedure.c.unit_id == 3, unit_procedure.c.procedure_id == 2)
            .values(fee_bearing=False)
        )
        refresh_index766_unit_spans(conn, None)  # what an import of lists does
    p = card(db, "L001").loc["payment"]
    assert (p.b_numerator, p.b_denominator, p.c_numerator, p.c_denominator) == (1, 1, 1, 1)

    def table(conn):  # noqa: ANN001, ANN202
        return sorted(tuple(r) for r in conn.execute(select(rollup_index766_pair)).all())

    with db.begin() as conn:
        full = table(conn)
        conn.execute(delete(rollup_index766_pair).where(*q1))
        refresh_index766_pairs(conn, D("2024-02-01"))
        assert table(conn) == full
        assert any(str(r[1])[:10] == "2023-12-31" for r in full)  # kept, not rebuilt


def test_list_sums_are_read_once_per_data_version_and_a_list_write_moves_it(db):
    """Each unit's published list is summed once per data version (not by each scorecard,
    ranking and trend of a page), and any write to the lists, by whoever (here plain SQL),
    moves the version (a trigger, migration 25_unit_procedure_version). L001 (unit 3):
    HT-KS announced, DD-BD not -> 1 of 2; then DD-BD announced -> 2 of 2; HT-KS removed ->
    1 of 1; HT-KS back, not announced -> 1 of 2."""
    from sqlalchemy import delete, event, update

    reads = []

    def count(conn, cursor, statement, *args):  # noqa: ANN001, ANN002
        if "FROM unit_procedure" in statement and "GROUP BY unit_procedure.unit_id" in statement:
            reads.append(statement)

    def announced():  # noqa: ANN202
        row = card(db, "L001").loc["announced_on_time"]
        return int(row["numerator"]), int(row["denominator"])

    event.listen(db, "before_cursor_execute", count)
    try:
        assert announced() == (1, 2)
        assert announced() == (1, 2) and len(reads) == 1  # another page, the same version
        up = unit_procedure.c
        for write, want in (
            (update(unit_procedure).where(up.unit_id == 3).values(announced_on_time=True), (2, 2)),
            (delete(unit_procedure).where(up.unit_id == 3, up.procedure_id == 1), (1, 1)),
            (
                insert(unit_procedure).values(
                    unit_id=3, procedure_id=1, fee_bearing=True, announced_on_time=False
                ),
                (1, 2),
            ),
        ):
            with db.begin() as conn:
                conn.execute(write)
            assert announced() == want, write
        assert len(reads) == 4
    finally:
        event.remove(db, "before_cursor_execute", count)


def _sent(db, call) -> list:  # noqa: ANN001
    """The statements ``call(conn)`` sends, with their execution contexts."""
    from sqlalchemy import event

    sent = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        sent.append((statement, parameters, context))

    event.listen(db, "after_cursor_execute", capture)
    try:
        with db.connect() as conn:
            call(conn)
    finally:
        event.remove(db, "after_cursor_execute", capture)
    return sent


def test_sqlite_statements_carry_a_scopes_ids_and_are_compiled_once(db):
    """On SQLite a scope's unit ids are written into the statement (queries.units.in_ids), not
    bound one parameter each at every execution (~1.3 ms a statement at a province's 470
    ids): the second run of the same figures finds every statement in the compiled cache."""
    if db.dialect.name != "sqlite":
        pytest.skip("SQLite's statements")
    from sqlalchemy.engine.interfaces import CacheStats

    scope = Scope("L99", historical=True)
    with db.connect() as conn:
        ids = index766.recorded_unit_ids(conn, scope.unit_code, True)
    assert len(ids) > 1

    def figures(conn):  # noqa: ANN001, ANN202
        index766.ranking(conn, Q1, scope, by="unit", today=TODAY)
        index766.failing(conn, Q1, scope, "on_time", today=TODAY)

    first = _sent(db, figures)
    listed = f"IN ({','.join(map(str, sorted(ids)))})"
    with_ids = [(s, p) for s, p, _ in first if listed in s]
    assert with_ids, first[0][0][:300]
    again = _sent(db, figures)
    assert {s for s, _, _ in again if listed in s} == {s for s, _ in with_ids}
    assert {c.cache_hit for s, _, c in again if listed in s} == {CacheStats.CACHE_HIT}


def test_no_unit_ids_select_nothing(db):
    from sqlalchemy import func, select

    from dashboard.storage.schema import admin_unit
    from queries.units import in_ids

    with db.connect() as conn:
        none = conn.execute(
            select(func.count()).select_from(admin_unit).where(in_ids(conn, admin_unit.c.id, []))
        ).scalar()
        assert none == 0


def test_the_satisfaction_drill_reads_the_late_and_the_unsatisfied_by_index(db):
    """The dossier-satisfaction drill-down (resolved late, or rated unsatisfied) reads the
    scope's few late ones and few unsatisfied ones by unit and resolved date (partial indexes
    ix_dossier_unit_late and ix_dossier_unit_unsatisfied), not every dossier it resolved in
    the period (a province's quarter at 10M on SQLite: 216 -> 42 ms). L001's Q1: R19 late."""
    scope = Scope("L001", historical=True)
    with db.connect() as conn:
        rows = index766.failing(conn, Q1, scope, "dossier_satisfaction")
    assert rows.code.tolist() == ["R19"] and rows.reason.tolist() == ["late"]
    if db.dialect.name != "sqlite":
        return  # PostgreSQL chooses by its statistics
    from tests.conftest import sqlite_plan

    plan = sqlite_plan(
        db,
        lambda conn: index766.failing(conn, Q1, scope, "dossier_satisfaction"),
        lambda s: "UNION ALL" in s and "AS reason" in s,
    )
    on_dossier = [p for p in plan if " dossier " in f" {p} "]
    assert len(on_dossier) == 2, plan
    assert "ix_dossier_unit_late" in on_dossier[0], on_dossier
    assert "ix_dossier_unit_unsatisfied" in on_dossier[1], on_dossier


def test_at_stake_and_the_on_time_drill_read_pending_dossiers_by_index(db):
    """What is at stake (pending today, due by the period's end) and the on-time drill-down
    (resolved late, pending overdue) read each part through its own index: resolved later by
    unit and resolved date (the drill's, late, among the late only), unresolved by unit
    (PostgreSQL: dossier_unresolved). One condition
    with ORs over ``dossier`` read every dossier the scope ever had (a province at 1M on
    SQLite: 0.9 s for the count at stake, 2.8 s for the drill-down)."""
    scope = Scope("L002", historical=True)
    calls = {
        "at stake": (
            lambda conn: index766.at_stake(conn, Q1, scope, today=D("2024-02-10")),
            lambda s: s.lstrip().startswith("SELECT due.code"),
        ),
        "drill": (
            lambda conn: index766.failing(conn, Q1, scope, "on_time", today=D("2024-02-10")),
            lambda s: "UNION ALL" in s and "AS reason" in s,
        ),
    }
    for name, (call, sent_if) in calls.items():
        if db.dialect.name == "postgresql":
            statements = [s for s, _, _ in _sent(db, call) if sent_if(s)]
            assert len(statements) == 1 and "dossier_unresolved" in statements[0], name
            continue
        from tests.conftest import sqlite_plan

        plan = [p for p in sqlite_plan(db, call, sent_if) if " dossier " in f" {p} "]
        assert not any(p.startswith("SCAN") for p in plan), (name, plan)
        # The drill's late ones (resolved late in the period, and pending overdue at its end
        # but resolved later) by unit among the few late (ix_dossier_unit_late), not every
        # dossier the scope resolved (a province's quarter at 10M: 470,000 rows for 19,600).
        late = "ix_dossier_unit_late" if name == "drill" else "ix_dossier_unit_resolved"
        unresolved = sum("ix_dossier_unresolved" in p or "ix_dossier_open" in p for p in plan)
        if name == "at stake":
            # Counted and listed in one statement: SQLite's plan names each part's read more
            # than once (the count's and the list's), each through its index.
            assert all(p.startswith("SEARCH") for p in plan), plan
            assert any(late in p for p in plan) and unresolved, plan
            # The count reads the open ones by unit (ix_dossier_unresolved, which holds what
            # it tests); by due date (ix_dossier_open, the list's) it visited every open
            # dossier due by the period's end in the table (a province's running quarter at
            # 10M: ~18,500, 16 of the statement's 24 ms).
            open_by_unit = "ix_dossier_unresolved (resolving_unit_id=? AND closed_date=?)"
            assert any(open_by_unit in p for p in plan), plan
            continue
        assert sum(late in p for p in plan) == 2, (name, plan)
        assert unresolved == 2, (name, plan)


def test_counts_blocks_join_on_their_keys_sorted_with_a_missing_key_last():
    """``_grouped_counts`` joins the statement's counts, the pending dossiers and the lists'
    sums on their keys (outer, sorted, 0 where a block has none): unit 7 has only lists, unit
    3 only counts (its NULL sum is 0); a unit with no today's unit comes as None from the
    database and NaN from the lists, and is one key, last."""
    import numpy as np

    from queries.index766 import _joined

    nan = float("nan")
    out = _joined(
        [
            ([5, 3, None], ["received", "resolved"], np.array([[4, 2], [1, nan], [2, 2]])),
            ([5], ["pending", "pending_within"], np.array([[3.0, 1.0]])),
            ([7, nan], ["fee_procs"], np.array([[6.0], [1.0]])),
        ]
    )
    assert out.index[:3].tolist() == [3, 5, 7] and pd.isna(out.index[3])
    assert out.index.name == "key"
    assert out["received"].tolist() == [1, 4, 0, 2]
    assert out["resolved"].tolist() == [0, 2, 0, 2]
    assert out["pending"].tolist() == [0, 3, 0, 0]
    assert out["fee_procs"].tolist() == [0, 0, 6, 1]
    assert list(out.columns) == list(index766.COUNT_KEYS) and (out.dtypes == "int64").all()
