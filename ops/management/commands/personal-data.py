"""``salkku personal-data export|erase --email ADDRESS | --username NAME``: a person's data on request."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ops import personal_data


class Command(BaseCommand):
    help = "Export a person's data, or erase it (keeping what audit requires): docs/personal-data.md"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("--email", default="", help="the person's e-mail address")
        parser.add_argument("--username", default="", help="the person's user name")
        parser.add_argument("--out", type=Path, help="export: write the JSON here (default: standard output)")
        parser.add_argument("--operator", default="", help="erase: who carries the request out (audited)")
        parser.add_argument("--yes", action="store_true", help="erase: do it (without, nothing is erased)")

    def handle(self, *args: Any, **options: Any) -> None:
        email, username = options["email"].strip(), options["username"].strip()
        if not email and not username:
            raise CommandError("give --email or --username")
        users, people = personal_data.find(email=email, username=username)
        if not users and not people:
            raise CommandError("no account or contact person matches")
        if options["action"] == "export":
            text = json.dumps(
                personal_data.export(email=email, username=username), ensure_ascii=False, indent=2
            )
            if options["out"]:
                options["out"].write_text(text + "\n", encoding="utf-8")
                self.stdout.write(f"exported to {options['out']}")
            else:
                self.stdout.write(text)
            return
        if not options["yes"]:
            raise CommandError(
                f"would erase {len(users)} account(s) and {len(people)} contact person(s): add --yes to erase"
            )
        if not options["operator"]:
            raise CommandError("give --operator NAME: the erasure is audited with who carried it out")
        done = personal_data.erase(email=email, username=username, operator=options["operator"])
        self.stdout.write(
            f"erased: {done['accounts']} account(s) anonymised, {done['contact_persons']} contact person(s) removed; "
            "audit entries and decisions are kept (see the export's kept_after_erasure)"
        )
