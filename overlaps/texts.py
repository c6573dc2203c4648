"""The texts the similarity index holds: ideas, proposals, projects funded here and historical EURA projects,
each with what the pages and the flags need to know about it (who, when, which agreement)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Model

from overlaps.models import ItemKind
from pipeline.models import Idea, PartnerRole, Proposal, ProposalStatus
from projects.models import Project, ProjectStatus

# Items that no longer compete for money are still indexed (a rejected proposal resubmitted elsewhere is
# exactly what the coordinator wants to see), but they raise no double-funding flags.
INACTIVE_PROPOSAL = {ProposalStatus.WITHDRAWN, ProposalStatus.REJECTED}
INACTIVE_PROJECT = {ProjectStatus.CANCELLED}


@dataclass(frozen=True)
class Item:
    key: str
    kind: str
    object_id: int
    agreement_id: int | None
    title: str
    text: str
    organisations: frozenset[int] = field(default_factory=frozenset)  # lead and partners
    business_ids: frozenset[str] = field(default_factory=frozenset)
    lead_business_ids: frozenset[str] = field(default_factory=frozenset)
    start: dt.date | None = None
    end: dt.date | None = None
    status: str = ""
    is_active: bool = True
    is_public: bool = False  # a funded or historical project: its name and summary are open data
    is_draft: bool = False
    # The keys this item came from (a proposal's idea, a project's proposal and its idea, the idea an idea
    # was merged into): the same work under another name, never an overlap with it.
    lineage: frozenset[str] = field(default_factory=frozenset)

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def key_of(obj: Model) -> str:
    if isinstance(obj, Idea):
        return f"{ItemKind.IDEA}:{obj.pk}"
    if isinstance(obj, Proposal):
        return f"{ItemKind.PROPOSAL}:{obj.pk}"
    if isinstance(obj, Project):
        return f"{ItemKind.HISTORICAL if obj.is_historical else ItemKind.PROJECT}:{obj.pk}"
    raise TypeError(f"not an indexed kind of object: {obj._meta.label}")


def parse_key(key: str) -> tuple[str, int]:
    """("proposal", 12) from "proposal:12"; ValueError for anything else."""
    kind, _, pk = key.partition(":")
    if kind not in ItemKind.values or not pk.isdigit():
        raise ValueError(f"not an item key: {key!r}")
    return kind, int(pk)


def _join(*parts: str) -> str:
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def _ideas(ids: Iterable[int] | None) -> Iterator[Item]:
    qs = Idea.objects.select_related("organisation")
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    for idea in qs.iterator(chunk_size=2000):
        org = idea.organisation
        yield Item(
            key=key_of(idea),
            kind=ItemKind.IDEA,
            object_id=idea.pk,
            agreement_id=idea.agreement_id,
            title=idea.title,
            text=_join(idea.title, idea.summary),
            organisations=frozenset({org.pk}),
            business_ids=frozenset({org.business_id} if org.business_id else set()),
            lead_business_ids=frozenset({org.business_id} if org.business_id else set()),
            status=idea.status,
            lineage=frozenset({f"{ItemKind.IDEA}:{idea.merged_into_id}"} if idea.merged_into_id else set()),
            is_active=False,  # an idea has no budget and no period: no double-funding flags
        )


def _proposals(ids: Iterable[int] | None) -> Iterator[Item]:
    qs = Proposal.objects.prefetch_related("partners__organisation")
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    for p in qs.iterator(chunk_size=2000):
        partners = [pp for pp in p.partners.all() if pp.role != PartnerRole.ASSOCIATED]
        yield Item(
            key=key_of(p),
            kind=ItemKind.PROPOSAL,
            object_id=p.pk,
            agreement_id=p.agreement_id,
            title=p.title,
            text=_join(p.title, p.summary, p.objectives),
            organisations=frozenset(pp.organisation_id for pp in partners),
            business_ids=frozenset(
                pp.organisation.business_id for pp in partners if pp.organisation.business_id
            ),
            lead_business_ids=frozenset(
                pp.organisation.business_id
                for pp in partners
                if pp.organisation.business_id and pp.role == PartnerRole.LEAD
            ),
            start=p.start_date,
            end=p.end_date,
            status=p.status,
            is_active=p.status not in INACTIVE_PROPOSAL and p.status != ProposalStatus.FUNDED,
            is_draft=p.status == ProposalStatus.DRAFT,
            lineage=frozenset({f"{ItemKind.IDEA}:{p.idea_id}"} if p.idea_id else set()),
        )


def _projects(ids: Iterable[int] | None) -> Iterator[Item]:
    qs = Project.objects.select_related("lead", "proposal")
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    for p in qs.iterator(chunk_size=2000):
        yield Item(
            key=key_of(p),
            kind=ItemKind.HISTORICAL if p.is_historical else ItemKind.PROJECT,
            object_id=p.pk,
            agreement_id=p.agreement_id,
            title=p.name,
            text=_join(p.name, p.summary),
            organisations=frozenset({p.lead_id}),
            business_ids=frozenset({p.lead.business_id} if p.lead.business_id else set()),
            lead_business_ids=frozenset({p.lead.business_id} if p.lead.business_id else set()),
            start=p.start_date,
            end=p.end_date,
            status=p.status,
            is_active=p.status not in INACTIVE_PROJECT,
            is_public=True,
            lineage=frozenset(
                {f"{ItemKind.PROPOSAL}:{p.proposal_id}"}
                | ({f"{ItemKind.IDEA}:{p.proposal.idea_id}"} if p.proposal and p.proposal.idea_id else set())
                if p.proposal_id
                else set()
            ),
        )


def all_items() -> Iterator[Item]:
    yield from _ideas(None)
    yield from _proposals(None)
    yield from _projects(None)


def items_for(keys: Iterable[str]) -> dict[str, Item]:
    """The items of these keys that still exist."""
    wanted: dict[str, set[int]] = {}
    for key in keys:
        try:
            kind, pk = parse_key(key)
        except ValueError:
            continue
        wanted.setdefault(ItemKind.PROJECT if kind == ItemKind.HISTORICAL else kind, set()).add(pk)
    found: dict[str, Item] = {}
    for kind, ids in wanted.items():
        source = {ItemKind.IDEA: _ideas, ItemKind.PROPOSAL: _proposals, ItemKind.PROJECT: _projects}[
            ItemKind(kind)
        ]
        for item in source(ids):
            found[item.key] = item
    return found


def relatives(items: dict[str, Item]) -> dict[str, set[str]]:
    """For each key, the keys of the same work (its lineage and the items that came from it)."""
    found: dict[str, set[str]] = {}
    for key, item in items.items():
        for other in item.lineage:
            found.setdefault(key, set()).add(other)
            found.setdefault(other, set()).add(key)
    # one more step: a project and the idea of its proposal's sibling version are the same work too
    for key in list(found):
        for other in list(found[key]):
            found[key] |= found.get(other, set()) - {key}
    return found


def periods_overlap(a: Item, b: Item) -> bool:
    if not (a.start and a.end and b.start and b.end):
        return False
    return a.start <= b.end and b.start <= a.end
