"""What every invariant check is made of: the `Problem` it reports, the named `Check`, and
reading a check's rows from queries/integrity.sql."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

from axos_data import queries
from axos_data.access import Con, fetch_rows


@dataclass(frozen=True)
class Problem:
    """One broken rule: which check found it, the order it concerns (if any), and a
    Norwegian sentence saying what is wrong."""

    check: str
    order_no: int | None
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Check:
    """A named rule: `name` is a stable key (JSON, --only), `label` the Norwegian heading."""

    name: str
    label: str
    run: Callable[[Con], list[Problem]]


def query_rows(con: Con, name: str, params: dict | None = None) -> list[dict]:
    return fetch_rows(con, queries.sql(name), params or {})
