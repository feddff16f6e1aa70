"""The structure of the code base, checked so it cannot drift: the import-linter contracts in
``pyproject.toml``, no import cycles between modules, and modules small enough to read."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("kaohe", "flows", "extractors", "storage", "scoring")
MAX_LINES = 600


def test_import_contracts_hold() -> None:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe, "import-linter is part of the dev extra"
    res = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stdout[-4000:] + res.stderr[-2000:]
    assert "broken" not in res.stdout.split("Contracts:")[-1].replace("0 broken", "")


def test_no_import_cycles() -> None:
    graph = grimp.build_graph(*PACKAGES, include_external_packages=False)
    modules = sorted(graph.modules)
    index = {m: i for i, m in enumerate(modules)}
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in modules}
    cycles = _strongly_connected(modules, edges, index)
    assert cycles == [], "import cycles: " + "; ".join(" ↔ ".join(c) for c in cycles)


def _strongly_connected(
    nodes: list[str], edges: dict[str, list[str]], index: dict[str, int]
) -> list[list[str]]:
    """Tarjan's algorithm; the components with more than one module (iterative, no recursion)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in order:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                order[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = [t for t in edges.get(node, ()) if t in index]
            if i < len(targets):
                work.append((node, i + 1))
                t = targets[i]
                if t not in order:
                    work.append((t, 0))
                elif t in on_stack:
                    low[node] = min(low[node], order[t])
                continue
            if low[node] == order[node]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return out


@pytest.mark.parametrize("package", PACKAGES)
def test_modules_are_small_enough_to_read(package: str) -> None:
    too_long = {
        str(p.relative_to(ROOT)): n
        for p in (ROOT / package).rglob("*.py")
        if "migrations" not in p.parts
        and (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}, f"modules over {MAX_LINES} lines: {too_long}"


def test_public_modules_declare_all() -> None:
    missing = [
        str(p.relative_to(ROOT))
        for package in PACKAGES
        for p in (ROOT / package).rglob("*.py")
        if not p.name.startswith("_")
        and "migrations" not in p.parts
        and "__all__" not in p.read_text(encoding="utf-8")
    ]
    assert missing == []
