"""Pages of monitoring: a project's progress reports, one report (the form while a draft, the frozen
snapshot once submitted), the coordinator's queue of submitted reports, and a project's payment claims.
Deny by default: every page checks the user against the project (``progress.services``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import TemplateView

from accounts import permissions as perm
from accounts.access import require
from accounts.permissions import agreements_for
from pipeline.models import CostCategory, FinancingSource
from progress import services
from progress.forms import (
    ClaimDecisionForm,
    ClaimForm,
    ClaimListFilter,
    MilestoneFormSet,
    ReportForm,
    ReportListFilter,
    ReturnForm,
    RiskFormSet,
    ScheduleForm,
    SolutionFormSet,
    SpendingFormSet,
    rows_of,
)
from progress.models import MilestoneStatus, PaymentClaim, ProgressReport, ReportStatus, RiskLevel
from projects.models import Project
from web import locking
from web.exports import ExportMixin
from web.forms import apply_errors, filter_values
from web.pages import SalkkuPageMixin


class Page(SalkkuPageMixin, TemplateView):
    nav_section = "projects"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise PermissionDenied


def _project(pk: int) -> Project:
    return get_object_or_404(
        Project.objects.select_related("agreement", "lead", "proposal", "report_schedule").prefetch_related(
            "proposal__partners"
        ),
        pk=pk,
        is_historical=False,
    )


def _see(request: HttpRequest, project: Project) -> None:
    """Another agreement's or organisation's project answers 404, a role that sees no reports 403."""
    perm.require(request.user, "progress.read", services.progress_target(project))


class ReportListView(ExportMixin, Page):
    """A project's reports by period with their due dates and late flags; the coordinator sets the schedule.
    The reports download as CSV/XLSX (``?export=``), the rows the page lists."""

    template_name = "progress/report_list.html"
    export_name = "progress-reports"
    export_columns = (
        (_lazy("Number"), lambda r: r.number),
        (_lazy("Period start"), lambda r: r.period_start),
        (_lazy("Period end"), lambda r: r.period_end),
        (_lazy("Due"), lambda r: r.due_on),
        (_lazy("Status"), lambda r: r.get_status_display()),
        (_lazy("Submitted"), lambda r: r.submitted_at),
    )

    def filter_form(self) -> ReportListFilter:
        if not hasattr(self, "_filter_form"):
            # prefixed: the schedule's form is on the same page
            self._filter_form = ReportListFilter(self.request.GET or None, prefix="filter")
        return self._filter_form

    def get_queryset(self) -> list[ProgressReport]:
        chosen = filter_values(self.filter_form())
        reports = list(services.ensure_reports(self.project))
        return [r for r in reports if "status" not in chosen or r.status == chosen["status"]]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.project = _project(kwargs["pk"])
        _see(request, self.project)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        project = self.project
        schedule = services.schedule_of(project)
        kwargs["project"] = project
        kwargs["schedule"] = schedule
        kwargs["reports"] = self.get_queryset()
        kwargs["filter_form"] = self.filter_form()
        kwargs["filtered"] = bool(filter_values(self.filter_form()))
        kwargs["today"] = timezone.localdate()
        kwargs["can_set_schedule"] = services.can_decide_reports(self.request.user, project)
        if kwargs["can_set_schedule"]:
            kwargs.setdefault(
                "form",
                ScheduleForm(
                    initial={"period_months": schedule.period_months, "due_days": schedule.due_days}
                ),
            )
        kwargs["current_agreement"] = project.agreement
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require(
            services.can_decide_reports(self.request.user, self.project),
            _("Only the coordinator sets the reporting schedule."),
        )
        form = ScheduleForm(request.POST)
        if form.is_valid():
            try:
                services.schedule_set(
                    project=self.project,
                    period_months=form.cleaned_data["period_months"],
                    due_days=form.cleaned_data["due_days"],
                    actor=self.request.user,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The reporting schedule was saved."))
                return HttpResponseRedirect(request.path)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ReportDetailView(Page):
    """One report: the form while it is a draft or returned (for its implementers), otherwise the content
    as submitted; the coordinator returns or approves a submitted one."""

    template_name = "progress/report_detail.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.report = get_object_or_404(
            ProgressReport.objects.select_related(
                "project__agreement", "project__lead", "submitted_by", "decided_by"
            ),
            pk=kwargs["pk"],
            project__is_historical=False,
        )
        self.project = self.report.project
        _see(request, self.project)
        return super().dispatch(request, *args, **kwargs)

    def years(self) -> list[int]:
        return list(range(self.report.period_start.year, self.report.period_end.year + 1))

    def forms(self, data: Any = None) -> dict[str, Any]:
        report = self.report
        targets = services.targets_of(self.project)
        actuals = {i.target_id: i.actual for i in report.indicators.all()}
        initial = {"narrative": report.narrative} | {f"indicator_{t}": v for t, v in actuals.items()}
        cities = services.cities_of(self.project)
        return {
            "form": ReportForm(data, targets=targets, initial=initial),
            "spending": SpendingFormSet(
                data,
                prefix="spending",
                form_kwargs={"years": self.years()},
                initial=[
                    {"year": s.year, "category": s.category, "source": s.source, "amount": s.amount}
                    for s in report.spending.all()
                ],
            ),
            "milestones": MilestoneFormSet(
                data,
                prefix="milestones",
                initial=[{"text": m.text, "status": m.status} for m in report.milestones.all()],
            ),
            "risks": RiskFormSet(
                data, prefix="risks", initial=[{"text": r.text, "level": r.level} for r in report.risks.all()]
            ),
            "solutions": SolutionFormSet(
                data,
                prefix="solutions",
                form_kwargs={"cities": cities},
                initial=[
                    {"organisation": s.organisation_id, "description": s.description}
                    for s in report.solutions.all()
                ],
            ),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        report, user = self.report, self.request.user
        kwargs["project"] = self.project
        kwargs["report"] = report
        kwargs["can_edit"] = report.is_editable and services.is_implementer(user, self.project)
        kwargs["can_decide"] = report.status == ReportStatus.SUBMITTED and services.can_decide_reports(
            user,
            self.project,
        )
        if kwargs["can_edit"]:
            for name, value in self.forms().items():
                kwargs.setdefault(name, value)
        else:
            kwargs["content"] = report.snapshot if report.snapshot else services.report_content(report)
        if kwargs["can_decide"]:
            kwargs.setdefault("return_form", ReturnForm())
        kwargs["labels"] = {
            "category": dict(CostCategory.choices),
            "source": dict(FinancingSource.choices),
            "milestone": dict(MilestoneStatus.choices),
            "risk": dict(RiskLevel.choices),
        }
        kwargs["current_agreement"] = self.project.agreement
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = request.POST.get("action")
        user = self.request.user
        if action in {"return", "approve"}:
            return self.decide(request, action)
        if action not in {"save", "submit"}:
            raise PermissionDenied
        require(
            services.is_implementer(user, self.project),
            _("Only the project's implementers edit its reports."),
        )
        forms = self.forms(request.POST)
        form = forms["form"]
        sets = [forms[name] for name in ("spending", "milestones", "risks", "solutions")]
        valid = form.is_valid() & all([s.is_valid() for s in sets])
        if valid:
            try:
                with locking.guard(request, self.report) as report:
                    services.report_save(
                        report=report,
                        actor=user,
                        narrative=form.cleaned_data["narrative"],
                        spending=rows_of(forms["spending"]),
                        indicators=form.indicators(),
                        milestones=rows_of(forms["milestones"]),
                        risks=rows_of(forms["risks"]),
                        solutions=rows_of(forms["solutions"]),
                    )
                    if action == "submit":
                        services.report_submit(report=report, actor=user)
            except locking.StaleVersion as stale:
                self.report.refresh_from_db()
                context = self.get_context_data(**forms, **locking.stale_context(stale))
                return self.render_to_response(context, status=locking.CONFLICT)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The report was submitted to the coordinator.")
                    if action == "submit"
                    else _("The report was saved."),
                )
                return HttpResponseRedirect(request.path)
        else:
            for formset in sets:
                for problem in formset.non_form_errors():
                    form.add_error(None, problem)
        self.report.refresh_from_db()
        return self.render_to_response(self.get_context_data(**forms), status=400)

    def decide(self, request: HttpRequest, action: str) -> HttpResponse:
        require(
            services.can_decide_reports(self.request.user, self.project),
            _("Only the coordinator returns or approves reports."),
        )
        form = ReturnForm(request.POST)
        form.is_valid()
        try:
            with locking.guard(request, self.report) as report:
                if action == "return":
                    services.report_return(
                        report=report,
                        reason=form.cleaned_data.get("reason", ""),
                        actor=self.request.user,
                    )
                else:
                    services.report_approve(report=report, actor=self.request.user)
        except locking.StaleVersion as stale:
            self.report.refresh_from_db()
            context = self.get_context_data(return_form=form, **locking.stale_context(stale))
            return self.render_to_response(context, status=locking.CONFLICT)
        except ValidationError as error:
            apply_errors(form, error)
            self.report.refresh_from_db()
            context = self.get_context_data(return_form=form)
            context["decision_errors"] = True
            return self.render_to_response(context, status=400)
        messages.success(
            request,
            _("The report was returned for changes.")
            if action == "return"
            else _("The report was approved."),
        )
        return HttpResponseRedirect(request.path)


class ReportQueueView(Page):
    """Submitted reports awaiting the coordinator, across the user's agreements; overdue reports below."""

    template_name = "progress/queue.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        agreements = agreements_for(user, "progress.queue")
        require(
            agreements is None or bool(agreements),
            _("Only the coordinator and the agreement's staff see the queue of reports."),
        )
        reports = ProgressReport.objects.filter(project__is_historical=False).select_related(
            "project__lead", "project__agreement", "submitted_by"
        )
        if agreements is not None:
            reports = reports.filter(project__agreement_id__in=agreements)
        today = timezone.localdate()
        kwargs["submitted"] = reports.filter(status=ReportStatus.SUBMITTED).order_by("submitted_at", "pk")
        kwargs["overdue"] = reports.filter(
            status__in=(ReportStatus.DRAFT, ReportStatus.RETURNED), due_on__lt=today
        ).order_by("due_on", "pk")[:100]
        kwargs["today"] = today
        return super().get_context_data(**kwargs)


class ClaimsView(ExportMixin, Page):
    """A project's payment claims with totals per fund against the approved financing; the implementer
    files a claim, the funding authority approves an amount and records the payment. The claims download
    as CSV/XLSX (``?export=``), the rows of the page's claims table."""

    template_name = "progress/claims.html"
    export_name = "payment-claims"
    export_columns = (
        (_lazy("Period start"), lambda c: c.period_start),
        (_lazy("Period end"), lambda c: c.period_end),
        (_lazy("Fund"), lambda c: c.get_fund_display()),
        (_lazy("Status"), lambda c: c.get_status_display()),
        (_lazy("Claimed"), lambda c: c.claimed),
        (_lazy("Approved"), lambda c: c.approved),
        (_lazy("Paid"), lambda c: c.paid),
        (_lazy("Paid on"), lambda c: c.paid_on),
        (_lazy("Filed"), lambda c: c.filed_at),
    )

    def all_claims(self) -> list[PaymentClaim]:
        return list(self.project.payment_claims.select_related("filed_by", "approved_by", "paid_by"))

    def filter_form(self) -> ClaimListFilter:
        if not hasattr(self, "_filter_form"):
            # prefixed: the form that files a claim has a fund of its own on the same page
            self._filter_form = ClaimListFilter(self.request.GET or None, prefix="filter")
        return self._filter_form

    def get_queryset(self) -> list[PaymentClaim]:
        """The claims the table lists (and the export holds): those the filters choose."""
        chosen = filter_values(self.filter_form())
        return [
            c for c in self.all_claims() if all(getattr(c, key) == value for key, value in chosen.items())
        ]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.project = _project(kwargs["pk"])
        _see(request, self.project)
        return super().dispatch(request, *args, **kwargs)

    def claim_form(self, data: Any = None) -> ClaimForm:
        budget = services.fund_budget(self.project)
        return ClaimForm(data, funds=sorted(budget), periods=services.project_periods(self.project))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        project, user = self.project, self.request.user
        # the totals per fund are of every claim; the filters choose only the rows of the claims' table
        totals = services.claim_totals(project, self.all_claims())
        claims = self.get_queryset()
        kwargs["project"] = project
        kwargs["claims"] = claims
        kwargs["filter_form"] = self.filter_form()
        kwargs["filtered"] = bool(filter_values(self.filter_form()))
        kwargs["totals"] = totals
        kwargs["sum"] = services.claim_totals_sum(totals)
        kwargs["can_file"] = services.is_implementer(user, project)
        kwargs["can_decide"] = services.can_decide_claims(user, project)
        if kwargs["can_file"]:
            kwargs.setdefault("form", self.claim_form())
        kwargs.setdefault("decision_form", ClaimDecisionForm())
        kwargs["today"] = timezone.localdate()
        kwargs["current_agreement"] = project.agreement
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = request.POST.get("action")
        user = self.request.user
        if action == "file":
            require(
                services.is_implementer(user, self.project),
                _("Only the project's implementers file payment claims."),
            )
            form = self.claim_form(request.POST)
            if form.is_valid():
                start, end = form.period_dates()
                try:
                    services.claim_file(
                        project=self.project,
                        fund=form.cleaned_data["fund"],
                        period_start=start,
                        period_end=end,
                        claimed=form.cleaned_data["claimed"],
                        actor=user,
                    )
                except ValidationError as error:
                    apply_errors(form, error)
                else:
                    messages.success(request, _("The payment claim was filed."))
                    return HttpResponseRedirect(request.path)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if action not in {"approve", "pay"}:
            raise PermissionDenied
        require(
            services.can_decide_claims(user, self.project),
            _("Only the funding authority approves and pays claims."),
        )
        decision = ClaimDecisionForm(request.POST)
        if decision.is_valid():
            claim = get_object_or_404(self.project.payment_claims, pk=decision.cleaned_data["claim"])
            data = decision.cleaned_data
            try:
                with locking.guard(request, claim) as locked:
                    if action == "approve":
                        services.claim_approve(
                            claim=locked,
                            approved=data["approved"],
                            actor=user,
                            reason=data["approval_reason"],
                        )
                    else:
                        services.claim_pay(
                            claim=locked,
                            paid=data["paid"],
                            paid_on=data["paid_on"],
                            actor=user,
                            reason=data["payment_reason"],
                        )
            except locking.StaleVersion as stale:
                context = self.get_context_data(decision_form=decision, **locking.stale_context(stale))
                return self.render_to_response(context, status=locking.CONFLICT)
            except ValidationError as error:
                apply_errors(decision, error)
            else:
                messages.success(
                    request,
                    _("The approval was recorded.")
                    if action == "approve"
                    else _("The payment was recorded."),
                )
                return HttpResponseRedirect(request.path)
        return self.render_to_response(self.get_context_data(decision_form=decision), status=400)
