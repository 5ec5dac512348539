"""Transports carry source items from the services to the pipeline.

One narrow interface (:class:`~ingest.transport.base.Transport`), a local implementation over
files and directories, and Kafka behind the same interface; :func:`create_transport` picks one
from the settings.
"""

from ingest.transport.base import Batch, PublishResult, Transport
from ingest.transport.factory import create_transport

__all__ = ["Batch", "PublishResult", "Transport", "create_transport"]
