"""The spreadsheet import pages: upload a file, map its columns (a suggestion, or the mapping confirmed
for the last file of the same shape), see a preview and every row-level error, confirm, see the result.

Project lists go through :func:`projects.importers.project_import_mapped`, a reporting period's figures
through :func:`progress.imports.figures_import`; both write everything in one transaction or nothing
(unless "skip invalid rows" is chosen). Only the coordination team (``import.spreadsheet``) uses them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
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
from cores.column_map import IGNORE, MappingError, Schema, check_fixed, check_mapping, preview, suggest
from cores.import_fields import PROJECT_SCHEMA, PROJECTS
from cores.tables import Table, TableError, read_table
from programme.models import Agreement
from programme.selectors import current_agreement
from progress.imports import FiguresReport, figures_import, figures_schema
from projects.import_texts import field_label, file_error_text, mapping_error_text, reason_text
from projects.importers import ImportReport, project_import_mapped
from projects.mappings import IMPORT_ACTION, mapping_save, saved_fixed, saved_mapping, upload_of, upload_store
from projects.models import ImportKind, ImportUpload
from web.forms import apply_errors
from web.pages import is_htmx_partial

MAX_PROBLEMS_SHOWN = 1000


def schema_for(kind: str) -> Schema:
    return PROJECT_SCHEMA if kind == PROJECTS else figures_schema(kind)


def fixed_keys_for(schema: Schema, mapped: Iterable[str], fixed: Mapping[str, Any]) -> list[str]:
    """The fields offered a fixed value: the required ones no column is mapped to (a field filled as
    well by a rival, ``fund_first`` for ``fund``, counts as mapped) and those given one already."""
    taken = {rival for key in mapped if key for rival in schema.rivals(key) if key in schema.keys}
    return [f.key for f in schema.fields if (f.required and f.key not in taken) or f.key in fixed]


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file lists"), choices=ImportKind.choices, widget=forms.RadioSelect, initial=PROJECTS
    )
    file = forms.FileField(
        label=_("Spreadsheet (CSV or XLSX)"),
        help_text=_("The first row (or the first row with several cells filled) names the columns."),
    )


class MappingForm(forms.Form):
    """One choice per column of the file: the field it holds, or ignore it; and a fixed value (the same for
    every row) for each of ``fixed_keys``: the required fields no column is mapped to, and any field
    given one already."""

    skip_invalid = forms.BooleanField(
        label=_("Skip invalid rows"),
        required=False,
        help_text=_(
            "Import the valid rows and leave out the rows with errors. Otherwise nothing is written while any row has an error."
        ),
    )

    def __init__(
        self, *args: Any, headers: list[str], schema: Schema, fixed_keys: Sequence[str] = (), **kwargs: Any
    ) -> None:
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
        self.fixed_fields = []
        for key in fixed_keys:
            name = f"fixed_{key}"
            self.fields[name] = forms.CharField(
                label=field_label(schema, key),
                required=False,
                max_length=500,
            )
            self.fixed_fields.append(name)
        self.order_fields([*self.column_fields, *self.fixed_fields, "skip_invalid"])

    def fixed(self) -> dict[str, str]:
        """The fixed values given (an empty input gives none)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return {
            name.removeprefix("fixed_"): data[name].strip()
            for name in self.fixed_fields
            if (data.get(name) or "").strip()
        }

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
        fixed = saved_fixed(upload.agreement, upload.kind, table.headers, schema) if saved is not None else {}
        initial: dict[str, str] = {f"col_{i}": mapping.get(i, IGNORE) for i in range(len(table.headers))}
        initial.update({f"fixed_{key}": value for key, value in fixed.items()})
        form = MappingForm(
            initial=initial,
            headers=table.headers,
            schema=schema,
            fixed_keys=fixed_keys_for(schema, mapping.values(), fixed),
        )
        form.is_valid()  # unbound: no errors; the check below uses the mapping directly
        check = self._check(request, upload, table, schema, mapping, fixed)
        # a suggestion that cannot be used says why at once (a required field no header names)
        unusable = [mapping_error_text(m) for m in check_mapping(mapping, schema, table.headers, fixed)]
        return self._render(
            request, agreement, upload, table, schema, form, check, saved is not None, unusable=unusable
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement, upload, table, error = self.setup_upload(request, pk)
        if table is None:
            return self._render_unreadable(request, agreement, upload, error)
        schema = schema_for(upload.kind)
        posted_fields = {request.POST.get(f"col_{i}", "") for i in range(len(table.headers))}
        posted_fixed = {
            f.key: "x" for f in schema.fields if str(request.POST.get(f"fixed_{f.key}", "")).strip()
        }
        form = MappingForm(
            request.POST,
            headers=table.headers,
            schema=schema,
            fixed_keys=fixed_keys_for(schema, posted_fields, posted_fixed),
        )
        form.is_valid()
        mapping = form.mapping()
        fixed = form.fixed()
        fixed_problems = check_fixed(fixed, schema, mapping, table.headers)
        for key, message in fixed_problems.items():
            form.add_error(f"fixed_{key}", mapping_error_text(message))
        for message in check_mapping(mapping, schema, table.headers, fixed):
            if message not in fixed_problems.values():
                form.add_error(None, mapping_error_text(message))
        importing = request.POST.get("action") == "import"
        if importing and form.is_valid():
            with transaction.atomic():  # the import and the mapping it confirms are kept together
                result = self._import(
                    request, upload, table, mapping, fixed, skip=form.cleaned_data["skip_invalid"]
                )
                if result.written:
                    self._confirm(request, upload, table, mapping, fixed, result)
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
            check = self._check(request, upload, table, schema, mapping, fixed) if form.is_valid() else None
        if is_htmx_partial(request):
            # the fixed-value inputs stand outside the part re-rendered: their errors are listed here
            unusable = [mapping_error_text(m) for m in fixed_problems.values()]
            return render(
                request,
                self.partial_template_name,
                {"check": check, "form": form, "schema": schema, "unusable": unusable},
            )
        return self._render(request, agreement, upload, table, schema, form, check, False)

    def _confirm(
        self,
        request: HttpRequest,
        upload: ImportUpload,
        table: Table,
        mapping: dict[int, str],
        fixed: dict[str, str],
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
            fixed=fixed,
        )

    def _import(
        self,
        request: HttpRequest,
        upload: ImportUpload,
        table: Table,
        mapping: dict[int, str],
        fixed: dict[str, str],
        *,
        skip: bool,
        dry_run: bool = False,
    ) -> ImportReport | FiguresReport:
        if upload.kind == PROJECTS:
            return project_import_mapped(
                table=table,
                mapping=mapping,
                fixed=fixed,
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
            fixed=fixed,
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
        fixed: dict[str, str],
    ) -> _Check | None:
        if check_mapping(mapping, schema, table.headers, fixed):
            return None
        try:
            return _Check(
                self._import(request, upload, table, mapping, fixed, skip=False, dry_run=True), schema
            )
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
        # a field given a fixed value shows it in every row of the preview
        fixed_rows = [
            {"label": form[name].label, "value": value, "values": [value] * len(rows)}
            for name in form.fixed_fields
            if (value := str(form[name].value() or "").strip())
        ]
        context = {
            "current_agreement": agreement,
            "nav_section": "projects",
            "upload": upload,
            "kind_label": ImportKind(upload.kind).label,
            "table": table,
            "form": form,
            "columns": columns,
            "fixed_rows": fixed_rows,
            "fixed_fields": [form[name] for name in form.fixed_fields],
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
