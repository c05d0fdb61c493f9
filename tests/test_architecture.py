"""The layering of the package, read from the source: every module's imports (module level
and inside functions alike, except under ``if TYPE_CHECKING:``) as a graph.

The contracts sit at the bottom: ``model/`` and ``query/`` need nothing of cablescope above
them, ``store/`` needs only those and ``errors.py``, and no module reaches itself again
through its imports.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "cablescope"


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _modules() -> dict[str, Path]:
    return {_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_only(tree: ast.Module) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(inner) for stmt in node.body for inner in ast.walk(stmt))
    return skipped


def _imported(name: str, path: Path) -> Iterator[str]:
    """What ``name`` imports: a cablescope module by its most specific name (``from
    cablescope.store import _scan`` is ``cablescope.store._scan``, ``from cablescope.store
    import open`` is ``cablescope.store``), anything else by its top-level name."""
    modules = _modules()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_only(tree)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name if alias.name in modules else alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package[: len(package) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            if not base.startswith("cablescope"):
                yield base.split(".")[0]
                continue
            for alias in node.names:
                full = f"{base}.{alias.name}"
                yield full if full in modules else base


@cache
def _graph() -> dict[str, frozenset[str]]:
    return {name: frozenset(_imported(name, path)) for name, path in _modules().items()}


def _ours(imports: frozenset[str]) -> set[str]:
    return {m for m in imports if m == "cablescope" or m.startswith("cablescope.")}


def _in(module: str, *layers: str) -> bool:
    return any(module == f"cablescope.{layer}" or module.startswith(f"cablescope.{layer}.") for layer in layers)


def _reaching_outside(layer: str, allowed: tuple[str, ...]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, imports in _graph().items():
        if _in(name, layer):
            outside = sorted(m for m in _ours(imports) if not _in(m, layer, *allowed))
            if outside:
                found[name] = outside
    return found


def test_the_graph_sees_the_imports() -> None:
    graph = _graph()
    assert "cablescope.query.tree" in graph["cablescope.query.parser"]
    assert "cablescope.store._scan" in graph["cablescope.store.memory"]
    assert "sqlite3" in graph["cablescope.store.sqlite"]


def test_store_imports_only_model_query_and_errors() -> None:
    assert _reaching_outside("store", ("model", "query", "errors")) == {}


def test_model_and_query_import_nothing_above_them() -> None:
    assert _reaching_outside("model", ("errors",)) == {}
    assert _reaching_outside("query", ("errors",)) == {}
    assert _reaching_outside("errors", ()) == {}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for after in sorted(graph[node]):
            if after not in index:
                visit(after)
                low[node] = min(low[node], low[after])
            elif after in on_stack:
                low[node] = min(low[node], index[after])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_cycles_are_found() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles() -> None:
    graph = {name: _ours(imports) & _graph().keys() for name, imports in _graph().items()}
    assert _cycles(graph) == []


CONCRETE = {"SqliteStore", "MemoryStore", "PostgresStore", "SqliteReaders"}
ENGINES = ("cablescope.store.sqlite", "cablescope.store.memory", "cablescope.store.postgres")


def _names_from_store(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("cablescope.store")
        for alias in node.names
    }


def test_only_the_store_knows_its_engines() -> None:
    found: dict[str, list[str]] = {}
    for name, imports in _graph().items():
        if _in(name, "store"):
            continue
        engines = sorted(m for m in imports if m == "sqlite3" or m.startswith(ENGINES))
        concrete = sorted(_names_from_store(_modules()[name]) & CONCRETE)
        if engines or concrete:
            found[name] = engines + concrete
    assert found == {}
