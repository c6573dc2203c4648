"""Funding decisions (the project and its approved plan) and change requests to an approved plan.

The scenario's proposal: eligible costs 192 500,00 € (personnel 100 000 + 50 000, services 20 000 in
2025, 15 % indirect costs), financed ERDF 77 000, STATE 38 500, own (the university) 77 000."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from pipeline.models import ProposalStatus
from projects.models import ChangeRequestKind, ChangeRequestStatus, Project
from projects.services import change_request_create, change_request_decide, funding_decision_record
from tests.review_scenario import build_scenario

pytestmark = pytest.mark.django_db


D = Decimal
AS_APPLIED = {"ERDF": D("77000.00"), "STATE": D("38500.00")}


@pytest.fixture
def s():
    return build_scenario(status=ProposalStatus.PRESENTED)


def decide(s, **kwargs):
    values = {
        "decided_on": dt.date(2025, 3, 3),
        "eura_code": "A81234",
        "granted": AS_APPLIED,
        "actor": s.officer,
    }
    return funding_decision_record(proposal=s.proposal, **{**values, **kwargs})


def budget_of(project):
    return {(b.year, b.category): b.amount for b in project.budget_lines.all()}


def financing_of(project):
    return {f.source: f.amount for f in project.financing_lines.all()}


def test_funding_decision__as_applied__creates_project_with_approved_plan(
    s, django_capture_on_commit_callbacks
) -> None:
    # given a presented proposal; when the officer grants what was applied for
    with django_capture_on_commit_callbacks(execute=True):
        project = decide(s, conditions="Väliraportti 6 kk välein")
    # then the project exists with the proposal's budget and financing, the decision and the targets
    assert (project.code, project.lead, project.theme, project.agreement) == (
        "A81234",
        s.p.university,
        s.p.themes["T1"],
        s.p.agreement,
    )
    assert not project.is_historical and project.source == "salkku" and project.fund_code == "ERDF"
    assert budget_of(project) == {
        (2025, "personnel"): D("100000"),
        (2025, "services"): D("20000"),
        (2026, "personnel"): D("50000"),
    }
    assert financing_of(project) == {"ERDF": D("77000"), "STATE": D("38500"), "OWN": D("77000")}
    assert project.funding_decision.conditions == "Väliraportti 6 kk välein"
    assert project.indicator_targets.count() == 1
    # and the proposal is funded, audited on both, the applicant told
    s.proposal.refresh_from_db()
    assert s.proposal.status == ProposalStatus.FUNDED
    assert AuditEntry.objects.for_object(project).get(action="funding_decision.recorded").after[
        "granted"
    ] == {"ERDF": "77000.00", "STATE": "38500.00"}
    assert {"funding_decision.recorded", "proposal.funded"} <= set(
        AuditEntry.objects.for_object(s.proposal).values_list("action", flat=True)
    )
    assert [m.to for m in mail.outbox] == [[s.applicant.email]]


def test_funding_decision__less_erdf_without_cover__is_refused_and_nothing_written(s) -> None:
    # given the authority grants 7 000 € less ERDF; when recorded without covering the difference
    with pytest.raises(ValidationError) as error:
        decide(s, granted={"ERDF": D("70000.00"), "STATE": D("38500.00")})
    # then it is refused with what to do, and nothing is written
    text = " ".join(error.value.messages)
    assert "omarahoitusta" in text and "192" in text
    assert not Project.objects.exists()
    s.proposal.refresh_from_db()
    assert s.proposal.status == ProposalStatus.PRESENTED


def test_funding_decision__less_erdf_covered_by_own_financing__balances(s) -> None:
    own_line = s.proposal.financing_lines.get(source="OWN")
    project = decide(
        s, granted={"ERDF": D("70000.00"), "STATE": D("38500.00")}, own_financing={own_line.pk: D("84000.00")}
    )
    assert financing_of(project) == {"ERDF": D("70000"), "STATE": D("38500"), "OWN": D("84000")}


def test_funding_decision__less_erdf_with_reduced_budget__balances(s) -> None:
    project = decide(
        s, granted={"ERDF": D("70000.00"), "STATE": D("38500.00")}, budget={(2025, "services"): D("13000.00")}
    )
    assert budget_of(project)[(2025, "services")] == D("13000")
    assert sum(financing_of(project).values()) == D("185500")


def test_funding_decision__more_than_applied_or_budget_raised__names_the_fund_and_cell(s) -> None:
    with pytest.raises(ValidationError) as error:
        decide(
            s,
            granted={"ERDF": D("80000.00"), "STATE": D("38500.00")},
            budget={(2025, "services"): D("25000.00")},
        )
    assert set(error.value.message_dict) == {"granted_ERDF", "budget_2025_services"}


def test_funding_decision__not_funding_authority__is_refused(s) -> None:
    for user in (s.coordinator, s.sg_helsinki, s.applicant, s.reviewer):
        with pytest.raises(PermissionDenied):
            decide(s, actor=user)
    assert not Project.objects.exists()


def test_funding_decision__proposal_not_presented__is_refused(s) -> None:
    type(s.proposal).objects.filter(pk=s.proposal.pk).update(status=ProposalStatus.IN_REVIEW)
    with pytest.raises(ValidationError, match="johtoryhmän esittämästä"):
        decide(s)


def test_funding_decision__eura_code_taken__is_refused(s) -> None:
    Project.objects.create(code="A81234", name="Vanha", lead=s.p.company, is_historical=True)
    with pytest.raises(ValidationError) as error:
        decide(s)
    assert "eura_code" in error.value.message_dict


# --- change requests ----------------------------------------------------------------------------------


@pytest.fixture
def project(s):
    return decide(s)


MOVED = {
    (2025, "personnel"): D("100000"),
    (2025, "services"): D("10000"),
    (2026, "personnel"): D("50000"),
    (2026, "services"): D("10000"),
}


def test_change_request__budget_move_approved__applied_with_history(s, project) -> None:
    # given the implementer asks to move 10 000 € of services from 2025 to 2026
    request = change_request_create(
        project=project, reason="Hankinta siirtyy", budget=MOVED, actor=s.applicant
    )
    assert request.kind == ChangeRequestKind.BUDGET and request.status == ChangeRequestStatus.PENDING
    assert budget_of(project)[(2025, "services")] == D("20000")  # nothing changes before approval
    # when the funding authority approves
    change_request_decide(request=request, approve=True, actor=s.officer)
    # then the project's budget is the requested one, and the before/after is audited
    assert budget_of(project) == MOVED
    entry = AuditEntry.objects.for_object(project).get(action="change_request.approved")
    assert {"year": 2025, "category": "services", "amount": "20000.00"} in entry.before["budget"]
    request.refresh_from_db()
    assert request.status == ChangeRequestStatus.APPROVED and request.decided_by == s.officer


def test_change_request__move_to_personnel_changes_indirect_costs__is_refused(s, project) -> None:
    moved = {
        (2025, "personnel"): D("110000"),
        (2025, "services"): D("10000"),
        (2026, "personnel"): D("50000"),
    }
    with pytest.raises(ValidationError, match="ei täsmäisi"):
        change_request_create(project=project, reason="Lisää henkilöstöä", budget=moved, actor=s.applicant)


def test_change_request__extension_approved__end_date_moves(
    s, project, django_capture_on_commit_callbacks
) -> None:
    request = change_request_create(
        project=project, reason="Pilotti viivästyi", end_date=dt.date(2027, 6, 30), actor=s.applicant
    )
    assert request.kind == ChangeRequestKind.EXTENSION
    with django_capture_on_commit_callbacks(execute=True):
        change_request_decide(request=request, approve=True, actor=s.officer)
    project.refresh_from_db()
    assert project.end_date == dt.date(2027, 6, 30)
    assert [m.to for m in mail.outbox] == [[s.applicant.email]]


def test_change_request__earlier_end_or_nothing_changed__is_refused(s, project) -> None:
    with pytest.raises(ValidationError) as error:
        change_request_create(project=project, reason="x", end_date=dt.date(2026, 1, 1), actor=s.applicant)
    assert "end_date" in error.value.message_dict
    with pytest.raises(ValidationError, match="ei muuta mitään"):
        change_request_create(project=project, reason="x", actor=s.applicant)


def test_change_request__rejected__needs_reason_and_changes_nothing(s, project) -> None:
    request = change_request_create(
        project=project, reason="Hankinta siirtyy", budget=MOVED, actor=s.applicant
    )
    with pytest.raises(ValidationError):
        change_request_decide(request=request, approve=False, actor=s.officer)
    change_request_decide(request=request, approve=False, note="Ei perusteltu", actor=s.officer)
    assert budget_of(project)[(2025, "services")] == D("20000")
    assert "change_request.rejected" in AuditEntry.objects.for_object(project).values_list(
        "action", flat=True
    )


def test_change_request__wrong_roles__are_refused(s, project) -> None:
    for user in (s.officer, s.coordinator, s.reviewer, s.outsider):
        with pytest.raises(PermissionDenied):
            change_request_create(project=project, reason="x", budget=MOVED, actor=user)
    request = change_request_create(
        project=project, reason="Hankinta siirtyy", budget=MOVED, actor=s.applicant
    )
    for user in (s.applicant, s.coordinator, s.sg_helsinki):
        with pytest.raises(PermissionDenied):
            change_request_decide(request=request, approve=True, actor=user)
