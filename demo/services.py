"""Writing the demo portfolio: create it from a plan (demo.generator) in one transaction with bulk inserts,
remove it again (--reset), and summarise it. Demo mode only: every write refuses production settings."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Model, ProtectedError
from django.utils import translation

from accounts.models import User
from audit.services import Actor, audit_record
from cores.budget import BudgetLineIn, build_budget
from cores.cofinancing import Rule
from cores.frames import CommittedProject, commitments_by_fund_year
from cores.money import ZERO, total
from demo.catalogue import CITIES
from demo.generator import build_plan
from demo.models import DemoDataset
from demo.overlaps import plant_double_funding
from demo.plan import (
    COST_CATEGORIES,
    DEFAULT_SEED,
    DEMO_TODAY,
    HELSINKI,
    AgreementFacts,
    DemoPlan,
    DemoPlanError,
    ProposalPlan,
    ThemeFacts,
)
from demo.progress import demo_progress_create, demo_progress_reset
from demo.review import add_review_criteria, add_reviews
from demo.targets import demo_targets_create
from overlaps.services import enqueue as overlaps_enqueue
from partners.models import Organisation, Person, TestEnvironment, normalise_name
from pipeline.models import (
    BudgetLine,
    Call,
    FinancingLine,
    Idea,
    IndicatorTarget,
    Proposal,
    ProposalPartner,
    ProposalVersion,
)
from pipeline.validation import proposal_for_checking
from pipeline.versions import snapshot
from programme.models import Agreement, AnnualFrame, Fund, Indicator, Method, PartyRole
from projects.models import FundingDecision, Project
from review.models import Review, Score

if TYPE_CHECKING:
    from portfolio.models import Scenario

GENERATOR_VERSION = "1"
# The real organisations the demo uses (created or found); recorded, but never deleted by --reset.
REAL_ORGANISATIONS_USED = "real_organisations_used"
# The call whose proposals await the steering group's choice (the plan's decision call), recorded by pk.
DECISION_CALL_KEY = "decision_call"
DEMO_AGREEMENT_SLUG = "capital-region"


class DemoDataError(RuntimeError):
    """The demo cannot be created or removed; the message says why and what to do."""


def require_demo_mode() -> None:
    if not settings.DEMO_MODE:
        raise ImproperlyConfigured(
            "demo data and demo users exist only in demo mode (SALKKU_MODE=demo or test); "
            "refusing to run with production settings"
        )


# ---------------------------------------------------------------------------------------------------------
# Reading the agreement


def agreement_facts(agreement: Agreement) -> AgreementFacts:
    """What the generator needs to know about the agreement, read in a handful of queries."""
    themes = {
        t.code: ThemeFacts(t.code, t.kind, tuple(sorted(f.code for f in t.eligible_funds.all())))
        for t in agreement.themes.prefetch_related("eligible_funds")
    }
    caps = {f.code: f.max_share for f in Fund.objects.all()}
    frames = {
        (f.fund.code, f.year): f.amount
        for f in AnnualFrame.objects.filter(agreement=agreement).select_related("fund")
    }
    rule = Rule(
        max_public_share=agreement.max_public_share,
        min_own_share=agreement.min_own_share,
        fund_max_share=caps,
    )
    indicators = frozenset(
        Indicator.objects.filter(agreement__isnull=True).values_list("code", flat=True)
    ) | frozenset(Indicator.objects.filter(agreement=agreement).values_list("code", flat=True))
    period = agreement.period
    return AgreementFacts(
        first_year=period.start_year,
        last_year=period.end_year,
        themes=themes,
        fund_caps=caps,
        frames=frames,
        rule=rule,
        methods=tuple(Method.objects.order_by("order", "code").values_list("code", flat=True)),
        indicators=indicators,
    )


def demo_cities(agreement: Agreement) -> dict[str, Organisation]:
    """The agreement's three cities by key (helsinki, espoo, vantaa), matched by name."""
    parties = {
        normalise_name(p.organisation.name): p.organisation
        for p in agreement.parties.filter(role=PartyRole.CITY).select_related("organisation")
    }
    found = {c.key: parties.get(normalise_name(c.name)) for c in CITIES}
    missing = [c.name for c in CITIES if found[c.key] is None]
    if missing:
        raise DemoDataError(
            f"the agreement {agreement.slug!r} lacks the cities the demo needs as parties: "
            f"{', '.join(missing)}"
        )
    return {k: v for k, v in found.items() if v is not None}


# ---------------------------------------------------------------------------------------------------------
# Creating


@dataclass
class DemoSummary:
    seed: int
    organisations_real: int
    organisations_generated: int
    persons: int
    test_environments: int
    calls: int
    ideas: dict[str, int]
    proposals: dict[str, int]
    projects: dict[str, int]
    committed: dict[str, Decimal]  # by fund
    eligible_costs_funded: Decimal
    by_year: list[tuple[int, Decimal, Decimal]]  # (year, frame, committed) over the frame funds
    reviews: dict[str, int] = field(default_factory=dict)  # by status
    scores: int = 0
    near_duplicates: list[tuple[str, str, str]] = field(default_factory=list)
    users: list[Any] = field(default_factory=list)  # demo.users.DemoUserRow, as demo_users_ensure made them

    @property
    def review_total(self) -> int:
        return sum(self.reviews.values())

    @property
    def idea_total(self) -> int:
        return sum(self.ideas.values())

    @property
    def proposal_total(self) -> int:
        return sum(self.proposals.values())

    @property
    def project_total(self) -> int:
        return sum(self.projects.values())


@transaction.atomic
def demo_data_create(*, agreement: Agreement, seed: int = DEFAULT_SEED, actor: Actor) -> DemoSummary:
    """Generate the demo portfolio for the agreement and store it, with the demo users (its reviewers and
    the coordinator who assigned them are demo users); refuses when it is already there."""
    from demo.users import demo_users_ensure  # demo.users reads this module

    require_demo_mode()
    if DemoDataset.objects.filter(agreement=agreement).exists():
        raise DemoDataError("demo data already present; use --reset to remove it and generate it again")
    cities = demo_cities(agreement)
    facts = agreement_facts(agreement)
    plan = build_plan(
        facts,
        seed=seed,
        today=DEMO_TODAY,
        taken_business_ids=frozenset(
            Organisation.objects.exclude(business_id="").values_list("business_id", flat=True)
        ),
        taken_codes=frozenset(
            code
            for code in Project.objects.exclude(code=None).values_list("code", flat=True)
            if code is not None
        ),
    )
    writer = _Writer(agreement, plan, cities)
    created = writer.write()
    plant_double_funding(agreement, created)
    writer.versions()
    users = demo_users_ensure(agreement=agreement, actor=actor)
    writer.reviews()
    progress = demo_progress_create(agreement=agreement, seed=seed)
    created["monitoring.themetarget"] = demo_targets_create(agreement=agreement)
    from demo.network import adoptions_create

    created["ecosystem.adoption"] = adoptions_create(agreement, DEMO_TODAY)
    dataset = DemoDataset.objects.create(
        agreement=agreement, seed=seed, generator_version=GENERATOR_VERSION, object_ids=created
    )
    summary = demo_summary(agreement)
    summary.near_duplicates = plan.near_duplicates
    from ecosystem.search import rebuild as search_rebuild

    search_rebuild()  # the demo's rows were written in bulk (no post_save): the search box finds them
    if settings.SALKKU_OVERLAPS_ON_SAVE:  # the demo's texts go to the similarity index in the background
        overlaps_enqueue([], everything=True)
    summary.users = users
    audit_record(
        actor=actor,
        action="demo_data.create",
        obj=dataset,
        after={
            "seed": seed,
            "organisations_generated": summary.organisations_generated,
            "ideas": summary.idea_total,
            "proposals": summary.proposal_total,
            "projects": summary.project_total,
            "reviews": summary.review_total,
            "progress_reports": progress.report_total + progress.upcoming,
            "payment_claims": progress.claim_total,
            "committed": {k: str(v) for k, v in summary.committed.items()},
        },
    )
    return summary


class _Writer:
    """Stores a plan with bulk inserts; remembers the primary keys it created, by model label."""

    def __init__(self, agreement: Agreement, plan: DemoPlan, cities: dict[str, Organisation]) -> None:
        self.agreement = agreement
        self.plan = plan
        self.orgs: dict[str, Organisation] = dict(cities)
        self.created: dict[str, list[int]] = {}
        self.proposals: list[tuple[ProposalPlan, Proposal]] = []
        self.themes = {t.code: t for t in agreement.themes.all()}
        self.methods = {m.code: m for m in Method.objects.all()}
        indicators = list(Indicator.objects.filter(agreement__isnull=True)) + list(
            Indicator.objects.filter(agreement=agreement)
        )
        self.indicators = {i.code: i for i in indicators}

    def remember(self, objects: Iterable[Model]) -> None:
        for obj in objects:
            self.created.setdefault(obj._meta.label_lower, []).append(obj.pk)

    def write(self) -> dict[str, list[int]]:
        self.organisations()
        self.people_and_test_environments()
        self.calls_and_ideas()
        add_review_criteria(self.calls.values())
        self.proposals_and_projects()
        return self.created

    def organisations(self) -> None:
        """Real organisations are reused when they exist (matched by business ID or name) and never deleted;
        generated companies are always new."""
        by_id = {o.business_id: o for o in Organisation.objects.exclude(business_id="")}
        by_key: dict[str, Organisation] = {}
        for o in Organisation.objects.order_by("pk"):
            by_key.setdefault(o.name_key, o)
        new: list[Organisation] = []
        self.created[REAL_ORGANISATIONS_USED] = [city.pk for city in self.orgs.values()]
        for plan in self.plan.organisations:
            if plan.key in self.orgs:
                continue
            spec = plan.spec
            existing = None
            if not plan.is_generated:
                existing = (by_id.get(spec.business_id) if spec.business_id else None) or by_key.get(
                    normalise_name(spec.name)
                )
            if existing is not None:
                self.orgs[plan.key] = existing
                self.created.setdefault(REAL_ORGANISATIONS_USED, []).append(existing.pk)
                continue
            org = Organisation(
                name=spec.name,
                name_key=normalise_name(spec.name),
                name_sv=spec.name_sv,
                name_en=spec.name_en,
                kind=spec.kind,
                size=spec.size,
                business_id=spec.business_id,
                municipality=spec.municipality,
                website=spec.website,
                is_generated=plan.is_generated,
            )
            self.orgs[plan.key] = org
            new.append(org)
        Organisation.objects.bulk_create(new)
        self.remember(new)
        self.created.setdefault(REAL_ORGANISATIONS_USED, []).extend(o.pk for o in new if not o.is_generated)

    def people_and_test_environments(self) -> None:
        people = [
            Person(
                organisation=self.orgs[p.org],
                first_name=p.first_name,
                last_name=p.last_name,
                title=p.title,
                email=p.email,
            )
            for p in self.plan.persons
        ]
        Person.objects.bulk_create(people)
        self.remember(people)
        envs = [
            TestEnvironment(
                name=t.name,
                owner=self.orgs[t.owner],
                city=self.orgs[t.city],
                description=t.description,
            )
            for t in self.plan.test_environments
        ]
        TestEnvironment.objects.bulk_create(envs)
        self.remember(envs)
        from demo.network import periods_and_publication

        starts = {t.name: t.available_from for t in self.plan.test_environments}
        self.created["partners.availabilityperiod"] = periods_and_publication(envs, starts)
        self.test_envs = {e.name: e for e in envs}
        through = TestEnvironment.themes.through
        through.objects.bulk_create(
            through(testenvironment_id=env.pk, theme_id=self.themes[code].pk)
            for env, spec in zip(envs, self.plan.test_environments, strict=True)
            for code in spec.themes
            if code in self.themes
        )

    def calls_and_ideas(self) -> None:
        calls = [
            Call(
                agreement=self.agreement,
                title=c.title,
                opens_on=c.opens,
                closes_on=c.closes,
                instructions=c.instructions,
                status=c.status,
            )
            for c in self.plan.calls
        ]
        Call.objects.bulk_create(calls)
        self.remember(calls)
        self.calls = {plan.code: call for plan, call in zip(self.plan.calls, calls, strict=True)}
        if self.plan.decision_call in self.calls:
            self.created[DECISION_CALL_KEY] = [self.calls[self.plan.decision_call].pk]
        through = Call.themes.through
        through.objects.bulk_create(
            through(call_id=call.pk, theme_id=self.themes[code].pk)
            for plan, call in zip(self.plan.calls, calls, strict=True)
            for code in plan.themes
        )
        ideas = [
            Idea(
                agreement=self.agreement,
                call=self.calls[i.call],
                organisation=self.orgs[i.org],
                theme=self.themes[i.theme],
                title=i.title,
                summary=i.summary,
                status=i.status,
                submitted_at=i.submitted_at,
            )
            for i in self.plan.ideas
        ]
        Idea.objects.bulk_create(ideas)
        self.remember(ideas)
        self.ideas = {plan.number: idea for plan, idea in zip(self.plan.ideas, ideas, strict=True)}
        merged = []
        for plan in self.plan.ideas:
            if plan.merged_into is not None:
                idea = self.ideas[plan.number]
                idea.merged_into = self.ideas[plan.merged_into]
                merged.append(idea)
        Idea.objects.bulk_update(merged, ["merged_into"])

    def proposals_and_projects(self) -> None:
        plans = self.plan.proposals
        proposals = [
            Proposal(
                agreement=self.agreement,
                call=self.calls[p.call] if p.call else None,
                idea=self.ideas[p.idea] if p.idea else None,
                title=p.title,
                acronym=p.acronym,
                summary=p.summary,
                objectives=p.objectives,
                theme=self.themes[p.theme],
                start_date=p.start,
                end_date=p.end,
                indirect_rate=p.indirect_rate,
                status=p.status,
                version=p.version,
                submitted_at=p.submitted_at,
            )
            for p in plans
        ]
        Proposal.objects.bulk_create(proposals)
        self.remember(proposals)
        # created_at and updated_at are automatic; the demo's dates are set afterwards.
        for plan, proposal in zip(plans, proposals, strict=True):
            proposal.created_at = plan.created_at
            proposal.updated_at = plan.submitted_at or plan.created_at
        Proposal.objects.bulk_update(proposals, ["created_at", "updated_at"])
        pairs = list(zip(plans, proposals, strict=True))
        self.proposals = pairs
        Proposal.methods.through.objects.bulk_create(
            Proposal.methods.through(proposal_id=pr.pk, method_id=self.methods[code].pk)
            for p, pr in pairs
            for code in p.methods
            if code in self.methods
        )
        Proposal.test_environments.through.objects.bulk_create(
            Proposal.test_environments.through(proposal_id=pr.pk, testenvironment_id=self.test_envs[name].pk)
            for p, pr in pairs
            for name in p.test_environments
        )
        Proposal.adopting_cities.through.objects.bulk_create(
            Proposal.adopting_cities.through(proposal_id=pr.pk, organisation_id=self.orgs[key].pk)
            for p, pr in pairs
            for key in p.adopting_cities
        )
        ProposalPartner.objects.bulk_create(
            ProposalPartner(proposal=pr, organisation=self.orgs[x.org], role=x.role, tasks=x.tasks)
            for p, pr in pairs
            for x in p.partners
        )
        self.money_lines(pairs, owner="proposal")
        funded = [(p, pr) for p, pr in pairs if p.funding is not None]
        authority = self.agreement.funding_authority
        projects = []
        for p, pr in funded:
            assert p.funding is not None
            projects.append(
                Project(
                    code=p.funding.code,
                    agreement=self.agreement,
                    proposal=pr,
                    name=p.title,
                    summary=p.summary,
                    lead=self.orgs[p.lead],
                    theme=self.themes[p.theme],
                    funding_authority=authority,
                    fund_code=p.eu_fund,
                    start_date=p.start,
                    end_date=p.end,
                    status=p.funding.project_status,
                    is_historical=False,
                    source="salkku",
                )
            )
        Project.objects.bulk_create(projects)
        self.remember(projects)
        for (p, _), project in zip(funded, projects, strict=True):
            assert p.funding is not None
            project.created_at = _noon(p.funding.decided_on)
            project.updated_at = project.created_at
        Project.objects.bulk_update(projects, ["created_at", "updated_at"])
        self.money_lines(
            [(p, project) for (p, _), project in zip(funded, projects, strict=True)], owner="project"
        )
        self.decisions = [
            FundingDecision(
                project=project,
                decided_on=p.funding.decided_on,
                eura_code=p.funding.code,
                conditions=p.funding.conditions,
            )
            for (p, _), project in zip(funded, projects, strict=True)
            if p.funding is not None
        ]
        FundingDecision.objects.bulk_create(self.decisions)
        self.remember(self.decisions)

    def versions(self) -> None:
        """The frozen versions a submission in Salkku leaves (pipeline.services.proposal_submit), for the
        proposals the demo writes as submitted: numbers 1 to the proposal's version, the last submitted when
        the proposal says. The demo keeps no earlier contents, so an earlier version (a proposal returned
        for changes and submitted again) holds the same snapshot, 30 days before. Without them a submitted
        proposal's versions page said it had not been submitted."""
        submitted = [pr.pk for p, pr in self.proposals if p.submitted_at is not None and p.version > 0]
        versions = []
        for proposal in proposal_for_checking(Proposal.objects.filter(pk__in=submitted)).order_by("pk"):
            assert proposal.submitted_at is not None
            frozen = snapshot(proposal)
            for number in range(1, proposal.version + 1):
                versions.append(
                    ProposalVersion(
                        proposal=proposal,
                        number=number,
                        snapshot=frozen,
                        submitted_by=None,
                        submitted_at=proposal.submitted_at
                        - dt.timedelta(days=30 * (proposal.version - number)),
                    )
                )
        ProposalVersion.objects.bulk_create(versions)
        self.remember(versions)

    def reviews(self) -> None:
        """The planned reviews, once the demo users exist (the coordinator assigned the reviewers)."""
        from demo.users import COORDINATOR_USERNAME

        coordinator = User.objects.get(username=COORDINATOR_USERNAME)
        reviews, _ = add_reviews(
            [(p, pr) for p, pr in self.proposals if p.reviews],
            organisations={key: org.pk for key, org in self.orgs.items()},
            assigned_by=coordinator,
        )
        self.remember(reviews)

    def money_lines(self, pairs: Sequence[tuple[ProposalPlan, Model]], *, owner: str) -> None:
        budget, financing, targets = [], [], []
        for p, obj in pairs:
            budget += [
                BudgetLine(**{owner: obj}, year=b.year, category=b.category, amount=b.amount) for b in p.lines
            ]
            financing += [
                FinancingLine(
                    **{owner: obj},
                    source=f.source,
                    organisation=self.orgs[f.org] if f.org else None,
                    amount=f.amount,
                )
                for f in p.financing
            ]
            targets += [
                IndicatorTarget(**{owner: obj}, indicator=self.indicators[code], target=value)
                for code, value in p.indicators
            ]
        BudgetLine.objects.bulk_create(budget, batch_size=500)
        FinancingLine.objects.bulk_create(financing, batch_size=500)
        IndicatorTarget.objects.bulk_create(targets, batch_size=500)


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 12, 0, tzinfo=HELSINKI)


# ---------------------------------------------------------------------------------------------------------
# The steering group's next decision: a finished optimisation scenario of the decision call


def demo_scenario_create(*, agreement: Agreement, run: Any = None) -> Scenario | None:
    """A scenario of the demo's decision call, made by the demo coordinator and queued (run it with
    ``portfolio.services.execute``); None when the call is not there or has nothing to choose."""
    from django.core.exceptions import ValidationError

    from demo.users import COORDINATOR_USERNAME
    from portfolio import changes, problems, services
    from portfolio.results import RunSettings

    require_demo_mode()
    dataset = DemoDataset.objects.filter(agreement=agreement).first()
    call_ids = dataset.object_ids.get(DECISION_CALL_KEY, []) if dataset else []
    call = Call.objects.filter(pk__in=call_ids).first()
    if call is None:
        return None
    # the system composes the name ("Ehdotus: <call>"), so it is stored as parts and shown in the
    # reader's language; the stored wording is the site's language's
    parts = [changes.proposal_for_call(call.title)]
    try:
        with translation.override(settings.LANGUAGE_CODE):
            name = changes.name_text(parts)[:200]
        return services.create_from_call(
            call,
            user=User.objects.get(username=COORDINATOR_USERNAME),
            name=name,
            name_parts=parts,
            # the demo's theme-share targets are deliberately not all met by its funded projects (the
            # dashboard shows a theme outside its range), so with them this call has no feasible portfolio
            options=problems.RunOptions(robustness="rank", theme_shares=False),
            run=run or RunSettings(time_limit=20, robust=True),
        )
    except ValidationError:
        return None


def demo_what_if_create(scenario: Scenario) -> Scenario:
    """The demo's second option on the same call: every annual frame 10 % smaller, derived from
    ``scenario`` by the demo coordinator and queued (the comparison page then has two options)."""
    from demo.users import COORDINATOR_USERNAME
    from portfolio import services

    require_demo_mode()
    # the change is stored as what changed (shown in the reader's language); the fallback wording and the
    # name's are the site's language's
    with translation.override(settings.LANGUAGE_CODE):
        return services.derive(
            scenario,
            user=User.objects.get(username=COORDINATOR_USERNAME),
            make=lambda problem: services.what_if_frame(problem, -10),
        )


# ---------------------------------------------------------------------------------------------------------
# Removing


@transaction.atomic
def demo_data_reset(*, agreement: Agreement, actor: Actor) -> dict[str, int]:
    """Delete the demo content the dataset record names (never real organisations, never audit entries)."""
    require_demo_mode()
    dataset = DemoDataset.objects.filter(agreement=agreement).first()
    if dataset is None:
        return {}
    ids = {label: list(pks) for label, pks in dataset.object_ids.items()}

    def pks(model: type[Model]) -> list[int]:
        return ids.get(model._meta.label_lower, [])

    removed: Counter[str] = Counter()

    def delete(what: str, model: type[Model]) -> None:
        _, per_model = model._default_manager.filter(pk__in=pks(model)).delete()
        removed[what] = per_model.get(model._meta.label, 0)

    try:
        from portfolio.models import Scenario

        # The optimisation runs of the demo's calls (the demo's own and any made since) go with the calls.
        demo_calls = pks(Call)
        _, per_model = Scenario.objects.filter(call_id__in=demo_calls).delete()
        removed["scenarios"] = per_model.get(Scenario._meta.label, 0)
        _, per_model = Review.objects.filter(proposal_id__in=pks(Proposal)).delete()
        removed["reviews"] = per_model.get(Review._meta.label, 0)
        removed.update(demo_progress_reset(pks(Project)))
        from ecosystem.models import Adoption
        from monitoring.models import ThemeTarget

        _, per_model = Adoption.objects.filter(project_id__in=pks(Project)).delete()
        removed["adoptions"] = per_model.get(Adoption._meta.label, 0)
        delete("targets", ThemeTarget)
        delete("funding decisions", FundingDecision)
        delete("projects", Project)
        delete("proposals", Proposal)
        Idea.objects.filter(pk__in=pks(Idea)).update(merged_into=None)
        delete("ideas", Idea)
        delete("calls", Call)
        delete("test environments", TestEnvironment)
        delete("contact persons", Person)
        _, per_model = Organisation.objects.filter(pk__in=pks(Organisation), is_generated=True).delete()
        removed["generated organisations"] = per_model.get(Organisation._meta.label, 0)
    except ProtectedError as error:
        blocking = sorted({f"{o._meta.verbose_name} {o}" for o in list(error.protected_objects)[:5]})
        raise DemoDataError(
            "the demo data cannot be removed because other records refer to it: " + "; ".join(blocking)
        ) from error
    audit_record(
        actor=actor,
        action="demo_data.reset",
        obj=dataset,
        before={"seed": dataset.seed},
        after={k: v for k, v in removed.items()},
    )
    dataset.delete()
    return dict(removed)


# ---------------------------------------------------------------------------------------------------------
# Summarising


def demo_summary(agreement: Agreement) -> DemoSummary:
    """Counts and money of the agreement's demo content, read back from the database."""
    dataset = DemoDataset.objects.filter(agreement=agreement).first()
    ids = dataset.object_ids if dataset else {}
    generated = Organisation.objects.filter(pk__in=ids.get("partners.organisation", []), is_generated=True)
    projects = list(
        Project.objects.funded()
        .filter(agreement=agreement)
        .select_related("proposal")
        .prefetch_related("budget_lines", "financing_lines")
    )
    committed_projects = []
    committed: dict[str, Decimal] = {}
    eligible_total = ZERO
    for project in projects:
        rate = project.proposal.indirect_rate if project.proposal else ZERO
        budget = build_budget(
            [BudgetLineIn(b.year, b.category, b.amount) for b in project.budget_lines.all()],
            indirect_rate=rate,
            categories=COST_CATEGORIES,
        )
        eligible_total += budget.eligible_total
        money: dict[str, Decimal] = {}
        for line in project.financing_lines.all():
            if line.source in ("ERDF", "ESF+", "JTF", "STATE"):
                money[line.source] = money.get(line.source, ZERO) + line.amount
                committed[line.source] = committed.get(line.source, ZERO) + line.amount
        committed_projects.append(
            CommittedProject(project.code or str(project.pk), money, budget.eligible_by_year())
        )
    by_fund_year = commitments_by_fund_year(committed_projects).by_fund_year
    frames: dict[int, Decimal] = {}
    for frame in AnnualFrame.objects.filter(agreement=agreement):
        frames[frame.year] = frames.get(frame.year, ZERO) + frame.amount
    years = sorted(set(frames) | {y for _, y in by_fund_year})
    by_year = [
        (y, frames.get(y, ZERO), total(a for (_, yy), a in by_fund_year.items() if yy == y)) for y in years
    ]
    return DemoSummary(
        seed=dataset.seed if dataset else 0,
        organisations_real=len(set(ids.get(REAL_ORGANISATIONS_USED, []))),
        organisations_generated=generated.count(),
        persons=len(ids.get("partners.person", [])),
        test_environments=len(ids.get("partners.testenvironment", [])),
        calls=Call.objects.filter(agreement=agreement).count(),
        ideas=dict(Counter(Idea.objects.filter(agreement=agreement).values_list("status", flat=True))),
        proposals=dict(
            Counter(Proposal.objects.filter(agreement=agreement).values_list("status", flat=True))
        ),
        projects=dict(Counter(p.status for p in projects)),
        reviews=dict(
            Counter(Review.objects.filter(proposal__agreement=agreement).values_list("status", flat=True))
        ),
        scores=Score.objects.filter(review__proposal__agreement=agreement).count(),
        committed=dict(sorted(committed.items())),
        eligible_costs_funded=eligible_total,
        by_year=by_year,
    )


__all__ = [
    "DEMO_AGREEMENT_SLUG",
    "DemoDataError",
    "DemoPlanError",
    "DemoSummary",
    "agreement_facts",
    "demo_data_create",
    "demo_data_reset",
    "demo_scenario_create",
    "demo_summary",
    "demo_what_if_create",
    "require_demo_mode",
]
