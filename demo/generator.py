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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from cores.budget import Budget, BudgetLineIn, build_budget
from cores.business_id import make_business_id
from cores.cofinancing import FRAME_SOURCES, Rule, check_plan
from cores.frames import CommittedProject, allocate_pro_rata, commitments_by_fund_year
from cores.money import CENT, ZERO, total
from demo.catalogue import (
    CALL_INSTRUCTIONS,
    CALLS,
    CITIES,
    CITY_BY_KEY,
    CLOSERS,
    CONTACT_PERSONS,
    COORDINATION,
    DECISION_CALL,
    DEMO_CRITERIA,
    FUNDING_CONDITIONS,
    GENERATED_COMPANIES,
    IDEA_AIM_FRAMES,
    NEAR_DUPLICATES,
    PARTNER_TASKS,
    PROPOSAL_AIM_FRAMES,
    PROPOSAL_OUTCOMES,
    REAL_ORGANISATIONS,
    RESEARCH_KINDS,
    RESULT_FRAMES,
    REVIEW_COMMENTS,
    TARGET_FRAMES,
    TEST_ENVIRONMENTS,
    THEME_TITLES,
    TITLE_SUFFIXES,
    TOPICS,
    CallSpec,
    DuplicateSide,
    NearDuplicate,
    OrgSpec,
    TestEnvironmentSpec,
    Topic,
)

DEFAULT_SEED = 2026
DEMO_TODAY = dt.date(2026, 11, 29)
HELSINKI = ZoneInfo("Europe/Helsinki")
PRIORITY_THEMES = ("T1", "T2", "T3", "T4")
COORDINATION_THEME = "K"
COST_CATEGORIES = ("personnel", "services", "equipment", "travel", "other")

# How much of each year's frame the funded projects should use (the fitting aims at these), and the most
# any fund-year may use. The first year with frames is a ramp-up year; 2027 leaves room for the
# proposals still in the pipeline (the decision call asks for about three times what is left).
TARGET_USE = {2021: 0.6, 2022: 0.7, 2023: 0.84, 2024: 0.87, 2025: 0.86, 2026: 0.84, 2027: 0.6}
MAX_USE = Decimal("0.97")

# Size of a project in eligible euros: (median, least, most).
THEME_SIZE = {
    "T1": (820_000, 300_000, 2_600_000),
    "T2": (680_000, 250_000, 2_200_000),
    "T3": (430_000, 180_000, 1_500_000),
    "T4": (540_000, 200_000, 1_800_000),
}
# Cost profile per mille: personnel, services, equipment, travel (the rest is other costs).
THEME_PROFILE = {
    "T1": ((550, 680), (150, 280), (20, 100), (10, 25)),
    "T2": ((600, 720), (120, 240), (20, 80), (10, 25)),
    "T3": ((650, 780), (100, 200), (0, 50), (10, 25)),
    "T4": ((600, 720), (100, 220), (30, 110), (15, 35)),
}
THEME_WEIGHT = {"T1": 0.34, "T2": 0.24, "T3": 0.2, "T4": 0.22}
CITY_SHARE = {"T1": 0.75, "T2": 0.55, "T3": 0.8, "T4": 0.25}
RESEARCH_POOL = {
    "T1": ("aalto", "vtt", "metropolia", "hy", "fmi", "luke", "gtk", "haaga-helia", "laurea"),
    "T2": ("hy", "aalto", "metropolia", "laurea", "thl", "arcada", "haaga-helia", "vtt"),
    "T3": ("hy", "aalto", "metropolia", "haaga-helia", "laurea", "arcada", "uniarts", "hanken"),
    "T4": ("aalto", "hy", "vtt", "hanken", "uniarts", "fmi", "gtk", "metropolia"),
}
HOSPITALS = ("hus", "lansi-uusimaa", "ita-uusimaa", "keski-uusimaa", "vakehyva")

# The demo reviewers: (username, whose organisation they act for, how strict they score). The scope is
# that of demo.users: "university" is the university that leads the most proposals, and the reviewer is
# never assigned to a proposal of its consortium (the review app refuses the conflict).
REVIEWERS = (("arvioija-1", "", -0.25), ("arvioija-2", "university", 0.1), ("arvioija-3", "", 0.3))
# Proposals in these statuses went through review (submitted ones are not yet assigned: the first
# assignment moves a proposal in review).
REVIEWED_STATUSES = ("in_review", "presented", "funded", "rejected")
# The latent quality of a proposal by status: funded ones tend to score higher than rejected ones.
QUALITY_BY_STATUS = {"funded": 0.7, "presented": 0.6, "in_review": 0.0, "rejected": -0.8}
# Projects shorter than this (months) are sized down in proportion: the latest calls' proposals run only
# until the end of the programme period.
FULL_SIZE_MONTHS = 18


class DemoPlanError(RuntimeError):
    """The agreement lacks something the demo needs, or a plan broke a money rule (a bug)."""


# ---------------------------------------------------------------------------------------------------------
# What the generator needs to know about the agreement (read from the database by demo.services).


@dataclass(frozen=True)
class ThemeFacts:
    code: str
    kind: str
    eligible_funds: tuple[str, ...]


@dataclass(frozen=True)
class AgreementFacts:
    first_year: int
    last_year: int
    themes: Mapping[str, ThemeFacts]
    fund_caps: Mapping[str, Decimal]
    frames: Mapping[tuple[str, int], Decimal]
    rule: Rule
    methods: tuple[str, ...]
    indicators: frozenset[str]

    @property
    def period_end(self) -> dt.date:
        return dt.date(self.last_year, 12, 31)

    @property
    def first_cost_date(self) -> dt.date:
        """Projects start no earlier than the first year that has a frame (or the period's first year)."""
        years = [y for (_, y), amount in self.frames.items() if amount > 0]
        return dt.date(min(years) if years else self.first_year, 1, 1)

    def frame_total(self, fund: str) -> Decimal:
        return total(amount for (code, _), amount in self.frames.items() if code == fund)


# ---------------------------------------------------------------------------------------------------------
# The plan


@dataclass
class OrgPlan:
    key: str
    spec: OrgSpec
    is_generated: bool


@dataclass
class PersonPlan:
    first_name: str
    last_name: str
    title: str
    org: str
    email: str


@dataclass
class CallPlan:
    code: str
    title: str
    themes: tuple[str, ...]
    opens: dt.date
    closes: dt.date
    status: str
    instructions: str


@dataclass
class IdeaPlan:
    number: int
    call: str
    theme: str
    org: str
    title: str
    summary: str
    status: str
    submitted_at: dt.datetime
    merged_into: int | None = None


@dataclass
class PartnerPlan:
    org: str
    role: str
    share: int  # per mille of the budget; 0 for an associated partner
    tasks: str


@dataclass
class FinancingPlan:
    source: str
    org: str | None
    amount: Decimal


@dataclass
class FundingPlan:
    code: str
    decided_on: dt.date
    project_status: str
    conditions: str


@dataclass
class ReviewPlan:
    reviewer: str  # a demo user's username
    assigned_at: dt.datetime
    submitted_at: dt.datetime | None  # None: assigned, not yet scored
    scores: list[tuple[int, str]]  # (1–5, comment) for each criterion of DEMO_CRITERIA, in order

    @property
    def status(self) -> str:
        return "assigned" if self.submitted_at is None else "submitted"


@dataclass
class ProposalPlan:
    number: int
    idea: int | None
    call: str | None
    theme: str
    title: str
    acronym: str
    summary: str
    objectives: str
    methods: list[str]
    test_environments: list[str]
    adopting_cities: list[str]
    start: dt.date
    end: dt.date
    indirect_rate: Decimal
    status: str
    version: int
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    partners: list[PartnerPlan]
    eu_fund: str
    public_rate: Decimal
    size: int  # the eligible costs aimed at, whole euros
    profile: tuple[int, int, int, int]
    decided_on: dt.date | None = None
    lines: list[BudgetLineIn] = field(default_factory=list)
    financing: list[FinancingPlan] = field(default_factory=list)
    indicators: list[tuple[str, Decimal]] = field(default_factory=list)
    funding: FundingPlan | None = None
    reviews: list[ReviewPlan] = field(default_factory=list)

    @property
    def lead(self) -> str:
        return self.partners[0].org

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def months_by_year(self) -> dict[int, int]:
        counts: Counter[int] = Counter()
        year, month = self.start.year, self.start.month
        for _ in range(self.months):
            counts[year] += 1
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return dict(sorted(counts.items()))

    def budget(self) -> Budget:
        return build_budget(self.lines, indirect_rate=self.indirect_rate, categories=COST_CATEGORIES)

    @property
    def eligible_costs(self) -> Decimal:
        return self.budget().eligible_total

    def financing_by_source(self) -> dict[str, Decimal]:
        sums: dict[str, Decimal] = {}
        for line in self.financing:
            sums[line.source] = sums.get(line.source, ZERO) + line.amount
        return sums


@dataclass
class DemoPlan:
    seed: int
    today: dt.date
    organisations: list[OrgPlan]
    persons: list[PersonPlan]
    test_environments: list[TestEnvironmentSpec]
    calls: list[CallPlan]
    ideas: list[IdeaPlan]
    proposals: list[ProposalPlan]
    near_duplicates: list[tuple[str, str, str]]  # (kind, first title, second title)
    decision_call: str = DECISION_CALL  # the call whose proposals await the steering group's choice

    @property
    def funded(self) -> list[ProposalPlan]:
        return [p for p in self.proposals if p.funding is not None]

    def org(self, key: str) -> OrgPlan:
        for org in self.organisations:
            if org.key == key:
                return org
        raise KeyError(key)

    def commitments(self) -> dict[tuple[str, int], Decimal]:
        """Each funded project's frame money spread over its years by yearly eligible costs."""
        return dict(commitments_by_fund_year(_committed(self.funded)).by_fund_year)

    def applicant_organisations(self) -> tuple[str | None, str | None]:
        """The university and the generated company that lead the most proposals (ties: by name), as
        demo.users picks the organisations of the demo applicants and of the reviewer arvioija-2."""
        leads = Counter(p.lead for p in self.proposals)
        names = {o.key: o.spec.name for o in self.organisations}

        def best(keys: list[str]) -> str | None:
            keys = [k for k in keys if leads[k] > 0]
            return min(keys, key=lambda k: (-leads[k], names[k])) if keys else None

        universities = [o.key for o in self.organisations if o.spec.kind == "university"]
        companies = [o.key for o in self.organisations if o.is_generated]
        return best(universities), best(companies)


def _committed(proposals: Sequence[ProposalPlan]) -> list[CommittedProject]:
    result = []
    for p in proposals:
        money = {s: a for s, a in p.financing_by_source().items() if s in FRAME_SOURCES}
        result.append(CommittedProject(f"#{p.number}", money, p.budget().eligible_by_year()))
    return result


# ---------------------------------------------------------------------------------------------------------
# Small helpers


def floor_cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_DOWN)


def _round10(value: Decimal) -> Decimal:
    return ((value / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 10).quantize(CENT)


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " ja " + items[-1]


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _month_end(first_of_month: dt.date) -> dt.date:
    return _add_months(first_of_month, 1) - dt.timedelta(days=1)


def project_status(start: dt.date, end: dt.date, today: dt.date) -> str:
    """A project's status on a day: not started, running, ended (final claim pending) or closed."""
    if today < start:
        return "planned"
    if today <= end:
        return "active"
    if (today - end).days <= 150:
        return "ended"
    return "closed"


def _org_key_of_company(name: str) -> str:
    return f"company:{name}"


# ---------------------------------------------------------------------------------------------------------
# The builder


class _Builder:
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

    # -- texts -------------------------------------------------------------------------------------------
    def places(self, cities: Sequence[str]) -> dict[str, str]:
        first = CITY_BY_KEY[cities[0]]
        return {
            "paikka": f"{first.genitive} {self.rng.choice(first.districts)}",
            "kaupungeissa": _join([CITY_BY_KEY[c].locative for c in cities]),
            "kaupunkien": _join([CITY_BY_KEY[c].genitive for c in cities]),
            "kaupungissa": first.locative,
        }

    def theme_weight(self, theme: str) -> float:
        """The theme's share of ideas, damped as its topics run out of text variants (three each)."""
        topics = [t for t in TOPICS if t.theme == theme]
        left = sum(max(3 - self.topic_uses[t.key], 0) for t in topics)
        return THEME_WEIGHT[theme] * max(left, 0.5) / (3 * len(topics))

    def pick_topic(self, theme: str) -> Topic:
        topics = [t for t in TOPICS if t.theme == theme]
        least = min(self.topic_uses[t.key] for t in topics)
        topic = self.rng.choice([t for t in topics if self.topic_uses[t.key] == least])
        return topic

    def unique_title(self, base: str, places: Mapping[str, str], *, first_suffix: str = "") -> str:
        suffixes = [first_suffix, *self.rng.sample(TITLE_SUFFIXES, len(TITLE_SUFFIXES))]
        for suffix in suffixes:
            title = base + suffix.format(**places)
            if title not in self.titles:
                self.titles.add(title)
                return title
        for numeral in ("II", "III", "IV", "V", "VI"):
            title = f"{base} {numeral}"
            if title not in self.titles:
                self.titles.add(title)
                return title
        raise DemoPlanError(f"no unique title left for {base!r}")

    def unique_acronym(self, base: str) -> str:
        acronym, n = base, 1
        while acronym in self.acronyms:
            n += 1
            acronym = f"{base}{n}"
        self.acronyms.add(acronym)
        return acronym

    def topic_texts(self, topic: Topic, variant: int, places: Mapping[str, str]) -> dict[str, str]:
        suffix = "" if variant < 2 else self.rng.choice(TITLE_SUFFIXES[3:])
        # Uses 0-2 take the variants in turn; later uses pair them differently (aim i with action i + 1).
        shift = variant // 3
        return {
            "title": self.unique_title(
                topic.titles[variant % len(topic.titles)], places, first_suffix=suffix
            ),
            "aim": topic.aims[variant % 3],
            "action": topic.actions[(variant + shift) % 3].format(**places),
            "result": topic.results[(variant + shift) % 2],
            "target": topic.target,
            "other_aims": " ".join(a for i, a in enumerate(topic.aims) if i != variant % 3),
        }

    def idea_summary(self, texts: Mapping[str, str]) -> str:
        frames = [f for f in IDEA_AIM_FRAMES if "kanssa" not in texts["aim"] or "kanssa" not in f]
        sentences = [self.rng.choice(frames).format(aim=texts["aim"]), texts["action"]]
        ending = self.rng.random()
        if ending < 0.4:
            sentences.append(self.rng.choice(TARGET_FRAMES).format(target=texts["target"]))
        elif ending < 0.8:
            result = texts["result"]
            # an idea promises its result, so not the bare statement frame ("{Result}.")
            frame = self.rng.choice(RESULT_FRAMES[:3])
            sentences.append(frame.format(result=result, Result=_capitalise(result)))
        return " ".join(sentences)

    def partners_sentence(self, partners: Sequence[PartnerPlan]) -> str:
        name = {p.org: self.orgs[p.org].spec.name for p in partners}
        lead = partners[0].org
        others = [name[p.org] for p in partners[1:] if p.role == "partner"]
        associated = [name[p.org] for p in partners[1:] if p.role == "associated"]
        if not others:
            sentence = f"Hankkeen toteuttaa {name[lead]}."
        else:
            form = self.rng.randrange(3)
            if form == 0:
                sentence = f"Hanketta toteuttavat {_join([name[lead], *others])}."
            elif form == 1:
                verb = "osatoteuttajana on" if len(others) == 1 else "osatoteuttajina ovat"
                sentence = f"Päätoteuttajana on {name[lead]}, ja {verb} {_join(others)}."
            else:
                verb = "on" if len(others) == 1 else "ovat"
                sentence = (
                    f"{name[lead]} vastaa hankkeen koordinoinnista, ja mukana {verb} myös {_join(others)}."
                )
        if associated:
            if len(associated) == 1:
                sentence += f" Lisäksi {associated[0]} osallistuu hankkeeseen liitännäiskumppanina."
            else:
                sentence += f" Lisäksi {_join(associated)} osallistuvat hankkeeseen liitännäiskumppaneina."
        return sentence

    def proposal_summary(self, texts: Mapping[str, str], theme: str, partners: Sequence[PartnerPlan]) -> str:
        sentences = [
            self.rng.choice(PROPOSAL_AIM_FRAMES).format(aim=texts["aim"]),
            texts["action"],
            self.partners_sentence(partners),
        ]
        if self.rng.random() < 0.7:
            result = texts["result"]
            sentences.append(self.rng.choice(RESULT_FRAMES).format(result=result, Result=_capitalise(result)))
        else:
            sentences.append(self.rng.choice(CLOSERS[theme]))
        return " ".join(sentences)

    def objectives(self, topic: Topic, variant: int) -> str:
        aims = [a for i, a in enumerate(topic.aims) if i != variant % 3]
        lines = [f"– {_capitalise(aim)}." for aim in aims]
        lines.append(f"– Varmistaa, että {topic.results[(variant + 1) % 2]}.")
        return "\n".join(lines)

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

    # -- money -------------------------------------------------------------------------------------------
    def draw_size(self, theme: str) -> int:
        median, least, most = THEME_SIZE[theme]
        size = self.rng.lognormvariate(math.log(median), 0.45)
        return int(min(max(size, least), most) // 1000 * 1000)

    def draw_profile(self, theme: str) -> tuple[int, int, int, int]:
        p, s, e, t = (self.rng.randrange(lo, hi + 1) for lo, hi in THEME_PROFILE[theme])
        return p, s, e, t

    def choose_eu_fund(self, theme: str) -> str:
        eligible = self.facts.themes[theme].eligible_funds
        if "ESF+" in eligible and self.facts.frame_total("ESF+") > 0 and self.rng.random() < 0.6:
            return "ESF+"
        if "ERDF" in eligible:
            return "ERDF"
        eu = [f for f in eligible if f != "STATE"]
        if not eu:
            raise DemoPlanError(f"theme {theme} has no EU fund the demo could use")
        return eu[0]

    def fund_fractions(self, p: ProposalPlan) -> dict[str, float]:
        """The share of eligible costs each frame fund pays (for sizing; the exact amounts come later)."""
        shares = self.public_split(p, Decimal(1_000_000))
        return {fund: float(amount / Decimal(1_000_000)) for fund, amount in shares.items()}

    def public_split(self, p: ProposalPlan, eligible: Decimal) -> dict[str, Decimal]:
        facts = self.facts
        rate = min(p.public_rate, facts.rule.max_public_share)
        public = floor_cents(eligible * rate)
        cap_eu = facts.fund_caps.get(p.eu_fund, Decimal(1))
        funds = facts.themes[p.theme].eligible_funds
        if "STATE" in funds and "STATE" in facts.fund_caps:
            eu = min(floor_cents(public * self.eu_ratio), floor_cents(eligible * cap_eu))
            state = min(public - eu, floor_cents(eligible * facts.fund_caps["STATE"]))
            return {p.eu_fund: eu, "STATE": state}
        return {p.eu_fund: min(public, floor_cents(eligible * cap_eu))}

    def make_lines(self, p: ProposalPlan) -> None:
        personnel, services, equipment, travel = p.profile
        other = max(1000 - personnel - services - equipment - travel, 0)
        running = personnel + services + travel + other
        direct = Decimal(p.size) / (1 + p.indirect_rate * Decimal(personnel) / 1000)
        equipment_total = direct * equipment / 1000
        running_total = direct - equipment_total
        months = p.months
        lines: list[BudgetLineIn] = []
        for index, (year, count) in enumerate(p.months_by_year().items()):
            year_total = running_total * count / months
            amounts = {
                "personnel": year_total * personnel / running,
                "services": year_total * services / running,
                "equipment": equipment_total if index == 0 else ZERO,
                "travel": year_total * travel / running,
                "other": year_total * other / running,
            }
            for category in COST_CATEGORIES:
                amount = _round10(amounts[category])
                if amount > 0:
                    lines.append(BudgetLineIn(year, category, amount))
        p.lines = lines

    def make_financing(self, p: ProposalPlan) -> None:
        eligible = p.eligible_costs
        public = self.public_split(p, eligible)
        own = eligible - total(public.values())
        payers = [partner for partner in p.partners if partner.share > 0]
        parts = allocate_pro_rata(own, {i: Decimal(partner.share) for i, partner in enumerate(payers)})
        financing = [FinancingPlan(fund, None, amount) for fund, amount in public.items() if amount > 0]
        for i, partner in enumerate(payers):
            if parts[i] > 0:
                financing.append(FinancingPlan(_own_source(self.kind(partner.org)), partner.org, parts[i]))
        p.financing = financing
        theme = self.facts.themes[p.theme]
        problems = check_plan(
            eligible_costs=eligible,
            financing=p.financing_by_source(),
            rule=self.facts.rule,
            eligible_funds=theme.eligible_funds,
            theme_label=theme.code,
        )
        if problems:
            raise DemoPlanError(f"demo proposal {p.title!r}: {'; '.join(v.message for v in problems)}")

    def make_money(self, p: ProposalPlan) -> None:
        self.make_lines(p)
        self.make_financing(p)

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


def _own_source(kind: str) -> str:
    if kind == "city":
        return "CITY"
    if kind == "company":
        return "PRIVATE"
    return "OWN"


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
