"""Person mentions from a record's structured fields: its subjects and named reporting contacts, with
the keys (phones, addresses, handles, plates, postcodes...) person resolution compares."""

from __future__ import annotations

from graph.resolve.types import PersonMention
from models.ids import contact_mention, subject_mention
from models.normalise import fold, handle_key, phone_e164, plate_key, postal_code_key
from models.records import Address, Record
from nlp.patterns import residence


def address_key(addr: Address) -> str | None:
    if not addr.line:
        return None
    return f"{fold(addr.line)}|{fold(addr.city or '')}"


def _given_tokens(given: str | None) -> tuple[str, ...]:
    return tuple(fold(given).split()) if given else ()


def _sex(raw: str | None) -> str | None:
    if not raw:
        return None
    first = raw.strip().upper()[:1]
    return first if first in {"M", "F", "X"} else None


def _postcode(raw: str | None) -> str | None:
    """A postal code as a matching key: Canadian ones normalised (``K1K 1Y6``), others squashed upper-case."""
    if not raw or not raw.strip():
        return None
    return postal_code_key(raw) or "".join(ch for ch in raw.upper() if ch.isalnum()) or None


def _narrative_emails(record: Record) -> frozenset[str]:
    """E-mail addresses in the narrative of a record about one subject: that subject's (a report's
    "her e-mail is ..."); with several subjects nothing says whose, so none."""
    if len(record.subjects) != 1 or "@" not in record.narrative:
        return frozenset()
    from nlp.patterns import emails

    return frozenset(str(s.value) for s in emails.find(record.narrative) if s.value)


def narrative_addresses(record: Record) -> tuple[Address, ...]:
    """Addresses the narrative of a record about one subject states as where that subject lives or went
    missing from (:mod:`nlp.patterns.residence`): that subject's, compared like a structured address (a
    format with no address column writes it only there). With several subjects nothing says whose, so none."""
    if len(record.subjects) != 1 or not record.narrative:
        return ()
    return tuple(a for a in residence.subject_addresses(record.narrative) if a not in record.subjects[0].addresses)


def structured_mentions(record: Record, told: tuple[Address, ...] | None = None) -> list[PersonMention]:
    """The person mentions a record's structured fields make: its subjects and named reporting contacts.
    ``told``: :func:`narrative_addresses` of the record, when the caller has them already."""
    out = []
    plates = frozenset(p for p in (plate_key(v.plate or "") for v in record.vehicles) if p)
    narrative_emails = _narrative_emails(record)
    # A one-subject report's last-seen city is that subject's (with several, nothing says whose).
    places = frozenset(fold(loc.city) for loc in record.locations
                       if len(record.subjects) == 1 and loc.type == "LAST_SEEN" and loc.city and loc.city.strip())
    told = narrative_addresses(record) if told is None else told
    for s in record.subjects:
        addrs = s.addresses + told  # ``told`` is empty unless ``s`` is the record's one subject
        out.append(PersonMention(
            key=subject_mention(record.key, s.subject_id), record_key=record.key, agency=record.agency, origin="subject",
            role=s.role.value, name=s.full_name, surname=fold(s.surname or ""), given=_given_tokens(s.given),
            dob=s.dob, birth_year=s.birth_year_estimate, sex=_sex(s.sex),
            phones=frozenset(p for p in (phone_e164(x) for x in s.phones) if p),
            addresses=frozenset(a for a in (address_key(x) for x in addrs) if a),
            handles=frozenset(handle_key(h.handle, h.platform) for h in s.handles),
            aliases=frozenset(fold(a) for a in s.aliases), subject_id=s.subject_id, plates=plates,
            postcodes=frozenset(p for p in (_postcode(x.postal) for x in addrs) if p),
            cities=frozenset(fold(x.city) for x in addrs if x.city and x.city.strip()),
            streets=frozenset(fold(x.line) for x in addrs if x.line and x.line.strip()),
            emails=narrative_emails, places=places))
    for i, c in enumerate(record.contacts):
        if not (c.surname or c.given):
            continue
        out.append(PersonMention(
            key=contact_mention(record.key, i), record_key=record.key, agency=record.agency, origin="contact",
            role="REPORTING_CONTACT", name=c.name or "", surname=fold(c.surname or ""), given=_given_tokens(c.given),
            phones=frozenset(p for p in (phone_e164(x) for x in c.phones) if p)))
    return out
