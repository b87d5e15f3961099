"""Values derived from a dossier's dates, computed once when a dossier is written.

Kept in Python so that every writer (seed, import) derives them the same way and every query
compares plain dates, portably across SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date

from dashboard.domain.workdays import WorkCalendar


def effective_due_date(
    appointment: date, supplement_wait_days: int, calendar: WorkCalendar
) -> date:
    """The portal's deadline: the appointment date moved by the *working* days spent waiting
    for the citizen's supplement (DOMAIN.md; ``calendar``: the holiday register,
    ``dashboard.storage.registers.calendar(conn)``). An appointment on Friday with two days
    of waiting is due on Tuesday, not on Sunday; a holiday in between moves it one more day."""
    return calendar.add_working_days(appointment, max(0, supplement_wait_days or 0))


def processing_days(received: date, resolved: date | None) -> int | None:
    return None if resolved is None else (resolved - received).days


def timeliness(resolved: date, due: date) -> str:
    """early (trước hạn), on_time (đúng hạn, on the due day) or late (quá hạn)."""
    if resolved < due:
        return "early"
    if resolved == due:
        return "on_time"
    return "late"
