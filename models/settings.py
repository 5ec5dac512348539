"""One typed settings object, read from ``CASELINK_*`` environment variables and passed in.

Nothing reads the environment behind the caller's back: the CLI and the API build a
:class:`Settings` once and hand it down. Unsafe defaults (development signing keys, an
embedded store in a temporary place) are refused outside development.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CASELINK_", extra="ignore", frozen=True)

    env: Literal["development", "test", "production"] = "development"
    #: Directory of the embedded store, the local transport spool and the dead letters.
    store: Path = Path("var/store")
    #: ``embedded`` or a ``neo4j://`` / ``bolt://`` URI.
    graph: str = "embedded"
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = None
    neo4j_database: str | None = None
    #: ``local`` or a ``kafka://host:port`` URI.
    transport: str = "local"
    kafka_topic_prefix: str = "caselink"
    kafka_partitions: int = Field(default=3, ge=1, le=1000)
    #: Items applied per transaction.
    batch_size: int = Field(default=500, ge=1, le=100_000)
    #: Streaming consumers (``caselink consume``) commit the graph and the transport's offsets
    #: after this many items, or this many seconds, or whenever the transport runs dry.
    commit_items: int = Field(default=5000, ge=1)
    commit_seconds: float = Field(default=5.0, gt=0)
    #: How long a consumer waits for an unreachable graph store before failing (nothing is
    #: acknowledged meanwhile, so nothing is lost either way).
    sink_wait_seconds: float = Field(default=600.0, ge=0)
    #: The consumer group of ``caselink ingest`` and ``caselink consume``.
    consumer_group: str = Field(default="ingest", pattern=r"^[A-Za-z0-9._-]{1,100}$")
    #: A source item larger than this is rejected rather than read into memory.
    max_item_bytes: int = Field(default=4 * 1024 * 1024, ge=1024)

    @field_validator("graph")
    @classmethod
    def _graph_uri(cls, value: str) -> str:
        if value != "embedded" and not value.startswith(("neo4j://", "bolt://", "neo4j+s://", "bolt+s://")):
            raise ValueError("CASELINK_GRAPH must be 'embedded' or a neo4j:// or bolt:// URI")
        return value

    @field_validator("transport")
    @classmethod
    def _transport_uri(cls, value: str) -> str:
        if value != "local" and not value.startswith("kafka://"):
            raise ValueError("CASELINK_TRANSPORT must be 'local' or a kafka://host:port URI")
        return value
