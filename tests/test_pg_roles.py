"""PostgreSQL: the dashboard reads through a role that cannot write; imports use another."""

import uuid

import pytest
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.exc import ProgrammingError

from dashboard.storage.db import create_pg_roles
from dashboard.storage.schema import audit_event, field


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_reader_cannot_write(engine):
    tag = uuid.uuid4().hex[:8]
    reader, writer = f"oversight_reader_{tag}", f"oversight_writer_{tag}"
    create_pg_roles(engine, reader, writer)
    create_pg_roles(engine, reader, writer)  # again: no error, nothing new
    base = engine.url
    try:
        as_reader = create_engine(base.set(username=reader))
        as_writer = create_engine(base.set(username=writer))
        with as_reader.begin() as c:
            assert c.execute(select(field)).all() == []
            c.execute(insert(audit_event).values(at=text("now()"), actor="x", action="login"))
        with pytest.raises(ProgrammingError, match="permission denied"):
            with as_reader.begin() as c:
                c.execute(insert(field).values(code="X", name_vi="X", name_en="X"))
        with as_writer.begin() as c:
            c.execute(insert(field).values(code="X", name_vi="X", name_en="X"))
        as_reader.dispose()
        as_writer.dispose()
    finally:
        with engine.begin() as c:
            for role in (reader, writer):
                c.exec_driver_sql(f'drop owned by "{role}"')
                c.exec_driver_sql(f'drop role "{role}"')
