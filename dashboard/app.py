"""Entry point: page config and navigation. Each page is a thin script in pages/."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run dashboard/app.py` from anywhere
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import settings  # noqa: E402
from dashboard.i18n import t  # noqa: E402

st.set_page_config(page_title="Giám sát CCHC", page_icon="🏛️", layout="wide")

lang = st.session_state.get("lang") or st.query_params.get("lang") or settings.get("OVERSIGHT_LANG")
pages = [
    st.Page(ROOT / "pages" / "overview.py", title=t("page_overview", lang), icon="🏠",
            url_path="tong-quan", default=True),
    st.Page(ROOT / "pages" / "on_time.py", title=t("page_on_time", lang), icon="⏱️",
            url_path="dung-han"),
    st.Page(ROOT / "pages" / "satisfaction.py", title=t("page_satisfaction", lang), icon="😊", url_path="hai-long"),
    st.Page(ROOT / "pages" / "rollout.py", title=t("page_rollout", lang), icon="🧩", url_path="mo-hinh"),
    st.Page(ROOT / "pages" / "dialogue.py", title=t("page_dialogue", lang), icon="🗣️", url_path="doi-thoai"),
    # map page
    # import page
]
st.navigation(pages).run()
