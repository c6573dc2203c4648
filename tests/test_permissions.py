"""accounts.permissions: the one table of actions × roles × relation, and ``can``.

Given users holding each role in agreement A, when ``can`` is asked about objects of A, of B and of
another organisation, then the answer follows the table, with a reason a person can read; pages and
services that used to test roles themselves answer the same way.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import translation

from accounts import permissions as perm
from accounts.access import proposal_visibility
from accounts.models import Role
from pipeline.models import PartnerRole, Proposal, ProposalPartner, ProposalStatus
from tests.factories import AgreementFactory, OrganisationFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
D1, D2 = dt.date(2025, 1, 1), dt.date(2026, 12, 31)


@pytest.fixture(autouse=True)
def english():
    """The reasons are read in English here; the table's labels and reasons are translated (fi, sv)."""
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    a, b = AgreementFactory(slug="a"), AgreementFactory(slug="b")
    mine, other = OrganisationFactory(), OrganisationFactory()
    users = {
        role: UserFactory.with_role(role, agreement=a, organisation=mine if role == Role.APPLICANT else None)
        for role in Role.values
    }
    theme = ThemeFactory(agreement=a, code="T1")
    proposals = {}
    for status in ProposalStatus.values:
        p = Proposal.objects.create(
            agreement=a, theme=theme, title=status, summary="x", status=status, start_date=D1, end_date=D2
        )
        ProposalPartner.objects.create(proposal=p, organisation=mine, role=PartnerRole.LEAD)
        proposals[status] = p
    foreign = Proposal.objects.create(
        agreement=b,
        theme=ThemeFactory(agreement=b, code="T1"),
        title="b",
        summary="x",
        status="submitted",
        start_date=D1,
        end_date=D2,
    )
    ProposalPartner.objects.create(proposal=foreign, organisation=other, role=PartnerRole.LEAD)
    return {"a": a, "b": b, "users": users, "proposals": proposals, "foreign": foreign}


def test_can__decide__only_the_funding_authority_of_this_agreement(world) -> None:
    authority = world["users"][Role.FUNDING_AUTHORITY]
    assert perm.can(authority, "proposal.decide", world["a"])
    refused = perm.can(authority, "proposal.decide", world["b"])
    assert not refused and "another agreement" in refused.reason
    for role in set(Role.values) - {Role.FUNDING_AUTHORITY}:
        decision = perm.can(world["users"][role], "proposal.decide", world["a"])
        assert not decision, role
        assert "record a funding decision" in decision.reason


def test_can__applicant__own_organisation_only(world) -> None:
    applicant = world["users"][Role.APPLICANT]
    assert perm.can(applicant, "proposal.read", world["proposals"]["draft"])
    answer = perm.can(applicant, "proposal.read", world["foreign"])
    assert not answer and "another organisation" in answer.reason


def test_can__anonymous_and_unknown_action() -> None:
    assert not perm.can(AnonymousUser(), "proposal.read")
    with pytest.raises(KeyError):
        perm.can(AnonymousUser(), "proposal.fly")


def test_require__raises_with_the_reason(world) -> None:
    with pytest.raises(PermissionDenied, match="choose a portfolio option"):
        perm.require(world["users"][Role.REVIEWER], "scenario.choose", world["a"])


def test_reviewer__sees_only_proposals_submitted_to_review(world) -> None:
    seen = set(
        proposal_visibility(Proposal.objects.all(), world["users"][Role.REVIEWER]).values_list(
            "status", flat=True
        )
    )
    assert seen == set(ProposalStatus.values) - {"draft", "returned", "withdrawn"}
    coordinator_seen = proposal_visibility(Proposal.objects.all(), world["users"][Role.COORDINATOR])
    assert set(coordinator_seen.values_list("status", flat=True)) == set(ProposalStatus.values)


def test_admin__holds_only_what_the_table_grants() -> None:
    admin = UserFactory(is_superuser=True)
    assert perm.can(admin, "audit.read")
    assert not perm.can(admin, "monitoring.read")
    sections = {s for s, _url, _label in perm.navigation(admin)}
    assert "audit" in sections
    assert not sections & {"monitoring", "portfolio", "funding", "steering_group"}


def test_navigation__follows_the_table(world) -> None:
    applicant = {s for s, _u, _l in perm.navigation(world["users"][Role.APPLICANT])}
    assert not applicant & {"reviews", "monitoring", "portfolio", "funding", "audit", "steering_group"}
    ministry = {s for s, _u, _l in perm.navigation(world["users"][Role.MINISTRY])}
    assert {"monitoring", "portfolio", "steering_group", "funding"} <= ministry


def test_table__every_role_is_named_and_grants_are_relations() -> None:
    assert set(Role.values) | {perm.ADMIN} == perm.roles_named()
    for name, action in perm.ACTIONS.items():
        assert "." in name
        assert all(isinstance(rel, perm.Rel) for rel in action.grants.values())


CONVERTED = [
    "monitoring/views.py",
    "monitoring/services.py",
    "portfolio/services.py",
    "portfolio/views.py",
    "api/portfolio.py",
    "reports/services.py",
    "projects/decision_views.py",
    "config/context_processors.py",
]


@pytest.mark.parametrize("path", CONVERTED)
def test_converted_modules__name_no_role(path: str) -> None:
    """The modules that decide through the table name no role themselves (no ``Role.X``)."""
    tree = ast.parse((ROOT / path).read_text())
    named = [
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Role"
    ]
    assert not named, f"{path} names roles: {named}"


def test_require__another_agreement_is_not_found_a_missing_role_forbidden(world) -> None:
    from django.http import Http404

    # given a coordinator of A; when asked about B's meetings, then 404 (B's objects do not leak)
    coordinator = world["users"][Role.COORDINATOR]
    with pytest.raises(Http404, match="another agreement"):
        perm.require(coordinator, "meeting.read", world["b"])
    # and an applicant, about another organisation's proposal: 404
    with pytest.raises(Http404, match="another organisation"):
        perm.require(world["users"][Role.APPLICANT], "proposal.edit", world["foreign"])
    # but a role that does not hold the action at all: 403, with the reason
    with pytest.raises(PermissionDenied, match="see the steering group's meetings"):
        perm.require(world["users"][Role.APPLICANT], "meeting.read", world["a"])
    perm.require(coordinator, "meeting.read", world["a"])


def test_holders__people_from_the_table(world) -> None:
    from accounts.models import User

    # given users of every role in A; when the people who may review in A are asked; then reviewers and
    # the steering group (``proposal.review``), none of them in B
    reviewers = set(User.objects.filter(perm.holders("proposal.review", world["a"].pk)).distinct())
    assert reviewers == {world["users"][Role.REVIEWER], world["users"][Role.STEERING_GROUP]}
    assert not User.objects.filter(perm.holders("proposal.review", world["b"].pk)).exists()
    # an organisation grant: only the organisation's own people
    mine = world["users"][Role.APPLICANT].role_assignments.get().organisation_id
    editors = User.objects.filter(perm.holders("proposal.edit", world["a"].pk, [mine])).distinct()
    assert list(editors) == [world["users"][Role.APPLICANT]]
    assert not User.objects.filter(perm.holders("proposal.edit", world["a"].pk, [mine + 1000])).exists()


def test_matrix__refusals_are_generated_from_the_table() -> None:
    from accounts import policy as P

    # given every URL entry that names its actions; then each signed-in role's expected answer is the
    # table's refusal wherever the table refuses (403 without the action, 404 for another agreement's)
    generated = [p for p in P.POLICIES.values() if p.actions]
    assert len(generated) >= 30
    for policy in generated:
        for (role, relation), outcome in policy.get.items():
            if role == P.ANONYMOUS or outcome == P.METHOD:
                continue
            refused = P.table_answer(policy.actions[0], role, relation)
            if refused is not None:
                assert outcome == refused, (policy.why, role, relation)
    # e.g. the meeting page: a coordinator of another agreement is not told it exists; an applicant is
    # refused the page
    meeting = P.POLICIES["decisions:meeting_detail"]
    assert meeting.get[(P.COORDINATOR, P.FOREIGN)] == P.HIDDEN
    assert meeting.get[(P.APPLICANT, P.OWN)] == P.DENIED
    assert meeting.get[(P.MINISTRY, P.FOREIGN)] == P.OK
    assert meeting.post[(P.STEERING, P.OWN)] == P.DENIED  # only the coordinator (or the chair) records
