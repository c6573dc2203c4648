"""Importing the public EURA project lists as historical projects (``salkku import eura FILE``).

The file is read and checked by :mod:`cores.eura` (pure Python); this module matches the organisations,
plans what to create and update, and writes it in one transaction with bulk operations and audit entries.

* Projects are keyed by their EURA code: a second import of the same file updates what changed and never
  duplicates; an identical second import changes nothing and writes no audit entries.
* Organisations (implementers and funding authorities) are matched by business ID, else by the normalised
  name (``Organisation.name_key``), else created, their kind guessed from the name
  (:func:`cores.eura_names.guess_kind`); a funding authority is created with the kind *authority*. A name match
  is not taken when both sides have a business ID and the IDs differ.
* All or nothing: when any row is invalid nothing is written unless ``skip_invalid`` is given, in which
  case the valid rows are written and the invalid ones reported. ``dry_run`` writes nothing at all but
  reports what would be created, updated and left unchanged.
* A code that belongs to a project funded in Salkku (not historical) is never overwritten: that row is
  reported as invalid.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from audit.services import Actor, audit_record_many
from cores.column_map import MappingError, RowProblem, check_mapping, validate
from cores.eura import LAYOUT_NAMES, Problem, ProjectRow, open_eura, parse_table
from cores.eura_names import guess_kind
from cores.import_fields import PROJECT_SCHEMA, project_row
from cores.tables import Table
from partners.models import Organisation, OrganisationKind, normalise_name
from projects.models import Project

IMPORT_ACTOR = Actor(label="salkku import eura")
BATCH_SIZE = 1000

MONEY_FIELDS = (
    "eura_granted_eu_state",
    "eura_paid_eu_state",
    "eura_planned_public",
    "eura_paid_public",
    "eura_planned_total",
)
# The fields an import owns; a project is "unchanged" when all of them already have the file's values.
IMPORTED_FIELDS = (
    "name",
    "summary",
    "lead_id",
    "funding_authority_id",
    "fund_code",
    "start_date",
    "end_date",
    "status",
    "is_historical",
    "source",
    "eura_status",
    "eura_priority_axis",
    *MONEY_FIELDS,
    "eura_extra",
)
_UPDATE_FIELDS = [f.removesuffix("_id") for f in IMPORTED_FIELDS] + ["updated_at"]

# A mapped spreadsheet's field -> the imported model fields it sets; an update of a mapped row changes
# only the fields its file gives (``is_historical`` always holds).
FIELDS_OF_IMPORT_FIELD: dict[str, tuple[str, ...]] = {
    "code": (),
    "name": ("name",),
    "lead_name": ("lead_id",),
    "lead_business_id": ("lead_id",),
    "fund": ("fund_code",),
    "fund_first": ("fund_code",),
    "status": ("status", "eura_status"),
    "start_date": ("start_date",),
    "end_date": ("end_date",),
    "authority": ("funding_authority_id",),
    "priority_axis": ("eura_priority_axis",),
    "granted_eu_state": ("eura_granted_eu_state",),
    "paid_eu_state": ("eura_paid_eu_state",),
    "planned_public": ("eura_planned_public",),
    "paid_public": ("eura_paid_public",),
    "planned_total": ("eura_planned_total",),
    "summary": ("summary",),
    "source": ("source",),
}
SPREADSHEET = "spreadsheet"


@dataclass
class ImportReport:
    """What an import found and did (or, in a dry run or when it was refused, would have done)."""

    file: str
    layout: str
    dry_run: bool
    skip_invalid: bool
    rows_read: int = 0
    footer_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem | RowProblem] = field(default_factory=list)
    invalid_lines: set[int] = field(default_factory=set)
    funded_kept: int = 0  # rows of Salkku's own export naming a project funded here: never written
    organisations_created: int = 0
    organisations_matched: int = 0
    written: bool = False

    @property
    def invalid(self) -> int:
        return len(self.invalid_lines)

    @property
    def layout_name(self) -> str:
        if self.layout == SPREADSHEET:
            return "spreadsheet (columns mapped)"
        return LAYOUT_NAMES.get(self.layout, self.layout)


def project_import_eura(
    *,
    path: str | Path,
    actor: Actor = IMPORT_ACTOR,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: bool = False,
) -> ImportReport:
    """Import a EURA 2014 list or 2021 export; :class:`cores.eura.EuraFileError` for a wrong file."""
    with open_eura(path) as table:
        report = ImportReport(file=str(path), layout=table.layout, dry_run=dry_run, skip_invalid=skip_invalid)
        with _bar(total=table.total_rows, desc="Reading", unit="row", enabled=progress) as bar:
            parsed = parse_table(table, on_row=bar.update)
    report.rows_read = parsed.rows_read
    report.footer_rows = parsed.footer_rows
    report.problems = list(parsed.problems)
    report.invalid_lines = set(parsed.invalid_lines)

    if dry_run:
        _plan_and_count(parsed.rows, report)
        return report
    # Plan and write in one transaction, so that what was planned is what is written.
    with transaction.atomic():
        plan, organisations = _plan_and_count(parsed.rows, report)
        if report.invalid and not skip_invalid:
            return report  # all or nothing: nothing has been written
        _write(plan, organisations, actor=actor, progress=progress)
    report.written = True
    return report


def project_import_mapped(
    *,
    table: Table,
    mapping: dict[int, str],
    file: str,
    fixed: Mapping[str, Any] | None = None,
    actor: Actor = IMPORT_ACTOR,
    dry_run: bool = False,
    skip_invalid: bool = False,
    today: dt.date | None = None,
) -> ImportReport:
    """Import a spreadsheet list of projects read with :mod:`cores.tables`, its columns mapped to the
    fields of :data:`cores.import_fields.PROJECT_SCHEMA`, ``fixed`` giving fields no column holds one value
    for every row; :class:`MappingError` for an unusable mapping (a bad fixed value too, before any row).

    The same rules as a EURA list: keyed by code, organisations matched, all or nothing unless
    ``skip_invalid``; an existing historical project is updated only in the fields the file gives."""
    fixed = dict(fixed or {})
    errors = check_mapping(mapping, PROJECT_SCHEMA, table.headers, fixed)
    if errors:
        raise MappingError("; ".join(errors))
    checked = validate(table, mapping, PROJECT_SCHEMA, fixed)
    given = frozenset(mapping.values()) | frozenset(fixed)
    day = today or timezone.localdate()
    rows = [project_row(record, given, today=day) for record in checked.records]
    report = ImportReport(file=file, layout=SPREADSHEET, dry_run=dry_run, skip_invalid=skip_invalid)
    report.rows_read = checked.rows_read
    report.problems = list(checked.problems)
    report.invalid_lines = set(checked.invalid_lines)
    if dry_run:
        _plan_and_count(rows, report)
        return report
    with transaction.atomic():
        plan, organisations = _plan_and_count(rows, report)
        if report.invalid and not skip_invalid:
            return report
        _write(plan, organisations, actor=actor, progress=False)
    report.written = True
    return report


def _plan_and_count(rows: Sequence[ProjectRow], report: ImportReport) -> tuple[_Plan, _OrganisationIndex]:
    organisations = _OrganisationIndex()
    plan = _plan(rows, organisations, report)
    report.organisations_created = len(organisations.new)
    report.organisations_matched = len(organisations.matched)
    report.problems.sort(key=lambda p: p.line)
    return plan, organisations


# --- organisations --------------------------------------------------------------------------------------


class _OrganisationIndex:
    """Every organisation, loaded in one query, by business ID and by name key; plus those to create."""

    def __init__(self) -> None:
        self.by_business_id: dict[str, Organisation] = {}
        self.by_key: dict[str, list[Organisation]] = {}
        self.new: list[Organisation] = []
        self.matched: set[int] = set()
        self._keys: dict[str, str] = {}  # name -> normalise_name(name): names recur, the key is costly
        for org in Organisation.objects.only("id", "name", "name_key", "business_id", "kind").order_by("id"):
            if org.business_id:
                self.by_business_id[org.business_id] = org
            self.by_key.setdefault(org.name_key, []).append(org)

    def resolve(self, *, name: str, business_id: str = "", kind: str | None = None) -> Organisation:
        org = self.by_business_id.get(business_id) if business_id else None
        key = self._keys.get(name)
        if key is None:
            key = self._keys[name] = normalise_name(name)
        if org is None and key:
            for candidate in self.by_key.get(key, ()):
                if not business_id or not candidate.business_id or candidate.business_id == business_id:
                    org = candidate
                    break
        if org is None:
            org = Organisation(
                name=name,
                name_key=key,
                business_id=business_id,
                kind=kind or guess_kind(name),
            )
            self.new.append(org)
            if business_id:
                self.by_business_id[business_id] = org
            self.by_key.setdefault(key, []).append(org)
        elif org.pk is not None:
            self.matched.add(org.pk)
        return org


# --- planning -------------------------------------------------------------------------------------------


@dataclass
class _Plan:
    create: list[tuple[ProjectRow, Organisation, Organisation | None]] = field(default_factory=list)
    update: list[tuple[Project, ProjectRow, Organisation, Organisation | None, dict[str, Any]]] = field(
        default_factory=list
    )


def _plan(rows: Sequence[ProjectRow], organisations: _OrganisationIndex, report: ImportReport) -> _Plan:
    """Sort the valid rows into creates, updates and unchanged; load existing projects in batches."""
    plan = _Plan()
    for batch in _chunks(rows, BATCH_SIZE):
        existing = {p.code: p for p in Project.objects.filter(code__in=[r.code for r in batch])}
        for row in batch:
            project = existing.get(row.code)
            if row.source == "salkku":
                if project is not None and not project.is_historical:
                    report.funded_kept += 1  # Salkku's own export of a funded project: nothing to import
                    continue
                problem = Problem(
                    row.line,
                    "",
                    row.code,
                    "a project funded in Salkku is created by a funding decision, never by an import",
                )
                report.problems.append(problem)
                report.invalid_lines.add(row.line)
                continue
            if project is not None and not project.is_historical:
                column = "Koodi" if row.source == "eura2014" else "Hankekoodi"
                problem = Problem(
                    row.line,
                    column,
                    row.code,
                    "this code belongs to a project funded in Salkku; an import never overwrites it",
                )
                report.problems.append(problem)
                report.invalid_lines.add(row.line)
                continue
            lead = organisations.resolve(name=row.lead_name, business_id=row.lead_business_id)
            authority = (
                organisations.resolve(name=row.authority, kind=OrganisationKind.AUTHORITY)
                if row.authority
                else None
            )
            if project is None:
                plan.create.append((row, lead, authority))
                report.created += 1
                continue
            before = _values(project)
            after = _row_values(row, lead, authority)
            if row.given is not None:
                owned = {name for key in row.given for name in FIELDS_OF_IMPORT_FIELD.get(key, ())}
                after = {name: (value if name in owned else before[name]) for name, value in after.items()}
                after["is_historical"] = True
            if after == before:
                report.unchanged += 1
            else:
                plan.update.append((project, row, lead, authority, before))
                report.updated += 1
    return plan


def _org_id(org: Organisation | None) -> Any:
    if org is None:
        return None
    return org.pk if org.pk is not None else ("new", id(org))


def _row_values(row: ProjectRow, lead: Organisation, authority: Organisation | None) -> dict[str, Any]:
    """The imported fields' values for a row (an organisation not yet saved compares as a new id)."""
    return {
        "name": row.name,
        "summary": row.summary,
        "lead_id": _org_id(lead),
        "funding_authority_id": _org_id(authority),
        "fund_code": row.fund_code,
        "start_date": row.start_date,
        "end_date": row.end_date,
        "status": row.status,
        "is_historical": True,
        "source": row.source,
        "eura_status": row.eura_status,
        "eura_priority_axis": row.priority_axis,
        "eura_granted_eu_state": row.granted_eu_state,
        "eura_paid_eu_state": row.paid_eu_state,
        "eura_planned_public": row.planned_public,
        "eura_paid_public": row.paid_public,
        "eura_planned_total": row.planned_total,
        "eura_extra": row.extra,
    }


def _values(project: Project) -> dict[str, Any]:
    return {name: getattr(project, name) for name in IMPORTED_FIELDS}


# --- writing --------------------------------------------------------------------------------------------


def _write(plan: _Plan, organisations: _OrganisationIndex, *, actor: Actor, progress: bool) -> None:
    """Create the new organisations, then create and update the projects in batches, with audit entries."""
    Organisation.objects.bulk_create(organisations.new, batch_size=BATCH_SIZE)
    now = timezone.now()
    total = len(plan.create) + len(plan.update)
    with _bar(total=total, desc="Writing", unit="project", enabled=progress and total > 0) as bar:
        for batch in _chunks(plan.create, BATCH_SIZE):
            projects = [
                Project(code=row.code, **_model_values(row, lead, authority))
                for row, lead, authority in batch
            ]
            Project.objects.bulk_create(projects, batch_size=BATCH_SIZE)
            audit_record_many(
                actor=actor,
                action="project.imported",
                changes=((p, {}, {"code": p.code, **_money(p)}) for p in projects),
            )
            bar.update(len(batch))
        for update_batch in _chunks(plan.update, BATCH_SIZE):
            changes = []
            for project, row, lead, authority, before in update_batch:
                owned = _owned(row)
                for name, value in _model_values(row, lead, authority).items():
                    if owned is None or name in owned:
                        setattr(project, name, value)
                project.updated_at = now
                after = _values(project)
                changed = [name for name in IMPORTED_FIELDS if after[name] != before[name]]
                shown = [*MONEY_FIELDS, *(name for name in changed if name not in MONEY_FIELDS)]
                changes.append(
                    (
                        project,
                        {name: _jsonable(before[name]) for name in shown},
                        {name: _jsonable(after[name]) for name in shown},
                    )
                )
            Project.objects.bulk_update([c[0] for c in changes], _UPDATE_FIELDS, batch_size=BATCH_SIZE)
            audit_record_many(actor=actor, action="project.updated", changes=changes)
            bar.update(len(update_batch))
    if total:
        from projects.signals import projects_imported

        projects_imported.send(sender=Project, count=total)


def _owned(row: ProjectRow) -> set[str] | None:
    """The model fields a mapped row sets on update (None: every imported field, a EURA list)."""
    if row.given is None:
        return None
    names = {name for key in row.given for name in FIELDS_OF_IMPORT_FIELD.get(key, ())}
    return {name.removesuffix("_id") for name in names} | {"is_historical"}


def _model_values(row: ProjectRow, lead: Organisation, authority: Organisation | None) -> dict[str, Any]:
    values = _row_values(row, lead, authority)
    del values["lead_id"], values["funding_authority_id"]
    values["lead"] = lead
    values["funding_authority"] = authority
    return values


def _money(project: Project) -> dict[str, Any]:
    return {name: _jsonable(getattr(project, name)) for name in MONEY_FIELDS}


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# --- helpers --------------------------------------------------------------------------------------------


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _bar(*, total: int | None, desc: str, unit: str, enabled: bool) -> tqdm[Any]:
    """A progress bar on stderr, shown only when asked for and stderr is a terminal."""
    return tqdm(
        total=total,
        desc=desc,
        unit=unit,
        file=sys.stderr,
        disable=not (enabled and sys.stderr.isatty()),
        leave=False,
        unit_scale=True,
        mininterval=0.5,
    )
