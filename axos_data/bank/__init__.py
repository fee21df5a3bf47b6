"""Reading the bank's files of incoming payments: CSV (with a column mapping) and ISO 20022
camt.054. Readers are pure (no database): a file in, a `PaymentFile` of `IncomingPayment`s out,
or `InvalidPaymentFile` naming the line or element that is wrong."""

from __future__ import annotations

from pathlib import Path

from axos_data import os_errors
from axos_data.bank.camt054 import looks_like_xml, read_camt054
from axos_data.bank.csv_file import CSV_FIELDS, parse_mapping, read_csv
from axos_data.bank.records import IncomingPayment, PaymentFile
from axos_data.errors import InvalidPaymentFile

__all__ = [
    "CSV_FIELDS",
    "IncomingPayment",
    "PaymentFile",
    "parse_mapping",
    "read_payment_file",
]


def read_payment_file(path: str | Path, mapping: str | dict[str, str] | None = None) -> PaymentFile:
    """The payments in a bank file; camt.054 when the file is XML, CSV otherwise.

    `mapping` (CSV only) names the file's columns: "date=Bokført,amount=Beløp,kid=KID".
    """
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as error:
        raise InvalidPaymentFile(
            f"Kan ikke lese betalingsfilen {file}: {os_errors.reason(error)}."
        ) from None
    if looks_like_xml(data):
        if mapping:
            raise InvalidPaymentFile(
                f"{file.name} er en camt.054-fil (XML); --mapping gjelder bare CSV-filer."
            )
        return read_camt054(data, file.name)
    return read_csv(data, file.name, mapping)
