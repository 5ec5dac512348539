"""Errors more than one package raises or catches, so none of them imports another for a class.

:class:`SinkUnavailable` is raised by the graph stores (as :class:`graph.store.base.StoreUnavailable`)
and by the shared-state database (as :class:`models.database.StateUnavailable`, PostgreSQL gone), and
waited out by the ingest pipeline; declared here, ingest/ and graph/ each depend on the kernel only,
not on each other.
"""

from __future__ import annotations

__all__ = ["SinkUnavailable"]


class SinkUnavailable(RuntimeError):
    """A later stage (the graph store) cannot be reached for now. Transient: the pipeline waits
    and retries, and acknowledges nothing until the stage has committed."""
