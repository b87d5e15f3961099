"""The dashboard server: the Streamlit app (dashboard/app.py) with the sign-in routes and the
session gate of ``dashboard/web/signin.py`` in front of it, as one ASGI app (``st.App``).

    streamlit run dashboard/web/server.py [--server.port 8501 --server.address 127.0.0.1]

``oversight serve`` runs exactly this. Streamlit finds the ``app`` below and serves it with
uvicorn; every page and widget work as with ``streamlit run dashboard/app.py``, and in front of
them ``/dang-nhap`` sets the HttpOnly session cookie a Streamlit script cannot set.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `streamlit run dashboard/web/server.py` from anywhere
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402

from dashboard.web import signin  # noqa: E402


def _refuse_open_demo() -> None:
    from streamlit import config

    reason = signin.open_demo_refusal(config.get_option("server.address"))
    if reason:
        print(f"oversight: {reason}", file=sys.stderr)
        raise SystemExit(2)


def _no_unrecorded_downloads() -> None:
    """Tables and charts lose Streamlit's own "Download as CSV": it is written in the browser,
    so its cells cannot be made formula-safe (an imported ``=HYPERLINK(...)`` would stay a
    live formula) and it never reaches the audit record. Exports go through the briefing pack
    and ``oversight metrics --format csv``, both formula-safe and recorded. Set here, before
    any browser session starts, whatever a config.toml says."""
    from streamlit import config

    config.set_option("client.disableDataExport", True)


_refuse_open_demo()
_no_unrecorded_downloads()
signin.MOUNTED["yes"] = True
app = st.App(
    str(ROOT / "dashboard" / "app.py"),
    routes=signin.routes(),
    middleware=[Middleware(signin.SessionGate)],
)
