"""`oversight metrics on-time` prints the page's figures from the same query functions."""

import json
from datetime import date

import pytest

from dashboard import cli


@pytest.fixture
def fixture_db(fixture_engine, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", fixture_engine.url.render_as_string(hide_password=False))
    return fixture_engine


def run(capsys, *args):
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_on_time_json(fixture_db, capsys):
    code, out, _ = run(
        capsys, "metrics", "on-time", "--period", "2024-Q1", "--unit", "99", "--format", "json"
    )
    assert code == 0
    (row,) = json.loads(out)
    assert row["resolved"] == 16 and row["early"] == 7 and row["on_time"] == 6
    assert row["on_time_rate"] == 81.25
    assert row["pending_within"] == 3 and row["pending_overdue"] == 2


def test_on_time_by_unit_csv(fixture_db, capsys):
    code, out, _ = run(
        capsys,
        "metrics",
        "on-time",
        "--period",
        "2024-Q1",
        "--unit",
        "99",
        "--by",
        "unit",
        "--format",
        "csv",
    )
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0].startswith("code,name,resolved")
    assert any(line.startswith("001,Xã An Hòa,6,") for line in lines)


def test_on_time_by_month_historical(fixture_db, capsys):
    code, out, _ = run(
        capsys,
        "metrics",
        "on-time",
        "--period",
        "2024-01-01..2024-03-31",
        "--unit",
        "L001",
        "--historical",
        "--by",
        "month",
        "--format",
        "json",
    )
    rows = json.loads(out)
    assert code == 0
    assert [r["resolved"] for r in rows] == [2, 1, 1]  # D01+D02 Jan, D03 Feb, D04 Mar


def test_official_period(fixture_db, capsys):
    # 2023-12-15..2024-03-14: D01-D03, D08, D09 resolved; D04 (03-05) too; D05 (03-08) too;
    # plus the report ending 03-14 -> 7 dossiers + 9 = 16, as in the calendar quarter.
    code, out, _ = run(
        capsys,
        "metrics",
        "on-time",
        "--period",
        "2024-Q1",
        "--official",
        "--unit",
        "99",
        "--format",
        "json",
    )
    assert code == 0
    assert json.loads(out)[0]["resolved"] == 16


@pytest.mark.parametrize(
    "args, message",
    [
        (["--period", "2024-Q1", "--unit", "NOPE"], "unknown unit code 'NOPE'"),
        (["--period", "2024-Q7"], "cannot read period"),
        (["--period", "2024-03-10..2024-03-01"], "ends before it starts"),
    ],
)
def test_bad_input_exits_non_zero(fixture_db, capsys, args, message):
    code, out, err = run(capsys, "metrics", "on-time", *args)
    assert code == 2 and message in err and out == ""


def test_database_down(monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    code, _, err = run(capsys, "metrics", "on-time", "--period", "2024")
    assert code == 3 and "cannot be reached" in err


def test_figures_json_reads_every_headline(fixture_db, capsys, monkeypatch):
    """`metrics figures`: the headline figures of every subject, with their counts and
    definition; the same numbers as `metrics on-time` (13 of 16 resolved on time)."""
    monkeypatch.setenv("OVERSIGHT_TODAY", "2024-03-31")
    code, out, _ = run(
        capsys, "metrics", "figures", "--period", "2024-Q1", "--unit", "99", "--format", "json"
    )
    assert code == 0
    rows = {(r["subject"], r["metric"]): r for r in json.loads(out)}
    rate = rows[("on_time", "on_time_rate")]
    assert (rate["value"], rate["numerator"], rate["denominator"]) == (81.25, 13, 16)
    assert rate["label"] == "Tỷ lệ đúng hạn" and rate["definition"].startswith("Số hồ sơ")
    backlog = rows[("on_time", "pending_overdue")]
    assert (backlog["value"], backlog["numerator"], backlog["denominator"]) == (2, 2, 5)
    sat = rows[("satisfaction", "satisfaction_rate")]
    assert (sat["numerator"], sat["denominator"], sat["value"]) == (3, 5, 60.0)
    assert rows[("rollout", "rollouts_active")]["value"] == 1
    assert rows[("dialogue", "overdue_raised")]["value"] == 1
    assert {r["subject"] for r in rows.values()} == {
        "on_time",
        "satisfaction",
        "dialogue",
        "rollout",
        "due_soon",
        "index766",
    }
    assert rows[("index766", "i766_total")]["kind"] == "points"
    code, out, _ = run(
        capsys,
        "metrics",
        "figures",
        "--period",
        "2024-Q1",
        "--unit",
        "99",
        "--subject",
        "dialogue",
        "--lang",
        "en",
        "--format",
        "json",
    )
    rows = json.loads(out)
    assert {r["subject"] for r in rows} == {"dialogue"}
    overdue = next(r for r in rows if r["metric"] == "overdue_raised")
    assert overdue["label"] == "Petitions of the period overdue"


def test_table_format_says_no_rows_and_dashes_missing(capsys):
    """A table with nothing in it says so; a missing figure prints as a dash, not NaN/None."""
    import pandas as pd

    from dashboard.cli.common import print_frame

    print_frame(pd.DataFrame({"unit": [], "rate": []}), "table")
    assert capsys.readouterr().out.strip() == "(no rows)"
    print_frame(pd.DataFrame({"unit": ["A", "B"], "rate": [0.5, None], "n": [1, None]}), "table")
    out = capsys.readouterr().out
    assert "NaN" not in out and "None" not in out
    assert out.splitlines()[2].split() == ["B", "–", "–"]


def test_serve_creates_a_missing_database(tmp_path, monkeypatch, capsys):
    """`make run` on a fresh clone: serve goes on to create and seed the database it finds
    missing (it stopped at "no database … run oversight init-db" before)."""
    import subprocess

    from dashboard.storage import db

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'new.sqlite'}")
    monkeypatch.setenv("OVERSIGHT_AUTH", "none")
    seen = []
    monkeypatch.setattr(db, "ensure_ready", lambda eng: seen.append(str(eng.url)) or False)
    monkeypatch.setattr(subprocess, "call", lambda cmd, env=None: 0)
    assert cli.main(["serve", "--headless"]) == 0
    assert seen and seen[0].endswith("new.sqlite")


def test_refresh_day_counts_todays_backlog(fixture_db, backlog_day_restored, capsys, monkeypatch):
    """`oversight refresh-day` (the nightly timer) counts the backlog at the end of today per
    unit and department: on 06/04/2024 D06 (due 25/03) and D07 (due 05/04), both overdue at
    L002's department 2, D06 with a letter and due longest ago."""
    from sqlalchemy import select

    from dashboard.storage.schema import backlog_day

    monkeypatch.setenv("OVERSIGHT_TODAY", "2024-04-06")
    code, out, _ = run(capsys, "refresh-day")
    assert code == 0 and "06/04/2024" in out and "1 units and departments" in out
    with fixture_db.connect() as conn:
        kept = [tuple(r) for r in conn.execute(select(backlog_day))]
    assert kept == [(date(2024, 4, 6), 4, 2, 0, 2, 1, "D06", date(2024, 3, 25))]
