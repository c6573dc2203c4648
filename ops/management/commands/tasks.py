"""``salkku tasks recover``: put the jobs of a worker that died back in the queue."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ops.recovery import requeue_stalled_reports


class Command(BaseCommand):
    help = "Background tasks: `recover` requeues annual reports left running by a worker that stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        recover = sub.add_parser("recover", help="requeue reports running longer than --older-than minutes")
        recover.add_argument("--older-than", type=float, default=30.0, help="minutes (default 30)")

    def handle(self, *args: Any, **options: Any) -> None:
        done = requeue_stalled_reports(dt.timedelta(minutes=options["older_than"]))
        self.stdout.write(f"requeued {len(done)} annual report(s): {', '.join(map(str, done)) or '-'}")
