"""Navigation goes where a chairman expects (issue 16): the as-was switch keeps the unit in view,
Back after a drill returns to the province, a click on a unit's name in a table drills in, a
commune picked on the map is shown.

AppTest runs the real entry script on the SQLite fixture (tests/fixtures.py: province 99, today
Xã An Hòa 001 ← Xã An L001 + Xã Bình L002, Xã Cát Tiên 003 ← L003 + L005; before July 2025
Tỉnh Thử Nghiệm L99)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from sqlalchemy import delete, insert
from streamlit.testing.v1 import AppTest

from dashboard.storage.schema import admin_unit

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")


@pytest.fixture
def app(fixture_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", fixture_url)
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


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def infos(at: AppTest) -> str:
    return " ".join(i.value for i in at.info)


def test_as_was_switch_from_the_province_opens_its_own_former_province(app):
    at = app(period="2024-Q1", unit="99")
    at.toggle(key="hist").set_value(True).run()
    assert not at.exception
    assert at.query_params["unit"] == "L99" and at.query_params["hist"] == "1"
    assert at.selectbox(key="province").value == "L99"
    # Before the merger the province had the same records: 13 of 16 on time.
    assert metrics(at)["Tỷ lệ đúng hạn"] == "81,2%"
    # And back: today's province.
    at.toggle(key="hist").set_value(False).run()
    assert at.query_params["unit"] == "99" and "hist" not in at.query_params


def test_as_was_switch_from_a_commune_opens_its_own_former_commune_and_names_the_others(app):
    at = app("on_time", period="2024-Q1", unit="001")
    at.toggle(key="hist").set_value(True).run()
    assert not at.exception
    assert at.query_params["unit"] == "L001"
    assert at.selectbox(key="province").value == "L99"
    # L001 Xã An: D01 early, D02 on the day, D03/D04 late = 2 of 4.
    assert metrics(at)["Tỷ lệ đúng hạn"] == "50,0%"
    text = infos(at)
    assert "Xã An Hòa" in text and "Xã An" in text and "Xã Bình" in text
    # Back to today: the commune L001 went into.
    at.toggle(key="hist").set_value(False).run()
    assert at.query_params["unit"] == "001"
    assert metrics(at)["Tỷ lệ đúng hạn"] == "66,7%"  # 4 of 6 for Xã An Hòa


@pytest.mark.parametrize("unit, opened", [("99", "L99"), ("001", "L001")])
def test_a_hist_link_to_todays_unit_opens_its_former_unit(app, unit, opened):
    at = app(period="2024-Q1", unit=unit, hist="1")
    assert at.query_params["unit"] == opened
    assert at.selectbox(key="province").value == "L99"
    assert "đơn vị cũ" in infos(at)  # said, not silent


def test_back_after_a_drill_from_the_overview_lands_on_the_province(app):
    """The overview's attention lists are links (a history entry each), not buttons that
    rewrite the overview's own URL before switching page."""
    at = app(period="2024-Q1", unit="99")
    links = [
        lk.proto
        for lk in at.get("page_link")
        if parse_qs(lk.proto.query_string).get("unit", ["99"])[0] != "99"
    ]
    assert links, "the attention lists link to the communes"
    for link in links:
        q = parse_qs(link.query_string)
        assert q["unit"][0] in ("001", "003") and q["period"] == ["2024-Q1"]
        assert "on_time" in link.page or "dung-han" in link.page, link.page
    assert not [b for b in at.button if "Xã" in b.label]  # no buttons: they print as nothing
    # Following a link opens the commune; the overview's own URL is untouched, so Back
    # (the browser reopening that URL) shows the province again.
    province_url = dict(at.query_params)
    assert province_url["unit"] == "99"
    q = parse_qs(links[0].query_string)
    at.switch_page(str(ROOT / "pages" / "on_time.py"))
    for k, v in q.items():
        at.query_params[k] = v[0]
    at.run()
    assert at.query_params["unit"] in ("001", "003")
    at.switch_page(str(ROOT / "pages" / "overview.py"))
    at.query_params.clear()
    for k, v in province_url.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception
    assert at.query_params["unit"] == "99" and at.selectbox(key="commune__vi").value == ""
    assert metrics(at)["Tỷ lệ đúng hạn"] == "81,2%"


def test_a_click_on_a_units_name_in_the_league_table_drills_in(app):
    at = app("on_time", period="2024-Q1", unit="99")
    league = at.dataframe[0].value
    assert list(league["Đơn vị"]) == ["Xã Cát Tiên", "Xã An Hòa"]
    key = "league_table_99_None_2024-Q1"  # pages/on_time.py: unit, field, period
    # A click on the name cell of the second row (no checkbox involved).
    at.session_state[key] = {"selection": {"rows": [], "columns": [], "cells": [(1, "Đơn vị")]}}
    at.run()
    assert not at.exception
    assert at.query_params["unit"] == "001"
    assert metrics(at)["Tỷ lệ đúng hạn"] == "66,7%"


def test_picked_row_reads_a_row_or_a_cell():
    from types import SimpleNamespace

    from dashboard.web.nav import picked_row

    def ev(**sel):
        return SimpleNamespace(selection={"rows": [], "columns": [], "cells": [], **sel})

    assert picked_row(ev(rows=[2])) == 2
    assert picked_row(ev(cells=[(3, "Đơn vị")])) == 3
    assert picked_row(ev()) is None and picked_row(None) is None


def test_a_commune_picked_on_the_map_is_shown(app):
    """After a click on the map the URL holds the commune: the page names it with its figure
    and links to its pages."""
    at = app("maps", period="2024-Q1", unit="001")
    assert not at.exception
    text = " ".join(m.value for m in at.markdown).replace("\\", "")  # Markdown escapes
    assert "**Xã An Hòa**" in text and "66,7%" in text
    links = [lk.proto for lk in at.get("page_link") if "unit=001" in lk.proto.query_string]
    assert len(links) == 3


# An empty province listed before the fixture's: "Tỉnh An Trống" sorts before "Tỉnh Thử Nghiệm",
# today (98) and as it was (L98).
EMPTY_PROVINCES = [
    (90, "98", "Tỉnh An Trống", None),
    (91, "L98", "Tỉnh An Trống", date(2025, 6, 30)),
]


def add_empty_provinces(engine) -> None:  # noqa: ANN001 - an Engine
    with engine.begin() as conn:
        for uid, code, name, valid_to in EMPTY_PROVINCES:
            conn.execute(
                insert(admin_unit).values(
                    id=uid,
                    code=code,
                    name=name,
                    short_name="An Trống",
                    level="province",
                    unit_type="Tỉnh",
                    valid_from=date(2000, 1, 1) if valid_to else date(2025, 7, 1),
                    valid_to=valid_to,
                )
            )


def test_the_default_province_is_the_one_with_records(engine):
    """First by name would open on the empty province (an administrator's first run opened
    on Cần Thơ while the sample data lives in Hưng Yên)."""
    from queries import units as units_q
    from tests.fixtures import build_fixture

    build_fixture(engine)
    add_empty_provinces(engine)
    with engine.connect() as conn:
        assert list(units_q.provinces(conn).code) == ["98", "99"]
        assert units_q.default_province(conn) == "99"
        # As it was: the records were filed under L99's communes.
        assert list(units_q.provinces(conn, True).code) == ["L98", "L99"]
        assert units_q.default_province(conn, True) == "L99"


def test_with_no_records_the_default_province_is_the_first_by_name(engine):
    from queries import units as units_q

    add_empty_provinces(engine)
    with engine.connect() as conn:
        assert units_q.default_province(conn) == "98"
        assert units_q.default_province(conn, True) == "L98"
        conn.execute(delete(admin_unit))
        assert units_q.default_province(conn) is None


@pytest.fixture
def two_province_url(tmp_path_factory, monkeypatch):
    from dashboard import web
    from dashboard.storage.db import make_engine, migrate
    from tests.conftest import new_database
    from tests.fixtures import build_fixture

    url, drop = new_database("sqlite", tmp_path_factory)
    eng = make_engine(url)
    migrate(eng)
    build_fixture(eng)
    add_empty_provinces(eng)
    eng.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    web.clear()
    yield url
    drop()


def test_a_link_without_a_unit_opens_on_the_province_with_records(two_province_url):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["period"] = "2024-Q1"
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="province").value == "99"
    # 13 of 16 on time in the fixture's province, not the empty one's "–".
    assert metrics(at)["Tỷ lệ đúng hạn"] == "81,2%"
