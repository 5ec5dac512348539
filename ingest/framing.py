"""Streaming framers: cut an export into source items without loading it whole.

A framer reads the file in binary, line by line or in fixed-size chunks, and yields one
:class:`~ingest.items.SourceItem` per record (a JSON line, a CSV record that may span several
physical lines, an XML ``<dossier>`` element). Framing never stops at a bad item: a problem is
recorded on the item (``framing_error``) and the next item is read. ``start_offset`` lets an
interrupted read resume at a known byte.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ingest.items import SourceItem, decode, framed_item
from models.vocabulary import SourceFormat

BOM = b"\xef\xbb\xbf"
_CHUNK = 1 << 20


class FormatDetectionError(ValueError):
    pass


def detect_format(path: Path) -> SourceFormat:
    """Sniff the first bytes; the file name (``mcm_*``, ``mpr_*``, ``sfx_*``) breaks ties."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    text = head.removeprefix(BOM).lstrip()
    if text.startswith(b"<"):
        return SourceFormat.SFX
    if text.startswith(b"{"):
        return SourceFormat.MCM
    if text.upper().startswith(b"REPORT_NO") or head.startswith(BOM):
        return SourceFormat.MPR
    for fmt in SourceFormat:
        if path.name.lower().startswith(f"{fmt.value}_"):
            return fmt
    raise FormatDetectionError(f"{path}: not an mcm, mpr or sfx export")


def frame_file(path: Path, fmt: SourceFormat, *, max_item_bytes: int, source: str | None = None) -> Iterator[SourceItem]:
    name = source or path.name
    with path.open("rb") as fh:
        if fmt is SourceFormat.MCM:
            yield from frame_jsonl(fh, name, max_item_bytes=max_item_bytes)
        elif fmt is SourceFormat.MPR:
            yield from frame_csv(fh, name, max_item_bytes=max_item_bytes)
        else:
            yield from frame_xml(fh, name, max_item_bytes=max_item_bytes)


def _skip_line(fh: BinaryIO) -> int:
    """Skip the rest of an overlong line without holding it; the number of bytes skipped."""
    skipped = 0
    while True:
        more = fh.readline(_CHUNK)
        skipped += len(more)
        if not more or more.endswith(b"\n"):
            return skipped


def _lines(fh: BinaryIO, max_item_bytes: int) -> Iterator[tuple[int, int, bytes, bool]]:
    """(line number, byte offset, line bytes with their EOL, too_long) for each physical line."""
    lineno, offset = 0, 0
    limit = max_item_bytes + 2
    readline = fh.readline
    while True:
        raw = readline(limit)
        if not raw:
            return
        lineno += 1
        start = offset
        offset += len(raw)
        too_long = len(raw) >= limit and not raw.endswith(b"\n")
        if too_long:
            offset += _skip_line(fh)
        yield lineno, start, raw, too_long


def frame_jsonl(fh: BinaryIO, source: str, *, max_item_bytes: int) -> Iterator[SourceItem]:
    """One item per non-blank line."""
    fmt = SourceFormat.MCM
    for lineno, start, raw, too_long in _lines(fh, max_item_bytes):
        raw = raw.rstrip(b"\r\n")
        if not raw or raw.isspace():  # isspace: the ASCII whitespace bytes.strip() removes
            continue
        if too_long:
            text, undecodable = decode(raw[:4096])
            yield framed_item(source, fmt, lineno, start, text, line=lineno, undecodable_b64=undecodable,
                              framing_error=f"line longer than {max_item_bytes} bytes (first 4 KiB kept)")
            continue
        try:
            text, undecodable = raw.decode("utf-8"), None
        except UnicodeDecodeError:
            text, undecodable = decode(raw)
        yield framed_item(source, fmt, lineno, start, text, line=lineno, undecodable_b64=undecodable)


_CSV_RECORD_START = re.compile(rb'^"?[A-Z]{2,6}-\d{2}-\d{3,}"?,')


def frame_csv(fh: BinaryIO, source: str, *, max_item_bytes: int) -> Iterator[SourceItem]:
    """RFC 4180 records, possibly spanning lines (quoted newlines), with BOM and CRLF.

    A record is complete when its quotes balance. An unbalanced record is cut short (and
    rejected) when a line that starts like a new record arrives, so one broken quote cannot
    swallow the rest of the file.
    """
    header: str | None = None
    pending: list[bytes] = []
    pending_line, pending_offset, pending_size, quotes = 0, 0, 0, 0

    def item(line: int, offset: int, joined: bytes, error: str | None = None) -> SourceItem:
        # Physical lines keep their own ends (a quoted "\n" stays "\n"); only the record's
        # terminator goes.
        text, undecodable = decode(joined[:-2] if joined.endswith(b"\r\n") else joined.rstrip(b"\n"))
        return framed_item(source, SourceFormat.MPR, line, offset, text,
                           context=header, line=line, undecodable_b64=undecodable, framing_error=error)

    def emit(error: str | None = None) -> SourceItem:
        return item(pending_line, pending_offset, b"".join(pending), error)

    for lineno, offset, raw, too_long in _lines(fh, max_item_bytes):
        if lineno == 1:
            header = decode(raw.removeprefix(BOM).rstrip(b"\r\n"))[0]
            continue
        if pending and quotes % 2 == 1 and _CSV_RECORD_START.match(raw):
            yield emit("unterminated quoted field (record cut short)")
            pending, quotes = [], 0
        if not pending:
            if raw.isspace():  # the ASCII whitespace bytes.strip() removes (a line is never empty)
                continue
            if not too_long and len(raw) <= max_item_bytes and raw.count(b'"') % 2 == 0:
                yield item(lineno, offset, raw)  # a whole record on one line: the common case, taken directly
                continue
            pending_line, pending_offset, pending_size = lineno, offset, 0
        pending.append(raw)
        pending_size += len(raw)
        quotes += raw.count(b'"')
        if too_long or pending_size > max_item_bytes:
            yield emit(f"record longer than {max_item_bytes} bytes")
            pending, quotes = [], 0
        elif quotes % 2 == 0:
            yield emit()
            pending, quotes = [], 0
    if pending:
        yield emit("unterminated quoted field at end of file")


_XML_TOKEN = re.compile(rb"<dossier\b|</dossier\s*>|<exportation\b[^>]*>")
_SERVICE = re.compile(rb'\bservice\s*=\s*"([^"]*)"')
_E, _D = ord("e"), ord("d")


def frame_xml(fh: BinaryIO, source: str, *, max_item_bytes: int) -> Iterator[SourceItem]:
    """``<dossier>`` elements of an ``<exportation>``, found by scanning, not by a whole-document parse.

    A whole-document parser stops at the first broken tag; scanning element boundaries lets a
    broken element be rejected alone. A ``<dossier`` that opens before the previous one closed,
    or a ``</dossier>`` with no opening, ends a malformed item.
    """
    buf = b""
    base = 0  # file offset of buf[0]
    service: str | None = None
    ordinal = 0
    open_at: int | None = None  # file offset of the current item's start
    gap_from = 0  # file offset after the last item, for text found outside elements

    counted_to, counted_line = 0, 1  # newlines are counted once, forward only

    def make(start: int, end: int, error: str | None) -> SourceItem:
        nonlocal ordinal, counted_to, counted_line
        ordinal += 1
        text, undecodable = decode(buf[start - base:end - base])
        if start >= counted_to:
            counted_line += buf.count(b"\n", max(counted_to, base) - base, start - base)
            counted_to = start
        return framed_item(source, SourceFormat.SFX, ordinal, start, text,
                           context=service, line=counted_line, undecodable_b64=undecodable, framing_error=error)

    eof = False
    scanned = 0  # file offset up to which tokens have been handled
    while not eof:
        more = fh.read(_CHUNK)
        eof = not more
        buf += more
        for match in _XML_TOKEN.finditer(buf, scanned - base):
            tstart, tend = base + match.start(), base + match.end()
            scanned = tend
            kind = buf[match.start() + 1]  # the byte after "<" tells the three tokens apart
            if kind == _E:  # <exportation ...>
                found = _SERVICE.search(match.group(0))
                service = decode(found.group(1))[0] if found else None
                gap_from = tend
            elif kind == _D:  # <dossier
                if open_at is not None:
                    yield make(open_at, tstart, "<dossier> not closed before the next one")
                open_at = tstart
            else:  # </dossier>
                if open_at is None:
                    yield make(gap_from, tend, "</dossier> without an opening <dossier>")
                else:
                    yield make(open_at, tend, None)
                open_at = None
                gap_from = tend
        end = base + len(buf)
        if open_at is not None and end - open_at > max_item_bytes:
            yield make(open_at, end, f"element longer than {max_item_bytes} bytes")
            open_at, gap_from, scanned = None, end, end
        elif open_at is None and end - gap_from > max_item_bytes:
            yield make(gap_from, end, "text outside <dossier> elements")
            gap_from = scanned = end
        # Keep only what is still needed: the open item, or the gap since the last one.
        keep_from = open_at if open_at is not None else gap_from
        if not eof:
            scanned = max(scanned, end - 4096)  # a token may straddle the chunk edge
        cut = keep_from - base
        if counted_to < keep_from:  # count what is about to be dropped
            counted_line += buf[max(counted_to, base) - base:cut].count(b"\n")
            counted_to = keep_from
        buf, base = buf[cut:], keep_from
    if open_at is not None:
        yield make(open_at, base + len(buf), "<dossier> not closed at end of file")
