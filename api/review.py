"""/api/v1/ for the review: criteria of calls, reviewer assignments and scores, declared conflicts of
interest, and a call's summary. Same rules as the pages: querysets show only what the user may see, and
every change goes through review.services (403 when the role does not allow it, 400 with the reason)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from accounts.models import User
from accounts.permissions import agreements_for
from api import locking
from api.auth import SignedIn
from api.strict import StrictIn
from pipeline.models import Call, Proposal
from review import services
from review.models import ConflictDeclaration, Criterion, Review, Score
from review.selectors import call_summary

T = TypeVar("T")


def run(fn: Callable[..., T], **kwargs: Any) -> T:
    """Call a service; its ValidationError becomes a 400 naming the field and the reason."""
    try:
        return fn(**kwargs)
    except DjangoValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
        raise ValidationError(detail) from None


def in_agreements(field: str, user: User, action: str) -> Q:
    """``field`` (an agreement id lookup) within the agreements where the table allows ``action``."""
    ids = agreements_for(user, action)
    return Q(pk__isnull=False) if ids is None else Q(**{f"{field}__in": ids})


# --- criteria ---------------------------------------------------------------------------------------


class CriterionOut(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "call", "name", "description", "weight", "order"]


class CriterionIn(StrictIn):
    call = serializers.IntegerField()
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    weight = serializers.DecimalField(max_digits=5, decimal_places=2)
    order = serializers.IntegerField(min_value=0, required=False, default=0)


@extend_schema(parameters=[OpenApiParameter("call", int, description="only the criteria of this call")])
class CriterionViewSet(
    SignedIn,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The criteria and weights of calls; the steering group and the coordination team set them."""

    serializer_class = CriterionOut
    http_method_names = ["get", "post", "put", "head", "options"]

    def get_queryset(self) -> QuerySet[Criterion]:
        if getattr(self, "swagger_fake_view", False):  # the schema is generated without a user
            return Criterion.objects.none()
        visible = in_agreements("call__agreement_id", self.request.user, "criteria.read")
        qs = Criterion.objects.filter(visible).order_by("call", "order", "pk")
        if call := self.request.query_params.get("call"):
            qs = qs.filter(call_id=call if call.isdigit() else 0)
        return qs

    def _save(self, request: Request, criterion: Criterion | None) -> Criterion:
        data = CriterionIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        call = get_object_or_404(Call, pk=values["call"])
        return run(
            services.criterion_save,
            call=call,
            name=values["name"],
            description=values["description"],
            weight=values["weight"],
            order=values["order"],
            criterion=criterion,
            actor=request.user,
        )

    @extend_schema(request=CriterionIn, responses={201: CriterionOut})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(CriterionOut(self._save(request, None)).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return locking.tagged(super().retrieve(request, *args, **kwargs), self.get_object())

    @extend_schema(
        request=CriterionIn,
        responses={200: CriterionOut, 412: locking.STALE},
        parameters=[locking.IF_MATCH],
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with locking.editing(request, self.get_object()) as criterion:
            saved = self._save(request, criterion)
        return locking.tagged(Response(CriterionOut(saved).data), saved)


# --- reviews and scores -----------------------------------------------------------------------------


class ScoreOut(serializers.ModelSerializer):
    class Meta:
        model = Score
        fields = ["criterion", "value", "comment"]


class ReviewOut(serializers.ModelSerializer):
    reviewer: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        read_only=True, slug_field="username"
    )
    scores = ScoreOut(many=True, read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "proposal",
            "reviewer",
            "status",
            "assigned_at",
            "submitted_at",
            "conflict_override",
            "scores",
        ]


class AssignIn(StrictIn):
    proposal = serializers.IntegerField()
    reviewer = serializers.SlugRelatedField(slug_field="username", queryset=User.objects.all())
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="assign despite the reviewer's conflict of interest, and why (coordination team; audited)",
    )


class ScoreIn(StrictIn):
    criterion = serializers.IntegerField()
    value = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ScoresIn(StrictIn):
    scores = ScoreIn(many=True)


class ReviewViewSet(
    SignedIn,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Reviewer assignments with their scores: the coordination team and the steering group see all of
    their agreement's; a reviewer sees their own. Creating one assigns a reviewer (the coordinator)."""

    serializer_class = ReviewOut

    def get_queryset(self) -> QuerySet[Review]:
        if getattr(self, "swagger_fake_view", False):  # the schema is generated without a user
            return Review.objects.none()
        user = self.request.user
        visible = in_agreements("proposal__agreement_id", user, "review.read_all") | Q(reviewer=user)
        return (
            Review.objects.filter(visible)
            .select_related("reviewer")
            .prefetch_related(
                Prefetch("scores", queryset=Score.objects.order_by("criterion__order", "criterion_id"))
            )
            .order_by("proposal", "pk")
        )

    @extend_schema(request=AssignIn, responses={201: ReviewOut})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = AssignIn(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = get_object_or_404(
            Proposal.objects.visible_to(self.request.user), pk=data.validated_data["proposal"]
        )
        review = run(
            services.review_assign,
            proposal=proposal,
            reviewer=data.validated_data["reviewer"],
            actor=request.user,
            override_reason=data.validated_data["override_reason"],
        )
        return Response(ReviewOut(review).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return locking.tagged(super().retrieve(request, *args, **kwargs), self.get_object())

    @extend_schema(
        request=ScoresIn, responses={200: ReviewOut, 412: locking.STALE}, parameters=[locking.IF_MATCH]
    )
    @action(detail=True, methods=["post"])
    def scores(self, request: Request, pk: str | None = None) -> Response:
        """The assigned reviewer scores every criterion 1–5 with a comment."""
        review = self.get_object()
        data = ScoresIn(data=request.data)
        data.is_valid(raise_exception=True)
        given = {
            s["criterion"]: services.ScoreIn(s["value"], s["comment"]) for s in data.validated_data["scores"]
        }
        with locking.editing(request, review) as locked:
            run(services.review_submit, review=locked, scores=given, actor=request.user)
        return locking.tagged(Response(ReviewOut(self.get_queryset().get(pk=review.pk)).data), review)


class ConflictOut(serializers.ModelSerializer):
    reviewer: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        read_only=True, slug_field="username"
    )

    class Meta:
        model = ConflictDeclaration
        fields = ["id", "proposal", "reviewer", "reason", "declared_at"]


class ConflictIn(StrictIn):
    proposal = serializers.IntegerField()
    reason = serializers.CharField()
    reviewer = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.all(),
        required=False,
        help_text="whose conflict (the coordinator records one for a reviewer); yourself when left out",
    )


class ConflictViewSet(SignedIn, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Declared conflicts of interest: staff see their agreement's, a reviewer their own."""

    serializer_class = ConflictOut

    def get_queryset(self) -> QuerySet[ConflictDeclaration]:
        if getattr(self, "swagger_fake_view", False):  # the schema is generated without a user
            return ConflictDeclaration.objects.none()
        user = self.request.user
        visible = in_agreements("proposal__agreement_id", user, "review.read_all") | Q(reviewer=user)
        return (
            ConflictDeclaration.objects.filter(visible)
            .select_related("reviewer")
            .order_by("-declared_at", "pk")
        )

    @extend_schema(request=ConflictIn, responses={201: ConflictOut})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ConflictIn(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = get_object_or_404(
            Proposal.objects.visible_to(self.request.user), pk=data.validated_data["proposal"]
        )
        declaration = run(
            services.conflict_declare,
            reviewer=data.validated_data.get("reviewer") or self.request.user,
            proposal=proposal,
            reason=data.validated_data["reason"],
            actor=self.request.user,
        )
        return Response(ConflictOut(declaration).data, status=status.HTTP_201_CREATED)


# --- summary ----------------------------------------------------------------------------------------


class SummaryRowOut(serializers.Serializer):
    proposal = serializers.IntegerField()
    title = serializers.CharField()
    rank = serializers.IntegerField(allow_null=True)
    reviews_submitted = serializers.IntegerField()
    reviews_assigned = serializers.IntegerField()
    weighted = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True)
    low = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True)
    high = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True)
    sd = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True)
    normalised = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True)


class SummaryOut(serializers.Serializer):
    call = serializers.IntegerField()
    method = serializers.CharField()
    rows = SummaryRowOut(many=True)


class CallSummaryViewSet(SignedIn, viewsets.GenericViewSet):
    """A call's proposals ranked by normalised score, with weighted score and spread (staff only)."""

    serializer_class = SummaryOut
    queryset = Call.objects.none()

    @extend_schema(responses={200: SummaryOut})
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        call = get_object_or_404(
            Call.objects.filter(in_agreements("agreement_id", self.request.user, "review.read_all")),
            pk=pk if str(pk).isdigit() else 0,
        )
        result = call_summary(call)

        def q(value: Any) -> Any:
            return None if value is None else round(value, 4)

        rows = [
            {
                "proposal": row.proposal.pk,
                "title": row.proposal.title,
                "rank": row.rank,
                "reviews_submitted": row.submitted,
                "reviews_assigned": row.assigned,
                "weighted": q(row.score and row.score.weighted),
                "low": q(row.score and row.score.low),
                "high": q(row.score and row.score.high),
                "sd": q(row.score and row.score.sd),
                "normalised": q(row.score and row.score.normalised),
            }
            for row in result.rows
        ]
        from cores import scoring

        return Response(SummaryOut({"call": call.pk, "method": scoring.__doc__ or "", "rows": rows}).data)


def register(router: BaseRouter) -> None:
    router.register("review-criteria", CriterionViewSet, basename="review-criterion")
    router.register("reviews", ReviewViewSet, basename="review")
    router.register("review-conflicts", ConflictViewSet, basename="review-conflict")
    router.register("call-summaries", CallSummaryViewSet, basename="call-summary")
