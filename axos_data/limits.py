"""Bounds on every text and whole number a user gives: one table each, one place to change.

Amounts, prices and quantities have their bounds in money.py (MAX_AMOUNT …).

Text rules (clean_text), the same for every field:
- Leading and trailing whitespace is removed; everything else is kept exactly as typed: no
  truncation, no normalisation.
- Lone surrogates (what invalid UTF-8 on a command line or in a file becomes) and bytes that
  are not UTF-8 are refused (InvalidText): DuckDB cannot store them.
- Control characters are refused (InvalidText): C0 (U+0000–U+001F), DEL (U+007F) and C1
  (U+0080–U+009F). Multi-line fields (line description, comment, status note, custom text
  value) accept line feed, carriage return and tab; single-line fields (titles, names …) accept
  none: a newline or tab in a title breaks lists, CSV columns and the PDF layout, and an ESC
  (U+001B) can rewrite a terminal.
- A text with nothing visible once whitespace and invisible format characters (Unicode category
  Cf: zero-width space and joiners, word joiner, BOM, soft hyphen, direction marks …) are set
  aside is empty: EmptyValue for a required field, InvalidText for an optional one (the user
  typed something, and storing nothing in its place would be silent). Inside visible text these
  characters are kept: a zero-width joiner in an emoji sequence or a direction mark in Arabic
  text is legitimate.
- Length is counted in characters (code points) and must be at most the field's limit
  (TextTooLong names the field, the length and the limit).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from axos_data.errors import EmptyValue, InvalidText, NumberOutOfRange, TextTooLong


@dataclass(frozen=True)
class TextField:
    limit: int
    multiline: bool = False


# Field (its Norwegian label, as the services name it) → limit. A label missing here is a
# programming error (KeyError): every text a service accepts has a limit.
TEXT_LIMITS: dict[str, TextField] = {
    # orders and quotes
    "Tittel": TextField(200),
    "Deres referanse": TextField(100),
    "Gruppetittel": TextField(200),
    "Beskrivelse": TextField(2_000, multiline=True),
    "Enhet": TextField(20),
    "Kommentar": TextField(10_000, multiline=True),
    "Statusnotat": TextField(2_000, multiline=True),
    # companies, contacts, employees, projects, products
    "Firmanavn": TextField(200),
    "Organisasjonsnummer": TextField(20),
    "Adresse": TextField(200),
    "Postnummer": TextField(20),
    "Poststed": TextField(100),
    "Land": TextField(2),
    "E-post": TextField(254),
    "Firmaets e-post": TextField(254),
    "Telefon": TextField(50),
    "Navn": TextField(200),
    "Prosjektnavn": TextField(200),
    "Varenummer": TextField(50),
    "Produktnavn": TextField(200),
    "Kundenummer": TextField(30),
    # settings and custom fields
    "Kontonummer": TextField(20),
    "Statusnøkkel": TextField(50),
    "Statusnavn": TextField(50),
    "Feltnøkkel": TextField(40),
    "Feltnavn": TextField(100),
    "Valg": TextField(100),
    "Fakturametode": TextField(30),
    "Navn på fakturametode": TextField(50),
    "Regnskapskode": TextField(30),
    "Filnavn": TextField(255),
    "Feltverdi": TextField(1_000, multiline=True),
    # follow-up: tasks and reminders
    "Oppgave": TextField(200),
    "Påminnelse": TextField(2_000, multiline=True),
    # relations between records: a kind label such as "tilleggsordre" or free text
    "Relasjonstype": TextField(100),
    # search box and text filters (reads: bounded so a pasted page cannot slow every list)
    "Søk": TextField(200),
}

# Where each limited text is stored: (table, key column, column, field). `axos check` reports
# stored texts beyond their field's limit (a database written before the limits existed).
STORED_TEXTS: tuple[tuple[str, str, str, str], ...] = (
    ("orders", "order_no", "title", "Tittel"),
    ("orders", "order_no", "customer_ref", "Deres referanse"),
    ("order_groups", "id", "title", "Gruppetittel"),
    ("order_lines", "id", "description", "Beskrivelse"),
    ("order_lines", "id", "unit", "Enhet"),
    ("order_status_history", "id", "note", "Statusnotat"),
    ("quotes", "id", "title", "Tittel"),
    ("quotes", "id", "customer_ref", "Deres referanse"),
    ("quote_groups", "id", "title", "Gruppetittel"),
    ("quote_lines", "id", "description", "Beskrivelse"),
    ("quote_lines", "id", "unit", "Enhet"),
    ("companies", "id", "name", "Firmanavn"),
    ("companies", "id", "address", "Adresse"),
    ("companies", "id", "city", "Poststed"),
    ("company_numbers", "company_id", "customer_no", "Kundenummer"),
    ("contacts", "id", "name", "Navn"),
    ("contacts", "id", "phone", "Telefon"),
    ("employees", "id", "name", "Navn"),
    ("projects", "id", "name", "Prosjektnavn"),
    ("products", "id", "sku", "Varenummer"),
    ("products", "id", "name", "Produktnavn"),
    ("custom_fields", "id", "label", "Feltnavn"),
    ("statuses", "position", "label", "Statusnavn"),
    ("order_tasks", "id", "title", "Oppgave"),
    ("reminders", "id", "note", "Påminnelse"),
    ("relations", "id", "kind", "Relasjonstype"),
)

# Field → (smallest, largest) allowed whole number.
NUMBER_RANGES: dict[str, tuple[int, int]] = {
    # Order numbers count up from here; 10^9 leaves nine digits of room below BIGINT's limit
    # and keeps numbers short enough to say on the phone.
    "Første ordrenummer": (1, 10**9),
    "Betalingsbetingelser": (0, 365),
    "Antall per side": (1, 1000),
    "Fra rad": (0, 10**12),
    "Posisjon": (1, 10_000),
    # Files are read whole into memory to hash and verify them; a gigabyte is the ceiling.
    "Maks filstørrelse (MB)": (1, 1024),
}

_ALLOWED_IN_MULTILINE = frozenset("\n\r\t")


def is_control(char: str) -> bool:
    code = ord(char)
    return code < 0x20 or 0x7F <= code <= 0x9F


def _is_invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) == "Cf" or is_control(char)


def clean_text(value: object, field: str, *, required: bool) -> str | None:
    """The text of `field`, stripped, checked against the rules above; None when an optional
    field is left empty."""
    rule = TEXT_LIMITS[field]
    if value is None:
        text = ""
    elif isinstance(value, bytes | bytearray):
        try:
            text = bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidText(f"{field} er ikke gyldig UTF-8-tekst.") from None
    else:
        text = str(value)
    text = text.strip()
    if not text:
        if required:
            raise EmptyValue(f"{field} kan ikke være tom.")
        return None
    _check_characters(text, field, rule)
    if all(_is_invisible(char) for char in text):
        if required:
            raise EmptyValue(f"{field} kan ikke være tom (den har bare usynlige tegn).")
        raise InvalidText(f"{field} har bare usynlige tegn; la feltet stå tomt eller skriv tekst.")
    if len(text) > rule.limit:
        raise TextTooLong(
            f"{field} er for lang: {len(text)} tegn; høyst {rule.limit} er tillatt."
            f" Teksten begynner med «{text[:40]}…»."
        )
    return text


def _check_characters(text: str, field: str, rule: TextField) -> None:
    for position, char in enumerate(text, start=1):
        if 0xD800 <= ord(char) <= 0xDFFF:
            raise InvalidText(
                f"{field} har et ugyldig tegn (U+{ord(char):04X}) i posisjon {position}:"
                " teksten er ikke gyldig UTF-8."
            )
        if is_control(char) and not (rule.multiline and char in _ALLOWED_IN_MULTILINE):
            where = "" if rule.multiline else " (linjeskift og tabulator er ikke tillatt her)"
            raise InvalidText(
                f"{field} har et kontrolltegn (U+{ord(char):04X}) i posisjon {position}{where}."
            )


def check_range(number: int, field: str) -> int:
    """The number itself when it is within the field's range, else NumberOutOfRange."""
    low, high = NUMBER_RANGES[field]
    if not low <= number <= high:
        raise NumberOutOfRange(
            f"{field} må være mellom {_grouped(low)} og {_grouped(high)}, ikke {number}."
        )
    return number


def _grouped(number: int) -> str:
    return f"{number:,}".replace(",", "\u00a0")
