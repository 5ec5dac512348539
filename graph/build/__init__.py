"""Records and their mentions become the graph: entities, links, provenance and labels.

Deterministic keys for phones (E.164), plates, e-mails, handles, addresses and places
(normalised name *and* city: two Northern Star Motels in two cities are two places), in the id
forms their kinds declare (:mod:`models.ids`). Persons are resolved by a
:class:`~graph.resolve.persons.PersonResolver` (the learned matcher of :mod:`graph.resolve.learned`
by default, the deterministic rules as a named alternative) and every merge keeps its features and
score. Values shared by very many unrelated people (a group home's phone, a busy motel) are marked
as hubs: they neither merge people nor carry traversals.

One module per job:

- :mod:`~graph.build.mentions`: person mentions from records' structured fields;
- :mod:`~graph.build.hubs`: which shared values are hubs, as each kind's hub rule declares;
- :mod:`~graph.build.names`: which known person a name in a narrative is;
- :mod:`~graph.build.merges`: the joins and the review queue as typed rows;
- :mod:`~graph.build.protection`: what of a record belongs to a protected person;
- :mod:`~graph.build.emit`: entities, links, facets and provenance;
- :mod:`~graph.build.tape`: each record's emission kept between builds, the graph folded from them owner by owner;
- :mod:`~graph.build.builder`: the build, putting them in order.
"""

from graph.build.builder import GraphBuilder
from graph.build.hubs import HUB_RULE, MENTION_VALUES, value_hubs
from graph.build.mentions import address_key, narrative_addresses, structured_mentions
from models.ids import mention_key, person_id, record_id

__all__ = ["HUB_RULE", "MENTION_VALUES", "GraphBuilder", "address_key", "mention_key", "narrative_addresses", "person_id",
           "record_id", "structured_mentions", "value_hubs"]
