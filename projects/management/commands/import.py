"""``salkku import eura FILE``: import a public EURA project list as historical projects."""

from __future__ import annotations

from argparse import ArgumentParser, RawDescriptionHelpFormatter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from cores.eura import EuraFileError
from projects.importers import IMPORT_ACTOR, ImportReport, project_import_eura

HELP = """\
Import a public EURA project list as historical projects (used to find overlaps with earlier projects).

  salkku import eura LIST.csv                  the EURA 2014 public list (CSV)
  salkku import eura EXPORT.xlsx               the EURA 2021 public Excel export
  salkku import eura FILE --dry-run            check the file and show what would change; write nothing
  salkku import eura FILE --skip-invalid       import the valid rows and report the invalid ones

Projects are keyed by their code: importing the same file again changes nothing. Organisations are
matched by business ID, then by name, else created. By default the import is all or nothing: if any row
is invalid, every problem is listed (line, column, value, reason), nothing is written and the command
exits with status 1.
"""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("source", choices=["eura"], help="what kind of list the file is (eura)")
        parser.add_argument("file", help="the EURA 2014 list (.csv) or the EURA 2021 export (.xlsx)")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the file and report what would change; write nothing",
        )
        parser.add_argument(
            "--skip-invalid", action="store_true", help="write the valid rows and report the invalid ones"
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = project_import_eura(
                path=options["file"],
                actor=IMPORT_ACTOR,
                dry_run=options["dry_run"],
                skip_invalid=options["skip_invalid"],
                progress=not options["quiet"],
            )
        except EuraFileError as error:
            raise CommandError(str(error)) from None

        for problem in report.problems:
            self.stderr.write(str(problem))
        self.stdout.write(self._summary(report))
        if report.invalid and not report.skip_invalid:
            raise CommandError(
                _(
                    "%(rows)d invalid row(s), %(problems)d problem(s) listed above: nothing was written. "
                    "Correct the file, or use --skip-invalid to import the valid rows."
                )
                % {"rows": report.invalid, "problems": len(report.problems)}
            )

    def _summary(self, report: ImportReport) -> str:
        if report.dry_run:
            heading = _("Dry run (nothing was written)")
        elif report.written:
            heading = _("Imported")
        else:
            heading = _("Not imported")
        lines = [
            f"{heading}: {report.layout_name} {report.file}",
            _("  rows read: %(n)d") % {"n": report.rows_read},
            _("  projects created: %(c)d, updated: %(u)d, unchanged: %(s)d, invalid: %(i)d")
            % {"c": report.created, "u": report.updated, "s": report.unchanged, "i": report.invalid},
            _("  organisations created: %(c)d, matched: %(m)d")
            % {"c": report.organisations_created, "m": report.organisations_matched},
        ]
        if report.footer_rows:
            lines.append(_("  footer rows skipped: %(n)d") % {"n": report.footer_rows})
        if not report.written and (report.created or report.updated or report.organisations_created):
            lines.append(_("  (the figures say what the import would do)"))
        return "\n".join(lines)
