"""Reads for the pages, the API and the command: an item's similar items as the user may see them, the
report's clusters, the flags, and exclusive groups proposed from the clusters."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from overlaps import engine
from overlaps.models import ClusterStatus, ItemKind, OverlapCluster, RiskFlag, SimilarItem
from overlaps.rules import sees_all_similar
from overlaps.texts import items_for, key_of, parse_key
from pipeline.models import Idea, Proposal, ProposalStatus
from projects.models import Project

if TYPE_CHECKING:
    from accounts.models import User

SHOWN = 8
GROUP_LABELS = {
    "same": _("this agreement"),
    "other": _("another agreement"),
    "pool": _("national pool"),
    "history": _("EURA history"),
}


@dataclass(frozen=True)
class Similar:
    key: str
    kind: str
    kind_label: str
    title: str
    url: str
    score: float
    is_overlap: bool
    where: str  # a GROUP_LABELS key
    shared_terms: list[str] = field(default_factory=list)
    passages: list[list[str]] = field(default_factory=list)  # [[this item's passage, the other's], ...]

    @property
    def where_label(self) -> str:
        return str(GROUP_LABELS[self.where])

    @property
    def percent(self) -> int:
        return round(max(0.0, min(1.0, self.score)) * 100)


@dataclass(frozen=True)
class SimilarPanel:
    items: list[Similar]
    full: bool  # False: the public projects only
    pending: bool  # the text changed and its similar items are being computed


def _url(kind: str, pk: int) -> str:
    if kind == ItemKind.IDEA:
        return reverse("pipeline:idea_detail", args=[pk])
    if kind == ItemKind.PROPOSAL:
        return reverse("pipeline:proposal_detail", args=[pk])
    return reverse("projects:project_detail", args=[pk])


def visible_objects(user: User, keys: Iterable[str], *, full: bool) -> dict[str, Model]:
    """The objects behind these keys that the user may open, by the objects' own access rules. Without
    ``full`` only funded and historical projects (public records), never ideas or proposals."""
    ids: dict[str, set[int]] = defaultdict(set)
    for key in keys:
        try:
            kind, pk = parse_key(key)
        except ValueError:
            continue
        ids[kind].add(pk)
    found: dict[str, Model] = {}
    project_ids = ids[ItemKind.PROJECT] | ids[ItemKind.HISTORICAL]
    for project in Project.objects.visible_to(user).filter(pk__in=project_ids).select_related("lead"):
        found[key_of(project)] = project
    if full:
        for idea in Idea.objects.visible_to(user).filter(pk__in=ids[ItemKind.IDEA]):
            found[key_of(idea)] = idea
        for proposal in Proposal.objects.visible_to(user).filter(pk__in=ids[ItemKind.PROPOSAL]):
            found[key_of(proposal)] = proposal
    return found


def _where(obj: Model, agreement_id: int | None) -> str:
    if isinstance(obj, Project) and obj.is_historical:
        return "history"
    other = getattr(obj, "agreement_id", None)
    if other is None:
        return "pool"
    return "same" if other == agreement_id else "other"


def _title(obj: Model) -> str:
    return obj.name if isinstance(obj, Project) else str(getattr(obj, "title", obj))


def similar_for(user: User, obj: Idea | Proposal, *, limit: int = SHOWN) -> SimilarPanel:
    """The item's most similar items the user may see: everything visible for the coordination team and
    the steering group, public projects only for anyone else."""
    key = key_of(obj)
    agreement_id = obj.agreement_id
    full = sees_all_similar(user, agreement_id)
    rows = list(SimilarItem.objects.filter(source_key=key).order_by("-score", "target_key"))
    objects = visible_objects(user, (r.target_key for r in rows), full=full)
    limit_score = engine.threshold()
    items: list[Similar] = []
    for row in rows:
        target = objects.get(row.target_key)
        if target is None:
            continue
        kind, pk = parse_key(row.target_key)
        items.append(
            Similar(
                key=row.target_key,
                kind=kind,
                kind_label=str(ItemKind(kind).label),
                title=_title(target),
                url=_url(kind, pk),
                score=row.score,
                is_overlap=row.score >= limit_score,
                where=_where(target, agreement_id),
                shared_terms=list(row.shared_terms),
                passages=[list(p) for p in row.passages],
            )
        )
        if len(items) >= limit:
            break
    current = items_for([key]).get(key)
    pending = current is not None and engine.is_pending(key, current.digest)
    return SimilarPanel(items=items, full=full, pending=pending)


@dataclass(frozen=True)
class ClusterRow:
    cluster: OverlapCluster
    members: list[tuple[str, str, str, str]]  # (key, kind label, title, url)
    terms: list[str]


def clusters_for(user: User, agreement_id: int) -> list[ClusterRow]:
    """The report's clusters touching the agreement, each member as the user may see it."""
    clusters = list(
        OverlapCluster.objects.filter(agreements=agreement_id)
        .select_related("reviewed_by")
        .order_by("-is_current", "-top_score", "pk")
    )
    keys = {k for c in clusters for k in c.members}
    objects = visible_objects(user, keys, full=sees_all_similar(user, agreement_id))
    rows = []
    for cluster in clusters:
        members = []
        for key in cluster.members:
            obj = objects.get(key)
            if obj is None:
                continue
            kind, pk = parse_key(key)
            members.append((key, str(ItemKind(kind).label), _title(obj), _url(kind, pk)))
        if len(members) < 2:
            continue
        terms: list[str] = []
        for pair in cluster.pairs:  # the reasons of pairs whose both items the user sees, no other
            if pair.get("a") in objects and pair.get("b") in objects:
                terms += [t for t in pair.get("terms", []) if t not in terms]
        rows.append(ClusterRow(cluster=cluster, members=members, terms=terms[:10]))
    return rows


def flags_for(agreement_id: int) -> list[RiskFlag]:
    return list(
        RiskFlag.objects.filter(agreement_id=agreement_id)
        .select_related("dismissed_by")
        .order_by("status", "-is_current", "kind", "pk")
    )


def exclusive_groups_for_call(call_id: int) -> list[list[int]]:
    """Groups of the call's candidate proposals that a current cluster links (and no review has judged
    "not an overlap"): at most one of each may be funded, if the coordinator accepts the group."""
    candidates = set(
        Proposal.objects.filter(call_id=call_id)
        .exclude(status__in=[ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN, ProposalStatus.REJECTED])
        .values_list("pk", flat=True)
    )
    groups: list[list[int]] = []
    clusters = OverlapCluster.objects.filter(is_current=True).exclude(status=ClusterStatus.NOT_OVERLAP)
    for cluster in clusters.order_by("-top_score", "pk"):
        members = []
        for key in cluster.members:
            kind, pk = parse_key(key)
            if kind == ItemKind.PROPOSAL and pk in candidates:
                members.append(pk)
        if len(members) >= 2:
            groups.append(sorted(members))
    return groups


def cluster_csv_rows(user: User, agreement_id: int) -> list[list[Any]]:
    header: list[Any] = ["cluster", "status", "reason", "top_score", "key", "kind", "title", "shared_terms"]
    rows: list[list[Any]] = [header]
    for row in clusters_for(user, agreement_id):
        c = row.cluster
        for key, kind, title, _link in row.members:
            rows.append(
                [c.pk, c.status, c.reason, f"{c.top_score:.3f}", key, kind, title, "; ".join(row.terms)]
            )
    return rows
