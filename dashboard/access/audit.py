"""Record who did what and when: logins, imports, exports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, insert

from dashboard.storage.schema import audit_event


def record(engine: Engine, actor: str, action: str, detail: str | None = None) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(audit_event).values(
                at=datetime.now().replace(microsecond=0),
                actor=actor or "?",
                action=action,
                detail=detail,
            )
        )
