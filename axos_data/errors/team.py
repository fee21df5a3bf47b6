"""Errors of the team's tools: tasks, reminders and notifications, files and relations,
logins and grants, the status flow and settings."""

from __future__ import annotations

from axos_data.errors.core import AxosError, NotFound


class UnknownTask(NotFound):
    """The task (oppgave) id does not exist."""


class UnknownReminder(NotFound):
    """The reminder (påminnelse) id does not exist."""


class UnknownNotification(NotFound):
    """The notification id does not exist."""


__all__ = ["UnknownNotification", "UnknownReminder", "UnknownTask"]


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
