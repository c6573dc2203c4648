"""The portfolio-wide overlap report (clusters of similar items) and the double-funding risk flags, both
recomputed from the database and the stored similar items after every refresh of the index.

A cluster or flag keeps its identity (a digest of what it is about) across recomputations, so a person's
review or dismissal stays with it; one whose facts are gone is kept, marked no longer current, when someone
has acted on it, and removed otherwise.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from cores.money import ZERO
from overlaps.engine import threshold
from overlaps.models import (
    ClusterStatus,
    FlagKind,
    FlagStatus,
    ItemKind,
    OverlapCluster,
    RiskFlag,
    SimilarItem,
    StaffAllocation,
)
from overlaps.texts import Item, all_items, periods_overlap
from partners.models import Organisation
from pipeline.models import BudgetLine, CostCategory, FinancingLine, FinancingSource, PartnerRole

PUBLIC_SOURCES = (FinancingSource.ERDF, FinancingSource.ESF_PLUS, FinancingSource.JTF, FinancingSource.STATE)
# A cost item repeated to the euro in two budgets of one organisation is worth a look from this amount.
SAME_COST_FROM = Decimal("1000")


def _digest(*parts: object) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    score: float
    terms: tuple[str, ...]


def overlap_edges(items: dict[str, Item]) -> list[Edge]:
    """The pairs at or above the threshold, once each (from the stored similar items)."""
    seen: dict[tuple[str, str], Edge] = {}
    rows = SimilarItem.objects.filter(score__gte=threshold()).values_list(
        "source_key", "target_key", "score", "shared_terms"
    )
    for source, target, score, terms in rows:
        if source not in items or target not in items:
            continue
        a, b = sorted((source, target))
        if (a, b) not in seen or seen[(a, b)].score < score:
            seen[(a, b)] = Edge(a, b, float(score), tuple(terms or ()))
    return sorted(seen.values(), key=lambda e: (-e.score, e.a, e.b))


def _components(edges: Iterable[Edge]) -> list[list[str]]:
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for e in edges:
        ra, rb = find(e.a), find(e.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for key in parent:
        groups[find(key)].append(key)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])


def recompute(items: dict[str, Item] | None = None) -> tuple[int, int]:
    """Clusters and flags from the current facts; returns how many of each are current."""
    items = items if items is not None else {i.key: i for i in all_items()}
    edges = overlap_edges(items)
    with transaction.atomic():
        clusters = _store_clusters(items, edges)
        flags = _store_flags(compute_flags(items, edges))
    return clusters, flags


def _store_clusters(items: dict[str, Item], edges: list[Edge]) -> int:
    by_member: dict[str, list[Edge]] = defaultdict(list)
    for e in edges:
        by_member[e.a].append(e)
    wanted: dict[str, tuple[list[str], list[Edge]]] = {}
    for members in _components(edges):
        # Only historical projects: the EURA lists' own repeats, not a question for this portfolio.
        if all(items[k].kind == ItemKind.HISTORICAL for k in members):
            continue
        inner = sorted((e for k in members for e in by_member.get(k, ())), key=lambda e: (-e.score, e.a, e.b))
        wanted[_digest(*members)] = (members, inner)
    existing = {c.fingerprint: c for c in OverlapCluster.objects.all()}
    for fingerprint, cluster in existing.items():
        if fingerprint not in wanted:
            if cluster.status == ClusterStatus.OPEN:
                cluster.delete()
            elif cluster.is_current:
                cluster.is_current = False
                cluster.save(update_fields=["is_current"])
    for fingerprint, (members, inner) in wanted.items():
        pairs = [{"a": e.a, "b": e.b, "score": round(e.score, 4), "terms": list(e.terms[:8])} for e in inner]
        cluster = existing.get(fingerprint) or OverlapCluster(fingerprint=fingerprint)
        cluster.members = members
        cluster.pairs = pairs
        cluster.top_score = inner[0].score if inner else 0.0
        cluster.is_current = True
        agreements = sorted({a for k in members if (a := items[k].agreement_id)})
        cluster.agreement_id = agreements[0] if agreements else None
        cluster.save()
        cluster.agreements.set(agreements)
    return len(wanted)


@dataclass(frozen=True)
class FlagFact:
    agreement_id: int
    kind: str
    fingerprint: str
    summary: str
    evidence: dict[str, Any]


def _item_json(item: Item) -> dict[str, Any]:
    return {
        "key": item.key,
        "kind": item.kind,
        "title": item.title,
        "agreement": item.agreement_id,
        "start": item.start.isoformat() if item.start else None,
        "end": item.end.isoformat() if item.end else None,
        "status": item.status,
    }


def _competes(item: Item) -> bool:
    """Whether an item can draw money at the same time as another: a live proposal or a project."""
    if item.kind == ItemKind.HISTORICAL:
        return True
    return item.is_active and not item.is_draft and item.kind in (ItemKind.PROPOSAL, ItemKind.PROJECT)


def _agreements_of(*items: Item) -> list[int]:
    return sorted({i.agreement_id for i in items if i.agreement_id and i.kind != ItemKind.HISTORICAL})


def compute_flags(items: dict[str, Item], edges: list[Edge]) -> list[FlagFact]:
    facts = [*_similar_same_organisation(items, edges)]
    facts += _same_cost_item(items)
    facts += _person_over_full_time(items)
    facts += _concentration()
    return facts


def _similar_same_organisation(items: dict[str, Item], edges: list[Edge]) -> list[FlagFact]:
    names = dict(Organisation.objects.values_list("business_id", "name").exclude(business_id=""))
    facts = []
    for e in edges:
        a, b = items[e.a], items[e.b]
        if not (_competes(a) and _competes(b)) or not periods_overlap(a, b):
            continue
        # An organisation leading one of the two (a city partnering in similar projects is common).
        shared = sorted((a.business_ids & b.business_ids) & (a.lead_business_ids | b.lead_business_ids))
        if not shared:
            continue
        organisation = ", ".join(f"{names.get(bid, bid)} ({bid})" for bid in shared)
        summary = f"{organisation}: {a.title} ~ {b.title} ({e.score:.2f})"
        evidence = {
            "organisations": [{"business_id": bid, "name": names.get(bid, bid)} for bid in shared],
            "items": [_item_json(a), _item_json(b)],
            "score": round(e.score, 4),
            "shared_terms": list(e.terms[:10]),
        }
        for agreement_id in _agreements_of(a, b):
            facts.append(
                FlagFact(
                    agreement_id,
                    FlagKind.SIMILAR_SAME_ORGANISATION,
                    _digest("org", e.a, e.b),
                    summary[:500],
                    evidence,
                )
            )
    return facts


def _owner_key(line: BudgetLine) -> str:
    return f"{ItemKind.PROPOSAL}:{line.proposal_id}" if line.proposal_id else f"project:{line.project_id}"


def _lead_of_proposals(ids: Iterable[int]) -> dict[int, int]:
    from pipeline.models import ProposalPartner

    return dict(
        ProposalPartner.objects.filter(proposal_id__in=list(ids), role=PartnerRole.LEAD).values_list(
            "proposal_id", "organisation_id"
        )
    )


def _live_owner(items: dict[str, Item], key: str) -> Item | None:
    item = items.get(key)
    return item if item is not None and _competes(item) and item.kind != ItemKind.HISTORICAL else None


def _same_cost_item(items: dict[str, Item]) -> list[FlagFact]:
    lines = list(
        BudgetLine.objects.exclude(category=CostCategory.PERSONNEL)
        .filter(amount__gte=SAME_COST_FROM)
        .values("pk", "proposal_id", "project_id", "year", "category", "amount")
    )
    leads = _lead_of_proposals({ln["proposal_id"] for ln in lines if ln["proposal_id"]})
    groups: dict[tuple[Any, ...], list[tuple[Item, Mapping[str, Any]]]] = defaultdict(list)
    for ln in lines:
        key = f"proposal:{ln['proposal_id']}" if ln["proposal_id"] else f"project:{ln['project_id']}"
        owner = _live_owner(items, key)
        if owner is None:
            continue
        lead = leads.get(ln["proposal_id"]) if ln["proposal_id"] else next(iter(owner.organisations), None)
        if lead is None:
            continue
        groups[(lead, ln["year"], ln["category"], ln["amount"])].append((owner, ln))
    names = dict(Organisation.objects.values_list("pk", "name"))
    facts = []
    for (lead, year, category, amount), found in groups.items():
        owners = {o.key: o for o, _ in found}
        if len(owners) < 2:
            continue
        pair = sorted(owners.values(), key=lambda o: o.key)
        if not any(periods_overlap(x, y) for i, x in enumerate(pair) for y in pair[i + 1 :]):
            continue
        label = CostCategory(category).label
        summary = f"{names.get(lead, lead)}: {label} {year} {amount} € ({', '.join(o.title for o in pair)})"
        evidence = {
            "organisation": names.get(lead, str(lead)),
            "year": year,
            "category": category,
            "amount": str(amount),
            "items": [_item_json(o) for o in pair],
        }
        fingerprint = _digest("cost", lead, year, category, amount, *owners)
        for agreement_id in _agreements_of(*pair):
            facts.append(
                FlagFact(agreement_id, FlagKind.SAME_COST_ITEM, fingerprint, summary[:500], evidence)
            )
    return facts


def _person_key(name: str) -> str:
    return " ".join(name.casefold().split())


def _person_over_full_time(items: dict[str, Item]) -> list[FlagFact]:
    rows = StaffAllocation.objects.exclude(person="").values(
        "person", "role", "share", "budget_line__year", "budget_line__proposal_id", "budget_line__project_id"
    )
    groups: dict[tuple[str, int], list[tuple[Item, Mapping[str, Any]]]] = defaultdict(list)
    for row in rows:
        pid, prj = row["budget_line__proposal_id"], row["budget_line__project_id"]
        owner = _live_owner(items, f"proposal:{pid}" if pid else f"project:{prj}")
        if owner is None:
            continue
        groups[(_person_key(row["person"]), row["budget_line__year"])].append((owner, row))
    facts = []
    for (person, year), found in groups.items():
        if len({o.key for o, _ in found}) < 2:
            continue
        total = sum((Decimal(r["share"]) for _, r in found), ZERO)
        if total <= 100:
            continue
        name = found[0][1]["person"]
        owners = sorted({o.key: o for o, _ in found}.values(), key=lambda o: o.key)
        summary = f"{name} {year}: {total} % ({', '.join(o.title for o in owners)})"
        evidence = {
            "person": name,
            "year": year,
            "total_percent": str(total),
            "lines": [
                {**_item_json(o), "role": r["role"], "share": str(r["share"])}
                for o, r in sorted(found, key=lambda f: f[0].key)
            ],
        }
        fingerprint = _digest("person", person, year, *sorted(o.key for o in owners))
        for agreement_id in _agreements_of(*owners):
            facts.append(
                FlagFact(agreement_id, FlagKind.PERSON_OVER_FULL_TIME, fingerprint, summary[:500], evidence)
            )
    return facts


def _concentration() -> list[FlagFact]:
    from projects.models import Project, ProjectStatus

    limit = Decimal(str(getattr(settings, "SALKKU_OVERLAPS_CONCENTRATION", 0.25)))
    money: dict[int, dict[int, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    projects: dict[tuple[int, int], list[str]] = defaultdict(list)
    lines = FinancingLine.objects.filter(
        Q(project__is_historical=False, project__agreement__isnull=False),
        source__in=PUBLIC_SOURCES,
    ).exclude(project__status=ProjectStatus.CANCELLED)
    for agreement_id, lead_id, project_id, amount in lines.values_list(
        "project__agreement_id", "project__lead_id", "project_id", "amount"
    ):
        money[agreement_id][lead_id] += amount
        projects[(agreement_id, lead_id)].append(str(project_id))
    names = dict(Organisation.objects.values_list("pk", "name"))
    facts = []
    for agreement_id, by_org in money.items():
        total = sum(by_org.values(), ZERO)
        if total <= 0 or len(by_org) < 2:
            continue
        for org, amount in by_org.items():
            share = amount / total
            if share <= limit:
                continue
            ids = sorted(set(projects[(agreement_id, org)]), key=int)
            titles = dict(Project.objects.filter(pk__in=ids).values_list("pk", "name"))
            percent = (share * 100).quantize(Decimal("0.1"))
            summary = f"{names.get(org, org)}: {percent} % ({amount} / {total} €)"
            evidence = {
                "organisation": names.get(org, str(org)),
                "amount": str(amount),
                "total": str(total),
                "percent": str(percent),
                "limit_percent": str((limit * 100).quantize(Decimal("0.1"))),
                "items": [
                    {"key": f"project:{pk}", "kind": "project", "title": titles.get(int(pk), pk)}
                    for pk in ids
                ],
            }
            facts.append(
                FlagFact(agreement_id, FlagKind.CONCENTRATION, _digest("conc", org), summary[:500], evidence)
            )
    return facts


def _store_flags(facts: list[FlagFact]) -> int:
    wanted = {(f.agreement_id, f.fingerprint): f for f in facts}
    existing = {(f.agreement_id, f.fingerprint): f for f in RiskFlag.objects.all()}
    for key, flag in existing.items():
        if key not in wanted:
            if flag.status == FlagStatus.OPEN:
                flag.delete()
            elif flag.is_current:
                flag.is_current = False
                flag.save(update_fields=["is_current"])
    for key, fact in wanted.items():
        flag = existing.get(key) or RiskFlag(agreement_id=fact.agreement_id, fingerprint=fact.fingerprint)
        flag.kind = fact.kind
        flag.summary = fact.summary
        flag.evidence = fact.evidence
        flag.is_current = True
        flag.save()
    return len(wanted)
