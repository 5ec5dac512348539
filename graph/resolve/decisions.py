"""Investigators' same / not-same decisions on pairs of person mentions or entities, and the review queue.

A model is right most of the time; an investigator who knows the file is right about this
pair. A decision names two *mentions* (``<agency>:<record no>#<subject or contact>``), which
keep their names across revisions and re-ingests, so it outlives every rebuild of the graph
and overrides the matcher whatever the records later say. Nothing is deleted: an undo marks
the decision undone (who, when, why) and the graph is rebuilt as it was without it.

A decision may also name two *entities* of one kind, each by a key that no rebuild changes
(:data:`SIDES`): a person by one of its mentions, an alias-only person by its folded alias
(``alias:hollywood``), a place by its place id (folded name and city). "Same" binds an alias to
a person or makes two places one; "not same" keeps an alias off a person the builder would bind
it to. The builder reads them through :class:`EntityDecisions`.

The review queue is what the last build was unsure of (joins barely above the threshold,
near misses below it, joins the clustering refused): written by the graph sync after every
rebuild, read by reviewers. Each item carries the agency and caveats of both records so that
a reviewer sees only pairs whose records it may see.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from graph.model import ReviewRow, stable_hash
from models.access import Viewer
from models.database import Database, as_database
from models.layout import StoreLayout
from models.vocabulary import EntityKind

Verdict = Literal["same", "not_same"]
VERDICTS: tuple[Verdict, ...] = ("same", "not_same")
ALGORITHM = "investigator-decision/1.0"
#: Longest reason kept (a reason is for a court, not an essay).
MAX_REASON = 2000
#: A mention key: ``AGENCY:RECORD#S1`` or ``AGENCY:RECORD#C1`` (or an entity key: ``alias:...``, ``place:...``).
MAX_MENTION = 200
#: At most this many witness records are kept per entity side (one visible is enough to show it).
MAX_WITNESSES = 200
#: Resolution epochs kept (a consumer that starts reads the one the graph was last written under).
KEPT_EPOCHS = 4

_SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    a TEXT NOT NULL, b TEXT NOT NULL, verdict TEXT NOT NULL,
    "user" TEXT NOT NULL, agency TEXT, reason TEXT NOT NULL, decided_at TEXT NOT NULL,
    undone_at TEXT, undone_by TEXT, undo_reason TEXT
);
CREATE INDEX IF NOT EXISTS decisions_pair ON decisions (a, b);
CREATE TABLE IF NOT EXISTS review (
    id INTEGER PRIMARY KEY,
    a TEXT NOT NULL, b TEXT NOT NULL, person_a TEXT NOT NULL, person_b TEXT NOT NULL,
    record_a TEXT NOT NULL, agency_a TEXT NOT NULL, caveats_a TEXT NOT NULL,
    record_b TEXT NOT NULL, agency_b TEXT NOT NULL, caveats_b TEXT NOT NULL,
    kind TEXT NOT NULL, probability REAL NOT NULL, score REAL NOT NULL, contributions TEXT NOT NULL,
    reason TEXT, feature_values TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS decision_witnesses (
    decision INTEGER NOT NULL, side TEXT NOT NULL, record TEXT NOT NULL, PRIMARY KEY (decision, side, record)
);
CREATE TABLE IF NOT EXISTS decision_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS resolution_epochs (id TEXT PRIMARY KEY, made_at TEXT NOT NULL, body TEXT NOT NULL);
INSERT INTO decision_meta (name, value) VALUES ('changes', '0') ON CONFLICT (name) DO NOTHING;
"""


class DecisionError(ValueError):
    """A decision that cannot be taken or undone as asked (unknown, already undone, malformed)."""


@dataclass(frozen=True)
class Decision:
    id: int
    a: str
    b: str
    verdict: Verdict
    user: str
    agency: str | None
    reason: str
    decided_at: str
    undone_at: str | None = None
    undone_by: str | None = None
    undo_reason: str | None = None
    #: For an entity side (an alias, a place): the records behind it that its decider could see,
    #: side ``a`` then ``b``. A viewer sees the decision when it may see one of them (a mention
    #: side: its own record).
    witnesses_a: tuple[str, ...] = ()
    witnesses_b: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return self.undone_at is None

    def label(self) -> dict[str, object]:
        """What a join or a refusal made by this decision says about it (who, when, why)."""
        return {"id": self.id, "verdict": self.verdict, "user": self.user, "agency": self.agency,
                "decided_at": self.decided_at, "reason": self.reason}


@dataclass(frozen=True)
class ReviewItem(ReviewRow):
    """A pair the last build was unsure of, as stored: the build's :class:`ReviewRow` with its id."""

    id: int

    def visible_to(self, viewer: Viewer) -> bool:
        return viewer.may_see(self.agency_a, self.caveats_a) and viewer.may_see(self.agency_b, self.caveats_b)


#: The shapes of a decision's side, as data: key prefix -> the entity kind it names. A key with no
#: prefix and a ``#`` is a person mention (``AGENCY:RECORD#S1``; agencies are upper case, so no
#: mention key starts with a prefix).
ALIAS = "alias:"
SIDES: dict[str, EntityKind] = {ALIAS: EntityKind.PERSON, f"{EntityKind.PLACE.value}:": EntityKind.PLACE}
#: Entity kinds two of whose entities the builder never joins by itself: only "same" means anything.
ONLY_SAME: frozenset[EntityKind] = frozenset({EntityKind.PLACE})


def is_mention(key: str) -> bool:
    return "#" in key and not any(key.startswith(prefix) for prefix in SIDES)


def side_kind(key: str) -> EntityKind:
    """The kind of entity a decision's side names; a :class:`DecisionError` for a malformed key."""
    if key and len(key) <= MAX_MENTION:
        for prefix, kind in SIDES.items():
            if key.startswith(prefix) and len(key) > len(prefix):
                return kind
        if "#" in key:
            return EntityKind.PERSON
    raise DecisionError(f"not a mention key: {key[:MAX_MENTION]!r} (expected AGENCY:RECORD#S1 or #C1, alias:NAME or a place id)")


def alias_key(folded: str) -> str:
    return ALIAS + folded


def pair(a: str, b: str) -> tuple[str, str]:
    """A pair in its one stored order: two mentions sorted; a mention before an alias; two places as
    given (the first names the place that stays)."""
    kind_a, kind_b = side_kind(a), side_kind(b)
    if a == b:
        raise DecisionError("a decision joins or separates two different mentions or entities")
    if kind_a is not kind_b:
        raise DecisionError(f"a decision is between two entities of one kind, not a {kind_a.value} and a {kind_b.value}")
    if is_mention(a) and is_mention(b):
        return (a, b) if a < b else (b, a)
    if kind_a is EntityKind.PERSON:
        if not (is_mention(a) or is_mention(b)):
            raise DecisionError("two aliases: decide each against the person it names")
        return (a, b) if is_mention(a) else (b, a)
    return a, b


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class DecisionStore:
    """Decisions and the review queue, in ``decisions.db`` beside the ledger (they outlive every graph),
    or on the shared PostgreSQL server (``CASELINK_STATE``) that every consumer reads them from."""

    def __init__(self, where: Path | Database) -> None:
        """``where``: the embedded SQLite file, or a database from :func:`models.database.open_database`."""
        self._conn = as_database(where)
        self._conn.create(_SCHEMA)
        self._decisions_sql = _DECISIONS.format(keys=self._conn.json_values())
        self._review_sql = _REVIEW.format(keys=self._conn.json_values())
        self._witnesses_sql = _WITNESSES.format(ids=self._conn.json_values("integer"))

    def close(self) -> None:
        self._conn.close()

    def _tx(self) -> AbstractContextManager[Database]:
        return self._conn.transaction()

    # -- decisions ---------------------------------------------------------------------------

    def decide(self, a: str, b: str, verdict: str, *, user: str, reason: str, agency: str | None = None,
               witnesses: Mapping[str, Sequence[str]] | None = None) -> Decision:
        """Record a decision; an active one on the same pair (either order) is superseded (undone, saying
        by which). ``witnesses``: entity side key -> the records behind it its decider could see."""
        if verdict not in VERDICTS:
            raise DecisionError(f"verdict must be one of {', '.join(VERDICTS)}, not {verdict!r}")
        reason = reason.strip()
        if not reason or len(reason) > MAX_REASON:
            raise DecisionError(f"a decision needs a reason (1 to {MAX_REASON} characters)")
        a, b = pair(a, b)
        if verdict == "not_same" and side_kind(a) in ONLY_SAME:
            raise DecisionError(f"two {side_kind(a).value}s are one only by a decision: undo it to keep them apart")
        now = _now()
        with self._tx() as conn:
            (row,) = conn.execute('INSERT INTO decisions (a, b, verdict, "user", agency, reason, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?) '
                                  "RETURNING id", (a, b, verdict, user, agency, reason, now)).fetchall()
            new_id = int(row[0])
            conn.executemany("INSERT INTO decision_witnesses (decision, side, record) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                             [(new_id, side, record) for side, key in (("a", a), ("b", b))
                              for record in (witnesses or {}).get(key, ())[:MAX_WITNESSES]])
            conn.execute("UPDATE decisions SET undone_at = ?, undone_by = ?, undo_reason = ? "
                         "WHERE ((a = ? AND b = ?) OR (a = ? AND b = ?)) AND undone_at IS NULL AND id <> ?",
                         (now, user, f"superseded by decision {new_id}", a, b, b, a, new_id))
            if verdict == "same" and b.startswith(ALIAS):  # an alias names one person at a time
                conn.execute("UPDATE decisions SET undone_at = ?, undone_by = ?, undo_reason = ? "
                             "WHERE b = ? AND verdict = 'same' AND undone_at IS NULL AND id <> ?",
                             (now, user, f"superseded by decision {new_id}", b, new_id))
            self._changed(conn)
        return self.get(new_id)

    def undo(self, decision_id: int, *, user: str, reason: str) -> Decision:
        reason = reason.strip()
        if not reason or len(reason) > MAX_REASON:
            raise DecisionError(f"an undo needs a reason (1 to {MAX_REASON} characters)")
        with self._tx() as conn:
            row = conn.execute("SELECT undone_at FROM decisions WHERE id = ?", (decision_id,)).fetchone()
            if row is None:
                raise DecisionError(f"no decision {decision_id}")
            if row[0] is not None:
                raise DecisionError(f"decision {decision_id} was already undone at {row[0]}")
            conn.execute("UPDATE decisions SET undone_at = ?, undone_by = ?, undo_reason = ? WHERE id = ?",
                         (_now(), user, reason, decision_id))
            self._changed(conn)
        return self.get(decision_id)

    @staticmethod
    def _changed(conn: Database) -> None:
        conn.execute("UPDATE decision_meta SET value = CAST(CAST(value AS BIGINT) + 1 AS TEXT) WHERE name = 'changes'")

    def get(self, decision_id: int) -> Decision:
        row = self._conn.execute(_DECISION_BY_ID, (decision_id,)).fetchone()
        if row is None:
            raise DecisionError(f"no decision {decision_id}")
        return self._with_witnesses([row])[0]

    def decisions(self, *, active_only: bool = False, mentions: Sequence[str] | None = None) -> list[Decision]:
        """Every decision (or the active ones), oldest first; with ``mentions`` (mention or entity keys),
        those naming any of them."""
        keys = None if mentions is None else json.dumps(sorted(set(mentions)))
        rows = self._conn.execute(self._decisions_sql, (int(active_only), keys, keys, keys)).fetchall()
        return self._with_witnesses(rows)

    def _with_witnesses(self, rows: Sequence[Sequence[Any]]) -> list[Decision]:
        out = [Decision(*r) for r in rows]
        ids = [d.id for d in out if not (is_mention(d.a) and is_mention(d.b))]
        if not ids:
            return out
        found: dict[tuple[int, str], list[str]] = {}
        for decision, side, record in self._conn.execute(self._witnesses_sql, (json.dumps(ids),)):
            found.setdefault((decision, side), []).append(record)
        return [replace(d, witnesses_a=tuple(found.get((d.id, "a"), ())), witnesses_b=tuple(found.get((d.id, "b"), ())))
                for d in out]

    def mark(self) -> str:
        """Changes so far: a graph built under another mark does not reflect the decisions in force."""
        row = self._conn.execute("SELECT value FROM decision_meta WHERE name = 'changes'").fetchone()
        return str(row[0])

    # -- the resolver's statistics -------------------------------------------------------------

    def save_epoch(self, ident: str, body: str) -> None:
        """Keep a resolution epoch (:mod:`graph.resolve.epoch`) for the other consumers of the graph written under
        it; the :data:`KEPT_EPOCHS` most recent are kept."""
        with self._tx() as conn:
            conn.execute("INSERT INTO resolution_epochs (id, made_at, body) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
                         (ident, datetime.now(UTC).isoformat(timespec="microseconds"), body))
            conn.execute("DELETE FROM resolution_epochs WHERE id NOT IN "
                         "(SELECT id FROM resolution_epochs ORDER BY made_at DESC, id LIMIT ?)", (KEPT_EPOCHS,))

    def epoch_body(self, ident: str) -> str | None:
        """A kept epoch's JSON, or None when it is not (or no longer) kept."""
        row = self._conn.execute("SELECT body FROM resolution_epochs WHERE id = ?", (ident,)).fetchone()
        return None if row is None else str(row[0])

    # -- the review queue ----------------------------------------------------------------------

    def replace_review(self, items: Sequence[ReviewRow]) -> bool:
        """The last build's uncertain pairs, replacing the previous build's; False when the queue held is these already
        (by the digest kept beside it, whichever consumer wrote it), and nothing was written."""
        digest = stable_hash(list(items))  # the rows as they are (a hash of dataclasses costs a tenth of their JSON)
        held = self._conn.execute("SELECT value FROM decision_meta WHERE name = 'review'").fetchone()
        if held is not None and held[0] == digest:
            return False
        rows = [(i + 1, it.a, it.b, it.person_a, it.person_b, it.record_a, it.agency_a,
                 json.dumps(list(it.caveats_a)), it.record_b, it.agency_b, json.dumps(list(it.caveats_b)), it.kind,
                 it.probability, it.score, json.dumps(it.contributions, sort_keys=True), it.reason,
                 json.dumps(it.values or {}, sort_keys=True))
                for i, it in enumerate(items)]
        with self._tx() as conn:
            conn.execute("DELETE FROM review")
            conn.executemany(
                "INSERT INTO review (id, a, b, person_a, person_b, record_a, agency_a, caveats_a, record_b, agency_b, caveats_b, "
                "kind, probability, score, contributions, reason, feature_values) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows)
            conn.execute("INSERT INTO decision_meta (name, value) VALUES ('review', ?) ON CONFLICT (name) DO UPDATE SET value = "
                         "excluded.value", (digest,))
        return True

    def review(self, viewer: Viewer, *, mentions: Sequence[str] | None = None) -> Iterator[ReviewItem]:
        """Pending items (no decision in force on the pair) the viewer may see (both records), most
        uncertain first; with ``mentions``, those naming any of them."""
        keys = None if mentions is None else json.dumps(sorted(set(mentions)))
        for row in self._conn.execute(self._review_sql, (keys, keys, keys)).fetchall():
            item = _review_item(row)
            if item.visible_to(viewer):
                yield item



#: The decisions' and the review's queries; ``{keys}`` / ``{ids}``: the database's rows of a JSON array parameter.
_DECISION_BY_ID = ('SELECT id, a, b, verdict, "user", agency, reason, decided_at, undone_at, undone_by, undo_reason FROM decisions '
                   "WHERE id = ?")
_DECISIONS = ('SELECT id, a, b, verdict, "user", agency, reason, decided_at, undone_at, undone_by, undo_reason FROM decisions '
              "WHERE (? = 0 OR undone_at IS NULL) "
              "AND (CAST(? AS TEXT) IS NULL OR a IN ({keys}) OR b IN ({keys})) ORDER BY id")
_WITNESSES = "SELECT decision, side, record FROM decision_witnesses WHERE decision IN ({ids}) ORDER BY decision, side, record"
_REVIEW = ("SELECT id, a, b, person_a, person_b, record_a, agency_a, caveats_a, record_b, agency_b, caveats_b, kind, probability, "
           "score, contributions, reason, feature_values FROM review r "
           "WHERE NOT EXISTS (SELECT 1 FROM decisions d WHERE d.a = r.a AND d.b = r.b AND d.undone_at IS NULL) "
           "AND (CAST(? AS TEXT) IS NULL OR a IN ({keys}) OR b IN ({keys})) "
           "ORDER BY abs(probability - 0.5), id")



def _review_item(row: Sequence[Any]) -> ReviewItem:
    (id_, a, b, pa, pb, ra, ga, ca, rb, gb, cb, kind, p, score, contributions, reason, values) = row
    return ReviewItem(a=a, b=b, person_a=pa, person_b=pb, record_a=ra, agency_a=ga, caveats_a=tuple(json.loads(ca)),
                      record_b=rb, agency_b=gb, caveats_b=tuple(json.loads(cb)), kind=kind, probability=p, score=score,
                      contributions=json.loads(contributions), values=json.loads(values), reason=reason, id=id_)


@dataclass(frozen=True)
class EntityDecisions:
    """The active decisions between entities (not two mentions), as the graph builder applies them.

    Persons are named by a mention; the builder maps it to the person that mention is in at that
    build, so a decision follows its person through every re-clustering (and waits while the
    mention is not in force)."""

    #: folded alias -> (a person mention, the decision): the person the alias names.
    alias_of: dict[str, tuple[str, Decision]]
    #: folded alias -> person mention -> the decision: persons the alias is not bound to, stated or not.
    not_alias_of: dict[str, dict[str, Decision]]
    #: place id -> (the place id it is one with, the decision that made it so). Decisions apply oldest
    #: first, each one's second place (with every place already one with it) joining its first's.
    place_of: dict[str, tuple[str, Decision]]

    @classmethod
    def of(cls, decisions: Sequence[Decision]) -> EntityDecisions:
        alias_of: dict[str, tuple[str, Decision]] = {}
        not_alias_of: dict[str, dict[str, Decision]] = {}
        parent: dict[str, str] = {}
        joined_by: dict[str, Decision] = {}

        def root(place: str) -> str:
            while parent.get(place, place) != place:
                place = parent[place]
            return place

        for d in sorted(decisions, key=lambda d: d.id):
            if not d.active or (is_mention(d.a) and is_mention(d.b)):
                continue
            if d.b.startswith(ALIAS):
                folded = d.b[len(ALIAS):]
                if d.verdict == "same":
                    alias_of[folded] = (d.a, d)
                else:
                    not_alias_of.setdefault(folded, {})[d.a] = d
            elif d.verdict == "same" and side_kind(d.a) is EntityKind.PLACE:
                ra, rb = root(d.a), root(d.b)
                if ra != rb:
                    parent[rb] = ra
                    joined_by[rb] = d
        return cls(alias_of, not_alias_of, {p: (root(p), joined_by[p]) for p in parent})


def decisions_path(store: Path) -> Path:
    return StoreLayout(store).decisions_db
