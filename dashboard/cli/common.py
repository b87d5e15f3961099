"""What every ``oversight`` command shares: the one-line error, the acting user and the record
of what they did, the engine restricted to that user's units, and printing a table as text,
JSON or CSV."""

from __future__ import annotations

import json
import sys

import pandas as pd

from dashboard.domain.escape import cells
from dashboard.storage.db import check_connection, get_engine, writer_engine
from queries.units import restricted


class CliError(Exception):
    """A user mistake: printed as one line, exit code 2."""


# The user an ``--as USER`` run acts for: every query is restricted to their units.
_acting: dict[str, object] = {"user": None}


def set_acting_user(user) -> None:  # noqa: ANN001 - a dashboard.access.users.User or None
    _acting["user"] = user


def acting_user():  # noqa: ANN201
    """The user of ``--as``, or None for the operator (shell access is database access)."""
    return _acting["user"]


def actor() -> tuple[str, str]:
    """(actor, operating-system user) for the audit record: the ``--as`` user when given,
    else the operating-system user; never a name typed as an option."""
    from dashboard.access.audit import os_user

    who = os_user()
    user = acting_user()
    return (user.username if user is not None else who), who


def record(action: str, detail: str | None = None, engine=None) -> None:  # noqa: ANN001
    """Add to the audit record as the acting user (with the operating-system user beside)."""
    from dashboard.access import audit

    name, who = actor()
    audit.record(engine or get_engine(), name, action, detail, os_user=who)


def engine(ready: bool = True, write: bool = False):
    """The engine, restricted to the acting user's units when ``--as`` is given. ``ready``:
    the database must be set up (migrated, registers loaded), else one line says what to
    run (``init-db`` and ``seed`` set it up themselves). ``write``: the writing role's engine
    (``OVERSIGHT_IMPORT_DATABASE_URL`` when set), for records written outside imports."""
    eng = writer_engine() if write else get_engine()
    if ready:
        from dashboard.storage.registers import NotReady, check_ready

        url = eng.url
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            from pathlib import Path

            if not Path(url.database).exists():
                raise CliError(f"no database at {url.database}: run `oversight init-db`")
        check_connection(eng)
        try:
            check_ready(eng)
        except NotReady as exc:
            raise CliError(str(exc)) from None
    else:
        check_connection(eng)
    user = acting_user()
    return restricted(eng, user.unit) if user is not None else eng


def require_within(conn, code: str, scope, what: str) -> None:  # noqa: ANN001
    """``--unit`` narrows a command about one record (a session, a rollout) filed at the unit
    ``code``: a record outside it is refused with a line that names where it is, never shown
    under the unit asked for."""
    from queries.units import all_units, recorded_unit_ids

    if scope.unit_code is None:
        return
    units = all_units(conn).set_index("code")
    if int(units.at[code, "id"]) in recorded_unit_ids(conn, scope.unit_code, scope.historical):
        return
    raise CliError(
        f"{what} is at {units.at[code, 'name']} ({code}), not within unit {scope.unit_code}"
    )


def print_frame(df: pd.DataFrame, fmt: str, out=None) -> None:  # noqa: ANN001
    out = out or sys.stdout
    df = df.copy()
    for c in df.columns:
        if df[c].dtype.kind == "f":
            df[c] = df[c].round(2)
    if fmt == "json":
        print(
            json.dumps(
                json.loads(df.to_json(orient="records", date_format="iso", force_ascii=False)),
                ensure_ascii=False,
                indent=2,
            ),
            file=out,
        )
    elif fmt == "csv":
        # A unit or procedure name beginning with "=" must open as text in a spreadsheet.
        out.write(cells(df).to_csv(index=False))
    elif df.empty:
        # pandas prints "Empty DataFrame / Columns: [...]", which reads like a crash.
        print("(no rows)", file=out)
    else:
        # A figure that does not exist (no data, not determined) reads as a dash, not NaN/None.
        shown = df.astype(object).where(df.notna(), "–")
        print(shown.to_string(index=False), file=out)
