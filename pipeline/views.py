"""Proposals: a filterable list of those the user may see, and a detail page with the money plan."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Case, Prefetch, QuerySet, When
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from pipeline.models import (
    FinancingLine,
    IndicatorTarget,
    PartnerRole,
    Proposal,
    ProposalPartner,
    ProposalStatus,
)
from pipeline.plans import plan_view
from programme.models import Theme
from programme.views import FilteredListMixin, SalkkuPageMixin


class ThemeChoiceField(forms.ModelChoiceField):
    """A theme; its agreement's region is named when there are themes of more than one agreement."""

    show_agreement = False

    def label_from_instance(self, obj: Theme) -> str:
        label = f"{obj.code} · {obj.name}"
        return f"{label} ({obj.agreement.region_fi})" if self.show_agreement else label


def theme_field(label: Any) -> ThemeChoiceField:
    return ThemeChoiceField(
        label=label,
        required=False,
        empty_label=_("All themes"),
        queryset=Theme.objects.select_related("agreement").order_by("agreement__name_fi", "order", "code"),
    )


class ProposalFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Title, acronym or summary"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    theme = theme_field(_("Theme"))
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *ProposalStatus.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].show_agreement = Theme.objects.values("agreement_id").distinct().count() > 1


class ProposalListView(FilteredListMixin, ListView):
    form_class = ProposalFilterForm
    template_name = "pipeline/proposal_list.html"
    partial_template_name = "pipeline/_proposal_results.html"
    nav_section = "proposals"

    def get_queryset(self) -> QuerySet[Proposal]:
        filters = self.filters()
        qs = Proposal.objects.visible_to(self.request.user)  # type: ignore[arg-type]
        if filters.get("theme"):
            qs = qs.filter(theme=filters["theme"])
        if filters.get("status"):
            qs = qs.filter(status=filters["status"])
        return (
            qs.search(filters.get("q", "").strip())
            .select_related("theme", "agreement")
            .prefetch_related(
                Prefetch(
                    "partners",
                    queryset=ProposalPartner.objects.filter(role=PartnerRole.LEAD).select_related(
                        "organisation"
                    ),
                    to_attr="lead_partners",
                )
            )
            .order_by("-updated_at", "-pk")
        )


class ProposalDetailView(SalkkuPageMixin, DetailView):
    template_name = "pipeline/proposal_detail.html"
    context_object_name = "proposal"
    nav_section = "proposals"

    def get_object(self, queryset: QuerySet[Proposal] | None = None) -> Proposal:
        # A proposal the user may not see is "not found", so that its existence does not leak.
        qs = (
            Proposal.objects.visible_to(self.request.user)  # type: ignore[arg-type]
            .select_related("agreement", "theme", "call", "idea")
            .prefetch_related(
                "theme__eligible_funds",
                Prefetch(
                    "partners",
                    queryset=ProposalPartner.objects.select_related("organisation").order_by(
                        Case(
                            When(role=PartnerRole.LEAD, then=0),
                            When(role=PartnerRole.PARTNER, then=1),
                            default=2,
                        ),
                        "organisation__name",
                    ),
                ),
                "budget_lines",
                Prefetch("financing_lines", queryset=FinancingLine.objects.select_related("organisation")),
                Prefetch(
                    "indicator_targets",
                    queryset=IndicatorTarget.objects.select_related("indicator").order_by("indicator__code"),
                ),
                "methods",
                "test_environments",
                "adopting_cities",
            )
        )
        return get_object_or_404(qs, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        proposal = self.object
        kwargs["plan"] = plan_view(
            budget_lines=proposal.budget_lines.all(),
            financing_lines=proposal.financing_lines.all(),
            indirect_rate=proposal.indirect_rate,
            rule=proposal.agreement.cofinancing_rule(),
            eligible_funds=[f.code for f in proposal.theme.eligible_funds.all()],
            theme_label=proposal.theme.code,
        )
        kwargs["current_agreement"] = proposal.agreement
        return super().get_context_data(**kwargs)
