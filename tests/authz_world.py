"""A small labelled world for the authorisation matrix, and an independent oracle of what each viewer may see.

Agencies A, B, C; B shares with A (one way). Records:

- ``A:1`` plain: victim V (subject), phone P1 mentioned; V -[A:1]- H, though H itself is only in C:1
- ``A:2`` YOUTH: youth Y (subject, with a date of birth), Y uses phone P2
- ``A:3`` plain: W, a person the victim reaches only through H
- ``B:1`` plain: associate Q uses P1; Y is named in it too (so Y is visible without the YOUTH record)
- ``C:1`` INFORMANT: informant H uses P1; H -[C:1]- W
- ``C:2`` RESTRICTED + VICTIM_MINOR: person R, linked to Q
- ``A:4`` VICTIM_MINOR: minor victim M (its protected part) and suspect S: the record and S are visible without
  the caveat, M (and the link naming her) only with it
"""

from __future__ import annotations

from collections import deque
from itertools import product

from graph.model import EntityRow, GraphData, LinkRow, ProvenanceRow, RecordRow
from models.access import Policy, SharingAgreement, UserRole, Viewer, part_caveats

RECORDS: dict[str, tuple[str, ...]] = {
    "A:1": (), "A:2": ("YOUTH",), "A:3": (), "B:1": (), "C:1": ("INFORMANT",), "C:2": ("RESTRICTED", "VICTIM_MINOR"),
    "A:4": ("VICTIM_MINOR",),
}
#: The protected parts of records (owner ids), as graph.build marks them: they keep the record's protecting caveat.
PROTECTED: dict[str, frozenset[str]] = {"A:4": frozenset({"person:M", "SUBJECT_OF:person:M->record:A:4"})}
#: entity id -> (kind, caption, records behind it, properties)
ENTITIES: dict[str, tuple[str, str, tuple[str, ...], dict[str, object]]] = {
    "person:V": ("person", "Vera Victim", ("A:1",), {"names": ["Vera Victim"]}),
    "person:Y": ("person", "Yannick Youth", ("A:2", "B:1"), {"names": ["Yannick Youth"], "dobs": ["2011-04-02"]}),
    "person:W": ("person", "Wanda Far", ("A:3",), {"names": ["Wanda Far"]}),
    "person:Q": ("person", "Quentin Associate", ("B:1",), {"names": ["Quentin Associate"]}),
    "person:H": ("person", "Harold Informant", ("C:1",), {"names": ["Harold Informant"], "aliases": ["Sparrow"]}),
    "person:R": ("person", "Rita Restricted", ("C:2",), {"names": ["Rita Restricted"]}),
    "person:M": ("person", "Mia Minor", ("A:4",), {"names": ["Mia Minor"], "dobs": ["2012-01-01"]}),
    "person:S": ("person", "Sam Suspect", ("A:4",), {"names": ["Sam Suspect"]}),
    "phone:+17055550101": ("phone", "+17055550101", ("A:1", "B:1", "C:1"), {"value": "+17055550101"}),
    "phone:+17055550202": ("phone", "+17055550202", ("A:2",), {"value": "+17055550202"}),
    **{f"record:{k}": ("record", k.replace(":", " "), (k,), {"agency": k[0], "record_no": k[2:]}) for k in RECORDS},
}
#: (kind, source, target, records behind it)
LINKS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("SUBJECT_OF", "person:V", "record:A:1", ("A:1",)),
    ("MENTIONED_IN", "phone:+17055550101", "record:A:1", ("A:1",)),
    ("CONTACT_OF", "person:V", "person:H", ("A:1",)),  # visible record, hidden end: must stay hidden
    ("SUBJECT_OF", "person:Y", "record:A:2", ("A:2",)),
    ("USES_PHONE", "person:Y", "phone:+17055550202", ("A:2",)),
    ("SUBJECT_OF", "person:W", "record:A:3", ("A:3",)),
    ("USES_PHONE", "person:Q", "phone:+17055550101", ("B:1",)),
    ("MENTIONED_IN", "person:Y", "record:B:1", ("B:1",)),
    ("SUBJECT_OF", "person:Q", "record:B:1", ("B:1",)),
    ("USES_PHONE", "person:H", "phone:+17055550101", ("C:1",)),
    ("ASSOCIATE_OF", "person:H", "person:W", ("C:1",)),
    ("SUBJECT_OF", "person:H", "record:C:1", ("C:1",)),
    ("SUBJECT_OF", "person:R", "record:C:2", ("C:2",)),
    ("SUBJECT_OF", "person:S", "record:A:4", ("A:4",)),
    ("SUBJECT_OF", "person:M", "record:A:4", ("A:4",)),
    ("ASSOCIATE_OF", "person:R", "person:Q", ("C:2",)),
]
# ASSOCIATE_OF is not a link kind: Neo4j relationship types come from the vocabulary only.
LINKS = [("MENTIONED_IN" if k == "ASSOCIATE_OF" else k, s, t, r) for k, s, t, r in LINKS]

POLICY = Policy(agreements=(SharingAgreement("B", frozenset({"A"}), "test agreement"),))
AGENCIES = ("A", "B", "C")
EXTRA_CAVEATS: tuple[tuple[str, ...], ...] = ((), ("INFORMANT",), ("YOUTH",), ("RESTRICTED", "VICTIM_MINOR"))


def part_of(owner: str, record: str) -> tuple[str, ...]:
    """The caveats ``owner``'s part of ``record`` carries."""
    if record not in PROTECTED:
        return RECORDS[record]
    return part_caveats(RECORDS[record], RECORDS[record] if owner in PROTECTED[record] else ())


def _prov(owner: str, record: str) -> ProvenanceRow:
    return ProvenanceRow(owner=owner, record_key=record, agency=record[0], version="0000000001|", field="f", span_start=None,
                         span_end=None, extractor="test", extractor_version="1", confidence=1.0, caveats=part_of(owner, record),
                         when=f"2025-0{int(record[2])}-0{'ABC'.index(record[0]) + 1}")


def world() -> GraphData:
    data = GraphData()
    for eid, (kind, caption, recs, props) in ENTITIES.items():
        data.entities[eid] = EntityRow(id=eid, kind=kind, caption=caption, properties=dict(props),
                                       agencies=tuple(sorted({r[0] for r in recs})),
                                       caveats=tuple(sorted({c for r in recs for c in part_of(eid, r)})))
        data.provenance[eid] = [_prov(eid, r) for r in recs]
    for kind, s, t, recs in LINKS:
        lid = f"{kind}:{s}->{t}"
        data.links[lid] = LinkRow(id=lid, kind=kind, source=s, target=t, agencies=tuple(sorted({r[0] for r in recs})),
                                  caveats=tuple(sorted({c for r in recs for c in part_of(lid, r)})))
        data.provenance[lid] = [_prov(lid, r) for r in recs]
    for key, caveats in RECORDS.items():
        subjects = {"s1": next(e for k, s, t, rs in LINKS if k == "SUBJECT_OF" and t == f"record:{key}" for e in [s])}
        data.records[key] = RecordRow(key=key, agency=key[0], record_no=key[2:], version="0000000001|", entity_id=f"record:{key}",
                                      payload={"narrative": f"record {key}", "contacts": [{"name": "Reporting Parent"}],
                                               "subjects": [{"subject_id": "s1", "dob": "2011-04-02", "addresses": [{"city": "X"}],
                                                             "phones": ["+17055550101"]}]},
                                      subjects=subjects, mentions=[], caveats=caveats)
    return data


def viewers() -> list[Viewer]:
    out = [POLICY.viewer("admin", UserRole.ADMIN, None)]
    for role, agency, extra in product([r for r in UserRole if r is not UserRole.ADMIN], AGENCIES, EXTRA_CAVEATS):
        out.append(POLICY.viewer(f"{role.value}-{agency}-{'+'.join(extra) or 'none'}", role, agency, extra))
    return out


class Oracle:
    """What ``viewer`` may see, computed from the declarations above, not by any store."""

    def __init__(self, viewer: Viewer) -> None:
        v = viewer
        # A record hides with its hiding caveats; VICTIM_MINOR hides only its protected parts.
        self.records = {k for k, cav in RECORDS.items()
                        if v.all_access or (k[0] in v.agencies and set(cav) - {"VICTIM_MINOR"} <= v.clearances)}

        def seen(owner: str, record: str) -> bool:
            return record in self.records and (v.all_access or set(part_of(owner, record)) <= v.clearances)

        self._seen = seen
        self.entities = {e for e, (_, _, recs, _) in ENTITIES.items() if any(seen(e, r) for r in recs)}
        self.links = {f"{k}:{s}->{t}" for k, s, t, recs in LINKS
                      if any(seen(f"{k}:{s}->{t}", r) for r in recs) and s in self.entities and t in self.entities}
        self.adjacent: dict[str, set[str]] = {e: set() for e in self.entities}
        for k, s, t, _ in LINKS:
            if f"{k}:{s}->{t}" in self.links:
                self.adjacent[s].add(t)
                self.adjacent[t].add(s)
        self.provenance = sum(1 for e, (_, _, recs, _) in ENTITIES.items() for r in recs if seen(e, r)) + sum(
            1 for k, s, t, recs in LINKS for r in recs if seen(f"{k}:{s}->{t}", r) and f"{k}:{s}->{t}" in self.links)

    def within(self, start: str, depth: int) -> dict[str, int]:
        dist = {start: 0}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            if dist[node] == depth:
                continue
            for nxt in self.adjacent[node]:
                if nxt not in dist:
                    dist[nxt] = dist[node] + 1
                    queue.append(nxt)
        return dist

    def counts(self) -> dict[str, int]:
        return {"entities": len(self.entities), "links": len(self.links), "provenance": self.provenance,
                "records": len(self.records), "hubs": 0}
