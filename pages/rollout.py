"""Mô hình: which communes run which reform model, at what stage, and whether it works."""

import streamlit as st

from dashboard import charts, web
from dashboard.domain.escape import md, md_frame
from dashboard.i18n import fmt_change, fmt_date, fmt_number, period_label, t
from dashboard.web import call_section, map_section
from queries import rollout

# The frame writes its own keys to the URL; this page's (model, rollout) are kept across it,
# so a shared link reopens the same rollout.
kept = {k: st.query_params.get(k) for k in ("model", "rollout")}
f = web.filters()
lg, scope, period = f.lang, f.scope, f.period
for k, v in kept.items():
    if v:
        st.query_params[k] = v
st.session_state["_url"] = dict(st.query_params)


def set_param(name: str, value, rerun: bool = False) -> None:  # noqa: ANN001
    if value is None:
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = str(value)
    st.session_state["_url"] = dict(st.query_params)
    if rerun:
        st.rerun()


def follow_url(key: str, value, options: list) -> None:  # noqa: ANN001
    """Push a URL value into a picker when the URL changed from outside (link, click)."""
    marker = f"_{key}_url"
    if st.session_state.get(marker, "∅") != value or key not in st.session_state:
        st.session_state[key] = value
        st.session_state[marker] = value
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[0]


def fresh(key: str, value) -> bool:  # noqa: ANN001
    """A chart or table selection not acted on yet (selections persist across reruns)."""
    seen = st.session_state.get(f"_{key}_seen")
    st.session_state[f"_{key}_seen"] = value
    return value != seen


as_of = rollout.as_of_for(period, web.today())
st.caption(t("ro_as_of", lg, date=fmt_date(as_of, lg)) + " · " + period_label(period, lg))

# Pickers: model, then one of its rollouts.
catalogue = web.q(rollout.catalogue, as_of, scope)
names = dict(zip(catalogue["code"], catalogue["name"], strict=True))
# "" and 0 stand for "all models" and "no rollout": a selectbox shows None as a placeholder.
model_options = ["", *names]
url_model = kept["model"] if kept["model"] in names else ""
if kept["model"] and not url_model:
    web.url_value_unknown("model", kept["model"], lg)
follow_url("ro_model_select", url_model, model_options)
left, right = st.columns([2, 3])
model = (
    left.selectbox(
        t("ro_model", lg),
        model_options,
        key="ro_model_select",
        format_func=lambda c: names.get(c) or t("ro_all_models", lg),
    )
    or None
)
if model != (kept["model"] or None):
    set_param("model", model)

rollouts = web.q(rollout.rollouts, as_of, scope, model)
labels = charts.rollout.rollout_labels(rollouts, lg)
rollout_options = [0, *labels]
asked = int(kept["rollout"]) if (kept["rollout"] or "").isdigit() else None
url_rid = asked if asked in labels else 0
if kept["rollout"] and not url_rid:
    web.url_value_unknown("rollout", kept["rollout"], lg)
follow_url("ro_rollout_select", url_rid, rollout_options)
rid = (
    right.selectbox(
        t("ro_rollout", lg),
        rollout_options,
        key="ro_rollout_select",
        format_func=lambda r: labels.get(r) or t("ro_choose", lg),
    )
    or None
)
if rid != asked or (kept["rollout"] and not url_rid):  # a link's unknown rollout goes too
    set_param("rollout", rid)

if rollouts.empty:
    st.info(t("ro_empty", lg, date=fmt_date(as_of, lg)))
else:
    # The overview's and the pack's figures: one headline (for the model chosen, if any).
    figs = web.q(rollout.headline, as_of, scope, model)
    cards = [
        (figs["rollouts_active"], None),
        (figs["units_running"], None),
        (figs["reviews_overdue"], None),
        (figs["ready_to_replicate"], t("ro_ready_help", lg)),
    ]
    for col, (fig, help_) in zip(st.columns(len(cards)), cards, strict=True):
        with col.container(border=True, height="stretch"):
            st.metric(t(fig.label, lg), fmt_number(fig.value, lg), help=help_)
            web.how_computed(fig, f, as_of=as_of)
    # Who to call: the rollouts whose review is overdue, longest first (issue 16).
    call_section.rollout_reviews(f, as_of, model or None)

# --- the model's pooled effect: what a replication decision needs ----------------------------
if model:
    pooled_months = (
        st.segmented_control(t("ro_months", lg), [3, 6, 12], default=6, key="ro_pooled_months") or 6
    )
    pooled = web.q(rollout.pooled_effect, model, pooled_months)
    n_est = int(
        pooled.rollouts.loc[pooled.rollouts["metric"] == "on_time_rate", "did"].notna().sum()
    )
    st.subheader(t("ro_pooled_title", lg, n=fmt_number(n_est, lg)))
    st.caption(t("ro_pooled_note", lg))
    cols = st.columns(2)
    for col, metric in zip(cols, rollout.EFFECT_METRICS, strict=True):
        iv = pooled.pooled.get(metric)
        name = t("on_time_rate", lg) if metric == "on_time_rate" else t("ro_satisfaction_rate", lg)
        with col:
            verdict = pooled.verdict(metric)
            colour = {"better": "green", "worse": "red"}.get(verdict, "gray")
            st.metric(
                name,
                fmt_change(
                    None if iv is None else round(iv.estimate, 1), lg, unit=" " + t("points", lg)
                ),
                help=t("ro_did_help", lg),
            )
            lines = [f":{colour}-badge[{t(f'ro_verdict_{verdict}', lg)}]"]
            if iv is not None:
                lines.append(
                    t("ro_ci", lg, low=fmt_change(iv.low, lg), high=fmt_change(iv.high, lg))
                )
            if verdict == "not_enough_data":
                unit = t(
                    "ro_unit_dossiers" if metric == "on_time_rate" else "ro_unit_responses", lg
                )
                lines.append(
                    t("ro_not_enough_why", lg, n=fmt_number(pooled.min_effect_n, lg), unit=unit)
                )
            pl = pooled.placebo.get(metric)
            if pl is not None:
                lines.append(
                    t(
                        "ro_placebo",
                        lg,
                        n=pooled_months,
                        value=fmt_change(pl.estimate, lg, unit=" " + t("points", lg)),
                    )
                )
            st.markdown("  \n".join(lines))
            rows = pooled.rollouts[pooled.rollouts["metric"] == metric]
            if rows["did"].notna().any():
                st.plotly_chart(
                    charts.rollout.forest(rows, iv, lg, t(f"ro_forest_title_{metric}", lg)),
                    width="stretch",
                    key=f"ro_forest_{metric}",
                )

# --- the rollout's detail -------------------------------------------------------------------
if rid is not None:
    info = web.q(rollout.rollout_info, rid, as_of, scope.historical)
    with st.container(border=True):
        st.subheader(f"{md(info['unit_name'])} – {md(info['model_name'])}")
        if info["stage"]:
            st.markdown(
                t(
                    "ro_detail_since",
                    lg,
                    stage=f"**{charts.rollout.stage_label(info['stage'], lg)}**",
                    date=fmt_date(info["stage_on"], lg),
                )
            )
        if info["merged"]:
            st.markdown(
                t(
                    "ro_lineage",
                    lg,
                    recorded=f"**{md(info['recorded_name'])}**",
                    now=t("ro_now_part_of", lg, name=f"**{md(info['current_name'])}**"),
                )
            )
        if info["note"]:
            st.caption(f"{t('ro_note', lg)}: {md(info['note'])}")  # imported text
        if st.button(t("ro_back", lg), type="tertiary", key="ro_back"):
            set_param("rollout", None, rerun=True)

        st.markdown(f"#### {t('ro_criteria_title', lg)}")
        by_date = web.q(rollout.assessment_by_date, rid, as_of)
        if by_date.empty:
            st.info(t("ro_no_assessment", lg))
        else:
            a, b = st.columns([2, 3])
            a.plotly_chart(
                charts.rollout.assessment_trend(by_date, lg, t("ro_share_met", lg)),
                width="stretch",
                key="ro_trend",
            )
            b.table(
                md_frame(
                    charts.rollout.criteria_frame(
                        web.q(rollout.assessment_by_criterion, rid, as_of), lg
                    )
                ),
                hide_index=True,
            )
            st.plotly_chart(
                charts.rollout.criteria_grid(web.q(rollout.assessments, rid, as_of), lg),
                width="stretch",
                key="ro_grid",
            )

        st.markdown(f"#### {t('ro_effect_title', lg)}")
        months = (
            st.segmented_control(t("ro_months", lg), [3, 6, 12], default=6, key="ro_months") or 6
        )
        eff = web.q(rollout.effect, rid, months)
        if eff is None:
            st.info(t("ro_not_launched", lg))
        else:
            w = eff.on_time
            st.caption(
                t(
                    "ro_windows_fair",
                    lg,
                    before=f"{fmt_date(w.unit_before.start, lg)} – "
                    f"{fmt_date(w.unit_before.end, lg)}",
                    after=f"{fmt_date(w.unit_after.start, lg)} – {fmt_date(w.unit_after.end, lg)}",
                    launched=fmt_date(eff.launched_on, lg),
                    unit=md(eff.unit_name),
                    province=md(eff.province_name),
                    n=fmt_number(len(eff.comparison), lg) if not eff.comparison_hidden else "…",
                )
            )
            if eff.incomplete:
                st.info(t("ro_incomplete", lg))
            if eff.comparison.empty and not eff.comparison_hidden:
                st.warning(t("ro_no_comparison", lg))
            studies = web.q(rollout.event_study, rid, months)
            for metric, m in eff.metrics.items():
                name = (
                    t("on_time_rate", lg)
                    if metric == "on_time_rate"
                    else t("ro_satisfaction_rate", lg)
                )
                unit = t(
                    "ro_unit_dossiers" if metric == "on_time_rate" else "ro_unit_responses", lg
                )
                with st.container(border=True):
                    left, right = st.columns([2, 3])
                    with left:
                        did = None if m.did is None else round(m.did, 1)  # no "−0,0"
                        st.metric(
                            t(
                                f"ro_did_{'on_time' if metric == 'on_time_rate' else 'satisfaction'}",
                                lg,
                            ),
                            fmt_change(did, lg, unit=" " + t("points", lg)),
                            help=t("ro_did_help", lg),
                        )
                        verdict = m.verdict
                        colour = {"better": "green", "worse": "red"}.get(verdict, "gray")
                        st.markdown(f":{colour}-badge[{t(f'ro_verdict_{verdict}', lg)}]")
                        lines = []
                        if m.estimate is not None:
                            lines.append(
                                t(
                                    "ro_ci",
                                    lg,
                                    low=fmt_change(m.ci_low, lg),
                                    high=fmt_change(m.ci_high, lg),
                                )
                            )
                        if m.placebo is not None:
                            lines.append(
                                t(
                                    "ro_placebo",
                                    lg,
                                    n=months,
                                    value=fmt_change(m.placebo_did, lg, unit=" " + t("points", lg)),
                                )
                            )
                        if verdict == "not_enough_data":
                            lines.append(
                                t(
                                    "ro_not_enough_why",
                                    lg,
                                    n=fmt_number(m.min_effect_n, lg),
                                    unit=unit,
                                )
                            )
                        st.markdown("  \n".join(lines))
                        st.table(md_frame(charts.rollout.effect_frame(m, lg)), hide_index=True)
                        for key in eff.warnings(metric):
                            if key in ("incomplete", "no_comparison"):
                                continue
                            st.warning(charts.rollout.warning_text(eff, metric, key, lg))
                    with right:
                        es = studies[studies["metric"] == metric]
                        st.plotly_chart(
                            charts.rollout.event_study(
                                es, eff.launched_on, lg, t(f"ro_event_title_{metric}", lg)
                            ),
                            width="stretch",
                            key=f"ro_event_{metric}",
                        )
                        min_n = m.min_n
                        st.caption(t("ro_event_note", lg, n=fmt_number(min_n, lg), unit=unit))
            if eff.comparison_hidden:
                st.caption(t("ro_comparison_hidden", lg))
            else:
                with st.expander(t("ro_comparison_table", lg, n=len(eff.comparison))):
                    web.dataframe(
                        lg,
                        charts.rollout.comparison_frame(eff, lg),
                        hide_index=True,
                        width="stretch",
                    )
                if not eff.excluded.empty:
                    with st.expander(t("ro_excluded_title", lg, n=len(eff.excluded))):
                        web.dataframe(
                            lg,
                            charts.rollout.excluded_frame(eff, lg),
                            hide_index=True,
                            width="stretch",
                        )

# --- matrix of communes × models ----------------------------------------------------------
if not rollouts.empty:
    st.subheader(t("ro_matrix_title", lg))
    st.caption(t("ro_matrix_hint", lg))
    st.html(charts.rollout.stage_legend(lg))
    styled, keys = charts.rollout.stage_table(web.q(rollout.matrix, as_of, scope, model), lg)
    ev = web.dataframe(
        lg,
        styled,
        hide_index=True,
        on_select="rerun",
        selection_mode="single-cell",
        key="ro_matrix",
        width="stretch",
        column_config={keys.columns[0]: st.column_config.TextColumn(pinned=True)},
    )
    if ev and ev.selection.cells:
        row, col = ev.selection.cells[0]
        target = keys.iloc[row][col] if col in keys.columns else None
        if target is not None and target == target and fresh("ro_matrix", (row, col)):
            set_param("rollout", int(target), rerun=True)

    st.subheader(t("ro_gantt_title", lg))
    if model or f.commune_code or len(rollouts) <= 25:
        tl = web.q(rollout.timeline, as_of, scope, model)
        ev = st.plotly_chart(
            charts.rollout.gantt(tl, as_of, lg),
            on_select="rerun",
            selection_mode="points",
            key="ro_gantt",
            width="stretch",
        )
        points = ev.selection.points if ev else []
        if points and "customdata" in points[0]:
            target = int(points[0]["customdata"][0])
            if fresh("ro_gantt", target):
                set_param("rollout", target, rerun=True)
    else:
        st.info(t("ro_gantt_pick", lg))

# --- catalogue ------------------------------------------------------------------------------
if not catalogue.empty:
    st.subheader(t("ro_catalogue_title", lg))
    for m in catalogue.itertuples():
        head = f"{md(m.name)} — {t('ro_rollout_count', lg, n=m.rollouts, active=m.active)}"
        with st.expander(head, expanded=m.code == model):
            st.markdown(
                f"**{t('ro_sponsor', lg)}:** {md(m.sponsor)}  \n"
                f"**{t('ro_legal_basis', lg)}:** {md(m.legal_basis)}  \n"
                f"**{t('ro_decision_date', lg)}:** {fmt_date(m.decision_date, lg)}  \n"
                f"**{t('ro_planned_period', lg)}:** {fmt_date(m.planned_start, lg)} – "
                f"{fmt_date(m.planned_end, lg)}"
            )
            if m.description:
                st.caption(md(m.description))
            st.markdown(
                f"**{t('ro_criteria', lg)}:**\n\n"
                + "\n".join(f"- {md(c['code'])}: {md(c['name'])}" for c in m.criteria)
            )

# --- map: models running per commune ----------------------------------------------------------
map_section.show(f, "rollouts")

# --- at least one model per unit per year ------------------------------------------------------
st.subheader(t("ro_compliance_title", lg))
years = list(range(as_of.year, 2020, -1)) or [as_of.year]
if st.session_state.get("ro_year") not in years:
    st.session_state["ro_year"] = years[0]
year = st.selectbox(t("ro_year", lg), years, key="ro_year")
comp = web.q(rollout.compliance, year, scope)
req = fmt_number(comp.required, lg)
st.markdown(
    t(
        "ro_compliance_line",
        lg,
        ok=fmt_number(comp.n_compliant, lg),
        n=fmt_number(comp.n_communes, lg),
        req=req,
        year=year,
    )
)
st.caption(
    t("ro_compliance_target", lg, req=req) if comp.target_set else t("ro_compliance_default", lg)
)
if comp.missing.empty:
    if comp.n_communes:
        st.success(t("ro_compliance_ok", lg, year=year))
else:
    judged_old = bool(comp.missing["missed"].map(len).sum())
    show = comp.missing.assign(missed_names=[", ".join(n) for n in comp.missing["missed_names"]])
    show = show[["name", "parent_name", "n_models", "missed_names"]]
    show.columns = [
        t("ro_commune", lg),
        t("ro_parent", lg),
        t("ro_models_count", lg),
        t("ro_missed_by", lg),
    ]
    if comp.missing["parent_name"].nunique() <= 1:  # today's communes: all under the province
        show = show.drop(columns=t("ro_parent", lg))
    if not judged_old:
        show = show.drop(columns=t("ro_missed_by", lg))
    else:
        st.caption(t("ro_as_they_were", lg, year=year))
    web.dataframe(lg, show, hide_index=True, width="stretch")
