"""Hài lòng: satisfaction rate against target, the five SIPAS elements, the unit league,
rating channels, the spread of ratings and the latest complaints.

Drill-down: province → commune (league table, funnel, attention buttons) → element (SIPAS
chart or element buttons; ``?element=procedure`` in the URL), where the page shows that
element's trend, per-unit table, ratings and complaints.
"""

from dataclasses import replace
from datetime import date

import streamlit as st

from dashboard import charts, web
from dashboard.domain.escape import md
from dashboard.domain.periods import Period
from dashboard.i18n import fmt_change, fmt_date, fmt_number, fmt_pct, fmt_rank, period_label, t
from dashboard.storage.settings import get as setting
from dashboard.web import call_section, map_section
from queries import on_time, rollout, satisfaction
from queries.satisfaction import ELEMENTS

# web.frame rewrites the URL with the keys it knows; the element is this page's own key, so
# read it first and put it back after the frame.
element = st.query_params.get("element") or None
f = web.filters()
lg, scope, period = f.lang, f.scope, f.period
if element not in (None, *ELEMENTS):
    st.warning(t("sat_unknown_element", lg, element=md(element)))
    element = None


def keep_element(el: str | None) -> None:
    if el:
        st.query_params["element"] = el
    else:
        st.query_params.pop("element", None)
    st.session_state["_url"] = dict(st.query_params)  # what web.frame compares the URL with


def drill(unit: str | None = None, el: str | None = None, field: str | None = None) -> None:
    """Like web.drill_to, carrying the element: a unit keeps the field, None keeps the unit."""
    keep_element(el)
    web.drill_to(unit=unit, field=field)


keep_element(element)
# Selections belong to one view: a row picked here must not drill again after the drill.
view = f"{scope.unit_code}_{scope.field_code}_{element}_{period.label}"
min_n = int(setting("OVERSIGHT_MIN_RESPONSES"))
fields = web.q(on_time.fields)
fname = dict(zip(fields.code, fields.name_vi if lg == "vi" else fields.name_en, strict=True))
el_name = {e: t(f"sat_el_{e}", lg) for e in ELEMENTS}

# Breadcrumbs: province › commune › field › element, each a link back up.
crumbs = [(f.province_name or f.province_code, dict(unit=f.province_code))]
if f.commune_code:
    crumbs.append((f.commune_name or f.commune_code, dict(unit=f.commune_code)))
if scope.field_code:
    crumbs.append(
        (
            fname.get(scope.field_code, scope.field_code),
            dict(unit=scope.unit_code, field=scope.field_code),
        )
    )
if element:
    crumbs.append((el_name[element], None))
cols = st.columns([1] * len(crumbs) + [max(1, 6 - len(crumbs))])
for i, (label, target) in enumerate(crumbs):
    with cols[i]:
        if i == len(crumbs) - 1:
            st.markdown(f"**{md(label)}**")
        elif st.button(f"‹ {md(label)}", key=f"sat_crumb_{i}", type="tertiary"):
            drill(**target)
st.caption(t("sat_drill_hint", lg))


def cards(items: list[tuple]) -> None:
    """Big numbers like web.metric_cards, worded for responses rather than dossiers:
    (label, Figure, "pct" | "count", lower_is_better[, subtitle])."""
    for col, item in zip(st.columns(len(items)), items, strict=True):
        label, fg, kind, inverse, sub = (*item, None)[:5]
        if kind == "pct":
            value = fmt_pct(fg.value, lg)
            delta = fmt_change(fg.change, lg, unit=" " + t("points", lg))
            ly = fmt_pct(fg.last_year, lg)
        else:
            value, delta = fmt_number(fg.value, lg), fmt_change(fg.change, lg, digits=0)
            ly = fmt_number(fg.last_year, lg)
        # fmt_change writes a true minus sign (−), which st.metric does not read as negative:
        # give the arrow and the colour explicitly.
        ch = fg.change
        arrow = "off" if not ch else ("up" if ch > 0 else "down")
        colour = (
            "gray" if not ch or kind == "count" else ("green" if (ch > 0) != inverse else "red")
        )
        with col.container(border=True, height="stretch"):
            st.metric(
                label,
                value,
                delta=None if ch is None else delta,
                delta_color=colour,
                delta_arrow=arrow,
                help=t("sat_based_on", lg, n=fmt_number(fg.n, lg)),
            )
            parts = [f"**{sub}**"] if sub else []
            if fg.target is not None:
                parts.append(
                    f"{t('target', lg)} {fmt_pct(fg.target, lg)} {web.status_badge(fg.status, lg)}"
                )
            elif kind == "pct" and not inverse:
                parts.append(web.status_badge(None, lg))
            if fg.last_year is not None:
                parts.append(t("vs_last_year", lg, value=ly))
            if fg.few and kind == "pct" and fg.n:
                parts.append(f":gray[{t('sat_few', lg, n=fmt_number(fg.n, lg))}]")
            if parts:
                st.markdown("  \n".join(parts))
            web.how_computed(fg, f)


figures = web.q(satisfaction.headline, period, scope)
rate = figures["satisfaction_rate"]
if element:
    cards(
        [
            (t("sat_element_rate", lg, element=el_name[element]), figures[element], "pct", False),
            (
                t("sat_answers_count", lg),
                replace(
                    figures[element],
                    value=float(figures[element].n),
                    previous=None,
                    last_year=None,
                    target=None,
                    status=None,
                    few=False,
                ),
                "count",
                False,
            ),
            (t("sat_rate_overall", lg), rate, "pct", False),
        ]
    )
else:
    weakest = figures.get("weakest_element")
    items = [
        (t("sat_rate", lg), rate, "pct", False),
        (t("sat_responses", lg), figures["responses"], "count", False),
        (t("sat_dissatisfied", lg), figures["dissatisfied_share"], "pct", True),
    ]
    if weakest is not None:
        items.append((t("sat_weakest_card", lg), weakest, "pct", False, el_name[weakest.metric]))
    cards(items)

# Who to call first: communes below their peers beyond chance (issue 16).
call_section.satisfaction_units(f)

# Trend over the 24 months up to the period's end, by month or quarter, with the merger and
# (for a commune) the launches of reform models.
st.subheader(
    t("sat_trend_title_el", lg, element=el_name[element]) if element else t("sat_trend_title", lg)
)
# A commune has few ratings a month: its trend starts by quarter.
grain = st.segmented_control(
    t("sat_grain", lg),
    ["month", "quarter"],
    default="quarter" if f.commune_code else "month",
    format_func=lambda g: t(g, lg),
    key="sat_grain_commune" if f.commune_code else "sat_grain",
) or ("quarter" if f.commune_code else "month")
start = date(period.end.year - 2, period.end.month, 1)
if grain == "quarter":
    start = date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
tr = web.q(satisfaction.trend, Period(start, period.end, "custom"), scope, grain, element)
events = [(date(2025, 7, 1), t("merger_2025", lg))]
launches = web.q(rollout.launch_events, scope)
if f.commune_code and not launches.empty:
    for when, model, _ in launches.itertuples(index=False):
        events.append(
            (date.fromisoformat(str(when)[:10]), t("model_launch", lg) + ": " + model[:40])
        )
if tr["n"].sum() == 0:
    st.info(t("sat_empty_trend", lg))
else:
    st.plotly_chart(
        charts.satisfaction.trend(
            tr,
            lg,
            rate_label=el_name[element] if element else None,
            events=events,
            min_n=min_n,
            compare_overall=element is not None,
        ),
        width="stretch",
        key="sat_trend",
    )
    st.caption(t("sat_trend_note", lg, n=fmt_number(min_n, lg)))

if rate.n == 0:
    st.info(t("sat_empty_period", lg, period=period_label(period, lg)))
    st.stop()

if not element:
    # The five SIPAS elements, the weakest highlighted; a bar or a button drills into it.
    st.subheader(t("sat_elements_title", lg))
    els = web.q(satisfaction.elements, period, scope)
    left, right = st.columns([3, 2])
    with left:
        ev = st.plotly_chart(
            charts.satisfaction.elements_bars(
                els, lg, target=rate.target, overall=rate.value, min_n=min_n
            ),
            on_select="rerun",
            selection_mode="points",
            key="sat_elements",
            width="stretch",
        )
        st.caption(t("sat_elements_legend", lg, overall=fmt_pct(rate.value, lg)))
        if ev and ev.selection.points and "customdata" in ev.selection.points[0]:
            drill(el=ev.selection.points[0]["customdata"][0], field=scope.field_code)
    with right:
        weak = els[els["weakest"]]
        if not weak.empty:
            w = weak.iloc[0]
            st.markdown(
                t(
                    "sat_weakest_line",
                    lg,
                    element=el_name[w["element"]],
                    rate=fmt_pct(w["rate"], lg),
                    gap=fmt_number(abs(w["gap"]), lg, 1) if w["gap"] == w["gap"] else "–",
                )
            )
        st.caption(t("sat_elements_hint", lg))
        for r in els.itertuples():
            mark = "▼ " if r.weakest else ""
            if st.button(
                f"{mark}{el_name[r.element]}: {fmt_pct(r.rate, lg)} ›",
                key=f"sat_el_{r.element}",
                type="tertiary",
            ):
                drill(el=r.element, field=scope.field_code)

# League of peer communes (by the element at element level): funnel, table, attention list.
st.subheader(
    t("sat_league_title_el", lg, element=el_name[element]) if element else t("sat_league_title", lg)
)
st.caption(t("sat_league_note", lg, n=fmt_number(min_n, lg)))
league = web.q(satisfaction.league, period, scope, element)
if league.empty:
    st.info(t("sat_no_units", lg))
else:
    ev = st.plotly_chart(
        charts.funnel.funnel(
            league,
            lg,
            rate_label=el_name[element] if element else t("sat_rate", lg),
            n_label=t("sat_answers_count", lg) if element else t("sat_responses", lg),
            title=t("sat_funnel_title", lg),
            highlight=f.commune_code,
            hits="ok",
        ),
        on_select="rerun",
        selection_mode="points",
        key=f"sat_funnel_{view}",
        width="stretch",
    )
    if ev and ev.selection.points and "customdata" in ev.selection.points[0]:
        drill(unit=ev.selection.points[0]["customdata"][0], el=element, field=scope.field_code)
    st.caption(t("funnel_note", lg))
    table = league.assign(
        rank=[
            fmt_rank(r, lo, hi, lg)
            for r, lo, hi in zip(
                league["rank"], league["rank_low"], league["rank_high"], strict=True
            )
        ],
        band=[t(f"band_{b}", lg) for b in league["band"]],
        rate_txt=[fmt_pct(v, lg) for v in league["rate"]],
        ci=[
            f"{fmt_number(lo, lg, 1)}–{fmt_pct(hi, lg)}" if lo == lo else "–"
            for lo, hi in zip(league["ci_low"], league["ci_high"], strict=True)
        ],
        chg=[fmt_change(v, lg) for v in league["change"]],
        weakest=[
            el_name.get(w, "–") if isinstance(w, str) else "–" for w in league["weakest_element"]
        ],
        flag=[
            t("sat_few", lg, n=fmt_number(n, lg)) if few else ""
            for n, few in zip(league["n"], league["few"], strict=True)
        ],
    )
    if element:
        show = table[["rank", "band", "name", "rate_txt", "ci", "chg", "n", "ok", "flag"]]
        show.columns = [
            t("rank_interval", lg),
            t("band", lg),
            t("unit", lg),
            el_name[element],
            t("sat_ci", lg),
            t("sat_change_pts", lg),
            t("sat_answers_count", lg),
            t("sat_satisfied_count", lg),
            t("flag", lg),
        ]
    else:
        show = table[["rank", "band", "name", "rate_txt", "ci", "chg", "n", "weakest", "flag"]]
        show.columns = [
            t("rank_interval", lg),
            t("band", lg),
            t("unit", lg),
            t("sat_rate", lg),
            t("sat_ci", lg),
            t("sat_change_pts", lg),
            t("sat_responses", lg),
            t("sat_weakest_col", lg),
            t("flag", lg),
        ]
    sel = web.dataframe(
        lg,
        show,
        hide_index=True,
        on_select="rerun",
        selection_mode=web.PICK_MODES,
        key=f"sat_league_{view}",
        width="stretch",
    )
    if (row := web.picked_row(sel)) is not None:
        drill(unit=league["code"].iloc[row], el=element, field=scope.field_code)
    # Attention goes to communes the data show to be low (below the funnel), not to the
    # three lowest rates, which may be low by chance.
    low = league[league["rank"].notna() & (league["funnel"] == "below")]
    low = low.sort_values(["rate", "n"]).head(3)
    low = low[low["code"] != f.commune_code]
    if not low.empty:
        st.markdown(f"**{t('sat_attention', lg)}**")
        for col, r in zip(st.columns(3), low.itertuples(), strict=False):
            with col:
                if st.button(
                    f"{md(r.name)}: {fmt_pct(r.rate, lg)} ›",
                    key=f"sat_low_{r.code}",
                    type="tertiary",
                ):
                    drill(unit=r.code, el=element, field=scope.field_code)

# Where the communes stand, on a map; a click drills in like the league table.
map_section.show(f, "satisfaction_rate")

left, right = st.columns(2)
with left:
    dist = web.q(satisfaction.distribution, period, scope, element)
    st.plotly_chart(
        charts.satisfaction.distribution(
            dist,
            lg,
            t("sat_distribution_title_el", lg, element=el_name[element])
            if element
            else t("sat_distribution_title", lg),
        ),
        width="stretch",
        key="sat_distribution",
    )
with right:
    if not element:
        ch = web.q(satisfaction.by_channel, period, scope)
        st.plotly_chart(
            charts.satisfaction.channel_bars(ch, lg, t("sat_channel_title", lg)),
            width="stretch",
            key="sat_channels",
        )

# What dissatisfied citizens wrote, newest first. No personal data exists to show.
st.subheader(
    t("sat_comments_title_el", lg, element=el_name[element])
    if element
    else t("sat_comments_title", lg)
)
com = web.q(satisfaction.negative_comments, period, scope, 20, element)
if com.empty:
    st.success(t("sat_no_comments", lg))
else:
    view = com.assign(
        responded_on=[fmt_date(d, lg) for d in com["responded_on"]],
        field=[
            v if isinstance(v, str) else "–" for v in com["field_vi" if lg == "vi" else "field_en"]
        ],
        rating=[f"{t(f'sat_rating_{int(r)}', lg)} ({int(r)})" for r in com["rating"]],
    )[["responded_on", "unit", "field", "rating", "comment"]]
    view.columns = [
        t("sat_date", lg),
        t("unit", lg),
        t("field", lg),
        el_name[element] if element else t("sat_rating", lg),
        t("sat_comment", lg),
    ]
    web.dataframe(
        lg,
        view,
        hide_index=True,
        width="stretch",
        column_config={view.columns[-1]: st.column_config.TextColumn(width="large")},
    )
