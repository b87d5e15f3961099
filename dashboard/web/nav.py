"""Where a click goes: the page registry, drill-downs, breadcrumbs and links between pages.

The view lives in the URL, so every move here changes the URL and a shared link reopens it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dashboard.domain.escape import md

PAGES_DIR = Path(__file__).resolve().parents[2] / "pages"


@dataclass(frozen=True)
class PageSpec:
    """One page: its script in pages/, title label, icon and URL path."""

    name: str  # file stem in pages/, also the name roles grant (dashboard.access.users.ROLES)
    title_key: str  # in the navigation
    icon: str
    url_path: str
    # The heading the frame draws above the page; None: the page draws no frame (imports).
    heading_key: str | None

    @property
    def script(self) -> Path:
        return PAGES_DIR / f"{self.name}.py"


# The first page a user may open is their home. Material icons ship with Streamlit; emoji
# need a colour-emoji font the machine may lack.
PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", "page_overview", ":material/home:", "tong-quan", "overview_title"),
    PageSpec("on_time", "page_on_time", ":material/schedule:", "dung-han", "on_time_title"),
    PageSpec(
        "satisfaction",
        "page_satisfaction",
        ":material/sentiment_satisfied:",
        "hai-long",
        "satisfaction_title",
    ),
    PageSpec("rollout", "page_rollout", ":material/extension:", "mo-hinh", "rollout_title"),
    PageSpec("dialogue", "page_dialogue", ":material/forum:", "doi-thoai", "dialogue_title"),
    PageSpec("index766", "page_index766", ":material/leaderboard:", "chi-so-766", "i766_title"),
    PageSpec("maps", "page_map", ":material/map:", "ban-do", "map_title"),
    PageSpec(
        "directives", "page_directives", ":material/assignment:", "chi-dao", "directives_title"
    ),
    PageSpec("imports", "page_import", ":material/upload_file:", "nhap-du-lieu", None),
)
BY_NAME = {p.name: p for p in PAGES}


def page_path(name: str) -> Path:
    return BY_NAME[name].script


def drill_to(unit: str | None = None, field: str | None = None, keep_unit: bool = True) -> None:
    """Change the URL's scope and rerun: the drill-down and breadcrumbs both use it."""
    if unit is not None or not keep_unit:
        if unit is None:
            st.query_params.pop("unit", None)
        else:
            st.query_params["unit"] = unit
    if field is None:
        st.query_params.pop("field", None)
    else:
        st.query_params["field"] = field
    st.rerun()


# A table whose rows drill in: a click on any cell (a unit's name) picks its row, as the row's
# checkbox does (issue 16: only the small checkbox worked, though the caption says to click).
PICK_MODES = ["single-row", "single-cell"]


def picked_row(event) -> int | None:  # noqa: ANN001 - st.dataframe's selection state
    """The row position picked in a ``PICK_MODES`` table, by its checkbox or one of its cells."""
    sel = getattr(event, "selection", None) if event else None
    if not sel:
        return None
    rows = sel.get("rows") or []
    if rows:
        return int(rows[0])
    cells = sel.get("cells") or []
    return int(cells[0][0]) if cells else None


def breadcrumbs(f, field_name: str | None) -> None:  # noqa: ANN001
    """Province › commune › field, each a link back up. The names are the filters' own (the
    sidebar's lists): the national register (14,146 units, 2.7 MB) read from the page cache
    for two names cost ~40 ms of a page's rerun, most of it unpickling."""
    crumbs: list[tuple[str, str | None, bool]] = []
    crumbs.append((f.province_name or f.province_code, f.province_code, False))
    if f.commune_code:
        crumbs.append((f.commune_name or f.commune_code, f.commune_code, False))
    if field_name:
        crumbs.append((field_name, None, True))
    cols = st.columns([1] * len(crumbs) + [max(1, 6 - len(crumbs))])
    for i, (label, code, _is_field) in enumerate(crumbs):
        last = i == len(crumbs) - 1
        with cols[i]:
            if last:
                st.markdown(f"**{md(label)}**")
            elif st.button(f"‹ {md(label)}", key=f"crumb_{i}", type="tertiary"):
                drill_to(unit=code, field=None)


def open_page(name: str, unit: str | None = None) -> None:
    """Go to another page keeping the view (period, language, units), optionally for a unit;
    on the same page when the user's role may not open the other one."""
    from dashboard.web.frame import user

    if not user().may_open(name):
        drill_to(unit=unit)
    params = dict(st.query_params)
    params.pop("field", None)
    if unit:
        params["unit"] = unit
    st.switch_page(page_path(name), query_params=params)


def unit_link(name: str, label: str, unit: str, icon: str | None = None) -> None:
    """A link to a page for one unit, keeping the view (period, language, units).

    A real link, not a button: following it adds a history entry, so the browser's Back returns
    to the view it was followed from (issue 16: ``st.switch_page`` rewrote the current entry's
    query first, so Back from a commune landed on that commune's overview, not the province's),
    and it prints as text where a button prints as nothing."""
    from dashboard.web.frame import user

    if not user().may_open(name):
        name = current_page_name() or name
    params = {k: v for k, v in st.query_params.items() if k in ("period", "hist", "lang", "regime")}
    params["unit"] = unit
    st.page_link(page_path(name), label=label, icon=icon, query_params=params)


def current_page_name() -> str | None:
    """The page being drawn (as the frame recorded it)."""
    return st.session_state.get("_page")


def page_link(name: str, label: str, icon: str | None = None) -> None:
    """A link to another page, or plain text when the user's role may not open it."""
    from dashboard.web.frame import user

    if not user().may_open(name):
        st.markdown(f"{icon or ''} {label}")
        return
    params = {k: v for k, v in st.query_params.items() if k != "field"}
    st.page_link(page_path(name), label=label, icon=icon, query_params=params)


# Phones (a link opened from a chat group, 390 px wide): nothing is cut off mid-word, wide
# tables scroll inside their frame, Plotly's tool bar does not sit on the chart's title. Drawn
# once by the entry script. Links between pages and figure cards' labels wrap (Streamlit cuts
# them with "…" otherwise: "Tỷ lệ nộp trực tuy…" in a row of five cards at 1366 px).
PHONE_CSS = """<style>
[data-testid="stPageLink-NavLink"] > span:last-child,
[data-testid="stPageLink-NavLink"] > span:last-child *,
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding-left: .75rem !important; padding-right: .75rem !important; }
  .js-plotly-plot .modebar-container { display: none !important; }
  h1 { overflow-wrap: anywhere; }
}
</style>"""
