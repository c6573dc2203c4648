"""``salkku import eura FILE``: import a public EURA project list (or any list of projects, its columns
mapped) as historical projects; ``salkku import indicators|spending FILE --user NAME``: a reporting period's
indicator actuals or spending for many funded projects at once (:mod:`progress.imports`)."""

from __future__ import annotations

from argparse import ArgumentParser, RawDescriptionHelpFormatter
from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from accounts.models import User
from cores.column_map import (
    MappingError,
    Schema,
    check_mapping,
    combine,
    fixed_by_key,
    mapping_by_header,
    mapping_from_headers,
    parse_fixed_document,
    parse_map_options,
    parse_mapping_document,
    parse_set_options,
    suggest,
)
from cores.eura import EuraFileError, EuraHeaderError, is_eura_header, open_eura
from cores.import_fields import INDICATOR_ACTUALS, PROJECT_SCHEMA, SPENDING
from cores.tables import Table, TableError, read_table
from progress.imports import FiguresReport, figures_import, figures_schema
from projects.import_texts import file_error_text, mapping_error_text, problem_text
from projects.importers import IMPORT_ACTOR, ImportReport, project_import_eura, project_import_mapped

FIGURES = {"indicators": INDICATOR_ACTUALS, "spending": SPENDING}

HELP = """\
Import a public EURA project list as historical projects (used to find overlaps with earlier projects).

  salkku import eura LIST.csv                  the EURA 2014 public list (CSV)
  salkku import eura EXPORT.xlsx               the EURA 2021 public Excel export
  salkku import eura FILE --dry-run            check the file and show what would change; write nothing
  salkku import eura FILE --skip-invalid       import the valid rows and report the invalid ones
  salkku import eura FILE --map "Nimi=name"    say which column is which field (repeatable)
  salkku import eura FILE --mapping MAP.yaml   the same from a file: columns: {"Nimi": name, "Muuta": ignore}
  salkku import eura FILE --set "lead_name=Turun kaupunki"
                                               give a field no column holds one value for every row
                                               (repeatable; in a mapping file: fixed: {lead_name: ...})

Any other CSV or XLSX list of projects (a Finnish list of an earlier period, the EU's Kohesio CSV, a
city's own spreadsheet, Salkku's own project-list export) is read by mapping its columns to the fields
below; the mapping is suggested from the headers (known Finnish, Swedish and English names) and printed,
and --map / --mapping correct it. A column mapped to "ignore" is left out. A field no column holds (the
beneficiary of Kohesio's project-search download, the fund of a city's own sheet) may be given a fixed
value with --set FIELD=VALUE: it is read as a cell would be (a fund that does not exist, a date that is
not a date is refused before any row is read). A mapping that leaves a required field neither mapped nor
set, names an unknown column or field, maps one field twice, or both maps and sets a field exits with
status 2.

Fields (* required): code*, name*, lead_name*, lead_business_id, fund (or fund_first: the first of
the funds a cell names, "ERDF;ESF+" -> ERDF), status, start_date, end_date, authority, priority_axis,
granted_eu_state, paid_eu_state, planned_public, paid_public, planned_total, summary, source.

Projects are keyed by their code: importing the same file again changes nothing. Organisations are
matched by business ID, then by name, else created. By default the import is all or nothing: if any row
is invalid, every problem is listed (line, column, value, reason), nothing is written and the command
exits with status 1.

A reporting period's figures for many funded projects at once, from any CSV or XLSX, mapped the same way
(--map, --mapping, --set, --skip-invalid, --dry-run; e.g. --set "period=30.6.2025" for a sheet of one
period), as the coordinator named by --user (who must be allowed to import for the projects' agreement,
as on the import page):

  salkku import indicators ACTUALS.xlsx --user koordinaattori
      fields: project_code*, period* (a date in the reporting period), indicator*, actual*
  salkku import spending COSTS.csv --user koordinaattori
      fields: project_code*, period*, year (default: the date's year), category*, source*, amount*

Each row sets one figure of the project's progress report of that period (a draft or returned report;
a submitted or approved one is frozen); every changed report gets one audit entry.
"""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "source",
            choices=["eura", *FIGURES],
            help="what the file lists: projects (eura), indicator actuals (indicators) or spending",
        )
        parser.add_argument("file", help="a CSV or XLSX file (e.g. the EURA 2014 list or EURA 2021 export)")
        parser.add_argument(
            "--user", metavar="USERNAME", help="indicators, spending: the coordinator the import is made as"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the file and report what would change; write nothing",
        )
        parser.add_argument(
            "--skip-invalid", action="store_true", help="write the valid rows and report the invalid ones"
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="SOURCE COLUMN=FIELD",
            help="map a column of the file to a field (or to 'ignore'); repeatable",
        )
        parser.add_argument("--mapping", metavar="FILE.yaml", help="a YAML file mapping columns to fields")
        parser.add_argument(
            "--set",
            action="append",
            default=[],
            metavar="FIELD=VALUE",
            help="give a field no column holds one value for every row (read as a cell would be); repeatable",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["source"] in FIGURES:
            self._import_figures(FIGURES[options["source"]], options)
            return
        mapped = bool(options["map"] or options["mapping"] or options["set"])
        if not mapped:
            try:
                open_eura(options["file"]).close()
            except EuraHeaderError:
                mapped = True  # not a whole EURA layout: its columns are mapped
            except EuraFileError as error:
                # A whole EURA layout keeps the EURA reader's refusal (e.g. "save it as UTF-8"); another
                # list in, say, Windows-1252 is read by the spreadsheet reader.
                if not Path(options["file"]).is_file() or _is_eura_file(Path(options["file"])):
                    raise CommandError(file_error_text(str(error))) from None
                mapped = True
        if mapped:
            report = self._import_mapped(options)
        else:
            try:
                report = project_import_eura(
                    path=options["file"],
                    actor=IMPORT_ACTOR,
                    dry_run=options["dry_run"],
                    skip_invalid=options["skip_invalid"],
                    progress=not options["quiet"],
                )
            except EuraFileError as error:
                raise CommandError(file_error_text(str(error))) from None

        self._problems(report.problems, PROJECT_SCHEMA)
        self.stdout.write(self._summary(report))
        self._refuse_if_invalid(report.invalid, len(report.problems), report.skip_invalid)

    def _read(self, options: dict[str, Any]) -> tuple[Path, Table]:
        path = Path(options["file"])
        try:
            return path, read_table(path.read_bytes(), path.name)
        except OSError as error:
            raise CommandError(
                _("The file %(file)s cannot be read (%(why)s).") % {"file": path.name, "why": error.strerror}
            ) from None
        except TableError as error:
            raise CommandError(file_error_text(str(error))) from None

    def _mapping(
        self, options: dict[str, Any], table: Table, schema: Schema
    ) -> tuple[dict[int, str], dict[str, str]]:
        """The suggested mapping with --mapping and --map over it, and the fixed values of the mapping file
        with --set over them, printed; exit 2 when they cannot be used."""
        try:
            given: dict[str, str] = {}
            fixed: dict[str, str] = {}
            if options["mapping"]:
                document = _load_yaml(Path(options["mapping"]))
                given.update(parse_mapping_document(document))
                fixed.update(fixed_by_key(parse_fixed_document(document), schema))
            given.update(parse_map_options(options["map"]))
            fixed.update(fixed_by_key(parse_set_options(options["set"]), schema))
            mapping = combine(
                suggest(table.headers, schema), mapping_from_headers(given, table.headers, schema)
            )
            errors = check_mapping(mapping, schema, table.headers, fixed)
            if errors:
                raise MappingError("; ".join(errors))
        except MappingError as error:
            raise _unusable(error) from None
        shown = ", ".join(
            f"{header!r} → {key}" for header, key in mapping_by_header(mapping, table.headers).items()
        )
        self.stdout.write(_("Columns: %(mapping)s") % {"mapping": shown})
        if fixed:
            values = ", ".join(f"{key} = {value!r}" for key, value in fixed.items())
            self.stdout.write(_("Fixed values (every row): %(values)s") % {"values": values})
        ignored = [h for i, h in enumerate(table.headers) if h and i not in mapping]
        if ignored:
            self.stdout.write(
                _("Ignored columns: %(columns)s") % {"columns": ", ".join(repr(h) for h in ignored)}
            )
        return mapping, fixed

    def _import_figures(self, kind: str, options: dict[str, Any]) -> None:
        if not options["user"]:
            raise CommandError(
                _("Say as whom the figures are imported: --user USERNAME (a coordinator of the agreement)."),
                returncode=2,
            )
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(_("No active user %(user)s.") % {"user": options["user"]}, returncode=2)
        schema = figures_schema(kind)
        path, table = self._read(options)
        mapping, fixed = self._mapping(options, table, schema)
        try:
            report = figures_import(
                actor=user,
                kind=kind,
                table=table,
                mapping=mapping,
                fixed=fixed,
                file=str(path),
                dry_run=options["dry_run"],
                skip_invalid=options["skip_invalid"],
            )
        except MappingError as error:
            raise _unusable(error) from None
        self._problems(report.problems, schema)
        self.stdout.write(self._figures_summary(report))
        self._refuse_if_invalid(report.invalid, len(report.problems), report.skip_invalid)

    def _figures_summary(self, report: FiguresReport) -> str:
        if report.dry_run:
            heading = _("Dry run (nothing was written)")
        elif report.written:
            heading = _("Imported")
        else:
            heading = _("Not imported")
        what = _("indicator actuals") if report.kind == INDICATOR_ACTUALS else _("spending")
        lines = [
            f"{heading}: {what} {report.file}",
            _("  rows read: %(n)d") % {"n": report.rows_read},
            _("  figures created: %(c)d, updated: %(u)d, unchanged: %(s)d, invalid rows: %(i)d")
            % {"c": report.created, "u": report.updated, "s": report.unchanged, "i": report.invalid},
            _("  progress reports changed: %(n)d") % {"n": report.reports_changed},
        ]
        if not report.written and (report.created or report.updated):
            lines.append(_("  (the figures say what the import would do)"))
        return "\n".join(lines)

    def _problems(self, problems: list[Any], schema: Schema) -> None:
        for problem in problems:
            self.stderr.write(problem_text(problem, schema))

    def _refuse_if_invalid(self, invalid: int, problems: int, skip_invalid: bool) -> None:
        if invalid and not skip_invalid:
            raise CommandError(
                _(
                    "%(rows)d invalid row(s), %(problems)d problem(s) listed above: nothing was written. "
                    "Correct the file, or use --skip-invalid to import the valid rows."
                )
                % {"rows": invalid, "problems": problems}
            )

    def _import_mapped(self, options: dict[str, Any]) -> ImportReport:
        path, table = self._read(options)
        mapping, fixed = self._mapping(options, table, PROJECT_SCHEMA)
        return project_import_mapped(
            table=table,
            mapping=mapping,
            fixed=fixed,
            file=str(path),
            actor=IMPORT_ACTOR,
            dry_run=options["dry_run"],
            skip_invalid=options["skip_invalid"],
        )

    def _summary(self, report: ImportReport) -> str:
        if report.dry_run:
            heading = _("Dry run (nothing was written)")
        elif report.written:
            heading = _("Imported")
        else:
            heading = _("Not imported")
        lines = [
            f"{heading}: {_layout(report.layout_name)} {report.file}",
            _("  rows read: %(n)d") % {"n": report.rows_read},
            _("  projects created: %(c)d, updated: %(u)d, unchanged: %(s)d, invalid: %(i)d")
            % {"c": report.created, "u": report.updated, "s": report.unchanged, "i": report.invalid},
            _("  organisations created: %(c)d, matched: %(m)d")
            % {"c": report.organisations_created, "m": report.organisations_matched},
        ]
        if report.funded_kept:
            lines.append(
                _("  projects funded in Salkku, kept as they are: %(n)d") % {"n": report.funded_kept}
            )
        if report.footer_rows:
            lines.append(_("  footer rows skipped: %(n)d") % {"n": report.footer_rows})
        if not report.written and (report.created or report.updated or report.organisations_created):
            lines.append(_("  (the figures say what the import would do)"))
        return "\n".join(lines)


def _layout(name: str) -> str:
    """The kind of list read, in the command's language."""
    names = {
        "EURA 2014 list": _("EURA 2014 list"),
        "EURA 2021 export": _("EURA 2021 export"),
        "spreadsheet (columns mapped)": _("spreadsheet (columns mapped)"),
    }
    return str(names.get(name, name))


def _unusable(error: MappingError) -> CommandError:
    return CommandError(
        _(
            "The column mapping cannot be used: %(error)s. Say which column is which with "
            '--map "SOURCE COLUMN=FIELD" or --mapping FILE.yaml, and give a field no column holds a value '
            'with --set "FIELD=VALUE".'
        )
        % {"error": mapping_error_text(str(error))},
        returncode=2,
    )


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise MappingError(f"the mapping file {path.name} cannot be read ({error.strerror})") from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise MappingError(f"the mapping file {path.name} is not YAML ({error})") from None


def _is_eura_file(path: Path) -> bool:
    try:
        return is_eura_header(read_table(path.read_bytes(), path.name).headers)
    except TableError:
        return True  # unreadable either way: the EURA reader's message stands
