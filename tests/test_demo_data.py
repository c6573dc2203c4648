"""`salkku demo-data`: the deterministic demo portfolio and the demo users.

The portfolio is generated once for the module (inside a transaction that is rolled back at the end);
each test runs in its own savepoint on top of it, so tests that reset or regenerate do not disturb the
others.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from accounts.models import Role, RoleAssignment, User
from audit.models import AuditEntry
from audit.services import Actor
from cores.budget import BudgetLineIn, build_budget
from cores.business_id import is_valid_business_id
from cores.cofinancing import FRAME_SOURCES, OWN_SOURCES, check_plan
from cores.frames import commitments_by_fund_year
from cores.money import ZERO, total
from demo.catalogue import DECISION_CALL, NEAR_DUPLICATE_TITLES, NEAR_DUPLICATES, REAL_ORGANISATIONS
from demo.generator import DEFAULT_SEED, DEMO_TODAY, build_plan, project_status
from demo.models import DemoDataset
from demo.plan import COST_CATEGORIES
from demo.services import agreement_facts, demo_data_create, demo_data_reset
from demo.users import DEMO_USERS, demo_password, demo_users_ensure
from partners.models import Organisation, OrganisationKind
from pipeline.models import Idea, PartnerRole, Proposal, ProposalStatus
from portfolio.models import Scenario, ScenarioStatus
from portfolio.problems import RunOptions, build_problem
from programme.models import Agreement, AnnualFrame
from programme.services import agreement_load
from projects.models import Project
from projects.money import committed_projects
from review.models import Criterion, Review, ReviewStatus, Score
from review.services import conflict_reason

ACTOR = Actor(label="tests")


@dataclass
class Demo:
    agreement: Agreement
    snapshot: dict[str, object]


def snapshot(agreement: Agreement) -> dict[str, object]:
    """What must be the same for the same seed: texts, statuses and money."""
    proposals = Proposal.objects.filter(agreement=agreement).prefetch_related(
        "budget_lines", "financing_lines"
    )
    return {
        "ideas": sorted(Idea.objects.filter(agreement=agreement).values_list("title", "status", "summary")),
        "proposals": sorted(
            (
                p.title,
                p.status,
                str(total(b.amount for b in p.budget_lines.all())),
                tuple(sorted((f.source, str(f.amount)) for f in p.financing_lines.all())),
            )
            for p in proposals
        ),
        "projects": sorted(
            Project.objects.funded().filter(agreement=agreement).values_list("code", "name", "status")
        ),
        "generated": sorted(
            Organisation.objects.filter(is_generated=True).values_list("name", "business_id")
        ),
        "reviews": sorted(
            (
                r.proposal.title,
                r.reviewer.username,
                r.status,
                tuple((s.criterion.order, s.value, s.comment) for s in r.scores.all()),
            )
            for r in Review.objects.filter(proposal__agreement=agreement)
            .select_related("proposal", "reviewer")
            .prefetch_related("scores__criterion")
        ),
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        agreement_load(slug="capital-region", actor=ACTOR)
        agreement = Agreement.objects.get(slug="capital-region")
        demo_data_create(agreement=agreement, seed=DEFAULT_SEED, actor=ACTOR)
        demo_users_ensure(agreement=agreement, actor=ACTOR)
        yield Demo(agreement, snapshot(agreement))
        transaction.set_rollback(True)


def plan_of(agreement: Agreement, seed: int = DEFAULT_SEED):
    return build_plan(agreement_facts(agreement), seed=seed)


def budget_of(owner) -> object:
    rate = owner.indirect_rate if isinstance(owner, Proposal) else owner.proposal.indirect_rate
    return build_budget(
        [BudgetLineIn(b.year, b.category, b.amount) for b in owner.budget_lines.all()],
        indirect_rate=rate,
        categories=COST_CATEGORIES,
    )


def financing_of(owner) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = {}
    for line in owner.financing_lines.all():
        sums[line.source] = sums.get(line.source, ZERO) + line.amount
    return sums


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


pytestmark = pytest.mark.django_db


# -- counts, themes, cities -------------------------------------------------------------------------------


def test_demo_data__default_seed__creates_160_ideas_92_proposals_40_funded_projects(demo: Demo) -> None:
    # given the demo portfolio; then the counts are those the issue asks for
    agreement = demo.agreement
    assert Idea.objects.filter(agreement=agreement).count() == 160
    assert Proposal.objects.filter(agreement=agreement).count() == 92
    assert Proposal.objects.filter(agreement=agreement, status=ProposalStatus.FUNDED).count() == 40
    projects = Project.objects.funded().filter(agreement=agreement)
    assert projects.count() == 40
    assert all(p.proposal.status == ProposalStatus.FUNDED and p.source == "salkku" for p in projects)
    assert all(hasattr(p, "funding_decision") for p in projects)
    assert Organisation.objects.filter(is_generated=True).count() == 62
    # and the pipeline has every stage, not just funded projects
    statuses = set(Proposal.objects.filter(agreement=agreement).values_list("status", flat=True))
    assert {
        "funded",
        "rejected",
        "withdrawn",
        "presented",
        "in_review",
        "submitted",
        "returned",
        "draft",
    } <= statuses
    assert set(Idea.objects.filter(agreement=agreement).values_list("status", flat=True)) == {
        "submitted",
        "invited",
        "merged",
        "declined",
    }


def test_demo_data__themes_and_cities__all_four_themes_and_three_cities_are_used(demo: Demo) -> None:
    # given the funded projects and their consortia
    projects = Project.objects.funded().filter(agreement=demo.agreement).select_related("theme", "proposal")
    themes = Counter(p.theme.code for p in projects)
    cities_in = Counter(
        partner.organisation.name
        for p in projects
        for partner in p.proposal.partners.select_related("organisation")
        if partner.organisation.kind == OrganisationKind.CITY
    )
    # then every priority theme has funded projects, the coordination project is there, every city takes part
    assert {"T1", "T2", "T3", "T4"} <= set(themes)
    assert themes["K"] == 1
    assert set(cities_in) == {"Helsingin kaupunki", "Espoon kaupunki", "Vantaan kaupunki"}
    # and the money is not split evenly: the largest theme has clearly more projects than the smallest
    priority = [themes[t] for t in ("T1", "T2", "T3", "T4")]
    assert max(priority) >= 2 * min(priority)


def test_demo_data__consortia__have_one_lead_and_mostly_a_research_organisation(demo: Demo) -> None:
    proposals = list(
        Proposal.objects.filter(agreement=demo.agreement).prefetch_related("partners__organisation")
    )
    research = {OrganisationKind.UNIVERSITY, OrganisationKind.UAS, OrganisationKind.RESEARCH_INSTITUTE}
    with_research = 0
    for proposal in proposals:
        roles = Counter(p.role for p in proposal.partners.all())
        assert roles[PartnerRole.LEAD] == 1, proposal.title
        assert 1 <= roles[PartnerRole.PARTNER] + roles[PartnerRole.ASSOCIATED] <= 5, proposal.title
        with_research += any(p.organisation.kind in research for p in proposal.partners.all())
    assert with_research >= 0.75 * len(proposals)


# -- money ------------------------------------------------------------------------------------------------


def test_demo_data__every_proposal_and_project__passes_the_cofinancing_check(demo: Demo) -> None:
    # given the agreement's rule and each plan's theme
    agreement = demo.agreement
    rule = agreement.cofinancing_rule()
    owners = list(
        Proposal.objects.filter(agreement=agreement)
        .select_related("theme")
        .prefetch_related("budget_lines", "financing_lines", "theme__eligible_funds")
    ) + list(
        Project.objects.funded()
        .filter(agreement=agreement)
        .select_related("theme", "proposal")
        .prefetch_related("budget_lines", "financing_lines", "theme__eligible_funds")
    )
    assert len(owners) == 132
    for owner in owners:
        funds = [f.code for f in owner.theme.eligible_funds.all()]
        # when the plan is checked; then it breaks no rule
        problems = check_plan(
            eligible_costs=budget_of(owner).eligible_total,
            financing=financing_of(owner),
            rule=rule,
            eligible_funds=funds,
            theme_label=owner.theme.code,
        )
        assert problems == [], (str(owner), [p.message for p in problems])


def test_demo_data__financing__equals_eligible_costs_to_the_cent(demo: Demo) -> None:
    proposals = Proposal.objects.filter(agreement=demo.agreement).prefetch_related(
        "budget_lines", "financing_lines"
    )
    for proposal in proposals:
        budget = budget_of(proposal)
        assert total(financing_of(proposal).values()) == budget.eligible_total, proposal.title
        # indirect costs are 0 % or 15 % of each year's personnel costs, rounded half up to cents
        assert proposal.indirect_rate in (Decimal("0.00"), Decimal("0.15"))
        for year in budget.years:
            expected = (budget.cell("personnel", year) * proposal.indirect_rate).quantize(Decimal("0.01"))
            assert budget.indirect(year) == expected
        # and personnel dominates the budget
        assert budget.category_total("personnel") > budget.direct_total / 2


def test_demo_data__funded_projects__carry_their_own_copy_of_the_plan(demo: Demo) -> None:
    projects = (
        Project.objects.funded()
        .filter(agreement=demo.agreement)
        .select_related("proposal")
        .prefetch_related(
            "budget_lines",
            "financing_lines",
            "indicator_targets",
            "proposal__budget_lines",
            "proposal__financing_lines",
            "proposal__indicator_targets",
        )
    )
    for project in projects:
        proposal = project.proposal

        def lines(owner):
            return sorted((b.year, b.category, b.amount) for b in owner.budget_lines.all())

        def money(owner):
            return sorted((f.source, f.organisation_id, f.amount) for f in owner.financing_lines.all())

        assert lines(project) == lines(proposal) != []
        assert money(project) == money(proposal)
        assert len(project.indicator_targets.all()) == len(proposal.indicator_targets.all()) >= 2
        assert project.budget_lines.all()[0].proposal_id is None  # a copy, not the proposal's lines


def test_demo_data__own_financing__names_its_organisation_by_kind(demo: Demo) -> None:
    proposals = Proposal.objects.filter(agreement=demo.agreement).prefetch_related(
        "financing_lines__organisation", "partners"
    )
    expected = {OrganisationKind.CITY: "CITY", OrganisationKind.COMPANY: "PRIVATE"}
    for proposal in proposals:
        members = {p.organisation_id for p in proposal.partners.all() if p.role != PartnerRole.ASSOCIATED}
        for line in proposal.financing_lines.all():
            if line.source in OWN_SOURCES:
                assert line.organisation_id in members, proposal.title
                assert line.source == expected.get(line.organisation.kind, "OWN"), proposal.title
            else:
                assert line.source in FRAME_SOURCES and line.organisation is None


def test_demo_data__commitments__stay_within_every_annual_frame_and_use_most_of_it(demo: Demo) -> None:
    # given the funded projects' money spread over their years as the overview spreads it
    agreement = demo.agreement
    committed = commitments_by_fund_year(committed_projects(agreement))
    frames = {(f.fund.code, f.year): f.amount for f in AnnualFrame.objects.filter(agreement=agreement)}
    # then nothing is unallocated, every fund-year is within its frame
    assert committed.unallocated == {}
    for key, amount in committed.by_fund_year.items():
        assert key in frames, f"{key} has commitments but no frame"
        assert amount <= frames[key], key
    # and the past years use 60-90 % of the ERDF + state frame, so the overview looks real
    for year in (2022, 2023, 2024, 2025):
        frame = frames[("ERDF", year)] + frames[("STATE", year)]
        used = (committed.get("ERDF", year) + committed.get("STATE", year)) / frame
        assert Decimal("0.6") <= used <= Decimal("0.9"), (year, used)


# -- reviews and the decision call ------------------------------------------------------------------------


def test_demo_data__reviews__two_or_three_reviewers_score_every_criterion_without_conflicts(
    demo: Demo,
) -> None:
    # given the proposals of the demo's calls
    proposals = list(
        Proposal.objects.filter(agreement=demo.agreement, call__isnull=False).prefetch_related(
            "reviews__scores", "reviews__reviewer", "partners"
        )
    )
    criteria = Counter(
        Criterion.objects.filter(call__agreement=demo.agreement).values_list("call_id", flat=True)
    )
    today_end = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
    reviewed = {"in_review", "presented", "funded", "rejected"}
    for proposal in proposals:
        reviews = list(proposal.reviews.all())
        if proposal.status not in reviewed:
            # then only the proposals that went through review have reviews (a submitted one is not assigned)
            assert reviews == [], proposal.title
            continue
        assert 2 <= len(reviews) <= 3, proposal.title
        assert sum(r.status == ReviewStatus.SUBMITTED for r in reviews) >= 2 or proposal.status == "in_review"
        for review in reviews:
            # never a reviewer acting for an organisation of the consortium
            assert conflict_reason(reviewer=review.reviewer, proposal=proposal) is None, proposal.title
            assert review.reviewer.username.startswith("arvioija-")
            assert proposal.submitted_at < review.assigned_at < today_end
            scores = list(review.scores.all())
            if review.status == ReviewStatus.ASSIGNED:
                assert proposal.status == "in_review" and review.submitted_at is None and scores == []
                continue
            assert review.assigned_at < review.submitted_at < today_end
            if hasattr(proposal, "project"):
                assert review.submitted_at.date() < proposal.project.funding_decision.decided_on
            # and every criterion of the call has a score 1–5
            assert len(scores) == criteria[proposal.call_id] == 6
            assert all(1 <= s.value <= 5 for s in scores)
    # funded proposals score higher than rejected ones, reviewers disagree a little, some scores have comments
    submitted = Score.objects.filter(review__proposal__agreement=demo.agreement, review__status="submitted")

    def mean(status: str) -> float:
        values = list(submitted.filter(review__proposal__status=status).values_list("value", flat=True))
        return sum(values) / len(values)

    assert mean("funded") > mean("rejected") + 0.5
    assert set(submitted.values_list("value", flat=True)) == {1, 2, 3, 4, 5}
    comments = [c for c in submitted.values_list("comment", flat=True) if c]
    assert 0.1 * submitted.count() < len(comments) < 0.6 * submitted.count()
    assert all(c.endswith(".") for c in comments)
    values: dict[tuple[int, int], list[int]] = {}
    for proposal_id, criterion_id, value in submitted.values_list(
        "review__proposal_id", "criterion_id", "value"
    ):
        values.setdefault((proposal_id, criterion_id), []).append(value)
    spreads = Counter(max(v) - min(v) for v in values.values() if len(v) >= 2)
    assert spreads[0] > 0 and spreads[1] > 0 and spreads[0] + spreads[1] > sum(spreads.values()) / 2
    # and the reviewer of the lead university (arvioija-2) reviews, but fewer proposals than the others
    per_reviewer = Counter(
        Review.objects.filter(proposal__agreement=demo.agreement).values_list("reviewer__username", flat=True)
    )
    assert set(per_reviewer) == {"arvioija-1", "arvioija-2", "arvioija-3"}
    assert per_reviewer["arvioija-2"] < min(per_reviewer["arvioija-1"], per_reviewer["arvioija-3"])


def test_demo_data__decision_call__asks_for_much_more_than_the_frames_have_left(demo: Demo) -> None:
    # given the call whose proposals await the steering group's choice
    call = demo.agreement.calls.get(title__contains=DECISION_CALL)
    proposals = Proposal.objects.filter(call=call, status__in=["submitted", "in_review", "presented"])
    assert 20 <= proposals.count() <= 25
    # when it is built as a portfolio problem
    built = build_problem(call, RunOptions())
    # then every proposal in review is a candidate; only those not yet reviewed are left out, for lack of scores
    in_review = set(proposals.filter(status="in_review").values_list("pk", flat=True))
    assert set(built.proposals.values()) == in_review and len(in_review) >= 18
    assert {pk for pk, _ in built.left_out} == set(
        proposals.filter(status="submitted").values_list("pk", flat=True)
    )
    assert all(why.startswith(("no score", "ei pisteitä")) for _, why in built.left_out)
    # and they ask for well over twice the frame money still free in their years
    problem = built.problem
    asked: Counter[tuple[str, int]] = Counter()
    used: Counter[tuple[str, int]] = Counter()
    for candidate in problem.candidates:
        for year, by_fund in candidate.costs.items():
            for fund, cents in by_fund.items():
                (used if candidate.funded else asked)[(fund, year)] += cents
    free = sum(
        problem.rules.frames[key] - used[key]
        for key in problem.rules.frames
        if key[1] in {y for _, y in asked}
    )
    assert sum(asked.values()) > 2 * free > 0
    # the proposals come from every theme and name every city
    themes = set(proposals.values_list("theme__code", flat=True))
    assert themes == {"T1", "T2", "T3", "T4"}
    assert proposals.filter(adopting_cities__isnull=False).values("adopting_cities").distinct().count() == 3


# -- dates and statuses -----------------------------------------------------------------------------------


def test_demo_data__dates__fall_in_the_period_and_statuses_follow_the_demo_date(demo: Demo) -> None:
    agreement = demo.agreement
    for project in Project.objects.funded().filter(agreement=agreement).select_related("funding_decision"):
        assert dt.date(2022, 1, 1) <= project.start_date < project.end_date <= dt.date(2027, 12, 31)
        assert project.status == project_status(project.start_date, project.end_date, DEMO_TODAY)
        assert project.funding_decision.decided_on <= DEMO_TODAY
        assert re.fullmatch(r"[AS]\d{5}", project.code), project.code
        assert project.funding_decision.eura_code == project.code
    assert {"planned", "active", "closed"} <= set(
        Project.objects.funded().filter(agreement=agreement).values_list("status", flat=True)
    )
    today_end = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
    for idea in Idea.objects.filter(agreement=agreement).select_related("call"):
        assert idea.call.opens_on <= idea.submitted_at.date() <= idea.call.closes_on
        assert idea.submitted_at < today_end
    for proposal in Proposal.objects.filter(agreement=agreement):
        assert proposal.end_date <= dt.date(2027, 12, 31)
        assert (proposal.submitted_at is None) == (proposal.status == ProposalStatus.DRAFT)
        if proposal.submitted_at:
            assert proposal.created_at <= proposal.submitted_at < today_end


# -- organisations and people -----------------------------------------------------------------------------


def test_demo_data__organisations__real_names_and_valid_business_ids(demo: Demo) -> None:
    real = {o.name: o for o in Organisation.objects.filter(name__in=[s.name for s in REAL_ORGANISATIONS])}
    assert set(real) == {s.name for s in REAL_ORGANISATIONS}
    assert not any(o.is_generated for o in real.values())
    assert real["HUS Helsingin yliopistollinen sairaala"].kind == OrganisationKind.HOSPITAL
    generated = list(Organisation.objects.filter(is_generated=True))
    assert all(o.kind == OrganisationKind.COMPANY and is_valid_business_id(o.business_id) for o in generated)
    assert len({o.business_id for o in generated}) == len(generated)
    assert Counter(o.size for o in generated)["sme"] > 50
    for org in Organisation.objects.exclude(business_id=""):
        assert is_valid_business_id(org.business_id), org.name


def test_demo_data__wellbeing_counties__appear_only_from_2023(demo: Demo) -> None:
    counties = Organisation.objects.filter(name__endswith="hyvinvointialue")
    for proposal in Proposal.objects.filter(agreement=demo.agreement, partners__organisation__in=counties):
        assert proposal.call.closes_on >= dt.date(2022, 3, 1) and proposal.start_date >= dt.date(2023, 1, 1)


def test_demo_data__contact_persons__are_fictitious(demo: Demo) -> None:
    dataset = DemoDataset.objects.get(agreement=demo.agreement)
    from partners.models import Person

    people = Person.objects.filter(pk__in=dataset.object_ids["partners.person"])
    assert people.count() >= 10
    assert all(p.email.endswith("@example.test") for p in people)


# -- texts ------------------------------------------------------------------------------------------------


def test_demo_data__texts__are_finnish_varied_and_complete(demo: Demo) -> None:
    ideas = list(Idea.objects.filter(agreement=demo.agreement))
    proposals = list(Proposal.objects.filter(agreement=demo.agreement))
    for text in [i.summary for i in ideas] + [p.summary for p in proposals]:
        assert "{" not in text and "}" not in text
        sentences = [s for s in re.split(r"(?<=\.)\s+", text) if s]
        assert 2 <= len(sentences) <= 5, text
    assert len({i.title for i in ideas}) == len(ideas)
    # proposals repeat their idea's title; otherwise titles and acronyms are unique
    assert len({p.acronym for p in proposals}) == len(proposals)
    # ideas on the same topic do not share their opening sentence with more than a few others
    openings = Counter(i.summary.split(". ")[0] for i in ideas)
    assert openings.most_common(1)[0][1] <= 3
    finnish_words = {"ja", "on", "ovat", "että", "sekä", "kanssa", "hankkeen", "tavoitteena", "ideana"}
    assert all(words(i.summary) & finnish_words for i in ideas)


def test_demo_data__near_duplicates__exist_in_different_organisations_and_are_not_linked(demo: Demo) -> None:
    assert len(NEAR_DUPLICATE_TITLES) == len(NEAR_DUPLICATES) >= 4
    for first_title, second_title in NEAR_DUPLICATE_TITLES:
        first = Idea.objects.get(agreement=demo.agreement, title=first_title)
        second = Idea.objects.get(agreement=demo.agreement, title=second_title)
        # then the two are by different organisations, almost the same text, and nothing links them
        assert first.organisation_id != second.organisation_id
        a, b = words(first.summary), words(second.summary)
        assert len(a & b) / len(a | b) >= 0.5, (first_title, second_title)
        assert first.merged_into_id is None and second.merged_into_id is None
        assert not first.related.filter(pk=second.pk).exists()
    proposal_pairs = [d for d in NEAR_DUPLICATES if d.kind == "proposal"]
    assert proposal_pairs
    for dup in proposal_pairs:
        funded = Proposal.objects.get(agreement=demo.agreement, title=dup.first.title)
        pending = Proposal.objects.get(agreement=demo.agreement, title=dup.second.title)
        assert hasattr(funded, "project") and pending.status == ProposalStatus.IN_REVIEW
    # and no accidental pair of other ideas is as close as the planted ones
    others = [
        i
        for i in Idea.objects.filter(agreement=demo.agreement)
        if i.title not in {t for pair in NEAR_DUPLICATE_TITLES for t in pair}
    ]
    closest = max(
        len(words(x.summary) & words(y.summary)) / len(words(x.summary) | words(y.summary))
        for n, x in enumerate(others)
        for y in others[n + 1 :]
        if x.merged_into_id != y.pk and y.merged_into_id != x.pk
    )
    assert closest < 0.5


# -- determinism, second run, reset -----------------------------------------------------------------------


def test_build_plan__same_seed__same_portfolio_and_another_seed__another(demo: Demo) -> None:
    # given the same agreement facts; when the plan is built twice with the same seed
    first, second = plan_of(demo.agreement), plan_of(demo.agreement)

    def fingerprint(plan):
        return [
            (p.title, p.summary, p.start, p.end, [(f.source, f.org, f.amount) for f in p.financing])
            for p in plan.proposals
        ]

    # then everything is the same, down to the cent; and another seed gives other projects
    assert fingerprint(first) == fingerprint(second)
    assert first.commitments() == second.commitments()
    other = plan_of(demo.agreement, seed=DEFAULT_SEED + 1)
    assert [p.title for p in other.proposals] != [p.title for p in first.proposals]
    assert {t for t, _, _, _, _ in fingerprint(other)} != {t for t, _, _, _, _ in fingerprint(first)}


def test_demo_data__second_run__changes_nothing_and_says_so(demo: Demo) -> None:
    # given the demo data; when the command runs again without --reset
    before = snapshot(demo.agreement)
    out = StringIO()
    call_command("demo-data", stdout=out)
    # then nothing is duplicated and the output says how to regenerate
    assert "already present" in out.getvalue() and "--reset" in out.getvalue()
    assert snapshot(demo.agreement) == before
    with pytest.raises(Exception, match="already present"):
        demo_data_create(agreement=demo.agreement, actor=ACTOR)


def test_demo_data__reset__removes_and_regenerates_the_same_portfolio(demo: Demo) -> None:
    # given the demo data and the real organisations it uses
    real_before = Organisation.objects.filter(is_generated=False).count()
    # when the command runs with --reset
    out = StringIO()
    call_command("demo-data", "--reset", stdout=out)
    # then the same seed gives the same portfolio, without duplicates, and the real organisations stay
    assert snapshot(demo.agreement) == demo.snapshot
    assert Organisation.objects.filter(is_generated=False).count() == real_before
    assert DemoDataset.objects.count() == 1
    text = out.getvalue()
    assert "Removed the earlier demo content" in text
    assert "committed" in text and "koordinaattori" in text and demo_password("koordinaattori") in text
    assert AuditEntry.objects.filter(action="demo_data.reset").exists()
    # and the decision call has a finished scenario with a portfolio, made by the coordinator
    scenario = Scenario.objects.get(agreement=demo.agreement, parent__isnull=True)
    assert scenario.name == f"Ehdotus: {scenario.call.title}" and DECISION_CALL in scenario.name
    assert scenario.status == ScenarioStatus.DONE and scenario.feasible and scenario.selected_ids()
    assert scenario.created_by.username == "koordinaattori"
    assert "decision support" in text
    # and beside it a finished what-if with every frame 10 % smaller, so two options can be compared
    what_if = Scenario.objects.get(agreement=demo.agreement, parent=scenario)
    assert what_if.status == ScenarioStatus.DONE and what_if.feasible
    assert what_if.change == "jokainen vuosikehys −10 %"  # the fallback wording, in the site's language
    # stored as what changed, and the names as their parts, so each reader reads them in their language
    assert what_if.change_spec == {"kind": "frame", "percent": -10}
    assert scenario.name_parts == [{"kind": "proposal_for_call", "call": scenario.call.title}]
    with translation.override("sv"):
        assert what_if.label == f"Förslag: {scenario.call.title} · varje årsram −10 %"
    assert what_if.name.startswith(scenario.name) and what_if.call_id == scenario.call_id
    assert "what-if" in text
    # a second reset replaces both
    call_command("demo-data", "--reset", stdout=StringIO())
    assert Scenario.objects.filter(agreement=demo.agreement).count() == 2
    assert not Scenario.objects.filter(pk__in=[scenario.pk, what_if.pk]).exists()


def test_demo_data_reset__with_another_seed__gives_another_valid_portfolio(demo: Demo) -> None:
    # when the demo is removed and made again with another seed
    removed = demo_data_reset(agreement=demo.agreement, actor=ACTOR)
    assert removed["proposals"] == 92 and removed["generated organisations"] == 62
    assert removed["reviews"] > 150
    assert not Proposal.objects.filter(agreement=demo.agreement).exists()
    summary = demo_data_create(agreement=demo.agreement, seed=7, actor=ACTOR)
    # then it differs but has the same shape
    assert snapshot(demo.agreement)["ideas"] != demo.snapshot["ideas"]
    assert (summary.idea_total, summary.proposal_total, summary.project_total) == (160, 92, 40)
    assert summary.review_total > 150 and summary.scores > 6 * 150


def test_demo_data__production_settings__refuse_and_write_nothing(demo: Demo) -> None:
    before = snapshot(demo.agreement)
    with override_settings(DEMO_MODE=False):
        with pytest.raises(CommandError, match="demo mode only"):
            call_command("demo-data", "--reset", stdout=StringIO())
        with pytest.raises(CommandError, match="demo mode only"):
            call_command("demo-data", "--users", stdout=StringIO())
        with pytest.raises(ImproperlyConfigured):
            demo_users_ensure(agreement=demo.agreement, actor=ACTOR)
        with pytest.raises(ImproperlyConfigured):
            demo_data_reset(agreement=demo.agreement, actor=ACTOR)
    assert snapshot(demo.agreement) == before


def test_demo_data__agreement_missing__is_loaded_first(demo: Demo, monkeypatch: pytest.MonkeyPatch) -> None:
    # given an agreement slug that is in the data files but not in the database (one without cities)
    import importlib

    command = importlib.import_module("demo.management.commands.demo-data")
    monkeypatch.setattr(command, "DEMO_AGREEMENT_SLUG", "tampere")
    assert not Agreement.objects.filter(slug="tampere").exists()
    # when the command runs; then it loads the agreement, and says clearly why no demo can be made of it
    with pytest.raises(CommandError, match="lacks the cities"):
        call_command("demo-data", stdout=StringIO())
    assert Agreement.objects.filter(slug="tampere").exists()


# -- users ------------------------------------------------------------------------------------------------


def test_demo_users__one_for_every_role__with_working_passwords(demo: Demo) -> None:
    assignments = list(
        RoleAssignment.objects.filter(user__username__in=[u.username for u in DEMO_USERS]).select_related(
            "user", "organisation"
        )
    )
    by_role = Counter(a.role for a in assignments)
    # then every role has a demo user: three steering-group members (one per city) and three reviewers
    assert set(by_role) == set(Role.values)
    assert by_role[Role.STEERING_GROUP] == 3 and by_role[Role.REVIEWER] == 3 and by_role[Role.APPLICANT] == 2
    steering_cities = {a.organisation.name for a in assignments if a.role == Role.STEERING_GROUP}
    assert steering_cities == {"Helsingin kaupunki", "Espoon kaupunki", "Vantaan kaupunki"}
    ministry = next(a for a in assignments if a.role == Role.MINISTRY)
    assert ministry.agreement_id is None
    assert all(a.agreement_id == demo.agreement.pk for a in assignments if a.role != Role.MINISTRY)
    # the applicants act for a university and a generated company that both lead proposals
    applicants = {a.user.username: a.organisation for a in assignments if a.role == Role.APPLICANT}
    assert applicants["hakija-yliopisto"].kind == OrganisationKind.UNIVERSITY
    assert applicants["hakija-yritys"].is_generated
    for org in applicants.values():
        assert org.partnerships.filter(role=PartnerRole.LEAD, proposal__agreement=demo.agreement).exists()
    # the administrator is a superuser, and every password printed is the user's password
    assert User.objects.get(username="admin").is_superuser
    for spec in DEMO_USERS:
        user = User.objects.get(username=spec.username)
        assert check_password(demo_password(spec.username), user.password), spec.username
    assert authenticate(username="koordinaattori", password=demo_password("koordinaattori")) is not None
    # and the steering group's seats hold the demo members
    seated = set(
        demo.agreement.steering_group.seats.exclude(user=None).values_list("user__username", flat=True)
    )
    assert seated == {"johtoryhma-helsinki", "johtoryhma-espoo", "johtoryhma-vantaa"}


def test_demo_users__run_twice__same_users_and_roles(demo: Demo) -> None:
    before = sorted(
        RoleAssignment.objects.values_list("user__username", "role", "organisation_id", "agreement_id")
    )
    users = User.objects.count()
    out = StringIO()
    call_command("demo-data", "--users", stdout=out)
    assert User.objects.count() == users
    assert (
        sorted(
            RoleAssignment.objects.values_list("user__username", "role", "organisation_id", "agreement_id")
        )
        == before
    )
    assert all(spec.username in out.getvalue() for spec in DEMO_USERS)


def test_demo_data__network__timeline_has_a_gap_and_cities_adopted_solutions(demo: Demo) -> None:
    # given the demo; then its test environments are published with periods, and the timeline shows a gap
    # in a city that has environments on the theme (Helsinki's T1: Jätkäsaari and Kalasatama both break)
    from ecosystem.models import Adoption
    from ecosystem.timeline import build_timeline, timeline_environments
    from partners.models import TestEnvironment

    envs = TestEnvironment.objects.filter(periods__isnull=False).distinct()
    assert envs.count() == TestEnvironment.objects.count() and envs.filter(is_published=True).exists()
    timeline = build_timeline(demo.agreement, timeline_environments(TestEnvironment.objects.all()))
    helsinki_t1 = next(r for r in timeline.rows if r.city.name.startswith("Helsin") and r.theme.code == "T1")
    assert helsinki_t1.per_year[0] >= 1
    assert [(g.start, g.end) for g in helsinki_t1.gaps] == [(dt.date(2024, 1, 1), dt.date(2024, 4, 30))]
    # and cities adopted solutions of funded projects, each with a provider and evidence
    adoptions = Adoption.objects.filter(project__agreement=demo.agreement)
    assert adoptions.count() >= 3
    assert all(a.provider_id and a.evidence for a in adoptions)


def test_readme__progress_report_flow__its_applicant_has_a_report_to_edit(demo: Demo) -> None:
    # given the README's example flow for progress reports and the applicant it names
    from pathlib import Path

    from progress.models import EDITABLE, ProgressReport
    from progress.services import is_implementer
    from projects.models import Project

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if "progress reports, payment claims" in line)
    username = re.search(r"applicant `([^`]+)`", row).group(1)
    user = User.objects.get(username=username)
    # then that applicant implements a running project with a report they can edit, as the flow says
    running = [
        p
        for p in Project.objects.filter(agreement=demo.agreement, end_date__gte=DEMO_TODAY)
        if is_implementer(user, p)
    ]
    assert ProgressReport.objects.filter(project__in=running, status__in=EDITABLE).exists(), username


def test_demo_data__submitted_proposals__have_their_frozen_versions(demo: Demo) -> None:
    # given the demo's proposals (written in bulk, not submitted through the pipeline)
    from django.test import Client
    from django.urls import reverse

    from pipeline.models import ProposalVersion

    proposals = list(Proposal.objects.filter(agreement=demo.agreement).prefetch_related("versions"))
    submitted = [p for p in proposals if p.submitted_at is not None and p.version > 0]
    assert submitted
    # then each submitted one has versions 1 to its number, the last at its submission, with its
    # eligible costs in the snapshot; a draft has none
    for proposal in submitted:
        versions = sorted(proposal.versions.all(), key=lambda v: v.number)
        assert [v.number for v in versions] == list(range(1, proposal.version + 1)), proposal.pk
        assert versions[-1].submitted_at == proposal.submitted_at
        assert versions[-1].snapshot["totals"]["eligible_costs"]
    assert not ProposalVersion.objects.filter(proposal__in=[p for p in proposals if p.submitted_at is None])
    # and the coordinator's versions page lists them instead of "not submitted yet"
    client = Client()
    client.force_login(User.objects.get(username="koordinaattori"))
    response = client.get(reverse("pipeline:proposal_versions", args=[submitted[0].pk]))
    assert response.status_code == 200
    assert "Hakemusta ei ole vielä jätetty" not in response.content.decode()
    assert response.content.decode().count('<th scope="row" class="govuk-table__header">') == (
        submitted[0].version
    )
