"""Conflicts of interest (review.conflicts): one rule for reviews, the steering group's positions and
decisions, and funding decisions; conflicted people are not offered; an override needs a reason, the
coordination team's permission, and is audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from decisions.models import CityPosition, Outcome, Position
from decisions.services import agenda_add, agenda_decide, city_position_record, meeting_create
from pipeline.models import ProposalPartner, ProposalStatus
from projects.models import Project
from projects.services import funding_decision_record
from review import conflicts
from review.models import Review
from review.services import ScoreIn, conflict_declare, review_assign, review_submit
from tests.review_scenario import build_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def s():
    return build_scenario()


def espoo_joins_consortium(s) -> None:
    ProposalPartner.objects.create(proposal=s.proposal, organisation=s.p.cities[1], role="partner")


# --- the rule ---------------------------------------------------------------------------------------


def test_of_person__organisation_in_consortium_or_declared__conflict_else_none(s) -> None:
    assert conflicts.of_person(s.reviewer, s.proposal) is None
    assert conflicts.of_person(s.reviewer_from_lead, s.proposal).kind == conflicts.ORGANISATION
    conflict_declare(reviewer=s.reviewer, proposal=s.proposal, reason="Entinen työnantaja", actor=s.reviewer)
    declared = conflicts.of_person(s.reviewer, s.proposal)
    assert declared.kind == conflicts.DECLARED and "Entinen työnantaja" in declared.reason


def test_conflicted_user_ids__matches_of_person_for_everyone(s) -> None:
    # given a declared conflict and a reviewer from the lead partner
    conflict_declare(
        reviewer=s.sg_helsinki, proposal=s.proposal, reason="Puoliso hankkeessa", actor=s.coordinator
    )
    people = [s.reviewer, s.reviewer_from_lead, s.sg_helsinki, s.sg_espoo, s.officer, s.applicant]
    # then the batch answer (for drop-downs) is the rule applied one by one
    expected = {u.pk for u in people if conflicts.of_person(u, s.proposal) is not None}
    assert conflicts.conflicted_user_ids(s.proposal, [u.pk for u in people]) == expected
    assert expected == {s.reviewer_from_lead.pk, s.sg_helsinki.pk, s.applicant.pk}


# --- reviews: override with a reason, audited -------------------------------------------------------


def test_review_assign__override_without_reason__is_refused_naming_the_conflict(s) -> None:
    with pytest.raises(ValidationError, match="Testiyliopisto"):
        review_assign(
            proposal=s.proposal, reviewer=s.reviewer_from_lead, actor=s.coordinator, override_reason=" "
        )
    assert not Review.objects.exists()


def test_review_assign__override_with_reason__assigns_audits_and_lets_them_score(s) -> None:
    # when the coordinator overrides the organisation's conflict with a reason
    review = review_assign(
        proposal=s.proposal,
        reviewer=s.reviewer_from_lead,
        actor=s.coordinator,
        override_reason="Eri tiedekunta, ei yhteyttä hankkeeseen",
    )
    # then the review keeps the reason and the override is audited on the review (not the proposal's feed)
    assert review.conflict_override == "Eri tiedekunta, ei yhteyttä hankkeeseen"
    entry = AuditEntry.objects.for_object(review).get(action="conflict.overridden")
    assert entry.after["reason"] == "Eri tiedekunta, ei yhteyttä hankkeeseen"
    assert "Testiyliopisto" in entry.after["conflict"]
    assert not AuditEntry.objects.for_object(s.proposal).filter(action="conflict.overridden").exists()
    # and the reviewer can score it
    s.proposal.refresh_from_db()
    review_submit(review=review, scores={c.pk: ScoreIn(3) for c in s.criteria}, actor=s.reviewer_from_lead)


def test_review_assign__override_by_non_coordinator_or_self__is_refused(s) -> None:
    from tests.factories import UserFactory

    # a coordinator who acts for the university cannot override their own conflict
    own = UserFactory.with_role(
        "coordinator", agreement=s.p.agreement, organisation=s.p.university, password="!"
    )
    from accounts.models import Role, RoleAssignment

    RoleAssignment.objects.create(user=own, role=Role.REVIEWER, agreement=s.p.agreement)
    with pytest.raises(ValidationError) as error:
        review_assign(proposal=s.proposal, reviewer=own, actor=own, override_reason="Minä vain")
    assert "override_reason" in error.value.message_dict
    assert not Review.objects.exists()


# --- steering group ---------------------------------------------------------------------------------


@pytest.fixture
def item(s):
    review_assign(proposal=s.proposal, reviewer=s.reviewer, actor=s.coordinator)
    s.proposal.refresh_from_db()
    meeting = meeting_create(
        agreement=s.p.agreement,
        date=dt.date(2025, 2, 12),
        chair=s.sg_helsinki,
        attendees=[s.sg_helsinki, s.sg_espoo],
        actor=s.coordinator,
    )
    return agenda_add(meeting=meeting, proposal=s.proposal, actor=s.coordinator)


def test_city_position__city_in_consortium__is_refused_even_with_a_reason(s, item) -> None:
    # given Espoo is a partner of the proposal; when Espoo's member records a position
    espoo_joins_consortium(s)
    with pytest.raises(ValidationError, match="Espoon kaupunki"):
        city_position_record(item=item, position=Position.SUPPORTS, actor=s.sg_espoo)
    # then nothing is written; Helsinki still records its position
    assert not CityPosition.objects.exists()
    city_position_record(item=item, position=Position.SUPPORTS, actor=s.sg_helsinki)


def test_city_position__member_declared_conflict__is_refused(s, item) -> None:
    conflict_declare(reviewer=s.sg_espoo, proposal=s.proposal, reason="Osakkaana yhtiössä", actor=s.sg_espoo)
    with pytest.raises(ValidationError, match="Osakkaana yhtiössä"):
        city_position_record(item=item, position=Position.OPPOSES, actor=s.sg_espoo)
    assert not CityPosition.objects.exists()


def test_agenda_decide__conflicted_chair__is_refused_coordinator_records_instead(s, item) -> None:
    conflict_declare(reviewer=s.sg_helsinki, proposal=s.proposal, reason="Johtoryhmässä", actor=s.coordinator)
    with pytest.raises(ValidationError, match="Johtoryhmässä"):
        agenda_decide(item=item, outcome=Outcome.PRESENT, rationale="Hyvä", actor=s.sg_helsinki)
    s.proposal.refresh_from_db()
    assert s.proposal.status == ProposalStatus.IN_REVIEW
    agenda_decide(item=item, outcome=Outcome.PRESENT, rationale="Hyvä", actor=s.coordinator)


def test_meeting_page__conflicted_city__gets_the_reason_not_the_form(s, item, client) -> None:
    espoo_joins_consortium(s)
    client.force_login(s.sg_espoo)
    response = client.get(reverse("decisions:meeting_detail", args=[item.meeting_id]))
    (row,) = response.context["rows"]
    assert row["position_conflict"].kind == conflicts.CITY
    html = response.content.decode()
    assert row["position_conflict"].reason in html
    assert 'name="action" value="position"' not in html
    client.force_login(s.sg_helsinki)
    html = client.get(reverse("decisions:meeting_detail", args=[item.meeting_id])).content.decode()
    assert 'name="action" value="position"' in html


# --- funding decisions ------------------------------------------------------------------------------


def test_funding_decision__official_with_declared_conflict__is_refused() -> None:
    s = build_scenario(status=ProposalStatus.PRESENTED)
    conflict_declare(reviewer=s.officer, proposal=s.proposal, reason="Sukulainen hakijalla", actor=s.officer)
    with pytest.raises(ValidationError, match="Sukulainen hakijalla"):
        funding_decision_record(
            proposal=s.proposal,
            decided_on=dt.date(2025, 3, 3),
            eura_code="A81234",
            granted={"ERDF": Decimal("77000.00"), "STATE": Decimal("38500.00")},
            actor=s.officer,
        )
    assert not Project.objects.exists()


# --- the reviewer drop-down -------------------------------------------------------------------------


def test_reviewer_dropdown__conflicted_people_not_offered_but_listed_for_override(s, client) -> None:
    conflict_declare(reviewer=s.sg_espoo, proposal=s.proposal, reason="Osakkaana yhtiössä", actor=s.sg_espoo)
    client.force_login(s.coordinator)
    response = client.get(reverse("review:proposal_reviews", args=[s.proposal.pk]))
    assign = list(response.context["assign_form"].fields["reviewer"].queryset)
    override = list(response.context["override_form"].fields["reviewer"].queryset)
    assert s.reviewer in assign and s.sg_helsinki in assign
    assert s.sg_espoo not in assign and s.reviewer_from_lead not in assign
    assert set(override) == {s.sg_espoo, s.reviewer_from_lead}


def test_reviewer_page__override_form_without_reason__400_and_nothing_written(s, client) -> None:
    client.force_login(s.coordinator)
    url = reverse("review:proposal_reviews", args=[s.proposal.pk])
    response = client.post(
        url, {"override-reviewer": s.reviewer_from_lead.pk, "override-override_reason": ""}
    )
    assert response.status_code == 400
    assert not Review.objects.exists()
    response = client.post(
        url, {"override-reviewer": s.reviewer_from_lead.pk, "override-override_reason": "Eri tiedekunta"}
    )
    assert response.status_code == 302
    assert Review.objects.get().conflict_override == "Eri tiedekunta"
