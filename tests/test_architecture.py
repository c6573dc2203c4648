"""Seams between apps: no app imports a private name (``_name``) of another app. The layers themselves
are import-linter contracts (.importlinter, run by make lint); docs/architecture.md explains them."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = sorted(
    p.name for p in ROOT.iterdir() if (p / "__init__.py").exists() and p.name not in {"tests", "benchmarks"}
)


def private_imports(source: str, app: str) -> list[str]:
    """The imports in ``source`` (a module of ``app``) that take a private name of another app."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
            continue
        parts = node.module.split(".")
        if parts[0] == app or parts[0] not in APPS:
            continue
        names = [a.name for a in node.names]
        if any(p.startswith("_") for p in parts[1:]) or any(n.startswith("_") for n in names):
            found.append(f"{node.lineno} {node.module} {names}")
    return found


def _private_imports(app: str) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line}"
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        for line in private_imports(path.read_text(encoding="utf-8"), app)
    ]


def test_apps__import_no_private_name_of_another_app() -> None:
    # given every app's modules; when their imports are read; then none takes another app's _name
    offending = [line for app in APPS for line in _private_imports(app)]
    assert offending == []


def test_private_name_check__finds_a_private_name_or_module_of_another_app_only() -> None:
    # given imports of another app's private name and private module, and of the app's own private name
    source = (
        "from monitoring.selectors import NO_KEY, _breakdown\n"
        "from pipeline._internal import helper\n"
        "from reports.data import _rows\n"
        "from django.utils import _os\n"
    )
    # when checked as a module of reports; then only the two other-app imports are found
    found = private_imports(source, "reports")
    assert [line.split()[1] for line in found] == ["monitoring.selectors", "pipeline._internal"]
