"""Reform-model rollouts (model × unit) for the briefing line and the trend annotations.

Grain: one row per rollout. A rollout is active from its launch until it is stopped; a review
is overdue when its planned date has passed and no real date is recorded.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Connection, and_, func, or_, select

from dashboard.schema import reform_model, rollout
from queries.units import recorded_unit_ids


def launch_events(conn: Connection, unit_code: str | None, historical: bool = False
                  ) -> pd.DataFrame:
    """Model launches in the scope: date, model name, unit id (for chart annotations)."""
    ids = recorded_unit_ids(conn, unit_code, historical)
    stmt = (
        select(rollout.c.launched_on, reform_model.c.name, rollout.c.unit_id)
        .join(reform_model, reform_model.c.id == rollout.c.model_id)
        .where(rollout.c.unit_id.in_(ids), rollout.c.launched_on.is_not(None))
        .order_by(rollout.c.launched_on)
    )
    return pd.DataFrame(conn.execute(stmt).all(), columns=["launched_on", "model", "unit_id"])


def summary(conn: Connection, as_of: date, unit_code: str | None, historical: bool = False
            ) -> dict[str, int]:
    """Active rollouts and units running one at ``as_of``; reviews overdue by then."""
    ids = recorded_unit_ids(conn, unit_code, historical)
    active = and_(
        rollout.c.launched_on <= as_of,
        or_(rollout.c.stopped_on.is_(None), rollout.c.stopped_on > as_of),
    )
    overdue = or_(
        and_(rollout.c.planned_preliminary_review_on < as_of,
             or_(rollout.c.preliminary_review_on.is_(None),
                 rollout.c.preliminary_review_on > as_of)),
        and_(rollout.c.planned_final_review_on < as_of,
             or_(rollout.c.final_review_on.is_(None), rollout.c.final_review_on > as_of)),
    )
    not_stopped = or_(rollout.c.stopped_on.is_(None), rollout.c.stopped_on > as_of)
    row = conn.execute(
        select(
            func.count().filter(active),
            func.count(func.distinct(rollout.c.unit_id)).filter(active),
            func.count().filter(and_(overdue, not_stopped)),
        ).where(rollout.c.unit_id.in_(ids))
    ).one()
    return {"running": int(row[0]), "units": int(row[1]), "overdue_reviews": int(row[2])}
