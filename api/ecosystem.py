"""Test environments and adopted solutions, read only: the same visibility as the pages (ecosystem.access)."""

from __future__ import annotations

from typing import Any

from rest_framework import mixins, serializers, viewsets
from rest_framework.routers import BaseRouter

from api.auth import SignedIn
from ecosystem.access import adoptions_for, test_environments_for
from ecosystem.models import Adoption
from partners.models import AvailabilityPeriod, TestEnvironment
from programme.models import Theme


class PeriodOut(serializers.ModelSerializer):
    class Meta:
        model = AvailabilityPeriod
        fields = ["starts_on", "ends_on", "note"]


class TestEnvironmentOut(serializers.ModelSerializer):
    __test__ = False

    periods = PeriodOut(many=True, read_only=True)
    themes: serializers.SlugRelatedField[Theme] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code"
    )
    projects = serializers.SerializerMethodField(help_text="ids of the projects whose proposal names it")
    proposals = serializers.SerializerMethodField(
        help_text="ids of the proposals (that you may see) naming it"
    )

    class Meta:
        model = TestEnvironment
        fields = [
            "id",
            "name",
            "owner",
            "city",
            "themes",
            "description",
            "capacity",
            "website",
            "is_published",
            "retired_on",
            "periods",
            "projects",
            "proposals",
        ]

    def get_projects(self, obj: TestEnvironment) -> list[int]:
        return sorted(p.project.pk for p in obj.proposals.all() if hasattr(p, "project"))

    def get_proposals(self, obj: TestEnvironment) -> list[int]:
        from pipeline.models import Proposal

        user = self.context["request"].user
        return list(
            Proposal.objects.visible_to(user)
            .filter(test_environments=obj)
            .order_by("pk")
            .values_list("pk", flat=True)
        )


class TestEnvironmentViewSet(SignedIn, viewsets.ReadOnlyModelViewSet):
    """The test-environment register: `?city=` (organisation id) and `?theme=` (theme code) filter."""

    __test__ = False
    serializer_class = TestEnvironmentOut

    def get_queryset(self) -> Any:
        qs = test_environments_for(self.request.user).prefetch_related(
            "periods", "themes", "proposals__project"
        )
        if city := self.request.query_params.get("city"):
            qs = qs.filter(city_id=int(city)) if city.isdigit() else qs.none()
        if theme := self.request.query_params.get("theme"):
            qs = qs.filter(themes__code=theme)
        return qs.distinct().order_by("name", "pk")


class AdoptionOut(serializers.ModelSerializer):
    role = serializers.CharField(read_only=True, help_text="pilot, purchase or scale_up")

    class Meta:
        model = Adoption
        fields = [
            "id",
            "project",
            "city",
            "unit",
            "provider",
            "solution",
            "role",
            "adopted_on",
            "evidence",
            "evidence_url",
        ]


class AdoptionViewSet(SignedIn, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Solutions adopted by cities (the adoption register)."""

    serializer_class = AdoptionOut

    def get_queryset(self) -> Any:
        return adoptions_for(self.request.user).order_by("-adopted_on", "pk")


def register(router: BaseRouter) -> None:
    router.register("test-environments", TestEnvironmentViewSet, basename="test-environment")
    router.register("adoptions", AdoptionViewSet, basename="adoption")
