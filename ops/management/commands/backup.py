"""``salkku backup FILE``: the whole database into one file (SQLite copy or PostgreSQL dump)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from audit import chain
from audit.models import AuditEntry
from ops import backup


class Command(BaseCommand):
    help = "Back up the whole database into FILE (restore it with salkku restore FILE)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        target: Path = options["file"]
        verdict = chain.verify(AuditEntry)
        try:
            if connection.vendor == "sqlite":
                connection.ensure_connection()
                backup.backup_sqlite(connection.connection, target)
            elif connection.vendor == "postgresql":
                backup.backup_postgres(connection.settings_dict, target)
            else:
                raise CommandError(f"no backup for the {connection.vendor} database")
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"backed up {connection.vendor} database into {target} ({target.stat().st_size} bytes)"
        )
        self.stdout.write(f"audit chain: {verdict.checked} entries, head {verdict.head}")
        if not verdict.ok:
            self.stderr.write(f"WARNING: the audit chain was already broken at {verdict.broken}")
