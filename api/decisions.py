"""/api/v1/ for decisions: steering-group meetings (agenda, cities' positions, decisions), the funding
authority's decisions, and change requests of funded projects. Same rules as the pages: querysets show only
what the user may see; every change goes through a service (403 when the role does not allow it, 400 with
the reason)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from accounts.models import User
from accounts.permissions import organisations_for
from api import locking, reauth
from api.auth import SignedIn
from api.review import in_agreements, run
from api.strict import StrictIn
from cores.cofinancing import FRAME_SOURCES
from decisions import services as decisions
from decisions.models import AgendaItem, CityPosition, Meeting, Outcome, Position
from pipeline.models import CostCategory, Proposal
from programme.models import Agreement
from projects import services as projects
from projects.models import ChangeRequest, FundingDecision, Project

# --- meetings ---------------------------------------------------------------------------------------


class PositionOut(serializers.ModelSerializer):
    city = serializers.CharField(source="city.name", read_only=True)

    class Meta:
        model = CityPosition
        fields = ["city", "position", "comment"]


class AgendaItemOut(serializers.ModelSerializer):
    positions = PositionOut(many=True, read_only=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "proposal", "order", "outcome", "rationale", "decided_at", "positions"]


class MeetingOut(serializers.ModelSerializer):
    agreement: serializers.SlugRelatedField[Agreement] = serializers.SlugRelatedField(
        read_only=True, slug_field="slug"
    )
    chair: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        read_only=True, slug_field="username", allow_null=True
    )
    attendees: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="username"
    )
    items = AgendaItemOut(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "agreement", "date", "place", "chair", "attendees", "items"]


class MeetingIn(StrictIn):
    agreement = serializers.SlugField()
    date = serializers.DateField()
    place = serializers.CharField(required=False, allow_blank=True, default="")
    chair = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.all(), required=False, allow_null=True, default=None
    )
    attendees = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.all(),
        many=True,
        required=False,
        default=list,  # type: ignore[arg-type]  # many=True: the default is the list's; the stubs type it as one user's
    )


class AgendaIn(StrictIn):
    proposal = serializers.IntegerField()


class PositionIn(StrictIn):
    position = serializers.ChoiceField(choices=Position.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class DecisionIn(StrictIn):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    rationale = serializers.CharField()


class MeetingViewSet(
    SignedIn,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Steering-group meetings with their agenda, decisions and the cities' positions."""

    serializer_class = MeetingOut

    def get_queryset(self) -> QuerySet[Meeting]:
        if getattr(self, "swagger_fake_view", False):  # the schema is generated without a user
            return Meeting.objects.none()
        return (
            Meeting.objects.filter(in_agreements("agreement_id", self.request.user, "meeting.read"))
            .select_related("agreement", "chair")
            .prefetch_related(
                "attendees",
                Prefetch(
                    "items",
                    queryset=AgendaItem.objects.prefetch_related(
                        Prefetch("positions", queryset=CityPosition.objects.select_related("city"))
                    ),
                ),
            )
            .order_by("-date", "-pk")
        )

    @extend_schema(request=MeetingIn, responses={201: MeetingOut})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        from programme.models import Agreement

        data = MeetingIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        agreement = get_object_or_404(Agreement, slug=values["agreement"])
        meeting = run(
            decisions.meeting_create,
            agreement=agreement,
            date=values["date"],
            place=values["place"],
            chair=values["chair"],
            attendees=values["attendees"],
            actor=request.user,
        )
        return Response(
            MeetingOut(self.get_queryset().get(pk=meeting.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=AgendaIn, responses={201: AgendaItemOut})
    @action(detail=True, methods=["post"])
    def agenda(self, request: Request, pk: str | None = None) -> Response:
        """Put a proposal in review on the agenda."""
        meeting = self.get_object()
        data = AgendaIn(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = get_object_or_404(
            Proposal.objects.visible_to(self.request.user), pk=data.validated_data["proposal"]
        )
        item = run(decisions.agenda_add, meeting=meeting, proposal=proposal, actor=request.user)
        return Response(AgendaItemOut(item).data, status=status.HTTP_201_CREATED)


class AgendaItemViewSet(SignedIn, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """An agenda item: a city's position (by its member) and the decision (coordinator or chair)."""

    serializer_class = AgendaItemOut

    def get_queryset(self) -> QuerySet[AgendaItem]:
        if getattr(self, "swagger_fake_view", False):  # the schema is generated without a user
            return AgendaItem.objects.none()
        return AgendaItem.objects.filter(
            in_agreements("meeting__agreement_id", self.request.user, "meeting.read")
        ).prefetch_related(Prefetch("positions", queryset=CityPosition.objects.select_related("city")))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return locking.tagged(super().retrieve(request, *args, **kwargs), self.get_object())

    @extend_schema(
        request=PositionIn, responses={200: AgendaItemOut, 412: locking.STALE}, parameters=[locking.IF_MATCH]
    )
    @action(detail=True, methods=["post"])
    def position(self, request: Request, pk: str | None = None) -> Response:
        """Record the member's city's position; with If-Match, only on the item's version read (412 when
        another position or the decision was recorded since)."""
        item = self.get_object()
        data = PositionIn(data=request.data)
        data.is_valid(raise_exception=True)
        with locking.editing(request, item) as locked:
            run(
                decisions.city_position_record,
                item=locked,
                position=data.validated_data["position"],
                comment=data.validated_data["comment"],
                actor=self.request.user,
            )
        return locking.tagged(Response(AgendaItemOut(self.get_queryset().get(pk=item.pk)).data), item)

    @extend_schema(request=DecisionIn, responses={200: AgendaItemOut})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        item = self.get_object()
        data = DecisionIn(data=request.data)
        data.is_valid(raise_exception=True)
        run(
            decisions.agenda_decide,
            item=item,
            outcome=data.validated_data["outcome"],
            rationale=data.validated_data["rationale"],
            actor=self.request.user,
        )
        return Response(AgendaItemOut(self.get_queryset().get(pk=item.pk)).data)


# --- funding decisions ------------------------------------------------------------------------------


class FundingDecisionOut(serializers.ModelSerializer):
    project = serializers.IntegerField(source="project_id", read_only=True)
    proposal = serializers.IntegerField(source="project.proposal_id", read_only=True)

    class Meta:
        model = FundingDecision
        fields = ["id", "project", "proposal", "decided_on", "eura_code", "conditions"]


class GrantIn(StrictIn):
    fund = serializers.ChoiceField(choices=[(s, s) for s in FRAME_SOURCES])
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal(0))


class CellIn(StrictIn):
    year = serializers.IntegerField()
    category = serializers.ChoiceField(choices=CostCategory.choices)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal(0))


class OwnIn(StrictIn):
    line = serializers.IntegerField(help_text="id of the proposal's own-financing line")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal(0))


class FundingDecisionIn(StrictIn):
    proposal = serializers.IntegerField()
    decided_on = serializers.DateField()
    eura_code = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    conditions = serializers.CharField(required=False, allow_blank=True, default="")
    granted = GrantIn(many=True)
    budget = CellIn(
        many=True, required=False, default=list, help_text="approved cells that differ from the proposal"
    )
    own_financing = OwnIn(many=True, required=False, default=list)


class FundingDecisionViewSet(
    SignedIn,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Funding decisions; recording one (the funding authority) creates the project."""

    serializer_class = FundingDecisionOut

    def get_queryset(self) -> QuerySet[FundingDecision]:
        if getattr(self, "swagger_fake_view", False):  # the schema is generated without a user
            return FundingDecision.objects.none()
        return (
            FundingDecision.objects.filter(
                in_agreements("project__agreement_id", self.request.user, "funding.read")
            )
            .select_related("project")
            .order_by("-decided_on", "-pk")
        )

    @extend_schema(request=FundingDecisionIn, responses={201: FundingDecisionOut, 403: reauth.REAUTH})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record the funding decision of a proposal. Needs the password entered within
        SALKKU_REAUTH_MINUTES in this session (signing in counts; POST /accounts/confirm-password/ renews)."""
        data = FundingDecisionIn(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        proposal = get_object_or_404(Proposal.objects.visible_to(self.request.user), pk=v["proposal"])
        # After the permission check, as on the page: someone who may not decide is told so, not to re-enter.
        if projects.can_record_funding(self.request.user, proposal.agreement_id):
            reauth.require_recent(request)
        project = run(
            projects.funding_decision_record,
            proposal=proposal,
            decided_on=v["decided_on"],
            eura_code=v["eura_code"],
            conditions=v["conditions"],
            granted={g["fund"]: g["amount"] for g in v["granted"]},
            budget={(c["year"], c["category"]): c["amount"] for c in v["budget"]},
            own_financing={o["line"]: o["amount"] for o in v["own_financing"]},
            actor=request.user,
        )
        return Response(FundingDecisionOut(project.funding_decision).data, status=status.HTTP_201_CREATED)


# --- change requests --------------------------------------------------------------------------------


class ChangeRequestOut(serializers.ModelSerializer):
    requested_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        read_only=True, slug_field="username"
    )
    decided_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        read_only=True, slug_field="username"
    )

    class Meta:
        model = ChangeRequest
        fields = [
            "id",
            "project",
            "kind",
            "status",
            "reason",
            "before",
            "after",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
            "decision_note",
        ]


class ChangeRequestIn(StrictIn):
    project = serializers.IntegerField()
    reason = serializers.CharField()
    end_date = serializers.DateField(required=False, allow_null=True, default=None)
    budget = CellIn(
        many=True,
        required=False,
        allow_null=True,
        default=None,
        help_text="the whole budget after the change; leave out to keep it",
    )


class ChangeDecisionIn(StrictIn):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ChangeRequestViewSet(
    SignedIn,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Change requests of funded projects: the implementers request, the funding authority decides."""

    serializer_class = ChangeRequestOut

    def get_queryset(self) -> QuerySet[ChangeRequest]:
        if getattr(self, "swagger_fake_view", False):  # the schema is generated without a user
            return ChangeRequest.objects.none()
        user = self.request.user
        orgs = organisations_for(user, "project.read_changes")
        own = Q(project__lead_id__in=orgs) | Q(project__proposal__partners__organisation_id__in=orgs)
        return (
            ChangeRequest.objects.filter(
                in_agreements("project__agreement_id", user, "project.read_changes") | own
            )
            .select_related("requested_by", "decided_by")
            .distinct()
            .order_by("-requested_at", "-pk")
        )

    @extend_schema(request=ChangeRequestIn, responses={201: ChangeRequestOut})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ChangeRequestIn(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        project = get_object_or_404(Project.objects.funded(), pk=v["project"])
        budget = (
            None if v["budget"] is None else {(c["year"], c["category"]): c["amount"] for c in v["budget"]}
        )
        change = run(
            projects.change_request_create,
            project=project,
            reason=v["reason"],
            budget=budget,
            end_date=v["end_date"],
            actor=request.user,
        )
        return Response(ChangeRequestOut(change).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ChangeDecisionIn, responses={200: ChangeRequestOut})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        change = self.get_object()
        data = ChangeDecisionIn(data=request.data)
        data.is_valid(raise_exception=True)
        change = run(
            projects.change_request_decide,
            request=change,
            approve=data.validated_data["approve"],
            note=data.validated_data["note"],
            actor=request.user,
        )
        return Response(ChangeRequestOut(change).data)


def register(router: BaseRouter) -> None:
    router.register("meetings", MeetingViewSet, basename="meeting")
    router.register("agenda-items", AgendaItemViewSet, basename="agenda-item")
    router.register("funding-decisions", FundingDecisionViewSet, basename="funding-decision")
    router.register("change-requests", ChangeRequestViewSet, basename="change-request")
