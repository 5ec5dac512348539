"""Every endpoint over real HTTP on the linked dev world."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.conftest import serving


def _person(http: httpx.Client, name: str) -> dict[str, Any]:
    hits = http.get("/search", params={"q": name, "kinds": "person"}).json()["hits"]
    assert hits, name
    return hits[0]["entity"]


def test_health(http: httpx.Client) -> None:
    body = http.get("/health").json()
    assert body["status"] == "ok" and body["graph"]["entities"] > 1000


@pytest.mark.parametrize("written", ["+1 905 555 0111", "905.555.0111", "(905) 555-0111", "19055550111"])
def test_a_phone_is_found_in_any_format(http: httpx.Client, written: str) -> None:
    hits = http.get("/search", params={"q": written}).json()["hits"]
    assert hits[0]["entity"]["id"] == "phone:+19055550111" and hits[0]["how"] == "phone"


def test_names_are_found_folded_and_fuzzy(http: httpx.Client, truth: dict[str, Any]) -> None:
    french = next(p for p in truth["persons"].values() if p["french"] and any(c in p["given"] for c in "éèçë"))
    exact = _person(http, f"{french['given']} {french['surname']}")
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", f"{french['given']} {french['surname']}") if not unicodedata.combining(c))
    assert _person(http, plain.upper())["id"] == exact["id"]
    typo = plain[:-1] if len(plain) > 8 else plain
    assert exact["id"] in [h["entity"]["id"] for h in http.get("/search", params={"q": typo}).json()["hits"]]


def test_plates_and_aliases(http: httpx.Client, truth: dict[str, Any]) -> None:
    plate = truth["rings"][0]["vehicles"][0]
    hits = http.get("/search", params={"q": plate.replace(" ", "").lower()}).json()["hits"]
    assert hits[0]["entity"]["kind"] == "vehicle" and hits[0]["entity"]["caption"] == plate
    alias = next(a for p in truth["persons"].values() for a in p["aliases"])
    assert any(alias in json.dumps(h["entity"], ensure_ascii=False) for h in http.get("/search", params={"q": alias}).json()["hits"])


def test_an_entity_shows_every_source_record(http: httpx.Client) -> None:
    body = http.get("/entities/phone:+19055550111").json()
    assert body["entity"]["kind"] == "phone" and body["records"]
    assert all(s["extractor"] and s["version"] for s in body["sources"])


def test_network_is_bounded_and_says_what_it_cut(http: httpx.Client, truth: dict[str, Any]) -> None:
    trafficker = truth["persons"][truth["rings"][0]["members"][0]]
    pid = _person(http, f"{trafficker['given']} {trafficker['surname']}")["id"]
    one = http.get(f"/entities/{pid}/network", params={"depth": 1}).json()
    two = http.get(f"/entities/{pid}/network", params={"depth": 2}).json()
    assert len(two["entities"]) > len(one["entities"]) > 1
    capped = http.get(f"/entities/{pid}/network", params={"depth": 3, "max_nodes": 5}).json()
    assert len(capped["entities"]) <= 5 and capped["cut"]["truncated"] > 0
    people = http.get(f"/entities/{pid}/network", params={"depth": 2, "kinds": "person"}).json()
    assert {e["kind"] for e in people["entities"]} == {"person"} and people["cut"]["filtered_by_kind"] > 0
    late = http.get(f"/entities/{pid}/network", params={"depth": 2, "since": "2099-01-01"}).json()
    assert len(late["entities"]) == 1 and late["cut"]["filtered_by_date"] > 0


def test_paths_justify_every_hop(http: httpx.Client, truth: dict[str, Any]) -> None:
    ring = truth["rings"][0]
    trafficker = truth["persons"][ring["members"][0]]
    target = _person(http, f"{trafficker['given']} {trafficker['surname']}")["id"]
    found = 0
    for vid in ring["victims"]:
        v = truth["persons"][vid]
        source = _person(http, f"{v['given']} {v['surname']}")["id"]
        body = http.get("/paths", params={"from": source, "to": target, "max": 4})
        assert body.status_code == 200
        for path in body.json()["paths"]:
            found += 1
            assert path["nodes"][0]["id"] == source and path["nodes"][-1]["id"] == target
            assert all(hop["records"] for hop in path["hops"])
            assert not any(n["hub"] for n in path["nodes"][1:-1])
    assert found


def test_a_record_as_ingested_with_its_entities(http: httpx.Client, truth: dict[str, Any]) -> None:
    rec = next(r for r in truth["records"] if r["mentions"] and r["key"] not in truth["purged"] and len(r["subjects"]) > 1)
    agency, number = rec["key"].split(":")
    body = http.get(f"/records/{agency}/{number}").json()
    assert set(body["subjects"]) == set(rec["subjects"])
    assert all(v.startswith("person:") for v in body["subjects"].values())
    narrative = body["record"]["narrative"]
    for m in body["mentions"]:
        assert narrative[m["start"]:m["end"]] == m["text"]


def test_hostile_strings_come_back_verbatim(http: httpx.Client, truth: dict[str, Any], linked_dev: Path) -> None:
    from ingest.ledger import Ledger

    ledger = Ledger(linked_dev / "caselink.db")
    try:
        checked = 0
        for key in sorted({r["key"] for r in truth["records"] if r["hostile"]} - set(truth["purged"])):
            agency, number = key.split(":")
            response = http.get(f"/records/{agency}/{number}")
            assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
            held = ledger.get(key)
            assert held is not None
            body = response.json()["record"]
            assert body["narrative"] == held.narrative
            assert [(s["surname"], s["given"]) for s in body["subjects"]] == [(s.surname, s.given) for s in held.subjects]
            for subject in held.subjects:
                if subject.given and subject.given.strip():
                    assert http.get("/search", params={"q": subject.given[:200]}).status_code == 200
            checked += 1
        assert checked
    finally:
        ledger.close()


def test_dead_letters(http: httpx.Client, truth: dict[str, Any]) -> None:
    body = http.get("/dead-letters").json()
    assert body["total"] == len(truth["malformed"])
    assert {d["key"] for d in body["items"]} == {m["key"] for m in truth["malformed"]}


BAD = [
    ("/entities/person:nobody", 404),
    ("/entities/person:nobody/network", 404),
    ("/entities/phone:+19055550111/network?depth=9", 422),
    ("/entities/phone:+19055550111/network?depth=0", 422),
    ("/entities/phone:+19055550111/network?kinds=spaceship", 400),
    ("/entities/phone:+19055550111/network?since=yesterday", 422),
    ("/paths?from=phone:+19055550111&to=person:nobody", 404),
    ("/paths?from=phone:+19055550111", 422),
    ("/paths?from=a&to=b&max=99", 422),
    ("/search?q=", 422),
    ("/search?q=" + "x" * 201, 422),
    ("/search?q=a&limit=100000", 422),
    ("/records/OPP/NOPE-1", 404),
    ("/records/" + "A" * 40 + "/1", 400),
    ("/dead-letters?limit=0", 422),
    ("/entities/" + "x" * 400, 400),
]


@pytest.mark.parametrize(("url", "status"), BAD)
def test_bad_requests_get_a_clear_4xx(http: httpx.Client, url: str, status: int) -> None:
    response = http.get(url)
    assert response.status_code == status
    body = response.json()
    assert body["error"] and body["message"]


@pytest.mark.parametrize("q", ["' OR '1'='1", '"}) MATCH (n) DETACH DELETE n //', "<script>alert(1)</script>", "\u202eevil", "%00"])
def test_hostile_queries_are_just_text(http: httpx.Client, q: str) -> None:
    response = http.get("/search", params={"q": q})
    assert response.status_code == 200 and response.json()["query"] == q
    assert http.get("/health").json()["graph"]["entities"] > 1000


def test_a_restart_loses_nothing(linked_dev: Path) -> None:
    with serving(linked_dev) as first:
        before = (first.get("/health").json(), first.get("/search", params={"q": "905 555 0111"}).json())
    with serving(linked_dev) as second:
        after = (second.get("/health").json(), second.get("/search", params={"q": "905 555 0111"}).json())
    assert before == after
