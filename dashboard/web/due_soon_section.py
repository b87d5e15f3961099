"""What is about to be late, for the pages: the N in the sidebar, the on-time page's section,
the dialogue page's petitions and the overview's cards.

N ("due within N working days") is one sidebar number kept in the URL (``within``), so a
shared link opens the same window. Everything is counted as of today (``web.today()``),
whatever period the page shows: a deadline is about now.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.i18n import fmt_date, fmt_number, t
from dashboard.storage.registers import HOLIDAY_REGISTER
from dashboard.web.cache import q
from dashboard.web.frame import Filters, today
from dashboard.web.nav import drill_to, page_link
from dashboard.web.widgets import how_computed
from queries import due_soon

LIST_LIMIT = 500
URL_KEY = "within"
WIDGET = "due_within"


def within(lg: str) -> int:
    """The sidebar's N, primed from the URL (default 3), written back to it."""
    ss = st.session_state
    raw = st.query_params.get(URL_KEY)
    try:
        from_url = int(raw) if raw else None
    except ValueError:
        from_url = None
    if from_url is not None and not 0 <= from_url <= due_soon.MAX_WITHIN:
        from_url = None
    if raw and from_url is None and ss.get("_within_url") != raw:
        from dashboard.web.frame import url_value_unknown

        url_value_unknown(URL_KEY, raw, lg)
    if from_url is not None and ss.get("_within_url") != raw:  # a link or a shared URL
        ss[WIDGET] = from_url
    else:
        # Assigned again: another page's widget is a new widget with the same key, which
        # would start from its minimum otherwise.
        ss[WIDGET] = ss.get(WIDGET, ss.get("_within", due_soon.DEFAULT_WITHIN))
    n = int(
        st.sidebar.number_input(
            t("due_within", lg),
            min_value=0,
            max_value=due_soon.MAX_WITHIN,
            step=1,
            key=WIDGET,
            help=t("due_within_help", lg),
        )
    )
    ss["_within"] = n
    want = None if n == due_soon.DEFAULT_WITHIN else str(n)
    if st.query_params.get(URL_KEY) != want:
        if want is None:
            st.query_params.pop(URL_KEY, None)
        else:
            st.query_params[URL_KEY] = want
    ss["_within_url"] = want
    return n


def _caption(f: Filters, n: int) -> None:
    lg = f.lang
    first, last = q(_window, today(), n)
    cal_source = q(_calendar_source)
    st.caption(
        t(
            "due_soon_caption",
            lg,
            today=fmt_date(first, lg),
            until=fmt_date(last, lg),
            n=fmt_number(n, lg),
            source=_source_label(cal_source, lg),
        )
    )


def _source_label(source: str, lg: str) -> str:
    """The calendar's source in the interface's language: the holiday register by its label,
    any other (the holidays package's default) as it names itself."""
    return t("calendar_holiday_register", lg) if source == HOLIDAY_REGISTER else source


def _window(conn, as_of, n):  # noqa: ANN001, ANN202 - cached through q()
    return due_soon.window(due_soon.calendar(conn), as_of, n)


def _calendar_source(conn) -> str:  # noqa: ANN001
    return due_soon.calendar(conn).source


def show(f: Filters, n: int) -> None:
    """The on-time page's section: how many, where, who holds them, and the dossiers."""
    lg, scope = f.lang, f.scope
    as_of = today()
    st.subheader(t("due_soon_title", lg, n=fmt_number(n, lg)))
    _caption(f, n)
    counted = q(due_soon.breakdown, as_of, n, scope)  # in all, by unit, by department
    total = counted["total"].iloc[0]
    if int(total["dossiers"]) == 0:
        st.success(t("due_soon_none", lg, n=fmt_number(n, lg)))
        return
    a, b, c = st.columns(3)
    a.metric(t("due_soon_metric", lg), fmt_number(total["dossiers"], lg))
    b.metric(t("due_today", lg), fmt_number(total["due_today"], lg))
    c.metric(t("due_next_day", lg), fmt_number(total["due_next_day"], lg))
    tabs = (
        [t("due_soon_by_department", lg), t("due_soon_list", lg)]
        if f.commune_code
        else [t("due_soon_by_unit", lg), t("due_soon_by_department", lg), t("due_soon_list", lg)]
    )
    drawn = st.tabs(tabs)
    if not f.commune_code:
        with drawn[0]:
            by_unit = counted["unit"]
            show_units = by_unit[["name", "dossiers", "due_today", "due_next_day"]]
            show_units.columns = [
                t("unit", lg),
                t("due_soon_count", lg),
                t("due_today", lg),
                t("due_next_day", lg),
            ]
            sel = st.dataframe(
                show_units,
                hide_index=True,
                on_select="rerun",
                selection_mode="single-row",
                key=f"due_units_{scope.unit_code}_{n}",
                width="stretch",
                height=min(420, 35 * (len(show_units) + 1) + 3),
            )
            if sel and sel.selection.rows:
                drill_to(unit=by_unit["code"].iloc[sel.selection.rows[0]])
    with drawn[-2]:
        by_dep = counted["department"]
        show_dep = by_dep.assign(department=by_dep["department"].fillna("–"))[
            ["unit_name", "department", "dossiers", "due_today"]
        ]
        show_dep.columns = [
            t("unit", lg),
            t("department", lg),
            t("due_soon_count", lg),
            t("due_today", lg),
        ]
        st.dataframe(
            show_dep,
            hide_index=True,
            width="stretch",
            height=min(420, 35 * (len(show_dep) + 1) + 3),
        )
    with drawn[-1]:
        rows = q(due_soon.dossiers, as_of, n, scope, LIST_LIMIT)
        if int(total["dossiers"]) > len(rows):
            st.caption(
                t(
                    "due_soon_list_cut",
                    lg,
                    shown=fmt_number(len(rows), lg),
                    total=fmt_number(total["dossiers"], lg),
                )
            )
        st.dataframe(
            dossier_table(rows, lg),
            hide_index=True,
            width="stretch",
            height=min(420, 35 * (len(rows) + 1) + 3),
        )


def dossier_table(rows: pd.DataFrame, lg: str) -> pd.DataFrame:
    view = pd.DataFrame(
        {
            t("working_days_left", lg): rows["working_days_left"],
            t("due_date", lg): [fmt_date(d, lg) for d in rows["due_date"]],
            t("code", lg): rows["code"],
            t("unit", lg): rows["unit_name"],
            t("procedure", lg): rows["procedure"],
            t("department", lg): rows["department"].fillna("–"),
            t("dossier_status", lg): [t(f"dossier_status_{s}", lg) for s in rows["status"]],
            t("received_date", lg): [fmt_date(d, lg) for d in rows["received_date"]],
        }
    )
    return view


def petitions(f: Filters, n: int) -> None:
    """The dialogue page's list: open petitions whose deadline is within N working days."""
    lg, scope = f.lang, f.scope
    rows = q(due_soon.petitions, today(), n, scope, LIST_LIMIT)
    st.subheader(t("due_soon_petitions_title", lg, n=fmt_number(n, lg)))
    _caption(f, n)
    if rows.empty:
        st.success(t("due_soon_petitions_none", lg, n=fmt_number(n, lg)))
        return
    view = pd.DataFrame(
        {
            t("working_days_left", lg): rows["working_days_left"],
            t("due_date", lg): [fmt_date(d, lg) for d in rows["deadline"]],
            t("unit", lg): rows["unit_name"],
            t("pack_topic", lg): [t(f"dlg_topic_{x}", lg) for x in rows["topic"]],
            t("pack_agency", lg): rows["assigned_agency"].fillna("–"),
            t("dlg_summary", lg): rows["summary"],
        }
    )
    st.dataframe(view, hide_index=True, width="stretch", height=min(420, 35 * (len(view) + 1) + 3))


def overview_cards(f: Filters, n: int) -> None:
    """The overview's cards: "37 hồ sơ sắp đến hạn trong 3 ngày làm việc", and petitions."""
    lg, scope = f.lang, f.scope
    figs = q(due_soon.headline, today(), scope, n)
    last = q(due_soon.until, today(), n)
    a, b = st.columns(2)
    for col, fig, today_fig, help_key, page, icon in (
        (a, figs["due_soon_dossiers"], figs["due_today"], "due_soon_card", "on_time", "schedule"),
        (
            b,
            figs["due_soon_petitions"],
            figs["petitions_today"],
            "due_soon_petitions_card",
            "dialogue",
            "forum",
        ),
    ):
        count, today_n = fig.value, today_fig.value
        with col.container(border=True, height="stretch"):
            st.metric(
                t(fig.label, lg, n=fmt_number(n, lg)),
                fmt_number(count, lg),
                help=t(help_key, lg, count=fmt_number(count, lg), n=fmt_number(n, lg))
                + " "
                + t("due_soon_until", lg, until=fmt_date(last, lg)),
            )
            st.markdown(t("due_today_help", lg, n=fmt_number(today_n, lg)))
            how_computed(fig, f, as_of=today())
            page_link(page, t(f"due_soon_open_{page}", lg), f":material/{icon}:")
