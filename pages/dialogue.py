"""Đối thoại: sessions held, petitions and what became of them, the yearly dialogue conference,
recurring topics, overdue petitions, and the drill-down commune → session → petitions."""

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import charts, web
from dashboard.domain.escape import md
from dashboard.i18n import fmt_change, fmt_date, fmt_number, fmt_pct, fmt_rank, t
from dashboard.storage.settings import get as setting
from dashboard.web import call_section, due_soon_section, map_section
from queries import bodies, dialogue, shared, units

# The session shown (drill-down) lives in the URL beside the frame's keys; read it before the
# frame runs, keep it only while it belongs to the unit and period shown.
wanted_session = st.query_params.get("session")
f = web.filters()
lg, scope, period = f.lang, f.scope, f.period
shown_day = units.as_of_day(period.end)  # the lists' state: today while the period runs
within = due_soon_section.within(lg)
ss = st.session_state
default_freq = "quarter" if f.commune_code else "month"  # the trend's buckets


def set_session(code: str | None) -> None:
    """Keep ``session`` in the URL beside the frame's keys (a shared link reopens it)."""
    if code:
        st.query_params["session"] = code
    else:
        st.query_params.pop("session", None)
    ss["_url"] = dict(st.query_params)  # the frame's record of the URL it wrote


def topic(x: str) -> str:
    return t(f"dlg_topic_{x}", lg)


def fmt_days(v) -> str:
    if v is None or pd.isna(v):
        return "–"
    return fmt_number(v, lg, 0 if float(v).is_integer() else 1)


def table_height(n: int, cap: int = 420) -> int:
    return min(cap, 35 * (n + 1) + 3)


# Every window of the page ends at the period's end, the trend's reaches furthest back: the
# first fetch of the petitions reaches that far and the other figures narrow it.
shared.expect("dialogue", dialogue.trend_window(period, ss.get("dlg_freq", default_freq)).start)

web.breadcrumbs(f, None)
st.caption(t("drill_hint", lg))
view_key = f"{period.label}_{scope.unit_code}_{int(scope.historical)}"

# --- headline cards ------------------------------------------------------------------------
h = web.q(dialogue.headline, period, scope)
parts = web.q(dialogue.breakdowns, period, scope)  # total, by topic, by agency: one fetch
total = parts["total"].iloc[0]
if h["sessions"].value == 0:
    st.info(t("dlg_empty", lg))
cards = [
    (
        "sessions",
        fmt_number(h["sessions"].value, lg),
        False,
        t("dlg_conferences_line", lg, n=fmt_number(total["conferences"], lg)),
    ),
    (
        "petitions",
        fmt_number(h["petitions"].value, lg),
        False,
        t("dlg_on_spot_line", lg, n=fmt_number(total["on_spot"], lg)),
    ),
    (
        "resolved_share",
        fmt_pct(h["resolved_share"].value, lg),
        False,
        t("vs_last_year", lg, value=fmt_pct(h["resolved_share"].last_year, lg)),
    ),
    (
        "backlog_overdue",
        fmt_number(h["backlog_overdue"].value, lg),
        True,
        t("dlg_of_which_raised", lg, n=fmt_number(h["overdue_raised"].value, lg)),
    ),
    (
        "median_days",
        fmt_days(h["median_days"].value)
        + ("" if h["median_days"].value is None else " " + t("days", lg)),
        True,
        t("dlg_based_on_resolved", lg, n=fmt_number(h["median_days"].n, lg)),
    ),
]
for col, (key, value, lower_better, line) in zip(st.columns(len(cards)), cards, strict=True):
    fig = h[key]
    if key == "resolved_share":
        delta = fmt_change(fig.change, lg, unit=" " + t("points", lg))
    elif key == "median_days":
        delta = fmt_change(fig.change, lg, digits=0, unit=" " + t("days", lg))
    else:
        delta = fmt_change(fig.change, lg, digits=0)
    change = fig.change
    with col.container(border=True, height="stretch"):
        st.metric(
            t(f"dlg_{key}", lg),
            value,
            # Streamlit reads the direction from an ASCII minus
            delta=None if change is None else delta.replace("−", "-"),
            delta_color="off" if not change else ("inverse" if lower_better else "normal"),
            delta_arrow="off" if not change else "auto",
            delta_description=None if change is None else t("dlg_vs_prev_short", lg),
            help=t(f"dlg_help_{key}", lg),
        )
        st.markdown(f":gray[{line}]")
        web.how_computed(fig, f)

# Who to call first: the bodies holding the most overdue petitions (issue 16).
call_section.petitions(f)

# --- commune level: the sessions, then one session's petitions ------------------------------
sessions = web.q(dialogue.sessions, period, scope) if f.commune_code else None
session = (
    wanted_session
    if sessions is not None and wanted_session in set(sessions["session_code"])
    else None
)
if wanted_session and sessions is not None and session is None:
    st.warning(t("dlg_session_gone", lg, code=md(wanted_session)))
set_session(session)

if sessions is not None and not sessions.empty:
    st.subheader(t("dlg_sessions_title", lg))
    st.caption(t("dlg_sessions_hint", lg))
    view = sessions.assign(
        held_on=[fmt_date(d, lg) for d in sessions["held_on"]],
        format=[t(f"dlg_format_{x}", lg) for x in sessions["format"]],
    )[
        [
            "session_code",
            "held_on",
            "format",
            "name",
            "chaired_by",
            "participants",
            "petitions",
            "on_spot",
            "resolved",
            "open",
            "overdue",
        ]
    ]
    view.columns = [
        t("dlg_session_code", lg),
        t("dlg_held_on", lg),
        t("dlg_format", lg),
        t("unit", lg),
        t("dlg_chaired_by", lg),
        t("dlg_participants", lg),
        t("dlg_petitions", lg),
        t("dlg_state_on_spot", lg),
        t("dlg_state_resolved", lg),
        t("dlg_state_open", lg),
        t("dlg_state_overdue", lg),
    ]
    sel = web.dataframe(
        lg,
        view,
        hide_index=True,
        on_select="rerun",
        selection_mode=web.PICK_MODES,
        key=f"dlg_sessions_{view_key}_{ss.get('dlg_close', 0)}",
        width="stretch",
        height=table_height(len(view), 300),
    )
    if (row := web.picked_row(sel)) is not None:
        picked = sessions["session_code"].iloc[row]
        if picked != session:
            set_session(picked)
            st.rerun()

if session:
    info = web.q(dialogue.session_info, session)
    pets = web.q(dialogue.session_petitions, session, period.end)
    with st.container(border=True):
        st.subheader(
            t("dlg_session_title", lg, code=md(session), date=fmt_date(info["held_on"], lg))
        )
        st.markdown(
            t(
                "dlg_session_header",
                lg,
                unit=md(info["unit_name"]),
                format=t(f"dlg_format_{info['format']}", lg),
                chair=md(info["chaired_by"]),  # imported text: no links, images or markup
                n=fmt_number(info["participants"], lg),
            )
        )
        st.caption(t("dlg_session_state_note", lg, date=fmt_date(period.end, lg)))
        if pets.empty:
            st.info(t("dlg_no_petitions", lg))
        else:
            pv = pets.assign(
                topic=[topic(x) for x in pets["topic"]],
                state=[t(f"dlg_state_{s}", lg) for s in pets["state"]],
                assigned_agency=pets["assigned_agency"].fillna("–"),
                deadline=[fmt_date(d, lg) for d in pets["deadline"]],
                resolved_on=[fmt_date(d, lg) for d in pets["resolved_on"]],
                days_to_resolve=[fmt_days(v) for v in pets["days_to_resolve"]],
                days_overdue=[fmt_days(v) for v in pets["days_overdue"]],
            )[
                [
                    "seq",
                    "topic",
                    "summary",
                    "state",
                    "assigned_agency",
                    "deadline",
                    "resolved_on",
                    "days_to_resolve",
                    "days_overdue",
                ]
            ]
            pv.columns = [
                t("dlg_seq", lg),
                t("dlg_topic", lg),
                t("dlg_summary", lg),
                t("state", lg),
                t("dlg_agency", lg),
                t("dlg_deadline", lg),
                t("dlg_resolved_on", lg),
                t("dlg_days_to_resolve", lg),
                t("dlg_days_overdue", lg),
            ]
            web.dataframe(lg, pv, hide_index=True, width="stretch")
        if st.button(t("dlg_close_session", lg), key="dlg_close_btn", type="tertiary"):
            ss["dlg_close"] = ss.get("dlg_close", 0) + 1
            set_session(None)
            st.rerun()

# --- petitions by topic and state | the yearly conference ----------------------------------
left, right = st.columns([3, 2])
with left:
    by_topic = parts["topic"]
    if by_topic["petitions"].sum() > 0:
        st.plotly_chart(
            charts.dialogue.topic_states(by_topic, lg, t("dlg_topic_state_title", lg)),
            width="stretch",
            key="dlg_topic_chart",
        )
    else:
        st.markdown(f"**{t('dlg_topic_state_title', lg)}**")
        st.caption(t("dlg_no_petitions_period", lg))
with right:
    year = period.end.year
    comp = web.q(dialogue.compliance, year, scope, period.end)
    st.markdown(
        f"**{t('dlg_compliance_title', lg, year=year)}**", help=t("dlg_compliance_rule", lg)
    )
    if not comp.empty:
        met = int(comp["met_floor"].sum())
        as_of = comp["as_of"].iloc[0]
        if f.commune_code and len(comp) == 1:
            r = comp.iloc[0]
            st.markdown(
                f"{web.status_badge(r['status'], lg)} "
                f"{t('dlg_conferences', lg)}: **{fmt_number(r['conferences'], lg)}** · "
                f"{t('dlg_sessions_col', lg)}: **{fmt_number(r['sessions'], lg)}** · "
                f"{t('dlg_required', lg)}: {fmt_number(r['required'], lg)}"
            )
        else:
            st.plotly_chart(
                charts.dialogue.compliance_donut(
                    met, len(comp), lg, running=as_of < date(year, 12, 31)
                ),
                width="stretch",
                key="dlg_compliance_chart",
            )
        running = "" if as_of >= date(year, 12, 31) else " " + t("dlg_compliance_running", lg)
        short = comp[comp["status"] != "good"]
        if f.commune_code and len(comp) == 1:
            st.caption(
                t("dlg_as_of", lg, date=fmt_date(as_of, lg)) + (running if not short.empty else "")
            )
        else:
            st.caption(
                t(
                    "dlg_compliance_summary",
                    lg,
                    met=fmt_number(met, lg),
                    total=fmt_number(len(comp), lg),
                    date=fmt_date(as_of, lg),
                )
                + running
            )
        if short.empty and not f.commune_code:
            st.success(t("dlg_all_met", lg))
        judged_old = bool(comp["missed"].map(len).sum())
        if judged_old:
            st.caption(t("dlg_as_they_were", lg, year=year))
        if f.commune_code and len(comp) == 1 and judged_old:
            st.markdown(f"{t('dlg_missed_by', lg)}: " + md(", ".join(comp["missed_names"].iloc[0])))
        elif not short.empty and not (f.commune_code and len(comp) == 1):
            cv = short.assign(
                status=[t(f"status_{s}", lg) for s in short["status"]],
                required=[fmt_number(v, lg) for v in short["required"]],
                missed_names=[", ".join(n) for n in short["missed_names"]],
            )[["name", "conferences", "sessions", "required", "status", "missed_names"]]
            cv.columns = [
                t("unit", lg),
                t("dlg_conferences", lg),
                t("dlg_sessions_col", lg),
                t("dlg_required", lg),
                t("dlg_status", lg),
                t("dlg_missed_by", lg),
            ]
            if not judged_old:
                cv = cv.drop(columns=t("dlg_missed_by", lg))
            sel = web.dataframe(
                lg,
                cv,
                hide_index=True,
                on_select="rerun",
                selection_mode=web.PICK_MODES,
                key=f"dlg_comp_{view_key}",
                width="stretch",
                height=table_height(len(cv), 280),
            )
            if (row := web.picked_row(sel)) is not None:
                code = short["code"].iloc[row]
                if code != f.commune_code:
                    web.drill_to(unit=code)

# --- overdue petitions: who must act, how late ------------------------------------------------
st.subheader(t("dlg_overdue_title", lg, date=fmt_date(shown_day, lg)))
overdue = web.q(dialogue.overdue_petitions, period.end, scope)
if overdue.empty:
    st.success(t("dlg_overdue_none", lg))
else:
    st.caption(t("dlg_overdue_caption", lg))
    ov = overdue.assign(
        topic=[topic(x) for x in overdue["topic"]],
        deadline=[fmt_date(d, lg) for d in overdue["deadline"]],
        held_on=[fmt_date(d, lg) for d in overdue["held_on"]],
        # Today's body for one abolished on 1 July 2025 (queries.bodies, issue 16).
        body_now=[
            bodies.successor(a, n, scope.historical)
            for a, n in zip(overdue["assigned_agency"], overdue["name"], strict=True)
        ],
    )[
        [
            "days_overdue",
            "name",
            "summary",
            "body_now",
            "deadline",
            "assigned_agency",
            "topic",
            "held_on",
            "session_code",
        ]
    ]
    # What a leader reads first fits the page at 1440 px: how late, where, what was asked, who
    # must act, by when. The body as assigned then, the topic and the session follow.
    ov.columns = [
        t("dlg_days_overdue", lg),
        t("unit", lg),
        t("dlg_summary", lg),
        t("body_now", lg),
        t("dlg_deadline", lg),
        t("dlg_agency", lg),
        t("dlg_topic", lg),
        t("dlg_held_on", lg),
        t("dlg_session_code", lg),
    ]
    web.dataframe(
        lg,
        ov,
        hide_index=True,
        width="stretch",
        height=table_height(len(ov)),
        column_config={
            t("dlg_days_overdue", lg): st.column_config.TextColumn(width=120),
            t("dlg_summary", lg): st.column_config.TextColumn(width="large"),
        },
    )

# --- about to be late: open petitions due within the sidebar's N working days, as of today ----
due_soon_section.petitions(f, within)

# --- by agency: who was given what, and how it went -----------------------------------------
agency = parts["agency"]
agency = agency[agency["assigned"] > 0]
if not agency.empty:
    st.subheader(t("dlg_by_agency_title", lg))
    st.caption(t("dlg_by_agency_caption", lg, date=fmt_date(shown_day, lg)))
    av = agency.assign(median_days=[fmt_days(v) for v in agency["median_days"]])[
        ["assigned_agency", "assigned", "resolved", "open", "overdue", "median_days"]
    ]
    av.columns = [
        t("dlg_agency", lg),
        t("dlg_assigned", lg),
        t("dlg_state_resolved", lg),
        t("dlg_state_open", lg),
        t("dlg_state_overdue", lg),
        t("dlg_median_days_col", lg),
    ]
    web.dataframe(lg, av, hide_index=True, width="stretch", height=table_height(len(av), 320))

# --- recurring topics --------------------------------------------------------------------------
st.subheader(t("dlg_recurring_title", lg))
st.caption(t("dlg_recurring_caption", lg, date=fmt_date(shown_day, lg)))
rec = web.q(dialogue.recurring_topics, period.end, scope)
if rec.empty:
    st.info(t("dlg_recurring_none", lg))
else:
    rv = rec.assign(
        topic=[topic(x) for x in rec["topic"]],
        first_raised=[fmt_date(d, lg) for d in rec["first_raised"]],
        last_raised=[fmt_date(d, lg) for d in rec["last_raised"]],
    )[["name", "topic", "sessions", "petitions", "open_total", "first_raised", "last_raised"]]
    rv.columns = [
        t("unit", lg),
        t("dlg_topic", lg),
        t("dlg_sessions_col", lg),
        t("dlg_petitions", lg),
        t("dlg_open_total", lg),
        t("dlg_first_raised", lg),
        t("dlg_last_raised", lg),
    ]
    web.dataframe(lg, rv, hide_index=True, width="stretch", height=table_height(len(rv), 320))

# --- league of communes ----------------------------------------------------------------------
league = web.q(dialogue.league, period, scope)
if not league.empty:
    st.subheader(t("dlg_league_title", lg))
    st.caption(t("dlg_league_hint", lg))
    min_pet = int(setting("OVERSIGHT_MIN_PETITIONS"))
    # The same funnel as the on-time and satisfaction leagues, centred on the peers' pooled
    # resolved share (queries.ranking.rank_league).
    ev = st.plotly_chart(
        charts.funnel.funnel(
            league,
            lg,
            rate_label=t("dlg_resolved_share", lg),
            n_label=t("dlg_petitions", lg),
            title=t("dlg_funnel_title", lg),
            highlight=f.commune_code,
            hits="resolved_total",
            n="petitions",
            rate="resolved_share",
        ),
        on_select="rerun",
        selection_mode="points",
        key=f"dlg_funnel_{view_key}",
        width="stretch",
    )
    if ev and ev.selection.points and "customdata" in ev.selection.points[0]:
        web.drill_to(unit=ev.selection.points[0]["customdata"][0])
    st.caption(
        t("funnel_note", lg)
        + " "
        + t("rank_note", lg, n=fmt_number(min_pet, lg), unit=t("records_petitions", lg))
    )
    lv = league.assign(
        rank=[
            fmt_rank(r, lo, hi, lg)
            for r, lo, hi in zip(
                league["rank"], league["rank_low"], league["rank_high"], strict=True
            )
        ],
        band=[t(f"band_{b}", lg) for b in league["band"]],
        share=[fmt_pct(v, lg) for v in league["resolved_share"]],
        median=[fmt_days(v) for v in league["median_days"]],
        name=[
            f"▶ {n}" if c == f.commune_code else n
            for n, c in zip(league["name"], league["code"], strict=True)
        ],
    )[
        [
            "rank",
            "band",
            "name",
            "sessions",
            "conferences",
            "petitions",
            "share",
            "backlog_overdue",
            "median",
        ]
    ]
    lv.columns = [
        t("rank_interval", lg),
        t("band", lg),
        t("unit", lg),
        t("dlg_sessions_col", lg),
        t("dlg_conferences", lg),
        t("dlg_petitions", lg),
        t("dlg_resolved_share", lg),
        t("dlg_backlog_overdue", lg),
        t("dlg_median_days_col", lg),
    ]
    sel = web.dataframe(
        lg,
        lv,
        hide_index=True,
        on_select="rerun",
        selection_mode=web.PICK_MODES,
        key=f"dlg_league_{view_key}",
        width="stretch",
        height=table_height(len(lv)),
    )
    if (row := web.picked_row(sel)) is not None:
        code = league["code"].iloc[row]
        if code != f.commune_code:
            web.drill_to(unit=code)

# --- map: sessions held per commune against the yearly requirement ---------------------------
map_section.show(f, "dialogue_sessions")

# --- trend -------------------------------------------------------------------------------------
head, pick = st.columns([4, 1], vertical_alignment="bottom")
with pick:
    freq = (
        st.segmented_control(
            t("period_kind", lg),
            ["month", "quarter"],
            key="dlg_freq",
            default=default_freq,
            required=True,
            format_func=lambda k: t(k, lg),
            label_visibility="collapsed",
        )
        or "month"
    )
head.subheader(t("dlg_trend_title_quarter" if freq == "quarter" else "dlg_trend_title", lg))
tr = web.q(dialogue.trend, dialogue.trend_window(period, freq), scope, freq)
if tr["sessions"].sum() or tr["petitions"].sum():
    st.plotly_chart(
        charts.dialogue.sessions_trend(tr, lg, freq), width="stretch", key="dlg_trend_chart"
    )
else:
    st.info(t("dlg_empty", lg).split(". ")[0] + ".")
