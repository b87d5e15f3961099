"""Tổng quan: the few numbers a chairman needs before a meeting, on one screen."""

import streamlit as st

from dashboard import web
from dashboard.domain.escape import md
from dashboard.i18n import fmt_change, fmt_number, fmt_pct, period_label, t
from dashboard.web import due_soon_section
from queries import dialogue, on_time, rollout, satisfaction

f = web.filters()
lg, scope, period = f.lang, f.scope, f.period
within = due_soon_section.within(lg)
st.caption(period_label(period, lg))

figures = web.q(on_time.headline, period, scope)
if figures["on_time_rate"].n == 0 and figures["online_share"].n == 0:
    st.info(t("empty_period", lg))
web.metric_cards(figures, lg, ["on_time_rate", "pending_overdue", "online_share", "apology_share"])
# What is about to be late, as of today: act before it is.
due_soon_section.overview_cards(f, within)

sat = web.q(satisfaction.summary, period, scope.unit_code, scope.historical)
dia = web.q(dialogue.summary, period, scope.unit_code, scope.historical)
rol = web.q(rollout.summary, period.end, scope.unit_code, scope.historical)
with st.container(border=True):
    # One line each, linking to the page that explains it.
    web.page_link(
        "satisfaction",
        t(
            "satisfaction_line",
            lg,
            rate=fmt_pct(sat["rate"], lg),
            n=fmt_number(sat["responses"], lg),
        ),
        ":material/sentiment_satisfied:",
    )
    web.page_link(
        "dialogue",
        t(
            "dialogue_line",
            lg,
            sessions=fmt_number(dia["sessions"], lg),
            petitions=fmt_number(dia["petitions"], lg),
            open=fmt_number(dia["open"], lg),
            overdue=fmt_number(dia["overdue"], lg),
        ),
        ":material/forum:",
    )
    web.page_link(
        "rollout",
        t(
            "rollout_line",
            lg,
            running=fmt_number(rol["running"], lg),
            units=fmt_number(rol["units"], lg),
            overdue=fmt_number(rol["overdue_reviews"], lg),
        ),
        ":material/extension:",
    )

st.subheader(t("attention_title", lg))
league = web.q(on_time.league, period, scope)
if league.empty:
    st.info(t("empty_period", lg))
else:
    a, b = st.columns(2)
    with a:
        st.markdown(f"**{t('most_overdue', lg)}**")
        top = league.sort_values("pending_overdue", ascending=False).head(5)
        for r in top.itertuples():
            web.unit_link(
                "on_time",
                f"{md(r.name)}: {fmt_number(r.pending_overdue, lg)} "
                f"{t('pending_overdue', lg).lower()}",
                r.code,
            )
    with b:
        st.markdown(f"**{t('worst_change', lg)}**")
        worst = league[~league["few"]].dropna(subset=["change"]).sort_values("change").head(5)
        for r in worst.itertuples():
            web.unit_link(
                "on_time",
                f"{md(r.name)}: {fmt_pct(r.on_time_rate, lg)} "
                f"({fmt_change(r.change, lg)} {t('points', lg)})",
                r.code,
            )
web.page_link("on_time", t("open_on_time", lg), ":material/schedule:")
web.pack_downloads(f, within)
