"""The quarterly briefing pack: a PowerPoint deck with native, editable charts (``deck``) and
an Excel workbook with every table behind the slides (``workbook``), both drawn from one
``collect`` of the figures (``data``)."""

from dashboard.pack.data import PackData, collect
from dashboard.pack.deck import build_deck
from dashboard.pack.workbook import build_workbook

__all__ = ["PackData", "build_deck", "build_workbook", "collect"]
