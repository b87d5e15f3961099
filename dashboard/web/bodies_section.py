"""Who holds what is late, for the pages' first screens: "Cần gọi ai trước" (the few bodies to
call, with their count and oldest case) and the "Theo cơ quan" table (``queries.bodies``).

Written as text and a table, not buttons, so both print.
"""

from __future__ import annotations

import streamlit as st

from dashboard.domain.escape import md
from dashboard.i18n import fmt_number, t
from dashboard.web.cache import q
from dashboard.web.frame import Filters
from dashboard.web.widgets import dataframe
from queries import bodies


def _line(r, lg: str, show_unit: bool) -> str:  # noqa: ANN001 - a row of bodies.by_body
    who = md(r.body) + (f" – {md(r.unit_name)}" if show_unit and r.unit_name else "")
    parts = []
    if r.overdue:
        text = t("call_dossiers", lg, n=fmt_number(r.overdue, lg))
        if r.oldest_code is not None and r.oldest_code == r.oldest_code:
            text += (
                " ("
                + t("call_oldest", lg, code=md(r.oldest_code), days=fmt_number(r.oldest_days, lg))
                + ")"
            )
        parts.append(text)
    if r.petitions_overdue:
        parts.append(
            t(
                "call_petitions",
                lg,
                n=fmt_number(r.petitions_overdue, lg),
                days=fmt_number(r.petition_oldest_days, lg),
            )
        )
    if r.late and not parts:
        parts.append(t("call_late", lg, n=fmt_number(r.late, lg)))
    line = f"**{who}**: " + "; ".join(parts)
    if r.was:
        line += f" · _{t('call_was', lg, names=md(r.was))}_"
    return line


def call_first(f: Filters, limit: int = 5, petitions_only: bool = False) -> None:
    """The bodies to call first: most overdue dossiers and petitions, then the oldest case.
    ``petitions_only`` (the dialogue page): overdue petitions alone, most first."""
    lg = f.lang
    st.subheader(t("call_first_title", lg))
    df = q(bodies.by_body, f.period, f.scope)
    if petitions_only:
        df = df[df["petitions_overdue"] > 0].assign(overdue=0, late=0)
        df = df.sort_values(
            ["petitions_overdue", "petition_oldest_days"], ascending=False, kind="stable"
        )
        top = df.head(limit)
    else:
        top = df[(df["overdue"] > 0) | (df["petitions_overdue"] > 0)].head(limit)
    if top.empty:
        st.success(t("call_petitions_none" if petitions_only else "call_first_none", lg))
        return
    show_unit = f.commune_code is None
    st.markdown(
        "\n".join(f"{i}. {_line(r, lg, show_unit)}" for i, r in enumerate(top.itertuples(), 1))
    )


def table(f: Filters) -> None:
    """Theo cơ quan: every body with late or overdue work, abolished ones under successors."""
    lg = f.lang
    st.subheader(t("bodies_title", lg))
    st.caption(t("bodies_note", lg))
    df = q(bodies.by_body, f.period, f.scope)
    if df.empty:
        st.success(t("call_first_none", lg))
        return
    view = df[
        [
            "body",
            "unit_name",
            "overdue",
            "oldest_code",
            "oldest_days",
            "no_apology",
            "late",
            "petitions_overdue",
            "petition_oldest_days",
            "was",
        ]
    ].copy()
    view["was"] = view["was"].where(view["was"] != "", None)
    view.columns = [
        t("body", lg),
        t("unit", lg),
        t("body_overdue", lg),
        t("body_oldest", lg),
        t("body_oldest_days", lg),
        t("body_no_apology", lg),
        t("body_late", lg),
        t("body_petitions", lg),
        t("body_petition_days", lg),
        t("body_was", lg),
    ]
    # Columns as wide as their headers and codes (forced narrow, both were cut); the table
    # scrolls sideways where the screen is narrower. (Pinned columns are drawn grey: not used.)
    dataframe(
        lg,
        view,
        hide_index=True,
        width="stretch",
        height=min(420, 35 * (len(view) + 1) + 3),
    )
