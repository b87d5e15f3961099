"""Map builders: a per-unit DataFrame in (``queries.maps.map_units``), a ``pydeck.Deck`` out.
No Streamlit here.

- Communes are bubbles at their coordinates (from ``vietnamadminunits``), area proportional to
  the volume behind the figure (radius on a square-root scale), coloured by the figure's status
  against its target with the colours of ``dashboard.charts.STATUS_COLOURS`` (grey when no
  target is set); figures resting on few records (status ``few``) are drawn pale grey, never
  in a status colour; units without figures are light grey rings.
- When ``OVERSIGHT_BOUNDARIES`` points at GeoJSON boundaries of today's communes (features
  keyed by the unit's GSO code), matched communes are polygons instead (GeoJsonLayer).
- No base map unless ``OVERSIGHT_MAP_STYLE`` names one: the app works offline.
- Pilots of a chosen model get a blue ring, the unit in view a black one. In the historical
  view a thin line runs from each old unit to today's unit it went into.
- Tooltips are Vietnamese (or English) HTML whose values are pre-formatted string columns
  (``tt_*``), with the decimal comma of ``dashboard.i18n``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from pathlib import Path

import pandas as pd
import pydeck as pdk

from dashboard.charts.theme import STATUS_COLOURS
from dashboard.i18n import fmt_number, fmt_pct, t
from dashboard.storage import settings

KIND = {
    "on_time_rate": "pct",
    "online_share": "pct",
    "satisfaction_rate": "pct",
    "pending_overdue": "count",
    "dialogue_sessions": "count",
    "rollouts": "count",
}
NO_DATA = "#afb8c1"
PILOT = "#0969da"
SELECTED = "#1f2328"
LINEAGE = "#6e7781"
TODAY = "#1f2328"
UNITS_LAYER = "map-units"  # the pickable layer (bubbles)
POLY_LAYER = "map-units-poly"  # the pickable layer (polygons)
RADIUS_PX = (4.0, 20.0)  # smallest and largest bubble radius, pixels
BOUNDARY_KEYS = ("gso_code", "code", "ma_xa", "MA_XA", "maXa", "ma", "wardCode", "ward_code")
_DEFAULT = object()
# Literal strings: pydeck turns a plain string argument into a data accessor expression.
PIXELS = pdk.types.String("pixels")

TOOLTIP_HTML = (
    "<div style='font-size:14px;line-height:1.35;max-width:320px'>"
    "<div style='font-weight:600;font-size:15px'>{tt_name}</div>"
    "<div style='opacity:.8'>{tt_place}</div>"
    "<div>{tt_value} <span style='opacity:.8'>{tt_n}</span></div>"
    "<div>{tt_target}</div>"
    "<div style='font-style:italic'>{tt_note}</div>"
    "</div>"
)


@dataclass
class MapFigure:
    """A deck with its legend entries and anything the page should say about it."""

    deck: pdk.Deck
    legend: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    polygons: int = 0  # units drawn as polygons


# --- colours and sizes ---------------------------------------------------------------------


def rgba(hex_colour: str, alpha: int = 255) -> list[int]:
    h = hex_colour.lstrip("#")
    return [int(h[i : i + 2], 16) for i in (0, 2, 4)] + [int(alpha)]


def radius_px(
    n: pd.Series, n_max: float | None = None, bounds: tuple[float, float] = RADIUS_PX
) -> pd.Series:
    """Bubble radius in pixels: the area grows with the volume (square-root scale)."""
    n = pd.to_numeric(n).fillna(0).clip(lower=0).astype("float64")
    top = float(n_max) if n_max else float(n.max() if len(n) else 0)
    lo, hi = bounds
    if top <= 0:
        return pd.Series(lo, index=n.index, dtype="float64")
    return (lo + (hi - lo) * (n / top).clip(upper=1) ** 0.5).astype("float64")


def _category(row) -> str:  # noqa: ANN001 - a row of the units frame
    if row["n"] <= 0 or _missing(row["value"]):
        return "no_data"
    return row["status"] if row["status"] in ("good", "watch", "bad", "few") else "none"


def _missing(v) -> bool:  # noqa: ANN001
    return v is None or (isinstance(v, float) and math.isnan(v))


def _fmt_value(v, indicator: str, lang: str) -> str:  # noqa: ANN001
    if _missing(v):
        return "–"
    return fmt_pct(v, lang) if KIND.get(indicator) == "pct" else fmt_number(v, lang)


def prepare(
    units: pd.DataFrame,
    lang: str = "vi",
    n_max: float | None = None,
    historical: bool | None = None,
    radius: tuple[float, float] = RADIUS_PX,
) -> pd.DataFrame:
    """Colours, sizes and tooltip strings for each unit (pure, for the layers and tests)."""
    df = units.copy().reset_index(drop=True)
    if df.empty:
        for c in (
            "category",
            "fill",
            "line",
            "line_w",
            "radius_px",
            "ring_px",
            "ring_colour",
            "ring_w",
            "tt_name",
            "tt_place",
            "tt_value",
            "tt_n",
            "tt_target",
            "tt_note",
            "value_text",
            "target_text",
            "status_text",
        ):
            df[c] = pd.Series([], dtype=object)
        return df
    hist = (
        bool(historical)
        if historical is not None
        else bool(df.get("valid_to", pd.Series(dtype=object)).notna().any())
    )
    df["category"] = [_category(r) for _, r in df.iterrows()]
    fills, lines, widths = [], [], []
    for cat, few in zip(df["category"], df["few"].astype(bool), strict=True):
        if cat == "no_data":
            fills.append(rgba("#ffffff", 200))
            lines.append(rgba(NO_DATA))
            widths.append(2.0)
            continue
        colour = STATUS_COLOURS["good" if cat == "good" else cat if cat != "none" else None]
        if few:
            fills.append(rgba(colour, 70))
            lines.append(rgba(colour))
            widths.append(2.0)
        else:
            fills.append(rgba(colour, 215))
            lines.append(rgba("#ffffff", 230))
            widths.append(1.0)
    df["fill"], df["line"], df["line_w"] = fills, lines, widths
    df["radius_px"] = radius_px(df["n"], n_max, radius)
    df.loc[df["category"] == "no_data", "radius_px"] = radius[0]
    df["ring_px"] = df["radius_px"] + [7.0 if s else 4.5 for s in df["selected"].astype(bool)]
    df["ring_colour"] = [rgba(SELECTED) if s else rgba(PILOT) for s in df["selected"].astype(bool)]
    df["ring_w"] = 3.0
    # Tooltip strings.
    ind = df["indicator"].iloc[0]
    df["value_text"] = [_fmt_value(v, ind, lang) for v in df["value"]]
    df["target_text"] = [_fmt_value(v, ind, lang) if not _missing(v) else "" for v in df["target"]]
    df["status_text"] = [
        t("map_no_data", lang)
        if c == "no_data"
        else (
            t("status_" + c, lang) if c in ("good", "watch", "bad", "few") else t("no_target", lang)
        )
        for c in df["category"]
    ]
    # pydeck puts these into its tooltip HTML as they are: names are escaped here.
    df["tt_name"] = [escape(str(n)) for n in df["name"]]
    df["tt_place"] = [escape(p) if hist and isinstance(p, str) else "" for p in df["parent_name"]]
    df["tt_value"] = [f"{t('map_ind_' + ind, lang)}: {v}" for v in df["value_text"]]
    df["tt_n"] = [f"({t('map_n_' + ind, lang, n=fmt_number(n, lang))})" for n in df["n"]]
    targets = []
    for cat, tt in zip(df["category"], df["target_text"], strict=True):
        if cat == "no_data":
            targets.append(
                t("map_no_data", lang) + (" · " + t("map_target", lang, value=tt) if tt else "")
            )
        elif tt:
            label = t("status_" + cat, lang) if cat in ("good", "watch", "bad", "few") else ""
            targets.append(t("map_target", lang, value=tt) + (f" · {label}" if label else ""))
        else:
            targets.append(t("map_no_target", lang))
    df["tt_target"] = targets
    notes = []
    for r in df.itertuples(index=False):
        parts = []
        if hist and bool(r.merged) and isinstance(r.current_name, str):
            parts.append(t("map_now_part_of", lang, name=escape(r.current_name)))
        if bool(r.few):
            key = "map_few_responses" if ind == "satisfaction_rate" else "map_few_dossiers"
            parts.append(t(key, lang, n=fmt_number(r.n, lang)))
        if bool(r.pilot):
            stage = r.pilot_stage if isinstance(r.pilot_stage, str) else ""
            parts.append(
                t("map_pilot", lang, stage=t("map_stage_" + stage, lang) if stage else "").rstrip(
                    ": "
                )
            )
        notes.append(" · ".join(parts))
    df["tt_note"] = notes
    return df


# --- the view ------------------------------------------------------------------------------


def view_state(
    frames: list[pd.DataFrame] | pd.DataFrame, width_px: int = 900, height_px: int = 520
) -> pdk.ViewState:
    """Centre and zoom that fit every unit (of all frames, so two decks share one view)."""
    if isinstance(frames, pd.DataFrame):
        frames = [frames]
    lats = pd.concat([f["lat"] for f in frames if len(f)] or [pd.Series([16.0])])
    lons = pd.concat([f["lon"] for f in frames if len(f)] or [pd.Series([106.0])])
    lat0, lat1 = float(lats.min()), float(lats.max())
    lon0, lon1 = float(lons.min()), float(lons.max())
    lat_c, lon_c = (lat0 + lat1) / 2, (lon0 + lon1) / 2
    # Web Mercator: 512 px span 360° at zoom 0; latitude spans stretch by 1 / cos(lat).
    span_lon = max(lon1 - lon0, 0.02) * 1.12
    span_lat = max(lat1 - lat0, 0.02) * 1.12 / max(math.cos(math.radians(lat_c)), 0.2)
    z_lon = math.log2(width_px * 360 / (512 * span_lon))
    z_lat = math.log2(height_px * 360 / (512 * span_lat))
    zoom = max(4.0, min(13.0, min(z_lon, z_lat)))
    return pdk.ViewState(latitude=lat_c, longitude=lon_c, zoom=round(zoom, 2), pitch=0, bearing=0)


# --- boundaries ----------------------------------------------------------------------------


def _norm_code(v) -> str:  # noqa: ANN001
    s = str(v).strip()
    return s.lstrip("0") or "0" if s.isdigit() else s


@lru_cache(maxsize=8)
def _read_boundaries(path: str, _stamp: float) -> dict[str, dict]:
    p = Path(path)
    files = sorted([*p.glob("*.geojson"), *p.glob("*.json")]) if p.is_dir() else [p]
    out: dict[str, dict] = {}
    for f in files:
        data = json.loads(f.read_text(encoding="utf-8"))
        feats = data.get("features", []) if data.get("type") == "FeatureCollection" else [data]
        for feat in feats:
            props = feat.get("properties") or {}
            key = next((props[k] for k in BOUNDARY_KEYS if props.get(k) not in (None, "")), None)
            if key is not None and feat.get("geometry"):
                out[_norm_code(key)] = feat["geometry"]
    return out


def load_boundaries(path: str | Path | None) -> dict[str, dict]:
    """GSO code -> GeoJSON geometry from a file or a directory of ``*.geojson``/``*.json``.
    Each feature names its unit in one of the properties ``BOUNDARY_KEYS``. Relative paths are
    taken from the project root. Raises OSError/ValueError for an unreadable file."""
    if not path:
        return {}
    p = Path(path).expanduser()
    if not p.is_absolute() and not p.exists():
        p = settings.PROJECT_ROOT / p
    if not p.exists():
        raise FileNotFoundError(str(p))
    stamp = (
        max((f.stat().st_mtime for f in p.iterdir()), default=0.0)
        if p.is_dir()
        else p.stat().st_mtime
    )
    return _read_boundaries(str(p), stamp)


# --- layers --------------------------------------------------------------------------------


_POINT_COLS = [
    "code",
    "name",
    "lon",
    "lat",
    "fill",
    "line",
    "line_w",
    "radius_px",
    "tt_name",
    "tt_place",
    "tt_value",
    "tt_n",
    "tt_target",
    "tt_note",
]


def _records(df: pd.DataFrame, cols: list[str]) -> list[dict]:
    """Plain JSON-safe records (no NaN: the browser's JSON parser refuses it)."""
    return [{k: _clean(v) for k, v in r.items()} for r in df[cols].to_dict("records")]


def _clean(v):  # noqa: ANN001, ANN202
    if hasattr(v, "item") and not isinstance(v, (list, dict, str)):
        v = v.item()  # numpy scalar -> Python
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, list):
        return [_clean(x) for x in v]
    return v


def _bubbles(df: pd.DataFrame, layer_id: str) -> pdk.Layer:
    d = df.sort_values("radius_px", ascending=False)  # small ones on top
    return pdk.Layer(
        "ScatterplotLayer",
        id=layer_id,
        data=_records(d, _POINT_COLS),
        get_position=["lon", "lat"],
        get_fill_color="fill",
        get_line_color="line",
        get_line_width="line_w",
        get_radius="radius_px",
        radius_units=PIXELS,
        line_width_units=PIXELS,
        stroked=True,
        filled=True,
        pickable=True,
        auto_highlight=True,
        highlight_color=[9, 105, 218, 90],
    )


def _polygons(df: pd.DataFrame, shapes: dict[str, dict], layer_id: str) -> pdk.Layer:
    feats = []
    for r in _records(df, [*_POINT_COLS, "gso_code"]):
        geom = shapes[_norm_code(r["gso_code"] or r["code"])]
        feats.append(
            {
                "type": "Feature",
                "geometry": geom,
                "properties": {k: v for k, v in r.items() if k not in ("lon", "lat")},
            }
        )
    return pdk.Layer(
        "GeoJsonLayer",
        id=layer_id,
        data={"type": "FeatureCollection", "features": feats},
        get_fill_color="properties.fill",
        get_line_color=[255, 255, 255, 255],
        get_line_width=1,
        line_width_units=PIXELS,
        stroked=True,
        filled=True,
        pickable=True,
        auto_highlight=True,
        highlight_color=[9, 105, 218, 90],
    )


def _rings(df: pd.DataFrame, layer_id: str) -> pdk.Layer:
    d = df[df["pilot"].astype(bool) | df["selected"].astype(bool)]
    return pdk.Layer(
        "ScatterplotLayer",
        id=layer_id,
        data=_records(d, ["code", "lon", "lat", "ring_px", "ring_colour", "ring_w"]),
        get_position=["lon", "lat"],
        get_radius="ring_px",
        radius_units=PIXELS,
        get_line_color="ring_colour",
        get_line_width="ring_w",
        line_width_units=PIXELS,
        stroked=True,
        filled=False,
        pickable=False,
    )


def _lineage(df: pd.DataFrame, prefix: str) -> list[pdk.Layer]:
    d = df[df["merged"].astype(bool) & df["current_lat"].notna() & df["current_lon"].notna()]
    lines = [
        {"src": [float(r.lon), float(r.lat)], "dst": [float(r.current_lon), float(r.current_lat)]}
        for r in d.itertuples()
    ]
    today = d.drop_duplicates("current_code")
    dots = [{"pos": [float(r.current_lon), float(r.current_lat)]} for r in today.itertuples()]
    return [
        pdk.Layer(
            "LineLayer",
            id=f"{prefix}-lineage",
            data=lines,
            get_source_position="src",
            get_target_position="dst",
            get_color=rgba(LINEAGE, 150),
            get_width=1.5,
            width_units=PIXELS,
            pickable=False,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            id=f"{prefix}-today",
            data=dots,
            get_position="pos",
            get_radius=4,
            radius_units=PIXELS,
            get_line_color=rgba(TODAY, 220),
            get_line_width=2,
            line_width_units=PIXELS,
            stroked=True,
            filled=False,
            pickable=False,
        ),
    ]


def _project(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixels at a zoom (512-pixel world at zoom 0, as deck.gl)."""
    scale = 512 * 2**zoom
    lat_r = math.radians(max(min(lat, 85.0), -85.0))
    x = (lon + 180) / 360 * scale
    y = (1 - math.log(math.tan(lat_r) + 1 / math.cos(lat_r)) / math.pi) / 2 * scale
    return x, y


def declutter(df: pd.DataFrame, zoom: float, size_px: float = 12.0) -> pd.Series:
    """Which labels to draw at the initial zoom so that none overlaps another: the units with
    the most records first (greedy). Deck.gl's collision filter does not run in every browser
    Streamlit supports, so this is done here."""
    keep = pd.Series(False, index=df.index)
    boxes: list[tuple[float, float, float, float]] = []
    for i in df.sort_values(["selected", "n"], ascending=False).index:
        r = df.loc[i]
        x, y = _project(float(r["lon"]), float(r["lat"]), zoom)
        label = str(r["short_name"] if isinstance(r["short_name"], str) else r["name"])
        w = 0.58 * size_px * len(label) + 4
        top = y + float(r["radius_px"]) + 2
        box = (x - w / 2, top, x + w / 2, top + size_px + 3)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
            continue
        boxes.append(box)
        keep.loc[i] = True
    return keep


def _labels(df: pd.DataFrame, layer_id: str, zoom: float) -> pdk.Layer:
    d = df[declutter(df, zoom)] if len(df) else df
    d = d.assign(
        label=d["short_name"].fillna(d["name"]).astype(str),
        offset=[[0, float(r) + 3] for r in d["radius_px"]],
    )
    return pdk.Layer(
        "TextLayer",
        id=layer_id,
        data=_records(d, ["lon", "lat", "label", "offset"]),
        get_position=["lon", "lat"],
        get_text="label",
        get_size=12,
        size_units=PIXELS,
        get_color=[36, 41, 47, 230],
        get_pixel_offset="offset",
        get_alignment_baseline=pdk.types.String("top"),
        character_set=pdk.types.String("auto"),
        font_family=pdk.types.String("'Segoe UI', Roboto, Arial, sans-serif"),
        outline_width=2,
        outline_color=[255, 255, 255, 230],
        font_settings={"sdf": True},
        pickable=False,
    )


# --- the deck ------------------------------------------------------------------------------


def _style(map_style) -> dict:  # noqa: ANN001
    """Keyword arguments for pdk.Deck: no base map unless a style is configured."""
    style = settings.get("OVERSIGHT_MAP_STYLE") if map_style is _DEFAULT else map_style
    if not style:
        # map_provider None keeps pydeck's style sentinel, which Streamlit reads as "no base
        # map": nothing is fetched from the internet.
        return {"map_provider": None}
    provider = "mapbox" if str(style).startswith("mapbox://") else "carto"
    return {"map_provider": provider, "map_style": style}


def build(
    units: pd.DataFrame,
    lang: str = "vi",
    *,
    historical: bool | None = None,
    model_name: str | None = None,
    map_style=_DEFAULT,
    boundaries=_DEFAULT,  # noqa: ANN001
    labels: bool = True,
    height: int = 520,
    width_px: int = 900,
    view: pdk.ViewState | None = None,
    n_max: float | None = None,
    radius: tuple[float, float] = RADIUS_PX,
    prefix: str = "map",
) -> MapFigure:
    """The deck for one period's units (``queries.maps.map_units(...).units``).

    ``map_style`` / ``boundaries`` default to the settings OVERSIGHT_MAP_STYLE and
    OVERSIGHT_BOUNDARIES; ``view`` and ``n_max`` let two decks share a view and a size scale;
    ``radius`` bounds the bubbles (pixels), smaller for a compact map.
    """
    hist = (
        bool(historical)
        if historical is not None
        else bool(len(units) and units["valid_to"].notna().any())
    )
    df = prepare(units, lang, n_max=n_max, historical=hist, radius=radius)
    notes: list[str] = []
    shapes: dict[str, dict] = {}
    path = settings.get("OVERSIGHT_BOUNDARIES") if boundaries is _DEFAULT else boundaries
    if isinstance(path, dict):
        shapes = path
    elif path and not hist:  # boundaries are today's communes' (GSO codes reused since 2025)
        try:
            shapes = load_boundaries(path)
        except (OSError, ValueError) as exc:
            notes.append(t("map_boundaries_unreadable", lang, path=f"{path} ({exc})"))
    layers: list[pdk.Layer] = []
    has_shape = pd.Series(False, index=df.index)
    if shapes and not hist and len(df):
        has_shape = pd.Series(
            [
                _norm_code(g if isinstance(g, str) and g else c) in shapes
                for g, c in zip(df["gso_code"], df["code"], strict=True)
            ],
            index=df.index,
        )
        if has_shape.any():
            layers.append(_polygons(df[has_shape], shapes, f"{prefix}-units-poly"))
    if hist:
        layers.extend(_lineage(df, prefix))
    layers.append(_bubbles(df[~has_shape], f"{prefix}-units"))
    layers.append(_rings(df, f"{prefix}-rings"))
    view = view or view_state(df, width_px, height)
    if labels and len(df):
        layers.append(_labels(df, f"{prefix}-labels", float(view.zoom)))
    deck = pdk.Deck(
        layers=layers,
        initial_view_state=view,
        tooltip={
            "html": TOOLTIP_HTML,
            "style": {
                "backgroundColor": "#ffffff",
                "color": "#1f2328",
                "border": "1px solid #d0d7de",
                "borderRadius": "6px",
                "padding": "8px 10px",
                "boxShadow": "0 2px 8px rgba(0,0,0,.15)",
            },
        },
        height=height,
        **_style(map_style),
    )
    return MapFigure(
        deck,
        legend_entries(df, lang, historical=hist, model_name=model_name),
        notes,
        polygons=int(has_shape.sum()),
    )


# --- legend --------------------------------------------------------------------------------


def legend_entries(
    df: pd.DataFrame, lang: str = "vi", historical: bool = False, model_name: str | None = None
) -> list[dict]:
    """What the colours, rings and lines mean, for the data drawn: dicts with ``kind`` (dot,
    pale, hollow, ring, line, size), ``colour`` and ``label``."""
    if df.empty:
        return []
    if "category" not in df:
        df = prepare(df, lang, historical=historical)
    cats = set(df["category"])
    ind = df["indicator"].iloc[0]
    out: list[dict] = []
    has_target = df["target"].notna().any()
    for cat in ("good", "watch", "bad"):
        if cat in cats or has_target:
            # A yearly duty (dialogue conferences, models per commune) is met or not, not a
            # target: its own words where it has them.
            own = f"map_legend_{cat}_{ind}"
            label = t(own, lang) if t(own, lang) != own else t(f"map_legend_{cat}", lang)
            out.append(dict(kind="dot", colour=STATUS_COLOURS[cat], label=label))
    if "none" in cats:
        out.append(dict(kind="dot", colour=STATUS_COLOURS[None], label=t("map_legend_none", lang)))
    if df["few"].astype(bool).any():
        out.append(dict(kind="pale", colour=STATUS_COLOURS[None], label=t("map_legend_few", lang)))
    if "no_data" in cats:
        out.append(dict(kind="hollow", colour=NO_DATA, label=t("map_legend_no_data", lang)))
    if df["pilot"].astype(bool).any() or model_name:
        out.append(
            dict(
                kind="ring", colour=PILOT, label=t("map_legend_pilot", lang, model=model_name or "")
            )
        )
    if df["selected"].astype(bool).any():
        out.append(dict(kind="ring", colour=SELECTED, label=t("map_legend_selected", lang)))
    if historical and df["merged"].astype(bool).any():
        out.append(dict(kind="line", colour=LINEAGE, label=t("map_legend_lineage", lang)))
        out.append(dict(kind="ring", colour=TODAY, label=t("map_legend_today", lang)))
    out.append(dict(kind="size", colour=STATUS_COLOURS[None], label=t(f"map_size_{ind}", lang)))
    return out


def legend_html(entries: list[dict]) -> str:
    """The legend as a row of swatches (readable on a projector, no base map needed)."""
    items = []
    for e in entries:
        c = e["colour"]
        if e["kind"] == "dot":
            sw = f"background:{c};border:1px solid #fff;width:16px;height:16px;border-radius:50%"
        elif e["kind"] == "pale":
            sw = f"background:{c}33;border:2px solid {c};width:16px;height:16px;border-radius:50%"
        elif e["kind"] == "hollow":
            sw = f"background:#fff;border:2px solid {c};width:12px;height:12px;border-radius:50%"
        elif e["kind"] == "ring":
            sw = f"border:3px solid {c};width:16px;height:16px;border-radius:50%"
        elif e["kind"] == "line":
            sw = f"border-top:2px solid {c};width:22px;height:0"
        else:  # size: three bubbles, small to large
            sw = None
        if sw is None:
            swatch = "".join(
                f"<span style='display:inline-block;width:{s}px;height:{s}px;border-radius:50%;"
                f"background:{c}99;margin-right:2px;vertical-align:middle'></span>"
                for s in (8, 13, 20)
            )
        else:
            swatch = f"<span style='display:inline-block;vertical-align:middle;{sw}'></span>"
        items.append(
            f"<span style='display:inline-flex;align-items:center;gap:6px;"
            f"margin:2px 18px 2px 0;white-space:nowrap'>{swatch}"
            f"<span>{escape(e['label'])}</span></span>"
        )
    return (
        "<div class='map-legend' style='font-size:15px;line-height:1.9;display:flex;"
        "flex-wrap:wrap;align-items:center'>" + "".join(items) + "</div>"
    )


# --- selection -----------------------------------------------------------------------------


def selected_code(event) -> str | None:  # noqa: ANN001 - streamlit's PydeckState or a dict
    """The unit code of the clicked object in a ``st.pydeck_chart`` selection, if any."""
    if not event:
        return None
    sel = event.get("selection") if isinstance(event, dict) else getattr(event, "selection", None)
    if not sel:
        return None
    objects = sel.get("objects") if isinstance(sel, dict) else getattr(sel, "objects", None)
    for layer_id, objs in (objects or {}).items():
        if not str(layer_id).endswith(("-units", "-units-poly")):
            continue
        for obj in objs or []:
            code = obj.get("code") or (obj.get("properties") or {}).get("code")
            if code:
                return str(code)
    return None


# --- the table under the map ----------------------------------------------------------------

_ORDER = {"bad": 0, "watch": 1, "good": 2, "none": 3, "no_data": 4}


def table(
    units: pd.DataFrame,
    lang: str = "vi",
    historical: bool = False,
    compare: pd.DataFrame | None = None,
    compare_label: str | None = None,
) -> pd.DataFrame:
    """The numbers on the map as a table, worst first: the accessible twin of the map.
    ``code`` stays as a column for the drill-down (hide it when showing the table)."""
    df = prepare(units, lang, historical=historical)
    ind = df["indicator"].iloc[0] if len(df) else "on_time_rate"
    df = df.assign(_o=df["category"].map(_ORDER) if len(df) else [])
    df = df.sort_values(["_o", "value", "name"], na_position="last").reset_index(drop=True)
    out = pd.DataFrame({"code": df["code"], t("unit", lang): df["name"]})
    if historical:
        out[t("map_district", lang)] = df["parent_name"]
        out[t("map_now", lang)] = [
            c if m else ""
            for c, m in zip(df["current_name"], df["merged"].astype(bool), strict=True)
        ]
    out[t("map_ind_" + ind, lang)] = df["value_text"]
    out[t("map_count_" + ind, lang)] = df["n"].astype("int64")
    out[t("target", lang)] = df["target_text"]
    out[t("map_status", lang)] = df["status_text"]
    if compare is not None:
        other = dict(zip(compare["code"], compare["value"], strict=True))
        label = f"{t('map_ind_' + ind, lang)} – {compare_label or ''}".rstrip(" –")
        out[label] = [_fmt_value(other.get(c), ind, lang) for c in df["code"]]
    out[t("map_note", lang)] = [
        " · ".join(x for x in (t("this_unit", lang) if sel else "", note) if x)
        for sel, note in zip(df["selected"].astype(bool), df["tt_note"], strict=True)
    ]
    return out
