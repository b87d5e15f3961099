"""The unit tree: parents, descendants, lineage and scopes, on the fixture's units
(tests/fixtures.py draws them)."""

from datetime import date

import pandas as pd
import pytest

from dashboard.domain.unit_tree import LineageEdge, UnitNode, UnitTree
from tests.fixtures import LINEAGE, UNITS

D = date.fromisoformat
# Today's unit each one's records roll up to (as dashboard.storage.unit_register derives it).
CURRENT = {1: 10, 3: 11, 4: 11, 5: 12, 6: 11, 7: 12, 10: 10, 11: 11, 12: 12}


@pytest.fixture(scope="module")
def tree() -> UnitTree:
    nodes = [
        UnitNode(i, code, name, level, parent, vf, vt, CURRENT.get(i))
        for i, code, name, level, parent, vf, vt in UNITS
    ]
    return UnitTree(nodes, [LineageEdge(p, s, d) for p, s, d in LINEAGE])


def test_parents_and_provinces(tree):
    assert tree.ancestors(6) == (2, 1)  # H004 Xã Đông → L991 Huyện Mẫu → L99
    assert tree.province_of(6).code == "L99"
    assert tree.province_of(11).code == "99"
    assert tree.province_of(10).code == "99"
    assert tree.descendants(2) == {2, 3, 4, 5, 6, 7}


def test_lineage_at_any_depth(tree):
    # 001 Xã An Hòa ← L001 Xã An (← H004 Xã Đông, 2024) and L002 Xã Bình.
    assert tree.predecessors(11) == (3, 4, 6)
    assert tree.successors(6) == (3, 11)
    assert tree.direct_predecessors(11) == (3, 4)


def test_scopes_as_they_are_and_as_they_were(tree):
    # Today: 001 holds the records of L001, L002 and H004 too.
    assert tree.recorded_ids("001", historical=False) == {3, 4, 6, 11}
    assert tree.recorded_ids("99", historical=False) == {1, 3, 4, 5, 6, 7, 10, 11, 12}
    # As they were: the unit and what was under it.
    assert tree.recorded_ids("L001", historical=True) == {3}
    assert tree.recorded_ids("L99", historical=True) == {1, 2, 3, 4, 5, 6, 7}
    assert [n.code for n in tree.communes_under("L99")] == ["L001", "L002", "L003", "H004", "L005"]


def test_the_unit_a_record_is_shown_under_in_each_view(tree):
    # Filed under L001 Xã An: today under 001 Xã An Hòa; as it was, under L001 itself.
    assert tree.in_view(3, historical=False).code == "001"
    assert tree.in_view(3, historical=True).code == "L001"
    assert tree.in_view(11, historical=False).code == "001"  # a today's unit: itself
    # The district L991 went into no today's unit; an id outside the register, or none.
    assert tree.in_view(2, historical=False) is None
    assert tree.in_view(2, historical=True).code == "L991"
    assert tree.in_view(999, historical=True) is None
    assert tree.in_view(None, historical=False) is None


def test_validity(tree):
    xa_dong = tree.get("H004")
    assert not xa_dong.is_current
    assert xa_dong.valid_on(D("2024-11-30")) and not xa_dong.valid_on(D("2024-12-01"))


def test_a_country_sized_tree_is_quick_to_walk():
    """About the size of the whole country before and after 2025: every scope resolution is
    remembered, so a second call does not walk again."""
    nodes = [UnitNode(1, "P", "P", "province", None, None, None, 1)]
    nid = 2
    for _d in range(700):
        district = nid
        nodes.append(UnitNode(district, f"D{nid}", "d", "district", 1, None, None, None))
        nid += 1
        for _c in range(15):
            nodes.append(UnitNode(nid, f"C{nid}", "c", "commune", district, None, None, nid))
            nid += 1
    tree = UnitTree(nodes)
    assert len(tree) == 1 + 700 * 16
    first = tree.recorded_ids("P", historical=True)
    assert len(first) == len(tree)
    assert tree.recorded_ids("P", historical=True) is first


def test_the_as_was_switch_opens_the_units_own_former_unit(tree):
    """Issue 16: switching to "as they were" from today's province or commune opens its own
    former unit (the one whose code it kept), not the first province in the list; and back."""
    # 99 ← L99 (its code kept); 001 Xã An Hòa ← L001 Xã An (code kept) and L002 Xã Bình.
    assert tree.counterpart("99", historical=True) == "L99"
    assert tree.counterpart("001", historical=True) == "L001"
    assert [n.code for n in tree.former_units(11)] == ["L001", "L002"]
    # Already in that view: itself. Back to today: the unit its records went to.
    assert tree.counterpart("L002", historical=True) == "L002"
    assert tree.counterpart("L002", historical=False) == "001"
    assert tree.counterpart("H004", historical=False) == "001"
    assert tree.counterpart("L99", historical=False) == "99"
    assert tree.counterpart("NOPE", historical=True) is None


def test_former_units_prefer_the_kept_code_then_the_kept_name():
    nodes = [
        UnitNode(1, "L34", "Tỉnh Thái Bình", "province", None, None, D("2025-06-30"), 3),
        UnitNode(2, "L33", "Tỉnh Hưng Yên", "province", None, None, D("2025-06-30"), 3),
        UnitNode(3, "33", "Tỉnh Hưng Yên", "province", None, D("2025-07-01"), None, 3),
        UnitNode(4, "L900", "Xã Bắc", "commune", 1, None, D("2025-06-30"), 6),
        UnitNode(5, "L901", "Xã Nam", "commune", 1, None, D("2025-06-30"), 6),
        UnitNode(6, "950", "Xã Nam", "commune", 3, D("2025-07-01"), None, 6),
    ]
    edges = [LineageEdge(1, 3, None), LineageEdge(2, 3, None)]
    edges += [LineageEdge(4, 6, None), LineageEdge(5, 6, None)]
    t = UnitTree(nodes, edges)
    assert t.counterpart("33", historical=True) == "L33"  # Hưng Yên, not Thái Bình (L34)
    assert t.counterpart("950", historical=True) == "L901"  # no code kept: the name kept


def test_the_register_version_is_read_once_per_checkout_and_after_a_write(engine):
    """``queries.units`` reads the register's version once per connection checkout (not once
    per query function): a write on the same connection, or the next checkout after another
    connection's write, reads it afresh, so a unit just added is found. A query opening with
    WITH is a read, as SELECT is."""
    from sqlalchemy import event, insert, text

    from dashboard.storage.db import make_engine
    from dashboard.storage.schema import admin_unit
    from queries.units import unit_tree

    unit = dict(level="province", unit_type="Tỉnh", valid_from=D("2025-07-01"), lat=21.0, lon=105.0)
    reads = []

    def count(conn, cursor, statement, *args):  # noqa: ANN001, ANN002
        if "FROM data_version" in statement:
            reads.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    with engine.connect() as conn:
        assert unit_tree(conn).get("91") is None
        unit_tree(conn), unit_tree(conn)
        conn.execute(text("with one as (select 1 as n) select n from one"))  # a read
        unit_tree(conn)
        assert len(reads) == 1  # once for four trees
        conn.execute(
            insert(admin_unit).values(id=1, code="91", name="Tỉnh A", short_name="A", **unit)
        )
        assert unit_tree(conn).get("91").name == "Tỉnh A"  # this connection's own write
        assert len(reads) == 2
        conn.commit()
    writer = make_engine(engine.url.render_as_string(hide_password=False))  # another process's
    with writer.begin() as other:
        other.execute(
            insert(admin_unit).values(id=2, code="92", name="Tỉnh B", short_name="B", **unit)
        )
    with engine.connect() as conn:  # a new checkout (the pool's same connection, maybe)
        assert unit_tree(conn).get("92").name == "Tỉnh B"
        assert len(reads) == 3
    writer.dispose()


def test_a_renamed_or_placed_unit_is_read_afresh(engine):
    """The unit list is kept per version of the register: a unit renamed or given other
    coordinates is a new version (the map and every name read the list)."""
    from sqlalchemy import insert, update

    from dashboard.storage.schema import admin_unit
    from queries.units import all_units

    unit = dict(level="province", unit_type="Tỉnh", valid_from=D("2025-07-01"), lat=21.0, lon=105.0)
    with engine.connect() as conn:
        conn.execute(
            insert(admin_unit).values(id=1, code="91", name="Tỉnh A", short_name="A", **unit)
        )
        assert all_units(conn).set_index("code").loc["91", "name"] == "Tỉnh A"
        conn.execute(update(admin_unit).where(admin_unit.c.code == "91").values(name="Tỉnh An"))
        assert all_units(conn).set_index("code").loc["91", "name"] == "Tỉnh An"
        conn.execute(update(admin_unit).where(admin_unit.c.code == "91").values(lat=21.5))
        assert all_units(conn).set_index("code").loc["91", "lat"] == 21.5
        conn.execute(update(admin_unit).where(admin_unit.c.code == "91").values(lon=None))
        assert pd.isna(all_units(conn).set_index("code").loc["91", "lon"])
        conn.rollback()


def test_any_write_to_the_register_moves_the_data_version(engine):
    """The database moves the version on every write to the register (triggers), whoever makes
    it: a unit renamed by hand to a name of the same length is read afresh, and so is a lineage
    edge added, deleted or changed."""
    from sqlalchemy import delete, insert, update

    from dashboard.storage.db import read_data_version
    from dashboard.storage.schema import admin_unit, unit_lineage
    from queries.units import all_units

    unit = dict(level="province", unit_type="Tỉnh", valid_from=D("2025-07-01"))
    with engine.connect() as conn:
        conn.execute(
            insert(admin_unit).values(id=1, code="91", name="Tỉnh A", short_name="A", **unit)
        )
        assert all_units(conn).set_index("code").loc["91", "name"] == "Tỉnh A"
        conn.execute(update(admin_unit).where(admin_unit.c.code == "91").values(name="Tỉnh B"))
        assert all_units(conn).set_index("code").loc["91", "name"] == "Tỉnh B"
        conn.execute(
            insert(admin_unit).values(id=2, code="92", name="Tỉnh C", short_name="C", **unit)
        )
        edge = dict(
            predecessor_id=1, successor_id=2, effective_date=D("2025-07-01"), legal_source="x"
        )
        for write in (
            insert(unit_lineage).values(**edge, is_primary=True),
            update(unit_lineage).values(is_primary=False),
            delete(unit_lineage),
        ):
            before = read_data_version(conn)
            conn.execute(write)
            assert read_data_version(conn) > before
        conn.rollback()


def test_frames_made_from_the_unit_list_are_made_once_per_version(engine):
    """``from_units`` builds once per version of the register (a map's unit frame, the
    province list) and again after any write to it: a province renamed shows renamed."""
    from sqlalchemy import insert, update

    from dashboard.storage.schema import admin_unit
    from queries.units import from_units, provinces

    built = []

    def names(units):  # noqa: ANN001, ANN202
        built.append(len(units))
        return sorted(units["name"])

    unit = dict(level="province", unit_type="Tỉnh", valid_from=D("2025-07-01"))
    with engine.connect() as conn:
        conn.execute(
            insert(admin_unit).values(id=1, code="91", name="Tỉnh A", short_name="A", **unit)
        )
        assert from_units(conn, names) == ["Tỉnh A"]
        assert from_units(conn, names) is from_units(conn, names)
        assert built == [1]
        assert list(provinces(conn).name) == ["Tỉnh A"]
        conn.execute(update(admin_unit).where(admin_unit.c.code == "91").values(name="Tỉnh B"))
        assert from_units(conn, names) == ["Tỉnh B"] and built == [1, 1]
        assert list(provinces(conn).name) == ["Tỉnh B"]
        conn.execute(
            insert(admin_unit).values(id=2, code="92", name="Tỉnh C", short_name="C", **unit)
        )
        assert from_units(conn, names) == ["Tỉnh B", "Tỉnh C"]
        assert list(provinces(conn).name) == ["Tỉnh B", "Tỉnh C"]
