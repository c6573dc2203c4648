"""Steering-group pages: meetings, a meeting with its agenda, the cities' positions and the decisions,
and the minutes as PDF. Every page checks access; the services decide."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from accounts.access import agreements_with_role, city_of, require
from accounts.models import Role, User
from decisions import services
from decisions.forms import AgendaForm, DecisionForm, MeetingForm, PositionForm
from decisions.minutes import minutes_pdf
from decisions.models import AgendaItem, CityPosition, Meeting
from pipeline.models import Proposal, ProposalPartner, ProposalStatus
from programme import selectors
from programme.models import Agreement
from web.forms import apply_errors
from web.pages import SalkkuPageMixin


class Page(SalkkuPageMixin, TemplateView):
    nav_section = "steering_group"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise PermissionDenied


class MeetingListView(Page):
    template_name = "decisions/meeting_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ids = agreements_with_role(self.request.user, Role.COORDINATOR, Role.STEERING_GROUP, Role.MINISTRY)
        require(
            ids is None or bool(ids),
            _("Only the steering group, the coordination team and the ministry see the meetings."),
        )
        meetings = Meeting.objects.all() if ids is None else Meeting.objects.filter(agreement_id__in=ids)
        kwargs["meetings"] = (
            meetings.select_related("agreement", "chair")
            .annotate(item_count=Count("items", distinct=True))
            .order_by("-date", "-pk")
        )
        prepare = agreements_with_role(self.request.user, Role.COORDINATOR, Role.STEERING_GROUP)
        kwargs["can_prepare"] = prepare is None or bool(prepare)
        return super().get_context_data(**kwargs)


def _people(agreement: Agreement) -> QuerySet[User]:
    return (
        User.objects.filter(
            role_assignments__role__in=[Role.COORDINATOR, Role.STEERING_GROUP],
            role_assignments__agreement=agreement,
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class MeetingCreateView(Page):
    template_name = "decisions/meeting_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        agreement = selectors.current_agreement(request)
        if agreement is None or not services.can_prepare(self.request.user, agreement.pk):
            ids = agreements_with_role(self.request.user, Role.COORDINATOR, Role.STEERING_GROUP) or []
            agreement = Agreement.objects.filter(pk__in=ids).order_by("name_fi").first()
        require(agreement is not None, _("Only the coordination team or the steering group calls a meeting."))
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
    require(
        services.can_see_meetings(user, meeting.agreement_id),
        _("Only the steering group and staff see the meeting."),
    )
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
        my_city = city_of(user, meeting.agreement_id)
        cities = services.cities_of(meeting.agreement)
        rows = []
        for item in meeting.items.all():
            by_city = {p.city_id: p for p in item.positions.all()}
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
            form = AgendaForm(request.POST, proposals=self.agenda_choices())
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
                    services.city_position_record(
                        item=item,
                        position=form.cleaned_data["position"],
                        comment=form.cleaned_data["comment"],
                        actor=user,
                    )
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
