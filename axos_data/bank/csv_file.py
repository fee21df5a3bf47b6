"""Incoming payments from a CSV file as Norwegian banks and spreadsheets write it: `;` or `,`
(or tab) between columns, UTF-8 or Windows-1252, dd.mm.åååå dates, decimal comma.

Which column holds what is found by its heading (the names in CSV_FIELDS, case-insensitive),
or given by a mapping: "date=Bokført,amount=Beløp,kid=KID,payer=Betaler,text=Tekst".
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from axos_data.bank.records import IncomingPayment, PaymentFile, make_file, payment
from axos_data.errors import InvalidColumnMapping, InvalidPaymentFile
from axos_data.lines_file import decode_text

# field → headings recognised without a mapping (compared case-insensitively)
CSV_FIELDS: dict[str, tuple[str, ...]] = {
    "date": ("date", "dato", "bokført", "bokføringsdato", "betalt dato", "valutadato"),
    "amount": ("amount", "beløp", "belop", "inn", "innbetalt", "inn på konto"),
    "kid": ("kid", "kid-nummer", "kidnummer"),
    "payer": ("payer", "betaler", "navn", "fra"),
    "text": ("text", "tekst", "melding", "forklaring", "beskrivelse"),
    "ref": ("ref", "referanse", "arkivreferanse", "arkivref", "bankreferanse"),
}
REQUIRED = ("date", "amount")


def parse_mapping(value: str | dict[str, str] | None) -> dict[str, str]:
    """{field: column heading} from "date=Bokført,amount=Beløp" (or a dict)."""
    if not value:
        return {}
    pairs = value.items() if isinstance(value, dict) else _pairs(value)
    mapping: dict[str, str] = {}
    for field, column in pairs:
        key = field.strip().lower()
        if key not in CSV_FIELDS:
            raise InvalidColumnMapping(
                f"--mapping: «{field}» er ikke et felt; bruk {', '.join(CSV_FIELDS)}."
            )
        if not column.strip():
            raise InvalidColumnMapping(f"--mapping: {key}= mangler kolonnenavn.")
        mapping[key] = column.strip()
    return mapping


def _pairs(text: str) -> list[tuple[str, str]]:
    pairs = []
    for part in text.split(","):
        if not part.strip():
            continue
        field, sep, column = part.partition("=")
        if not sep:
            raise InvalidColumnMapping(
                f"--mapping: «{part.strip()}» må skrives FELT=KOLONNE, for eksempel"
                " date=Bokført,amount=Beløp."
            )
        pairs.append((field, column))
    return pairs


def read_csv(data: bytes, name: str, mapping: str | dict[str, str] | None = None) -> PaymentFile:
    wanted = parse_mapping(mapping)
    text = decode_text(data, Path(name))
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise InvalidPaymentFile(f"{name} er tom; første rad må være kolonnenavn.")
    columns = _columns([cell.strip() for cell in header], wanted, name)
    payments: list[IncomingPayment] = []
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            where = f"{name}, linje {reader.line_num}"
            if len(row) > len(header):
                raise InvalidPaymentFile(
                    f"{where}: {len(row)} kolonner, men overskriften har {len(header)}."
                    " Et beløp med desimalkomma i en kommaseparert fil må stå i anførselstegn."
                )
            values = {
                field: (row[index] if index < len(row) else None)
                for field, index in columns.items()
            }
            payments.append(
                payment(
                    where,
                    booked_on=values.get("date"),
                    amount=values.get("amount"),
                    kid=values.get("kid"),
                    payer=values.get("payer"),
                    text=values.get("text"),
                    bank_ref=values.get("ref"),
                )
            )
    except csv.Error as error:
        raise InvalidPaymentFile(f"{name}, linje {reader.line_num}: {error}.") from None
    return make_file(name, "csv", data, payments)


def _columns(header: list[str], wanted: dict[str, str], name: str) -> dict[str, int]:
    """field → column index, by the mapping first, then by the known headings."""
    folded = [cell.casefold() for cell in header]
    columns: dict[str, int] = {}
    for field, column in wanted.items():
        if column.casefold() not in folded:
            raise InvalidColumnMapping(
                f"{name}: kolonnen «{column}» (for {field}) finnes ikke; kolonnene er"
                f" {', '.join(header)}."
            )
        columns[field] = folded.index(column.casefold())
    for field, names in CSV_FIELDS.items():
        if field in columns:
            continue
        for candidate in names:
            if candidate in folded and folded.index(candidate) not in columns.values():
                columns[field] = folded.index(candidate)
                break
    missing = [field for field in REQUIRED if field not in columns]
    if missing:
        raise InvalidColumnMapping(
            f"{name}: finner ikke kolonne for {', '.join(missing)} blant {', '.join(header)}."
            " Oppgi dem med --mapping, for eksempel --mapping date=Bokført,amount=Beløp."
        )
    return columns
