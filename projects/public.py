"""The public page of funded projects: open data, no sign-in.

Only projects funded under an agreement (never proposals, drafts or historical imports), and only their
public fields: name, implementer, dates, summary, theme, EU and state money, status. Nothing personal,
no budget lines, no financing plan beyond the EU and state total. The same list downloads as open data
(CSV and JSON, projects/opendata.py), which adds the fields Article 49(3) CPR publishes for every
operation: total eligible costs, EU funding and the Union co-financing rate.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView

from cores.cofinancing import FRAME_SOURCES
from pipeline.models import FinancingLine
from projects import opendata
from projects.models import Project, ProjectQuerySet
from web.pages import FilteredListMixin

# The fields the public sees; the template shows nothing else.
PUBLIC_FIELDS = ("name", "lead", "start_date", "end_date", "summary", "theme", "status", "eu_state")


class PublicProjectFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Name, code or implementer"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )


def public_projects() -> ProjectQuerySet:
    """Funded projects with their EU and state money (the sum of their frame-fund financing lines)."""
    eu_state = Subquery(
        FinancingLine.objects.filter(project=OuterRef("pk"), source__in=FRAME_SOURCES)
        .values("project")
        .annotate(total=Sum("amount"))
        .values("total"),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )
    return (
        Project.objects.funded()
        .filter(agreement__isnull=False)
        .select_related("lead", "theme", "agreement")
        .annotate(eu_state=eu_state)
    )


def searched_public_projects(text: str = "") -> QuerySet[Project]:
    """The public page's list, narrowed by its search, in its order; the open-data downloads use it too."""
    qs = public_projects()
    text = text.strip()
    if text:
        qs = qs.search(text)
    return qs.order_by("-start_date", "name", "pk")


@method_decorator(login_not_required, name="dispatch")
class PublicProjectListView(FilteredListMixin, ListView):
    form_class = PublicProjectFilterForm
    template_name = "projects/public_list.html"
    partial_template_name = "projects/_public_results.html"
    nav_section = "public"

    def get_queryset(self) -> QuerySet[Project]:
        return searched_public_projects(self.filters().get("q", ""))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs["current_agreement"] = None
        text = self.filters().get("q", "").strip()
        kwargs["open_data_query"] = urlencode({"q": text}) if text else ""
        return super().get_context_data(**kwargs)


@method_decorator(login_not_required, name="dispatch")
class PublicProjectDataView(View):
    """The public list as open data (CSV or JSON): the same projects as the page, with its search."""

    http_method_names = ["get", "head", "options"]
    data_format = "csv"

    def filters(self) -> dict[str, str]:
        form = PublicProjectFilterForm(self.request.GET or None)
        if (
            not form.is_bound or not form.is_valid()
        ):  # a value that does not validate is ignored, as on the page
            return {}
        text = form.cleaned_data.get("q", "").strip()
        return {"q": text} if text else {}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        filters = self.filters()
        rows = opendata.project_rows(searched_public_projects(filters.get("q", "")))
        now = timezone.now()
        stem = f"salkku-projects-{timezone.localtime(now, opendata.HELSINKI).date().isoformat()}"
        if self.data_format == "json":
            source = request.build_absolute_uri(reverse("public_projects"))
            body = opendata.write_json(rows, source=source, generated_at=now, filters=filters)
            response = HttpResponse(body, content_type="application/json; charset=utf-8")
            response["Content-Disposition"] = f'inline; filename="{stem}.json"'
        else:
            response = HttpResponse(opendata.write_csv(rows), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
