"""The accounting system's codes for our invoice methods and payment terms.

Stored in the setting `accounting_codes` as {"invoice_method": {"ehf": "3"}, "payment_terms":
{"14": "10"}}: the key is our invoice method's key or the payment terms in days (as text, JSON
has no number keys), the value the code the accounting system uses for it. The invoice-basis
export asks `accounting_code(con, "payment_terms", 14)` per order; a method or term without a
code gives None there (the export decides whether that blocks), and `require_accounting_code`
raises MissingAccountingCode with a message that says how to map it.

Who may change them: admin or the grant "Ordreinnstillinger", as every setting.
"""

from __future__ import annotations

import json

from axos_data.access import Con
from axos_data.errors import InvalidChoice, MissingAccountingCode
from axos_data.model import Actor, parse_int, require_text
from axos_data.services._base import require_settings_right
from axos_data.services.activity import mutate
from axos_data.services.audit import record_audit
from axos_data.services.settings import get_setting, parse_invoice_method

SETTING = "accounting_codes"
# kind → Norwegian noun, for messages
KINDS = {"invoice_method": "fakturametode", "payment_terms": "betalingsbetingelse"}


def accounting_codes(con: Con) -> dict[str, dict[str, str]]:
    """Every mapping: {kind: {our key: accounting code}} (both kinds always present)."""
    stored = get_setting(con, SETTING)
    return {kind: dict(stored.get(kind, {})) for kind in KINDS}


def accounting_code(con: Con, kind: str, key: object) -> str | None:
    """The accounting system's code for invoice method `key` (e.g. "ehf") or payment terms of
    `key` days (14 or "14"); None when none is mapped."""
    return accounting_codes(con)[_kind(kind)].get(_key_text(kind, key))


def require_accounting_code(con: Con, kind: str, key: object) -> str:
    """Like accounting_code, but a missing code raises MissingAccountingCode."""
    code = accounting_code(con, kind, key)
    if code is None:
        raise MissingAccountingCode(
            f"{KINDS[kind].capitalize()} «{key}» har ingen kode for regnskapssystemet."
            f" Legg den inn med «axos settings accounting-code set {kind} {key} KODE»."
        )
    return code


def set_accounting_code(
    con: Con, actor: int | Actor, kind: str, key: object, code: object
) -> tuple[str, str]:
    """Map our invoice method or payment terms to the accounting system's code; returns the
    stored (key, code). An invoice method must be on the list (its label is accepted)."""
    kind = _kind(kind)
    code = require_text(code if not isinstance(code, int) else str(code), "Regnskapskode")

    def work(c: Con, who: Actor) -> tuple[str, str]:
        require_settings_right(who, "endre regnskapskoder")
        stored_key = _parse_key(c, kind, key)
        _store(c, who, kind, stored_key, code)
        return stored_key, code

    return mutate(con, actor, work)


def remove_accounting_code(con: Con, actor: int | Actor, kind: str, key: object) -> None:
    """Take away the code of an invoice method or payment terms (no code: nothing to do)."""
    kind = _kind(kind)

    def work(c: Con, who: Actor) -> None:
        require_settings_right(who, "endre regnskapskoder")
        stored_key = _key_text(kind, key)
        if kind == "payment_terms" or stored_key not in accounting_codes(c)[kind]:
            stored_key = _parse_key(c, kind, key)
        _store(c, who, kind, stored_key, None)

    mutate(con, actor, work)


def _store(c: Con, who: Actor, kind: str, key: str, code: str | None) -> None:
    before = accounting_codes(c)
    old = before[kind].get(key)
    if old == code:
        return
    mapping = {k: v for k, v in before[kind].items() if k != key}
    if code is not None:
        mapping[key] = code
    after = {**before, kind: dict(sorted(mapping.items(), key=lambda kv: _sort_key(kind, kv[0])))}
    c.execute(
        "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
        [SETTING, json.dumps(after, ensure_ascii=False)],
    )
    record_audit(
        c, who, "settings", SETTING, "changed", {f"{kind}.{key}": old}, {f"{kind}.{key}": code}
    )


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise InvalidChoice(f"«{kind}» er ingen type regnskapskode. Gyldige: {', '.join(KINDS)}.")
    return kind


def _key_text(kind: str, key: object) -> str:
    if kind == "payment_terms":
        return str(parse_int(key, "Betalingsbetingelser"))
    return "" if key is None else str(key).strip()


def _parse_key(c: Con, kind: str, key: object) -> str:
    if kind == "payment_terms":
        return _key_text(kind, key)
    return parse_invoice_method(c, key)


def _sort_key(kind: str, key: str) -> tuple[int, str]:
    return (int(key), "") if kind == "payment_terms" else (0, key)
