"""Đúng hạn: trend, breakdowns, league table, and the drill-down to the late dossiers."""

from datetime import date

import streamlit as st

from dashboard import charts, web
from dashboard.domain.periods import Period
from dashboard.i18n import fmt_change, fmt_date, fmt_number, fmt_pct, fmt_rank, t
from dashboard.storage.settings import get as setting
from dashboard.web import bodies_section, directive_section, due_soon_section, map_section
from queries import on_time, rollout

f = web.filters()
lg, scope, period = f.lang, f.scope, f.period
within = due_soon_section.within(lg)
# Selections belong to one view: a row picked in one quarter must not drill in the next.
view = f"{scope.unit_code}_{scope.field_code}_{period.label}"
fields = web.q(on_time.fields)
fname = dict(zip(fields.code, fields.name_vi if lg == "vi" else fields.name_en, strict=True))
web.breadcrumbs(f, fname.get(scope.field_code))
st.caption(t("drill_hint", lg))

figures = web.q(on_time.headline, period, scope)
if figures["on_time_rate"].n == 0 and figures["online_share"].n == 0:
    st.info(t("empty_period", lg))
web.metric_cards(figures, lg, f=f)
web.report_note(web.q(on_time.report_coverage, period, scope), lg, "report_in_totals")

# The first screen: who holds what is late, before any province-wide chart (issue 16).
bodies_section.call_first(f)
# The single records: late and overdue dossiers, at commune (or field) level.
if f.commune_code or scope.field_code:
    st.subheader(t("late_list_title", lg))
    late = web.q(on_time.late_dossiers, period, scope)
    if late.empty:
        st.success(t("empty_period", lg))
    else:
        late_view = late.assign(
            state=[t("state_" + s, lg) for s in late["state"]],
            apology_letter=[t("yes", lg) if a else t("no", lg) for a in late["apology_letter"]],
            received_date=[fmt_date(d, lg) for d in late["received_date"]],
            effective_due_date=[fmt_date(d, lg) for d in late["effective_due_date"]],
            resolved_date=[fmt_date(d, lg) if d == d and d else "–" for d in late["resolved_date"]],
            field=late["field_vi" if lg == "vi" else "field_en"],
        )[
            # What a chairman asks first on the left, so nothing is cut off at 1366 px.
            [
                "code",
                "procedure",
                "department",
                "days_overdue",
                "apology_letter",
                "state",
                "effective_due_date",
                "resolved_date",
                "received_date",
                "field",
            ]
            + ([] if f.commune_code else ["unit"])
        ]
        late_view.columns = [
            t(c, lg) if c != "effective_due_date" else t("due_date", lg) for c in late_view.columns
        ]
        # The procedure's long name is cut (whole in its tooltip) so that days late, the
        # apology letter and the state stay on screen at 1366 px.
        web.dataframe(
            lg,
            late_view,
            hide_index=True,
            width="stretch",
            column_config={t("procedure", lg): st.column_config.TextColumn(width=300)},
        )

# Monthly trend over the 24 months up to the period's end, with launches and the merger.
trend_period = Period(date(period.end.year - 2, period.end.month, 1), period.end, "custom")
tr = web.q(on_time.trend, trend_period, scope)
events = [(date(2025, 7, 1), t("merger_2025", lg))]
launches = web.q(rollout.launch_events, scope)
if f.commune_code and not launches.empty:
    for when, model, _ in launches.itertuples(index=False):
        events.append(
            (date.fromisoformat(str(when)[:10]), t("model_launch", lg) + ": " + model[:40])
        )
min_n = int(setting("OVERSIGHT_MIN_DOSSIERS"))
left_out = web.q(on_time.report_coverage, trend_period, scope)
if (tr.empty or tr["resolved"].sum() == 0) and not left_out["units"]:
    st.info(t("empty_period", lg))
elif not tr.empty and tr["resolved"].sum() > 0:
    st.plotly_chart(
        charts.on_time.trend(tr, lg, events, t("trend_title", lg), min_n=min_n), width="stretch"
    )
    if (tr["resolved"] < min_n).any():
        unit = t("records_dossiers", lg)
        st.caption(t("trend_few_note", lg, n=fmt_number(min_n, lg), unit=unit))
web.report_note(left_out, lg, "trend_reports_left_out")

left, right = st.columns(2)
with left:
    by_field = web.q(on_time.named, web.q(on_time.counts, period, scope, by="field"), "field")
    if not by_field.empty:
        by_field["label"] = by_field["name_vi" if lg == "vi" else "name_en"]
        ev = st.plotly_chart(
            charts.on_time.rate_bars(
                by_field,
                "label",
                lg,
                key_col="code",
                title=t("by_field", lg),
                target=figures["on_time_rate"].target,
                watch_margin=figures["on_time_rate"].watch_margin,
                min_n=min_n,
            ),
            on_select="rerun",
            selection_mode="points",
            key=f"field_chart_{view}",
            width="stretch",
        )
        if ev and ev.selection.points:
            web.drill_to(field=ev.selection.points[0]["customdata"][0])
with right:
    by_channel = web.q(on_time.counts, period, scope, by="channel")
    if not by_channel.empty:
        by_channel["label"] = [t(f"channel_{c}", lg) for c in by_channel["channel"]]
        st.plotly_chart(
            charts.on_time.stacked_outcomes(by_channel, "label", lg, title=t("by_channel", lg)),
            width="stretch",
            key="channel_chart",
        )

# League of peer communes: funnel plot and table, both drill into a commune.
st.subheader(t("league_title", lg))
league = web.q(on_time.league, period, scope)
if league.empty:
    st.info(t("empty_period", lg))
else:
    ev = st.plotly_chart(
        charts.funnel.funnel(
            league,
            lg,
            rate_label=t("on_time_rate", lg),
            n_label=t("resolved", lg),
            title=t("funnel_title", lg),
            highlight=f.commune_code,
            hits="on_time_total",
            n="resolved",
            rate="on_time_rate",
        ),
        on_select="rerun",
        selection_mode="points",
        key=f"funnel_{view}",
        width="stretch",
    )
    if ev and ev.selection.points and "customdata" in ev.selection.points[0]:
        web.drill_to(unit=ev.selection.points[0]["customdata"][0])
    st.caption(
        t("funnel_note", lg)
        + " "
        + t("rank_note", lg, n=fmt_number(min_n, lg), unit=t("records_dossiers", lg))
    )
    table = league.assign(
        flag=[
            ("◀ " + t("this_unit", lg) + " " if code == f.commune_code else "")
            + (t("few_records", lg, n=fmt_number(n, lg)) if few else "")
            for code, n, few in zip(league["code"], league["resolved"], league["few"], strict=True)
        ],
        rank=[
            fmt_rank(r, lo, hi, lg)
            for r, lo, hi in zip(
                league["rank"], league["rank_low"], league["rank_high"], strict=True
            )
        ],
        band=[t(f"band_{b}", lg) for b in league["band"]],
        rate=[fmt_pct(v, lg) for v in league["on_time_rate"]],
        chg=[fmt_change(v, lg) for v in league["change"]],
    )
    show = table[
        ["rank", "band", "name", "rate", "chg", "resolved", "late", "pending_overdue", "flag"]
    ]
    show.columns = [
        t("rank_interval", lg),
        t("band", lg),
        t("unit", lg),
        t("on_time_rate", lg),
        t("change", lg),
        t("resolved", lg),
        t("late", lg),
        t("pending_overdue", lg),
        t("flag", lg),
    ]
    sel = web.dataframe(
        lg,
        show,
        hide_index=True,
        on_select="rerun",
        selection_mode=web.PICK_MODES,
        key=f"league_table_{view}",
        width="stretch",
    )
    if (row := web.picked_row(sel)) is not None:
        web.drill_to(unit=league["code"].iloc[row])

# Where the province's communes stand, on a map; a click drills in like the table.
map_section.show(f, "on_time_rate")

# About to be late: pending dossiers due within the sidebar's N working days, as of today.
due_soon_section.show(f, within)

# What the leader asks for about these figures, recorded for the next meeting (Chỉ đạo page).
directive_section.record_form(f, "on_time")
