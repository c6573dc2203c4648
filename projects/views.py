"""Projects: funded from an agreement, or historical from the public EURA lists. A filterable list and
a detail page (EURA figures for historical projects; budget and financing for funded ones)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import DecimalField, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from accounts.access import can_see_project_plan
from accounts.permissions import can
from cores.cofinancing import FRAME_SOURCES
from partners.models import Organisation
from pipeline.models import FinancingLine, IndicatorTarget
from pipeline.plans import plan_view
from pipeline.views import ThemeChoiceField, theme_field
from programme.models import Fund, Theme
from programme.vocabulary import fund_label
from projects.exports import FORMATS, export_response, project_export_rows
from projects.models import Project
from web.pages import FilteredListMixin, SalkkuPageMixin

FUNDED = "funded"
HISTORICAL = "historical"


class AuthorityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name


class ProjectFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Name, code or implementer, e.g. 6Aika"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = forms.ChoiceField(
        label=_("Projects"),
        required=False,
        choices=[
            ("", _("All projects")),
            (FUNDED, _("Funded from the agreements")),
            (HISTORICAL, _("Historical (EURA lists)")),
        ],
    )
    fund = forms.ChoiceField(label=_("Fund"), required=False)
    theme = theme_field(_("Theme"))
    authority = AuthorityChoiceField(
        label=_("Funding authority"),
        required=False,
        empty_label=_("All funding authorities"),
        queryset=Organisation.objects.filter(funded_projects__isnull=False).distinct().order_by("name"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = {f.code: f.name for f in Fund.objects.all()}
        codes = (
            Project.objects.exclude(fund_code="")
            .order_by("fund_code")
            .values_list("fund_code", flat=True)
            .distinct()
        )
        cast(forms.ChoiceField, self.fields["fund"]).choices = [
            ("", _("All funds")),
            # the fund's name in the reader's language names its short form too ("... (EAKR)")
            *[(code, names.get(code) or fund_label(code)) for code in codes],
        ]
        cast(ThemeChoiceField, self.fields["theme"]).show_agreement = (
            Theme.objects.values("agreement_id").distinct().count() > 1
        )


def _frame_money() -> Subquery:
    """A funded project's EU and state money: the sum of its frame-fund financing lines."""
    return Subquery(
        FinancingLine.objects.filter(project=OuterRef("pk"), source__in=FRAME_SOURCES)
        .values("project")
        .annotate(total=Sum("amount"))
        .values("total"),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


class ProjectListView(FilteredListMixin, ListView):
    form_class = ProjectFilterForm
    template_name = "projects/project_list.html"
    partial_template_name = "projects/_project_results.html"
    nav_section = "projects"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fmt = request.GET.get("format", "")
        if fmt in FORMATS:
            header, rows = project_export_rows(self.get_queryset())
            return export_response(fmt, "projects", header, rows)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("format", None)
        context["export_links"] = [
            (fmt.upper(), "?" + "&".join(filter(None, [query.urlencode(), f"format={fmt}"])))
            for fmt in FORMATS
        ]
        context["can_import"] = bool(
            can(self.request.user, "import.spreadsheet", context.get("current_agreement"))
        )
        return context

    def get_queryset(self) -> QuerySet[Project]:
        filters = self.filters()
        qs = Project.objects.visible_to(self.request.user)
        if filters.get("kind") == FUNDED:
            qs = qs.funded()
        elif filters.get("kind") == HISTORICAL:
            qs = qs.historical()
        if filters.get("fund"):
            qs = qs.filter(fund_code=filters["fund"])
        if filters.get("theme"):
            qs = qs.filter(theme=filters["theme"])
        if filters.get("authority"):
            qs = qs.filter(funding_authority=filters["authority"])
        return (
            qs.search(filters.get("q", "").strip())
            .select_related("lead", "theme", "funding_authority")
            .annotate(eu_state=Coalesce("eura_granted_eu_state", _frame_money()))
            .order_by("-start_date", "name", "pk")
        )


class ProjectDetailView(SalkkuPageMixin, DetailView):
    template_name = "projects/project_detail.html"
    context_object_name = "project"
    nav_section = "projects"

    def get_object(self, queryset: QuerySet[Project] | None = None) -> Project:
        qs = (
            Project.objects.visible_to(self.request.user)
            .select_related("lead", "theme", "agreement", "funding_authority", "proposal", "funding_decision")
            .prefetch_related(
                "theme__eligible_funds",
                "budget_lines",
                Prefetch("financing_lines", queryset=FinancingLine.objects.select_related("organisation")),
                Prefetch(
                    "indicator_targets",
                    queryset=IndicatorTarget.objects.select_related("indicator").order_by("indicator__code"),
                ),
            )
        )
        return get_object_or_404(qs, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        project = self.object
        if not project.is_historical and can_see_project_plan(self.request.user, project):
            agreement = project.agreement
            kwargs["plan"] = plan_view(
                budget_lines=project.budget_lines.all(),
                financing_lines=project.financing_lines.all(),
                indirect_rate=project.proposal.indirect_rate if project.proposal else Decimal(0),
                rule=agreement.cofinancing_rule() if agreement else None,
                eligible_funds=[f.code for f in project.theme.eligible_funds.all()]
                if project.theme
                else None,
                theme_label=project.theme.code if project.theme else "",
            )
            from monitoring.health import project_health

            kwargs["health"] = project_health(project)
        if project.agreement is not None:
            kwargs["current_agreement"] = project.agreement
        kwargs["eura_extra"] = sorted((project.eura_extra or {}).items())
        return super().get_context_data(**kwargs)
