"""The web frame and widgets: everything a page script uses, in one namespace.

from dashboard import web
f = web.filters()
figures = web.q(on_time.headline, f.period, f.scope)
web.metric_cards(figures, f.lang)
"""

from dashboard.web.cache import clear, q
from dashboard.web.frame import (
    Filters,
    data_until,
    engine,
    filters,
    lang,
    today,
    url_value_unknown,
    user,
)
from dashboard.web.login import client_address
from dashboard.web.nav import (
    PICK_MODES,
    breadcrumbs,
    drill_to,
    open_page,
    page_link,
    picked_row,
    unit_link,
)
from dashboard.web.widgets import (
    dataframe,
    how_computed,
    metric_cards,
    pack_downloads,
    report_note,
    status_badge,
    table_text,
)

__all__ = [
    "PICK_MODES",
    "Filters",
    "breadcrumbs",
    "clear",
    "client_address",
    "data_until",
    "dataframe",
    "drill_to",
    "engine",
    "filters",
    "how_computed",
    "lang",
    "metric_cards",
    "open_page",
    "pack_downloads",
    "page_link",
    "picked_row",
    "q",
    "report_note",
    "status_badge",
    "table_text",
    "today",
    "unit_link",
    "url_value_unknown",
    "user",
]
