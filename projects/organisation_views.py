"""Organisations of the partner network: a filterable list and a detail page with the projects an
organisation leads and the proposals it takes part in (so the pages sit above pipeline and projects)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from partners.models import Organisation, OrganisationKind, OrganisationSize
from pipeline.models import PartnerRole, Proposal, ProposalPartner
from projects.models import Project
from web.exports import ExportMixin
from web.pages import FilteredListMixin, SalkkuPageMixin

NOT_APPLICABLE = "na"  # the size choice "not applicable" is stored as "", which a form cannot tell from "any"


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name or business ID"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganisationKind.choices]
    )
    size = forms.ChoiceField(
        label=_("Size"),
        required=False,
        choices=[
            ("", _("All sizes")),
            (OrganisationSize.SME, OrganisationSize.SME.label),
            (OrganisationSize.LARGE, OrganisationSize.LARGE.label),
            (NOT_APPLICABLE, OrganisationSize.NOT_APPLICABLE.label),
        ],
    )


class OrganisationListView(ExportMixin, FilteredListMixin, ListView):
    model = Organisation
    form_class = OrganisationFilterForm
    template_name = "partners/organisation_list.html"
    partial_template_name = "partners/_organisation_results.html"
    nav_section = "organisations"
    export_name = "organisations"
    export_columns = (
        (_("Name"), lambda o: o.name),
        (_("Business ID"), lambda o: o.business_id),
        (_("Kind"), lambda o: o.get_kind_display()),
        (_("Size"), lambda o: o.get_size_display()),
        (_("Municipality"), lambda o: o.municipality),
        (_("Website"), lambda o: o.website),
    )

    def get_queryset(self) -> QuerySet[Organisation]:
        filters = self.filters()
        qs = Organisation.objects.all().order_by("name", "pk")
        if filters.get("kind"):
            qs = qs.filter(kind=filters["kind"])
        if filters.get("size"):
            qs = qs.filter(size="" if filters["size"] == NOT_APPLICABLE else filters["size"])
        return qs.search(filters.get("q", "").strip())


class OrganisationDetailView(SalkkuPageMixin, DetailView):
    model = Organisation
    template_name = "partners/organisation_detail.html"
    context_object_name = "organisation"
    nav_section = "organisations"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        organisation = self.object
        user = self.request.user
        kwargs["projects_led"] = (
            Project.objects.visible_to(user)
            .filter(lead=organisation)
            .select_related("theme", "funding_authority")
            .order_by("-start_date", "name")
        )
        # Proposals are shown only where the user may see them (deny by default: accounts.access).
        kwargs["proposals"] = (
            Proposal.objects.visible_to(user)
            .filter(partners__organisation=organisation)
            .select_related("theme", "agreement")
            .prefetch_related(
                Prefetch(
                    "partners",
                    queryset=ProposalPartner.objects.filter(organisation=organisation),
                    to_attr="this_org",
                )
            )
            .order_by("-created_at")
        )
        kwargs["lead_role"] = PartnerRole.LEAD
        return super().get_context_data(**kwargs)
