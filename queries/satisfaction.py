"""Citizen satisfaction, for the briefing line.

Satisfaction rate = (rất hài lòng + hài lòng) / responses, i.e. overall rating 5 or 4, over
responses dated in the period; the count of responses goes with it.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from dashboard.periods import Period
from dashboard.schema import satisfaction_response as sr
from queries.units import recorded_unit_ids


def summary(conn: Connection, period: Period, unit_code: str | None, historical: bool = False
            ) -> dict[str, float | int | None]:
    ids = recorded_unit_ids(conn, unit_code, historical)
    n, ok = conn.execute(
        select(func.count(), func.count().filter(sr.c.overall >= 4)).where(
            sr.c.unit_id.in_(ids), sr.c.responded_on >= period.start,
            sr.c.responded_on <= period.end,
        )
    ).one()
    return {"responses": int(n), "satisfied": int(ok),
            "rate": (100.0 * ok / n) if n else None}
