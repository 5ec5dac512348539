"""An alias stated with a person is that person's alias; an alias nothing ties to anyone stays
alias-only, labelled, and out of key-player rankings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from api.runtime import ingest_and_link
from api.services.leads import key_players
from api.services.queries import open_context, search
from graph.aliases import stated_with
from models.access import SYSTEM
from models.graph import Mention
from models.settings import Settings
from models.vocabulary import MentionKind


def _m(kind: MentionKind, text: str, whole: str) -> Mention:
    start = whole.index(text)
    return Mention(kind=kind, text=text, start=start, end=start + len(text), extractor="test", extractor_version="0")


@pytest.mark.parametrize(("text", "person", "alias", "bound"), [
    ('left with Mike Hamelton aka "Hollywood" last night', "Mike Hamelton", "Hollywood", True),
    ('left with Mike Hamelton, a.k.a. "Hollywood"', "Mike Hamelton", "Hollywood", True),
    ("vue avec Jean Roy, dit « Kash », au motel", "Jean Roy", "Kash", True),
    ('seen with Marcus Stewart, known as "Flex"', "Marcus Stewart", "Flex", True),
    ('Reginald "Reggie" Okafor drove', 'Reginald "Reggie" Okafor', "Reggie", True),
    ('Mike Hamelton was there. Later "Hollywood" called', "Mike Hamelton", "Hollywood", False),  # no cue: not stated with him
    ('she left with "Hollywood" and Mike Hamelton', "Mike Hamelton", "Hollywood", False),         # the person comes after
])
def test_stated_with(text: str, person: str, alias: str, bound: bool) -> None:
    mentions = [_m(MentionKind.PERSON, person, text), _m(MentionKind.ALIAS, alias, text)]
    pairs = [(a.text, p.text) for a, p in stated_with(mentions, text)]
    assert pairs == ([(alias, person)] if bound else [])


def _statement(directory: Path, caveats: list[str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "mcm_OPP_alias.jsonl"
    path.write_text(json.dumps({
        "export_version": "2.3", "agency": "OPP", "case_no": "OPP-26-880001", "revision": 1, "case_type": "HUMAN_TRAFFICKING",
        "status": "OPEN", "opened": "2026-11-20T09:00:00-05:00", "caveats": caveats, "subjects": [], "vehicles": [],
        "locations": [], "narrative": 'A source states the girls are driven to Niagara Falls by Mike Hamelton aka "Hollywood", '
                                      "who books the rooms."}) + "\n", encoding="utf-8")
    return path


def _alias_owner(store: Path, alias: str) -> tuple[list[str], list[dict[str, Any]]]:
    ctx = open_context(Settings(store=store, env="test"))
    try:
        hits = search(ctx, alias, viewer=SYSTEM, kinds="person", limit=10).hits
        return [h.entity.caption for h in hits], [h.entity.properties for h in hits]
    finally:
        ctx.close()


def test_mike_hamelton_aka_hollywood_gives_michael_hamilton_his_alias(dev_dir: Path, truth: dict[str, Any], tmp_path: Path) -> None:
    owner = next(p for p in truth["persons"].values() if "Hollywood" in p.get("aliases", []))
    store = tmp_path / "store"
    ingest_and_link(Settings(store=store, env="test"), [dev_dir, _statement(tmp_path / "in", [])])
    captions, props = _alias_owner(store, "Hollywood")
    assert captions == [f"{owner['given']} {owner['surname']}"]  # one person, the one truth names, and no alias-only "Hollywood"
    assert "Hollywood" in props[0]["aliases"] and not props[0].get("alias_only")


def test_an_alias_stated_only_in_a_caveated_record_is_not_carried_to_other_records(dev_dir: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    ingest_and_link(Settings(store=store, env="test"), [dev_dir, _statement(tmp_path / "in", ["INFORMANT"])])
    captions, props = _alias_owner(store, "Hollywood")
    assert "\u201cHollywood\u201d" in captions  # the other records' "Hollywood" stays alias-only ...
    assert any(p.get("alias_only") for p in props)
    assert len(captions) == 2  # ... and the tip's own mention is the named man's


def test_key_players_hold_no_alias_only_person(linked_dev: Path) -> None:
    ctx = open_context(Settings(store=linked_dev, env="test"))
    try:
        alias_only = [e for e in ctx.store.get_entities(ctx.store.entity_ids(viewer=SYSTEM, kinds=frozenset({"person"})), viewer=SYSTEM)
                      if e.properties.get("alias_only")]
        players = key_players(ctx, viewer=SYSTEM, top=100).players
    finally:
        ctx.close()
    assert alias_only  # the dev world has aliases nothing ties to a person ("Flex", "Kash" ...)
    assert len(players) == 100 and not {p.entity for p in players} & {e.id for e in alias_only}
