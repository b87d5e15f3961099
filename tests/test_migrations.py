"""The Alembic migrations build exactly the schema in dashboard/schema.py, on both backends."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from dashboard.schema import metadata


def test_migrations_match_schema(engine):
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []
