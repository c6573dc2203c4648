"""``salkku agreement``: load the agreements' versioned data files, or list the agreements."""

from __future__ import annotations

from argparse import ArgumentParser, RawDescriptionHelpFormatter
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Count, Sum

from audit.services import Actor
from cores.money import format_eur
from programme.models import Agreement
from programme.services import (
    FixtureError,
    LoadResult,
    UnknownAgreementError,
    agreement_load,
    agreement_load_all,
    agreement_slugs,
)

HELP = """\
Load an innovation ecosystem agreement from the versioned data files in programme/data/, or list the
agreements in the database.

  salkku agreement load capital-region    the capital region (Helsinki, Espoo, Vantaa)
  salkku agreement load --all             every agreement the data files define
  salkku agreement load tampere --dry-run check and show what would change, write nothing
  salkku agreement list                   the agreements with status and counts

Loading first loads the common data (programme period, funds, national annual pool, methods, EU common
indicators). It is idempotent: running it again with the same files changes nothing. When a file has an
error, the command names the file, the key and the reason, and writes nothing.
"""


class _DryRun(Exception):
    """Raised inside the transaction of a dry run to roll it back."""

    def __init__(self, result: LoadResult) -> None:
        self.result = result


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", metavar="{load,list}", required=True)
        load = actions.add_parser(
            "load",
            help="load agreements from programme/data/ (idempotent)",
            description="Load the common data and the named agreements from programme/data/.",
        )
        load.add_argument("slugs", nargs="*", metavar="AGREEMENT", help="e.g. capital-region")
        load.add_argument("--all", action="store_true", help="load every agreement the data files define")
        load.add_argument(
            "--dry-run", action="store_true", help="validate and show what would change, but write nothing"
        )
        actions.add_parser(
            "list",
            help="list the agreements with status and counts",
            description="List the agreements in the database with their status and counts.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            self.list_agreements()
        else:
            self.load(options["slugs"], load_all=options["all"], dry_run=options["dry_run"])

    def load(self, slugs: list[str], *, load_all: bool, dry_run: bool) -> None:
        if load_all == bool(slugs):
            try:
                known = ", ".join(agreement_slugs())
            except FixtureError as error:
                raise CommandError(f"the data files have errors:\n{error}") from None
            raise CommandError(f"name the agreements to load, or give --all (known: {known})")
        actor = Actor(label="salkku agreement load")
        try:
            with transaction.atomic():
                if load_all:
                    result = agreement_load_all(actor=actor)
                else:
                    result = LoadResult()
                    for slug in slugs:
                        _merge(result, agreement_load(slug=slug, actor=actor))
                if dry_run:
                    raise _DryRun(result)
        except _DryRun as rolled_back:
            result = rolled_back.result
            self.stdout.write("dry run: nothing was written")
        except UnknownAgreementError as error:
            raise CommandError(str(error)) from None
        except FixtureError as error:
            raise CommandError("the data files have errors; nothing was written:\n" + str(error)) from None
        self.stdout.write(result.summary())
        if not result.changed:
            self.stdout.write(self.style.SUCCESS("up to date: nothing changed"))
        elif not dry_run:
            self.stdout.write(self.style.SUCCESS("loaded"))

    def list_agreements(self) -> None:
        rows = (
            Agreement.objects.select_related("period")
            .annotate(
                n_parties=Count("parties", distinct=True),
                n_themes=Count("themes", distinct=True),
                n_subtopics=Count("themes__subtopics", distinct=True),
            )
            .order_by("slug")
        )
        frames = dict(Agreement.objects.values_list("pk").annotate(total=Sum("annual_frames__amount")))
        seats = dict(Agreement.objects.values_list("pk").annotate(n=Count("steering_group__seats")))
        header = ("AGREEMENT", "STATUS", "PARTIES", "THEMES", "SUB-TOPICS", "SEATS", "FRAMES", "VERSION")
        table = [header]
        for a in rows:
            total: Decimal | None = frames.get(a.pk)
            table.append(
                (
                    a.slug,
                    a.status,
                    str(a.n_parties),
                    str(a.n_themes),
                    str(a.n_subtopics),
                    str(seats.get(a.pk, 0)),
                    format_eur(total, lang="en", decimals=False) if total is not None else "–",
                    a.fixture_version or "–",
                )
            )
        if len(table) == 1:
            self.stdout.write("no agreements yet; load them with: salkku agreement load --all")
            return
        widths = [max(len(row[i]) for row in table) for i in range(len(header))]
        numeric = {2, 3, 4, 5, 6}
        for row in table:
            cells = [
                c.rjust(w) if i in numeric else c.ljust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ]
            self.stdout.write("  ".join(cells).rstrip())


def _merge(into: LoadResult, other: LoadResult) -> None:
    into.slugs += [s for s in other.slugs if s not in into.slugs]
    into.versions.update(other.versions)
    into.created.update(other.created)
    into.updated.update(other.updated)
    into.deleted.update(other.deleted)
    into.audit_entries += other.audit_entries
    into.warnings += [w for w in other.warnings if w not in into.warnings]
