"""Figures as leaders read them: metric cards with target and status badges, and the pack."""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import t
from dashboard.storage.db import get_engine
from queries.units import ScopeDenied, restricted


def status_badge(status: str | None, lg: str) -> str:
    """A coloured badge for good / watch / bad; grey for few records or no target."""
    if status is None:
        return f":gray-badge[{t('no_target', lg)}]"
    colour = {"good": "green", "watch": "orange", "bad": "red", "few": "gray"}[status]
    return f":{colour}-badge[{t('status_' + status, lg)}]"


METRIC_FORMAT = {
    "on_time_rate": "pct",
    "online_share": "pct",
    "apology_share": "pct",
    "avg_processing_days": "days",
    "pending_overdue": "count",
}


def metric_cards(
    figures: dict, lg: str, keys: list[str] | None = None, counted: str = "dossiers"
) -> None:
    """Big numbers with target, status, change and same period last year; readable from the
    back of a meeting room. ``counted`` names what the figures rest on (dossiers, responses)."""
    from dashboard.i18n import fmt_change, fmt_number, fmt_pct

    keys = keys or list(figures)
    cols = st.columns(len(keys))
    for col, key in zip(cols, keys, strict=True):
        f = figures[key]
        kind = METRIC_FORMAT.get(key, "pct")
        if kind == "pct":
            value, delta = (
                fmt_pct(f.value, lg),
                fmt_change(f.change, lg, unit=" " + t("points", lg)),
            )
        elif kind == "days":
            value = fmt_number(f.value, lg, 1)
            delta = fmt_change(f.change, lg, unit=" " + t("days", lg))
        else:
            value, delta = fmt_number(f.value, lg), fmt_change(f.change, lg, digits=0)
        lower_is_better = key in ("avg_processing_days", "pending_overdue")
        with col.container(border=True):
            st.metric(
                # Streamlit reads the direction from an ASCII minus sign.
                t(key, lg),
                value,
                delta=None if f.change is None else delta.replace("−", "-"),
                delta_color="inverse" if lower_is_better else "normal",
                help=t(f"based_on_{counted}", lg, n=fmt_number(f.n, lg)),
            )
            parts = []
            if f.target is not None:
                parts.append(
                    f"{t('target', lg)} {fmt_pct(f.target, lg)} {status_badge(f.status, lg)}"
                )
            elif kind == "pct" and key != "apology_share":
                parts.append(status_badge(None, lg))
            if f.last_year is not None:
                ly = fmt_pct(f.last_year, lg) if kind == "pct" else fmt_number(f.last_year, lg, 1)
                parts.append(t("vs_last_year", lg, value=ly))
            if key == "pending_overdue":
                parts.append(f"{t('pending_total', lg)}: {fmt_number(f.n, lg)}")
            if f.few and kind == "pct":
                parts.append(f":orange[{t(f'few_{counted}', lg, n=fmt_number(f.n, lg))}]")
            if parts:
                st.markdown("  \n".join(parts))


def pack_downloads(f, within: int | None = None) -> None:  # noqa: ANN001 - a frame.Filters
    """The briefing pack for the view in the frame, for users who may export; recorded.
    ``within``: the sidebar's N of the dossiers about to be late (default 3)."""
    from dashboard.access import audit
    from dashboard.pack import build_deck, build_workbook, collect
    from dashboard.web.frame import today, user

    u = user()
    if not u.may_export or not f.scope.unit_code:
        return
    lg = f.lang
    with st.expander(t("pack_download", lg), icon=":material/inventory_2:"):
        key = f"pack_{f.scope.unit_code}_{f.period.label}_{lg}_{within}"
        if st.button(t("pack_prepare", lg), key=f"prepare_{key}"):
            try:
                with restricted(get_engine(), u.unit).connect() as conn:
                    extra = {} if within is None else {"within": within}
                    data = collect(conn, f.period, f.scope.unit_code, lg, today(), **extra)
            except ScopeDenied:
                st.error(t("scope_denied", lg))
                return
            st.session_state[key] = (build_deck(data, lg), build_workbook(data, lg))
            from dashboard.web.login import client_address

            audit.record(
                get_engine(),
                u.username,
                "export",
                f"pack unit={f.scope.unit_code} period={f.period.label}",
                client=client_address(),
            )
        if key in st.session_state:
            deck, book = st.session_state[key]
            name = f"giao-ban-{f.scope.unit_code}-{f.period.label.rstrip('*')}"
            a, b = st.columns(2)
            a.download_button(
                t("pack_deck", lg),
                deck,
                f"{name}.pptx",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            )
            b.download_button(
                t("pack_workbook", lg),
                book,
                f"{name}.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        st.caption(t("print_hint", lg))
