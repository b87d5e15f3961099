"""Chỉ số 766: the national service index estimated as the portal scores it, the official score
beside it, where the points were lost (groups, indicators, units, the very dossiers) and, before
the period ends, what is still at stake. Every figure is a query of queries/index766.py."""

import pandas as pd
import streamlit as st

from dashboard import charts, web
from dashboard.domain.escape import md
from dashboard.i18n import fmt_date, fmt_figure, fmt_number, fmt_pct, period_label, t
from queries import index766

f = web.filters()
lg, scope, period = f.lang, f.scope, f.period

web.breadcrumbs(f, None)
st.caption(period_label(period, lg) + " · " + t("i766_caption", lg))
if period.kind == "custom" or period.regime != "calendar":
    st.info(t("i766_custom_period", lg))


def indicator_name(code) -> str:  # noqa: ANN001
    if not isinstance(code, str) or code not in index766.BY_CODE:
        return "–"
    ind = index766.BY_CODE[code]
    return ind.name_vi if lg == "vi" else ind.name_en


def pts(v, digits: int = 2) -> str:  # noqa: ANN001
    return "–" if v is None or pd.isna(v) else fmt_number(float(v), lg, digits)


card = web.q(index766.scorecard, period, scope)
groups = index766.groups(card)
# The cards read the index's headline, as the overview, the pack and the command line do.
head = index766.headline_of(card)
if int(card["denominator"].sum()) == 0:
    st.info(t("i766_empty", lg))

# --- headline -----------------------------------------------------------------------------


def figure_card(col, key: str, line: str | None = None, value: str | None = None) -> None:  # noqa: ANN001
    fig = head[key]
    with col.container(border=True, height="stretch"):
        st.metric(t(fig.label, lg), value or fmt_figure(fig.value, fig.kind, lg))
        if line:
            st.markdown(line)
        web.how_computed(fig, f)


c1, c2, c3, c4 = st.columns(4)
figure_card(c1, "i766_total", f":gray[{t('i766_of_100', lg)}]")
off, diff = head["i766_official"], head["i766_difference"]
figure_card(
    c2,
    "i766_official",
    None
    if off.value is None
    else f":{'red' if diff.status == 'bad' else 'gray'}["
    + t("i766_diff_line", lg, d=pts(diff.value))
    + "]",
    value=None if off.value is not None else t("i766_no_official", lg),
)
figure_card(c3, "i766_lost", f":gray[{t('i766_lost_line', lg)}]")
figure_card(
    c4,
    "i766_undetermined",
    ":gray["
    + t(
        "i766_undetermined_line",
        lg,
        u=fmt_figure(head["i766_undetermined"].value, "count", lg),
        n=fmt_figure(head["i766_no_data_points"].value, "count", lg),
    )
    + "]",
)

# --- who to call first: the communes and departments losing most points --------------------
st.subheader(t("call_first_title", lg))
call_cols = st.columns(2)
for col, by, label in (
    (call_cols[0], "unit", "i766_rank_communes"),
    (call_cols[1], "department", "i766_rank_depts"),
):
    if by == "unit" and f.commune_code:
        continue  # a commune's own view: its departments, not its peers
    r = web.q(index766.ranking, period, scope, by)
    lines = [
        f"{i}. **{md(row.name)}**: "
        + t("call_i766_line", lg, lost=pts(row.lost), worst=indicator_name(row.worst))
        for i, row in enumerate(r[r["lost"] > 0].head(3).itertuples(), 1)
    ]
    with col:
        st.markdown(f"**{t(label, lg)}**")
        if lines:
            st.markdown("\n".join(lines))
        else:
            st.caption(t("call_i766_none", lg))

# --- groups and indicators ------------------------------------------------------------------
st.plotly_chart(charts.index766.group_bars(groups, lg), width="stretch")

st.subheader(t("i766_table_title", lg))
lost = index766.lost(card).set_index("code").reindex(card["code"]).reset_index()


def score_text(r) -> str:  # noqa: ANN001
    if r.status == "undetermined":
        return t("i766_not_determined", lg)
    if r.status == "no_data":
        return t("i766_no_data", lg)
    text = pts(r.score)
    return text + (" · " + t("i766_full_no_pakn", lg) if r.status == "full_no_pakn" else "")


view = pd.DataFrame(
    {
        t("i766_col_group", lg): [
            t(f"i766_group_{c}", lg) for c in card.set_index("code").loc[lost["code"], "group_code"]
        ],
        t("i766_col_indicator", lg): lost["indicator" if lg == "vi" else "indicator_en"],
        t("i766_col_num", lg): [fmt_number(v, lg) for v in lost["numerator"]],
        t("i766_col_den", lg): [fmt_number(v, lg) for v in lost["denominator"]],
        t("i766_col_ratio", lg): ["–" if pd.isna(v) else fmt_pct(v, lg, 2) for v in lost["ratio"]],
        t("i766_col_score", lg): [score_text(r) for r in lost.itertuples()],
        t("i766_col_max", lg): lost["max_score"].astype("float64"),  # whole: "6", as a number
        t("i766_col_official", lg): [pts(v) for v in lost["official_score"]],
        t("i766_col_diff", lg): [
            "–" if pd.isna(d) else pts(d) + (" " + t("i766_flag", lg) if fl else "")
            for d, fl in zip(lost["difference"], lost["flagged"], strict=True)
        ],
        t("i766_col_lost", lg): [pts(v) for v in lost["lost"]],
        t("i766_col_per_item", lg): [pts(v, 3) for v in lost["per_item"]],
    }
)
if lost["official_score"].isna().all():
    # Nothing of the portal's imported for this unit and period: two columns of dashes would
    # only push the points lost off the screen (the card above says how to import them).
    view = view.drop(columns=[t("i766_col_official", lg), t("i766_col_diff", lg)])
web.dataframe(lg, view, hide_index=True, width="stretch")
pay = card.set_index("code").loc["payment"]


def part(n, d) -> str:  # noqa: ANN001
    return f"{fmt_number(n, lg)}/{fmt_number(d, lg)}" if d else t("i766_no_data", lg)


st.caption(
    t(
        "i766_payment_parts",
        lg,
        a=part(pay.a_numerator, pay.a_denominator),
        b=part(pay.b_numerator, pay.b_denominator),
        c=part(pay.c_numerator, pay.c_denominator),
    )
)

# --- before the period ends -----------------------------------------------------------------
# Only a period still running has anything at stake: an ended one does not ask (the call
# would read the scorecard again for nothing).
if web.today() <= period.end:
    info, stake = web.q(index766.at_stake, period, scope)
    st.subheader(t("i766_stake_title", lg))
    if info["dossiers"]:
        st.warning(
            t(
                "i766_stake_line",
                lg,
                n=fmt_number(info["dossiers"], lg),
                end=fmt_date(period.end, lg),
                now=pts(info["total_now"]),
                missed=pts(info["total_if_missed"]),
                stake=pts(info["points_at_stake"]),
            )
        )
        sv = stake.assign(
            received_date=[fmt_date(d, lg) for d in stake["received_date"]],
            due_date=[fmt_date(d, lg) for d in stake["due_date"]],
        )
        sv.columns = [
            t(k, lg)
            for k in (
                "i766_col_code",
                "i766_col_unit",
                "i766_col_unit",
                "i766_col_dept",
                "i766_col_procedure",
                "i766_col_received",
                "i766_col_due",
            )
        ]
        sv = sv.iloc[:, [0, 2, 3, 4, 5, 6]]
        web.dataframe(lg, sv, hide_index=True, width="stretch", height=260)
    else:
        st.caption(t("i766_stake_none", lg))

# --- units ranked by points lost --------------------------------------------------------------
st.subheader(t("i766_rank_title", lg))
left, right = st.columns(2)
for col, by, label in (
    (left, "unit", "i766_rank_communes"),
    (right, "department", "i766_rank_depts"),
):
    r = web.q(index766.ranking, period, scope, by)
    with col:
        st.markdown(f"**{t(label, lg)}**")
        if r.empty:
            st.caption(t("i766_empty", lg))
            continue
        rv = pd.DataFrame(
            {
                t("i766_col_rank", lg): r["rank"],
                t("i766_col_unit", lg): r["name"],
                t("i766_col_score", lg): [pts(v) for v in r["score"]],
                t("i766_col_lost", lg): [pts(v) for v in r["lost"]],
                t("i766_col_worst", lg): [indicator_name(w) for w in r["worst"]],
            }
        ).head(30)
        event = web.dataframe(
            lg,
            rv,
            hide_index=True,
            width="stretch",
            height=min(420, 35 * (len(rv) + 1) + 3),
            on_select="rerun" if by == "unit" else "ignore",
            selection_mode="single-row",
            key=f"i766_rank_{by}",
        )
        if by == "unit" and event and event.selection.rows:
            web.drill_to(unit=str(r.iloc[event.selection.rows[0]]["code"]))

# --- trend ------------------------------------------------------------------------------------
tr = web.q(index766.trend, period, scope, months=6)
if not tr.empty:
    st.plotly_chart(charts.index766.trend(tr, lg), width="stretch")

# --- drill to the records ---------------------------------------------------------------------
st.subheader(t("i766_drill_title", lg))
losing = [c for c in lost.sort_values("lost", ascending=False)["code"] if c in index766.DRILLABLE]
pick = st.selectbox(
    t("i766_drill_pick", lg),
    losing,
    format_func=indicator_name,
    key="i766_drill",
)
if pick:
    rows = web.q(index766.failing, period, scope, pick)
    if rows.empty:
        st.caption(t("i766_drill_none", lg))
    else:
        if len(rows) >= index766.DRILL_LIMIT:
            st.caption(t("i766_drill_more", lg, n=fmt_number(len(rows), lg)))
        dv = pd.DataFrame(
            {
                t("i766_col_code", lg): rows["code"],
                t("i766_col_unit", lg): rows["unit_name"],
                t("i766_col_dept", lg): rows["department"].fillna("–"),
                t("i766_col_procedure", lg): rows["procedure"].fillna("–"),
                t("i766_col_received", lg): [fmt_date(d, lg) for d in rows["received_date"]],
                t("i766_col_due", lg): [fmt_date(d, lg) for d in rows["due_date"]],
                t("i766_col_resolved", lg): [
                    fmt_date(d, lg) if d else "–" for d in rows["resolved_date"]
                ],
                t("i766_col_reason", lg): [t(f"i766_reason_{x}", lg) for x in rows["reason"]],
            }
        )
        web.dataframe(lg, dv, hide_index=True, width="stretch", height=360)
st.caption(md(t("i766_caption", lg)))
