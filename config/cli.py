"""The ``salkku`` command: every operator task, plus Django's own management commands.

``salkku <command> ...`` runs a Salkku command or passes a Django one through (``salkku migrate``,
``salkku shell``, ``salkku createsuperuser``), so an operator never needs ``manage.py``.
"""

from __future__ import annotations

import os
import sys

# The operator commands, in the order a new installation uses them.
SALKKU_COMMANDS: list[tuple[str, str]] = [
    ("migrate", "Create or upgrade the database tables (Django's own)."),
    ("agreement", "Load or list agreements: salkku agreement load capital-region"),
    (
        "import",
        "Import project lists or a period's figures: salkku import eura|indicators|spending FILE "
        "[--map COLUMN=FIELD] [--dry-run] [--skip-invalid]",
    ),
    ("demo-data", "Create the deterministic demo portfolio and the demo users (demo mode only)."),
    (
        "overlaps",
        "Similar ideas, proposals and projects: salkku overlaps rebuild | report | pairs --threshold 0.5",
    ),
    ("optimise", "The best portfolio under a problem file's rules: salkku optimise PROBLEM.yaml [--explain]"),
    ("progress", "Progress reports: salkku progress remind (e-mail the implementers of reports due soon)"),
    (
        "report",
        "The annual report to the ministry: salkku report annual --as-of 2025-12-31 --lang fi --format pdf",
    ),
    (
        "db_worker",
        "Run the background tasks (optimisation runs, annual reports) from the database queue; make demo "
        "starts one.",
    ),
    (
        "serve",
        "The production server (gunicorn), static files collected first: salkku serve --bind HOST:PORT",
    ),
    ("audit", "The audit trail: salkku audit verify | salkku audit protect --app-role ROLE (PostgreSQL)"),
    ("personal-data", "A person's data on request: salkku personal-data export|erase --email ADDRESS"),
    ("tasks", "Background tasks: salkku tasks recover (requeue reports left running by a worker that died)"),
    ("backup", "The whole database into one file: salkku backup FILE (SQLite copy or PostgreSQL dump)"),
    ("restore", "A backup into the fresh, empty database of DATABASE_URL: salkku restore FILE"),
    ("runserver", "Serve the app on http://127.0.0.1:8000 for development (Django's own)."),
    ("createsuperuser", "Create an administrator account (Django's own)."),
    ("shell", "A Python shell with the app loaded (Django's own)."),
]

USAGE = """\
usage: salkku <command> [options]

Salkku runs the project portfolio of an innovation ecosystem agreement.

Commands:
{commands}

Every other Django management command passes through as well; `salkku help --all` lists them.
`salkku <command> --help` explains one command and its options.

The database comes from DATABASE_URL (default: an SQLite file in var/salkku.sqlite3);
SALKKU_MODE is demo (default), test or production.
"""


def _usage() -> str:
    width = max(len(name) for name, _ in SALKKU_COMMANDS)
    lines = [f"  {name.ljust(width)}  {text}" for name, text in SALKKU_COMMANDS]
    return USAGE.format(commands="\n".join(lines))


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    args = argv[1:]
    if not args or args[0] in {"-h", "--help"} or args == ["help"]:
        sys.stdout.write(_usage())
        return
    if args[:2] == ["help", "--all"]:
        args = ["help"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["salkku", *args])


if __name__ == "__main__":
    main()
