"""The vocabulary of relations (Relasjoner), shared by the write side (services.relations) and
the reads (views.files): which records an order can link to, the kinds with a direction and
their mirror on the other side, and how a target and a kind are typed ("quote:12",
"tilleggsordre")."""

from __future__ import annotations

import re

from axos_data.access import (
    Con,
    as_id,
    load_order,
    load_quote,
    require_company,
    require_project,
)
from axos_data.errors import InvalidRelation
from axos_data.model import optional_text

TARGET_LABELS = {"order": "Ordre", "quote": "Tilbud", "project": "Prosjekt", "company": "Firma"}
DEFAULT_KIND = "relatert"
CONVERSION_KINDS = frozenset({"converted_from", "converted_to"})
# Kind on the linking side → kind on the other side.
_MIRRORS = {
    "tilleggsordre": "har_tilleggsordre",
    "har_tilleggsordre": "tilleggsordre",
    "erstatter": "erstattet_av",
    "erstattet_av": "erstatter",
}
KIND_LABELS = {
    "converted_from": "konvertert fra",
    "converted_to": "konvertert til",
    "tilleggsordre": "tilleggsordre til",
    "har_tilleggsordre": "har tilleggsordre",
    "erstatter": "erstatter",
    "erstattet_av": "erstattet av",
}
_TARGET = re.compile(r"^\s*([a-z]+)\s*:\s*(\S+)\s*$")


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def mirror_kind(kind: str) -> str:
    return _MIRRORS.get(kind, kind)


def describe(record_type: str, record_id: int) -> str:
    return f"{TARGET_LABELS.get(record_type, record_type)} {record_id}"


def parse_target(target: object) -> tuple[str, int]:
    """'quote:12', 'project:3', 'order:10042' or 'company:7' → (type, id)."""
    match = _TARGET.match(str(target or "").lower())
    number = as_id(match.group(2)) if match else None
    if match is None or match.group(1) not in TARGET_LABELS or number is None:
        raise InvalidRelation(
            f"«{target}» er ikke et gyldig mål for en relasjon. Skriv quote:ID, project:ID,"
            " order:NR eller company:ID."
        )
    return match.group(1), number


def parse_kind(kind: object) -> str:
    """The stored kind: a known kind by key or label, otherwise the text as typed."""
    text = optional_text(kind, "Relasjonstype") or DEFAULT_KIND
    folded = text.lower().replace(" ", "_")
    for key, label in KIND_LABELS.items():
        if folded in (key, label.replace(" ", "_")):
            if key in CONVERSION_KINDS:
                raise InvalidRelation(
                    f"Relasjonstypen «{text}» er forbeholdt konvertering av tilbud."
                )
            return key
    return text


def require_target(con: Con, record_type: str, record_id: int) -> None:
    """The record exists (the NotFound subclass of its kind otherwise)."""
    {
        "order": load_order,
        "quote": load_quote,
        "project": require_project,
        "company": require_company,
    }[record_type](con, record_id)
