"""Helpers shared by the adapters: required fields, vocabulary lookups, list splitting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ingest.errors import RejectError
from models.records import Record
from models.vocabulary import (
    CAVEAT_TERMS,
    Caveat,
    UnknownTermError,
    lookup,
)

T = TypeVar("T")

_RECORD_VALIDATOR = Record.__pydantic_validator__


def validate_record(data: dict[str, Any]) -> Record:
    """``Record.model_validate(data)``: the same validator, without the classmethod's argument handling.

    The adapters build the whole record, sub-records included, as plain dicts and validate it
    here once, so pydantic builds every sub-model in Rust rather than one Python ``__init__``
    each; each dict holds the keys a keyword construction would have passed, so even
    ``model_fields_set`` is unchanged.
    """
    record: Record = _RECORD_VALIDATOR.validate_python(data)
    return record


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
    # Fast path: a code already spelled canonically. Every key of a vocabulary table is its own
    # folded form (upper-case ASCII and underscores), so this is the answer ``lookup`` would give.
    hit = table.get(raw)
    if hit is not None:
        return hit
    try:
        return lookup(table, raw, what)
    except UnknownTermError as exc:
        raise RejectError(str(exc), key=key) from None


def caveats(raws: list[str], key: str | None) -> tuple[Caveat, ...]:
    """Canonical caveats, de-duplicated, in a stable order."""
    if not raws:
        return ()
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
