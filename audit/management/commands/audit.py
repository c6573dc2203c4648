"""``salkku audit verify`` and ``salkku audit protect --app-role ROLE``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit import chain
from audit.models import AuditEntry
from audit.protection import ProtectionError, protect


class Command(BaseCommand):
    help = "The audit trail: verify its hash chain, or protect it on PostgreSQL."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="check every entry's hash and link; names the first broken entry")
        protect_parser = sub.add_parser(
            "protect", help="PostgreSQL: the app's role may only read and append audit entries"
        )
        protect_parser.add_argument("--app-role", required=True, help="the role the app connects with")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify":
            verdict = chain.verify(AuditEntry)
            if verdict.broken is not None:
                raise CommandError(f"the audit chain is broken at {verdict.broken}")
            self.stdout.write(f"audit chain intact: {verdict.checked} entries, head {verdict.head}")
            return
        try:
            done = protect(options["app_role"])
        except ProtectionError as error:
            raise CommandError(str(error)) from error
        for line in done:
            self.stdout.write(line)
