"""The demo portfolio's plan in memory: its settings, what the generator knows of the agreement, and the
plan's records (organisations, calls, ideas, proposals with their money, reviews). demo.generator builds a
plan; demo.services stores it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from cores.budget import Budget, BudgetLineIn, build_budget
from cores.cofinancing import FRAME_SOURCES, Rule
from cores.frames import CommittedProject, commitments_by_fund_year
from cores.money import CENT, ZERO, total
from demo.catalogue import (
    DECISION_CALL,
    OrgSpec,
    TestEnvironmentSpec,
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
