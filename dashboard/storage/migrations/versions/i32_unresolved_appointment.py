"""PostgreSQL: dossier_unresolved keeps the appointment date too (issue 18)

Revision ID: 32_unresolved_appointment
Revises: 31_dossier_unresolved_table

The late list (``queries.on_time.late_dossiers``) shows each overdue dossier's appointment
date. Its pending part read the unresolved dossiers from every monthly partition of
``dossier`` (one condition with ORs, ~72 partitions probed: a commune's list at 10M dossiers,
~39 ms); with the appointment date in ``dossier_unresolved`` it reads them there, as the
backlog does, and the parts resolved later keep to the months that can hold them.

The triggers' function and ``dossier_add_partition`` copy the column list: both are made again
from 31's released text with the column added (31's text is restored on downgrade).
SQLite: nothing changes.
"""

import importlib.util
from pathlib import Path

from alembic import op

revision = "32_unresolved_appointment"
down_revision = "31_dossier_unresolved_table"
branch_labels = None
depends_on = None


def _released_31():  # noqa: ANN202 - the module of migration 31
    path = Path(__file__).with_name("i31_dossier_unresolved_table.py")
    spec = importlib.util.spec_from_file_location("_migration_31", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_M31 = _released_31()
COLUMNS = _M31.COLUMNS + ", appointment_date"

# 31's two functions (the triggers themselves stay: they call the functions by name).
FUNCTIONS_BEFORE = _M31.TRIGGERS[: _M31.TRIGGERS.index("create trigger")]
FUNCTIONS = FUNCTIONS_BEFORE.replace(_M31.COLUMNS, COLUMNS).replace(
    "new.apology_letter);", "new.apology_letter, new.appointment_date);"
)
ADD_PARTITION = _M31.ADD_PARTITION.replace(_M31.COLUMNS, COLUMNS)
assert FUNCTIONS.count("appointment_date") == 2 and ADD_PARTITION.count("appointment_date") == 2


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("alter table dossier_unresolved add column appointment_date date")
    op.execute(
        "update dossier_unresolved u set appointment_date = d.appointment_date"
        " from dossier d where d.id = u.id and d.resolved_date is null"
    )
    op.execute("alter table dossier_unresolved alter column appointment_date set not null")
    op.execute(FUNCTIONS)
    op.execute(ADD_PARTITION)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FUNCTIONS_BEFORE)
    op.execute(_M31.ADD_PARTITION)
    op.execute("alter table dossier_unresolved drop column appointment_date")
