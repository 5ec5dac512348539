"""The layering the packages keep: models/ is the kernel and imports none of the others; ingest/,
nlp/ and graph/ never import api/ (the composition root and the services live there); no module imports
itself round a cycle (the cycle is named, so the report says which import to cut). Read from
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


def _module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports_run(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Every import that runs, at module level or inside a function (a lazy import only hides a cycle),
    but not those under ``if TYPE_CHECKING:``, which never run."""
    skipped = {id(inner) for node in ast.walk(tree) if isinstance(node, ast.If) and _is_type_checking(node)
               for inner in ast.walk(node)}
    return [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in skipped]


def import_graph(root: Path, packages: tuple[str, ...]) -> dict[str, set[str]]:
    """module -> the modules of ``packages`` it imports (``from pkg import sub`` names the submodule when
    ``sub`` is one)."""
    modules = {_module_name(root, f): f for p in packages for f in sorted((root / p).rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in _imports_run(tree):
            if isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
                continue
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                targets.add(sub if sub in modules else base)
        # Importing ``a.b.c`` runs the packages ``a`` and ``a.b`` first (their ``__init__``), unless the
        # importing module is inside them (then they are already running).
        parents = {".".join(t.split(".")[:i]) for t in targets for i in range(1, t.count(".") + 1)}
        targets |= {p for p in parents if not name.startswith(f"{p}.")}
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (Tarjan), as a path that ends
    where it starts, so the report names the imports to cut."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component: set[str] = set()
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.add(top)
                if top == node:
                    break
            if len(component) > 1:
                components.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_cycle_in(graph, component) for component in components]


def _cycle_in(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """The shortest cycle through the component's first module (breadth-first back to it)."""
    start = min(component)
    paths: dict[str, list[str]] = {start: [start]}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for node in frontier:
            for nxt in sorted(graph[node] & component):
                if nxt == start:
                    return [*paths[node], start]
                if nxt not in paths:
                    paths[nxt] = [*paths[node], nxt]
                    following.append(nxt)
        frontier = following
    raise AssertionError(f"no cycle through {start} in {sorted(component)}")


def test_no_import_cycles_between_modules() -> None:
    cycles = [" -> ".join(cycle) for cycle in import_cycles(import_graph(REPO, PACKAGES))]
    assert cycles == []


def test_the_cycle_check_sees_a_cycle(tmp_path: Path) -> None:
    """Absolute, relative and lazy imports make edges, and so does the package a module is imported from
    (its ``__init__`` runs first); an import under ``if TYPE_CHECKING:`` does not."""
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    sources = {
        "__init__": "",
        "a": "from pkg import b\n",
        "b": "from .c import f\n",
        "c": "def f():\n    import pkg.sub.g\n",
        "sub/__init__": "from pkg import a\n",
        "sub/g": "",
        "d": "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from pkg.e import x\n",
        "e": "from pkg.d import y\n",
    }
    for name, text in sources.items():
        (tmp_path / "pkg" / f"{name}.py").write_text(text, encoding="utf-8")
    assert import_cycles(import_graph(tmp_path, ("pkg",))) == [["pkg.a", "pkg.b", "pkg.c", "pkg.sub", "pkg.a"]]


def private_imports(root: Path, packages: tuple[str, ...]) -> list[str]:
    """``from module import _name``: a name its module keeps to itself, used from outside it."""
    return sorted(f"{path.relative_to(root)}:{node.lineno} imports {node.module}.{alias.name}"
                  for package in packages for path in sorted((root / package).rglob("*.py"))
                  for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
                  if isinstance(node, ast.ImportFrom)
                  for alias in node.names if alias.name.startswith("_") and not alias.name.startswith("__"))


def test_no_module_imports_another_ones_private_name() -> None:
    assert private_imports(REPO, (*PACKAGES, "tests")) == []


def test_the_private_check_sees_one(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "m.py").write_text("from pkg.n import _run, __version__, public\n", encoding="utf-8")
    assert private_imports(tmp_path, ("pkg",)) == ["pkg/m.py:1 imports pkg.n._run"]
