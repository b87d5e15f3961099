"""Per-unit figures for the map: one row per commune, where it is, and how it stands.

Grain: one row per commune of the scope's province (the peers of ``queries.on_time.league``):
- current view: today's communes (``valid_to`` NULL); records roll up to them through the
  lineage, as everywhere else;
- historical view: the communes as they were that existed at some time during the period, plus
  any other commune of the province holding records in it. Each row carries today's unit it
  went into (``current_code``, ``current_name``, ``current_lat``/``current_lon``), so the map
  can say "nay thuộc …" and draw a line from the old centroid to the new one.

Indicators (the figures come from the subject modules; no SQL of theirs is repeated here):
- ``on_time_rate``  queries.on_time.counts(by="unit"): value = on-time rate, n = resolved;
- ``online_share``  same counts: value = online share, n = received;
- ``pending_overdue`` queries.on_time.backlog(period end, by="unit"): value = pending overdue,
  n = pending total; no target exists, so no status;
- ``satisfaction_rate`` queries.satisfaction.counts(by="unit"): n = responses;
- ``dialogue_sessions`` queries.dialogue.compliance(year of the period's end, as of its end):
  value = sessions held from 1 January, target = sessions required (at least one conference,
  Law 10/2022 Art. 32), status as that module rules it;
- ``rollouts`` queries.rollout.compliance(year): value = distinct models active during the year,
  target = the models_per_unit target when one is set.
Rate targets are ``queries.targets.target_for`` per unit for the year of the period's end
(a commune's own target, else its predecessors', else its province's), status by
``queries.targets.status`` with the records behind each rate (``bad`` only past the rate's
own 95 % interval). ``few``: fewer records than OVERSIGHT_MIN_DOSSIERS (dossier indicators) or
OVERSIGHT_MIN_RESPONSES (satisfaction): shown, status ``few`` (grey), not read as certain.

Units without coordinates cannot be drawn: they are left out of ``units`` and counted in
``missing_coords`` (names in ``missing_names``) so the page can say so.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field, replace

import pandas as pd
from sqlalchemy import Connection

from dashboard.domain.periods import Period
from dashboard.domain.status import status_of
from dashboard.storage import settings
from queries import targets as targets_q
from queries.on_time import backlog, peer_root
from queries.on_time import counts as on_time_counts
from queries.units import Scope, from_units, get_unit, recorded_unit_ids

# indicator -> (module, function) it needs; an indicator whose source is missing is not offered.
SOURCES: dict[str, tuple[str, str]] = {
    "on_time_rate": ("queries.on_time", "counts"),
    "online_share": ("queries.on_time", "counts"),
    "pending_overdue": ("queries.on_time", "backlog"),
    "satisfaction_rate": ("queries.satisfaction", "counts"),
    "dialogue_sessions": ("queries.dialogue", "compliance"),
    "rollouts": ("queries.rollout", "compliance"),
}
INDICATORS: tuple[str, ...] = tuple(SOURCES)
RATE_INDICATORS = ("on_time_rate", "online_share", "satisfaction_rate")

UNIT_COLUMNS = [
    "unit_id",
    "code",
    "gso_code",
    "name",
    "short_name",
    "level",
    "parent_name",
    "lat",
    "lon",
    "valid_to",
    "current_code",
    "current_name",
    "current_lat",
    "current_lon",
    "merged",
    "indicator",
    "value",
    "n",
    "target",
    "watch_margin",
    "status",
    "few",
    "selected",
    "pilot",
    "pilot_stage",
]


@dataclass(frozen=True)
class MapData:
    """What the map draws: ``units`` (with coordinates) and how many could not be drawn."""

    indicator: str
    units: pd.DataFrame
    missing_coords: int = 0
    missing_names: tuple[str, ...] = field(default_factory=tuple)
    model_code: str | None = None
    historical: bool = False


def available(indicators: tuple[str, ...] = INDICATORS) -> list[str]:
    """The indicators whose source function exists (other modules may still be in the works)."""
    out = []
    for ind in indicators:
        mod_name, func = SOURCES[ind]
        try:
            mod = importlib.import_module(mod_name)
        except ImportError:
            continue
        if callable(getattr(mod, func, None)):
            out.append(ind)
    return out


def indicators(conn: Connection) -> list[str]:
    """``available()`` in the shape of a query (``ui.q("maps.indicators")``)."""
    return available()


# --- units --------------------------------------------------------------------------------


def _units(conn: Connection) -> pd.DataFrame:
    """Every unit with its parent's name and today's unit (name and coordinates), made from
    the unit list every query shares once per version of the register, not once a map.
    Shared: read only."""
    return from_units(conn, _unit_frame)


def _unit_frame(u: pd.DataFrame) -> pd.DataFrame:
    lat = dict(zip(u["id"], u["lat"], strict=True))
    lon = dict(zip(u["id"], u["lon"], strict=True))
    cur = u["current_unit_id"]
    return pd.DataFrame(
        {
            "unit_id": u["id"].astype("int64"),
            "code": u["code"],
            "gso_code": u["gso_code"],
            "name": u["name"],
            "short_name": u["short_name"],
            "level": u["level"],
            "valid_from": pd.to_datetime(u["valid_from"]),
            "valid_to": pd.to_datetime(u["valid_to"]),
            "lat": pd.to_numeric(u["lat"]).astype("float64"),
            "lon": pd.to_numeric(u["lon"]).astype("float64"),
            "parent_name": u["parent_name"],
            "current_code": u["current_code"],
            "current_name": u["current_name"],
            "current_lat": pd.to_numeric(cur.map(lat)).astype("float64"),
            "current_lon": pd.to_numeric(cur.map(lon)).astype("float64"),
        }
    )


def _communes(
    conn: Connection, units: pd.DataFrame, root: str | None, historical: bool, period: Period
) -> pd.DataFrame:
    """The communes a map of the province shows (module docstring); ``active``: valid at some
    time during the period (historical view) or today's (current view)."""
    ids = set(recorded_unit_ids(conn, root, historical))
    # The scope's few hundred units first, then their level: comparing the text of all
    # 14,146 units of the national register took ~1.5 ms a map.
    c = units[units["unit_id"].isin(ids).to_numpy()]
    c = c[(c["level"] == "commune").to_numpy()].copy()
    if historical:
        start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
        c["active"] = (c["valid_from"] <= end) & (c["valid_to"].isna() | (c["valid_to"] >= start))
    else:
        c = c[c["valid_to"].isna()]
        c["active"] = True
    return c


# --- the figures per indicator -------------------------------------------------------------


def _empty_figures() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_id": pd.Series([], dtype="int64"),
            "value": pd.Series([], dtype="float64"),
            "n": pd.Series([], dtype="int64"),
        }
    )


def _on_time(conn, period, peers, col, ncol):  # noqa: ANN001
    df = on_time_counts(conn, period, peers, by="unit")
    if df.empty:
        return _empty_figures()
    return pd.DataFrame(
        {
            "unit_id": df["unit_id"].astype("int64"),
            "value": df[col].astype("float64"),
            "n": df[ncol].astype("int64"),
        }
    )


def _pending(conn, period, peers):  # noqa: ANN001
    df = backlog(conn, period.end, peers, by="unit")
    if df.empty:
        return _empty_figures()
    return pd.DataFrame(
        {
            "unit_id": df["unit_id"].astype("int64"),
            "value": df["pending_overdue"].astype("float64"),
            "n": df["pending_total"].astype("int64"),
        }
    )


def _satisfaction(conn, period, peers):  # noqa: ANN001
    from queries import satisfaction

    df = satisfaction.counts(conn, period, peers, by="unit")
    if df.empty:
        return _empty_figures()
    return pd.DataFrame(
        {
            "unit_id": df["unit_id"].astype("int64"),
            "value": df["satisfaction_rate"].astype("float64"),
            "n": df["responses"].astype("int64"),
        }
    )


def _dialogue(conn, period, peers):  # noqa: ANN001
    from queries import dialogue

    df = dialogue.compliance(conn, period.end.year, peers, as_of=period.end)
    out = pd.DataFrame(
        {
            "unit_id": df["unit_id"].astype("int64"),
            "value": df["sessions"].astype("float64"),
            "n": df["sessions"].astype("int64"),
            "target": pd.to_numeric(df["required"]).astype("float64"),
            "watch_margin": 0.0,
            "status": df["status"].astype(object),
        }
    )
    return out


def _rollouts(conn, period, peers, units):  # noqa: ANN001
    from queries import rollout

    comp = rollout.compliance(conn, period.end.year, peers)
    df = comp.communes
    ids = dict(zip(units["code"], units["unit_id"], strict=True))
    target = comp.required if comp.target_set else None
    return pd.DataFrame(
        {
            "unit_id": [int(ids[c]) for c in df["code"]],
            "value": df["n_models"].astype("float64").to_numpy(),
            "n": df["n_models"].astype("int64").to_numpy(),
            "target": float("nan") if target is None else float(target),
            "watch_margin": 0.0,
            "status": [
                status_of(float(v), target) if target is not None else None for v in df["n_models"]
            ],
        }
    )


def _rate_targets(
    conn: Connection, metric: str, codes: list[str], year: int
) -> dict[str, targets_q.Target | None]:
    return targets_q.targets_for(conn, metric, codes, year)


def _pilots(conn: Connection, period: Period, peers: Scope, model_code: str) -> dict[str, str]:
    """unit code (of the view) -> furthest stage of the model there at the period's end."""
    from queries import rollout

    m = rollout.matrix(conn, period.end, peers, model_code)
    return dict(zip(m["unit_code"], m["stage"], strict=True))


def map_units(
    conn: Connection,
    period: Period,
    scope: Scope,
    indicator: str = "on_time_rate",
    model_code: str | None = None,
) -> MapData:
    """The communes of the scope's province with one indicator, for the map (module doc)."""
    if indicator not in SOURCES:
        raise ValueError(f"indicator must be one of {INDICATORS}")
    root = peer_root(conn, scope)
    peers = replace(scope, unit_code=root)
    units = _units(conn)
    base = _communes(conn, units, root, scope.historical, period)
    if indicator in ("on_time_rate", "online_share"):
        ncol = "resolved" if indicator == "on_time_rate" else "received"
        fig = _on_time(conn, period, peers, indicator, ncol)
    elif indicator == "pending_overdue":
        fig = _pending(conn, period, peers)
    elif indicator == "satisfaction_rate":
        fig = _satisfaction(conn, period, peers)
    elif indicator == "dialogue_sessions":
        fig = _dialogue(conn, period, peers)
    else:
        fig = _rollouts(conn, period, peers, units)
    df = base.merge(fig, on="unit_id", how="left")
    df["n"] = df["n"].fillna(0).astype("int64")
    if indicator == "pending_overdue":
        df["value"] = df["value"].fillna(0.0)
    df = df[df["active"] | (df["n"] > 0)].drop(columns=["active", "valid_from"])
    # Targets and status.
    year = period.end.year
    if indicator in RATE_INDICATORS:
        tmap = _rate_targets(conn, indicator, df["code"].tolist(), year)
        df["target"] = [tmap[c].value if tmap[c] else float("nan") for c in df["code"]]
        df["watch_margin"] = [tmap[c].watch_margin if tmap[c] else 0.0 for c in df["code"]]
        min_n = int(
            settings.get(
                "OVERSIGHT_MIN_RESPONSES"
                if indicator == "satisfaction_rate"
                else "OVERSIGHT_MIN_DOSSIERS"
            )
        )
        # Few records: grey ("few"), never coloured; "bad" only past the figure's own noise.
        df["status"] = [
            targets_q.status(None if pd.isna(v) else float(v), tmap[c], n=int(k), min_n=min_n)
            for c, v, k in zip(df["code"], df["value"], df["n"], strict=True)
        ]
        df["few"] = (df["n"] > 0) & (df["n"] < min_n)
    else:
        for c, default in (("target", float("nan")), ("watch_margin", 0.0), ("status", None)):
            if c not in df:
                df[c] = default
        df["few"] = False
    df["target"] = pd.to_numeric(df["target"]).astype("float64")
    df["status"] = df["status"].astype(object).where(df["status"].notna(), None)
    df["indicator"] = indicator
    df["merged"] = df["current_code"].notna() & (df["current_code"] != df["code"])
    df["selected"] = df["code"] == _selected_code(conn, scope, units)
    pilots = _pilots(conn, period, peers, model_code) if model_code else {}
    df["pilot"] = df["code"].isin(list(pilots))
    df["pilot_stage"] = [pilots.get(c) for c in df["code"]]
    df = df.sort_values(["name", "code"])
    no_xy = df["lat"].isna() | df["lon"].isna()
    missing = tuple(df.loc[no_xy, "name"])
    df = df[~no_xy].reset_index(drop=True)[UNIT_COLUMNS]
    return MapData(
        indicator=indicator,
        units=df,
        missing_coords=len(missing),
        missing_names=missing,
        model_code=model_code,
        historical=scope.historical,
    )


def _selected_code(conn: Connection, scope: Scope, units: pd.DataFrame) -> str | None:
    """The commune the scope is about, as the view shows it (an old code in the current view
    stands for today's unit it went into)."""
    if scope.unit_code is None:
        return None
    u = get_unit(conn, scope.unit_code)
    if u.level != "commune":
        return None
    if not scope.historical and u.valid_to is not None and u.current_unit_id:
        row = units[units["unit_id"] == u.current_unit_id]
        return row["code"].iloc[0] if len(row) else None
    return u.code


def models(conn: Connection) -> pd.DataFrame:
    """Reform models to highlight (code, name), from queries.rollout when it offers them."""
    try:
        from queries import rollout
    except ImportError:
        return pd.DataFrame(columns=["code", "name"])
    fn = getattr(rollout, "models", None)
    return fn(conn) if callable(fn) else pd.DataFrame(columns=["code", "name"])
