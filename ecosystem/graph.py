"""The partner network of an agreement as a graph (networkx), and the measures a coordinator asks for.

Organisations are nodes; two are linked when they are in the same consortium of a proposal (a funded
proposal is its project) or their ideas were linked or merged. Each joint activity adds its money to the
link: a proposal's EU and state money (its financing lines from ERDF, ESF+, JTF and the state). An
organisation's money is its equal share of the money of each activity it is in (the plans do not say
how a consortium divides the money). Drafts and withdrawn proposals do not count.

``load(agreement, theme=..., first_year=..., last_year=...)`` reads the database once;
``build_graph``, ``measures`` and the rest work on the loaded ``NetworkData`` only, so that they can be
tested on hand-made data.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import networkx as nx

ZERO = Decimal("0.00")
FRAME_SOURCES = ("ERDF", "ESF+", "JTF", "STATE")


@dataclass(frozen=True)
class Org:
    pk: int
    name: str
    kind: str  # partners.OrganisationKind
    size: str = ""  # sme / large / ""
    municipality: str = ""
    business_id: str = ""

    @property
    def type_key(self) -> str:
        """The kind, with companies split into SMEs and large companies."""
        if self.kind == "company":
            return "sme" if self.size == "sme" else "large_company"
        return self.kind


@dataclass(frozen=True)
class Activity:
    key: str  # "proposal:12", "idea:7"
    kind: str  # "proposal", "project", "idea"
    title: str
    theme: str  # theme code
    year: int
    orgs: tuple[int, ...]
    money: Decimal = ZERO
    call_id: int | None = None
    call_title: str = ""
    call_opens: dt.date | None = None
    summary: str = ""


@dataclass
class NetworkData:
    orgs: dict[int, Org]
    activities: list[Activity]
    # EURA history: organisation -> years of the historical projects it led (the lists name the lead only)
    eura_history: dict[int, list[tuple[int, str, str]]] = field(default_factory=dict)  # (year, name, theme)
    # activities of the agreement before the period or filter chosen (for "new to the programme period")
    earlier: list[Activity] = field(default_factory=list)


def share_of(activity: Activity) -> Decimal:
    """Each member's equal share of an activity's money, to the cent."""
    if not activity.orgs:
        return ZERO
    return (activity.money / len(activity.orgs)).quantize(Decimal("0.01"))


def build_graph(data: NetworkData) -> nx.Graph:
    """Nodes: organisations in at least one activity (``name``, ``kind``, ``type``, ``money``,
    ``activities``); edges: ``weight`` = joint money, ``count`` = joint activities, ``themes``."""
    g = nx.Graph()
    for a in data.activities:
        share = share_of(a)
        for pk in a.orgs:
            org = data.orgs[pk]
            if pk not in g:
                g.add_node(pk, name=org.name, kind=org.kind, type=org.type_key, money=ZERO, activities=0)
            g.nodes[pk]["money"] += share
            g.nodes[pk]["activities"] += 1
        for u, v in itertools.combinations(sorted(set(a.orgs)), 2):
            if g.has_edge(u, v):
                g[u][v]["weight"] += a.money
                g[u][v]["count"] += 1
                g[u][v]["themes"].add(a.theme)
            else:
                g.add_edge(u, v, weight=a.money, count=1, themes={a.theme})
    return g


@dataclass(frozen=True)
class Ranked:
    org: Org
    value: float | Decimal
    partners: int
    money: Decimal


def central(g: nx.Graph, data: NetworkData, top: int = 10) -> list[Ranked]:
    """Central: the most joint money with others (weighted degree), ties by number of partners."""
    rows = [
        Ranked(data.orgs[n], Decimal(g.degree(n, weight="weight")), g.degree(n), g.nodes[n]["money"])
        for n in g.nodes
        if g.degree(n)
    ]
    rows.sort(key=lambda r: (-Decimal(r.value), -r.partners, r.org.name))
    return rows[:top]


def bridging(g: nx.Graph, data: NetworkData, top: int = 10) -> list[Ranked]:
    """Bridging: on many of the shortest paths between other organisations (betweenness centrality),
    so they join groups that would otherwise not be linked."""
    if g.number_of_nodes() < 3:
        return []
    values = nx.betweenness_centrality(g, normalized=True)
    rows = [
        Ranked(data.orgs[n], round(v, 3), g.degree(n), g.nodes[n]["money"])
        for n, v in values.items()
        if v > 0
    ]
    rows.sort(key=lambda r: (-float(r.value), r.org.name))
    return rows[:top]


@dataclass(frozen=True)
class Cluster:
    theme: str
    members: list[Org]
    money: Decimal


def clusters_per_theme(data: NetworkData) -> dict[str, list[Cluster]]:
    """Per theme, the groups of organisations linked to each other through the theme's activities
    (connected components of the theme's graph), biggest first."""
    out: dict[str, list[Cluster]] = {}
    for theme in sorted({a.theme for a in data.activities}):
        sub = build_graph(NetworkData(data.orgs, [a for a in data.activities if a.theme == theme]))
        clusters = [
            Cluster(
                theme,
                sorted((data.orgs[n] for n in comp), key=lambda o: o.name),
                sum((sub.nodes[n]["money"] for n in comp), ZERO),
            )
            for comp in nx.connected_components(sub)
        ]
        clusters.sort(key=lambda c: (-len(c.members), -c.money, c.members[0].name))
        out[theme] = clusters
    return out


def isolated_consortia(g: nx.Graph, data: NetworkData) -> list[Activity]:
    """Consortia (of two or more) whose members work with no one outside them in this selection."""
    out = []
    for a in data.activities:
        members = set(a.orgs)
        if len(members) < 2:
            continue
        if all(set(g.neighbors(n)) <= members for n in members):
            out.append(a)
    return sorted(out, key=lambda a: a.title)


@dataclass(frozen=True)
class NewcomerRow:
    call: str
    theme: str
    participants: int
    newcomers: int
    new_to_eu: int
    money: Decimal
    newcomer_money: Decimal
    new_to_eu_money: Decimal

    @property
    def share_by_count(self) -> Decimal:
        return Decimal(self.newcomers) / self.participants if self.participants else ZERO

    @property
    def share_by_money(self) -> Decimal:
        return self.newcomer_money / self.money if self.money else ZERO


def newcomers(data: NetworkData) -> list[NewcomerRow]:
    """Per call and theme: the organisations in its proposals that had no earlier activity in the agreement
    (new to the programme period), and those of them that led no project in the EURA history either (new
    to EU funding), as a share of the participants and of the money (their equal shares)."""
    first_seen: dict[int, tuple[dt.date, str]] = {}
    for a in [*data.earlier, *data.activities]:
        when = a.call_opens or dt.date(a.year, 1, 1)
        for pk in a.orgs:
            if pk not in first_seen or when < first_seen[pk][0]:
                first_seen[pk] = (when, a.key)
    groups: dict[tuple[str, str], list[Activity]] = defaultdict(list)
    for a in data.activities:
        if a.kind == "idea":
            continue
        groups[(a.call_title or "–", a.theme)].append(a)
    rows = []
    for (call, theme), acts in sorted(groups.items()):
        seen: dict[int, Decimal] = defaultdict(lambda: ZERO)
        new: set[int] = set()
        for a in acts:
            when = a.call_opens or dt.date(a.year, 1, 1)
            for pk in a.orgs:
                seen[pk] += share_of(a)
                if first_seen[pk][0] >= when:
                    new.add(pk)
        new_eu = {pk for pk in new if not data.eura_history.get(pk)}
        rows.append(
            NewcomerRow(
                call,
                theme,
                len(seen),
                len(new),
                len(new_eu),
                sum(seen.values(), ZERO),
                sum((seen[pk] for pk in new), ZERO),
                sum((seen[pk] for pk in new_eu), ZERO),
            )
        )
    return rows


TYPE_ORDER = (
    "city",
    "university",
    "uas",
    "research_institute",
    "sme",
    "large_company",
    "association",
    "hospital",
    "authority",
    "other",
)


def type_mix(data: NetworkData) -> dict[str, Counter[str]]:
    """Per theme, how many distinct organisations of each type take part."""
    out: dict[str, Counter[str]] = {}
    members: dict[str, set[int]] = defaultdict(set)
    for a in data.activities:
        members[a.theme].update(a.orgs)
    for theme, pks in sorted(members.items()):
        out[theme] = Counter(data.orgs[pk].type_key for pk in pks)
    return out


def activation_list(data: NetworkData, region: Iterable[Org]) -> list[tuple[Org, list[tuple[int, str, str]]]]:
    """The region's organisations (the register's in the region's municipalities, and the EURA history's
    leads) that take part in nothing in this selection, with their EURA projects; EURA history first."""
    involved = {pk for a in data.activities for pk in a.orgs}
    rows = [
        (o, sorted(data.eura_history.get(o.pk, []), reverse=True)) for o in region if o.pk not in involved
    ]
    rows.sort(key=lambda r: (-len(r[1]), r[0].name))
    return rows


def layout(g: nx.Graph) -> dict[int, tuple[float, float]]:
    """Positions for the picture: a spring layout, the same for the same graph (fixed seed)."""
    if not g.number_of_nodes():
        return {}
    positions = nx.spring_layout(g, seed=7, weight="count", k=None, iterations=100)
    return {n: (float(p[0]), float(p[1])) for n, p in positions.items()}


# --- partner suggestions ------------------------------------------------------------------------------

#: A past activity counts as similar work when its text scores at least this against the idea's text
#: (cores.similarity.score_pairs: character 4-grams and Finnish stems, idf from the texts compared).
SIMILAR = 0.25  # calibrated on the EURA 2014–2020 list: docs/network.md, benchmarks/partners
_WORD = re.compile(r"[^\W\d_]{5,}", re.UNICODE)
STEM = 6


def stems(text: str) -> set[str]:
    """Crude word stems (first six letters of words of five or more): kept for callers that only need a
    quick overlap; the suggestions use the similarity core."""
    return {w.casefold()[:STEM] for w in _WORD.findall(text)}


@dataclass(frozen=True)
class Suggestion:
    org: Org
    score: float
    reasons: list[str]


@dataclass(frozen=True)
class _Work:
    """One piece of past work: an activity of the agreement or a historical EURA project it led."""

    key: str
    text: str
    year: int
    orgs: tuple[int, ...]
    kind: str  # proposal, project, idea, eura


def _past_work(data: NetworkData) -> list[_Work]:
    work = [
        _Work(a.key, f"{a.title}. {a.summary}", a.year, a.orgs, a.kind)
        for a in [*data.earlier, *data.activities]
    ]
    for pk, history in sorted(data.eura_history.items()):
        for n, (year, name, _theme) in enumerate(history):
            work.append(_Work(f"eura:{pk}:{n}", name, year, (pk,), "eura"))
    return work


def _topic(text: str, work: list[_Work]) -> str:
    """The key terms the idea shares with the most similar piece of work (as written there)."""
    from cores.similarity import explain

    if not work:
        return ""
    terms = explain(work[0].text, text).shared_terms
    return ", ".join(t.replace(":", " ") for t in terms[:3])


def similar_work(
    data: NetworkData, *, theme: str, text: str, exclude: set[int], partner_of: int | None
) -> list[tuple[int, float, dict[str, Any]]]:
    """Organisations with similar past work, scored. The texts of every past activity and EURA project are
    scored against the idea's text by the similarity core (``cores.similarity.score_pairs``); an
    organisation's similar work is the activities scoring at least ``SIMILAR``. The score adds their
    similarity, work on the same theme, earlier work with ``partner_of`` and EU-funded projects led."""
    from cores.similarity import score_pairs

    work = _past_work(data)
    scores = score_pairs([text] * len(work), [w.text for w in work]) if work and text.strip() else []
    facts: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"theme": 0, "years": [], "similar": [], "with": 0, "eura": []}
    )
    for a in [*data.earlier, *data.activities]:
        for pk in a.orgs:
            f = facts[pk]
            if a.theme == theme:
                f["theme"] += 1
                f["years"].append(a.year)
            if partner_of is not None and partner_of in a.orgs and pk != partner_of:
                f["with"] += 1
    for pk, history in data.eura_history.items():
        for year, _name, _axis in history:
            facts[pk]["eura"].append(year)
    for w, score in zip(work, scores, strict=True):
        if score >= SIMILAR:
            for pk in w.orgs:
                facts[pk]["similar"].append((score, w))
    out = []
    for pk, f in facts.items():
        if pk in exclude or pk not in data.orgs:
            continue
        f["similar"].sort(key=lambda sw: (-sw[0], sw[1].key))
        similarity = sum(sc for sc, _w in f["similar"])
        score = 10.0 * similarity + 2.0 * f["theme"] + 1.5 * f["with"] + 0.5 * len(f["eura"])
        if score > 0:
            out.append((pk, score, f))
    return out


def _similar_reason(data: NetworkData, pk: int, text: str, similar: list[tuple[float, _Work]]) -> str:
    """``similar:<count>:<first year>:<last year>:<partner>:<topic>``: how many similar pieces of work, when,
    with whom most often (an organisation's name, empty when alone) and on what (the shared key terms)."""
    works = [w for _sc, w in similar]
    years = [w.year for w in works]
    partners: dict[int, int] = defaultdict(int)
    for w in works:
        for other in w.orgs:
            if other != pk and other in data.orgs:
                partners[other] += 1
    best = sorted(
        partners.items(),
        key=lambda item: (-item[1], data.orgs[item[0]].kind != "city", data.orgs[item[0]].name),
    )
    partner = data.orgs[best[0][0]].name.replace(":", " ") if best else ""
    return f"similar:{len(works)}:{min(years)}:{max(years)}:{partner}:{_topic(text, works)}"


def suggest_partners(
    data: NetworkData, *, theme: str, text: str, members: set[int], partner_of: int | None, top: int = 10
) -> list[Suggestion]:
    """Ranked organisations to invite, each with its reasons (the view turns them into sentences): similar
    past work first ("ran 3 projects on circular construction with Espoo, 2016–2020")."""
    scored = similar_work(data, theme=theme, text=text, exclude=members, partner_of=partner_of)
    scored.sort(key=lambda s: (-s[1], data.orgs[s[0]].name))
    out = []
    for pk, score, f in scored[:top]:
        reasons: list[str] = []
        if f["similar"]:
            reasons.append(_similar_reason(data, pk, text, f["similar"]))
        years: list[int] = f["years"]
        if f["theme"]:
            reasons.append(f"theme:{f['theme']}:{min(years)}:{max(years)}")
        if f["with"]:
            reasons.append(f"with:{f['with']}")
        eura: list[int] = f["eura"]
        if eura:
            reasons.append(f"eura:{len(eura)}:{min(eura)}:{max(eura)}")
        out.append(Suggestion(data.orgs[pk], round(score, 1), reasons))
    return out


RESEARCH = {"university", "uas", "research_institute"}


def consortium_lacks(members: Iterable[Org], *, city_environment: bool) -> list[str]:
    """What the consortium lacks: ``company``, ``research`` (a university or research institute), ``city``,
    and ``environment`` when no city has a test environment on the theme."""
    kinds = {o.kind for o in members}
    lacks = []
    if "company" not in kinds:
        lacks.append("company")
    if not kinds & RESEARCH:
        lacks.append("research")
    if "city" not in kinds:
        lacks.append("city")
    if not city_environment:
        lacks.append("environment")
    return lacks
