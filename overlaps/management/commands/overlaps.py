"""``salkku overlaps``: the overlap report, an index rebuild, and every pair above a threshold as CSV."""

from __future__ import annotations

import csv
from argparse import ArgumentParser, RawDescriptionHelpFormatter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from overlaps import engine, services
from overlaps.models import OverlapCluster, RiskFlag
from overlaps.texts import items_for
from programme.models import Agreement

HELP = """\
Overlaps between ideas, proposals and projects, and double-funding risk flags.

  salkku overlaps rebuild                       index every text again and recompute the report and flags
  salkku overlaps report [--agreement SLUG]     the clusters and flags as CSV (on standard output)
  salkku overlaps pairs [--threshold 0.4]       every pair of texts at or above the threshold as CSV

The pages show what the background worker (salkku db_worker) computed when a text was saved; rebuild
after restoring a database or changing many texts outside Salkku.
"""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["rebuild", "report", "pairs"])
        parser.add_argument("--agreement", help="the agreement's slug (report; default: every agreement)")
        parser.add_argument(
            "--threshold",
            type=float,
            default=None,
            help="pairs: the lowest score (default: the app's threshold)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "rebuild":
            done = services.rebuild()
            clusters = OverlapCluster.objects.filter(is_current=True).count()
            flags = RiskFlag.objects.filter(is_current=True).count()
            self.stdout.write(
                f"{len(done.items)} texts indexed; similar items of {done.matched} computed; "
                f"{clusters} clusters; {flags} risk flags"
            )
        elif action == "pairs":
            limit = options["threshold"]
            if limit is not None and not 0.0 <= limit <= 1.0:
                raise CommandError("--threshold: give a number from 0 to 1")
            pairs = engine.pairs_above(limit)
            titles = items_for({k for a, b, _ in pairs for k in (a, b)})
            writer = csv.writer(self.stdout, lineterminator="\n")
            writer.writerow(["key_a", "title_a", "key_b", "title_b", "score"])
            for a, b, score in pairs:
                writer.writerow([a, _title(titles, a), b, _title(titles, b), f"{score:.4f}"])
        else:
            self._report(options.get("agreement"))

    def _report(self, slug: str | None) -> None:
        clusters = OverlapCluster.objects.order_by("-top_score", "pk")
        flags = RiskFlag.objects.order_by("agreement_id", "kind", "pk")
        if slug:
            agreement = Agreement.objects.filter(slug=slug).first()
            if agreement is None:
                raise CommandError(f"no agreement {slug!r}")
            clusters = clusters.filter(agreements=agreement)
            flags = flags.filter(agreement=agreement)
        titles = items_for({k for c in clusters for k in c.members})
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(["record", "id", "status", "current", "score_or_kind", "key", "title", "reason"])
        for c in clusters:
            for key in c.members:
                row = [
                    "cluster",
                    c.pk,
                    c.status,
                    c.is_current,
                    f"{c.top_score:.4f}",
                    key,
                    _title(titles, key),
                    c.reason,
                ]
                writer.writerow(row)
        for f in flags:
            writer.writerow(["flag", f.pk, f.status, f.is_current, f.kind, "", f.summary, f.reason])


def _title(items: dict[str, Any], key: str) -> str:
    item = items.get(key)
    return item.title if item is not None else ""
