"""Entry point: page config, sign-in, the navigation, and the frame drawn once for the page.

Each page is a thin script in pages/ that reads ``web.filters()``, calls queries and draws.
Every page answers at the path the navigation shows for it (``/tong-quan``, ``/dung-han``, …);
the bare address ``/`` opens the user's first page at its own path, keeping the query.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run dashboard/app.py` from anywhere
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard.i18n import t  # noqa: E402
from dashboard.storage.db import one_connection  # noqa: E402
from dashboard.web import frame, login, nav  # noqa: E402
from queries import shared  # noqa: E402

st.set_page_config(page_title="Giám sát CCHC", page_icon="🏛️", layout="wide")
st.markdown(nav.PHONE_CSS, unsafe_allow_html=True)

lang = frame.lang()
user = login.current_user()
allowed = [p for p in nav.PAGES if user.may_open(p.name)]
pages = [
    st.Page(p.script, title=t(p.title_key, lang), icon=p.icon, url_path=p.url_path) for p in allowed
]


def _home() -> None:
    """``/``: the user's first page, at its own address, with the same view."""
    st.switch_page(pages[0], query_params=dict(st.query_params))


root = st.Page(_home, title=pages[0].title, url_path="trang-chu", default=True, visibility="hidden")
login.logout_button(user, lang)
page = st.navigation([root, *pages])
# The page run's queries read through one connection (dashboard.storage.db.one_connection).
with one_connection():
    if page is not root:
        login.oidc_return()  # after an OpenID Connect sign-in: back to the link opened
        spec = allowed[next(i for i, pg in enumerate(pages) if pg is page)]
        if spec.heading_key:
            frame.draw(spec.name, spec.heading_key)
            frame.freshness_line(frame.lang())  # a read replica: when it caught up, its lag
    with shared.page():  # the page's figures share the rows they stand on (queries.shared)
        page.run()
