"""Errors of the finance side: VAT codes and EHF, master-data import, bank payments and
reminders, the invoice basis export."""

from __future__ import annotations

from axos_data.errors.core import AxosError, CannotWriteFile, InvalidInput, NotFound


class InvalidVatCode(AxosError):
    """A VAT code is not one of the known codes (see vat_codes.CODES)."""


class EhfNotPossible(AxosError):
    """An order cannot be sent as EHF (the message lists why)."""


class EhfInvalid(AxosError):
    """A built EHF document breaks a fatal Peppol BIS / EN 16931 rule."""


__all__ = ["EhfInvalid", "EhfNotPossible", "InvalidVatCode"]


class ImportRefused(InvalidInput):
    """A row of an import file breaks a rule, so nothing of the file is written."""

    def __init__(self, message: str, row: int | None = None, cause: Exception | None = None):
        super().__init__(message)
        self.row = row  # the row number as a spreadsheet shows it (the header is row 1)
        self.cause = cause


class MissingAccountingCode(NotFound):
    """An invoice method or payment term has no code for the accounting system."""


__all__ += ["ImportRefused", "MissingAccountingCode"]


class InvalidPaymentFile(InvalidInput):
    """A bank payment file (CSV or camt.054) that cannot be read; names the line or element."""


class UnsafeXml(InvalidPaymentFile):
    """An XML file with a DTD or entity declarations (refused: entity expansion attacks)."""


class InvalidColumnMapping(InvalidInput):
    """A --mapping for a payment CSV that names an unknown field or a missing column."""


class ReminderNotAllowed(AxosError):
    """The order cannot get a reminder (not invoiced, fully paid, or not overdue)."""


__all__ += ["InvalidColumnMapping", "InvalidPaymentFile", "ReminderNotAllowed", "UnsafeXml"]


class NoOrdersToExport(NotFound):
    """An invoice export selected no orders."""


class AlreadyInvoiced(AxosError):
    """Orders in an invoice export were exported before and --reexport was not given."""


class ExportFolderProblem(CannotWriteFile):
    """An invoice export's folder cannot be written or put in place."""


__all__ += ["AlreadyInvoiced", "ExportFolderProblem", "NoOrdersToExport"]
