"""What the briefing pack shows: every table behind its slides, collected once.

The figures come from the same query functions the pages use, so the pack equals
``oversight metrics`` for the same scope and period (tests read the files back to prove it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlalchemy import Connection

from dashboard.domain.periods import Period
from dashboard.i18n import fmt_date, fmt_figure, fmt_number, fmt_pct, period_label, t
from dashboard.storage import settings
from queries import dialogue, directives, due_soon, index766, on_time, rollout, satisfaction
from queries.figures import Figure, headlines
from queries.units import Scope, get_unit


@dataclass
class PackData:
    """Every table behind the slides, named as the workbook's sheets."""

    title: str
    subtitle: str
    headline: pd.DataFrame
    trend: pd.DataFrame
    by_field: pd.DataFrame
    league: pd.DataFrame
    praise: pd.DataFrame
    press: pd.DataFrame
    late: pd.DataFrame
    briefs: pd.DataFrame
    sat_trend: pd.DataFrame
    sat_elements: pd.DataFrame
    rollout_stages: pd.DataFrame
    open_petitions: pd.DataFrame
    effect: pd.DataFrame  # the featured rollout's effect_table (empty: none launched)
    event_study: pd.DataFrame  # its event study
    pooled: pd.DataFrame  # pooled_table of each model run in the scope
    # About to be late as of the day the pack is made (queries.due_soon).
    due_soon: pd.DataFrame = field(default_factory=pd.DataFrame)
    due_soon_petitions: pd.DataFrame = field(default_factory=pd.DataFrame)
    due_soon_line: str = ""
    # The handout's footer on every slide: issuing body · unit · period · data date (issue 16).
    footer: str = ""
    # A commune's pack is its report card (issue 16): rank among its peers, late dossiers
    # without an apology letter, the yearly dialogue duty, the models it runs.
    card: dict | None = None
    # The national service index (QĐ 766), estimated: every indicator, and its line.
    index766: pd.DataFrame = field(default_factory=pd.DataFrame)
    index766_groups: pd.DataFrame = field(default_factory=pd.DataFrame)  # index766.groups()
    index766_line: str = ""
    # The previous meeting's directives with their indicator then and now (queries.directives):
    # the deck's first slide after the title.
    directives: pd.DataFrame = field(default_factory=pd.DataFrame)
    directives_line: str = ""
    # Biểu 06 reports: what the headline's totals hold from them, and what the monthly trend
    # leaves out (they belong to their reporting period, not to a month): the pages' captions.
    report_note: str = ""
    trend_note: str = ""


DIRECTIVE_COLUMNS = [
    "id",
    "unit",
    "unit_name",
    "department",
    "text",
    "indicator",
    "field",
    "baseline_period",
    "baseline",
    "current_period",
    "current",
    "target",
    "due",
    "status",
    "verdict",
    "arrow",
    "meeting",
    "meeting_date",
    "last_note",
]


# The figures of each subject's headline the pack shows (the headline sheet, the briefs).
PACK_FIGURES: dict[str, tuple[str, ...]] = {
    "on_time": (
        "on_time_rate",
        "online_share",
        "apology_share",
        "avg_processing_days",
        "pending_overdue",
    ),
    "satisfaction": ("satisfaction_rate", "responses", "dissatisfied_share"),
    "dialogue": (
        "sessions",
        "petitions",
        "resolved_share",
        "open_raised",
        "overdue_raised",
        "backlog_overdue",
        "median_days",
    ),
    "rollout": ("rollouts_active", "units_running", "reviews_overdue", "ready_to_replicate"),
    "due_soon": ("due_soon_dossiers", "due_today", "due_soon_petitions", "petitions_today"),
    "index766": ("i766_total", "i766_official", "i766_lost", "i766_undetermined"),
}


def headline_frame(figs: dict[str, dict[str, Figure]], lang: str, within: int) -> pd.DataFrame:
    """One row per figure the pack shows: subject, key, name, value, numerator, denominator,
    target, status, previous, change, same period last year, definition."""
    rows = []
    for subject, keys in PACK_FIGURES.items():
        for key in keys:
            f = figs[subject][key]
            rows.append(
                {
                    "subject": subject,
                    "key": key,
                    "metric": t(f.label, lang, n=fmt_number(within, lang)),
                    "value": f.value,
                    "numerator": f.numerator,
                    "denominator": f.denominator,
                    "n": f.n,
                    "target": f.target,
                    "status": t(f"status_{f.status}", lang) if f.status else "",
                    "previous": f.previous,
                    "change": f.change,
                    "last_year": f.last_year,
                    "definition": t(f.definition, lang),
                }
            )
    return pd.DataFrame(rows)


def _report_note(coverage: dict, lang: str, key: str) -> str:
    """The pages' Biểu 06 caption (``web.report_note``) as text; empty without reports."""
    if not coverage.get("units"):
        return ""
    return t(
        key,
        lang,
        resolved=fmt_number(coverage["resolved"], lang),
        units=fmt_number(coverage["units"], lang),
        start=fmt_date(coverage["first_start"], lang),
        end=fmt_date(coverage["last_end"], lang),
    )


def collect(
    conn: Connection,
    period: Period,
    scope: Scope,
    lang: str = "vi",
    today: date | None = None,
    within: int = due_soon.DEFAULT_WITHIN,
    effects: bool = True,
) -> PackData:
    """Run the queries once for the whole view (unit, units as they are or as they were,
    field); both files are drawn from this. ``within``: the N of "due within N working
    days", counted from ``today``. ``effects``: measure the featured rollout's effect and
    each model's pooled effect (the effect slides)."""
    if not isinstance(scope, Scope):
        raise TypeError("collect takes the whole Scope, not a unit code")
    if scope.unit_code is None:
        raise ValueError("the pack is made for one unit")
    unit = get_unit(conn, scope.unit_code)
    as_of = today or date.today()
    figs = headlines(conn, period, scope, as_of, within)
    headline = headline_frame(figs, lang, within)
    trend_period = Period(
        date(period.end.year - 1, period.end.month, 1) if period.end.month > 0 else period.start,
        period.end,
        "custom",
    )
    trend = on_time.trend(conn, trend_period, scope)[
        ["month", "resolved", "on_time_total", "on_time_rate", "target"]
    ]
    trend = trend.assign(few=trend["resolved"] < int(settings.get("OVERSIGHT_MIN_DOSSIERS")))
    report_note = _report_note(
        on_time.report_coverage(conn, period, scope), lang, "report_in_totals"
    )
    trend_note = _report_note(
        on_time.report_coverage(conn, trend_period, scope), lang, "trend_reports_left_out"
    )
    by_field = on_time.named(conn, on_time.counts(conn, period, scope, by="field"), "field")
    by_field = by_field.assign(field=by_field["name_vi" if lang == "vi" else "name_en"])[
        ["field", "resolved", "early", "on_time", "late", "on_time_rate"]
    ]
    league = on_time.league(conn, period, scope)[
        [
            "rank",
            "rank_low",
            "rank_high",
            "band",
            "code",
            "name",
            "resolved",
            "on_time_rate",
            "change",
            "late",
            "pending_overdue",
            "few",
        ]
    ]
    # Praise and press only whom the data single out, on one stated criterion (issue 16): the
    # top and bottom bands of the on-time rank (the whole 95 % rank interval in one half), not
    # the five highest and lowest rates. Praise leaves out a unit with any overdue dossier.
    praise, press = praise_and_press(league)
    late = on_time.late_dossiers(conn, period, scope, limit=200)
    sat, dia, rol = figs["satisfaction"], figs["dialogue"], figs["rollout"]
    briefs = pd.DataFrame(
        [
            {
                "subject": t(
                    "satisfaction_line",
                    lang,
                    rate=fmt_pct(sat["satisfaction_rate"].value, lang),
                    n=fmt_number(sat["responses"].value, lang),
                ),
                "value": sat["satisfaction_rate"].value,
                "n": sat["responses"].n,
            },
            {
                "subject": t(
                    "dialogue_line",
                    lang,
                    sessions=fmt_number(dia["sessions"].value, lang),
                    petitions=fmt_number(dia["petitions"].value, lang),
                    open=fmt_number(dia["open_raised"].value, lang),
                    overdue=fmt_number(dia["overdue_raised"].value, lang),
                ),
                "value": dia["open_raised"].value,
                "n": dia["petitions"].n,
            },
            {
                "subject": t(
                    "rollout_line",
                    lang,
                    running=fmt_number(rol["rollouts_active"].value, lang),
                    units=fmt_number(rol["units_running"].value, lang),
                    overdue=fmt_number(rol["reviews_overdue"].value, lang),
                ),
                "value": rol["rollouts_active"].value,
                "n": rol["units_running"].n,
            },
        ]
    )
    sat_trend = satisfaction.trend(conn, trend_period, scope)[
        ["start", "responses", "rate", "target"]
    ]
    sat_trend = sat_trend.assign(
        few=sat_trend["responses"] < int(settings.get("OVERSIGHT_MIN_RESPONSES"))
    )
    sat_elements = satisfaction.elements(conn, period, scope)[
        ["element", "answered", "rate", "weakest"]
    ]
    sat_elements = sat_elements.assign(
        label=[t(f"sat_el_{e}", lang) for e in sat_elements["element"]]
    )
    stages = rollout.counts_by(conn, period.end, scope, by="stage")
    stages = stages.assign(label=[t(f"ro_stage_{s}", lang) for s in stages["stage"]])
    petitions = dialogue.overdue_petitions(conn, period.end, scope, limit=200)[
        ["name", "held_on", "topic", "summary", "assigned_agency", "deadline", "days_overdue"]
    ]
    # The effect of the scope's featured rollout and each of its models' pooled effect.
    # ``effects=False`` leaves them out (the slowest part: each model's pooled effect).
    featured = rollout.featured_rollout(conn, period.end, scope) if effects else None
    if featured is not None:
        eff = rollout.effect(conn, featured)
        effect = rollout.effect_table(eff) if eff is not None else pd.DataFrame()
        event_study = rollout.event_study(conn, featured)
    else:
        effect, event_study = pd.DataFrame(), pd.DataFrame(columns=rollout.EVENT_COLUMNS)
    models = rollout.rollouts(conn, period.end, scope)
    # A boolean mask even when no rollout is registered (an empty object mask would select
    # columns, not rows).
    models = models[models["launched_on"].map(lambda d: d is not None).astype(bool)]
    if not effects:
        models = models.iloc[0:0]
    launched = models
    pooled = [
        rollout.pooled_table(rollout.pooled_effect(conn, code)).assign(model_name=name)
        for code, name in (
            []
            if len(launched) == 0
            else launched[["model_code", "model_name"]].drop_duplicates().itertuples(index=False)
        )
    ]
    pooled = pd.concat(pooled, ignore_index=True) if pooled else pd.DataFrame()
    soon = figs["due_soon"]
    soon_rows = due_soon.dossiers(conn, as_of, within, scope, limit=200)[
        ["code", "unit_name", "procedure", "department", "due_date", "working_days_left"]
    ]
    soon_petitions = due_soon.petitions(conn, as_of, within, scope, limit=200)[
        ["unit_name", "topic", "summary", "assigned_agency", "deadline", "working_days_left"]
    ]
    soon_line = t(
        "pack_due_soon_line",
        lang,
        count=fmt_number(soon["due_soon_dossiers"].value, lang),
        n=fmt_number(within, lang),
        until=fmt_date(due_soon.until(conn, as_of, within), lang),
        today=fmt_number(soon["due_today"].value, lang),
        petitions=fmt_number(soon["due_soon_petitions"].value, lang),
    )
    idx_card = index766.scorecard(conn, period, scope, today=as_of)
    idx = figs["index766"]
    idx_table = index766.lost(idx_card).set_index("code").reindex(idx_card["code"]).reset_index()
    idx_table = idx_table.assign(
        indicator=idx_table["indicator" if lang == "vi" else "indicator_en"],
        group=[
            t(f"i766_group_{c}", lang)
            for c in idx_card.set_index("code").loc[idx_table["code"], "group_code"]
        ],
    )[
        [
            "group",
            "indicator",
            "numerator",
            "denominator",
            "ratio",
            "score",
            "max_score",
            "official_score",
            "difference",
            "lost",
            "status",
        ]
    ]
    idx_line = t(
        "i766_card_line",
        lang,
        score=fmt_figure(idx["i766_total"].value, "points", lang),
        official=""
        if idx["i766_official"].value is None
        else t(
            "i766_card_official", lang, v=fmt_figure(idx["i766_official"].value, "points", lang)
        ),
    )
    made_on = today or date.today()
    card = (
        _report_card(conn, period, scope, scope.unit_code, league, late, made_on)
        if unit.level == "commune"
        else None
    )
    meeting_day, meetings = directives.previous_meeting(conn, scope, as_of)
    if meeting_day is None:
        follow_up, follow_up_line = pd.DataFrame(columns=DIRECTIVE_COLUMNS), ""
    else:
        follow_up = directives.directives(conn, scope, as_of, meeting_date=meeting_day)[
            DIRECTIVE_COLUMNS
        ]
        follow_up_line = t(
            "pack_directives_meeting",
            lang,
            meeting="; ".join(meetings),
            day=fmt_date(meeting_day, lang),
        )
    return PackData(
        footer=" · ".join(
            (
                issuer(unit.name, lang),
                unit.name,
                period_label(period, lang),
                t("pack_made_on", lang, date=fmt_date(made_on, lang)),
            )
        ),
        card=card,
        title=t("pack_title", lang),
        subtitle=f"{unit.name} · {period_label(period, lang)} · "
        f"{t('pack_made_on', lang, date=fmt_date(as_of, lang))}",
        headline=headline,
        trend=trend,
        report_note=report_note,
        trend_note=trend_note,
        by_field=by_field,
        league=league,
        praise=praise,
        press=press,
        late=late,
        briefs=briefs,
        sat_trend=sat_trend,
        sat_elements=sat_elements,
        rollout_stages=stages,
        open_petitions=petitions,
        effect=effect,
        event_study=event_study,
        pooled=pooled,
        due_soon=soon_rows,
        due_soon_petitions=soon_petitions,
        due_soon_line=soon_line,
        index766=idx_table,
        index766_groups=index766.groups(idx_card),
        index766_line=idx_line,
        directives=follow_up,
        directives_line=follow_up_line,
    )


def praise_and_press(league: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Biểu dương: the top band of the on-time rank with no overdue dossier; Cần chấn chỉnh:
    the bottom band. Five each, best and worst rate first."""
    ranked = league[league["rank"].notna()]
    praise = ranked[(ranked["band"] == "top") & (ranked["pending_overdue"] == 0)]
    praise = praise.sort_values("on_time_rate", ascending=False).head(5)
    press = ranked[ranked["band"] == "bottom"].sort_values("on_time_rate").head(5)
    return praise, press


def issuer(unit_name: str, lang: str = "vi") -> str:
    """The body issuing the pack: the People's Committee of the unit ("UBND tỉnh Hưng Yên",
    "UBND xã Châu Ninh")."""
    kind, _, rest = unit_name.partition(" ")
    if lang == "vi":
        return f"UBND {kind.lower()} {rest}" if rest else f"UBND {unit_name}"
    return f"People's Committee of {unit_name}"


def _report_card(
    conn: Connection,
    period: Period,
    scope: Scope,
    unit_code: str,
    league: pd.DataFrame,
    late: pd.DataFrame,
    as_of: date,
) -> dict:
    """A commune's one-page card, from the figures the pages show (module doc)."""
    mine = league[league["code"] == unit_code]
    ranked = int(league["rank"].notna().sum())
    row = mine.iloc[0].to_dict() if len(mine) else {}
    no_letter = late[~late["apology_letter"].astype(bool)] if len(late) else late
    year = period.end.year
    duty = dialogue.compliance(conn, year, scope, as_of=min(period.end, as_of))
    duty_row = duty.iloc[0].to_dict() if len(duty) else {}
    models = rollout.rollouts(conn, period.end, scope)
    return {
        "rank": row.get("rank"),
        "rank_low": row.get("rank_low"),
        "rank_high": row.get("rank_high"),
        "band": row.get("band"),
        "peers": ranked,
        "resolved": int(row.get("resolved") or 0),
        "on_time_rate": row.get("on_time_rate"),
        "pending_overdue": int(row.get("pending_overdue") or 0),
        "no_letter": no_letter[
            ["code", "procedure", "department", "days_overdue", "state"]
        ].reset_index(drop=True)
        if len(no_letter)
        else pd.DataFrame(columns=["code", "procedure", "department", "days_overdue", "state"]),
        "year": year,
        "conferences": int(duty_row.get("conferences") or 0),
        "sessions": int(duty_row.get("sessions") or 0),
        "required": int(duty_row.get("required") or 1),
        "duty_status": duty_row.get("status"),
        "models": sorted(set(models["model_name"])) if len(models) else [],
    }
