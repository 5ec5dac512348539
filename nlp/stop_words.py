"""English and French stop words: spaCy's own lists, read without importing spaCy's language packages.

Importing ``spacy.lang.fr`` builds the French tokenizer's exceptions, which costs about two seconds on a busy
two-core machine, and ``spacy`` itself half a second more. Every command of the CLI imports the pattern extractors
(the graph build reads their vocabularies), and most never tokenise a word: ``caselink show`` should not wait for
French. The lists are the same objects' contents, so nothing the extractors decide changes.
"""

from __future__ import annotations

from importlib.util import find_spec, module_from_spec, spec_from_file_location
from pathlib import Path


def _spacy_stop_words(lang: str) -> frozenset[str]:
    """``spacy.lang.<lang>.stop_words.STOP_WORDS``, executed from its file alone (it imports nothing)."""
    spacy = find_spec("spacy")
    if spacy is None or spacy.origin is None:
        raise ImportError("spaCy is not installed (a dependency of caselink: pip install -e .)")
    path = Path(spacy.origin).parent / "lang" / lang / "stop_words.py"
    spec = spec_from_file_location(f"nlp._spacy_stop_words_{lang}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"spaCy's {lang} stop words not found at {path}")
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    return frozenset(module.STOP_WORDS)


ENGLISH_STOP_WORDS = _spacy_stop_words("en")
FRENCH_STOP_WORDS = _spacy_stop_words("fr")
