"""The import contract (DESIGN: layers you can see). Request-bound code (`web`, `api`,
`routes`, `sockets`) may import the domain; the domain never imports it back, not even
inside a function. Between domain packages, the cycle that exists today may shrink but no
package may join it, and no new cycle may appear."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import thuiszittertafel

PACKAGE = Path(thuiszittertafel.__file__).parent
EDGE_PACKAGES = {"web", "api"}
EDGE_SUFFIXES = ("routes", "sockets")  # routes.py, admin_routes.py, jaarverslag_routes.py, …
NOT_DOMAIN = EDGE_PACKAGES | {"demo", "cli", "server"}
# Modules every package may use without taking part in a cycle: they import no domain.
SHARED = {"extensions", "clock", "config", "resources", "rooms", "models"}
# The packages tied into one cycle by top-level imports when this test was written
# (models that refer to each other; the policy that reads cases). Shrink it, never grow it.
KNOWN_CYCLE = {
    "agreements",
    "audit",
    "auth",
    "cases",
    "core",
    "escalation",
    "meetings",
    "notes",
    "notifications",
    "organisations",
}


def _module_name(path: Path) -> str:
    parts = ["thuiszittertafel", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> tuple[set[str], set[str]]:
    """The project modules `path` imports at top level and inside functions."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = {id(node) for node in _top_level_nodes(tree)}
    top, inner = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            targets = {target} | {f"{target}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            targets = {alias.name for alias in node.names}
        else:
            continue
        targets = {t for t in targets if t.startswith("thuiszittertafel.")}
        (top if id(node) in top_level else inner).update(targets)
    return top, inner


def _top_level_nodes(tree: ast.Module):
    for node in tree.body:
        yield node
        if isinstance(node, ast.If | ast.Try):  # `if TYPE_CHECKING:` and guarded imports
            yield from ast.walk(node)


def _all_modules() -> dict[str, tuple[set[str], set[str]]]:
    return {_module_name(p): _imports(p) for p in PACKAGE.rglob("*.py")}


def _is_edge(name: str) -> bool:
    parts = name.split(".")
    return len(parts) > 1 and (parts[1] in EDGE_PACKAGES or parts[-1].endswith(EDGE_SUFFIXES))


def _is_domain(name: str) -> bool:
    parts = name.split(".")
    return len(parts) > 2 and parts[1] not in NOT_DOMAIN and not parts[-1].endswith(EDGE_SUFFIXES)


def test_the_domain_never_imports_request_bound_code():
    modules = _all_modules()
    known = set(modules)
    offences = []
    for name, (top, inner) in sorted(modules.items()):
        if not _is_domain(name):
            continue
        for target in sorted(top | inner):
            module = target if target in known else target.rsplit(".", 1)[0]
            if module in known and _is_edge(module):
                offences.append(f"{name} imports {module}")
    assert offences == [], "\n".join(offences)


def _package_graph(modules) -> tuple[dict[str, set[str]], dict[tuple[str, str], str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    because: dict[tuple[str, str], str] = {}
    for name, (top, _inner) in modules.items():
        if not _is_domain(name):
            continue
        source = name.split(".")[1]
        for target in top:
            parts = target.split(".")
            if len(parts) < 3 or parts[1] in SHARED or parts[1] in NOT_DOMAIN:
                continue
            if parts[1] != source:
                graph[source].add(parts[1])
                because.setdefault((source, parts[1]), f"{name} imports {target}")
    return graph, because


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components of more than one package (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_new_cycle_between_domain_packages():
    graph, because = _package_graph(_all_modules())
    for cycle in _cycles(graph):
        joined = cycle - KNOWN_CYCLE
        links = sorted(
            because[(a, b)]
            for a in cycle
            for b in graph[a]
            if b in cycle and (a in joined or b in joined)
        )
        assert not joined, f"nieuwe cyclus via {sorted(joined)}:\n" + "\n".join(links)


def test_the_cycle_check_sees_a_cycle():
    """The check itself: two packages importing each other form a cycle."""
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [{"a", "b"}]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_every_project_import_names_a_module_that_exists():
    """An import inside a function only fails when it runs: a module moved (say to web/)
    must not leave such an import behind."""
    known = set(_all_modules())
    stale = []
    for path in PACKAGE.rglob("*.py"):
        name = _module_name(path)
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "thuiszittertafel"
            ):
                target = node.module
            else:
                continue
            if target not in known:
                stale.append(f"{name} imports from {target}")
    assert stale == [], "\n".join(sorted(stale))
