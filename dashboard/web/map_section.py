"""A compact map of one indicator for an indicator page: ``map_section.show(f, "on_time_rate")``.

Draws the communes of the page's province for the page's period and view (today's units or as
they were), with the legend; clicking a commune drills into it as the rest of the page does.
"""

from __future__ import annotations

import streamlit as st

from dashboard.charts import maps
from dashboard.domain.escape import md
from dashboard.i18n import fmt_number, t
from dashboard.web.cache import q
from dashboard.web.frame import Filters
from dashboard.web.nav import drill_to, page_link
from queries import maps as maps_q


def show(filters: Filters, indicator: str, height: int = 420) -> None:
    lg, scope = filters.lang, filters.scope
    st.subheader(f"{t('map_section_title', lg)}: {t('map_ind_' + indicator, lg)}")
    data = q(maps_q.map_units, filters.period, scope, indicator, None)
    if data.units.empty:
        st.info(t("map_empty", lg))
        return
    fig = maps.build(
        data.units,
        lg,
        historical=scope.historical,
        labels=False,
        height=height,
        width_px=1000,
        radius=(3.0, 14.0),
        prefix=f"sec-{indicator}",
    )
    event = st.pydeck_chart(
        fig.deck,
        on_select="rerun",
        selection_mode="single-object",
        height=height,
        # Selections belong to one view: a unit picked in one period must not drill in the next.
        key=f"map_section_{indicator}_{view_key(filters)}",
        alt=t("map_alt", lg, indicator=t("map_ind_" + indicator, lg)),
    )
    code = maps.selected_code(event)
    if code and code != filters.commune_code:
        drill_to(unit=code)
    st.markdown(maps.legend_html(fig.legend), unsafe_allow_html=True)
    for note in fig.notes:
        st.warning(md(note))
    if data.missing_coords:
        st.caption(
            t(
                "map_missing_coords",
                lg,
                n=fmt_number(data.missing_coords, lg),
                names=md(", ".join(data.missing_names[:8]))
                + ("…" if data.missing_coords > 8 else ""),
            )
        )
    page_link("maps", t("map_open_page", lg), icon=":material/map:")


def view_key(filters: Filters) -> str:
    """The part of a widget key that ties a selection to one view (unit, units, field, period)."""
    s = filters.scope
    return f"{s.unit_code}_{int(s.historical)}_{s.field_code}_{filters.period.label}"


def from_url(param: str, options: list[str], key: str) -> bool:
    """Seed a widget's state from the page's own URL key when the URL changed from outside
    (a shared link): ``?indicator=satisfaction_rate&model=HY-DVK-CQPV&compare=previous``.
    True when it did."""
    value = st.query_params.get(param)
    seen = f"_map_url_{param}"
    if value != st.session_state.get(seen):
        st.session_state[seen] = value
        if value in options:
            st.session_state[key] = value
            return True
        if value:  # not one of this page's: the default, and a notice
            from dashboard.web.frame import url_value_unknown

            url_value_unknown(param, value)
    return False


def to_url(param: str, value: str | None, default: str | None = None) -> None:
    """Keep the choice in the URL (left out when it is the default)."""
    want = None if value in (None, "", default) else value
    if st.query_params.get(param) != want:
        if want is None:
            st.query_params.pop(param, None)
        else:
            st.query_params[param] = want
        st.session_state[f"_map_url_{param}"] = want
