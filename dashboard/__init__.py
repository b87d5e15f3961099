"""Oversight dashboard for administrative reform in Vietnamese local government."""

import pandas as _pd

# pandas 3 keeps text columns in Arrow arrays when pyarrow is installed (Streamlit
# requires it). The dashboard's frames are small (a province's communes, a page of rows) and go
# through many takes, merges and per-value reads: on Arrow storage each of those converts or
# calls into Arrow: 12–15 % of a page's Python time (issue 18, docs/SCALING.md, session 32).
# The same ``str`` dtype with Python storage keeps every behaviour and drops that cost.
_pd.set_option("mode.string_storage", "python")
