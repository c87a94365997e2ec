"""The import contract (DESIGN: layers you can see). Request-bound code (`web`, `api`,
`routes`, `sockets`) may import the domain; the domain never imports it back, not even
inside a function. Between domain packages (imports inside functions included), the cycle
that exists today may shrink but no package or edge may join it, and no new cycle may
appear."""

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
SHARED = {"extensions", "clock", "config", "resources", "rooms", "models", "shapes"}
# The domain packages tied into one cycle (a strongly connected component of the import
# graph, imports inside functions included) when this baseline was recorded, and every
# package-to-package edge inside it. The baseline may only shrink: a package or an edge that
# joins fails `test_no_new_cycle_between_domain_packages`, and one that has gone must be
# deleted here (`test_the_cycle_baseline_only_shrinks`).
KNOWN_CYCLE = {
    "agreements",
    "audit",
    "auth",
    "cases",
    "consultations",
    "core",
    "escalation",
    "meetings",
    "notes",
    "notifications",
    "organisations",
    "retention",
}
KNOWN_EDGES = {
    ("agreements", "auth"),
    ("agreements", "cases"),
    ("agreements", "core"),
    ("agreements", "escalation"),
    ("agreements", "meetings"),
    ("agreements", "notifications"),
    ("agreements", "organisations"),
    ("audit", "auth"),
    ("audit", "core"),
    ("auth", "core"),
    ("auth", "organisations"),
    ("cases", "agreements"),
    ("cases", "auth"),
    ("cases", "core"),
    ("cases", "escalation"),
    ("cases", "notifications"),
    ("cases", "organisations"),
    ("consultations", "auth"),
    ("consultations", "cases"),
    ("consultations", "core"),
    ("consultations", "escalation"),
    ("consultations", "notes"),
    ("consultations", "notifications"),
    ("consultations", "organisations"),
    ("core", "auth"),
    ("core", "cases"),
    ("core", "meetings"),
    ("core", "notes"),
    ("core", "organisations"),
    ("escalation", "agreements"),
    ("escalation", "audit"),
    ("escalation", "cases"),
    ("escalation", "core"),
    ("escalation", "meetings"),
    ("escalation", "notifications"),
    ("escalation", "organisations"),
    ("escalation", "retention"),
    ("meetings", "agreements"),
    ("meetings", "auth"),
    ("meetings", "cases"),
    ("meetings", "core"),
    ("meetings", "escalation"),
    ("meetings", "notes"),
    ("meetings", "notifications"),
    ("meetings", "organisations"),
    ("notes", "auth"),
    ("notes", "cases"),
    ("notes", "core"),
    ("notes", "notifications"),
    ("notes", "organisations"),
    ("notifications", "auth"),
    ("notifications", "cases"),
    ("notifications", "core"),
    ("notifications", "notes"),
    ("notifications", "organisations"),
    ("organisations", "auth"),
    ("organisations", "cases"),
    ("organisations", "core"),
    ("retention", "agreements"),
    ("retention", "audit"),
    ("retention", "auth"),
    ("retention", "cases"),
    ("retention", "consultations"),
    ("retention", "core"),
    ("retention", "escalation"),
    ("retention", "meetings"),
    ("retention", "notes"),
    ("retention", "notifications"),
}


def _module_name(path: Path) -> str:
    parts = ["thuiszittertafel", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> tuple[set[str], set[str]]:
    """The project modules `path` imports at top level and inside functions."""
    source = path.read_text(encoding="utf-8")
    return _imports_of(_module_name(path), path.name == "__init__.py", source)


def _imports_of(name: str, is_package: bool, source: str) -> tuple[set[str], set[str]]:
    """The project modules the module `name` with this source imports: (top level, inner)."""
    package = name if is_package else name.rsplit(".", 1)[0]
    tree = ast.parse(source)
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


def _edge_imports(modules: dict[str, tuple[set[str], set[str]]]) -> list[str]:
    """Every import of request-bound code by a domain module, at top level or inside."""
    known = set(modules)
    offences = []
    for name, (top, inner) in sorted(modules.items()):
        if not _is_domain(name):
            continue
        for target in sorted(top | inner):
            module = target if target in known else target.rsplit(".", 1)[0]
            if module in known and _is_edge(module):
                offences.append(f"{name} imports {module}")
    return offences


def test_the_domain_never_imports_request_bound_code():
    offences = _edge_imports(_all_modules())
    assert offences == [], "\n".join(offences)


def test_the_layer_check_sees_a_domain_module_importing_the_edge():
    """The check itself: a synthetic service importing web/, api/, a routes or a sockets
    module (at top level or inside a function) is reported; the same import from an edge
    module is not."""
    modules = _all_modules()
    fake = {
        "thuiszittertafel.cases.fake_services": "from ..web.edge import actor\n",
        "thuiszittertafel.notes.fake_queries": (
            "def later():\n    from thuiszittertafel.api import errors\n"
        ),
        "thuiszittertafel.core.fake": "import thuiszittertafel.meetings.sockets\n",
        "thuiszittertafel.agreements.fake_rules": "from ..cases import routes\n",
        "thuiszittertafel.cases.fake_routes": "from ..web.edge import actor\n",
    }
    for name, source in fake.items():
        modules[name] = _imports_of(name, False, source)
    offenders = {o.split(" imports ")[0] for o in _edge_imports(modules) if ".fake" in o}
    assert offenders == {
        "thuiszittertafel.agreements.fake_rules",
        "thuiszittertafel.cases.fake_services",
        "thuiszittertafel.core.fake",
        "thuiszittertafel.notes.fake_queries",
    }


def _package_graph(modules) -> tuple[dict[str, set[str]], dict[tuple[str, str], str]]:
    """Domain package -> the domain packages it imports (inside functions too), and for
    each edge one import that makes it."""
    graph: dict[str, set[str]] = defaultdict(set)
    because: dict[tuple[str, str], str] = {}
    for name, (top, inner) in sorted(modules.items()):
        if not _is_domain(name):
            continue
        source = name.split(".")[1]
        for target in sorted(top) + sorted(inner - top):
            parts = target.split(".")
            if len(parts) < 3 or parts[1] in SHARED or parts[1] in NOT_DOMAIN:
                continue
            if parts[1] != source:
                graph[source].add(parts[1])
                where = "" if target in top else " (in a function)"
                because.setdefault((source, parts[1]), f"{name} imports {target}{where}")
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


def _cycle_problems(graph: dict[str, set[str]], because: dict[tuple[str, str], str]) -> list[str]:
    """What the cycles of `graph` add to the baseline: a new cycle, a package joining the
    known one, or a new edge inside it."""
    problems = []
    for cycle in _cycles(graph):
        if not cycle & KNOWN_CYCLE:
            problems.append(f"nieuwe cyclus {sorted(cycle)}")
        problems += [f"{p} komt in de cyclus" for p in sorted(cycle - KNOWN_CYCLE)]
        edges = {(a, b) for a in cycle for b in graph[a] if b in cycle}
        problems += [
            f"nieuwe verwijzing {a} -> {b}: {because[(a, b)]}"
            for a, b in sorted(edges - KNOWN_EDGES)
        ]
    return problems


def test_no_new_cycle_between_domain_packages():
    problems = _cycle_problems(*_package_graph(_all_modules()))
    assert problems == [], "\n".join(problems)


def test_the_cycle_baseline_only_shrinks():
    """A package or an edge that has left the cycle leaves the baseline too, so it cannot
    come back unnoticed."""
    graph, _because = _package_graph(_all_modules())
    cycle: set[str] = set().union(*_cycles(graph))
    edges = {(a, b) for a in cycle for b in graph[a] if b in cycle}
    assert sorted(KNOWN_CYCLE - cycle) == [], "niet meer in de cyclus: haal ze uit KNOWN_CYCLE"
    assert sorted(KNOWN_EDGES - edges) == [], "niet meer in de cyclus: haal ze uit KNOWN_EDGES"


def test_the_cycle_check_sees_a_cycle():
    """The check itself: two packages importing each other form a cycle."""
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [{"a", "b"}]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_the_cycle_check_fails_on_a_new_cycle_package_or_edge():
    """Fed synthetic imports (some inside a function), the check reports a new cycle, a
    package joining the known one and a new edge inside it; today's graph passes."""
    assert _cycle_problems(*_package_graph(_all_modules())) == []
    modules = _all_modules()
    fake = {
        # reports <-> home, through an import inside a function: a new cycle of their own
        "thuiszittertafel.reports.fake": "from ..home import queries\n",
        "thuiszittertafel.home.fake": "def f():\n    from ..reports import queries\n",
        # organisations -> notes: an edge inside the known cycle that is not in the baseline
        "thuiszittertafel.organisations.fake": "def f():\n    from ..notes import models\n",
    }
    for name, source in fake.items():
        modules[name] = _imports_of(name, False, source)
    problems = _cycle_problems(*_package_graph(modules))
    assert "nieuwe cyclus ['home', 'reports']" in problems
    assert (
        "nieuwe verwijzing organisations -> notes: thuiszittertafel.organisations.fake"
        " imports thuiszittertafel.notes.models (in a function)"
    ) in problems
    # A package joining the known cycle: reports imports cases, cases imports reports.
    modules = _all_modules()
    joined = {
        "thuiszittertafel.reports.fake": "from ..cases import models\n",
        "thuiszittertafel.cases.fake": "def f():\n    from ..reports import queries\n",
    }
    for name, source in joined.items():
        modules[name] = _imports_of(name, False, source)
    assert "reports komt in de cyclus" in _cycle_problems(*_package_graph(modules))


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


MAPPERS_ON_THEIR_OWN = """
import importlib, sys
from sqlalchemy.orm import configure_mappers
importlib.import_module(sys.argv[1])
configure_mappers()
"""


def test_every_models_module_configures_its_mappers_on_its_own():
    """A models module imports what its mappers name, so any process that loads it can
    query: `cases check` loaded meetings.models (through core.policy) without the
    agreements models its Decision names, and failed once those imports left function
    bodies."""
    import subprocess
    import sys

    failed = {}
    for path in sorted(PACKAGE.rglob("models.py")):
        name = _module_name(path)
        run = subprocess.run(
            [sys.executable, "-c", MAPPERS_ON_THEIR_OWN, name], capture_output=True, text=True
        )
        if run.returncode:
            failed[name] = run.stderr.strip().splitlines()[-1]
    assert failed == {}
