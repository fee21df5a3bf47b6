"""Settings (admin or the grant "Ordreinnstillinger"): company profile, numbering, defaults
for new orders and the list of invoice methods. Every change writes one audit row in its own
transaction. The status flow lives in status_flow.py, custom fields in custom_fields.py, the
logo in company_logo.py."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from axos_data import no
from axos_data.access import Con, fetch_row
from axos_data.errors import AlreadyExists, InvalidChoice, UnknownSetting
from axos_data.model import (
    Actor,
    optional_text,
    parse_choice,
    parse_email,
    parse_flag,
    parse_int,
    require_text,
)
from axos_data.services._base import require_settings_right
from axos_data.services.activity import mutate
from axos_data.services.audit import record_audit

_METHOD_KEY = re.compile(r"^[a-z][a-z0-9_]{0,29}$")


def _text(field: str) -> Callable[[object], str]:
    return lambda value: optional_text(value, field) or ""


def _orgnr(value: object) -> str:
    text = optional_text(value, "Organisasjonsnummer")
    return no.validate_orgnr(text) if text else ""


def _bank_account(value: object) -> str:
    text = optional_text(value, "Kontonummer")
    return no.validate_bank_account(text) if text else ""


SETTINGS: dict[str, Callable[[object], object]] = {
    "company_name": _text("Firmanavn"),
    "company_orgnr": _orgnr,
    "company_vat_registered": parse_flag,
    "company_in_foretaksregisteret": parse_flag,
    "company_address": _text("Adresse"),
    "company_postcode": _text("Postnummer"),
    "company_city": _text("Poststed"),
    "company_email": lambda v: parse_email(v, "Firmaets e-post") or "",
    "company_phone": _text("Telefon"),
    "company_bank_account": _bank_account,
    "order_number_start": lambda v: parse_int(v, "Første ordrenummer"),
    "default_payment_terms_days": lambda v: parse_int(v, "Betalingsbetingelser"),
    # Checked against the stored list of invoice methods inside the transaction.
    "default_invoice_method": lambda v: require_text(v, "Fakturametode"),
    "kid_method": lambda v: parse_choice(v, no.KID_METHODS, "KID-metode"),
    "max_file_mb": lambda v: parse_int(v, "Maks filstørrelse (MB)"),
    "invoice_number_start": lambda v: parse_int(v, "Første fakturanummer"),
    # The status an invoice export moves orders to; checked against the flow at export time.
    "invoice_export_status": lambda v: require_text(v, "Statusnøkkel"),
}

COMPANY_PROFILE_LABELS = {
    "company_name": "Firmanavn",
    "company_orgnr": "Organisasjonsnummer",
    "company_address": "Adresse",
    "company_postcode": "Postnummer",
    "company_city": "Poststed",
    "company_bank_account": "Kontonummer",
}


def get_settings(con: Con) -> dict[str, object]:
    return {
        key: json.loads(value)
        for key, value in con.execute("SELECT key, value FROM settings").fetchall()
    }


def get_setting(con: Con, key: str) -> object:
    row = fetch_row(con, "SELECT value FROM settings WHERE key = ?", [key])
    if row is None:
        raise UnknownSetting(f"Innstillingen «{key}» finnes ikke.")
    return json.loads(row["value"])


def update_settings(con: Con, actor: int | Actor, **values: object) -> dict[str, object]:
    """Change settings (admin or grant); every value is validated before anything is stored,
    and what changed goes into one audit row."""
    unknown = sorted(set(values) - set(SETTINGS))
    if unknown:
        raise UnknownSetting(
            f"Ukjente innstillinger: {', '.join(unknown)}. Gyldige: {', '.join(SETTINGS)}."
        )
    # In the order given, the invoice method against the stored list; refused before the
    # actor is checked, like every bad value (and checked again inside the transaction).
    parsed = {
        key: parse_invoice_method(con, value)
        if key == "default_invoice_method"
        else SETTINGS[key](value)
        for key, value in values.items()
    }

    def work(c: Con, who: Actor) -> dict[str, object]:
        require_settings_right(who, "endre innstillinger")
        before = get_settings(c)
        if "default_invoice_method" in parsed:
            method = parsed["default_invoice_method"]
            parsed["default_invoice_method"] = parse_invoice_method(c, method)
        _store(c, who, before, parsed)
        return parsed

    return mutate(con, actor, work)


def _store(con: Con, actor: Actor, before: dict[str, object], values: dict[str, object]) -> None:
    changed = {key: value for key, value in values.items() if before.get(key) != value}
    for key, value in changed.items():
        con.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
            [key, json.dumps(value, ensure_ascii=False)],
        )
    if changed:
        old = {key: before.get(key) for key in changed}
        record_audit(con, actor, "settings", ",".join(sorted(changed)), "changed", old, changed)


def invoice_methods(con: Con) -> dict[str, str]:
    """Invoice methods an order may have, key -> Norwegian label, in the admin's order."""
    return dict(get_setting(con, "invoice_methods"))


def parse_invoice_method(con: Con, value: object) -> str:
    """A stored invoice method's key; its label typed back is accepted too."""
    methods = invoice_methods(con)
    text = "" if value is None else str(value).strip()
    for key, label in methods.items():
        if text.casefold() in (key.casefold(), label.casefold()):
            return key
    return parse_choice(text, methods, "Fakturametode")


def add_invoice_method(con: Con, actor: int | Actor, key: str, label: str) -> None:
    """Extend the list of invoice methods (e.g. key `papir`, label `Papir`)."""
    key = require_text(key, "Fakturametode").lower()
    if not _METHOD_KEY.match(key):
        raise InvalidChoice(
            f"Fakturametode «{key}» må starte med en bokstav og bare ha a–z, 0–9 og _."
        )
    label = require_text(label, "Navn på fakturametode")

    def work(c: Con, who: Actor) -> None:
        require_settings_right(who, "endre fakturametoder")
        before = get_settings(c)
        methods = dict(before["invoice_methods"])
        taken = [k for k, v in methods.items() if key == k or label.casefold() == v.casefold()]
        if taken:
            raise AlreadyExists(f"Fakturametoden «{key}» / «{label}» finnes allerede.")
        _store(c, who, before, {"invoice_methods": {**methods, key: label}})

    mutate(con, actor, work)


def remove_invoice_method(con: Con, actor: int | Actor, method: str) -> None:
    """Take a method off the list for new choices; orders that have it keep it. The default
    method cannot be removed (choose another default first)."""

    def work(c: Con, who: Actor) -> None:
        require_settings_right(who, "endre fakturametoder")
        before = get_settings(c)
        key = parse_invoice_method(c, method)
        if key == before["default_invoice_method"]:
            raise InvalidChoice(
                f"«{before['invoice_methods'][key]}» er standard fakturametode og kan ikke"
                " fjernes. Velg en annen standard først."
            )
        methods = {k: v for k, v in before["invoice_methods"].items() if k != key}
        _store(c, who, before, {"invoice_methods": methods})

    mutate(con, actor, work)


def missing_company_profile(con: Con) -> list[str]:
    """Norwegian labels of company profile fields that are still empty."""
    settings = get_settings(con)
    return [label for key, label in COMPANY_PROFILE_LABELS.items() if not settings.get(key)]
