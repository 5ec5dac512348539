"""Names in narratives: which known person a name (or an alias stated with a name) is, from the name alone."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from graph.aliases import stated_with
from graph.decided import DecidedAliases
from graph.resolve.persons import given_agreement, name_candidates, surname_agreement
from graph.resolve.types import PersonMention
from models.graph import Mention
from models.ids import name_only_id, subject_mention
from models.normalise import fold
from models.records import Record

#: One initial or several run together ("t.", "a.-l.", "d.m.-b."), as a folded name's word.
_INITIAL = re.compile(r"(?:-?\w\.)+")
#: A name alone joins a known person only with surname and given name agreeing (3.0 + 2.5, or typo-level).
NAME_ONLY_MIN = 4.5


def resolve_name(m: Mention, record: Record, name_index: dict[str, set[str]],
                 members_of: Mapping[str, list[PersonMention]]) -> str | None:
    """A name in a narrative: the one known person it fits best, else a person known only by that name.

    A narrative gives a name and nothing else, so it joins a known person only when the
    name agrees strongly (surname and given name) and no other person agrees as well.
    """
    tokens = (m.value or fold(m.text)).split()  # the value is the name without its title (Mr., Mme)
    if len(tokens) < 2 or all(_INITIAL.fullmatch(t) for t in tokens):
        # a first name alone that is not this record's subject, or a youth's initials ("T. K.", "A.-L. B."): kept as a
        # mention only, for two records' "T. K." are as likely two youths as one
        return None
    probe = PersonMention(key="", record_key=record.key, agency=record.agency, origin="narrative", role="MENTIONED",
                          name=m.text, surname=tokens[-1], given=tuple(tokens[:-1]))
    scores = sorted(
        ((max(surname_agreement(probe.surname, p.surname) + given_agreement(probe.given, p.given)
              for p in members_of[pid]), pid) for pid in name_candidates(probe, name_index)),
        reverse=True,
    )
    if scores and scores[0][0] >= NAME_ONLY_MIN and (len(scores) == 1 or scores[1][0] < scores[0][0]):
        return scores[0][1]
    return name_only_id(" ".join(tokens))


def stated_aliases(records: Sequence[Record], mentions: Mapping[str, Sequence[Mention]], person_of: Mapping[str, str],
                   name_index: dict[str, set[str]], members_of: Mapping[str, list[PersonMention]],
                   decided: DecidedAliases) -> tuple[dict[tuple[str, int, str], str], dict[str, str]]:
    """``(record key, alias start, folded alias) -> person id`` for every alias stated with a person
    (:mod:`graph.aliases`) and not vetoed by a decision; and each such person's name as first stated."""
    out: dict[tuple[str, int, str], str] = {}
    names: dict[str, str] = {}
    for record in records:
        for alias, person in stated_with(mentions.get(record.key, ()), record.narrative):
            pid = (person_of.get(subject_mention(record.key, person.subject_id)) if person.subject_id
                   else resolve_name(person, record, name_index, members_of))
            folded = alias.value or fold(alias.text)
            if pid is not None and not decided.vetoed(folded, pid):
                out[(record.key, alias.start, folded)] = pid
                names.setdefault(pid, person.text)
    return out, names
