"""Decisions between entities as one build applies them, on hand-written records: an alias bound to a
person or kept off them, whatever the records state, and places made one, with chains and undos."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from graph.build import GraphBuilder
from graph.model import GraphData
from graph.resolve.decisions import Decision, DecisionError, DecisionStore, EntityDecisions, pair
from graph.resolve.persons import RuleScorer
from models.graph import Mention
from models.records import Record
from models.vocabulary import MentionKind

ALIAS = "Hollywood"


def _record(key: str, narrative: str, *, subjects: Sequence[dict[str, Any]] = (), caveats: Sequence[str] = (),
            locations: Sequence[dict[str, Any]] = ()) -> Record:
    agency, no = key.split(":")
    return Record.model_validate({
        "agency": agency, "record_no": no, "record_type": "MISSING_PERSON", "status": "OPEN", "narrative": narrative,
        "subjects": list(subjects), "caveats": list(caveats), "locations": list(locations),
        "source": {"source": "hand.jsonl", "format": "mcm", "position": 1}})


def _m(kind: MentionKind, text: str, whole: str, value: str | None = None, **attrs: str) -> Mention:
    start = whole.index(text)
    return Mention(kind=kind, text=text, start=start, end=start + len(text), extractor="hand", extractor_version="0", value=value,
                   attrs=attrs)


MIKE = {"subject_id": "S1", "role": "SUSPECT", "surname": "Hamilton", "given": "Michael", "dob": "1990-02-03"}
TIP = 'Informant says Jean Roy, dit « Hollywood », runs the girls.'
SEEN = 'She left the shelter with "Hollywood" on Friday.'
ALSO = 'A friend saw "Hollywood" drive her to the motel.'


ARREST = 'Michael Hamilton aka "Hollywood" was arrested.'


def _world(*, mike_aliases: Sequence[str] = (), says: bool = False) -> tuple[list[Record], dict[str, list[Mention]]]:
    records = [
        _record("OPP:1", ARREST if says else "Arrested.", subjects=[{**MIKE, "aliases": list(mike_aliases)}]),
        _record("TPS:2", SEEN, subjects=[{"subject_id": "S1", "role": "MISSING", "surname": "Roy", "given": "Amelie"}]),
        _record("TPS:3", ALSO),
        _record("TPS:4", TIP, caveats=["INFORMANT"]),  # binds Hollywood to Jean Roy in this record only
    ]
    mentions = {
        "TPS:2": [_m(MentionKind.ALIAS, ALIAS, SEEN, "hollywood")],
        "TPS:3": [_m(MentionKind.ALIAS, ALIAS, ALSO, "hollywood")],
        "TPS:4": [_m(MentionKind.PERSON, "Jean Roy", TIP, "jean roy"), _m(MentionKind.ALIAS, ALIAS, TIP, "hollywood")],
    }
    if says:  # his own record states the alias with him
        person = _m(MentionKind.PERSON, "Michael Hamilton", ARREST, "michael hamilton").model_copy(update={"subject_id": "S1"})
        mentions["OPP:1"] = [person, _m(MentionKind.ALIAS, ALIAS, ARREST, "hollywood")]
    return records, mentions


def _decision(id_: int, a: str, b: str, verdict: str = "same", *, undone: bool = False) -> Decision:
    a, b = pair(a, b)
    return Decision(id_, a, b, verdict, "det.roy", "TPS", "reason", "2026-01-01T00:00:00+00:00",  # type: ignore[arg-type]
                    undone_at="2026-01-02T00:00:00+00:00" if undone else None)


def _alias_entities(data: GraphData) -> dict[str, str | None]:
    """Record key -> the entity its "Hollywood" mention is."""
    return {key: next((m["entity"] for m in row.mentions if m["kind"] == "alias"), None)
            for key, row in data.records.items() if any(m["kind"] == "alias" for m in row.mentions)}


def _build(decisions: Sequence[Decision] = (), **world: Any) -> tuple[GraphData, GraphBuilder]:
    builder = GraphBuilder(RuleScorer())
    records, mentions = _world(**world)
    return builder.build(records, mentions, decisions), builder


def test_without_a_decision_the_alias_floats_and_the_tip_keeps_its_own_binding() -> None:
    data, _ = _build()
    bound = _alias_entities(data)
    assert bound["TPS:2"] == bound["TPS:3"] and str(bound["TPS:2"]).startswith("person:alias:")
    assert bound["TPS:4"] != bound["TPS:2"] and str(bound["TPS:4"]).startswith("person:name:")


def test_same_binds_every_unstated_mention_of_the_alias_to_the_person() -> None:
    plain, _ = _build()
    mike = plain.records["OPP:1"].subjects["S1"]
    data, builder = _build([_decision(1, "OPP:1#S1", "alias:hollywood")])
    bound = _alias_entities(data)
    assert bound["TPS:2"] == bound["TPS:3"] == mike
    assert str(bound["TPS:4"]).startswith("person:name:")  # the tip states whose alias it is there: its reading stays
    assert not any(e.properties.get("alias_only") for e in data.entities.values())
    assert ALIAS in data.entities[mike].properties["aliases"]
    trail = data.entities[mike].properties["resolution"]
    assert [(j["a"], j["b"], j["decision"]["id"]) for j in trail] == [("OPP:1#S1", "alias:hollywood", 1)]
    assert builder.entity_of("alias:hollywood") == mike
    # Undone, the graph is the one built without it.
    undone, _ = _build([_decision(1, "OPP:1#S1", "alias:hollywood", undone=True)])
    assert undone.entities.keys() == plain.entities.keys() and _alias_entities(undone) == _alias_entities(plain)


@pytest.mark.parametrize("world", [{"mike_aliases": [ALIAS]}, {"says": True}, {"mike_aliases": [ALIAS], "says": True}])
def test_not_same_keeps_an_alias_off_the_person_the_records_bind_it_to(world: dict[str, Any]) -> None:
    stated, _ = _build(**world)  # his record lists the alias, or its narrative states it with him: every unstated mention is his
    mike = stated.records["OPP:1"].subjects["S1"]
    assert _alias_entities(stated)["TPS:2"] == mike
    assert _alias_entities(stated).get("OPP:1", mike) == mike
    data, builder = _build([_decision(1, "OPP:1#S1", "alias:hollywood", "not_same")], **world)
    bound = _alias_entities(data)
    assert bound["TPS:2"] == bound["TPS:3"] != mike and str(bound["TPS:2"]).startswith("person:alias:")
    assert bound.get("OPP:1", bound["TPS:2"]) == bound["TPS:2"]  # even where his own record states it
    assert builder.entity_of("alias:hollywood") == bound["TPS:2"]
    assert str(bound["TPS:4"]).startswith("person:name:")  # the tip's reading of its own mention is untouched


def _places(*names: tuple[str, str | None]) -> tuple[list[Record], dict[str, list[Mention]]]:
    records = [_record(f"OPP:{i}", f"Seen at the {name}.", locations=[{"type": "HOTEL", "name": name, **({"city": city} if city else {})}])
               for i, (name, city) in enumerate(names, start=1)]
    return records, {}


@pytest.mark.parametrize(("decided", "expected"), [
    ([("place:sunset-lodge-sault-ste-marie", "place:sunset-lodge")], {"place:sunset-lodge-sault-ste-marie": {"OPP:1", "OPP:2"},
                                                                      "place:sunset-motel-timmins": {"OPP:3"}}),
    # Chains: each decision's second place, with all already one with it, joins the first's.
    ([("place:sunset-lodge", "place:sunset-motel-timmins"), ("place:sunset-lodge-sault-ste-marie", "place:sunset-lodge")],
     {"place:sunset-lodge-sault-ste-marie": {"OPP:1", "OPP:2", "OPP:3"}}),
    ([], {"place:sunset-lodge-sault-ste-marie": {"OPP:1"}, "place:sunset-lodge": {"OPP:2"}, "place:sunset-motel-timmins": {"OPP:3"}}),
])
def test_places_decided_one_are_one_place_under_the_first(decided: list[tuple[str, str]], expected: dict[str, set[str]]) -> None:
    records, mentions = _places(("Sunset Lodge", "Sault Ste. Marie"), ("Sunset Lodge", None), ("Sunset Motel", "Timmins"))
    # OPP:2's Sunset Lodge has no city and the name is known in one: it would take Sault Ste. Marie. Two cities keep it bare.
    records.append(_record("OPP:4", "x", locations=[{"type": "HOTEL", "name": "Sunset Lodge", "city": "Thunder Bay"}]))
    expected = {**expected, "place:sunset-lodge-thunder-bay": {"OPP:4"}}
    data = GraphBuilder(RuleScorer()).build(records, mentions, [_decision(i + 1, a, b) for i, (a, b) in enumerate(decided)])
    places = {e.id: e for e in data.entities.values() if e.kind == "place"}
    found = {pid: {p.record_key for p in data.provenance[pid]} for pid in places}
    assert found == expected
    if decided:  # the place that stays keeps its own caption and city
        assert places["place:sunset-lodge-sault-ste-marie"].caption == "Sunset Lodge, Sault Ste. Marie"
        assert places["place:sunset-lodge-sault-ste-marie"].properties["city"] == "Sault Ste. Marie"


def test_entity_decisions_read_only_the_active_entity_ones() -> None:
    decided = EntityDecisions.of([
        _decision(1, "OPP:1#S1", "TPS:2#S1"),  # two mentions: the matcher's
        _decision(2, "OPP:1#S1", "alias:kash"),
        _decision(3, "TPS:2#S1", "alias:kash"),  # the later same on one alias wins
        _decision(4, "OPP:1#S1", "alias:jay", "not_same"),
        _decision(5, "place:a", "place:b", undone=True),
    ])
    assert {k: (m, d.id) for k, (m, d) in decided.alias_of.items()} == {"kash": ("TPS:2#S1", 3)}
    assert {k: sorted(v) for k, v in decided.not_alias_of.items()} == {"jay": ["OPP:1#S1"]}
    assert decided.place_of == {}


@pytest.mark.parametrize(("a", "b", "expected", "error"), [
    ("alias:kash", "OPP:1#S1", ("OPP:1#S1", "alias:kash"), None),
    ("place:b", "place:a", ("place:b", "place:a"), None),  # order kept: the first place stays
    ("OPP:1#S1", "place:a", None, "one kind"),
    ("alias:kash", "alias:jay", None, "two aliases"),
    ("alias:", "OPP:1#S1", None, "not a mention key"),
    ("place:a", "place:a", None, "two different mentions"),
])
def test_pairs_of_entity_keys(a: str, b: str, expected: tuple[str, str] | None, error: str | None) -> None:
    if error is None:
        assert pair(a, b) == expected
    else:
        with pytest.raises(DecisionError, match=error):
            pair(a, b)


def test_the_store_keeps_witnesses_supersedes_either_order_and_refuses_not_same_on_places(tmp_path: Path) -> None:
    store = DecisionStore(tmp_path / "decisions.db")
    try:
        first = store.decide("place:a", "place:b", "same", user="u", reason="r", witnesses={"place:a": ["OPP:1"], "place:b": ["OPP:2", "TPS:9"]})
        assert (first.witnesses_a, first.witnesses_b) == (("OPP:1",), ("OPP:2", "TPS:9"))
        second = store.decide("place:b", "place:a", "same", user="u", reason="the other way round")
        assert not store.get(first.id).active and store.get(first.id).witnesses_b == ("OPP:2", "TPS:9")
        assert [d.id for d in store.decisions(active_only=True)] == [second.id]
        with pytest.raises(DecisionError, match="only by a decision"):
            store.decide("place:a", "place:c", "not_same", user="u", reason="r")
        kash = store.decide("OPP:1#S1", "alias:kash", "same", user="u", reason="r")
        other = store.decide("TPS:2#S1", "alias:kash", "same", user="u", reason="r")  # one alias, one person at a time
        assert not store.get(kash.id).active and store.get(other.id).active
        assert [d.id for d in store.decisions(mentions=["alias:kash"])] == [kash.id, other.id]
    finally:
        store.close()
