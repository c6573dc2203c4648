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


# --- roles are named only where they are defined and in the permission table -----------------------

# Where a role may be named: its definition, the permission table, and the demo data's users (which
# assign each demo user a role: who holds one, not what it may do).
ROLE_PLACES = {"accounts/models.py", "accounts/permissions.py", "demo/users.py"}
ROLE_MEMBERS = {"COORDINATOR", "STEERING_GROUP", "REVIEWER", "APPLICANT", "FUNDING_AUTHORITY", "MINISTRY"}
ROLE_VALUES = {member.lower() for member in ROLE_MEMBERS}


def role_names(source: str) -> list[str]:
    """Where ``source`` names a role itself: the ``Role`` choices of accounts.models (imported under any
    name), a role member (``Role.COORDINATOR``, ``models.Role``), a query on assignments' roles
    (``role_assignments__role``), or a test of an assignment's role (``a.role == ...``, ``a.role in ...``)."""
    tree = ast.parse(source)
    aliases = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "accounts.models"
        for alias in node.names
        if alias.name == "Role"
    }
    found = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Name) and node.id in aliases and isinstance(node.ctx, ast.Load):
            found.append(f"{line} Role")
        elif isinstance(node, ast.Attribute) and node.attr in ROLE_MEMBERS | {"Role"}:
            if node.attr == "Role" or (isinstance(node.value, ast.Name) and node.value.id in aliases):
                found.append(f"{line} .{node.attr}")
        elif isinstance(node, ast.keyword) and node.arg and node.arg.startswith("role_assignments__role"):
            found.append(f"{line} {node.arg}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value.startswith("role_assignments__role"):
                found.append(f"{line} {node.value}")
        elif (
            isinstance(node, ast.Compare)
            and isinstance(node.left, ast.Attribute)
            and node.left.attr == "role"
        ):
            # an assignment's role tested against a role's value (a proposal partner's or an agreement
            # party's role, "lead" or "city", is not a role of a person)
            values = {
                c.value for part in node.comparators for c in ast.walk(part) if isinstance(c, ast.Constant)
            }
            if values & ROLE_VALUES:
                found.append(f"{line} {ast.unparse(node)}")
    return found


def test_roles__named_only_in_their_definition_and_the_permission_table() -> None:
    # given every module of every app (not tests, not migrations)
    offending = [
        f"{path.relative_to(ROOT)}:{hit}"
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and str(path.relative_to(ROOT)) not in ROLE_PLACES
        for hit in role_names(path.read_text(encoding="utf-8"))
    ]
    # then none names a role: they ask accounts.permissions (can, require, agreements_for, holders)
    assert offending == []


def test_role_check__finds_each_way_of_naming_a_role() -> None:
    # given a module naming roles four ways, and a partner's role that is not a person's
    source = (
        "from accounts.models import Role as R, User\n"
        "from pipeline.models import PartnerRole\n"
        "x = R.COORDINATOR\n"
        "User.objects.filter(role_assignments__role='ministry')\n"
        "Q(**{'role_assignments__role__in': []})\n"
        "ok = [a for a in assignments if a.role == 'reviewer']\n"
        "fine = [p for p in partners if p.role == PartnerRole.LEAD]\n"
    )
    # when checked; then the alias, its member, both assignment queries and the test of a role are found
    lines = sorted({int(hit.split()[0]) for hit in role_names(source)})
    assert lines == [3, 4, 5, 6]
