"""``salkku restore FILE``: a backup into the fresh, empty database DATABASE_URL points to."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from audit import chain
from audit.models import AuditEntry
from ops import backup


class Command(BaseCommand):
    help = "Restore a backup made by salkku backup into the (empty) database of DATABASE_URL."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["file"]
        if not source.is_file():
            raise CommandError(f"{source} does not exist")
        try:
            kind = backup.kind_of_file(source)
            if kind != connection.vendor:
                raise CommandError(
                    f"{source} is a {kind} backup but DATABASE_URL points to {connection.vendor}: "
                    "restore it into the same kind of database"
                )
            if kind == "sqlite":
                name = str(connection.settings_dict["NAME"])
                if name in {"", ":memory:"} or name.startswith("file:"):
                    raise CommandError("restore needs an SQLite file database (DATABASE_URL=sqlite:///PATH)")
                connection.close()
                backup.restore_sqlite(source, Path(name))
            else:
                backup.restore_postgres(source, connection.settings_dict, connection)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        verdict = chain.verify(AuditEntry)
        self.stdout.write(
            f"restored {source} into {connection.vendor} database {connection.settings_dict['NAME']}"
        )
        if not verdict.ok:
            raise CommandError(f"restored, but the audit chain is broken at {verdict.broken}")
        self.stdout.write(f"audit chain intact: {verdict.checked} entries, head {verdict.head}")
