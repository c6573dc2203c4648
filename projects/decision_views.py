"""Pages of the funding authority and of change requests: proposals awaiting a funding decision, the
decision form, a project's change requests and their approval. Access is checked on every page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import TemplateView

from accounts import permissions as perm
from accounts.access import require
from accounts.permissions import agreements_for, can
from accounts.reauth import ReauthRequiredMixin
from cores.cofinancing import FRAME_SOURCES, OWN_SOURCES
from pipeline.models import Call, FinancingLine, PartnerRole, Proposal, ProposalPartner, ProposalStatus
from pipeline.plans import plan_view
from programme.models import Theme
from projects import services
from projects.decision_forms import (
    ChangeDecisionForm,
    ChangeRequestForm,
    FundingDecisionForm,
    FundingQueueFilter,
    category_label,
)
from projects.models import ChangeRequest, FundingDecision, Project
from web.exports import ExportMixin
from web.forms import apply_errors, filter_values
from web.pages import SalkkuPageMixin


class Page(SalkkuPageMixin, TemplateView):
    nav_section = "funding"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise PermissionDenied


def _lead_name(proposal: Proposal) -> str:
    return ", ".join(str(p.organisation) for p in proposal.partners.all() if p.role == PartnerRole.LEAD)


def _frame_money(proposal: Proposal) -> Decimal:
    return sum((line.amount for line in proposal.financing_lines.all()), Decimal(0))


class FundingQueueView(ExportMixin, Page):
    """Proposals presented by the steering group, awaiting the funding authority; recent decisions. The
    queue downloads as CSV/XLSX (``?export=``): the same proposals the page lists."""

    template_name = "projects/funding_queue.html"
    export_name = "funding-queue"
    export_columns = (
        (_lazy("Proposal"), lambda p: p.title),
        (_lazy("Acronym"), lambda p: p.acronym),
        (_lazy("Agreement"), lambda p: p.agreement.name),
        (_lazy("Lead partner"), _lead_name),
        (_lazy("Theme"), lambda p: p.theme.code),
        (_lazy("EU and state applied"), _frame_money),
    )

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            decision = can(request.user, "funding.read")
            require(bool(decision), decision.reason)
        return super().dispatch(request, *args, **kwargs)

    def queued(self) -> QuerySet[Proposal]:
        """The presented proposals of the agreements whose funding decisions the user reads."""
        agreements = agreements_for(self.request.user, "funding.read")
        proposals = Proposal.objects.filter(status=ProposalStatus.PRESENTED)
        if agreements is not None:
            proposals = proposals.filter(agreement_id__in=agreements)
        return proposals

    def filter_form(self) -> FundingQueueFilter:
        if not hasattr(self, "_filter_form"):
            queued = self.queued()
            self._filter_form = FundingQueueFilter(
                self.request.GET or None,
                themes=Theme.objects.filter(pk__in=queued.values("theme")).order_by("code"),
                calls=Call.objects.filter(pk__in=queued.values("call")).order_by("-opens_on", "pk"),
            )
        return self._filter_form

    def get_queryset(self) -> QuerySet[Proposal]:
        proposals = self.queued()
        chosen = filter_values(self.filter_form())
        if "theme" in chosen:
            proposals = proposals.filter(theme=chosen["theme"])
        if "call" in chosen:
            proposals = proposals.filter(call=chosen["call"])
        return (
            proposals.select_related("theme", "agreement")
            .prefetch_related(
                Prefetch("partners", queryset=ProposalPartner.objects.select_related("organisation")),
                Prefetch("financing_lines", queryset=FinancingLine.objects.filter(source__in=FRAME_SOURCES)),
            )
            .order_by("title", "pk")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        agreements = agreements_for(self.request.user, "funding.read")
        decisions = FundingDecision.objects.all()
        if agreements is not None:
            decisions = decisions.filter(project__agreement_id__in=agreements)
        kwargs["proposals"] = self.get_queryset()
        kwargs["filter_form"] = self.filter_form()
        kwargs["has_queue"] = self.queued().exists()
        kwargs["decisions"] = decisions.select_related("project__lead").order_by("-decided_on", "-pk")[:50]
        # The decide link per proposal: only for the funding authority of that proposal's agreement.
        kwargs["decidable"] = {
            p.pk for p in kwargs["proposals"] if can(self.request.user, "proposal.decide", p.agreement_id)
        }
        return super().get_context_data(**kwargs)


class FundingDecisionView(ReauthRequiredMixin, Page):  # its dispatch checks the role first
    template_name = "projects/funding_decision.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.proposal = get_object_or_404(
            Proposal.objects.select_related("agreement", "theme").prefetch_related(
                "budget_lines",
                "financing_lines__organisation",
                "theme__eligible_funds",
                Prefetch("partners", queryset=ProposalPartner.objects.select_related("organisation")),
            ),
            pk=kwargs["pk"],
        )
        perm.require(self.request.user, "proposal.decide", self.proposal.agreement_id)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, data: Any = None) -> FundingDecisionForm:
        funds: dict[str, Decimal] = {}
        for line in self.proposal.financing_lines.all():
            if line.source in FRAME_SOURCES:
                funds[line.source] = funds.get(line.source, Decimal(0)) + line.amount
        cells = {
            (b.year, b.category): b.amount
            for b in sorted(self.proposal.budget_lines.all(), key=lambda b: (b.year, b.category))
        }
        own = [line for line in self.proposal.financing_lines.all() if line.source in OWN_SOURCES]
        return FundingDecisionForm(data, funds=funds, cells=cells, own_lines=own)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        p = self.proposal
        kwargs.setdefault("form", self.get_form())
        kwargs["proposal"] = p
        kwargs["plan"] = plan_view(
            budget_lines=p.budget_lines.all(),
            financing_lines=p.financing_lines.all(),
            indirect_rate=p.indirect_rate,
            rule=p.agreement.cofinancing_rule(),
            eligible_funds=[f.code for f in p.theme.eligible_funds.all()],
            theme_label=p.theme.code,
        )
        kwargs["is_presented"] = p.status == ProposalStatus.PRESENTED
        kwargs["current_agreement"] = p.agreement
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                project = services.funding_decision_record(
                    proposal=self.proposal,
                    decided_on=data["decided_on"],
                    eura_code=data["eura_code"],
                    granted=form.granted(),
                    conditions=data["conditions"],
                    budget=form.budget(),
                    own_financing=form.own_financing(),
                    actor=self.request.user,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The funding decision was recorded and the project created."))
                return HttpResponseRedirect(reverse("projects:project_detail", args=[project.pk]))
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _project(pk: int) -> Project:
    return get_object_or_404(
        Project.objects.select_related("agreement__period", "theme", "proposal", "lead").prefetch_related(
            "budget_lines", "proposal__partners"
        ),
        pk=pk,
        is_historical=False,
    )


class ChangeRequestsView(Page):
    """A project's change requests, and the form to make one (its implementers)."""

    template_name = "projects/change_requests.html"
    nav_section = "projects"  # a project's page, as its reports and claims are

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.project = _project(kwargs["pk"])
        perm.require(self.request.user, "project.read_changes", self.project)
        return super().dispatch(request, *args, **kwargs)

    def years(self) -> list[int]:
        p = self.project
        first = p.start_date.year if p.start_date else 2021
        last = p.agreement.period.end_year if p.agreement else (p.end_date.year if p.end_date else first)
        return list(range(first, max(first, last) + 1))

    def get_form(self, data: Any = None) -> ChangeRequestForm:
        cells = {(b.year, b.category): b.amount for b in self.project.budget_lines.all()}
        return ChangeRequestForm(data, years=self.years(), cells=cells)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs["project"] = self.project
        kwargs["requests"] = self.project.change_requests.select_related(
            "requested_by", "decided_by"
        ).order_by("-requested_at", "-pk")
        kwargs["can_request"] = services.can_request_change(self.request.user, self.project)
        if kwargs["can_request"]:
            kwargs.setdefault("form", self.get_form())
        kwargs["current_agreement"] = self.project.agreement
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require(
            services.can_request_change(self.request.user, self.project),
            _("Only the project's implementers request changes."),
        )
        form = self.get_form(request.POST)
        if form.is_valid():
            current = {(b.year, b.category): b.amount for b in self.project.budget_lines.all()}
            asked = {cell: v for cell, v in form.budget().items() if v > 0}
            try:
                change = services.change_request_create(
                    project=self.project,
                    reason=form.cleaned_data["reason"],
                    budget=form.budget() if asked != current else None,
                    end_date=form.cleaned_data["end_date"],
                    actor=self.request.user,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The change request was sent to the funding authority."))
                return HttpResponseRedirect(
                    reverse("projects:change_request_detail", args=[self.project.pk, change.pk])
                )
        return self.render_to_response(self.get_context_data(form=form), status=400)


def diff_rows(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """Budget cells before and after a change, for a table (only the cells that appear in either)."""

    def cells(snapshot: dict[str, Any]) -> dict[tuple[int, str], Decimal]:
        return {(int(r["year"]), r["category"]): Decimal(r["amount"]) for r in snapshot.get("budget", [])}

    old, new = cells(before), cells(after)
    return [
        {
            "year": y,
            "category": category_label(c),
            "before": old.get((y, c)),
            "after": new.get((y, c)),
            "changed": old.get((y, c)) != new.get((y, c)),
        }
        for y, c in sorted(set(old) | set(new))
    ]


class ChangeRequestDetailView(Page):
    template_name = "projects/change_request_detail.html"
    nav_section = "projects"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.project = _project(kwargs["pk"])
        perm.require(self.request.user, "project.read_changes", self.project)
        self.change = get_object_or_404(
            ChangeRequest.objects.select_related("requested_by", "decided_by"),
            pk=kwargs["cr"],
            project=self.project,
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs["project"] = self.project
        kwargs["change"] = self.change
        kwargs["rows"] = diff_rows(self.change.before, self.change.after)
        kwargs["can_decide"] = self.change.status == "pending" and bool(
            can(self.request.user, "project.decide_change", self.project)
        )
        kwargs.setdefault("form", ChangeDecisionForm())
        kwargs["current_agreement"] = self.project.agreement
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ChangeDecisionForm(request.POST)
        approve = request.POST.get("decision") == "approve"
        if request.POST.get("decision") not in {"approve", "reject"}:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.change_request_decide(
                    request=self.change,
                    approve=approve,
                    note=form.cleaned_data["note"],
                    actor=self.request.user,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The decision on the change request was recorded."))
                return HttpResponseRedirect(request.path)
        return self.render_to_response(self.get_context_data(form=form), status=400)
