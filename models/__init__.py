"""The shared domain model: the language every other caselink package speaks.

Vocabulary (entity kinds, roles, caveats, link kinds) is declared once, as data, in
:mod:`models.vocabulary`; canonical records in :mod:`models.records`; what the graph is made
of (mentions, entities, links, provenance, labels) in :mod:`models.graph`.
"""

from models.graph import Entity, Labels, Link, Mention, Provenance
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
    "Entity",
    "EntityKind",
    "Handle",
    "Labels",
    "Link",
    "LinkKind",
    "Location",
    "Mention",
    "MentionKind",
    "Provenance",
    "Record",
    "RecordStatus",
    "RecordType",
    "Role",
    "SourceFormat",
    "SourceRef",
    "Subject",
    "Vehicle",
]
