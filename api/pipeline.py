"""/api/v1/ for the pipeline: calls for ideas, ideas, proposals. Same rules as the pages: the querysets
show only what the user may see (deny by default), and every change goes through pipeline.services, which
checks who may act; refusals are 403, what cannot be seen is 404, bad input 400 with the reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from api import locking
from api.auth import SignedIn
from api.strict import StrictIn, known_ids
from partners.models import Organisation, TestEnvironment
from pipeline import editing, services
from pipeline.models import (
    Call,
    CallStatus,
    CostCategory,
    FinancingSource,
    Idea,
    IdeaComment,
    IdeaStatus,
    PartnerRole,
    Proposal,
    ProposalPartner,
    ProposalStatus,
)
from pipeline.validation import proposal_for_checking
from pipeline.versions import diff
from programme.models import Agreement, Indicator, Method, Theme

if TYPE_CHECKING:
    from accounts.models import User

T = TypeVar("T")


def run(fn: Callable[..., T], **kwargs: Any) -> T:
    """Call a service; its ValidationError becomes a 400 that names the field and the reason."""
    try:
        return fn(**kwargs)
    except services.ProposalNotValid as refused:
        raise ValidationError({"problems": [p.as_dict() for p in refused.problems]}) from None
    except DjangoValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
        raise ValidationError(detail) from None


class _ChoiceFieldClass(Protocol):
    """A choice field class whose choices are fixed: it is made with keyword arguments only."""

    def __call__(self, **kwargs: Any) -> serializers.ChoiceField: ...


def _inline_enum(choices: Any, description: str) -> _ChoiceFieldClass:
    """A choice field whose enum is written inline in the schema (its name "status" or "source" is shared
    with other choice sets across the API, which would make the component names collide)."""

    # Wrapped in allOf, the enum stays inline instead of becoming a shared component.
    @extend_schema_field(
        {"allOf": [{"type": "string", "enum": list(choices.values)}], "description": description}
    )
    class Field(serializers.ChoiceField):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(choices=choices.choices, **kwargs)

    return Field


CallStatusField = _inline_enum(CallStatus, "the call's state")
IdeaStatusField = _inline_enum(IdeaStatus, "the idea's state")
ProposalStatusField = _inline_enum(ProposalStatus, "the proposal's state in its workflow")
SourceField = _inline_enum(FinancingSource, "the financing source")


# --- output serializers --------------------------------------------------------------------------------


class CallOut(serializers.ModelSerializer):
    agreement: serializers.SlugRelatedField[Agreement] = serializers.SlugRelatedField(
        read_only=True, slug_field="slug"
    )
    themes: serializers.SlugRelatedField[Theme] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code"
    )
    status = CallStatusField(read_only=True)

    class Meta:
        model = Call
        fields = ["id", "agreement", "title", "themes", "opens_on", "closes_on", "instructions", "status"]


class IdeaCommentOut(serializers.ModelSerializer):
    author = serializers.CharField(source="author.get_username", read_only=True)

    class Meta:
        model = IdeaComment
        fields = ["id", "author", "body", "created_at"]


class IdeaOut(serializers.ModelSerializer):
    agreement: serializers.SlugRelatedField[Agreement] = serializers.SlugRelatedField(
        read_only=True, slug_field="slug"
    )
    theme: serializers.SlugRelatedField[Theme] = serializers.SlugRelatedField(
        read_only=True, slug_field="code"
    )
    organisation: serializers.PrimaryKeyRelatedField[Organisation] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    related: serializers.PrimaryKeyRelatedField[Idea] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )
    comments = IdeaCommentOut(many=True, read_only=True)
    status = IdeaStatusField(read_only=True)

    class Meta:
        model = Idea
        fields = [
            "id", "agreement", "call", "organisation", "organisation_name", "theme", "title", "summary",
            "status", "merged_into", "related", "submitted_at", "comments",
        ]  # fmt: skip


class ProposalOut(serializers.ModelSerializer):
    agreement: serializers.SlugRelatedField[Agreement] = serializers.SlugRelatedField(
        read_only=True, slug_field="slug"
    )
    theme: serializers.SlugRelatedField[Theme] = serializers.SlugRelatedField(
        read_only=True, slug_field="code"
    )
    lead = serializers.SerializerMethodField()
    status = ProposalStatusField(read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "title",
            "acronym",
            "agreement",
            "theme",
            "status",
            "version",
            "start_date",
            "end_date",
            "lead",
        ]

    def get_lead(self, obj: Proposal) -> str | None:
        lead = obj.lead
        return lead.name if lead else None


class PartnerOut(serializers.Serializer):
    organisation = serializers.IntegerField(source="organisation_id")
    organisation_name = serializers.CharField(source="organisation.name")
    role = serializers.ChoiceField(choices=PartnerRole.choices)
    tasks = serializers.CharField()


class BudgetLineOut(serializers.Serializer):
    year = serializers.IntegerField()
    category = serializers.ChoiceField(choices=CostCategory.choices)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class FinancingLineOut(serializers.Serializer):
    source = SourceField()  # type: ignore[assignment]  # a field named like Field's own attribute; DRF's metaclass takes declared fields off the class
    organisation = serializers.IntegerField(source="organisation_id", allow_null=True)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class TargetOut(serializers.Serializer):
    indicator = serializers.CharField(source="indicator.code")
    target = serializers.DecimalField(max_digits=12, decimal_places=2)


class ProposalDetailOut(ProposalOut):
    call: serializers.PrimaryKeyRelatedField[Call] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )
    idea: serializers.PrimaryKeyRelatedField[Idea] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )
    methods: serializers.SlugRelatedField[Method] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code"
    )
    test_environments: serializers.PrimaryKeyRelatedField[TestEnvironment] = (
        serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    )
    adopting_cities: serializers.PrimaryKeyRelatedField[Organisation] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )
    partners = PartnerOut(many=True, read_only=True)
    budget_lines = BudgetLineOut(many=True, read_only=True)
    financing_lines = FinancingLineOut(many=True, read_only=True)
    indicator_targets = TargetOut(many=True, read_only=True)

    class Meta(ProposalOut.Meta):
        fields = [
            *ProposalOut.Meta.fields, "call", "idea", "summary", "objectives", "indirect_rate", "methods",
            "test_environments", "adopting_cities", "partners", "budget_lines", "financing_lines",
            "indicator_targets", "submitted_at",
        ]  # fmt: skip


class ProblemOut(serializers.Serializer):
    field = serializers.CharField(help_text="what the problem is about, e.g. budget.2031 or financing.ESF+")
    code = serializers.CharField()
    message = serializers.CharField(help_text="what to fix, in the user's language")


class ValidationOut(serializers.Serializer):
    valid = serializers.BooleanField()
    problems = ProblemOut(many=True)


class VersionOut(serializers.Serializer):
    number = serializers.IntegerField()
    submitted_at = serializers.DateTimeField()
    submitted_by = serializers.CharField(source="submitted_by.get_username", allow_null=True)
    snapshot = serializers.JSONField()


class ChangeOut(serializers.Serializer):
    section = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field's own attribute; DRF's metaclass takes declared fields off the class
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)
    kind = serializers.CharField()


class DiffOut(serializers.Serializer):
    before = serializers.IntegerField(help_text="the earlier version's number")
    after = serializers.IntegerField()
    changes = ChangeOut(many=True)


# --- input serializers ---------------------------------------------------------------------------------


class CallIn(StrictIn):
    agreement = serializers.SlugRelatedField(slug_field="slug", queryset=Agreement.objects.all())
    title = serializers.CharField(max_length=300)
    themes = serializers.ListField(child=serializers.CharField(), help_text="theme codes of the agreement")
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    instructions = serializers.CharField(required=False, allow_blank=True, default="")


class CallUpdateIn(StrictIn):
    title = serializers.CharField(max_length=300, required=False)
    themes = serializers.ListField(child=serializers.CharField(), required=False)
    opens_on = serializers.DateField(required=False)
    closes_on = serializers.DateField(required=False)
    instructions = serializers.CharField(required=False, allow_blank=True)


class TransitionIn(StrictIn):
    to_status = serializers.CharField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class IdeaIn(StrictIn):
    call = serializers.PrimaryKeyRelatedField(queryset=Call.objects.all())
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    theme = serializers.CharField(help_text="theme code")
    title = serializers.CharField(max_length=300)
    summary = serializers.CharField()


class CommentIn(StrictIn):
    body = serializers.CharField()


class OtherIdeaIn(StrictIn):
    other = serializers.IntegerField(help_text="the other idea (for a merge: the one that is kept)")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class NoteIn(StrictIn):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ProposalCreateIn(StrictIn):
    idea = serializers.IntegerField(
        required=False, help_text="create from an invited idea (then nothing else)"
    )
    agreement = serializers.SlugRelatedField(
        slug_field="slug", queryset=Agreement.objects.all(), required=False
    )
    theme = serializers.CharField(required=False, help_text="theme code")
    title = serializers.CharField(max_length=300, required=False)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    lead = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all(), required=False)
    call = serializers.PrimaryKeyRelatedField(queryset=Call.objects.all(), required=False, allow_null=True)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if "idea" not in data:
            missing = [name for name in ("agreement", "theme", "title", "lead") if name not in data]
            if missing:
                raise ValidationError(
                    {name: "required unless the proposal is created from an idea" for name in missing}
                )
        return data


class PartnerIn(StrictIn):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    role = serializers.ChoiceField(choices=PartnerRole.choices)
    tasks = serializers.CharField(required=False, allow_blank=True, default="")


class BudgetLineIn(StrictIn):
    year = serializers.IntegerField(min_value=1900, max_value=2100)
    category = serializers.ChoiceField(choices=CostCategory.choices)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)


class FinancingLineIn(StrictIn):
    source = SourceField()  # type: ignore[assignment]  # a field named like Field's own attribute; DRF's metaclass takes declared fields off the class
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), allow_null=True, required=False
    )
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)


class TargetIn(StrictIn):
    indicator = serializers.CharField(help_text="indicator code (RCO/RCR or the agreement's own)")
    target = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)


class ProposalUpdateIn(StrictIn):
    """Any of the fields; a list (partners, budget_lines, financing_lines, indicator_targets) replaces the
    whole list. Saved in one transaction: all or nothing."""

    title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    acronym = serializers.CharField(max_length=40, required=False, allow_blank=True)
    summary = serializers.CharField(required=False, allow_blank=True)
    objectives = serializers.CharField(required=False, allow_blank=True)
    theme = serializers.CharField(required=False, help_text="theme code")
    start_date = serializers.DateField(required=False)
    end_date = serializers.DateField(required=False)
    indirect_rate = serializers.DecimalField(
        max_digits=5, decimal_places=4, min_value=0, max_value=1, required=False
    )
    methods = serializers.ListField(child=serializers.CharField(), required=False, help_text="method codes")
    test_environments = serializers.ListField(child=serializers.IntegerField(), required=False)
    adopting_cities = serializers.ListField(child=serializers.IntegerField(), required=False)
    partners = PartnerIn(many=True, required=False)
    budget_lines = BudgetLineIn(many=True, required=False)
    financing_lines = FinancingLineIn(many=True, required=False)
    indicator_targets = TargetIn(many=True, required=False)


# --- view sets -----------------------------------------------------------------------------------------


def _themes(agreement_id: int, codes: list[str]) -> list[Theme]:
    themes = {t.code: t for t in Theme.objects.filter(agreement_id=agreement_id, code__in=codes)}
    unknown = [c for c in codes if c not in themes]
    if unknown:
        raise ValidationError({"themes": [f"no theme {c!r} in this agreement" for c in unknown]})
    return [themes[c] for c in codes]


@extend_schema_view(
    create=extend_schema(request=CallIn, responses={201: CallOut}),
    partial_update=extend_schema(
        request=CallUpdateIn,
        responses={200: CallOut, 412: locking.STALE},
        parameters=[locking.IF_MATCH],
    ),
)
class CallViewSet(
    SignedIn, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    """Calls for ideas: the agreement's staff see all; applicants the published ones of their agreement.
    The coordination team creates, edits, opens and closes them."""

    serializer_class = CallOut
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Call]:
        return (
            Call.objects.visible_to(self.request.user)
            .select_related("agreement")
            .prefetch_related("themes")
            .order_by("-opens_on", "-id")
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = CallIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["themes"] = _themes(values["agreement"].pk, values["themes"])
        call = run(services.call_create, actor=request.user, **values)
        return Response(CallOut(call).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        call = self.get_object()
        data = CallUpdateIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        themes = _themes(call.agreement_id, values.pop("themes")) if "themes" in values else None
        with locking.editing(request, call) as locked:
            call = run(services.call_update, call=locked, actor=request.user, themes=themes, **values)
        fresh = Call.objects.prefetch_related("themes").select_related("agreement").get(pk=call.pk)
        return locking.tagged(Response(CallOut(fresh).data), fresh)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return locking.tagged(super().retrieve(request, *args, **kwargs), self.get_object())

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(
        request=TransitionIn, responses=CallOut, description=f"to_status: one of {CallStatus.values}"
    )
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str | None = None) -> Response:
        call = self.get_object()
        data = TransitionIn(data=request.data)
        data.is_valid(raise_exception=True)
        call = run(services.call_transition, call=call, actor=request.user, **data.validated_data)
        return Response(CallOut(call).data)


@extend_schema_view(create=extend_schema(request=IdeaIn, responses={201: IdeaOut}))
class IdeaViewSet(
    SignedIn,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Ideas: the agreement's staff see all; an applicant their organisations' own. Applicants submit
    ideas to open calls; the coordination team comments, links, merges and invites."""

    serializer_class = IdeaOut

    def get_queryset(self) -> QuerySet[Idea]:
        return (
            Idea.objects.visible_to(self.request.user)
            .select_related("agreement", "theme", "organisation")
            .prefetch_related(
                "related", Prefetch("comments", queryset=IdeaComment.objects.select_related("author"))
            )
            .order_by("-submitted_at", "-id")
        )

    def _fresh(self, pk: int) -> Response:
        return Response(IdeaOut(self.get_queryset().get(pk=pk)).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = IdeaIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        call = values.pop("call")
        theme = Theme.objects.filter(agreement_id=call.agreement_id, code=values.pop("theme")).first()
        if theme is None:
            raise ValidationError({"theme": "no such theme in the call's agreement"})
        idea = run(services.idea_submit, call=call, theme=theme, actor=request.user, **values)
        return Response(IdeaOut(self.get_queryset().get(pk=idea.pk)).data, status=status.HTTP_201_CREATED)

    def _other(self, idea: Idea, pk: int) -> Idea:
        return get_object_or_404(
            Idea.objects.visible_to(self.request.user), pk=pk, agreement_id=idea.agreement_id
        )

    @extend_schema(request=CommentIn, responses=IdeaOut)
    @action(detail=True, methods=["post"])
    def comment(self, request: Request, pk: str | None = None) -> Response:
        idea = self.get_object()
        data = CommentIn(data=request.data)
        data.is_valid(raise_exception=True)
        run(services.idea_comment, idea=idea, body=data.validated_data["body"], actor=request.user)
        return self._fresh(idea.pk)

    @extend_schema(request=OtherIdeaIn, responses=IdeaOut)
    @action(detail=True, methods=["post"])
    def link(self, request: Request, pk: str | None = None) -> Response:
        idea = self.get_object()
        data = OtherIdeaIn(data=request.data)
        data.is_valid(raise_exception=True)
        other = self._other(idea, data.validated_data["other"])
        run(services.idea_link, idea=idea, other=other, note=data.validated_data["note"], actor=request.user)
        return self._fresh(idea.pk)

    @extend_schema(request=OtherIdeaIn, responses=IdeaOut, description="merge this idea into `other` (kept)")
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str | None = None) -> Response:
        idea = self.get_object()
        data = OtherIdeaIn(data=request.data)
        data.is_valid(raise_exception=True)
        into = self._other(idea, data.validated_data["other"])
        run(services.idea_merge, idea=idea, into=into, note=data.validated_data["note"], actor=request.user)
        return self._fresh(idea.pk)

    @extend_schema(request=NoteIn, responses=IdeaOut)
    @action(detail=True, methods=["post"])
    def invite(self, request: Request, pk: str | None = None) -> Response:
        idea = self.get_object()
        data = NoteIn(data=request.data)
        data.is_valid(raise_exception=True)
        run(services.idea_invite, idea=idea, note=data.validated_data["note"], actor=request.user)
        return self._fresh(idea.pk)


def proposal_queryset(user: User) -> QuerySet[Proposal]:
    return (
        Proposal.objects.visible_to(user)
        .select_related("agreement", "theme")
        .prefetch_related(
            Prefetch("partners", queryset=ProposalPartner.objects.select_related("organisation"))
        )
        .order_by("-created_at", "id")
    )


@extend_schema_view(
    retrieve=extend_schema(responses=ProposalDetailOut),
    create=extend_schema(request=ProposalCreateIn, responses={201: ProposalDetailOut}),
    partial_update=extend_schema(
        request=ProposalUpdateIn,
        responses={200: ProposalDetailOut, 412: locking.STALE},
        parameters=[locking.IF_MATCH],
    ),
)
class ProposalViewSet(
    SignedIn, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    """Proposals the signed-in user may see (deny by default). Applicants of the lead and the partners
    create and edit drafts (and proposals returned for changes), validate and submit them."""

    serializer_class = ProposalOut
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Proposal]:
        if self.action == "list":
            return proposal_queryset(self.request.user)
        return proposal_for_checking(Proposal.objects.visible_to(self.request.user))

    def get_serializer_class(self) -> type[ProposalOut]:
        return ProposalOut if self.action == "list" else ProposalDetailOut

    def _fresh(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        proposal = proposal_for_checking(Proposal.objects.filter(pk=pk)).get()
        return Response(ProposalDetailOut(proposal).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ProposalCreateIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if "idea" in values:
            idea = get_object_or_404(Idea.objects.visible_to(self.request.user), pk=values["idea"])
            proposal = run(services.proposal_create_from_idea, idea=idea, actor=request.user)
        else:
            agreement = values["agreement"]
            theme = Theme.objects.filter(agreement=agreement, code=values["theme"]).first()
            if theme is None:
                raise ValidationError({"theme": "no such theme in the agreement"})
            proposal = run(
                services.proposal_create,
                agreement=agreement,
                theme=theme,
                title=values["title"],
                summary=values["summary"],
                lead=values["lead"],
                call=values.get("call"),
                actor=request.user,
            )
        return self._fresh(proposal.pk, status.HTTP_201_CREATED)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return locking.tagged(super().retrieve(request, *args, **kwargs), self.get_object())

    @extend_schema(
        request=ProposalUpdateIn,
        responses={200: ProposalDetailOut, 412: locking.STALE},
        parameters=[locking.IF_MATCH],
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        proposal = self.get_object()
        data = ProposalUpdateIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        edit = self._edit(proposal, dict(data.validated_data))
        try:
            run(
                editing.proposal_edit,
                proposal=proposal,
                actor=request.user,
                edit=edit,
                expected=locking.expected(request),
            )
        except editing.StaleEdit as stale:
            raise locking.PreconditionFailed(stale) from None
        return locking.tagged(self._fresh(proposal.pk), proposal)

    @extend_schema(
        request=ProposalUpdateIn,
        responses={200: ProposalDetailOut, 412: locking.STALE},
        parameters=[locking.IF_MATCH],
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    def _edit(self, proposal: Proposal, values: dict[str, Any]) -> editing.ProposalEdit:
        """The API's fields as one edit for pipeline.editing: names resolved, unknown ones refused (400)."""
        partners = values.pop("partners", None)
        budget = values.pop("budget_lines", None)
        financing = values.pop("financing_lines", None)
        targets = values.pop("indicator_targets", None)
        if "theme" in values:
            theme = Theme.objects.filter(agreement_id=proposal.agreement_id, code=values["theme"]).first()
            if theme is None:
                raise ValidationError({"theme": "no such theme in the agreement"})
            values["theme"] = theme
        if "methods" in values:
            methods = list(Method.objects.filter(code__in=values["methods"]))
            unknown_methods = sorted(set(values["methods"]) - {m.code for m in methods})
            if unknown_methods:
                raise ValidationError({"methods": [f"unknown method code {c!r}" for c in unknown_methods]})
            values["methods"] = methods
        if "test_environments" in values:
            from partners.models import TestEnvironment

            values["test_environments"] = known_ids(
                TestEnvironment, values["test_environments"], "test_environments"
            )
        if "adopting_cities" in values:
            values["adopting_cities"] = known_ids(Organisation, values["adopting_cities"], "adopting_cities")
        rows = None
        if targets is not None:
            codes = [t["indicator"] for t in targets]
            found = {
                i.code: i
                for i in Indicator.objects.filter(code__in=codes).order_by("agreement_id")
                if i.agreement_id in (None, proposal.agreement_id)
            }
            unknown = [c for c in codes if c not in found]
            if unknown:
                raise ValidationError({"indicator_targets": [f"no indicator {c!r}" for c in unknown]})
            rows = [(found[t["indicator"]], t["target"]) for t in targets]
        return editing.ProposalEdit(
            changes=values,
            partners=None
            if partners is None
            else [services.PartnerIn(p["organisation"], p["role"], p.get("tasks", "")) for p in partners],
            budget=None if budget is None else [(b["year"], b["category"], b["amount"]) for b in budget],
            financing=None
            if financing is None
            else [(f["source"], f.get("organisation"), f["amount"]) for f in financing],
            targets=rows,
        )

    @extend_schema(responses=ValidationOut)
    @action(detail=True, methods=["get"])
    def validate(self, request: Request, pk: str | None = None) -> Response:
        """Every problem that stops submitting, each saying what to fix."""
        from pipeline.validation import validate_proposal

        problems = validate_proposal(self.get_object())
        return Response({"valid": not problems, "problems": [p.as_dict() for p in problems]})

    @extend_schema(request=None, responses={200: ProposalDetailOut, 400: ValidationOut})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Validate and submit; refused with every problem, or frozen as the next numbered version."""
        proposal = self.get_object()
        try:
            services.proposal_submit(proposal=proposal, actor=self.request.user)
        except services.ProposalNotValid as refused:
            problems = [p.as_dict() for p in refused.problems]
            return Response({"valid": False, "problems": problems}, status=status.HTTP_400_BAD_REQUEST)
        except DjangoValidationError as error:
            # a refused step (e.g. the proposal is not a draft): the same shape as the problems above
            problems = (
                [
                    {
                        "field": field if field != NON_FIELD_ERRORS else "status",
                        "code": "refused",
                        "message": m,
                    }
                    for field, messages in error.message_dict.items()
                    for m in messages
                ]
                if hasattr(error, "error_dict")
                else [{"field": "status", "code": "refused", "message": m} for m in error.messages]
            )
            return Response({"valid": False, "problems": problems}, status=status.HTTP_400_BAD_REQUEST)
        return self._fresh(proposal.pk)

    @extend_schema(responses=VersionOut(many=True))
    @action(detail=True, methods=["get"])
    def versions(self, request: Request, pk: str | None = None) -> Response:
        """The submitted versions, paginated like every list (limit / offset)."""
        proposal = self.get_object()
        versions = proposal.versions.select_related("submitted_by").order_by("number")
        page = self.paginate_queryset(versions)
        return self.get_paginated_response(VersionOut(page, many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("version", int, description="compare this version with the one before")],
        responses=DiffOut,
    )
    @action(detail=True, methods=["get"])
    def diff(self, request: Request, pk: str | None = None) -> Response:
        proposal = self.get_object()
        try:
            number = int(request.query_params.get("version") or proposal.version)
        except ValueError:
            raise ValidationError({"version": "a version number"}) from None
        versions = {v.number: v for v in proposal.versions.filter(number__in=[number - 1, number])}
        if number not in versions or number - 1 not in versions:
            raise ValidationError({"version": f"versions {number - 1} and {number} do not both exist"})
        changes = diff(versions[number - 1].snapshot, versions[number].snapshot)
        return Response(
            DiffOut({"before": number - 1, "after": number, "changes": [c.as_dict() for c in changes]}).data
        )


def register(router: Any) -> None:
    router.register("calls", CallViewSet, basename="call")
    router.register("ideas", IdeaViewSet, basename="idea")
    router.register("proposals", ProposalViewSet, basename="proposal")
