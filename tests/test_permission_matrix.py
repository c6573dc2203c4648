"""The permission matrix: every URL pattern of the project × every role × own / other / foreign object.

1. Every URL pattern (walked from the root resolver, the API's included) has a declared policy
   (accounts/policy_pages.py, accounts/policy_api.py), so a new page cannot escape it; and no policy
   names a URL that is gone.
2. For each policy, each role requests the page for each object relation and gets what the permission
   table says: the policy names the actions the URL needs, and the expected answer is derived from
   ``can`` asked as that role's user about that object (403, 404, or the URL's own answer when allowed:
   200, 302 elsewhere, 400 for deliberately incomplete content, 405 where a page only takes a POST).
3. A POST that the policy refuses writes nothing (no audit entry appears).
4. The admin site sends every role (none has is_staff) to its own sign-in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from accounts import policy as P
from accounts.models import Role, User
from accounts.permissions import Decision, can
from audit.models import AuditEntry
from partners.models import Organisation
from pipeline.models import Call, CallStatus, Idea, PartnerRole, Proposal, ProposalPartner, ProposalStatus
from programme.models import Agreement
from projects.models import Project, ProjectStatus
from tests.factories import AgreementFactory, OrganisationFactory, ThemeFactory, UserFactory
from tests.pages_data import add_plan, build_agreement

D = Decimal


# --- every URL pattern ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str  # the namespaced name (or the route, for an unnamed pattern)
    route: str
    namespaces: tuple[str, ...]


def walk(patterns: list, prefix: str = "", namespaces: tuple[str, ...] = ()) -> Iterator[Route]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = (*namespaces, p.namespace) if p.namespace else namespaces
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = ":".join((*namespaces, p.name)) if p.name else prefix + str(p.pattern)
            yield Route(name, prefix + str(p.pattern), namespaces)


ROUTES = list(walk(get_resolver().url_patterns))
APP_ROUTES = [r for r in ROUTES if P.ADMIN_NAMESPACE not in r.namespaces]


def test_url_patterns__every_one__has_a_declared_policy() -> None:
    missing = sorted({f"{r.key}  ({r.route})" for r in APP_ROUTES if r.key not in P.POLICIES})
    assert not missing, "URL patterns without a policy in accounts/policy_pages.py or policy_api.py:\n" + (
        "\n".join(missing)
    )


def test_policies__every_one__names_an_existing_url() -> None:
    stale = sorted(set(P.POLICIES) - {r.key for r in APP_ROUTES})
    assert not stale, f"policies for URLs that no longer exist: {stale}"


def test_walk__finds_pages_api_and_admin() -> None:
    keys = {r.key for r in ROUTES}
    assert {"pipeline:proposal_detail", "proposal-detail", "public_projects", "admin:index"} <= keys
    assert len(APP_ROUTES) >= 40


# --- the world -------------------------------------------------------------------------------------------


@dataclass
class World:
    agreement: Agreement
    foreign_agreement: Agreement
    users: dict[str, User | AnonymousUser]
    objects: dict[str, dict[str, object]]  # subject -> relation -> object


def _proposal(
    agreement: Agreement, theme, lead: Organisation, title: str, status: str, partner=None
) -> Proposal:
    proposal = Proposal.objects.create(
        agreement=agreement,
        theme=theme,
        title=title,
        summary="Tiivistelmä.",
        status=status,
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2026, 12, 31),
        submitted_at=None if status == ProposalStatus.DRAFT else timezone.now(),
    )
    ProposalPartner.objects.create(proposal=proposal, organisation=lead, role=PartnerRole.LEAD)
    if partner is not None:
        ProposalPartner.objects.create(proposal=proposal, organisation=partner, role=PartnerRole.PARTNER)
    add_plan(proposal, lead=lead)
    return proposal


def _versions(proposal: Proposal, user: User) -> None:
    from pipeline.models import ProposalVersion
    from pipeline.versions import snapshot

    for number in (1, 2):
        ProposalVersion.objects.create(
            proposal=proposal,
            number=number,
            snapshot=snapshot(proposal),
            submitted_by=user,
            submitted_at=timezone.now(),
        )


def _project(agreement: Agreement, theme, lead: Organisation, name: str, proposal: Proposal) -> Project:
    project = Project.objects.create(
        agreement=agreement,
        name=name,
        lead=lead,
        theme=theme,
        fund_code="ERDF",
        proposal=proposal,
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2026, 12, 31),
        status=ProjectStatus.ACTIVE,
    )
    add_plan(project, lead=lead)
    return project


def build_world() -> World:
    p = build_agreement()
    a, theme = p.agreement, p.themes["T1"]
    b = AgreementFactory(slug="other-region", region_fi="Muu seutu")
    b_theme = ThemeFactory(agreement=b, code="B1")
    b_theme.eligible_funds.set([p.funds["ERDF"], p.funds["STATE"]])
    stranger = OrganisationFactory(name="Muun seudun yliopisto", kind="university", size="")
    state = OrganisationFactory(name="Työ- ja elinkeinoministeriö", kind="state", size="", business_id="")
    users: dict[str, User | AnonymousUser] = {
        P.ANONYMOUS: AnonymousUser(),
        P.COORDINATOR: p.coordinator,
        P.STEERING: UserFactory.with_role(
            Role.STEERING_GROUP, agreement=a, organisation=p.cities[0], username="m-steering"
        ),
        P.REVIEWER: UserFactory.with_role(Role.REVIEWER, agreement=a, username="m-reviewer"),
        P.APPLICANT: UserFactory.applicant(p.university, a, username="m-applicant"),
        P.AUTHORITY: UserFactory.with_role(
            Role.FUNDING_AUTHORITY, agreement=a, organisation=p.authority, username="m-authority"
        ),
        P.MINISTRY: UserFactory.with_role(Role.MINISTRY, organisation=state, username="m-ministry"),
    }
    other_reviewer = UserFactory.with_role(Role.REVIEWER, agreement=a, username="m-reviewer-2")
    foreign_reviewer = UserFactory.with_role(Role.REVIEWER, agreement=b, username="m-reviewer-b")
    b_coordinator = UserFactory.coordinator(b, username="m-coordinator-b")

    proposals = {
        P.OWN: _proposal(a, theme, p.university, "Oma luonnos", ProposalStatus.DRAFT, partner=p.cities[1]),
        P.OTHER: _proposal(a, theme, p.company, "Toisen luonnos", ProposalStatus.DRAFT),
        P.FOREIGN: _proposal(b, b_theme, stranger, "Muun seudun luonnos", ProposalStatus.DRAFT),
        P.LOCKED: _proposal(a, theme, p.university, "Oma jätetty", ProposalStatus.IN_REVIEW),
    }
    for proposal in proposals.values():
        _versions(proposal, p.coordinator)
    today = timezone.localdate()
    calls = {
        P.OWN: Call.objects.create(
            agreement=a,
            title="Ideahaku A",
            opens_on=today,
            closes_on=today + dt.timedelta(days=30),
            status=CallStatus.OPEN,
        ),
        P.FOREIGN: Call.objects.create(
            agreement=b,
            title="Ideahaku B",
            opens_on=today,
            closes_on=today + dt.timedelta(days=30),
            status=CallStatus.OPEN,
        ),
    }
    calls[P.OWN].themes.set([theme])
    calls[P.FOREIGN].themes.set([b_theme])
    calls[P.OTHER] = calls[P.OWN]
    for relation in (P.OWN, P.OTHER, P.LOCKED):
        proposals[relation].call = calls[P.OWN]
        proposals[relation].save(update_fields=["call"])
    ideas = {
        P.OWN: Idea.objects.create(
            agreement=a,
            call=calls[P.OWN],
            organisation=p.university,
            theme=theme,
            title="Oma idea",
            summary="x",
            submitted_at=timezone.now(),
        ),
        P.OTHER: Idea.objects.create(
            agreement=a,
            call=calls[P.OWN],
            organisation=p.company,
            theme=theme,
            title="Toisen idea",
            summary="x",
            submitted_at=timezone.now(),
        ),
        P.FOREIGN: Idea.objects.create(
            agreement=b,
            call=calls[P.FOREIGN],
            organisation=stranger,
            theme=b_theme,
            title="Muun seudun idea",
            summary="x",
            submitted_at=timezone.now(),
        ),
    }
    funded = {
        P.OWN: _proposal(a, theme, p.university, "Oma rahoitettu", ProposalStatus.FUNDED),
        P.OTHER: _proposal(a, theme, p.company, "Toisen rahoitettu", ProposalStatus.FUNDED),
        P.FOREIGN: _proposal(b, b_theme, stranger, "Muun seudun rahoitettu", ProposalStatus.FUNDED),
    }
    projects = {
        P.OWN: _project(a, theme, p.university, "Oma hanke", funded[P.OWN]),
        P.OTHER: _project(a, theme, p.company, "Toisen hanke", funded[P.OTHER]),
        P.FOREIGN: _project(b, b_theme, stranger, "Muun seudun hanke", funded[P.FOREIGN]),
    }
    objects: dict[str, dict[str, object]] = {
        "proposal": proposals,
        "idea": ideas,
        "call": calls,
        "project": projects,
        "organisation": {P.OWN: p.university, P.OTHER: p.company, P.FOREIGN: stranger},
        "agreement": {P.OWN: a, P.OTHER: a, P.FOREIGN: b},
    }
    _review_world(objects, users, other_reviewer, foreign_reviewer, b_coordinator)
    presented = {
        P.OWN: _proposal(a, theme, p.university, "Oma esitetty", ProposalStatus.PRESENTED),
        P.OTHER: _proposal(a, theme, p.company, "Toisen esitetty", ProposalStatus.PRESENTED),
        P.FOREIGN: _proposal(b, b_theme, stranger, "Muun seudun esitetty", ProposalStatus.PRESENTED),
    }
    objects["presented"] = presented
    _decision_world(objects, users, b_coordinator)
    _portfolio_world(objects, users, b_coordinator)
    _progress_world(objects, users)
    _monitoring_world(objects)
    _reports_world(objects)
    _ecosystem_world(objects, p.university, p.company, stranger)
    _overlaps_world(objects, a, b)
    return World(a, b, users, objects)


def _overlaps_world(objects, a: Agreement, b: Agreement) -> None:
    """An overlap cluster and a double-funding flag of each agreement (the API's review and dismissal)."""
    from overlaps.models import FlagKind, OverlapCluster, RiskFlag

    projects = objects["project"]
    clusters, flags = {}, {}
    for relation, agreement, pair in (
        (P.OWN, a, (projects[P.OWN], projects[P.OTHER])),
        (P.OTHER, a, (projects[P.OTHER], projects[P.OWN])),
        (P.FOREIGN, b, (projects[P.FOREIGN], projects[P.FOREIGN])),
    ):
        members = sorted({f"project:{pair[0].pk}", f"project:{pair[1].pk}"})
        cluster = OverlapCluster.objects.create(
            fingerprint=f"matrix-{relation}", members=members, agreement=agreement, top_score=0.9
        )
        cluster.agreements.set([agreement])
        clusters[relation] = cluster
        flags[relation] = RiskFlag.objects.create(
            agreement=agreement,
            kind=FlagKind.CONCENTRATION,
            fingerprint=f"matrix-{relation}",
            summary=f"Keskittymä {relation}",
        )
    objects["overlap_cluster"] = clusters
    objects["risk_flag"] = flags


def _ecosystem_world(objects, own, other, stranger) -> None:
    """Test environments: unpublished ones of the applicant's and another organisation, a published one."""
    from partners.models import TestEnvironment

    objects["test_environment"] = {
        P.OWN: TestEnvironment.objects.create(name="Oma testiympäristö", owner=own),
        P.OTHER: TestEnvironment.objects.create(name="Toisen testiympäristö", owner=other),
        P.FOREIGN: TestEnvironment.objects.create(
            name="Julkaistu testiympäristö", owner=stranger, is_published=True
        ),
    }


def _monitoring_world(objects) -> None:
    """A computation of each agreement's dashboard figures (finished), as the page asks for one."""
    from monitoring.models import Refresh, RefreshStatus

    made = {
        relation: Refresh.objects.create(
            page=f"dashboard:{objects['agreement'][relation].pk}:fi",
            agreement=objects["agreement"][relation],
            version=1,
            day=dt.date(2026, 11, 29),
            status=RefreshStatus.DONE,
            progress=100,
        )
        for relation in (P.OWN, P.FOREIGN)
    }
    made[P.OTHER] = made[P.OWN]
    objects["monitoring_refresh"] = made


def _reports_world(objects) -> None:
    """A stored annual report (HTML) of each agreement, as a finished run leaves it."""
    import hashlib

    from reports.models import AnnualReport, ReportStatus

    made = {}
    for relation in (P.OWN, P.FOREIGN):
        content = f"<!DOCTYPE html><title>{relation}</title>".encode()
        made[relation] = AnnualReport.objects.create(
            agreement=objects["agreement"][relation],
            as_of=dt.date(2025, 12, 31),
            lang="fi",
            format="html",
            version=1,
            status=ReportStatus.DONE,
            progress=100,
            content=content,
            size=len(content),
            content_digest=hashlib.sha256(content).hexdigest(),
            data_digest="0" * 64,
        )
    made[P.OTHER] = made[P.OWN]
    objects["annual_report"] = made


def _progress_world(objects, users) -> None:
    """Each project's reports (made by its schedule); the first one of each is the subject."""
    from progress.services import ensure_reports

    objects["progress_report"] = {
        relation: ensure_reports(project)[0] for relation, project in objects["project"].items()
    }
    from progress.models import PaymentClaim

    # A claim of each project awaiting the funding authority's decision (the second period: the first is
    # free for a claim filed through the API).
    objects["payment_claim"] = {
        relation: PaymentClaim.objects.create(
            project=project,
            fund="ERDF",
            period_start=dt.date(2025, 7, 1),
            period_end=dt.date(2025, 12, 31),
            claimed=D("1000.00"),
            filed_by=users[P.COORDINATOR],
        )
        for relation, project in objects["project"].items()
    }


def _portfolio_world(objects, users, b_coordinator) -> None:
    """A finished scenario in each agreement (the example problem of docs/examples, solved)."""
    from cores.portfolio import dump, load
    from portfolio.models import Scenario, ScenarioStatus
    from portfolio.results import RunSettings, compute

    problem = load(Path(__file__).resolve().parent.parent / "docs" / "examples" / "portfolio-problem.yaml")
    result = compute(problem, RunSettings(time_limit=10, explain=False))
    made = {}
    for relation, coordinator in ((P.OWN, users[P.COORDINATOR]), (P.FOREIGN, b_coordinator)):
        call = objects["call"][relation]
        made[relation] = Scenario.objects.create(
            agreement=call.agreement,
            call=call,
            name=f"Skenaario {relation}",
            problem=dump(problem),
            status=ScenarioStatus.DONE,
            result=result,
            progress=100,
            created_by=coordinator,
        )
    made[P.OTHER] = made[P.OWN]
    objects["scenario"] = made


def _decision_world(objects, users, b_coordinator) -> None:
    """Steering-group meetings with agenda items, funding decisions and change requests."""
    from decisions.models import AgendaItem, Meeting
    from projects.models import ChangeRequest, FundingDecision

    proposals, projects = objects["proposal"], objects["project"]
    coordinator = users[P.COORDINATOR]
    a_meeting = Meeting.objects.create(
        agreement=proposals[P.OWN].agreement, date=dt.date(2026, 3, 2), created_by=coordinator
    )
    b_meeting = Meeting.objects.create(
        agreement=proposals[P.FOREIGN].agreement, date=dt.date(2026, 3, 3), created_by=b_coordinator
    )
    objects["meeting"] = {P.OWN: a_meeting, P.OTHER: a_meeting, P.FOREIGN: b_meeting}
    objects["agenda_item"] = {
        P.OWN: AgendaItem.objects.create(meeting=a_meeting, proposal=proposals[P.LOCKED], order=1),
        P.OTHER: AgendaItem.objects.create(meeting=a_meeting, proposal=proposals[P.OTHER], order=2),
        P.FOREIGN: AgendaItem.objects.create(meeting=b_meeting, proposal=proposals[P.FOREIGN], order=1),
    }
    objects["funding_decision"] = {
        relation: FundingDecision.objects.create(
            project=project, decided_on=dt.date(2025, 1, 1), recorded_by=coordinator
        )
        for relation, project in projects.items()
    }
    plan = {"end_date": "2026-12-31", "budget": []}
    objects["change_request"] = {
        relation: ChangeRequest.objects.create(
            project=project,
            kind="extension",
            reason="Lisäaikaa.",
            before=plan,
            after={**plan, "end_date": "2027-06-30"},
            requested_by=coordinator,
        )
        for relation, project in projects.items()
    }


def _review_world(objects, users, other_reviewer, foreign_reviewer, b_coordinator) -> None:
    from review.models import Criterion, Review

    calls, proposals = objects["call"], objects["proposal"]
    criteria = {
        P.OWN: Criterion.objects.create(call=calls[P.OWN], name="TKI-vaikuttavuus", weight=D("2")),
        P.FOREIGN: Criterion.objects.create(call=calls[P.FOREIGN], name="TKI-vaikuttavuus", weight=D("1")),
    }
    criteria[P.OTHER] = criteria[P.OWN]
    coordinator = users[P.COORDINATOR]
    other_in_review = proposals[P.OTHER]
    objects["criterion"] = criteria
    objects["review"] = {
        P.OWN: Review.objects.create(
            proposal=proposals[P.LOCKED], reviewer=users[P.REVIEWER], assigned_by=coordinator
        ),
        P.OTHER: Review.objects.create(
            proposal=other_in_review, reviewer=other_reviewer, assigned_by=coordinator
        ),
        P.FOREIGN: Review.objects.create(
            proposal=proposals[P.FOREIGN], reviewer=foreign_reviewer, assigned_by=b_coordinator
        ),
    }


# How a URL's arguments come from the object of a subject.
def url_kwargs(subject: str | None, obj: object) -> dict[str, object]:
    if subject is None:
        return {}
    if subject == "agreement":
        return {"slug": obj.slug}
    if subject == "criterion":
        return {"call_pk": obj.call_id, "pk": obj.pk}
    if subject == "call":
        return {"pk": obj.pk, "call_pk": obj.pk}
    if subject == "project_change":  # a change request on its project's page
        return {"pk": obj.project_id, "cr": obj.pk}
    return {"pk": obj.pk}


# Subjects that are another subject's objects seen through a different URL.
ALIASES = {"project_change": "change_request"}


def url_for(key: str, policy: P.Policy, world: World, relation: str) -> str:
    kwargs: dict[str, object] = {}
    if policy.subject is not None:
        objects = world.objects[ALIASES.get(policy.subject, policy.subject)]
        kwargs.update(url_kwargs(policy.subject, objects[relation]))
    kwargs.update(policy.extra)
    route = next(r for r in APP_ROUTES if r.key == key)
    wanted = {k: v for k, v in kwargs.items() if f"<{k}>" in route.route or f":{k}>" in route.route}
    return reverse(key, kwargs=wanted)


def tokens(world: World, relation: str) -> dict[str, object]:
    """Values a policy's POST data may name: objects of the user's own agreement (and, for
    {agenda_item}, the item of the meeting of this relation)."""
    o = world.objects
    today = timezone.localdate()
    same = relation if relation in (P.OWN, P.OTHER, P.FOREIGN) else P.OWN
    return {
        "agreement_slug": world.agreement.slug,
        "today": today.isoformat(),
        "future": (today + dt.timedelta(days=30)).isoformat(),
        "call": o["call"][P.OWN].pk,
        "org_own": o["organisation"][P.OWN].pk,
        "proposal": o["proposal"][P.LOCKED].pk,
        "presented": o["presented"][P.OWN].pk,
        "criterion": o["criterion"][P.OWN].pk,
        "idea_other": o["idea"][P.OTHER].pk,
        "project": o["project"][P.OWN].pk,
        "agenda_item": o["agenda_item"][same].pk,
    }


def fill(value: object, values: dict[str, object]) -> object:
    if isinstance(value, str):
        filled = value.format(**values)
        return int(filled) if value.startswith("{") and value.endswith("}") and filled.isdigit() else filled
    if isinstance(value, dict):
        return {str(fill(k, values)): fill(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, values) for v in value]
    return value


def outcome_of(response) -> str:
    if response.status_code in (301, 302):
        return P.LOGIN if response["Location"].split("?")[0].endswith(reverse("login")) else P.REDIRECT
    return str(response.status_code)


def subject_of(world: World, policy: P.Policy, relation: str) -> object:
    """The object of ``relation`` that the URL names (None for a page of no object)."""
    if policy.subject is None or relation == P.NONE:
        return None
    return world.objects[ALIASES.get(policy.subject, policy.subject)][relation]


def expected(world: World, policy: P.Policy, method: str, role: str, relation: str) -> str:
    """What the permission table says the role gets: ``can`` asked as the world's user of the role."""

    def decide(role: str, action: str, target: object) -> Decision:
        return can(world.users[role], action, target)

    return policy.expected(method, role, relation, subject_of(world, policy, relation), decide)


def observe(world: World, key: str, policy: P.Policy, method: str) -> dict[tuple[str, str], tuple[str, str]]:
    """(role, relation) -> (expected, observed), in an order that keeps allowed writes last."""
    results = {}
    pairs = [(role, rel) for role in P.ROLES for rel in policy.relations]
    answers = {pair: expected(world, policy, method, *pair) for pair in pairs}
    if method == "POST":
        pairs.sort(key=lambda pair: answers[pair] not in P.REFUSED)
    for role, relation in pairs:
        client = Client()
        user = world.users[role]
        if user.is_authenticated:
            client.force_login(user)
        url = url_for(key, policy, world, relation)
        expected_answer = answers[(role, relation)]
        entries = AuditEntry.objects.count()
        if method == "GET":
            response = client.get(url)
        else:
            data = fill(dict(policy.post_data), tokens(world, relation))
            if policy.json:
                response = client.post(url, data, content_type="application/json")
            else:
                response = client.post(url, data)
        observed = outcome_of(response)
        if method == "POST" and expected_answer in P.REFUSED and AuditEntry.objects.count() != entries:
            observed += " (and it wrote an audit entry!)"
        results[(role, relation)] = (expected_answer, observed)
    return results


def matches(expected: str, observed: str) -> bool:
    return observed in P.WRITE_ANSWERS if expected == P.WRITE else observed == expected


def _mismatches(results: dict[tuple[str, str], tuple[str, str]]) -> list[str]:
    return [
        f"{role:18} {relation:8} expected {expected:6} got {observed}"
        for (role, relation), (expected, observed) in results.items()
        if not matches(expected, observed)
    ]


def _judge(what: str, policy: P.Policy, problems: list[str]) -> None:
    if problems and policy.known_issue:
        pytest.xfail(f"{what}: known issue: {policy.known_issue}\n" + "\n".join(problems))
    assert not problems, f"{what}: {policy.why}\n" + "\n".join(problems)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """One world for the module, in a transaction rolled back at its end; each test runs in a savepoint
    inside it, so that a test's writes are undone before the next one."""
    with django_db_blocker.unblock(), transaction.atomic():
        translation.activate("fi")
        yield build_world()
        translation.deactivate()
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(P.POLICIES))
def test_permission_matrix__get(key: str, world: World) -> None:
    policy = P.POLICIES[key]
    problems = _mismatches(observe(world, key, policy, "GET"))
    _judge(f"GET {key}", policy, problems)


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(k for k, v in P.POLICIES.items() if v.post is not None))
def test_permission_matrix__post(key: str, world: World) -> None:
    policy = P.POLICIES[key]
    problems = _mismatches(observe(world, key, policy, "POST"))
    _judge(f"POST {key}", policy, problems)


@pytest.mark.django_db
def test_admin__every_role__is_sent_to_admin_sign_in(world: World) -> None:
    lists = [r.key for r in ROUTES if P.ADMIN_NAMESPACE in r.namespaces and r.key.endswith("_changelist")]
    assert lists
    for role, user in world.users.items():
        client = Client()
        if user.is_authenticated:
            client.force_login(user)
        for key in ["admin:index", *lists]:
            response = client.get(reverse(key))
            # signed-in users without is_staff go to the admin's sign-in
            # (the admin's index sends the anonymous to the admin's sign-in, its lists to the site's)
            sign_in = (reverse("login"), "/admin/login/") if role == P.ANONYMOUS else ("/admin/login/",)
            assert response.status_code == 302 and response["Location"].startswith(sign_in), (role, key)
