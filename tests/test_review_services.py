"""Review services: criteria, assignment with conflict-of-interest refusal, scoring, the call summary."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from pipeline.models import Proposal, ProposalStatus
from review.models import ConflictDeclaration, Review, ReviewStatus
from review.selectors import call_summary
from review.services import ScoreIn, conflict_declare, criterion_save, review_assign, review_submit
from tests.pages_data import add_proposals
from tests.review_scenario import all_scores, build_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def s():
    return build_scenario(proposals=2)


def actions(obj) -> list[str]:
    return list(AuditEntry.objects.for_object(obj).order_by("at", "id").values_list("action", flat=True))


# --- criteria ---------------------------------------------------------------------------------------


def test_criterion_save__steering_group_member__creates_and_audits(s) -> None:
    # given a steering-group member; when they add a criterion
    criterion = criterion_save(
        call=s.call, name="Vaikuttavuus alueella", weight=Decimal("2.5"), actor=s.sg_helsinki
    )
    # then it is stored and the call's feed shows it
    assert criterion.weight == Decimal("2.5")
    assert "criterion.created" in actions(s.call)


def test_criterion_save__weight_change__audits_before_and_after(s) -> None:
    criterion = s.criteria[0]
    criterion_save(
        call=s.call,
        name=criterion.name,
        weight=Decimal("4"),
        order=0,
        criterion=criterion,
        actor=s.coordinator,
    )
    entry = AuditEntry.objects.for_object(s.call).get(action="criterion.changed")
    assert entry.before["weight"] == "3.00" and entry.after["weight"] == "4.00"


def test_criterion_save__reviewer_or_applicant__is_refused(s) -> None:
    for user in (s.reviewer, s.applicant, s.officer):
        with pytest.raises(PermissionDenied):
            criterion_save(call=s.call, name="X", weight=Decimal(1), actor=user)


def test_criterion_save__duplicate_name_or_zero_weight__says_which_field(s) -> None:
    with pytest.raises(ValidationError) as error:
        criterion_save(call=s.call, name="toteutettavuus", weight=Decimal(1), actor=s.coordinator)
    assert "name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        criterion_save(call=s.call, name="Uusi", weight=Decimal(0), actor=s.coordinator)
    assert "weight" in error.value.message_dict


# --- assignment -------------------------------------------------------------------------------------


def test_review_assign__coordinator__starts_review_notifies_and_audits(s) -> None:
    # given a submitted proposal; when the coordinator assigns a reviewer
    review_assign(proposal=s.proposal, reviewer=s.reviewer, actor=s.coordinator)
    # then the proposal is in review, both steps are on its feed
    s.proposal.refresh_from_db()
    assert s.proposal.status == ProposalStatus.IN_REVIEW
    assert {"review.assigned", "proposal.review_started"} <= set(actions(s.proposal))


def test_review_assign__notification__sent_on_commit(s, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        review_assign(proposal=s.proposal, reviewer=s.reviewer, actor=s.coordinator)
    assert [m.to for m in mail.outbox] == [[s.reviewer.email]]
    assert s.proposal.title in mail.outbox[0].subject


def test_review_assign__reviewer_from_lead_organisation__is_refused(s) -> None:
    # given a reviewer who acts for the lead partner; when assigned
    with pytest.raises(ValidationError) as error:
        review_assign(proposal=s.proposal, reviewer=s.reviewer_from_lead, actor=s.coordinator)
    # then the assignment is refused, naming the organisation, and nothing is written
    assert "Testiyliopisto" in str(error.value)
    assert not Review.objects.exists()
    s.proposal.refresh_from_db()
    assert s.proposal.status == ProposalStatus.SUBMITTED


def test_review_assign__declared_conflict__is_refused(s) -> None:
    conflict_declare(reviewer=s.reviewer, proposal=s.proposal, reason="Entinen työnantaja", actor=s.reviewer)
    with pytest.raises(ValidationError, match="Entinen työnantaja"):
        review_assign(proposal=s.proposal, reviewer=s.reviewer, actor=s.coordinator)
    assert "review.conflict_declared" in actions(s.proposal)


def test_review_assign__not_coordinator__is_refused(s) -> None:
    for user in (s.sg_helsinki, s.reviewer, s.applicant, s.officer, s.outsider):
        with pytest.raises(PermissionDenied):
            review_assign(proposal=s.proposal, reviewer=s.reviewer, actor=user)


def test_review_assign__user_without_reviewer_role__is_refused(s) -> None:
    with pytest.raises(ValidationError, match="eikä johtoryhmän jäsen"):
        review_assign(proposal=s.proposal, reviewer=s.applicant, actor=s.coordinator)


def test_review_assign__steering_group_member__may_review(s) -> None:
    review = review_assign(proposal=s.proposal, reviewer=s.sg_espoo, actor=s.coordinator)
    assert review.reviewer == s.sg_espoo


# --- scoring ----------------------------------------------------------------------------------------


def test_review_submit__all_criteria__submits_and_audits_scores(s) -> None:
    review = review_assign(proposal=s.proposal, reviewer=s.reviewer, actor=s.coordinator)
    review_submit(review=review, scores=all_scores(s, 4), actor=s.reviewer)
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED and review.scores.count() == len(s.criteria)
    entry = AuditEntry.objects.for_object(review).get(action="review.submitted")
    assert entry.after["TKI-vaikuttavuus"] == [4, "Hyvä"]
    # and the proposal's feed, which the applicants read, says only that a review was submitted
    assert AuditEntry.objects.for_object(s.proposal).get(action="review.submitted").after == {"submitted": 1}


def test_review_submit__changed_scores__audited_with_before(s) -> None:
    review = review_assign(proposal=s.proposal, reviewer=s.reviewer, actor=s.coordinator)
    review_submit(review=review, scores=all_scores(s, 4), actor=s.reviewer)
    review_submit(review=review, scores=all_scores(s, 2, "Heikompi"), actor=s.reviewer)
    entry = AuditEntry.objects.for_object(review).get(action="review.changed")
    assert entry.before["Toteutettavuus"] == [4, "Hyvä"] and entry.after["Toteutettavuus"] == [2, "Heikompi"]


def test_review_submit__missing_criterion_or_out_of_range__names_the_criterion(s) -> None:
    review = review_assign(proposal=s.proposal, reviewer=s.reviewer, actor=s.coordinator)
    scores = all_scores(s)
    del scores[s.criteria[0].pk]
    scores[s.criteria[1].pk] = ScoreIn(6)
    with pytest.raises(ValidationError) as error:
        review_submit(review=review, scores=scores, actor=s.reviewer)
    text = str(error.value)
    assert "TKI-vaikuttavuus" in text and "Liiketoimintapotentiaali" in text and "6" in text
    assert not review.scores.exists()


def test_review_submit__someone_else__is_refused(s) -> None:
    review = review_assign(proposal=s.proposal, reviewer=s.reviewer, actor=s.coordinator)
    for user in (s.coordinator, s.sg_helsinki, s.reviewer_from_lead):
        with pytest.raises(PermissionDenied):
            review_submit(review=review, scores=all_scores(s), actor=user)


def test_review_submit__reviewer_joined_consortium_organisation_later__is_refused(s) -> None:
    # given an assigned reviewer who later starts acting for the partner company
    from accounts.models import Role, RoleAssignment

    review = review_assign(proposal=s.proposal, reviewer=s.reviewer, actor=s.coordinator)
    RoleAssignment.objects.create(
        user=s.reviewer, role=Role.APPLICANT, agreement=s.p.agreement, organisation=s.p.company
    )
    # when they score; then the system refuses
    with pytest.raises(PermissionDenied, match="Kiertoratkaisut"):
        review_submit(review=review, scores=all_scores(s), actor=s.reviewer)


def test_conflict_declare__withdraws_the_assignment_with_its_scores(s) -> None:
    review = review_assign(proposal=s.proposal, reviewer=s.reviewer, actor=s.coordinator)
    review_submit(review=review, scores=all_scores(s), actor=s.reviewer)
    conflict_declare(
        reviewer=s.reviewer, proposal=s.proposal, reason="Sukulainen hankkeessa", actor=s.reviewer
    )
    assert not Review.objects.filter(pk=review.pk).exists()
    assert ConflictDeclaration.objects.get().reason == "Sukulainen hankkeessa"
    assert "review.withdrawn" in actions(s.proposal)


def test_conflict_declare__for_someone_else_by_non_coordinator__is_refused(s) -> None:
    with pytest.raises(PermissionDenied):
        conflict_declare(reviewer=s.reviewer, proposal=s.proposal, reason="x", actor=s.sg_espoo)


# --- summary ----------------------------------------------------------------------------------------


def test_call_summary__two_reviewers__weighted_spread_and_rank(s) -> None:
    # given two proposals, each scored by two reviewers: a lenient and a strict one
    first, second = s.p.proposals
    for proposal, (lenient, strict) in ((first, (5, 3)), (second, (4, 1))):
        for reviewer, value in ((s.reviewer, lenient), (s.sg_espoo, strict)):
            review = review_assign(proposal=proposal, reviewer=reviewer, actor=s.coordinator)
            review_submit(review=review, scores=all_scores(s, value), actor=reviewer)
    # when summarised
    summary = call_summary(s.call)
    # then the first proposal ranks first, with mean 4, range 3–5 and sd 1
    top = summary.rows[0]
    assert top.proposal == first and top.rank == 1
    assert (top.score.weighted, top.score.low, top.score.high, top.score.sd) == (4, 3, 5, 1)
    assert top.submitted == 2


def test_call_summary__query_count__does_not_grow(s, django_assert_num_queries) -> None:
    # given one scored proposal, then seven
    def score_all() -> None:
        for proposal in s.p.proposals:
            if not proposal.reviews.exists():
                review = review_assign(proposal=proposal, reviewer=s.reviewer, actor=s.coordinator)
                review_submit(review=review, scores=all_scores(s), actor=s.reviewer)

    score_all()
    with django_assert_num_queries(4):
        call_summary(s.call)
    add_proposals(s.p, 5)
    Proposal.objects.filter(call__isnull=True).update(call=s.call)
    score_all()
    # when summarised; then the same four queries
    with django_assert_num_queries(4):
        rows = call_summary(s.call).rows
    assert len(rows) == 7
