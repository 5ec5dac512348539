"""Hub rules are read from the vocabulary: a build under a vocabulary that declares e-mails hub-capable
marks an e-mail shared by many differently named people a hub; the shipped vocabulary (which declares
no hub rule for e-mails, as the build has always behaved) does not. No code changes between the two."""

from __future__ import annotations

from dataclasses import replace

import pytest

from graph.build import HUB_RULE, GraphBuilder
from graph.model import EntityRow, GraphData
from graph.resolve.persons import RuleScorer
from models.graph import Mention
from models.records import Record
from models.vocabulary import (
    ENTITY_KINDS,
    LINK_KINDS,
    VOCABULARY,
    EntityKind,
    HubBasis,
    HubRule,
    MentionKind,
    Vocabulary,
)

SHARED = "inbox.shared@example.com"
PEOPLE = [("Tremblay", "Anne"), ("Roy", "Chloe"), ("Gagnon", "Maya"), ("Cote", "Lea"), ("Morin", "Zoe"), ("Pelletier", "Ines")]


@pytest.fixture
def emails_may_be_hubs() -> Vocabulary:
    """The shipped vocabulary with one declaration changed: e-mails counted like phones."""
    return Vocabulary({**ENTITY_KINDS, EntityKind.EMAIL: replace(ENTITY_KINDS[EntityKind.EMAIL],
                                                                  hub=HubRule(HubBasis.DISTINCT_PEOPLE))}, LINK_KINDS)


def _world(people: list[tuple[str, str]]) -> tuple[list[Record], dict[str, list[Mention]]]:
    """One missing-person report per person, each narrative giving the same e-mail as the subject's."""
    records, mentions = [], {}
    for i, (surname, given) in enumerate(people, start=1):
        narrative = f"Her e-mail is {SHARED} according to staff."
        record = Record.model_validate({
            "agency": "TPS", "record_no": str(i), "record_type": "MISSING_PERSON", "status": "OPEN", "narrative": narrative,
            "subjects": [{"subject_id": "S1", "role": "MISSING", "surname": surname, "given": given}],
            "source": {"source": "hand.jsonl", "format": "mcm", "position": i}})
        start = narrative.index(SHARED)
        records.append(record)
        mentions[record.key] = [Mention(kind=MentionKind.EMAIL, text=SHARED, start=start, end=start + len(SHARED),
                                        value=SHARED, extractor="hand", extractor_version="0")]
    return records, mentions


def _email(data: GraphData) -> EntityRow:
    [row] = [e for e in data.entities.values() if e.kind == EntityKind.EMAIL]
    return row


def _build(vocabulary: Vocabulary, people: list[tuple[str, str]]) -> GraphData:
    records, mentions = _world(people)
    return GraphBuilder(RuleScorer(), vocabulary).build(records, mentions)


def test_the_shipped_vocabulary_makes_no_email_a_hub() -> None:
    assert ENTITY_KINDS[EntityKind.EMAIL].hub is None
    row = _email(_build(VOCABULARY, PEOPLE))
    assert (row.hub, "hub_rule" in row.properties) == (False, False)


def test_declaring_emails_hub_capable_makes_a_widely_shared_one_a_hub(emails_may_be_hubs: Vocabulary) -> None:
    row = _email(_build(emails_may_be_hubs, PEOPLE))
    assert row.hub is True
    assert row.properties["hub_rule"] == HUB_RULE


def test_the_declared_threshold_counts_differently_named_people(emails_may_be_hubs: Vocabulary) -> None:
    rule = emails_may_be_hubs.entity_kinds[EntityKind.EMAIL].hub
    assert rule is not None
    too_few = PEOPLE[: rule.min_people - 1]
    assert _email(_build(emails_may_be_hubs, too_few)).hub is False
    one_name_many_times = [PEOPLE[0]] * len(PEOPLE)  # the same person reported again and again is one user
    assert _email(_build(emails_may_be_hubs, one_name_many_times)).hub is False
