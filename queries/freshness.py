"""How fresh the database the pages read is (issue 18): on a PostgreSQL streaming replica, when
it last caught up with the primary and how far behind it is now.

Definitions:
- a database is a *replica* when PostgreSQL reports it in recovery (``pg_is_in_recovery()``);
  SQLite and a primary are not, and have no lag;
- a replica has *caught up* at a moment when it has replayed all the WAL it has received while
  its WAL receiver is streaming from the primary: then it caught up *now*. Otherwise (replay
  paused or behind, or the primary unreachable) it last caught up when it replayed its last
  transaction (``pg_last_xact_replay_timestamp()``, the commit time on the primary);
- *lag* = now − caught up at, in seconds (0 when caught up now); unknown (None) on a replica
  that has replayed no transaction since it started.

Grain: one row, the database as a whole. Read through the pages' connection
(``DATABASE_READ_URL``), one statement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, text


@dataclass(frozen=True)
class Freshness:
    is_replica: bool
    caught_up_at: datetime | None  # on the database server's clock, without a time zone
    lag_seconds: float | None  # 0 on a primary or SQLite, or a replica caught up now
    streaming: bool


REPLICA_STATE = text(
    """
    select pg_is_in_recovery() as is_replica,
           localtimestamp as now,
           pg_last_wal_receive_lsn() is not null
             and pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() as replayed_all,
           (select status from pg_stat_wal_receiver limit 1) as receiver,
           pg_last_xact_replay_timestamp() at time zone current_setting('TimeZone') as replayed_at
    """
)


def freshness(conn: Connection) -> Freshness:
    """Whether the connection reads a replica, and its catch-up time and lag."""
    if conn.dialect.name != "postgresql":
        return Freshness(False, None, 0.0, False)
    row = conn.execute(REPLICA_STATE).mappings().one()
    if not row["is_replica"]:
        return Freshness(False, row["now"], 0.0, False)
    return state(
        now=row["now"],
        replayed_all=bool(row["replayed_all"]),
        streaming=row["receiver"] == "streaming",
        replayed_at=row["replayed_at"],
    )


def state(
    now: datetime, replayed_all: bool, streaming: bool, replayed_at: datetime | None
) -> Freshness:
    """The rule above, given what a replica reports."""
    if replayed_all and streaming:
        return Freshness(True, now, 0.0, True)
    if replayed_at is None:
        return Freshness(True, None, None, streaming)
    return Freshness(True, replayed_at, max(0.0, (now - replayed_at).total_seconds()), streaming)
