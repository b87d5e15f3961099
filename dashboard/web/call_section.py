""" "Cần gọi ai trước" on the subject pages' first screen (issue 16): for the unit in view,
who to call and why, right under the cards and before any province-wide chart. The on-time
page and the overview use ``bodies_section.call_first`` (dossiers and petitions by body);
these are the dialogue, satisfaction and rollout pages' own.

Written as numbered text lines with links to the unit, not buttons, so they print.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.domain.escape import md
from dashboard.i18n import fmt_date, fmt_number, fmt_pct, t
from dashboard.web.bodies_section import call_first as bodies_call_first
from dashboard.web.cache import q
from dashboard.web.frame import Filters
from queries import rollout, satisfaction


def petitions(f: Filters, limit: int = 5) -> None:
    """The bodies holding the most overdue petitions, with the oldest's age."""
    bodies_call_first(f, limit, petitions_only=True)


def satisfaction_units(f: Filters, limit: int = 5) -> None:
    """The communes whose satisfaction is below their peers' beyond chance (the league's
    bottom group), lowest first, with their dissatisfied responses and weakest element."""
    lg = f.lang
    st.subheader(t("call_first_title", lg))
    df = q(satisfaction.call_first, f.period, f.scope, limit)
    if df.empty:
        st.success(t("call_sat_none", lg))
        return
    lines = []
    for i, r in enumerate(df.itertuples(), 1):
        weakest = (
            t("call_sat_weakest", lg, element=t(f"sat_el_{r.weakest_element}", lg))
            if isinstance(r.weakest_element, str)
            else ""
        )
        lines.append(
            f"{i}. **{md(r.name)}**: "
            + t(
                "call_sat_line",
                lg,
                rate=fmt_pct(r.rate, lg),
                n=fmt_number(r.n, lg),
                bad=fmt_number(r.dissatisfied, lg),
            )
            + weakest
        )
    st.markdown("\n".join(lines))
    st.caption(t("call_sat_note", lg))


def rollout_reviews(f: Filters, as_of: date, model_code: str | None, limit: int = 5) -> None:
    """The rollouts whose review is overdue, longest first: unit, model, which review and
    since when."""
    lg = f.lang
    st.subheader(t("call_first_title", lg))
    df = q(rollout.overdue_reviews, as_of, f.scope, model_code)
    if df.empty:
        st.success(t("call_ro_none", lg, day=fmt_date(as_of, lg)))
        return
    lines = [
        f"{i}. **{md(r.unit_name)}** – {md(r.model_name)}: "
        + t(
            "call_ro_line",
            lg,
            review=t(f"ro_stage_{r.review}", lg).lower(),
            planned=fmt_date(r.planned_on, lg),
            days=fmt_number(r.days_overdue, lg),
        )
        for i, r in enumerate(df.head(limit).itertuples(), 1)
    ]
    if len(df) > limit:
        lines.append(t("call_more", lg, n=fmt_number(len(df) - limit, lg)))
    st.markdown("\n".join(lines))
