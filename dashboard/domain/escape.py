"""Text we did not write is data: escape it for where it is shown.

- ``md(text)``: for anything Streamlit renders as Markdown (``st.markdown``, ``st.caption``,
  ``st.error``/``warning``/``info``/``success``, titles, widget and button labels, metric
  labels, ``st.table`` cells, toasts, expanders). Every ASCII punctuation mark is
  backslash-escaped (CommonMark allows it for all of them), and bare URLs and e-mail addresses
  get an invisible word joiner, so no link, image, emphasis, heading, HTML, colour directive
  (``:red[…]``), maths (``$…$``) or autolink can come out of the text; runs of whitespace and
  line breaks become one space.
- ``html(text)``: for HTML and HTML-like markup: ``st.html``, the Plotly labels and hover text
  (Plotly renders ``<a href>``, ``<b>``, ``<br>`` in them), pydeck tooltips, the sign-in page.
- ``cell(value)`` / ``cells(frame)``: for spreadsheets (XLSX and CSV): a text that begins with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe, so Excel
  and LibreOffice show it as text instead of running it as a formula. Numbers are left alone.

Labels of the project (``dashboard.i18n.t``) are ours and may carry Markdown; the values put
into them are escaped by the caller.
"""

from __future__ import annotations

import html as _html
import re
from typing import Any

import pandas as pd

_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
_SPACE = re.compile(r"\s+")


# Streamlit's Markdown turns bare ``https://…``, ``www.…`` and ``name@host`` into links after
# parsing (mdast "autolink literal"), so escapes do not stop it. An invisible WORD JOINER
# (U+2060) inside each of those patterns does: the text reads the same, nothing matches.
WJ = "\u2060"
_AUTOLINK = (
    (re.compile(r"://"), ":" + WJ + "//"),
    (re.compile(r"(?i)\b(www)\."), r"\1" + WJ + "."),
    (re.compile(r"@"), "@" + WJ),
)


def md(text: Any) -> str:
    """``text`` as literal Markdown text (None and NaN as "–")."""
    if text is None or (isinstance(text, float) and text != text):
        return "–"
    plain = _SPACE.sub(" ", str(text)).strip()
    for pattern, repl in _AUTOLINK:
        plain = pattern.sub(repl, plain)
    return _MD_SPECIAL.sub(r"\\\1", plain)


def html(text: Any) -> str:
    """``text`` for HTML (and Plotly's HTML-like labels)."""
    if text is None or (isinstance(text, float) and text != text):
        return "–"
    return _html.escape(str(text), quote=True)


def md_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A table for ``st.table`` (which renders Markdown in its cells): text cells and column
    names escaped."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
            out[c] = [md(v) if isinstance(v, str) else v for v in out[c]]
    out.columns = [md(c) if isinstance(c, str) else c for c in out.columns]
    return out


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """A spreadsheet cell that cannot become a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def cells(df: pd.DataFrame) -> pd.DataFrame:
    """``cell`` over every text cell and column name of a frame (for CSV and XLSX)."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
            out[c] = [cell(v) for v in out[c]]
    out.columns = [cell(c) for c in out.columns]
    return out


def xlsx_text(workbook) -> None:  # noqa: ANN001 - an openpyxl Workbook
    """Before saving a workbook: every text cell that begins like a formula is stored as text
    (with Excel's quote prefix, so editing it keeps it text). openpyxl would otherwise write a
    text beginning with ``=`` as a live formula. Call it on every workbook the project writes."""
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith(FORMULA_START):
                    c.data_type = "s"
                    c.quotePrefix = True
