"""Decision-support pages for the steering group: scenarios of a call, a new run, one scenario with its
portfolio, charts, explanations, locks and what-ifs, the comparison of scenarios, and downloads.
Access: the steering group and the coordination team run and choose; the ministry reads."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Literal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET
from django.views.generic import ListView, TemplateView

from accounts import permissions as perm
from accounts.access import require
from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import agreements_for
from charts.render import chart_response
from cores.portfolio import dumps, parse
from pipeline.models import Call
from portfolio import charts, problems, services
from portfolio.forms import CompareForm, FrameWhatIfForm, RunForm, WeightsWhatIfForm
from portfolio.models import Scenario, ScenarioStatus
from portfolio.presenters import present
from portfolio.results import compare
from review.models import Criterion
from web import locking
from web.exports import ExportMixin
from web.forms import apply_errors, field_of
from web.pages import FilteredListMixin, SalkkuPageMixin


class Page(SalkkuPageMixin, TemplateView):
    nav_section = "portfolio"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise PermissionDenied


def visible_scenarios(user: Any) -> Any:
    ids = agreements_for(user, "scenario.read")
    qs = Scenario.objects.select_related("agreement", "call", "created_by", "parent")
    return qs if ids is None else qs.filter(agreement_id__in=ids)


def scenario_for(request: AuthenticatedHttpRequest, pk: int) -> Scenario:
    scenario = get_object_or_404(Scenario.objects.select_related("agreement", "call", "parent"), pk=pk)
    perm.require(request.user, "scenario.read", scenario.agreement_id)
    return scenario


class ScenarioFilterForm(forms.Form):
    q = forms.CharField(
        label=_lazy("Name"), required=False, max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
    status = forms.ChoiceField(
        label=_lazy("Status"), required=False, choices=[("", _lazy("All statuses")), *ScenarioStatus.choices]
    )
    call = forms.ModelChoiceField(
        label=_lazy("Call"), required=False, empty_label=_lazy("All calls"), queryset=Call.objects.none()
    )

    def __init__(self, *args: Any, calls: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "call", forms.ModelChoiceField).queryset = (
            calls if calls is not None else Call.objects.none()
        )


class ScenarioListView(ExportMixin, FilteredListMixin, ListView):
    """The portfolio options the user may see, filterable and exportable, and the calls to start a run on."""

    nav_section = "portfolio"
    form_class = ScenarioFilterForm
    template_name = "portfolio/scenario_list.html"
    partial_template_name = "portfolio/_scenario_results.html"
    context_object_name = "scenarios"
    export_name = "scenarios"
    export_columns = (
        (_lazy("Scenario"), lambda s: s.label),
        (_lazy("Agreement"), lambda s: s.agreement.name),
        (_lazy("Call"), lambda s: s.call.title if s.call_id else ""),
        (_lazy("Status"), lambda s: s.get_status_display()),
        (_lazy("Basis of the decision"), lambda s: s.is_decision_basis),
        (_lazy("Change from the earlier scenario"), lambda s: s.change_label),
        (_lazy("Created"), lambda s: s.created_at),
    )

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        ids = agreements_for(request.user, "scenario.read")
        require(
            ids is None or bool(ids),
            _("Only the steering group, the coordination team and the ministry see the portfolio options."),
        )
        return super().dispatch(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise PermissionDenied  # as every portfolio page: a run is started from its call's form

    def get_form_kwargs(self) -> dict[str, Any]:
        ids = agreements_for(self.request.user, "scenario.read")
        calls = Call.objects.select_related("agreement").order_by("-closes_on", "-pk")
        return {"calls": calls if ids is None else calls.filter(agreement_id__in=ids)}

    def get_queryset(self) -> Any:
        filters = self.filters()
        qs = visible_scenarios(self.request.user)
        if filters.get("q"):
            qs = qs.filter(name__icontains=filters["q"].strip())
        if filters.get("status"):
            qs = qs.filter(status=filters["status"])
        if filters.get("call"):
            qs = qs.filter(call=filters["call"])
        return qs.order_by("-created_at", "-pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        run_ids = agreements_for(self.request.user, "scenario.run")
        calls = Call.objects.select_related("agreement").annotate(
            candidates=Count("proposals", filter=Q(proposals__status__in=problems.CHOOSABLE_STATUSES))
        )
        if run_ids is not None:
            calls = calls.filter(agreement_id__in=run_ids)
        kwargs["calls"] = (
            calls.filter(candidates__gt=0).order_by("-closes_on") if run_ids is None or run_ids else []
        )
        return super().get_context_data(**kwargs)


class ScenarioCreateView(Page):
    template_name = "portfolio/scenario_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.call = get_object_or_404(Call.objects.select_related("agreement"), pk=kwargs["call_pk"])
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        perm.require(request.user, "scenario.run", self.call.agreement_id)
        self.criteria = list(Criterion.objects.filter(call=self.call).order_by("order", "pk"))
        self.candidates = list(problems.candidate_proposals(self.call).order_by("title", "pk"))
        return super().dispatch(request, *args, **kwargs)

    def form(self, data: Any = None) -> RunForm:
        initial = {"name": _("%(call)s: portfolio") % {"call": self.call.title}}
        if data is None and self.request.GET.get("exclusive"):
            # Groups proposed from the overlap report: the coordinator sees and edits them before running.
            initial["exclusive"] = self.request.GET["exclusive"][:2000]
        return RunForm(data, criteria=self.criteria, candidates=self.candidates, initial=initial)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = kwargs.setdefault("form", self.form())
        scores = problems.review_scores(self.call)
        rows = []
        for proposal in self.candidates:
            given = scores.get(proposal.pk, {})
            cells = []
            for criterion in self.criteria:
                field = form[f"score-{proposal.pk}-{criterion.pk}"]
                interval = given.get(criterion.pk)
                mean = None if interval is None else Decimal(float(interval.mid)).quantize(Decimal("0.01"))
                cells.append((field, mean))
            rows.append((proposal, cells, bool(given)))
        kwargs.update(call=self.call, agreement=self.call.agreement, criteria=self.criteria, score_rows=rows)
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.form(request.POST)
        if form.is_valid():
            try:
                scenario = services.create_from_call(
                    self.call,
                    user=self.request.user,
                    name=form.cleaned_data["name"],
                    options=form.options(),
                    run=form.run_settings(),
                    exclusive=form.cleaned_data["exclusive"],
                    requires=form.cleaned_data["requires"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The run has started. This page shows its progress."))
                return HttpResponseRedirect(reverse("portfolio:scenario_detail", args=[scenario.pk]))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ScenarioDetailView(Page):
    template_name = "portfolio/scenario_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        scenario = scenario_for(self.request, kwargs["pk"])
        can_run = services.can_run(self.request.user, scenario.agreement_id)
        criteria = services.criteria_of(scenario)
        kwargs.update(
            scenario=scenario,
            agreement=scenario.agreement,
            can_run=can_run,
            view=present(scenario),
            frame_form=kwargs.get("frame_form") or FrameWhatIfForm(),
            weights_form=kwargs.get("weights_form") or WeightsWhatIfForm(criteria=criteria),
            charts=charts.scenario_charts(scenario) if scenario.status == ScenarioStatus.DONE else [],
            siblings=Scenario.objects.filter(call=scenario.call)
            .exclude(pk=scenario.pk)
            .order_by("-created_at")[:20]
            if scenario.call_id
            else [],
        )
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        scenario = scenario_for(self.request, kwargs["pk"])
        user = self.request.user
        require(
            services.can_run(user, scenario.agreement_id),
            _("Only the agreement's steering group and coordination team change scenarios."),
        )
        action = request.POST.get("action", "")
        extra: dict[str, Any] = {}
        try:
            if action == "lock":
                candidate, lock = request.POST.get("candidate", ""), request.POST.get("lock", "")
                child = services.derive(
                    scenario,
                    user=user,
                    make=lambda p: services.what_if_lock(p, candidate, lock),
                )
            elif action == "frame":
                form = FrameWhatIfForm(request.POST)
                if not form.is_valid():
                    extra["frame_form"] = form
                    raise ValidationError(_("Check the change of the frame."))
                pct = form.cleaned_data["percent"]
                child = services.derive(scenario, user=user, make=lambda p: services.what_if_frame(p, pct))
            elif action == "weights":
                wform = WeightsWhatIfForm(request.POST, criteria=services.criteria_of(scenario))
                if not wform.is_valid():
                    extra["weights_form"] = wform
                    raise ValidationError(_("Check the weights."))
                weights = wform.weights()
                child = services.derive(
                    scenario, user=user, make=lambda p: services.what_if_weights(p, weights)
                )
            elif action == "rerun":
                child = services.rerun(scenario, user=user)
            elif action == "choose":
                with locking.guard(request, scenario) as locked:
                    services.choose(locked, user=user)
                messages.success(
                    request, _("The scenario is now the basis of the steering group's decision.")
                )
                return HttpResponseRedirect(reverse("portfolio:scenario_detail", args=[scenario.pk]))
            else:
                raise ValidationError(_("Unknown action."))
        except locking.StaleVersion as stale:
            context = self.get_context_data(pk=scenario.pk, **locking.stale_context(stale))
            return self.render_to_response(context, status=locking.CONFLICT)
        except ValidationError as exc:
            context = self.get_context_data(pk=scenario.pk, **extra)
            context["action_errors"] = exc.messages
            return self.render_to_response(context, status=400)
        messages.success(
            request, _("A new scenario is running: %(change)s.") % {"change": child.change_label}
        )
        return HttpResponseRedirect(reverse("portfolio:scenario_detail", args=[child.pk]))


@require_GET
def scenario_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The progress box, polled by htmx while the run goes on; a finished run reloads the page."""
    scenario = scenario_for(request, pk)
    response = render(
        request, "portfolio/_status.html", {"scenario": scenario, "poll": not scenario.finished}
    )
    if scenario.finished and request.headers.get("HX-Request") == "true":
        response["HX-Refresh"] = "true"
    return response


class CompareView(Page):
    template_name = "portfolio/compare.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        viewer = agreements_for(self.request.user, "scenario.read")
        require(viewer is None or bool(viewer), _("Only those who see scenarios compare them."))
        form = CompareForm(self.request.GET or None)
        wanted = form.scenario_ids() if form.is_valid() else []
        if len(wanted) < 2:
            wanted = [int(v) for v in self.request.GET.getlist("s") if v.isdigit()]
        scenarios = [scenario_for(self.request, pk) for pk in dict.fromkeys(wanted)][:6]
        if len(scenarios) < 2:
            kwargs["too_few"] = True
            kwargs["choices"] = visible_scenarios(self.request.user).filter(status=ScenarioStatus.DONE)[:50]
        else:
            kwargs["comparison"] = compare(scenarios)
            kwargs["chart"] = charts.comparison_chart(scenarios)
        kwargs["scenarios"] = scenarios
        return super().get_context_data(**kwargs)


@require_GET
def chart_image(request: AuthenticatedHttpRequest, pk: int, name: str, fmt: str) -> HttpResponse:
    """A chart of the scenario as a static PNG or SVG: the same definition the page shows."""
    scenario = scenario_for(request, pk)
    if scenario.status != ScenarioStatus.DONE or fmt not in ("png", "svg"):
        raise Http404
    specs = {c.key: c.spec for c in charts.scenario_charts(scenario)}
    if name not in specs:
        raise Http404
    lang = getattr(request, "LANGUAGE_CODE", "fi")
    kind: Literal["png", "svg"] = "png" if fmt == "png" else "svg"  # one of the two (checked above)
    return chart_response(specs[name], kind, f"scenario-{pk}-{name}", locale=lang)


@require_GET
def problem_file(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The problem exactly as solved, for `salkku optimise` or another tool; or the result as JSON."""
    scenario = scenario_for(request, pk)
    if fmt not in ("yaml", "json"):
        raise Http404
    if fmt == "yaml":
        body = dumps(parse(scenario.problem), fmt="yaml")
        response = HttpResponse(body, content_type="application/yaml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="scenario-{pk}-problem.yaml"'
        return response
    body = json.dumps(
        {
            "scenario": scenario.pk,
            "name": scenario.name,
            "status": scenario.status,
            "result": scenario.result,
        },
        ensure_ascii=False,
        indent=2,
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="scenario-{pk}-result.json"'
    return response
