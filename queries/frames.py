"""Frames of counts from statement results, typed once.

The count statements of the pages (on-time, satisfaction, backlog, due soon) return a few key
columns and many sums. Building the frame with ``from_records`` and then casting the sums as a
block cost ~1.5 ms a statement (~0.2 ms this way), and a page runs ten to thirty of them.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from sqlalchemy import Result


def count_frame(result: Result, counts: Iterable[str]) -> pd.DataFrame:
    """The rows of ``result`` as a frame: the ``counts`` columns int64 (a missing sum as 0;
    PostgreSQL's sums come as Decimal), the other columns typed as ``from_records`` types
    them (ints int64, ints with a None float64, text str, no rows object)."""
    names = list(result.keys())
    rows = result.all()
    counted = set(counts)
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    data: dict[str, object] = {}
    for name, values in zip(names, columns, strict=True):
        if name in counted:
            data[name] = np.fromiter(
                (0 if v is None else v for v in values), dtype=np.int64, count=len(values)
            )
        else:
            data[name] = pd.Series(list(values), dtype=None if values else object)
    return pd.DataFrame(data)
