"""The material of the demo portfolio, read from the YAML files in demo/data/: real organisations of the
capital region, generated companies, test environments, fictitious contact persons, calls, the Finnish
phrases that project texts are composed of, near-duplicate pairs and the review criteria.

Real organisations carry their real names; a business ID only where it is known and passes the check
digit (cores.business_id), otherwise none. Generated companies are fictitious (``is_generated``), and
their business IDs are drawn from a range that has not been issued yet (9xxxxxx), so that no real
company's ID appears next to an invented name. People are obviously fictitious and use example.test.

This module is the data's typed loader: each file's lists become tuples, its records the frozen
dataclasses below (a field left out of a record takes the dataclass's default).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml

DATA = Path(__file__).resolve().parent / "data"

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T", bound="DataclassInstance")


@cache
def _file(name: str) -> dict[str, Any]:
    with (DATA / f"{name}.yaml").open(encoding="utf-8") as f:
        loaded = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(loaded, dict):
        raise ValueError(f"{DATA / name}.yaml: expected a mapping of names to data")
    return loaded


def _frozen(value: Any) -> Any:
    """Lists as tuples, all the way down (the catalogue is immutable)."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    return value


def _read(name: str, key: str) -> Any:
    try:
        return _frozen(_file(name)[key])
    except KeyError:
        raise ValueError(f"{DATA / name}.yaml: {key} is missing") from None


def _records(cls: type[T], rows: tuple[dict[str, Any], ...], **nested: type) -> tuple[T, ...]:
    """Each mapping as a ``cls``; the fields named in ``nested`` are records of their own."""
    names = {f.name for f in dataclasses.fields(cls)}
    made = []
    for i, row in enumerate(rows):
        unknown = set(row) - names
        if unknown:
            raise ValueError(f"{cls.__name__} #{i + 1}: unknown fields {sorted(unknown)}")
        values = {k: nested[k](**v) if k in nested else v for k, v in row.items()}
        made.append(cls(**values))
    return tuple(made)


# ---------------------------------------------------------------------------------------------------------
# Cities: the agreement's parties (created by the agreement loader), with the forms the texts need.


@dataclass(frozen=True)
class City:
    key: str
    name: str  # the organisation's name, as the agreement fixture has it
    nominative: str
    genitive: str
    locative: str  # inessive or adessive: Helsingissä, Espoossa, Vantaalla
    districts: tuple[str, ...]  # in the locative: Kalasatamassa, Kera-alueella ...


CITIES: tuple[City, ...] = _records(City, _read("cities", "CITIES"))
CITY_BY_KEY = {c.key: c for c in CITIES}

# ---------------------------------------------------------------------------------------------------------
# Organisations


@dataclass(frozen=True)
class OrgSpec:
    key: str
    name: str
    kind: str  # partners.models.OrganisationKind value
    size: str = ""
    name_sv: str = ""
    name_en: str = ""
    business_id: str = ""
    municipality: str = ""
    website: str = ""
    sector: str = ""  # the theme a generated company works in
    exists_from: dt.date | None = None  # e.g. the wellbeing services counties began in 2023


REAL_ORGANISATIONS: tuple[OrgSpec, ...] = _records(OrgSpec, _read("organisations", "REAL_ORGANISATIONS"))
RESEARCH_KINDS: frozenset[str] = frozenset(_read("organisations", "RESEARCH_KINDS"))
# (name, sector theme, size); fictitious, marked is_generated.
GENERATED_COMPANIES: tuple[tuple[str, str, str], ...] = _read("organisations", "GENERATED_COMPANIES")
COMPANY_MUNICIPALITIES: tuple[str, ...] = _read("organisations", "COMPANY_MUNICIPALITIES")

# ---------------------------------------------------------------------------------------------------------
# Test environments, contact persons (first, last, title, organisation key)


@dataclass(frozen=True)
class TestEnvironmentSpec:
    __test__ = False  # not a pytest test class

    name: str
    owner: str  # an organisation key: a city key or a REAL_ORGANISATIONS key
    city: str
    themes: tuple[str, ...]
    description: str
    available_from: dt.date


TEST_ENVIRONMENTS: tuple[TestEnvironmentSpec, ...] = _records(
    TestEnvironmentSpec, _read("test_environments", "TEST_ENVIRONMENTS")
)
CONTACT_PERSONS: tuple[tuple[str, str, str, str], ...] = _read("people", "CONTACT_PERSONS")

# ---------------------------------------------------------------------------------------------------------
# Calls for ideas, with the counts of their outcomes


@dataclass(frozen=True)
class CallSpec:
    code: str
    opens: dt.date
    closes: dt.date
    themes: tuple[str, ...]  # () means every priority theme
    status: str
    outcomes: dict[str, int] = field(default_factory=dict)
    title: str = ""


PROPOSAL_OUTCOMES: tuple[str, ...] = _read("calls", "PROPOSAL_OUTCOMES")
IDEA_OUTCOMES: tuple[str, ...] = _read("calls", "IDEA_OUTCOMES")
CALLS: tuple[CallSpec, ...] = _records(CallSpec, _read("calls", "CALLS"))
DECISION_CALL: str = _read("calls", "DECISION_CALL")
THEME_TITLES: dict[str, str] = _read("calls", "THEME_TITLES")
CALL_INSTRUCTIONS: tuple[str, ...] = _read("calls", "CALL_INSTRUCTIONS")

# ---------------------------------------------------------------------------------------------------------
# Topics and the phrases of the generated texts


@dataclass(frozen=True)
class Topic:
    theme: str
    key: str
    acronym: str
    titles: tuple[str, ...]
    aims: tuple[str, ...]
    actions: tuple[str, ...]
    results: tuple[str, ...]
    target: str
    leads: tuple[str, ...]


TOPICS: tuple[Topic, ...] = _records(Topic, _read("topics", "TOPICS"))
IDEA_AIM_FRAMES: tuple[str, ...] = _read("phrases", "IDEA_AIM_FRAMES")
PROPOSAL_AIM_FRAMES: tuple[str, ...] = _read("phrases", "PROPOSAL_AIM_FRAMES")
RESULT_FRAMES: tuple[str, ...] = _read("phrases", "RESULT_FRAMES")
TARGET_FRAMES: tuple[str, ...] = _read("phrases", "TARGET_FRAMES")
CLOSERS: dict[str, tuple[str, ...]] = _read("phrases", "CLOSERS")
TITLE_SUFFIXES: tuple[str, ...] = _read("phrases", "TITLE_SUFFIXES")
PARTNER_TASKS: dict[str, str] = _read("phrases", "PARTNER_TASKS")
FUNDING_CONDITIONS: tuple[str, ...] = _read("phrases", "FUNDING_CONDITIONS")
COORDINATION: dict[str, str] = _read("phrases", "COORDINATION")

# ---------------------------------------------------------------------------------------------------------
# Near-duplicate ideas and proposals (for an overlap detector to find)


@dataclass(frozen=True)
class DuplicateSide:
    call: str
    org: str  # an organisation key: a city, a real organisation, or "company:<name>"
    outcome: str
    title: str
    summary: str


@dataclass(frozen=True)
class NearDuplicate:
    kind: str  # "idea" or "proposal"
    theme: str
    first: DuplicateSide
    second: DuplicateSide
    acronym: str = ""


NEAR_DUPLICATES: tuple[NearDuplicate, ...] = _records(
    NearDuplicate, _read("near_duplicates", "NEAR_DUPLICATES"), first=DuplicateSide, second=DuplicateSide
)
NEAR_DUPLICATE_TITLES: tuple[tuple[str, str], ...] = tuple(
    (d.first.title, d.second.title) for d in NEAR_DUPLICATES
)

# ---------------------------------------------------------------------------------------------------------
# Review: the criteria of every call (name, what the reviewers look at, weight), and the reviewers' short
# comments on a low, middling and high score, in the criteria's order.

DEMO_CRITERIA: tuple[tuple[str, str, str], ...] = _read("review", "DEMO_CRITERIA")
REVIEW_COMMENTS: tuple[dict[str, tuple[str, ...]], ...] = _read("review", "REVIEW_COMMENTS")
