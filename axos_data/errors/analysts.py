"""Errors of what analysts and other clients reach: the read API's tables and views, data
sources and snapshots, API tokens, and commands the running app refuses."""

from __future__ import annotations

from axos_data.errors.core import AxosError, CannotWriteFile, DatabaseBusy, NotFound


class UnknownTable(NotFound):
    """A table that is not served (no such table, or a withheld one: passwords, tokens)."""


class UnknownView(NotFound):
    """A view name the read API does not know."""


class NoDataSource(AxosError):
    """Outside the app, an analyst's notebook was given no snapshot folder to read."""


__all__ = ["NoDataSource", "UnknownTable", "UnknownView"]


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
