"""Units and lineage from vietnamadminunits, with the six 2023 Hưng Yên pilot communes."""

from datetime import date

import pytest
from sqlalchemy import select

from dashboard.storage.schema import admin_unit
from dashboard.storage.unit_register import MERGER_2025, build_unit_set, load_units

PILOTS = [  # name, old district: the six communes of the 2023 "Dân vận khéo" pilot
    ("Xã Tân Châu", "Huyện Khoái Châu"),
    ("Phường Quang Trung", "Thành phố Hưng Yên"),
    ("Xã Xuân Trúc", "Huyện Ân Thi"),
    ("Xã Trung Hưng", "Huyện Yên Mỹ"),
    ("Xã Nhật Quang", "Huyện Phù Cừ"),
    ("Xã Tân Quang", "Huyện Văn Lâm"),
]


@pytest.fixture(scope="module")
def unit_set():
    return build_unit_set()


def _find(us, name, district):
    hits = [
        u
        for u in us.units.values()
        if u["name"] == name
        and u["level"] == "commune"
        and u["parent"]
        and us.units[u["parent"]]["name"] == district
    ]
    assert len(hits) == 1, (name, district, hits)
    return hits[0]


def _successors(us, code):
    return [e for e in us.edges if e["predecessor"] == code]


def test_pilot_sites_exist_with_a_current_successor(unit_set):
    for name, district in PILOTS:
        u = _find(unit_set, name, district)
        # follow the lineage to a unit that still exists
        code, hops = u["code"], 0
        while unit_set.units[code]["valid_to"] is not None:
            edges = [e for e in _successors(unit_set, code) if e["is_primary"]]
            assert len(edges) == 1, (name, code)
            code, hops = edges[0]["successor"], hops + 1
        assert unit_set.units[code]["parent"] == "33"  # today's Hưng Yên
        assert 1 <= hops <= 2


def test_vanished_pilots_go_through_2024_merger(unit_set):
    qt = _find(unit_set, "Phường Quang Trung", "Thành phố Hưng Yên")
    assert qt["code"] == "HY-QUANGTRUNG" and qt["valid_to"] == date(2024, 11, 30)
    (edge,) = _successors(unit_set, "HY-QUANGTRUNG")
    assert unit_set.units[edge["successor"]]["name"] == "Phường Lê Lợi"
    assert edge["effective_date"] == date(2024, 12, 1)
    th = _find(unit_set, "Xã Trung Hưng", "Huyện Yên Mỹ")
    (edge,) = _successors(unit_set, th["code"])
    assert unit_set.units[edge["successor"]]["name"] == "Thị trấn Yên Mỹ"


def test_2025_edges_and_split_weights(unit_set):
    by_pred: dict[str, list] = {}
    for e in unit_set.edges:
        if e["effective_date"] == MERGER_2025:
            by_pred.setdefault(e["predecessor"], []).append(e)
    for pred, edges in by_pred.items():
        assert sum(e["weight"] for e in edges) == pytest.approx(1.0), pred
        assert sum(e["is_primary"] for e in edges) == 1, pred
    # Every pre-2025 commune in scope has a successor.
    for code, u in unit_set.units.items():
        if u["level"] == "commune" and u["valid_to"] is not None:
            assert code in by_pred or code.startswith("HY-"), code


def test_scope_covers_provinces(unit_set):
    current = {
        u["name"]
        for u in unit_set.units.values()
        if u["level"] == "province" and u["valid_to"] is None
    }
    assert current == {"Tỉnh Hưng Yên", "Tỉnh Đồng Tháp", "Tỉnh Ninh Bình"}
    old = {
        u["name"]
        for u in unit_set.units.values()
        if u["level"] == "province" and u["valid_to"] is not None
    }
    assert {"Tỉnh Hưng Yên", "Tỉnh Thái Bình", "Tỉnh Đồng Tháp", "Tỉnh Hà Nam"} <= old


def test_load_units_sets_current_unit(engine, unit_set):
    with engine.begin() as conn:
        ids = load_units(conn, unit_set)
        load_units(conn, unit_set)  # idempotent
        rows = dict(conn.execute(select(admin_unit.c.code, admin_unit.c.current_unit_id)).all())
    assert len(rows) == len(unit_set.units)
    assert rows["HY-QUANGTRUNG"] == rows[_successors(unit_set, "HY-QUANGTRUNG")[0]["successor"]]
    assert rows["HY-QUANGTRUNG"] is not None
    assert rows["33"] == ids["33"]


def test_text_columns_use_python_storage(engine, unit_set):
    """Issue 18: the dashboard keeps pandas' ``str`` columns in Python storage, not Arrow
    (dashboard/__init__.py): a page's many small takes and merges on Arrow arrays cost
    12–15 % of its Python time. The unit list every page merges names from shows it."""
    import pandas as pd

    from queries.units import cached_units

    with engine.begin() as conn:
        load_units(conn, unit_set)
    with engine.connect() as conn:
        units = cached_units(conn)
    assert units["name"].dtype == pd.StringDtype("python", na_value=float("nan"))
    assert units["name"].dtype == "str"  # the same dtype every query and test expects


def test_a_changed_unit_list_leaves_the_kept_one_alone(engine, unit_set):
    """``cached_units`` hands out a shallow copy (pandas copies on write): whatever a query
    does to its copy, the next query reads the register as stored."""
    from queries.units import cached_units

    with engine.begin() as conn:
        load_units(conn, unit_set)
    with engine.connect() as conn:
        mine = cached_units(conn)
        first = mine.loc[0, "name"]
        mine.loc[0, "name"] = "changed"
        mine["code"] = "x"
        mine.iloc[1:3, 0] = -1
        again = cached_units(conn)
    assert again.loc[0, "name"] == first != "changed"
    assert (again["code"] != "x").all() and (again["id"].iloc[1:3] != -1).all()


def test_a_scopes_ids_go_as_one_array_made_once(fixture_engine):
    """``in_ids`` on PostgreSQL binds the ids as one ``integer[]`` parameter whose text is
    made when the list is built (``IdArray``): the statement counts the same rows as an IN
    list, an empty list matches none, and the plan holds the constant array (the planner
    estimates from its values, as with a list psycopg dumps itself)."""
    from sqlalchemy import event, func, select

    from dashboard.storage.db import IdArray
    from dashboard.storage.schema import admin_unit
    from queries.units import in_ids

    with fixture_engine.connect() as conn:
        ids = [int(i) for i in conn.execute(select(admin_unit.c.id)).scalars()]
        some = ids[: len(ids) // 2]
        sent = []

        def capture(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
            sent.append(parameters)

        event.listen(conn, "before_cursor_execute", capture)
        try:
            count = select(func.count()).select_from(admin_unit)
            assert conn.execute(count.where(in_ids(conn, admin_unit.c.id, some))).scalar() == len(
                some
            )
            assert conn.execute(count.where(in_ids(conn, admin_unit.c.id, []))).scalar() == 0
        finally:
            event.remove(conn, "before_cursor_execute", capture)
        if conn.dialect.name != "postgresql":
            return  # SQLite: the ids are written into the statement
        bound = [v for p in sent for v in p.values() if isinstance(v, IdArray)]
        assert [b.ids for b in bound] == [tuple(some), ()]
        assert bound[0].text == ("{" + ",".join(map(str, some)) + "}").encode()
        stmt = select(func.count()).where(in_ids(conn, admin_unit.c.id, some))
        compiled = stmt.compile(dialect=conn.dialect)
        plan = "\n".join(
            r[0] for r in conn.exec_driver_sql("explain " + str(compiled), compiled.params).all()
        )
        assert "'{" + ",".join(map(str, some)) + "}'::integer[]" in plan
