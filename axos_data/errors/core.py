"""The errors of the order module itself: lookups, values, orders and quotes, the database."""

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
