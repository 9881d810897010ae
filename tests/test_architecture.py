"""Layering rules: no Qt in ``core/``, no import cycles, one-way packages, small modules."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = ("PySide6", "shiboken6", "qtawesome", "qtpy", "ui")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_core_imports_no_qt_and_no_ui() -> None:
    bad = []
    for path in sorted((ROOT / "core").rglob("*.py")):
        for name in _imports(path):
            if name.split(".")[0] in FORBIDDEN:
                bad.append(f"{path.relative_to(ROOT)} imports {name}")
    assert bad == []


def test_core_runs_without_qt_loaded() -> None:
    # Importing every core module must not pull Qt in indirectly either.
    code = (
        "import pkgutil, importlib, sys, core\n"
        "for m in pkgutil.walk_packages(core.__path__, 'core.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [n for n in sys.modules if n.split('.')[0] in ('PySide6', 'qtawesome', 'ui')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


def test_modules_stay_small() -> None:
    big = [
        f"{p.relative_to(ROOT)} ({n} lines)"
        for p in list((ROOT / "core").rglob("*.py")) + list((ROOT / "ui").rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500
    ]
    assert big == []


# -- the import graph -------------------------------------------------------------------------
#
# Every import counts, at module level or inside a function, under TYPE_CHECKING or not: a lazy
# import that closes a cycle still ties two modules together.

#: What each ``core`` package may import, besides itself (docs/architecture.md draws these).
CORE_ALLOWED: dict[str, set[str]] = {
    "documents": set(),
    "results": {"documents"},
    "align": {"documents", "results"},
    "judge": {"documents", "results", "align"},
    "shifts": {"documents", "results", "align", "judge"},
    "compare": {"documents", "results", "align", "judge", "shifts"},
    "review": {"documents", "results", "align", "judge", "shifts", "compare"},
    "anchoring": {"documents"},
    "store": {"documents", "results", "anchoring"},
    "report": {"documents", "results", "align", "judge", "shifts", "compare", "review",
               "anchoring"},
    # batch runs comparisons on Dask and counts findings by kind for its Parquet rows.
    "batch": {"documents", "results", "align", "judge", "compare", "review"},
    # match finds candidate releases by MinHash, then runs the aligner on them.
    "match": {"documents", "results", "align", "judge", "compare"},
    # Re-checking changed reports: reads them again, compares, and keeps versions in the store.
    "recheck": {"documents", "results", "align", "compare", "review", "anchoring", "store"},
    "cli": {"documents", "results", "align", "judge", "shifts", "compare", "review", "anchoring",
            "store", "report", "batch", "match", "recheck"},
}
#: What each ``ui`` package may import from ``ui``, besides itself. Any ``core`` package but
#: ``cli`` is open to every ``ui`` package: the window never goes through the command line.
UI_ALLOWED: dict[str, set[str]] = {
    "style": set(),
    "workers": {"style"},
    "session": {"style", "workers"},
    "review": {"style", "workers", "session"},
    "annotations": {"style", "workers", "session", "review"},
    "export": {"style", "workers", "session", "review", "annotations"},
    "original": {"style", "workers"},
    "window": {"style", "workers", "session", "review", "annotations", "export", "original"},
}


def _modules() -> dict[str, Path]:
    """Dotted name -> file for every module of ``core`` and ``ui`` (a package by its name)."""
    found: dict[str, Path] = {}
    for top in ("core", "ui"):
        for path in (ROOT / top).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports (``from pkg import mod`` counts as ``pkg.mod``)."""
    mods = _modules()

    def known(name: str) -> str | None:
        while name and name not in mods:
            name = name.rpartition(".")[0]
        return name or None

    edges: dict[str, set[str]] = {}
    for name, path in mods.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        out: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                out |= {m for a in node.names if (m := known(a.name))}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([node.module] if node.module else []))
                for a in node.names:
                    target = known(f"{base}.{a.name}")
                    if target is None or target == name:
                        target = known(base)
                    if target:
                        out.add(target)
        out.discard(name)
        edges[name] = out
    return edges


def _package(module: str) -> tuple[str, str]:
    top, _, rest = module.partition(".")
    return top, rest.partition(".")[0]


def test_the_graph_sees_real_imports() -> None:
    # Guards the walker itself: a known edge of each kind must be found.
    edges = _graph()
    assert "core.documents" in edges["core.align.segment"]
    assert "ui.session.state" in edges["ui.window.main_window"]
    assert "core.store" in edges["ui.session.controller"]


def test_no_import_cycles() -> None:
    edges = _graph()
    # Tarjan's strongly connected components, iteratively: any component of two or more
    # modules is a cycle, whatever its length.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
    assert cycles == []


def test_packages_import_only_in_the_allowed_directions() -> None:
    bad = []
    for module, targets in sorted(_graph().items()):
        top, pkg = _package(module)
        if not pkg:
            continue
        for target in sorted(targets):
            ttop, tpkg = _package(target)
            if (ttop, tpkg) == (top, pkg) or not tpkg:
                continue
            if top == "core":
                ok = ttop == "core" and tpkg in CORE_ALLOWED[pkg]
            elif ttop == "core":
                ok = tpkg != "cli"
            else:
                ok = tpkg in UI_ALLOWED[pkg]
            if not ok:
                bad.append(f"{module} imports {target}")
    assert bad == []


def test_every_package_is_listed_and_states_its_contract() -> None:
    for top, allowed in (("core", CORE_ALLOWED), ("ui", UI_ALLOWED)):
        packages = {p.parent.name for p in (ROOT / top).glob("*/__init__.py")}
        assert packages == set(allowed), f"{top}: add new packages to the direction tables"
        for name in packages:
            init = ROOT / top / name / "__init__.py"
            doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
            assert doc and len(doc) > 80, f"{init.relative_to(ROOT)} needs a contract docstring"


def test_core_packages_are_used_through_their_public_names() -> None:
    # Across core packages only what a package's __init__ exports may be imported.
    bad = []
    for path in sorted((ROOT / "core").rglob("*.py")):
        own = _package(".".join(path.relative_to(ROOT).with_suffix("").parts))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
                continue
            parts = node.module.split(".")
            if parts[0] == "core" and len(parts) > 2 and (parts[0], parts[1]) != own:
                bad.append(f"{path.relative_to(ROOT)} imports {node.module}")
            if parts[0] == "core" and len(parts) == 2 and (parts[0], parts[1]) != own:
                init = ROOT / "core" / parts[1] / "__init__.py"
                public = _exported(init)
                bad += [f"{path.relative_to(ROOT)} imports {node.module}.{a.name} (private)"
                        for a in node.names if a.name not in public]
    assert bad == []


def _exported(init: Path) -> set[str]:
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            return {ast.literal_eval(e) for e in node.value.elts}  # type: ignore[attr-defined]
    return set()
