"""Pages of the test-environment register and its timeline, and of the adoption register."""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import ListView, TemplateView

from accounts.http import AuthenticatedHttpRequest
from charts.render import chart_response
from ecosystem import services
from ecosystem.access import (
    adoptions_for,
    can_keep_register,
    test_environments_for,
)
from ecosystem.forms import (
    AdoptionFilterForm,
    AdoptionForm,
    TestEnvironmentFilterForm,
    TestEnvironmentForm,
    format_periods,
)
from ecosystem.models import Adoption
from ecosystem.timeline import build_timeline, timeline_environments, timeline_spec, timeline_table
from partners.models import Organisation, TestEnvironment
from pipeline.models import Proposal
from programme import selectors
from projects.models import Project
from web.exports import ExportMixin
from web.forms import apply_errors
from web.pages import FilteredListMixin, SalkkuPageMixin


def _lang(request: HttpRequest) -> str:
    return (get_language() or "fi")[:2]


# --- test environments -----------------------------------------------------------------------------


def filter_environments(qs: QuerySet[TestEnvironment], filters: dict[str, Any]) -> QuerySet[TestEnvironment]:
    status = filters.get("status", "")
    if status == "retired":
        qs = qs.filter(retired_on__isnull=False)
    elif status != "all":
        qs = qs.filter(retired_on__isnull=True)
    if filters.get("city"):
        qs = qs.filter(city=filters["city"])
    if filters.get("theme"):
        qs = qs.filter(themes=filters["theme"])
    text = (filters.get("q") or "").strip()
    if text:
        qs = qs.filter(
            Q(name__icontains=text) | Q(description__icontains=text) | Q(owner__name__icontains=text)
        )
    return (
        qs.select_related("owner", "city")
        .prefetch_related("themes", "periods")
        .distinct()
        .order_by("name", "pk")
    )


class TestEnvironmentListView(ExportMixin, FilteredListMixin, ListView):
    __test__ = False
    form_class = TestEnvironmentFilterForm
    template_name = "ecosystem/environment_list.html"
    partial_template_name = "ecosystem/_environment_table.html"
    nav_section = "ecosystem"
    export_name = "test-environments"

    def get_queryset(self) -> QuerySet[TestEnvironment]:
        return filter_environments(test_environments_for(self.request.user), self.filters())

    def export_header(self) -> list[str]:
        return [
            _("Name"),
            _("Owner"),
            _("City"),
            _("Themes"),
            _("Availability periods"),
            _("Published"),
            _("Retired on"),
        ]

    def export_row(self, e: TestEnvironment) -> list[Any]:
        return [
            e.name,
            e.owner.name,
            e.city.name if e.city else "",
            ", ".join(t.code for t in e.themes.all()),
            format_periods(e.periods.all()).replace("\n", ", "),
            _("yes") if e.is_published else _("no"),
            e.retired_on,
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs["can_edit"] = can_keep_register(self.request.user)
        return super().get_context_data(**kwargs)


@method_decorator(login_not_required, name="dispatch")
class PublicTestEnvironmentListView(TestEnvironmentListView):
    """The published test environments, for anyone (no contact persons)."""

    template_name = "ecosystem/public_environment_list.html"
    nav_section = "public"

    def get_queryset(self) -> QuerySet[TestEnvironment]:
        return filter_environments(TestEnvironment.objects.published(), self.filters())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs["current_agreement"] = None
        return super().get_context_data(**kwargs)


def _environment(request: AuthenticatedHttpRequest, pk: int) -> TestEnvironment:
    return get_object_or_404(
        test_environments_for(request.user).select_related("owner", "city", "contact__organisation"),
        pk=pk,
    )


class TestEnvironmentDetailView(SalkkuPageMixin, TemplateView):
    __test__ = False
    template_name = "ecosystem/environment_detail.html"
    nav_section = "ecosystem"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        environment = _environment(self.request, self.kwargs["pk"])
        user = self.request.user
        proposals = Proposal.objects.visible_to(user).filter(test_environments=environment)
        kwargs.update(
            environment=environment,
            periods=environment.periods.all(),
            themes=environment.themes.select_related("agreement"),
            proposals=proposals.select_related("theme").order_by("-created_at"),
            projects=Project.objects.visible_to(user)
            .filter(proposal__test_environments=environment)
            .order_by("name"),
            can_edit=can_keep_register(user),
        )
        return super().get_context_data(**kwargs)


class TestEnvironmentEditView(SalkkuPageMixin, TemplateView):
    __test__ = False
    template_name = "ecosystem/environment_form.html"
    nav_section = "ecosystem"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        from accounts.access import require

        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.environment = _environment(self.request, kwargs["pk"]) if "pk" in kwargs else None
        require(
            can_keep_register(request.user),
            _("Only the coordination team keeps the test-environment register."),
        )
        return super().dispatch(request, *args, **kwargs)

    def initial(self) -> dict[str, Any]:
        e = self.environment
        if e is None:
            return {"is_published": False}
        return {
            "name": e.name,
            "owner": e.owner_id,
            "city": e.city_id,
            "themes": [t.pk for t in e.themes.all()],
            "description": e.description,
            "periods": format_periods(e.periods.all()),
            "capacity": e.capacity,
            "contact": e.contact_id,
            "website": e.website,
            "is_published": e.is_published,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("form", TestEnvironmentForm(initial=self.initial()))
        kwargs["environment"] = self.environment
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = TestEnvironmentForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            themes, periods = data.pop("themes"), data.pop("periods")
            try:
                environment = services.save_test_environment(
                    user=request.user,
                    environment=self.environment,
                    values=data,
                    themes=themes,
                    periods=periods,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return HttpResponseRedirect(reverse("ecosystem:environment_detail", args=[environment.pk]))
        return self.render_to_response(self.get_context_data(form=form), status=400)


@require_POST
def retire_environment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    environment = _environment(request, pk)
    with contextlib.suppress(ValidationError):  # already retired: nothing changes, the page shows it
        services.retire_test_environment(user=request.user, environment=environment)
    return HttpResponseRedirect(reverse("ecosystem:environment_detail", args=[pk]))


class TimelineView(SalkkuPageMixin, TemplateView):
    template_name = "ecosystem/timeline.html"
    nav_section = "ecosystem"

    def timeline(self) -> Any:
        agreement = selectors.current_agreement(self.request)
        if agreement is None:
            raise Http404
        form = TestEnvironmentFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        envs = timeline_environments(test_environments_for(self.request.user))
        return form, build_timeline(agreement, envs, city=filters.get("city"), theme=filters.get("theme"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form, timeline = self.timeline()
        query = self.request.GET.urlencode()
        kwargs.update(
            form=form,
            timeline=timeline,
            spec=timeline_spec(timeline),
            table=timeline_table(timeline),
            png_url=reverse("ecosystem:timeline_png") + (f"?{query}" if query else ""),
        )
        return super().get_context_data(**kwargs)


@require_safe
def timeline_png(request: HttpRequest) -> HttpResponse:
    view = TimelineView()
    view.setup(request)
    _form, timeline = view.timeline()
    return chart_response(timeline_spec(timeline), "png", "test-environment-timeline", locale=_lang(request))


# --- adoptions -------------------------------------------------------------------------------------


class AdoptionListView(ExportMixin, FilteredListMixin, ListView):
    form_class = AdoptionFilterForm
    template_name = "ecosystem/adoption_list.html"
    partial_template_name = "ecosystem/_adoption_table.html"
    nav_section = "ecosystem"
    export_name = "adoptions"

    def get_queryset(self) -> QuerySet[Adoption]:
        f = self.filters()
        qs = adoptions_for(self.request.user)
        if f.get("city"):
            qs = qs.filter(city=f["city"])
        if f.get("theme"):
            qs = qs.filter(project__theme=f["theme"])
        if f.get("role"):
            qs = qs.filter(role=f["role"])
        if f.get("project"):
            qs = qs.filter(
                Q(project__name__icontains=f["project"]) | Q(project__code__icontains=f["project"])
            )
        if f.get("company"):
            qs = qs.filter(provider__name__icontains=f["company"])
        return qs.select_related("project__theme", "city", "provider").order_by("-adopted_on", "pk")

    def export_header(self) -> list[str]:
        return [
            _("Solution"),
            _("City"),
            _("City unit"),
            _("Role"),
            _("Adopted on"),
            _("Project"),
            _("Solution provider"),
            _("Evidence"),
        ]

    def export_row(self, a: Adoption) -> list[Any]:
        return [
            a.solution,
            a.city.name,
            a.unit,
            a.get_role_display(),
            a.adopted_on,
            a.project.name,
            a.provider.name if a.provider else "",
            a.evidence,
        ]


class AdoptionCreateView(SalkkuPageMixin, TemplateView):
    template_name = "ecosystem/adoption_form.html"
    nav_section = "ecosystem"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        from accounts import permissions as perm

        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.project = get_object_or_404(Project.objects.visible_to(request.user), pk=kwargs["pk"])
        perm.require(request.user, "adoption.record", self.project.agreement_id)
        return super().dispatch(request, *args, **kwargs)

    def providers(self) -> QuerySet[Organisation]:
        p = self.project
        return (
            Organisation.objects.filter(Q(pk=p.lead_id) | Q(partnerships__proposal__project=p))
            .distinct()
            .order_by("name")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault(
            "form", AdoptionForm(providers=self.providers(), initial={"provider": self.project.lead_id})
        )
        kwargs["project"] = self.project
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = AdoptionForm(request.POST, providers=self.providers())
        if form.is_valid():
            try:
                services.record_adoption(user=request.user, project=self.project, values=form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return HttpResponseRedirect(reverse("projects:project_detail", args=[self.project.pk]))
        return self.render_to_response(self.get_context_data(form=form), status=400)
