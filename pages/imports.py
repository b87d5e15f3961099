"""Nhập dữ liệu: for data officers. Choose a kind, upload a file, read the check, import.

Thin: every check and write is ``dashboard.importers.run_import`` (the same as
``oversight import``). The check is a dry run of the valid rows, kept per file in the session;
the import button writes all rows, or the valid rows only when the box is ticked. The importer
recorded is the signed-in user (never a typed name), and a user with a unit imports only rows
of that unit. Text from the file (names, values, reasons) is escaped before it is shown.
"""

import hashlib

import streamlit as st

from dashboard import importers, web
from dashboard.domain.escape import md, md_frame
from dashboard.domain.periods import PeriodError
from dashboard.domain.periods import parse as parse_period
from dashboard.i18n import fmt_number, t
from dashboard.importers.report import cli_period

SHOWN_PROBLEMS = 5_000
WRAPPED_PROBLEMS = 200

web.engine()
# The language follows the URL (?lang=en) like every page, and the sidebar switch.
ss = st.session_state
url_lang = st.query_params.get("lang")
if url_lang in ("vi", "en") and ss.get("_imp_url_lang") != url_lang:
    ss["lang"] = url_lang
ss.setdefault("lang", web.lang())
lg = st.sidebar.radio(
    "Ngôn ngữ / Language",
    ["vi", "en"],
    horizontal=True,
    key="lang",
    format_func=lambda x: "Tiếng Việt" if x == "vi" else "English",
)
if (lg == "en") != (url_lang == "en"):
    if lg == "en":
        st.query_params["lang"] = "en"
    else:
        st.query_params.pop("lang", None)
ss["_imp_url_lang"] = st.query_params.get("lang")
engine = importers.import_engine()
st.title(t("imp_title", lg))
st.caption(t("imp_intro", lg))
if done := st.session_state.pop("imp_done", None):
    st.success(done)
    st.toast(done, icon=":material/check_circle:")

kind = st.selectbox(
    t("imp_kind", lg),
    list(importers.KINDS),
    key="imp_kind",
    format_func=lambda k: t(f"imp_kind_{k}", lg),
)
limit_mb = min(importers.MAX_FILE_BYTES // 2**20, int(st.get_option("server.maxUploadSize")))
st.caption(t("imp_size_limit", lg, mb=fmt_number(limit_mb, lg)))
up = st.file_uploader(
    t("imp_file", lg),
    type=["csv", "xlsx", "xls", "txt"] + (["json"] if kind == "index766" else []),
    key=f"imp_file_{kind}",
    help=t("imp_size_limit", lg, mb=fmt_number(limit_mb, lg)),
)
me = web.user()
with st.expander(t("imp_options", lg)):
    period_text = (
        st.text_input(
            t("imp_period", lg),
            key="imp_period",
            help=t("imp_period_help_766" if kind == "index766" else "imp_period_help", lg),
        )
        if kind in ("report", "index766")
        else ""
    )
    unit_text = (
        st.text_input(t("imp_unit", lg), key="imp_unit", help=t("imp_unit_help", lg))
        if kind == "report"
        else ""
    )
    mfile = st.file_uploader(
        t("imp_mapping", lg),
        type=["csv", "json"],
        key="imp_mapping",
        help=t("imp_mapping_help", lg),
    )


def progress_bar(label: str):  # noqa: ANN201
    """A progress bar the import moves: rows read, checked and written."""
    bar = st.progress(0.0, text=label)

    def report(p) -> None:  # noqa: ANN001 - importers.Progress
        bar.progress(
            min(1.0, p.fraction),
            text=t(
                "imp_progress",
                lg,
                label=label,
                read=fmt_number(p.rows_read, lg),
                checked=fmt_number(p.rows_checked, lg),
                written=fmt_number(p.rows_written, lg),
            ),
        )

    return bar, report


if up is not None:
    data = up  # the upload as a file object: read as a stream, never copied whole
    try:
        mapping = importers.load_mapping(mfile.getvalue(), mfile.name) if mfile else None
        read_period = parse_period if kind == "index766" else cli_period
        period = read_period(period_text.strip()) if period_text.strip() else None
    except importers.MappingError as exc:
        st.error(t("imp_mapping_error", lg, detail=md(exc)))
        st.stop()
    except PeriodError as exc:
        st.error(t("imp_bad_period", lg, detail=md(exc)))
        st.stop()
    args = dict(
        mapping=mapping,
        period=period,
        unit=unit_text.strip() or None,
        by=me.username,
        scope_unit=me.unit,
    )
    sig = hashlib.sha256(
        repr(
            (
                kind,
                up.name,
                importers.Source(up).sha256(),
                sorted((mapping or {}).items()),
                period,
                unit_text.strip(),
                me.username,
            )
        ).encode()
    ).hexdigest()
    if st.session_state.get("imp_check_sig") != sig:
        bar, report = progress_bar(t("imp_checking", lg))
        try:
            st.session_state["imp_check"] = importers.run_import(
                engine,
                kind,
                data,
                up.name,
                dry_run=True,
                valid_only=True,
                progress=report,
                max_bytes=limit_mb * 2**20,
                **args,
            )
        except importers.MappingError as exc:
            st.error(t("imp_mapping_error", lg, detail=md(exc)))
            st.stop()
        bar.empty()
        st.session_state["imp_check_sig"] = sig
    check = st.session_state["imp_check"]

    st.subheader(t("imp_check_title", lg))
    cols = st.columns(6)
    figures = [
        ("imp_rows", check.rows),
        ("imp_rows_valid", check.rows - check.rejected),
        ("imp_rows_rejected", check.rejected),
        ("imp_would_add", check.added),
        ("imp_would_update", check.updated),
        ("imp_unchanged", check.unchanged),
    ]
    for col, (label, n) in zip(cols, figures, strict=True):
        col.metric(t(label, lg), fmt_number(n, lg))
    errors = check.errors
    if errors and check.rows == 0:
        st.error(t("imp_fatal", lg))
    elif errors:
        bad_rows = len({p.row for p in errors if p.row is not None}) or 1
        st.warning(
            t("imp_has_errors", lg, n=fmt_number(len(errors), lg), rows=fmt_number(bad_rows, lg))
        )
    elif check.added + check.updated == 0:
        st.info(t("imp_nothing_changed", lg))
    else:
        st.success(t("imp_clean", lg))
    if check.problems:
        st.markdown(f"**{t('imp_problems', lg)}**")
        table = importers.problems_frame(check, lg)
        if len(table) <= WRAPPED_PROBLEMS:  # a short list: every reason readable in full
            # st.table renders Markdown: the file's values are escaped.
            st.table(md_frame(table), hide_index=True, border="horizontal")
        else:
            st.dataframe(
                table.head(SHOWN_PROBLEMS),
                hide_index=True,
                width="stretch",
                column_config={
                    t("imp_col_row", lg): st.column_config.TextColumn(width=60),
                    t("imp_col_column", lg): st.column_config.TextColumn(width=170),
                    t("imp_col_value", lg): st.column_config.TextColumn(width=170),
                    t("imp_col_level", lg): st.column_config.TextColumn(width=90),
                    t("imp_col_reason", lg): st.column_config.TextColumn(width=900),
                },
            )

    valid_only = False
    if errors and check.rows > check.rejected:
        valid_only = st.checkbox(t("imp_valid_only", lg), key="imp_valid_only")
    can_write = (check.added + check.updated > 0) and (not errors or valid_only)
    if st.button(t("imp_import_button", lg), type="primary", disabled=not can_write, key="imp_go"):
        bar, report = progress_bar(t("imp_importing", lg))
        res = importers.run_import(
            engine,
            kind,
            data,
            up.name,
            valid_only=valid_only,
            progress=report,
            max_bytes=limit_mb * 2**20,
            **args,
        )
        bar.empty()
        if res.written:
            web.clear()
            st.session_state.pop("imp_check_sig", None)
            st.session_state["imp_done"] = t(
                "imp_success",
                lg,
                file=md(up.name),
                added=fmt_number(res.added, lg),
                updated=fmt_number(res.updated, lg),
                unchanged=fmt_number(res.unchanged, lg),
                rejected=fmt_number(res.rejected, lg),
                batch=res.batch_id,
            )
            st.rerun()
        else:
            st.error(t("imp_not_written", lg))
            st.dataframe(importers.problems_frame(res, lg), hide_index=True, width="stretch")

st.subheader(t("imp_templates", lg))
st.caption(t("imp_templates_help", lg))
buttons = [
    (
        t(f"imp_tpl_{k}", lg),
        importers.template(k),
        f"mau_{k}.csv",
        "text/csv",
        f"imp_tpl_{k}",
        ":material/description:",
    )
    for k in importers.KINDS
]
buttons.append(
    (
        t("imp_form_template", lg),
        importers.template("report", "xlsx"),
        "bieu_06_VPCP_KSTT.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "imp_tpl_form",
        ":material/table_chart:",
    )
)
grid = st.columns(4)
for i, (label, data_, name, mime, key_, icon) in enumerate(buttons):
    grid[i % 4].download_button(label, data_, name, mime, key=key_, icon=icon, width="stretch")

st.subheader(t("imp_recent", lg))
with engine.connect() as conn:
    batches = importers.recent_batches(conn)
if batches.empty:
    st.info(t("imp_no_batches", lg))
else:
    st.dataframe(importers.batches_frame(batches, lg), hide_index=True, width="stretch")
