"""Sign-in for the dashboard: a local username and password, or OpenID Connect (st.login).

The signed-in user is kept in ``st.session_state["user"]`` (a dashboard.auth.User); the page
frame reads their unit scope from it and every query runs restricted to it.
"""

from __future__ import annotations

import streamlit as st

from dashboard.access import audit
from dashboard.access import users as auth
from dashboard.i18n import t
from dashboard.storage import settings
from dashboard.storage.db import get_engine

DEMO_USER = auth.User("demo", "admin")


def _lang() -> str:
    return (
        st.session_state.get("lang")
        or st.query_params.get("lang")
        or settings.get("OVERSIGHT_LANG")
    )


def current_user() -> auth.User:
    """The signed-in user; otherwise draw the sign-in form and stop the script."""
    mode = settings.get("OVERSIGHT_AUTH")
    if mode == "none":
        return DEMO_USER
    user = st.session_state.get("user")
    if user is not None:
        return user
    lg = _lang()
    st.title(t("app_title", lg))
    if mode == "oidc":
        _oidc(lg)
    else:
        _local_form(lg)
    st.stop()


def _local_form(lg: str) -> None:
    _, middle, _ = st.columns([1, 2, 1])  # a narrow form reads better than a full-width one
    with middle, st.form("login"):
        st.subheader(t("login_title", lg))
        name = st.text_input(t("login_username", lg))
        password = st.text_input(t("login_password", lg), type="password")
        submitted = st.form_submit_button(t("login_button", lg), type="primary")
    if submitted:
        user = auth.verify(name.strip(), password)
        if user is None:
            audit.record(get_engine(), name.strip() or "?", "login_failed")
            st.error(t("login_failed", lg))
            return
        audit.record(get_engine(), user.username, "login", f"role={user.role} unit={user.unit}")
        st.session_state["user"] = user
        st.rerun()
    middle.caption(t("login_hint", lg))


def _oidc(lg: str) -> None:
    if not getattr(st.user, "is_logged_in", False):
        st.button(t("login_oidc", lg), on_click=st.login, type="primary")
        return
    user = auth.by_email(st.user.get("email", ""))
    if user is None:
        audit.record(get_engine(), st.user.get("email", "?"), "login_failed", "no role")
        st.error(t("login_no_role", lg, email=st.user.get("email", "")))
        st.button(t("logout", lg), on_click=st.logout)
        return
    audit.record(get_engine(), user.username, "login", f"oidc role={user.role}")
    st.session_state["user"] = user
    st.rerun()


def logout_button(user: auth.User, lg: str) -> None:
    if settings.get("OVERSIGHT_AUTH") == "none":
        return
    st.sidebar.caption(t("signed_in_as", lg, name=user.username, role=t(f"role_{user.role}", lg)))
    if st.sidebar.button(t("logout", lg), type="tertiary"):
        audit.record(get_engine(), user.username, "logout")
        st.session_state.pop("user", None)
        if settings.get("OVERSIGHT_AUTH") == "oidc":
            st.logout()
        st.rerun()
