"""Whitelisted sort columns of the order list (no polars here: the CLI lists them in its
help without loading the dataframe stack)."""

from __future__ import annotations

from dataclasses import dataclass

from axos_data import limits, queries
from axos_data.errors import InvalidChoice

# Sort name -> (SQL expression, the join block in queries/order_list.sql it needs).
SORT_COLUMNS = {
    "order_no": ("o.order_no", "sort_join_none"),
    "title": ("o.title", "sort_join_none"),
    "status": ("s.position", "sort_join_status"),
    "customer_name": ("c.name", "sort_join_customer"),
    "contact_name": ("ct.name", "sort_join_contact"),
    "our_contact_name": ("e.name", "sort_join_employee"),
    "project_name": ("pr.name", "sort_join_project"),
    "order_date": ("o.order_date", "sort_join_none"),
    "delivery_date": ("o.delivery_date", "sort_join_none"),
    "customer_ref": ("o.customer_ref", "sort_join_none"),
    "net_total": ("o.net_total", "sort_join_none"),
    "vat_total": ("o.vat_total", "sort_join_none"),
    "total": ("o.total", "sort_join_none"),
    "created_at": ("o.created_at", "sort_join_none"),
    "updated_at": ("o.updated_at", "sort_join_none"),
}
DEFAULT_SORT = "-order_no"
MAX_PAGE = limits.NUMBER_RANGES["Antall per side"][1]


@dataclass(frozen=True)
class Sort:
    """A whitelisted sort: "column" or "-column" (descending); order number breaks ties."""

    name: str
    descending: bool

    @classmethod
    def parse(cls, sort: str | None) -> Sort:
        text = (sort or DEFAULT_SORT).strip()
        name = text.lstrip("-+")
        if name not in SORT_COLUMNS:
            raise InvalidChoice(
                f"Kan ikke sortere på «{name}». Velg en av: {', '.join(SORT_COLUMNS)}."
            )
        return cls(name, text.startswith("-"))

    @property
    def direction(self) -> str:
        return "DESC" if self.descending else "ASC"

    def identifiers(self) -> dict[str, str]:
        """The whitelisted SQL pieces queries/order_list.sql takes for this sort."""
        expression, join = SORT_COLUMNS[self.name]
        d = self.direction
        return {
            "sort_key": expression,
            "sort_join": queries.sql(join),
            "order_by": f"sort_key {d} NULLS LAST, o.order_no {d}",
            "direction": d,
            "export_order_by": f"{expression} {d} NULLS LAST, o.order_no {d}",
        }


def order_by(sort: str | None) -> str:
    """SQL ORDER BY for the export query (all joins present)."""
    return Sort.parse(sort).identifiers()["export_order_by"]
