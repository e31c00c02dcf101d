"""Imports flow one way, down the pipeline: content → scoring → store → reports → web and the
command line, with `survey/i18n.py` at the bottom; and no module reaches itself through its
imports (a circle), counting imports inside functions too.

Read from the source with `ast`, so a lazy import inside a function counts like any other.
"""
from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import ROOT

PACKAGE = ROOT / "survey"
# Each part of the package and its place in the pipeline: a module may import from its own part
# and from parts with a lower rank, never from a part with a higher or the same rank.
RANKS = {
    "i18n": 0, "settings": 0, "logs": 0,  # read by every part, importing none
    "content": 1,
    "uploads": 1,  # files people upload, read (no SQL): below the store, which uses them
    "scoring": 2,
    "store": 3,
    "reports": 4, "mail": 4, "demo": 4,  # built on the store; none imports another
    "web": 5,
    "cli": 6,  # `survey serve` starts the web app
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str, path: Path, known: set[str]) -> list[tuple[int, str]]:
    """(line, module) for every import of a module of the package, wherever it stands in the file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.split(".")[0] == "survey"]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            if base.split(".")[0] != "survey":
                continue
            for alias in node.names:  # `from survey.store import db` imports the module survey.store.db
                found.append((node.lineno, f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base))
    return found


def part(name: str) -> str:
    return name.split(".")[1] if "." in name else name


def graph() -> dict[str, list[tuple[int, str]]]:
    found = modules()
    return {name: imports(name, path, set(found)) for name, path in found.items()}


def test_every_part_of_the_package_has_a_place_in_the_pipeline():
    assert {part(name) for name in modules() if name != "survey"} <= set(RANKS)


def test_imports_go_down_the_pipeline():
    against = []
    for name, targets in graph().items():
        if name == "survey":
            continue
        for line, target in targets:
            mine, theirs = part(name), part(target)
            if theirs != mine and target != "survey" and RANKS[theirs] >= RANKS[mine]:
                against.append(f"{name}:{line} imports {target} ({mine} must not depend on {theirs})")
    assert not against, "\n".join(against)


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The circles of a directed graph: its strongly connected parts with more than one node, or a self-loop
    (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            members = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                members.append(member)
                if member == node:
                    break
            if len(members) > 1 or node in edges.get(node, ()):
                found.append(sorted(members))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_through_others():
    edges = {name: {target for _line, target in targets} for name, targets in graph().items()}
    found = circles(edges)
    assert not found, "\n".join("circle: " + " ↔ ".join(members) for members in found)


def test_the_circle_finder_finds_circles():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"a"}}) == [["a"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_the_command_line_starts_without_the_heavy_libraries():
    """`survey --help` (and every command before it runs) loads none of them: each command imports what it uses.
    How long it takes is measured by `bench/run.py cli`."""
    import subprocess
    import sys

    heavy = ("pandas", "numpy", "polars", "sqlite_utils", "openpyxl", "docx", "weasyprint", "pypdfium2",
             "jsonschema", "flask")
    listed = subprocess.run([sys.executable, "-c", "import sys\nfrom survey.cli import cli\n"
                             "cli.main(['--help'], standalone_mode=False)\n"
                             f"print('loaded:', *(m for m in {heavy!r} if m in sys.modules))"],
                            capture_output=True, text=True, check=True, cwd=ROOT)
    assert "Usage:" in listed.stdout
    assert listed.stdout.splitlines()[-1] == "loaded:"


def test_no_module_imports_another_modules_private_names():
    """A name starting with `_` is its module's own: what another module needs is made public and named so."""
    private = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("survey"):
                private += [f"{name}:{node.lineno} imports {node.module}.{alias.name}"
                            for alias in node.names if alias.name.startswith("_")]
    assert not private, "\n".join(private)
