"""Vetting rules: which parts of a disclosure are withheld or redacted, and why, proposed from labels.

The rules are declared here as data (code, legal basis, what they do) and applied by
:func:`propose`. Nothing is withheld silently: every proposal becomes a visible box with its
code in the package and a line in the schedule, and only a Crown user's confirmation makes a
proposal effective (a rejected proposal leaves the content in).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from models.records import Contact, Record, Subject
from models.vocabulary import Caveat, Role

VERSION = "1.0"


class Code(StrEnum):
    INFORMER = "INF"
    YOUNG_PERSON = "YCJA-110"
    YOUNG_VICTIM = "YCJA-111"
    S278 = "S278"
    NO_CONSENT = "NO-CONSENT"
    OTHER = "CROWN"


class Action(StrEnum):
    #: The whole record is held back; the package says that it was, and why.
    WITHHOLD = "withhold"
    #: Only a notice that the record exists (s. 278 regime).
    NOTICE = "notice"
    #: An identity is replaced by a pseudonym wherever it appears; identifying fields go.
    PSEUDONYMISE = "pseudonymise"
    #: A string is boxed out wherever it appears.
    REDACT = "redact"


@dataclass(frozen=True)
class RuleSpec:
    code: Code
    action: Action
    basis: str


RULES: dict[Code, RuleSpec] = {
    spec.code: spec
    for spec in (
        RuleSpec(Code.INFORMER, Action.WITHHOLD, "Informer privilege (R. v. Leipert, [1997] 1 SCR 281): anything that could identify "
                                                 "the informer is withheld"),
        RuleSpec(Code.YOUNG_PERSON, Action.PSEUDONYMISE, "Youth Criminal Justice Act s. 110: no publication of information that "
                                                         "would identify a young person dealt with under the Act"),
        RuleSpec(Code.YOUNG_VICTIM, Action.PSEUDONYMISE, "Youth Criminal Justice Act s. 111: no publication identifying a young "
                                                         "person as a victim or witness"),
        RuleSpec(Code.S278, Action.NOTICE, "Criminal Code ss. 278.1-278.91 (R. v. Mills): a complainant's records are produced only "
                                           "on application; notice of their existence is given"),
        RuleSpec(Code.NO_CONSENT, Action.WITHHOLD, "The originating agency has not consented to onward sharing of its records"),
        RuleSpec(Code.OTHER, Action.REDACT, "Redaction by Crown counsel (reason recorded)"),
    )
}

#: Offences whose complainants' other records fall under the s. 278 regime.
SEXUAL_OFFENCE_TYPES = frozenset({"HUMAN_TRAFFICKING", "SEXUAL_ASSAULT"})
#: Roles that make a person a complainant of the case.
COMPLAINANT_ROLES = frozenset({Role.VICTIM, Role.COMPLAINANT, Role.MISSING})


@dataclass(frozen=True)
class Proposal:
    id: str
    record_key: str
    code: Code
    action: Action
    #: For PSEUDONYMISE: the subject's id within the record; for REDACT: the exact text.
    target: str | None
    #: For PSEUDONYMISE: the pseudonym shown instead ("Young person Y1").
    replacement: str | None
    reason: str
    proposed_by: str
    #: Whom the replaced text names, for Crown counsel's review only (never in the package).
    about: str = ""


def _pid(*parts: str) -> str:
    return "r-" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


def _age(subject: Subject, on: date | None) -> int | None:
    if subject.dob and on:
        return on.year - subject.dob.year - ((on.month, on.day) < (subject.dob.month, subject.dob.day))
    if subject.birth_year_estimate and on:
        return on.year - subject.birth_year_estimate
    return None


def _name_forms(name: str | None, surname: str | None, given: str | None) -> list[str]:
    """Every form a person's name is written in: as given, both orders, and the surname and first given
    name alone (boxed where they stand alone, with an honorific: "Mr. Okonkwo-Bell", "Marcus also said").

    The name as written is read for itself ("SURNAME, Given" or "Given Surname") as well as the parts an
    adapter split it into: a part split wrongly ("OKONKWO-BELL," taken for a given name) must not leave
    the true surname unboxed."""
    pairs: list[tuple[str, str]] = []
    if name and "," in name:
        last, _, first = (x.strip() for x in name.partition(","))
        pairs.append((last, first))
    elif name and len(name.split()) > 1:
        pairs.append((name.split()[-1], " ".join(name.split()[:-1])))
    if surname or given:
        pairs.append(((surname or "").strip(" ,;"), (given or "").strip(" ,;")))
    forms: list[str | None] = [name]
    for last, first in pairs:
        forms += [first and last and f"{first} {last}", first and last and f"{last}, {first}", last, first.split()[0] if first else None]
    return [f for f in dict.fromkeys(forms) if f]


def _contact_name(contact: Contact) -> str:
    return contact.name or " ".join(x for x in (contact.given, contact.surname) if x) or "an unnamed contact"


def informer_strings(record: Record) -> list[str]:
    """What in an informer's record could identify the informer: the people who gave it (reporting
    contacts) in every form of their name, with their phones (matched in any format when applied)."""
    return list(_informer_strings(record))


def _informer_strings(record: Record) -> dict[str, str]:
    out: dict[str, str] = {}
    for contact in record.contacts:
        for x in [*_name_forms(contact.name, contact.surname, contact.given), *contact.phones]:
            out.setdefault(x.strip(), f"{_contact_name(contact)}, informer of {record.key}")
    return {s: who for s, who in out.items() if len(s) >= 2}


def identifying_strings(record: Record, subject: Subject) -> list[str]:
    """What identifies a young person beyond their name: their phones and street addresses, and their
    relatives' and reporting contacts' names and phones (a mother's name gives her child's)."""
    return list(_identifying_strings(record, subject))


def _identifying_strings(record: Record, subject: Subject) -> dict[str, str]:
    name = subject.full_name or subject.name_raw or subject.subject_id
    out: dict[str, str] = {}
    for x in [*subject.phones, *(a.line for a in subject.addresses if a.line)]:
        out.setdefault(x.strip(), f"{name} (their own phone or address)")
    for contact in record.contacts:
        for x in [*_name_forms(contact.name, contact.surname, contact.given), *contact.phones]:
            out.setdefault(x.strip(), f"{_contact_name(contact)}, {contact.relation or 'contact'} of {name}")
    return {s: who for s, who in out.items() if len(s) >= 2}


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _confidential_sources(records: Sequence[Record], confidential: Sequence[Record], rule_by: str) -> list[Proposal]:
    """Informers of records out of the package (a tip its Crown user may not see, or left out of
    scope) who are named in the records in it: boxed all the same. Informer privilege is the
    informer's, not the reader's: the proposal says a confidential source is named, never which
    record says so (that would tell an uncleared user the tip exists)."""
    held = {r.key for r in records}
    text = "\n".join(r.model_dump_json() for r in records).casefold()
    digits = _digits(text)
    out: dict[str, Proposal] = {}
    for record in sorted(confidential, key=lambda r: r.key):
        if record.key in held:
            continue
        for contact in record.contacts:
            forms = _name_forms(contact.name, contact.surname, contact.given)
            named = [f for f in forms if len(f) >= 3 and re.search(rf"(?<!\w){re.escape(f.casefold())}(?!\w)", text)]
            written = (contact.name or "").strip()
            surname = written.partition(",")[0].strip() if "," in written else (written.split()[-1] if written else contact.surname or "")
            if not any(" " in f.strip() or f.casefold() == surname.casefold() for f in named):
                named = []  # a given name alone is someone else's until the informer's full name or surname is there
            phones = [p for p in contact.phones if len(_digits(p)) >= 7 and _digits(p)[-10:] in digits]
            for x in [*named, *phones]:
                out.setdefault(x, Proposal(_pid("confidential", Code.INFORMER, x), "*", Code.INFORMER, Action.REDACT, x, None,
                                           "identifies a confidential source (informer privilege)", rule_by, "a confidential source"))
    return [out[k] for k in sorted(out)]


def propose(records: Sequence[Record], case: Record | None, consent: Mapping[str, bool], *,
            subject_entities: Mapping[str, Mapping[str, str]] | None = None, rule_by: str = f"rules/{VERSION}",
            confidential: Sequence[Record] = ()) -> list[Proposal]:
    """Every redaction the rules propose for these records (deterministic order and ids).

    ``subject_entities`` (record key -> subject id -> person entity) says who is who across
    records, so a complainant's other records are found whatever spelling they use.
    ``confidential``: informer records outside the package, whose informers are boxed wherever
    the package names them (:func:`_confidential_sources`)."""
    out: list[Proposal] = _confidential_sources(records, confidential, rule_by)
    resolved = subject_entities or {}
    complainants: set[str] = set()
    if case is not None and case.record_type.value in SEXUAL_OFFENCE_TYPES:
        own = resolved.get(case.key, {})
        complainants = {own.get(s.subject_id, f"{case.key}#{s.subject_id}") for s in case.subjects if s.role in COMPLAINANT_ROLES}
    pseudonyms: dict[tuple[str, str, str], str] = {}
    for record in sorted(records, key=lambda r: r.key):
        caveats = set(record.caveats)
        if not consent.get(record.agency, True):
            out.append(Proposal(_pid(record.key, Code.NO_CONSENT), record.key, Code.NO_CONSENT, Action.WITHHOLD, None, None,
                                f"{record.agency} has no recorded consent to onward sharing", rule_by))
            continue
        if Caveat.INFORMANT in caveats:
            out.append(Proposal(_pid(record.key, Code.INFORMER), record.key, Code.INFORMER, Action.WITHHOLD, None, None,
                                "the record carries the INFORMANT caveat", rule_by))
            for text, about in _informer_strings(record).items():
                out.append(Proposal(_pid(record.key, Code.INFORMER, text), "*", Code.INFORMER, Action.REDACT, text, None,
                                    f"identifies the informer of {record.key}", rule_by, about))
            continue
        if case is not None and record.key != case.key and record.record_type.value not in SEXUAL_OFFENCE_TYPES and any(
                entity in complainants for entity in resolved.get(record.key, {}).values()):
            out.append(Proposal(_pid(record.key, Code.S278), record.key, Code.S278, Action.NOTICE, None, None,
                                f"a record about a complainant of {case.key}, not a record of the offence", rule_by))
            continue
        on = record.opened.date() if isinstance(record.opened, datetime) else record.opened
        for subject in record.subjects:
            age = _age(subject, on)
            young = age is not None and age < 18
            # A youth file's subject of unknown age is treated as young (the caveat says someone in it is).
            if Caveat.YOUTH in caveats and (young or (age is None and subject.role is Role.SUSPECT)):
                code = Code.YOUNG_PERSON if subject.role is Role.SUSPECT else Code.YOUNG_VICTIM
            elif young and (Caveat.VICTIM_MINOR in caveats or Caveat.YOUTH in caveats or subject.role in COMPLAINANT_ROLES):
                code = Code.YOUNG_VICTIM
            else:
                continue
            who = ((subject.surname or "").casefold(), (subject.given or "").casefold(), str(subject.dob or subject.birth_year_estimate))
            if who not in pseudonyms:
                prefix = "Young person Y" if code is Code.YOUNG_PERSON else "Young victim V"
                pseudonyms[who] = f"{prefix}{sum(1 for p in pseudonyms.values() if p.startswith(prefix)) + 1}"
            out.append(Proposal(_pid(record.key, code, subject.subject_id), record.key, code, Action.PSEUDONYMISE, subject.subject_id,
                                pseudonyms[who], f"subject {subject.subject_id} is a young person ({age if age is not None else 'age unknown'})",
                                rule_by))
            for text, about in _identifying_strings(record, subject).items():
                out.append(Proposal(_pid(record.key, code, subject.subject_id, text), "*", code, Action.REDACT, text, None,
                                    f"identifies {pseudonyms[who]} (their contact details, or a relative's)", rule_by, about))
    return out
