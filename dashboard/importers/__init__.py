"""Getting real data in: imports that validate every row and lose nothing.

One module per kind of file (``KINDS``); ``run_import`` is the single entry point the CLI
(``oversight import``) and the page (pages/imports.py) call:

1. read the file (CSV in UTF-8 with or without BOM, or XLSX); an unreadable file is one
   problem, never a traceback;
2. validate every row; each problem has a row number, column, value and a reason in Vietnamese
   and English (labels ``imp_p_*``);
3. in one transaction: nothing is written when any row has an error, unless ``valid_only``;
   ``dry_run`` rolls everything back; records are upserted on their natural keys, so
   importing the same file again changes nothing and a newer export updates;
4. record the batch in ``import_batch`` and rebuild the rollups from the earliest month touched.

Columns that carry personal data (names, ID numbers, phone numbers, addresses) are never read.
See docs/IMPORTS.md for the accepted columns of each kind.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice

import pandas as pd
from sqlalchemy import Connection, Engine, delete, select, update
from sqlalchemy.exc import SQLAlchemyError

from dashboard.access import audit
from dashboard.domain.escape import cell, xlsx_text
from dashboard.i18n import t
from dashboard.importers import (
    dialogue,
    dossiers,
    index766,
    report,
    rollout,
    satisfaction,
    targets,
)
from dashboard.importers.core import (
    ERROR,
    MAX_FILE_BYTES,
    NOTE,
    WARNING,
    Col,
    Context,
    Fatal,
    MappingError,
    Problem,
    Progress,
    Source,
    Written,
    insert_row,
    load_mapping,
    open_book,
    today,
)
from dashboard.storage.schema import (
    commune_service,
    criterion_assessment,
    dialogue_session,
    dossier,
    import_batch,
    index766_official,
    pakn,
    petition,
    report_row,
    satisfaction_response,
    target,
    unit_procedure,
)
from dashboard.storage.schema import (
    rollout as rollout_table,
)

__all__ = [
    "MAX_FILE_BYTES",
    "Source",
    "KINDS",
    "ImportResult",
    "Progress",
    "MappingError",
    "Problem",
    "import_engine",
    "load_mapping",
    "recent_batches",
    "batches_frame",
    "run_import",
    "template",
    "today",
    "problems_frame",
]


@dataclass(frozen=True)
class Kind:
    name: str
    columns: list[Col]
    template_columns: list[str]
    examples: list[dict]
    validate: Callable
    write: Callable
    data_until: Callable
    tables: tuple
    refresh: bool = False  # dossiers, report rows and satisfaction responses feed the rollups
    # Called once after the last chunk is written (dossiers: the legal time limit of the
    # procedures the file created, from every row that used them).
    finish: Callable | None = None


KINDS: dict[str, Kind] = {
    "dossiers": Kind(
        "dossiers",
        dossiers.COLUMNS,
        dossiers.TEMPLATE_COLUMNS,
        dossiers.EXAMPLES,
        dossiers.validate,
        dossiers.write,
        dossiers.data_until,
        (dossier,),
        True,
        dossiers.finish,
    ),
    "report": Kind(
        "report",
        report.FLAT_COLUMNS,
        report.TEMPLATE_COLUMNS,
        report.EXAMPLES,
        report.validate,
        report.write,
        report.data_until,
        (report_row,),
        True,
    ),
    "satisfaction": Kind(
        "satisfaction",
        satisfaction.COLUMNS,
        satisfaction.TEMPLATE_COLUMNS,
        satisfaction.EXAMPLES,
        satisfaction.validate,
        satisfaction.write,
        satisfaction.data_until,
        (satisfaction_response,),
        True,
    ),
    "dialogue": Kind(
        "dialogue",
        dialogue.COLUMNS,
        dialogue.TEMPLATE_COLUMNS,
        dialogue.EXAMPLES,
        dialogue.validate,
        dialogue.write,
        dialogue.data_until,
        (dialogue_session, petition),
    ),
    "rollout": Kind(
        "rollout",
        rollout.COLUMNS,
        rollout.TEMPLATE_COLUMNS,
        rollout.EXAMPLES,
        rollout.validate,
        rollout.write,
        rollout.data_until,
        (rollout_table,),
    ),
    "assessments": Kind(
        "assessments",
        rollout.ASSESSMENT_COLUMNS,
        rollout.ASSESSMENT_TEMPLATE_COLUMNS,
        rollout.ASSESSMENT_EXAMPLES,
        rollout.validate_assessments,
        rollout.write_assessments,
        rollout.assessments_until,
        (criterion_assessment,),
    ),
    "targets": Kind(
        "targets",
        targets.COLUMNS,
        targets.TEMPLATE_COLUMNS,
        targets.EXAMPLES,
        targets.validate,
        targets.write,
        targets.data_until,
        (target,),
    ),
    "pakn": Kind(
        "pakn",
        index766.PAKN_COLUMNS,
        index766.PAKN_TEMPLATE_COLUMNS,
        index766.PAKN_EXAMPLES,
        index766.validate_pakn,
        index766.write_pakn,
        index766.pakn_until,
        (pakn,),
    ),
    "procedures": Kind(
        "procedures",
        index766.PROC_COLUMNS,
        index766.PROC_TEMPLATE_COLUMNS,
        index766.PROC_EXAMPLES,
        index766.validate_procedures,
        index766.write_procedures,
        index766.no_date,
        (unit_procedure,),
    ),
    "index766": Kind(
        "index766",
        index766.OFFICIAL_COLUMNS,
        index766.OFFICIAL_TEMPLATE_COLUMNS,
        index766.OFFICIAL_EXAMPLES,
        index766.validate_official,
        index766.write_official,
        index766.official_until,
        (index766_official,),
    ),
    "communes": Kind(
        "communes",
        index766.COMMUNE_COLUMNS,
        index766.COMMUNE_TEMPLATE_COLUMNS,
        index766.COMMUNE_EXAMPLES,
        index766.validate_communes,
        index766.write_communes,
        index766.no_date,
        (commune_service,),
    ),
}


@dataclass
class ImportResult:
    kind: str
    file_name: str
    file_hash: str
    dry_run: bool = False
    valid_only: bool = False
    rows: int = 0  # data rows read
    rejected: int = 0  # data rows with at least one error
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    written: bool = False
    batch_id: int | None = None
    data_until: date | None = None
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == WARNING]

    @property
    def ok(self) -> bool:
        """Written, or (in a dry run) would be written: no error, or only rejected rows
        with ``valid_only`` and something left to write."""
        if not self.errors:
            return True
        return self.valid_only and (self.added + self.updated + self.unchanged) > 0

    def as_dict(self) -> dict:
        return dict(
            kind=self.kind,
            file_name=self.file_name,
            sha256=self.file_hash,
            dry_run=self.dry_run,
            valid_only=self.valid_only,
            rows=self.rows,
            rejected=self.rejected,
            added=self.added,
            updated=self.updated,
            unchanged=self.unchanged,
            written=self.written,
            batch_id=self.batch_id,
            data_until=self.data_until.isoformat() if self.data_until else None,
            seconds=round(self.seconds, 3),
            errors=len(self.errors),
            warnings=len(self.warnings),
            problems=[p.as_dict() for p in self.problems],
        )


CHUNK = 10_000  # records validated, then written, at a time: memory stays flat at any size


def _sort_key(p: Problem):  # noqa: ANN202
    return (p.sheet_no, p.row is not None, p.row or 0, {ERROR: 0, WARNING: 1, NOTE: 2}[p.level])


def run_import(
    engine: Engine,
    kind: str,
    data,  # noqa: ANN001 - bytes, a path, or a binary file object (the page's upload)
    file_name: str,
    *,
    mapping: dict[str, str] | None = None,
    period=None,  # noqa: ANN001
    unit: str | None = None,
    by: str | None = None,
    dry_run: bool = False,
    valid_only: bool = False,
    today_: date | None = None,
    progress: Callable[[Progress], None] | None = None,
    max_bytes: int | None = MAX_FILE_BYTES,
    os_user: str | None = None,
    scope_unit: str | None = None,
) -> ImportResult:
    """Validate ``data`` as a file of ``kind`` and (unless ``dry_run``) write it.

    The file is read as a stream and written ``CHUNK`` records at a time inside one
    transaction, so memory does not grow with the file; the transaction is rolled back at the
    end when any row has an error (unless ``valid_only``) or for a dry run. ``progress`` is
    called now and then with a ``Progress`` (rows read, checked, written; fraction done).
    ``max_bytes``: the largest file accepted (the page's upload limit); None for no limit.

    ``period``: a ``dashboard.domain.periods.Period`` for report forms; ``unit``: the unit code
    a report form is for (both are checked against what the form's title says).
    ``by``: who imports, the signed-in (or ``--as``) user, never a typed name; ``os_user``:
    the operating-system user of a command, kept beside it in the audit record.
    ``scope_unit``: the importing user's unit: rows naming any unit outside it are errors.
    Raises MappingError (a usage error) for a mapping that names no column of the kind."""
    spec = KINDS.get(kind)
    if spec is None:
        raise ValueError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
    t0 = time.perf_counter()
    source = data if isinstance(data, Source) else Source(data)
    res = ImportResult(kind, file_name, source.sha256(), dry_run, valid_only)
    prog = Progress(report=progress)
    try:
        if kind == "index766" and index766.looks_like_json(source.head(), file_name):
            book = index766.json_book(source, prog)
        else:
            book = open_book(source, file_name, prog, max_bytes)
    except Fatal as exc:
        res.problems = [exc.problem]
        res.seconds = time.perf_counter() - t0
        return res
    try:
        with engine.connect() as conn:
            tx = conn.begin()
            try:
                _run(conn, spec, book, res, mapping, period, unit, by, today_, prog, scope_unit)
            except MappingError:
                tx.rollback()
                raise
            except Fatal as exc:  # a bad byte far into the file: nothing is written
                tx.rollback()
                res.added = res.updated = res.unchanged = res.rows = res.rejected = 0
                res.written, res.batch_id, res.data_until = False, None, None
                res.problems = [exc.problem]
            except SQLAlchemyError as exc:  # a constraint the checks missed: write nothing
                tx.rollback()
                res.added = res.updated = res.unchanged = 0
                res.batch_id, res.written = None, False
                detail = str(getattr(exc, "orig", exc)).splitlines()[0][:200]
                res.problems.append(Problem(None, None, None, "db_refused", dict(detail=detail)))
            except BaseException:
                tx.rollback()
                raise
            else:
                if dry_run or not res.written:
                    tx.rollback()
                    res.written = False
                    res.batch_id = None
                else:
                    tx.commit()
    finally:
        book.close()
    if res.written:
        from dashboard.storage.rollups import vacuum

        vacuum(engine)  # the rewritten rollups, for the pages that read them next
    refused = sum(1 for p in res.problems if p.code == "unit_out_of_scope")
    if refused:
        audit.record(
            engine,
            by or "?",
            "scope_denied",
            f"import {kind} {file_name} rows={refused} outside unit={scope_unit}"
            + (" (check)" if dry_run else ""),
            os_user=os_user,
        )
    if res.written:
        audit.record(
            engine,
            by or "?",
            "import",
            f"{kind} {file_name} batch={res.batch_id} added={res.added} "
            f"updated={res.updated} rejected={res.rejected}",
            os_user=os_user,
        )
    prog.stage = "done"
    prog.tick(force=True)
    res.seconds = time.perf_counter() - t0
    return res


def _run(
    conn: Connection,
    spec: Kind,
    book,  # noqa: ANN001
    res: ImportResult,
    mapping,  # noqa: ANN001
    period,  # noqa: ANN001
    unit,  # noqa: ANN001
    by,  # noqa: ANN001
    today_: date | None,
    prog: Progress,
    scope_unit: str | None = None,
) -> None:
    ctx = Context(conn, today_, period, prog, unit)
    if scope_unit:
        ctx.allowed_units = _scope_ids(conn, scope_unit)
    total = Written()
    batch_id: int | None = None
    until: date | None = None
    wrote_any = False
    recs_iter = iter(spec.validate(book, mapping, ctx))
    while True:
        chunk = list(islice(recs_iter, CHUNK))
        has_errors = bool(ctx.bad_rows) or any(p.level == ERROR for p in ctx.problems)
        good = [r for r in chunk if not any(n in ctx.bad_rows for n in r.rows)]
        # Once a row has an error, an all-or-nothing import only goes on checking.
        if good and (res.valid_only or not has_errors):
            if batch_id is None:
                batch_id = _new_batch(conn, spec, res, by)
            prog.stage = "write"
            w = spec.write(conn, good, ctx, batch_id)
            total.add(w)
            wrote_any = True
            prog.rows_written += len(good)
            prog.stage = "read"
            prog.tick()
            u = spec.data_until(good)
            if u is not None and (until is None or u > until):
                until = u
        if not chunk:
            break
    if wrote_any and spec.finish is not None:
        spec.finish(conn, ctx)
    res.rows = len(ctx.data_rows)
    res.rejected = sum(1 for n in ctx.bad_rows if n in ctx.data_rows)
    res.problems = sorted(ctx.problems, key=_sort_key)
    for (level, code), n in sorted(ctx.more_problems.items()):
        res.problems.append(Problem(None, None, None, "more_problems", dict(n=n, code=code), level))
    has_errors = any(p.level == ERROR for p in res.problems)
    if res.rows == 0 and not has_errors:
        res.problems.append(Problem(None, None, None, "no_rows"))
        return
    res.added, res.updated, res.unchanged = total.added, total.updated, total.unchanged
    if (has_errors and not res.valid_only) or batch_id is None:
        return
    res.data_until = until
    if total.added + total.updated == 0:
        conn.execute(delete(import_batch).where(import_batch.c.id == batch_id))
        before = conn.execute(
            select(import_batch.c.id, import_batch.c.imported_at)
            .where(import_batch.c.file_hash == res.file_hash, import_batch.c.kind == spec.name)
            .order_by(import_batch.c.id.desc())
            .limit(1)
        ).first()
        if before is not None:
            res.problems.append(
                Problem(
                    None,
                    None,
                    None,
                    "already_imported",
                    dict(batch=before[0], when=str(before[1])[:16]),
                    NOTE,
                )
            )
        else:
            res.problems.append(Problem(None, None, None, "nothing_new", {}, NOTE))
        return
    conn.execute(
        update(import_batch)
        .where(import_batch.c.id == batch_id)
        .values(
            rows_added=total.added,
            rows_updated=total.updated,
            rows_rejected=res.rejected,
            data_until=until,
        )
    )
    if spec.refresh and total.since is not None and not res.dry_run:
        from dashboard.storage.rollups import refresh_since

        prog.stage = "rollups"
        prog.tick(force=True)
        refresh_since(conn, total.since)
    from dashboard.storage.db import bump_data_version

    bump_data_version(conn)  # every dashboard process's cache keys on it (issue 18)
    res.batch_id = batch_id
    res.written = True


def _new_batch(conn: Connection, spec: Kind, res: ImportResult, by) -> int:  # noqa: ANN001
    return insert_row(
        conn,
        import_batch,
        dict(
            kind=spec.name,
            file_name=(res.file_name or "?")[:400],
            file_hash=res.file_hash,
            imported_by=(by or "?")[:120],
            imported_at=datetime.now().replace(microsecond=0),
            rows_added=0,
            rows_updated=0,
            rows_rejected=0,
            data_until=None,
        ),
    )


def _scope_ids(conn: Connection, unit_code: str) -> set[int]:
    """Ids of the units a user of ``unit_code`` may import for (none if the code is unknown)."""
    from queries.units import UnknownUnit, unit_ids_under

    try:
        return unit_ids_under(conn, unit_code)
    except UnknownUnit:
        return set()


# --- templates -----------------------------------------------------------------------------


def _header(spec: Kind, k: str) -> str:
    return next(c.vi for c in spec.columns if c.key == k)


def template(kind: str, fmt: str = "csv") -> bytes:
    """A template for ``kind``: Vietnamese headers and example rows valid against the seeded
    database. ``fmt`` csv (UTF-8 with BOM, for Excel) or xlsx (for ``report``: Biểu 06)."""
    spec = KINDS[kind]
    header = [_header(spec, k) for k in spec.template_columns]
    rows = [[ex.get(k, "") for k in spec.template_columns] for ex in spec.examples]
    if fmt == "xlsx":
        if kind == "report":
            return report.form_xlsx()
        from openpyxl import Workbook
        from openpyxl.styles import Font

        wb = Workbook()
        ws = wb.active
        ws.title = kind
        ws.append(header)
        for c in ws[1]:
            c.font = Font(bold=True)
        for r in rows:
            ws.append(r)
        for i, h in enumerate(header):
            ws.column_dimensions[ws.cell(1, i + 1).column_letter].width = max(12, len(h) + 2)
        xlsx_text(wb)
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([cell(h) for h in header])
    w.writerows([[cell(v) for v in r] for r in rows])
    return buf.getvalue().encode("utf-8-sig")


# --- for the page ----------------------------------------------------------------------------


def import_engine() -> Engine:
    """The engine imports write through: OVERSIGHT_IMPORT_DATABASE_URL (a role that may
    write) when set, else the dashboard's database (``dashboard.storage.db.writer_engine``)."""
    from dashboard.storage.db import writer_engine

    return writer_engine()


def problems_frame(res: ImportResult, lang: str = "vi") -> pd.DataFrame:
    """The report as a table with headers in the interface language."""
    cols = ["imp_col_row", "imp_col_column", "imp_col_value", "imp_col_level", "imp_col_reason"]
    rows = [
        (
            ("" if p.row is None else str(p.row)) if not p.sheet else f"{p.sheet} · {p.row or ''}",
            p.column or "",
            p.value or "",
            t(f"imp_level_{p.level}", lang),
            p.reason(lang),
        )
        for p in res.problems
    ]
    return pd.DataFrame(rows, columns=[t(c, lang) for c in cols])


def recent_batches(conn: Connection, limit: int = 20) -> pd.DataFrame:
    b = import_batch
    stmt = (
        select(
            b.c.id,
            b.c.kind,
            b.c.file_name,
            b.c.imported_by,
            b.c.imported_at,
            b.c.rows_added,
            b.c.rows_updated,
            b.c.rows_rejected,
            b.c.data_until,
        )
        .order_by(b.c.id.desc())
        .limit(limit)
    )
    return pd.DataFrame(
        conn.execute(stmt).mappings().all(),
        columns=[
            "id",
            "kind",
            "file_name",
            "imported_by",
            "imported_at",
            "rows_added",
            "rows_updated",
            "rows_rejected",
            "data_until",
        ],
    )


def batches_frame(batches: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """``recent_batches`` with kinds, times and dates as the page shows them."""
    from dashboard.i18n import fmt_date
    from dashboard.importers.core import as_date

    def until(v):  # noqa: ANN001, ANN202
        return fmt_date(as_date(v), lang) if isinstance(v, (str, date)) else "–"

    view = batches.assign(
        kind=[t(f"imp_kind_{k}", lang) for k in batches["kind"]],
        imported_at=[str(v)[:16] for v in batches["imported_at"]],
        data_until=[until(v) for v in batches["data_until"]],
    )
    view.columns = [
        t(f"imp_batch_{c}", lang)
        for c in ("id", "kind", "file", "by", "at", "added", "updated", "rejected", "until")
    ]
    return view
