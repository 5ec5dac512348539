"""The Neo4j store's driver does not log a server notification for a read of a property not yet present.

Against the running server (``CASELINK_TEST_NEO4J``). A bare driver, for contrast, does log one for
the same query: the test shows the server would notify, and that the store's driver is not told.
"""

from __future__ import annotations

import logging
import os
import uuid
import warnings
from collections.abc import Iterator

import pytest
from neo4j import GraphDatabase

from graph.store.neo4j import Neo4jGraphStore

SKIP = "CASELINK_TEST_NEO4J is not set: no Neo4j server started for this run (deploy/local/services.sh)"


def _auth() -> tuple[str, str] | None:
    password = os.environ.get("CASELINK_NEO4J_PASSWORD")
    return ("neo4j", password) if password else None


@pytest.fixture
def uri() -> str:
    found = os.environ.get("CASELINK_TEST_NEO4J")
    if not found:
        pytest.skip(SKIP)
    return found


@pytest.fixture
def store(uri: str) -> Iterator[Neo4jGraphStore]:
    graph = Neo4jGraphStore(uri, auth=_auth())
    try:
        yield graph
    finally:
        graph.close()


def _absent_property_read() -> str:
    # A property (and a label) no node of the shared server has ever held: the server notifies
    # "property key does not exist" for such a read. Names cannot be query parameters.
    return f"MATCH (n:Absent_{uuid.uuid4().hex}) RETURN n.absent_{uuid.uuid4().hex} AS value LIMIT 1"


def _notifications(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.name.startswith("neo4j") and ("notification" in r.getMessage().lower() or "does not exist" in r.getMessage())]


def test_a_bare_driver_logs_the_servers_notification_for_an_absent_property(uri: str, caplog: pytest.LogCaptureFixture) -> None:
    """The contrast: without the store's configuration the server's warning is logged."""
    caplog.set_level(logging.INFO, logger="neo4j")
    with GraphDatabase.driver(uri, auth=_auth()) as driver:
        driver.execute_query(_absent_property_read())
    assert any("does not exist" in message for message in _notifications(caplog))


def test_the_stores_driver_logs_no_notification_for_an_absent_property(store: Neo4jGraphStore,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="neo4j")
    with warnings.catch_warnings(record=True) as raised:
        warnings.simplefilter("always")
        records, summary, _ = store._driver.execute_query(_absent_property_read())
    assert records == []
    assert _notifications(caplog) == []
    assert [str(w.message) for w in raised if "notification" in str(w.message).lower()] == []
    # Not merely unlogged: the server was asked not to send them.
    assert [s.gql_status for s in summary.gql_status_objects if s.raw_classification == "UNRECOGNIZED"] == []


def test_the_stores_own_reads_run_and_log_no_notification(store: Neo4jGraphStore, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="neo4j")
    fingerprint = store.fingerprint()
    assert set(fingerprint) >= {"entities", "links", "records"}
    assert _notifications(caplog) == []
