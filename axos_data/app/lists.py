"""The order list tools shared by «Ordre» and the overviews: filter widgets, the link state in
the URL, paging through `views.order_list` and the downloads.

Everything heavy happens in DuckDB through the library's views; the browser only ever gets one
page of rows. The URL holds the filters, so a link restores the same list.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from urllib.parse import urlencode

import marimo as mo

import axos_data as ax
from axos_data import search, services, views
from axos_data.app import downloads, ui
from axos_data.app.list_controls import DIRECTIONS, PAGE_SIZES, ticked
from axos_data.app.url_state import first
from axos_data.errors import AxosError
from axos_data.views import OrderFilter, OrderPage

# --- the query -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListQuery:
    """One list request: the filter, sort, visible columns and page size."""

    search: str = ""
    statuses: tuple[str, ...] = ()
    customer_id: int | None = None
    contact_id: int | None = None
    our_contact_id: int | None = None
    project_id: int | None = None
    date_from: str = ""
    date_to: str = ""
    min_total: str = ""
    max_total: str = ""
    sort: str = views.DEFAULT_SORT
    columns: tuple[str, ...] = ui.DEFAULT_ORDER_COLUMNS
    page_size: int = 50
    # custom field key -> value typed or chosen ("" when not filtered)
    custom: tuple[tuple[str, str], ...] = ()
    fixed: dict = field(default_factory=dict)

    @classmethod
    def from_controls(cls, values: dict, **pickers: int | None) -> ListQuery:
        return cls(
            search=(values.get("search") or "").strip(),
            statuses=tuple(ticked(values.get("statuses"))),
            our_contact_id=values.get("our_contact"),
            date_from=(values.get("date_from") or "").strip(),
            date_to=(values.get("date_to") or "").strip(),
            min_total=(values.get("min_total") or "").strip(),
            max_total=(values.get("max_total") or "").strip(),
            sort=DIRECTIONS.get(values.get("direction") or "Synkende", "-")
            + (values.get("sort") or "order_no"),
            columns=tuple(ticked(values.get("columns")) or ui.DEFAULT_ORDER_COLUMNS),
            page_size=int(values.get("page_size") or 50),
            custom=tuple(
                (key, (value or "").strip()) for key, value in (values.get("custom") or {}).items()
            ),
            **{k: v for k, v in pickers.items() if k != "fixed"},
            fixed=pickers.get("fixed") or {},  # type: ignore[arg-type]
        )

    @property
    def key(self) -> str:
        """Identifies the filtered set and its order: paging starts over when it changes."""
        data = asdict(self)
        data.pop("columns")
        return hashlib.sha1(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()

    def order_filter(self) -> OrderFilter:
        return OrderFilter(
            statuses=list(self.statuses) or None,
            customer_id=self.fixed.get("customer_id", self.customer_id),
            contact_id=self.fixed.get("contact_id", self.contact_id),
            our_contact_id=self.fixed.get("our_contact_id", self.our_contact_id),
            project_id=self.fixed.get("project_id", self.project_id),
            date_from=ui.input_date(self.date_from),
            date_to=ui.input_date(self.date_to),
            min_total=self.min_total or None,
            max_total=self.max_total or None,
            search=self.search or None,
            custom={key: value for key, value in self.custom if value} or None,
        )

    def custom_fields(self) -> list[str]:
        return [c[3:] for c in self.columns if c.startswith("cf_")]

    def url_values(self, offset: int) -> dict[str, str | list[str] | None]:
        return {
            "q": self.search,
            "status": list(self.statuses),
            "customer": None if self.customer_id is None else str(self.customer_id),
            "contact": None if self.contact_id is None else str(self.contact_id),
            "our": None if self.our_contact_id is None else str(self.our_contact_id),
            "project": None if self.project_id is None else str(self.project_id),
            "from": self.date_from,
            "to": self.date_to,
            "min": self.min_total,
            "max": self.max_total,
            "sort": None if self.sort == views.DEFAULT_SORT else self.sort,
            "cols": None if self.columns == ui.DEFAULT_ORDER_COLUMNS else list(self.columns),
            "size": None if self.page_size == 50 else str(self.page_size),
            "page": None if offset == 0 else str(offset // self.page_size + 1),
            **{f"f_{key}": value or None for key, value in self.custom},
        }


def start_position(start: dict[str, list[str]]) -> tuple[None, int]:
    """The pager's first position: the page in the URL, for whatever list the URL restores."""
    page = first(start, "page")
    size = int(first(start, "size", "50")) if first(start, "size") in PAGE_SIZES else 50
    return (None, (int(page) - 1) * size if page.isdigit() and int(page) > 0 else 0)


@dataclass
class ListResult:
    query: ListQuery
    page: OrderPage | None
    error: AxosError | None = None


def run(con, query: ListQuery, position: tuple[str | None, int], set_position) -> ListResult:
    """The page of the list the pager points at (page 1 when the filters changed)."""
    key, offset = position
    if key is None:
        # First run: the URL's page belongs to the list the URL restored.
        set_position((query.key, offset))
    elif key != query.key:
        offset = 0
    try:
        page = views.order_list(
            con,
            query.order_filter(),
            sort=query.sort,
            limit=query.page_size,
            offset=offset,
            custom_fields=query.custom_fields(),
        )
    except AxosError as err:
        return ListResult(query, None, err)
    return ListResult(query, page)


def summary(result: ListResult) -> mo.Html:
    page = result.page
    if page is None:
        return mo.Html("")
    first_row = page.offset + 1 if page.total_count else 0
    last_row = min(page.offset + page.limit, page.total_count)
    return mo.Html(
        '<div class="axos-summary">'
        f"<span><b>{ui.count(page.total_count)}</b> ordrer</span>"
        f"<span>Sum totalt <b>kr {ui.nok(page.total_sum)}</b></span>"
        f"<span>Netto <b>kr {ui.nok(page.net_sum)}</b></span>"
        f"<span>Viser {ui.count(first_row)}–{ui.count(last_row)}</span>"
        "</div>"
    )


def table(con, result: ListResult, keep: dict[str, str] | None = None) -> mo.Html:
    """The page of rows; a click on a column heading reloads the page sorted by that column,
    with every other filter (and `keep`, e.g. the overview's record id) in the link, so the
    sort control shows the same sort."""
    if result.error is not None:
        return ui.error(result.error)
    assert result.page is not None
    defined = services.list_custom_fields(con)
    labels = {f["key"]: f["label"] for f in defined}
    query = result.query

    def sort_href(sort: str) -> str:
        values = {**(keep or {}), **query.url_values(0)}
        values["sort"] = None if sort == views.DEFAULT_SORT else sort
        present = {k: v for k, v in values.items() if v not in (None, "", [])}
        return "?" + urlencode(present, doseq=True)

    note = search.wordless_search_note(query.search)
    return ui.order_table(
        result.page.rows.to_dicts(),
        query.columns,
        custom_labels=labels,
        empty=note or "Ingen ordrer passer til utvalget.",
        custom_types={f["key"]: f["field_type"] for f in defined},
        sort=query.sort,
        sort_href=sort_href,
    )


@dataclass
class Pager:
    """Previous/next page buttons (held by the notebook cell) and where the list stands."""

    buttons: tuple[mo.ui.button, ...]
    current: int
    pages_total: int

    def layout(self) -> mo.Html:
        first, previous, following, last = self.buttons
        where = mo.md(f"Side **{ui.count(self.current)}** av {ui.count(self.pages_total)}")
        return mo.hstack([first, previous, where, following, last], justify="center", gap=1)


def pager(result: ListResult, set_position) -> Pager | None:
    """Previous/next page buttons; they move the shared position state. None on one page."""
    page = result.page
    if page is None or page.total_count <= page.limit:
        return None
    key = result.query.key
    pages_total = (page.total_count + page.limit - 1) // page.limit
    current = page.offset // page.limit + 1
    buttons = (
        mo.ui.button(
            label="« Første", disabled=current == 1, on_click=lambda _: set_position((key, 0))
        ),
        mo.ui.button(
            label="‹ Forrige",
            disabled=current == 1,
            on_click=lambda _: set_position((key, max(0, page.offset - page.limit))),
        ),
        mo.ui.button(
            label="Neste ›",
            disabled=current >= pages_total,
            on_click=lambda _: set_position((key, page.offset + page.limit)),
        ),
        mo.ui.button(
            label="Siste »",
            disabled=current >= pages_total,
            on_click=lambda _: set_position((key, (pages_total - 1) * page.limit)),
        ),
    )
    return Pager(buttons, current, pages_total)


def download_buttons(con, result: ListResult, name: str = "ordrer") -> tuple:
    """CSV and Excel of the whole filtered set, made when clicked (not on every change); the
    notebook cell holds them (marimo tracks widgets weakly) and lays them out with
    `download_bar`."""
    page = result.page
    if page is None:
        return ()
    too_many = page.total_count > downloads.EXPORT_LIMIT
    empty = page.total_count == 0
    query = result.query

    methods = ax.invoice_methods(con)
    custom = custom_columns(con)

    def frame():
        return export_frame(con, query, custom)

    return (
        mo.download(
            data=lambda: downloads.csv_bytes(frame(), methods, custom),
            filename=f"{name}.csv",
            mimetype="text/csv",
            label="Last ned CSV",
            disabled=too_many or empty,
        ),
        mo.download(
            data=lambda: downloads.xlsx_bytes(frame(), methods, custom),
            filename=f"{name}.xlsx",
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            label="Last ned Excel",
            disabled=too_many or empty,
        ),
    )


def custom_columns(con) -> downloads.CustomColumns:
    """Every active custom field goes into the downloads, headed by its label."""
    defined = services.list_custom_fields(con)
    return downloads.CustomColumns(
        {f["key"]: f["label"] for f in defined}, {f["key"]: f["field_type"] for f in defined}
    )


def export_frame(con, query: ListQuery, custom: downloads.CustomColumns):
    """The whole filtered set for a download, with the custom field columns."""
    return views.export_orders(
        con, query.order_filter(), sort=query.sort, custom_fields=list(custom.labels)
    )


def download_bar(result: ListResult, buttons: tuple) -> mo.Html:
    if not buttons:
        return mo.Html("")
    items = list(buttons)
    if result.page is not None and result.page.total_count > downloads.EXPORT_LIMIT:
        items.append(
            mo.md(
                f"<span class='axos-muted'>Avgrens utvalget til høyst "
                f"{ui.count(downloads.EXPORT_LIMIT)} ordrer for å laste ned.</span>"
            )
        )
    return mo.hstack(items, justify="end", gap=0.5, align="center")


def list_layout(con, result: ListResult, downloads_: tuple, pager_: Pager | None, **kw) -> mo.Html:
    """Summary and downloads, the table, the pager."""
    return mo.vstack(
        [
            mo.hstack(
                [summary(result), download_bar(result, downloads_)],
                justify="space-between",
                align="center",
            ),
            table(con, result, **kw),
            pager_.layout() if pager_ is not None else mo.Html(""),
        ],
        gap=0.75,
    )
