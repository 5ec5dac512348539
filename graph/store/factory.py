"""Choose the graph store from the settings (``CASELINK_GRAPH``)."""

from __future__ import annotations

from graph.store.base import GraphStore
from graph.store.embedded import EmbeddedGraphStore
from models.layout import StoreLayout
from models.settings import Settings


def create_graph_store(settings: Settings) -> GraphStore:
    if settings.graph == "embedded":
        return EmbeddedGraphStore(StoreLayout.of(settings).graph_db)
    from graph.store.neo4j import Neo4jGraphStore

    auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value()) if settings.neo4j_password else None
    return Neo4jGraphStore(settings.graph, auth=auth, database=settings.neo4j_database)
