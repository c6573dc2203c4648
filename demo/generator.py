"""The demo portfolio as a plan in memory: organisations, calls, ideas, proposals with consortium, yearly
budget, financing plan and indicator targets, and the funded projects with their funding decisions.

Deterministic: every choice comes from ``random.Random(seed)`` and the demo's fixed "today"
(DEMO_TODAY); nothing reads the clock. This module writes nothing: demo.services stores the plan.

Money rules every plan obeys (checked here with the cores, never assumed):
- eligible costs = budget lines + flat-rate indirect costs per year (cores.budget);
- financing = eligible costs to the cent; EU and state money at most the agreement's public share, each
  fund within its own cap and eligible for the theme, own financing (city, own, private, each with its
  organisation) at least the minimum own share (cores.cofinancing.check_plan);
- the funded projects' frame money, spread over their years pro rata by yearly eligible costs
  (cores.frames), stays within every annual frame, using a good part of it.

Random draws and the fitting factors that size the funded projects are floats; every amount is made
whole euros before any money is formed, and from there on it is Decimal.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from cores.business_id import make_business_id
from cores.frames import commitments_by_fund_year
from cores.money import CENT, ZERO
from demo.catalogue import (
    CALL_INSTRUCTIONS,
    CALLS,
    CITIES,
    CITY_BY_KEY,
    CONTACT_PERSONS,
    COORDINATION,
    DEMO_CRITERIA,
    FUNDING_CONDITIONS,
    GENERATED_COMPANIES,
    NEAR_DUPLICATES,
    PARTNER_TASKS,
    PROPOSAL_OUTCOMES,
    REAL_ORGANISATIONS,
    RESEARCH_KINDS,
    REVIEW_COMMENTS,
    TEST_ENVIRONMENTS,
    THEME_TITLES,
    CallSpec,
    DuplicateSide,
    NearDuplicate,
    OrgSpec,
    Topic,
)
from demo.money import PlanMoney
from demo.plan import (
    CITY_SHARE,
    COORDINATION_THEME,
    DEFAULT_SEED,
    DEMO_TODAY,
    FULL_SIZE_MONTHS,
    HELSINKI,
    HOSPITALS,
    MAX_USE,
    PRIORITY_THEMES,
    QUALITY_BY_STATUS,
    RESEARCH_POOL,
    REVIEWED_STATUSES,
    REVIEWERS,
    TARGET_USE,
    THEME_SIZE,
    AgreementFacts,
    CallPlan,
    DemoPlan,
    DemoPlanError,
    FundingPlan,
    IdeaPlan,
    OrgPlan,
    PartnerPlan,
    PersonPlan,
    ProposalPlan,
    ReviewPlan,
    _add_months,
    _committed,
    _month_end,
    _org_key_of_company,
    project_status,
)
from demo.texts import PlanTexts

# ---------------------------------------------------------------------------------------------------------
# The builder


class _Builder(PlanTexts, PlanMoney):
    def __init__(
        self,
        facts: AgreementFacts,
        *,
        seed: int,
        today: dt.date,
        taken_business_ids: frozenset[str],
        taken_codes: frozenset[str],
    ) -> None:
        self.facts = facts
        self.rng = random.Random(seed)
        self.seed = seed
        self.today = today
        self.taken_business_ids = taken_business_ids
        self.taken_codes = taken_codes
        self.orgs: dict[str, OrgPlan] = {}
        self.ideas: list[IdeaPlan] = []
        self.proposals: list[ProposalPlan] = []
        self.topic_uses: Counter[str] = Counter()
        self.titles: set[str] = set()
        self.acronyms: set[str] = set()
        for code in PRIORITY_THEMES:
            if code not in facts.themes:
                raise DemoPlanError(f"the agreement has no theme {code}; the demo needs themes K and T1–T4")
        eu = sum((facts.frame_total(f) for f in ("ERDF", "ESF+", "JTF")), ZERO)
        state = facts.frame_total("STATE")
        cap_eu = facts.fund_caps.get("ERDF", Decimal("0.40"))
        cap_state = facts.fund_caps.get("STATE", Decimal("0.20"))
        # EU : state money in the proportion of the agreement's frames (or of the caps when it has none).
        self.eu_ratio = eu / (eu + state) if eu > 0 and state > 0 else cap_eu / (cap_eu + cap_state)

    # -- organisations -----------------------------------------------------------------------------------
    def organisations(self) -> None:
        for city in CITIES:
            self.orgs[city.key] = OrgPlan(city.key, OrgSpec(city.key, city.name, "city"), False)
        for spec in REAL_ORGANISATIONS:
            self.orgs[spec.key] = OrgPlan(spec.key, spec, False)
        used: set[str] = set()
        for name, sector, size in GENERATED_COMPANIES:
            while True:
                body = self.rng.randrange(9_000_000, 10_000_000)
                business_id = make_business_id(body)
                if business_id and business_id not in used and business_id not in self.taken_business_ids:
                    break
            used.add(business_id)
            key = _org_key_of_company(name)
            spec = OrgSpec(
                key,
                name,
                "company",
                size=size,
                business_id=business_id,
                municipality=self.rng.choice(("Helsinki", "Helsinki", "Espoo", "Espoo", "Vantaa")),
                sector=sector,
            )
            self.orgs[key] = OrgPlan(key, spec, True)

    def exists(self, key: str, on: dt.date) -> bool:
        start = self.orgs[key].spec.exists_from
        return start is None or start <= on

    def kind(self, key: str) -> str:
        return self.orgs[key].spec.kind

    def companies(self, theme: str) -> list[str]:
        return [k for k, o in self.orgs.items() if o.is_generated and o.spec.sector == theme]

    # -- consortium and dates ----------------------------------------------------------------------------
    def choose_lead(self, topic: Topic | None, theme: str, on: dt.date) -> str:
        companies = [c for c in self.companies(theme) if self.exists(c, on)]
        leads = [k for k in (topic.leads if topic else ()) if self.exists(k, on)]
        if companies and (not leads or self.rng.random() < 0.22):
            return self.rng.choice(companies)
        return self.rng.choice(leads)

    def consortium(self, lead: str, theme: str, on: dt.date) -> list[PartnerPlan]:
        rng = self.rng
        wanted = rng.choices((1, 2, 3, 4), weights=(25, 35, 25, 15))[0]
        members: list[str] = []

        def add(key: str) -> None:
            if key != lead and key not in members and self.exists(key, on):
                members.append(key)

        research = list(RESEARCH_POOL[theme])
        if self.kind(lead) not in RESEARCH_KINDS and rng.random() < 0.88:
            add(rng.choice(research))
        if rng.random() < CITY_SHARE[theme]:
            for city in rng.sample([c.key for c in CITIES], rng.choice((1, 1, 2, 3))):
                add(city)
        if theme == "T2" and rng.random() < 0.5:
            add(rng.choice([h for h in HOSPITALS if self.exists(h, on)]))
        if rng.random() < 0.45:
            for company in rng.sample(self.companies(theme), rng.choice((1, 1, 2))):
                add(company)
        if theme in ("T1", "T4") and rng.random() < 0.15:
            add("forum-virium")
        pool = research + [c.key for c in CITIES] + self.companies(theme)
        while len(members) < wanted:
            add(rng.choice(pool))
        members = members[: max(wanted, 1)]
        lead_share = rng.randrange(400, 651)
        weights = [rng.randrange(2, 7) for _ in members]
        rest = 1000 - lead_share
        shares = [rest * w // sum(weights) for w in weights]
        lead_share += rest - sum(shares)
        partners = [PartnerPlan(lead, "lead", lead_share, PARTNER_TASKS["lead"])]
        for key, share in zip(members, shares, strict=True):
            partners.append(PartnerPlan(key, "partner", share, PARTNER_TASKS[self.kind(key)]))
        in_consortium = {p.org for p in partners}
        if theme != "T4" and rng.random() < 0.2:
            outside = [c.key for c in CITIES if c.key not in in_consortium]
            if outside:
                partners.append(
                    PartnerPlan(rng.choice(outside), "associated", 0, PARTNER_TASKS["associated"])
                )
        return partners

    def text_cities(self, partners: Sequence[PartnerPlan] | None, lead: str) -> list[str]:
        keys = [c.key for c in CITIES]
        if partners:
            cities = [p.org for p in partners if p.org in keys]
            if cities:
                return cities
        if lead in keys:
            return [lead]
        return self.rng.sample(keys, self.rng.choice((1, 1, 2, 3)))

    def moment(self, day: dt.date) -> dt.datetime:
        return dt.datetime(
            day.year, day.month, day.day, self.rng.randrange(8, 17), self.rng.randrange(60), tzinfo=HELSINKI
        )

    def idea_time(self, call: CallSpec) -> dt.datetime:
        last = min(call.closes, self.today - dt.timedelta(days=1))
        span = (last - call.opens).days
        return self.moment(call.opens + dt.timedelta(days=self.rng.randrange(span + 1)))

    def proposal_dates(
        self, call: CallSpec, status: str
    ) -> tuple[dt.datetime, dt.datetime | None, dt.date | None, dt.date, dt.date]:
        rng = self.rng
        created = call.closes + dt.timedelta(days=rng.randrange(20, 41))
        submitted = created + dt.timedelta(days=rng.randrange(14, 36))
        if submitted >= self.today:
            created = call.closes + dt.timedelta(days=rng.randrange(5, 21))
            submitted = min(
                created + dt.timedelta(days=rng.randrange(5, 21)),
                self.today - dt.timedelta(days=rng.randrange(1, 4)),
            )
        decided = submitted + dt.timedelta(days=rng.randrange(70, 111)) if status == "funded" else None
        if decided is not None:
            start = _add_months(decided, 1 + rng.randrange(3))
            months = rng.randrange(20, 37)
        else:
            start = _add_months(submitted, 3 + rng.randrange(3))
            months = rng.randrange(18, 37)
        start = max(start, self.facts.first_cost_date)
        end = min(_month_end(_add_months(start, months - 1)), self.facts.period_end)
        submitted_at = None if status == "draft" else self.moment(submitted)
        return self.moment(created), submitted_at, decided, start, end

    # -- proposals ---------------------------------------------------------------------------------------
    def new_proposal(
        self,
        *,
        idea: IdeaPlan | None,
        call: CallSpec,
        theme: str,
        title: str,
        acronym: str,
        summary: str,
        objectives: str,
        partners: list[PartnerPlan],
        status: str,
    ) -> ProposalPlan:
        rng = self.rng
        created_at, submitted_at, decided, start, end = self.proposal_dates(call, status)
        lead_kind = self.kind(partners[0].org)
        indirect = (
            Decimal("0.15")
            if lead_kind != "company" and rng.random() < 0.88
            else (Decimal("0.15") if rng.random() < 0.5 else Decimal("0.00"))
        )
        methods = self.choose_methods(theme)
        test_envs = []
        if "test-environments" in methods or rng.random() < 0.3:
            cities = {p.org for p in partners}
            fitting = [t for t in TEST_ENVIRONMENTS if theme in t.themes and t.available_from <= start]
            preferred = [t for t in fitting if t.city in cities or t.owner in cities] or fitting
            if preferred:
                test_envs = [
                    t.name for t in rng.sample(preferred, min(len(preferred), rng.choice((1, 1, 2))))
                ]
        adopting = []
        if theme != "T4":
            adopting = sorted(
                {p.org for p in partners if p.org in CITY_BY_KEY}
                | ({rng.choice([c.key for c in CITIES])} if rng.random() < 0.4 else set())
            )
        version = {"draft": 0, "funded": 1 + (rng.random() < 0.3)}.get(status, 1)
        proposal = ProposalPlan(
            number=len(self.proposals) + 1,
            idea=idea.number if idea else None,
            call=call.code,
            theme=theme,
            title=title,
            acronym=acronym,
            summary=summary,
            objectives=objectives,
            methods=methods,
            test_environments=test_envs,
            adopting_cities=adopting,
            start=start,
            end=end,
            indirect_rate=indirect,
            status=status,
            version=version,
            created_at=created_at,
            submitted_at=submitted_at,
            partners=partners,
            eu_fund=self.choose_eu_fund(theme),
            public_rate=rng.choices(
                (Decimal("0.60"), Decimal("0.55"), Decimal("0.50")), weights=(75, 15, 10)
            )[0],
            size=self.draw_size(theme),
            profile=self.draw_profile(theme),
            decided_on=decided,
        )
        if proposal.months < FULL_SIZE_MONTHS and status != "funded":
            proposal.size = int(proposal.size * proposal.months / FULL_SIZE_MONTHS // 1000 * 1000)
        self.proposals.append(proposal)
        return proposal

    def choose_methods(self, theme: str) -> list[str]:
        methods = list(self.facts.methods)
        if not methods:
            return []
        count = self.rng.choice((1, 2, 2, 3))
        chosen = set(self.rng.sample(methods, min(count, len(methods))))
        if theme in ("T1", "T2", "T3") and "test-environments" in methods and self.rng.random() < 0.6:
            chosen.add("test-environments")
        return [m for m in methods if m in chosen]

    # -- calls, ideas and proposals ----------------------------------------------------------------------
    def calls(self) -> list[CallPlan]:
        plans = []
        for i, call in enumerate(CALLS):
            themes = call.themes or PRIORITY_THEMES
            if call.title:
                title = call.title
            elif call.themes:
                names = [THEME_TITLES[t] for t in call.themes]
                joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " sekä " + names[-1]
                title = f"Hankeideahaku {call.code}: {joined}"
            else:
                title = f"Hankeideahaku {call.code}: kaikki painopisteet"
            plans.append(
                CallPlan(
                    call.code,
                    title,
                    themes,
                    call.opens,
                    call.closes,
                    call.status,
                    CALL_INSTRUCTIONS[i % len(CALL_INSTRUCTIONS)],
                )
            )
        return plans

    def pipeline(self) -> list[tuple[str, str, str]]:
        duplicates = self.duplicate_slots()
        forced = list(PRIORITY_THEMES)  # the first call funds one project in every theme
        recorded: list[tuple[str, str, str]] = []
        for call in CALLS:
            slots: list[str] = []
            for outcome in (*PROPOSAL_OUTCOMES, "declined", "idea_submitted"):
                slots += [outcome] * call.outcomes.get(outcome, 0)
            for _, taken, _ in duplicates.get(call.code, []):
                slots.remove(taken.outcome)
            self.rng.shuffle(slots)
            call_ideas: list[tuple[IdeaPlan, Topic | None, int]] = []
            for dup, side, is_first in duplicates.get(call.code, []):
                call_ideas.append(self.duplicate_idea(call, dup, side, is_first))
            for outcome in slots:
                themes = call.themes or PRIORITY_THEMES
                if outcome == "funded" and forced:
                    theme = forced.pop(0)
                else:
                    theme = self.rng.choices(themes, weights=[self.theme_weight(t) for t in themes])[0]
                call_ideas.append(self.regular_idea(call, theme, outcome))
            for _ in range(call.outcomes.get("merged", 0)):
                self.merged_idea(call, call_ideas)
        for dup in NEAR_DUPLICATES:
            recorded.append((dup.kind, dup.first.title, dup.second.title))
        return recorded

    def duplicate_slots(self) -> dict[str, list[tuple[NearDuplicate, DuplicateSide, bool]]]:
        slots: dict[str, list[tuple[NearDuplicate, DuplicateSide, bool]]] = {}
        for dup in NEAR_DUPLICATES:
            for side, is_first in ((dup.first, True), (dup.second, False)):
                slots.setdefault(side.call, []).append((dup, side, is_first))
        return slots

    def add_idea(
        self, call: CallSpec, theme: str, org: str, title: str, summary: str, status: str
    ) -> IdeaPlan:
        idea = IdeaPlan(
            len(self.ideas) + 1, call.code, theme, org, title, summary, status, self.idea_time(call)
        )
        self.ideas.append(idea)
        return idea

    def regular_idea(self, call: CallSpec, theme: str, outcome: str) -> tuple[IdeaPlan, Topic | None, int]:
        topic = self.pick_topic(theme)
        variant = self.topic_uses[topic.key]
        self.topic_uses[topic.key] += 1
        lead = self.choose_lead(topic, theme, call.closes)
        is_proposal = outcome in PROPOSAL_OUTCOMES
        partners = self.consortium(lead, theme, call.closes) if is_proposal else None
        places = self.places(self.text_cities(partners, lead))
        texts = self.topic_texts(topic, variant, places)
        status = {"declined": "declined", "idea_submitted": "submitted"}.get(outcome, "invited")
        idea = self.add_idea(call, theme, lead, texts["title"], self.idea_summary(texts), status)
        if partners is not None:
            self.new_proposal(
                idea=idea,
                call=call,
                theme=theme,
                title=texts["title"],
                acronym=self.unique_acronym(topic.acronym),
                summary=self.proposal_summary(texts, theme, partners),
                objectives=self.objectives(topic, variant),
                partners=partners,
                status=outcome,
            )
        return idea, topic, variant

    def duplicate_idea(
        self,
        call: CallSpec,
        dup: NearDuplicate,
        side: DuplicateSide,
        is_first: bool,
    ) -> tuple[IdeaPlan, Topic | None, int]:
        org = side.org
        if org not in self.orgs:
            raise DemoPlanError(f"near-duplicate {side.title!r} names an unknown organisation {org!r}")
        self.titles.add(side.title)
        outcome = side.outcome
        status = {"declined": "declined", "idea_submitted": "submitted"}.get(outcome, "invited")
        idea = self.add_idea(call, dup.theme, org, side.title, side.summary, status)
        if outcome in PROPOSAL_OUTCOMES:
            partners = self.consortium(org, dup.theme, call.closes)
            base = dup.acronym if is_first and dup.acronym else side.title.split()[0].upper()[:16]
            summary = side.summary + " " + self.partners_sentence(partners)
            self.new_proposal(
                idea=idea,
                call=call,
                theme=dup.theme,
                title=side.title,
                acronym=self.unique_acronym(base),
                summary=summary,
                objectives="",
                partners=partners,
                status=outcome,
            )
        return idea, None, 0

    def merged_idea(self, call: CallSpec, call_ideas: list[tuple[IdeaPlan, Topic | None, int]]) -> None:
        targets = [(i, t) for i, t, _ in call_ideas if i.status == "invited" and t is not None]
        if not targets:
            raise DemoPlanError(f"call {call.code} has a merged idea but no idea to merge it into")
        target, topic = self.rng.choice(targets)
        assert topic is not None
        variant = self.topic_uses[topic.key]
        self.topic_uses[topic.key] += 1
        candidates = [
            k
            for k in (*topic.leads, *self.companies(topic.theme))
            if k != target.org and self.exists(k, call.closes)
        ]
        org = self.rng.choice(candidates)
        places = self.places(self.text_cities(None, org))
        texts = self.topic_texts(topic, variant, places)
        idea = self.add_idea(call, topic.theme, org, texts["title"], self.idea_summary(texts), "merged")
        idea.merged_into = target.number

    def coordination(self) -> None:
        facts = self.facts
        if COORDINATION_THEME not in facts.themes:
            return
        start = facts.first_cost_date
        partners = [
            PartnerPlan("helsinki", "lead", 500, PARTNER_TASKS["lead"]),
            PartnerPlan("espoo", "partner", 250, PARTNER_TASKS["city"]),
            PartnerPlan("vantaa", "partner", 250, PARTNER_TASKS["city"]),
        ]
        years = facts.last_year - start.year + 1
        created = dt.date(start.year - 1, 11, 15)
        proposal = ProposalPlan(
            number=len(self.proposals) + 1,
            idea=None,
            call=None,
            theme=COORDINATION_THEME,
            title=COORDINATION["title"],
            acronym=self.unique_acronym(COORDINATION["acronym"]),
            summary=COORDINATION["summary"],
            objectives=COORDINATION["objectives"],
            methods=[m for m in facts.methods if m in ("competence-clusters", "business-services")],
            test_environments=[],
            adopting_cities=[c.key for c in CITIES],
            start=start,
            end=facts.period_end,
            indirect_rate=Decimal("0.15"),
            status="funded",
            version=1,
            created_at=self.moment(created),
            submitted_at=self.moment(created + dt.timedelta(days=24)),
            partners=partners,
            eu_fund=self.choose_eu_fund(COORDINATION_THEME),
            public_rate=Decimal("0.60"),
            size=290_000 * years,
            profile=(780, 150, 0, 20),
            decided_on=start + dt.timedelta(days=45),
        )
        self.titles.add(proposal.title)
        self.proposals.append(proposal)

    # -- fitting the funded projects to the annual frames ------------------------------------------------
    def fit_to_frames(self) -> None:
        frames = {k: float(v) for k, v in self.facts.frames.items() if v > 0}
        funded = [p for p in self.proposals if p.status == "funded"]
        adjustable = [p for p in funded if p.theme != COORDINATION_THEME]
        if not frames:
            for p in funded:
                self.make_money(p)
            return
        fractions = {p.number: self.fund_fractions(p) for p in funded}
        weights = {p.number: {y: m / p.months for y, m in p.months_by_year().items()} for p in funded}
        sizes = {p.number: float(p.size) for p in funded}
        # Each project's own least size, so that the smallest projects do not all end on one figure.
        floors = {p.number: THEME_SIZE[p.theme][1] * self.rng.uniform(1.0, 1.6) for p in adjustable}
        for _ in range(60):
            use: dict[tuple[str, int], float] = dict.fromkeys(frames, 0.0)
            for p in funded:
                for fund, fraction in fractions[p.number].items():
                    for year, w in weights[p.number].items():
                        if (fund, year) in use:
                            use[(fund, year)] += sizes[p.number] * fraction * w
            ratio = {
                key: TARGET_USE.get(key[1], 0.8) * frame / use[key]
                for key, frame in frames.items()
                if use[key] > 0
            }
            for p in adjustable:
                log_factor = 0.0
                for year, w in weights[p.number].items():
                    options = [ratio[(f, year)] for f in fractions[p.number] if (f, year) in ratio]
                    if options:
                        log_factor += w * math.log(min(options))
                most = THEME_SIZE[p.theme][2]
                sizes[p.number] = min(
                    max(sizes[p.number] * math.exp(0.8 * log_factor), floors[p.number]), most
                )
        for p in adjustable:
            p.size = int(sizes[p.number] // 1000 * 1000)
        for p in funded:
            self.make_money(p)
        # The fit is an estimate: check the exact commitments and shrink where a frame would be overrun.
        for _ in range(30):
            committed = commitments_by_fund_year(_committed(funded)).by_fund_year
            over = {
                key: amount
                for key, amount in committed.items()
                if key in self.facts.frames and amount > self.facts.frames[key] * MAX_USE
            }
            if not over:
                return
            for (fund, year), amount in sorted(over.items()):
                factor = float(self.facts.frames[(fund, year)] * MAX_USE / amount) * 0.99
                for p in adjustable:
                    if fund in p.financing_by_source() and year in p.months_by_year():
                        p.size = int(p.size * factor // 1000 * 1000)
                        self.make_money(p)
        raise DemoPlanError("the funded projects could not be fitted within the annual frames")

    # -- indicators and funding decisions ----------------------------------------------------------------
    def indicators(self, p: ProposalPlan) -> None:
        rng = self.rng
        available = self.facts.indicators
        eligible = float(p.eligible_costs)
        research = sum(1 for x in p.partners if x.role != "associated" and self.kind(x.org) in RESEARCH_KINDS)
        public_bodies = sum(1 for x in p.partners if self.kind(x.org) in ("city", "hospital"))
        private = p.financing_by_source().get("PRIVATE", ZERO)
        targets: list[tuple[str, Decimal]] = []

        def add(code: str, value: float | Decimal) -> None:
            if code in available and value > 0 and len(targets) < 6:
                targets.append((code, Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)))

        if p.theme == COORDINATION_THEME:
            add("RCO16", rng.randrange(40, 81))
            add("RCO112", rng.randrange(120, 251))
            add("RCO75", 1)
            add("RCO01", rng.randrange(150, 301))
            p.indicators = targets
            return
        per_company = rng.uniform(60_000, 110_000) if p.theme == "T4" else rng.uniform(35_000, 70_000)
        companies = min(max(round(eligible / per_company), 3), 60)
        add("RCO01", companies)
        if research:
            add("RCO07", research)
            add("RCO10", max(1, round(companies * rng.uniform(0.4, 0.8))))
        if "business-services" in p.methods:
            add("RCO04", companies)
        add("RCR03", max(1, round(companies * rng.uniform(0.15, 0.35))))
        if private > 0:
            add("RCR02", private)
        if p.theme == "T3":
            add("RCR98", rng.randrange(30, 251))
        if p.theme in ("T2", "T3") and public_bodies:
            add("RCR11", rng.randrange(5, 151) * 100)
        if p.theme == "T1" and public_bodies:
            add("RCO14", public_bodies)
        if p.theme == "T4":
            add("RCR102", Decimal(rng.randrange(2, 13)) / 2)
            if research:
                add("RCR08", rng.randrange(2, 9))
        p.indicators = targets

    def funding_decisions(self) -> None:
        funded = sorted(
            (p for p in self.proposals if p.status == "funded"),
            key=lambda p: (p.decided_on or p.start, p.number),
        )
        numbers = {"ERDF": 80_100, "ESF+": 30_040}
        prefixes = {"ERDF": "A", "ESF+": "S", "JTF": "J"}
        for p in funded:
            assert p.decided_on is not None
            while True:
                numbers[p.eu_fund] = numbers.get(p.eu_fund, 10_000) + self.rng.randrange(6, 41)
                code = f"{prefixes.get(p.eu_fund, 'X')}{numbers[p.eu_fund]}"
                if code not in self.taken_codes:
                    break
            conditions = " ".join(self.rng.sample(FUNDING_CONDITIONS, self.rng.choice((0, 0, 1, 2))))
            p.funding = FundingPlan(
                code, p.decided_on, project_status(p.start, p.end, self.today), conditions
            )

    # -- reviews -----------------------------------------------------------------------------------------
    def reviews(self, university: str | None) -> None:
        """Two or three demo reviewers for each proposal that went through review, each scoring every
        criterion 1–5 (a comment on some): a latent quality per proposal (by status), its fit with each
        criterion, the reviewer's strictness and a little disagreement. In review, a third reviewer may
        not have scored yet. Never a reviewer whose organisation is in the consortium."""
        rng = self.rng
        scopes = {"": None, "university": university}
        for p in self.proposals:
            if p.status not in REVIEWED_STATUSES or p.call is None or p.submitted_at is None:
                continue
            consortium = {x.org for x in p.partners}
            eligible = [(name, bias) for name, scope, bias in REVIEWERS if scopes[scope] not in consortium]
            count = min(len(eligible), rng.choice((2, 3, 3)))
            chosen = rng.sample(eligible, count)
            chosen.sort(key=lambda r: [name for name, _, _ in REVIEWERS].index(r[0]))
            quality = rng.gauss(QUALITY_BY_STATUS[p.status], 0.6)
            fit = [rng.gauss(0, 0.4) + self.criterion_fit(p, k) for k in range(len(DEMO_CRITERIA))]
            if p.decided_on is not None:
                end = dt.datetime.combine(p.decided_on, dt.time(9), tzinfo=HELSINKI) - dt.timedelta(days=7)
            else:
                end = min(
                    p.submitted_at + dt.timedelta(days=rng.randrange(35, 61)),
                    dt.datetime.combine(self.today, dt.time(7), tzinfo=HELSINKI),
                )
            window = end - p.submitted_at
            pending = p.status == "in_review" and count == 3 and rng.random() < 0.35
            for name, bias in chosen:
                assigned = p.submitted_at + window * rng.uniform(0.05, 0.3)
                submitted: dt.datetime | None = p.submitted_at + window * rng.uniform(0.35, 0.98)
                if pending and name == chosen[0][0]:
                    submitted = None  # assigned, not yet scored
                scores = []
                for k in range(len(DEMO_CRITERIA)):
                    raw = 3.0 + 0.9 * quality + fit[k] + bias + rng.gauss(0, 0.5)
                    value = min(max(round(raw), 1), 5)
                    comment = ""
                    if rng.random() < (0.45 if value in (1, 2, 5) else 0.2):
                        level = "low" if value <= 2 else ("mid" if value == 3 else "high")
                        comment = rng.choice(REVIEW_COMMENTS[k][level])
                    scores.append((value, comment))
                p.reviews.append(
                    ReviewPlan(
                        name,
                        assigned.replace(second=0, microsecond=0),
                        None if submitted is None else submitted.replace(second=0, microsecond=0),
                        scores if submitted is not None else [],
                    )
                )

    def criterion_fit(self, p: ProposalPlan, criterion: int) -> float:
        """How well the proposal suits a criterion of DEMO_CRITERIA, from what it is (about −0.5 … 0.7)."""
        kinds = [self.kind(x.org) for x in p.partners if x.role != "associated"]
        if criterion == 0:  # RDI impact
            return 0.3 if any(k in RESEARCH_KINDS for k in kinds) else -0.3
        if criterion == 1:  # business potential
            return 0.3 if "company" in kinds else -0.2
        if criterion == 2:  # adoption by the cities
            return {0: -0.5, 1: 0.0}.get(len(p.adopting_cities), 0.4)
        if criterion == 3:  # carbon neutrality
            return {"T1": 0.7, "T4": 0.1}.get(p.theme, -0.4)
        if criterion == 5:  # feasibility: a big consortium is harder to run
            return -0.3 if len(p.partners) > 4 else 0.1
        return 0.0

    def persons(self) -> list[PersonPlan]:
        plans = []
        for first, last, title, org in CONTACT_PERSONS:
            if org not in self.orgs:
                raise DemoPlanError(f"contact person {first} {last} names an unknown organisation {org!r}")
            email = f"{_ascii(first)}.{_ascii(last)}@example.test"
            plans.append(PersonPlan(first, last, title, org, email))
        return plans


def _ascii(text: str) -> str:
    return text.lower().replace("ä", "a").replace("ö", "o").replace("å", "a").replace(" ", "-")


def build_plan(
    facts: AgreementFacts,
    *,
    seed: int = DEFAULT_SEED,
    today: dt.date = DEMO_TODAY,
    taken_business_ids: frozenset[str] = frozenset(),
    taken_codes: frozenset[str] = frozenset(),
) -> DemoPlan:
    """The whole demo portfolio for an agreement, from the seed alone (and the IDs already taken)."""
    builder = _Builder(
        facts, seed=seed, today=today, taken_business_ids=taken_business_ids, taken_codes=taken_codes
    )
    builder.organisations()
    calls = builder.calls()
    near_duplicates = builder.pipeline()
    builder.coordination()
    builder.fit_to_frames()
    for proposal in builder.proposals:
        if proposal.status != "funded":
            builder.make_money(proposal)
    for proposal in builder.proposals:
        builder.indicators(proposal)
    builder.funding_decisions()
    plan = DemoPlan(
        seed=seed,
        today=today,
        organisations=list(builder.orgs.values()),
        persons=builder.persons(),
        test_environments=list(TEST_ENVIRONMENTS),
        calls=calls,
        ideas=builder.ideas,
        proposals=builder.proposals,
        near_duplicates=near_duplicates,
    )
    builder.reviews(plan.applicant_organisations()[0])
    return plan
