"""Source items: one record's worth of an export, as sent, before any interpretation.

The transport carries items, not parsed records, so that what a service sent can always be
shown again byte for byte (in the dead letters, or to Crown counsel).
"""

from __future__ import annotations

import base64
import json
from dataclasses import asdict, dataclass

from models.vocabulary import SourceFormat


@dataclass(frozen=True)
class SourceItem:
    source: str
    format: SourceFormat
    #: 1-based line (mcm, mpr) or element ordinal (sfx) in the source.
    position: int
    #: Byte offset of the item in the source (for finding it again, and for resumption).
    byte_offset: int
    #: The item's text as sent.
    payload: str
    #: What the item needs from its file to be read alone: the CSV header, or the XML
    #: export's ``service`` attribute.
    context: str | None = None
    #: 1-based line where the item starts (for XML, where position is an element ordinal).
    line: int | None = None
    #: Set when the bytes were not valid UTF-8: the raw bytes, base64, kept for the dead letters.
    undecodable_b64: str | None = None
    #: A problem found while framing (oversize, unterminated element), making the item a reject.
    framing_error: str | None = None

    @property
    def where(self) -> str:
        unit = "element" if self.format is SourceFormat.SFX else "line"
        suffix = f" (line {self.line})" if self.format is SourceFormat.SFX and self.line else ""
        return f"{self.source} {unit} {self.position}{suffix}"

    def to_json(self) -> str:
        data = asdict(self)
        data["format"] = self.format.value
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> SourceItem:
        data = json.loads(text)
        data["format"] = SourceFormat(data["format"])
        return cls(**data)


def decode(raw: bytes) -> tuple[str, str | None]:
    """Decode UTF-8; on failure keep a readable text *and* the exact bytes."""
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace"), base64.b64encode(raw).decode("ascii")
