"""Admin settings: company profile, numbering, defaults, status flow and custom fields."""

from __future__ import annotations

import json
from collections.abc import Callable

from axos_data import no
from axos_data.access import Con, fetch_row, load_flow
from axos_data.errors import AlreadyExists, UnknownSetting, UnknownStatus
from axos_data.model import (
    CATEGORIES,
    INVOICE_METHODS,
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
    "company_bank_account": _bank_account,
    "order_number_start": lambda v: parse_int(v, "Første ordrenummer"),
    "default_payment_terms_days": lambda v: parse_int(v, "Betalingsbetingelser"),
    "default_invoice_method": lambda v: parse_choice(v, INVOICE_METHODS, "Fakturametode"),
    "kid_method": lambda v: parse_choice(v, no.KID_METHODS, "KID-metode"),
    "max_file_mb": lambda v: parse_int(v, "Maks filstørrelse (MB)"),
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
    """Change settings (admin only); every value is validated before anything is stored."""
    unknown = sorted(set(values) - set(SETTINGS))
    if unknown:
        raise UnknownSetting(
            f"Ukjente innstillinger: {', '.join(unknown)}. Gyldige: {', '.join(SETTINGS)}."
        )
    parsed = {key: SETTINGS[key](value) for key, value in values.items()}

    def work(c: Con, who: Actor) -> dict[str, object]:
        require_settings_right(who, "endre innstillinger")
        for key, value in parsed.items():
            c.execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                [key, json.dumps(value, ensure_ascii=False)],
            )
        return parsed

    return mutate(con, actor, work)


def missing_company_profile(con: Con) -> list[str]:
    """Norwegian labels of company profile fields that are still empty."""
    settings = get_settings(con)
    return [label for key, label in COMPANY_PROFILE_LABELS.items() if not settings.get(key)]


def add_status(
    con: Con,
    actor: int | Actor,
    *,
    key: str,
    label: str,
    category: str,
    position: int | None = None,
    is_final: bool = False,
) -> None:
    """A new status in the flow (admin only); connect it with set_transition."""
    key = require_text(key, "Statusnøkkel").lower()
    label = require_text(label, "Statusnavn")
    category = parse_choice(category, CATEGORIES, "Kategori")
    position = None if position in (None, "") else parse_int(position, "Posisjon")

    def work(c: Con, who: Actor) -> None:
        require_settings_right(who, "endre statusflyten")
        if fetch_row(c, "SELECT key FROM statuses WHERE key = ?", [key]):
            raise AlreadyExists(f"Statusen «{key}» finnes allerede.")
        pos = position
        if pos is None:
            pos = c.execute("SELECT coalesce(max(position), 0) + 1 FROM statuses").fetchall()[0][0]
        c.execute(
            "INSERT INTO statuses (key, label, category, position, is_final)"
            " VALUES (?, ?, ?, ?, ?)",
            [key, label, category, pos, bool(is_final)],
        )

    mutate(con, actor, work)


def set_transition(
    con: Con, actor: int | Actor, from_status: str, to_status: str, allowed: bool = True
) -> None:
    """Allow (or forbid) moving orders from one status to another (admin only)."""

    def work(c: Con, who: Actor) -> None:
        require_settings_right(who, "endre statusflyten")
        flow = load_flow(c)
        for key in (from_status, to_status):
            if key not in flow.statuses:
                raise UnknownStatus(
                    f"Status «{key}» finnes ikke. Kjente: {', '.join(flow.statuses)}."
                )
        c.execute(
            "DELETE FROM status_transitions WHERE from_status = ? AND to_status = ?",
            [from_status, to_status],
        )
        if allowed:
            c.execute("INSERT INTO status_transitions VALUES (?, ?)", [from_status, to_status])

    mutate(con, actor, work)
