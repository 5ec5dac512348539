"""Settings: the extraction worker count (validated, defaulted from the machine's cores)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from models.settings import Settings, default_extract_workers


@pytest.mark.parametrize(("cores", "workers"), [(None, 1), (0, 1), (1, 1), (2, 2), (4, 4), (64, 4)])
def test_the_default_worker_count_follows_the_cores(cores: int | None, workers: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: cores)
    assert default_extract_workers() == workers
    assert Settings().extract_workers == workers


@pytest.mark.parametrize("value", ["1", "2", "16"])
def test_the_worker_count_is_read_from_the_environment(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASELINK_EXTRACT_WORKERS", value)
    assert Settings().extract_workers == int(value)


@pytest.mark.parametrize("value", ["0", "-1", "65", "two"])
def test_a_bad_worker_count_is_refused(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASELINK_EXTRACT_WORKERS", value)
    with pytest.raises(ValidationError, match="extract_workers"):
        Settings()
