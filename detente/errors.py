"""Errors Detente reports to users as one line, never as a traceback."""

from __future__ import annotations


class DetenteError(Exception):
    """Base class for errors shown to the user as one line."""


class InputError(DetenteError):
    """One input (file or record) could not be read; the message names it and says why."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


class StoreError(DetenteError):
    """The store could not be opened or written."""


class LinkError(DetenteError):
    """A link request that cannot be carried out (unknown story, mention not in it, unknown
    commitment status, ...)."""
