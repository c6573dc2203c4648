"""Steering-group pages: meetings, a meeting with its agenda, the cities' positions and the decisions,
and the minutes as PDF. Every page checks access; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import ListView, TemplateView

from accounts import permissions as perm
from accounts.access import require
from accounts.models import User
from accounts.permissions import agreements_for, holders
from decisions import services
from decisions.forms import AgendaForm, DecisionForm, MeetingForm, PositionForm
from decisions.minutes import minutes_pdf
from decisions.models import AgendaItem, CityPosition, Meeting
from pipeline.models import Proposal, ProposalPartner, ProposalStatus
from programme import selectors
from programme.models import Agreement
from web import locking
from web.exports import ExportMixin
from web.forms import apply_errors
from web.pages import FilteredListMixin, SalkkuPageMixin


class Page(SalkkuPageMixin, TemplateView):
    nav_section = "steering_group"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise PermissionDenied


class MeetingFilterForm(forms.Form):
    year = forms.IntegerField(label=_lazy("Year"), required=False, min_value=2000, max_value=2100)
    agreement = forms.ModelChoiceField(
        label=_lazy("Agreement"), required=False, queryset=Agreement.objects.none(), empty_label=_lazy("All")
    )

    def __init__(self, *args: Any, agreements: QuerySet[Agreement] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agreement"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agreements if agreements is not None else Agreement.objects.none()


class MeetingListView(ExportMixin, FilteredListMixin, ListView):
    template_name = "decisions/meeting_list.html"
    partial_template_name = "decisions/_meeting_results.html"
    form_class = MeetingFilterForm
    context_object_name = "meetings"
    nav_section = "steering_group"
    export_name = "meetings"
    export_columns = (
        (_lazy("Date"), lambda m: m.date),
        (_lazy("Place"), lambda m: m.place),
        (_lazy("Agreement"), lambda m: m.agreement.name),
        (_lazy("Chair"), lambda m: str(m.chair) if m.chair else ""),
        (_lazy("Proposals on the agenda"), lambda m: m.item_count),
    )

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.agreement_ids = agreements_for(request.user, "meeting.read")
        require(
            self.agreement_ids is None or bool(self.agreement_ids),
            _("Only the steering group, the coordination team and the ministry see the meetings."),
        )
        return super().dispatch(request, *args, **kwargs)

    def _agreements(self) -> QuerySet[Agreement]:
        if self.agreement_ids is None:
            return Agreement.objects.order_by("name_fi")
        return Agreement.objects.filter(pk__in=self.agreement_ids).order_by("name_fi")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"agreements": self._agreements()}

    def get_queryset(self) -> QuerySet[Meeting]:
        ids = self.agreement_ids
        meetings = Meeting.objects.all() if ids is None else Meeting.objects.filter(agreement_id__in=ids)
        filters = self.filters()
        if filters.get("year"):
            meetings = meetings.filter(date__year=filters["year"])
        if filters.get("agreement"):
            meetings = meetings.filter(agreement=filters["agreement"])
        return (
            meetings.select_related("agreement", "chair")
            .annotate(item_count=Count("items", distinct=True))
            .order_by("-date", "-pk")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        prepare = agreements_for(self.request.user, "meeting.prepare")
        kwargs["can_prepare"] = prepare is None or bool(prepare)
        return super().get_context_data(**kwargs)


def _people(agreement: Agreement) -> QuerySet[User]:
    return (
        User.objects.filter(holders("meeting.prepare", agreement.pk), is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class MeetingCreateView(Page):
    template_name = "decisions/meeting_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        agreement = selectors.current_agreement(request)
        if agreement is None or not services.can_prepare(self.request.user, agreement.pk):
            ids = agreements_for(self.request.user, "meeting.prepare")
            choices = Agreement.objects.all() if ids is None else Agreement.objects.filter(pk__in=ids)
            agreement = choices.order_by("name_fi").first()
        if agreement is None:
            raise PermissionDenied(_("Only the coordination team or the steering group calls a meeting."))
        self.agreement = agreement
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("form", MeetingForm(people=_people(self.agreement)))
        kwargs["agreement"] = kwargs["current_agreement"] = self.agreement
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = MeetingForm(request.POST, people=_people(self.agreement))
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = services.meeting_create(
                    agreement=self.agreement,
                    date=data["date"],
                    place=data["place"],
                    chair=data["chair"],
                    attendees=data["attendees"],
                    actor=self.request.user,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return HttpResponseRedirect(reverse("decisions:meeting_detail", args=[meeting.pk]))
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _meeting(pk: int, user: Any) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.select_related("agreement", "chair").prefetch_related(
            "attendees",
            Prefetch(
                "items",
                queryset=AgendaItem.objects.select_related("proposal__theme", "decided_by").prefetch_related(
                    Prefetch(
                        "proposal__partners", queryset=ProposalPartner.objects.select_related("organisation")
                    ),
                    Prefetch(
                        "positions", queryset=CityPosition.objects.select_related("city", "recorded_by")
                    ),
                ),
            ),
        ),
        pk=pk,
    )
    perm.require(user, "meeting.read", meeting.agreement_id)
    return meeting


class MeetingDetailView(Page):
    template_name = "decisions/meeting_detail.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.meeting = _meeting(kwargs["pk"], request.user)
        return super().dispatch(request, *args, **kwargs)

    def agenda_choices(self) -> QuerySet[Proposal]:
        return (
            Proposal.objects.filter(agreement=self.meeting.agreement, status=ProposalStatus.IN_REVIEW)
            .exclude(agenda_items__meeting=self.meeting)
            .order_by("title")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        meeting = self.meeting
        my_city = services.city_of(user, meeting.agreement_id)
        cities = services.cities_of(meeting.agreement)
        rows = []
        for item in meeting.items.all():
            by_city: dict[int | None, CityPosition] = {p.city_id: p for p in item.positions.all()}
            rows.append(
                {
                    "item": item,
                    "positions": [(city, by_city.get(city.pk)) for city in cities],
                    "position_form": kwargs.get(f"position_form_{item.pk}")
                    or PositionForm(
                        prefix=f"p{item.pk}",
                        initial={"position": getattr(by_city.get(my_city), "position", None)},
                    ),
                    "decision_form": kwargs.get(f"decision_form_{item.pk}")
                    or DecisionForm(prefix=f"d{item.pk}"),
                    # The rule of review.conflicts: no form is offered to a conflicted city or person.
                    "position_conflict": services.position_conflict(item=item, city_id=my_city, actor=user)
                    if my_city is not None and not item.is_decided
                    else None,
                    "decision_conflict": services.decision_conflict(item=item, actor=user)
                    if not item.is_decided and services.can_decide(user, meeting)
                    else None,
                }
            )
        kwargs["meeting"] = meeting
        kwargs["rows"] = rows
        kwargs["my_city"] = next((c for c in cities if c.pk == my_city), None)
        kwargs["can_prepare"] = services.can_prepare(user, meeting.agreement_id)
        kwargs["can_decide"] = services.can_decide(user, meeting)
        if kwargs["can_prepare"]:
            kwargs.setdefault("agenda_form", AgendaForm(proposals=self.agenda_choices()))
        kwargs["current_agreement"] = meeting.agreement
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user: User = self.request.user
        action = request.POST.get("action")
        if action == "agenda":
            form: forms.Form = AgendaForm(request.POST, proposals=self.agenda_choices())
            if form.is_valid():
                try:
                    services.agenda_add(
                        meeting=self.meeting, proposal=form.cleaned_data["proposal"], actor=user
                    )
                except ValidationError as error:
                    apply_errors(form, error)
                else:
                    return self._done(_("The proposal was added to the agenda."))
            return self.render_to_response(self.get_context_data(agenda_form=form), status=400)
        item = get_object_or_404(AgendaItem, pk=request.POST.get("item") or 0, meeting=self.meeting)
        if action == "position":
            form = PositionForm(request.POST, prefix=f"p{item.pk}")
            if form.is_valid():
                try:
                    with locking.guard(request, item) as locked:
                        services.city_position_record(
                            item=locked,
                            position=form.cleaned_data["position"],
                            comment=form.cleaned_data["comment"],
                            actor=user,
                        )
                except locking.StaleVersion as stale:
                    context = self.get_context_data(
                        **{f"position_form_{item.pk}": form}, **locking.stale_context(stale)
                    )
                    return self.render_to_response(context, status=locking.CONFLICT)
                except ValidationError as error:
                    apply_errors(form, error)
                else:
                    return self._done(_("Your city's position was recorded."))
            return self.render_to_response(
                self.get_context_data(**{f"position_form_{item.pk}": form}), status=400
            )
        if action == "decide":
            form = DecisionForm(request.POST, prefix=f"d{item.pk}")
            if form.is_valid():
                try:
                    services.agenda_decide(
                        item=item,
                        outcome=form.cleaned_data["outcome"],
                        rationale=form.cleaned_data["rationale"],
                        actor=user,
                    )
                except ValidationError as error:
                    apply_errors(form, error)
                else:
                    return self._done(_("The decision was recorded and the applicants notified."))
            return self.render_to_response(
                self.get_context_data(**{f"decision_form_{item.pk}": form}), status=400
            )
        raise PermissionDenied

    def _done(self, message: str) -> HttpResponse:
        messages.success(self.request, message)
        return HttpResponseRedirect(reverse("decisions:meeting_detail", args=[self.meeting.pk]))


def minutes_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk, request.user)
    response = HttpResponse(minutes_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="poytakirja-{meeting.date:%Y-%m-%d}.pdf"'
    return response
