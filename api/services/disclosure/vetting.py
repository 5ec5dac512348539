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
    REPORTING_CONTACT = "RPT-CONTACT"
    VICTIM_PRIVACY = "VICTIM-PRIV"
    THIRD_PARTY = "THIRD-PARTY"
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
        RuleSpec(Code.REPORTING_CONTACT, Action.REDACT, "Privacy of the person who reported (R. v. Stinchcombe, [1991] 3 SCR 326: "
                                                        "the Crown need not disclose what is clearly irrelevant; Canadian Victims "
                                                        "Bill of Rights s. 11 where they are a victim's relative): the reporting "
                                                        "contact's name and phones are redacted"),
        RuleSpec(Code.VICTIM_PRIVACY, Action.REDACT, "Canadian Victims Bill of Rights, S.C. 2015, c. 13, s. 11, and Criminal Code "
                                                     "s. 486.31: a victim's phones, street addresses and e-mail addresses, and "
                                                     "their relatives' names, are not disclosed"),
        RuleSpec(Code.THIRD_PARTY, Action.REDACT, "Privacy of third parties (R. v. Stinchcombe; R. v. McNeil, 2009 SCC 3): the "
                                                  "phones, street addresses and e-mail addresses of persons who are neither "
                                                  "accused nor victim are irrelevant to the defence and are redacted (the "
                                                  "person stays named)"),
        RuleSpec(Code.OTHER, Action.REDACT, "Redaction by Crown counsel (reason recorded)"),
    )
}

#: Offences whose complainants' other records fall under the s. 278 regime.
SEXUAL_OFFENCE_TYPES = frozenset({"HUMAN_TRAFFICKING", "SEXUAL_ASSAULT"})
#: Roles that make a person a complainant of the case.
COMPLAINANT_ROLES = frozenset({Role.VICTIM, Role.COMPLAINANT, Role.MISSING})
#: Roles on the accused's side: their own details stay in the package (they are the defence's client,
#: or the co-accused and ring members whose phones are the evidence).
ACCUSED_ROLES = frozenset({Role.SUSPECT, Role.ASSOCIATE})
#: Roles of persons who are neither accused nor victim.
THIRD_PARTY_ROLES = frozenset({Role.WITNESS, Role.REPORTING_CONTACT, Role.MENTIONED})


@dataclass(frozen=True)
class PersonRule:
    """Redaction by *who*: which persons of a record a rule is about, and which of their details it
    proposes. Each detail becomes one proposal per record, applied to that person (their name forms and
    resolved mentions, their phone in any format), never to a word wherever it is written."""

    code: Code
    #: Subject roles the rule is about; ``contacts`` for the record's reporting contacts.
    roles: frozenset[Role]
    contacts: bool
    #: What it proposes: every form of the person's name, their phones, street addresses, e-mail addresses.
    names: bool
    phones: bool
    addresses: bool
    emails: bool
    #: How the person is described in the proposal's reason ("a victim", "a third party (witness)").
    said: str


#: The rules by who, in order: a detail proposed by an earlier rule (or by the informer and young-person
#: rules) is not proposed again. A victim's relatives are the reporting contacts of the victim's record:
#: their names come under the reporting-contact rule, whose reason says whose relative they are.
PERSON_RULES: tuple[PersonRule, ...] = (
    PersonRule(Code.REPORTING_CONTACT, frozenset(), contacts=True, names=True, phones=True, addresses=False, emails=False,
               said="the reporting contact"),
    PersonRule(Code.VICTIM_PRIVACY, COMPLAINANT_ROLES, contacts=False, names=False, phones=True, addresses=True, emails=True,
               said="a victim"),
    PersonRule(Code.THIRD_PARTY, THIRD_PARTY_ROLES, contacts=False, names=False, phones=True, addresses=True, emails=True,
               said="a third party"),
)


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
    #: For a by-who name proposal: the field of ``record_key`` that holds the person (``contacts[0]``,
    #: ``subjects[S3]``), so their resolved mentions in every record of the package are boxed too.
    person: str = ""


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


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")


def _said(text: str) -> str:
    """A detail as compared for duplicates: a phone by its last ten digits, anything else case-folded."""
    digits = _digits(text)
    return digits[-10:] if len(digits) >= 7 and not re.search(r"[A-Za-z]", text) else text.strip().casefold()


def _by_who(records: Sequence[Record], every: Sequence[Record], rule_by: str, taken: set[str]) -> list[Proposal]:
    """The :data:`PERSON_RULES` over the records disclosed: for each person they are about, one proposal
    per detail (name form, phone, street address, e-mail), in the record that holds the person.

    ``every`` is the whole scope: a phone or street address an accused holds anywhere in it, and a
    reporting contact who is an accused, are never proposed (the accused's own details stay). ``taken``:
    the details other rules (informer, young person) already propose, not proposed twice."""
    accused = [s for r in every for s in r.subjects if s.role in ACCUSED_ROLES]
    kept = {_said(x) for s in accused for x in (*s.phones, *(a.line for a in s.addresses if a.line))}
    accused_names = {n.casefold() for s in accused for n in _name_forms(s.name_raw, s.surname, s.given) if " " in n.strip()}
    out: list[Proposal] = []
    for record in sorted(records, key=lambda r: r.key):
        victims = [s for s in record.subjects if s.role in COMPLAINANT_ROLES]
        for rule in PERSON_RULES:
            people: list[tuple[str, str, str, list[str], list[str], list[str], list[str]]] = []
            if rule.contacts:
                for i, c in enumerate(record.contacts):
                    forms = _name_forms(c.name, c.surname, c.given)
                    if any(f.casefold() in accused_names for f in forms):
                        continue  # the accused reported: their own details stay
                    others = {w.casefold() for s in record.subjects for w in re.split(r"[\s,]+", f"{s.given or ''} {s.surname or ''} "
                                                                                     f"{s.name_raw or ''}") if w}
                    forms = [f for f in forms if " " in f.strip() or "," in f or f.casefold() not in others]
                    relation = f" ({c.relation})" if c.relation else ""
                    whose = ", a victim's relative" if victims and c.relation else ""
                    people.append((f"contacts[{i}]", f"{_contact_name(c)}, reporting contact{relation} of {record.key}",
                                   f"the reporting contact{relation} of {record.key}{whose}", forms, list(c.phones), [], []))
            for s in record.subjects:
                if s.role not in rule.roles:
                    continue
                name = s.full_name or s.name_raw or s.subject_id
                role = s.role.value.lower().replace("_", " ")
                people.append((f"subjects[{s.subject_id}]", f"{name} ({role}, subject {s.subject_id} of {record.key})",
                               f"{rule.said} ({role}, subject {s.subject_id}) of {record.key}", [], list(s.phones),
                               [a.line for a in s.addresses if a.line], [h.handle for h in s.handles if _EMAIL.fullmatch(h.handle.strip())]))
            for where, about, whose, names, phones, addresses, emails in people:
                details = [(x, "name", where) for x in (names if rule.names else [])]
                details += [(x, "phone", "") for x in (phones if rule.phones else []) if len(_digits(x)) >= 7]
                details += [(x, "street address", "") for x in (addresses if rule.addresses else [])]
                details += [(x, "e-mail address", "") for x in (emails if rule.emails else [])]
                for text, what, person in details:
                    text = text.strip()
                    key = _said(text)
                    # A phone is boxed in any format wherever the package writes it: proposed once. Anything
                    # else is boxed in its own record only: proposed once per record.
                    here = key if what == "phone" else f"{record.key}|{key}"
                    if len(text) < 2 or key in taken or here in taken or (what != "name" and key in kept):
                        continue
                    taken.add(here)
                    out.append(Proposal(_pid(record.key, rule.code, where, text), record.key, rule.code, Action.REDACT, text, None,
                                        f"the {what} of {whose}", rule_by, about, person))
    return out


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
    the package names them (:func:`_confidential_sources`). Every record disclosed (not withheld)
    then goes through the rules by who (:data:`PERSON_RULES`, :func:`_by_who`)."""
    out: list[Proposal] = _confidential_sources(records, confidential, rule_by)
    resolved = subject_entities or {}
    complainants: set[str] = set()
    if case is not None and case.record_type.value in SEXUAL_OFFENCE_TYPES:
        own = resolved.get(case.key, {})
        complainants = {own.get(s.subject_id, f"{case.key}#{s.subject_id}") for s in case.subjects if s.role in COMPLAINANT_ROLES}
    pseudonyms: dict[tuple[str, str, str], str] = {}
    disclosed: list[Record] = []
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
        disclosed.append(record)
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
    taken = {_said(p.target) for p in out if p.action is Action.REDACT and p.target}
    return out + _by_who(disclosed, records, rule_by, taken)
