"""The read API, version 1. Same visibility rules as the pages (accounts/access.py)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from rest_framework import viewsets

from api import serializers as s
from api.auth import SignedIn
from partners.models import Organisation
from programme.models import Agreement, AnnualFrame, Theme
from projects.models import Project


class AgreementViewSet(SignedIn, viewsets.ReadOnlyModelViewSet):
    """Agreements with their cities, themes, eligible funds and annual frames."""

    serializer_class = s.AgreementOut
    lookup_field = "slug"
    queryset = (
        Agreement.objects.select_related("period", "funding_authority")
        .prefetch_related(
            "parties__organisation",
            Prefetch("themes", queryset=Theme.objects.prefetch_related("eligible_funds")),
            Prefetch("annual_frames", queryset=AnnualFrame.objects.select_related("fund")),
        )
        .order_by("slug")
    )


class OrganisationViewSet(SignedIn, viewsets.ReadOnlyModelViewSet):
    """Organisations of the partner network; `?search=` matches name or business ID, `?kind=` filters."""

    serializer_class = s.OrganisationOut

    def get_queryset(self) -> QuerySet[Organisation]:
        qs = Organisation.objects.search(self.request.query_params.get("search", "")).order_by("name", "id")
        if kind := self.request.query_params.get("kind"):
            qs = qs.filter(kind=kind)
        return qs


class ProjectViewSet(SignedIn, viewsets.ReadOnlyModelViewSet):
    """Funded and historical projects; `?search=` matches name, code or implementer; `?historical=true|false`."""

    serializer_class = s.ProjectOut

    def get_queryset(self) -> QuerySet[Project]:
        qs = (
            Project.objects.visible_to(self.request.user)
            .search(self.request.query_params.get("search", ""))
            .select_related("lead", "funding_authority", "agreement", "theme")
            .order_by("code", "id")
        )
        historical = self.request.query_params.get("historical")
        if historical in {"true", "false"}:
            qs = qs.filter(is_historical=historical == "true")
        return qs
