"""The audit log: every recorded change, filterable, for the coordination team (their agreements and the
network-wide objects) and administrators. Read-only, like the trail itself."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from accounts.permissions import agreements_for, can
from audit.actions import ACTION_LABELS, action_label, actor_label, actor_query
from audit.models import AuditEntry
from audit.templatetags.audit_tags import audit_rows, audit_value
from web.exports import ExportMixin
from web.forms import DateField, field_of
from web.pages import FilteredListMixin


class ContentTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ContentType) -> str:
        model = obj.model_class()
        return str(model._meta.verbose_name).capitalize() if model else obj.model


class ActionChoiceField(forms.ChoiceField):
    """The known actions by their names in the reader's language (never the stored code); an address may
    still name all actions of one kind by its prefix (``?action=proposal.``)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=self._choices_now, **kwargs)

    @staticmethod
    def _choices_now() -> list[tuple[str, str]]:
        named = sorted(((code, str(label)) for code, label in ACTION_LABELS.items()), key=lambda c: c[1])
        return [("", str(_("All actions"))), *named]

    def valid_value(self, value: str) -> bool:
        prefixes = {code.split(".")[0] + "." for code in ACTION_LABELS}
        return value in prefixes or super().valid_value(value)


class AuditLogFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Object"),
        required=False,
        max_length=100,
        help_text=_("Part of the object's name, e.g. a proposal's title"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    action = ActionChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(
        label=_("Who"), required=False, max_length=150, help_text=_("A user name, or the command line")
    )
    kind = ContentTypeChoiceField(
        label=_("Kind of object"),
        required=False,
        empty_label=_("All kinds"),
        queryset=ContentType.objects.none(),
    )
    since = DateField(label=_("From"), required=False, example=dt.date(2026, 1, 1))
    until = DateField(label=_("To"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        used = AuditEntry.objects.values_list("content_type_id", flat=True).distinct()
        field_of(self, "kind", forms.ModelChoiceField).queryset = ContentType.objects.filter(
            pk__in=used
        ).order_by("app_label", "model")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return data


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _changes(entry: AuditEntry) -> str:
    """What changed, as the page shows it: "field: before → after" a line, then the note."""
    lines = [
        f"{key}: {audit_value(before)} → {audit_value(after)}" for key, before, after in audit_rows(entry)
    ]
    if entry.note:
        lines.append(entry.note)
    return "\n".join(lines)


class AuditLogView(ExportMixin, FilteredListMixin, ListView):
    form_class = AuditLogFilterForm
    template_name = "audit/audit_log.html"
    partial_template_name = "audit/_audit_results.html"
    nav_section = "audit"
    export_name = "audit-log"
    export_columns = (
        (_("Time"), lambda e: e.at),
        (_("Who"), lambda e: actor_label(e.actor_label)),
        (_("Action"), lambda e: action_label(e.action)),
        (_("Object"), lambda e: e.object_repr),
        (_("Kind of object"), lambda e: str(e.content_type.name).capitalize()),
        (_("Object ID"), lambda e: e.object_id),
        (_("What changed"), _changes),
    )

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not can(self.request.user, "audit.read"):
            raise PermissionDenied("the audit log is for the coordination team")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[AuditEntry]:
        filters = self.filters()
        qs = AuditEntry.objects.for_agreements(agreements_for(self.request.user, "audit.read"))
        if filters.get("q"):
            qs = qs.filter(object_repr__icontains=filters["q"].strip())
        if filters.get("action"):
            action = filters["action"].strip()
            qs = qs.filter(action__startswith=action) if action.endswith(".") else qs.filter(action=action)
        if filters.get("actor"):
            qs = qs.filter(actor_query(filters["actor"]))
        if filters.get("kind"):
            qs = qs.filter(content_type=filters["kind"])
        if filters.get("since"):
            qs = qs.filter(at__gte=_day_start(filters["since"]))
        if filters.get("until"):
            qs = qs.filter(at__lt=_day_start(filters["until"] + dt.timedelta(days=1)))
        return qs.select_related("content_type").order_by("-at", "-id")
