"""Administrative units and their lineage, loaded from the ``vietnamadminunits`` package.

The package ships the pre-July-2025 list (``admin_units_legacy``: province → district →
commune with GSO codes and coordinates), the current two-tier list (``admin_units``) and the
2025 old→new conversion (``converter_2025.json``). Nothing here is typed by hand except the two
2023 Hưng Yên pilot communes that had already been merged before the pre-2025 list was taken;
the package records them as aliases (``wardAlias``) of their successors.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from importlib import resources

from sqlalchemy import Connection, insert, select, update

from dashboard.storage.schema import admin_unit, unit_lineage

MERGER_2025 = date(2025, 7, 1)
LAST_DAY_BEFORE_2025 = date(2025, 6, 30)
EARLIEST = date(2000, 1, 1)
SOURCE_2025 = "Nghị quyết của UBTVQH về sắp xếp ĐVHC cấp xã năm 2025 (hiệu lực 01/7/2025)"
SOURCE_2025_PROVINCE = "Nghị quyết 202/2025/QH15 về sắp xếp ĐVHC cấp tỉnh (hiệu lực 12/6/2025)"

# Pilot communes merged in the 2023–2025 round, before the package's pre-2025 list. The
# package lists them as aliases of their successors (wardAlias). Date and resolution: NQ
# 1251/NQ-UBTVQH15 of 24/10/2024 on Hưng Yên's units, in force 01/12/2024.
MERGED_2024 = date(2024, 12, 1)
SOURCE_2024_HY = "Nghị quyết 1251/NQ-UBTVQH15 (24/10/2024), sắp xếp ĐVHC tỉnh Hưng Yên 2023–2025"
VANISHED_PILOTS = (
    # code, name, short name, type, district key, successor ward key, alias key
    (
        "HY-QUANGTRUNG",
        "Phường Quang Trung",
        "Quang Trung",
        "Phường",
        "thanhphohungyen",
        "phuongleloi",
        "phuongquangtrung",
    ),
    (
        "HY-TRUNGHUNG",
        "Xã Trung Hưng",
        "Trung Hưng",
        "Xã",
        "huyenyenmy",
        "thitranyenmy",
        "xatrunghung",
    ),
)


@dataclass(frozen=True)
class Scope:
    """Which part of the country: whole current provinces and old districts (the sample
    data's default), or None for all of them (``WHOLE_COUNTRY``, what init-db loads)."""

    current_provinces: tuple[str, ...] | None = ("tinhhungyen",)
    # (old province key, old district key): their communes and today's successors.
    legacy_districts: tuple[tuple[str, str], ...] | None = (
        ("tinhdongthap", "thanhphohongngu"),
        ("tinhdongthap", "huyenhongngu"),
        ("tinhhanam", "huyenbinhluc"),
    )


WHOLE_COUNTRY = Scope(current_provinces=None, legacy_districts=None)
SAMPLE = Scope()


def package_version() -> str:
    from importlib.metadata import version

    return version("vietnamadminunits")


@dataclass
class UnitSet:
    """Rows ready to insert: units keyed by code, and lineage edges between codes."""

    units: dict[str, dict] = field(default_factory=dict)
    edges: list[dict] = field(default_factory=list)


def _dataset() -> sqlite3.Connection:
    path = resources.files("vietnamadminunits") / "data" / "dataset.db"
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def _converter() -> dict:
    path = resources.files("vietnamadminunits") / "data" / "converter_2025.json"
    return json.loads(path.read_text(encoding="utf-8"))


def build_unit_set(scope: Scope = Scope()) -> UnitSet:
    """Select the units of ``scope`` with all predecessors and successors across 2025."""
    ds = _dataset()
    conv = _converter()
    legacy = [dict(r) for r in ds.execute("select * from admin_units_legacy")]
    current = [dict(r) for r in ds.execute("select * from admin_units")]
    legacy_by_key = {
        f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}": r for r in legacy if r["wardKey"]
    }
    current_by_key = {(r["provinceKey"], r["wardKey"]): r for r in current}

    # old commune key -> [(new province key, new ward key, weight, is_primary)]
    old_to_new: dict[str, list[tuple[str, str, float, bool]]] = {}
    for new_prov, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, olds in wards.items():
            for old in olds:
                old_to_new.setdefault(old, []).append((new_prov, new_ward, 1.0, True))
    for new_prov, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, parts in olds.items():
            share = 1.0 / len(parts)
            old_to_new[old] = [
                (new_prov, p["newWardKey"], share, bool(p["isDefaultNewWard"])) for p in parts
            ]
    new_to_old: dict[tuple[str, str], list[str]] = {}
    for old, news in old_to_new.items():
        for new_prov, new_ward, _w, _p in news:
            new_to_old.setdefault((new_prov, new_ward), []).append(old)

    # 1. The current communes in scope.
    whole = scope.current_provinces is None and scope.legacy_districts is None
    wanted_new: set[tuple[str, str]] = {
        k for k in current_by_key if whole or k[0] in (scope.current_provinces or ())
    }
    for old_key, row in legacy_by_key.items():
        if (row["provinceKey"], row["districtKey"]) in (scope.legacy_districts or ()):
            wanted_new.update((p, w) for p, w, _x, _y in old_to_new.get(old_key, []))
    wanted_new = {k for k in wanted_new if k in current_by_key}
    # 2. Every old commune that went (wholly or partly) into one of them (all of them for
    # the whole country, including any the conversion table does not map).
    wanted_old = {o for k in wanted_new for o in new_to_old.get(k, []) if o in legacy_by_key}
    if whole:
        wanted_old = set(legacy_by_key)

    out = UnitSet()
    # Current provinces and communes.
    for pk, wk in sorted(wanted_new):
        r = current_by_key[(pk, wk)]
        pcode = r["provinceCode"]
        if pcode not in out.units:
            out.units[pcode] = dict(
                code=pcode,
                gso_code=pcode,
                name=r["province"],
                short_name=r["provinceShort"],
                level="province",
                unit_type="Tỉnh" if r["province"].startswith("Tỉnh") else "Thành phố",
                parent=None,
                valid_from=MERGER_2025,
                valid_to=None,
                lat=r["provinceLat"],
                lon=r["provinceLon"],
                area_km2=None,
            )
        out.units[r["wardCode"]] = dict(
            code=r["wardCode"],
            gso_code=r["wardCode"],
            name=r["ward"],
            short_name=r["wardShort"],
            level="commune",
            unit_type=r["wardType"],
            parent=pcode,
            valid_from=MERGER_2025,
            valid_to=None,
            lat=r["wardLat"],
            lon=r["wardLon"],
            area_km2=r["wardAreaKm2"],
        )
    # Old provinces, districts and communes, valid until 30/06/2025.
    province_edges: set[tuple[str, str]] = set()
    for old_key in sorted(wanted_old):
        r = legacy_by_key[old_key]
        pcode, dcode, wcode = "L" + r["provinceCode"], "L" + r["districtCode"], "L" + r["wardCode"]
        if pcode not in out.units:
            out.units[pcode] = dict(
                code=pcode,
                gso_code=r["provinceCode"],
                name=r["province"],
                short_name=r["provinceShort"],
                level="province",
                unit_type="Tỉnh" if r["province"].startswith("Tỉnh") else "Thành phố",
                parent=None,
                valid_from=EARLIEST,
                valid_to=LAST_DAY_BEFORE_2025,
                lat=r["provinceLat"],
                lon=r["provinceLon"],
                area_km2=None,
            )
        if dcode not in out.units:
            out.units[dcode] = dict(
                code=dcode,
                gso_code=r["districtCode"],
                name=r["district"],
                short_name=r["districtShort"],
                level="district",
                unit_type=r["districtType"],
                parent=pcode,
                valid_from=EARLIEST,
                valid_to=LAST_DAY_BEFORE_2025,
                lat=r["districtLat"],
                lon=r["districtLon"],
                area_km2=None,
            )
        out.units[wcode] = dict(
            code=wcode,
            gso_code=r["wardCode"],
            name=r["ward"],
            short_name=r["wardShort"],
            level="commune",
            unit_type=r["wardType"],
            parent=dcode,
            valid_from=EARLIEST,
            valid_to=LAST_DAY_BEFORE_2025,
            lat=r["wardLat"],
            lon=r["wardLon"],
            area_km2=None,
        )
        for new_prov, new_ward, weight, primary in old_to_new.get(old_key, []):
            new = current_by_key.get((new_prov, new_ward))
            if new is None or (new_prov, new_ward) not in wanted_new:
                continue
            out.edges.append(
                dict(
                    predecessor=wcode,
                    successor=new["wardCode"],
                    effective_date=MERGER_2025,
                    legal_source=SOURCE_2025,
                    weight=weight,
                    is_primary=primary,
                )
            )
            if (pcode, new["provinceCode"]) not in province_edges:
                province_edges.add((pcode, new["provinceCode"]))
                out.edges.append(
                    dict(
                        predecessor=pcode,
                        successor=new["provinceCode"],
                        effective_date=MERGER_2025,
                        legal_source=SOURCE_2025_PROVINCE,
                        weight=1.0,
                        is_primary=True,
                    )
                )

    # The two pilot communes merged in 2024, from the package's aliases.
    for code, name, short, utype, dkey, succ_key, alias in VANISHED_PILOTS:
        succ = next(
            (
                r
                for r in legacy
                if r["provinceKey"] == "tinhhungyen"
                and r["districtKey"] == dkey
                and r["wardKey"] == succ_key
                and alias in json.loads(r["wardAlias"] or "[]")
            ),
            None,
        )
        if succ is None or "L" + succ["wardCode"] not in out.units:
            raise LookupError(f"vietnamadminunits no longer lists {alias} under {succ_key}")
        scode = "L" + succ["wardCode"]
        out.units[code] = dict(
            code=code,
            gso_code=None,
            name=name,
            short_name=short,
            level="commune",
            unit_type=utype,
            parent="L" + succ["districtCode"],
            valid_from=EARLIEST,
            valid_to=date(2024, 11, 30),
            lat=succ["wardLat"],
            lon=succ["wardLon"],
            area_km2=None,
        )
        out.edges.append(
            dict(
                predecessor=code,
                successor=scode,
                effective_date=MERGED_2024,
                legal_source=SOURCE_2024_HY,
                weight=1.0,
                is_primary=True,
            )
        )
    return out


def load_units(conn: Connection, unit_set: UnitSet) -> dict[str, int]:
    """Insert units (parents first) and lineage that are not there yet, and bring the names,
    types, coordinates and validity of the ones that are up to date (a package update);
    never delete a unit (records may be filed under it). Return code → id."""
    return load_units_counted(conn, unit_set)[0]


_UNIT_COLUMNS = (
    "gso_code",
    "name",
    "short_name",
    "level",
    "unit_type",
    "valid_from",
    "valid_to",
    "lat",
    "lon",
    "area_km2",
)


def load_units_counted(conn: Connection, unit_set: UnitSet) -> tuple[dict[str, int], int, int]:
    """``load_units``, and how many units it added and updated."""
    from sqlalchemy import bindparam, func

    have = {
        r.code: r
        for r in conn.execute(
            select(admin_unit.c.id, admin_unit.c.code, *[admin_unit.c[c] for c in _UNIT_COLUMNS])
        )
    }
    ids: dict[str, int] = {code: r.id for code, r in have.items()}
    next_id = (conn.execute(select(func.max(admin_unit.c.id))).scalar() or 0) + 1
    order = {"province": 0, "district": 1, "commune": 2}
    added, changes = 0, []
    for level in (0, 1, 2):
        rows = []
        for u in sorted(unit_set.units.values(), key=lambda u: u["code"]):
            if order[u["level"]] != level:
                continue
            if u["code"] in ids:
                cur = have.get(u["code"])
                if cur is not None:
                    diff = {
                        c: u[c] for c in _UNIT_COLUMNS if not _same_value(getattr(cur, c), u[c])
                    }
                    if diff:
                        changes.append({"_id": cur.id, **{c: u[c] for c in _UNIT_COLUMNS}})
                continue
            row = {k: v for k, v in u.items() if k != "parent"}
            row["parent_id"] = ids[u["parent"]] if u["parent"] else None
            row["id"] = next_id
            ids[u["code"]] = next_id
            next_id += 1
            rows.append(row)
        for i in range(0, len(rows), 2000):
            conn.execute(insert(admin_unit), rows[i : i + 2000])
        added += len(rows)
    if changes:
        stmt = (
            update(admin_unit)
            .where(admin_unit.c.id == bindparam("_id"))
            .values({c: bindparam(c) for c in _UNIT_COLUMNS})
        )
        conn.execute(stmt, changes)
    existing = set(conn.execute(select(unit_lineage.c.predecessor_id, unit_lineage.c.successor_id)))
    rows = []
    for e in unit_set.edges:
        pair = (ids[e["predecessor"]], ids[e["successor"]])
        if pair in existing:
            continue
        existing.add(pair)
        rows.append(
            dict(
                predecessor_id=pair[0],
                successor_id=pair[1],
                effective_date=e["effective_date"],
                legal_source=e["legal_source"],
                weight=e["weight"],
                is_primary=e["is_primary"],
            )
        )
    for i in range(0, len(rows), 2000):
        conn.execute(insert(unit_lineage), rows[i : i + 2000])
    if conn.dialect.name == "postgresql" and added:
        from dashboard.storage.db import sync_sequences

        sync_sequences(conn)
    refresh_current_units(conn)
    return ids, added, len(changes)


def _same_value(a, b) -> bool:  # noqa: ANN001
    if a == b:
        return True
    if a is None or b is None:
        return False
    if isinstance(a, float) or isinstance(b, float):
        return abs(float(a) - float(b)) < 1e-9
    return str(a)[:10] == str(b)[:10]


def refresh_current_units(conn: Connection) -> None:
    """Set ``admin_unit.current_unit_id`` by following primary lineage edges to a unit
    that is still valid (``valid_to`` is NULL). Chains such as Quang Trung → Lê Lợi (2024)
    → Phường Sơn Nam (2025) are followed to the end. Only rows that change are written."""
    from sqlalchemy import bindparam

    succ = {
        p: s
        for p, s in conn.execute(
            select(unit_lineage.c.predecessor_id, unit_lineage.c.successor_id).where(
                unit_lineage.c.is_primary.is_(True)
            )
        )
    }
    changes = []
    for uid, valid_to, now in conn.execute(
        select(admin_unit.c.id, admin_unit.c.valid_to, admin_unit.c.current_unit_id)
    ).all():
        cur, seen = uid, set()
        while cur in succ and cur not in seen:
            seen.add(cur)
            cur = succ[cur]
        want = cur if (valid_to is None or cur != uid) else None
        if want != now:
            changes.append({"_id": uid, "cu": want})
    if changes:
        conn.execute(
            update(admin_unit)
            .where(admin_unit.c.id == bindparam("_id"))
            .values(current_unit_id=bindparam("cu")),
            changes,
        )
