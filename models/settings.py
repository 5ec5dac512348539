"""One typed settings object, read from ``CASELINK_*`` environment variables and passed in.

Nothing reads the environment behind the caller's back: the CLI and the API build a
:class:`Settings` once and hand it down. Unsafe defaults (development signing keys, an
embedded store in a temporary place) are refused outside development.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from models.layout import StoreLayout

#: Signs tokens in development only; refused in any other environment.
DEV_SIGNING_KEY = "caselink-development-signing-key-do-not-use-outside-development"


def default_extract_workers(cores: int | None = None) -> int:
    """One extraction process per core, at most 4, and 1 on a single core (a worker there only adds
    pickling and would compete with the process that resolves and writes the graph)."""
    cores = os.cpu_count() if cores is None else cores
    return max(1, min(4, cores or 1))


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
    #: Where the ledger, the decisions, the mention cache, users and sessions, alerts and the audit log live:
    #: ``embedded`` (files in the store directory) or a ``postgresql://user:password@host:port/db`` URL, a
    #: server that consumers and API processes on several machines share (models/database.py).
    state: str = "embedded"
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
    #: Worker processes that extract narrative mentions (spaCy NER and the pattern extractors), each
    #: loading the models once; 1 extracts in the calling process. Default: one per core, at most 4
    #: (beyond that the resolution and graph write, not extraction, bound ingest).
    extract_workers: int = Field(default_factory=lambda: default_extract_workers(), ge=1, le=64)
    #: Person resolution: ``learned`` (the shipped calibrated matcher) or ``rules`` (the deterministic resolver).
    resolver: Literal["learned", "rules"] = "learned"
    #: A long-lived consumer whose world holds at least this many person mentions keeps the statistics the learned
    #: resolver weighs pairs with (name and date frequencies, the EM prior, its fitted weights) between refreshes, so
    #: that a commit re-resolves only what its records can change (:mod:`graph.resolve.epoch`); below it, every
    #: commit estimates them anew.
    resolver_epoch_min_mentions: int = Field(default=5000, ge=0)
    #: The kept statistics are estimated anew once the person mentions added or removed since reach this share.
    resolver_epoch_refresh: float = Field(default=0.05, ge=0.0, le=1.0)

    # -- access control and audit (see models/access.py, api/services/auth.py, api/services/audit.py) --------
    #: HS256 key for tokens issued by ``caselink users add``; development falls back to
    #: DEV_SIGNING_KEY, which every other environment refuses.
    signing_key: SecretStr | None = None
    #: Verify tokens against an OIDC provider's JWKS (RS256/ES256) instead of / as well as the key.
    oidc_jwks_url: str | None = None
    oidc_issuer: str | None = None
    jwt_issuer: str = "caselink"
    jwt_audience: str = "caselink-api"
    #: Lifetime of issued tokens, and the longest lifetime accepted from any issuer.
    token_ttl_seconds: int = Field(default=8 * 3600, ge=60, le=7 * 24 * 3600)
    #: A token unused for this long is refused (the user asks for a new one).
    idle_seconds: int = Field(default=30 * 60, ge=1)
    #: This many failed authentications from one client or for one user name, within
    #: ``lockout_seconds``, lock it out for ``lockout_seconds``.
    lockout_failures: int = Field(default=5, ge=1)
    lockout_seconds: int = Field(default=15 * 60, ge=1)
    #: Requests per user per minute.
    rate_limit_per_minute: int = Field(default=120, ge=1)
    #: Addresses (or CIDR ranges) of reverse proxies whose ``X-Forwarded-For`` is believed. Empty: the client
    #: address is the socket's, whatever a caller writes in its headers.
    trusted_proxies: Annotated[tuple[str, ...], NoDecode] = ()
    #: JSON file of sharing agreements (``[{"owner", "partners", "basis"}]``); default: models/access.py.
    sharing_agreements: Path | None = None
    #: The append-only, hash-chained audit log (default: ``<store>/audit.log``).
    audit_log: Path | None = None
    #: HMAC key of the audit log's signed checkpoints (``<audit log>.checkpoints``); default: one derived
    #: from the token signing key (so the development key in development only).
    audit_signing_key: SecretStr | None = None
    #: A signed checkpoint of the audit chain's head every this many entries (and at every shutdown).
    audit_checkpoint_every: int = Field(default=100, ge=1, le=1_000_000)
    #: A live alert stream (``GET /alerts/stream``) re-checks its user and token at every delivery and at
    #: least this often (a heartbeat), and ends after this long without delivering an alert.
    alert_stream_heartbeat_seconds: float = Field(default=15.0, gt=0, le=3600)
    alert_stream_idle_seconds: float = Field(default=30 * 60.0, gt=0)
    #: The web sign-in's session cookie carries the Secure flag (sent over HTTPS only); default: on
    #: except in development and test, where the page is served over plain HTTP on the loopback.
    session_cookie_secure: bool | None = None

    def audit_path(self) -> Path:
        return StoreLayout(self.store, self.audit_log).audit_log

    def token_key(self) -> str:
        """The HS256 key in force (validated against the environment at construction)."""
        if self.signing_key is not None:
            return self.signing_key.get_secret_value()
        if self.env == "development":
            return DEV_SIGNING_KEY
        raise ValueError("CASELINK_SIGNING_KEY is required outside development")

    def audit_key(self) -> bytes:
        """The key checkpoints of the audit chain are signed with; ValueError when there is none."""
        if self.audit_signing_key is not None:
            return self.audit_signing_key.get_secret_value().encode()
        return hmac.new(self.token_key().encode(), b"caselink audit checkpoints/1", hashlib.sha256).digest()

    @field_validator("graph")
    @classmethod
    def _graph_uri(cls, value: str) -> str:
        if value != "embedded" and not value.startswith(("neo4j://", "bolt://", "neo4j+s://", "bolt+s://")):
            raise ValueError("CASELINK_GRAPH must be 'embedded' or a neo4j:// or bolt:// URI")
        return value

    @model_validator(mode="after")
    def _no_development_key(self) -> Settings:
        key = self.signing_key.get_secret_value() if self.signing_key is not None else None
        if key is not None and self.env != "development" and key == DEV_SIGNING_KEY:
            raise ValueError("the development signing key is refused outside CASELINK_ENV=development")
        if key is not None and len(key.encode()) < 32:
            raise ValueError("CASELINK_SIGNING_KEY must be at least 32 bytes")
        audit = self.audit_signing_key.get_secret_value() if self.audit_signing_key is not None else None
        if audit is not None and (len(audit.encode()) < 32 or (self.env != "development" and audit == DEV_SIGNING_KEY)):
            raise ValueError("CASELINK_AUDIT_SIGNING_KEY must be at least 32 bytes, and not the development key outside development")
        return self

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _proxies(cls, value: object) -> tuple[str, ...]:
        """``CASELINK_TRUSTED_PROXIES=10.0.0.5,10.1.0.0/16``: each an address or a CIDR range."""
        items = [p.strip() for p in value.split(",")] if isinstance(value, str) else [str(p) for p in value]  # type: ignore[attr-defined]
        for item in (i for i in items if i):
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(f"CASELINK_TRUSTED_PROXIES: {item!r} is not an address or a CIDR range") from None
        return tuple(i for i in items if i)

    @field_validator("state")
    @classmethod
    def _state_url(cls, value: str) -> str:
        if value != "embedded" and not value.startswith(("postgresql://", "postgres://")):
            raise ValueError("CASELINK_STATE must be 'embedded' or a postgresql://user:password@host:port/db URL")
        return value

    @field_validator("transport")
    @classmethod
    def _transport_uri(cls, value: str) -> str:
        if value != "local" and not value.startswith("kafka://"):
            raise ValueError("CASELINK_TRANSPORT must be 'local' or a kafka://host:port URI")
        return value
