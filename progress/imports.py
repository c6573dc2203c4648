"""Importing a reporting period's figures for many projects at once from a spreadsheet: indicator actuals
(project code, a date in the period, indicator code, value) and spending (project code, a date in the
period, cost category, financing source, amount; the year defaults to the date's year).

The columns are mapped as for a project list (:mod:`cores.column_map`, :mod:`cores.import_fields`). Each
row goes to the project's progress report whose period contains the date, with the rules of
:func:`progress.services.report_save`: the project is funded here and of an agreement where the actor may
import, the report is a draft or returned (a submitted or approved report is frozen), an indicator is one
of the project's targets, the spending year falls within the period, values are not negative. A row sets
one figure (an indicator's actual, or one spending line) and leaves the report's other figures as they
are. All or nothing unless ``skip_invalid``; each changed report gets one audit entry with its content
before and after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import can
from audit.services import Actor, audit_record
from cores.column_map import MappingError, Record, RowProblem, Schema, check_mapping, validate
from cores.eura_values import format_date
from cores.import_fields import INDICATOR_ACTUALS, SPENDING, schema_of
from cores.money import quantize
from cores.tables import Table
from pipeline.models import CostCategory, FinancingSource
from progress.models import EDITABLE, ProgressReport, ReportIndicator, ReportSpending
from progress.services import ensure_reports, report_content, targets_of
from projects.models import Project

IMPORT_ACTION = "import.spreadsheet"


def _words(choices: Any) -> dict[str, str]:
    """A vocabulary of a TextChoices: its codes and its labels in Finnish, Swedish and English."""
    from django.utils import translation

    words: dict[str, str] = {}
    for value, label in choices.choices:
        words[str(value)] = str(value)
        for language in ("fi", "sv", "en"):
            with translation.override(language):
                words.setdefault(str(label), str(value))
    return words


# Words a spreadsheet uses beside the labels of the three languages.
CATEGORY_WORDS = {
    "henkilöstö": "personnel",
    "palkat": "personnel",
    "palkkakulut": "personnel",
    "personal": "personnel",
    "palvelut": "services",
    "services": "services",
    "laitteet": "equipment",
    "kalusto": "equipment",
    "utrustning": "equipment",
    "matkat": "travel",
    "matkakulut": "travel",
    "resor": "travel",
    "muut": "other",
    "muut kulut": "other",
    "övriga": "other",
}
SOURCE_WORDS = {
    "eakr": "ERDF",
    "eruf": "ERDF",
    "esr": "ESF+",
    "esr+": "ESF+",
    "osr": "JTF",
    "frö": "JTF",
    "valtio": "STATE",
    "valtion rahoitus": "STATE",
    "staten": "STATE",
    "state": "STATE",
    "kunta": "CITY",
    "kaupunki": "CITY",
    "kommun": "CITY",
    "stad": "CITY",
    "oma": "OWN",
    "omarahoitus": "OWN",
    "egen": "OWN",
    "yksityinen": "PRIVATE",
    "privat": "PRIVATE",
}


def figures_schema(kind: str) -> Schema:
    """The schema of a figures import, with the register's cost categories and financing sources."""
    return schema_of(
        kind,
        categories={**CATEGORY_WORDS, **_words(CostCategory)},
        sources={**SOURCE_WORDS, **_words(FinancingSource)},
    )


@dataclass
class FiguresReport:
    kind: str
    file: str
    dry_run: bool
    skip_invalid: bool
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    reports_changed: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    invalid_lines: set[int] = field(default_factory=set)
    written: bool = False

    @property
    def invalid(self) -> int:
        return len(self.invalid_lines)


def figures_import(
    *,
    actor: User,
    kind: str,
    table: Table,
    mapping: Mapping[int, str],
    file: str,
    fixed: Mapping[str, Any] | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
) -> FiguresReport:
    """Import indicator actuals or spending (``kind``); :class:`MappingError` for an unusable mapping."""
    if kind not in (INDICATOR_ACTUALS, SPENDING):
        raise ValueError(kind)
    schema = figures_schema(kind)
    errors = check_mapping(mapping, schema, table.headers, fixed)
    if errors:
        raise MappingError("; ".join(errors))
    checked = validate(table, mapping, schema, fixed)
    report = FiguresReport(kind=kind, file=file, dry_run=dry_run, skip_invalid=skip_invalid)
    report.rows_read = checked.rows_read
    report.problems = list(checked.problems)
    report.invalid_lines = set(checked.invalid_lines)
    column_of = {key: table.headers[i] for i, key in mapping.items() if i < len(table.headers)}

    with transaction.atomic():
        planner = _Planner(actor, kind, column_of, report)
        for record in checked.records:
            planner.add(record)
        report.problems.sort(key=lambda p: p.line)
        planner.write(Actor(user=actor))  # counts what changes
        if dry_run or (report.invalid and not skip_invalid):
            # Nothing is kept: neither the figures nor the draft reports made while checking.
            transaction.set_rollback(True)
            return report
    report.written = True
    return report


class _Planner:
    def __init__(self, actor: User, kind: str, column_of: dict[str, str], report: FiguresReport) -> None:
        self.actor = actor
        self.kind = kind
        self.column_of = column_of
        self.report = report
        self.projects: dict[str, Project | None] = {}
        self.reports: dict[int, list[ProgressReport]] = {}
        self.targets: dict[int, dict[str, Any]] = {}
        self.indicators: dict[ProgressReport, dict[int, Decimal]] = {}
        self.spending: dict[ProgressReport, dict[tuple[int, str, str], Decimal]] = {}

    def problem(self, record: Record, key: str, reason: str) -> None:
        value = record.raw.get(key)
        shown = "" if value is None else str(value)
        self.report.problems.append(RowProblem(record.line, self.column_of.get(key, ""), key, shown, reason))
        self.report.invalid_lines.add(record.line)

    def project(self, code: str) -> Project | None:
        if code not in self.projects:
            self.projects[code] = (
                Project.objects.filter(code=code, is_historical=False).select_related("agreement").first()
            )
        return self.projects[code]

    def add(self, record: Record) -> None:
        v = record.values
        project = self.project(v["project_code"])
        if project is None:
            self.problem(record, "project_code", _("no project funded in Salkku has this code"))
            return
        if not can(self.actor, IMPORT_ACTION, project):
            self.problem(
                record, "project_code", _("the project belongs to an agreement you do not coordinate")
            )
            return
        if project.pk not in self.reports:
            self.reports[project.pk] = ensure_reports(project)
        day: dt.date = v["period"]
        report = next((r for r in self.reports[project.pk] if r.period_start <= day <= r.period_end), None)
        if report is None:
            self.problem(
                record,
                "period",
                _("no reporting period of the project contains %(date)s") % {"date": format_date(day)},
            )
            return
        if report.status not in EDITABLE:
            self.problem(
                record,
                "period",
                _("the report for %(start)s–%(end)s is %(status)s and frozen")
                % {
                    "start": format_date(report.period_start),
                    "end": format_date(report.period_end),
                    "status": report.get_status_display().lower(),
                },
            )
            return
        if self.kind == INDICATOR_ACTUALS:
            self._indicator(record, project, report)
        else:
            self._spending(record, report)

    def _indicator(self, record: Record, project: Project, report: ProgressReport) -> None:
        if project.pk not in self.targets:
            self.targets[project.pk] = {t.indicator.code.casefold(): t for t in targets_of(project)}
        target = self.targets[project.pk].get(str(record.values["indicator"]).casefold())
        if target is None:
            known = ", ".join(t.indicator.code for t in self.targets[project.pk].values()) or "–"
            self.problem(
                record,
                "indicator",
                _("not one of the project's indicator targets (%(known)s)") % {"known": known},
            )
            return
        self.indicators.setdefault(report, {})[target.pk] = record.values["actual"]

    def _spending(self, record: Record, report: ProgressReport) -> None:
        v = record.values
        year = int(v.get("year", v["period"].year))
        if not report.period_start.year <= year <= report.period_end.year:
            self.problem(
                record,
                "year" if "year" in v else "period",
                _("the year must be within the period (%(years)s)")
                % {
                    "years": ", ".join(
                        str(y) for y in range(report.period_start.year, report.period_end.year + 1)
                    )
                },
            )
            return
        self.spending.setdefault(report, {})[(year, v["category"], v["source"])] = quantize(v["amount"])

    def write(self, actor: Actor) -> None:
        for report in sorted(
            {*self.indicators, *self.spending}, key=lambda r: (r.project_id, r.period_start)
        ):
            locked = ProgressReport.objects.select_for_update().get(pk=report.pk)
            before = report_content(locked)
            for target_id, actual in self.indicators.get(report, {}).items():
                self._set(ReportIndicator, {"report": locked, "target_id": target_id}, "actual", actual)
            for (year, category, source), amount in self.spending.get(report, {}).items():
                keys = {"report": locked, "year": year, "category": category, "source": source}
                self._set(ReportSpending, keys, "amount", amount)
            after = report_content(locked)
            if after != before:
                self.report.reports_changed += 1
                locked.save(update_fields=["updated_at"])
                audit_record(
                    actor=actor, action="progress_report.imported", obj=locked, before=before, after=after
                )

    def _set(self, model: Any, keys: dict[str, Any], name: str, value: Decimal) -> None:
        existing = model.objects.filter(**keys).first()
        if existing is None:
            model.objects.create(**keys, **{name: value})
            self.report.created += 1
        elif getattr(existing, name) == value:
            self.report.unchanged += 1
        else:
            setattr(existing, name, value)
            existing.save(update_fields=[name])
            self.report.updated += 1
