"""The public page of funded projects: open data, no sign-in.

Only projects funded under an agreement (never proposals, drafts or historical imports), and only their
public fields: name, implementer, dates, summary, theme, EU and state money, status. Nothing personal,
no budget lines, no financing plan beyond the EU and state total.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from cores.cofinancing import FRAME_SOURCES
from pipeline.models import FinancingLine
from programme.views import FilteredListMixin
from projects.models import Project

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


def public_projects() -> QuerySet[Project]:
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


@method_decorator(login_not_required, name="dispatch")
class PublicProjectListView(FilteredListMixin, ListView):
    form_class = PublicProjectFilterForm
    template_name = "projects/public_list.html"
    partial_template_name = "projects/_public_results.html"
    nav_section = "public"

    def get_queryset(self) -> QuerySet[Project]:
        qs = public_projects()
        text = self.filters().get("q", "").strip()
        if text:
            qs = qs.search(text)
        return qs.order_by("-start_date", "name", "pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs["current_agreement"] = None
        return super().get_context_data(**kwargs)
