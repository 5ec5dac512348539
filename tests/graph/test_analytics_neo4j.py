"""Analytics read through Neo4j give the embedded store's answers (needs a real Neo4j)."""

from __future__ import annotations

import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from graph import analytics, leads
from graph.quality import subject_entities, truth_subjects
from graph.service import open_graph_sync
from graph.store.embedded import EmbeddedGraphStore
from ingest.ledger import Ledger
from ingest.service import ledger_path
from models.access import SYSTEM
from models.settings import Settings


def test_analytics_and_leads_agree_on_both_stores(linked_dev: Path, truth: dict[str, Any]) -> None:
    uri = os.environ.get("CASELINK_TEST_NEO4J")
    if not uri:
        pytest.skip("CASELINK_TEST_NEO4J is not set: no Neo4j server started for this run (deploy/local/services.sh)")
    from graph.store.neo4j import Neo4jGraphStore

    settings = Settings(store=linked_dev, env="test")
    ledger = Ledger(ledger_path(settings))
    password = os.environ.get("CASELINK_NEO4J_PASSWORD")
    neo = Neo4jGraphStore(uri, auth=("neo4j", password) if password else None)
    embedded = EmbeddedGraphStore(linked_dev / "graph.db")
    try:
        neo.clear()
        open_graph_sync(settings, ledger, neo).rebuild()
        whole_neo, whole_embedded = analytics.whole_graph(neo, viewer=SYSTEM), analytics.whole_graph(embedded, viewer=SYSTEM)
        assert asdict(analytics.communities(whole_neo)) == asdict(analytics.communities(whole_embedded))
        assert asdict(analytics.key_players(whole_neo)) == asdict(analytics.key_players(whole_embedded))
        predicted, actual = subject_entities(embedded, truth), truth_subjects(truth)
        ring = truth["rings"][0]
        people = sorted({predicted[k] for k, p in actual.items() if p in ring["members"] + ring["victims"] and k in predicted})
        for other in people[1:4]:
            for question in (analytics.time_ordered_paths, analytics.common_associates):
                assert asdict(question(neo, people[0], other, viewer=SYSTEM)) == asdict(question(embedded, people[0], other, viewer=SYSTEM))
        assert asdict(analytics.timeline(neo, people[0], viewer=SYSTEM)) == asdict(analytics.timeline(embedded, people[0], viewer=SYSTEM))
        assert asdict(leads.leads(neo, viewer=SYSTEM, top=30)) == asdict(leads.leads(embedded, viewer=SYSTEM, top=30))
    finally:
        neo.close()
        embedded.close()
        ledger.close()
