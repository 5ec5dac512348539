"""Both stores, given the dev world, answer the same questions the same way (needs a real Neo4j)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from api.services import queries, resolution
from api.services.queries import AppContext
from graph.resolve.decisions import DecisionStore, decisions_path
from graph.search import ScopedSearch
from graph.service import open_graph_sync
from graph.store.embedded import EmbeddedGraphStore
from ingest.ledger import Ledger
from ingest.service import ledger_path
from models.access import SYSTEM, Policy, UserRole, Viewer
from models.settings import Settings


@pytest.fixture(scope="module")
def neo4j_uri() -> str:
    uri = os.environ.get("CASELINK_TEST_NEO4J")
    if not uri:
        pytest.skip("CASELINK_TEST_NEO4J is not set: no Neo4j server started for this run (deploy/local/services.sh)")
    return uri


def _ctx(settings: Settings, store: Any, ledger: Ledger) -> AppContext:
    return AppContext(settings=settings, store=store, ledger=ledger,
                      search=ScopedSearch(lambda viewer: store.search_terms(viewer=viewer)), policy=Policy(),
                      decisions=DecisionStore(decisions_path(settings.store)))


def _same(ask: Any) -> Any:
    """The answer, or the error's message: both stores must agree either way."""
    try:
        return ask().model_dump()
    except (queries.NotFoundError, queries.BadRequestError) as exc:
        return ("error", exc.message)


def test_embedded_and_neo4j_agree_on_the_dev_world(linked_dev: Path, neo4j_uri: str, truth: dict[str, Any]) -> None:
    from graph.store.neo4j import Neo4jGraphStore

    settings = Settings(store=linked_dev, env="test")
    ledger = Ledger(ledger_path(settings))
    password = os.environ.get("CASELINK_NEO4J_PASSWORD")
    neo = Neo4jGraphStore(neo4j_uri, auth=("neo4j", password) if password else None)
    embedded = EmbeddedGraphStore(linked_dev / "graph.db")
    a, b = _ctx(settings, embedded, ledger), _ctx(settings, neo, ledger)
    try:
        neo.clear()
        open_graph_sync(settings, ledger, neo).rebuild()
        ring = truth["rings"][0]
        names = [f"{truth['persons'][p]['given']} {truth['persons'][p]['surname']}" for p in ring["members"] + ring["victims"]]
        people = [queries.search(a, n, viewer=SYSTEM, kinds="person").hits[0].entity.id for n in names]
        policy = Policy()
        viewers: list[Viewer] = [SYSTEM, policy.viewer("analyst-opp", UserRole.ANALYST, "OPP"),
                                 policy.viewer("crown-tps", UserRole.CROWN, "TPS"),
                                 policy.viewer("inv-spgs", UserRole.INVESTIGATOR, "SPGS", ["INFORMANT"])]
        for v in viewers:
            assert neo.counts(viewer=v) == embedded.counts(viewer=v), v.name
            for q in [*names, *ring["phones"], *ring["vehicles"], "Motel"]:
                assert _same(lambda q=q, v=v: queries.search(a, q, viewer=v)) == _same(lambda q=q, v=v: queries.search(b, q, viewer=v)), q
            for pid in people:
                for ctx_pair in ((a, b),):
                    x, y = ctx_pair
                    assert (_same(lambda x=x, pid=pid, v=v: queries.network(x, pid, viewer=v, depth=2))
                            == _same(lambda y=y, pid=pid, v=v: queries.network(y, pid, viewer=v, depth=2)))
                    assert _same(lambda x=x, pid=pid, v=v: queries.entity(x, pid, viewer=v)) == _same(
                        lambda y=y, pid=pid, v=v: queries.entity(y, pid, viewer=v))
                    assert _same(lambda x=x, pid=pid, v=v: resolution.entity_why(x, pid, viewer=v)) == _same(
                        lambda y=y, pid=pid, v=v: resolution.entity_why(y, pid, viewer=v))
            for other in people[1:]:
                assert (_same(lambda o=other, v=v: resolution.pair_why(a, people[0], o, viewer=v))
                        == _same(lambda o=other, v=v: resolution.pair_why(b, people[0], o, viewer=v)))
                assert (_same(lambda o=other, v=v: queries.paths(a, people[0], o, viewer=v, max_hops=4))
                        == _same(lambda o=other, v=v: queries.paths(b, people[0], o, viewer=v, max_hops=4)))
            for key in [r["key"] for r in truth["records"][:40] if r["key"] not in truth["purged"]]:
                agency, number = key.split(":")
                assert (_same(lambda ag=agency, n=number, v=v: queries.record(a, ag, n, viewer=v))
                        == _same(lambda ag=agency, n=number, v=v: queries.record(b, ag, n, viewer=v)))
    finally:
        a.decisions.close()
        b.decisions.close()
        neo.close()
        embedded.close()
        ledger.close()
