"""Chart and map builders, one module per subject: ``charts.on_time.trend(df, lang)``.

Pure functions: a DataFrame in, a themed Plotly figure (or pydeck deck) out; no Streamlit.
"""

from dashboard.charts import (
    dialogue,
    funnel,
    index766,
    maps,
    on_time,
    rollout,
    satisfaction,
    theme,
)

__all__ = [
    "dialogue",
    "funnel",
    "index766",
    "maps",
    "on_time",
    "rollout",
    "satisfaction",
    "theme",
]
