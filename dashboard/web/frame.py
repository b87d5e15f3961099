"""The shared frame of every page: database, language, scope and period filters, URL state.

The entry script (dashboard/app.py) draws the frame once, before the page runs; the page reads
the result with ``filters()``. The current view lives in the URL
(``?unit=…&period=…&field=…&hist=1&lang=en``), so a link shared in a meeting opens the same view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st
from sqlalchemy import func, select

from dashboard.access import audit
from dashboard.access.users import User
from dashboard.domain import periods as P
from dashboard.domain.escape import html, md
from dashboard.i18n import LANGS, fmt_date, period_label, t
from dashboard.storage import settings
from dashboard.storage.db import check_connection, connect, get_engine
from dashboard.storage.schema import import_batch
from dashboard.web.cache import TTL, VERSION_EVERY, data_version, q
from queries import freshness as freshness_q
from queries import on_time as on_time_q
from queries import units as units_q
from queries.units import Scope


@dataclass(frozen=True)
class Filters:
    lang: str
    scope: Scope
    period: P.Period
    province_code: str | None
    commune_code: str | None
    province_name: str = ""
    commune_name: str = ""

    @property
    def unit_name(self) -> str:
        """The unit in view, as the header names it."""
        return self.commune_name or self.province_name


today = settings.today


def engine():
    """The engine, or one friendly full-page message when the database cannot be used (the
    detail goes to the server log, never to the page)."""
    from dashboard.web.login import database_problem

    try:
        eng = get_engine()
        check_connection(eng)
    except Exception as exc:  # noqa: BLE001
        database_problem(exc, lang())
    return eng


def user() -> User:
    """The signed-in user, as the entry script checked them at the start of this run (every
    run of every page starts there, so this is never older than the click that caused it)."""
    u = st.session_state.get("user")
    if u is None:
        from dashboard.web.login import current_user

        u = current_user()
    return u


def data_until() -> date | None:
    """The date the data runs to, as the database the pages read has it."""
    url = settings.read_url()
    return _data_until(url, data_version(url))


@st.cache_data(ttl=TTL, show_spinner=False)
def _data_until(url: str, version: int) -> date | None:  # noqa: ARG001 - the cache key
    with connect(get_engine(url)) as conn:
        v = conn.execute(select(func.max(import_batch.c.data_until))).scalar()
    return None if v is None else (v if isinstance(v, date) else date.fromisoformat(str(v)[:10]))


@st.cache_data(ttl=VERSION_EVERY, show_spinner=False)
def _freshness(url: str) -> freshness_q.Freshness:
    with connect(get_engine(url)) as conn:
        return freshness_q.freshness(conn)


def freshness_line(lg: str) -> None:
    """Under "data up to": when the pages read a replica (``DATABASE_READ_URL``), when it last
    caught up with the primary, and a warning when that is longer ago than
    ``OVERSIGHT_REPLICA_LAG_WARN_SECONDS``. The entry script calls it right after ``draw``."""
    from dashboard.i18n import fmt_number

    if not settings.get("DATABASE_READ_URL"):
        return
    f = _freshness(settings.read_url())
    if not f.is_replica:
        return
    if f.caught_up_at is None:
        st.sidebar.caption(t("replica_never", lg))
    else:
        at = f.caught_up_at
        st.sidebar.caption(
            t("replica_caught_up", lg, time=at.strftime("%H:%M:%S"), date=fmt_date(at.date(), lg))
        )
    limit = settings.number("OVERSIGHT_REPLICA_LAG_WARN_SECONDS")
    if f.lag_seconds is None or f.lag_seconds > limit:
        seconds = fmt_number(f.lag_seconds, lg) if f.lag_seconds is not None else "?"
        st.warning(t("replica_lag_warning", lg, seconds=seconds), icon=":material/schedule:")


@st.cache_data(ttl=TTL, show_spinner=False)
def _unit_known(url: str, code: str) -> bool:
    """Whether a user's unit is in the database (read unrestricted: a restricted read of an
    unknown unit is exactly what must not crash)."""
    with connect(get_engine(url)) as conn:
        try:
            units_q.get_unit(conn, code)
        except units_q.UnknownUnit:
            return False
    return True


def _param(name: str, default: str | None = None) -> str | None:
    v = st.query_params.get(name)
    return v if v not in (None, "") else default


def _default_lang() -> str:
    v = settings.get("OVERSIGHT_LANG")
    return v if v in LANGS else "vi"


def lang() -> str:
    """vi or en: an unknown ``?lang=`` falls back to the default (the frame says so)."""
    for v in (st.session_state.get("lang"), _param("lang")):
        if v in LANGS:
            return v
    return _default_lang()


def url_value_unknown(key: str, value: str, lg: str | None = None) -> None:
    """The plain notice for a value of the link this page does not have (the page falls back
    to its default): ``?compare=NOPE``. The value is the link's, so it is escaped."""
    lg = lg or lang()
    st.warning(t("url_value_unknown", lg, name=md(key), value=md(str(value)[:80])))


def record_refusal(what: str) -> None:
    """A refused scope attempt (a forged or stale link), in the audit record."""
    from dashboard.web.login import client_address

    u = user()
    audit.safe_record(get_engine(), u.username, "scope_denied", what[:300], client=client_address())


def _period_options(kind: str, until: date, lang_: str) -> list[str]:
    out = []
    if kind == "month":
        d = date(until.year, until.month, 1)
        for _ in range(36):
            out.append(f"{d.year}-{d.month:02d}")
            d = P.add_months(d, -1)
    elif kind == "quarter":
        y, qn = until.year, (until.month - 1) // 3 + 1
        for _ in range(16):
            out.append(f"{y}-Q{qn}")
            y, qn = (y, qn - 1) if qn > 1 else (y - 1, 4)
    else:
        out = [str(y) for y in range(until.year, 2020, -1)]
    return out


def _default_period(kind: str, until: date) -> str:
    """The last complete period: a leader reviews a closed quarter, not a half-filled one."""
    if kind == "month":
        d = P.add_months(date(until.year, until.month, 1), -1)
        return f"{d.year}-{d.month:02d}"
    if kind == "quarter":
        y, qn = until.year, (until.month - 1) // 3
        return f"{y}-Q{qn}" if qn else f"{y - 1}-Q4"
    return str(until.year - 1) if until.month < 12 else str(until.year)


# URL keys the frame owns; any other key (a page's own: element, session, rollout, …) is
# left in the URL untouched, so a shared link reopens the page's own drill-down too.
FRAME_KEYS = ("unit", "period", "hist", "field", "lang", "regime")


def _frame_part(params: dict | None) -> dict:
    return {k: v for k, v in (params or {}).items() if k in FRAME_KEYS}


def _sync_from_url(page: str) -> bool:
    """Push URL values into the widgets' state when the URL changed from outside: a shared
    link, a drill-down, a breadcrumb. Otherwise the widgets own their state."""
    url = _frame_part(dict(st.query_params))
    ss = st.session_state
    widgets = ("lang", "hist", "regime", "period_kind", "province", "commune")
    if (
        _frame_part(ss.get("_url")) == url
        and ss.get("_page") == page
        and all(k in ss for k in widgets)
    ):
        return False
    ss["_page"] = page
    asked_lang = url.get("lang")
    if asked_lang is not None and asked_lang not in LANGS:
        ss["_url_bad_lang"] = asked_lang
        asked_lang = None
    current = ss.get("lang") if ss.get("lang") in LANGS else _default_lang()
    ss["lang"] = asked_lang or current
    ss["hist"] = url.get("hist") == "1"
    ss["regime"] = "official" if url.get("regime") == "official" else "calendar"
    for key, known in (("hist", ("0", "1")), ("regime", ("calendar", "official"))):
        if url.get(key) not in (None, *known):
            ss.setdefault("_url_unknown", []).append((key, url[key]))
    ss["_url_unit"] = url.get("unit")
    if not ss["hist"] and _is_ended_unit(url.get("unit")):
        # A unit that no longer exists has figures only as it was: open that view, and say so,
        # rather than show its successor's figures under its name (issue 11).
        ss["hist"] = True
        ss["_ended_unit_notice"] = url.get("unit")
    ss["period_kind"] = "quarter"
    try:
        parsed = P.parse(url["period"]) if url.get("period") else None
    except P.PeriodError as exc:
        ss["_url_error"] = str(exc)
        parsed = None
    if parsed:
        ss["period_kind"] = parsed.kind
        if parsed.kind == "custom":
            ss["from_date"], ss["to_date"] = parsed.start, parsed.end
        else:
            ss[f"period_{parsed.kind}"] = parsed.label.rstrip("*")
    ss["_url"] = url
    return True


def _is_ended_unit(code: str | None) -> bool:
    if not code:
        return False
    with connect(get_engine()) as conn:
        node = units_q.unit_tree(conn).get(code)
    return node is not None and not node.is_current


def _bind(name: str, lg: str, fresh: bool, options: list | None = None) -> str:
    """The widget key of ``name`` in language ``lg``, primed from the canonical value.

    Widgets whose option labels depend on the language get one key per language: Chromium kept
    showing the old labels (and the regime radio lost its selection) when the same widget
    changed its labels. The canonical value (``st.session_state[name]``) is what the URL and the
    rest of the frame read; it is copied into the widget after a language switch or a URL sync.
    """
    ss = st.session_state
    wk = f"{name}__{lg}"
    stale = options is not None and ss.get(wk) not in options
    if (fresh or stale or wk not in ss) and name in ss:
        ss[wk] = ss[name]
    return wk


def _scope_from_unit(code: str | None, hist: bool, provs: pd.DataFrame):
    """(province code, commune code) for a unit code from the URL. A unit of the other view
    (today's Hưng Yên ``33`` with ``hist=1``) opens as its counterpart there: its own former
    unit, or today's unit an ended one went into (issue 16), never the first province listed."""
    if not code:
        return None, None
    with connect(get_engine()) as conn:
        tree = units_q.unit_tree(conn)
    node = tree.get(code)
    if node is None:
        return "unknown", None
    if node.is_current == hist:
        other = tree.counterpart(code, hist)
        if other is not None and other != code:
            _note_counterpart(tree, node, other, hist)
            node = tree.get(other)
    if node.level == "province":
        return node.code, None
    province = tree.province_of(node.id)
    return (province.code if province else None), node.code


def _note_counterpart(tree, node, other: str, hist: bool) -> None:  # noqa: ANN001 - UnitTree
    """Say which unit the switched view opens, and the others the unit came from."""
    if not hist:
        st.session_state["_counterpart_notice"] = (
            "counterpart_today",
            node.name,
            tree.get(other).name,
            "",
        )
        return
    former = tree.former_units(node.id)
    rest = ", ".join(n.name for n in former if n.code != other)
    st.session_state["_counterpart_notice"] = (
        "counterpart_as_was",
        node.name,
        tree.get(other).name,
        rest,
    )


def _switch_view(hist: bool, provs: pd.DataFrame) -> None:
    """The as-was switch was turned: keep the unit in view, as its counterpart in the other
    view (issue 16: from Tỉnh Hưng Yên it opened Tỉnh Hà Nam, the first province listed)."""
    ss = st.session_state
    code = ss.get("commune") or ss.get("province")
    prov, commune = _scope_from_unit(code, hist, provs)
    if prov is not None and prov in set(provs.code):
        ss["province"], ss["commune"] = prov, commune or ""


FILTERS_KEY = "_filters"


def filters() -> Filters:
    """The filters the entry script drew for this run of the page."""
    return st.session_state[FILTERS_KEY]


def draw(page_key: str, title_key: str) -> Filters:
    """Draw the sidebar, print styles and the page title; keep and return the filters.
    Errors become messages, not traces."""
    f = _draw(page_key, title_key)
    st.session_state[FILTERS_KEY] = f
    return f


def _draw(page_title_key: str, title_key: str) -> Filters:
    engine()
    from dashboard.web.login import require_known_unit

    u = user()
    if u.unit:
        require_known_unit(u, _unit_known(settings.database_url(), u.unit), lang())
    until = data_until() or today()
    synced = _sync_from_url(page_title_key)
    ss = st.session_state
    lg = st.sidebar.radio(
        "Ngôn ngữ / Language",
        ["vi", "en"],
        horizontal=True,
        key="lang",
        format_func=lambda x: "Tiếng Việt" if x == "vi" else "English",
    )
    fresh = synced or ss.get("_lang_rendered") != lg
    ss["_lang_rendered"] = lg
    hist = st.sidebar.toggle(t("units_historical", lg), key="hist", help=t("units_view", lg))
    provs = q(units_q.provinces, hist)
    if ss.get("_hist_rendered") not in (None, hist) and "_url_unit" not in ss:
        _switch_view(hist, provs)
        fresh = True
    ss["_hist_rendered"] = hist
    if provs.empty:
        st.title(t(title_key, lg))
        st.warning(t("no_data_yet", lg))
        st.stop()
    if "_url_unit" in ss:
        code = ss.pop("_url_unit")
        prov, commune = _scope_from_unit(code, hist, provs)
        if prov == "unknown" and not _unit_known(settings.database_url(), code):
            st.warning(t("unknown_unit", lg, code=md(code)))
        elif prov == "unknown" or not q(units_q.can_see, code, hist):
            # A unit that exists but is not the user's: a forged or stale link.
            st.error(t("scope_denied", lg))
            record_refusal(f"page={page_title_key} unit={code}")
            prov, commune = _scope_from_unit(user().unit, False, provs)
            if prov in set(provs.code):
                ss["province"], ss["commune"] = prov, commune or ""
        elif prov is not None and prov in set(provs.code):
            ss["province"], ss["commune"] = prov, commune or ""
    if code := ss.pop("_ended_unit_notice", None):
        st.info(t("ended_unit_as_it_was", lg, code=md(code)))
        ss.pop("_counterpart_notice", None)
    if notice := ss.pop("_counterpart_notice", None):
        key, name, other, rest = notice
        text = t(key, lg, unit=md(name), other=md(other))
        if rest:
            text += " " + t("counterpart_also", lg, names=md(rest))
        st.info(text)
    if ss.get("province") not in set(provs.code):
        ss["province"] = q(units_q.default_province, hist)
    names = dict(zip(provs.code, provs.name, strict=True))
    prov = st.sidebar.selectbox(
        t("province", lg), list(names), format_func=names.get, key="province"
    )
    comm = q(units_q.communes, prov, hist)
    # "" stands for the whole province: a None value would show as an empty selectbox. A
    # commune leader has no whole province to choose.
    labels = {"": t("all_communes", lg)} if q(units_q.can_see, prov, hist) else {}
    for c, n, parent in zip(comm.code, comm.name, comm.parent_name, strict=True):
        labels[c] = f"{n} – {parent}" if hist else n
    if not labels:
        st.warning(t("no_data_yet", lg))
        st.stop()
    if ss.get("commune") not in labels:
        ss["commune"] = next(iter(labels))
    ss["commune"] = st.sidebar.selectbox(
        t("commune", lg),
        list(labels),
        format_func=labels.get,
        key=_bind("commune", lg, fresh, list(labels)),
    )
    commune = ss["commune"] or None

    if err := ss.pop("_url_error", None):
        st.warning(t("bad_period", lg, detail=md(err)))
    if bad := ss.pop("_url_bad_lang", None):
        st.warning(t("unknown_lang", lg, value=md(bad)))
    for key, value in ss.pop("_url_unknown", []):
        url_value_unknown(key, value, lg)
    kind = st.sidebar.segmented_control(
        t("period_kind", lg),
        ["month", "quarter", "year", "custom"],
        format_func=lambda k: t(k, lg),
        key="period_kind",
    )
    kind = kind or "quarter"
    ss.setdefault("regime", "calendar")
    regime = ss["regime"] = (
        st.sidebar.radio(
            t("regime", lg),
            ["calendar", "official"],
            key=_bind("regime", lg, fresh),
            format_func=lambda r: t(f"regime_{r}", lg),
        )
        or "calendar"
    )
    if kind == "custom":
        ss.setdefault("from_date", P.add_months(until, -3))
        ss.setdefault("to_date", until)
        start = st.sidebar.date_input(t("from_date", lg), key="from_date", format="DD/MM/YYYY")
        end = st.sidebar.date_input(t("to_date", lg), key="to_date", format="DD/MM/YYYY")
        if end < start:
            st.error(t("bad_period", lg, detail=f"{fmt_date(end, lg)} < {fmt_date(start, lg)}"))
            st.stop()
        period = P.Period(start, end, "custom")
    else:
        opts = _period_options(kind, until, lg)
        key = f"period_{kind}"
        if ss.get(key) not in opts:
            if ss.get(key):
                opts.append(ss[key])
            else:
                ss[key] = _default_period(kind, until)
        period_code = ss[key] = st.sidebar.selectbox(
            t("period", lg),
            opts,
            key=_bind(key, lg, fresh, opts),
            format_func=lambda s: period_label(P.parse(s), lg),
        )
        period = P.parse(period_code, regime)

    field_code = st.query_params.get("field") or None
    if field_code is not None and field_code not in set(q(on_time_q.fields)["code"]):
        st.warning(t("unknown_field", lg, code=md(field_code)))
        field_code = None
    scope = Scope(unit_code=commune or prov, historical=hist, field_code=field_code)
    _write_url(scope, period, lg, regime)
    st.sidebar.caption(t("data_until", lg, date=fmt_date(until, lg)))
    st.markdown(PRINT_CSS, unsafe_allow_html=True)
    st.title(t(title_key, lg))
    unit_name = (
        dict(zip(comm.code, comm.name, strict=True)).get(commune) if commune else names.get(prov)
    )
    header(unit_name or "", period, until, lg)
    commune_names = dict(zip(comm.code, comm.name, strict=True))
    return Filters(
        lg, scope, period, prov, commune, names.get(prov, ""), commune_names.get(commune, "")
    )


def _css_string(text: str) -> str:
    """Text inside a CSS string: quotes, backslashes and markup characters as CSS escapes."""
    return "".join(c if c.isalnum() or c in " ·:/-,.()" else f"\\{ord(c):x} " for c in text)


def header(unit_name: str, period: P.Period, until: date, lg: str) -> None:
    """Whose figures these are, for when, and how fresh: the unit, the period and the date the
    data run to, under every page's title (issue 16: only the sidebar named the unit, and
    printing hides it). A period still running says so: its figures run to date only and
    compare unevenly with a whole previous period."""
    line = (
        f"<b>{html(unit_name)}</b> · {html(period_label(period, lg))}"
        f" · {html(t('data_until', lg, date=fmt_date(until, lg)))}"
    )
    # Once under the title, and as the running head in the top margin of every printed sheet
    # (a CSS page-margin box: it never covers the content, as a fixed element did).
    head = " · ".join(
        (unit_name, period_label(period, lg), t("data_until", lg, date=fmt_date(until, lg)))
    )
    st.markdown(
        f"<div class='page-header'>{line}</div>"
        f'<style>@page {{ @top-left {{ content: "{_css_string(head)}"; font-size: 9pt; '
        "color: #333; }} }}</style>",
        unsafe_allow_html=True,
    )
    if period.end > until:
        st.info(t("period_running", lg, date=fmt_date(until, lg)), icon=":material/schedule:")


# A printed page (Ctrl+P) drops the sidebar, toolbar and buttons and uses the full width;
# the unit, period and date head every printed page (a fixed element repeats on each page).
# Links (the attention lists, who to call) print as their text.
PRINT_CSS = """<style>
.page-header { font-size: 1.05rem; margin: -0.6rem 0 0.6rem 0; }
.print-only { display: none; }
@media print {
  @page { size: A4; margin: 14mm 10mm 12mm 10mm; }
  /* Streamlit scrolls the page inside a full-height box: printed, only its first screen
     would show. Let the content flow over as many sheets as it needs. */
  html, body, .stApp, [data-testid="stApp"], [data-testid="stAppViewContainer"],
  [data-testid="stMain"], [data-testid="stMainBlockContainer"], section.main {
    height: auto !important; min-height: 0 !important; overflow: visible !important;
    position: static !important; }
  .print-only { display: block !important; }
  .print-only table { border-collapse: collapse; width: 100%; font-size: 8.5pt;
    table-layout: fixed; overflow-wrap: anywhere; }
  .print-only th, .print-only td { border: 1px solid #ccc; padding: 1px 4px; text-align: left; }
  .print-only tr { break-inside: avoid; }
  [data-testid="stDataFrame"], [data-testid="stElementToolbar"] { display: none !important; }
  [data-testid="stPageLink-NavLink"] { padding: 0 !important; }
  [data-testid="stExpander"] details:not([open]) { display: none !important; }
  .js-plotly-plot, [data-testid="stMetric"] { break-inside: avoid; }
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stSidebarCollapsedControl"], .stButton, .stDownloadButton { display: none !important; }
  [data-testid="stMainBlockContainer"] { padding: 0 1rem !important; max-width: 100% !important; }
  [data-testid="stVerticalBlockBorderWrapper"] { break-inside: avoid; }
}
</style>"""


def _write_url(scope: Scope, period: P.Period, lg: str, regime: str) -> None:
    want = {"unit": scope.unit_code, "period": period.label.rstrip("*")}
    if scope.historical:
        want["hist"] = "1"
    if scope.field_code:
        want["field"] = scope.field_code
    if lg != "vi":
        want["lang"] = lg
    if regime == "official":
        want["regime"] = "official"
    want |= {k: v for k, v in st.query_params.items() if k not in FRAME_KEYS}
    if dict(st.query_params) != want:
        st.query_params.from_dict(want)
    st.session_state["_url"] = want
