"""Why an item is refused. Raised, never returned as a status value."""

from __future__ import annotations


class RejectError(ValueError):
    """A source item cannot become a canonical record; it goes to the dead letters."""

    def __init__(self, reason: str, *, key: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        #: ``AGENCY:RECORD_NO`` when it could be read before the problem was found.
        self.key = key


class ImpossibleDateError(RejectError):
    """A date that no reading makes real (month 31, 30 February): the record is rejected."""

