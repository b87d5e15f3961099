"""PostgreSQL: the dashboard reads through a role that cannot write; imports use another; the
audit trail is append-only for both (and for the owner), written only through audit_append."""

import uuid

import pytest
from sqlalchemy import create_engine, delete, insert, select, text, update
from sqlalchemy.exc import DBAPIError, ProgrammingError

from dashboard.access import audit
from dashboard.storage.db import create_pg_roles
from dashboard.storage.schema import audit_event, field, user_session


@pytest.fixture
def roles(engine):
    tag = uuid.uuid4().hex[:8]
    reader, writer = f"oversight_reader_{tag}", f"oversight_writer_{tag}"
    create_pg_roles(engine, reader, writer)
    create_pg_roles(engine, reader, writer)  # again: no error, nothing new
    base = engine.url
    as_reader = create_engine(base.set(username=reader))
    as_writer = create_engine(base.set(username=writer))
    yield as_reader, as_writer
    as_reader.dispose()
    as_writer.dispose()
    with engine.begin() as c:
        for role in (reader, writer):
            c.exec_driver_sql(f'drop owned by "{role}"')
            c.exec_driver_sql(f'drop role "{role}"')


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_reader_reads_and_keeps_sessions_but_writes_no_data(roles):
    as_reader, as_writer = roles
    with as_reader.begin() as c:
        assert c.execute(select(field)).all() == []
        c.execute(
            insert(user_session).values(
                token_hash="x" * 64,
                username="chutich",
                created_at=text("now()"),
                last_seen_at=text("now()"),
            )
        )
    with pytest.raises(ProgrammingError, match="permission denied"):
        with as_reader.begin() as c:
            c.execute(insert(field).values(code="X", name_vi="X", name_en="X"))
    with as_writer.begin() as c:
        c.execute(insert(field).values(code="X", name_vi="X", name_en="X"))


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_a_table_made_later_carries_the_same_rights(engine, roles):
    """A rollup rebuilt or a migration's new table after db-roles: the reader reads it and the
    writer writes it without db-roles being run again; the reader still cannot write."""
    as_reader, as_writer = roles
    with engine.begin() as c:
        c.exec_driver_sql("create table rollup_later (id serial primary key, n int)")
    try:
        with as_writer.begin() as c:
            c.exec_driver_sql("insert into rollup_later (n) values (7)")
        with as_reader.begin() as c:
            assert c.exec_driver_sql("select n from rollup_later").scalar_one() == 7
        with pytest.raises(ProgrammingError, match="permission denied"):
            with as_reader.begin() as c:
                c.exec_driver_sql("insert into rollup_later (n) values (8)")
    finally:
        with engine.begin() as c:
            c.exec_driver_sql("drop table rollup_later")


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
@pytest.mark.parametrize("who", ["reader", "writer"])
def test_no_application_role_writes_the_audit_table_directly(roles, who):
    """Before issue 13 the reader could insert audit rows (forging any actor and time) and the
    writer could delete them."""
    eng = roles[0] if who == "reader" else roles[1]
    audit.record(eng, "chutich", "login", "through the function", client="10.0.0.1")
    with eng.connect() as c:
        row = c.execute(
            select(audit_event.c.actor, audit_event.c.action, audit_event.c.client)
        ).one()
    assert tuple(row) == ("chutich", "login", "10.0.0.1")
    attempts = [
        insert(audit_event).values(at=text("now()"), actor="forged", action="login"),
        update(audit_event).values(actor="someone else"),
        delete(audit_event),
    ]
    for stmt in attempts:
        with pytest.raises(ProgrammingError, match="permission denied"):
            with eng.begin() as c:
                c.execute(stmt)
    with pytest.raises(ProgrammingError, match="permission denied"):
        with eng.begin() as c:
            c.exec_driver_sql("truncate audit_event")
    with eng.connect() as c:
        assert c.execute(select(audit_event.c.actor)).scalars().all() == ["chutich"]


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_even_the_owner_cannot_change_or_delete_audit_rows(engine):
    audit.record(engine, "admin", "export", "pack")
    for stmt in (update(audit_event).values(actor="x"), delete(audit_event)):
        with pytest.raises(DBAPIError, match="append-only"):
            with engine.begin() as c:
                c.execute(stmt)
    with engine.connect() as c:
        assert c.execute(select(audit_event.c.actor)).scalars().all() == ["admin"]


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_the_writer_keeps_the_unresolved_table_through_the_triggers(engine, roles):
    """The import role writes dossiers; dossier_unresolved (migration 31) follows through the
    triggers, which run as their owner: the writer needs no right on the table, and the
    reader reads it (the backlog at a day, 18/03/2024: A open, B resolved) but cannot write
    it."""
    from datetime import date

    from dashboard.storage.partitions import ensure_dossier_partitions
    from dashboard.storage.schema import dossier, dossier_unresolved
    from queries import on_time
    from queries.units import Scope
    from tests.test_imports import load_tiny
    from tests.test_partitions import a_dossier

    load_tiny(engine)
    as_reader, as_writer = roles
    with as_writer.begin() as c:
        ensure_dossier_partitions(c, [date(2024, 3, 1)])
        c.execute(insert(dossier).values(a_dossier("A", date(2024, 3, 2))))
        c.execute(insert(dossier).values(a_dossier("B", date(2024, 3, 3))))
        c.execute(
            update(dossier)
            .where(dossier.c.code == "B")
            .values(resolved_date=date(2024, 3, 5), status=10)
        )
    with as_reader.connect() as c:
        assert c.execute(select(dossier_unresolved.c.code)).scalars().all() == ["A"]
        backlog = on_time.backlog(c, date(2024, 3, 18), Scope("99"))
        assert int(backlog["pending_total"].iloc[0]) == 1
    with pytest.raises(ProgrammingError, match="permission denied"):
        with as_reader.begin() as c:
            c.execute(delete(dossier_unresolved))


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_an_import_leaves_the_rollups_vacuumed_and_the_writer_role_is_not_refused(engine, roles):
    """After an import commits, the tables its refresh rewrote are vacuumed
    (``rollups.vacuum``) so that the next page reads no dead rows. The writing role may not
    vacuum the owner's tables: PostgreSQL skips them with a warning, and its import stands."""
    from dashboard.storage.rollups import REWRITTEN
    from tests.test_imports import GOOD_HEADER, GOOD_ROWS, csv_bytes, imp, load_tiny

    def vacuumed(eng) -> set[str]:  # noqa: ANN001
        with eng.connect() as c:
            rows = c.execute(
                text("select relname from pg_stat_user_tables where last_vacuum is not null")
            )
            return {r[0] for r in rows} & set(REWRITTEN)

    load_tiny(engine)
    as_reader, as_writer = roles
    assert vacuumed(engine) == set()
    res = imp(as_writer, "dossiers", csv_bytes(GOOD_HEADER, GOOD_ROWS[:3]))
    assert res.written and res.added == 3
    assert vacuumed(engine) == set()  # not the writer's tables: skipped, nothing raised
    res = imp(engine, "dossiers", csv_bytes(GOOD_HEADER, GOOD_ROWS))
    assert res.written and res.added == 3
    assert vacuumed(engine) == set(REWRITTEN)
