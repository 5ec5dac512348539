"""Graph stores: one narrow interface, an embedded default (SQLite + networkx) and Neo4j."""

from graph.store.base import GraphStore, Hop, NetworkResult, PathResult, WriteStats
from graph.store.factory import create_graph_store

__all__ = ["GraphStore", "Hop", "NetworkResult", "PathResult", "WriteStats", "create_graph_store"]
