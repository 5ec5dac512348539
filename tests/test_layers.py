"""The layering the packages keep: models/ is the kernel and imports none of the others; ingest/,
nlp/ and graph/ never import api/ (the composition root and the services live there). Read from
the source with ``ast`` (every import, at module level or inside a function), so a lazy import
that would hide a cycle counts too.

tools/ (the world generator and model training, absent from the wheel) may import every package;
none of the shipped packages imports it, except api/ inside a command (``caselink demo``), where
its absence is one line to the user rather than a failed import of the whole CLI."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
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


def _imported(nodes: Iterable[ast.AST]) -> set[str]:
    out: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            out |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out


def _imports(path: Path) -> set[str]:
    return _imported(ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))))


def _module_level(node: ast.AST) -> Iterator[ast.AST]:
    """The nodes run when the module is imported: everything but the bodies of functions (class
    bodies, ``if``/``try`` blocks at the top run at import)."""
    for child in ast.iter_child_nodes(node):
        if not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            yield child
            yield from _module_level(child)


def _module_level_imports(path: Path) -> set[str]:
    return _imported(_module_level(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))))


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


@pytest.mark.parametrize("package", PACKAGES)
def test_no_shipped_package_needs_tools_to_import(package: str) -> None:
    # api/ may import tools/ inside a function (a command that needs the generator); the others never do.
    read = _module_level_imports if package == "api" else _imports
    files = sorted((REPO / package).rglob("*.py"))
    assert files, f"no module found under {package}/"
    crossing = sorted(str(f.relative_to(REPO)) for f in files if "tools" in read(f))
    assert crossing == []


def test_tools_holds_the_generator_and_training() -> None:
    # The rule above is only worth something while tools/ exists and is what the packages would otherwise import.
    assert (REPO / "tools" / "synthetic" / "world.py").is_file()
    assert (REPO / "tools" / "training" / "matcher.py").is_file()
    assert not (REPO / "ingest" / "synthetic").exists()


def test_module_level_sees_a_top_import_and_not_a_lazy_one(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("import os\ntry:\n    from tools.synthetic import generate_world\nexcept ImportError:\n    pass\n"
                      "def f():\n    from api.runtime import ingest_and_link\n"
                      "class C:\n    from graph import build\n    def g(self):\n        import nlp\n", encoding="utf-8")
    assert _module_level_imports(module) == {"os", "tools", "graph"}
    assert _imports(module) == {"os", "tools", "graph", "api", "nlp"}
