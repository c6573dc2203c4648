"""What goes into Salkku's wheel, found rather than listed.

Every top-level folder with an ``__init__.py`` is an app package (or ``config``/``cores``) and goes in whole,
with its templates, data files and migrations; the site's own templates, the compiled translations (.mo) and
the built static files go under ``salkku_files/`` (``config.settings`` looks there when it runs installed).
The translations and the static files are built here when they are missing, so ``pip install .`` on a
fresh checkout gives a complete installation (needs gettext's msgfmt, and Node.js for the static files).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

# Folders with an __init__.py that are not part of the installed app.
NOT_SHIPPED = {"tests", "benchmarks", "scripts", "node_modules", "build", "dist"}
SKIPPED_PARTS = {"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache"}
# The bundle folder inside the wheel: config.settings.RESOURCE_DIR
BUNDLE = "salkku_files"


def app_packages(root: Path) -> list[str]:
    """The top-level Python packages of the project (every app, config, cores)."""
    return sorted(
        path.parent.name
        for path in root.glob("*/__init__.py")
        if path.parent.name not in NOT_SHIPPED and not path.parent.name.startswith(".")
    )


def _files(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and not SKIPPED_PARTS.intersection(path.parts) and path.suffix != ".pyc"
    )


def _ensure_messages(root: Path) -> None:
    for po in sorted(root.glob("locale/*/LC_MESSAGES/django.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        if shutil.which("msgfmt") is None:
            raise RuntimeError(
                f"{mo} is missing or stale and msgfmt is not installed (apt-get install gettext)"
            )
        subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True)


def _ensure_static(root: Path) -> None:
    if (root / "static" / "build" / ".built").exists() or any((root / "static" / "build").glob("*.css")):
        return
    if shutil.which("npm") is None:
        raise RuntimeError("static/build is missing and Node.js (npm) is not installed: run `make install`")
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=root, check=True)
    subprocess.run(["npm", "run", "--silent", "build"], cwd=root, check=True)


def wheel_contents(root: Path) -> dict[str, str]:
    """Source file -> path in the wheel."""
    mapping: dict[str, str] = {}
    for package in app_packages(root):
        for path in _files(root / package):
            mapping[str(path)] = path.relative_to(root).as_posix()
    for path in _files(root / "templates"):
        mapping[str(path)] = f"{BUNDLE}/{path.relative_to(root).as_posix()}"
    for path in sorted(root.glob("locale/*/LC_MESSAGES/django.mo")):
        mapping[str(path)] = f"{BUNDLE}/{path.relative_to(root).as_posix()}"
    for path in _files(root / "static" / "build"):
        if path.name.startswith("."):
            continue
        mapping[str(path)] = f"{BUNDLE}/{path.relative_to(root).as_posix()}"
    return mapping


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install (make install) points at the checkout itself
        root = Path(self.root)
        _ensure_messages(root)
        _ensure_static(root)
        build_data["force_include"].update(wheel_contents(root))
