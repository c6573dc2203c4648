"""The pipeline's services: the issue's scenario from idea to submission, each validation rule, versions
and their diff, the workflow table, permission refusals and the audit trail."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from audit.models import AuditEntry
from partners.models import Organisation
from pipeline import services
from pipeline.models import CallStatus, Idea, IdeaStatus, Proposal, ProposalStatus, ProposalVersion
from pipeline.services import PartnerIn, ProposalNotValid
from pipeline.versions import diff
from tests.factories import OrganisationFactory
from tests.pipeline_world import (
    BUDGET,
    ELIGIBLE,
    build_world,
    fill_valid,
    financing,
    invited_draft,
    submit_idea,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def w():
    return build_world()


def actions(obj) -> list[str]:
    return list(AuditEntry.objects.for_object(obj).order_by("id").values_list("action", flat=True))


def messages_of(error: ProposalNotValid) -> list[str]:
    return [p.message for p in error.problems]


# --- calls and ideas ------------------------------------------------------------------------------------


def test_call_create__by_applicant__is_refused(w) -> None:
    # given an applicant; when they try to open a call; then they are refused
    with pytest.raises(PermissionDenied):
        services.call_create(
            agreement=w.agreement,
            title="x",
            themes=[],
            opens_on=dt.date(2026, 1, 1),
            closes_on=dt.date(2026, 2, 1),
            actor=w.applicant,
        )


def test_call_lifecycle__coordinator__opens_edits_and_closes_with_audit(w) -> None:
    # given the world's open call; when the coordinator edits and closes it
    services.call_update(call=w.call, actor=w.coordinator, title="Uusi otsikko", themes=[w.p.themes["T1"]])
    services.call_transition(call=w.call, to_status=CallStatus.CLOSED, actor=w.coordinator)
    # then it is closed and every step is audited, before and after
    w.call.refresh_from_db()
    assert (w.call.status, w.call.title) == ("closed", "Uusi otsikko")
    assert actions(w.call) == ["call.created", "call.opened", "call.updated", "call.closed"]
    updated = AuditEntry.objects.for_object(w.call).get(action="call.updated")
    assert updated.before["themes"] == ["T1", "T3"] and updated.after["themes"] == ["T1"]


def test_idea_submit__open_call__is_saved_and_audited(w) -> None:
    idea = submit_idea(w)
    assert (idea.status, idea.organisation, idea.agreement) == ("submitted", w.p.university, w.agreement)
    assert actions(idea) == ["idea.submitted"]


def test_idea_submit__closed_call__is_refused(w) -> None:
    # given a closed call; when an applicant submits an idea; then it is refused, naming the call
    services.call_transition(call=w.call, to_status=CallStatus.CLOSED, actor=w.coordinator)
    w.call.refresh_from_db()
    with pytest.raises(ValidationError, match="not open for ideas"):
        submit_idea(w)


def test_idea_submit__organisation_not_acted_for__is_refused(w) -> None:
    # given an applicant of the company; when they submit an idea for the university; then refused
    with pytest.raises(PermissionDenied):
        services.idea_submit(
            call=w.call,
            organisation=w.p.university,
            theme=w.p.themes["T1"],
            title="x",
            summary="y",
            actor=w.company_applicant,
        )


def test_idea_merge__duplicate__keeps_history_on_both(w) -> None:
    # given two similar ideas
    kept, duplicate = submit_idea(w), submit_idea(w, title="Kierrätysbetoni, toinen")
    # when the coordinator links, comments and merges the duplicate into the kept one
    services.idea_comment(idea=kept, body="Yhdistetään samankaltaiseen.", actor=w.coordinator)
    services.idea_merge(idea=duplicate, into=kept, actor=w.coordinator, note="Sama idea")
    # then the duplicate points to the kept idea with status merged, they are related, both audited
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == (IdeaStatus.MERGED, kept)
    assert kept in duplicate.related.all() and duplicate in kept.related.all()
    assert actions(duplicate) == ["idea.submitted", "idea.merged"]
    assert actions(kept) == ["idea.submitted", "idea.commented", "idea.merged_in"]
    # and a merged idea cannot be merged into
    with pytest.raises(ValidationError):
        services.idea_merge(idea=submit_idea(w, title="Kolmas"), into=duplicate, actor=w.coordinator)


def test_idea_merge__by_applicant__is_refused(w) -> None:
    a, b = submit_idea(w), submit_idea(w, title="B")
    with pytest.raises(PermissionDenied):
        services.idea_merge(idea=a, into=b, actor=w.applicant)


def test_idea_invite__notifies_the_organisations_applicants(w, django_capture_on_commit_callbacks) -> None:
    # given a submitted idea; when the coordinator invites it
    idea = submit_idea(w)
    with django_capture_on_commit_callbacks(execute=True):
        services.idea_invite(idea=idea, actor=w.coordinator)
    # then the university's applicant (only) gets an e-mail, and the invitation is audited
    assert [m.to for m in mail.outbox] == [[w.applicant.email]]
    assert mail.outbox[0].subject.startswith("[Salkku] ") and mail.outbox[0].subject.endswith(idea.title)
    assert f"/ideas/{idea.pk}/" in mail.outbox[0].body
    assert actions(idea)[-1] == "idea.invited"


def test_proposal_from_idea__invited__carries_title_summary_theme(w) -> None:
    proposal = invited_draft(w)
    idea = Idea.objects.get()
    assert (proposal.title, proposal.summary, proposal.theme, proposal.call, proposal.idea) == (
        idea.title,
        idea.summary,
        idea.theme,
        w.call,
        idea,
    )
    assert proposal.lead == w.p.university and proposal.status == ProposalStatus.DRAFT
    assert actions(proposal) == ["proposal.created"]


def test_proposal_from_idea__not_invited_or_other_org__is_refused(w) -> None:
    idea = submit_idea(w)
    with pytest.raises(ValidationError):
        services.proposal_create_from_idea(idea=idea, actor=w.applicant)
    services.idea_invite(idea=idea, actor=w.coordinator)
    with pytest.raises(PermissionDenied):
        services.proposal_create_from_idea(idea=idea, actor=w.company_applicant)


# --- validation: each rule with a message that says what to fix -----------------------------------------


def submit_refused(w, proposal) -> list[str]:
    with pytest.raises(ProposalNotValid) as refused:
        services.proposal_submit(proposal=proposal, actor=w.applicant)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT and proposal.version == 0
    return messages_of(refused.value)


def test_proposal_submit__empty_draft__lists_every_missing_part(w) -> None:
    messages = submit_refused(w, invited_draft(w))
    assert "Describe the proposal's objectives." in messages
    assert "Enter the budget: the costs of at least one year." in messages
    assert "Set at least one indicator target." in messages


def test_proposal_submit__own_financing_36_percent__says_how_much_to_add(w) -> None:
    # given a valid draft whose own financing drops to 36 % (69 300 of 192 500)
    proposal = fill_valid(w, invited_draft(w))
    services.proposal_set_financing(
        proposal=proposal, lines=financing(w, own_university="32300.00"), actor=w.applicant
    )
    # when submitted; then refused with the share, the minimum and the missing amount
    messages = submit_refused(w, proposal)
    assert (
        "Own financing is 36.0% of eligible costs; at least 40.0% (€77,000.00) is required: "
        "add €7,700.00 of own financing."
    ) in messages
    assert (
        "Financing €184,800.00 is €7,700.00 short of the eligible costs €192,500.00; add financing."
        in messages
    )


def test_proposal_submit__esf_plus_on_theme_without_it__names_the_eligible_funds(w) -> None:
    proposal = fill_valid(w, invited_draft(w))
    services.proposal_set_financing(
        proposal=proposal, lines=financing(w, erdf_source="ESF+"), actor=w.applicant
    )
    messages = submit_refused(w, proposal)
    assert messages == [
        "ESF+ cannot finance a project on theme T1; the theme's eligible funds are ERDF, STATE: "
        "move the money to one of them or choose another theme."
    ]
    # and on a theme that allows ESF+ the same plan is valid
    services.proposal_update(proposal=proposal, actor=w.applicant, changes={"theme": w.esf_theme})
    assert services.proposal_check(proposal) == []


def test_proposal_submit__budget_year_outside_2021_2027__names_the_year(w) -> None:
    proposal = fill_valid(w, invited_draft(w))
    services.proposal_set_budget(
        proposal=proposal, lines=[*BUDGET, (2031, "travel", "1000.00")], actor=w.applicant
    )
    problems = services.proposal_check(proposal)
    year = [p for p in problems if p.field == "budget.2031"]
    assert [p.message for p in year] == [
        "Budget year 2031 is outside the programme period 2021–2027; move its costs to a year within the "
        "period."
    ]


def test_proposal_submit__end_date_after_last_eligible_date__names_both_dates(w) -> None:
    # an end date in 2028 is fine (expenditure is eligible until 31.12.2029); one in 2030 is not
    proposal = fill_valid(w, invited_draft(w))
    services.proposal_update(proposal=proposal, actor=w.applicant, changes={"end_date": dt.date(2028, 6, 30)})
    assert [p.field for p in services.proposal_check(proposal)] == []
    services.proposal_update(proposal=proposal, actor=w.applicant, changes={"end_date": dt.date(2030, 6, 30)})
    assert [(p.field, p.message) for p in services.proposal_check(proposal)] == [
        ("end_date", "The end date 30 Jun 2030 is after the period's last eligible date 31 Dec 2029.")
    ]


def test_proposal_submit__public_share_above_maximum__says_by_how_much(w) -> None:
    proposal = fill_valid(w, invited_draft(w))
    lines = [("ERDF", None, "77000.00"), ("STATE", None, "57750.00"), ("OWN", w.p.university, "57750.00")]
    services.proposal_set_financing(proposal=proposal, lines=lines, actor=w.applicant)
    messages = [p.message for p in services.proposal_check(proposal)]
    assert (
        "EU and state financing is 70.0% of eligible costs; at most 60.0% (€115,500.00) is allowed: "
        "reduce it by €19,250.00."
    ) in messages


def test_proposal_submit__company_partner_without_business_id__is_refused(w) -> None:
    proposal = fill_valid(w, invited_draft(w))
    nameless = OrganisationFactory(name="Tunnukseton Oy", business_id="")
    bad_id = OrganisationFactory(name="Väärä Oy")
    Organisation.objects.filter(pk=bad_id.pk).update(business_id="1234567-8")  # a legacy row, saved unchecked
    bad_id.refresh_from_db()
    services.proposal_set_partners(
        proposal=proposal,
        partners=[
            PartnerIn(w.p.university, "lead"),
            PartnerIn(nameless, "partner"),
            PartnerIn(bad_id, "partner"),
        ],
        actor=w.applicant,
    )
    problems = {p.field: p.message for p in services.proposal_check(proposal)}
    assert problems[f"partners.{nameless.pk}"] == (
        "Tunnukseton Oy is a company and needs a business ID; add it in the partner register."
    )
    assert problems[f"partners.{bad_id.pk}"].startswith(
        "Väärä Oy has the business ID 1234567-8, which is not valid"
    )
    # and the own financing of the company that left the consortium is pointed out
    assert problems[f"financing.OWN.{w.p.company.pk}"].startswith(w.p.company.name)


# --- submitting, versions, diff, workflow ----------------------------------------------------------------


def test_scenario__idea_to_submission__with_return_and_diff(w) -> None:
    # given an invited idea turned into a draft, filled in with a three-party consortium
    proposal = fill_valid(w, invited_draft(w))
    assert services.proposal_check(proposal) == []
    # when it is submitted
    services.proposal_submit(proposal=proposal, actor=w.applicant)
    proposal.refresh_from_db()
    # then version 1 is frozen with the whole proposal
    v1 = ProposalVersion.objects.get(proposal=proposal)
    assert (proposal.status, proposal.version, v1.number) == ("submitted", 1, 1)
    assert Decimal(v1.snapshot["totals"]["eligible_costs"]) == ELIGIBLE
    assert len(v1.snapshot["partners"]) == 3 and len(v1.snapshot["financing"]) == 5
    assert v1.snapshot["targets"][0]["indicator"] == "RCO01"
    # and the applicant can no longer edit it
    with pytest.raises(PermissionDenied):
        services.proposal_update(proposal=proposal, actor=w.applicant, changes={"title": "Muutettu"})
    # when the review starts and the steering group returns it for changes
    services.proposal_transition(proposal=proposal, to_status="in_review", actor=w.coordinator)
    services.proposal_transition(proposal=proposal, to_status="returned", actor=w.steering, note="Tarkenna")
    # then the applicant edits the budget and the financing and resubmits
    services.proposal_set_budget(
        proposal=proposal, lines=[*BUDGET[:2], (2027, "personnel", "60000.00")], actor=w.applicant
    )
    # 60 000 personnel in 2027: eligible 192 500 + 10 000 + 1 500 = 204 000
    services.proposal_set_financing(
        proposal=proposal,
        lines=[
            ("ERDF", None, "81600.00"),
            ("STATE", None, "40800.00"),
            ("OWN", w.p.university, "44600.00"),
            ("OWN", w.p.company, "20000.00"),
            ("CITY", w.city, "17000.00"),
        ],
        actor=w.applicant,
    )
    services.proposal_submit(proposal=proposal, actor=w.applicant)
    # then version 2 exists and its diff against version 1 lists the changed money, before → after
    v2 = ProposalVersion.objects.get(proposal=proposal, number=2)
    changes = {(c.section, c.label): (c.before, c.after) for c in diff(v1.snapshot, v2.snapshot)}
    assert changes == {
        ("budget", "2027 · Personnel"): (Decimal("50000.00"), Decimal("60000.00")),
        ("financing", "ERDF"): (Decimal("77000.00"), Decimal("81600.00")),
        ("financing", "State co-funding"): (Decimal("38500.00"), Decimal("40800.00")),
        ("financing", f"Own financing · {w.p.university.name}"): (Decimal("40000.00"), Decimal("44600.00")),
        ("totals", "Eligible costs"): (ELIGIBLE, Decimal("204000.00")),
    }
    # and every step is in the audit trail
    assert actions(proposal) == [
        "proposal.created",
        "proposal.updated",
        "proposal.consortium_changed",
        "proposal.budget_changed",
        "proposal.financing_changed",
        "proposal.targets_changed",
        "proposal.submitted",
        "proposal.review_started",
        "proposal.returned",
        "proposal.budget_changed",
        "proposal.financing_changed",
        "proposal.resubmitted",
    ]
    budget_edit = (
        AuditEntry.objects.for_object(proposal).filter(action="proposal.budget_changed").order_by("id").last()
    )
    assert (budget_edit.before, budget_edit.after) == (
        {"2027 personnel": "50000.00"},
        {"2027 personnel": "60000.00"},
    )


def test_proposal_edit__other_organisations_applicant__is_refused(w) -> None:
    proposal = invited_draft(w)
    with pytest.raises(PermissionDenied):
        services.proposal_set_budget(proposal=proposal, lines=BUDGET, actor=w.outsider)
    with pytest.raises(PermissionDenied):
        services.proposal_submit(proposal=proposal, actor=w.outsider)
    with pytest.raises(PermissionDenied):
        services.proposal_update(proposal=proposal, actor=w.coordinator, changes={"title": "x"})


def test_proposal_edit__partner_applicant__may_edit_the_draft(w) -> None:
    proposal = fill_valid(w, invited_draft(w))
    services.proposal_update(proposal=proposal, actor=w.company_applicant, changes={"acronym": "BETONI"})
    assert Proposal.objects.get(pk=proposal.pk).acronym == "BETONI"


@pytest.mark.parametrize(
    ("who", "source", "target"),
    [
        ("applicant", "submitted", "in_review"),
        ("coordinator", "presented", "funded"),
        ("steering", "presented", "funded"),
        ("reviewer", "in_review", "rejected"),
        ("authority", "in_review", "presented"),
        ("outsider", "draft", "withdrawn"),
    ],
)
def test_proposal_transition__role_not_in_workflow_table__is_refused(w, who, source, target) -> None:
    proposal = invited_draft(w)
    Proposal.objects.filter(pk=proposal.pk).update(status=source)
    user = w.coordinator if who == "coordinator" else getattr(w, who)
    with pytest.raises(PermissionDenied):
        services.proposal_transition(proposal=proposal, to_status=target, actor=user)
    assert Proposal.objects.get(pk=proposal.pk).status == source


def test_proposal_transition__funding_authority_funds_presented__is_audited(w) -> None:
    proposal = invited_draft(w)
    Proposal.objects.filter(pk=proposal.pk).update(status="presented")
    services.proposal_transition(
        proposal=proposal, to_status="funded", actor=w.authority, note="Päätös 1/2026"
    )
    entry = AuditEntry.objects.for_object(proposal).get(action="proposal.funded")
    assert (entry.before, entry.after, entry.note) == (
        {"status": "presented"},
        {"status": "funded"},
        "Päätös 1/2026",
    )


def test_proposal_transition__not_in_table_or_submit__is_refused(w) -> None:
    proposal = invited_draft(w)
    with pytest.raises(ValidationError):
        services.proposal_transition(proposal=proposal, to_status="funded", actor=w.authority)
    with pytest.raises(ValidationError):
        services.proposal_transition(proposal=proposal, to_status="submitted", actor=w.applicant)


def test_proposal_set_budget__bad_line__names_row_and_reason(w) -> None:
    proposal = invited_draft(w)
    with pytest.raises(
        ValidationError, match=r"Budget line 2 \(2026, personnel\): the amount cannot be negative"
    ):
        services.proposal_set_budget(
            proposal=proposal, lines=[(2026, "travel", "1.00"), (2026, "personnel", "-5")], actor=w.applicant
        )
    with pytest.raises(ValidationError, match="fractions of a cent"):
        services.proposal_set_budget(proposal=proposal, lines=[(2026, "travel", "1.001")], actor=w.applicant)
    # and nothing was half-written
    assert not proposal.budget_lines.exists()
