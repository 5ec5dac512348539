"""Narrative mentions per record version, extracted once and kept.

Extraction (spaCy plus patterns) is the expensive step; a record's mentions depend only on its
narrative, language and subjects, so they are cached by a digest of those and the extractor's
version, and re-extracted only when one of them changes. On a shared PostgreSQL server
(``CASELINK_STATE``) one consumer's extraction serves every other consumer.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from graph.model import stable_hash
from models.database import Database, as_database
from models.graph import Mention
from models.records import Record
from nlp.extract import Extractor

#: Fewer records than this are extracted in the calling process whatever ``n_process`` says.
PARALLEL_FROM = 256


def _digest(record: Record, version: str) -> str:
    return stable_hash(version, record.narrative, record.language_hint,
                       [s.model_dump(mode="json") for s in record.subjects])


class MentionCache:
    def __init__(self, where: Path | Database, extractor: Extractor, *, batch_size: int = 64, n_process: int = 1) -> None:
        """``where``: the embedded SQLite file, or a database from :func:`models.database.open_database`."""
        self._conn = as_database(where)
        self._conn.create("CREATE TABLE IF NOT EXISTS mentions (record_key TEXT PRIMARY KEY, digest TEXT NOT NULL, mentions TEXT NOT NULL)")
        self.extractor = extractor
        self.batch_size = batch_size
        self.n_process = n_process
        #: record key -> (digest, mentions, record) as last read or extracted here: a record version whose digest the
        #: store still holds has these mentions (the digest names the narrative, subjects and extractor), so a long-lived
        #: consumer reads from the store only what changed since its last commit, and hands the builder the same
        #: objects (which it compares by identity first: graph.build.tape). The very record object they were read for
        #: (a consumer keeps its records in force between commits: ingest.in_force) is not even digested again.
        self._memo: dict[str, tuple[str, list[Mention], Record]] = {}

    def close(self) -> None:
        self._conn.close()

    def for_records(self, records: Sequence[Record]) -> dict[str, list[Mention]]:
        version = self.extractor.version
        out: dict[str, list[Mention]] = {}
        rest: list[Record] = []
        for r in records:
            memo = self._memo.get(r.key)
            if memo is not None and memo[2] is r:
                out[r.key] = memo[1]  # the record object its mentions were read for, unchanged since
            else:
                rest.append(r)
        if not rest:
            return out
        held = self._digests_held([r.key for r in rest], everything=len(rest) == len(records))
        todo = []
        digests: dict[str, str] = {}
        by_key: dict[str, Record] = {}
        for r in rest:
            digest = digests[r.key] = _digest(r, version)
            by_key[r.key] = r
            if held.get(r.key) == digest:
                memo = self._memo.get(r.key)
                if memo is not None and memo[0] == digest:
                    out[r.key] = memo[1]
                    self._memo[r.key] = (digest, memo[1], r)
                continue
            todo.append((r, digest))
        if todo:
            items = [(r.narrative, r.language_hint or "auto", r.subjects) for r, _ in todo]
            rows = []
            # Worker processes pay off on a bulk load, not on a streaming checkpoint's few records.
            workers = self.n_process if len(items) >= PARALLEL_FROM else 1
            for (record, digest), mentions in zip(todo, self.extractor.extract_many(
                    items, batch_size=self.batch_size, n_process=workers), strict=True):
                out[record.key] = mentions
                self._memo[record.key] = (digest, mentions, record)
                rows.append((record.key, digest, json.dumps([m.model_dump(mode="json") for m in mentions], ensure_ascii=False)))
            with self._conn.transaction() as conn:
                conn.executemany("INSERT INTO mentions (record_key, digest, mentions) VALUES (?, ?, ?) ON CONFLICT (record_key) "
                                 "DO UPDATE SET digest = excluded.digest, mentions = excluded.mentions", rows)
        wanted = [r.key for r in rest if r.key not in out]
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for key, payload in self._conn.execute(f"SELECT record_key, mentions FROM mentions WHERE record_key IN ({marks})", chunk):
                out[key] = [Mention.model_validate(m) for m in json.loads(payload)]
                self._memo[key] = (digests[key], out[key], by_key[key])
        return out

    def _digests_held(self, keys: list[str], *, everything: bool) -> dict[str, str]:
        """The digests the store holds for ``keys``: the whole table in one read when every record is asked for (a first
        build), those keys alone when a commit's few are."""
        if everything:
            return dict(self._conn.execute("SELECT record_key, digest FROM mentions").fetchall())
        held: dict[str, str] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            marks = ",".join("?" * len(chunk))
            held.update(self._conn.execute(f"SELECT record_key, digest FROM mentions WHERE record_key IN ({marks})", chunk).fetchall())
        return held

    def forget(self, record_key: str) -> None:
        self._memo.pop(record_key, None)
        with self._conn.transaction() as conn:
            conn.execute("DELETE FROM mentions WHERE record_key = ?", (record_key,))

    def retain(self, record_keys: set[str]) -> int:
        """Drop what was extracted from records no longer in force (purged: nothing of their
        narrative may outlive them, even if the process died before :meth:`forget`)."""
        for key in self._memo.keys() - record_keys:
            del self._memo[key]
        held = [k for (k,) in self._conn.execute("SELECT record_key FROM mentions") if k not in record_keys]
        with self._conn.transaction() as conn:
            conn.executemany("DELETE FROM mentions WHERE record_key = ?", [(k,) for k in held])
        return len(held)
