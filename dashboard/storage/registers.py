"""The reference registers a deployment needs before any data: loaded by ``oversight init-db``,
reported and refreshed by ``oversight registers``.

- ``units``: every unit of the country before and after the 2025 reorganisation (63 provinces
  with their districts and communes until 30/06/2025; 34 provinces and their communes from
  01/07/2025), with validity dates and lineage, from ``vietnamadminunits``
  (``dashboard.storage.unit_register``; codes as the package gives them, "L" + code before 2025);
- ``departments``: the sở, ban, ngành of every province (``register_data``);
- ``catalogue``: fields and procedures, with official procedure codes where known;
- ``models``: the reform models the source documents name (DOMAIN.md: Hồng Ngự, Hưng Yên's
  Dân vận khéo, Bình Lục, the 05T–05K campaign) with their criteria, so rollouts and criterion
  assessments can be imported into a database that holds nothing else;
- ``holidays``: public holidays and swapped days of the ``holidays`` package's Vietnam calendar
  (``dashboard.domain.workdays.default_calendar``) plus the announced swaps of
  ``register_data.DAY_SWAPS``.

Loading is idempotent and additive: what is missing is inserted, what changed is updated, and
nothing is deleted, so a refresh after a package update never touches imported records (they
refer to units, fields and procedures by id). Each register records its source and version in
``register_version``.
"""

from __future__ import annotations

import hashlib
import threading
from datetime import datetime

from sqlalchemy import Connection, bindparam, func, insert, inspect, select, update

from dashboard.storage import register_data as data
from dashboard.storage.schema import (
    admin_unit,
    department,
    field,
    holiday,
    model_criterion,
    procedure,
    reform_model,
    register_version,
)

REGISTERS = ("units", "departments", "catalogue", "models", "holidays")
MODELS_SOURCE = (
    "Mô hình trong tài liệu nguồn (QĐ 11578/QĐ-UBND Hồng Ngự; Dân vận khéo Hưng Yên 2023; "
    "Bình Lục, Hà Nam; KH 111/KH-UBND 05T–05K)"
)


class NotReady(RuntimeError):
    """The database is missing, empty or not migrated; the message says what to run."""


def load_registers(conn: Connection, only: tuple[str, ...] = REGISTERS) -> dict[str, dict]:
    """Load (or refresh) the registers; return per register {added, updated, rows}."""
    out = {}
    if "units" in only:
        out["units"] = _units(conn)
    if "departments" in only:
        out["departments"] = _departments(conn)
    if "catalogue" in only:
        out["catalogue"] = _catalogue(conn)
    if "models" in only:
        out["models"] = _models(conn)
    if "holidays" in only:
        out["holidays"] = _holidays(conn)
    from dashboard.storage.db import bump_data_version

    bump_data_version(conn)
    return out


def _record(conn: Connection, name: str, source: str, version: str, rows: int) -> None:
    now = datetime.now().replace(microsecond=0)
    values = dict(source=source[:300], version=version[:64], loaded_at=now, rows=rows)
    done = conn.execute(
        update(register_version).where(register_version.c.name == name).values(**values)
    )
    if done.rowcount == 0:
        conn.execute(insert(register_version).values(name=name, **values))


def _count(conn: Connection, table) -> int:  # noqa: ANN001
    return conn.execute(select(func.count()).select_from(table)).scalar_one()


def _units(conn: Connection) -> dict:
    from dashboard.storage.unit_register import (
        WHOLE_COUNTRY,
        build_unit_set,
        load_units_counted,
        package_version,
    )

    _ids, added, updated = load_units_counted(conn, build_unit_set(WHOLE_COUNTRY))
    rows = _count(conn, admin_unit)
    _record(
        conn,
        "units",
        "vietnamadminunits (trước và sau 01/7/2025, kế thừa theo bảng chuyển đổi 2025)",
        package_version(),
        rows,
    )
    return dict(added=added, updated=updated, rows=rows)


def _departments(conn: Connection) -> dict:
    provinces = conn.execute(
        select(admin_unit.c.id, admin_unit.c.valid_to).where(admin_unit.c.level == "province")
    ).all()
    have = {(u, n) for u, n in conn.execute(select(department.c.unit_id, department.c.name))}
    rows = []
    for pid, valid_to in provinces:
        names = data.DEPARTMENTS_CURRENT if valid_to is None else data.DEPARTMENTS_OLD
        rows += [dict(unit_id=pid, name=n) for n in names if (pid, n) not in have]
    _insert(conn, department, rows)
    total = _count(conn, department)
    version = _digest((data.DEPARTMENTS_CURRENT, data.DEPARTMENTS_OLD))
    _record(conn, "departments", data.DEPARTMENTS_SOURCE, version, total)
    return dict(added=len(rows), updated=0, rows=total)


def _catalogue(conn: Connection) -> dict:
    fields = {c: (i, vi, en) for i, c, vi, en in conn.execute(select(field))}
    added = updated = 0
    new_fields = []
    for code, vi, en in data.FIELDS:
        if code not in fields:
            new_fields.append(dict(code=code, name_vi=vi, name_en=en))
        elif fields[code][1:] != (vi, en):
            conn.execute(update(field).where(field.c.code == code).values(name_vi=vi, name_en=en))
            updated += 1
    _insert(conn, field, new_fields)
    added += len(new_fields)
    fid = dict(conn.execute(select(field.c.code, field.c.id)).all())
    have = {
        r.code: r
        for r in conn.execute(
            select(
                procedure.c.code,
                procedure.c.name,
                procedure.c.field_id,
                procedure.c.processing_days,
                procedure.c.official_code,
            )
        )
    }
    new_procs, changes = [], []
    for fcode, code, official, name, days in data.PROCEDURES:
        want = dict(name=name, field_id=fid[fcode], processing_days=days, official_code=official)
        cur = have.get(code)
        if cur is None:
            new_procs.append(dict(code=code, **want))
        elif (cur.name, cur.field_id, cur.processing_days, cur.official_code) != tuple(
            want.values()
        ):
            changes.append(dict(_code=code, **want))
    _insert(conn, procedure, new_procs)
    if changes:
        conn.execute(
            update(procedure)
            .where(procedure.c.code == bindparam("_code"))
            .values(
                {k: bindparam(k) for k in ("name", "field_id", "processing_days", "official_code")}
            ),
            changes,
        )
    added += len(new_procs)
    updated += len(changes)
    total = _count(conn, procedure)
    version = data.CATALOGUE_VERSION + "-" + _digest((data.FIELDS, data.PROCEDURES))
    _record(conn, "catalogue", data.CATALOGUE_SOURCE, version, total + _count(conn, field))
    return dict(added=added, updated=updated, rows=total)


def _models(conn: Connection) -> dict:
    """The models by code and their criteria by (model, code): new ones added, changed names and
    dates updated; a model or criterion a province added itself is left alone."""
    from sample_data.catalog import MODELS

    cols = ("name", "sponsor", "legal_basis", "decision_date", "planned_start", "planned_end")
    have = {r.code: r for r in conn.execute(select(reform_model))}
    new, changes = [], []
    for m in MODELS:
        want = {c: getattr(m, c) for c in cols} | {"description": m.description}
        cur = have.get(m.code)
        if cur is None:
            new.append(dict(code=m.code, **want))
        elif any(getattr(cur, k) != v for k, v in want.items()):
            changes.append(dict(_code=m.code, **want))
    _insert(conn, reform_model, new)
    if changes:
        conn.execute(
            update(reform_model)
            .where(reform_model.c.code == bindparam("_code"))
            .values({k: bindparam(k) for k in (*cols, "description")}),
            changes,
        )
    mid = dict(conn.execute(select(reform_model.c.code, reform_model.c.id)).all())
    crit = {
        (m, c): n
        for m, c, n in conn.execute(
            select(model_criterion.c.model_id, model_criterion.c.code, model_criterion.c.name)
        )
    }
    new_c, renamed = [], []
    for m in MODELS:
        for code, name in m.criteria:
            cur = crit.get((mid[m.code], code))
            if cur is None:
                new_c.append(dict(model_id=mid[m.code], code=code, name=name))
            elif cur != name:
                renamed.append(dict(_m=mid[m.code], _c=code, name=name))
    _insert(conn, model_criterion, new_c)
    if renamed:
        conn.execute(
            update(model_criterion)
            .where(
                model_criterion.c.model_id == bindparam("_m"),
                model_criterion.c.code == bindparam("_c"),
            )
            .values(name=bindparam("name")),
            renamed,
        )
    total = _count(conn, reform_model)
    version = _digest([(m.code, *(getattr(m, c) for c in cols), m.criteria) for m in MODELS])
    _record(conn, "models", MODELS_SOURCE, version, total)
    return dict(added=len(new) + len(new_c), updated=len(changes) + len(renamed), rows=total)


def _holidays(conn: Connection) -> dict:
    from importlib.metadata import version

    from dashboard.domain.workdays import default_calendar

    cal = default_calendar()
    pkg = f"holidays {version('holidays')}"
    want: dict = {}
    for d in sorted(cal.days_off):
        want[d] = ("day_off", cal.names.get(d, "Ngày nghỉ"), pkg)
    for d in sorted(cal.working_weekend_days):
        want[d] = ("working_day", cal.names.get(d, "Ngày làm bù"), pkg)
    for d, kind, name in data.DAY_SWAPS:  # the project's data wins over the package
        want[d] = (kind, name, "register_data.DAY_SWAPS")
    have = {
        r.day if not isinstance(r.day, str) else datetime.fromisoformat(r.day).date(): r
        for r in conn.execute(
            select(holiday.c.day, holiday.c.kind, holiday.c.name, holiday.c.source)
        )
    }
    rows, changes = [], []
    for d, (kind, name, source) in want.items():
        cur = have.get(d)
        if cur is None:
            rows.append(dict(day=d, kind=kind, name=name[:200], source=source))
        elif (cur.kind, cur.name, cur.source) != (kind, name[:200], source):
            changes.append(dict(_day=d, kind=kind, name=name[:200], source=source))
    _insert(conn, holiday, rows)
    if changes:
        conn.execute(
            update(holiday)
            .where(holiday.c.day == bindparam("_day"))
            .values(kind=bindparam("kind"), name=bindparam("name"), source=bindparam("source")),
            changes,
        )
    total = _count(conn, holiday)
    _record(
        conn,
        "holidays",
        f"{pkg} (Vietnam) + {data.DAY_SWAPS_SOURCE}",
        version("holidays") + "+" + _digest(data.DAY_SWAPS),
        total,
    )
    return dict(added=len(rows), updated=len(changes), rows=total)


def _insert(conn: Connection, table, rows: list[dict]) -> None:  # noqa: ANN001
    """Insert through the id sequence, or with ids past the largest when rows were written
    with explicit ids before (the sample data, fixtures)."""
    if not rows:
        return
    from dashboard.importers.core import sync_id_sequence

    start = sync_id_sequence(conn, table)
    if start is not None:
        rows = [{"id": start + i, **r} for i, r in enumerate(rows)]
    for i in range(0, len(rows), 2000):
        conn.execute(insert(table), rows[i : i + 2000])


def _digest(obj) -> str:  # noqa: ANN001
    return hashlib.sha256(repr(obj).encode()).hexdigest()[:10]


# The source of the calendar this register gives (``calendar``); the pages name it in their
# language (dashboard.web.due_soon_section).
HOLIDAY_REGISTER = "holiday register"


def calendar(conn: Connection):  # noqa: ANN201
    """The working-day calendar as the holiday register holds it (the package's default when
    the register is empty)."""
    from dashboard.domain.workdays import WorkCalendar, default_calendar

    rows = conn.execute(select(holiday.c.day, holiday.c.kind, holiday.c.name)).all()
    if not rows:
        return default_calendar()

    def d(v):  # noqa: ANN001, ANN202
        return v if not isinstance(v, str) else datetime.fromisoformat(v).date()

    cal = WorkCalendar(
        days_off=frozenset(d(r.day) for r in rows if r.kind == "day_off"),
        working_weekend_days=frozenset(d(r.day) for r in rows if r.kind == "working_day"),
        names={d(r.day): r.name for r in rows},
        source=HOLIDAY_REGISTER,
    )
    # The same register gives the same calendar object back, with its numpy form built
    # once: every page that counts deadlines reads the calendar, several times.
    with _calendars_lock:
        kept = _calendars.get(cal)
        if kept is not None and dict(kept.names) == dict(cal.names):
            return kept
        if len(_calendars) >= 8:
            _calendars.clear()
        _calendars[cal] = cal
    return cal


_calendars: dict = {}
_calendars_lock = threading.Lock()


def status(conn: Connection) -> list[dict]:
    """Each register: what it holds now, its source, version and when it was loaded."""
    loaded = {r.name: r for r in conn.execute(select(register_version))}
    counts = {
        "units": _count(conn, admin_unit),
        "departments": _count(conn, department),
        "catalogue": _count(conn, procedure),
        "models": _count(conn, reform_model),
        "holidays": _count(conn, holiday),
    }
    out = []
    for name in REGISTERS:
        r = loaded.get(name)
        out.append(
            dict(
                register=name,
                rows=counts[name],
                source=r.source if r else "–",
                version=r.version if r else "–",
                loaded_at=str(r.loaded_at)[:16] if r else "–",
            )
        )
    return out


def check_ready(engine) -> None:  # noqa: ANN001 - an Engine
    """Raise NotReady (one line: what to run) when the database is missing, not migrated,
    or has no unit register."""
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        from pathlib import Path

        if not Path(url.database).exists():
            raise NotReady(f"no database at {url.database}: run `oversight init-db`")
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        if "alembic_version" not in tables or "admin_unit" not in tables:
            raise NotReady("the database has no schema yet: run `oversight init-db`")
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        from dashboard.storage.db import alembic_config

        heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
        current = set(MigrationContext.configure(conn).get_current_heads())
        if current != heads:
            raise NotReady(
                "the database schema is older than this version: run `oversight init-db`"
            )
        if conn.execute(select(func.count()).select_from(admin_unit)).scalar_one() == 0:
            raise NotReady("the database has no units loaded: run `oversight init-db`")
