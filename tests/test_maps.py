"""The map: per-unit figures (queries.maps) on the hand-worked fixture, the pydeck builders
(dashboard.maps) without Streamlit, and the page through AppTest.

Fixture figures (tests/fixtures.py; see tests/test_on_time.py for the derivations):
2024-Q1, today's communes of province 99 (target on_time_rate 2024 = 90 on L99, margin 5;
online_share 2024 = 30, margin 5):
  001 Xã An Hòa   <- L001 (D01-D04), L002 (D05), H004 (D08): resolved 6, in time 4 -> 66.67 %,
                     bad (more than 5 points under 90).
                     received D01, D02, D03, D04, D05, D06, D07, D08 = 8, online D01, D05, D08
                     = 3 -> 37.5 %, good.
                     pending at 31/03: D06 overdue (due 25/03), D07 within -> overdue 1 of 2.
  003 Xã Cát Tiên <- L003 (D09), L005's report (early 5 + on time 3 of 9): resolved 10, in time
                     9 -> 90.0 %, good. received D10 + report 10 = 11, online 4 -> 36.36 %, good.
                     pending: L005's report: overdue 1 of 3.
As they were (historical view of L99), 2024-Q1:
  L001 D01 early, D02 on the day, D03/D04 late -> 2 of 4 = 50 %, bad; now part of Xã An Hòa.
  L002 D05 -> 1 of 1; L003 D09 -> 1 of 1; H004 D08 -> 1 of 1 (merged into L001 in 2024, now
  part of Xã An Hòa); L005 report 8 of 9 = 88.89 %, watch (1.11 points under 90, within 5).
2025-Q3, today's: 001 D14 on the day -> 100 % of 1 (target 92 on 99: good); 003 D15 late ->
  0 % of 1 against its own target 95 (margin 3): bad. As they were: no old unit existed then and
  none holds records -> nothing to draw.
Satisfaction 2024-Q1: 001 <- S1 (5), S2 (4), S3 (3) at L001, S4 (2) at L002 -> 2 of 4 = 50 %;
  003 <- S5 (5) at L005 -> 1 of 1. No satisfaction target in the base fixture -> no status.
Dialogue 2024 up to 31/03: DS1 (conference, L001, 15/02) -> 001: 1 session, at least one
  conference -> good; 003: none yet, year still running -> watch.
Rollouts of model M1: R1 at L002 (launched 2023, preliminary review 10/01/2024), R3 at L001
  (stopped 2023), R2 at L003 (launched 01/04/2024). At 31/03/2024 001 is a pilot at the
  preliminary-review stage (R1; R3 stopped); R2 does not exist yet. In 2024 both communes run
  one model (R1 -> 001, R2 -> 003); no models_per_unit target in the fixture -> no status.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pydeck as pdk
import pytest
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from dashboard.charts import maps
from dashboard.charts.theme import STATUS_COLOURS
from dashboard.domain.periods import parse
from dashboard.storage.schema import admin_unit
from queries import maps as maps_q
from queries.units import Scope

Q1 = parse("2024-Q1")
Q3_2025 = parse("2025-Q3")
ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")


def by_code(df: pd.DataFrame, col: str) -> dict:
    return dict(zip(df["code"], df[col], strict=True))


@pytest.fixture
def conn(fixture_engine):
    with fixture_engine.connect() as c:
        yield c


# --- queries.maps --------------------------------------------------------------------------


def test_on_time_today_units(conn):
    d = maps_q.map_units(conn, Q1, Scope("99"), "on_time_rate")
    u = d.units
    assert list(u["code"]) == ["001", "003"]
    assert by_code(u, "name") == {"001": "Xã An Hòa", "003": "Xã Cát Tiên"}
    assert by_code(u, "n") == {"001": 6, "003": 10}
    assert by_code(u, "value")["001"] == pytest.approx(400 / 6)
    assert by_code(u, "value")["003"] == pytest.approx(90.0)
    assert by_code(u, "target") == {"001": 90.0, "003": 90.0}
    # Below 30 resolved dossiers: grey ("few"), never a status colour.
    assert by_code(u, "status") == {"001": "few", "003": "few"}
    assert by_code(u, "few") == {"001": True, "003": True}
    # Coordinates come from the database (fixture: 20 + id/100, 106 + id/100).
    assert by_code(u, "lat") == pytest.approx({"001": 20.11, "003": 20.12})
    assert by_code(u, "lon") == pytest.approx({"001": 106.11, "003": 106.12})
    assert not u["merged"].any() and not u["selected"].any() and not u["pilot"].any()
    assert d.missing_coords == 0 and d.missing_names == ()


def test_few_follows_the_setting(conn, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_MIN_DOSSIERS", "5")
    u = maps_q.map_units(conn, Q1, Scope("99"), "on_time_rate").units
    assert not u["few"].any()
    # 001: 4 of 6 = 66.7 %, target 90: 23 points short, but its 95 % Wilson interval
    # 30.0–90.3 % still reaches 90, so "watch", not "bad". 003: 9 of 10 = 90 %: "good".
    assert by_code(u, "status") == {"001": "watch", "003": "good"}


def test_units_as_they_were_with_where_they_went(conn):
    d = maps_q.map_units(conn, Q1, Scope("L99", historical=True), "on_time_rate")
    u = d.units
    assert set(u["code"]) == {"L001", "L002", "L003", "H004", "L005"}
    assert by_code(u, "n") == {"L001": 4, "L002": 1, "L003": 1, "H004": 1, "L005": 9}
    assert by_code(u, "value")["L001"] == pytest.approx(50.0)
    assert by_code(u, "value")["L005"] == pytest.approx(800 / 9)
    assert set(by_code(u, "status").values()) == {"few"}  # 1 to 9 dossiers each
    assert by_code(u, "current_name") == {
        "L001": "Xã An Hòa",
        "L002": "Xã An Hòa",
        "H004": "Xã An Hòa",
        "L003": "Xã Cát Tiên",
        "L005": "Xã Cát Tiên",
    }
    assert u["merged"].all()
    assert by_code(u, "parent_name")["L001"] == "Huyện Mẫu"
    # Today's unit's centroid, for the line from old to new (fixture: 001 is id 11).
    assert by_code(u, "current_lat")["L001"] == pytest.approx(20.11)


def test_after_the_merger_old_units_have_nothing_to_draw(conn):
    assert maps_q.map_units(conn, Q3_2025, Scope("L99", historical=True)).units.empty


def test_commune_target_of_its_own(conn):
    u = maps_q.map_units(conn, Q3_2025, Scope("99"), "on_time_rate").units
    assert by_code(u, "value") == {"001": 100.0, "003": 0.0}
    assert by_code(u, "target") == {"001": 92.0, "003": 95.0}
    assert by_code(u, "watch_margin") == {"001": 5.0, "003": 3.0}
    assert by_code(u, "status") == {"001": "few", "003": "few"}  # one dossier each


def test_online_share_and_pending_overdue(conn):
    u = maps_q.map_units(conn, Q1, Scope("99"), "online_share").units
    assert by_code(u, "n") == {"001": 8, "003": 11}
    assert by_code(u, "value") == pytest.approx({"001": 37.5, "003": 400 / 11})
    assert by_code(u, "status") == {"001": "few", "003": "few"}  # target 30; 8 and 11
    u = maps_q.map_units(conn, Q1, Scope("99"), "pending_overdue").units
    assert by_code(u, "value") == {"001": 1.0, "003": 1.0}
    assert by_code(u, "n") == {"001": 2, "003": 3}
    assert by_code(u, "status") == {"001": None, "003": None}  # no target for the backlog


def test_other_subjects_per_unit(conn):
    u = maps_q.map_units(conn, Q1, Scope("99"), "satisfaction_rate").units
    assert by_code(u, "n") == {"001": 4, "003": 1}
    assert by_code(u, "value") == {"001": 50.0, "003": 100.0}
    assert by_code(u, "status") == {"001": None, "003": None}
    u = maps_q.map_units(conn, Q1, Scope("99"), "dialogue_sessions").units
    assert by_code(u, "value") == {"001": 1.0, "003": 0.0}
    # 2024 is judged on the communes as they were (issue 11): 001's DS1 is L001's; L002 and
    # H004 have held none by 31/03, so 001 is still to watch, like 003.
    assert by_code(u, "status") == {"001": "watch", "003": "watch"}
    # Required: one for each former commune (L001, L002, H004; L003, L005).
    assert by_code(u, "target") == {"001": 3.0, "003": 2.0}
    u = maps_q.map_units(conn, Q1, Scope("99"), "rollouts").units
    assert by_code(u, "value") == {"001": 1.0, "003": 1.0}
    assert by_code(u, "status") == {"001": None, "003": None}


def test_pilots_of_a_model_and_the_unit_in_view(conn):
    u = maps_q.map_units(conn, Q1, Scope("001"), "on_time_rate", model_code="M1").units
    assert list(u["code"]) == ["001", "003"]  # a commune is shown among its peers
    assert by_code(u, "selected") == {"001": True, "003": False}
    assert by_code(u, "pilot") == {"001": True, "003": False}
    assert by_code(u, "pilot_stage")["001"] == "preliminary_review"


def test_units_without_coordinates_are_counted(conn):
    conn.execute(update(admin_unit).where(admin_unit.c.code == "003").values(lat=None))
    try:
        d = maps_q.map_units(conn, Q1, Scope("99"), "on_time_rate")
        assert list(d.units["code"]) == ["001"]
        assert d.missing_coords == 1 and d.missing_names == ("Xã Cát Tiên",)
    finally:
        conn.rollback()


def test_a_commune_leader_sees_only_their_commune(fixture_engine):
    from queries.units import ScopeDenied, restricted

    with restricted(fixture_engine, "001").connect() as c:
        u = maps_q.map_units(c, Q1, Scope("001"), "on_time_rate").units
        assert list(u["code"]) == ["001"] and bool(u["selected"].iloc[0])
        with pytest.raises(ScopeDenied):
            maps_q.map_units(c, Q1, Scope("99"), "on_time_rate")


def test_unknown_indicator(conn):
    with pytest.raises(ValueError):
        maps_q.map_units(conn, Q1, Scope("99"), "nonsense")


def test_indicators_available():
    assert maps_q.available()[:3] == ["on_time_rate", "online_share", "pending_overdue"]
    assert set(maps_q.available()) <= set(maps_q.INDICATORS)


# --- dashboard.maps (no Streamlit) ---------------------------------------------------------


def units_frame(**over) -> pd.DataFrame:
    """Four communes: good, watch, bad (few records) and one without a target, plus one
    without figures."""
    rows = [
        # code, name, value, n, target, status, few
        ("A", "Xã An", 95.34, 400, 90.0, "good", False),
        ("B", "Xã Bình", 88.0, 100, 90.0, "watch", False),
        ("C", "Xã Cát", 66.666, 6, 90.0, "bad", True),
        ("D", "Phường Đông", 81.25, 16, None, None, False),
        ("E", "Xã Én", None, 0, 90.0, None, False),
    ]
    df = pd.DataFrame(rows, columns=["code", "name", "value", "n", "target", "status", "few"])
    df = df.assign(
        unit_id=range(1, 6),
        gso_code=["101", "102", "103", "104", "105"],
        short_name=[n.split(" ", 1)[1] for n in df["name"]],
        level="commune",
        parent_name="Huyện Mẫu",
        lat=[20.1, 20.2, 20.3, 20.4, 20.5],
        lon=[106.1, 106.2, 106.3, 106.4, 106.5],
        valid_to=None,
        current_code=df["code"],
        current_name=df["name"],
        current_lat=[20.1, 20.2, 20.3, 20.4, 20.5],
        current_lon=[106.1, 106.2, 106.3, 106.4, 106.5],
        merged=False,
        indicator="on_time_rate",
        watch_margin=5.0,
        selected=False,
        pilot=False,
        pilot_stage=None,
    )
    df["target"] = df["target"].astype("float64")
    for k, v in over.items():
        df[k] = v
    return df


def layer(deck: pdk.Deck, suffix: str) -> pdk.Layer | None:
    return next((lyr for lyr in deck.layers if lyr.id.endswith(suffix)), None)


def test_bubbles_coloured_by_status():
    df = maps.prepare(units_frame())
    colour = {c: f for c, f in zip(df["code"], df["fill"], strict=True)}
    assert colour["A"][:3] == maps.rgba(STATUS_COLOURS["good"])[:3]
    assert colour["B"][:3] == maps.rgba(STATUS_COLOURS["watch"])[:3]
    assert colour["C"][:3] == maps.rgba(STATUS_COLOURS["bad"])[:3]
    assert colour["D"][:3] == maps.rgba(STATUS_COLOURS[None])[:3]  # grey: no target
    # Few records: the same colour, pale, with an outline in it; no figures: a grey ring.
    assert colour["C"][3] < colour["B"][3]
    line = dict(zip(df["code"], df["line"], strict=True))
    assert line["C"][:3] == maps.rgba(STATUS_COLOURS["bad"])[:3]
    assert by_code(df, "category") == {
        "A": "good",
        "B": "watch",
        "C": "bad",
        "D": "none",
        "E": "no_data",
    }
    assert line["E"][:3] == maps.rgba(maps.NO_DATA)[:3]


def test_sizes_grow_with_volume_on_a_square_root_scale():
    r = maps.radius_px(pd.Series([0, 1, 4, 16, 100, 400]))
    assert list(r) == sorted(r) and r.iloc[0] == maps.RADIUS_PX[0]
    assert r.iloc[-1] == maps.RADIUS_PX[1]
    lo = maps.RADIUS_PX[0]
    # sqrt scale: 100 of 400 sits half way between the smallest and largest radius.
    assert r.iloc[4] - lo == pytest.approx((r.iloc[-1] - lo) / 2)
    # A shared maximum (two periods side by side) keeps the scale the same.
    assert maps.radius_px(pd.Series([100]), n_max=400).iloc[0] == pytest.approx(r.iloc[4])


def test_tooltip_strings_in_vietnamese():
    df = maps.prepare(units_frame(), "vi")
    row = df.set_index("code").loc["C"]
    assert row["tt_name"] == "Xã Cát"
    assert row["tt_value"] == "Tỷ lệ giải quyết đúng hạn: 66,7%"  # decimal comma
    assert row["tt_n"] == "(trên 6 hồ sơ đã giải quyết)"
    assert row["tt_target"] == "Chỉ tiêu 90,0% · Không đạt"
    assert row["tt_note"] == "Ít hồ sơ (6), chưa đủ tin cậy"
    d = df.set_index("code").loc["D"]
    assert d["tt_target"] == "Chưa giao chỉ tiêu"
    assert df.set_index("code").loc["E", "tt_target"].startswith("Không có số liệu trong kỳ")
    assert df.set_index("code").loc["A", "tt_n"] == "(trên 400 hồ sơ đã giải quyết)"
    en = maps.prepare(units_frame(), "en").set_index("code").loc["C"]
    assert en["tt_value"] == "On-time rate: 66.7%" and "Missed" in en["tt_target"]


def test_deck_layers_tooltip_and_no_base_map(monkeypatch):
    monkeypatch.delenv("OVERSIGHT_MAP_STYLE", raising=False)
    monkeypatch.delenv("OVERSIGHT_BOUNDARIES", raising=False)
    fig = maps.build(units_frame(), "vi")
    bubbles = layer(fig.deck, "-units")
    assert bubbles.type == "ScatterplotLayer" and bubbles.pickable
    assert len(bubbles.data) == 5
    assert layer(fig.deck, "-labels").type == "TextLayer"
    assert layer(fig.deck, "-units-poly") is None and fig.polygons == 0
    assert "{tt_name}" in fig.deck._tooltip["html"] and "{tt_value}" in fig.deck._tooltip["html"]
    js = json.loads(fig.deck.to_json())
    # No base map: nothing is fetched from the internet.
    assert fig.deck.map_provider is None
    assert js.get("mapStyle") in (None, "", "__MAP_STYLE__")
    assert "http" not in fig.deck.to_json()
    # Units are pixel sizes, literal strings (not data accessors).
    b = next(x for x in js["layers"] if x["id"].endswith("-units"))
    assert b["radiusUnits"] == "pixels" and b["getRadius"] == "@@=radius_px"
    # The browser's JSON parser refuses NaN: none is sent.
    assert "NaN" not in fig.deck.to_json()


def test_configured_base_map_style(monkeypatch):
    monkeypatch.setenv("OVERSIGHT_MAP_STYLE", "http://tiles.local/styles/basic/style.json")
    deck = maps.build(units_frame(), "vi").deck
    assert deck.map_style == "http://tiles.local/styles/basic/style.json"
    assert deck.map_provider == "carto"
    assert (
        maps.build(units_frame(), "vi", map_style="mapbox://styles/x/y").deck.map_provider
        == "mapbox"
    )


def test_boundaries_draw_polygons(monkeypatch, tmp_path):
    square = {
        "type": "Polygon",
        "coordinates": [
            [[106.0, 20.0], [106.2, 20.0], [106.2, 20.2], [106.0, 20.2], [106.0, 20.0]]
        ],
    }
    gj = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"gso_code": "00101", "ten": "Xã An"},
                "geometry": square,
            },
            {"type": "Feature", "properties": {"ma_xa": "102"}, "geometry": square},
        ],
    }
    path = tmp_path / "ranh_gioi.geojson"
    path.write_text(json.dumps(gj), encoding="utf-8")
    monkeypatch.setenv("OVERSIGHT_BOUNDARIES", str(path))
    fig = maps.build(units_frame(), "vi")
    poly = layer(fig.deck, "-units-poly")
    assert poly is not None and poly.type == "GeoJsonLayer" and poly.pickable
    feats = poly.data["features"]
    assert {f["properties"]["code"] for f in feats} == {"A", "B"}  # "00101" matches "101"
    a = next(f for f in feats if f["properties"]["code"] == "A")["properties"]
    assert a["tt_value"] == "Tỷ lệ giải quyết đúng hạn: 95,3%"
    assert a["fill"][:3] == maps.rgba(STATUS_COLOURS["good"])[:3]
    # The others stay bubbles.
    assert {r["code"] for r in layer(fig.deck, "-units").data} == {"C", "D", "E"}
    assert fig.polygons == 2
    # A directory of files works too; the historical view ignores today's boundaries.
    monkeypatch.setenv("OVERSIGHT_BOUNDARIES", str(tmp_path))
    assert maps.build(units_frame(), "vi").polygons == 2
    assert maps.build(units_frame(), "vi", historical=True).polygons == 0


def test_unreadable_boundaries_fall_back_to_bubbles(monkeypatch, tmp_path):
    monkeypatch.setenv("OVERSIGHT_BOUNDARIES", str(tmp_path / "missing.geojson"))
    fig = maps.build(units_frame(), "vi")
    assert fig.polygons == 0 and len(layer(fig.deck, "-units").data) == 5
    assert fig.notes and "missing.geojson" in fig.notes[0]


def test_pilot_and_selected_rings_and_lineage_lines():
    df = units_frame(
        pilot=[True, False, False, False, False],
        pilot_stage=["launched", None, None, None, None],
        selected=[False, True, False, False, False],
    )
    fig = maps.build(df, "vi", model_name="Dân vận khéo")
    rings = layer(fig.deck, "-rings")
    assert {r["code"] for r in rings.data} == {"A", "B"}
    ring = {r["code"]: r for r in rings.data}
    assert ring["A"]["ring_colour"][:3] == maps.rgba(maps.PILOT)[:3]
    assert ring["B"]["ring_colour"][:3] == maps.rgba(maps.SELECTED)[:3]
    bubble = {r["code"]: r for r in layer(fig.deck, "-units").data}
    assert ring["A"]["ring_px"] > bubble["A"]["radius_px"]
    assert bubble["A"]["tt_note"] == "Thí điểm mô hình: ra mắt"
    labels = [e["label"] for e in fig.legend]
    assert "Viền xanh: thí điểm Dân vận khéo" in labels
    assert "Viền đen: đơn vị đang xem" in labels
    # Historical: a line from each merged unit to today's unit and "nay thuộc …".
    hist = units_frame(
        merged=[True, True, False, False, False],
        current_name=["Xã Mới", "Xã Mới", "Xã Cát", "Phường Đông", "Xã Én"],
        current_code=["N1", "N1", "C", "D", "E"],
        current_lat=[20.15] * 5,
        current_lon=[106.15] * 5,
        valid_to=pd.Timestamp("2025-06-30"),
    )
    fig = maps.build(hist, "vi", historical=True)
    lines = layer(fig.deck, "-lineage")
    assert lines.type == "LineLayer" and len(lines.data) == 2
    assert lines.data[0]["dst"] == [106.15, 20.15]
    assert len(layer(fig.deck, "-today").data) == 1  # one dot per today's unit
    bubble = {r["code"]: r for r in layer(fig.deck, "-units").data}
    assert bubble["A"]["tt_note"] == "Nay thuộc Xã Mới"
    assert bubble["A"]["tt_place"] == "Huyện Mẫu"
    assert "Đường nối: đơn vị cũ → đơn vị hiện nay" in [e["label"] for e in fig.legend]


def test_legend_entries_and_html():
    entries = maps.legend_entries(maps.prepare(units_frame()), "vi")
    labels = [e["label"] for e in entries]
    assert labels[:3] == ["Đạt chỉ tiêu", "Cần theo dõi (sát chỉ tiêu)", "Không đạt chỉ tiêu"]
    assert "Chưa giao chỉ tiêu" in labels and "Không có số liệu" in labels
    assert "Tô nhạt: ít số liệu, chưa đủ tin cậy" in labels
    assert labels[-1] == "Kích thước vòng tròn: số hồ sơ đã giải quyết"
    colours = {e["label"]: e["colour"] for e in entries}
    assert colours["Không đạt chỉ tiêu"] == STATUS_COLOURS["bad"]
    html = maps.legend_html(entries)
    assert "Đạt chỉ tiêu" in html and STATUS_COLOURS["watch"] in html
    assert maps.legend_entries(units_frame().iloc[0:0], "vi") == []
    # A yearly duty is met or not (issue 16: the model map said "target met / missed").
    models = maps.legend_entries(maps.prepare(units_frame(indicator="rollouts")), "vi")
    labels = [e["label"] for e in models]
    assert "Đủ số mô hình theo yêu cầu" in labels and "Chưa đủ số mô hình theo yêu cầu" in labels
    assert "Đạt chỉ tiêu" not in labels and "Không đạt chỉ tiêu" not in labels
    talks = maps.legend_entries(maps.prepare(units_frame(indicator="dialogue_sessions")), "en")
    assert "Did not hold the dialogue conferences due" in [e["label"] for e in talks]


def test_two_decks_share_a_view():
    a = units_frame()
    b = units_frame(lat=[21.0] * 5)
    view = maps.view_state([a, b])
    assert 20.1 < view.latitude < 21.0
    da = maps.build(a, "vi", view=view).deck
    db = maps.build(b, "vi", view=view).deck
    assert da.initial_view_state.latitude == db.initial_view_state.latitude


def test_labels_do_not_overlap():
    df = maps.prepare(units_frame(lat=[20.1] * 5, lon=[106.1 + i * 0.0001 for i in range(5)]))
    df = df[df["n"] > 0]  # four bubbles on one spot: their labels would all collide
    keep = maps.declutter(df, zoom=9)
    assert keep.sum() == 1 and keep[df["n"].idxmax()]  # the biggest unit keeps its label


def test_table_worst_first():
    tab = maps.table(units_frame(selected=[False, False, True, False, False]), "vi")
    assert list(tab["code"]) == ["C", "B", "A", "D", "E"]
    assert tab["Ghi chú"].iloc[0] == "Đơn vị đang xem · Ít hồ sơ (6), chưa đủ tin cậy"
    assert list(tab["Tỷ lệ giải quyết đúng hạn"])[:3] == ["66,7%", "88,0%", "95,3%"]
    assert list(tab["Đánh giá"])[:3] == ["Không đạt", "Cần theo dõi", "Đạt"]


def test_selected_code_from_a_click():
    ev = {
        "selection": {
            "indices": {"map0-units": [0]},
            "objects": {"map0-units": [{"code": "003", "name": "Xã Cát Tiên"}]},
        }
    }
    assert maps.selected_code(ev) == "003"
    poly = {"selection": {"objects": {"map0-units-poly": [{"properties": {"code": "001"}}]}}}
    assert maps.selected_code(poly) == "001"
    assert maps.selected_code({"selection": {"indices": {}, "objects": {}}}) is None
    assert maps.selected_code(None) is None


# --- the page ------------------------------------------------------------------------------


@pytest.fixture
def app(fixture_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", fixture_url)
    monkeypatch.delenv("OVERSIGHT_MAP_STYLE", raising=False)
    monkeypatch.delenv("OVERSIGHT_BOUNDARIES", raising=False)
    from dashboard import web

    web.clear()

    def make(page: str | None = None, **params) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        if page:
            at.switch_page(str(ROOT / "pages" / f"{page}.py")).run()
        assert not at.exception, at.exception
        return at

    return make


def decks(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.json) for el in at.get("deck_gl_json_chart")]


def test_map_page_renders_with_its_table(app):
    at = app("maps", period="2024-Q1", unit="99")
    assert at.title[0].value == "Bản đồ chỉ số cải cách hành chính"
    tab = at.dataframe[0].value
    assert list(tab["Đơn vị"]) == ["Xã An Hòa", "Xã Cát Tiên"]  # worst first
    assert list(tab["Tỷ lệ giải quyết đúng hạn"]) == ["66,7%", "90,0%"]
    assert list(tab["Hồ sơ đã giải quyết"]) == ["6", "10"]  # as shown: "1.234"
    assert list(tab["Đánh giá"]) == ["Ít số liệu", "Ít số liệu"]  # 6 and 10 dossiers
    (deck,) = decks(at)
    bubbles = next(x for x in deck["layers"] if x["id"] == "map0-units")
    assert {r["code"] for r in bubbles["data"]} == {"001", "003"}
    assert deck.get("mapStyle") in (None, "__MAP_STYLE__")
    legend = " ".join(m.value for m in at.markdown)
    assert "Không đạt chỉ tiêu" in legend


def test_map_page_indicator_model_and_comparison_from_the_url(app):
    at = app(
        "maps",
        period="2024-Q1",
        unit="99",
        indicator="satisfaction_rate",
        model="M1",
        compare="previous",
    )
    tab = at.dataframe[0].value
    assert list(tab["Tỷ lệ hài lòng"]) == ["50,0%", "100,0%"]
    assert list(tab["Lượt đánh giá"]) == ["4", "1"]
    # 2023-Q4: S6 (rating 1) at L001 on 30/12 -> 0 % for 001; nothing for 003.
    assert list(tab["Tỷ lệ hài lòng – Quý IV/2023"]) == ["0,0%", "–"]
    notes = list(tab["Ghi chú"])
    assert notes[0] == "Ít lượt đánh giá (4), chưa đủ tin cậy · Thí điểm mô hình: sơ kết"
    assert len(decks(at)) == 2
    assert at.query_params.get("indicator") == "satisfaction_rate"


def test_map_page_units_as_they_were(app):
    at = app("maps", period="2024-Q1", unit="L99", hist="1")
    tab = at.dataframe[0].value
    assert tab["Đơn vị"].iloc[0] == "Xã An"  # 50 %, the worst
    assert set(tab["Nay thuộc"]) == {"Xã An Hòa", "Xã Cát Tiên"}
    layers = {x["id"] for x in decks(at)[0]["layers"]}
    assert {"map0-lineage", "map0-today"} <= layers


def test_map_page_empty_message(app):
    at = app("maps", period="2025-Q3", unit="L99", hist="1")
    assert any("Chưa có đơn vị nào để vẽ" in i.value for i in at.info)
    assert not at.dataframe


def test_map_page_in_english(app):
    at = app("maps", period="2024-Q1", unit="99", lang="en")
    assert at.title[0].value == "Map of reform indicators"
    assert list(at.dataframe[0].value["On-time rate"]) == ["66.7%", "90.0%"]


def test_on_time_page_has_the_map_section(app):
    at = app("on_time", period="2024-Q1", unit="99")
    assert any(s.value == "Bản đồ: Tỷ lệ giải quyết đúng hạn" for s in at.subheader)
    (deck,) = decks(at)
    assert any(x["id"] == "sec-on_time_rate-units" for x in deck["layers"])
