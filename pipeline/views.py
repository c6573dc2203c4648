"""The pipeline's pages: calls for ideas, ideas, proposals (list, detail, the edit page with its sections,
versions and their differences). Views check access (deny by default: what the user may not see is "not
found", what they may see but not change is "forbidden") and call the services; no business rules here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Prefetch, QuerySet, When
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import agreements_for, can
from pipeline import editing, rules, services
from pipeline import forms as pf
from pipeline.models import (
    Call,
    CallStatus,
    FinancingLine,
    Idea,
    IdeaStatus,
    IndicatorTarget,
    PartnerRole,
    Proposal,
    ProposalPartner,
    ProposalStatus,
)
from pipeline.plans import plan_view
from pipeline.validation import Problem, proposal_for_checking, validate_proposal
from pipeline.versions import diff
from pipeline.workflows import CALL_WORKFLOW, may_take
from programme.models import Agreement, Theme
from web.exports import ExportMixin
from web.forms import field_of
from web.pages import FilteredListMixin, SalkkuPageMixin


class ThemeChoiceField(forms.ModelChoiceField):
    """A theme; its agreement's region is named when there are themes of more than one agreement."""

    show_agreement = False

    def label_from_instance(self, obj: Theme) -> str:
        label = f"{obj.code} · {obj.name}"
        return f"{label} ({obj.agreement.region})" if self.show_agreement else label


def theme_field(label: Any) -> ThemeChoiceField:
    return ThemeChoiceField(
        label=label,
        required=False,
        empty_label=_("All themes"),
        queryset=Theme.objects.select_related("agreement").order_by("agreement__name_fi", "order", "code"),
    )


def _errors_of(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


# --- proposals: list and detail -------------------------------------------------------------------------


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
        field_of(self, "theme", ThemeChoiceField).show_agreement = (
            Theme.objects.values("agreement_id").distinct().count() > 1
        )


def _lead_name(proposal: Proposal) -> str:
    leads = getattr(proposal, "lead_partners", None)
    if leads is None:
        leads = [p for p in proposal.partners.all() if p.role == PartnerRole.LEAD]
    return leads[0].organisation.name if leads else ""


class ProposalListView(ExportMixin, FilteredListMixin, ListView):
    form_class = ProposalFilterForm
    template_name = "pipeline/proposal_list.html"
    partial_template_name = "pipeline/_proposal_results.html"
    nav_section = "proposals"
    export_name = "proposals"
    export_columns = (
        (_("Acronym"), lambda p: p.acronym),
        (_("Title"), lambda p: p.title),
        (_("Agreement"), lambda p: p.agreement.name),
        (_("Theme"), lambda p: p.theme.code),
        (_("Lead partner"), _lead_name),
        (_("Status"), lambda p: p.get_status_display()),
        (_("Start"), lambda p: p.start_date),
        (_("End"), lambda p: p.end_date),
        (_("Submitted"), lambda p: p.submitted_at),
    )

    def get_queryset(self) -> QuerySet[Proposal]:
        filters = self.filters()
        qs = Proposal.objects.visible_to(self.request.user)
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
            Proposal.objects.visible_to(self.request.user)
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
            .select_related("agreement__period")
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
        user = self.request.user
        kwargs["can_edit"] = rules.can_edit_proposal(user, proposal)
        if kwargs["can_edit"]:
            kwargs["problems"] = validate_proposal(proposal)
        kwargs["versions"] = list(proposal.versions.order_by("number").values("number", "submitted_at"))
        return super().get_context_data(**kwargs)


def _visible_proposal(request: AuthenticatedHttpRequest, pk: int, *, checking: bool = False) -> Proposal:
    qs = Proposal.objects.visible_to(request.user)
    if checking:
        qs = proposal_for_checking(qs)
    return get_object_or_404(qs, pk=pk)


# --- the proposal edit page -----------------------------------------------------------------------------


class ProposalEditView(SalkkuPageMixin, TemplateView):
    """All of a draft on one page, in sections: basics, consortium, budget (year × category), financing
    plan, indicator targets. "Save draft" keeps partial work; "Submit" saves, validates and submits. The
    page lists what still stops submitting, each problem linking to its field."""

    template_name = "pipeline/proposal_edit.html"
    nav_section = "proposals"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.proposal = _visible_proposal(self.request, kwargs["pk"], checking=True)
        if not rules.can_edit_proposal(self.request.user, self.proposal):
            raise PermissionDenied(
                _t(
                    "Only the applicants of the lead partner and the partners may edit a draft or a "
                    "proposal returned for changes."
                )
            )
        return super().dispatch(request, *args, **kwargs)

    # The forms, bound to the POST or filled from the proposal.

    def budget_years(self) -> list[int]:
        p = self.proposal
        years = set(range(p.start_date.year, p.end_date.year + 1)) | {b.year for b in p.budget_lines.all()}
        return sorted(years)

    def build_forms(self, data: Any = None) -> dict[str, Any]:
        p = self.proposal
        budget_initial = {pf.BudgetGridForm.key(b.year, b.category): b.amount for b in p.budget_lines.all()}
        partners_initial = [
            {"organisation": x.organisation_id, "role": x.role, "tasks": x.tasks}
            for x in sorted(p.partners.all(), key=lambda x: (x.role != PartnerRole.LEAD, x.organisation.name))
        ]
        financing_initial = [
            {"source": x.source, "organisation": x.organisation_id, "amount": x.amount}
            for x in p.financing_lines.all()
        ]
        targets_initial = [
            {"indicator": x.indicator_id, "target": x.target} for x in p.indicator_targets.all()
        ]
        return {
            "basics": pf.ProposalBasicsForm(
                data, prefix="basics", proposal=p, initial=pf.ProposalBasicsForm.initial_for(p)
            ),
            "partners": pf.Partners(
                data, prefix="partners", initial=partners_initial, choices=pf.partner_choices(p)
            ),
            "budget": pf.BudgetGridForm(
                data, prefix="budget", years=self.budget_years(), initial=budget_initial
            ),
            "financing": pf.Financing(
                data, prefix="financing", initial=financing_initial, choices=pf.consortium_choices(p)
            ),
            "targets": pf.Targets(
                data, prefix="targets", initial=targets_initial, choices=pf.indicator_choices(p)
            ),
        }

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(forms=self.build_forms()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        built = self.build_forms(request.POST)
        if not all(form.is_valid() for form in built.values()):
            return self.render_to_response(self.get_context_data(forms=built, input_errors=True), status=400)
        user = self.request.user
        try:
            with transaction.atomic():
                self.save(built, user, expected=request.POST.get("version") or None)
        except editing.StaleEdit as stale:
            if not isinstance(stale.current, Proposal):  # the edit locks the proposal: it is what changed
                raise
            return self.render_to_response(
                self.get_context_data(
                    forms=built, stale=editing.changes_since(stale.current, stale.expected)
                ),
                status=409,
            )
        except ValidationError as error:
            return self.render_to_response(
                self.get_context_data(forms=built, save_errors=_errors_of(error)), status=400
            )
        if request.POST.get("action") == "submit":
            try:
                services.proposal_submit(proposal=self.proposal, actor=user)
            except services.ProposalNotValid as refused:
                self.proposal = _visible_proposal(self.request, self.proposal.pk, checking=True)
                return self.render_to_response(
                    self.get_context_data(forms=self.build_forms(), problems=refused.problems, refused=True),
                    status=400,
                )
            messages.success(request, _t("The proposal was submitted. Its version is frozen and numbered."))
            return HttpResponseRedirect(reverse("pipeline:proposal_detail", args=[self.proposal.pk]))
        messages.success(request, _t("The draft was saved."))
        return HttpResponseRedirect(reverse("pipeline:proposal_edit", args=[self.proposal.pk]))

    def save(self, built: dict[str, Any], user: Any, expected: str | None = None) -> None:
        """One edit through the one edit flow (pipeline.editing), refused when the page is stale."""
        edit = editing.ProposalEdit(
            changes=built["basics"].changes(),
            partners=[
                services.PartnerIn(row["organisation"], row["role"], row.get("tasks", ""))
                for row in built["partners"].filled()
                if row.get("organisation")
            ],
            budget=built["budget"].lines(),
            financing=[
                (row["source"], row.get("organisation"), row["amount"])
                for row in built["financing"].filled()
                if row.get("source") and row.get("amount") is not None
            ],
            targets=[
                (row["indicator"], row["target"]) for row in built["targets"].filled() if row.get("indicator")
            ],
        )
        self.proposal = editing.proposal_edit(
            proposal=self.proposal, actor=user, edit=edit, expected=expected
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        p = self.proposal
        built = kwargs["forms"]
        problems = kwargs.get("problems")
        if problems is None and not kwargs.get("input_errors") and not kwargs.get("save_errors"):
            problems = validate_proposal(p)
        kwargs["problems"] = problems or []
        kwargs["problem_links"] = [
            (self.href(problem, built), problem.message) for problem in kwargs["problems"]
        ]
        kwargs["input_error_links"] = self.input_error_links(built) if kwargs.get("input_errors") else []
        kwargs["proposal"] = p
        kwargs["version"] = editing.etag(p)
        kwargs["current_agreement"] = p.agreement
        kwargs["plan"] = plan_view(
            budget_lines=p.budget_lines.all(),
            financing_lines=p.financing_lines.all(),
            indirect_rate=p.indirect_rate,
            rule=None,
            eligible_funds=None,
        )
        kwargs["eligible_funds"] = ", ".join(sorted(x.code for x in p.theme.eligible_funds.all()))
        return super().get_context_data(**kwargs)

    @staticmethod
    def href(problem: Problem, built: dict[str, Any]) -> str:
        """The id of the field a problem is about, so that the error summary can link to it."""
        head, _sep, rest = problem.field.partition(".")
        if head in {"title", "summary", "objectives", "start_date", "end_date"}:
            return f"#id_basics-{head}"
        if head == "partners" and rest:
            for i, form in enumerate(built["partners"].forms):
                if str(form.initial.get("organisation", "")) == rest:
                    return f"#id_partners-{i}-organisation"
            return "#consortium"
        if head == "budget" and rest:
            return f"#id_budget-{pf.BudgetGridForm.key(int(rest), 'personnel')}"
        if head == "financing" and rest:
            source, _sep, org = rest.partition(".")
            for i, form in enumerate(built["financing"].forms):
                if form.initial.get("source") == source and (
                    not org or str(form.initial.get("organisation")) == org
                ):
                    return f"#id_financing-{i}-amount"
            return "#financing"
        if head == "targets":
            return "#targets"
        return {"partners": "#consortium", "budget": "#budget", "financing": "#financing"}.get(
            head, "#main-content"
        )

    @staticmethod
    def input_error_links(built: dict[str, Any]) -> list[tuple[str, str]]:
        links = []
        for form in [built["basics"], built["budget"]]:
            for name, errors in form.errors.items():
                links += [
                    (
                        f"#{form[name].auto_id}" if name != "__all__" else "#main-content",
                        f"{form[name].label if name != '__all__' else ''}: {e}".lstrip(": "),
                    )
                    for e in errors
                ]
        for key in ("partners", "financing", "targets"):
            for form in built[key].forms:
                for name, errors in form.errors.items():
                    if name == "__all__":
                        continue
                    links += [(f"#{form[name].auto_id}", f"{form[name].label}: {e}") for e in errors]
            links += [(f"#{key}", str(e)) for e in built[key].non_form_errors()]
        return links


class ProposalSubmitView(View):
    """Submit from the proposal's page (the edit page has its own submit button)."""

    request: AuthenticatedHttpRequest

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        proposal = _visible_proposal(self.request, pk)
        try:
            services.proposal_submit(proposal=proposal, actor=self.request.user)
        except services.ProposalNotValid:
            messages.error(
                request, _t("The proposal cannot be submitted yet: fix the problems listed below.")
            )
            return HttpResponseRedirect(reverse("pipeline:proposal_edit", args=[pk]))
        except ValidationError as error:
            messages.error(request, " ".join(_errors_of(error)))
            return HttpResponseRedirect(reverse("pipeline:proposal_detail", args=[pk]))
        messages.success(request, _t("The proposal was submitted. Its version is frozen and numbered."))
        return HttpResponseRedirect(reverse("pipeline:proposal_detail", args=[pk]))


class ProposalVersionsView(SalkkuPageMixin, TemplateView):
    template_name = "pipeline/proposal_versions.html"
    nav_section = "proposals"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        proposal = _visible_proposal(self.request, self.kwargs["pk"])
        kwargs["proposal"] = proposal
        kwargs["current_agreement"] = proposal.agreement
        kwargs["versions"] = proposal.versions.select_related("submitted_by").order_by("-number")
        return super().get_context_data(**kwargs)


class ProposalDiffView(SalkkuPageMixin, TemplateView):
    """Version n against version n − 1: changed fields and money lines, before → after."""

    template_name = "pipeline/proposal_diff.html"
    nav_section = "proposals"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        proposal = _visible_proposal(self.request, self.kwargs["pk"])
        number = self.kwargs["number"]
        versions = {v.number: v for v in proposal.versions.filter(number__in=[number - 1, number])}
        if number not in versions or number - 1 not in versions:
            raise Http404("no such version pair")
        changes = diff(versions[number - 1].snapshot, versions[number].snapshot)
        sections = {
            "fields": _t("Fields"),
            "partners": _t("Consortium"),
            "budget": _t("Budget"),
            "financing": _t("Financing plan"),
            "targets": _t("Indicator targets"),
            "totals": _t("Totals"),
        }
        kwargs.update(
            proposal=proposal,
            current_agreement=proposal.agreement,
            before=versions[number - 1],
            after=versions[number],
            groups=[(label, [c for c in changes if c.section == key]) for key, label in sections.items()],
            changes=changes,
        )
        return super().get_context_data(**kwargs)


# --- calls for ideas ------------------------------------------------------------------------------------


def coordinator_agreement(request: AuthenticatedHttpRequest) -> Agreement | None:
    """The agreement the coordinator works on: the current one if they coordinate it, else their first."""
    from programme import selectors

    user = request.user
    current = selectors.current_agreement(request)
    if current is not None and rules.is_coordinator(user, current.pk):
        return current
    ids = agreements_for(user, "call.manage")
    if ids is None:
        return Agreement.objects.order_by("pk").first()
    return Agreement.objects.filter(pk__in=ids).order_by("pk").first()


class CallFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Title"), required=False, max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *CallStatus.choices]
    )
    theme = theme_field(_("Theme"))


class CallListView(ExportMixin, FilteredListMixin, ListView):
    form_class = CallFilterForm
    template_name = "pipeline/call_list.html"
    partial_template_name = "pipeline/_call_results.html"
    nav_section = "calls"
    export_name = "calls"
    export_columns = (
        (_("Call"), lambda c: c.title),
        (_("Agreement"), lambda c: c.agreement.name),
        (_("Themes"), lambda c: ", ".join(t.code for t in c.themes.all())),
        (_("Opens"), lambda c: c.opens_on),
        (_("Closes"), lambda c: c.closes_on),
        (_("Status"), lambda c: c.get_status_display()),
    )

    def get_queryset(self) -> QuerySet[Call]:
        filters = self.filters()
        qs = Call.objects.visible_to(self.request.user)
        if filters.get("q"):
            qs = qs.filter(title__icontains=filters["q"].strip())
        if filters.get("status"):
            qs = qs.filter(status=filters["status"])
        if filters.get("theme"):
            qs = qs.filter(themes=filters["theme"]).distinct()
        return (
            qs.select_related("agreement")
            .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("order", "code")))
            .order_by("-opens_on", "-pk")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs["can_create"] = coordinator_agreement(self.request) is not None
        return super().get_context_data(**kwargs)


class CallFormView(SalkkuPageMixin, TemplateView):
    """Open a new call (status draft until opened) or edit one: the coordination team only."""

    template_name = "pipeline/call_form.html"
    nav_section = "calls"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.call = None
        if "pk" in kwargs:
            self.call = get_object_or_404(Call.objects.visible_to(self.request.user), pk=kwargs["pk"])
            agreement: Agreement | None = self.call.agreement
        else:
            agreement = coordinator_agreement(self.request)
        if agreement is None or not rules.is_coordinator(self.request.user, agreement.pk):
            raise PermissionDenied(_t("Only the coordination team opens and edits calls for ideas."))
        self.agreement = agreement
        return super().dispatch(request, *args, **kwargs)

    def form(self, data: Any = None) -> pf.CallForm:
        initial = {}
        if self.call is not None:
            c = self.call
            initial = {
                "title": c.title,
                "themes": [t.pk for t in c.themes.all()],
                "opens_on": c.opens_on,
                "closes_on": c.closes_on,
                "instructions": c.instructions,
            }
        return pf.CallForm(data, agreement_id=self.agreement.pk, initial=initial)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        try:
            if self.call is None:
                call = services.call_create(agreement=self.agreement, actor=self.request.user, **data)
                messages.success(request, _t("The call was created as a draft: open it when it is ready."))
            else:
                themes = data.pop("themes")
                call = services.call_update(call=self.call, actor=self.request.user, themes=themes, **data)
                messages.success(request, _t("The call was saved."))
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        return HttpResponseRedirect(reverse("pipeline:call_detail", args=[call.pk]))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs["call"] = self.call
        kwargs["current_agreement"] = self.agreement
        return super().get_context_data(**kwargs)


class CallDetailView(SalkkuPageMixin, DetailView):
    template_name = "pipeline/call_detail.html"
    context_object_name = "call"
    nav_section = "calls"

    def get_object(self, queryset: QuerySet[Call] | None = None) -> Call:
        qs = Call.objects.visible_to(self.request.user).select_related("agreement").prefetch_related("themes")
        return get_object_or_404(qs, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        call, user = self.object, self.request.user
        kwargs["current_agreement"] = call.agreement
        kwargs["is_coordinator"] = rules.is_coordinator(user, call.agreement_id)
        kwargs["transitions"] = [
            t
            for t in CALL_WORKFLOW.from_state(call.status)
            if may_take(t, user, agreement_id=call.agreement_id)
        ]
        kwargs["can_submit_idea"] = call.status == CallStatus.OPEN and any(
            rules.can_submit_idea(user, call, org)
            for org in rules.idea_organisations(user, call.agreement_id)
        )
        kwargs["ideas"] = (
            Idea.objects.visible_to(user)
            .filter(call=call)
            .select_related("organisation", "theme")
            .order_by("-submitted_at")
        )
        return super().get_context_data(**kwargs)


class CallTransitionView(View):
    request: AuthenticatedHttpRequest

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        call = get_object_or_404(Call.objects.visible_to(self.request.user), pk=pk)
        try:
            services.call_transition(call=call, to_status=request.POST.get("to", ""), actor=self.request.user)
        except ValidationError as error:
            messages.error(request, " ".join(_errors_of(error)))
        return HttpResponseRedirect(reverse("pipeline:call_detail", args=[pk]))


# --- ideas ----------------------------------------------------------------------------------------------


class IdeaCreateView(SalkkuPageMixin, TemplateView):
    template_name = "pipeline/idea_form.html"
    nav_section = "calls"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.call = get_object_or_404(Call.objects.visible_to(self.request.user), pk=kwargs["pk"])
        self.organisations = {
            org
            for org in rules.idea_organisations(self.request.user, self.call.agreement_id)
            if rules.can_submit_idea(self.request.user, self.call, org)
        }
        if not self.organisations:
            raise PermissionDenied(_t("Only an applicant of this agreement's partner network submits ideas."))
        return super().dispatch(request, *args, **kwargs)

    def form(self, data: Any = None) -> pf.IdeaForm:
        return pf.IdeaForm(data, call=self.call, organisation_ids=self.organisations)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.form(request.POST)
        if form.is_valid():
            try:
                idea = services.idea_submit(call=self.call, actor=self.request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _t("Your idea was submitted. The coordination team will get back to you.")
                )
                return HttpResponseRedirect(reverse("pipeline:idea_detail", args=[idea.pk]))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs["call"] = self.call
        kwargs["current_agreement"] = self.call.agreement
        return super().get_context_data(**kwargs)


class IdeaFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *IdeaStatus.choices]
    )
    theme = theme_field(_("Theme"))


class IdeaListView(ExportMixin, FilteredListMixin, ListView):
    form_class = IdeaFilterForm
    template_name = "pipeline/idea_list.html"
    partial_template_name = "pipeline/_idea_results.html"
    nav_section = "calls"
    export_name = "ideas"
    export_columns = (
        (_("Title"), lambda i: i.title),
        (_("Organisation"), lambda i: i.organisation.name),
        (_("Theme"), lambda i: i.theme.code),
        (_("Call"), lambda i: i.call.title if i.call_id else ""),
        (_("Status"), lambda i: i.get_status_display()),
        (_("Submitted"), lambda i: i.submitted_at),
    )

    def get_queryset(self) -> QuerySet[Idea]:
        filters = self.filters()
        qs = Idea.objects.visible_to(self.request.user).search(filters.get("q", "").strip())
        if filters.get("status"):
            qs = qs.filter(status=filters["status"])
        if filters.get("theme"):
            qs = qs.filter(theme=filters["theme"])
        return qs.select_related("organisation", "theme", "call").order_by("-submitted_at", "-pk")


class IdeaDetailView(SalkkuPageMixin, DetailView):
    template_name = "pipeline/idea_detail.html"
    context_object_name = "idea"
    nav_section = "calls"

    def get_object(self, queryset: QuerySet[Idea] | None = None) -> Idea:
        qs = Idea.objects.visible_to(self.request.user).select_related(
            "agreement", "organisation", "theme", "call", "merged_into"
        )
        return get_object_or_404(qs, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        idea, user = self.object, self.request.user
        coordinator = bool(can(user, "idea.manage", idea.agreement_id))
        kwargs.update(
            current_agreement=idea.agreement,
            is_coordinator=coordinator,
            comments=idea.comments.select_related("author"),
            related=idea.related.select_related("organisation").order_by("title"),
            merged=idea.merged.select_related("organisation").order_by("title"),
            proposals=Proposal.objects.visible_to(user).filter(idea=idea),
            can_propose=idea.status == IdeaStatus.INVITED
            and rules.acts_for_idea(user, idea)
            and not idea.proposals.exists(),
        )
        if coordinator:
            kwargs.update(
                comment_form=kwargs.get("comment_form") or pf.CommentForm(),
                link_form=pf.IdeaChoiceForm(idea=idea, prefix="link", label=_("Related idea")),
                merge_form=pf.IdeaChoiceForm(
                    idea=idea, prefix="merge", label=_("Merge into (the idea that is kept)")
                ),
                invite_form=pf.NoteForm(prefix="invite"),
            )
        return super().get_context_data(**kwargs)


class IdeaActionView(View):
    """The coordinator's actions on an idea, and the applicant's "create the proposal"."""

    request: AuthenticatedHttpRequest

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        idea = get_object_or_404(Idea.objects.visible_to(self.request.user), pk=pk)
        user, data = self.request.user, request.POST
        back = HttpResponseRedirect(reverse("pipeline:idea_detail", args=[pk]))
        try:
            if action == "comment":
                services.idea_comment(idea=idea, body=data.get("body", ""), actor=user)
            elif action in {"link", "merge"}:
                form = pf.IdeaChoiceForm(data, idea=idea, prefix=action)
                if not form.is_valid():
                    messages.error(request, _t("Choose an idea of the same agreement."))
                    return back
                other, note = form.cleaned_data["other"], form.cleaned_data["note"]
                if action == "link":
                    services.idea_link(idea=idea, other=other, actor=user, note=note)
                else:
                    services.idea_merge(idea=idea, into=other, actor=user, note=note)
            elif action == "unlink":
                other = get_object_or_404(Idea, pk=data.get("other"), agreement_id=idea.agreement_id)
                services.idea_unlink(idea=idea, other=other, actor=user)
            elif action == "invite":
                services.idea_invite(idea=idea, actor=user, note=data.get("invite-note", ""))
                messages.success(request, _t("The idea was invited; its applicants were told by e-mail."))
            elif action == "decline":
                services.idea_transition(idea=idea, to_status=IdeaStatus.DECLINED, actor=user)
            elif action == "propose":
                proposal = services.proposal_create_from_idea(idea=idea, actor=user)
                messages.success(
                    request, _t("A draft proposal was created from the idea. Fill in its sections.")
                )
                return HttpResponseRedirect(reverse("pipeline:proposal_edit", args=[proposal.pk]))
            else:
                raise Http404("no such action")
        except ValidationError as error:
            messages.error(request, " ".join(_errors_of(error)))
        return back
