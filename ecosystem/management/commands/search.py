"""``salkku search rebuild``: every search entry again from the data (ecosystem.search)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from ecosystem import search


class Command(BaseCommand):
    help = (
        "The search index. 'rebuild' writes every entry again: after a restore, or after loading data in "
        "bulk outside Salkku's pages and imports."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["rebuild"])

    def handle(self, *args: Any, **options: Any) -> None:
        counts = search.rebuild()
        total = sum(counts.values())
        detail = ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items()))
        self.stdout.write(f"{total} entries indexed ({detail})")
