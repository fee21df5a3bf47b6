"""Every error a user can cause. Messages are Norwegian (bokmål), name the offending value and
say what to do; the CLI and the apps show them as they are."""

__all__ = [
    "AlreadyExists",
    "AmountOutOfRange",
    "AxosError",
    "CannotWriteFile",
    "ConcurrentModification",
    "ContactNotOfCustomer",
    "DatabaseBusy",
    "DuplicateValue",
    "EmptyValue",
    "InactiveEmployee",
    "IncompleteCompanyProfile",
    "InvalidBankAccount",
    "InvalidChoice",
    "InvalidDate",
    "InvalidDiscount",
    "InvalidEmail",
    "InvalidInput",
    "InvalidKid",
    "InvalidNumber",
    "InvalidOrgNumber",
    "InvalidQuantity",
    "InvalidQuoteStatus",
    "InvalidStatusTransition",
    "InvalidText",
    "InvalidVatRate",
    "LastAdmin",
    "NotFound",
    "NumberOutOfRange",
    "OrderLocked",
    "PermissionDenied",
    "ProjectNotOfCustomer",
    "QuoteAlreadyConverted",
    "QuoteNotConvertible",
    "TextTooLong",
    "TooManyDecimals",
    "UnknownCompany",
    "UnknownContact",
    "UnknownCustomField",
    "UnknownEmployee",
    "UnknownGroup",
    "UnknownLine",
    "UnknownOrder",
    "UnknownProduct",
    "UnknownProject",
    "UnknownQuote",
    "UnknownSetting",
    "UnknownStatus",
    "UnreadableFile",
]


class AxosError(Exception):
    """Base of every error the library raises on purpose."""


class NotFound(AxosError):
    """A referenced record does not exist."""


class UnknownCompany(NotFound):
    """No company (customer) with that id."""


class UnknownContact(NotFound):
    """No contact person with that id."""


class UnknownEmployee(NotFound):
    """No employee with that id."""


class UnknownProject(NotFound):
    """No project with that id."""


class UnknownProduct(NotFound):
    """No product with that id or SKU."""


class UnknownOrder(NotFound):
    """No order with that order number."""


class UnknownQuote(NotFound):
    """No quote with that id."""


class UnknownLine(NotFound):
    """No line with that id on the order or quote."""


class UnknownGroup(NotFound):
    """No line group with that id on the order or quote."""


class UnknownStatus(NotFound):
    """No status with that key."""


class UnknownSetting(NotFound):
    """No setting with that key."""


class UnknownCustomField(NotFound):
    """No custom field with that key."""


class ContactNotOfCustomer(AxosError):
    """The contact person belongs to another company than the order's customer."""


class ProjectNotOfCustomer(AxosError):
    """The project belongs to another customer than the order's customer."""


class InactiveEmployee(AxosError):
    """The employee is deactivated and cannot act or be responsible."""


class InvalidNumber(AxosError):
    """A value that must be a number is not one."""


class InvalidQuantity(AxosError):
    """Quantity is zero, negative or otherwise not allowed."""


class InvalidDiscount(AxosError):
    """Discount percentage outside 0–100."""


class InvalidVatRate(AxosError):
    """VAT rate is not one of the Norwegian rates 25, 15, 12 or 0."""


class TooManyDecimals(AxosError):
    """A money or quantity value has more decimals than its field keeps."""


class AmountOutOfRange(AxosError):
    """A money value is larger than the database can store."""


class InvalidOrgNumber(AxosError):
    """Organisation number fails the 9-digit MOD11 check."""


class InvalidBankAccount(AxosError):
    """Norwegian bank account number fails the 11-digit MOD11 check."""


class InvalidKid(AxosError):
    """KID number has a wrong check digit or format."""


class EmptyValue(AxosError):
    """A required text (title, name, description …) is empty."""


class InvalidDate(AxosError):
    """A date is not a valid YYYY-MM-DD date or is out of order."""


class InvalidEmail(AxosError):
    """An e-mail address is not of the form name@domain."""


class InvalidChoice(AxosError):
    """A value is not one of the allowed choices (invoice method, role, sort column …)."""


class AlreadyExists(AxosError):
    """A record with that unique key (SKU, e-mail, status key …) already exists."""


class InvalidStatusTransition(AxosError):
    """The status flow does not allow moving from the current status to the requested one."""


class InvalidQuoteStatus(AxosError):
    """The quote cannot move to the requested status."""


class OrderLocked(AxosError):
    """Lines, groups and prices can only change while the order is in an open status."""


class PermissionDenied(AxosError):
    """The acting employee lacks the role the action needs (admin)."""


class QuoteAlreadyConverted(AxosError):
    """The quote was converted before; the message names the existing order."""


class QuoteNotConvertible(AxosError):
    """Only accepted or sent quotes can become orders (not drafts or rejected ones)."""


class ConcurrentModification(AxosError):
    """Someone else changed the record since it was read; reload and try again."""


class DatabaseBusy(AxosError):
    """Another process holds the database file longer than we are willing to wait."""


class IncompleteCompanyProfile(AxosError):
    """A document needs company profile fields (name, orgnr, address, bank account) still empty."""


class CannotWriteFile(AxosError):
    """A file or folder could not be written (missing folder, no permission, disk full)."""


class InvalidInput(AxosError):
    """Input that fits no more specific rule (a malformed lines file, an unknown column …)."""


class TextTooLong(AxosError):
    """A text is longer than its field allows (the limits are in axos_data/limits.py)."""


class InvalidText(AxosError):
    """A text holds characters it may not: control characters, lone surrogates, bad UTF-8."""


class NumberOutOfRange(InvalidNumber):
    """A whole number (a setting, payment terms, paging) outside the range its field allows."""


class LastAdmin(AxosError):
    """The change would leave the database without an active administrator."""


class UnreadableFile(InvalidInput):
    """A file is neither UTF-8 nor Windows-1252 text (binary data, another encoding)."""


class DuplicateValue(AlreadyExists):
    """A value that must be unique (an SKU, an e-mail, a key) is already stored."""


class DatabaseNewerThanProgram(AxosError):
    """The database records a schema migration this program does not know; it is not opened."""


class DatabaseDamaged(AxosError):
    """The database file is damaged (truncated, unreadable); restore it from a backup."""


class InvalidDuration(AxosError):
    """A duration such as a backup interval is not a positive number with m, h or d."""


class BackupRefused(AxosError):
    """A backup or restore was refused: target exists, app holds the file, or bad backup."""


class RemoteAppError(AxosError):
    """The running app could not be reached or refused the request (wrong token, no answer)."""


__all__ += [
    "BackupRefused",
    "DatabaseDamaged",
    "DatabaseNewerThanProgram",
    "InvalidDuration",
    "RemoteAppError",
]


class ReopenReasonRequired(AxosError):
    """Reopening a paid or cancelled order needs a note that says why."""


__all__ += ["ReopenReasonRequired"]


class UnknownTask(NotFound):
    """The task (oppgave) id does not exist."""


class UnknownReminder(NotFound):
    """The reminder (påminnelse) id does not exist."""


class UnknownNotification(NotFound):
    """The notification id does not exist."""


__all__ += ["UnknownNotification", "UnknownReminder", "UnknownTask"]


class UnknownFile(NotFound):
    """The file id is not a file stored on any order."""


class FileTooLarge(AxosError):
    """A file is larger than the maximum size setting (max_file_mb)."""


class DamagedFile(AxosError):
    """A stored file's content no longer matches its SHA-256 (or is missing); it is not served."""


class FileStoreUnavailable(AxosError):
    """Files need a database file on disk (the store lies beside it), not an in-memory one."""


class UnknownRelation(NotFound):
    """The relation id is not a link of this order."""


class InvalidRelation(AxosError):
    """A relation target is malformed, points to the order itself, or already exists."""


class RelationNotRemovable(AxosError):
    """A link made by converting a quote belongs to the conversion and cannot be removed."""


__all__ += [
    "DamagedFile",
    "FileStoreUnavailable",
    "FileTooLarge",
    "InvalidRelation",
    "RelationNotRemovable",
    "UnknownFile",
    "UnknownRelation",
]


class InvalidPassword(AxosError):
    """A new password breaks a rule (too short, too long, control characters, not repeated)."""


class UnknownGrant(AxosError):
    """A grant name that does not exist (today only «settings»: Ordreinnstillinger)."""


__all__ += ["InvalidPassword", "UnknownGrant"]


class StatusInUse(AxosError):
    """A status that orders have cannot be removed from the flow."""


class StatusFlowBroken(AxosError):
    """The change would leave the flow without an open start status or with unreachable ones."""


class InactiveCustomer(AxosError):
    """A deactivated customer (or its contact or project) cannot get new orders or quotes."""


class InvalidLogo(AxosError):
    """The logo file is not a PNG or JPEG image the PDF renderer can read."""


class RequiredFieldMissing(AxosError):
    """A required custom field was left empty."""


__all__ += [
    "InactiveCustomer",
    "InvalidLogo",
    "RequiredFieldMissing",
    "StatusFlowBroken",
    "StatusInUse",
]


class InvalidVatCode(AxosError):
    """A VAT code is not one of the known codes (see vat_codes.CODES)."""


class EhfNotPossible(AxosError):
    """An order cannot be sent as EHF (the message lists why)."""


class EhfInvalid(AxosError):
    """A built EHF document breaks a fatal Peppol BIS / EN 16931 rule."""


__all__ += ["EhfInvalid", "EhfNotPossible", "InvalidVatCode"]


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


class UnknownTable(NotFound):
    """A table that is not served (no such table, or a withheld one: passwords, tokens)."""


class UnknownView(NotFound):
    """A view name the read API does not know."""


class NoDataSource(AxosError):
    """Outside the app, an analyst's notebook was given no snapshot folder to read."""


__all__ += ["NoDataSource", "UnknownTable", "UnknownView"]


class InvalidSnapshot(AxosError):
    """A snapshot folder is missing, incomplete or does not match its manifest.json."""


class SnapshotInterrupted(CannotWriteFile):
    """A snapshot was stopped before it was complete (the app shut down); nothing was kept."""


__all__ += ["InvalidSnapshot", "SnapshotInterrupted"]


class UnknownApiToken(NotFound):
    """No API token with that id (or it belongs to someone else)."""


class AppOwnsDatabase(DatabaseBusy):
    """The command cannot run while `axos app` holds the database (it would replace or serve it)."""


__all__ += ["AppOwnsDatabase", "UnknownApiToken"]
