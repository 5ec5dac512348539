"""The raw topic's contract: what a message on ``<prefix>.raw`` may be, read into a source item.

Two forms are accepted (``deploy/contracts/raw-topic.asyncapi.yaml`` publishes the contract):

- **caselink's envelope**: a JSON object with the fields of :class:`~ingest.items.SourceItem`
  (what ``caselink publish`` sends). Its headers are informative only.
- **a native item**: one export item exactly as the export holds it -- an ``mcm`` JSON line, an
  ``mpr`` CSV row, an ``sfx`` ``<dossier>`` element -- with headers saying what it is:
  ``format`` (required), ``agency``, ``source``, ``position``, ``version`` and, for ``mpr``,
  ``columns``. A police service pushes its records with its own tooling (Kafka Connect, a
  console producer, a change-data-capture feed) and needs nothing of caselink's.

Reading never fails: a message that is neither form, or whose headers contradict it, becomes an
item carrying a ``framing_error``, which the pipeline rejects and the transport dead-letters with
that reason and the message's exact content. The checks here are about the message as a
message (which format, which header row, one item); the record inside is judged by the adapters
like any item read from a file, so the same item gives the same record either way.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Final

import orjson

from ingest.adapters.mpr import COLUMNS as MPR_COLUMNS
from ingest.items import SourceItem, decode, framed_item
from models.vocabulary import SourceFormat

#: Header names, as the contract spells them (matched case-insensitively).
FORMAT, AGENCY, SOURCE, POSITION, VERSION, COLUMNS = "format", "agency", "source", "position", "version", "columns"
HEADERS: Final = (FORMAT, AGENCY, SOURCE, POSITION, VERSION, COLUMNS)

#: The export versions each format is known in (FORMATS.md), newest last. ``mcm`` carries its
#: version in the record (``export_version``) and ``sfx`` on the ``<exportation>`` element, so
#: for those the header is a check; ``mpr`` has no version in the file, and its version names
#: the CSV header row a row alone is read with.
FORMAT_VERSIONS: Final[Mapping[SourceFormat, tuple[str, ...]]] = {
    SourceFormat.MCM: ("2.3",),
    SourceFormat.MPR: ("1",),
    SourceFormat.SFX: ("1.2",),
}

#: The canonical ``mpr`` header row per version: what a row is read with when the message has
#: no ``columns`` header.
MPR_HEADER_ROWS: Final[Mapping[str, str]] = {"1": ",".join(MPR_COLUMNS)}

#: Members every envelope has (the rest of :class:`SourceItem`'s fields are optional).
ENVELOPE_MEMBERS: Final = frozenset({"source", "format", "position", "byte_offset", "payload"})

NOT_AN_ITEM = "not a caselink source item"

_BOM = "\ufeff"
_SFX_ELEMENT = re.compile(r"\A\s*(?:<\?xml[^>]*\?>\s*)?<dossier\b")
_MCM_AGENCY = re.compile(r'"agency"\s*:\s*"([^"\\]{1,64})"')


@dataclass(frozen=True)
class MessageRef:
    """Where a message sits in Kafka: the default ``source`` and ``position`` of a native item."""

    topic: str
    partition: int
    offset: int


def item_from_message(value: bytes | None, headers: Sequence[tuple[str, bytes | None]] | None, ref: MessageRef) -> SourceItem:
    """The source item a raw-topic message carries (see the module docstring).

    An envelope from caselink's publisher starts with ``{"source":``; it is read first, as
    before, so the common path costs what it did.
    """
    raw = value or b""
    if raw.startswith(b'{"source":'):
        try:
            return SourceItem.from_json(raw.decode("utf-8", "surrogatepass"))
        except (ValueError, TypeError, KeyError):
            pass  # not an envelope after all: read as below
    named = _headers(headers)
    envelope_error = None
    if raw.lstrip()[:1] == b"{":
        envelope, envelope_error = _envelope(raw)
        if envelope is not None:
            return envelope
    fmt_name = named.get(FORMAT)
    if fmt_name is None:
        why = envelope_error or "no `format` header, and not a caselink envelope"
        return _reject(raw, ref, SourceFormat.MCM, named, f"{NOT_AN_ITEM} ({why})")
    return _native(raw, named, fmt_name, ref)


def _headers(headers: Sequence[tuple[str, bytes | None]] | None) -> dict[str, str]:
    """Header values by lower-cased name, decoded (a value that is not UTF-8 is kept, replaced)."""
    out: dict[str, str] = {}
    for name, val in headers or ():
        out.setdefault(name.strip().lower(), decode(val or b"")[0].strip())
    return out


def _envelope(raw: bytes) -> tuple[SourceItem | None, str | None]:
    """The envelope a JSON object is, or why it is not one (None when it is plainly something else)."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        return None, f"JSONDecodeError: {str(exc)[:200]}"
    if not isinstance(data, dict) or not data.keys() >= ENVELOPE_MEMBERS:
        return None, None
    try:
        return SourceItem.from_json(raw.decode("utf-8", "surrogatepass")), None
    except (ValueError, TypeError, KeyError) as exc:
        return None, f"a malformed caselink envelope ({type(exc).__name__}: {str(exc)[:200]})"


def _where(named: Mapping[str, str], ref: MessageRef) -> tuple[str, int, int | None, str | None]:
    """(source, position, line, problem): the headers' say, else the message's place in Kafka."""
    source = named.get(SOURCE) or f"kafka:{ref.topic}/{ref.partition}"
    given = named.get(POSITION)
    if given is None:
        return source, ref.offset + 1, None, None
    if given.isdigit() and int(given) >= 1:
        return source, int(given), int(given), None
    return source, ref.offset + 1, None, f"`position` header {given[:40]!r} is not a whole number from 1"


def _reject(raw: bytes, ref: MessageRef, fmt: SourceFormat, named: Mapping[str, str], reason: str) -> SourceItem:
    text, undecodable = decode(raw)
    source, position, line, _ = _where(named, ref)
    return framed_item(source, fmt, position, ref.offset, text, line=line, undecodable_b64=undecodable,
                       context=named.get(AGENCY) or None, framing_error=reason)


def _native(raw: bytes, named: Mapping[str, str], fmt_name: str, ref: MessageRef) -> SourceItem:
    try:
        fmt = SourceFormat(fmt_name.lower())
    except ValueError:
        known = ", ".join(f.value for f in SourceFormat)
        return _reject(raw, ref, SourceFormat.MCM, named, f"unknown `format` header {fmt_name[:40]!r} (expected {known})")
    source, position, line, problem = _where(named, ref)
    text, undecodable = decode(raw)
    text = text.removeprefix(_BOM)
    context: str | None = None
    if problem is None:
        problem = _version_problem(fmt, named.get(VERSION))
    if fmt is SourceFormat.MCM:
        text = text.rstrip("\r\n")
    elif fmt is SourceFormat.MPR:
        text = text[:-2] if text.endswith("\r\n") else text.removesuffix("\n")
        context = _mpr_header(named)
    else:
        context = named.get(AGENCY) or None
    if problem is None and not text.strip():
        problem = "empty message"
    if problem is None and fmt is SourceFormat.SFX and not _SFX_ELEMENT.match(text):
        problem = f"an sfx message holds one <dossier> element; this one starts {text.lstrip()[:40]!r}"
    if problem is None and fmt is not SourceFormat.SFX:
        problem = _agency_problem(fmt, text, context, named.get(AGENCY))
    return framed_item(source, fmt, position, ref.offset, text, context=context, line=line,
                       undecodable_b64=undecodable, framing_error=problem)


def _version_problem(fmt: SourceFormat, version: str | None) -> str | None:
    if version is None or version in FORMAT_VERSIONS[fmt]:
        return None
    return f"unknown {fmt.value} format version {version[:40]!r} (known: {', '.join(FORMAT_VERSIONS[fmt])})"


def _mpr_header(named: Mapping[str, str]) -> str | None:
    """The header row an ``mpr`` row is read with: the ``columns`` header, else the canonical row of
    its version (None for an unknown version, which is refused as such)."""
    columns = named.get(COLUMNS)
    if columns:
        return columns.removeprefix(_BOM)
    return MPR_HEADER_ROWS.get(named.get(VERSION) or FORMAT_VERSIONS[SourceFormat.MPR][-1])


def _agency_problem(fmt: SourceFormat, text: str, context: str | None, agency: str | None) -> str | None:
    """For ``mcm`` and ``mpr`` the record names its agency; an ``agency`` header must agree with it.

    Also: an ``mpr`` message that is the header row itself (a file sent line by line) is named
    as such rather than left to fail as a report with odd values. Most messages need neither
    check's parse: only a row starting with the header's first column name can be the header
    row, and only a message with an ``agency`` header is compared.
    """
    said: str | None = None
    if fmt is SourceFormat.MCM:
        if not agency:
            return None
        found = _MCM_AGENCY.search(text)
        said = found.group(1) if found else None
    elif context is not None:
        names = _column_names(context)
        if not names or not (agency or text.lstrip('" ').startswith(names[0])):
            return None
        try:
            row = [c.strip() for c in next(csv.reader([text.split("\n", 1)[0]]), [])]
        except csv.Error:
            return None  # the adapter says what is wrong with it
        if row == list(names):
            return "an mpr header row, not a report (the header is known per format version, or given in a `columns` header)"
        if "AGENCY" in names and names.index("AGENCY") < len(row):
            said = row[names.index("AGENCY")] or None
    if agency and said and said != agency:
        return f"`agency` header {agency[:40]!r} disagrees with the record's agency {said[:40]!r}"
    return None


@cache
def _column_names(header_row: str) -> tuple[str, ...]:
    """The column names of a header row (every row of a feed carries the same: parsed once)."""
    try:
        return tuple(n.strip() for n in next(csv.reader([header_row]), []))
    except csv.Error:
        return ()
