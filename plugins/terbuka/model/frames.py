"""Typed ways over pandas frames, for the few places that walk rows.

pandas types a row of ``itertuples`` as a union of every scalar; our rows
hold what the schemas say (text, nullable integers, Decimal), so a walker
yields them as ``Any`` in one place instead of casting at every use.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd


def rows(frame: pd.DataFrame) -> Iterator[Any]:
    """Each row as a named tuple (columns as attributes)."""
    return frame.itertuples(index=False)
