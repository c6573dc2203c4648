"""A proposal's dates follow its programme period's own dates: it starts within the period's years and
ends at the latest on the period's last eligible date (31.12.2029 for 2021–2027, Regulation (EU)
2021/1060 Art. 63), not in the period's last year."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from pipeline.models import Proposal, ProposalStatus
from pipeline.validation import proposal_for_checking, validate_proposal
from tests.pages_data import add_proposals, build_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal() -> Proposal:
    (proposal,) = add_proposals(build_agreement(), 1, status=ProposalStatus.DRAFT)
    return proposal


def date_problems(proposal: Proposal, start: dt.date, end: dt.date) -> set[tuple[str, str]]:
    Proposal.objects.filter(pk=proposal.pk).update(start_date=start, end_date=end)
    proposal = proposal_for_checking(Proposal.objects.filter(pk=proposal.pk)).get()
    with translation.override("fi"):
        problems = validate_proposal(proposal)
    return {
        (problem.field, problem.code) for problem in problems if problem.field in ("start_date", "end_date")
    }


def test_end_date__after_the_last_year_but_within_last_eligible_date__accepted(proposal: Proposal) -> None:
    # given the period 2021–2027 whose expenditure is eligible until 31.12.2029
    # when a proposal ends on 31.12.2028 or on 31.12.2029 itself, then no date problem
    assert date_problems(proposal, dt.date(2025, 1, 1), dt.date(2028, 12, 31)) == set()
    assert date_problems(proposal, dt.date(2025, 1, 1), dt.date(2029, 12, 31)) == set()


def test_end_date__after_last_eligible_date__refused_by_that_rule(proposal: Proposal) -> None:
    assert date_problems(proposal, dt.date(2025, 1, 1), dt.date(2030, 1, 1)) == {
        ("end_date", "after_last_eligible_date")
    }


def test_dates__before_the_period_or_start_after_its_years__refused(proposal: Proposal) -> None:
    assert date_problems(proposal, dt.date(2020, 1, 1), dt.date(2020, 12, 31)) == {
        ("start_date", "outside_period"),
        ("end_date", "outside_period"),
    }
    assert date_problems(proposal, dt.date(2028, 1, 1), dt.date(2028, 12, 31)) == {
        ("start_date", "outside_period")
    }
