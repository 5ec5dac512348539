"""What happened to each source item, and the run summary built from them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from models.records import Record


class Outcome(StrEnum):
    #: First version of a record.
    ACCEPTED = "accepted"
    #: A newer version that superseded the one held.
    SUPERSEDED = "superseded"
    #: The version held, delivered again.
    DUPLICATE = "duplicate"
    #: An older version arriving after a newer one (kept in the history, not applied).
    STALE = "stale"
    #: A purge order: the record's content is gone, an audit entry remains.
    PURGED = "purged"
    #: Could not become a canonical record; kept in the dead letters.
    REJECTED = "rejected"


@dataclass(frozen=True)
class Applied:
    """The state a record is in after an item was applied, for every later stage.

    Later stages (graph, search, alerts) make their state match ``current`` for ``key``:
    ``current`` is the record's version now in force, or ``None`` when it was purged.
    """

    key: str
    outcome: Outcome
    current: Record | None
    #: For a duplicate: whether it said something other than the version held (the variant
    #: is kept in the ledger); None when there was nothing to compare with.
    variant: bool | None = None


@dataclass
class Summary:
    counts: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    rejections: list[dict[str, object]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    skipped_files: list[str] = field(default_factory=list)

    #: Rejections listed one by one in a summary; the rest are counted (all are dead letters).
    MAX_LISTED = 1000

    def add(self, applied: Applied) -> None:
        self.counts[applied.outcome.value] += 1
        if applied.variant:
            self.counts["duplicate_with_other_content"] += 1

    def reject(self, where: str, key: str | None, reason: str) -> None:
        self.counts[Outcome.REJECTED.value] += 1
        self.reasons[reason.split(":", 1)[0]] += 1
        if len(self.rejections) < self.MAX_LISTED:
            self.rejections.append({"where": where, "key": key, "reason": reason})

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {o.value: self.counts.get(o.value, 0) for o in Outcome}
        data["items"] = sum(self.counts.get(o.value, 0) for o in Outcome)
        data["duplicate_with_other_content"] = self.counts.get("duplicate_with_other_content", 0)
        data["rejected_by_reason"] = dict(sorted(self.reasons.items()))
        data["rejections"] = list(self.rejections)
        data["files"] = list(self.files)
        data["already_ingested"] = list(self.skipped_files)
        return data
