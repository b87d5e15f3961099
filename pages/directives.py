"""Chỉ đạo: what leaders asked for, followed to the next meeting — open and recently closed
directives, overdue first, each with its indicator then and now against the target and a link
to the view it is about; one directive's progress; a new directive."""

from datetime import timedelta

import streamlit as st

from dashboard import web
from dashboard.domain.escape import md
from dashboard.i18n import fmt_date, fmt_number, t
from dashboard.web import directive_section as ds
from dashboard.web.nav import page_path
from queries import directives

RECENT_DAYS = 90  # closed directives stay on the page this long (as `oversight directive list`)

f = web.filters()
lg, scope = f.lang, f.scope
as_of = web.today()
since = as_of - timedelta(days=RECENT_DAYS)

counts = web.q(directives.status_counts, scope, as_of, since)
for col, status in zip(st.columns(4), ("overdue", "open", "done", "cancelled"), strict=True):
    col.metric(t(f"dir_status_{status}", lg), fmt_number(counts[status], lg))
st.caption(t("dir_page_caption", lg, today=fmt_date(as_of, lg), days=RECENT_DAYS))

df = web.q(directives.directives, scope, as_of, since)
if df.empty:
    st.info(t("dir_none", lg))
else:
    sel = st.dataframe(
        ds.table(df, lg),
        column_config=ds.column_config(lg),
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key=f"directives_{scope.unit_code}",
        width="stretch",
    )
    if sel and sel.selection.rows:
        st.query_params[ds.URL_KEY] = str(int(df["id"].iloc[sel.selection.rows[0]]))
    st.caption(t("dir_table_hint", lg))

# One directive: picked in the table or opened from a shared link (?directive=ID). Another
# unit's directive is refused like any forged link (web.q stops the page and records it).
raw = st.query_params.get(ds.URL_KEY)
if raw:
    row = None
    try:
        row = web.q(directives.get, int(raw), as_of)
    except (ValueError, LookupError):
        st.warning(t("dir_unknown", lg, id=md(raw)))
    if row is not None:
        st.subheader(t("dir_detail_title", lg, id=row["id"]))
        st.markdown(f"**{md(row['text'])}**")
        st.markdown(
            t(
                "dir_detail_line",
                lg,
                status=t(f"dir_status_{row['status']}", lg),
                unit=md(row["unit_name"])
                + (f" – {md(row['department'])}" if row["department"] else ""),
                due=fmt_date(row["due"], lg),
                meeting=md(row["meeting"]),
                given=fmt_date(row["meeting_date"], lg),
            )
        )
        if row["indicator"]:
            st.markdown(
                t(
                    "dir_detail_figure",
                    lg,
                    indicator=ds.indicator_label(row["indicator"], lg),
                    baseline=ds.fmt_value(row["indicator"], row["baseline"], lg),
                    baseline_period=ds.period_text(row["baseline_period"], lg),
                    current=ds.fmt_value(row["indicator"], row["current"], lg),
                    current_period=ds.period_text(row["current_period"], lg),
                    target=ds.fmt_value(row["indicator"], row["target"], lg),
                    arrow=row["arrow"],
                    verdict=t(f"dir_verdict_{row['verdict']}", lg) if row["verdict"] else "–",
                )
            )
            st.page_link(
                page_path(row["page"]),
                label=t("dir_open_view", lg),
                icon=":material/open_in_new:",
                query_params={
                    k: v
                    for k, v in (
                        ("unit", row["unit"]),
                        ("period", row["current_period"]),
                        ("field", row["field"]),
                        ("lang", None if lg == "vi" else lg),
                    )
                    if v
                },
            )
        notes = web.q(directives.notes, int(row["id"]))
        if notes.empty:
            st.caption(t("dir_no_notes", lg))
        else:
            st.dataframe(
                {
                    t("dir_f_noted_on", lg): [fmt_date(d, lg) for d in notes["noted_on"]],
                    t("dir_f_note", lg): notes["text"],
                    t("dir_f_status", lg): [
                        t(f"dir_status_{s}", lg) if s else "" for s in notes["status"]
                    ],
                    t("dir_noted_by", lg): notes["noted_by"],
                },
                hide_index=True,
                width="stretch",
            )
        ds.progress_form(row, lg)

ds.record_form(f, "directives")
