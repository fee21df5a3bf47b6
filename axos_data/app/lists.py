"""The order list tools shared by «Ordre» and the overviews: filter widgets, the link state in
the URL, paging through `views.order_list` and the downloads.

Everything heavy happens in DuckDB through the library's views; the browser only ever gets one
page of rows. The URL holds the filters, so a link restores the same list.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import marimo as mo

from axos_data import services, views
from axos_data.app import downloads, ui
from axos_data.errors import AxosError
from axos_data.views import OrderFilter, OrderPage

PAGE_SIZES = ("25", "50", "100", "200")
DIRECTIONS = {"Synkende": "-", "Stigende": ""}
SEARCH_DEBOUNCE_MS = 100
PICKER_LIMIT = 50


# --- the URL ---------------------------------------------------------------------------------


def read_query() -> dict[str, list[str]]:
    """The page's query parameters at load time (empty when run without a browser)."""
    with contextlib.suppress(Exception):
        params = mo.query_params()
        result = {}
        for key in params:
            value = params.get_all(key)
            result[key] = [str(v) for v in value]
        return result
    return {}


def first(start: dict[str, list[str]], key: str, default: str = "") -> str:
    values = start.get(key) or []
    return values[0] if values else default


def write_query(values: dict[str, str | list[str] | None]) -> None:
    """Put the list's state in the URL (without reloading the page) so it can be shared."""
    with contextlib.suppress(Exception):
        params = mo.query_params()
        for key, value in values.items():
            empty = value in (None, "", [])
            current = params.get_all(key) if key in params else []
            if empty:
                if key in params:
                    params.remove(key)
                continue
            wanted = value if isinstance(value, list) else [value]
            if current != wanted:
                params[key] = value


# --- widgets ---------------------------------------------------------------------------------


def _labelled_options(frame, label) -> dict[str, int]:
    """dropdown options: unique visible label -> id."""
    options: dict[str, int] = {}
    for row in frame.iter_rows(named=True):
        text = label(row)
        if text in options:
            text = f"{text} (#{row['id']})"
        options[text] = row["id"]
    return options


def _selected_label(options: dict[str, int], wanted: str) -> str | None:
    for text, record_id in options.items():
        if str(record_id) == wanted:
            return text
    return None


def customer_search(start: dict[str, list[str]]) -> mo.ui.text:
    return mo.ui.text(
        placeholder="Søk kunde …",
        debounce=SEARCH_DEBOUNCE_MS,
        full_width=True,
    )


def customer_picker(con, search: str, start: dict[str, list[str]]) -> mo.ui.dropdown:
    """Matching customers (50 at a time: there can be tens of thousands)."""
    options = _labelled_options(
        views.companies(con, search or None, limit=PICKER_LIMIT),
        lambda r: f"{r['name']} ({r['orgnr']})" if r["orgnr"] else r["name"],
    )
    wanted = first(start, "customer")
    if wanted and not search and _selected_label(options, wanted) is None:
        with contextlib.suppress(AxosError, ValueError):
            record = views.overview(con, "customer", wanted, recent=0).record
            options = {record["name"]: record["id"], **options}
    chosen = _selected_label(options, wanted) if not search else next(iter(options), None)
    return mo.ui.dropdown(
        options,
        value=chosen,
        allow_select_none=True,
        searchable=True,
        full_width=True,
    )


def contact_picker(con, customer_id: int | None, start: dict[str, list[str]]) -> mo.ui.dropdown:
    """The chosen customer's contacts (choose a customer first)."""
    if customer_id is None:
        options = {}
        wanted = first(start, "contact")
        if wanted:
            with contextlib.suppress(AxosError, ValueError):
                record = views.overview(con, "contact", wanted, recent=0).record
                options = {f"{record['name']} – {record['company_name']}": record["id"]}
    else:
        options = _labelled_options(views.contacts(con, customer_id), lambda r: r["name"])
    return _picker(
        options,
        value=_selected_label(options, first(start, "contact")),
        allow_select_none=True,
        searchable=True,
        full_width=True,
    )


def project_picker(con, customer_id: int | None, start: dict[str, list[str]]) -> mo.ui.dropdown:
    """The chosen customer's projects (choose a customer first)."""
    if customer_id is None:
        options = {}
        wanted = first(start, "project")
        if wanted:
            with contextlib.suppress(AxosError, ValueError):
                record = views.overview(con, "project", wanted, recent=0).record
                options = {f"{record['name']} – {record['customer_name']}": record["id"]}
    else:
        options = _labelled_options(views.projects(con, customer_id), lambda r: r["name"])
    return _picker(
        options,
        value=_selected_label(options, first(start, "project")),
        allow_select_none=True,
        searchable=True,
        full_width=True,
    )


def _picker(options: dict, **kwargs: Any) -> mo.ui.dropdown:
    picker = mo.ui.dropdown(options, **kwargs)
    picker._axos_options = bool(options)  # type: ignore[attr-defined]
    return picker


def _status_options(con) -> dict[str, str]:
    return {row["label"]: row["key"] for row in views.statuses(con).iter_rows(named=True)}


def column_options(con) -> dict[str, str]:
    """Column chooser: heading -> column key, custom fields last (as cf_<key>)."""
    options = {heading: key for key, (heading, *_rest) in ui.ORDER_COLUMNS.items()}
    for custom in services.list_custom_fields(con):
        options[f"{custom['label']} (eget felt)"] = f"cf_{custom['key']}"
    return options


def _labels_for(options: dict[str, str], keys: Sequence[str]) -> list[str]:
    by_key = {v: k for k, v in options.items()}
    return [by_key[k] for k in keys if k in by_key]


def list_controls(
    con, start: dict[str, list[str]], *, our_contact: bool = True
) -> mo.ui.dictionary:
    """Search, status, our contact, dates, amounts, columns, sort and page size, restored from
    the URL. (Customer, contact and project have pickers of their own: they depend on each
    other.)"""
    statuses = _status_options(con)
    columns = column_options(con)
    sort_options = {
        heading: sort for key, (heading, _, _, sort) in ui.ORDER_COLUMNS.items() if sort
    }
    sort_text = first(start, "sort", views.DEFAULT_SORT)
    sort_key = sort_text.lstrip("-")
    chosen_columns = start.get("cols") or list(ui.DEFAULT_ORDER_COLUMNS)
    widgets: dict[str, Any] = {
        "search": mo.ui.text(
            value=first(start, "q"),
            placeholder="Ordrenr., tittel, kunde eller deres referanse",
            debounce=SEARCH_DEBOUNCE_MS,
            full_width=True,
        ),
        "statuses": mo.ui.multiselect(
            statuses,
            value=[label for label, key in statuses.items() if key in start.get("status", [])],
            full_width=True,
        ),
        "date_from": mo.ui.text(
            value=first(start, "from"), placeholder="dd.mm.åååå", full_width=True
        ),
        "date_to": mo.ui.text(value=first(start, "to"), placeholder="dd.mm.åååå", full_width=True),
        "min_total": mo.ui.text(value=first(start, "min"), placeholder="0,00", full_width=True),
        "max_total": mo.ui.text(value=first(start, "max"), placeholder="0,00", full_width=True),
        "columns": mo.ui.multiselect(
            columns, value=_labels_for(columns, chosen_columns), full_width=True
        ),
        "sort": mo.ui.dropdown(
            sort_options,
            value=_selected_label_str(sort_options, sort_key) or "Ordrenr.",
            full_width=True,
        ),
        "direction": mo.ui.dropdown(
            list(DIRECTIONS),
            value="Synkende" if sort_text.startswith("-") else "Stigende",
            full_width=True,
        ),
        "page_size": mo.ui.dropdown(
            list(PAGE_SIZES),
            value=first(start, "size", "50") if first(start, "size") in PAGE_SIZES else "50",
            full_width=True,
        ),
    }
    if our_contact:
        staff = views.employees(con, active_only=False)
        options = _labelled_options(staff, lambda r: r["name"])
        widgets["our_contact"] = mo.ui.dropdown(
            options,
            value=_selected_label(options, first(start, "our")),
            allow_select_none=True,
            searchable=True,
            full_width=True,
        )
    return mo.ui.dictionary(widgets)


def _selected_label_str(options: dict[str, str], wanted: str) -> str | None:
    return next((text for text, key in options.items() if key == wanted), None)


def _field(label: str, *elements: Any, width: str = "one") -> str:
    inner = "".join(e.text for e in elements)
    if len(elements) > 1:
        inner = f'<div class="axos-field-pair">{inner}</div>'
    return (
        f'<div class="axos-field axos-w-{width}"><span class="axos-field-label">{label}</span>'
        f"{inner}</div>"
    )


def controls_layout(
    controls: mo.ui.dictionary,
    customer: tuple[Any, Any] | None = None,
    contact: Any = None,
    project: Any = None,
    *,
    title: str | None = None,
) -> mo.Html:
    """The filter panel: labels above inputs on the app's form grid."""
    c = controls
    cells = [_field("Søk", c["search"], width="half"), _field("Status", c["statuses"], width="two")]
    cells.append(_field("Vår kontakt", c["our_contact"]) if "our_contact" in c else "<div></div>")
    if customer is not None:
        cells.append(_field("Kunde", *customer, width="two"))
        cells.append(_field("Kontaktperson" + _hint(contact), contact, width="two"))
        cells.append(_field("Prosjekt" + _hint(project), project, width="two"))
    cells += [
        _field("Ordredato fra – til", c["date_from"], c["date_to"], width="two"),
        _field("Totalbeløp fra – til (kr)", c["min_total"], c["max_total"], width="two"),
        _field("Sorter etter", c["sort"], c["direction"], width="two"),
        _field("Kolonner", c["columns"], width="wide"),
        _field("Per side", c["page_size"]),
        '<div class="axos-field"><span class="axos-field-label">&nbsp;</span>'
        '<a class="axos-reset" href="?">Nullstill filtre</a></div>',
    ]
    heading = f'<div class="axos-h2">{ui.esc(title)}</div>' if title else ""
    return mo.Html(
        f'<section class="axos-card axos-filters">{heading}<div class="axos-form-grid">'
        f"{''.join(cells)}</div></section>"
    )


def _hint(picker: Any) -> str:
    """Contact and project lists follow the chosen customer."""
    empty = picker is not None and not getattr(picker, "_axos_options", True)
    return ' <span class="axos-muted">(velg kunde først)</span>' if empty else ""


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
    fixed: dict = field(default_factory=dict)

    @classmethod
    def from_controls(cls, values: dict, **pickers: int | None) -> ListQuery:
        return cls(
            search=(values.get("search") or "").strip(),
            statuses=tuple(values.get("statuses") or ()),
            our_contact_id=values.get("our_contact"),
            date_from=(values.get("date_from") or "").strip(),
            date_to=(values.get("date_to") or "").strip(),
            min_total=(values.get("min_total") or "").strip(),
            max_total=(values.get("max_total") or "").strip(),
            sort=DIRECTIONS.get(values.get("direction") or "Synkende", "-")
            + (values.get("sort") or "order_no"),
            columns=tuple(values.get("columns") or ui.DEFAULT_ORDER_COLUMNS),
            page_size=int(values.get("page_size") or 50),
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


def table(con, result: ListResult) -> mo.Html:
    if result.error is not None:
        return ui.error(result.error)
    assert result.page is not None
    labels = {f["key"]: f["label"] for f in services.list_custom_fields(con)}
    return ui.order_table(result.page.rows.to_dicts(), result.query.columns, custom_labels=labels)


def pager(result: ListResult, set_position) -> mo.Html:
    """Previous/next page buttons; they move the shared position state."""
    page = result.page
    if page is None or page.total_count <= page.limit:
        return mo.Html("")
    key = result.query.key
    pages_total = (page.total_count + page.limit - 1) // page.limit
    current = page.offset // page.limit + 1
    first_button = mo.ui.button(
        label="« Første", disabled=current == 1, on_click=lambda _: set_position((key, 0))
    )
    previous = mo.ui.button(
        label="‹ Forrige",
        disabled=current == 1,
        on_click=lambda _: set_position((key, max(0, page.offset - page.limit))),
    )
    following = mo.ui.button(
        label="Neste ›",
        disabled=current >= pages_total,
        on_click=lambda _: set_position((key, page.offset + page.limit)),
    )
    last = mo.ui.button(
        label="Siste »",
        disabled=current >= pages_total,
        on_click=lambda _: set_position((key, (pages_total - 1) * page.limit)),
    )
    where = mo.md(f"Side **{ui.count(current)}** av {ui.count(pages_total)}")
    buttons = (first_button, previous, following, last)
    return ui.keep(
        mo.hstack([first_button, previous, where, following, last], justify="center", gap=1),
        *buttons,
    )


def download_buttons(con, result: ListResult, name: str = "ordrer") -> mo.Html:
    """CSV and Excel of the whole filtered set, made when clicked (not on every change)."""
    page = result.page
    if page is None:
        return mo.Html("")
    too_many = page.total_count > downloads.EXPORT_LIMIT
    empty = page.total_count == 0
    query = result.query

    def frame():
        return views.export_orders(con, query.order_filter(), sort=query.sort)

    buttons = [
        mo.download(
            data=lambda: downloads.csv_bytes(frame()),
            filename=f"{name}.csv",
            mimetype="text/csv",
            label="Last ned CSV",
            disabled=too_many or empty,
        ),
        mo.download(
            data=lambda: downloads.xlsx_bytes(frame()),
            filename=f"{name}.xlsx",
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            label="Last ned Excel",
            disabled=too_many or empty,
        ),
    ]
    if too_many:
        buttons.append(
            mo.md(
                f"<span class='axos-muted'>Avgrens utvalget til høyst "
                f"{ui.count(downloads.EXPORT_LIMIT)} ordrer for å laste ned.</span>"
            )
        )
    return ui.keep(mo.hstack(buttons, justify="end", gap=0.5, align="center"), *buttons)
