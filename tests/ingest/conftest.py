from __future__ import annotations

from pathlib import Path

import pytest

from ingest.outcomes import Summary
from ingest.service import ingest_paths
from models.settings import Settings


@pytest.fixture(scope="session")
def dev_ingest(dev_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Summary]:
    settings = Settings(store=tmp_path_factory.mktemp("dev-store"), env="test")
    return settings, ingest_paths(settings, [dev_dir])
