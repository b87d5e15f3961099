"""The Alembic migrations build exactly the schema in dashboard/schema.py, on both backends."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from dashboard.storage.schema import metadata


def _described(op) -> tuple:  # noqa: ANN001 - an autogenerate diff entry
    """A diff entry as (kind, table, name) for comparison with the documented differences."""
    if isinstance(op, list):  # column changes come as lists of tuples
        return tuple(map(_described, op))
    kind, obj = op[0], op[1]
    table = getattr(obj, "table", None)
    if kind.endswith("_fk"):
        table = obj.parent
    return kind, getattr(table, "name", None), getattr(obj, "name", None)


# On PostgreSQL the dossier table is partitioned (migration 18_dossier_partitions,
# docs/SCALING.md): its code is an ordinary index rather than a unique constraint (PostgreSQL
# wants the partition key in every unique constraint; the importer keeps codes unique) and
# satisfaction_response.dossier_id has no foreign key (a partitioned table's id alone cannot be
# referenced). The primary key (id, received_date) is not compared by autogenerate. The index
# on the due-minus-received span (27_dossier_due_span) and the one on the resolved-minus-received
# span (30_dossier_resolve_span) and the one on the resolution date (39_dossier_resolved) serve
# the partitions' pruning only, on PostgreSQL alone: schema.py, shared with SQLite, does not
# declare them.
# dossier_unresolved (31_dossier_unresolved_table) is PostgreSQL's alone too, declared apart
# (schema.pg_only), with its indexes (and 38_unresolved_due's).
PG_DOCUMENTED = {
    ("remove_index", "dossier", "ix_dossier_code"),
    ("remove_index", "dossier", "ix_dossier_due_span"),
    ("remove_index", "dossier", "ix_dossier_resolve_span"),
    ("remove_index", "dossier", "ix_dossier_resolved"),
    ("remove_table", None, "dossier_unresolved"),
    ("remove_index", "dossier_unresolved", "ix_dossier_unresolved_unit"),
    ("remove_index", "dossier_unresolved", "ix_dossier_unresolved_due"),
    ("add_constraint", "dossier", "uq_dossier_code"),
    ("add_fk", "satisfaction_response", "fk_satisfaction_response_dossier_id_dossier"),
}


def test_migrations_match_schema(engine):
    from dashboard.storage.partitions import dossier_partitions

    with engine.connect() as conn:
        partitions = set(dossier_partitions(conn))

        def include_name(name, type_, parent_names):  # noqa: ANN001, ANN202
            return not (type_ == "table" and name in partitions)

        ctx = MigrationContext.configure(conn, opts={"include_name": include_name})
        diff = compare_metadata(ctx, metadata)
    described = {_described(op) for op in diff}
    if engine.dialect.name == "postgresql":
        assert len(partitions) >= 1  # the default partition at least
        assert described == PG_DOCUMENTED
    else:
        assert diff == []


def test_upgrade_fills_the_coarse_rollup(backend, tmp_path_factory):
    """A database at revision 0002 with monthly rollups gets rollup_unit_month filled."""
    from sqlalchemy import select, text

    from dashboard.storage.db import make_engine
    from dashboard.storage.schema import rollup_unit_month
    from tests.conftest import new_database, upgrade_to

    url, drop = new_database(backend, tmp_path_factory)
    eng = make_engine(url)
    try:
        upgrade_to(eng, "0002")
        with eng.begin() as conn:
            conn.execute(
                text(
                    "insert into admin_unit (id, code, name, short_name, level, unit_type, valid_from)"
                    " values (1, '001', 'Xã A', 'A', 'commune', 'Xã', '2000-01-01')"
                )
            )
            conn.execute(
                text(
                    "insert into field (id, code, name_vi, name_en) values "
                    "(1, 'HT', 'Hộ tịch', 'Civil status'), (2, 'DD', 'Đất đai', 'Land')"
                )
            )
            for field_id, channel, resolved in ((1, 1, 3), (1, 2, 4), (2, 1, 5)):
                conn.execute(
                    text(
                        "insert into rollup_month values (1, :f, :c, '2024-01-01', 'dossier', "
                        "0, 0, :r, 0, :r, 0, 0, 0, 0, 0)"
                    ),
                    dict(f=field_id, c=channel, r=resolved),
                )
        upgrade_to(eng, "head")
        with eng.begin() as conn:
            rows = conn.execute(
                select(
                    rollup_unit_month.c.unit_id,
                    rollup_unit_month.c.month,
                    rollup_unit_month.c.resolved,
                )
            ).all()
        assert [(r[0], str(r[1])[:10], r[2]) for r in rows] == [(1, "2024-01-01", 12)]
    finally:
        eng.dispose()
        drop()


def test_upgrade_fills_the_satisfaction_unit_rollup(backend, tmp_path_factory):
    """A database at 21_due_covering gets rollup_satisfaction_unit_month filled: the
    satisfaction counts summed over rating channel and field, per unit and month. Unit 1 in
    January 2024: kiosk/HT 10 responses (8 satisfied, 1 rated 1), tablet/HT 5 (2 satisfied),
    kiosk/no field 4 (4 satisfied, 3 answered access, 2 of them 4-5) -> 19 responses, 14
    satisfied, r1 1, access 3/2; February: 7 responses, 7 satisfied, on their own row."""
    from sqlalchemy import select, text

    from dashboard.storage.db import make_engine
    from dashboard.storage.schema import rollup_satisfaction_unit_month as coarse
    from tests.conftest import new_database, upgrade_to

    url, drop = new_database(backend, tmp_path_factory)
    eng = make_engine(url)
    elements = ("access", "procedure", "civil_servant", "result", "feedback")
    counts = ["responses", "satisfied", "r1", "r2", "r3", "r4", "r5"]
    counts += [f"{e}_n" for e in elements] + [f"{e}_ok" for e in elements]
    try:
        upgrade_to(eng, "21_due_covering")
        with eng.begin() as conn:
            conn.execute(
                text(
                    "insert into admin_unit (id, code, name, short_name, level, unit_type, valid_from)"
                    " values (1, '001', 'Xã A', 'A', 'commune', 'Xã', '2000-01-01')"
                )
            )
            conn.execute(
                text(
                    "insert into field (id, code, name_vi, name_en) values (1, 'HT', 'Hộ tịch', 'Civil status')"
                )
            )
            insert = text(
                "insert into rollup_satisfaction_month (unit_id, month, rating_channel, field_id, "
                + ", ".join(counts)
                + ") values (1, :month, :channel, :field, "
                + ", ".join(f":{c}" for c in counts)
                + ")"
            )
            zero = dict.fromkeys(counts, 0)
            for month, channel, field, n, ok, r1, access_n, access_ok in (
                ("2024-01-01", "kiosk", 1, 10, 8, 1, 0, 0),
                ("2024-01-01", "tablet", 1, 5, 2, 0, 0, 0),
                ("2024-01-01", "kiosk", None, 4, 4, 0, 3, 2),
                ("2024-02-01", "kiosk", 1, 7, 7, 0, 0, 0),
            ):
                conn.execute(
                    insert,
                    zero
                    | dict(month=month, channel=channel, field=field, responses=n, satisfied=ok)
                    | dict(r1=r1, access_n=access_n, access_ok=access_ok),
                )
        upgrade_to(eng, "head")
        with eng.begin() as conn:
            c = coarse.c
            rows = conn.execute(
                select(
                    c.unit_id, c.month, c.responses, c.satisfied, c.r1, c.access_n, c.access_ok
                ).order_by(c.month)
            ).all()
        assert [(r[0], str(r[1])[:10], *r[2:]) for r in rows] == [
            (1, "2024-01-01", 19, 14, 1, 3, 2),
            (1, "2024-02-01", 7, 7, 0, 0, 0),
        ]
    finally:
        eng.dispose()
        drop()


def test_upgrade_fills_the_backlog_per_unit(backend, tmp_path_factory):
    """A database at 34_dossier_unit_unsatisfied gets backlog_unit_month_end filled: the
    month-end backlog summed over fields, per unit, day and source. Unit 1 at 31/01/2024:
    dossier rows HT 3 within, 2 overdue (1 with a letter) and DD 1 within, 4 overdue (2) ->
    4, 6, 3; its report at the same day (HT 5, 1) stays a row of its own; 29/02: HT 0, 1, 1."""
    from sqlalchemy import select, text

    from dashboard.storage.db import make_engine
    from dashboard.storage.schema import backlog_unit_month_end as coarse
    from tests.conftest import new_database, upgrade_to

    url, drop = new_database(backend, tmp_path_factory)
    eng = make_engine(url)
    try:
        upgrade_to(eng, "34_dossier_unit_unsatisfied")
        with eng.begin() as conn:
            conn.execute(
                text(
                    "insert into admin_unit (id, code, name, short_name, level, unit_type, valid_from)"
                    " values (1, '001', 'Xã A', 'A', 'commune', 'Xã', '2000-01-01')"
                )
            )
            conn.execute(
                text(
                    "insert into field (id, code, name_vi, name_en) values"
                    " (1, 'HT', 'Hộ tịch', 'Civil status'), (2, 'DD', 'Đất đai', 'Land')"
                )
            )
            insert = text(
                "insert into backlog_month_end (unit_id, field_id, as_of, source, pending_within,"
                " pending_overdue, pending_overdue_apology)"
                " values (1, :field, :as_of, :source, :within, :overdue, :letters)"
            )
            for field, as_of, source, within, overdue, letters in (
                (1, "2024-01-31", "dossier", 3, 2, 1),
                (2, "2024-01-31", "dossier", 1, 4, 2),
                (1, "2024-01-31", "report", 5, 1, 0),
                (1, "2024-02-29", "dossier", 0, 1, 1),
            ):
                conn.execute(
                    insert,
                    dict(field=field, as_of=as_of, source=source, within=within)
                    | dict(overdue=overdue, letters=letters),
                )
        upgrade_to(eng, "head")
        with eng.begin() as conn:
            c = coarse.c
            rows = conn.execute(
                select(
                    c.unit_id,
                    c.as_of,
                    c.source,
                    c.pending_within,
                    c.pending_overdue,
                    c.pending_overdue_apology,
                ).order_by(c.as_of, c.source)
            ).all()
        assert [(r[0], str(r[1])[:10], *r[2:]) for r in rows] == [
            (1, "2024-01-31", "dossier", 4, 6, 3),
            (1, "2024-01-31", "report", 5, 1, 0),
            (1, "2024-02-29", "dossier", 0, 1, 1),
        ]
    finally:
        eng.dispose()
        drop()


def _unit_and_three_procedures(conn) -> None:  # noqa: ANN001 - a Connection
    """Unit 1 (Xã A), field 1 and procedures 1-3: what the index 766 rollup tests file under."""
    from datetime import date

    from sqlalchemy import insert

    from dashboard.storage.schema import admin_unit, field, procedure

    conn.execute(
        insert(admin_unit).values(
            id=1, code="001", name="Xã A", short_name="A", level="commune",
            unit_type="Xã", valid_from=date(2000, 1, 1),
        )
    )  # fmt: skip
    conn.execute(insert(field).values(id=1, code="HT", name_vi="Hộ tịch", name_en="Civil"))
    conn.execute(
        insert(procedure),
        [dict(id=i, code=f"P{i}", name=f"P{i}", field_id=1, processing_days=5) for i in (1, 2, 3)],
    )


def test_upgrade_counts_the_fee_bearing_procedures_used_per_month(backend, tmp_path_factory):
    """A database at 18_pakn_unit_handled gets rollup_index766_unit_month's fee columns filled
    from the procedure rollup and the lists: unit 1 in January 2024 had dossiers under three
    procedures, two of them fee-bearing in its list (one paid online), one not in any list;
    procedure 2 in February is fee-bearing but had no dossier received (resolved only)."""
    from datetime import date

    from sqlalchemy import insert, select, text

    from dashboard.storage.db import make_engine
    from dashboard.storage.schema import (
        INDEX766_RECEIVED,
        INDEX766_RESOLVED,
        rollup_index766_month,
        rollup_index766_unit_month,
        unit_procedure,
    )
    from tests.conftest import new_database, upgrade_to

    url, drop = new_database(backend, tmp_path_factory)
    eng = make_engine(url)
    zero = {c: 0 for c in INDEX766_RECEIVED + INDEX766_RESOLVED}
    try:
        upgrade_to(eng, "18_pakn_unit_handled")
        with eng.begin() as conn:
            _unit_and_three_procedures(conn)
            conn.execute(
                insert(unit_procedure),
                [
                    dict(unit_id=1, procedure_id=1, fee_bearing=True),
                    dict(unit_id=1, procedure_id=2, fee_bearing=True),
                ],
            )
            rows = [  # (procedure, month, received, paid_online)
                (1, "2024-01-01", 2, 1),
                (1, "2024-01-01", 1, 0),  # the same procedure again (another department)
                (2, "2024-01-01", 1, 0),
                (3, "2024-01-01", 4, 4),
                (2, "2024-02-01", 0, 0),
            ]
            conn.execute(
                insert(rollup_index766_month),
                [
                    {**zero, "unit_id": 1, "procedure_id": p, "department_id": None,
                     "month": date.fromisoformat(m), "received": n, "paid_online": paid,
                     "resolved": 1}
                    for p, m, n, paid in rows
                ],
            )  # fmt: skip
            cols = ", ".join(zero)
            sums = ", ".join(f"sum({c})" for c in zero)
            conn.execute(
                text(
                    f"insert into rollup_index766_unit_month (unit_id, month, {cols}) "
                    f"select unit_id, month, {sums} from rollup_index766_month "
                    "group by unit_id, month"
                )
            )
        upgrade_to(eng, "head")
        c = rollup_index766_unit_month.c
        with eng.connect() as conn:
            got = conn.execute(
                select(c.month, c.fee_procs_used, c.fee_procs_paid_online).order_by(c.month)
            ).all()
        assert [(str(m)[:10], u, p) for m, u, p in got] == [
            ("2024-01-01", 2, 1),
            ("2024-02-01", 0, 0),
        ]
    finally:
        eng.dispose()
        drop()


def test_upgrade_groups_the_fee_procedure_pairs_and_the_departments(backend, tmp_path_factory):
    """A database at 25_unit_procedure_version gets rollup_index766_pair filled from the
    procedure rollup: unit 1 received procedure 1 in January (one paid online, in another
    department's row) and procedure 2 in May (none paid); procedure 3 was only resolved in
    January (nothing received) and is no pair. Q1: (1, paid); Q2: (2, not paid); the year 2024:
    both. Its list has procedure 1 fee-bearing and 2 not: 36_index766_unit_span counts Q1 and
    the year 1 fee-bearing procedure used, 1 paid online, and Q2 none."""
    from datetime import date

    from sqlalchemy import insert, select

    from dashboard.storage.db import make_engine
    from dashboard.storage.schema import (
        INDEX766_RECEIVED,
        INDEX766_RESOLVED,
        rollup_index766_department_month,
        rollup_index766_month,
        rollup_index766_pair,
        rollup_index766_unit_span,
        unit_procedure,
    )
    from tests.conftest import new_database, upgrade_to

    url, drop = new_database(backend, tmp_path_factory)
    eng = make_engine(url)
    zero = {c: 0 for c in INDEX766_RECEIVED + INDEX766_RESOLVED}
    try:
        upgrade_to(eng, "25_unit_procedure_version")
        with eng.begin() as conn:
            _unit_and_three_procedures(conn)
            conn.execute(
                insert(unit_procedure),
                [
                    dict(unit_id=1, procedure_id=1, fee_bearing=True),
                    dict(unit_id=1, procedure_id=2, fee_bearing=False),
                ],
            )
            rows = [  # (procedure, month, received, paid_online, resolved)
                (1, "2024-01-01", 2, 0, 0),
                (1, "2024-01-01", 1, 1, 0),  # another department's row
                (2, "2024-05-01", 3, 0, 1),
                (3, "2024-01-01", 0, 0, 4),
            ]
            conn.execute(
                insert(rollup_index766_month),
                [
                    {**zero, "unit_id": 1, "procedure_id": p, "department_id": None,
                     "month": date.fromisoformat(m), "received": n, "paid_online": paid,
                     "resolved": res}
                    for p, m, n, paid, res in rows
                ],
            )  # fmt: skip
        upgrade_to(eng, "head")
        c = rollup_index766_pair.c
        with eng.connect() as conn:
            got = conn.execute(
                select(c.span_start, c.span_end, c.unit_id, c.procedure_id, c.paid_online).order_by(
                    c.span_start, c.span_end, c.procedure_id
                )
            ).all()
        assert [(str(s)[:10], str(e)[:10], *r) for s, e, *r in got] == [
            ("2024-01-01", "2024-03-31", 1, 1, 1),
            ("2024-01-01", "2024-12-31", 1, 1, 1),
            ("2024-01-01", "2024-12-31", 1, 2, 0),
            ("2024-04-01", "2024-06-30", 1, 2, 0),
        ]
        us = rollup_index766_unit_span.c
        with eng.connect() as conn:
            got = conn.execute(
                select(
                    us.span_start,
                    us.span_end,
                    us.unit_id,
                    us.fee_procs_used,
                    us.fee_procs_paid_online,
                ).order_by(us.span_start, us.span_end)
            ).all()
        assert [(str(s)[:10], str(e)[:10], *r) for s, e, *r in got] == [
            ("2024-01-01", "2024-03-31", 1, 1, 1),
            ("2024-01-01", "2024-12-31", 1, 1, 1),
        ]
        # And 28_index766_department_rollup sums the procedures per unit, department and
        # month: January 2 + 1 + 0 received, 1 paid online, 4 resolved; May 3, 0, 1.
        d = rollup_index766_department_month.c
        with eng.connect() as conn:
            got = conn.execute(
                select(d.month, d.department_id, d.received, d.paid_online, d.resolved).order_by(
                    d.month
                )
            ).all()
        assert [(str(m)[:10], *r) for m, *r in got] == [
            ("2024-01-01", None, 3, 1, 4),
            ("2024-05-01", None, 3, 0, 1),
        ]
    finally:
        eng.dispose()
        drop()


def test_every_rollup_is_vacuumed_soon_after_a_refresh(engine):
    """PostgreSQL: each table a refresh rewrites (every rollup_*, backlog_* and
    dossier_unresolved, a new one too) is vacuumed once 2,000 of its rows changed or were
    added (37_rollup_autovacuum), not after a fifth of it; a downgrade puts the defaults back."""
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's autovacuum")
    from tests.conftest import downgrade_to

    def options() -> dict[str, list[str] | None]:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "select relname, reloptions from pg_class "
                "where relnamespace = 'public'::regnamespace and relkind = 'r' "
                "and (relname like 'rollup%%' or relname like 'backlog%%' "
                "or relname = 'dossier_unresolved')"
            ).all()
        return {name: sorted(opts) if opts else None for name, opts in rows}

    want = [
        "autovacuum_vacuum_insert_scale_factor=0",
        "autovacuum_vacuum_insert_threshold=2000",
        "autovacuum_vacuum_scale_factor=0",
        "autovacuum_vacuum_threshold=2000",
    ]
    from dashboard.storage.rollups import REWRITTEN

    got = options()
    assert set(got) == set(REWRITTEN) and all(v == want for v in got.values()), got
    downgrade_to(engine, "36_index766_unit_span")
    assert set(options().values()) == {None}
