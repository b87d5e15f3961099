"""The briefing workbook: every table behind the slides, one sheet each."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dashboard.domain.escape import xlsx_text
from dashboard.i18n import LABELS, t
from dashboard.pack.data import PackData


def build_workbook(data: PackData, lang: str = "vi") -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    sheets = {
        "headline": data.headline.drop(columns=["key"]).assign(
            subject=[t(SUBJECT_LABELS[x], lang) for x in data.headline["subject"]]
        ),
        "trend": data.trend,
        "by_field": data.by_field,
        "league": data.league,
        "praise": data.praise,
        "press": data.press,
        "late_dossiers": data.late,
        "briefs": data.briefs,
        "sat_trend": data.sat_trend,
        "sat_elements": data.sat_elements,
        "rollout_stages": data.rollout_stages,
        "open_petitions": data.open_petitions,
        "effect": data.effect,
        "event_study": data.event_study,
        "pooled": data.pooled,
        "due_soon": data.due_soon,
        "due_soon_petitions": data.due_soon_petitions,
        "index766": data.index766,
        "directives": data.directives,
    }
    for name, df in sheets.items():
        df = _readable(name, df, lang)
        ws = wb.create_sheet(t(f"pack_sheet_{name}", lang)[:31])
        ws.append([header(name, c, lang) for c in df.columns])
        for c in ws[1]:
            c.font = Font(bold=True, color="FFFFFF")
            c.fill = PatternFill("solid", fgColor="0B5CAD")
            c.alignment = Alignment(wrap_text=True, vertical="top")
        for row in df.itertuples(index=False):
            ws.append([_cell(v) for v in row])
        for j, col in enumerate(df.columns, start=1):
            width = max([len(str(col))] + [len(str(v)) for v in df[col].head(200)]) + 2
            ws.column_dimensions[get_column_letter(j)].width = min(60, max(10, width))
            if col.endswith("rate") or col in (
                "value",
                "target",
                "previous",
                "last_year",
                "change",
                "online_share",
                "apology_share",
                "ratio",
                "score",
                "official_score",
                "difference",
                "lost",
            ):
                for cell in ws.iter_cols(min_col=j, max_col=j, min_row=2):
                    for c in cell:
                        c.number_format = "0.00"
        ws.freeze_panes = "A2"
    xlsx_text(wb)  # an imported name beginning with "=" stays text, never a formula
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


SUBJECT_LABELS = {
    "on_time": "page_on_time",
    "satisfaction": "page_satisfaction",
    "dialogue": "page_dialogue",
    "rollout": "page_rollout",
    "due_soon": "due_soon_metric",
    "index766": "page_index766",
}
# Where one column name holds different things on different sheets, the sheet says which
# (unit codes are "Mã đơn vị", dossier codes "Mã hồ sơ"); elsewhere ``col_<column>``.
_LEAGUE = {
    "code": "col_unit_code",
    "name": "col_unit_name",
    "change": "col_change_points",
    "late": "col_late_dossiers",
}
_HEADERS: dict[str, dict[str, str]] = {
    "trend": {"target": "col_target_pct"},
    "league": _LEAGUE,
    "praise": _LEAGUE,
    "press": _LEAGUE,
    "late_dossiers": {
        "code": "col_dossier_code",
        "field_vi": "col_field",
        "field_en": "col_field",
        "unit": "col_unit_name",
    },
    "briefs": {"subject": "col_brief"},
    "sat_trend": {"rate": "col_sat_rate", "target": "col_target_pct"},
    "sat_elements": {"rate": "col_sat_rate", "label": "col_element"},
    "rollout_stages": {"label": "col_stage"},
    "open_petitions": {"name": "col_unit_name", "summary": "col_petition"},
    "event_study": {"low": "col_ci_low", "high": "col_ci_high"},
    "due_soon": {"code": "col_dossier_code"},
    "due_soon_petitions": {"summary": "col_petition"},
    "index766": {
        "group": "i766_col_group",
        "indicator": "i766_col_indicator",
        "numerator": "i766_col_num",
        "denominator": "i766_col_den",
        "ratio": "i766_col_ratio",
        "score": "i766_col_score",
        "max_score": "i766_col_max",
        "official_score": "i766_col_official",
        "difference": "i766_col_diff",
        "lost": "i766_col_lost",
        "per_item": "i766_col_per_item",
    },
    "directives": {
        "id": "dir_f_id",
        "unit": "col_unit_code",
        "unit_name": "col_unit_name",
        "text": "dir_f_text",
        "indicator": "dir_f_indicator",
        "baseline_period": "dir_f_period",
        "baseline": "dir_f_baseline",
        "current_period": "dir_f_current_period",
        "current": "dir_f_current",
        "target": "dir_f_target",
        "due": "dir_f_due",
        "status": "dir_f_status",
        "verdict": "dir_f_change",
        "arrow": "dir_f_arrow",
        "meeting": "dir_f_meeting",
        "meeting_date": "dir_f_meeting_date",
        "last_note": "dir_f_last_note",
    },
}


def header(sheet: str, column: str, lang: str) -> str:
    """The header of a column on a sheet: what it holds, in the pack's language. A column
    without a label is an error (no internal name reaches a leader's workbook)."""
    key = _HEADERS.get(sheet, {}).get(column, f"col_{column}")
    if key not in LABELS:
        raise KeyError(f"the workbook's sheet {sheet!r} has no header label for {column!r}")
    return t(key, lang)


def _readable(sheet: str, df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Drop the columns a reader does not need (internal keys, the other language's copy)
    and put codes into words where the pages do."""
    df = df.copy()
    if sheet == "late_dossiers":
        df = df.drop(columns=["field_en" if lang == "vi" else "field_vi"], errors="ignore")
    if sheet in ("sat_elements", "rollout_stages"):
        internal = "element" if sheet == "sat_elements" else "stage"
        if "label" in df:
            df = df.drop(columns=[internal])
            df = df[["label", *[c for c in df.columns if c != "label"]]]
    if "band" in df:
        df["band"] = [t(f"band_{b}", lang) if isinstance(b, str) else b for b in df["band"]]
    if sheet == "index766":
        # The indicator table as the page shows it (the A, B, C parts and internal codes stay
        # in `oversight metrics index766 --format json`).
        if lang == "en" and "indicator_en" in df:
            df["indicator"] = df["indicator_en"]
        df = df[[c for c in _HEADERS["index766"] if c in df]]
    if sheet == "directives" and not df.empty:
        df["status"] = [t(f"dir_status_{x}", lang) for x in df["status"]]
        df["indicator"] = [
            t(f"dir_ind_{x}" if isinstance(x, str) else "dir_ind_none", lang)
            for x in df["indicator"]
        ]
        df["verdict"] = [
            t(f"dir_verdict_{x}", lang) if isinstance(x, str) else None for x in df["verdict"]
        ]
    if sheet in ("effect", "event_study", "pooled") and "metric" in df:
        df["metric"] = [t(f"pack_metric_short_{m}", lang) for m in df["metric"]]
    return df


def _cell(v):  # noqa: ANN001
    if isinstance(v, list | tuple):  # codes of the comparison communes, warnings
        return ", ".join(str(x) for x in v)
    if v is None or (isinstance(v, float) and v != v):
        return None
    if hasattr(v, "item"):
        return v.item()
    if v is pd.NA:
        return None
    return v
