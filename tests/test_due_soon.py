"""About to be late: dossiers and petitions due within N working days, worked out by hand.

As of Thursday 28/08/2025 with N = 3. Working days after it: Fri 29/08 (1); Sat 30 and Sun
31/08 are the weekend and Mon 01/09, Tue 02/09 are the National Day holiday (Quốc khánh);
Wed 03/09 (2), Thu 04/09 (3), Fri 05/09 (4). So the window is 28/08 (today, 0 days left) to
04/09; a naive count of calendar days would have stopped at 31/08.

Dossiers added to the fixture (tests/fixtures.py) for today's communes 001 (unit id 11) and
003 (unit id 12), all pending unless said otherwise:
    E1 001 due 28/08 (today)          -> in, 0 days left
    E2 001 due 29/08                  -> in, 1
    E3 001 due 01/09 (holiday)        -> in, 1 (only Fri 29/08 lies between)
    E4 001 due 03/09                  -> in, 2
    E5 001 due 04/09                  -> in, 3
    E6 001 due 05/09                  -> out: 4 working days
    E7 001 due 27/08                  -> out: already overdue
    E8 001 due 29/08, resolved 27/08  -> out: resolved
    E9 003 due 03/09                  -> in, 2 (province only)
    E10 001 due 29/08, received 29/08 -> out: not received yet on 28/08
    E11 001 due 02/09, withdrawn 20/08 -> out: closed
    E12 001 appointment 26/08 + 3 days waiting for the supplement = due 29/08 -> in, 1
Province 99: E1 E2 E3 E4 E5 E9 E12 = 7; commune 001: 6; due today: E1 = 1; due by the next
working day (≤ 1): E1 E2 E3 E12 = 4.
The fixture's own pending dossier D07 (L002, due 05/04/2024) is long overdue: out.

Petitions of a session at 001 on 20/08/2025: P1 deadline 28/08 (in, 0), P2 04/09 (in, 3),
P3 05/09 (out), P4 27/08 (out, overdue), P5 02/09 resolved 25/08 (out), P6 answered on the spot
(out). The fixture's petitions (2024) are long past: out.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert

from dashboard.domain.dossier_dates import effective_due_date
from dashboard.domain.workdays import default_calendar
from dashboard.storage.db import make_engine, migrate
from dashboard.storage.schema import department, dialogue_session, dossier, petition
from queries import due_soon
from queries.units import Scope, ScopeDenied, restricted
from tests.conftest import BACKENDS, new_database

AS_OF = date(2025, 8, 28)
D = date.fromisoformat

EXTRA = [  # code, unit id, appointment, received, resolved, closed, supplement days
    ("E1", 11, "2025-08-28", "2025-08-20", None, None, 0),
    ("E2", 11, "2025-08-29", "2025-08-20", None, None, 0),
    ("E3", 11, "2025-09-01", "2025-08-21", None, None, 0),
    ("E4", 11, "2025-09-03", "2025-08-22", None, None, 0),
    ("E5", 11, "2025-09-04", "2025-08-22", None, None, 0),
    ("E6", 11, "2025-09-05", "2025-08-25", None, None, 0),
    ("E7", 11, "2025-08-27", "2025-08-15", None, None, 0),
    ("E8", 11, "2025-08-29", "2025-08-15", "2025-08-27", None, 0),
    ("E9", 12, "2025-09-03", "2025-08-25", None, None, 0),
    ("E10", 11, "2025-08-29", "2025-08-29", None, None, 0),
    ("E11", 11, "2025-09-02", "2025-08-15", None, "2025-08-20", 0),
    ("E12", 11, "2025-08-26", "2025-08-18", None, None, 3),
]
PETITIONS = [  # seq, on the spot, deadline, resolved
    (1, False, "2025-08-28", None),
    (2, False, "2025-09-04", None),
    (3, False, "2025-09-05", None),
    (4, False, "2025-08-27", None),
    (5, False, "2025-09-02", "2025-08-25"),
    (6, True, None, None),
]


def _dossier(id_, code, unit, appt, recv, res, closed, wait) -> dict:  # noqa: ANN001
    """A dossier row from the fields ``EXTRA`` lists, the others alike for every row: a land
    procedure, held by the Phòng Kinh tế in 001 (unit 11)."""
    return dict(
        id=id_,
        code=code,
        procedure_id=2,
        field_id=2,
        receiving_unit_id=unit,
        resolving_unit_id=unit,
        department_id=11 if unit == 11 else None,
        channel=1,
        status=10 if res else (7 if closed else 4),
        received_date=D(recv),
        appointment_date=D(appt),
        resolved_date=D(res) if res else None,
        closed_date=D(closed) if closed else None,
        supplement_wait_days=wait,
        effective_due_date=effective_due_date(D(appt), wait, default_calendar()),
        apology_letter=False,
        online_payment=False,
        digitised=False,
    )


def add_due_soon_rows(eng) -> None:  # noqa: ANN001
    """The rows above, on top of the hand-worked fixture."""
    with eng.begin() as conn:
        conn.execute(insert(department).values(id=11, unit_id=11, name="Phòng Kinh tế"))
        rows = [_dossier(100 + i, *extra) for i, extra in enumerate(EXTRA)]
        conn.execute(insert(dossier), rows)
        conn.execute(
            insert(dialogue_session).values(
                id=50,
                code="DS50",
                unit_id=11,
                held_on=D("2025-08-20"),
                format="periodic",
                chaired_by="Chủ tịch UBND xã",
                participants=30,
            )
        )
        conn.execute(
            insert(petition),
            [
                dict(
                    session_id=50,
                    seq=seq,
                    topic="land",
                    summary=f"Kiến nghị {seq}",
                    answered_on_spot=spot,
                    assigned_agency=None if spot else "Phòng Kinh tế",
                    deadline=D(dl) if dl else None,
                    resolved_on=D(rs) if rs else None,
                )
                for seq, spot, dl, rs in PETITIONS
            ],
        )


@pytest.fixture(scope="module", params=BACKENDS)
def due_engine(request, tmp_path_factory):
    from tests.fixtures import build_fixture

    url, drop = new_database(request.param, tmp_path_factory)
    eng = make_engine(url)
    migrate(eng)
    build_fixture(eng)
    add_due_soon_rows(eng)
    yield eng
    eng.dispose()
    drop()


def test_window_crosses_the_weekend_and_the_national_day(due_engine):
    with due_engine.connect() as conn:
        cal = due_soon.calendar(conn)
    assert due_soon.window(cal, AS_OF, 3) == (AS_OF, D("2025-09-04"))
    assert due_soon.window(cal, AS_OF, 0) == (AS_OF, AS_OF)  # Fri 29/08 is the 1st day
    # From Friday: Wed 03/09 is the next working day, so the window runs over the holiday.
    assert due_soon.window(cal, D("2025-08-29"), 0) == (D("2025-08-29"), D("2025-09-02"))


def test_dossiers_due_within_three_working_days(due_engine):
    with due_engine.connect() as conn:
        df = due_soon.dossiers(conn, AS_OF, 3, Scope("99"))
    got = dict(zip(df["code"], df["working_days_left"], strict=True))
    assert got == {"E1": 0, "E2": 1, "E12": 1, "E3": 1, "E4": 2, "E9": 2, "E5": 3}
    assert list(df["code"])[:1] == ["E1"]  # most urgent first
    e4 = df[df["code"] == "E4"].iloc[0]
    assert e4["unit"] == "001" and e4["unit_name"] == "Xã An Hòa"
    assert e4["department"] == "Phòng Kinh tế" and e4["procedure"] == "Đăng ký biến động đất đai"
    assert e4["due_date"] == D("2025-09-03")
    e12 = df[df["code"] == "E12"].iloc[0]
    assert e12["due_date"] == D("2025-08-29")  # 26/08 + 3 days waiting for the citizen


def test_the_list_names_its_units_from_the_tree(due_engine):
    """The list is read without joining the unit register (hashed whole for every dossier
    due in the window at 10M); the units come from the unit tree, as the view shows them. A
    dossier filed under a unit that went into no today's unit (the district L991) counts in
    the whole country's total but is not listed: it has no unit to show."""
    from sqlalchemy import event

    # E90: pending, due Friday 29/08, filed under the district L991 (unit 2).
    row = _dossier(190, "E90", 2, "2025-08-29", "2025-08-20", None, None, 0)
    sent: list[str] = []

    def record(conn, cursor, statement, *_a):  # noqa: ANN001, ANN002
        sent.append(statement)

    with due_engine.connect() as conn:
        conn.execute(insert(dossier).values(**row))
        try:
            total = due_soon.counts(conn, AS_OF, 3, Scope(None)).iloc[0]["dossiers"]
            event.listen(conn, "before_cursor_execute", record)
            listed = due_soon.dossiers(conn, AS_OF, 3, Scope(None))
            province = due_soon.dossiers(conn, AS_OF, 3, Scope("99"))
            event.remove(conn, "before_cursor_execute", record)
        finally:
            conn.rollback()
    assert total == 8  # the province's seven and E90
    assert "E90" not in set(listed["code"])
    assert list(listed["code"]) == list(province["code"])  # the province's seven
    assert set(zip(province["unit"], province["unit_name"], strict=True)) == {
        ("001", "Xã An Hòa"),
        ("003", "Xã Cát Tiên"),
    }
    reads = [s for s in sent if "FROM dossier" in s]
    assert reads and not any("JOIN admin_unit" in s for s in reads), reads


def test_counts_by_unit_and_department(due_engine):
    with due_engine.connect() as conn:
        total = due_soon.counts(conn, AS_OF, 3, Scope("99")).iloc[0]
        commune = due_soon.counts(conn, AS_OF, 3, Scope("001")).iloc[0]
        by_unit = due_soon.counts(conn, AS_OF, 3, Scope("99"), by="unit")
        by_dep = due_soon.counts(conn, AS_OF, 3, Scope("99"), by="department")
        one_day = due_soon.counts(conn, AS_OF, 1, Scope("99")).iloc[0]
    assert (total["dossiers"], total["due_today"], total["due_next_day"]) == (7, 1, 4)
    assert commune["dossiers"] == 6
    assert dict(zip(by_unit["code"], by_unit["dossiers"], strict=True)) == {"001": 6, "003": 1}
    dep = by_dep.set_index("unit")
    assert dep.loc["001", "department"] == "Phòng Kinh tế" and dep.loc["001", "dossiers"] == 6
    assert pd_isna(dep.loc["003", "department"]) and dep.loc["003", "dossiers"] == 1
    # N = 1: window 28/08..02/09 -> E1, E2, E3, E12.
    assert one_day["dossiers"] == 4


def test_due_today_and_next_day_agree_with_the_working_days_left(due_engine):
    """``counts`` takes "due today" and "by the next working day" as due-date ranges in the
    database; the list counts working days left per dossier. Both name the same dossiers, on
    any day: from Friday 29/08 the weekend and the National Day (to 02/09) are all "today"
    (no working day between), so E3 (due 01/09) has 0 days left."""
    for as_of in (AS_OF, D("2025-08-29"), D("2025-08-30"), D("2025-09-02")):
        with due_engine.connect() as conn:
            listed = due_soon.dossiers(conn, as_of, 3, Scope("99"))
            got = due_soon.counts(conn, as_of, 3, Scope("99")).iloc[0]
        left = listed["working_days_left"]
        want = (len(listed), int((left == 0).sum()), int((left <= 1).sum()))
        assert (got["dossiers"], got["due_today"], got["due_next_day"]) == want, as_of
    with due_engine.connect() as conn:
        friday = due_soon.counts(conn, D("2025-08-29"), 3, Scope("99")).iloc[0]
    # Pending on 29/08 (E10 received that day): E2 E10 E12 due 29/08, E3 01/09 -> today 4;
    # E4 E9 03/09 -> next day; E5 04/09, E6 05/09 -> within 3 (to 05/09).
    assert (friday["due_today"], friday["due_next_day"], friday["dossiers"]) == (4, 6, 8)


def test_the_sections_breakdown_is_counts_from_one_read(due_engine):
    """The on-time page's section shows the count in all, by unit and by department: one
    statement over the dossiers gives the three, each equal to ``counts``."""
    import pandas as pd
    from sqlalchemy import event

    sent: list[str] = []

    def record(conn, cursor, statement, *_a):  # noqa: ANN001, ANN002
        sent.append(statement)

    for scope in (Scope("99"), Scope("001"), Scope("L99", historical=True)):
        with due_engine.connect() as conn:
            event.listen(conn, "before_cursor_execute", record)
            got = due_soon.breakdown(conn, AS_OF, 3, scope)
            event.remove(conn, "before_cursor_execute", record)
            assert len([s for s in sent if "FROM dossier" in s]) == 1, scope
            sent.clear()
            for by in (None, "unit", "department"):
                want = due_soon.counts(conn, AS_OF, 3, scope, by=by)
                pd.testing.assert_frame_equal(got[by or "total"], want)
    assert got["total"].iloc[0]["dossiers"] == 0  # L99: nothing filed under the old units


def test_the_counts_are_answered_from_the_due_date_index_alone(due_engine):
    """Issue 18: the counts read a few days of due dates and, of each dossier, only what the
    due-date index holds (pending, scope, department, field: migration 21_due_covering), so
    no dossier row is fetched. SQLite plans the same whatever the size; PostgreSQL's plan
    depends on the table's size and is read at scale by ``make bench``."""
    from tests.conftest import sqlite_plan

    if due_engine.dialect.name != "sqlite":
        return
    plan = sqlite_plan(
        due_engine,
        lambda conn: due_soon.counts(conn, AS_OF, 3, Scope("99")),
        lambda statement: "FROM dossier" in statement,
    )
    on_dossier = [p for p in plan if " dossier " in f" {p} "]
    assert on_dossier and all("USING COVERING INDEX ix_dossier_due" in p for p in on_dossier), plan


def pd_isna(v) -> bool:  # noqa: ANN001
    import pandas as pd

    return bool(pd.isna(v))


def test_historical_view_keeps_the_units_as_filed(due_engine):
    with due_engine.connect() as conn:
        df = due_soon.counts(conn, AS_OF, 3, Scope("99"), by="unit")
        assert set(df["code"]) == {"001", "003"}
        # Nothing was filed under the pre-2025 units in August 2025.
        assert (
            due_soon.counts(conn, AS_OF, 3, Scope("L99", historical=True)).iloc[0]["dossiers"] == 0
        )


def test_petitions_due_soon(due_engine):
    with due_engine.connect() as conn:
        pet = due_soon.petitions(conn, AS_OF, 3, Scope("99"))
        s = due_soon.summary(conn, AS_OF, 3, Scope("001"))
    assert list(zip(pet["seq"], pet["working_days_left"], strict=True)) == [(1, 0), (2, 3)]
    assert pet["unit"].tolist() == ["001", "001"]
    assert s == {
        "as_of": AS_OF,
        "within": 3,
        "until": D("2025-09-04"),
        "dossiers": 6,
        "due_today": 1,
        "petitions": 2,
        "petitions_today": 1,
    }


def test_petitions_due_soon_read_the_open_ones(due_engine):
    """The petitions due soon are read from the assigned petitions still open at the day (two
    ranges of ix_petition_carried: open, resolved after it), not from every session of each
    unit up to the day through the sessions' index (SQLite's plan)."""
    if due_engine.dialect.name != "sqlite":
        pytest.skip("SQLite's plan")
    from tests.conftest import sqlite_plan

    plan = sqlite_plan(
        due_engine,
        lambda conn: due_soon.petitions(conn, AS_OF, 3, Scope("99")),
        lambda statement: "FROM petition" in statement,
    )
    on_petition = [p for p in plan if " petition " in f"{p} "]
    assert sum("SEARCH petition USING INDEX ix_petition_carried" in p for p in on_petition) == 2
    assert not any("ix_dialogue_unit_date" in p for p in plan), plan


def test_scope_of_a_commune_leader(due_engine):
    with restricted(due_engine, "003").connect() as conn:
        assert due_soon.dossiers(conn, AS_OF, 3, Scope(None))["code"].tolist() == ["E9"]
        assert due_soon.petitions(conn, AS_OF, 3, Scope(None)).empty
        with pytest.raises(ScopeDenied):
            due_soon.dossiers(conn, AS_OF, 3, Scope("001"))
        with pytest.raises(ScopeDenied):
            due_soon.counts(conn, AS_OF, 3, Scope("99"))


def test_a_day_off_the_deployment_adds_in_the_register(engine):
    """Working days come from the holiday register: loaded as on ``oversight init-db``, plus
    Fri 29/08/2025 given off. Then, from Thursday 28/08, the first working days are Wed 03/09
    (1), Thu 04/09 (2) and Fri 05/09 (3): E6 (due 05/09) comes in with 3 days left, and E2 and
    E12 (due 29/08) have 0 working days left, like E1 due today."""
    from dashboard.storage.registers import load_registers
    from dashboard.storage.schema import holiday
    from tests.fixtures import build_fixture

    build_fixture(engine)
    add_due_soon_rows(engine)
    with engine.begin() as conn:
        load_registers(conn, only=("holidays",))
        conn.execute(
            insert(holiday).values(
                day=D("2025-08-29"), kind="day_off", name="Nghỉ bù", source="test"
            )
        )
    with engine.connect() as conn:
        assert due_soon.calendar(conn).source == "holiday register"
        df = due_soon.dossiers(conn, AS_OF, 3, Scope("99"))
    got = dict(zip(df["code"], df["working_days_left"], strict=True))
    assert got == {"E1": 0, "E2": 0, "E12": 0, "E3": 0, "E4": 1, "E9": 1, "E5": 2, "E6": 3}


def test_the_register_calendar_is_built_once_and_follows_a_change(engine):
    """Pages read the calendar several times: the same register gives back the same calendar
    (its numpy form built once), and a day added to the register gives a new one."""
    from dashboard.storage.registers import load_registers
    from dashboard.storage.schema import holiday

    with engine.begin() as conn:
        load_registers(conn, only=("holidays",))
    with engine.connect() as conn:
        first = due_soon.calendar(conn)
        assert due_soon.calendar(conn) is first
        assert first.is_working_day(D("2025-08-29"))
    with engine.begin() as conn:
        conn.execute(
            insert(holiday).values(
                day=D("2025-08-29"), kind="day_off", name="Nghỉ bù", source="test"
            )
        )
    with engine.connect() as conn:
        changed = due_soon.calendar(conn)
    assert changed is not first and not changed.is_working_day(D("2025-08-29"))
    # Fri 29/08 off, Sat-Sun, Mon-Tue 01-02/09 National Day: Thu 28/08 to Wed 03/09 is one.
    assert changed.working_days_between(D("2025-08-28"), D("2025-09-03")) == 1
    assert first.working_days_between(D("2025-08-28"), D("2025-09-03")) == 2


def test_the_calendar_is_read_once_per_data_version_and_a_holiday_write_moves_it(engine):
    """A page reads the calendar several times; the holiday register is read once per data
    version, and any write to it, by whoever (here plain SQL), moves the version (a trigger,
    migration 19_holiday_version), so the next read sees the change."""
    from sqlalchemy import delete, event, update

    from dashboard.storage.db import read_data_version
    from dashboard.storage.registers import load_registers
    from dashboard.storage.schema import holiday

    with engine.begin() as conn:
        load_registers(conn, only=("holidays",))
    reads = []

    def count(conn, cursor, statement, *args):  # noqa: ANN001, ANN002
        if statement.startswith("SELECT") and "FROM holiday" in statement:
            reads.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    with engine.connect() as conn:
        cal = due_soon.calendar(conn)
        assert due_soon.calendar(conn) is cal and len(reads) == 1
    with engine.connect() as conn:
        assert due_soon.calendar(conn) is cal and len(reads) == 1  # next checkout, same version
    for write in (
        insert(holiday).values(day=D("2025-08-29"), kind="day_off", name="Nghỉ bù", source="t"),
        update(holiday).where(holiday.c.day == D("2025-08-29")).values(name="Nghỉ"),
        delete(holiday).where(holiday.c.day == D("2025-08-29")),
    ):
        with engine.connect() as conn:
            before = read_data_version(conn)
        with engine.begin() as conn:
            conn.execute(write)
        with engine.connect() as conn:
            assert read_data_version(conn) > before, write
            got = due_soon.calendar(conn)
        assert got.is_working_day(D("2025-08-29")) == (write.is_delete)
    assert len(reads) == 4
    event.remove(engine, "before_cursor_execute", count)


# --- the command line ------------------------------------------------------------------------


@pytest.fixture
def due_db(due_engine, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", due_engine.url.render_as_string(hide_password=False))
    return due_engine


def run(capsys, *args):
    from dashboard import cli

    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_json_one_object_per_dossier(due_db, capsys):
    import json

    code, out, _ = run(
        capsys,
        "metrics",
        "due-soon",
        "--within",
        "3",
        "--unit",
        "001",
        "--as-of",
        "2025-08-28",
        "--format",
        "json",
    )
    assert code == 0
    rows = json.loads(out)
    assert [r["code"] for r in rows] == ["E1", "E12", "E2", "E3", "E4", "E5"]
    e4 = rows[4]
    assert e4["unit"] == "001" and e4["department"] == "Phòng Kinh tế"
    assert e4["procedure"] == "Đăng ký biến động đất đai"
    assert e4["due_date"].startswith("2025-09-03") and e4["working_days_left"] == 2
    assert e4["status_name"] == "Đang xử lý"


def test_cli_by_unit_csv_and_petitions(due_db, capsys):
    code, out, _ = run(
        capsys, "metrics", "due-soon", "--as-of", "2025-08-28", "--by", "unit", "--format", "csv"
    )
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0] == "code,name,dossiers,due_today,due_next_day"
    assert lines[1] == "001,Xã An Hòa,6,1,4"  # E1 today; E1 E2 E3 E12 within one day
    code, out, _ = run(
        capsys, "metrics", "due-soon", "--as-of", "2025-08-28", "--petitions", "--format", "csv"
    )
    assert code == 0 and len(out.strip().splitlines()) == 3  # header, P1, P2


def test_cli_mistakes_are_one_line(due_db, capsys):
    code, _, err = run(capsys, "metrics", "due-soon", "--as-of", "28/08/2025")
    assert code == 2 and "YYYY-MM-DD" in err
    code, _, err = run(capsys, "metrics", "due-soon", "--within", "99")
    assert code == 2 and "--within 99" in err
    code, _, err = run(capsys, "metrics", "due-soon", "--unit", "NOPE")
    assert code == 2 and "NOPE" in err


# --- the pages --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def due_url(tmp_path_factory):
    """The fixture with the rows above, in a SQLite file, for the pages."""
    from tests.fixtures import build_fixture

    url, drop = new_database("sqlite", tmp_path_factory)
    eng = make_engine(url)
    migrate(eng)
    build_fixture(eng)
    add_due_soon_rows(eng)
    eng.dispose()
    yield url
    drop()


@pytest.fixture
def page(due_url, monkeypatch):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from dashboard import web

    monkeypatch.setenv("DATABASE_URL", due_url)
    monkeypatch.setenv("OVERSIGHT_TODAY", AS_OF.isoformat())
    web.clear()
    root = Path(__file__).resolve().parent.parent

    def make(name: str, **params) -> AppTest:
        at = AppTest.from_file(str(root / "dashboard" / "app.py"), default_timeout=60)
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        at.switch_page(str(root / "pages" / f"{name}.py")).run()
        assert not at.exception, at.exception
        return at

    return make


def test_overview_card(page):
    at = page("overview", period="2025-Q3", unit="99")
    labels = {m.label: m.value for m in at.metric}
    assert labels["Hồ sơ sắp đến hạn trong 3 ngày làm việc"] == "7"
    assert labels["Kiến nghị sắp đến hạn trong 3 ngày làm việc"] == "2"
    text = " ".join(m.value for m in at.markdown)
    assert "1 đến hạn hôm nay" in text


def test_on_time_section_follows_the_sidebar(page):
    at = page("on_time", period="2025-Q3", unit="99")
    labels = {m.label: m.value for m in at.metric}
    assert labels["Sắp đến hạn"] == "7" and labels["Đến hạn hôm nay"] == "1"
    # The fixture's holiday register is empty: the package's calendar, as it names itself.
    captions = " ".join(c.value for c in at.caption)
    assert "lịch nghỉ: holidays " in captions and "(Vietnam))" in captions, captions
    at.sidebar.number_input(key="due_within").set_value(1).run()
    assert not at.exception
    labels = {m.label: m.value for m in at.metric}
    assert labels["Sắp đến hạn"] == "4"  # E1 E2 E3 E12
    assert at.query_params["within"] == ["1"] or at.query_params["within"] == "1"
    # The list: the dossier due today first, with its days left and who holds it.
    lists = [df.value for df in at.dataframe if "Còn (ngày làm việc)" in df.value.columns]
    assert lists and lists[0].iloc[0]["Mã hồ sơ"] == "E1"
    assert lists[0].iloc[0]["Bộ phận đang xử lý"] == "Phòng Kinh tế"


def test_dialogue_page_lists_petitions_due_soon(page):
    at = page("dialogue", period="2025-Q3", unit="001")
    tables = [df.value for df in at.dataframe if "Còn (ngày làm việc)" in df.value.columns]
    assert tables and list(tables[0]["Còn (ngày làm việc)"]) == [0, 3]


# --- the pack ---------------------------------------------------------------------------------


def test_pack_slide_and_sheet(due_engine):
    import io

    from openpyxl import load_workbook
    from pptx import Presentation

    from dashboard.domain.periods import parse
    from dashboard.i18n import t
    from dashboard.pack import build_deck, build_workbook, collect

    with due_engine.connect() as conn:
        data = collect(conn, parse("2025-Q3"), Scope("99"), "vi", AS_OF)
    assert data.due_soon_line.startswith(
        "7 hồ sơ sắp đến hạn trong 3 ngày làm việc (đến 04/09/2025), 1 đến hạn hôm nay; 2 kiến nghị"
    )
    prs = Presentation(io.BytesIO(build_deck(data)))
    slide = next(s for s in prs.slides if s.shapes.title.text == t("pack_due_soon"))
    table = next(s for s in slide.shapes if s.has_table).table
    assert [table.cell(1, j).text for j in range(3)] == ["0", "28/08/2025", "Xã An Hòa"]
    # Row 6: E9 (003, due 03/09) after E1, E12, E2, E3 and E4 (same day, code order).
    assert table.cell(6, 2).text == "Xã Cát Tiên"
    wb = load_workbook(io.BytesIO(build_workbook(data)))
    ws = wb[t("pack_sheet_due_soon")]
    assert [r[0].value for r in ws.iter_rows(min_row=2)] == [
        "E1",
        "E12",
        "E2",
        "E3",
        "E4",
        "E9",
        "E5",
    ]


def test_pending_on_the_day_counts_those_resolved_or_closed_after_it(due_engine):
    """As of Monday 18/08/2025 within 10 working days (19/08 to 03/09, over the National
    Day): E7 (due 27/08) and E12 (29/08) are open; E8 (due 29/08), resolved on 27/08, and E11
    (due 02/09), withdrawn on 20/08, were pending that day too. 4, listed by due date then
    code. On PostgreSQL these are read from three places (the unresolved table, open and
    closed after the day, and the partitions for those resolved after it)."""
    day = D("2025-08-18")
    with due_engine.connect() as conn:
        assert due_soon.window(due_soon.calendar(conn), day, 10) == (day, D("2025-09-03"))
        listed = due_soon.dossiers(conn, day, 10, Scope("99"))
        assert listed["code"].tolist() == ["E7", "E12", "E8", "E11"]
        # E11 is due on a holiday: the working days before it, as for 29/08.
        assert listed["working_days_left"].tolist() == [7, 9, 9, 9]
        got = due_soon.breakdown(conn, day, 10, Scope("99"))
        assert got["total"].iloc[0].tolist() == [4, 0, 0]
        assert got["unit"][["code", "dossiers"]].values.tolist() == [["001", 4]]


def test_the_holiday_register_is_named_in_the_interfaces_language():
    """The caption names the calendar the deadlines are counted with: the register by its
    label (a Vietnamese page read "lịch nghỉ: holiday register"), any other source as it names
    itself."""
    from dashboard.web.due_soon_section import _source_label

    assert _source_label("holiday register", "vi") == "sổ ngày nghỉ lễ"
    assert _source_label("holiday register", "en") == "holiday register"
    assert _source_label("holidays 0.109 (Vietnam)", "vi") == "holidays 0.109 (Vietnam)"
