"""Every Cypher statement caselink runs, in one place, as parameterised builders.

Values always travel as parameters. The only text ever composed into a statement is a
relationship type, and only from :class:`~models.vocabulary.LinkKind` (a closed vocabulary,
checked here), because Cypher cannot take a relationship type as a parameter. Writes are
``UNWIND $rows`` batches that ``MERGE`` on constrained keys.
"""

from __future__ import annotations

from models.vocabulary import LinkKind


def _rel_type(kind: str) -> str:
    return LinkKind(kind).value  # raises on anything outside the vocabulary


def constraints() -> list[str]:
    statements = [
        "CREATE CONSTRAINT caselink_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
        "CREATE CONSTRAINT caselink_record_key IF NOT EXISTS FOR (n:RecordView) REQUIRE n.key IS UNIQUE",
        "CREATE INDEX caselink_entity_kind IF NOT EXISTS FOR (n:Entity) ON (n.kind)",
        "CREATE INDEX caselink_prov_owner IF NOT EXISTS FOR (p:Provenance) ON (p.owner)",
        "CREATE INDEX caselink_prov_record IF NOT EXISTS FOR (p:Provenance) ON (p.record_key)",
        "CREATE CONSTRAINT caselink_meta IF NOT EXISTS FOR (m:CaselinkMeta) REQUIRE m.name IS UNIQUE",
    ]
    statements += [f"CREATE INDEX caselink_rel_{k.value.lower()} IF NOT EXISTS FOR ()-[r:{k.value}]-() ON (r.id)" for k in LinkKind]
    return statements


SHOW_CONSTRAINTS = "SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names"

ENTITY_DIGESTS = "MATCH (n:Entity) RETURN n.id AS id, n.digest AS digest"

LINK_DIGESTS = "MATCH ()-[r]->() WHERE r.id IS NOT NULL RETURN r.id AS id, r.digest AS digest"

RECORD_DIGESTS = "MATCH (r:RecordView) RETURN r.key AS key, r.digest AS digest"

UPSERT_ENTITIES = """
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n.kind = row.kind, n.caption = row.caption, n.properties = row.properties, n.hub = row.hub,
    n.agencies = row.agencies, n.caveats = row.caveats, n.first_seen = row.first_seen,
    n.last_seen = row.last_seen, n.digest = row.digest, n.terms = row.terms
"""

DELETE_ENTITIES = "UNWIND $ids AS id MATCH (n:Entity {id: id}) DETACH DELETE n"


def upsert_links(kind: str) -> str:
    rel = _rel_type(kind)
    return f"""
UNWIND $rows AS row
MATCH (a:Entity {{id: row.source}})
MATCH (b:Entity {{id: row.target}})
MERGE (a)-[r:{rel} {{id: row.id}}]->(b)
SET r.kind = row.kind, r.properties = row.properties, r.agencies = row.agencies, r.caveats = row.caveats,
    r.first_seen = row.first_seen, r.last_seen = row.last_seen, r.digest = row.digest
"""


def delete_links(kind: str) -> str:
    return f"UNWIND $ids AS id MATCH ()-[r:{_rel_type(kind)} {{id: id}}]->() DELETE r"


DELETE_PROVENANCE_OF = "UNWIND $owners AS owner MATCH (p:Provenance {owner: owner}) DELETE p"

INSERT_PROVENANCE = """
UNWIND $rows AS row
CREATE (p:Provenance)
SET p = row
"""

UPSERT_RECORDS = """
UNWIND $rows AS row
MERGE (r:RecordView {key: row.key})
SET r.agency = row.agency, r.record_no = row.record_no, r.version = row.version, r.entity_id = row.entity_id,
    r.payload = row.payload, r.subjects = row.subjects, r.mentions = row.mentions, r.caveats = row.caveats,
    r.digest = row.digest
"""

DELETE_RECORDS = "UNWIND $keys AS key MATCH (r:RecordView {key: key}) DELETE r"

# -- visibility --------------------------------------------------------------------------
# Every read takes the viewer's scope as parameters ($all_access, $agencies, $clearances) and
# tests it in the statement itself: a record (or provenance row) is visible when its agency is
# among $agencies and all its caveats among $clearances; a node or relationship when at least one
# of its provenance rows is. The only text composed is a variable name from a closed set.

_LABELLED = "({v}.agency IN $agencies AND all(c IN coalesce({v}.caveats, []) WHERE c IN $clearances))"


def _labelled_visible(var: str) -> str:
    assert var in {"p", "r"}
    return "($all_access OR " + _LABELLED.format(v=var) + ")"


def _owner_visible(var: str) -> str:
    assert var in {"n", "r", "a", "b"}
    return ("($all_access OR EXISTS { MATCH (q:Provenance {owner: " + var + ".id}) WHERE " + _LABELLED.format(v="q") + " })")


ENTITY_IDS = ("MATCH (n:Entity) WHERE ($kinds IS NULL OR n.kind IN $kinds) AND " + _owner_visible("n")
              + " RETURN n.id AS id ORDER BY id LIMIT $limit")

GET_ENTITIES = "UNWIND $ids AS id MATCH (n:Entity {id: id}) WHERE " + _owner_visible("n") + " RETURN n"

LINKS_OF = """
UNWIND $ids AS id
MATCH (n:Entity {id: id})-[r]-()
WITH DISTINCT r
WITH r, startNode(r) AS a, endNode(r) AS b
WHERE """ + _owner_visible("r") + " AND " + _owner_visible("a") + " AND " + _owner_visible("b") + """
RETURN r, a.id AS source, b.id AS target
"""

PROVENANCE_OF = "UNWIND $owners AS owner MATCH (p:Provenance {owner: owner}) WHERE " + _labelled_visible("p") + " RETURN p"

GET_RECORD = "MATCH (r:RecordView {key: $key}) WHERE " + _labelled_visible("r") + " RETURN r"

SEARCH_TERMS = ("MATCH (n:Entity) WHERE " + _owner_visible("n")
                + " UNWIND n.terms AS term RETURN term, n.id AS id, n.kind AS kind ORDER BY term, id")

OWNERS_OF_RECORD = "MATCH (p:Provenance {record_key: $key}) RETURN DISTINCT p.owner AS owner"

DELETE_PROVENANCE_OF_RECORD = "MATCH (p:Provenance {record_key: $key}) DELETE p"

UNSUPPORTED_OWNERS = """
UNWIND $owners AS owner
OPTIONAL MATCH (p:Provenance {owner: owner})
WITH owner, count(p) AS n
WHERE n = 0
RETURN collect(owner) AS owners
"""

DELETE_UNSUPPORTED_ENTITIES = "UNWIND $ids AS id MATCH (n:Entity {id: id}) DETACH DELETE n"

MARK_STALE = "UNWIND $ids AS id MATCH (n:Entity {id: id}) SET n.digest = ''"


def mark_stale_links(kind: str) -> str:
    return f"UNWIND $ids AS id MATCH ()-[r:{_rel_type(kind)} {{id: id}}]->() SET r.digest = ''"


COUNT_ENTITIES = ("MATCH (n:Entity) WHERE " + _owner_visible("n")
                  + " RETURN count(n) AS n, sum(CASE WHEN n.hub THEN 1 ELSE 0 END) AS hubs")
COUNT_LINKS = ("MATCH (a)-[r]->(b) WHERE " + _owner_visible("r") + " AND " + _owner_visible("a") + " AND " + _owner_visible("b")
               + " RETURN count(r) AS n")
# ``CALL () {`` (a subquery importing nothing): the bare ``CALL {`` is deprecated since Neo4j 5.23
# and draws a deprecation warning with every count.
COUNT_PROVENANCE = """
CALL () {
  MATCH (n:Entity) WHERE """ + _owner_visible("n") + """
  MATCH (p:Provenance {owner: n.id}) WHERE """ + _labelled_visible("p") + """
  RETURN count(p) AS entities
}
CALL () {
  MATCH (a)-[r]->(b) WHERE r.id IS NOT NULL AND """ + _owner_visible("a") + " AND " + _owner_visible("b") + """
  MATCH (p:Provenance {owner: r.id}) WHERE """ + _labelled_visible("p") + """
  RETURN count(p) AS links
}
RETURN entities + links AS n
"""
COUNT_RECORDS = "MATCH (r:RecordView) WHERE " + _labelled_visible("r") + " RETURN count(r) AS n"

BUMP_GENERATION = "MERGE (m:CaselinkMeta {name: 'generation'}) SET m.value = coalesce(m.value, 0) + 1"

SET_SYNC_MARK = "MERGE (m:CaselinkMeta {name: 'sync_mark'}) SET m.value = $mark"

SYNC_MARK = "OPTIONAL MATCH (m:CaselinkMeta {name: 'sync_mark'}) RETURN m.value AS value"

ENTITY_DIGESTS_ORDERED = "MATCH (n:Entity) RETURN n.id AS id, n.digest AS digest ORDER BY id"

LINK_DIGESTS_ORDERED = "MATCH ()-[r]->() WHERE r.id IS NOT NULL RETURN r.id AS id, r.digest AS digest ORDER BY id"

RECORD_DIGESTS_ORDERED = "MATCH (r:RecordView) RETURN r.key AS key, r.digest AS digest ORDER BY key"

GENERATION = "OPTIONAL MATCH (m:CaselinkMeta {name: 'generation'}) RETURN coalesce(m.value, 0) AS value"

DELETE_ALL_BATCH = "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"
