"""The Alembic migrations build exactly the schema in dashboard/schema.py, on both backends."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from dashboard.storage.schema import metadata


def test_migrations_match_schema(engine):
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_upgrade_fills_the_coarse_rollup(backend, tmp_path_factory):
    """A database at revision 0002 with monthly rollups gets rollup_unit_month filled."""
    from alembic import command
    from sqlalchemy import select, text

    from dashboard.storage.db import alembic_config, make_engine
    from dashboard.storage.schema import rollup_unit_month
    from tests.conftest import new_database

    url, drop = new_database(backend, tmp_path_factory)
    eng = make_engine(url)
    cfg = alembic_config()
    try:
        with eng.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0002")
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
        with eng.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
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
