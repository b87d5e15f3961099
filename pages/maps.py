"""Bản đồ: every indicator on a map of the communes, today's or as they were, two periods side
by side if asked; the table below holds the same numbers."""

import streamlit as st

from dashboard import charts, web
from dashboard.domain.escape import md
from dashboard.i18n import fmt_number, period_label, t
from dashboard.web import map_section
from queries import maps

f = web.filters()
lg, scope, period = f.lang, f.scope, f.period
view_key = "map_view_historical" if scope.historical else "map_view_current"
st.caption(t(view_key, lg))

ss = st.session_state
c1, c2, c3 = st.columns([3, 4, 3])
options = web.q(maps.indicators)
models = web.q(maps.models)
model_names = dict(zip(models["code"], models["name"], strict=True))
map_section.from_url("indicator", options, "map_indicator")
map_section.from_url("model", list(model_names), "map_model")
indicator = c1.selectbox(
    t("map_indicator", lg),
    options,
    key="map_indicator",
    format_func=lambda k: t("map_ind_" + k, lg),
)
model = (
    c2.selectbox(
        t("map_model", lg),
        ["", *model_names],
        key="map_model",
        format_func=lambda c: model_names.get(c) or t("map_model_none", lg),
    )
    or None
)
map_section.to_url("indicator", indicator, options[0])
map_section.to_url("model", model)
if map_section.from_url("compare", ["previous", "last_year"], "map_compare_with"):
    ss["map_compare"] = True
with c3:
    compare = st.toggle(t("map_compare", lg), key="map_compare")
    other_kind = st.radio(
        t("map_compare_with", lg),
        ["previous", "last_year"],
        horizontal=True,
        key="map_compare_with",
        disabled=not compare,
        format_func=lambda k: t(f"map_compare_{k}", lg),
    )
map_section.to_url("compare", other_kind if compare else None)
st.caption(t("map_hint", lg))

periods = [period]
if compare:
    periods.append(
        period.previous() if other_kind == "previous" else period.same_period_last_year()
    )
datas = [web.q(maps.map_units, p, scope, indicator, model) for p in periods]
units = [d.units for d in datas]

if f.commune_code and not units[0].empty:
    # The commune picked on the map (or in the table), named with its figure and where to
    # look next (issue 16: a click ringed it and showed nothing).
    mine = charts.maps.table(units[0], lg, historical=scope.historical)
    mine = mine[mine["code"] == f.commune_code]
    with st.container(border=True):
        if mine.empty:
            st.markdown(f"**{md(f.commune_name or f.commune_code)}**: {t('map_no_figures', lg)}")
        else:
            row = mine.iloc[0]
            st.markdown(
                " · ".join(
                    f"**{md(str(v))}**" if i == 0 else f"{md(str(c))}: {md(str(v))}"
                    for i, (c, v) in enumerate(row.drop(labels=["code"]).items())
                )
            )
        links = st.columns(3)
        for col, (page, key) in zip(
            links,
            [
                ("on_time", "page_on_time"),
                ("satisfaction", "page_satisfaction"),
                ("dialogue", "page_dialogue"),
            ],
            strict=True,
        ):
            with col:
                web.unit_link(page, t(key, lg), f.commune_code)

if all(u.empty for u in units):
    st.info(t("map_empty", lg))
else:
    if all(u.empty or (u["n"] == 0).all() for u in units):
        st.info(t("map_no_figures", lg))
    height = 680 if not compare else 540
    view = charts.maps.view_state(units, 1100 if not compare else 560, height)
    n_max = max(float(u["n"].max()) if len(u) else 0.0 for u in units)
    cols = st.columns(len(periods))
    figs = []
    for i, (col, p, u) in enumerate(zip(cols, periods, units, strict=True)):
        with col:
            if compare:
                st.markdown(f"**{period_label(p, lg)}**")
            fig = charts.maps.build(
                u,
                lg,
                historical=scope.historical,
                model_name=model_names.get(model),
                view=view,
                n_max=n_max,
                height=height,
                labels=not compare,
                prefix=f"map{i}",
            )
            figs.append(fig)
            event = st.pydeck_chart(
                fig.deck,
                on_select="rerun",
                selection_mode="single-object",
                height=height,
                key=f"map_deck_{i}_{indicator}_{map_section.view_key(f)}",
                alt=t("map_alt", lg, indicator=t("map_ind_" + indicator, lg)),
            )
            code = charts.maps.selected_code(event)
            if code and code != f.commune_code:
                web.drill_to(unit=code)
    st.markdown(charts.maps.legend_html(figs[0].legend), unsafe_allow_html=True)
    for note in figs[0].notes:
        st.warning(md(note))
    if datas[0].missing_coords:
        names = datas[0].missing_names
        st.caption(
            t(
                "map_missing_coords",
                lg,
                n=fmt_number(len(names), lg),
                names=md(", ".join(names[:10])) + ("…" if len(names) > 10 else ""),
            )
        )

    st.subheader(t("map_table_title", lg))
    tab = charts.maps.table(
        units[0],
        lg,
        historical=scope.historical,
        compare=units[1] if compare else None,
        compare_label=period_label(periods[-1], lg) if compare else None,
    )
    sel = web.dataframe(
        lg,
        tab,
        hide_index=True,
        width="stretch",
        column_config={"code": None},
        on_select="rerun",
        selection_mode=web.PICK_MODES,
        key=f"map_table_{indicator}_{map_section.view_key(f)}",
    )
    if (row := web.picked_row(sel)) is not None:
        code = tab["code"].iloc[row]
        if code != f.commune_code:
            web.drill_to(unit=code)
