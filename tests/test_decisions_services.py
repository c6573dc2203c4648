"""Steering-group decisions: meetings, agenda, the cities' positions and the decision on a proposal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from decisions.models import CityPosition, Outcome, Position
from decisions.services import agenda_add, agenda_decide, city_position_record, meeting_create
from pipeline.models import ProposalStatus
from review.services import review_assign
from tests.review_scenario import build_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def s():
    scenario = build_scenario()
    review_assign(proposal=scenario.proposal, reviewer=scenario.reviewer, actor=scenario.coordinator)
    scenario.proposal.refresh_from_db()
    return scenario


@pytest.fixture
def meeting(s):
    return meeting_create(
        agreement=s.p.agreement,
        date=dt.date(2025, 2, 12),
        place="Helsingin kaupungintalo",
        chair=s.sg_helsinki,
        attendees=[s.sg_helsinki, s.sg_espoo, s.coordinator],
        actor=s.coordinator,
    )


def test_meeting_create__outsider_as_attendee__is_refused_naming_them(s) -> None:
    with pytest.raises(ValidationError, match="hakija"):
        meeting_create(
            agreement=s.p.agreement, date=dt.date(2025, 2, 12), attendees=[s.applicant], actor=s.coordinator
        )


def test_meeting_create__applicant_or_reviewer__is_refused(s) -> None:
    for user in (s.applicant, s.reviewer, s.officer, s.outsider):
        with pytest.raises(PermissionDenied):
            meeting_create(agreement=s.p.agreement, date=dt.date(2025, 2, 12), actor=user)


def test_agenda_add__proposal_not_in_review__is_refused(s, meeting) -> None:
    from tests.pages_data import add_proposals

    (draft,) = add_proposals(s.p, 1, status=ProposalStatus.DRAFT)
    with pytest.raises(ValidationError, match="arvioitavana olevan"):
        agenda_add(meeting=meeting, proposal=draft, actor=s.coordinator)


def test_city_position__member_records_own_city__audited(s, meeting) -> None:
    # given the proposal on the agenda
    item = agenda_add(meeting=meeting, proposal=s.proposal, actor=s.coordinator)
    # when the Espoo member records Espoo's position, then changes it
    city_position_record(item=item, position=Position.SUPPORTS, comment="Hyvä", actor=s.sg_espoo)
    city_position_record(item=item, position=Position.ABSTAINS, comment="Jäävi", actor=s.sg_espoo)
    # then one position of Espoo, with the change in the proposal's feed
    position = CityPosition.objects.get()
    assert (position.city, position.position) == (s.p.cities[1], Position.ABSTAINS)
    entries = AuditEntry.objects.for_object(s.proposal).filter(action="decision.city_position").order_by("id")
    assert entries.last().before == {"position": "supports", "comment": "Hyvä"}


def test_city_position__coordinator_or_reviewer__is_refused(s, meeting) -> None:
    item = agenda_add(meeting=meeting, proposal=s.proposal, actor=s.coordinator)
    for user in (s.coordinator, s.reviewer, s.applicant):
        with pytest.raises(PermissionDenied):
            city_position_record(item=item, position=Position.SUPPORTS, actor=user)


def test_agenda_decide__chair_presents__proposal_presented_applicants_notified(
    s, meeting, django_capture_on_commit_callbacks
) -> None:
    # given the proposal on the agenda with both cities' positions
    item = agenda_add(meeting=meeting, proposal=s.proposal, actor=s.coordinator)
    city_position_record(item=item, position=Position.SUPPORTS, actor=s.sg_helsinki)
    city_position_record(
        item=item, position=Position.SUPPORTS, comment="Espoo tarjoaa alustan", actor=s.sg_espoo
    )
    # when the chair records the decision to present it
    with django_capture_on_commit_callbacks(execute=True):
        agenda_decide(
            item=item, outcome=Outcome.PRESENT, rationale="Vahva kaupunkien käyttöönotto", actor=s.sg_helsinki
        )
    # then the proposal is presented, the decision and positions are audited, the applicant is told
    s.proposal.refresh_from_db()
    assert s.proposal.status == ProposalStatus.PRESENTED
    entry = AuditEntry.objects.for_object(s.proposal).get(action="decision.made")
    assert entry.after["positions"] == {"Helsingin kaupunki": "supports", "Espoon kaupunki": "supports"}
    assert "proposal.presented" in AuditEntry.objects.for_object(s.proposal).values_list("action", flat=True)
    assert [m.to for m in mail.outbox] == [[s.applicant.email]]


def test_agenda_decide__twice__is_refused_and_positions_frozen(s, meeting) -> None:
    item = agenda_add(meeting=meeting, proposal=s.proposal, actor=s.coordinator)
    agenda_decide(item=item, outcome=Outcome.RETURN, rationale="Budjetti epäselvä", actor=s.sg_helsinki)
    s.proposal.refresh_from_db()
    assert s.proposal.status == ProposalStatus.RETURNED
    with pytest.raises(ValidationError, match="on jo kirjattu"):
        agenda_decide(item=item, outcome=Outcome.PRESENT, rationale="x", actor=s.sg_helsinki)
    with pytest.raises(ValidationError, match="ei voi enää muuttaa"):
        city_position_record(item=item, position=Position.OPPOSES, actor=s.sg_espoo)


def test_agenda_decide__member_who_is_not_chair__is_refused(s, meeting) -> None:
    item = agenda_add(meeting=meeting, proposal=s.proposal, actor=s.coordinator)
    for user in (s.sg_espoo, s.reviewer, s.applicant, s.officer):
        with pytest.raises(PermissionDenied):
            agenda_decide(item=item, outcome=Outcome.REJECT, rationale="x", actor=user)
    s.proposal.refresh_from_db()
    assert s.proposal.status == ProposalStatus.IN_REVIEW


def test_agenda_decide__no_rationale__is_refused(s, meeting) -> None:
    item = agenda_add(meeting=meeting, proposal=s.proposal, actor=s.coordinator)
    with pytest.raises(ValidationError) as error:
        agenda_decide(item=item, outcome=Outcome.REJECT, rationale="  ", actor=s.sg_helsinki)
    assert "rationale" in error.value.message_dict
