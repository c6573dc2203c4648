"""/api/v1/payment-claims/: a funded project's payment claims, as on the claims page
(``progress:claims``) and through the same services (``progress.services``).

- Who sees a claim: whoever sees the project's reports and claims (``progress.read``: the agreement's
  staff, the ministry, the consortium); any other claim is "not found" (404), as the API's other objects
  are looked up among those the user may read.
- The implementer (``progress.report``) files a claim: one fund, one of the project's reporting periods,
  an amount within what remains of the fund's approved financing. Filing is submitting: a claim has no
  draft; it waits for the funding authority's decision.
- The funding authority (``progress.decide_claim``) approves an amount up to the claimed one (zero refuses
  the claim; less than claimed is a cut and needs its reason) and records the payment (up to the approved
  amount, on a date not in the future; less than approved needs its reason). Both are audited.
- A claim is a locked object (``audit.locking``): every answer carries its ``ETag``; a decision may send
  ``If-Match`` and is refused with 412 when someone else has decided meanwhile.
- Refused input answers 400 in the problems shape of the proposals' submit: ``{"problems": [{"field",
  "code", "message"}]}``, one entry per field and reason, in the user's language.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ParseError
from rest_framework.exceptions import ValidationError as DrfValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import permissions as perm
from accounts.models import User
from api import locking
from api.auth import SignedIn
from api.pipeline import ProblemOut, _inline_enum
from api.strict import StrictIn
from progress import services
from progress.models import ClaimFund, ClaimStatus, PaymentClaim
from progress.selectors import claims_visible_to
from projects.models import Project

ClaimFundField = _inline_enum(ClaimFund, "the fund claimed from (STATE: the state co-funding)")
ClaimStatusField = _inline_enum(ClaimStatus, "claimed (awaiting the decision), approved or paid")
MAX_ID = 2**63 - 1


# --- serializers -----------------------------------------------------------------------------------------


class ClaimOut(serializers.ModelSerializer):
    fund = ClaimFundField(read_only=True)
    status = ClaimStatusField(read_only=True)
    claimed = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    approved = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, allow_null=True)
    paid = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, allow_null=True)
    approval_reason = serializers.CharField(read_only=True, help_text="why less than claimed was approved")
    payment_reason = serializers.CharField(read_only=True, help_text="why less than approved was paid")
    filed_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        read_only=True, slug_field="username"
    )
    approved_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        read_only=True, slug_field="username", allow_null=True
    )
    paid_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        read_only=True, slug_field="username", allow_null=True
    )

    class Meta:
        model = PaymentClaim
        fields = [
            "id", "project", "fund", "period_start", "period_end", "status", "claimed", "approved",
            "approval_reason", "paid", "paid_on", "payment_reason", "filed_at", "filed_by", "approved_at",
            "approved_by", "paid_by",
        ]  # fmt: skip
        read_only_fields = fields


class ClaimProblemsOut(serializers.Serializer):
    """400: what was refused, one entry per field and reason (the shape of a refused proposal submit)."""

    problems = ProblemOut(many=True)


class ClaimIn(StrictIn):
    project = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="the funded project's id")
    fund = ClaimFundField()
    period_start = serializers.DateField(help_text="the first day of one of the project's reporting periods")
    period_end = serializers.DateField(help_text="the last day of that period")
    claimed = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="euros, more than zero")


class ApproveIn(StrictIn):
    approved = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="euros, at most the claimed amount; 0 refuses the claim"
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="required when less than claimed is approved"
    )


class PayIn(StrictIn):
    paid = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="euros, at most the approved")
    paid_on = serializers.DateField(help_text="the date of payment, not in the future")
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="required when less than approved is paid"
    )


# --- the problems shape ------------------------------------------------------------------------------


class Refused(APIException):
    """400 in the problems shape."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"

    def __init__(self, problems: list[dict[str, str]]) -> None:
        super().__init__({"problems": problems})


def _flatten(detail: Any, field: str = "") -> Iterator[dict[str, str]]:
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = str(key)
            if name in (NON_FIELD_ERRORS, "non_field_errors", "detail"):
                name = ""
            yield from _flatten(value, f"{field}.{name}" if field and name else (name or field))
    elif isinstance(detail, list):
        for item in detail:
            yield from _flatten(item, field)
    else:
        code = getattr(detail, "code", None) or "invalid"
        yield {"field": field or "claim", "code": str(code), "message": str(detail)}


def problems_of(error: DjangoValidationError | DrfValidationError | ParseError) -> list[dict[str, str]]:
    if isinstance(error, DjangoValidationError):
        detail: Any = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        return [{**p, "code": "refused"} for p in _flatten(detail)]
    if isinstance(error, ParseError):
        return [{"field": "body", "code": "parse_error", "message": str(error.detail)}]
    return list(_flatten(error.detail))


def _input(serializer: type[StrictIn], request: Request) -> dict[str, Any]:
    try:
        data = serializer(data=request.data)
        data.is_valid(raise_exception=True)
    except (DrfValidationError, ParseError) as error:
        raise Refused(problems_of(error)) from None
    return dict(data.validated_data)


@contextmanager
def _refusals() -> Iterator[None]:
    """A service's ValidationError as a 400 in the problems shape."""
    try:
        yield
    except DjangoValidationError as error:
        raise Refused(problems_of(error)) from None


PROBLEMS = OpenApiResponse(ClaimProblemsOut, description="the input was refused: every field and reason")


def _tagged(claim: PaymentClaim, code: int = status.HTTP_200_OK) -> Response:
    fresh = PaymentClaim.objects.select_related("filed_by", "approved_by", "paid_by").get(pk=claim.pk)
    return locking.tagged(Response(ClaimOut(fresh).data, status=code), fresh)


# --- the view set ------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("project", int, description="only this project's claims")],
        responses=ClaimOut(many=True),
    ),
    retrieve=extend_schema(responses={200: ClaimOut}),
    create=extend_schema(
        request=ClaimIn,
        responses={201: ClaimOut, 400: PROBLEMS},
        description="The implementer files (and so submits) a claim for one fund and one reporting period.",
    ),
)
class PaymentClaimViewSet(
    SignedIn, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):  # fmt: skip
    """Payment claims of funded projects: the consortium, the agreement's staff and the ministry read; the
    implementer files; the funding authority approves (a cut with its reason) and records the payment."""

    serializer_class = ClaimOut
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[PaymentClaim]:
        return PaymentClaim.objects.filter(project__is_historical=False).select_related(
            "project", "filed_by", "approved_by", "paid_by"
        )

    def get_object(self) -> PaymentClaim:
        """The claim, if the user sees the project's claims; any other claim is not found (404), as the
        API's other objects are looked up among those the user may read."""
        claim: PaymentClaim = super().get_object()
        if not perm.can(self.request.user, "progress.read", services.progress_target(claim.project)):
            raise Http404("no such payment claim")
        return claim

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        claims = claims_visible_to(self.request.user)
        project = request.query_params.get("project")
        if project is not None:
            claims = [c for c in claims if str(c.project_id) == project]
        page = self.paginate_queryset(claims)  # DRF paginates any sequence
        return self.get_paginated_response(ClaimOut(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return _tagged(self.get_object())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        values = _input(ClaimIn, request)
        project = Project.objects.filter(pk=values["project"], is_historical=False).first()
        if project is None:
            raise Http404("no such funded project")
        perm.require(request.user, "progress.read", services.progress_target(project))
        with _refusals():
            claim = services.claim_file(
                project=project,
                fund=values["fund"],
                period_start=values["period_start"],
                period_end=values["period_end"],
                claimed=values["claimed"],
                actor=self.request.user,
            )
        return _tagged(claim, status.HTTP_201_CREATED)

    @extend_schema(
        request=ApproveIn,
        responses={200: ClaimOut, 400: PROBLEMS, 412: locking.STALE},
        parameters=[locking.IF_MATCH],
        description="The funding authority approves an amount up to the claimed; less is a cut and needs "
        "its reason; 0 refuses the claim.",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        claim = self.get_object()
        values = _input(ApproveIn, request)
        with _refusals(), locking.editing(request, claim) as locked:
            services.claim_approve(
                claim=locked, approved=values["approved"], actor=self.request.user, reason=values["reason"]
            )
        return _tagged(claim)

    @extend_schema(
        request=PayIn,
        responses={200: ClaimOut, 400: PROBLEMS, 412: locking.STALE},
        parameters=[locking.IF_MATCH],
        description="The funding authority records the payment of an approved claim.",
    )
    @action(detail=True, methods=["post"])
    def pay(self, request: Request, pk: str | None = None) -> Response:
        claim = self.get_object()
        values = _input(PayIn, request)
        with _refusals(), locking.editing(request, claim) as locked:
            services.claim_pay(
                claim=locked,
                paid=values["paid"],
                paid_on=values["paid_on"],
                actor=self.request.user,
                reason=values["reason"],
            )
        return _tagged(claim)


def register(router: Any) -> None:
    router.register("payment-claims", PaymentClaimViewSet, basename="payment-claim")
