"""queries.frames.count_frame types a statement's rows as the count queries expect."""

from decimal import Decimal

import pandas as pd
import pandas.testing as pdt
import pytest
from sqlalchemy import create_engine, text

from queries.frames import count_frame


@pytest.fixture
def conn():
    eng = create_engine("sqlite://")
    with eng.connect() as c:
        yield c


def _result(conn, rows: list[tuple], names: list[str]):  # noqa: ANN001, ANN202
    """A real Result with these rows (SQLite VALUES), columns named ``names``."""
    if not rows:
        cols = ", ".join(f"1 AS {n}" for n in names)
        return conn.execute(text(f"SELECT {cols} WHERE 0"))
    values = ", ".join(
        "(" + ", ".join(f":v{i}_{j}" for j in range(len(names))) + ")" for i in range(len(rows))
    )
    params = {f"v{i}_{j}": v for i, r in enumerate(rows) for j, v in enumerate(r)}
    cols = ", ".join(f"column{j + 1} AS {n}" for j, n in enumerate(names))
    return conn.execute(text(f"SELECT {cols} FROM (VALUES {values})"), params)


def test_counts_are_int64_and_a_missing_sum_is_zero(conn):
    df = count_frame(_result(conn, [(7, 2, None), (9, 5, 3)], ["unit_id", "a", "b"]), ["a", "b"])
    expected = pd.DataFrame({"unit_id": [7, 9], "a": [2, 5], "b": [0, 3]}, dtype="int64")
    pdt.assert_frame_equal(df, expected)


def test_keys_are_typed_as_from_records_types_them(conn):
    # A key with a missing value (responses without a field): float64 with NaN.
    df = count_frame(_result(conn, [(None, 2), (3, 4)], ["field_id", "a"]), ["a"])
    assert df["field_id"].dtype == "float64" and df["field_id"].isna().tolist() == [True, False]
    # Text keys (a rating channel; SQLite's months): str.
    df = count_frame(_result(conn, [("kiosk", 2), ("qr", 4)], ["channel", "a"]), ["a"])
    assert df["channel"].dtype == "str" and df["channel"].tolist() == ["kiosk", "qr"]


def test_no_rows_keeps_the_columns(conn):
    df = count_frame(_result(conn, [], ["unit_id", "a"]), ["a"])
    assert list(df.columns) == ["unit_id", "a"] and len(df) == 0
    assert df["a"].dtype == "int64" and df["unit_id"].dtype == "object"


def test_decimal_sums_become_integers():
    """PostgreSQL's sum() comes as Decimal: the counts are plain int64 all the same."""

    class FakeResult:
        def keys(self):  # noqa: ANN202
            return ["unit_id", "a"]

        def all(self):  # noqa: ANN202
            return [(1, Decimal("12")), (2, Decimal("0"))]

    df = count_frame(FakeResult(), ["a"])
    assert df["a"].dtype == "int64" and df["a"].tolist() == [12, 0]
