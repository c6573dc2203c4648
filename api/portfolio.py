"""/api/v1/ for decision support: scenarios (start a run from a call, follow its progress, what-ifs,
re-run, compare, choose the decision basis) and a stateless ``optimise`` on a problem document, so that
the optimiser is usable without the web app. Same rules as the pages: the steering group and the
coordination team run and choose, the ministry reads."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.permissions import agreement_filter, agreements_for
from api import locking
from api.auth import SignedIn
from api.review import run
from api.strict import StrictIn
from cores.portfolio import ProblemError, parse
from pipeline.models import Call
from portfolio import services
from portfolio.models import Scenario
from portfolio.problems import RunOptions
from portfolio.results import RunSettings, compare, compute
from programme.models import Agreement


class ScenarioOut(serializers.ModelSerializer):
    agreement: serializers.SlugRelatedField[Agreement] = serializers.SlugRelatedField(
        read_only=True, slug_field="slug"
    )
    created_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        read_only=True, slug_field="username"
    )
    chosen_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        read_only=True, slug_field="username", allow_null=True
    )
    selected = serializers.SerializerMethodField()

    class Meta:
        model = Scenario
        fields = [
            "id",
            "agreement",
            "call",
            "name",
            "parent",
            "change",
            "change_spec",
            "status",
            "progress",
            "stage",
            "error",
            "created_by",
            "created_at",
            "started_at",
            "finished_at",
            "is_decision_basis",
            "chosen_by",
            "chosen_at",
            "options",
            "run_settings",
            "proposal_ids",
            "left_out",
            "selected",
        ]

    def get_selected(self, obj: Scenario) -> list[str]:
        return obj.selected_ids()


class ScenarioDetailOut(ScenarioOut):
    class Meta(ScenarioOut.Meta):
        fields = [*ScenarioOut.Meta.fields, "problem", "result"]


def _share(what: str) -> serializers.DecimalField:
    """An optional share (0–1, e.g. 0.25 for 25 %)."""
    return serializers.DecimalField(
        max_digits=5,
        decimal_places=4,
        min_value=0,
        max_value=1,
        required=False,
        allow_null=True,
        default=None,
        help_text=f"{what}: a share between 0 and 1, or null for none",
    )


class ScenarioIn(StrictIn):
    call = serializers.IntegerField()
    name = serializers.CharField(max_length=200)
    frame_percent = serializers.IntegerField(min_value=10, max_value=200, default=100)
    carry_over = serializers.BooleanField(default=False)
    theme_shares = serializers.BooleanField(default=True)
    include_funded = serializers.BooleanField(default=True)
    city_min_share = _share("city min share")
    city_max_share = _share("city max share")
    org_max_share = _share("org max share")
    start_flex = serializers.IntegerField(min_value=0, max_value=3, default=0)
    robustness = serializers.ChoiceField(choices=["none", "rank", "intervals"], default="none")
    interval_width = serializers.DecimalField(
        max_digits=5, decimal_places=4, min_value=0, max_value=1, default=Decimal("0.05")
    )
    score_spread = serializers.BooleanField(default=False)
    scores = serializers.DictField(
        child=serializers.DictField(
            child=serializers.DecimalField(max_digits=4, decimal_places=2, min_value=1, max_value=5)
        ),
        required=False,
        default=dict,
        help_text="proposal id -> criterion id -> a score (1–5) that replaces the reviews' mean",
    )
    must_in = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    must_out = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    exclusive = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField(), min_length=2),
        required=False,
        default=list,
        help_text="groups of candidate ids (acronyms) of which at most one may be chosen",
    )
    requires = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField(), min_length=1),
        required=False,
        default=dict,
        help_text="candidate id -> the candidate ids it may be chosen only together with",
    )
    time_limit = serializers.IntegerField(min_value=1, max_value=600, default=30)

    def options(self) -> RunOptions:
        d = self.validated_data
        try:
            scores = {int(p): {int(c): v for c, v in by.items()} for p, by in d["scores"].items()}
        except ValueError:
            raise ValidationError({"scores": "keys must be proposal and criterion ids"}) from None
        return RunOptions(
            carry_over=d["carry_over"],
            frame_factor=Fraction(d["frame_percent"], 100),
            city_min_share=d["city_min_share"],
            city_max_share=d["city_max_share"],
            org_max_share=d["org_max_share"],
            theme_shares=d["theme_shares"],
            include_funded=d["include_funded"],
            robustness=d["robustness"],
            interval_width=d["interval_width"],
            score_spread=d["score_spread"],
            scores=scores,
            must_in=frozenset(d["must_in"]),
            must_out=frozenset(d["must_out"]),
            start_flex=d["start_flex"],
        )

    def run_settings(self) -> RunSettings:
        d = self.validated_data
        return RunSettings(time_limit=float(d["time_limit"]), robust=d["robustness"] != "none")


class WhatIfIn(StrictIn):
    kind = serializers.ChoiceField(choices=["frame", "weights", "lock"])
    percent = serializers.IntegerField(
        required=False, help_text="frame: change every annual frame by this many %"
    )
    weights = serializers.DictField(
        child=serializers.DecimalField(max_digits=8, decimal_places=4, min_value=0),
        required=False,
        help_text="weights: criterion id (as in the problem) -> weight",
    )
    candidate = serializers.CharField(required=False, help_text="lock: the candidate id (as in the problem)")
    lock = serializers.ChoiceField(choices=["in", "out", "free"], required=False)


class OptimiseIn(StrictIn):
    problem = serializers.DictField(
        help_text="a problem document, as `salkku optimise` reads (docs/decision-support.md)"
    )
    time_limit = serializers.IntegerField(min_value=1, max_value=60, default=10)
    explain = serializers.BooleanField(default=False)
    robust = serializers.BooleanField(default=False)


def _check(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


class ScenarioViewSet(SignedIn, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Saved optimisation runs. A new run, a what-if or a re-run answers 201 with the queued scenario;
    poll it until ``status`` is ``done`` (``progress`` tells how far it is)."""

    def get_serializer_class(self) -> type[ScenarioOut]:
        return ScenarioDetailOut if self.action == "retrieve" else ScenarioOut

    def get_queryset(self) -> QuerySet[Scenario]:
        if getattr(self, "swagger_fake_view", False):
            return Scenario.objects.none()
        return (
            Scenario.objects.filter(agreement_filter("agreement_id", self.request.user, "scenario.read"))
            .select_related("agreement", "created_by", "chosen_by")
            .order_by("-created_at", "-pk")
        )

    def _runnable(self, scenario: Scenario) -> None:
        _check(
            services.can_run(self.request.user, scenario.agreement_id),
            "Only the agreement's steering group and coordination team change scenarios.",
        )

    @extend_schema(request=ScenarioIn, responses={201: ScenarioOut})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ScenarioIn(data=request.data)
        data.is_valid(raise_exception=True)
        call = get_object_or_404(Call.objects.select_related("agreement"), pk=data.validated_data["call"])
        _check(
            services.can_run(self.request.user, call.agreement_id),
            "Only the agreement's steering group and coordination team start optimisation runs.",
        )
        scenario = run(
            services.create_from_call,
            call=call,
            user=self.request.user,
            name=data.validated_data["name"],
            options=data.options(),
            run=data.run_settings(),
            exclusive=data.validated_data["exclusive"],
            requires=list(data.validated_data["requires"].items()),
        )
        scenario.refresh_from_db()
        return Response(ScenarioOut(scenario).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=WhatIfIn, responses={201: ScenarioOut})
    @action(detail=True, methods=["post"], url_path="what-if")
    def what_if(self, request: Request, pk: str | None = None) -> Response:
        """A new scenario from this one: every frame changed by a percentage, other weights, or a lock."""
        scenario = self.get_object()
        self._runnable(scenario)
        data = WhatIfIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        if d["kind"] == "frame":
            if "percent" not in d:
                raise ValidationError({"percent": "required for a frame what-if"})
            make = lambda p: services.what_if_frame(p, d["percent"])  # noqa: E731
        elif d["kind"] == "weights":
            if not d.get("weights"):
                raise ValidationError({"weights": "required for a weights what-if"})
            make = lambda p: services.what_if_weights(p, d["weights"])  # noqa: E731
        else:
            if not d.get("candidate") or not d.get("lock"):
                raise ValidationError({"candidate": "a lock needs candidate and lock"})
            make = lambda p: services.what_if_lock(p, d["candidate"], d["lock"])  # noqa: E731
        child = run(services.derive, scenario=scenario, user=self.request.user, make=make)
        child.refresh_from_db()
        return Response(ScenarioOut(child).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={201: ScenarioOut})
    @action(detail=True, methods=["post"])
    def rerun(self, request: Request, pk: str | None = None) -> Response:
        """The same options on the call's current proposals, scores and frames."""
        scenario = self.get_object()
        self._runnable(scenario)
        child = run(services.rerun, scenario=scenario, user=self.request.user)
        child.refresh_from_db()
        return Response(ScenarioOut(child).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return locking.tagged(super().retrieve(request, *args, **kwargs), self.get_object())

    @extend_schema(
        request=None, responses={200: ScenarioOut, 412: locking.STALE}, parameters=[locking.IF_MATCH]
    )
    @action(detail=True, methods=["post"])
    def choose(self, request: Request, pk: str | None = None) -> Response:
        """Save this scenario as the basis of the steering group's decision on its call."""
        scenario = self.get_object()
        self._runnable(scenario)
        with locking.editing(request, scenario) as locked:
            chosen = run(services.choose, scenario=locked, user=self.request.user)
        return locking.tagged(Response(ScenarioOut(chosen).data), chosen)

    @extend_schema(
        parameters=[OpenApiParameter("ids", str, description="comma-separated scenario ids (2–6)")],
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=False, methods=["get"])
    def compare(self, request: Request) -> Response:
        """Scenarios side by side: score, money by theme, city, fund and year, and the proposals that differ."""
        viewer = agreements_for(self.request.user, "scenario.read")
        _check(viewer is None or bool(viewer), "Only those who see scenarios compare them.")
        raw = request.query_params.get("ids", "")
        ids = [int(p) for p in raw.split(",") if p.strip().isdigit()]
        if not 2 <= len(set(ids)) <= 6:
            raise ValidationError({"ids": "give 2 to 6 scenario ids"})
        found = {s.pk: s for s in self.get_queryset().filter(pk__in=ids)}
        if len(found) != len(set(ids)):
            raise ValidationError({"ids": "unknown scenario, or one you may not see"})
        scenarios = [found[i] for i in dict.fromkeys(ids)]
        cmp = compare(scenarios)
        return Response(
            {
                "scenarios": [s.pk for s in scenarios],
                "measures": {key: values for key, values in cmp.measures},
                "money": {
                    label: {
                        key: [None if v is None else str(v) for v in values] for key, _name, values in rows
                    }
                    for label, rows in cmp.sections
                },
                "proposals": [
                    {"id": cid, "name": name, "in": ins, "differs": differs}
                    for cid, name, ins, differs in cmp.membership
                ],
            }
        )


class OptimiseView(SignedIn, APIView):
    """The optimiser on a problem document, without saving anything (at most 60 s)."""

    @extend_schema(request=OptimiseIn, responses={200: OpenApiTypes.OBJECT})
    def post(self, request: Request) -> Response:
        ids = agreements_for(self.request.user, "scenario.run")
        _check(ids is None or bool(ids), "Only steering groups and coordination teams run the optimiser.")
        data = OptimiseIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        try:
            problem = parse(d["problem"])
        except ProblemError as exc:
            raise ValidationError({"problem": [str(issue) for issue in exc.issues]}) from None
        settings = RunSettings(
            time_limit=float(d["time_limit"]),
            explain=d["explain"],
            next_best=3 if d["explain"] else 0,
            robust=d["robust"],
            robust_time_limit=float(d["time_limit"]),
        )
        return Response(compute(problem, settings))


def register(router: Any) -> None:
    router.register("scenarios", ScenarioViewSet, basename="scenario")
