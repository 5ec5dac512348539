from __future__ import annotations

import pytest

from models.vocabulary import (
    CAVEAT_TERMS,
    LINK_KINDS,
    MENTION_ENTITY_KIND,
    RECORD_TYPE_TERMS,
    ROLE_TERMS,
    STATUS_TERMS,
    Caveat,
    EntityKind,
    LinkKind,
    MentionKind,
    RecordStatus,
    RecordType,
    Role,
    UnknownTermError,
    lookup,
)

SAME = [
    (ROLE_TERMS, "DISPARUE", Role.MISSING), (ROLE_TERMS, "MISSING", Role.MISSING),
    (ROLE_TERMS, "Associé", Role.ASSOCIATE), (ROLE_TERMS, "témoin", Role.WITNESS),
    (ROLE_TERMS, "PLAIGNANT", Role.COMPLAINANT), (ROLE_TERMS, "VICTIME", Role.VICTIM),
    (STATUS_TERMS, "RETROUVEE", RecordStatus.LOCATED), (STATUS_TERMS, "PURGE", RecordStatus.PURGED),
    (STATUS_TERMS, "FERME", RecordStatus.CLOSED), (STATUS_TERMS, "OUVERT", RecordStatus.OPEN),
    (CAVEAT_TERMS, "JEUNESSE", Caveat.YOUTH), (CAVEAT_TERMS, "VICTIME_MINEURE", Caveat.VICTIM_MINOR),
    (CAVEAT_TERMS, "INDICATEUR", Caveat.INFORMANT), (CAVEAT_TERMS, "RESTREINT", Caveat.RESTRICTED),
    (RECORD_TYPE_TERMS, "TRAITE_DE_PERSONNES", RecordType.HUMAN_TRAFFICKING),
    (RECORD_TYPE_TERMS, "VOIES_DE_FAIT", RecordType.ASSAULT),
]


@pytest.mark.parametrize(("table", "raw", "canonical"), SAME)
def test_source_dialects_meet_in_one_vocabulary(table: dict[str, object], raw: str, canonical: object) -> None:
    assert lookup(table, raw, "term") is canonical


def test_unknown_codes_are_refused_not_guessed() -> None:
    with pytest.raises(UnknownTermError):
        lookup(ROLE_TERMS, "BYSTANDER", "role")


def test_every_kind_is_declared() -> None:
    assert set(LINK_KINDS) == set(LinkKind)
    assert set(MENTION_ENTITY_KIND) == set(MentionKind)
    for spec in LINK_KINDS.values():
        assert spec.target in EntityKind and spec.source
