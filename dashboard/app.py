"""Entry point: page config, sign-in and navigation. Each page is a thin script in pages/."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run dashboard/app.py` from anywhere
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import login, settings  # noqa: E402
from dashboard.i18n import t  # noqa: E402

st.set_page_config(page_title="Giám sát CCHC", page_icon="🏛️", layout="wide")

lang = st.session_state.get("lang") or st.query_params.get("lang") or settings.get("OVERSIGHT_LANG")
user = login.current_user()

# (file stem, title key, icon, URL path); the first page a user may open is their home.
# Material icons ship with Streamlit; emoji need a colour-emoji font the machine may lack.
PAGES = [
    ("overview", "page_overview", ":material/home:", "tong-quan"),
    ("on_time", "page_on_time", ":material/schedule:", "dung-han"),
    ("satisfaction", "page_satisfaction", ":material/sentiment_satisfied:", "hai-long"),
    ("rollout", "page_rollout", ":material/extension:", "mo-hinh"),
    ("dialogue", "page_dialogue", ":material/forum:", "doi-thoai"),
    ("map", "page_map", ":material/map:", "ban-do"),
    ("import_data", "page_import", ":material/upload_file:", "nhap-du-lieu"),
]
allowed = [p for p in PAGES if user.may_open(p[0])]
pages = [
    st.Page(ROOT / "pages" / f"{stem}.py", title=t(key, lang), icon=icon, url_path=path,
            default=i == 0)
    for i, (stem, key, icon, path) in enumerate(allowed)
]
login.logout_button(user, lang)
st.navigation(pages).run()
