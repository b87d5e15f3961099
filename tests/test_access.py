"""Scope enforced in the query layer: a commune leader sees their commune (and the units it
came from) and nothing else, whatever the way in. Fixture: tests/fixtures.py."""

import pytest

from dashboard.domain.periods import parse
from dashboard.pack import collect
from queries import dialogue, on_time, rollout, satisfaction
from queries import units as units_q
from queries.units import Scope, ScopeDenied, restricted

Q1 = parse("2024-Q1")


@pytest.fixture
def commune(fixture_engine):
    """Connection of the leader of today's Xã An Hòa (001 <- L001, L002, H004)."""
    with restricted(fixture_engine, "001").connect() as c:
        yield c


@pytest.fixture
def province(fixture_engine):
    with restricted(fixture_engine, "99").connect() as c:
        yield c


def test_own_commune_and_its_predecessors(commune):
    assert on_time.counts(commune, Q1, Scope("001"))["resolved"].iloc[0] == 6
    assert on_time.counts(commune, Q1, Scope(None))["resolved"].iloc[0] == 6  # None -> own unit
    assert on_time.counts(commune, Q1, Scope("L001", historical=True))["resolved"].iloc[0] == 4
    assert on_time.counts(commune, Q1, Scope("H004", historical=True))["resolved"].iloc[0] == 1


@pytest.mark.parametrize(
    "code, historical",
    [
        ("003", False),
        ("99", False),
        ("L003", True),
        ("L005", True),
        ("L991", True),
        ("L99", True),
        ("L003", False),
    ],
)
def test_other_units_refused(commune, code, historical):
    scope = Scope(code, historical=historical)
    with pytest.raises(ScopeDenied):
        on_time.counts(commune, Q1, scope)
    with pytest.raises(ScopeDenied):
        on_time.late_dossiers(commune, Q1, scope)
    with pytest.raises(ScopeDenied):
        on_time.backlog(commune, Q1.end, scope)
    with pytest.raises(ScopeDenied):
        satisfaction.headline(commune, Q1, scope)
    with pytest.raises(ScopeDenied):
        dialogue.counts(commune, Q1, scope)
    with pytest.raises(ScopeDenied):
        rollout.headline(commune, Q1.end, scope)
    with pytest.raises(ScopeDenied):
        collect(commune, Q1, scope)


def test_lists_show_only_what_may_be_seen(commune, province):
    units = units_q.all_units(commune)
    assert "003" not in set(units.code) and "L003" not in set(units.code)
    assert {"001", "L001", "L002", "H004", "99"} <= set(units.code)  # 99: for the name only
    assert list(units_q.provinces(commune).code) == ["99"]
    assert list(units_q.communes(commune, "99").code) == ["001"]
    assert not units_q.can_see(commune, "99") and units_q.can_see(commune, "001")
    asked = ("99", "003", "001", "L001", "nope")
    assert units_q.seeable(commune, asked) == ["001"]  # L001 ended: not in today's view
    for hist in (False, True):
        want = [c for c in asked if units_q.can_see(commune, c, hist)]
        assert units_q.seeable(commune, asked, hist) == want
    assert set(units_q.communes(province, "99").code) == {"001", "003"}


def test_league_of_a_commune_leader_is_their_own_unit(commune, province):
    assert list(on_time.league(commune, Q1, Scope("001")).code) == ["001"]
    assert list(on_time.league(province, Q1, Scope("001")).code) == ["003", "001"]


def test_records_by_id_or_code_from_a_url(commune):
    assert dialogue.session_info(commune, "DS1")["unit_code"] == "L001"
    with pytest.raises(ScopeDenied):
        dialogue.session_info(commune, "DS2")  # held at L003
    with pytest.raises(ScopeDenied):
        dialogue.session_petitions(commune, "DS2", Q1.end)
    assert rollout.rollout_info(commune, 3, Q1.end)["recorded_code"] == "L001"
    with pytest.raises(ScopeDenied):
        rollout.rollout_info(commune, 2, Q1.end)  # at L003
    with pytest.raises(ScopeDenied):
        rollout.assessments(commune, 2)


def test_unrestricted_connection_sees_everything(fixture_engine):
    with fixture_engine.connect() as c:
        assert on_time.counts(c, Q1, Scope(None))["resolved"].iloc[0] == 16
        assert units_q.can_see(c, "003")


@pytest.fixture
def cli_users(fixture_engine, monkeypatch, tmp_path):
    from dashboard.access import users as auth

    users = tmp_path / "users.json"
    auth.add_user("anhoa", "commune_leader", "001", "mat-khau-thu-nghiem", path=users)
    auth.add_user("bdv", "ban_dan_van", None, "mat-khau-thu-nghiem", path=users)
    monkeypatch.setenv("OVERSIGHT_USERS_FILE", str(users))
    monkeypatch.setenv("DATABASE_URL", fixture_engine.url.render_as_string(hide_password=False))


def test_cli_as_a_user(cli_users, capsys, tmp_path):
    import json

    from dashboard import cli

    assert (
        cli.main(["--as", "anhoa", "metrics", "on-time", "--period", "2024-Q1", "--format", "json"])
        == 0
    )
    assert json.loads(capsys.readouterr().out)[0]["resolved"] == 6  # their commune only
    assert (
        cli.main(["--as", "anhoa", "metrics", "on-time", "--period", "2024-Q1", "--unit", "003"])
        == 4
    )
    assert "outside the scope" in capsys.readouterr().err
    assert (
        cli.main(
            [
                "--as",
                "anhoa",
                "pack",
                "--period",
                "2024-Q1",
                "--unit",
                "99",
                "--out",
                str(tmp_path / "p.pptx"),
            ]
        )
        == 4
    )
    assert not (tmp_path / "p.pptx").exists()
    assert cli.main(["--as", "bdv", "metrics", "on-time", "--period", "2024-Q1"]) == 2
    assert "may not see on-time" in capsys.readouterr().err
    assert cli.main(["--as", "nobody", "units"]) == 2
