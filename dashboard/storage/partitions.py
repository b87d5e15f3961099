"""Monthly partitions of the dossier table on PostgreSQL (issue 18).

Migration ``18_dossier_partitions`` partitions ``dossier`` by month of ``received_date``: one
partition a month, ``dossier_pYYYY_MM``, and ``dossier_default`` for months without one. Every
writer of dossiers (the importer, the sample-data generator) calls
``ensure_dossier_partitions`` with the months it is about to write, in its own transaction,
before writing them. A missing month is made by ``dossier_add_partition(date)`` (a SECURITY
DEFINER function of the migration, so the import role may call it without owning the table),
which moves that month's rows out of the default partition if any wait there.

On SQLite, or on a PostgreSQL table that is not partitioned, nothing happens.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import Connection, text

PARENT = "dossier"
DEFAULT_PARTITION = "dossier_default"


def partition_name(month: date) -> str:
    """The partition holding ``month``'s dossiers: dossier_p2026_03."""
    return f"{PARENT}_p{month.year:04d}_{month.month:02d}"


def is_partitioned(conn: Connection) -> bool:
    if conn.dialect.name != "postgresql":
        return False
    return bool(
        conn.execute(
            text(
                "select exists (select 1 from pg_partitioned_table"
                " where partrelid = to_regclass(:t))"
            ),
            {"t": PARENT},
        ).scalar()
    )


def dossier_partitions(conn: Connection) -> list[str]:
    """The names of the dossier table's partitions, sorted (the default one included)."""
    if not is_partitioned(conn):
        return []
    return sorted(
        conn.execute(
            text(
                "select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid"
                " where i.inhparent = to_regclass(:t)"
            ),
            {"t": PARENT},
        ).scalars()
    )


def ensure_dossier_partitions(conn: Connection, months: Iterable[date | None]) -> list[str]:
    """Make the monthly partitions missing for the months of ``months`` (any day of the
    month will do; None is skipped). Returns the names of the partitions it made.

    Runs in the caller's transaction: the new partitions (and the rows moved out of the
    default partition) commit or roll back with the rows written next. Making a partition
    locks the dossier table until that transaction ends; it happens once a month."""
    firsts = sorted({date(m.year, m.month, 1) for m in months if m is not None})
    if not firsts or not is_partitioned(conn):
        return []
    have = set(dossier_partitions(conn))
    made = []
    for first in firsts:
        name = partition_name(first)
        if name in have:
            continue
        if conn.execute(text("select dossier_add_partition(:m)"), {"m": first}).scalar():
            made.append(name)
    return made


def premake_partitions(conn: Connection, today: date, ahead: int = 2) -> list[str]:
    """This month's partition and the next ``ahead`` months', made in a short transaction of
    their own (``oversight init-db``; a monthly run keeps ahead), so that an import of a new
    month does not make one inside its long transaction, locking the dossier table against
    every page's reads until it commits. Returns the names made."""
    from dashboard.domain.periods import add_months

    first = date(today.year, today.month, 1)
    return ensure_dossier_partitions(conn, [add_months(first, i) for i in range(ahead + 1)])
