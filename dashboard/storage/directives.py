"""Writing the directive register: record a directive, record its progress. Never delete.

The dashboard's first records written from the web (and by ``oversight directive``), so:
- *validated like imports*: every value is checked and each problem is reported with the
  field it concerns (``dashboard.importers.core.Problem``, row None); nothing is written when
  there is one;
- *scoped*: the engine the caller passes is restricted to the acting user's units
  (``queries.units.restricted``); a unit or directive outside them raises ``ScopeDenied``;
- *audited*: who, when and what changed goes to the audit record
  (``dashboard.access.audit.record``: ``directive_add``, ``directive_update``);
- *seen at once by every dashboard process*: each write moves the data version on in its own
  transaction (``dashboard.storage.db.bump_data_version``), as an import does;
- *through the writing role*: callers pass ``dashboard.storage.db.writer_engine()``
  (restricted); on PostgreSQL the reading role may not write these tables, and no role may
  delete a directive (cancel it instead) or change a note (migration 17_directives).

The baseline is the indicator's value over the period given, read from the subject's own
headline (``queries.directives.figure``) when the directive is recorded.
"""

from __future__ import annotations

import math
from datetime import date, datetime

from sqlalchemy import Engine, insert, select, update

from dashboard.access import audit
from dashboard.domain.periods import PeriodError
from dashboard.importers.core import Problem
from dashboard.storage.db import bump_data_version
from dashboard.storage.schema import admin_unit, department, directive, directive_note, field
from queries import directives as dq
from queries.units import Scope, ScopeDenied, allowed_unit_ids, unit_tree

MAX_TEXT = 2000
MAX_MEETING = 200
RECORDED = ("open", "done", "cancelled")


class DirectiveInvalid(ValueError):
    """One or more problems; nothing was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(f"{p.column}: {p.reason('en')}" for p in problems))
        self.problems = problems

    def lines(self, lang: str = "vi") -> list[str]:
        from dashboard.i18n import t

        return [f"{t('dir_f_' + (p.column or ''), lang)}: {p.reason(lang)}" for p in self.problems]


def _problem(col: str, value, code: str, **params) -> Problem:  # noqa: ANN001
    return Problem(None, col, None if value is None else str(value)[:200], code, params)


def _date(col: str, v, problems: list[Problem]) -> date | None:  # noqa: ANN001
    if v is None or v == "":
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v).strip())
    except ValueError:
        problems.append(_problem(col, v, "dir_bad_date"))
        return None


def _number(col: str, v, problems: list[Problem]) -> float | None:  # noqa: ANN001
    if v is None or v == "":
        return None
    try:
        x = float(str(v).strip().replace(",", ".")) if not isinstance(v, (int, float)) else v
    except ValueError:
        problems.append(_problem(col, v, "dir_bad_number"))
        return None
    if not math.isfinite(x):
        problems.append(_problem(col, v, "dir_bad_number"))
        return None
    return float(x)


def _text(col: str, v, limit: int, problems: list[Problem], required: bool = True) -> str | None:  # noqa: ANN001
    s = ("" if v is None else str(v)).strip()
    if not s:
        if required:
            problems.append(_problem(col, v, "dir_required"))
        return None
    if len(s) > limit:
        problems.append(_problem(col, s[:40] + "…", "dir_too_long", n=limit))
        return None
    return s


def add(
    engine: Engine,
    actor: str,
    *,
    text: str,
    unit: str,
    due: date | str,
    meeting: str,
    meeting_date: date | str | None = None,
    indicator: str | None = None,
    period: str | None = None,
    field_code: str | None = None,
    target: float | str | None = None,
    department_name: str | None = None,
    today: date,
    os_user: str | None = None,
    client: str | None = None,
) -> int:
    """Record a directive; returns its id. ``engine``: the writer engine restricted to the
    actor's units. Raises DirectiveInvalid (nothing written) or ScopeDenied."""
    problems: list[Problem] = []
    text_ = _text("text", text, MAX_TEXT, problems)
    meeting_ = _text("meeting", meeting, MAX_MEETING, problems)
    given = _date("meeting_date", meeting_date, problems) or today
    if given > today:
        problems.append(_problem("meeting_date", given, "dir_future"))
    due_ = _date("due", due, problems)
    if due is None or due == "":
        problems.append(_problem("due", due, "dir_required"))
    elif due_ is not None and due_ < given:
        problems.append(_problem("due", due_, "dir_due_before_meeting", day=given))
    target_ = _number("target", target, problems)
    indicator = (indicator or "").strip() or None
    if indicator is not None and indicator not in dq.INDICATORS:
        problems.append(
            _problem("indicator", indicator, "dir_bad_indicator", valid=list(dq.INDICATORS))
        )
        indicator = None
    if target_ is not None and indicator is None:
        problems.append(_problem("target", target, "dir_target_without_indicator"))
    if indicator and target_ is not None:
        kind = dq.INDICATORS[indicator].kind
        if target_ < 0 or (kind == "pct" and target_ > 100):
            problems.append(_problem("target", target, f"dir_target_range_{kind}"))
    base_period = None
    if indicator:
        try:
            base_period = dq.parse_period((period or "").strip()) if period else None
        except PeriodError:
            problems.append(_problem("period", period, "dir_bad_period"))
        if not period:
            problems.append(_problem("period", period, "dir_required"))
        elif base_period is not None and base_period.start > given:
            problems.append(_problem("period", period, "dir_period_after_meeting", day=given))

    with engine.connect() as conn:
        tree = unit_tree(conn)
        node = tree.get((unit or "").strip()) if unit else None
        unit_id = None
        if not unit:
            problems.append(_problem("unit", unit, "dir_required"))
        elif node is None:
            problems.append(_problem("unit", unit, "dir_unknown_unit"))
        elif not node.is_current:
            problems.append(_problem("unit", unit, "dir_ended_unit"))
        else:
            allowed = allowed_unit_ids(conn)
            if allowed is not None and node.id not in allowed:
                raise ScopeDenied(unit)
            unit_id = node.id
        dep_id = None
        if department_name and str(department_name).strip() and unit_id is not None:
            owners = [unit_id, *tree.ancestors(unit_id)]
            dep_id = conn.execute(
                select(department.c.id).where(
                    department.c.name == str(department_name).strip(),
                    department.c.unit_id.in_(owners),
                )
            ).scalar()
            if dep_id is None:
                problems.append(_problem("department", department_name, "dir_unknown_department"))
        field_id = None
        if field_code:
            field_id = conn.execute(
                select(field.c.id).where(field.c.code == str(field_code).strip())
            ).scalar()
            if field_id is None:
                problems.append(_problem("field", field_code, "dir_unknown_field"))
            elif indicator and dq.INDICATORS[indicator].subject != "on_time":
                problems.append(_problem("field", field_code, "dir_field_not_on_time"))
        if problems:
            raise DirectiveInvalid(problems)
        baseline = None
        if indicator and base_period is not None:
            baseline = dq.value(
                conn, indicator, base_period, Scope(node.code, field_code=field_code or None)
            )
    now = datetime.now().replace(microsecond=0)
    with engine.begin() as conn:
        new_id = conn.execute(
            insert(directive).values(
                text=text_,
                unit_id=unit_id,
                department_id=dep_id,
                indicator=indicator,
                field_id=field_id,
                baseline_period=base_period.label if base_period is not None else None,
                baseline=baseline,
                target=target_,
                due_date=due_,
                meeting=meeting_,
                meeting_date=given,
                status="open",
                created_by=actor,
                created_at=now,
            )
        ).inserted_primary_key[0]
        bump_data_version(conn)  # every dashboard process reads afresh (issue 18)
    detail = (
        f"directive {new_id}: unit={node.code} indicator={indicator or '-'}"
        f" field={field_code or '-'} period={base_period.label if base_period else '-'}"
        f" baseline={_fmt(baseline)} target={_fmt(target_)} due={due_}"
        f" meeting={meeting_!r} on {given} department={department_name or '-'} text={text_!r}"
    )
    audit.record(engine, actor, "directive_add", detail[:2000], os_user=os_user, client=client)
    return int(new_id)


def update_directive(
    engine: Engine,
    actor: str,
    directive_id: int,
    *,
    today: date,
    status: str | None = None,
    note: str | None = None,
    noted_on: date | str | None = None,
    due: date | str | None = None,
    target: float | str | None = None,
    os_user: str | None = None,
    client: str | None = None,
) -> list[str]:
    """Record progress: a dated note, a new status (open, done, cancelled), a new due date or
    target. Returns what changed, as the audit record has it. A cancelled directive stays
    cancelled; cancelling needs a note saying why. Raises DirectiveInvalid, ScopeDenied or
    LookupError (no such directive)."""
    problems: list[Problem] = []
    with engine.connect() as conn:
        row = conn.execute(select(directive).where(directive.c.id == int(directive_id))).first()
        if row is None:
            raise LookupError(directive_id)
        allowed = allowed_unit_ids(conn)
        if allowed is not None and int(row.unit_id) not in allowed:
            raise ScopeDenied(f"directive {directive_id}")
        unit_code = conn.execute(
            select(admin_unit.c.code).where(admin_unit.c.id == row.unit_id)
        ).scalar()
    given = dq._as_date(row.meeting_date)
    note_ = _text("note", note, MAX_TEXT, problems, required=False)
    on = _date("noted_on", noted_on, problems) or today
    if on > today:
        problems.append(_problem("noted_on", on, "dir_future"))
    elif on < given:
        problems.append(_problem("noted_on", on, "dir_note_before_meeting", day=given))
    if status is not None and status not in RECORDED:
        problems.append(_problem("status", status, "dir_bad_status", valid=list(RECORDED)))
        status = None
    if row.status == "cancelled" and status not in (None, "cancelled"):
        problems.append(_problem("status", status, "dir_cancelled_final"))
    if status == "cancelled" and row.status != "cancelled" and not note_:
        problems.append(_problem("note", note, "dir_cancel_needs_note"))
    due_ = _date("due", due, problems)
    if due_ is not None and due_ < given:
        problems.append(_problem("due", due_, "dir_due_before_meeting", day=given))
    target_ = _number("target", target, problems)
    if target_ is not None:
        if not row.indicator:
            problems.append(_problem("target", target, "dir_target_without_indicator"))
        else:
            kind = dq.INDICATORS[row.indicator].kind
            if target_ < 0 or (kind == "pct" and target_ > 100):
                problems.append(_problem("target", target, f"dir_target_range_{kind}"))
    if problems:
        raise DirectiveInvalid(problems)
    changes: dict = {}
    said: list[str] = []
    if status is not None and status != row.status:
        changes["status"] = status
        changes["closed_on"] = on if status in ("done", "cancelled") else None
        said.append(f"status {row.status}->{status}")
    old_due = dq._as_date(row.due_date)
    if due_ is not None and due_ != old_due:
        changes["due_date"] = due_
        said.append(f"due {old_due}->{due_}")
    if target_ is not None and target_ != row.target:
        changes["target"] = target_
        said.append(f"target {_fmt(row.target)}->{_fmt(target_)}")
    if note_:
        said.append(f"note on {on}: {note_!r}")
    if not said:
        raise DirectiveInvalid([_problem("note", None, "dir_nothing_to_update")])
    now = datetime.now().replace(microsecond=0)
    with engine.begin() as conn:
        if changes:
            conn.execute(
                update(directive)
                .where(directive.c.id == int(directive_id))
                .values(updated_by=actor, updated_at=now, **changes)
            )
        if note_ or "status" in changes:
            conn.execute(
                insert(directive_note).values(
                    directive_id=int(directive_id),
                    noted_on=on,
                    text=note_ or "",
                    status=changes.get("status"),
                    noted_by=actor,
                    noted_at=now,
                )
            )
        bump_data_version(conn)
    detail = f"directive {directive_id} (unit={unit_code}): " + "; ".join(said)
    audit.record(engine, actor, "directive_update", detail[:2000], os_user=os_user, client=client)
    return said


def _fmt(v) -> str:  # noqa: ANN001
    return "-" if v is None else f"{float(v):g}"
