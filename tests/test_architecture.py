"""The import graph of the product, read with ``ast`` from the source (nothing is imported).

Every ``import`` counts: the ones inside functions (a deferred import hides a cycle from
Python's loader, not from the reader, so a cycle through one is still a cycle) and the ones
under ``if TYPE_CHECKING:`` (the same for the type checker). Migrations are not read.
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("accounts", "config", "curriculum", "outbox", "planner")
PROJECT = (*PRODUCT, "benchmarks")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _project_modules() -> dict[str, Path]:
    modules = {}
    for top in PROJECT:
        for path in (ROOT / top).rglob("*.py"):
            if "migrations" not in path.parts:
                modules[module_name(path)] = path
    return modules


MODULES = _project_modules()


def imported_names(path: Path, module: str) -> set[str]:
    """Every module name ``path`` imports: ``from a import b`` names the module ``a.b`` when
    there is one, else ``a`` (a package's ``__init__`` Python runs on the way is not counted)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                names.add(full if full in MODULES else base)
    return names


def import_graph() -> dict[str, set[str]]:
    """Module → the project modules it imports (a package's ``__init__`` stands for it)."""
    graph = {}
    for module, path in MODULES.items():
        targets = set()
        for name in imported_names(path, module):
            if name in MODULES and name != module:
                targets.add(name)
        graph[module] = targets
    return graph


GRAPH = import_graph()


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path that ends where it starts, or None."""
    WHITE, GREY, BLACK = 0, 1, 2
    colour = dict.fromkeys(graph, WHITE)
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        colour[node] = GREY
        stack.append(node)
        for target in sorted(graph[node]):
            if colour[target] == GREY:
                return [*stack[stack.index(target) :], target]
            if colour[target] == WHITE and (cycle := visit(target)):
                return cycle
        stack.pop()
        colour[node] = BLACK
        return None

    for node in sorted(graph):
        if colour[node] == WHITE and (cycle := visit(node)):
            return cycle
    return None


def test_the_graph_is_read_from_the_project():
    assert "planner.engine.plan" in GRAPH
    assert "planner.engine.curriculum" in GRAPH["planner.engine.plan"]


@pytest.mark.parametrize(
    "module", sorted(m for m in MODULES if m.startswith("planner.engine")), ids=str
)
def test_the_engine_imports_nothing_from_django_or_the_apps(module):
    outside = {
        name
        for name in imported_names(MODULES[module], module)
        if name.split(".")[0] in {"django", "rest_framework", "celery", *PROJECT}
        and not name.startswith("planner.engine")
    }
    assert outside == set()


def product_imports_of(package: str) -> dict[str, list[str]]:
    """Product module → what it imports from ``package``, for the modules that import any."""
    offenders = {
        module: sorted(
            n for n in imported_names(MODULES[module], module) if n.split(".")[0] == package
        )
        for module in MODULES
        if module.split(".")[0] in PRODUCT
    }
    return {module: names for module, names in offenders.items() if names}


def test_the_product_does_not_import_the_benchmarks():
    assert product_imports_of("benchmarks") == {}


def test_the_product_is_every_package_pip_installs():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    shipped = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    assert sorted(pattern.rstrip("*") for pattern in shipped) == sorted(PRODUCT)


def test_the_product_does_not_import_networkx():
    """networkx is a dev extra (the benchmark's reference planner); ``pip install .`` lacks it."""
    assert product_imports_of("networkx") == {}


def test_networkx_is_not_a_runtime_dependency():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    names = [
        re.split(r"[\s\[<>=!~;]", dep)[0].lower() for dep in pyproject["project"]["dependencies"]
    ]
    assert "django" in names
    assert "networkx" not in names


def test_no_import_cycle_among_the_project_modules():
    assert find_cycle(GRAPH) is None


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
