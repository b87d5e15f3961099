"""The briefing workbook: every table behind the slides, one sheet each."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dashboard.domain.escape import xlsx_text
from dashboard.i18n import t
from dashboard.pack.data import PackData


def build_workbook(data: PackData, lang: str = "vi") -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    sheets = {
        "headline": data.headline.drop(columns=["key"]),
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
        ws = wb.create_sheet(t(f"pack_sheet_{name}", lang)[:31])
        ws.append([t(c, lang) if c in _HEADER_KEYS else c for c in df.columns])
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


_HEADER_KEYS = {
    "resolved",
    "early",
    "on_time",
    "late",
    "on_time_rate",
    "target",
    "rank",
    "change",
    "pending_overdue",
    "code",
    "procedure",
    "department",
    "days_overdue",
    "apology_letter",
    "unit",
    "due_date",
    "working_days_left",
}


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
