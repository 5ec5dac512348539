"""The record key of a source item, read cheaply before adapting, for partitioning.

Items of one record must land on one Kafka partition so their order (revisions, purges) is
kept. This reads only the identity fields; a broken item whose key cannot be read is keyed by
its place in its source instead (it will be rejected anyway).
"""

from __future__ import annotations

import csv
import re

from ingest.items import SourceItem
from models.vocabulary import SourceFormat

_MCM_AGENCY = re.compile(r'"agency"\s*:\s*"([^"\\]{1,32})"')
_MCM_CASE = re.compile(r'"case_no"\s*:\s*"([^"\\]{1,64})"')
_SFX_NUMERO = re.compile(r'numero\s*=\s*"([^"]{1,64})"')


def item_key(item: SourceItem) -> str:
    key: str | None = None
    if item.format is SourceFormat.MCM:
        agency, case = _MCM_AGENCY.search(item.payload), _MCM_CASE.search(item.payload)
        if agency and case:
            key = f"{agency.group(1)}:{case.group(1)}"
    elif item.format is SourceFormat.MPR:
        first = item.payload.split("\n", 1)[0]
        row = next(csv.reader([first]), [])
        if len(row) >= 2 and row[0].strip() and row[1].strip():
            key = f"{row[1].strip()}:{row[0].strip()}"
    else:
        numero = _SFX_NUMERO.search(item.payload[:512])
        if numero:
            service = item.context or numero.group(1).split("-", 1)[0]
            key = f"{service}:{numero.group(1)}"
    return key or f"{item.source}#{item.position}"
