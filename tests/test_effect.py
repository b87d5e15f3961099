"""Did the pilot work? The effect of a rollout measured fairly (``queries.rollout.effect``,
``event_study``, ``pooled_effect``), on a province built here whose every figure is worked out
by hand, and on a simulated province whose true effect is known.

The province (rollup rows written directly: the effect reads only the monthly rollups):

    L77 Tỉnh Thử Hiệu (to 30/06/2025) ─ L771 Huyện Một ─ L701 Xã An (pilot), L702 Xã Bưởi,
        L703 Xã Cam, L704 Xã Dừa, L705 Xã Én
    L66 Tỉnh Bên (to 30/06/2025) ─ L661 Huyện Hai ─ L601 Xã Phố
    77 Tỉnh Thử Hiệu (from 01/07/2025, L77 + L66) ─ 701 ← L701 + L702, 703 ← L703,
        704 ← L704 + L705, 601 ← L601

Model M: R21 at L701 launched 15/03/2023 (the pilot); R22 at L703 launched 10/06/2023 (inside
the pilot's after window); R23 at L704 launched 01/05/2019 (before the windows); R24 at 704
launched 01/01/2026 (years later; through its lineage L705 adopts it then). Model N: R25 at
L702 launched 20/01/2023 (inside the windows). R26 at L601 launched 15/03/2025 (a window cut by
the 2025 merger).

Six-month windows for R21: before 09/2022–02/2023, after 04/2023–09/2023 (03/2023 left out).
Comparison group, by the rules:
    L703 (Cam): counts until its own launch (06/2023): its 07/2023 is left out;
    L705 (Én): adopts the model only in 2026 (through 704): counts, uncensored;
    L702 (Bưởi): another model launched inside the windows: left out, listed;
    L704 (Dừa): ran the model since 2019: left out, listed;
    L601 (Phố): today in the same province, but not in the province as it was: not a peer.
"""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pytest
from sqlalchemy import insert

from dashboard.storage.schema import (
    admin_unit,
    reform_model,
    rollout,
    rollup_satisfaction_month,
    rollup_unit_month,
    unit_lineage,
)
from dashboard.storage.unit_register import refresh_current_units
from queries import rollout as ro
from queries.units import restricted
from tests.conftest import BACKENDS, new_database

D = date.fromisoformat
OLD_END, NEW_START = D("2025-06-30"), D("2025-07-01")

UNITS = [  # id, code, name, level, parent, valid_to
    (201, "L77", "Tỉnh Thử Hiệu", "province", None, OLD_END),
    (202, "L771", "Huyện Một", "district", 201, OLD_END),
    (203, "L701", "Xã An", "commune", 202, OLD_END),
    (204, "L702", "Xã Bưởi", "commune", 202, OLD_END),
    (205, "L703", "Xã Cam", "commune", 202, OLD_END),
    (206, "L704", "Xã Dừa", "commune", 202, OLD_END),
    (207, "L705", "Xã Én", "commune", 202, OLD_END),
    (211, "L66", "Tỉnh Bên", "province", None, OLD_END),
    (212, "L661", "Huyện Hai", "district", 211, OLD_END),
    (213, "L601", "Xã Phố", "commune", 212, OLD_END),
    (220, "77", "Tỉnh Thử Hiệu", "province", None, None),
    (221, "701", "Xã An Bưởi", "commune", 220, None),
    (223, "703", "Xã Cam Mới", "commune", 220, None),
    (224, "704", "Xã Dừa Én", "commune", 220, None),
    (226, "601", "Xã Phố Mới", "commune", 220, None),
]
LINEAGE = [(203, 221), (204, 221), (205, 223), (206, 224), (207, 224), (213, 226)]
LINEAGE += [(201, 220), (211, 220)]
ROLLOUTS = [  # id, model, unit, launched
    (21, 31, 203, "2023-03-15"),
    (22, 31, 205, "2023-06-10"),
    (23, 31, 206, "2019-05-01"),
    (24, 31, 224, "2026-01-01"),
    (25, 32, 204, "2023-01-20"),
    (26, 31, 213, "2025-03-15"),
]
# Resolved dossiers per unit and month: (n, on time).
#   R21 before: An 5/10 = 50 %; after 8/10 = 80 %: +30.
#   Comparison before: Cam 6/10 + Én 4/10 = 10/20 = 50 %; after Cam 7/10 (05/2023; its
#   07/2023, after its own launch, is left out) + Én 5/10 = 12/20 = 60 %: +10.
#   DiD = 30 − 10 = +20 points.
#   Placebo (launch moved six months back: before 03–08/2022, after 09/2022–02/2023):
#   An 5/10 → 5/10, Cam 6/10 → 6/10, Én 4/10 → 4/10: 0.
#   An's own history (09/2021–08/2022): 2022-01 90/100 and 2022-05 5/10: 95/110 = 86.4 %.
ON_TIME = [
    (203, "2022-05", 10, 5),
    (203, "2022-01", 100, 90),
    (203, "2022-10", 10, 5),
    (203, "2023-05", 10, 8),
    (205, "2022-05", 10, 6),
    (205, "2022-11", 10, 6),
    (205, "2023-05", 10, 7),
    (205, "2023-07", 10, 0),
    (207, "2022-05", 10, 4),
    (207, "2022-12", 10, 4),
    (207, "2023-08", 10, 5),
    (204, "2022-10", 10, 0),
    (206, "2022-10", 10, 10),
    (213, "2022-10", 10, 10),
    (213, "2025-04", 10, 9),
    (213, "2025-05", 10, 9),
]
# Satisfaction per unit, month, channel: (responses, satisfied).
#   An before 10/20 = 50 % (kiosk); after 6/10 kiosk + 27/30 survey = 33/40 = 82.5 %: +32.5.
#   Comparison before Cam 5/10 + Én 5/10 = 50 %; after Cam 6/10 + Én 5/10 = 55 %: +5.
#   DiD = +27.5. The pilot's survey share jumps from 0 of 20 to 30 of 40.
SATISFACTION = [
    (203, "2022-10", "kiosk", 20, 10),
    (203, "2023-05", "kiosk", 10, 6),
    (203, "2023-05", "survey", 30, 27),
    (205, "2022-11", "kiosk", 10, 5),
    (205, "2023-05", "kiosk", 10, 6),
    (207, "2022-12", "kiosk", 10, 5),
    (207, "2023-08", "kiosk", 10, 5),
]


def _rollup_rows(rows):
    zero = dict(
        received=0,
        received_online=0,
        late_with_apology=0,
        processing_days_sum=0,
        online_payment=0,
        digitised=0,
    )
    return [
        dict(
            unit_id=u,
            month=D(m + "-01"),
            source="dossier",
            resolved=n,
            early=0,
            on_time=k,
            late=n - k,
            **zero,
        )
        for u, m, n, k in rows
    ]


def _sat_rows(rows):
    out = []
    for u, m, ch, n, k in rows:
        out.append(
            dict(
                unit_id=u,
                month=D(m + "-01"),
                rating_channel=ch,
                field_id=None,
                responses=n,
                satisfied=k,
                r1=0,
                r2=0,
                r3=n - k,
                r4=k,
                r5=0,
                **{
                    f"{e}_n": 0
                    for e in ("access", "procedure", "civil_servant", "result", "feedback")
                },
                **{
                    f"{e}_ok": 0
                    for e in ("access", "procedure", "civil_servant", "result", "feedback")
                },
            )
        )
    return out


def build_effect_fixture(engine) -> None:  # noqa: ANN001
    with engine.begin() as conn:
        for uid, code, name, level, parent, vt in UNITS:
            conn.execute(
                insert(admin_unit).values(
                    id=uid,
                    code=code,
                    name=name,
                    short_name=name.split(" ", 1)[1],
                    level=level,
                    unit_type=name.split(" ", 1)[0],
                    parent_id=parent,
                    valid_from=D("2000-01-01") if vt else NEW_START,
                    valid_to=vt,
                )
            )
        conn.execute(
            insert(unit_lineage),
            [
                dict(
                    predecessor_id=p,
                    successor_id=s,
                    effective_date=NEW_START,
                    legal_source="fixture",
                    weight=1.0,
                    is_primary=True,
                )
                for p, s in LINEAGE
            ],
        )
        refresh_current_units(conn)
        conn.execute(
            insert(reform_model),
            [
                dict(id=31, code="M", name="Mô hình M", sponsor="Ban Dân vận", legal_basis="KH"),
                dict(id=32, code="N", name="Mô hình N", sponsor="Ban Dân vận", legal_basis="KH"),
            ],
        )
        conn.execute(
            insert(rollout),
            [
                dict(id=i, model_id=m, unit_id=u, registered_on=D(la), launched_on=D(la))
                for i, m, u, la in ROLLOUTS
            ],
        )
        conn.execute(insert(rollup_unit_month), _rollup_rows(ON_TIME))
        conn.execute(insert(rollup_satisfaction_month), _sat_rows(SATISFACTION))


@pytest.fixture(scope="module", params=BACKENDS)
def effect_engine(request, tmp_path_factory):
    from dashboard.storage.db import make_engine, migrate

    url, drop = new_database(request.param, tmp_path_factory)
    eng = make_engine(url)
    migrate(eng)
    build_effect_fixture(eng)
    yield eng
    eng.dispose()
    drop()


@pytest.fixture
def conn(effect_engine):
    with effect_engine.connect() as c:
        yield c


# --- the comparison group's rules ---------------------------------------------------------------


def test_comparison_group_rules(conn):
    e = ro.effect(conn, 21, months=6)
    assert (e.unit_code, e.province_code) == ("L701", "L77")  # as it was at launch
    assert (e.current_code, e.current_name) == ("701", "Xã An Bưởi")
    # Cam (own launch 06/2023) and Én (only in 2026) count; Phố (another old province) does
    # not; Bưởi and Dừa are left out with their reasons.
    assert e.comparison["code"].tolist() == ["L703", "L705"]
    assert e.comparison["own_launch"].tolist() == [D("2023-06-10"), D("2026-01-01")]
    ex = e.excluded.set_index("code")
    assert sorted(ex.index) == ["L702", "L704"]
    assert (ex.loc["L702", "reason"], ex.loc["L702", "model"]) == ("other_model", "Mô hình N")
    assert (ex.loc["L704", "reason"], ex.loc["L704", "launched_on"]) == (
        "same_model",
        D("2019-05-01"),
    )
    # Before-window rates of the comparison communes.
    assert e.comparison["on_time_before"].tolist() == pytest.approx([60.0, 40.0])
    assert e.comparison["satisfaction_before"].tolist() == pytest.approx([50.0, 50.0])


def test_effect_worked_by_hand(conn):
    e = ro.effect(conn, 21, months=6)
    ot = e.on_time
    assert (ot.unit_before.start, ot.unit_before.end) == (D("2022-09-01"), D("2023-02-28"))
    assert (ot.unit_after.start, ot.unit_after.end) == (D("2023-04-01"), D("2023-09-30"))
    assert [c.rate for c in ot.cells.values()] == pytest.approx([50.0, 80.0, 50.0, 60.0])
    assert [c.n for c in ot.cells.values()] == [10, 10, 20, 20]  # Cam's 07/2023 left out
    assert ot.did == pytest.approx(20.0) and ot.estimate.did == pytest.approx(20.0)
    assert ot.ci_low < 20.0 < ot.ci_high
    assert ot.placebo_did == pytest.approx(0.0)
    assert not ot.enough_data and ot.verdict == "not_enough_data"  # 10 dossiers a window
    sat = e.satisfaction
    assert [c.rate for c in sat.cells.values()] == pytest.approx([50.0, 82.5, 50.0, 55.0])
    assert sat.did == pytest.approx(27.5)
    # The pilot's survey share: 0 of 20 before, 30 of 40 after: a change of mix.
    assert sat.mix_changed and "survey_mix" in e.warnings("satisfaction_rate")
    mix = sat.mix.set_index("channel")
    assert (mix.loc["survey", "n_before"], mix.loc["survey", "n_after"]) == (0, 30)
    assert not e.cut_by_merger and e.other_models.empty


def test_regression_to_the_mean_is_flagged(conn, monkeypatch):
    # With a minimum of 5 dossiers: An's history 95/110 = 86.4 % against its before window
    # 5/10 = 50 %: 36.4 points apart; the noise of that difference is
    # √(1e4·(5.5/11)(5.5/11)/10 + 1e4·(95.5/111)(15.5/111)/110) = √(250 + 10.9) = 16.2,
    # so 1.96 × 16.2 = 31.7 < 36.4: flagged.
    monkeypatch.setenv("OVERSIGHT_MIN_DOSSIERS", "5")
    e = ro.effect(conn, 21, months=6)
    assert e.on_time.history.rate == pytest.approx(9500 / 110)
    assert e.on_time.regression_to_mean
    assert "regression_to_mean" in e.warnings("on_time_rate")
    monkeypatch.setenv("OVERSIGHT_MIN_DOSSIERS", "30")  # a 10-dossier window: not judged
    assert not ro.effect(conn, 21, months=6).on_time.regression_to_mean


def test_window_cut_by_the_merger_and_another_model_at_the_pilot(conn):
    # R26 at Xã Phố, launched 15/03/2025: after window 04–09/2025 straddles 1/7/2025; the
    # commune ended on 30/06/2025, so 2 of its 6 after months have data (04, 05).
    e = ro.effect(conn, 26, months=6)
    assert e.cut_by_merger and "cut_by_merger" in e.warnings("on_time_rate")
    assert e.on_time.months_with_data == (0, 2)
    assert e.comparison.empty  # no other commune in Tỉnh Bên
    # R22 at Cam: no other model at Cam itself, the pilot's other-model check is empty.
    assert ro.effect(conn, 22).other_models.empty
    # R25 (model N at Bưởi) sees no other model at Bưởi in its windows either; a pilot with
    # one would be flagged: at An, R21 of M is "another model" for a rollout of N at An.


def test_event_study_worked_by_hand(conn):
    es = ro.event_study(conn, 21, months=6)
    ot = es[es["metric"] == "on_time_rate"].set_index("k")
    assert list(ot.index) == list(range(-12, 13))
    assert ot.loc[0, "start"] == D("2023-03-01")
    # 05/2023 (k = 2): An 80 % against Cam 70 % (Én has nothing that month): +10.
    assert ot.loc[2, "gap"] == pytest.approx(10.0)
    assert ot.loc[2, "low"] < 10.0 < ot.loc[2, "high"]
    # 07/2023 (k = 4): An has no dossiers: no gap (not 0).
    assert np.isnan(ot.loc[4, "gap"])
    # The whole-window gaps: before 50 − 50 = 0, after 80 − 60 = 20; their distance is the DiD.
    assert ot["before_gap"].iloc[0] == pytest.approx(0.0)
    assert ot["after_gap"].iloc[0] == pytest.approx(20.0)
    assert ot.loc[2, "few"]  # 10 dossiers < 30: drawn hollow
    sat = es[es["metric"] == "satisfaction_rate"].set_index("k")
    assert list(sat.index) == list(range(-4, 5))
    # Quarter k = 1 (04–06/2023): An 33/40 = 82.5 % against Cam 6/10 = 60 %: +22.5.
    assert (sat.loc[1, "start"], sat.loc[1, "end"]) == (D("2023-04-01"), D("2023-06-30"))
    assert sat.loc[1, "gap"] == pytest.approx(22.5)
    assert ro.event_study(conn, 21, 6).equals(es)  # seeded: the same bands every time


def test_event_study_stops_at_today(conn):
    # R21 launched in 03/2023; on 15/06/2023 the months up to 06/2023 (k = 3) have begun and
    # the quarters up to 04–06/2023 (k = 1); nothing after is drawn as an empty future.
    es = ro.event_study(conn, 21, months=6, today=D("2023-06-15"))
    assert list(es[es["metric"] == "on_time_rate"]["k"]) == list(range(-12, 4))
    assert list(es[es["metric"] == "satisfaction_rate"]["k"]) == list(range(-4, 2))
    whole = ro.event_study(conn, 21, months=6).set_index(["metric", "k"])
    cut = es.set_index(["metric", "k"])
    assert cut["gap"].equals(whole.loc[cut.index, "gap"])  # the months shown are unchanged


def test_pooled_effect(conn):
    p = ro.pooled_effect(conn, "M", months=6)
    table = ro.pooled_table(p).set_index("metric")
    # R21 and R22 have an estimate (R23: no data around 2019; R24: launched 2026; R26: no
    # comparison communes in Tỉnh Bên).
    assert table.loc["on_time_rate", "rollouts"] == 2
    assert (
        table.loc["on_time_rate", "enough_data"] is False
        or not table.loc["on_time_rate", "enough_data"]
    )
    assert table.loc["on_time_rate", "verdict"] == "not_enough_data"
    assert set(table.columns) >= {"did", "ci_low", "ci_high", "placebo_did", "enough_data"}


def test_a_commune_user_sees_the_effect_but_not_other_communes(effect_engine):
    with restricted(effect_engine, "L701").connect() as c:
        e = ro.effect(c, 21, months=6)
    assert e.on_time.did == pytest.approx(20.0)
    assert e.comparison_hidden and e.comparison.empty and e.comparison_codes == []


# --- the command line -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli_url(tmp_path_factory):
    from dashboard.storage.db import make_engine, migrate

    url, drop = new_database("sqlite", tmp_path_factory)
    eng = make_engine(url)
    migrate(eng)
    build_effect_fixture(eng)
    eng.dispose()
    yield url
    drop()


def _cli(monkeypatch, capsys, url, *argv):
    from dashboard import cli

    monkeypatch.setenv("DATABASE_URL", url)
    code = cli.main(["metrics", "rollout", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_effect_and_pooled(cli_url, monkeypatch, capsys):
    code, out, _ = _cli(monkeypatch, capsys, cli_url, "--effect", "21", "--format", "json")
    assert code == 0
    rows = {r["metric"]: r for r in json.loads(out)}
    ot = rows["on_time_rate"]
    assert ot["did"] == 20.0 and ot["placebo_did"] == 0.0
    assert ot["ci_low"] < 20 < ot["ci_high"]
    assert ot["enough_data"] is False and ot["verdict"] == "not_enough_data"
    assert ot["comparison_codes"] == ["L703", "L705"]
    assert ot["excluded_codes"] == ["L702", "L704"]
    code, out, _ = _cli(
        monkeypatch, capsys, cli_url, "--model", "M", "--effect-pooled", "--format", "json"
    )
    assert code == 0
    rows = {r["metric"]: r for r in json.loads(out)}
    assert rows["on_time_rate"]["rollouts"] == 2
    assert {"ci_low", "ci_high", "placebo_did", "enough_data", "comparison_codes"} <= set(
        rows["on_time_rate"]
    )
    code, _, err = _cli(monkeypatch, capsys, cli_url, "--effect-pooled")
    assert code == 2 and "--model" in err
    code, out, _ = _cli(
        monkeypatch, capsys, cli_url, "--effect", "21", "--event-study", "--format", "json"
    )
    assert code == 0 and len(json.loads(out)) == 25 + 9


def test_cli_effect_within_the_unit_asked_for(cli_url, monkeypatch, capsys):
    """--unit narrows --effect: R21 is at Xã An (L701), inside Tỉnh Thử Hiệu today (77) and
    Huyện Một as it was (L771), not inside Xã Cam (L703)."""
    for unit, historical in (("77", False), ("L771", True), ("L701", True)):
        argv = ["--effect", "21", "--unit", unit, *(["--historical"] if historical else [])]
        code, out, _ = _cli(monkeypatch, capsys, cli_url, *argv, "--format", "json")
        assert code == 0 and json.loads(out)[0]["did"] == 20.0
    code, out, err = _cli(
        monkeypatch, capsys, cli_url, "--effect", "21", "--unit", "L703", "--historical"
    )
    assert code == 2 and out == ""
    assert "rollout 21 is at Xã An (L701), not within unit L703" in err


# --- a simulated province whose truth is known ------------------------------------------------


def _simulated_province(engine, effect_points: float, seed: int) -> list[int]:
    """One old province of 40 communes, 36 months of dossiers (01/2022–12/2024); eight pilots
    of one model launched on 15/01/2023 with a true effect of ``effect_points`` on the on-time
    rate from their launch, plus one small pilot (about 6 dossiers a month). The simulation
    of tests/test_stats.py, at the monthly grain the rollup holds."""
    rng = np.random.default_rng(seed)
    k = 40
    units = [(301, "L55", "Tỉnh Mô Phỏng", "province", None)]
    units += [(302, "L551", "Huyện Mô Phỏng", "district", 301)]
    units += [(400 + i, f"S{i:03d}", f"Xã Số {i}", "commune", 302) for i in range(k)]
    pilots = list(range(400, 408))
    small = 439
    months = [D(f"{2022 + m // 12}-{m % 12 + 1:02d}-01") for m in range(36)]
    rows = []
    base = rng.uniform(0.72, 0.9, k)
    vol = rng.uniform(60, 200, k)
    vol[small - 400] = 6
    trend = np.cumsum(rng.normal(0, 0.01, 36))
    for i in range(k):
        drift = 0.0
        for m, month in enumerate(months):
            if m % 6 == 0:
                drift = rng.normal(0, 0.02)
            p = base[i] + trend[m] + drift + rng.normal(0, 0.03)
            uid = 400 + i
            if (uid in pilots or uid == small) and month >= D("2023-02-01"):
                p += effect_points / 100
            n = int(rng.poisson(vol[i]))
            rows.append((uid, month.isoformat()[:7], n, int(rng.binomial(n, min(max(p, 0), 1)))))
    with engine.begin() as conn:
        for uid, code, name, level, parent in units:
            conn.execute(
                insert(admin_unit).values(
                    id=uid,
                    code=code,
                    name=name,
                    short_name=name,
                    level=level,
                    unit_type="Xã",
                    parent_id=parent,
                    valid_from=D("2000-01-01"),
                    valid_to=None,
                )
            )
        refresh_current_units(conn)
        conn.execute(
            insert(reform_model).values(
                id=41, code="SIM", name="Mô hình mô phỏng", sponsor="x", legal_basis="x"
            )
        )
        conn.execute(
            insert(rollout),
            [
                dict(id=100 + j, model_id=41, unit_id=u, launched_on=D("2023-01-15"))
                for j, u in enumerate([*pilots, small])
            ],
        )
        conn.execute(insert(rollup_unit_month), _rollup_rows(rows))
    return [100 + j for j in range(len(pilots) + 1)]


@pytest.mark.parametrize("effect_points", [0.0, 5.0])
def test_simulated_province_recovers_the_true_effect(engine, effect_points):
    ids = _simulated_province(engine, effect_points, seed=45)
    with engine.connect() as conn:
        covered, placebo = 0, []
        for rid in ids[:-1]:
            m = ro.effect(conn, rid, months=6).on_time
            covered += m.ci_low <= effect_points <= m.ci_high
            placebo.append(m.placebo_did)
            assert m.min_effect_n == 400
        # Eight pilots, 95 % each (tests/test_stats.py checks the rate over 400 simulations):
        # at least six cover the truth (a chance of over 99 %).
        assert covered >= 6
        assert abs(np.mean(placebo)) < 2.5
        p = ro.pooled_table(ro.pooled_effect(conn, "SIM", months=6)).set_index("metric")
        row = p.loc["on_time_rate"]
        assert row["ci_low"] <= effect_points <= row["ci_high"]
        assert abs(row["placebo_did"]) < 2.5
        # The small pilot: some 36 dossiers a window: "không đủ dữ liệu để kết luận".
        small = ro.effect(conn, ids[-1], months=6).on_time
        assert small.unit_before.n < 400 and not small.enough_data
        assert small.verdict == "not_enough_data"
