"""Figures as leaders read them: metric cards with target and status badges, and the pack."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd
import streamlit as st

from dashboard.domain.escape import md
from dashboard.i18n import t
from dashboard.storage import settings
from dashboard.storage.db import get_engine
from queries.figures import Figure
from queries.units import ScopeDenied, restricted

# The one status palette (dashboard/charts/theme.py STATUS_COLOURS) in Streamlit's colour names.
STATUS_BADGE = {"good": "green", "watch": "orange", "bad": "red", "few": "gray"}


def status_badge(status: str | None, lg: str) -> str:
    """A coloured badge for good / watch / bad; grey for few records or no target."""
    if status is None:
        return f":gray-badge[{t('no_target', lg)}]"
    colour = STATUS_BADGE[status]
    return f":{colour}-badge[{t('status_' + status, lg)}]"


def explain_lines(
    fig: Figure,
    lg: str,
    period_text: str,
    coverage: dict,
    historical: bool,
    field_code: str | None = None,
    as_of: date | None = None,
) -> list[str]:
    """The lines of "cách tính" below the definition: numerator and denominator as counts,
    the period (or the day, for figures as of a date) and the units covered."""
    from dashboard.i18n import fmt_date, fmt_number

    lines = []
    num, den = fig.numerator, fig.denominator
    if fig.kind == "points" and num is not None:
        # The service index: points earned out of the points that can be determined.
        lines.append(
            f"**{t('hc_points_earned', lg)}**: {fmt_number(num, lg, 2)} · "
            f"**{t('hc_points_possible', lg)}**: {fmt_number(den, lg, 2)}"
        )
    elif num is not None and den is not None:
        lines.append(
            f"**{t('hc_numerator', lg)}**: {fmt_number(num, lg)} · "
            f"**{t('hc_denominator', lg)}**: {fmt_number(den, lg)}"
        )
    elif num is not None:
        lines.append(f"**{t('hc_count', lg)}**: {fmt_number(num, lg)}")
    elif den is not None:
        lines.append(f"**{t('hc_denominator', lg)}**: {fmt_number(den, lg)} ({t('hc_median', lg)})")
    if as_of is not None:
        lines.append(f"**{t('hc_as_of', lg)}**: {fmt_date(as_of, lg)}")
    else:
        lines.append(f"**{t('hc_period', lg)}**: {period_text}")
    view = t("hc_view_historical" if historical else "hc_view_current", lg)
    n = fmt_number(coverage.get("communes"), lg)
    if coverage.get("name") is None:
        units = t("hc_all_units_line", lg, n=n)
    elif coverage.get("communes") == 1:
        units = t("hc_commune_line", lg, name=md(coverage["name"]), view=view)
    else:
        units = t("hc_units_line", lg, name=md(coverage["name"]), n=n, view=view)
    lines.append(f"**{t('hc_units', lg)}**: {units}")
    if field_code:
        lines.append(f"**{t('hc_field', lg)}**: {md(field_code)}")
    return lines


def how_computed(fig: Figure, f, as_of: date | None = None) -> None:  # noqa: ANN001 - Filters
    """ "Cách tính" under a card: the figure's definition in a sentence, its numerator and
    denominator as counts, the period (or day) and the units it covers, and a link to the
    rows behind it where a page lists them. The one implementation every card uses."""
    from dashboard.i18n import period_label
    from dashboard.web.cache import q
    from dashboard.web.nav import page_link
    from queries import units as units_q

    lg = f.lang
    cov = q(units_q.coverage, f.scope)
    with st.popover(t("how_computed", lg), icon=":material/calculate:"):
        st.markdown(f"**{t('hc_definition', lg)}**: {t(fig.definition, lg)}")
        st.markdown(
            "  \n".join(
                explain_lines(
                    fig,
                    lg,
                    period_label(f.period, lg),
                    cov,
                    f.scope.historical,
                    f.scope.field_code,
                    as_of,
                )
            )
        )
        if fig.rows:
            page_link(fig.rows, t("hc_rows", lg), ":material/table_rows:")


def metric_cards(
    figures: dict,
    lg: str,
    keys: list[str] | None = None,
    counted: str = "dossiers",
    f=None,  # noqa: ANN001 - the frame's Filters: each card then offers "cách tính"
) -> None:
    """Big numbers with target, status, change and same period last year; readable from the
    back of a meeting room. ``counted`` names what the figures rest on (dossiers, responses)."""
    from dashboard.i18n import fmt_change, fmt_figure, fmt_number, fmt_pct

    keys = keys or list(figures)
    cols = st.columns(len(keys))
    for col, key in zip(cols, keys, strict=True):
        fg = figures[key]
        kind = fg.kind
        value = fmt_figure(fg.value, kind, lg)
        if kind == "pct":
            delta = fmt_change(fg.change, lg, unit=" " + t("points", lg))
        elif kind == "days":
            delta = fmt_change(fg.change, lg, unit=" " + t("days", lg))
        elif kind == "points":
            delta = fmt_change(fg.change, lg, digits=2)
        else:
            delta = fmt_change(fg.change, lg, digits=0)
        lower_is_better = key in ("avg_processing_days", "pending_overdue")
        # No change is neutral grey "±0", never a red or green arrow (issue 16).
        unchanged = fg.change is not None and delta.startswith("±")
        with col.container(border=True, height="stretch"):
            st.metric(
                # Streamlit reads the direction from an ASCII minus sign.
                t(key, lg),
                value,
                delta=None if fg.change is None else delta.replace("−", "-"),
                delta_color="off" if unchanged else ("inverse" if lower_is_better else "normal"),
                delta_arrow="off" if unchanged else "auto",
                help=t(f"based_on_{counted}", lg, n=fmt_number(fg.n, lg)),
            )
            parts = []
            if fg.target is not None:
                parts.append(
                    f"{t('target', lg)} {fmt_pct(fg.target, lg)} {status_badge(fg.status, lg)}"
                )
            elif kind == "pct" and key != "apology_share":
                parts.append(status_badge(None, lg))
            if fg.last_year is not None:
                ly = fmt_pct(fg.last_year, lg) if kind == "pct" else fmt_number(fg.last_year, lg, 1)
                parts.append(t("vs_last_year", lg, value=ly))
            if key == "pending_overdue":
                parts.append(f"{t('pending_total', lg)}: {fmt_number(fg.n, lg)}")
            if key == "apology_share" and fg.value is not None:
                # letters / late dossiers as counts (DOMAIN.md): the share is letters of n.
                letters = int(fg.numerator)
                parts.append(
                    t(
                        "apology_counts",
                        lg,
                        letters=fmt_number(letters, lg),
                        late=fmt_number(fg.n, lg),
                    )
                )
            # Few records: grey, as everywhere (amber means "watch"); nothing to warn about
            # when there is nothing at all (no late dossier needs an apology letter).
            if fg.few and kind == "pct" and fg.n:
                parts.append(f":gray[{t(f'few_{counted}', lg, n=fmt_number(fg.n, lg))}]")
            if parts:
                st.markdown("  \n".join(parts))
            if f is not None:
                how_computed(fg, f)


def table_text(df: pd.DataFrame, lg: str) -> pd.DataFrame:
    """A table as it is shown: numbers in the language's style ('2.055', '83,8'), nothing
    missing shown as 'None', 'nan' or '<NA>' but as '–' (issue 16). Whole numbers stay whole;
    other numbers get one decimal. Text columns are left as they are."""
    from dashboard.i18n import fmt_number

    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_bool_dtype(s):
            continue
        # Whole columns at once (a page's tables hold thousands of cells; issue 18).
        missing = s.isna().to_numpy()
        if pd.api.types.is_numeric_dtype(s):
            vals = s.to_numpy(dtype="float64", na_value=np.nan)[~missing]
            digits = 0 if bool(np.all(np.isfinite(vals) & (np.floor(vals) == vals))) else 1
            out[col] = [
                "–" if m else fmt_number(v, lg, digits)
                for v, m in zip(s.tolist(), missing, strict=True)
            ]
        elif s.dtype == object or pd.api.types.is_string_dtype(s):
            out[col] = ["–" if m else v for v, m in zip(s.tolist(), missing, strict=True)]
    return out


# A figure a page formatted itself: "3.649", "64,07", "95,05%", "+1,6", "−2,7" ("–" is
# missing).
_FORMATTED_FIGURE = re.compile(r"^[-−+]?\d[\d.,]*%?$")


def _missing(v) -> bool:  # noqa: ANN001 - a cell
    """None, NaN, NaT or pd.NA (whose comparisons raise); a list in a cell is not."""
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _is_figures(s: pd.Series) -> bool:
    """A column of numbers, or of numbers a page formatted (at least one with a separator or
    a percent sign, so that a column of digit-only codes is not taken for one)."""
    if pd.api.types.is_bool_dtype(s):
        return False
    if pd.api.types.is_numeric_dtype(s):
        return True
    if not (s.dtype == object or pd.api.types.is_string_dtype(s)):
        return False
    cells = [v for v in s.tolist() if not (_missing(v) or (isinstance(v, str) and v in ("", "–")))]
    if not cells:
        return False
    if all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in cells):
        return True  # numbers in an object column (a list with None in it)
    return all(isinstance(v, str) and _FORMATTED_FIGURE.match(v) for v in cells) and any(
        ("," in v or "." in v or "%" in v) for v in cells
    )


def numbers_right(df: pd.DataFrame, given: dict | None = None) -> dict:
    """The column configuration of a table shown through ``table_text``: its number columns
    right-aligned, as figures are read and compared down a column (``table_text`` makes
    them text, which the grid would align left), merged under ``given`` (a page's own
    configuration of a column wins, key by key; None hides a column)."""
    config: dict = {c: {"alignment": "right"} for c in df.columns if _is_figures(df[c])}
    for col, own in (given or {}).items():
        if isinstance(own, dict) and isinstance(config.get(col), dict):
            config[col] = {**config[col], **{k: v for k, v in own.items() if v is not None}}
        else:
            config[col] = own
    return config


def dataframe(lg: str, data, **kw):  # noqa: ANN001, ANN201 - a frame or Styler; st's result
    """``st.dataframe`` of ``table_text(data)``: every table of the pages goes through it (a
    Styler, already formatted by its builder, as it is), its numbers right-aligned."""
    if isinstance(data, pd.DataFrame):
        kw["column_config"] = numbers_right(data, kw.get("column_config"))
        data = table_text(data, lg)
        # The grid is drawn on a canvas, row by visible row: printed (Ctrl+P) it shows one
        # screenful or nothing. A plain HTML twin, hidden on screen, prints every row.
        html_table = data.head(PRINT_ROWS).to_html(index=False, escape=True, border=0, na_rep="–")
        more = (
            f"<p>{t('print_more_rows', lg, shown=len(data.head(PRINT_ROWS)), n=len(data))}</p>"
            if len(data) > PRINT_ROWS
            else ""
        )
        st.markdown(f"<div class='print-only'>{html_table}{more}</div>", unsafe_allow_html=True)
    return st.dataframe(data, **kw)


PRINT_ROWS = 40  # a printed table's first rows (worst first); the pack's workbook has them all


def report_note(coverage: dict, lg: str, key: str) -> None:
    """A caption when figures hold (or a monthly chart leaves out) Biểu 06 report figures
    (``queries.on_time.report_coverage``); nothing when there are none."""
    from dashboard.i18n import fmt_date, fmt_number

    if not coverage.get("units"):
        return
    st.caption(
        t(
            key,
            lg,
            resolved=fmt_number(coverage["resolved"], lg),
            units=fmt_number(coverage["units"], lg),
            start=fmt_date(coverage["first_start"], lg),
            end=fmt_date(coverage["last_end"], lg),
        )
    )


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
        sc = f.scope
        key = f"pack_{sc.unit_code}_{int(sc.historical)}_{sc.field_code}_{f.period.label}_{lg}_{within}"
        if st.button(t("pack_prepare", lg), key=f"prepare_{key}"):
            try:
                with restricted(get_engine(settings.read_url()), u.unit).connect() as conn:
                    extra = {} if within is None else {"within": within}
                    data = collect(conn, f.period, f.scope, lg, today(), **extra)
            except ScopeDenied:
                st.error(t("scope_denied", lg))
                return
            st.session_state[key] = (build_deck(data, lg), build_workbook(data, lg))
            from dashboard.web.login import client_address

            audit.record(
                get_engine(),
                u.username,
                "export",
                f"pack unit={sc.unit_code} period={f.period.label}"
                + (" historical" if sc.historical else "")
                + (f" field={sc.field_code}" if sc.field_code else ""),
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
