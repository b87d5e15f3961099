"""Sign-in that lasts, ends when it must, and cannot be guessed at: sessions in the database,
back-off and lock, the sign-in routes and gate (dashboard/web/signin.py), and what is recorded.

Sessions and attempts run on both databases (``engine``); the HTTP side runs through
Starlette's test client against a small app made of the real routes and gate."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from dashboard.access import attempts, audit, sessions
from dashboard.access import users as auth
from dashboard.storage.db import make_engine, migrate
from dashboard.storage.schema import audit_event, login_throttle, user_session

PASSWORD = "mat-khau-thu-nghiem"
T0 = datetime(2026, 11, 26, 9, 0, 0)


@pytest.fixture
def users(tmp_path, monkeypatch):
    path = tmp_path / "users.json"
    monkeypatch.setenv("OVERSIGHT_USERS_FILE", str(path))
    auth.add_user("chutich", "province_leader", "33", PASSWORD, path=path)
    auth.add_user("canbo", "data_officer", None, PASSWORD, path=path)
    return path


def rows(engine, table):
    with engine.connect() as c:
        return [dict(r) for r in c.execute(select(table)).mappings()]


# --- sessions ------------------------------------------------------------------------------


def test_a_session_is_a_random_token_kept_only_as_its_hash(engine, users):
    token = sessions.create(engine, "chutich", "10.0.0.7")
    other = sessions.create(engine, "chutich", "10.0.0.7")
    assert token != other and len(token) >= 40
    stored = rows(engine, user_session)
    assert len(stored) == 2
    assert all(token not in str(r) and other not in str(r) for r in stored)
    live = sessions.check(engine, token)
    assert live.username == "chutich" and live.user.unit == "33"
    assert sessions.check(engine, token + "x") is None
    assert sessions.check(engine, None) is None


def test_idle_and_absolute_limits(engine, users, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_SESSION_IDLE_HOURS", "8")
    monkeypatch.setenv("OVERSIGHT_SESSION_MAX_DAYS", "7")
    monkeypatch.setattr(sessions, "_now", lambda: T0)
    token = sessions.create(engine, "chutich")
    # Used every 7 hours (idle < 8 h): alive up to 6 days 23 hours (167 h) ...
    for hours in range(7, 168, 7):
        assert sessions.check(engine, token, now=T0 + timedelta(hours=hours)) is not None
    # ... and over 7 days after it began, ended however active (idle only 1 h 1 min here).
    assert sessions.check(engine, token, now=T0 + timedelta(days=7, minutes=1)) is None
    assert rows(engine, user_session) == []  # the expired row is gone
    idle = sessions.create(engine, "chutich")
    assert sessions.check(engine, idle, now=T0 + timedelta(hours=8, minutes=1)) is None


def test_sign_out_new_password_disable_and_remove_end_every_session(engine, users):
    a, b = sessions.create(engine, "chutich"), sessions.create(engine, "chutich")
    mine = sessions.create(engine, "canbo")
    assert sessions.end_user(engine, "chutich") == 2
    assert sessions.check(engine, a) is None and sessions.check(engine, b) is None
    assert sessions.check(engine, mine) is not None
    # A disabled or removed user's session is refused even if its row were still there.
    c = sessions.create(engine, "canbo")
    auth.set_disabled("canbo", True)
    assert sessions.check(engine, c) is None
    auth.set_disabled("canbo", False)
    d = sessions.create(engine, "canbo")
    auth.remove_user("canbo")
    assert sessions.check(engine, d) is None


# --- attempts -------------------------------------------------------------------------------


def test_back_off_then_lock_per_user(engine, monkeypatch):
    """Back-off 1 s after the 2nd failure, doubling; locked after the 5th for 15 minutes."""
    monkeypatch.setenv("OVERSIGHT_LOGIN_BACKOFF_SECONDS", "1")
    monkeypatch.setenv("OVERSIGHT_LOGIN_LOCK_AFTER", "5")
    monkeypatch.setenv("OVERSIGHT_LOGIN_LOCK_MINUTES", "15")
    now = T0
    assert attempts.check(engine, "chutich", "10.0.0.7", now).ok
    v = attempts.failed(engine, "chutich", "10.0.0.7", now)
    assert v.ok  # one failure: no wait
    v = attempts.failed(engine, "chutich", "10.0.0.7", now)
    assert (v.state, v.seconds) == ("wait", 1)  # 2 failures: 1 s
    now += timedelta(seconds=1)
    assert attempts.check(engine, "chutich", "10.0.0.7", now).ok
    v = attempts.failed(engine, "chutich", "10.0.0.7", now)
    assert (v.state, v.seconds) == ("wait", 2)  # 3 failures: 2 s
    now += timedelta(seconds=2)
    v = attempts.failed(engine, "chutich", "10.0.0.7", now)
    assert (v.state, v.seconds) == ("wait", 4)  # 4 failures: 4 s
    now += timedelta(seconds=4)
    v = attempts.failed(engine, "chutich", "10.0.0.7", now)
    assert v.locked_now and v.state == "locked" and v.seconds == 15 * 60
    # Locked for the right password too, from another address as well.
    assert attempts.check(engine, "chutich", "10.9.9.9", now + timedelta(minutes=14)).state == (
        "locked"
    )
    assert attempts.check(engine, "chutich", "10.9.9.9", now + timedelta(minutes=15)).ok
    # A success clears the username's count.
    attempts.failed(engine, "chutich", None, now + timedelta(minutes=16))
    attempts.succeeded(engine, "chutich")
    assert [r["kind"] for r in rows(engine, login_throttle)] == ["client"]


def test_an_address_is_locked_after_many_usernames(engine, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_LOGIN_BACKOFF_SECONDS", "0")
    monkeypatch.setenv("OVERSIGHT_LOGIN_LOCK_AFTER_CLIENT", "4")
    for _ in range(3):
        assert attempts.failed(engine, None, "10.0.0.8", T0).ok
    v = attempts.failed(engine, None, "10.0.0.8", T0)
    assert v.locked_now and v.state == "locked"
    assert attempts.check(engine, "chutich", "10.0.0.8", T0).state == "locked"
    assert attempts.check(engine, "chutich", "10.0.0.9", T0).ok


# --- the audit record -----------------------------------------------------------------------


def test_audit_rows_cannot_be_changed_or_deleted(engine):
    """Append-only on both databases, for every role (triggers; PostgreSQL grants are in
    tests/test_pg_roles.py)."""
    from sqlalchemy import delete, update
    from sqlalchemy.exc import DBAPIError

    audit.record(engine, "chutich", "login", "x", client="10.0.0.7")
    for stmt in (update(audit_event).values(actor="other"), delete(audit_event)):
        with pytest.raises(DBAPIError, match="append-only"):
            with engine.begin() as c:
                c.execute(stmt)
    [row] = rows(engine, audit_event)
    assert (row["actor"], row["action"], row["client"]) == ("chutich", "login", "10.0.0.7")


# --- the HTTP side: sign-in page, cookie, gate ------------------------------------------------


@pytest.fixture
def web(tmp_path, users, monkeypatch):
    """The real sign-in routes and gate in front of a stand-in page, on a fresh database."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    from dashboard.web import signin

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    eng = make_engine(url)
    migrate(eng)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("OVERSIGHT_AUTH", "local")
    monkeypatch.setenv("OVERSIGHT_LOGIN_BACKOFF_SECONDS", "0")
    monkeypatch.setenv("OVERSIGHT_LOGIN_LOCK_AFTER", "3")

    async def page(request):  # noqa: ANN001, ANN202 - what Streamlit would serve
        return PlainTextResponse(f"page {request.url.path}?{request.url.query}")

    app = Starlette(
        routes=[*signin.routes(), Route("/{path:path}", page)],
        middleware=[Middleware(signin.SessionGate)],
    )
    client = TestClient(app, base_url="http://dash.test", follow_redirects=False)
    client.engine = eng
    yield client
    eng.dispose()


HTML = {"Accept": "text/html,application/xhtml+xml"}


def form(client, next_url="/", lang=None):  # noqa: ANN001
    """The sign-in form's hidden fields (and its CSRF cookie, kept by the client)."""
    import re

    q = {"next": next_url} | ({"lang": lang} if lang else {})
    r = client.get("/dang-nhap", params=q, headers=HTML)
    assert r.status_code == 200
    fields = dict(re.findall(r'name="(next|csrf|lang)" value="([^"]*)"', r.text))
    return {k: v.replace("&amp;", "&") for k, v in fields.items()}


def post(client, username, password, next_url="/"):  # noqa: ANN001
    data = form(client, next_url) | {"username": username, "password": password}
    return client.post("/dang-nhap", data=data, headers=HTML)


def test_a_shared_link_survives_signing_in(web):
    link = "/dung-han?period=2024-Q1&unit=33"
    r = web.get(link, headers=HTML)
    assert r.status_code == 303
    where = urlsplit(r.headers["location"])
    assert where.path == "/dang-nhap" and parse_qs(where.query)["next"] == [link]
    r = post(web, "chutich", PASSWORD, link)
    assert r.status_code == 303 and r.headers["location"] == link
    cookie = r.headers["set-cookie"]
    assert "oversight_session=" in cookie
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Max-Age=604800" in cookie  # 7 days; the idle limit is kept on the server
    r = web.get(link, headers=HTML)  # the cookie goes with every later page load
    assert r.status_code == 200 and r.text == "page /dung-han?period=2024-Q1&unit=33"
    r = web.get("/hai-long", headers=HTML)  # another page, as a second tab would
    assert r.status_code == 200
    [login] = [e for e in rows(web.engine, audit_event) if e["action"] == "login"]
    assert login["actor"] == "chutich" and login["client"] == "testclient"


def test_next_never_leaves_the_dashboard(web):
    from dashboard.web.signin import safe_next

    for bad in ("https://evil.example/x", "//evil.example", "/\\evil", "javascript:alert(1)"):
        assert safe_next(bad) == "/"
        r = post(web, "chutich", PASSWORD, bad)
        assert r.headers["location"] == "/"


def test_wrong_password_is_refused_plainly_and_recorded(web):
    r = post(web, "chutich", "sai-mat-khau-roi")
    assert r.status_code == 401 and "Tên đăng nhập hoặc mật khẩu không đúng." in r.text
    assert "oversight_session=" not in r.headers.get("set-cookie", "")
    [e] = rows(web.engine, audit_event)
    assert (e["actor"], e["action"], e["detail"]) == ("chutich", "login_failed", "wrong password")


def test_a_password_typed_as_the_username_is_never_stored(web):
    """Before issue 13 the typed text was stored as the audit actor."""
    secret = "Mat-Khau-Bi-Mat-2026"
    post(web, secret, "x")
    stored = rows(web.engine, audit_event) + rows(web.engine, login_throttle)
    assert stored and secret not in repr(stored)
    [e] = rows(web.engine, audit_event)
    assert (e["actor"], e["action"], e["detail"]) == ("?", "login_failed", "unknown username")


def test_lock_after_the_set_number_of_failures(web):
    """40 wrong passwords in 7 s, then the right one, signed in before issue 13."""
    for _ in range(2):
        assert post(web, "chutich", "sai-mat-khau-roi").status_code == 401
    r = post(web, "chutich", "sai-mat-khau-roi")  # the 3rd (OVERSIGHT_LOGIN_LOCK_AFTER=3)
    assert r.status_code == 429 and "tạm khóa" in r.text
    r = post(web, "chutich", PASSWORD)  # the right password is refused while locked
    assert r.status_code == 429 and "oversight_session=" not in r.headers.get("set-cookie", "")
    actions = [e["action"] for e in rows(web.engine, audit_event)]
    assert actions == ["login_failed"] * 3 + ["login_locked", "login_throttled"]


def test_the_form_needs_its_own_token(web):
    form(web)
    r = web.post("/dang-nhap", data={"username": "chutich", "password": PASSWORD, "csrf": "guess"})
    assert r.status_code == 400 and "oversight_session=" not in r.headers.get("set-cookie", "")


def test_sign_in_page_escapes_what_it_repeats(web):
    data = form(web) | {"username": '"><img src=x onerror=alert(1)>', "password": "x"}
    r = web.post("/dang-nhap", data=data, headers=HTML)
    assert "<img" not in r.text and "&lt;img" in r.text


def test_english_sign_in_page(web):
    r = web.get("/dang-nhap", params={"next": "/dung-han?lang=en"}, headers=HTML)
    assert "Sign in" in r.text and "Username" in r.text


@pytest.mark.parametrize(
    "url, title",
    [
        ("postgresql+psycopg://nobody:pw@127.0.0.1:1/none", "Không kết nối được cơ sở dữ liệu"),
        ("nosuchdb://x", "Cấu hình cơ sở dữ liệu chưa đúng"),
        ("sqlite:////nonexistent-folder-13/db.sqlite", "Không tìm thấy thư mục"),
    ],
)
def test_a_database_that_cannot_be_used_shows_one_friendly_page(
    web, monkeypatch, url, title, caplog
):
    """Before issue 13 the sign-in showed a 43-frame traceback naming host and port."""
    monkeypatch.setenv("DATABASE_URL", url)
    for r in (web.get("/dung-han?unit=33", headers=HTML), web.get("/dang-nhap", headers=HTML)):
        assert r.status_code == 503 and title in r.text
        for leak in ("127.0.0.1", ":1/", "nobody", "Traceback", "nonexistent-folder", "nosuchdb"):
            assert leak not in r.text
    assert any("database problem" in m for m in caplog.messages)  # the detail is logged


def test_an_unmigrated_database_says_so(web, monkeypatch, tmp_path):
    empty = tmp_path / "empty.sqlite"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{empty}")
    r = web.get("/dung-han", headers=HTML)
    assert r.status_code == 503 and "Cơ sở dữ liệu chưa sẵn sàng" in r.text
    assert "oversight init-db" in r.text


def test_only_page_loads_are_gated(web):
    assert web.get("/_stcore/health").status_code == 200  # Streamlit's own paths pass
    assert web.get("/static/js/app.js", headers=HTML).status_code == 200
    assert web.get("/dung-han", headers={"Accept": "*/*"}).status_code == 200


@pytest.mark.parametrize("mode", ["oidc", "none"])
def test_with_openid_connect_or_the_demo_the_gate_stands_aside(web, monkeypatch, mode):
    """OVERSIGHT_AUTH=oidc signs in through Streamlit's own st.login routes (/auth/login,
    /oauth2callback), as before issue 13: the gate lets page loads through to the page script
    (which checks st.user) and the local sign-in page sends the browser back to the app."""
    monkeypatch.setenv("OVERSIGHT_AUTH", mode)
    r = web.get("/dung-han?unit=33", headers=HTML)
    assert r.status_code == 200 and r.text == "page /dung-han?unit=33"
    assert web.get("/dang-nhap", headers=HTML).headers["location"] == "/"
    assert web.post("/dang-nhap", data={"username": "x", "password": "y"}).status_code == 303


def test_the_demo_without_sign_in_stays_on_this_machine(monkeypatch, capsys):
    """OVERSIGHT_AUTH=none serves only on a loopback address unless forced."""
    from dashboard import cli
    from dashboard.storage.settings import open_demo_refusal

    monkeypatch.setenv("OVERSIGHT_AUTH", "none")
    for addr in ("127.0.0.1", "::1", "localhost", "127.0.1.1"):
        assert open_demo_refusal(addr) is None
    for addr in ("0.0.0.0", "", None, "10.0.0.5", "::"):
        assert "loopback" in open_demo_refusal(addr)
    assert cli.main(["serve", "--address", "0.0.0.0"]) == 2  # refused before starting
    assert "OVERSIGHT_AUTH_NONE_ANY_ADDRESS=1" in capsys.readouterr().err
    monkeypatch.setenv("OVERSIGHT_AUTH_NONE_ANY_ADDRESS", "1")
    assert open_demo_refusal("0.0.0.0") is None
    monkeypatch.setenv("OVERSIGHT_AUTH", "local")
    monkeypatch.delenv("OVERSIGHT_AUTH_NONE_ANY_ADDRESS")
    assert open_demo_refusal("0.0.0.0") is None  # sign-in protects a network address
