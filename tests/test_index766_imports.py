"""Imports of what the national service index (QĐ 766) reads: the dossier list's optional
columns with the words portals print, petitions via the portal (PAKN), a unit's procedure list
and communes' electronic certified copies. On SQLite and PostgreSQL (the ``tiny`` units of
tests/test_imports.py)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from dashboard import importers
from dashboard.storage.schema import commune_service, dossier, pakn, unit_procedure
from tests.test_imports import DH, checker, csv_bytes, drow, imp, seeded, tiny  # noqa: F401

INDEX_HEADER = [
    "Mức độ dịch vụ công",
    "Có phí, lệ phí",
    "Kết quả điện tử",
    "Tái sử dụng dữ liệu",
    "Khai thác dữ liệu số hóa",
    "Sử dụng CSDL dân cư",
    "Đồng bộ đúng hạn",
    "Không hài lòng hoặc bị phản ánh",
]
FLAGS = [
    "full_online_service",
    "fee_required",
    "result_electronic",
    "data_reused",
    "shared_reuse",
    "population_db",
    "synced_on_time",
    "citizen_unsatisfied",
]


def _flags(engine, code):  # noqa: ANN001, ANN202
    with engine.connect() as conn:
        row = conn.execute(
            select(*[dossier.c[f] for f in FLAGS]).where(dossier.c.code == code)
        ).one()
    return tuple(None if v is None else bool(v) for v in row)


def test_dossier_index_columns_in_portal_words(tiny):  # noqa: F811
    rows = [
        drow(code="A1") + ["Toàn trình", "Có", "Có", "Không", "x", "1", "Có", "Không"],
        drow(code="A2") + ["DVC một phần", "Không", "", "", "", "", "Không", "Có"],
        drow(code="A3") + ["", "", "", "", "", "", "", ""],
    ]
    res = imp(tiny, "dossiers", csv_bytes(DH + INDEX_HEADER, rows))
    assert res.written, [p.as_dict() for p in res.problems]
    assert _flags(tiny, "A1") == (True, True, True, False, True, True, True, False)
    assert _flags(tiny, "A2") == (False, False, None, None, None, None, False, True)
    assert _flags(tiny, "A3") == (None,) * 8
    # A later export without the columns leaves them as they were.
    res = imp(tiny, "dossiers", csv_bytes(DH, [drow(code="A1", digitised="Có")]))
    assert res.written and res.updated == 1
    assert _flags(tiny, "A1") == (True, True, True, False, True, True, True, False)


def test_dossier_bad_service_level_is_reported_with_row_and_column(checker):  # noqa: F811
    rows = [drow(code="B1") + ["Mức 3", "Có", "", "", "", "", "", ""]]
    res = imp(checker, "dossiers", csv_bytes(DH + INDEX_HEADER, rows), dry_run=True)
    assert not res.ok
    (p,) = res.errors
    assert (p.row, p.column, p.code) == (2, "Mức độ dịch vụ công", "bad_service_level")


PH = [
    "Mã PAKN",
    "Đơn vị xử lý",
    "Bộ phận xử lý",
    "Ngày tiếp nhận",
    "Hạn xử lý",
    "Ngày xử lý xong",
    "Đánh giá",
    "Phản ánh lại",
]


def test_pakn_import(tiny):  # noqa: F811
    rows = [
        ["P1", "L001", "Tổ một cửa", "02/01/2024", "16/01/2024", "10/01/2024", "Hài lòng", ""],
        ["P2", "Xã Bình", "", "05/01/2024", "19/01/2024", "22/01/2024", "Không hài lòng", "Có"],
        ["P3", "001", "", "03/11/2026", "17/11/2026", "", "", ""],
    ]
    res = imp(tiny, "pakn", csv_bytes(PH, rows))
    assert res.written and res.added == 3, [p.as_dict() for p in res.problems]
    with tiny.connect() as conn:
        got = conn.execute(
            select(
                pakn.c.code,
                pakn.c.unit_id,
                pakn.c.handled_date,
                pakn.c.rating,
                pakn.c.complained_again,
                pakn.c.department_id.is_not(None),
            ).order_by(pakn.c.code)
        ).all()
    assert [tuple(r) for r in got] == [
        ("P1", 3, date(2024, 1, 10), 3, False, True),
        ("P2", 4, date(2024, 1, 22), 1, True, False),
        ("P3", 11, None, None, False, False),
    ]
    assert res.data_until == date(2026, 11, 3)


def test_pakn_bad_rows(checker):  # noqa: F811
    rows = [
        ["Q1", "L001", "", "10/01/2024", "05/01/2024", "", "", ""],
        ["Q2", "L001", "", "10/01/2024", "20/01/2024", "09/01/2024", "Tốt", ""],
    ]
    res = imp(checker, "pakn", csv_bytes(PH, rows), dry_run=True)
    got = sorted((p.row, p.column, p.code) for p in res.errors)
    assert got == [
        (2, "Hạn xử lý", "deadline_before_received"),
        (3, "Ngày xử lý xong", "handled_before_received"),
        (3, "Đánh giá", "bad_pakn_rating"),
    ]


PROC_H = [c.vi for c in importers.KINDS["procedures"].columns]


def test_procedure_list_import(tiny):  # noqa: F811
    rows = [
        ["001", "HT-KS", "", "Toàn trình", "Không", "Có", "Có", "Không", "Có"],
        ["001", "", "Đăng ký biến động đất đai", "Một phần", "Có", "Không", "", "", ""],
    ]
    res = imp(tiny, "procedures", csv_bytes(PROC_H, rows))
    assert res.written and res.added == 2, [p.as_dict() for p in res.problems]
    cols = [
        unit_procedure.c.procedure_id,
        unit_procedure.c.full_online_eligible,
        unit_procedure.c.fee_bearing,
        unit_procedure.c.announced_on_time,
        unit_procedure.c.published_on_time,
        unit_procedure.c.published_complete,
        unit_procedure.c.population_db_connected,
    ]
    with tiny.connect() as conn:
        got = conn.execute(select(*cols).order_by(unit_procedure.c.procedure_id)).all()
    norm = [
        tuple(None if v is None else (bool(v) if i else v) for i, v in enumerate(r)) for r in got
    ]
    assert norm == [
        (1, True, False, True, True, False, True),
        (2, False, True, False, None, None, None),
    ]
    # Unknown procedure, and the same procedure twice.
    bad = [
        ["001", "ZZ-9", "", "", "", "", "", "", ""],
        ["001", "HT-KS", "", "", "", "", "", "", ""],
        ["001", "", "Đăng ký khai sinh", "", "", "", "", "", ""],
    ]
    res = imp(tiny, "procedures", csv_bytes(PROC_H, bad), dry_run=True)
    assert sorted((p.row, p.code) for p in res.errors) == [
        (2, "unknown_procedure"),
        (4, "duplicate_unit_procedure"),
    ]


def test_commune_services_import(tiny):  # noqa: F811
    h = ["Đơn vị", "Chứng thực bản sao điện tử", "Từ ngày"]
    rows = [["001", "Có", "01/09/2025"], ["Xã Cát Tiên", "Không", ""], ["99", "Có", ""]]
    res = imp(tiny, "communes", csv_bytes(h, rows), dry_run=True)
    assert [(p.row, p.code) for p in res.errors] == [(4, "not_a_commune")]
    res = imp(tiny, "communes", csv_bytes(h, rows[:2]))
    assert res.written and res.added == 2
    with tiny.connect() as conn:
        got = conn.execute(
            select(
                commune_service.c.unit_id,
                commune_service.c.e_certified_copy,
                commune_service.c.e_certified_copy_since,
            ).order_by(commune_service.c.unit_id)
        ).all()
    assert [(u, bool(b), d) for u, b, d in got] == [(11, True, date(2025, 9, 1)), (12, False, None)]


def test_templates_into_the_seeded_database(seeded):  # noqa: F811
    """The three new templates import cleanly into the sample data (PAKN added; the list and
    the communes' services exist in the sample, so they update or stay)."""
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "sample_data" / "templates"
    for kind in ("pakn", "procedures", "index766", "communes"):
        data = (folder / f"{kind}.csv").read_bytes()
        assert data == importers.template(kind), f"{kind}.csv is stale: make templates"
        res = imp(seeded, kind, data, name=f"{kind}.csv", today_=date(2026, 11, 26))
        assert res.ok and not res.errors, (kind, res.as_dict())
        assert res.added + res.updated + res.unchanged == 3, (kind, res.as_dict())
    assert res.kind == "communes"


def test_an_import_of_lists_moves_the_months_fee_counts(seeded):  # noqa: F811
    """The trend reads each unit's month of fee-bearing procedures used from the rollup
    (rollups.refresh_index766_units), counted against the lists: a list imported afterwards
    (a procedure no longer fee-bearing) moves them, and they still equal the rows'."""
    from sqlalchemy import and_, func

    from dashboard.domain.periods import Period, parse
    from dashboard.storage.schema import admin_unit, procedure, rollup_index766_month
    from queries import index766
    from queries.units import Scope
    from tests.test_imports import TODAY

    r, up = rollup_index766_month, unit_procedure
    months = [f"{TODAY.year}-{m:02d}" for m in (7, 8, 9)]
    span = Period(parse(months[0]).start, parse(months[-1]).end, "custom", "calendar")
    with seeded.connect() as conn:
        unit_code, proc_code = conn.execute(
            select(admin_unit.c.code, procedure.c.code)
            .select_from(
                r.join(up, and_(up.c.unit_id == r.c.unit_id, up.c.procedure_id == r.c.procedure_id))
                .join(admin_unit, admin_unit.c.id == r.c.unit_id)
                .join(procedure, procedure.c.id == r.c.procedure_id)
            )
            .where(up.c.fee_bearing.is_(True), r.c.month >= span.start, r.c.month <= span.end)
            .group_by(admin_unit.c.code, procedure.c.code)
            .having(func.sum(r.c.received) > 0)
            .order_by(admin_unit.c.code, procedure.c.code)
        ).first()
    cols = ["fee_procs_used", "fee_procs_paid_online"]

    def by_month_and_rows() -> tuple[list, list]:
        sc = Scope(unit_code)
        with seeded.connect() as conn:
            got = index766.grouped_counts(conn, span, sc, "month", today=TODAY)
            rows = [
                index766.grouped_counts(conn, parse(m), sc, None, today=TODAY, source="rows")
                for m in months
            ]
        return got[cols].values.tolist(), [w[cols].iloc[0].tolist() for w in rows]

    before, rows = by_month_and_rows()
    assert before == rows and sum(m[0] for m in before) > 0
    res = imp(seeded, "procedures", csv_bytes(PROC_H, [[unit_code, proc_code, "", "", "Không"]]))
    assert res.written, [p.as_dict() for p in res.problems]
    after, rows = by_month_and_rows()
    assert after == rows
    assert sum(m[0] for m in after) < sum(m[0] for m in before)
