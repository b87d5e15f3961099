"""Tổng quan: the few numbers a chairman needs before a meeting, on one screen."""

import streamlit as st

from dashboard import web
from dashboard.domain.escape import md
from dashboard.i18n import fmt_change, fmt_figure, fmt_number, fmt_pct, fmt_rank, t
from dashboard.web import bodies_section, directive_section, due_soon_section
from queries import dialogue, index766, on_time, rollout, satisfaction, shared

f = web.filters()
lg, scope, period = f.lang, f.scope, f.period
within = due_soon_section.within(lg)
# Who holds what is late reads the petitions overdue at the period's end before the dialogue
# line reads its headline's: the first fetch reaches back as far as the headline's window.
shared.expect("dialogue", dialogue.headline_window(period).start)

figures = web.q(on_time.headline, period, scope)
if figures["on_time_rate"].n == 0 and figures["online_share"].n == 0:
    st.info(t("empty_period", lg))
web.metric_cards(
    figures, lg, ["on_time_rate", "pending_overdue", "online_share", "apology_share"], f=f
)
# Who to call first: the bodies holding the most overdue work, with the oldest case.
bodies_section.call_first(f)
web.report_note(web.q(on_time.report_coverage, period, scope), lg, "report_in_totals")
# What is about to be late, as of today: act before it is.
due_soon_section.overview_cards(f, within)

# Each line reads its subject's headline: the figures its page shows, computed once.
sat = web.q(satisfaction.headline, period, scope)
dia = web.q(dialogue.headline, period, scope)
rol = web.q(rollout.headline, rollout.as_of_for(period, web.today()), scope)
idx = web.q(index766.headline, period, scope)
with st.container(border=True):
    # One line each, linking to the page that explains it.
    web.page_link(
        "satisfaction",
        t(
            "satisfaction_line",
            lg,
            rate=fmt_pct(sat["satisfaction_rate"].value, lg),
            n=fmt_number(sat["responses"].value, lg),
        ),
        ":material/sentiment_satisfied:",
    )
    web.page_link(
        "dialogue",
        t(
            "dialogue_line",
            lg,
            sessions=fmt_number(dia["sessions"].value, lg),
            petitions=fmt_number(dia["petitions"].value, lg),
            open=fmt_number(dia["open_raised"].value, lg),
            overdue=fmt_number(dia["overdue_raised"].value, lg),
        ),
        ":material/forum:",
    )
    web.page_link(
        "rollout",
        t(
            "rollout_line",
            lg,
            running=fmt_number(rol["rollouts_active"].value, lg),
            units=fmt_number(rol["units_running"].value, lg),
            overdue=fmt_number(rol["reviews_overdue"].value, lg),
        ),
        ":material/extension:",
    )
    web.page_link(
        "index766",
        t(
            "i766_card_line",
            lg,
            score=fmt_figure(idx["i766_total"].value, "points", lg),
            official=""
            if idx["i766_official"].value is None
            else t(
                "i766_card_official", lg, v=fmt_figure(idx["i766_official"].value, "points", lg)
            ),
        ),
        ":material/leaderboard:",
    )
    # What was asked at the last meetings and is now overdue (queries.directives).
    directive_section.overview_line(f)

league = web.q(on_time.league, period, scope)
if f.commune_code:
    # The commune's own overview: its rank among its peers and its own late dossiers, not the
    # province's lists (issue 16).
    st.subheader(t("commune_rank_title", lg))
    mine = league[league["code"] == f.commune_code]
    if mine.empty:
        st.info(t("empty_period", lg))
    elif mine["rank"].isna().iloc[0]:
        st.markdown(t("commune_not_ranked", lg, n=fmt_number(mine["resolved"].iloc[0], lg)))
    else:
        r = mine.iloc[0]
        st.markdown(
            t(
                "commune_rank",
                lg,
                rank=fmt_rank(r["rank"], r["rank_low"], r["rank_high"], lg),
                n=fmt_number(int(league["rank"].notna().sum()), lg),
                band=t(f"band_{r['band']}", lg),
            )
        )
    st.subheader(t("commune_late_title", lg))
    late = web.q(on_time.late_dossiers, period, scope)
    if late.empty:
        st.success(t("empty_period", lg))
    else:
        shown = late.head(10)
        view = shown.assign(
            apology_letter=[t("yes", lg) if a else t("no", lg) for a in shown["apology_letter"]],
            state=[t("state_" + x, lg) for x in shown["state"]],
        )[["code", "procedure", "department", "days_overdue", "apology_letter", "state"]]
        view.columns = [t(c, lg) for c in view.columns]
        web.dataframe(lg, view, hide_index=True, width="stretch")
        st.caption(
            t(
                "commune_late_more",
                lg,
                shown=fmt_number(len(shown), lg),
                n=fmt_number(len(late), lg),
            )
        )
else:
    st.subheader(t("attention_title", lg))
    if league.empty:
        st.info(t("empty_period", lg))
    else:
        a, b = st.columns(2)
        with a:
            st.markdown(f"**{t('most_overdue', lg)}**")
            top = league[league["pending_overdue"] > 0]
            top = top.sort_values("pending_overdue", ascending=False).head(5)
            if top.empty:
                st.caption(t("no_unit_overdue", lg))
            for r in top.itertuples():
                web.unit_link(
                    "on_time",
                    f"{md(r.name)}: {fmt_number(r.pending_overdue, lg)} "
                    f"{t('pending_overdue', lg).lower()}",
                    r.code,
                )
        with b:
            st.markdown(f"**{t('worst_change', lg)}**")
            # Only units that fell: a list headed "largest fall" never shows a rise.
            worst = league[~league["few"]].dropna(subset=["change"])
            worst = worst[worst["change"] < 0].sort_values("change").head(5)
            if worst.empty:
                st.caption(t("no_unit_fell", lg))
            for r in worst.itertuples():
                web.unit_link(
                    "on_time",
                    f"{md(r.name)}: {fmt_pct(r.on_time_rate, lg)} "
                    f"({fmt_change(r.change, lg)} {t('points', lg)})",
                    r.code,
                )
bodies_section.table(f)
web.page_link("on_time", t("open_on_time", lg), ":material/schedule:")
web.pack_downloads(f, within)
