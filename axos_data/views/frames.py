"""Polars frames from plain rows. Column types are named as text, so importing the views
(and `import axos_data`) does not import polars, which costs about 0.3 s; polars loads when
the first frame is built."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl


def rows_frame(rows: Sequence[dict], schema: dict[str, str]) -> pl.DataFrame:
    """A frame of `rows` with exactly the columns of `schema` ({"amount": "Decimal(18,2)"})."""
    import polars as pl

    types = {name: _dtype(pl, spec) for name, spec in schema.items()}
    return pl.DataFrame([{k: r[k] for k in schema} for r in rows], schema=types)


def _dtype(pl, spec: str):
    if spec.startswith("Decimal("):
        precision, scale = spec.removeprefix("Decimal(").removesuffix(")").split(",")
        return pl.Decimal(int(precision), int(scale))
    return getattr(pl, spec)
