"""Entry point: page config, sign-in, the navigation, and the frame drawn once for the page.

Each page is a thin script in pages/ that reads ``web.filters()``, calls queries and draws.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run dashboard/app.py` from anywhere
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard.i18n import t  # noqa: E402
from dashboard.web import frame, login, nav  # noqa: E402

st.set_page_config(page_title="Giám sát CCHC", page_icon="🏛️", layout="wide")

lang = frame.lang()
user = login.current_user()
allowed = [p for p in nav.PAGES if user.may_open(p.name)]
pages = [
    st.Page(p.script, title=t(p.title_key, lang), icon=p.icon, url_path=p.url_path, default=i == 0)
    for i, p in enumerate(allowed)
]
login.logout_button(user, lang)
page = st.navigation(pages)
spec = allowed[next(i for i, pg in enumerate(pages) if pg is page)]
if spec.heading_key:
    frame.draw(spec.name, spec.heading_key)
page.run()
