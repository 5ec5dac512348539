"""Helpers shared by the adapters: required fields, vocabulary lookups, list splitting."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from ingest.errors import RejectError
from models.vocabulary import (
    CAVEAT_TERMS,
    Caveat,
    UnknownTermError,
    lookup,
)

T = TypeVar("T")


def required(value: str | None, field: str, key: str | None = None) -> str:
    if value is None or not str(value).strip():
        raise RejectError(f"{field}: missing", key=key)
    return str(value).strip()


def optional(value: object) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if text.strip() else None


def term(table: dict[str, T], raw: str | None, what: str, key: str | None) -> T:
    if raw is None or not raw.strip():
        raise RejectError(f"{what}: missing", key=key)
    try:
        return lookup(table, raw, what)
    except UnknownTermError as exc:
        raise RejectError(str(exc), key=key) from None


def caveats(raws: list[str], key: str | None) -> tuple[Caveat, ...]:
    """Canonical caveats, de-duplicated, in a stable order."""
    found = {term(CAVEAT_TERMS, raw, "caveat", key) for raw in raws if raw and raw.strip()}
    return tuple(sorted(found))


def guard(key: str | None, fn: Callable[[], T]) -> T:
    """Run ``fn`` and attach the record key to any rejection it raises."""
    try:
        return fn()
    except RejectError as exc:
        if exc.key is None:
            exc.key = key
        raise
