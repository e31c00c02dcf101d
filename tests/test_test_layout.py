"""The tests' own layout: shared helpers live in helper modules and conftest.py, so that no test
module imports another (a test module is collected, not a library; importing one runs its fixtures twice)."""
from __future__ import annotations

import ast

from tests.helpers import ROOT


def test_no_test_module_imports_another():
    offending = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else (
                [alias.name for alias in node.names] if isinstance(node, ast.Import) else [])
            for name in names:
                last = name.rsplit(".", 1)[-1]
                if last.startswith("test_") or last == "conftest":
                    offending.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {name}")
    assert not offending, "\n".join(offending)
