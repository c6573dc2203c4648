"""The spreadsheet import pages: upload a file, map its columns (a suggestion, or the mapping confirmed
for the last file of the same shape), see a preview and every row-level error, confirm, see the result.

Project lists go through :func:`projects.importers.project_import_mapped`, a reporting period's figures
through :func:`progress.imports.figures_import`; both write everything in one transaction or nothing
(unless "skip invalid rows" is chosen). Only the coordination team (``import.spreadsheet``) uses them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import agreements_for, can
from audit.services import Actor
from cores.column_map import IGNORE, MappingError, Schema, check_mapping, preview, suggest
from cores.import_fields import PROJECT_SCHEMA, PROJECTS
from cores.tables import Table, TableError, read_table
from programme.models import Agreement
from programme.selectors import current_agreement
from progress.imports import FiguresReport, figures_import, figures_schema
from projects.import_texts import field_label, file_error_text, mapping_error_text, reason_text
from projects.importers import ImportReport, project_import_mapped
from projects.mappings import IMPORT_ACTION, mapping_save, saved_mapping, upload_of, upload_store
from projects.models import ImportKind, ImportUpload
from web.forms import apply_errors
from web.pages import is_htmx_partial

MAX_PROBLEMS_SHOWN = 1000


def schema_for(kind: str) -> Schema:
    return PROJECT_SCHEMA if kind == PROJECTS else figures_schema(kind)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file lists"), choices=ImportKind.choices, widget=forms.RadioSelect, initial=PROJECTS
    )
    file = forms.FileField(
        label=_("Spreadsheet (CSV or XLSX)"),
        help_text=_("The first row (or the first row with several cells filled) names the columns."),
    )


class MappingForm(forms.Form):
    """One choice per column of the file: the field it holds, or ignore it."""

    skip_invalid = forms.BooleanField(
        label=_("Skip invalid rows"),
        required=False,
        help_text=_(
            "Import the valid rows and leave out the rows with errors. Otherwise nothing is written while any row has an error."
        ),
    )

    def __init__(self, *args: Any, headers: list[str], schema: Schema, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(IGNORE, _("Ignore this column"))] + [
            (f.key, f"{field_label(schema, f.key)}{' *' if f.required else ''}") for f in schema.fields
        ]
        self.headers = headers
        self.column_fields = []
        for index, header in enumerate(headers):
            name = f"col_{index}"
            self.fields[name] = forms.ChoiceField(
                label=header or _("Column %(n)s") % {"n": index + 1}, choices=choices, required=False
            )
            self.column_fields.append(name)
        self.order_fields([*self.column_fields, "skip_invalid"])

    def mapping(self) -> dict[int, str]:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return {
            index: data[name]
            for index, name in enumerate(self.column_fields)
            if data.get(name) and data[name] != IGNORE
        }


def _agreement_or_403(request: HttpRequest) -> Any:
    """The agreement the import is for: the one chosen in the header if the user imports for it, else the
    first one they import for (a coordinator whose header still shows another agreement)."""
    agreement = current_agreement(request)
    decision = can(request.user, IMPORT_ACTION, agreement)
    if decision:
        return agreement
    ids = agreements_for(request.user, IMPORT_ACTION)
    allowed = Agreement.objects.all() if ids is None else Agreement.objects.filter(pk__in=ids)
    fallback = allowed.order_by("name_fi").first()
    if fallback is None or not can(request.user, IMPORT_ACTION, fallback):
        raise PermissionDenied(decision.reason)
    return fallback


class ImportUploadView(View):
    request: AuthenticatedHttpRequest
    template_name = "progress/import_upload.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        agreement = _agreement_or_403(request)
        return self._render(request, agreement, UploadForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        agreement = _agreement_or_403(request)
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                stored = upload_store(
                    actor=self.request.user,
                    agreement=agreement,
                    kind=form.cleaned_data["kind"],
                    file_name=upload.name or "",
                    content=upload.read(),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return HttpResponseRedirect(reverse("progress:import_map", args=[stored.pk]))
        return self._render(request, agreement, form)

    def _render(self, request: HttpRequest, agreement: Any, form: UploadForm) -> HttpResponse:
        context = {"form": form, "current_agreement": agreement, "nav_section": "projects"}
        return render(request, self.template_name, context)


class ImportMapView(View):
    request: AuthenticatedHttpRequest
    template_name = "progress/import_map.html"
    partial_template_name = "progress/_import_check.html"

    def setup_upload(self, request: HttpRequest, pk: int) -> tuple[Any, ImportUpload, Table | None, str]:
        agreement = _agreement_or_403(request)
        upload = upload_of(self.request.user, pk)
        if upload is None:
            raise Http404
        try:
            table = read_table(bytes(upload.content), upload.file_name)
        except TableError as error:
            return agreement, upload, None, file_error_text(str(error))
        return agreement, upload, table, ""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement, upload, table, error = self.setup_upload(request, pk)
        if table is None:
            return self._render_unreadable(request, agreement, upload, error)
        schema = schema_for(upload.kind)
        saved = saved_mapping(upload.agreement, upload.kind, table.headers, schema)
        mapping = saved if saved is not None else suggest(table.headers, schema)
        initial = {f"col_{i}": mapping.get(i, IGNORE) for i in range(len(table.headers))}
        form = MappingForm(initial=initial, headers=table.headers, schema=schema)
        form.is_valid()  # unbound: no errors; the check below uses the mapping directly
        check = self._check(request, upload, table, schema, mapping)
        # a suggestion that cannot be used says why at once (a required field no header names)
        unusable = [mapping_error_text(m) for m in check_mapping(mapping, schema, table.headers)]
        return self._render(
            request, agreement, upload, table, schema, form, check, saved is not None, unusable=unusable
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement, upload, table, error = self.setup_upload(request, pk)
        if table is None:
            return self._render_unreadable(request, agreement, upload, error)
        schema = schema_for(upload.kind)
        form = MappingForm(request.POST, headers=table.headers, schema=schema)
        form.is_valid()
        mapping = form.mapping()
        for message in check_mapping(mapping, schema, table.headers):
            form.add_error(None, mapping_error_text(message))
        importing = request.POST.get("action") == "import"
        if importing and form.is_valid():
            with transaction.atomic():  # the import and the mapping it confirms are kept together
                result = self._import(request, upload, table, mapping, skip=form.cleaned_data["skip_invalid"])
                if result.written:
                    self._confirm(request, upload, table, mapping, result)
            if result.written:
                upload_name = upload.file_name
                upload.delete()
                upload.file_name = upload_name
                return render(
                    request,
                    "progress/import_result.html",
                    {
                        "result": result,
                        "upload": upload,
                        "current_agreement": agreement,
                        "nav_section": "projects",
                        "kind_label": ImportKind(upload.kind).label,
                        "problems": shown_problems(result.problems, schema),
                    },
                )
            check: _Check | None = _Check(result, schema, refused=True)
        else:
            check = self._check(request, upload, table, schema, mapping) if form.is_valid() else None
        if is_htmx_partial(request):
            return render(
                request, self.partial_template_name, {"check": check, "form": form, "schema": schema}
            )
        return self._render(request, agreement, upload, table, schema, form, check, False)

    def _confirm(
        self,
        request: HttpRequest,
        upload: ImportUpload,
        table: Table,
        mapping: dict[int, str],
        result: ImportReport | FiguresReport,
    ) -> None:
        summary = {
            "rows_read": result.rows_read,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "funded_kept": getattr(result, "funded_kept", 0),
            "invalid": result.invalid,
        }
        mapping_save(
            actor=self.request.user,
            agreement=upload.agreement,
            kind=upload.kind,
            headers=table.headers,
            mapping=mapping,
            file_name=upload.file_name,
            summary=summary,
        )

    def _import(
        self,
        request: HttpRequest,
        upload: ImportUpload,
        table: Table,
        mapping: dict[int, str],
        *,
        skip: bool,
        dry_run: bool = False,
    ) -> ImportReport | FiguresReport:
        if upload.kind == PROJECTS:
            return project_import_mapped(
                table=table,
                mapping=mapping,
                file=upload.file_name,
                actor=Actor(user=request.user),
                dry_run=dry_run,
                skip_invalid=skip,
            )
        return figures_import(
            actor=self.request.user,
            kind=upload.kind,
            table=table,
            mapping=mapping,
            file=upload.file_name,
            dry_run=dry_run,
            skip_invalid=skip,
        )

    def _check(
        self,
        request: HttpRequest,
        upload: ImportUpload,
        table: Table,
        schema: Schema,
        mapping: dict[int, str],
    ) -> _Check | None:
        if check_mapping(mapping, schema, table.headers):
            return None
        try:
            return _Check(self._import(request, upload, table, mapping, skip=False, dry_run=True), schema)
        except MappingError:
            return None

    def _render(
        self,
        request: HttpRequest,
        agreement: Any,
        upload: ImportUpload,
        table: Table,
        schema: Schema,
        form: MappingForm,
        check: _Check | None,
        saved: bool,
        *,
        unusable: Sequence[str] = (),
    ) -> HttpResponse:
        rows = preview(table)
        columns = [
            {"header": header or f"#{i + 1}", "field": form[f"col_{i}"], "values": [r[i] for r in rows]}
            for i, header in enumerate(table.headers)
        ]
        context = {
            "current_agreement": agreement,
            "nav_section": "projects",
            "upload": upload,
            "kind_label": ImportKind(upload.kind).label,
            "table": table,
            "form": form,
            "columns": columns,
            "preview_rows": rows,
            "check": check,
            "schema": schema,
            "saved_mapping": saved,
            "unusable": unusable,
            "required": [field_label(schema, f.key) for f in schema.fields if f.required],
        }
        return render(request, self.template_name, context)

    def _render_unreadable(
        self, request: HttpRequest, agreement: Any, upload: ImportUpload, error: str
    ) -> HttpResponse:
        context = {
            "current_agreement": agreement,
            "nav_section": "projects",
            "upload": upload,
            "unreadable": error,
        }
        return render(request, self.template_name, context, status=400)


@dataclass
class ShownProblem:
    line: int
    column: str
    value: str
    reason: str


def shown_problems(problems: Sequence[Any], schema: Schema) -> list[ShownProblem]:
    return [ShownProblem(p.line, p.column, p.value, reason_text(p, schema)) for p in problems]


class _Check:
    """What a dry run found: counts and every row-level problem (the first MAX_PROBLEMS_SHOWN shown)."""

    def __init__(
        self, result: ImportReport | FiguresReport, schema: Schema, *, refused: bool = False
    ) -> None:
        self.result = result
        self.refused = refused
        self.problems = shown_problems(result.problems[:MAX_PROBLEMS_SHOWN], schema)
        self.more = max(len(result.problems) - MAX_PROBLEMS_SHOWN, 0)
