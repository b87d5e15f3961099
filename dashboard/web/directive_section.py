"""Directives on the pages: the form that records one (on-time page and Chỉ đạo page), the
progress form, the register's table with the indicator then and now, the overview's line.

Writes go through ``dashboard.storage.directives`` on the writing role's engine
(``writer_engine``) restricted to the signed-in user's units; the actor is the session's user,
never a typed name. After a write the cached figures are cleared so every page shows it.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st
from sqlalchemy.exc import DBAPIError

from dashboard.domain import periods as P
from dashboard.domain.escape import md
from dashboard.i18n import fmt_date, fmt_figure, fmt_number, period_label, t
from dashboard.web.cache import clear, q
from dashboard.web.frame import Filters, record_refusal, today, user
from dashboard.web.nav import BY_NAME, page_link
from queries import directives as dq
from queries import units as units_q
from queries.units import ScopeDenied, restricted

URL_KEY = "directive"
VERDICT_COLOUR = {"met": "#1b7f3b", "better": "#1b7f3b", "worse": "#c0392b", "same": "#7f8c8d"}
STATUS_COLOUR = {"overdue": "#c0392b", "open": "#b9770e", "done": "#1b7f3b", "cancelled": "#7f8c8d"}


def _s(v) -> str | None:  # noqa: ANN001 - text, None or NaN from a frame
    return v if isinstance(v, str) and v else None


def fmt_value(key: str | None, v: float | None, lg: str) -> str:
    """An indicator's value as its page shows it (a rate, a count, days)."""
    if key not in dq.INDICATORS or v is None or v != v:
        return "–"
    return fmt_figure(v, dq.INDICATORS[key].kind, lg)


def period_text(label: str | None, lg: str) -> str:
    """A stored period label as the pages write periods ("2026-Q2" -> "Quý II/2026"); the
    label itself stays in links, the workbook and the command line."""
    label = _s(label)
    if not label:
        return "–"
    try:
        return period_label(dq.parse_period(label), lg)
    except ValueError:  # a label this version cannot read: shown as stored
        return label


def indicator_label(key: str | None, lg: str) -> str:
    return t(f"dir_ind_{key}" if key in dq.INDICATORS else "dir_ind_none", lg)


def view_url(row: dict | pd.Series, lg: str) -> str:
    """The view a directive is about: its indicator's page, for its unit, field and the
    period its current value is read over."""
    params = {"unit": row["unit"]}
    period = _s(row.get("current_period")) or _s(row.get("baseline_period"))
    if period:
        params["period"] = period
    if _s(row.get("field")):
        params["field"] = row["field"]
    if lg != "vi":
        params["lang"] = lg
    return f"/{BY_NAME[row['page']].url_path}?{urlencode(params)}"


def table(df: pd.DataFrame, lg: str):  # noqa: ANN201 - a pandas Styler
    """The register as leaders read it: status, what was asked, the indicator then → now
    against the target with an arrow coloured by the verdict, the due date, a link."""
    change = [
        f"{a} {t('dir_verdict_' + v, lg)}" if _s(v) else a
        for a, v in zip(df["arrow"], df["verdict"], strict=True)
    ]
    unit = [
        u + (f" – {d}" if _s(d) else "")
        for u, d in zip(df["unit_name"], df["department"], strict=True)
    ]
    # What a leader reads first: status, who, what was asked, the figure then → now against
    # the target; when and where after.
    view = pd.DataFrame(
        {
            t("dir_f_id", lg): df["id"].astype(int),
            t("dir_f_status", lg): [t(f"dir_status_{s}", lg) for s in df["status"]],
            t("dir_f_unit", lg): unit,
            t("dir_f_text", lg): df["text"],
            t("dir_f_indicator", lg): [
                indicator_label(_s(k), lg) + (f" ({fld})" if _s(fld) else "")
                for k, fld in zip(df["indicator"], df["field"], strict=True)
            ],
            t("dir_f_baseline", lg): [
                f"{fmt_value(k, v, lg)} ({period_text(p, lg)})" if _s(p) else "–"
                for k, v, p in zip(
                    df["indicator"], df["baseline"], df["baseline_period"], strict=True
                )
            ],
            t("dir_f_current", lg): [
                f"{fmt_value(k, v, lg)} ({period_text(p, lg)})" if _s(p) else "–"
                for k, v, p in zip(
                    df["indicator"], df["current"], df["current_period"], strict=True
                )
            ],
            t("dir_f_target", lg): [
                fmt_value(k, v, lg) for k, v in zip(df["indicator"], df["target"], strict=True)
            ],
            t("dir_f_change", lg): change,
            t("dir_f_due", lg): [fmt_date(d, lg) for d in df["due"]],
            "link": [view_url(r, lg) for r in df.to_dict("records")],
            t("dir_f_last_note", lg): [
                f"{fmt_date(d, lg)}: {n}" if _s(n) else "–"
                for d, n in zip(df["last_note_on"], df["last_note"], strict=True)
            ],
            t("dir_f_meeting", lg): [
                f"{m} ({fmt_date(d, lg)})"
                for m, d in zip(df["meeting"], df["meeting_date"], strict=True)
            ],
        }
    )
    status_col, change_col = t("dir_f_status", lg), t("dir_f_change", lg)
    colours = dict(zip(view.index, df["verdict"], strict=True))
    statuses = dict(zip(view.index, df["status"], strict=True))

    def paint(col: pd.Series) -> list[str]:
        if col.name == change_col:
            return [
                f"color: {VERDICT_COLOUR[colours[i]]}; font-weight: 600" if _s(colours[i]) else ""
                for i in col.index
            ]
        if col.name == status_col:
            return [f"color: {STATUS_COLOUR[statuses[i]]}; font-weight: 600" for i in col.index]
        return [""] * len(col)

    return view.style.apply(paint, subset=[status_col, change_col])


def column_config(lg: str) -> dict:
    return {
        "link": st.column_config.LinkColumn(
            t("dir_f_view", lg), display_text=t("dir_open_view", lg)
        ),
        t("dir_f_text", lg): st.column_config.TextColumn(width="medium"),
        t("dir_f_id", lg): st.column_config.NumberColumn(width="small"),
    }


def _writer():  # noqa: ANN202
    from dashboard.storage.db import writer_engine

    return restricted(writer_engine(), user().unit)


def _write_failed(exc: Exception, lg: str) -> None:
    """A refused unit, invalid values or a database that will not take the write: a message."""
    from dashboard.storage.directives import DirectiveInvalid

    if isinstance(exc, DirectiveInvalid):
        st.error(
            t("dir_not_saved", lg) + "\n\n" + "\n".join(f"- {md(line)}" for line in exc.lines(lg))
        )
    elif isinstance(exc, ScopeDenied):
        record_refusal(f"directive write {exc.args[0] if exc.args else '?'}")
        st.error(t("scope_denied", lg))
    else:
        import logging

        logging.getLogger(__name__).exception("directive write failed")
        st.error(t("dir_write_failed", lg))


def record_form(f: Filters, where: str, indicator: str = "on_time_rate") -> None:
    """ "Ghi kết luận chỉ đạo": for roles that may record directives. The baseline is the
    chosen indicator over the page's period for the chosen unit (and the page's field)."""
    u = user()
    # A directive is given to today's units: none in the view of the units before the merger.
    if not u.may_direct or not f.province_code or f.scope.historical:
        return
    lg = f.lang
    with st.expander(t("dir_record_title", lg), icon=":material/assignment_add:"):
        # The province and its communes, as the sidebar lists them (not the national register:
        # 14,146 units unpickled from the page cache on every rerun).
        communes = q(units_q.communes, f.province_code, False)
        allowed = q(units_q.seeable, (f.province_code, *communes["code"]))
        names = {
            f.province_code: f.province_name,
            **dict(zip(communes.code, communes.name, strict=True)),
        }
        default_unit = f.commune_code or f.province_code
        if default_unit not in allowed:
            default_unit = allowed[0] if allowed else None
        if default_unit is None:
            return
        st.caption(
            t(
                "dir_record_hint",
                lg,
                period=f.period.label,
            )
        )
        # The unit is chosen outside the form: a widget inside a form reruns the page only on
        # submit, so the department list below would stay the default unit's.
        unit = st.selectbox(
            t("dir_f_unit", lg),
            allowed,
            index=allowed.index(default_unit),
            format_func=lambda c: names.get(c, c),
            key=f"dir_unit_{where}",
        )
        with st.form(f"directive_form_{where}", clear_on_submit=True):
            text = st.text_area(t("dir_f_text", lg), key=f"dir_text_{where}", max_chars=2000)
            a, b = st.columns(2)
            deps = [""] + q(dq.departments, unit)
            dep = b.selectbox(
                t("dir_f_department", lg),
                deps,
                format_func=lambda d: d or "–",
                key=f"dir_dep_{where}",
            )
            keys = [*dq.INDICATORS, ""]
            ind = a.selectbox(
                t("dir_f_indicator", lg),
                keys,
                index=keys.index(indicator) if indicator in keys else 0,
                format_func=lambda k: indicator_label(k or None, lg),
                key=f"dir_ind_{where}",
            )
            target = b.text_input(t("dir_f_target", lg), key=f"dir_target_{where}")
            quarter_end = P.current("quarter", today()).end
            due = a.date_input(
                t("dir_f_due", lg), value=quarter_end, format="DD/MM/YYYY", key=f"dir_due_{where}"
            )
            meeting = b.text_input(
                t("dir_f_meeting", lg),
                placeholder=t("dir_meeting_placeholder", lg),
                key=f"dir_meeting_{where}",
            )
            given = a.date_input(
                t("dir_f_meeting_date", lg),
                value=today(),
                max_value=today(),
                format="DD/MM/YYYY",
                key=f"dir_given_{where}",
            )
            sent = st.form_submit_button(t("dir_save", lg), type="primary")
        if sent:
            from dashboard.storage import directives as writes
            from dashboard.web.login import client_address

            try:
                new_id = writes.add(
                    _writer(),
                    u.username,
                    text=text,
                    unit=unit,
                    due=due,
                    meeting=meeting,
                    meeting_date=given,
                    indicator=ind or None,
                    period=f.period.label if ind else None,
                    field_code=(
                        f.scope.field_code
                        if ind and dq.INDICATORS[ind].subject == "on_time"
                        else None
                    ),
                    target=target,
                    department_name=dep or None,
                    today=today(),
                    client=client_address(),
                )
            except (ValueError, ScopeDenied, DBAPIError) as exc:
                _write_failed(exc, lg)
                return
            clear()
            st.success(t("dir_saved", lg, id=new_id))
            page_link("directives", t("dir_open_page", lg), ":material/assignment:")


def progress_form(row: dict, lg: str) -> None:
    """Record progress on one directive: a dated note, a status, a new due date or target."""
    u = user()
    if not u.may_direct:
        return
    if row["recorded_status"] == "cancelled":
        st.caption(t("dir_cancelled_final_note", lg))
        return
    did = int(row["id"])
    with st.form(f"directive_progress_{did}", clear_on_submit=True):
        note = st.text_area(t("dir_f_note", lg), key=f"dir_note_{did}", max_chars=2000)
        a, b, c = st.columns(3)
        statuses = ["open", "done", "cancelled"]
        status = a.selectbox(
            t("dir_f_status", lg),
            statuses,
            index=statuses.index(row["recorded_status"]),
            format_func=lambda s: t(f"dir_status_{s}", lg),
            key=f"dir_status_{did}",
        )
        on = b.date_input(
            t("dir_f_noted_on", lg),
            value=today(),
            max_value=today(),
            format="DD/MM/YYYY",
            key=f"dir_on_{did}",
        )
        due = c.date_input(
            t("dir_f_due", lg), value=row["due"], format="DD/MM/YYYY", key=f"dir_newdue_{did}"
        )
        sent = st.form_submit_button(t("dir_save_progress", lg), type="primary")
    if sent:
        from dashboard.storage import directives as writes
        from dashboard.web.login import client_address

        try:
            said = writes.update_directive(
                _writer(),
                u.username,
                did,
                today=today(),
                status=status if status != row["recorded_status"] else None,
                note=note,
                noted_on=on,
                due=due if due != row["due"] else None,
                client=client_address(),
            )
        except (ValueError, ScopeDenied, DBAPIError) as exc:
            _write_failed(exc, lg)
            return
        clear()
        st.success(t("dir_progress_saved", lg, n=len(said)))
        st.rerun()


def overview_line(f: Filters) -> None:
    """The overview's line: overdue directives of the scope, linking to the Chỉ đạo page."""
    lg = f.lang
    counts = q(dq.status_counts, f.scope, today())
    label = t(
        "dir_overview_line",
        lg,
        overdue=fmt_number(counts["overdue"], lg),
        open=fmt_number(counts["open"], lg),
    )
    page_link("directives", label, ":material/assignment_late:")
