"""Review pages: my reviews, criteria of a call, reviewers of a proposal (assignment and conflicts), the
scoring form, and the summary of a call. Each page checks access (deny by default); services decide."""

from __future__ import annotations

from typing import Any

from django import forms
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
from accounts.models import User
from accounts.permissions import agreements_for, holders
from pipeline.models import Call, Proposal, ProposalPartner
from review import conflicts, services
from review.forms import AssignForm, ConflictForm, CriterionForm, MyReviewFilter, ScoreForm
from review.models import ConflictDeclaration, Criterion, Review, Score
from review.selectors import call_summary, criteria_of
from web import locking
from web.exports import ExportMixin
from web.forms import apply_errors, filter_values
from web.pages import SalkkuPageMixin


class ReviewPage(SalkkuPageMixin, TemplateView):
    nav_section = "reviews"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise PermissionDenied


class MyReviewsView(ExportMixin, ReviewPage):
    """The reviews assigned to me, and the calls whose criteria and summary I may see; ``?export=csv|xlsx``
    downloads my assignments as the page lists them."""

    template_name = "review/my_reviews.html"
    export_name = "reviews"
    export_columns = (
        (_lazy("Proposal"), lambda r: r.proposal.title),
        (_lazy("Call for ideas"), lambda r: r.proposal.call.title if r.proposal.call_id else ""),
        (_lazy("Assigned"), lambda r: r.assigned_at),
        (_lazy("Status"), lambda r: r.get_status_display()),
    )

    def filter_form(self) -> MyReviewFilter:
        if not hasattr(self, "_filter_form"):
            mine = Review.objects.of_reviewer(self.request.user).values("proposal__call")
            calls = Call.objects.filter(pk__in=mine).order_by("-opens_on", "pk")
            self._filter_form = MyReviewFilter(self.request.GET or None, calls=calls)
        return self._filter_form

    def get_queryset(self) -> QuerySet[Review]:
        reviews = Review.objects.of_reviewer(self.request.user)
        chosen = filter_values(self.filter_form())
        if "status" in chosen:
            reviews = reviews.filter(status=chosen["status"])
        if "call" in chosen:
            reviews = reviews.filter(proposal__call=chosen["call"])
        return reviews.select_related("proposal__theme", "proposal__call").order_by(
            "status", "-assigned_at", "pk"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        kwargs["reviews"] = self.get_queryset()
        kwargs["filter_form"] = self.filter_form()
        kwargs["has_reviews"] = Review.objects.of_reviewer(user).exists()
        staff = agreements_for(user, "review.read_all")
        calls = Call.objects.all() if staff is None else Call.objects.filter(agreement_id__in=staff)
        kwargs["calls"] = calls.select_related("agreement").order_by("-opens_on", "pk")
        return super().get_context_data(**kwargs)


class CriteriaView(ReviewPage):
    """The criteria and weights of a call; the steering group and the coordination team edit them."""

    template_name = "review/criteria.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.call = get_object_or_404(Call.objects.select_related("agreement"), pk=kwargs["call_pk"])
        perm.require(self.request.user, "criteria.read", self.call.agreement_id)
        self.criterion = None
        if "pk" in kwargs:
            self.criterion = get_object_or_404(Criterion, pk=kwargs["pk"], call=self.call)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, data: Any = None) -> CriterionForm:
        initial = {}
        if self.criterion is not None:
            c = self.criterion
            initial = {"name": c.name, "description": c.description, "weight": c.weight, "order": c.order}
        return CriterionForm(data, initial=initial, prefix="criterion")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("form", self.get_form())
        kwargs["call"] = self.call
        kwargs["criterion"] = self.criterion
        kwargs["criteria"] = list(Criterion.objects.filter(call=self.call).order_by("order", "pk"))
        kwargs["total_weight"] = sum(c.weight for c in kwargs["criteria"])
        kwargs["can_edit"] = services.can_manage_criteria(self.request.user, self.call)
        kwargs["current_agreement"] = self.call.agreement
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.criterion_save(
                    call=self.call,
                    name=data["name"],
                    description=data["description"],
                    weight=data["weight"],
                    order=data["order"] or 0,
                    criterion=self.criterion,
                    actor=self.request.user,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The criterion was saved."))
                return HttpResponseRedirect(reverse("review:criteria", args=[self.call.pk]))
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _reviewable(user: User) -> QuerySet[Proposal]:
    return Proposal.objects.visible_to(user).select_related("agreement", "theme", "call")


class ProposalReviewsView(ReviewPage):
    """Who reviews a proposal: assignment (coordinator), declared conflicts, and the scores."""

    template_name = "review/proposal_reviews.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.proposal = get_object_or_404(
            _reviewable(self.request.user).prefetch_related(
                Prefetch("partners", queryset=ProposalPartner.objects.select_related("organisation"))
            ),
            pk=kwargs["pk"],
        )
        user = self.request.user
        self.is_manager = services.can_see_reviews(user, self.proposal.agreement_id)
        self.is_reviewer = services.is_eligible_reviewer(user, self.proposal.agreement_id)
        require(
            self.is_manager or self.is_reviewer, _("Only reviewers and staff see the reviews of a proposal.")
        )
        return super().dispatch(request, *args, **kwargs)

    def reviewer_choices(self, *, conflicted: bool = False) -> QuerySet[User]:
        """The agreement's reviewers not yet on the proposal: without a conflict of interest (the
        drop-down), or with one (the override form)."""
        eligible = (
            User.objects.filter(holders("proposal.review", self.proposal.agreement_id), is_active=True)
            .exclude(reviews__proposal=self.proposal)
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        clash = conflicts.conflicted_user_ids(self.proposal, eligible.values_list("pk", flat=True))
        return eligible.filter(pk__in=clash) if conflicted else eligible.exclude(pk__in=clash)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        reviews = (
            Review.objects.filter(proposal=self.proposal)
            .select_related("reviewer")
            .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
        )
        if not self.is_manager:
            reviews = reviews.filter(reviewer=user)
        kwargs["proposal"] = self.proposal
        kwargs["reviews"] = reviews
        kwargs["criteria"] = list(criteria_of(self.proposal.call_id))
        kwargs["conflicts"] = ConflictDeclaration.objects.filter(proposal=self.proposal).select_related(
            "reviewer"
        )
        if not self.is_manager:
            kwargs["conflicts"] = kwargs["conflicts"].filter(reviewer=user)
        kwargs["can_assign"] = services.can_assign(user, self.proposal)
        if kwargs["can_assign"]:
            kwargs.setdefault("assign_form", AssignForm(reviewers=self.reviewer_choices(), prefix="assign"))
            conflicted = self.reviewer_choices(conflicted=True)
            kwargs["conflicted_reviewers"] = [(u, conflicts.of_person(u, self.proposal)) for u in conflicted]
            kwargs.setdefault(
                "override_form", AssignForm(reviewers=conflicted, override=True, prefix="override")
            )
        kwargs.setdefault("conflict_form", ConflictForm(prefix="conflict"))
        kwargs["my_review"] = Review.objects.filter(proposal=self.proposal, reviewer=user).first()
        kwargs["my_conflict"] = services.conflict_reason(reviewer=user, proposal=self.proposal)
        kwargs["is_manager"] = self.is_manager
        kwargs["current_agreement"] = self.proposal.agreement
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user: User = self.request.user
        if "assign-reviewer" in request.POST:
            require(
                services.can_assign(user, self.proposal), _("Only the coordination team assigns reviewers.")
            )
            form: forms.Form = AssignForm(request.POST, reviewers=self.reviewer_choices(), prefix="assign")
            if form.is_valid():
                try:
                    services.review_assign(
                        proposal=self.proposal, reviewer=form.cleaned_data["reviewer"], actor=user
                    )
                except ValidationError as error:
                    apply_errors(form, error)
                else:
                    messages.success(request, _("The reviewer was assigned and notified."))
                    return HttpResponseRedirect(request.path)
            return self.render_to_response(self.get_context_data(assign_form=form), status=400)
        if "override-reviewer" in request.POST:
            require(
                services.can_assign(user, self.proposal), _("Only the coordination team assigns reviewers.")
            )
            form = AssignForm(
                request.POST,
                reviewers=self.reviewer_choices(conflicted=True),
                override=True,
                prefix="override",
            )
            if form.is_valid():
                try:
                    services.review_assign(
                        proposal=self.proposal,
                        reviewer=form.cleaned_data["reviewer"],
                        actor=user,
                        override_reason=form.cleaned_data["override_reason"],
                    )
                except ValidationError as error:
                    apply_errors(form, error)
                else:
                    messages.success(request, _("The reviewer was assigned and notified."))
                    return HttpResponseRedirect(request.path)
            return self.render_to_response(self.get_context_data(override_form=form), status=400)
        if "conflict-reason" in request.POST:
            form = ConflictForm(request.POST, prefix="conflict")
            reviewer = user
            if request.POST.get("conflict-reviewer") and services.can_assign(user, self.proposal):
                reviewer = get_object_or_404(User, pk=request.POST["conflict-reviewer"])
            if form.is_valid():
                try:
                    services.conflict_declare(
                        reviewer=reviewer,
                        proposal=self.proposal,
                        reason=form.cleaned_data["reason"],
                        actor=user,
                    )
                except ValidationError as error:
                    apply_errors(form, error)
                else:
                    messages.success(request, _("The conflict of interest was recorded."))
                    return HttpResponseRedirect(request.path)
            return self.render_to_response(self.get_context_data(conflict_form=form), status=400)
        raise PermissionDenied


class ScoreView(ReviewPage):
    """The assigned reviewer scores each criterion 1–5 with a comment."""

    template_name = "review/score.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.review = get_object_or_404(
            Review.objects.select_related(
                "proposal__agreement", "proposal__theme", "proposal__call"
            ).prefetch_related(
                "scores",
                Prefetch(
                    "proposal__partners", queryset=ProposalPartner.objects.select_related("organisation")
                ),
            ),
            pk=kwargs["pk"],
            reviewer=request.user,
        )
        self.criteria = list(criteria_of(self.review.proposal.call_id))
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, data: Any = None) -> ScoreForm:
        initial: dict[str, Any] = {}
        for score in self.review.scores.all():
            initial[f"criterion_{score.criterion_id}"] = score.value
            initial[f"comment_{score.criterion_id}"] = score.comment
        return ScoreForm(data, criteria=self.criteria, initial=initial)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("form", self.get_form())
        kwargs["review"] = self.review
        kwargs["proposal"] = self.review.proposal
        kwargs["conflict"] = services.conflict_reason(
            reviewer=self.request.user, proposal=self.review.proposal
        )
        kwargs["current_agreement"] = self.review.proposal.agreement
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form(request.POST)
        if form.is_valid():
            scores = {
                c.pk: services.ScoreIn(
                    form.cleaned_data[f"criterion_{c.pk}"], form.cleaned_data[f"comment_{c.pk}"]
                )
                for c in self.criteria
            }
            try:
                with locking.guard(request, self.review) as review:
                    services.review_submit(review=review, scores=scores, actor=self.request.user)
            except locking.StaleVersion as stale:
                return self.render_to_response(
                    self.get_context_data(form=form, **locking.stale_context(stale)), status=locking.CONFLICT
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Your scores were saved."))
                return HttpResponseRedirect(reverse("review:my_reviews"))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SummaryView(ReviewPage):
    """A call's proposals with weighted scores, the spread between reviewers and normalised scores."""

    template_name = "review/summary.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            # another agreement's call is not found, whatever the method
            self.call = get_object_or_404(Call.objects.select_related("agreement"), pk=kwargs["call_pk"])
            perm.require(request.user, "review.read_all", self.call.agreement_id)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        call = self.call
        kwargs["s"] = summary = call_summary(call)
        kwargs["reviewer_rows"] = [
            {"name": summary.reviewer_names.get(stats.reviewer, "?"), "stats": stats}
            for stats in summary.summary.reviewers
        ]
        kwargs["call"] = call
        kwargs["current_agreement"] = call.agreement
        return super().get_context_data(**kwargs)
