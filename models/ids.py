"""How every id of the graph is made: entities, links, records and person mentions.

Ids are deterministic (the same records give the same ids on every build and every store), so
a rebuild rewrites only what changed and an id quoted in a decision or an alert still names the
same thing. The form of an entity's id is declared with its kind (:attr:`EntityKindSpec.key`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import lru_cache

import orjson

from models.vocabulary import ENTITY_KINDS, EntityKind, KeyForm, LinkKind

#: Hex digits of a hash kept in an id: short enough to read, long enough never to collide in a case load.
HASH_CHARS = 16


def stable_hash(*parts: object) -> str:
    """SHA-256 of a canonical JSON form (sorted keys). Digests decide what a graph write
    rewrites, on every store, so this runs for every row: orjson keeps it cheap."""
    return hashlib.sha256(orjson.dumps(parts, option=orjson.OPT_SORT_KEYS, default=str)).hexdigest()


def _slug(key: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", key).strip("-")


@lru_cache(maxsize=1 << 17)
def _hashed(key: str) -> str:
    """A hashed key, remembered: a commit names every person again from its cluster's key, mostly the same as before."""
    return stable_hash(key)[:HASH_CHARS]


_KEY_FORMS: dict[KeyForm, Callable[[str], str]] = {
    KeyForm.VALUE: lambda key: key,
    KeyForm.COMPACT: lambda key: key.replace(" ", ""),
    KeyForm.HASHED: _hashed,
    KeyForm.SLUG: _slug,
}


def entity_id(kind: EntityKind, key: str) -> str:
    """The id of the ``kind`` entity with deterministic ``key``, in the form its kind declares."""
    return f"{kind.value}:{_KEY_FORMS[ENTITY_KINDS[kind].key](key)}"


def record_id(key: str) -> str:
    """A record's entity id (``record:AGENCY:NUMBER``)."""
    return entity_id(EntityKind.RECORD, key)


def person_id(cluster: str) -> str:
    """A person entity's id: from its cluster's name (its smallest mention key)."""
    return entity_id(EntityKind.PERSON, cluster)


def name_only_id(name: str) -> str:
    """A person known only by a name in a narrative (no known person fits it)."""
    return "person:name:" + stable_hash(name)[:HASH_CHARS]


def alias_only_id(folded: str) -> str:
    """A person known only by an alias (nothing ties it to one person)."""
    return "person:alias:" + stable_hash(folded)[:HASH_CHARS]


def link_id(kind: LinkKind, source: str, target: str) -> str:
    """A link's id: its kind and two ends (one link per kind and pair; records add provenance to it)."""
    return f"{kind.value}:{source}->{target}"


def subject_mention(record_key: str, subject_id: str) -> str:
    """The person mention of a record's subject (``AGENCY:NUMBER#S1``)."""
    return f"{record_key}#{subject_id}"


def contact_mention(record_key: str, index: int) -> str:
    """The person mention of a record's ``index``-th (0-based) named reporting contact (``...#C1``)."""
    return f"{record_key}#C{index + 1}"


def mention_key(record_key: str, field: str | None) -> str | None:
    """The person mention a provenance field names (``subjects[S1]``, ``contacts[0]``), if it names one."""
    if field and field.startswith("subjects[") and field.endswith("]"):
        return subject_mention(record_key, field[9:-1])
    if field and field.startswith("contacts[") and field.endswith("]") and field[9:-1].isdigit():
        return contact_mention(record_key, int(field[9:-1]))
    return None
