"""Directives (kết luận chỉ đạo): the register, its figures and its scope, worked out by hand.

On the hand-worked fixture (tests/fixtures.py), commune 001 Xã An Hòa is today's unit of
L001, L002 and H004:
- 2024-Q1 on-time rate of 001: resolved D01 early, D02 on the day, D03 late, D04 late, D05
  early, D08 on the day -> 4 of 6 = 66.67 % (the baseline of directive A, given 05/04/2024);
- 2024-Q2 up to 15/05/2024: resolved D06 on 10/04, due 25/03 -> late: 0 of 1 = 0 % -> worse
  than the baseline, an arrow down;
- 2025-Q3 up to 20/08/2025: resolved D14 on its day -> 1 of 1 = 100 % >= the 90 % target ->
  target met, an arrow up;
- 2024-Q3 up to 10/07/2024: nothing resolved -> no current value, no verdict.
Directive A is due 30/09/2025: open on 30/09/2025 (due today), overdue from 01/10/2025.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import DBAPIError

from dashboard.access import audit
from dashboard.storage import directives as writes
from dashboard.storage.schema import directive, directive_note
from queries import directives as dq
from queries.units import Scope, ScopeDenied, restricted

D = date.fromisoformat
GIVEN = D("2024-04-05")


@pytest.fixture
def reg(engine):
    """The fixture with three directives: A (001, on-time rate), B (003, no indicator), C (the
    province, pending overdue dossiers)."""
    from tests.fixtures import build_fixture

    build_fixture(engine)
    ids = {}
    ids["A"] = writes.add(
        engine,
        "chutich",
        text="Nâng tỷ lệ hồ sơ đúng hạn lên 90%",
        unit="001",
        due="2025-09-30",
        meeting="Giao ban quý I/2024",
        meeting_date=GIVEN,
        indicator="on_time_rate",
        period="2024-Q1",
        target="90",
        today=D("2024-04-05"),
    )
    ids["B"] = writes.add(
        engine,
        "chutich",
        text="Tổ chức hội nghị đối thoại trong quý",
        unit="003",
        due="2024-06-30",
        meeting="Giao ban quý I/2024",
        meeting_date=GIVEN,
        today=D("2024-04-05"),
    )
    ids["C"] = writes.add(
        engine,
        "chutich",
        text="Giải quyết dứt điểm hồ sơ tồn quá hạn",
        unit="99",
        due="2024-05-31",
        meeting="Giao ban tháng 3/2024",
        meeting_date=D("2024-03-20"),
        indicator="pending_overdue",
        period="2024-03",
        today=D("2024-04-05"),
    )
    return engine, ids


def test_baseline_and_current_for_an_on_time_target(reg):
    engine, ids = reg
    with engine.connect() as c:
        row = dq.get(c, ids["A"], D("2024-05-15"))
        assert row["baseline"] == pytest.approx(100 * 4 / 6)
        assert row["baseline_period"] == "2024-Q1"
        assert (row["current_period"], row["current"]) == ("2024-Q2", 0.0)
        assert (row["verdict"], row["arrow"], row["status"]) == ("worse", "↓", "open")
        assert row["target"] == 90.0 and row["page"] == "on_time"
        later = dq.get(c, ids["A"], D("2025-08-20"))
        assert (later["current_period"], later["current"]) == ("2025-Q3", 100.0)
        assert (later["verdict"], later["arrow"]) == ("met", "↑")
        assert later["baseline"] == pytest.approx(100 * 4 / 6)  # kept as it was then
        empty = dq.get(c, ids["A"], D("2024-07-10"))
        assert empty["current"] is None and empty["verdict"] is None and empty["arrow"] == "–"


@pytest.mark.parametrize("key", list(dq.INDICATORS))
def test_a_directives_value_is_its_headline_figure(fixture_engine, key):
    """``value`` reads the function the headline reads: the same number, for a province, a
    commune, a field and an empty period."""
    from dashboard.domain.periods import parse

    with fixture_engine.connect() as c:
        for period, scope in (
            ("2024-Q1", Scope("99")),
            ("2024-Q1", Scope("001")),
            ("2024-Q1", Scope("99", field_code="DD")),
            ("2024-03", Scope("003")),
            ("2019-Q1", Scope("99")),
        ):
            fig = dq.figure(c, key, parse(period), scope)
            want = None if fig is None or fig.value is None or fig.value != fig.value else fig.value
            got = dq.value(c, key, parse(period), scope)
            assert got == (pytest.approx(want) if want is not None else None), (period, scope)


def test_a_directives_rate_reads_no_backlog_it_does_not_show(fixture_engine, monkeypatch):
    """The on-time rate, online share and processing days need no pending dossiers; only the
    apology share does (its pending part). The register reads one value per directive."""
    from dashboard.domain.periods import parse
    from queries import on_time

    read = []
    real = on_time.backlog
    monkeypatch.setattr(on_time, "backlog", lambda *a, **k: read.append(a[1]) or real(*a, **k))
    with fixture_engine.connect() as c:
        for key in ("on_time_rate", "online_share", "avg_processing_days"):
            dq.value(c, key, parse("2024-Q1"), Scope("99"))
        assert read == []
        # The apology share reads the backlog at the quarter's end, once.
        assert dq.value(c, "apology_share", parse("2024-Q1"), Scope("99")) is not None
        assert read == [D("2024-03-31")]


def test_past_its_due_date_a_directive_is_overdue(reg):
    engine, ids = reg
    with engine.connect() as c:
        assert dq.get(c, ids["A"], D("2025-09-30"))["status"] == "open"  # due today
        assert dq.get(c, ids["A"], D("2025-10-01"))["status"] == "overdue"
        # On 15/05/2024: C (due 31/05) and A open, B (due 30/06) open -> none overdue.
        assert dq.overdue_count(c, Scope("99"), D("2024-05-15")) == 0
        # On 01/07/2024: B (30/06) and C (31/05) overdue, A not yet.
        df = dq.directives(c, Scope("99"), D("2024-07-01"))
        assert list(df["id"]) == [ids["C"], ids["B"], ids["A"]]  # overdue first, by due date
        assert list(df["status"]) == ["overdue", "overdue", "open"]
        assert dq.overdue_count(c, Scope("99"), D("2024-07-01")) == 2
        assert dq.overdue_count(c, Scope("003"), D("2024-07-01")) == 1
        assert dq.status_counts(c, Scope("99"), D("2024-07-01")) == {
            "open": 1,
            "overdue": 2,
            "done": 0,
            "cancelled": 0,
        }
        # Before the April meeting only C (given 20/03) counts; on 31/05 it is due today.
        assert dq.status_counts(c, Scope("99"), D("2024-03-31"))["open"] == 1
        assert dq.status_counts(c, Scope("99"), D("2024-05-31"))["overdue"] == 0
    writes.update_directive(
        engine, "chutich", ids["B"], today=D("2024-06-20"), status="done", note="Đã tổ chức"
    )
    with engine.connect() as c:
        df = dq.directives(c, Scope("99"), D("2024-07-01"))
        assert dict(zip(df["id"], df["status"], strict=True))[ids["B"]] == "done"
        assert dq.overdue_count(c, Scope("99"), D("2024-07-01")) == 1
        # Closed before the window: left out of the recent list, kept in the whole register.
        assert ids["B"] not in set(
            dq.directives(c, Scope("99"), D("2024-07-01"), closed_since=D("2024-06-25"))["id"]
        )
        assert dq.notes(c, ids["B"])[["text", "status"]].values.tolist() == [["Đã tổ chức", "done"]]
        # Done on 20/06: counted while recent, not once the window starts after it.
        counts = dq.status_counts(c, Scope("99"), D("2024-07-01"), D("2024-06-01"))
        assert (counts["done"], counts["overdue"], counts["open"]) == (1, 1, 1)
        assert dq.status_counts(c, Scope("99"), D("2024-07-01"), D("2024-06-25"))["done"] == 0


def test_a_commune_leader_sees_and_changes_only_their_units_directives(reg):
    engine, ids = reg
    cat_tien = restricted(engine, "003")
    with cat_tien.connect() as c:
        assert list(dq.directives(c, Scope(None), D("2024-05-15"))["id"]) == [ids["B"]]
        with pytest.raises(ScopeDenied):
            dq.get(c, ids["A"], D("2024-05-15"))
        with pytest.raises(ScopeDenied):  # the province's directive is not theirs either
            dq.get(c, ids["C"], D("2024-05-15"))
        with pytest.raises(ScopeDenied):
            dq.directives(c, Scope("001"), D("2024-05-15"))
        assert dq.overdue_count(c, Scope(None), D("2024-07-01")) == 1
    with pytest.raises(ScopeDenied):
        writes.update_directive(cat_tien, "catien", ids["A"], today=D("2024-05-15"), note="x")
    with pytest.raises(ScopeDenied):
        writes.add(
            cat_tien,
            "catien",
            text="x",
            unit="001",
            due="2024-06-30",
            meeting="m",
            today=D("2024-05-15"),
        )
    writes.update_directive(cat_tien, "catien", ids["B"], today=D("2024-05-15"), note="Đã lên lịch")
    with restricted(engine, "99").connect() as c:  # the province leader sees all three
        assert set(dq.directives(c, Scope(None), D("2024-05-15"))["id"]) == set(ids.values())
    with engine.connect() as c:
        assert dq.notes(c, ids["A"]).empty


def test_validated_like_imports_nothing_written_on_a_problem(reg):
    engine, _ = reg
    with engine.connect() as c:
        before = c.execute(select(func.count()).select_from(directive)).scalar()
    with pytest.raises(writes.DirectiveInvalid) as exc:
        writes.add(
            engine,
            "chutich",
            text="  ",
            unit="L001",
            due="2024-01-30",
            meeting="Giao ban",
            meeting_date="2024-02-01",
            indicator="on_time_rate",
            target="120",
            today=D("2024-05-15"),
        )
    by_field = {p.column: p.code for p in exc.value.problems}
    assert by_field == {
        "text": "dir_required",
        "due": "dir_due_before_meeting",
        "target": "dir_target_range_pct",
        "period": "dir_required",
        "unit": "dir_ended_unit",
    }
    assert "Hạn hoàn thành: Hạn trước ngày giao (01/02/2024)." in exc.value.lines("vi")
    with pytest.raises(writes.DirectiveInvalid) as exc:
        writes.add(
            engine,
            "chutich",
            text="x",
            unit="001",
            due="31/12/2024",
            meeting="m",
            indicator="no_such",
            department_name="Sở Không Có",
            field_code="ZZ",
            today=D("2024-05-15"),
        )
    assert {p.column for p in exc.value.problems} == {"due", "indicator", "department", "field"}
    with engine.connect() as c:
        assert c.execute(select(func.count()).select_from(directive)).scalar() == before


def test_updates_are_checked_and_cancelled_is_final(reg):
    engine, ids = reg
    with pytest.raises(writes.DirectiveInvalid) as exc:
        writes.update_directive(
            engine, "chutich", ids["A"], today=D("2024-05-15"), status="cancelled"
        )
    assert [p.code for p in exc.value.problems] == ["dir_cancel_needs_note"]
    with pytest.raises(writes.DirectiveInvalid):
        writes.update_directive(
            engine, "chutich", ids["A"], today=D("2024-05-15"), note="x", noted_on="2024-06-01"
        )  # a note in the future
    said = writes.update_directive(
        engine,
        "chutich",
        ids["A"],
        today=D("2024-05-15"),
        status="cancelled",
        note="Thay bằng chỉ đạo mới",
        due="2025-12-31",
    )
    assert said == [
        "status open->cancelled",
        "due 2025-09-30->2025-12-31",
        "note on 2024-05-15: 'Thay bằng chỉ đạo mới'",
    ]
    with pytest.raises(writes.DirectiveInvalid) as exc:
        writes.update_directive(engine, "chutich", ids["A"], today=D("2024-05-16"), status="open")
    assert [p.code for p in exc.value.problems] == ["dir_cancelled_final"]
    with engine.connect() as c:
        row = dq.get(c, ids["A"], D("2026-01-01"))
        assert (row["status"], row["closed_on"]) == ("cancelled", D("2024-05-15"))
        ev = audit.events(c, action="directive_update")
        assert ev["actor"].tolist() == ["chutich"]
        assert ev["detail"].iloc[0] == (
            f"directive {ids['A']} (unit=001): status open->cancelled; "
            "due 2025-09-30->2025-12-31; note on 2024-05-15: 'Thay bằng chỉ đạo mới'"
        )
        added = audit.events(c, action="directive_add")
        assert len(added) == 3 and "baseline=66.6667 target=90" in added["detail"].iloc[-1]


def test_never_deleted_and_notes_never_changed(reg):
    engine, ids = reg
    writes.update_directive(engine, "chutich", ids["B"], today=D("2024-05-15"), note="Đã lên lịch")
    for stmt in (
        delete(directive).where(directive.c.id == ids["B"]),
        update(directive_note).values(text="sửa"),
        delete(directive_note),
    ):
        with pytest.raises(DBAPIError, match="never"):
            with engine.begin() as c:
                c.execute(stmt)
    with engine.connect() as c:
        assert c.execute(select(func.count()).select_from(directive)).scalar() == 3


def test_departments_a_directive_may_name(reg):
    """001's own department (Phòng Kinh tế, added here) and none of 003's."""
    from sqlalchemy import insert

    from dashboard.storage.schema import department

    engine, _ = reg
    with engine.begin() as c:
        c.execute(insert(department).values(id=91, unit_id=11, name="Phòng Kinh tế"))
        c.execute(insert(department).values(id=92, unit_id=12, name="Phòng Văn hóa"))
        c.execute(insert(department).values(id=93, unit_id=10, name="Sở Nội vụ"))
    with engine.connect() as c:
        assert dq.departments(c, "001") == ["Phòng Kinh tế", "Sở Nội vụ"]
        assert dq.departments(c, "99") == ["Sở Nội vụ"]
    with restricted(engine, "003").connect() as c:
        with pytest.raises(ScopeDenied):
            dq.departments(c, "001")


def test_previous_meeting(reg):
    engine, ids = reg
    with engine.connect() as c:
        assert dq.previous_meeting(c, Scope("99"), D("2024-03-31")) == (
            D("2024-03-20"),
            ["Giao ban tháng 3/2024"],
        )
        day, names = dq.previous_meeting(c, Scope("99"), D("2024-06-01"))
        assert (day, names) == (GIVEN, ["Giao ban quý I/2024"])
        got = dq.directives(c, Scope("99"), D("2024-06-01"), meeting_date=day)
        assert set(got["id"]) == {ids["A"], ids["B"]}
        assert dq.previous_meeting(c, Scope("99"), D("2024-03-01")) == (None, [])


# --- PostgreSQL: written through the writing role only ----------------------------------


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_written_through_the_writing_role_only(reg):
    import uuid

    from sqlalchemy import create_engine
    from sqlalchemy.exc import ProgrammingError

    from dashboard.storage.db import create_pg_roles

    engine, ids = reg
    tag = uuid.uuid4().hex[:8]
    reader, writer = f"oversight_reader_{tag}", f"oversight_writer_{tag}"
    create_pg_roles(engine, reader, writer)
    as_reader = create_engine(engine.url.set(username=reader))
    as_writer = create_engine(engine.url.set(username=writer))
    try:
        with pytest.raises(ProgrammingError, match="permission denied"):
            writes.update_directive(as_reader, "chutich", ids["B"], today=D("2024-05-15"), note="x")
        writes.update_directive(
            as_writer, "chutich", ids["B"], today=D("2024-05-15"), status="done", note="Xong"
        )
        new = writes.add(
            as_writer,
            "chutich",
            text="Mới",
            unit="001",
            due="2024-12-31",
            meeting="Giao ban",
            today=D("2024-05-15"),
        )
        for stmt in (delete(directive).where(directive.c.id == new), delete(directive_note)):
            with pytest.raises(ProgrammingError, match="permission denied"):
                with as_writer.begin() as c:
                    c.execute(stmt)
        with as_reader.connect() as c:
            assert dq.get(c, ids["B"], D("2024-05-15"))["status"] == "done"
            assert audit.events(c, action="directive_update")["actor"].tolist() == ["chutich"]
    finally:
        as_reader.dispose()
        as_writer.dispose()
        with engine.begin() as c:
            for role in (reader, writer):
                c.exec_driver_sql(f'drop owned by "{role}"')
                c.exec_driver_sql(f'drop role "{role}"')


# --- the command line ---------------------------------------------------------------------


@pytest.fixture
def cli_reg(reg, monkeypatch, tmp_path):
    from dashboard.access import users as auth

    engine, ids = reg
    users = tmp_path / "users.json"
    auth.add_user("anhoa", "commune_leader", "001", "mat-khau-thu-nghiem", path=users)
    auth.add_user("thuky", "secretary", "99", "mat-khau-thu-nghiem", path=users)
    auth.add_user("xem", "viewer", None, "mat-khau-thu-nghiem", path=users)
    monkeypatch.setenv("OVERSIGHT_USERS_FILE", str(users))
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("OVERSIGHT_TODAY", "2024-05-15")
    return engine, ids


def run(capsys, *args):
    from dashboard import cli

    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_cli_add_update_list(cli_reg, capsys):
    engine, ids = cli_reg
    code, out, err = run(
        capsys,
        "--as",
        "thuky",
        "directive",
        "add",
        "--unit",
        "001",
        "--text",
        "Giảm hồ sơ tồn quá hạn lĩnh vực đất đai",
        "--due",
        "2024-06-30",
        "--meeting",
        "Giao ban tháng 5/2024",
        "--indicator",
        "on_time_rate",
        "--period",
        "2024-Q1",
        "--field",
        "DD",
        "--target",
        "80",
    )
    assert code == 0, err
    new = int(out.strip())
    # 2024-Q1, field DD, 001: D03 late, D04 late -> 0 of 2 = 0 %.
    code, out, err = run(capsys, "directive", "list", "--unit", "001", "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert [r["id"] for r in rows] == [new, ids["A"]]  # by due date: 30/06/2024 first
    rows = {r["id"]: r for r in rows}
    for key in (
        "id",
        "unit",
        "text",
        "indicator",
        "baseline",
        "current",
        "target",
        "due",
        "status",
    ):
        assert key in rows[new]
    assert rows[new]["unit"] == "001" and rows[new]["indicator"] == "on_time_rate"
    assert rows[new]["baseline"] == 0.0 and rows[new]["target"] == 80.0
    # 2024-Q2 up to 15/05, field DD: D06 late -> 0 %.
    assert rows[new]["field"] == "DD" and rows[new]["current"] == 0.0
    assert rows[new]["due"].startswith("2024-06-30") and rows[new]["status"] == "open"
    assert rows[ids["A"]]["baseline"] == pytest.approx(66.67)
    assert rows[ids["A"]]["current"] == 0.0
    assert (
        run(capsys, "directive", "update", str(new), "--status", "done", "--note", "Xong")[0] == 0
    )
    code, out, _ = run(capsys, "directive", "list", "--format", "json")
    assert {r["id"]: r["status"] for r in json.loads(out)}[new] == "done"
    with engine.connect() as c:
        ev = audit.events(c, action="directive_add")
    assert ev["actor"].iloc[0] == "thuky" and ev["os_user"].iloc[0]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_cli_refuses_other_units_and_roles(cli_reg, capsys):
    engine, ids = cli_reg
    code, out, _ = run(capsys, "--as", "anhoa", "directive", "list", "--format", "json")
    assert code == 0 and [r["id"] for r in json.loads(out)] == [ids["A"]]
    code, _, err = run(capsys, "--as", "anhoa", "directive", "list", "--unit", "003")
    assert code == 4 and "outside the scope" in err
    code, _, err = run(capsys, "--as", "anhoa", "directive", "update", str(ids["B"]), "--note", "x")
    assert code == 4 and f"directive {ids['B']} is outside the scope" in err
    code, _, err = run(
        capsys,
        "--as",
        "anhoa",
        "directive",
        "add",
        "--unit",
        "003",
        "--text",
        "x",
        "--due",
        "2024-06-30",
        "--meeting",
        "m",
    )
    assert code == 4
    code, _, err = run(capsys, "--as", "xem", "directive", "update", str(ids["A"]), "--note", "x")
    assert code == 2 and "may not record directives" in err
    assert run(capsys, "--as", "xem", "directive", "list")[0] == 0
    code, _, err = run(capsys, "directive", "update", "999", "--note", "x")
    assert code == 2 and "no directive 999" in err
    code, _, err = run(
        capsys, "directive", "add", "--unit", "001", "--text", "x", "--due", "x", "--meeting", "m"
    )
    assert code == 2 and "not recorded: --due: Not a date (YYYY-MM-DD)." in err
    with engine.connect() as c:
        refused = audit.events(c, action="scope_denied")
        assert len(refused) == 3 and set(refused["actor"]) == {"anhoa"}
        assert dq.notes(c, ids["B"]).empty


# --- the pages (AppTest) --------------------------------------------------------------------


@pytest.fixture
def pages(reg, monkeypatch, tmp_path):
    """The app on the fixture with directives A, B, C, as of 01/07/2024 (B and C overdue)."""
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from dashboard import web
    from dashboard.access import sessions
    from dashboard.access import users as auth
    from dashboard.storage.db import get_engine
    from dashboard.web import login

    engine, ids = reg
    users = tmp_path / "users.json"
    for name, role, unit in (
        ("chutich", "province_leader", "99"),
        ("anhoa", "commune_leader", "001"),
        ("xem", "viewer", None),
    ):
        auth.add_user(name, role, unit, "mat-khau-thu-nghiem", path=users)
    url = engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("OVERSIGHT_USERS_FILE", str(users))
    monkeypatch.setenv("OVERSIGHT_AUTH", "local")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("OVERSIGHT_TODAY", "2024-07-01")
    token = {"value": None}
    monkeypatch.setattr(login, "session_token", lambda: token["value"])
    web.clear()
    root = Path(__file__).resolve().parent.parent

    def make(user: str, page: str, **params) -> AppTest:
        token["value"] = sessions.create(get_engine(url), user)
        at = AppTest.from_file(str(root / "dashboard" / "app.py"), default_timeout=60)
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        at.switch_page(str(root / "pages" / f"{page}.py")).run()
        assert not at.exception, at.exception
        return at

    make.ids = ids
    make.engine = engine
    return make


def _metrics(at):
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_page_lists_overdue_first_with_then_and_now(pages):
    at = pages("chutich", "directives", period="2024-Q1", unit="99")
    m = _metrics(at)
    assert (m["Quá hạn"], m["Đang thực hiện"], m["Hoàn thành"], m["Hủy"]) == ("2", "1", "0", "0")
    table = at.dataframe[0].value
    assert list(table["Số"]) == [pages.ids["C"], pages.ids["B"], pages.ids["A"]]
    assert list(table["Tình trạng"]) == ["Quá hạn", "Quá hạn", "Đang thực hiện"]
    a = table.iloc[2]
    # 2024-Q1 66,7 % when given; 2024-Q3 up to 01/07: nothing resolved yet.
    # Periods written as every page writes them, not as the stored label.
    assert a["Khi giao"] == "66,7% (Quý I/2024)" and a["Hiện nay"] == "– (Quý III/2024)"
    assert a["Mục tiêu"] == "90,0%"
    assert a["link"] == "/dung-han?unit=001&period=2024-Q3"


def test_period_text_reads_the_stored_label_in_the_users_language():
    from dashboard.web.directive_section import period_text

    assert period_text("2024-Q1", "vi") == "Quý I/2024"
    assert period_text("2024-03", "vi") == "Tháng 03/2024"
    assert period_text("2024", "vi") == "Năm 2024"
    assert period_text("2024-Q1", "en") == "Q1 2024"
    # The 15th–14th reporting regime says its dates.
    assert period_text("2024-Q1*", "vi") == "Quý I/2024 (15/12/2023 – 14/03/2024)"
    assert period_text(None, "vi") == "–"
    assert period_text("not a period", "vi") == "not a period"


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_overview_counts_the_scopes_overdue_directives(pages):
    at = pages("chutich", "overview", period="2024-Q1", unit="99")
    links = [str(x.proto) for x in at.get("page_link")]
    assert any("2 kết luận chỉ đạo quá hạn, 1 đang thực hiện" in x for x in links)
    at = pages("anhoa", "overview", period="2024-Q1")
    assert any(
        "0 kết luận chỉ đạo quá hạn, 1 đang thực hiện" in str(x.proto) for x in at.get("page_link")
    )


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_commune_leader_cannot_open_another_units_directive_by_url(pages):
    ids = pages.ids
    at = pages("anhoa", "directives", period="2024-Q1")
    table = at.dataframe[0].value
    assert list(table["Số"]) == [ids["A"]]  # not B (003), not C (the province)
    at = pages("anhoa", "directives", period="2024-Q1", directive=str(ids["B"]))
    assert at.error and "không có quyền" in at.error[0].value
    assert "Tổ chức hội nghị" not in " ".join(str(m.value) for m in at.markdown)
    with pages.engine.connect() as c:
        refused = audit.events(c, action="scope_denied")
    assert refused["actor"].tolist() == ["anhoa"]
    at = pages("anhoa", "directives", period="2024-Q1", directive=str(ids["A"]))
    assert not at.error
    assert any("Nâng tỷ lệ hồ sơ đúng hạn" in m.value for m in at.markdown)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_progress_from_the_page_is_audited(pages):
    ids = pages.ids
    at = pages("anhoa", "directives", period="2024-Q1", directive=str(ids["A"]))
    at.text_area(key=f"dir_note_{ids['A']}").input("Đã rà soát hồ sơ đất đai")
    [b for b in at.button if b.proto.label == "Ghi tiến độ"][0].click().run()
    assert not at.exception, at.exception
    with pages.engine.connect() as c:
        assert dq.notes(c, ids["A"])["text"].tolist() == ["Đã rà soát hồ sơ đất đai"]
        ev = audit.events(c, action="directive_update")
    assert ev["actor"].tolist() == ["anhoa"]
    at = pages("xem", "directives", period="2024-Q1", unit="99", directive=str(ids["A"]))
    assert not [b for b in at.button if b.proto.label == "Ghi tiến độ"]  # a viewer reads only


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_record_a_directive_from_the_on_time_page(pages):
    at = pages("chutich", "on_time", period="2024-Q1", unit="001")
    at.text_area(key="dir_text_on_time").input("Đưa tỷ lệ đúng hạn lên 90%")
    at.text_input(key="dir_target_on_time").input("90")
    at.text_input(key="dir_meeting_on_time").input("Giao ban quý 2/2024")
    [b for b in at.button if b.proto.label == "Ghi chỉ đạo"][0].click().run()
    assert not at.exception, at.exception
    assert any("Đã ghi chỉ đạo số" in s.value for s in at.success)
    with pages.engine.connect() as c:
        df = dq.directives(c, Scope("001"), D("2024-07-01"), meeting_date=D("2024-07-01"))
    assert df["text"].tolist() == ["Đưa tỷ lệ đúng hạn lên 90%"]
    row = df.iloc[0]
    assert row["baseline"] == pytest.approx(100 * 4 / 6) and row["baseline_period"] == "2024-Q1"
    assert (row["target"], row["due"], row["created_by"]) == (90.0, D("2024-09-30"), "chutich")
    # A problem is shown by field and nothing is written.
    at.text_input(key="dir_meeting_on_time").input("Giao ban")
    at.text_input(key="dir_target_on_time").input("150")
    [b for b in at.button if b.proto.label == "Ghi chỉ đạo"][0].click().run()
    errors = " ".join(e.value for e in at.error).replace("\\", "")  # Markdown escapes
    assert "Mục tiêu: Tỷ lệ từ 0 đến 100" in errors, errors


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_forms_departments_follow_the_chosen_unit(pages):
    """Choosing commune 001 in the form lists 001's own department with the province's; the
    province itself lists only its own (the form used to keep the default unit's list)."""
    from sqlalchemy import insert

    from dashboard.storage.schema import department

    with pages.engine.begin() as c:
        c.execute(insert(department).values(id=91, unit_id=11, name="Phòng Kinh tế"))
        c.execute(insert(department).values(id=93, unit_id=10, name="Sở Nội vụ"))
    at = pages("chutich", "directives", period="2024-Q1", unit="99")
    assert at.selectbox(key="dir_dep_directives").options == ["–", "Sở Nội vụ"]
    at.selectbox(key="dir_unit_directives").set_value("001").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="dir_dep_directives").options == ["–", "Phòng Kinh tế", "Sở Nội vụ"]


# --- the pack ---------------------------------------------------------------------------------


def test_pack_opens_with_the_previous_meetings_directives(reg):
    """As of 15/05/2024 the previous meeting is the 05/04/2024 review: A and B (C came from the
    March meeting). A: 66,7 % when given, 0,0 % now (2024-Q2: D06 late), an arrow down in red,
    target 90,0 %; B has no indicator."""
    import io

    from openpyxl import load_workbook
    from pptx import Presentation
    from pptx.dml.color import RGBColor

    from dashboard.domain.periods import parse
    from dashboard.pack import build_deck, build_workbook, collect

    engine, ids = reg
    with engine.connect() as conn:
        data = collect(conn, parse("2024-Q1"), Scope("99"), today=D("2024-05-15"))
    assert data.directives_line == "Giao ban quý I/2024, ngày 05/04/2024"
    assert list(data.directives["id"]) == [ids["B"], ids["A"]]  # by due date
    slide = list(Presentation(io.BytesIO(build_deck(data))).slides)[1]
    assert slide.shapes.title.text == "Kết quả thực hiện kết luận kỳ trước"
    texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    assert "Giao ban quý I/2024, ngày 05/04/2024" in texts
    table = next(s for s in slide.shapes if s.has_table).table
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == [
        "Nội dung chỉ đạo",
        "Đơn vị thực hiện",
        "Tình trạng",
        "Chỉ tiêu theo dõi",
        "Khi giao",
        "Hiện nay",
        "Mục tiêu",
    ]
    assert rows[1] == [
        "Tổ chức hội nghị đối thoại trong quý",
        "Xã Cát Tiên",
        "Đang thực hiện",
        "(không gắn chỉ tiêu)",
        "–",
        "–",
        "–",
    ]
    assert rows[2] == [
        "Nâng tỷ lệ hồ sơ đúng hạn lên 90%",
        "Xã An Hòa",
        "Đang thực hiện",
        "Tỷ lệ hồ sơ đúng hạn",
        "66,7%",
        "↓ 0,0%",
        "90,0%",
    ]
    now = table.cell(2, 5).text_frame.paragraphs[0].runs[0].font
    assert now.color.rgb == RGBColor(0xCF, 0x22, 0x2E) and now.bold
    wb = load_workbook(io.BytesIO(build_workbook(data)))
    sheet = wb["Kết luận kỳ trước"]
    assert sheet.max_row == 3  # header + A + B
    # A commune leader's pack: only their commune's directive of that meeting.
    with restricted(engine, "003").connect() as conn:
        mine = collect(conn, parse("2024-Q1"), Scope("003"), today=D("2024-05-15"))
    assert list(mine.directives["id"]) == [ids["B"]]
    # Before any meeting: the slide says so.
    with engine.connect() as conn:
        none = collect(conn, parse("2024-Q1"), Scope("99"), today=D("2024-03-01"))
    slide = list(Presentation(io.BytesIO(build_deck(none))).slides)[1]
    texts = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert "Chưa có kết luận chỉ đạo nào" in texts


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_typed_text_is_shown_as_text_everywhere(pages):
    """A directive's text is the user's: Markdown on the page and a formula in the workbook
    stay plain text."""
    import io

    from openpyxl import load_workbook

    from dashboard.domain.periods import parse
    from dashboard.pack import build_workbook, collect

    engine = pages.engine
    hostile = '=HYPERLINK("http://evil.example") **đậm** [bấm](http://evil.example)'
    new = writes.add(
        engine,
        "chutich",
        text=hostile,
        unit="001",
        due="2024-12-31",
        meeting="Giao ban <b>tháng 7</b>",
        today=D("2024-07-01"),
    )
    at = pages("chutich", "directives", period="2024-Q1", unit="99", directive=str(new))
    shown = [m.value for m in at.markdown if "HYPERLINK" in m.value]
    assert shown and "\\*\\*đậm\\*\\*" in shown[0] and "\\[bấm\\]" in shown[0]
    with engine.connect() as conn:
        data = collect(conn, parse("2024-Q1"), Scope("99"), today=D("2024-07-01"))
    sheet = load_workbook(io.BytesIO(build_workbook(data)))["Kết luận kỳ trước"]
    texts = [c.value for row in sheet.iter_rows(min_row=2) for c in row if c.value]
    cell = next(c for row in sheet.iter_rows(min_row=2) for c in row if c.value == hostile)
    assert cell.data_type == "s" and hostile in texts


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_database_that_refuses_the_write_is_a_message(pages, monkeypatch):
    """On PostgreSQL without the writing role configured the dashboard's reader is refused:
    the leader reads what to do, not a trace."""
    from sqlalchemy.exc import ProgrammingError

    def refused(*a, **kw):
        raise ProgrammingError("insert into directive", {}, Exception("permission denied"))

    monkeypatch.setattr(writes, "add", refused)
    at = pages("chutich", "on_time", period="2024-Q1", unit="001")
    at.text_area(key="dir_text_on_time").input("Một chỉ đạo")
    at.text_input(key="dir_meeting_on_time").input("Giao ban")
    [b for b in at.button if b.proto.label == "Ghi chỉ đạo"][0].click().run()
    assert not at.exception
    assert any("OVERSIGHT_IMPORT_DATABASE_URL" in e.value for e in at.error)
