"""The entry point: a narrative (and its record's subjects) in, mentions out.

One :class:`Extractor` per process: it loads each language's spaCy pipeline the first time a
narrative in that language comes, and keeps it. :meth:`Extractor.extract_many` is the path
for volume: it detects each narrative's language, runs ``nlp.pipe`` per language in batches,
and gives the results back in input order. Patterns run on every narrative whatever its
language (services mix English and French in one text), NER with the language's model.

Every mention's ``text`` is exactly ``narrative[start:end]``; overlapping spans are resolved
deterministically (:mod:`nlp.spans`); persons, aliases and handles are matched to the
record's own subjects (:mod:`nlp.persons`). No input makes it raise: hostile text (markup,
query strings, injection attempts) yields plain mentions or none.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import multiprocessing
import re
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from multiprocessing.pool import AsyncResult

import structlog

from models.graph import Mention
from models.normalise import fold
from models.records import Subject
from models.vocabulary import MentionKind
from nlp.language import LANGUAGES, resolve_language
from nlp.names import is_given_name
from nlp.patterns import find_all
from nlp.patterns.places import NOT_CITIES
from nlp.persons import AGE_IN_YEARS_AFTER, HANDOVER_BEFORE, NER_EXTRACTOR_NAME, SubjectIndex, find_persons, link_subjects
from nlp.persons import EXTRACTOR_VERSION as PERSONS_VERSION
from nlp.pipelines import MAX_CHARS, Pipelines
from nlp.spans import ExtractorId, Span, make_span, resolve_overlaps

__all__ = ["Extractor", "Item", "split_for_ner"]

log = structlog.get_logger(__name__)

#: ``(text, language hint or "auto", the record's subjects)``.
Item = tuple[str, str, Sequence[Subject]]

_PERSON_LABELS = frozenset({"PERSON", "PER"})
_PLACE_LABELS = frozenset({"GPE", "LOC"})
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_GENITIVE_BEFORE = re.compile(r"(?i)\bde[ \u00a0]+$")
#: A relative's (« la maman de Mai-Linh », « la sœur de Kiana »): whose relative, not where from; « la fille de Gatineau »,
#: « l'ami de Laval » are from there.
_RELATIVE_OF_BEFORE = re.compile(r"(?i)\b(?:m[eè]re|maman|p[eè]re|papa|s(?:œ|oe)ur|fr[eè]re|tante|oncle|"
                                 r"grand-m[eè]re|grand-p[eè]re|mamie|chum|blonde|ami|amie|cousine?|boss)"
                                 # « le chum à Max »: whose, in Québec French
                                 r"[ \u00a0]+(?:de|d['’]|à)[ \u00a0]*$")
#: Words said or written to someone (« dis à Mélodie », « écrit à Kiana »): a person follows « à », not a town.
_SAID_TO_BEFORE = re.compile(r"(?i)\b(?:dis|dit|dites|demande|demandé|écrit|écris|texte|texté|répondu|montré)[ \u00a0]+à[ \u00a0]*$")
_GIVEN_AND_SURNAME = re.compile(r"[^\W\d_][\w'’\-]*(?:[ \u00a0]+[^\W\d_][\w'’\-]*){1,2}")
#: A given name after a comma ("SURNAME, Given"): what follows a surname in a register's order.
_GIVEN_AFTER_COMMA = re.compile(r"[ \u00a0]*,[ \u00a0]*([A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?)(?![\w'’\-])")
_CAPS_SURNAME_AFTER = re.compile(r"(?:[ \u00a0]+[A-ZÀ-Ý][\w'’\-]*)*[ \u00a0]+[A-ZÀ-Ý][A-ZÀ-Ý'’\-]{2,}(?![\w'’\-])")
_LOCATIVE_BEFORE = re.compile(r"(?i)(?:\bin|\bà|\bacross|\bnear|\bdans|\bvers|\bfrom|\bde|\ben)[ \u00a0]+$")
NER_CITY_EXTRACTOR_NAME = "city.ner"
#: 1.1: a given name and a surname after « de » are a person (« la chambre de Brandon Dugas »), not a place.
# 1.2: no given name before a surname in capitals (« lié à Anthony LAROCHELLE »); 1.3: nor before a nickname and a surname
# 1.4: no line's end inside, and no colleague after a shift's handover (« Relève à Thi Hà »); 1.5: « le chum à Max »
NER_CITY_EXTRACTOR_VERSION = "1.5"
_HAS_LETTER = re.compile(r"[^\W\d_]")

Ents = list[tuple[int, int, str]]


def split_for_ner(text: str, limit: int = MAX_CHARS) -> list[tuple[int, str]]:
    """``text`` cut at white space into pieces of at most ``limit`` characters, with their offsets."""
    if len(text) <= limit:
        return [(0, text)]
    log.info("nlp.long_text_split", chars=len(text), limit=limit)
    pieces = []
    start = 0
    while start < len(text):
        end = min(len(text), start + limit)
        if end < len(text):
            cut = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
            end = cut + 1 if cut > start else end
        pieces.append((start, text[start:end]))
        start = end
    return pieces


class Extractor:
    """Mentions from narratives in English and French. Construct once; models load lazily."""

    def __init__(self, pipelines: Pipelines | None = None) -> None:
        self.pipelines = pipelines or Pipelines()
        self._ner_ids: dict[str, tuple[ExtractorId, ExtractorId]] = {}
        self._version: str | None = None

    @property
    def version(self) -> str:
        """One string that changes when any extractor's version or either model changes.

        For caches of extracted mentions: a record is re-extracted when this changes. Computed
        without loading a model.
        """
        if self._version is None:
            self._version = extraction_version(self.pipelines.packages)
        return self._version

    def language(self, text: str, lang: str = "auto") -> str:
        """The language a narrative is processed in: detected, with ``lang`` as the source's hint
        (see :func:`nlp.language.resolve_language`)."""
        return resolve_language(text, lang)

    def extract(self, text: str, *, lang: str = "auto", subjects: Sequence[Subject] = ()) -> list[Mention]:
        """Every mention in one narrative, in text order."""
        return next(self.extract_many([(text, lang, subjects)], batch_size=1))

    def extract_many(self, items: Iterable[Item], *, batch_size: int = 64, n_process: int = 1) -> Iterator[list[Mention]]:
        """Mentions for each ``(text, lang hint or "auto", subjects)``, in input order.

        Items are taken in chunks (so an endless stream is fine); within a chunk each language
        goes through its pipeline's ``nlp.pipe`` once, in batches of ``batch_size``. The
        language is detected, a declared ``"en"``/``"fr"`` serving as a hint (a record's
        ``language_hint``): clear evidence for the other language overrules it.

        With ``n_process > 1`` whole chunks are extracted in that many worker processes (each
        running ``nlp.pipe`` and everything after it), not only spaCy's part: spaCy's own
        ``n_process`` would leave the patterns, the names and the decoding of every ``Doc``
        to this process, which then becomes the bottleneck.
        """
        if n_process > 1:
            yield from self._parallel(items, batch_size=batch_size, n_process=n_process)
            return
        for chunk in _chunks(items, max(256, batch_size * 8)):
            for spans in self._chunk_spans(chunk, batch_size=batch_size):
                yield [span.to_mention() for span in spans]

    # -- internals ------------------------------------------------------------------------

    def _parallel(self, items: Iterable[Item], *, batch_size: int, n_process: int) -> Iterator[list[Mention]]:
        global _WORKER
        context = multiprocessing.get_context(worker_start_method())
        if context.get_start_method() == "fork":
            for lang in LANGUAGES:  # loaded once here, shared by the forked workers (copy-on-write)
                self.pipelines.get(lang)
            _WORKER = self
        pending: deque[AsyncResult[list[list[Span]]]] = deque()
        with context.Pool(n_process, initializer=_start_worker, initargs=(self.pipelines.packages,)) as pool:
            for chunk in _chunks(items, max(32, batch_size * 2)):
                pending.append(pool.apply_async(_work, (chunk, batch_size)))
                if len(pending) >= 2 * n_process:  # a bounded read-ahead: the input may be endless
                    for spans in pending.popleft().get():
                        yield [span.to_mention() for span in spans]
            while pending:
                for spans in pending.popleft().get():
                    yield [span.to_mention() for span in spans]

    def _chunk_spans(self, chunk: list[Item], *, batch_size: int) -> list[list[Span]]:
        langs = [self.language(text or "", hint) for text, hint, _ in chunk]
        ents: list[Ents] = [[] for _ in chunk]
        for lang in sorted(set(langs)):
            pieces = [(i, offset, piece) for i, ((text, _, _), item_lang) in enumerate(zip(chunk, langs, strict=True))
                      if item_lang == lang and text and _HAS_LETTER.search(text)
                      for offset, piece in split_for_ner(text)]
            if not pieces:
                continue
            nlp = self.pipelines.get(lang)
            # A lone surrogate (bytes no encoding could read, kept by the ledger as written) stops spaCy's tokenizer:
            # NER reads a stand-in of the same length, so its offsets are still the narrative's.
            docs = nlp.pipe((_LONE_SURROGATE.sub("\ufffd", piece) for _, _, piece in pieces), batch_size=batch_size)
            for (i, offset, _), doc in zip(pieces, docs, strict=True):
                ents[i].extend((offset + e.start_char, offset + e.end_char, e.label_) for e in doc.ents)
        return [self._spans(text or "", lang, item_ents, subjects)
                for (text, _, subjects), lang, item_ents in zip(chunk, langs, ents, strict=True)]

    def _ner_extractors(self, lang: str) -> tuple[ExtractorId, ExtractorId]:
        ids = self._ner_ids.get(lang)
        if ids is None:
            model = self.pipelines.model_id(lang)
            ids = (ExtractorId(NER_EXTRACTOR_NAME, f"{PERSONS_VERSION}+{model}"),
                   ExtractorId(NER_CITY_EXTRACTOR_NAME, f"{NER_CITY_EXTRACTOR_VERSION}+{model}"))
            self._ner_ids[lang] = ids
        return ids

    def _spans(self, text: str, lang: str, ents: Ents, subjects: Sequence[Subject]) -> list[Span]:
        if not text:
            return []
        index = SubjectIndex(subjects)
        found = find_all(text)
        if ents:
            person_id, city_id = self._ner_extractors(lang)
            found.extend(find_persons(text, ents=[(s, e) for s, e, label in ents if label in _PERSON_LABELS],
                                      subjects=index, ner_extractor=person_id, lang=lang))
            found.extend(_ner_cities(text, ents, city_id))
        else:
            found.extend(find_persons(text, subjects=index, lang=lang))
        return link_subjects(resolve_overlaps(found), index, text)


#: The version of the extraction as a whole (the way the pieces are put together).
EXTRACTION_VERSION = "1.0"


def extraction_version(packages: dict[str, tuple[str, ...]]) -> str:
    """``1.0+<digest>`` of every extractor's name and version and the installed model versions.

    The extractors are read from the modules of :data:`nlp.patterns.FINDERS` and :mod:`nlp.persons`
    (every :class:`~nlp.spans.ExtractorId` they declare), not listed by hand: a new or re-versioned
    extractor changes the version, so mentions cached under the old one are extracted again.
    """
    from nlp import patterns, persons

    ids = {f"{x.name}/{x.version}" for x in _declared_extractors((*(f.__module__ for f in patterns.FINDERS),
                                                                  persons.__name__))}
    ids |= {f"{persons.NER_EXTRACTOR_NAME}/{persons.EXTRACTOR_VERSION}", f"{NER_CITY_EXTRACTOR_NAME}/{NER_CITY_EXTRACTOR_VERSION}",
            f"finders/{len(patterns.FINDERS)}"}
    models = []
    for lang in sorted(packages):
        for package in packages[lang]:
            try:
                models.append(f"{lang}:{package}={importlib.metadata.version(package)}")
                break
            except importlib.metadata.PackageNotFoundError:
                continue
    digest = hashlib.sha256("|".join([*sorted(ids), *models]).encode()).hexdigest()[:12]
    return f"{EXTRACTION_VERSION}+{digest}"


def _declared_extractors(modules: Iterable[str]) -> set[ExtractorId]:
    """Every :class:`~nlp.spans.ExtractorId` at the top level of the named (imported) modules."""
    return {x for name in modules for x in vars(sys.modules[name]).values() if isinstance(x, ExtractorId)}


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def worker_start_method() -> str:
    """How extraction workers start. ``fork`` shares the models already loaded (copy-on-write), but a
    process with other threads (a Kafka client's, a web server's) may be forked while one of them holds
    a lock that no thread of the child will ever release: then ``forkserver`` (a clean single-threaded
    parent; each worker loads the models once), or ``spawn`` where neither exists."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


#: The extractor of a worker process (inherited when forked, else made by :func:`_start_worker`).
_WORKER: Extractor | None = None


def _start_worker(packages: dict[str, tuple[str, ...]]) -> None:
    global _WORKER
    if _WORKER is None:
        # A worker not forked from its parent starts with structlog's default (print to stdout); the
        # parent's stdout may carry a command's JSON answer, so a worker only ever writes warnings, to stderr.
        structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING),
                            logger_factory=structlog.PrintLoggerFactory(sys.stderr))
        _WORKER = Extractor(Pipelines(packages))


def _work(chunk: list[Item], batch_size: int) -> list[list[Span]]:
    if _WORKER is None:
        raise RuntimeError("extraction worker not started")
    return _WORKER._chunk_spans(chunk, batch_size=batch_size)


#: A nickname in quotes or parentheses, then a capitalised word: what follows a given name, never a town.
_NICKNAME_THEN_NAME = re.compile(r"[ \u00a0]+[«\"“(][^»\"”)\n]{1,20}[»\"”)][ \u00a0]+[A-ZÀ-Ý]")


def _ner_cities(text: str, ents: Ents, extractor: ExtractorId) -> list[Span]:
    """Places NER found right after ``in``/``à``/``near``...: towns, in this prose."""
    found = []
    for start, end, label in ents:
        if label not in _PLACE_LABELS or not _LOCATIVE_BEFORE.search(text, max(0, start - 12), start):
            continue
        name = text[start:end]
        if fold(name) in NOT_CITIES or not name[:1].isupper() or any(ch.isdigit() for ch in name) or "\n" in name:
            # a line's end inside ("LIGNE\nAnalyste : Thuy-Linh Phan"): a heading and a label, no town
            continue
        if (_RELATIVE_OF_BEFORE.search(text, max(0, start - 30), start) or AGE_IN_YEARS_AFTER.match(text, end)
                or _SAID_TO_BEFORE.search(text, max(0, start - 20), start) or HANDOVER_BEFORE.search(text, max(0, start - 20), start)):
            continue  # « c la maman de Mai-Linh »: whose mother, not where; « de Shanipiap St-Onge (15 ans »: a town has no age
        if _GENITIVE_BEFORE.search(text, max(0, start - 4), start) and _GIVEN_AND_SURNAME.fullmatch(name) \
                and is_given_name(name.split()[0]):
            continue  # « la chambre de Brandon Dugas »: someone's, not a place
        if is_given_name(name.split()[0]) and not name.isupper() and _CAPS_SURNAME_AFTER.match(text, end):
            continue  # « lié à Anthony LAROCHELLE-DUMAIS »: a given name before a surname in capitals is a person's
        if _NICKNAME_THEN_NAME.match(text, end):
            continue  # « attribué à Wilfried « Willy » SAINT-LOUIS »: a given name, its nickname and its surname
        given_after = _GIVEN_AFTER_COMMA.match(text, end)
        if name.isupper() and given_after is not None and is_given_name(given_after.group(1)):
            continue  # « associés à TREMBLAY-MOÏSE, Kevin »: a surname in capitals, then its given name
        found.append(make_span(text, start, end, MentionKind.CITY, extractor, value=fold(name), confidence=0.6))
    return found
