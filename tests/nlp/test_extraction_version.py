"""The extraction version follows every declared extractor, so a cache keyed by it cannot outlive one."""

from __future__ import annotations

import pytest

from nlp import persons
from nlp.extract import extraction_version
from nlp.patterns import addresses
from nlp.spans import ExtractorId


@pytest.mark.parametrize(("module", "attr"), [(persons, "CUE_EXTRACTOR"), (addresses, "POSTAL_EXTRACTOR")])
def test_a_re_versioned_extractor_changes_the_version(module: object, attr: str, monkeypatch: pytest.MonkeyPatch) -> None:
    before = extraction_version({})
    old = getattr(module, attr)
    monkeypatch.setattr(module, attr, ExtractorId(old.name, old.version + ".1"))
    assert extraction_version({}) != before


def test_the_version_is_stable() -> None:
    assert extraction_version({}) == extraction_version({})
