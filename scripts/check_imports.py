#!/usr/bin/env python3
"""Fail on any import cycle among the project's modules, imports inside functions included.

    python scripts/check_imports.py [ROOT]

Reads every Python file of the project's packages (ssc_reports, groups, targets, activities)
with `ast`, so nothing is imported or run. Every `import` and `from ... import` counts,
wherever it stands (module level, inside a function, under `if TYPE_CHECKING`). An import of
`a.b.c` also imports the packages `a` and `a.b`, so their `__init__` modules count too.
It also checks that `ssc_reports/` holds at most MAX_TOP_MODULES modules directly (the project
core; everything else lives in one subpackage per capability). Exit status 1 on a failure.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGES = ("ssc_reports", "groups", "targets", "activities")
CORE = "ssc_reports"
MAX_TOP_MODULES = 16


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def find_modules(root: Path, packages=PACKAGES) -> dict[str, Path]:
    """Module name -> file, for every .py file of the packages."""
    modules = {}
    for package in packages:
        base = root / package
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*.py")):
            modules[module_name(root, path)] = path
    return modules


def _resolve_relative(current: str, is_package: bool, level: int, name: str | None) -> str:
    parts = current.split(".")
    if not is_package:
        parts = parts[:-1]
    if level > 1:
        parts = parts[: len(parts) - (level - 1)]
    if name:
        parts += name.split(".")
    return ".".join(parts)


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules that module `name` imports, anywhere in its body."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    targets: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = (
                _resolve_relative(name, is_package, node.level, node.module)
                if node.level
                else node.module or ""
            )
            targets.add(base)
            # `from package import module` imports that module.
            targets.update(f"{base}.{alias.name}" for alias in node.names)
    found = set()
    for target in targets:
        parts = target.split(".")
        for i in range(1, len(parts) + 1):
            candidate = ".".join(parts[:i])
            if candidate in modules and candidate != name:
                found.add(candidate)
    return found


def import_graph(root: Path, packages=PACKAGES) -> dict[str, set[str]]:
    modules = find_modules(root, packages)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0

    def visit(start: str) -> None:
        nonlocal counter
        # Iterative depth-first search: (node, iterator over its successors).
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for succ in successors:
                if succ not in index:
                    index[succ] = low[succ] = counter
                    counter += 1
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(sorted(graph.get(succ, ())))))
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(components)


def cycle_path(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    """One concrete cycle inside a component, as a path that returns to its start."""
    members = set(component)
    start = component[0]
    # Breadth-first search from start's successors back to start, inside the component.
    previous: dict[str, str] = {}
    frontier = [start]
    seen = {start}
    while frontier:
        next_frontier = []
        for node in frontier:
            for succ in sorted(graph[node] & members):
                if succ == start:
                    path = [start]
                    while node != start:
                        path.append(node)
                        node = previous[node]
                    return [start, *reversed(path[1:]), start]
                if succ not in seen:
                    seen.add(succ)
                    previous[succ] = node
                    next_frontier.append(succ)
        frontier = next_frontier
    return component


def top_modules(root: Path, core: str = CORE) -> list[str]:
    return sorted(p.name for p in (root / core).glob("*.py"))


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent
    graph = import_graph(root)
    failed = False
    for component in find_cycles(graph):
        failed = True
        print("import cycle: " + " -> ".join(cycle_path(graph, component)))
        print("  (modules in it: " + ", ".join(component) + ")")
    top = top_modules(root)
    if len(top) > MAX_TOP_MODULES:
        failed = True
        print(
            f"{CORE}/ holds {len(top)} modules directly (at most {MAX_TOP_MODULES}): "
            + ", ".join(top)
        )
    if not failed:
        print(f"imports: {len(graph)} modules, no cycle; {CORE}/ holds {len(top)} modules")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
