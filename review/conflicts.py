"""Conflicts of interest: the one rule for every decision a person or a city takes part in.

A person has a conflict of interest on a proposal when an organisation they act for (in any role) is in
its consortium, or when they (or the coordination team for them) declared one. A city has one when the
city itself is in the consortium. The rule is asked by every place where a person or a city takes part
in a decision on a proposal:

- reviews: assigning a reviewer (``review.services.review_assign``) and scoring (``review_submit``);
  the reviewer drop-down leaves conflicted people out (``conflicted_user_ids``);
- the steering group: a city's position on an agenda item (the city and the member who records it) and
  the decision recorded by the chair or the coordinator (``decisions.services``);
- funding decisions: the funding authority's official who records it (``projects.services``).

An override is possible only where someone else lets the conflicted person take part (the coordination
team assigning a reviewer whose organisation is in the consortium, say, for a separate unit of a large
city): it needs a reason, the named action ``conflict.override`` (``accounts.permissions``), and is
audited on the decision's object as ``conflict.overridden``. Nobody overrides their own conflict, and a city's
position on its own proposal is never overridden.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from accounts.models import RoleAssignment, User
from accounts.permissions import can
from audit.services import Actor, audit_record
from partners.models import Organisation
from review.models import ConflictDeclaration
from review.workflow import consortium_ids

if TYPE_CHECKING:
    from pipeline.models import Proposal

ORGANISATION = "organisation"  # an organisation the person acts for is in the consortium
DECLARED = "declared"  # the person declared a conflict (or the coordination team recorded one)
CITY = "city"  # the city is in the consortium


@dataclass(frozen=True)
class Conflict:
    """Why a person or a city may not take part in a decision on a proposal (a sentence for people)."""

    kind: str
    reason: str
    user_id: int | None = None
    city_id: int | None = None


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def of_person(user: User, proposal: Proposal) -> Conflict | None:
    """The person's conflict of interest on the proposal, or None."""
    clash = set(
        RoleAssignment.objects.filter(user=user, organisation__isnull=False).values_list(
            "organisation_id", flat=True
        )
    ) & consortium_ids(proposal)
    if clash:
        names = ", ".join(sorted(Organisation.objects.filter(pk__in=clash).values_list("name", flat=True)))
        return Conflict(
            kind=ORGANISATION,
            user_id=user.pk,
            reason=_("%(reviewer)s acts for %(organisations)s, which is in the consortium of the proposal.")
            % {"reviewer": _name(user), "organisations": names},
        )
    declared = ConflictDeclaration.objects.filter(reviewer=user, proposal=proposal).first()
    if declared is not None:
        return Conflict(
            kind=DECLARED,
            user_id=user.pk,
            reason=_("%(reviewer)s has declared a conflict of interest: %(reason)s")
            % {"reviewer": _name(user), "reason": declared.reason},
        )
    return None


def of_city(city_id: int, proposal: Proposal) -> Conflict | None:
    """The city's conflict of interest on the proposal (it is in the consortium), or None."""
    if city_id not in consortium_ids(proposal):
        return None
    name = Organisation.objects.filter(pk=city_id).values_list("name", flat=True).first() or ""
    return Conflict(
        kind=CITY,
        city_id=city_id,
        reason=_(
            "%(city)s is in the consortium of the proposal, so it cannot take a position on it "
            "(conflict of interest)."
        )
        % {"city": name},
    )


def conflicted_user_ids(proposal: Proposal, user_ids: Iterable[int]) -> set[int]:
    """Which of the people have a conflict of interest on the proposal, in two queries (for drop-downs)."""
    ids = set(user_ids)
    if not ids:
        return set()
    by_organisation = set(
        RoleAssignment.objects.filter(
            user_id__in=ids, organisation_id__in=consortium_ids(proposal)
        ).values_list("user_id", flat=True)
    )
    declared = set(
        ConflictDeclaration.objects.filter(proposal=proposal, reviewer_id__in=ids).values_list(
            "reviewer_id", flat=True
        )
    )
    return by_organisation | declared


@dataclass(frozen=True)
class Override:
    """A conflict of interest set aside for one decision, with its reason."""

    conflict: Conflict
    reason: str
    decision: str


def guard(
    *,
    conflict: Conflict | None,
    proposal: Proposal,
    actor: User,
    decision: str,
    field: str = "__all__",
    override_reason: str = "",
) -> Override | None:
    """Refuse the decision when there is a conflict, unless it is overridden: by someone allowed to
    (``conflict.override``), who is not the conflicted person, with a reason; a city's conflict is never
    overridden. Returns the override (None when there was no conflict), which the caller stores with
    ``record_override`` in its transaction."""
    if conflict is None:
        return None
    override_reason = (override_reason or "").strip()
    if conflict.kind == CITY:
        raise ValidationError({field: conflict.reason})
    if not override_reason:
        raise ValidationError({field: conflict.reason})
    if conflict.user_id == actor.pk:
        raise ValidationError(
            {"override_reason": _("Nobody overrides their own conflict of interest; another person decides.")}
        )
    allowed = can(actor, "conflict.override", proposal)
    if not allowed:
        raise ValidationError({"override_reason": allowed.reason})
    return Override(conflict=conflict, reason=override_reason, decision=decision)


def record_override(override: Override | None, *, actor: User, obj: Model) -> None:
    """Audit an override on the object of the decision (a review, say: not on the proposal, whose feed
    its applicants read)."""
    if override is None:
        return
    audit_record(
        actor=Actor(user=actor),
        action="conflict.overridden",
        obj=obj,
        after={
            "decision": override.decision,
            "conflict": override.conflict.reason,
            "reason": override.reason,
        },
        note=override.reason,
    )
