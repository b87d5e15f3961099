"""Sign-in, roles and scope in the running app (AppTest, local users file, fixture database)."""

from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from dashboard.access import users as auth
from dashboard.storage.db import get_engine
from dashboard.storage.schema import audit_event
from tests.test_pages import APP

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture
def app(fixture_url, monkeypatch, tmp_path):
    users = tmp_path / "users.json"
    for name, role, unit in (
        ("chutich", "province_leader", "99"),
        ("anhoa", "commune_leader", "001"),
        ("bdv", "ban_dan_van", None),
    ):
        auth.add_user(name, role, unit, PASSWORD, path=users)
    monkeypatch.setenv("OVERSIGHT_AUTH", "local")
    monkeypatch.setenv("OVERSIGHT_USERS_FILE", str(users))
    monkeypatch.setenv("DATABASE_URL", fixture_url)
    from dashboard import web

    web.clear()

    def make(**params) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        assert not at.exception, at.exception
        return at

    return make


def sign_in(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    at.text_input[0].input(name)
    at.text_input[1].input(password)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def metrics(at):
    return {m.label: m.value for m in at.metric}


def audit_rows(url):
    with get_engine(url).connect() as c:
        return c.execute(select(audit_event.c.actor, audit_event.c.action)).all()


def test_nothing_without_signing_in(app):
    at = app(period="2024-Q1", unit="99")
    assert at.title[0].value == "Giám sát cải cách hành chính"
    assert not at.metric and len(at.text_input) == 2


def test_wrong_password_is_refused_and_recorded(app, fixture_url):
    at = sign_in(app(), "chutich", "sai-mat-khau-roi")
    assert "không đúng" in at.error[0].value and not at.metric
    assert ("chutich", "login_failed") in audit_rows(fixture_url)


def test_province_leader_sees_the_province(app, fixture_url):
    at = sign_in(app(period="2024-Q1", unit="99"), "chutich")
    assert metrics(at)["Tỷ lệ đúng hạn"] == "81,2%"
    assert ("chutich", "login") in audit_rows(fixture_url)


def test_commune_leader_cannot_forge_another_commune(app):
    at = sign_in(app(period="2024-Q1", unit="003"), "anhoa")
    # 003 is not theirs: refused, and the page shows their own commune (4 of 6 on time).
    assert metrics(at)["Tỷ lệ đúng hạn"] == "66,7%"
    assert at.query_params["unit"] == "001"
    at.query_params["unit"] = "99"  # the province, by editing the link
    at.run()
    assert any("không có quyền" in e.value for e in at.error)
    assert metrics(at)["Tỷ lệ đúng hạn"] == "66,7%"
    # The commune list offers only their commune, and no whole province.
    assert at.selectbox(key="commune__vi").options == ["Xã An Hòa"]


def test_ban_dan_van_opens_on_the_rollout_page(app):
    at = sign_in(app(period="2024-Q1"), "bdv")
    assert at.title[0].value == "Triển khai mô hình cải cách"
    with pytest.raises(ValueError, match=r"Known pages: .*rollout.py.*dialogue.py'\]"):
        at.switch_page(str(ROOT / "pages" / "on_time.py"))  # not in their navigation


@pytest.mark.parametrize(
    "page", ["overview", "on_time", "satisfaction", "rollout", "dialogue", "maps"]
)
def test_commune_leader_sees_only_their_units_on_every_page(app, page):
    """Signed in as the leader of 001 with a link forged for 003: every page renders, and
    nothing of 003 (Xã Cát Tiên, or Xã Cát and Xã Đào that went into it) appears anywhere."""
    at = sign_in(app(period="2024-Q1", unit="003"), "anhoa")
    if page != "overview":
        at.switch_page(str(ROOT / "pages" / f"{page}.py")).run()
    assert not at.exception, at.exception
    assert at.query_params["unit"] == "001"
    texts = [
        str(e.value)
        for kind in (
            "markdown",
            "caption",
            "title",
            "subheader",
            "metric",
            "error",
            "info",
            "warning",
            "success",
        )
        for e in getattr(at, kind)
    ]
    for df in at.dataframe:
        texts.append(df.value.to_string())
    blob = "\n".join(texts)
    for other in ("Xã Cát Tiên", "Xã Cát\n", "Xã Đào", "L003", "L005"):
        assert other not in blob, (page, other)
