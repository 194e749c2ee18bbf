"""A name that starts with ``_`` is private to its module: no other module imports it.

What another module needs is a public name (and the module keeps its promise about it); a private
helper imported elsewhere is a seam nobody sees when they change it.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Imports of a private name that are allowed: none (a helper another module needs is public).
KNOWN: set[tuple[str, str, str]] = set()


def private_imports(root: Path = ROOT) -> set[tuple[str, str, str]]:
    found = set()
    for path in sorted([*root.glob("sigap/**/*.py"), *root.glob("tests/**/*.py"), *root.glob("*.py")]):
        if "migrations" in path.parts or ".venv" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom):
                continue
            module = "." * node.level + (node.module or "")
            if not (module.startswith("sigap") or module.startswith("conftest") or node.level):
                continue
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.add((path.relative_to(root).as_posix(), module, alias.name))
    return found


def test_no_module_imports_a_private_name_of_another():
    assert private_imports() - KNOWN == set()


def test_the_check_finds_a_private_import_and_passes_over_public_and_dunder_names(tmp_path):
    (tmp_path / "sigap" / "app").mkdir(parents=True)
    (tmp_path / "sigap" / "app" / "views.py").write_text(
        "from sigap.other.summary import _when, when, __version__\nfrom django.utils import _os\n"
    )
    assert private_imports(tmp_path) == {("sigap/app/views.py", "sigap.other.summary", "_when")}
