"""Writes of steering-group meetings: the meeting, its agenda, each city's position and the decision on
each proposal. The decision moves the proposal through the pipeline's workflow and tells the applicants."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import require
from accounts.models import User
from accounts.notifications import Event, notify
from accounts.permissions import can, organisations_for
from audit.services import Actor, audit_record
from decisions.models import AgendaItem, CityPosition, Meeting, Outcome, Position
from pipeline.models import Proposal, ProposalStatus
from programme.models import Agreement, AgreementParty, PartyRole
from review import conflicts
from review.workflow import applicants_of, move_proposal

OUTCOME_STATUS: dict[str, ProposalStatus] = {
    Outcome.PRESENT: ProposalStatus.PRESENTED,
    Outcome.RETURN: ProposalStatus.RETURNED,
    Outcome.REJECT: ProposalStatus.REJECTED,
}


def can_see_meetings(user: User, agreement_id: int) -> bool:
    return bool(can(user, "meeting.read", agreement_id))


def can_prepare(user: User, agreement_id: int) -> bool:
    """Create meetings and set their agenda: the coordination team and the steering group."""
    return bool(can(user, "meeting.prepare", agreement_id))


def can_decide(user: User, meeting: Meeting) -> bool:
    """Record the decisions: the coordinator (``meeting.record``) or the meeting's chair."""
    return bool(can(user, "meeting.record", meeting.agreement_id)) or (
        meeting.chair_id is not None and meeting.chair_id == user.pk
    )


def city_of(user: User, agreement_id: int | None) -> int | None:
    """The city a steering-group member states positions for in this agreement (``meeting.city_position``)."""
    cities = sorted(organisations_for(user, "meeting.city_position", agreement_id))
    return cities[0] if cities else None


def cities_of(agreement: Agreement) -> list:
    return [
        party.organisation
        for party in AgreementParty.objects.filter(agreement=agreement, role=PartyRole.CITY)
        .select_related("organisation")
        .order_by("organisation__name")
    ]


@transaction.atomic
def meeting_create(
    *,
    agreement: Agreement,
    date: dt.date,
    place: str = "",
    chair: User | None = None,
    attendees: Iterable[User] = (),
    actor: User,
) -> Meeting:
    require(
        can_prepare(actor, agreement.pk),
        _("Only the coordination team or the steering group calls a meeting."),
    )
    attendees = list(attendees)
    strangers = [u.get_username() for u in attendees if not can(u, "meeting.attend", agreement.pk)]
    if strangers:
        raise ValidationError(
            {
                "attendees": _(
                    "Not in the steering group or the coordination team of this agreement: %(users)s"
                )
                % {"users": ", ".join(sorted(strangers))}
            }
        )
    if chair is not None and not can(chair, "meeting.chair", agreement.pk):
        raise ValidationError({"chair": _("The chair must be a steering-group member or a coordinator.")})
    meeting = Meeting.objects.create(
        agreement=agreement, date=date, place=place, chair=chair, created_by=actor
    )
    meeting.attendees.set(attendees)
    audit_record(
        actor=Actor(user=actor),
        action="meeting.created",
        obj=meeting,
        after={
            "date": date.isoformat(),
            "place": place,
            "chair": chair.get_username() if chair else "",
            "attendees": sorted(u.get_username() for u in attendees),
        },
    )
    return meeting


@transaction.atomic
def agenda_add(*, meeting: Meeting, proposal: Proposal, actor: User) -> AgendaItem:
    require(
        can_prepare(actor, meeting.agreement_id),
        _("Only the coordination team or the steering group sets the agenda."),
    )
    if proposal.agreement_id != meeting.agreement_id:
        raise ValidationError({"proposal": _("The proposal belongs to another agreement.")})
    if proposal.status != ProposalStatus.IN_REVIEW:
        raise ValidationError(
            {
                "proposal": _("Only a proposal in review can be put on the agenda; this one is “%(status)s”.")
                % {"status": proposal.get_status_display()}
            }
        )
    if AgendaItem.objects.filter(meeting=meeting, proposal=proposal).exists():
        raise ValidationError({"proposal": _("The proposal is already on the agenda.")})
    order = AgendaItem.objects.filter(meeting=meeting).count() + 1
    item = AgendaItem.objects.create(meeting=meeting, proposal=proposal, order=order)
    audit_record(
        actor=Actor(user=actor),
        action="meeting.agenda_added",
        obj=meeting,
        after={"proposal": proposal.title},
    )
    audit_record(
        actor=Actor(user=actor),
        action="meeting.agenda_added",
        obj=proposal,
        after={"meeting": meeting.date.isoformat()},
    )
    return item


def position_conflict(*, item: AgendaItem, city_id: int, actor: User) -> conflicts.Conflict | None:
    """Why the city's position on the item cannot be recorded by the member: the city is in the
    proposal's consortium, or the member has a conflict of interest (``review.conflicts``)."""
    return conflicts.of_city(city_id, item.proposal) or conflicts.of_person(actor, item.proposal)


def decision_conflict(*, item: AgendaItem, actor: User) -> conflicts.Conflict | None:
    """Why the person cannot record the steering group's decision on the item (``review.conflicts``)."""
    return conflicts.of_person(actor, item.proposal)


@transaction.atomic
def city_position_record(*, item: AgendaItem, position: str, comment: str = "", actor: User) -> CityPosition:
    """A steering-group member records their own city's position on an agenda item, before the decision.
    A city in the proposal's consortium, or a member with a conflict of interest, records none."""
    meeting = item.meeting
    city_id = city_of(actor, meeting.agreement_id)
    if city_id is None:
        raise PermissionDenied(
            _("Only a steering-group member sitting for a city records the city's position.")
        )
    cities = {c.pk: c for c in cities_of(meeting.agreement)}
    require(city_id in cities, _("Your city is not a party to this agreement."))
    if position not in Position.values:
        raise ValidationError({"position": _("Choose supports, opposes or abstains.")})
    item = AgendaItem.objects.select_for_update(of=("self",)).select_related("proposal").get(pk=item.pk)
    conflicts.guard(
        conflict=position_conflict(item=item, city_id=city_id, actor=actor),
        proposal=item.proposal,
        actor=actor,
        decision="decision.city_position",
        field="position",
    )
    if item.is_decided:
        raise ValidationError(
            _("The decision has been recorded; the cities' positions can no longer change.")
        )
    existing = CityPosition.objects.filter(item=item, city_id=city_id).first()
    before = {"position": existing.position, "comment": existing.comment} if existing else {}
    if existing is None:
        record = CityPosition.objects.create(
            item=item, city_id=city_id, position=position, comment=comment.strip(), recorded_by=actor
        )
    else:
        existing.position, existing.comment, existing.recorded_by = position, comment.strip(), actor
        existing.save(update_fields=["position", "comment", "recorded_by", "recorded_at"])
        record = existing
    audit_record(
        actor=Actor(user=actor),
        action="decision.city_position",
        obj=item.proposal,
        before=before,
        after={"city": cities[city_id].name, "position": position, "comment": comment.strip()},
    )
    return record


@transaction.atomic
def agenda_decide(*, item: AgendaItem, outcome: str, rationale: str, actor: User) -> AgendaItem:
    """Record the steering group's decision on a proposal and apply it: present, return or reject."""
    item = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting", "proposal")
        .get(pk=item.pk)
    )
    meeting = item.meeting
    require(
        can_decide(actor, meeting), _("Only the coordinator or the meeting's chair records the decision.")
    )
    if outcome not in OUTCOME_STATUS:
        raise ValidationError({"outcome": _("Choose present, return for changes or reject.")})
    rationale = rationale.strip()
    if not rationale:
        raise ValidationError({"rationale": _("Give the rationale of the decision.")})
    if item.is_decided:
        raise ValidationError(_("The decision on this proposal has already been recorded."))
    conflicts.guard(
        conflict=decision_conflict(item=item, actor=actor),
        proposal=item.proposal,
        actor=actor,
        decision="decision.made",
        field="outcome",
    )
    proposal = item.proposal
    move_proposal(proposal=proposal, to_status=OUTCOME_STATUS[outcome], actor=actor, note=rationale)
    item.outcome, item.rationale, item.decided_by, item.decided_at = outcome, rationale, actor, timezone.now()
    item.save(update_fields=["outcome", "rationale", "decided_by", "decided_at"])
    positions = {p.city.name: p.position for p in item.positions.select_related("city")}
    after = {
        "outcome": outcome,
        "rationale": rationale,
        "meeting": meeting.date.isoformat(),
        "positions": positions,
    }
    audit_record(actor=Actor(user=actor), action="decision.made", obj=proposal, after=after)
    audit_record(
        actor=Actor(user=actor),
        action="decision.made",
        obj=meeting,
        after={"proposal": proposal.title, **after},
    )
    notify(
        event=Event.DECISION_MADE,
        to=applicants_of(proposal),
        obj=proposal,
        url=lambda: reverse("pipeline:proposal_detail", args=[proposal.pk]),
        context={"outcome": Outcome(outcome).label, "rationale": rationale},
    )
    return item
