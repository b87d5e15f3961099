"""Sign-in over plain HTTP, beside Streamlit: the session cookie, the sign-in page, the gate.

Streamlit scripts cannot set cookies (they talk to the browser over a WebSocket), and an
HttpOnly cookie must come from an HTTP response. So the dashboard runs as ``st.App``
(``dashboard/web/server.py``) with three additions, all here and free of Streamlit:

- ``GET /dang-nhap``: a small sign-in page (bilingual, readable on a phone, no script);
- ``POST /dang-nhap``: checks the back-off and lock (``dashboard.access.attempts``), the
  password, records the attempt, creates a session in the database
  (``dashboard.access.sessions``) and answers with the HttpOnly, SameSite=Lax cookie and a
  redirect to ``next``: the page and view the person asked for;
- ``SessionGate``: an ASGI middleware that sends a browser opening any page without a live
  session to ``/dang-nhap?next=<that page and its query>``, and shows one friendly page when
  the database is down, misconfigured or not migrated (the detail goes to the server log).

The page scripts check the session again on every run (``dashboard/web/login.py``), so the
gate is a convenience for links; the scripts are the lock. Only ``OVERSIGHT_AUTH=local`` uses
any of this; with ``oidc`` Streamlit's own ``st.login`` routes do the work, with ``none`` nothing
is checked.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import secrets
from urllib.parse import parse_qs, quote, urlsplit

from dashboard.access import attempts, audit, sessions
from dashboard.access import users as auth
from dashboard.domain.escape import html as h
from dashboard.i18n import LANGS, t
from dashboard.storage import settings
from dashboard.storage.db import DatabaseUnavailable, diagnose, get_engine
from dashboard.storage.settings import open_demo_refusal  # noqa: F401 - for the server

log = logging.getLogger("oversight.signin")

SIGN_IN = "dang-nhap"
CSRF_COOKIE = "oversight_csrf"
# Paths Streamlit serves for itself; never pages.
_NOT_PAGES = ("_stcore/", "static/", "media/", "component/", "auth/", "oauth2callback", "app/")
# Set when dashboard/web/server.py mounts these routes in this process: the page scripts then
# know a sign-in page exists to send people to.
MOUNTED = {"yes": False}


def mode() -> str:
    return settings.get("OVERSIGHT_AUTH")


def base_path() -> str:
    """ "/dashboard" when Streamlit serves under server.baseUrlPath = dashboard, else ""."""
    try:
        from streamlit import config

        base = (config.get_option("server.baseUrlPath") or "").strip("/")
    except Exception:  # noqa: BLE001 - outside a Streamlit server
        base = ""
    return f"/{base}" if base else ""


def sign_in_path() -> str:
    return f"{base_path()}/{SIGN_IN}"


# --- who is asking -------------------------------------------------------------------------


def _trusted(addr: str | None) -> bool:
    wanted = [a.strip() for a in settings.get("OVERSIGHT_TRUSTED_PROXIES").split(",") if a.strip()]
    if not addr or not wanted:
        return False
    try:
        ip = ipaddress.ip_address(addr)
    except ValueError:
        return addr in wanted
    for w in wanted:
        try:
            if ip in ipaddress.ip_network(w, strict=False):
                return True
        except ValueError:
            continue
    return False


def _header(scope, name: bytes) -> str | None:  # noqa: ANN001 - an ASGI scope
    for k, v in scope.get("headers") or ():
        if k.lower() == name:
            return v.decode("latin-1")
    return None


def client_address(scope) -> str | None:  # noqa: ANN001
    """The client's address: the connection's, or, behind a trusted reverse proxy, the last
    address in X-Forwarded-For that is not itself a trusted proxy."""
    peer = (scope.get("client") or (None,))[0]
    if not _trusted(peer):
        return peer
    chain = [a.strip() for a in (_header(scope, b"x-forwarded-for") or "").split(",") if a.strip()]
    for addr in reversed(chain):
        if not _trusted(addr):
            return addr[:64]
    return peer


def is_https(scope) -> bool:  # noqa: ANN001
    if scope.get("scheme") == "https":
        return True
    peer = (scope.get("client") or (None,))[0]
    return _trusted(peer) and (_header(scope, b"x-forwarded-proto") or "").lower() == "https"


def _cookie_secure(scope) -> bool:  # noqa: ANN001
    value = settings.get("OVERSIGHT_COOKIE_SECURE").lower()
    if value in ("1", "true", "yes"):
        return True
    if value in ("0", "false", "no"):
        return False
    return is_https(scope)


def _cookies(scope) -> dict[str, str]:  # noqa: ANN001
    from http.cookies import SimpleCookie

    jar = SimpleCookie()
    try:
        jar.load(_header(scope, b"cookie") or "")
    except Exception:  # noqa: BLE001 - a malformed cookie header is no cookie
        return {}
    return {k: m.value for k, m in jar.items()}


# --- where to go after signing in ------------------------------------------------------------


def safe_next(value: str | None) -> str:
    """``value`` when it is a path of this dashboard (never another site), else its root."""
    root = base_path() + "/"
    if not value or len(value) > 2000:
        return root
    parts = urlsplit(value)
    if (
        parts.scheme
        or parts.netloc
        or not value.startswith(root)
        or value.startswith("//")
        or "\\" in value
        or any(ord(c) < 32 for c in value)
        or parts.path.rstrip("/") == sign_in_path()
    ):
        return root
    return value


def _lang_of(request_lang: str | None, next_url: str) -> str:
    if request_lang in LANGS:
        return request_lang
    q = parse_qs(urlsplit(next_url).query).get("lang", [""])[0]
    return (
        q
        if q in LANGS
        else (settings.get("OVERSIGHT_LANG") if settings.get("OVERSIGHT_LANG") in LANGS else "vi")
    )


# --- pages ------------------------------------------------------------------------------------

_CSS = """
*{box-sizing:border-box}
body{margin:0;font-family:"Source Sans Pro","Segoe UI",Roboto,Arial,sans-serif;background:#f4f6f9;
color:#1f2937;line-height:1.45}
main{max-width:26rem;margin:8vh auto 2rem;padding:0 1rem}
.card{background:#fff;border:1px solid #dde3ea;border-radius:.6rem;padding:1.5rem 1.25rem}
h1{font-size:1.35rem;margin:0 0 .25rem;color:#0b5cad}
h2{font-size:1.1rem;margin:0 0 1rem;font-weight:600}
label{display:block;font-size:.95rem;margin:.75rem 0 .25rem}
input[type=text],input[type=password]{width:100%;font-size:1rem;padding:.6rem .7rem;
border:1px solid #b8c2cc;border-radius:.4rem}
button{margin-top:1.2rem;width:100%;font-size:1rem;padding:.65rem;border:0;border-radius:.4rem;
background:#0b5cad;color:#fff;cursor:pointer}
.msg{padding:.6rem .75rem;border-radius:.4rem;margin:0 0 .75rem;font-size:.95rem;overflow-wrap:anywhere}
.err{background:#fdecea;color:#8a1c12}.info{background:#e8f1fb;color:#0b3d75}
.hint{font-size:.85rem;color:#5b6670;margin-top:1rem}
nav{font-size:.85rem;text-align:right;margin-bottom:.5rem}nav a{color:#0b5cad}
"""


def _page(lang: str, title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="{h(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{h(title)}</title><style>{_CSS}</style></head>"
        f"<body><main>{body}</main></body></html>"
    )


def sign_in_html(
    lang: str,
    next_url: str,
    csrf: str,
    message: str | None = None,
    kind: str = "err",
    username: str = "",
) -> str:
    other = "en" if lang == "vi" else "vi"
    switch = (
        f'<nav><a href="{h(sign_in_path())}?lang={other}&amp;next={h(quote(next_url, safe=""))}">'
        f"{'English' if other == 'en' else 'Tiếng Việt'}</a></nav>"
    )
    msg = f'<p class="msg {kind}" role="alert">{h(message)}</p>' if message else ""
    body = (
        f'{switch}<div class="card"><h1>{h(t("app_title", lang))}</h1>'
        f"<h2>{h(t('login_title', lang))}</h2>{msg}"
        f'<form method="post" action="{h(sign_in_path())}" autocomplete="on">'
        f'<input type="hidden" name="next" value="{h(next_url)}">'
        f'<input type="hidden" name="csrf" value="{h(csrf)}">'
        f'<input type="hidden" name="lang" value="{h(lang)}">'
        f'<label for="u">{h(t("login_username", lang))}</label>'
        f'<input id="u" type="text" name="username" value="{h(username)}" '
        'autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus>'
        f'<label for="p">{h(t("login_password", lang))}</label>'
        '<input id="p" type="password" name="password" autocomplete="current-password" required>'
        f'<button type="submit">{h(t("login_button", lang))}</button></form>'
        f'<p class="hint">{h(t("login_hint", lang))}</p></div>'
    )
    return _page(lang, t("login_title", lang), body)


PROBLEM_KEYS = {
    "unreachable": ("db_down_title", "db_down_body"),
    "misconfigured": ("db_config_title", "db_config_body"),
    "not_migrated": ("db_not_ready_title", "db_not_ready_body"),
    "sqlite_folder": ("db_folder_title", "db_folder_body"),
}


def problem_html(problem: DatabaseUnavailable, lang: str) -> str:
    title_key, body_key = PROBLEM_KEYS[problem.kind]
    body = (
        f'<div class="card"><h1>{h(t("app_title", lang))}</h1>'
        f'<h2>{h(t(title_key, lang))}</h2><p class="msg err">{h(t(body_key, lang))}</p>'
        f'<p><a href="">{h(t("reload", lang))}</a></p></div>'
    )
    return _page(lang, t(title_key, lang), body)


def log_problem(problem: DatabaseUnavailable, where: str) -> None:
    """The technical detail, for the server log only."""
    log.error("database problem (%s) at %s: %s", problem.kind, where, problem)


# --- the HTTP side (Starlette) ---------------------------------------------------------------


def _html_response(content: str, status: int = 200, headers: dict | None = None):  # noqa: ANN202
    from starlette.responses import HTMLResponse

    resp = HTMLResponse(content, status_code=status, headers=headers)
    resp.headers["Cache-Control"] = "no-store"
    resp.headers["X-Frame-Options"] = "DENY"
    resp.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    )
    return resp


def _set_csrf(resp, scope, token: str) -> None:  # noqa: ANN001
    resp.set_cookie(
        CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=_cookie_secure(scope),
        path=sign_in_path(),
    )


def _problem_response(exc: BaseException, scope, where: str):  # noqa: ANN001, ANN202
    problem = diagnose(exc)
    log_problem(problem, where)
    lang = _lang_of(None, "")
    return _html_response(problem_html(problem, lang), status=503)


async def sign_in_get(request):  # noqa: ANN001, ANN201 - a Starlette Request
    from starlette.responses import RedirectResponse

    if mode() != "local":
        return RedirectResponse(base_path() + "/", status_code=303)
    from starlette.concurrency import run_in_threadpool

    try:  # a database that cannot be used says so before anyone types a password
        await run_in_threadpool(probe, get_engine())
    except Exception as exc:  # noqa: BLE001
        return _problem_response(exc, request.scope, "sign-in page")
    nxt = safe_next(request.query_params.get("next"))
    lang = _lang_of(request.query_params.get("lang"), nxt)
    message, kind = None, "info"
    if request.query_params.get("bye"):
        message = t("login_signed_out", lang)
    elif nxt != base_path() + "/":
        message = t("login_to_continue", lang)
    csrf = secrets.token_urlsafe(24)
    resp = _html_response(sign_in_html(lang, nxt, csrf, message, kind))
    _set_csrf(resp, request.scope, csrf)
    if sessions.COOKIE in request.cookies:  # an ended session's cookie: forget it
        resp.delete_cookie(sessions.COOKIE, path=base_path() + "/")
    return resp


def attempt(username: str, password: str, client: str | None) -> tuple[str, object]:
    """One sign-in attempt, with its record. Returns ("ok", token), ("failed", None),
    ("wait", seconds) or ("locked", seconds). Never stores ``username`` unless it names a
    known user."""
    engine = get_engine()
    name = username.strip()[:120]
    known = name if name and name in auth.load_users() else None
    verdict = attempts.check(engine, known, client)
    if not verdict.ok:
        audit.record(
            engine,
            known,
            "login_throttled",
            f"{verdict.state} {verdict.seconds}s" + ("" if known else " unknown username"),
            client=client,
        )
        return verdict.state, verdict.seconds
    user = auth.verify(name, password) if known else auth.verify("", password)
    if user is not None:
        attempts.succeeded(engine, user.username)
        token = sessions.create(engine, user.username, client)
        audit.record(
            engine,
            user.username,
            "login",
            f"role={user.role} unit={user.unit or '*'}",
            client=client,
        )
        if secrets.randbelow(20) == 0:
            sessions.purge_expired(engine)
        return "ok", token
    after = attempts.failed(engine, known, client)
    reason = (
        "unknown username"
        if known is None
        else ("disabled account" if auth.load_users()[known].disabled else "wrong password")
    )
    audit.record(engine, known, "login_failed", reason, client=client)
    if after.locked_now:
        minutes = int(settings.number("OVERSIGHT_LOGIN_LOCK_MINUTES"))
        audit.record(
            engine,
            known,
            "login_locked",
            f"locked for {minutes} min after repeated failures"
            + ("" if known else " (client address)"),
            client=client,
        )
    if after.state == "locked":
        return "locked", after.seconds
    return "failed", None


async def sign_in_post(request):  # noqa: ANN001, ANN201
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import RedirectResponse

    if mode() != "local":
        return RedirectResponse(base_path() + "/", status_code=303)
    form = await request.form()
    nxt = safe_next(str(form.get("next") or ""))
    lang = _lang_of(str(form.get("lang") or ""), nxt)
    username = str(form.get("username") or "")[:200]
    password = str(form.get("password") or "")[:1000]
    fresh = secrets.token_urlsafe(24)

    def again(message: str, status: int, keep_name: bool = True):  # noqa: ANN202
        resp = _html_response(
            sign_in_html(lang, nxt, fresh, message, "err", username if keep_name else ""),
            status=status,
        )
        _set_csrf(resp, request.scope, fresh)
        return resp

    sent = str(form.get("csrf") or "")
    kept = request.cookies.get(CSRF_COOKIE) or ""
    if not sent or not kept or not hmac.compare_digest(sent, kept):
        return again(t("login_expired_form", lang), 400)
    client = client_address(request.scope)
    try:
        state, value = await run_in_threadpool(attempt, username, password, client)
    except Exception as exc:  # noqa: BLE001 - the database: one friendly page, detail logged
        return _problem_response(exc, request.scope, "sign-in")
    if state == "ok":
        resp = RedirectResponse(nxt, status_code=303)
        resp.set_cookie(
            sessions.COOKIE,
            str(value),
            max_age=int(sessions.absolute_limit().total_seconds()),
            httponly=True,
            samesite="lax",
            secure=_cookie_secure(request.scope),
            path=base_path() + "/",
        )
        resp.delete_cookie(CSRF_COOKIE, path=sign_in_path())
        resp.headers["Cache-Control"] = "no-store"
        return resp
    if state == "wait":
        return again(t("login_wait", lang, n=value), 429)
    if state == "locked":
        return again(t("login_locked", lang, n=max(1, (int(value) + 59) // 60)), 429)
    return again(t("login_failed", lang), 401)


def routes() -> list:
    from starlette.routing import Route

    path = sign_in_path()
    return [
        Route(path, sign_in_get, methods=["GET", "HEAD"]),
        Route(path, sign_in_post, methods=["POST"]),
    ]


class SessionGate:
    """ASGI middleware: a browser opening a page without a live session goes to the sign-in
    page with ``next`` = that page and its query (so a shared link survives signing in); a
    database that cannot be used shows one friendly page. Only page loads (GET of an HTML
    document outside Streamlit's own paths) are looked at."""

    def __init__(self, app) -> None:  # noqa: ANN001
        self.app = app

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] != "http" or not self._is_page(scope) or mode() != "local":
            await self.app(scope, receive, send)
            return
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import RedirectResponse

        token = _cookies(scope).get(sessions.COOKIE)
        try:
            live = await run_in_threadpool(_live, token)
        except Exception as exc:  # noqa: BLE001
            await _problem_response(exc, scope, "page load")(scope, receive, send)
            return
        if live:
            await self.app(scope, receive, send)
            return
        path = scope.get("path") or "/"
        query = scope.get("query_string", b"").decode("latin-1")
        nxt = path + (f"?{query}" if query else "")
        target = f"{sign_in_path()}?next={quote(safe_next(nxt), safe='')}"
        resp = RedirectResponse(target, status_code=303)
        resp.headers["Cache-Control"] = "no-store"
        await resp(scope, receive, send)

    @staticmethod
    def _is_page(scope) -> bool:  # noqa: ANN001
        if scope.get("method") not in ("GET", "HEAD"):
            return False
        base = base_path()
        path = scope.get("path") or "/"
        if not path.startswith(base + "/"):
            return False
        rest = path[len(base) + 1 :]
        if rest.startswith(_NOT_PAGES) or rest == SIGN_IN or "." in rest.rsplit("/", 1)[-1]:
            return False
        accept = (_header(scope, b"accept") or "").lower()
        return "text/html" in accept


def _live(token: str | None) -> bool:
    """Whether ``token`` is a live session; also proves the database is usable (raises
    otherwise), so a broken database shows its page before anyone types a password."""
    engine = get_engine()
    return sessions.check(engine, token) is not None if token else probe(engine)


def probe(engine) -> bool:  # noqa: ANN001
    """No cookie: still make sure the sign-in will work (tables there, server up). Raises
    when the database cannot be used; returns False (no session)."""
    from sqlalchemy import func, select

    from dashboard.storage.schema import user_session

    with engine.connect() as conn:
        conn.execute(select(func.count()).select_from(user_session).limit(1)).scalar()
    return False
