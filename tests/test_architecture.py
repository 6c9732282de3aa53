"""The floors of ARCHITECTURE.md, checked on every import of every module.

Every ``import``/``from … import`` in the package counts, inside functions too (the lazy
imports that keep start-up fast are still dependencies); only ``if TYPE_CHECKING:``
blocks are left out, since they never run. The test fails on an import circle between
modules, on the migration engine importing anything it must receive as a callable, and
on any engine importing the use cases, the CLI or the renderers.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "supatools"

#: the floors above the engines: only the CLI and the command layer may import them
UPPER = ("supatools.cli", "supatools.cli_", "supatools.commands", "supatools.render")
#: what the migration engine must take as callables instead of importing
NOT_IN_MIGRATIONS = (
    "supatools.rls",
    "supatools.preflight",
    "supatools.lint",
    "supatools.local",
    "supatools.backup",
    *UPPER,
)
#: the engine packages and modules: nothing here imports a floor above it
ENGINES = (
    "supatools.migrations",
    "supatools.rls",
    "supatools.preflight",
    "supatools.lint",
    "supatools.local",
    "supatools.backup",
    "supatools.drift",
    "supatools.db",
    "supatools.settings",
    "supatools.workdir",
    "supatools.errors",
    "supatools.redact",
    "supatools.levels",
    "supatools.locks",
    "supatools.api",
    "supatools.privileges",
    "supatools.schemas",
    "supatools.era",
    "supatools.children",
    "supatools.settings_file",
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import node, at any depth, outside ``if TYPE_CHECKING:`` bodies."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _type_checking(node.test):
            for branch in node.orelse:
                yield from _imports(branch)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        yield from _imports(node)


def _target(name: str) -> str | None:
    """The package module ``name`` resolves to (the longest known prefix)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(name: str) -> set[str]:
    """The package's modules that module ``name`` imports."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    found: set[str] = set()
    here = name if is_package(name) else name.rpartition(".")[0]
    for node in _imports(tree):
        if isinstance(node, ast.Import):
            bases = [alias.name for alias in node.names]
            found.update(t for t in map(_target, bases) if t)
            continue
        if node.level:
            anchor = here.split(".")[: len(here.split(".")) - (node.level - 1)]
            base = ".".join([*anchor, *([node.module] if node.module else [])])
        else:
            base = node.module or ""
        if not base.startswith("supatools"):
            continue
        for alias in node.names:
            sub = f"{base}.{alias.name}"
            if sub in MODULES:
                found.add(sub)  # `from pkg import submodule`: the submodule
            else:
                target = _target(base)
                if target:
                    found.add(target)
    found.discard(name)
    return found


GRAPH = {name: imports_of(name) for name in MODULES}


def _under(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") or name.startswith(p) for p in prefixes)


def test_the_walk_sees_lazy_imports_and_skips_type_checking() -> None:
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import supatools.cli\n"
        "def f():\n    from supatools import db\n"
    )
    names = [getattr(n, "module", None) or n.names[0].name for n in _imports(tree)]
    assert names == ["typing", "supatools"]


def test_no_import_circle() -> None:
    # Tarjan's strongly connected components: any component of two or more is a circle
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(GRAPH[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for name in sorted(GRAPH):
        if name not in index:
            visit(name)
    assert circles == []


@pytest.mark.parametrize("name", sorted(n for n in MODULES if _under(n, ("supatools.migrations",))))
def test_the_migration_engine_takes_gates_as_callables(name: str) -> None:
    wrong = sorted(t for t in GRAPH[name] if _under(t, NOT_IN_MIGRATIONS))
    assert wrong == [], f"{name} imports {wrong}"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if _under(n, ENGINES)))
def test_engines_never_import_the_floors_above(name: str) -> None:
    wrong = sorted(t for t in GRAPH[name] if _under(t, UPPER))
    assert wrong == [], f"{name} imports {wrong}"


def test_the_rules_catch_a_violation() -> None:
    # the checks above are only worth something if they can fail: the CLI imports the
    # command layer, so were it an engine, the rule would name it
    assert any(_under(t, UPPER) for t in GRAPH["supatools.cli"])
    assert "supatools.levels" in MODULES


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_and_functions_stay_small(name: str) -> None:
    text = MODULES[name].read_text(encoding="utf-8")
    assert text.count("\n") <= 500, f"{name}: {text.count(chr(10))} lines"
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > 80
    ]
    assert long == [], f"{name}: {long}"
