"""The filter widgets of the order list (search, status, pickers, dates, amounts, columns,
sorting, page size) and their layout; lists.py turns their values into a query."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from typing import Any

import marimo as mo

from axos_data import services, views
from axos_data.app import ui
from axos_data.app.url_state import first
from axos_data.errors import AxosError

PAGE_SIZES = ("25", "50", "100", "200")
DIRECTIONS = {"Synkende": "-", "Stigende": ""}
# Every filter field applies as you type, after the same pause: long enough that a half-typed
# date or amount ("01.0") is not read and refused between two keystrokes.
FILTER_DEBOUNCE_MS = 250
PICKER_LIMIT = 50


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


def filter_text(value: str, placeholder: str) -> mo.ui.text:
    """A filter field: applies as you type (after FILTER_DEBOUNCE_MS), like every other."""
    return mo.ui.text(
        value=value, placeholder=placeholder, debounce=FILTER_DEBOUNCE_MS, full_width=True
    )


def customer_search(start: dict[str, list[str]]) -> mo.ui.text:
    return filter_text("", "Søk kunde …")


def customer_picker(con, search: str, start: dict[str, list[str]]) -> mo.ui.dropdown:
    """Matching customers (50 at a time: there can be tens of thousands)."""
    options = _labelled_options(
        views.companies(con, search or None, limit=PICKER_LIMIT),
        lambda r: f"{r['name']} ({r['orgnr']})" if r["orgnr"] else r["name"],
    )
    wanted = first(start, "customer")
    if wanted and not search and _selected_label(options, wanted) is None:
        with contextlib.suppress(AxosError, ValueError):
            record = views.overview_record(con, "customer", wanted)
            options = {record["name"]: record["id"], **options}
    # A typed search only narrows the list: the user picks (the link's customer stays chosen
    # while it is among the matches). Never the first match: it may be the wrong company.
    chosen = _selected_label(options, wanted)
    return mo.ui.dropdown(
        options,
        value=chosen,
        allow_select_none=True,
        full_width=True,
    )


def contact_picker(con, customer_id: int | None, start: dict[str, list[str]]) -> mo.ui.dropdown:
    """The chosen customer's contacts (choose a customer first)."""
    return _customer_record_picker(con, "contact", customer_id, start)


def project_picker(con, customer_id: int | None, start: dict[str, list[str]]) -> mo.ui.dropdown:
    """The chosen customer's projects (choose a customer first)."""
    return _customer_record_picker(con, "project", customer_id, start)


# kind -> (URL key, the customer's records, the record's customer-name column)
_CUSTOMER_RECORDS = {
    "contact": ("contact", views.contacts, "company_name"),
    "project": ("project", views.projects, "customer_name"),
}


def _customer_record_picker(
    con, kind: str, customer_id: int | None, start: dict[str, list[str]]
) -> mo.ui.dropdown:
    """Records of the chosen customer; without a customer, only the one a link asked for."""
    key, records_of, customer_column = _CUSTOMER_RECORDS[kind]
    wanted = first(start, key)
    options: dict[str, int] = {}
    if customer_id is not None:
        options = _labelled_options(records_of(con, customer_id), lambda r: r["name"])
    elif wanted:
        with contextlib.suppress(AxosError, ValueError):
            record = views.overview_record(con, kind, wanted)
            options = {f"{record['name']} – {record[customer_column]}": record["id"]}
    return _picker(
        options,
        value=_selected_label(options, wanted),
        allow_select_none=True,
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
        "search": filter_text(first(start, "q"), "Ordrenr., tittel, kunde eller deres referanse"),
        "statuses": checkbox_group(statuses, start.get("status", [])),
        "date_from": filter_text(first(start, "from"), "dd.mm.åååå"),
        "date_to": filter_text(first(start, "to"), "dd.mm.åååå"),
        "min_total": filter_text(first(start, "min"), "0,00"),
        "max_total": filter_text(first(start, "max"), "0,00"),
        "columns": checkbox_group(columns, chosen_columns),
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
    custom = custom_filters(con, start)
    if custom:
        widgets["custom"] = custom
    if our_contact:
        staff = views.employees(con, active_only=False)
        options = _labelled_options(staff, lambda r: r["name"])
        widgets["our_contact"] = mo.ui.dropdown(
            options,
            value=_selected_label(options, first(start, "our")),
            allow_select_none=True,
            full_width=True,
        )
    return mo.ui.dictionary(widgets)


YES_NO = {"Ja": "true", "Nei": "false"}


def custom_filters(con, start: dict[str, list[str]]) -> mo.ui.dictionary | None:
    """One filter per custom field (URL key f_<key>): a dropdown for choice lists and yes/no,
    a text field for the rest (dates and numbers as typed; the library parses them). An order
    matches when its value equals the one asked for."""
    widgets: dict[str, Any] = {}
    for field in services.list_custom_fields(con):
        key, kind = field["key"], field["field_type"]
        wanted = first(start, f"f_{key}")
        if kind == "choice":
            options = json.loads(field["options"] or "[]")
            widgets[key] = mo.ui.dropdown(
                options,
                value=wanted if wanted in options else None,
                allow_select_none=True,
                full_width=True,
            )
        elif kind == "bool":
            widgets[key] = mo.ui.dropdown(
                YES_NO,
                value=_selected_label_str(YES_NO, wanted),
                allow_select_none=True,
                full_width=True,
            )
        else:
            hint = {"date": "dd.mm.åååå", "number": "0"}.get(kind, "lik")
            widgets[key] = filter_text(wanted, hint)
        widgets[key]._axos_label = field["label"]  # type: ignore[attr-defined]
    return mo.ui.dictionary(widgets) if widgets else None


def checkbox_group(options: dict[str, str], chosen: Sequence[str]) -> mo.ui.dictionary:
    """Several choices as a row of labelled checkboxes, keyed by option key (value: the
    ticked keys through `ticked`). Replaces mo.ui.multiselect, whose popup texts ("Select...",
    "Select all", "Search...") are English and cannot be configured."""
    return mo.ui.dictionary(
        {
            key: mo.ui.checkbox(label=ui.esc(label), value=key in chosen)
            for label, key in options.items()
        }
    )


def ticked(value: dict[str, bool] | Sequence[str] | None) -> list[str]:
    """The keys of a checkbox group's value, in the options' order."""
    if not value:
        return []
    if isinstance(value, dict):
        return [key for key, on in value.items() if on]
    return list(value)


def _selected_label_str(options: dict[str, str], wanted: str) -> str | None:
    return next((text for text, key in options.items() if key == wanted), None)


def _checks(group: Any) -> str:
    return f'<div class="axos-checks">{"".join(group[key].text for key in group)}</div>'


def _field(label: str, *elements: Any, width: str = "one") -> str:
    inner = "".join(e if isinstance(e, str) else e.text for e in elements)
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
    cells = [
        _field("Søk", c["search"], width="half"),
        _field("Status", _checks(c["statuses"]), width="two"),
    ]
    cells.append(_field("Vår kontakt", c["our_contact"]) if "our_contact" in c else "<div></div>")
    if customer is not None:
        cells.append(_field("Kunde", *customer, width="two"))
        cells.append(_field("Kontaktperson" + _hint(contact), contact, width="two"))
        cells.append(_field("Prosjekt" + _hint(project), project, width="two"))
    cells += [
        _field("Ordredato fra – til", c["date_from"], c["date_to"], width="two"),
        _field("Totalbeløp fra – til (kr)", c["min_total"], c["max_total"], width="two"),
        _field("Sorter etter", c["sort"], c["direction"], width="two"),
        _field("Kolonner", _checks(c["columns"]), width="wide"),
        _field("Per side", c["page_size"]),
        *_custom_cells(c),
        '<div class="axos-field"><span class="axos-field-label">&nbsp;</span>'
        '<a class="axos-reset" href="?">Nullstill filtre</a></div>',
    ]
    heading = f'<div class="axos-h2">{ui.esc(title)}</div>' if title else ""
    return mo.Html(
        f'<section class="axos-card axos-filters">{heading}<div class="axos-form-grid">'
        f"{''.join(cells)}</div></section>"
    )


def _custom_cells(controls: mo.ui.dictionary) -> list[str]:
    if "custom" not in controls:
        return []
    group = controls["custom"]
    return [
        _field(f"{ui.esc(getattr(group[key], '_axos_label', key))} (eget felt)", group[key])
        for key in group
    ]


def _hint(picker: Any) -> str:
    """Contact and project lists follow the chosen customer."""
    empty = picker is not None and not getattr(picker, "_axos_options", True)
    return ' <span class="axos-muted">(velg kunde først)</span>' if empty else ""
