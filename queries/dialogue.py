"""Dialogue sessions and their petitions, for the briefing line.

Grain: sessions held in the period; petitions raised in those sessions, their state at the
period's end: resolved (by then), open, and overdue (open past the deadline).
"""

from __future__ import annotations

from sqlalchemy import Connection, and_, func, or_, select

from dashboard.periods import Period
from dashboard.schema import dialogue_session, petition
from queries.units import recorded_unit_ids


def summary(conn: Connection, period: Period, unit_code: str | None, historical: bool = False
            ) -> dict[str, int]:
    ids = recorded_unit_ids(conn, unit_code, historical)
    end = period.end
    in_period = and_(
        dialogue_session.c.unit_id.in_(ids),
        dialogue_session.c.held_on >= period.start,
        dialogue_session.c.held_on <= end,
    )
    sessions = conn.execute(
        select(func.count()).select_from(dialogue_session).where(in_period)
    ).scalar_one()
    is_open = or_(petition.c.resolved_on.is_(None), petition.c.resolved_on > end)
    row = conn.execute(
        select(
            func.count(),
            func.count().filter(petition.c.answered_on_spot.is_(True)),
            func.count().filter(and_(petition.c.answered_on_spot.is_(False), is_open)),
            func.count().filter(and_(petition.c.answered_on_spot.is_(False), is_open,
                                     petition.c.deadline < end)),
        )
        .select_from(petition.join(dialogue_session,
                                   dialogue_session.c.id == petition.c.session_id))
        .where(in_period)
    ).one()
    return {"sessions": int(sessions), "petitions": int(row[0]), "on_spot": int(row[1]),
            "open": int(row[2]), "overdue": int(row[3])}
