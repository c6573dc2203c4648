"""``salkku progress remind [--dry-run] [--within DAYS]``: reports due soon or overdue, and reminders."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from progress import services


class Command(BaseCommand):
    help = "Progress reports of funded projects: `remind` lists reports due within 14 days or overdue and e-mails their implementers."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser(
            "remind", help="List reports due soon or overdue and remind their implementers."
        )
        remind.add_argument("--dry-run", action="store_true", help="Only list; send and record nothing.")
        remind.add_argument(
            "--within", type=int, default=services.REMIND_WITHIN_DAYS, help="Days ahead (default 14)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] != "remind":
            raise CommandError(f"unknown action {options['action']!r}")
        if options["dry_run"]:
            with transaction.atomic():  # a dry run leaves no trace, not even the reports it lists
                self.remind(options)
                transaction.set_rollback(True)
        else:
            self.remind(options)

    def remind(self, options: dict[str, Any]) -> None:
        today = timezone.localdate()
        reports = services.reports_to_remind(today, options["within"])
        dry = options["dry_run"]
        sent = 0
        for report in reports:
            days = (report.due_on - today).days
            when = f"overdue by {-days} d" if days < 0 else f"due in {days} d"
            line = (
                f"{report.due_on.isoformat()}  {when:16}  {report.get_status_display():10}  "
                f"#{report.number} {report.period_start.isoformat()}–{report.period_end.isoformat()}  "
                f"{report.project.name}"
            )
            if dry:
                self.stdout.write(line)
                continue
            if report.reminded_on == today:
                self.stdout.write(f"{line}  (already reminded today)")
                continue
            to = services.remind(report, today)
            sent += 1
            self.stdout.write(f"{line}  → {', '.join(u.username for u in to) or 'no implementer to notify'}")
        summary = f"{len(reports)} report(s) due within {options['within']} days or overdue"
        self.stdout.write(summary + (" (dry run: nothing sent)" if dry else f"; {sent} reminded"))
