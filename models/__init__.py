"""The shared domain model: the language every other caselink package speaks.

Vocabulary (entity kinds, roles, caveats, link kinds) is declared once, as data, in
:mod:`models.vocabulary`; canonical records in :mod:`models.records`; the mention extraction hands
to the graph in :mod:`models.graph`; the normalisers that give one key per real-world value in
:mod:`models.normalise`; SQLite as the embedded stores use it in :mod:`models.sqlite`; errors
shared across packages in :mod:`models.errors`.
"""

from models.graph import Mention
from models.records import (
    Address,
    Contact,
    Handle,
    Location,
    Record,
    SourceRef,
    Subject,
    Vehicle,
)
from models.vocabulary import (
    CAVEATS,
    ENTITY_KINDS,
    LINK_KINDS,
    Caveat,
    EntityKind,
    LinkKind,
    MentionKind,
    RecordStatus,
    RecordType,
    Role,
    SourceFormat,
)

__all__ = [
    "CAVEATS",
    "ENTITY_KINDS",
    "LINK_KINDS",
    "Address",
    "Caveat",
    "Contact",
    "EntityKind",
    "Handle",
    "LinkKind",
    "Location",
    "Mention",
    "MentionKind",
    "Record",
    "RecordStatus",
    "RecordType",
    "Role",
    "SourceFormat",
    "SourceRef",
    "Subject",
    "Vehicle",
]
