"""Who did what, recorded so it cannot be forged, and the users behind it.

The findings of issue 13 each have a test here that failed before it: the importer name typed
on the page or given with ``--by`` was the recorded actor; ``oversight --as X import`` was
recorded as the operating-system user; ``oversight pack`` and refused scope attempts were not
recorded; ``user add --unit NOPE`` was accepted; a data officer of one unit could import
another's records; a missing SQLite folder or a stopped server gave a trace or a host and port.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from dashboard import cli
from dashboard.access import sessions
from dashboard.access import users as auth
from dashboard.storage.db import make_engine
from dashboard.storage.schema import audit_event, dossier, import_batch, user_session
from tests.conftest import new_database
from tests.test_imports import GOOD_HEADER, GOOD_ROWS, TODAY, csv_bytes, drow, load_tiny

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture
def db(engine, tmp_path, monkeypatch):
    """The small unit list of tests/fixtures.py, no records; three users; the OS user is
    'vanhanh' (the operator's shell)."""
    load_tiny(engine)
    url = engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("OVERSIGHT_TODAY", TODAY.isoformat())
    monkeypatch.delenv("OVERSIGHT_IMPORT_DATABASE_URL", raising=False)
    for var in ("LOGNAME", "USER"):
        monkeypatch.setenv(var, "vanhanh")
    users = tmp_path / "users.json"
    monkeypatch.setenv("OVERSIGHT_USERS_FILE", str(users))
    auth.add_user("admin", "admin", None, PASSWORD, path=users)
    auth.add_user("canbo001", "data_officer", "001", PASSWORD, path=users)
    auth.add_user("canbo003", "data_officer", "003", PASSWORD, path=users)
    auth.add_user("chutich", "province_leader", "99", PASSWORD, path=users)
    auth.add_user("anhoa", "commune_leader", "001", PASSWORD, path=users)
    return engine


def run(capsys, *args, stdin: str | None = None, monkeypatch=None):  # noqa: ANN001
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def events(engine, action: str | None = None) -> list[tuple]:
    a = audit_event
    stmt = select(a.c.actor, a.c.os_user, a.c.action, a.c.detail).order_by(a.c.id)
    if action:
        stmt = stmt.where(a.c.action == action)
    with engine.connect() as c:
        return [tuple(r) for r in c.execute(stmt)]


def csv_file(tmp_path, rows=GOOD_ROWS, name: str = "hs.csv") -> Path:  # noqa: ANN001
    f = tmp_path / name
    f.write_bytes(csv_bytes(GOOD_HEADER, rows))
    return f


# --- the actor is who signed in, never a typed name ------------------------------------------


def test_cli_import_as_a_user_records_that_user_and_the_os_user(db, tmp_path, capsys):
    code, out, err = run(capsys, "--as", "canbo001", "import", "dossiers", csv_file(tmp_path))
    assert code == 0, out + err
    [(actor, os_user, _a, detail)] = events(db, "import")
    assert (actor, os_user) == ("canbo001", "vanhanh")
    assert detail.startswith("dossiers hs.csv batch=")
    with db.connect() as c:
        assert c.execute(select(import_batch.c.imported_by)).scalar() == "canbo001"


def test_cli_import_without_as_is_the_os_user_and_by_is_gone(db, tmp_path, capsys):
    with pytest.raises(SystemExit):  # --by NAME let anyone write any name into the record
        cli.main(["import", "dossiers", str(csv_file(tmp_path)), "--by", "Chủ tịch"])
    capsys.readouterr()
    assert run(capsys, "import", "dossiers", csv_file(tmp_path))[0] == 0
    assert [e[:2] for e in events(db, "import")] == [("vanhanh", "vanhanh")]


@pytest.fixture
def page(db, monkeypatch):
    """The import page signed in (a session as the sign-in route makes one)."""
    from dashboard.web import login

    monkeypatch.setenv("OVERSIGHT_AUTH", "local")
    token = {"value": None}
    monkeypatch.setattr(login, "session_token", lambda: token["value"])
    from dashboard import web

    web.clear()

    def make(user: str) -> AppTest:
        token["value"] = sessions.create(db, user)
        at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60)
        at.run()
        assert not at.exception, at.exception
        return at

    return make


def test_page_import_records_the_signed_in_user(page, db):
    """There is no "Người nhập" box to type another name into."""
    at = page("canbo001")
    assert at.title[0].value == "Nhập dữ liệu"  # a data officer's only page
    at.file_uploader[0].set_value(("hs.csv", csv_bytes(GOOD_HEADER, GOOD_ROWS), "text/csv"))
    at.run()
    assert not at.text_input
    at.button(key="imp_go").click().run()
    assert not at.exception, at.exception
    with db.connect() as c:
        assert c.execute(select(import_batch.c.imported_by)).scalar() == "canbo001"
    assert [e[:3] for e in events(db, "import")] == [("canbo001", None, "import")]


# --- a data officer's unit applies to imports -------------------------------------------------


def test_a_data_officer_cannot_import_for_another_unit(db, tmp_path, capsys):
    """canbo003 (Xã Cát Tiên) with a file of Xã An Hòa's dossiers: every row refused, nothing
    written, the refusal recorded. The same file by canbo001 (Xã An Hòa) goes in."""
    f = csv_file(tmp_path)
    code, out, _ = run(capsys, "--as", "canbo003", "import", "dossiers", f)
    assert code == 1 and "outside this account's unit" in out
    assert out.count("Đơn vị tiếp nhận | ") == 6
    with db.connect() as c:
        assert c.execute(select(func.count()).select_from(dossier)).scalar() == 0
    [(actor, os_user, _a, detail)] = events(db, "scope_denied")
    assert (actor, os_user) == ("canbo003", "vanhanh")
    assert "rows=6 outside unit=003" in detail
    # Their own commune's record goes in (L003 Xã Cát is now part of 003).
    own = csv_file(tmp_path, [drow(code="C1", recv="L003") + [""]], "cat.csv")
    assert run(capsys, "--as", "canbo003", "import", "dossiers", own)[0] == 0
    assert run(capsys, "--as", "canbo001", "import", "dossiers", f)[0] == 0
    with db.connect() as c:
        assert c.execute(select(func.count()).select_from(dossier)).scalar() == 7


def test_a_data_officer_on_the_page_too(page, db):
    at = page("canbo003")
    at.file_uploader[0].set_value(("hs.csv", csv_bytes(GOOD_HEADER, GOOD_ROWS), "text/csv"))
    at.run()
    reasons = at.table[0].value.iloc[:, -1].tolist()
    assert len(reasons) == 6 and all("ngoài phạm vi" in r for r in reasons)
    assert at.button(key="imp_go").disabled
    assert events(db, "scope_denied")[0][0] == "canbo003"


# --- exports and refusals on the command line are recorded -----------------------------------


def test_cli_pack_is_recorded_as_an_export(fixture_engine, tmp_path, capsys, monkeypatch):
    """On the hand-worked fixture (the pack needs figures)."""
    monkeypatch.setenv("DATABASE_URL", fixture_engine.url.render_as_string(hide_password=False))
    for var in ("LOGNAME", "USER"):
        monkeypatch.setenv(var, "vanhanh")
    users = tmp_path / "users.json"
    monkeypatch.setenv("OVERSIGHT_USERS_FILE", str(users))
    auth.add_user("chutich", "province_leader", "99", PASSWORD, path=users)
    before = len(events(fixture_engine, "export"))
    out = tmp_path / "giao-ban.pptx"
    code, _o, err = run(
        capsys, "--as", "chutich", "pack", "--period", "2024-Q1", "--unit", "99", "--out", out
    )
    assert code == 0, err
    assert events(fixture_engine, "export")[before:] == [
        ("chutich", "vanhanh", "export", "pack unit=99 period=2024-Q1 (command line)")
    ]


def test_cli_metrics_csv_is_an_export_and_a_refusal_is_recorded(db, capsys):
    args = ["metrics", "on-time", "--period", "2024-Q1", "--format", "csv"]
    assert run(capsys, "--as", "anhoa", *args, "--unit", "001")[0] == 0
    assert run(capsys, "--as", "anhoa", *args, "--unit", "003")[0] == 4  # not theirs
    assert events(db, "export")[0][:2] == ("anhoa", "vanhanh")
    [(actor, _os, _a, detail)] = events(db, "scope_denied")
    assert actor == "anhoa" and detail == "command=metrics on-time unit=003"


# --- users ------------------------------------------------------------------------------------


def test_unknown_role_and_unit_are_refused_with_the_valid_ones(db, capsys, monkeypatch):
    code, _o, err = run(
        capsys, "user", "add", "x", "--role", "king", stdin="", monkeypatch=monkeypatch
    )
    assert code == 2 and "valid roles: admin, province_leader, commune_leader" in err
    code, _o, err = run(
        capsys,
        "user",
        "add",
        "x",
        "--role",
        "commune_leader",
        "--unit",
        "NOPE",
        stdin=PASSWORD + "\n",
        monkeypatch=monkeypatch,
    )
    assert code == 2 and "unknown unit 'NOPE'" in err and "oversight units" in err
    code, _o, err = run(
        capsys,
        "user",
        "add",
        "x",
        "--role",
        "commune_leader",
        "--unit",
        "0001",
        stdin=PASSWORD + "\n",
        monkeypatch=monkeypatch,
    )
    assert code == 2 and "did you mean 001" in err
    assert "x" not in auth.load_users()
    code, out, _e = run(
        capsys,
        "user",
        "add",
        "x",
        "--role",
        "commune_leader",
        "--unit",
        "003",
        stdin=PASSWORD + "\n",
        monkeypatch=monkeypatch,
    )
    assert code == 0 and auth.load_users()["x"].unit == "003"
    assert events(db, "user_add")[0][:2] == ("vanhanh", "vanhanh")


def test_a_leader_is_given_a_unit_of_the_level_they_lead(db, capsys, monkeypatch):
    """A province leader with a commune's code (or a commune leader with a province's) would
    see a scope the role does not name: refused, saying which level and which role fits."""
    code, _o, err = run(
        capsys,
        *("user", "add", "x", "--role", "province_leader", "--unit", "003"),
        stdin=PASSWORD + "\n",
        monkeypatch=monkeypatch,
    )
    assert code == 2
    assert "role province_leader leads a province; 003 is a commune" in err
    assert "the role commune_leader" in err
    code, _o, err = run(
        capsys,
        *("user", "add", "x", "--role", "commune_leader", "--unit", "99"),
        stdin=PASSWORD + "\n",
        monkeypatch=monkeypatch,
    )
    assert code == 2 and "role commune_leader leads a commune; 99 is a province" in err
    assert "x" not in auth.load_users()
    # A secretary serves either level.
    code, _o, _e = run(
        capsys,
        *("user", "add", "x", "--role", "secretary", "--unit", "003"),
        stdin=PASSWORD + "\n",
        monkeypatch=monkeypatch,
    )
    assert code == 0


def test_an_unknown_unit_is_refused_with_the_provinces_to_choose_from(db, capsys, monkeypatch):
    """The valid units, as far as one line can hold them: today's provinces by code and name
    (the tiny register has one, 99), then where the communes are listed."""
    code, _o, err = run(
        capsys,
        *("user", "add", "x", "--role", "province_leader", "--unit", "98"),
        stdin=PASSWORD + "\n",
        monkeypatch=monkeypatch,
    )
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "valid units: the provinces 99 Tỉnh Thử Nghiệm," in err
    assert "L99" not in err  # a province that ended on 30/06/2025 is not offered
    assert "oversight units" in err


def test_passwd_disable_remove_end_sessions_and_are_recorded(db, capsys, monkeypatch):
    for _ in range(2):
        sessions.create(db, "chutich")
    code, out, _ = run(
        capsys, "user", "passwd", "chutich", stdin="mat-khau-moi-2026\n", monkeypatch=monkeypatch
    )
    assert code == 0 and "2 session(s) ended" in out
    assert auth.verify("chutich", "mat-khau-moi-2026").username == "chutich"
    assert auth.verify("chutich", PASSWORD) is None
    token = sessions.create(db, "anhoa")
    assert run(capsys, "--as", "admin", "user", "disable", "anhoa")[0] == 0
    assert sessions.check(db, token) is None and auth.verify("anhoa", PASSWORD) is None
    code, out, _ = run(capsys, "user", "list")
    assert "anhoa" in out and "disabled" in out
    assert run(capsys, "user", "enable", "anhoa")[0] == 0
    sessions.create(db, "anhoa")
    assert run(capsys, "user", "remove", "anhoa")[0] == 0
    assert "anhoa" not in auth.load_users()
    with db.connect() as c:
        left = c.execute(select(user_session.c.username)).scalars().all()
    assert "anhoa" not in left and "chutich" not in left
    assert [e[2] for e in events(db) if e[2].startswith("user_")] == [
        "user_passwd",
        "user_disable",
        "user_enable",
        "user_remove",
    ]
    assert events(db, "user_disable")[0][:2] == ("admin", "vanhanh")
    code, _o, err = run(capsys, "--as", "chutich", "user", "disable", "admin")
    assert code == 2 and "may not run user" in err
    code, _o, err = run(capsys, "user", "disable", "ai-do")
    assert code == 2 and "no user 'ai-do'" in err


# --- the audit command -----------------------------------------------------------------------


def test_audit_lists_filters_and_exports(db, tmp_path, capsys):
    from dashboard.access import audit

    audit.record(db, "chutich", "login", "role=province_leader", client="10.0.0.7")
    audit.record(db, "?", "login_failed", "unknown username", client="10.0.0.8")
    audit.record(db, "chutich", "export", '=HYPERLINK("http://evil")')
    code, out, _ = run(capsys, "audit", "--action", "login_failed")
    assert code == 0 and "unknown username" in out and "role=province_leader" not in out
    code, out, _ = run(capsys, "audit", "--actor", "chutich", "--format", "json")
    rows = json.loads(out)
    assert [r["action"] for r in rows] == ["export", "login"]  # newest first
    assert rows[1]["client"] == "10.0.0.7"
    target = tmp_path / "audit.csv"
    code, out, _ = run(capsys, "audit", "--out", target)
    assert code == 0 and "events written" in out
    text = target.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0] == "id,at,actor,os_user,client,action,detail"
    assert "'=HYPERLINK" in text  # a cell that would be a formula is text
    # The export is itself recorded.
    assert events(db, "export")[-1][3].startswith("audit 4 events format=csv")  # + the JSON one
    code, _o, err = run(capsys, "--as", "chutich", "audit")
    assert code == 2 and "may not run audit" in err


def test_audit_with_nothing_to_show_says_so(db, capsys):
    """Before: pandas' "Empty DataFrame / Columns: [...] / Index: []"."""
    code, out, _ = run(capsys, "audit", "--actor", "nobody")
    assert code == 0 and out == "no audit events match\n"
    code, out, _ = run(capsys, "audit", "--actor", "nobody", "--format", "csv")
    assert out.splitlines() == ["id,at,actor,os_user,client,action,detail"]  # still a file


class _ClosedPipe(io.StringIO):
    """Standard output read by `head`, which has stopped reading."""

    def write(self, s: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_output_cut_short_by_the_reader_is_no_traceback(db, monkeypatch, capsys):
    """`oversight audit | head -3`, `oversight units | head`: before, a BrokenPipeError trace."""
    monkeypatch.setattr("sys.stdout", _ClosedPipe())
    assert cli.main(["audit"]) == 1
    assert cli.main(["units"]) == 1
    assert capsys.readouterr().err == ""


# --- the database, as the command line says it ---------------------------------------------


@pytest.mark.parametrize(
    "url, words",
    [
        ("postgresql+psycopg://nobody:secret@127.0.0.1:1/none", "cannot be reached"),
        ("sqlite:////nonexistent-folder-13/x.sqlite", "folder of the SQLite file"),
        ("nosuchdb://x", "not a database address"),
    ],
)
def test_cli_database_problems_are_one_line(monkeypatch, capsys, url, words):
    monkeypatch.setenv("DATABASE_URL", url)
    code, out, err = run(capsys, "units")
    assert code == 3 and words in err and len(err.strip().splitlines()) == 1
    for leak in ("127.0.0.1", "secret", "Traceback"):
        assert leak not in err
    code, out, err = run(capsys, "-v", "units")  # the detail on request
    assert code == 3 and len(err.strip().splitlines()) == 2


def test_an_unmigrated_database_says_to_run_init_db(monkeypatch, capsys, tmp_path_factory):
    url, drop = new_database("sqlite", tmp_path_factory)
    make_engine(url).dispose()  # the file exists, with no tables
    monkeypatch.setenv("DATABASE_URL", url)
    code, _o, err = run(capsys, "units")
    assert code in (2, 3) and "oversight init-db" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    drop()
