"""The agreement overview (the home page): "/" shows the current agreement, /agreements/<slug>/ any other.
It sits in projects because the overview counts proposals and funded projects' commitments."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from programme import selectors
from programme.models import Agreement
from projects.overview import agreement_overview
from web.pages import SalkkuPageMixin


class OverviewView(SalkkuPageMixin, TemplateView):
    """The agreement overview: "/" shows the current agreement, /agreements/<slug>/ any other."""

    template_name = "programme/overview.html"
    nav_section = "overview"

    def get_agreement(self) -> Agreement | None:
        slug = self.kwargs.get("slug")
        if slug:
            agreement = get_object_or_404(
                Agreement.objects.select_related("period", "funding_authority"), slug=slug
            )
            selectors.remember_agreement(self.request, agreement)
            return agreement
        return selectors.current_agreement(self.request)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        agreement = self.get_agreement()
        kwargs["current_agreement"] = agreement
        kwargs["overview"] = agreement_overview(agreement) if agreement else None
        kwargs["agreements"] = Agreement.objects.select_related("period").order_by("name_fi")
        return super().get_context_data(**kwargs)
