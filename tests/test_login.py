"""Sign-in, roles and scope in the running app (AppTest, local users file, fixture database).

The browser's HttpOnly session cookie reaches a page script as ``st.context.cookies``, which
AppTest cannot seed: these tests create a real session in the database (as the sign-in route
does) and hand its token to ``dashboard.web.login.session_token``. The sign-in page and cookie
themselves are tested in tests/test_sessions.py and, in Chromium, in tests/e2e.
"""

from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from dashboard.access import sessions
from dashboard.access import users as auth
from dashboard.storage.db import get_engine
from dashboard.storage.schema import audit_event, user_session
from dashboard.web import login, signin
from tests.test_pages import APP

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture
def users_path(tmp_path, monkeypatch):
    users = tmp_path / "users.json"
    for name, role, unit in (
        ("chutich", "province_leader", "99"),
        ("anhoa", "commune_leader", "001"),
        ("bdv", "ban_dan_van", None),
    ):
        auth.add_user(name, role, unit, PASSWORD, path=users)
    monkeypatch.setenv("OVERSIGHT_USERS_FILE", str(users))
    return users


@pytest.fixture
def app(fixture_url, monkeypatch, users_path):
    monkeypatch.setenv("OVERSIGHT_AUTH", "local")
    monkeypatch.setenv("DATABASE_URL", fixture_url)
    token = {"value": None}
    monkeypatch.setattr(login, "session_token", lambda: token["value"])
    from dashboard import web

    web.clear()

    def make(user: str | None = None, **params) -> AppTest:
        """The app as ``user`` (signed in on /dang-nhap), or as nobody."""
        token["value"] = sessions.create(get_engine(fixture_url), user) if user else None
        at = AppTest.from_file(APP, default_timeout=60)
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        assert not at.exception, at.exception
        return at

    make.token = token
    return make


def metrics(at):
    return {m.label: m.value for m in at.metric}


def audit_rows(url):
    with get_engine(url).connect() as c:
        return c.execute(select(audit_event.c.actor, audit_event.c.action)).all()


def test_nothing_without_signing_in(app):
    at = app(period="2024-Q1", unit="99")
    assert at.title[0].value == "Giám sát cải cách hành chính"
    assert not at.metric and not at.dataframe
    assert "oversight serve" in at.warning[0].value  # a bare `streamlit run app.py`


def test_without_a_session_the_browser_goes_to_the_sign_in_page(app, monkeypatch):
    """Served by dashboard/web/server.py: back to /dang-nhap, with this page and view as
    ``next`` (read by the browser from its own address)."""
    monkeypatch.setitem(signin.MOUNTED, "yes", True)
    at = app(period="2024-Q1", unit="99")
    assert not at.metric
    html = [e for e in at.main.children.values() if type(e).__name__ == "Html"]
    assert html and "/dang-nhap" in html[0].proto.body
    assert "window.location.pathname + window.location.search" in html[0].proto.body


def test_province_leader_sees_the_province(app):
    at = app("chutich", period="2024-Q1", unit="99")
    assert metrics(at)["Tỷ lệ đúng hạn"] == "81,2%"
    assert "chutich" in at.sidebar.caption[0].value


def test_a_session_ended_elsewhere_ends_here_at_the_next_click(app, fixture_url):
    """Sign-out in another tab, a new password or `oversight user disable`: the next run of
    this tab finds no session (before issue 13 a removed user's session kept working)."""
    at = app("chutich", period="2024-Q1", unit="99")
    assert metrics(at)["Tỷ lệ đúng hạn"] == "81,2%"
    sessions.end_user(get_engine(fixture_url), "chutich")
    at.run()
    assert not at.metric and not at.exception


def test_a_disabled_or_removed_user_is_out_at_once(app):
    at = app("chutich", period="2024-Q1", unit="99")
    auth.set_disabled("chutich", True)
    at.run()
    assert not at.metric
    auth.set_disabled("chutich", False)
    at = app("anhoa", period="2024-Q1")
    auth.remove_user("anhoa")
    at.run()
    assert not at.metric


def test_sign_out_ends_every_session_of_the_user(app, fixture_url):
    other = sessions.create(get_engine(fixture_url), "chutich")  # e.g. the office PC
    at = app("chutich", period="2024-Q1", unit="99")
    at.sidebar.button(key="logout").click().run()
    assert not at.exception
    with get_engine(fixture_url).connect() as c:
        left = c.execute(
            select(user_session.c.token_hash).where(user_session.c.username == "chutich")
        ).all()
    assert left == []
    assert sessions.check(get_engine(fixture_url), other) is None
    assert ("chutich", "logout") in audit_rows(fixture_url)


def test_commune_leader_cannot_forge_another_commune(app, fixture_url):
    at = app("anhoa", period="2024-Q1", unit="003")
    # 003 is not theirs: refused, and the page shows their own commune (4 of 6 on time).
    assert metrics(at)["Tỷ lệ đúng hạn"] == "66,7%"
    assert at.query_params["unit"] == "001"
    at.query_params["unit"] = "99"  # the province, by editing the link
    at.run()
    assert any("không có quyền" in e.value for e in at.error)
    assert metrics(at)["Tỷ lệ đúng hạn"] == "66,7%"
    # The commune list offers only their commune, and no whole province.
    assert at.selectbox(key="commune__vi").options == ["Xã An Hòa"]
    # Both refusals are in the audit record (before issue 13 none was).
    with get_engine(fixture_url).connect() as c:
        refused = c.execute(
            select(audit_event.c.actor, audit_event.c.detail).where(
                audit_event.c.action == "scope_denied"
            )
        ).all()
    assert ("anhoa", "page=overview unit=003") in refused
    assert ("anhoa", "page=overview unit=99") in refused


def test_ban_dan_van_opens_on_the_rollout_page(app):
    at = app("bdv", period="2024-Q1")
    assert at.title[0].value == "Triển khai mô hình cải cách"
    with pytest.raises(ValueError, match=r"Known pages: .*rollout.py.*dialogue.py'\]"):
        at.switch_page(str(ROOT / "pages" / "on_time.py"))  # not in their navigation


def test_a_user_whose_unit_is_not_in_the_database_gets_a_message(app, users_path):
    """A hand-edited users file (before issue 13, `user add --unit NOPE` was accepted and
    every page then crashed for that user)."""
    import json

    raw = json.loads(users_path.read_text())
    raw["users"].append(dict(username="lac", role="commune_leader", unit="NOPE"))
    users_path.write_text(json.dumps(raw))
    for page in ("overview", "on_time", "maps"):
        at = app("lac", period="2024-Q1")
        if page != "overview":
            at.switch_page(str(ROOT / "pages" / f"{page}.py")).run()
        assert not at.exception, (page, at.exception)
        assert "NOPE" in at.error[0].value and "quản trị viên" in at.error[0].value
        assert not at.metric


@pytest.mark.parametrize(
    "page",
    [
        "overview",
        "on_time",
        "satisfaction",
        "rollout",
        "dialogue",
        "index766",
        "maps",
        "directives",
    ],
)
def test_commune_leader_sees_only_their_units_on_every_page(app, page):
    """Signed in as the leader of 001 with a link forged for 003: every page renders, and
    nothing of 003 (Xã Cát Tiên, or Xã Cát and Xã Đào that went into it) appears anywhere."""
    at = app("anhoa", period="2024-Q1", unit="003")
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


# --- OpenID Connect (OVERSIGHT_AUTH=oidc): signing in through st.login, as before issue 13 ---


@pytest.fixture
def oidc(fixture_url, monkeypatch, users_path):
    """The app with OpenID Connect: ``st.user`` as the identity provider left it (AppTest
    seeds it), the users file mapping e-mails to roles and units."""
    monkeypatch.setenv("OVERSIGHT_AUTH", "oidc")
    monkeypatch.setenv("DATABASE_URL", fixture_url)
    auth.add_user("lanhdao", "province_leader", "99", email="LanhDao@tinh.gov.vn", path=users_path)
    auth.add_user("nghiviec", "viewer", None, email="nghiviec@tinh.gov.vn", path=users_path)
    auth.set_disabled("nghiviec", True, path=users_path)
    from dashboard import web

    web.clear()

    def make(email: str | None = None, **params) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        at.user = {"is_logged_in": True, "email": email} if email else {"is_logged_in": False}
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        assert not at.exception, at.exception
        return at

    return make


def test_oidc_sign_in_works_as_before(oidc, fixture_url):
    """Signed out: one button that starts st.login, nothing else. Signed in at the provider
    with an e-mail the users file knows (any case): that user's role, unit and pages, the
    sign-in recorded once (not at every click), and the session cookie is not needed."""
    at = oidc(period="2024-Q1", unit="99")
    assert [b.label for b in at.button] == ["Đăng nhập bằng tài khoản công vụ"]
    assert not at.metric and not at.error

    at = oidc("lanhdao@tinh.gov.vn", period="2024-Q1", unit="99")
    assert metrics(at)["Tỷ lệ đúng hạn"] == "81,2%"
    assert "lanhdao" in at.sidebar.caption[0].value
    at.run()  # a click later: still signed in, not recorded again
    assert metrics(at)["Tỷ lệ đúng hạn"] == "81,2%"
    assert audit_rows(fixture_url).count(("lanhdao", "login")) == 1
    # Their scope holds as for a local user: a link forged for another province is refused.
    at = oidc("lanhdao@tinh.gov.vn", period="2024-Q1", unit="01")
    assert at.query_params["unit"] == "99"


def test_oidc_deep_link_survives_sign_in(oidc):
    """The identity provider returns to the root: signed out, the page asks the browser to keep
    its own path and query; on the first run signed in it goes back there once (a same-site
    path only), and not again on later runs."""

    def scripts(at: AppTest) -> str:
        return " ".join(str(h.proto.body) for h in at.get("html"))

    at = oidc(period="2024-Q1", unit="99")
    assert "sessionStorage.setItem('oversight_next',window.location.pathname" in scripts(at)
    at = oidc("lanhdao@tinh.gov.vn")
    back = scripts(at)
    assert "sessionStorage.getItem('oversight_next')" in back
    assert "n.charAt(0)==='/'&&n.charAt(1)!=='/'" in back  # never another host
    at.run()
    assert "oversight_next" not in scripts(at)


@pytest.mark.parametrize("email", ["la@nguoi.khac", "nghiviec@tinh.gov.vn"])
def test_oidc_without_a_role_or_disabled_is_refused_and_recorded(oidc, fixture_url, email):
    before = audit_rows(fixture_url).count(("?", "login_failed"))
    at = oidc(email, period="2024-Q1", unit="99")
    assert not at.metric
    assert "chưa được phân quyền" in at.error[0].value
    assert [b.label for b in at.button] == ["Đăng xuất"]
    at.run()  # recorded once per browser session, with no name (the e-mail is not a user's)
    assert audit_rows(fixture_url).count(("?", "login_failed")) == before + 1


@pytest.mark.parametrize(
    "url, title",
    [
        ("sqlite:////nonexistent-folder-13/db.sqlite", "Không tìm thấy thư mục"),
        ("postgresql+psycopg://nobody:pw@127.0.0.1:1/none", "Không kết nối được cơ sở dữ liệu"),
    ],
)
@pytest.mark.parametrize("email", [None, "lanhdao@tinh.gov.vn", "la@nguoi.khac"])
def test_oidc_database_problem_is_one_friendly_message(oidc, monkeypatch, url, title, email):
    """With OpenID Connect too, a database that cannot be used says so before anyone signs in
    (before this, a missing SQLite folder raised at the sign-in record, and the sign-in button
    was offered with the database down)."""
    monkeypatch.setenv("DATABASE_URL", url)
    at = oidc(email, period="2024-Q1", unit="99")
    assert title in at.error[0].value
    assert not at.metric and not at.button
    shown = " ".join(str(e.value) for e in at.error)
    for leak in ("nonexistent-folder", "127.0.0.1", "nobody", "Traceback"):
        assert leak not in shown
