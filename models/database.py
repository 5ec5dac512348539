"""The narrow database interface the shared stores use: embedded SQLite or a PostgreSQL server.

A store (the ledger, the decisions, the mention cache) writes its SQL once, in the subset both
engines accept (``?`` placeholders, ``INSERT ... ON CONFLICT (...) DO UPDATE / DO NOTHING``,
``TEXT``, ``INTEGER``, ``REAL``), and gets a :class:`Database` from :func:`open_database`. The
embedded default is a SQLite file beside the process, exactly as before; with
``CASELINK_STATE=postgresql://...`` every consumer on every machine shares one server instead.

What differs between the engines is kept here and nowhere else:

- placeholders: ``?`` becomes ``%s`` for psycopg (outside quoted literals, with ``%`` escaped);
- DDL: ``INTEGER PRIMARY KEY AUTOINCREMENT`` becomes an identity column, ``INTEGER`` ``BIGINT``
  (byte offsets exceed 2**31) and ``REAL`` ``DOUBLE PRECISION`` (PostgreSQL's ``REAL`` is 4 bytes);
- a JSON array parameter read as rows (:meth:`Database.json_values`);
- write transactions: SQLite's ``BEGIN IMMEDIATE`` takes the file's one write lock; on
  PostgreSQL a transaction-scoped advisory lock named after the store does the same, so a read-
  then-write (the ledger's version check) is never interleaved with another consumer's.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path
from typing import Any, Literal, Protocol

from models.errors import SinkUnavailable
from models.sqlite import connect as sqlite_connect

Dialect = Literal["sqlite", "postgresql"]
#: ``CASELINK_STATE``: the embedded SQLite files, or a PostgreSQL server shared by every consumer.
EMBEDDED = "embedded"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


class DatabaseError(RuntimeError):
    """The configured database cannot be reached or used (said plainly, without a traceback).

    Its message names the server (password redacted) and what went wrong, never a statement or its
    parameters. Raised as such when PostgreSQL refuses a statement (a programming error or input it
    cannot store): the command stops with that line, a request answers 500."""


class StateUnavailable(DatabaseError, SinkUnavailable):
    """The ``CASELINK_STATE`` server cannot be reached now: it refused the connection, went away
    mid-session (restarted, shut down, the connection killed) or could not serve the statement
    (psycopg's ``OperationalError`` / ``InterfaceError``). Nothing was lost: a write transaction it
    interrupted is rolled back by the server, and the next use of the database connects again.

    It is a :class:`~models.errors.SinkUnavailable`, so the streaming consumer waits for PostgreSQL
    as it waits for Neo4j: the stores a sink uses there (the graph sync's mention cache and
    decisions) are as much a later stage of a batch as the graph is; the pipeline
    acknowledges nothing until they committed and its sinks are idempotent, so committing again once
    the server is back converges, and giving up instead would stop every consumer at the first
    restart of the server they share. (The ledger's own ``apply`` is not a sink: there the error
    ends the run, nothing acknowledged, and the batch is delivered again at the next start.)
    It is a :class:`DatabaseError` too, so the callers that already fail closed on one (the audit
    log) do so on this, the CLI prints it as one line (exit 2, as for a server it cannot reach at
    all) and HTTP answers 503 with ``Retry-After`` (api/http/errors.py)."""


class Cursor(Protocol):
    """What a store reads from a statement (both sqlite3's and psycopg's cursors have it)."""

    @property
    def rowcount(self) -> int: ...
    @property
    def description(self) -> Any: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Database:
    """One connection to a store's database, autocommit outside :meth:`transaction`.

    A store's one connection may serve several threads (the API's): their statements and write
    transactions take turns (``turn``), rather than one thread's plain statement landing inside (and
    being rolled back with, or committed by) another thread's open transaction."""

    dialect: Dialect
    #: Where it lives, for messages (a file path or the server without its password).
    where: str

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        raise NotImplementedError

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def create(self, schema: str) -> None:
        """Run ``;``-separated DDL (``CREATE ... IF NOT EXISTS``) in one write transaction."""
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[Database]:
        """A write transaction (committed on exit, rolled back on any error, which is re-raised)."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def json_values(self, cast: Literal["text", "integer"] = "text") -> str:
        """A sub-select of the values of a JSON array bound to one ``?`` (``x IN (<this>)``)."""
        raise NotImplementedError


class SQLiteDatabase(Database):
    """A SQLite file: WAL, full sync, ``BEGIN IMMEDIATE`` write transactions (models/sqlite.py)."""

    dialect: Dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.where = str(path)
        self.conn = sqlite_connect(path)
        self.turn = threading.RLock()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        with self.turn:
            return self.conn.execute(sql, tuple(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.turn:
            self.conn.executemany(sql, rows)

    def create(self, schema: str) -> None:
        with self.transaction():
            for statement in _statements(schema):
                self.conn.execute(statement)

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        with self.turn:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    def json_values(self, cast: Literal["text", "integer"] = "text") -> str:
        return "SELECT value FROM json_each(?)"


#: Seconds a connection attempt waits when the URL does not say (libpq's default is to wait for ever).
CONNECT_TIMEOUT = 10


def connect_options(url: str) -> dict[str, Any]:
    """What caselink adds to a PostgreSQL URL's own parameters: the connect timeout, unless the URL gives
    one (``?connect_timeout=3``): a deployment whose server sits behind a firewall that drops packets
    chooses how long a start or a reconnect waits before the state is reported unavailable."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        given = conninfo_to_dict(url)
    except Exception:  # an unreadable URL is psycopg.connect's to refuse, with its own message
        given = {}
    return {} if "connect_timeout" in given else {"connect_timeout": CONNECT_TIMEOUT}


class PostgresDatabase(Database):
    """A connection to a PostgreSQL server (psycopg 3), for the store named ``name``.

    ``name`` keys the advisory lock of the store's write transactions: two consumers writing the
    same store take turns, as two processes writing one SQLite file do.

    No psycopg error leaves this class: a server that cannot be reached (at connect, or lost mid-
    session) is :class:`StateUnavailable`, any other refusal a :class:`DatabaseError` (``_guard``).
    A lost connection is replaced at the next use outside a transaction, so a long-lived process
    (the API, a consumer) serves again once the server is back, without being restarted; inside a
    transaction it never is (the transaction is gone: its error is the caller's to see)."""

    dialect: Dialect = "postgresql"

    def __init__(self, url: str, name: str) -> None:
        self.url = url
        self.where = redacted(url)
        self.lock_key = int.from_bytes(hashlib.sha256(f"caselink:{name}".encode()).digest()[:8], "big", signed=True)
        self._depth = 0
        self.turn = threading.RLock()
        self.conn = self._connect()

    def _connect(self) -> Any:
        import psycopg  # only a deployment that configures PostgreSQL needs the driver loaded

        try:
            return psycopg.connect(self.url, autocommit=True, **connect_options(self.url))
        except psycopg.Error as exc:
            raise StateUnavailable(f"cannot connect to PostgreSQL at {self.where}: {_reason(exc)}") from exc

    def _live(self) -> Any:
        """The connection, replaced first if the server closed it and no transaction is open on it."""
        if self.conn.closed and self._depth == 0:
            with self.turn:
                if self.conn.closed:
                    self.conn = self._connect()
        return self.conn

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """psycopg's errors as ours (see the class docstring), their message's first line only."""
        import psycopg

        try:
            yield
        except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
            raise StateUnavailable(f"PostgreSQL at {self.where} is unavailable: {_reason(exc)}") from exc
        except psycopg.Error as exc:
            raise DatabaseError(f"PostgreSQL at {self.where} refused a statement: {_reason(exc)}") from exc

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        # psycopg's client-side cursor holds its whole result once executed: reading it needs no turn.
        with self.turn, self._guard():
            cursor: Cursor = self._live().execute(translate(sql), tuple(params))
            return cursor

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self.turn, self._guard(), self._live().cursor() as cur:
                cur.executemany(translate(sql), rows)

    def create(self, schema: str) -> None:
        with self.transaction():
            for statement in _statements(postgres_ddl(schema)):
                with self._guard():
                    self.conn.execute(statement)

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """A write transaction holding the store's advisory lock. A connection the server dropped since its
        last use (a restart, an administrator) is found only when the transaction begins: nothing of the
        caller's has run then, so an outermost transaction begins once more on a fresh connection instead
        of failing one write per store per process after every server restart."""
        with self.turn, ExitStack() as stack:
            stack.enter_context(self._guard())  # the commit's and the caller's errors, as ours
            try:
                with self._guard():
                    stack.enter_context(self._live().transaction())
            except StateUnavailable:
                if self._depth:
                    raise
                with self._guard():
                    stack.enter_context(self._live().transaction())  # _live() replaced the broken connection
            self._depth += 1
            try:
                if self._depth == 1:
                    self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (self.lock_key,))
                yield self
            finally:
                self._depth -= 1

    def close(self) -> None:
        with self.turn:
            self.conn.close()

    def json_values(self, cast: Literal["text", "integer"] = "text") -> str:
        if cast == "integer":
            return "SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST(? AS json)) AS value"
        return "SELECT value FROM json_array_elements_text(CAST(? AS json)) AS value"


def _reason(exc: Exception) -> str:
    """What a psycopg error says, without its statement, parameters or the server's DETAIL (which can
    quote a row's values): the server's primary message, else the first line of the client's."""
    diag = getattr(exc, "diag", None)
    primary = getattr(diag, "message_primary", None)
    text = str(primary or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def open_database(state: str, path: Path, name: str | None = None) -> Database:
    """The database of one store: the SQLite file ``path`` when ``state`` is ``embedded``, else the
    PostgreSQL server ``state`` names (``name``, default the file's stem, keys its write lock)."""
    if state == EMBEDDED:
        return SQLiteDatabase(path)
    if state.startswith(POSTGRES_SCHEMES):
        return PostgresDatabase(state, name or path.stem)
    raise DatabaseError(f"CASELINK_STATE must be 'embedded' or a postgresql:// URL, not {redacted(state)!r}")


def as_database(where: Path | Database) -> Database:
    """A store's constructor accepts a path (the embedded default, as callers always passed) or a database."""
    return where if isinstance(where, Database) else SQLiteDatabase(where)


_TOKEN = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?|%")


def translate(sql: str) -> str:
    """``?`` placeholders to psycopg's ``%s`` (and a literal ``%`` to ``%%``), quoted text untouched."""
    def swap(m: re.Match[str]) -> str:
        text = m.group(0)
        return "%s" if text == "?" else "%%" if text == "%" else text
    return _TOKEN.sub(swap, sql)


_DDL = ((re.compile(r"\bINTEGER\s+PRIMARY\s+KEY\s+AUTOINCREMENT\b", re.I), "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
        (re.compile(r"\bINTEGER\b", re.I), "BIGINT"),
        (re.compile(r"\bREAL\b", re.I), "DOUBLE PRECISION"))


def postgres_ddl(schema: str) -> str:
    """SQLite DDL as PostgreSQL needs it (see the module's docstring); the SQLite text stays as it was."""
    for pattern, replacement in _DDL:
        schema = pattern.sub(replacement, schema)
    return schema


def _statements(schema: str) -> list[str]:
    return [s.strip() for s in schema.split(";") if s.strip()]


def redacted(url: str) -> str:
    """A URL without its password (for messages and logs)."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)

