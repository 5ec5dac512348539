"""The layering the packages keep: models/ is the kernel and imports none of the others; ingest/,
nlp/ and graph/ never import api/ (the composition root and the services live there). Read from
the source with ``ast`` (every import, at module level or inside a function), so a lazy import
that would hide a cycle counts too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("models", "ingest", "nlp", "graph", "api")
#: package -> the packages it must never import
FORBIDDEN = {
    "models": {"ingest", "nlp", "graph", "api"},
    "ingest": {"api"},
    "nlp": {"api"},
    "graph": {"api"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_package_imports_only_what_its_layer_allows(package: str) -> None:
    files = sorted((REPO / package).rglob("*.py"))
    assert files, f"no module found under {package}/"
    crossing = sorted(f"{f.relative_to(REPO)} imports {name}" for f in files for name in _imports(f) & FORBIDDEN[package])
    assert crossing == []


def test_the_check_sees_a_crossing(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from api.runtime import ingest_and_link\n", encoding="utf-8")
    assert "api" in _imports(module)
