"""/api/v1/ for overlaps: an item's similar items (as its page shows them), the overlap report's clusters
and the double-funding risk flags of the agreements the user reviews (the coordination team), and the two
things a reviewer does on the pages: judge a cluster (``POST overlap-clusters/{id}/review/``) and dismiss a
flag (``POST risk-flags/{id}/dismiss/``). Both go through ``overlaps.services`` (the permission table,
a reason, the audit trail) and are optimistically locked (``api.locking``: ETag on read, If-Match on the
edit, 412 when someone else judged it first)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter
from rest_framework.views import APIView

from accounts.models import User
from api import locking
from api.auth import SignedIn
from api.strict import StrictIn
from overlaps import services
from overlaps.models import ClusterStatus, OverlapCluster, RiskFlag
from overlaps.rules import review_agreements
from overlaps.selectors import similar_for, visible_objects
from overlaps.texts import parse_key
from pipeline.models import Idea, Proposal
from programme.models import Agreement


class SimilarOut(serializers.Serializer):
    key = serializers.CharField(help_text="kind:id, e.g. proposal:12 or historical:7")
    kind = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()
    score = serializers.FloatField(help_text="0–1, higher is more similar")
    is_overlap = serializers.BooleanField(help_text="at or above the overlap threshold")
    where = serializers.ChoiceField(choices=["same", "other", "pool", "history"])
    shared_terms = serializers.ListField(child=serializers.CharField())
    passages = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="pairs of matching passages: [this item's, the similar item's]",
    )


class SimilarListOut(serializers.Serializer):
    item = serializers.CharField()
    full = serializers.BooleanField(help_text="false: only public projects are shown to this user")
    pending = serializers.BooleanField(help_text="the text changed and is being compared again")
    results = SimilarOut(many=True)


class SimilarView(SignedIn, APIView):
    """The most similar items of one idea or proposal, as its page shows them to this user."""

    @extend_schema(
        parameters=[
            OpenApiParameter("item", OpenApiTypes.STR, required=True, description="idea:ID or proposal:ID")
        ],
        responses={200: SimilarListOut},
    )
    def get(self, request: Request) -> Response:
        key = request.query_params.get("item", "")
        try:
            kind, _pk = parse_key(key)
        except ValueError:
            raise ValidationError({"item": "give idea:ID or proposal:ID"}) from None
        if kind not in ("idea", "proposal"):
            raise ValidationError({"item": "similar items are listed for ideas and proposals"})
        obj = visible_objects(self.request.user, [key], full=True).get(key)
        if not isinstance(obj, Idea | Proposal):  # visible_objects gives the item of that key, or none
            raise NotFound()
        panel = similar_for(self.request.user, obj)
        results = [
            {
                "key": s.key,
                "kind": s.kind,
                "title": s.title,
                "url": s.url,
                "score": s.score,
                "is_overlap": s.is_overlap,
                "where": s.where,
                "shared_terms": s.shared_terms,
                "passages": s.passages,
            }
            for s in panel.items
        ]
        data = {"item": key, "full": panel.full, "pending": panel.pending, "results": results}
        return Response(SimilarListOut(data).data)


class ClusterOut(serializers.ModelSerializer):
    """Only the members (and pairs) the user may see: a cluster can reach into another agreement."""

    reviewed_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        read_only=True, slug_field="username"
    )
    members = serializers.SerializerMethodField()
    pairs = serializers.SerializerMethodField()

    def _visible(self, obj: OverlapCluster) -> set[str]:
        request = self.context["request"]
        return set(visible_objects(request.user, obj.members, full=True))

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_members(self, obj: OverlapCluster) -> list[str]:
        seen = self._visible(obj)
        return [k for k in obj.members if k in seen]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_pairs(self, obj: OverlapCluster) -> list[dict[str, Any]]:
        seen = self._visible(obj)
        return [p for p in obj.pairs if p.get("a") in seen and p.get("b") in seen]

    class Meta:
        model = OverlapCluster
        fields = [
            "id",
            "members",
            "top_score",
            "pairs",
            "is_current",
            "status",
            "reason",
            "reviewed_by",
            "reviewed_at",
        ]


class FlagOut(serializers.ModelSerializer):
    agreement: serializers.SlugRelatedField[Agreement] = serializers.SlugRelatedField(
        read_only=True, slug_field="slug"
    )
    dismissed_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        read_only=True, slug_field="username"
    )

    class Meta:
        model = RiskFlag
        fields = [
            "id",
            "agreement",
            "kind",
            "summary",
            "evidence",
            "is_current",
            "status",
            "reason",
            "dismissed_by",
            "dismissed_at",
        ]


def _reviewed(user: Any, field: str) -> Q:
    ids = review_agreements(user)
    return Q() if ids is None else Q(**{f"{field}__in": ids})


JUDGEMENTS = [c for c in ClusterStatus.values if c != ClusterStatus.OPEN]


class ReviewIn(StrictIn):
    status = serializers.ChoiceField(
        choices=JUDGEMENTS, help_text="reviewed, overlap (a real overlap) or not_overlap (not an overlap)"
    )
    reason = serializers.CharField(max_length=2000, help_text="why; required, kept in the audit trail")


class DismissIn(StrictIn):
    reason = serializers.CharField(max_length=2000, help_text="why the flag is no risk; required, audited")


def _refused(error: DjangoValidationError) -> ValidationError:
    """A service's refusal as a 400 naming the field and the reason."""
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages})


@extend_schema_view(retrieve=extend_schema(description="one cluster, with its version as the ETag"))
class ClusterViewSet(SignedIn, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The overlap report's clusters of the agreements the user reviews (the coordination team)."""

    serializer_class = ClusterOut

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return locking.tagged(super().retrieve(request, *args, **kwargs), self.get_object())

    @extend_schema(
        request=ReviewIn,
        responses={200: ClusterOut, 412: locking.STALE},
        parameters=[locking.IF_MATCH],
        description="Judge the cluster (reviewed, a real overlap, not an overlap) with a reason; audited. "
        "A later judgement replaces the earlier one, so send If-Match with the ETag the judgement was made on.",
    )
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        cluster = self.get_object()
        data = ReviewIn(data=request.data)
        data.is_valid(raise_exception=True)
        with locking.editing(request, cluster) as locked:
            try:
                cluster = services.review_cluster(locked, user=self.request.user, **data.validated_data)
            except DjangoValidationError as error:
                raise _refused(error) from None
        fresh = self.get_queryset().get(pk=cluster.pk)
        return locking.tagged(Response(ClusterOut(fresh, context=self.get_serializer_context()).data), fresh)

    def get_queryset(self) -> QuerySet[OverlapCluster]:
        if getattr(self, "swagger_fake_view", False):
            return OverlapCluster.objects.none()
        if review_agreements(self.request.user) == []:
            return OverlapCluster.objects.none()
        return (
            OverlapCluster.objects.filter(_reviewed(self.request.user, "agreements"))
            .select_related("reviewed_by")
            .distinct()
            .order_by("-top_score", "pk")
        )


@extend_schema_view(retrieve=extend_schema(description="one flag, with its version as the ETag"))
class FlagViewSet(SignedIn, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Double-funding risk flags (alerts with evidence, never verdicts) of the agreements the user reviews."""

    serializer_class = FlagOut

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return locking.tagged(super().retrieve(request, *args, **kwargs), self.get_object())

    @extend_schema(
        request=DismissIn,
        responses={200: FlagOut, 412: locking.STALE},
        parameters=[locking.IF_MATCH],
        description="Dismiss the flag with a reason; audited, and the flag is kept. A flag already dismissed "
        "is refused (400).",
    )
    @action(detail=True, methods=["post"])
    def dismiss(self, request: Request, pk: str | None = None) -> Response:
        flag = self.get_object()
        data = DismissIn(data=request.data)
        data.is_valid(raise_exception=True)
        with locking.editing(request, flag) as locked:
            try:
                flag = services.dismiss_flag(locked, user=self.request.user, **data.validated_data)
            except DjangoValidationError as error:
                raise _refused(error) from None
        fresh = self.get_queryset().get(pk=flag.pk)
        return locking.tagged(Response(FlagOut(fresh).data), fresh)

    def get_queryset(self) -> QuerySet[RiskFlag]:
        if getattr(self, "swagger_fake_view", False):
            return RiskFlag.objects.none()
        if review_agreements(self.request.user) == []:
            return RiskFlag.objects.none()
        return (
            RiskFlag.objects.filter(_reviewed(self.request.user, "agreement_id"))
            .select_related("agreement", "dismissed_by")
            .order_by("agreement_id", "status", "kind", "pk")
        )


def register(router: BaseRouter) -> None:
    router.register("overlap-clusters", ClusterViewSet, basename="overlap-cluster")
    router.register("risk-flags", FlagViewSet, basename="risk-flag")
