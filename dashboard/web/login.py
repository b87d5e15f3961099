"""Who is signed in, for the page scripts: the session cookie checked on every run.

Local users sign in on ``/dang-nhap`` (dashboard/web/signin.py), which sets an HttpOnly
session cookie; this module reads it (``st.context.cookies``) and asks the database on every
run of a page whether the session is still live and its user still enabled, so sign-out in one
tab, ``oversight user disable`` or an expired session end every other tab at its next click.
OpenID Connect (``OVERSIGHT_AUTH=oidc``) signs in through ``st.login`` as before; the users file
maps the e-mail to a role and unit, checked on every run too. ``none`` is the local demo.
"""

from __future__ import annotations

import logging

import streamlit as st

from dashboard.access import audit, sessions
from dashboard.access import users as auth
from dashboard.domain.escape import md
from dashboard.i18n import LANGS, t
from dashboard.storage import settings
from dashboard.storage.db import DatabaseUnavailable, diagnose, get_engine
from dashboard.web import signin

DEMO_USER = auth.User("demo", "admin")
log = logging.getLogger("oversight.login")


def _lang() -> str:
    for v in (st.session_state.get("lang"), st.query_params.get("lang")):
        if v in LANGS:
            return v
    v = settings.get("OVERSIGHT_LANG")
    return v if v in LANGS else "vi"


def session_token() -> str | None:
    """The session cookie of this browser (HttpOnly: only the server sees it)."""
    try:
        token = st.context.cookies.get(sessions.COOKIE)
    except Exception:  # noqa: BLE001 - no browser context (bare script runs)
        return None
    return token if isinstance(token, str) else None


def client_address() -> str | None:
    try:
        ip = st.context.ip_address
    except Exception:  # noqa: BLE001
        return None
    return ip if isinstance(ip, str) else None  # AppTest hands back a stand-in


def database_problem(exc: BaseException, lg: str | None = None) -> None:
    """One friendly message for a database that cannot be used; the detail goes to the log.
    Stops the script."""
    problem = diagnose(exc)
    signin.log_problem(problem, "page")
    lg = lg or _lang()
    title_key, body_key = signin.PROBLEM_KEYS[problem.kind]
    st.title(t("app_title", lg))
    st.error(f"**{t(title_key, lg)}**\n\n{t(body_key, lg)}")
    st.stop()


def current_user() -> auth.User:
    """The signed-in user; otherwise send the browser to sign in, and stop the script."""
    mode = settings.get("OVERSIGHT_AUTH")
    if mode == "none":
        _refuse_open_demo()
        st.session_state["user"] = DEMO_USER
        return DEMO_USER
    if mode == "oidc":
        try:  # as the sign-in page does: a database that cannot be used says so first
            signin.probe(get_engine())
        except Exception as exc:  # noqa: BLE001
            database_problem(exc)
        return _oidc(_lang())
    try:
        live = sessions.check(get_engine(), session_token())
    except Exception as exc:  # noqa: BLE001 - any database trouble: one friendly page
        database_problem(exc)
    if live is None:
        _signed_out(_lang())
    st.session_state["user"] = live.user
    return live.user


def _refuse_open_demo() -> None:
    """``streamlit run dashboard/app.py`` with the demo mode on a network address: refuse
    here too (``oversight serve`` and dashboard/web/server.py refuse before starting)."""
    from streamlit import config

    if getattr(config, "_server_mode", None) is None:  # AppTest: no server, no address
        return
    reason = signin.open_demo_refusal(st.get_option("server.address"))
    if reason:
        st.error(reason)
        st.stop()


def _go_to_sign_in(path_js: str) -> None:
    """Send the browser to the sign-in page with a fixed script: the only values in it are
    ours (the sign-in path) and the browser's own location."""
    st.html(
        f"<script>window.location.replace({path_js});</script>",
        unsafe_allow_javascript=True,
    )


def _signed_out(lg: str) -> None:
    """No live session on this run (it ended in another tab, expired, or never began)."""
    st.session_state.pop("user", None)
    st.title(t("app_title", lg))
    if not signin.MOUNTED["yes"]:
        # Served by a bare `streamlit run dashboard/app.py`: no sign-in page to go to.
        st.warning(t("session_no_server", lg))
        st.stop()
    target = signin.sign_in_path()
    st.info(t("session_ended", lg))
    st.link_button(t("session_sign_in_again", lg), target, type="primary")
    # Back to exactly this page and view after signing in.
    _go_to_sign_in(
        f"{_js_string(target)} + '?next=' + "
        "encodeURIComponent(window.location.pathname + window.location.search)"
    )
    st.stop()


def _js_string(s: str) -> str:
    import json

    return json.dumps(s).replace("<", "\\u003c")


# The identity provider sends the browser back to the app's root, not to the link it was
# opened with: the browser keeps that path and query in its own sessionStorage before signing
# in and goes back to it once, right after. Only the browser's own location is stored, and only
# a same-site path ("/…", never "//host") is followed.
_OIDC_KEEP = (
    "<script>try{sessionStorage.setItem('oversight_next',"
    "window.location.pathname+window.location.search)}catch(e){}</script>"
)
_OIDC_RETURN = (
    "<script>try{var n=sessionStorage.getItem('oversight_next');"
    "sessionStorage.removeItem('oversight_next');"
    "if(n&&n.charAt(0)==='/'&&n.charAt(1)!=='/'&&n.charAt(1)!=='\\\\'&&"
    "n!==window.location.pathname+window.location.search){window.location.replace(n)}}"
    "catch(e){}</script>"
)


def _oidc(lg: str) -> auth.User:
    if not getattr(st.user, "is_logged_in", False):
        st.title(t("app_title", lg))
        st.html(_OIDC_KEEP, unsafe_allow_javascript=True)
        st.button(t("login_oidc", lg), on_click=st.login, type="primary")
        st.stop()
    email = st.user.get("email", "") or ""
    user = auth.by_email(email)
    if user is None:
        # Known to the identity provider, not (or no longer) to the dashboard.
        if st.session_state.get("_oidc_refused") != email:
            st.session_state["_oidc_refused"] = email
            _record(None, "login_failed", "oidc: no role or disabled")
        st.title(t("app_title", lg))
        st.error(t("login_no_role", lg, email=md(email)))
        st.button(t("logout", lg), on_click=st.logout)
        st.stop()
    if st.session_state.get("_oidc_user") != user.username:
        st.session_state["_oidc_user"] = user.username
        _record(user.username, "login", f"oidc role={user.role} unit={user.unit or '*'}")
        # The first page after signing in goes back to the link the user opened.
        st.session_state["_oidc_return"] = True
    st.session_state["user"] = user
    return user


def oidc_return() -> None:
    """On the first page drawn after an OpenID Connect sign-in (the root has switched to it by
    then): send the browser back to the deep link it kept, once."""
    if st.session_state.pop("_oidc_return", False):
        st.html(_OIDC_RETURN, unsafe_allow_javascript=True)


def _record(actor: str | None, action: str, detail: str | None = None) -> None:
    try:
        engine = get_engine()
    except Exception:  # noqa: BLE001 - the record must not stop the page; the log has it
        log.exception("could not record audit event %s for %s", action, actor)
        return
    audit.safe_record(engine, actor, action, detail, client=client_address())


def logout_button(user: auth.User, lg: str) -> None:
    mode = settings.get("OVERSIGHT_AUTH")
    if mode == "none":
        return
    st.sidebar.caption(
        t("signed_in_as", lg, name=md(user.username), role=t(f"role_{user.role}", lg))
    )
    if st.sidebar.button(t("logout", lg), type="tertiary", key="logout"):
        if mode == "oidc":
            _record(user.username, "logout", "oidc")
            st.session_state.pop("user", None)
            st.session_state.pop("_oidc_user", None)
            st.logout()
            return
        try:
            ended = sessions.end_user(get_engine(), user.username)
        except Exception as exc:  # noqa: BLE001
            database_problem(exc, lg)
        _record(user.username, "logout", f"sessions ended={ended}")
        st.session_state.pop("user", None)
        if signin.MOUNTED["yes"]:
            _go_to_sign_in(_js_string(signin.sign_in_path() + "?bye=1"))
        st.info(t("login_signed_out", lg))
        st.stop()


def require_known_unit(user: auth.User, known: bool, lg: str) -> None:
    """A user whose unit is not in the database (a hand-edited users file, a unit removed):
    a plain message instead of a crash on every page."""
    if user.unit and not known:
        st.error(t("user_unit_unknown", lg, code=md(user.unit)))
        st.stop()


__all__ = [
    "DEMO_USER",
    "DatabaseUnavailable",
    "current_user",
    "database_problem",
    "logout_button",
    "require_known_unit",
    "session_token",
]
