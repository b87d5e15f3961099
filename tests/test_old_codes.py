"""An old unit code in today's view never answers with another unit's figure (issue 11).

The fixture's L001 (Xã An, ended 30/06/2025) went into today's 001 (Xã An Hòa) with L002
and, through L001, H004. Today's view of 001 holds all of their records; L001's own are
D01–D04 in 2024-Q1 (D01 early, D02 on the day, D03 and D04 late: 2 of 4 on time, 50 %),
survey answers S1–S3 (2 of 3 satisfied, 66.7 %) and session DS1 with four petitions.
In today's view, every command of every subject refuses L001 with a one-line hint to
--historical (exit 2, nothing on standard output); with --historical it answers L001's own
figures, under a code that says it is the unit as it was.
"""

from __future__ import annotations

import json

import pytest

from dashboard import cli
from tests.test_pages import app, metrics  # noqa: F401 - the page fixture

P = ("--period", "2024-Q1")
COMMANDS = [
    ("on-time", *P),
    ("on-time", *P, "--by", "unit"),
    ("on-time", *P, "--by", "field"),
    ("on-time", *P, "--by", "channel"),
    ("on-time", *P, "--by", "month"),
    ("on-time", *P, "--official"),
    ("satisfaction", *P),
    ("satisfaction", *P, "--by", "unit"),
    ("satisfaction", *P, "--by", "element"),
    ("satisfaction", *P, "--by", "month"),
    ("satisfaction", *P, "--by", "rating"),
    ("satisfaction", *P, "--by", "comments"),
    ("rollout", "--as-of", "2024-03-31"),
    ("rollout", "--as-of", "2024-03-31", "--by", "model"),
    ("rollout", "--as-of", "2024-03-31", "--by", "unit"),
    ("rollout", "--as-of", "2024-03-31", "--by", "stage"),
    ("rollout", "--compliance", "2024"),
    ("dialogue", *P),
    ("dialogue", *P, "--by", "unit"),
    ("dialogue", *P, "--by", "topic"),
    ("dialogue", *P, "--by", "agency"),
    ("dialogue", *P, "--by", "month"),
    ("dialogue", *P, "--overdue"),
    ("dialogue", *P, "--compliance", "2024"),
    ("due-soon", "--as-of", "2024-03-31"),
    ("due-soon", "--as-of", "2024-03-31", "--by", "unit"),
]


@pytest.fixture
def fixture_db(fixture_engine, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", fixture_engine.url.render_as_string(hide_password=False))
    return fixture_engine


def run(capsys, *args):
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_old_code_in_todays_view_is_refused_with_a_hint(fixture_db, capsys, args):
    code, out, err = run(capsys, "metrics", *args, "--unit", "L001", "--format", "json")
    assert code == 2
    assert out == ""  # no figure at all, least of all 001's
    assert err.count("\n") == 1 and "--historical" in err
    assert "L001" in err and "001" in err  # names the unit and today's unit it went into


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_old_code_as_it_was_answers(fixture_db, capsys, args):
    code, out, err = run(
        capsys, "metrics", *args, "--unit", "L001", "--historical", "--format", "json"
    )
    assert code == 0, err
    json.loads(out)


def test_pack_refuses_an_old_code_in_todays_view(fixture_db, capsys, tmp_path):
    out_file = tmp_path / "p.pptx"
    code, _, err = run(
        capsys, "pack", "--period", "2024-Q1", "--unit", "L001", "--out", str(out_file)
    )
    assert code == 2 and "--historical" in err and not out_file.exists()


def test_old_code_figures_are_its_own(fixture_db, capsys):
    # L001 as it was: D01–D04 resolved in 2024-Q1, 2 on time -> 50 %; 001 today: 6 resolved.
    _, out, _ = run(
        capsys, "metrics", "on-time", *P, "--unit", "L001", "--historical", "--format", "json"
    )
    (row,) = json.loads(out)
    assert row["unit"] == "L001" and row["resolved"] == 4 and row["on_time_rate"] == 50.0
    _, out, _ = run(capsys, "metrics", "on-time", *P, "--unit", "001", "--format", "json")
    assert json.loads(out)[0]["resolved"] == 6
    # Survey answers: S1 (5), S2 (4), S3 (3) at L001 -> 2 of 3.
    _, out, _ = run(
        capsys, "metrics", "satisfaction", *P, "--unit", "L001", "--historical", "--format", "json"
    )
    (row,) = json.loads(out)
    assert row["responses"] == 3 and row["satisfaction_rate"] == pytest.approx(66.67)
    # DS1 at L001: one session, four petitions.
    _, out, _ = run(
        capsys, "metrics", "dialogue", *P, "--unit", "L001", "--historical", "--format", "json"
    )
    (row,) = json.loads(out)
    assert row["sessions"] == 1 and row["petitions"] == 4


def test_a_link_with_an_old_code_opens_it_as_it_was_and_says_so(app):  # noqa: F811
    at = app(None, period="2024-Q1", unit="L001")
    notes = " ".join(i.value for i in at.info)
    assert "Đơn vị L001 không còn tồn tại" in notes
    assert at.query_params.get("hist") == "1"  # the link now says which view it shows
    # L001's own 2 of 4, never 001's figure (D01, D02, D05, D08 of 6: 66,7 %).
    assert metrics(at)["Tỷ lệ đúng hạn"] == "50,0%"


@pytest.mark.parametrize("page", ["on_time", "satisfaction", "rollout", "dialogue", "maps"])
def test_every_page_keeps_the_old_code_as_it_was(app, page):  # noqa: F811
    at = app(page, period="2024-Q1", unit="L001")
    assert at.query_params.get("hist") == "1" and at.query_params.get("unit") == "L001"
    if page == "on_time":
        assert metrics(at)["Tỷ lệ đúng hạn"] == "50,0%"
