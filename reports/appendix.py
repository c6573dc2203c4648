"""The annual report's appendix on overlaps (issue 11): the overlap report's clusters of similar ideas,
proposals and projects touching the agreement, and its double-funding risk flags, each with its review state
and the reviewer's reason. Builders of ``reports.sections``' signature.

Clusters and flags are the overlap report's as it stands when the report is made (they have no history);
only those found by the end of ``as_of`` are listed, and a review made after ``as_of`` is shown with its
date so that a reader sees it came later. Other agreements' ideas and proposals are named only by their
kind: they are not this agreement's to publish.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from overlaps.models import ClusterStatus, FlagKind, FlagStatus, ItemKind, OverlapCluster, RiskFlag
from overlaps.texts import parse_key
from pipeline.models import Idea, Proposal
from projects.models import Project
from reports.data import Cell, Column, Facts, Section, Table
from web.templatetags.salkku import sdate

SCORE = Decimal("0.001")


def _end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))


def _local_day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment else None


def _titles(keys: set[str], agreement_id: int) -> dict[str, str]:
    """A readable name per key: this agreement's items and public projects by title, other agreements'
    ideas and proposals by their kind only. Three queries whatever the number of keys."""
    ids: dict[str, set[int]] = {ItemKind.IDEA: set(), ItemKind.PROPOSAL: set(), ItemKind.PROJECT: set()}
    for key in keys:
        try:
            kind, pk = parse_key(key)
        except ValueError:
            continue
        ids[ItemKind.PROJECT if kind == ItemKind.HISTORICAL else kind].add(pk)
    names: dict[str, str] = {}
    other_idea, other_proposal = _("an idea of another agreement"), _("a proposal of another agreement")
    for pk, title, agreement in Idea.objects.filter(pk__in=ids[ItemKind.IDEA]).values_list(
        "pk", "title", "agreement_id"
    ):
        names[f"idea:{pk}"] = title if agreement == agreement_id else other_idea
    for pk, title, agreement in Proposal.objects.filter(pk__in=ids[ItemKind.PROPOSAL]).values_list(
        "pk", "title", "agreement_id"
    ):
        names[f"proposal:{pk}"] = title if agreement == agreement_id else other_proposal
    for project in Project.objects.filter(pk__in=ids[ItemKind.PROJECT]).only("pk", "name", "is_historical"):
        kind = ItemKind.HISTORICAL if project.is_historical else ItemKind.PROJECT
        names[f"{kind}:{project.pk}"] = project.name
    return names


def _member(key: str, names: dict[str, str]) -> str:
    kind = key.partition(":")[0]
    label = str(ItemKind(kind).label) if kind in ItemKind.values else kind
    return f"{label}: {names.get(key, _('removed'))}"


def overlap_clusters(facts: Facts) -> Section:
    """The clusters touching the agreement, strongest first, with how each was judged and why."""
    end = _end_of(facts.as_of)
    clusters = list(
        OverlapCluster.objects.filter(agreements=facts.agreement_id, created_at__lt=end)
        .distinct()
        .order_by("-top_score", "pk")
    )
    names = _titles({k for c in clusters for k in c.members}, facts.agreement_id)
    statuses = dict(ClusterStatus.choices)
    rows: list[tuple[Cell, ...]] = []
    for cluster in clusters:
        rows.append(
            (
                "; ".join(_member(k, names) for k in cluster.members),
                Decimal(str(cluster.top_score)).quantize(SCORE),
                str(statuses.get(cluster.status, cluster.status)),
                cluster.reason,
                _local_day(cluster.reviewed_at),
                _("yes") if cluster.is_current else _("no"),
            )
        )
    judged = sum(1 for c in clusters if c.status != ClusterStatus.OPEN)
    return Section(
        key="overlap_clusters",
        title=_("Appendix: overlaps between activities"),
        paragraphs=(
            _(
                "Groups of ideas, proposals and projects whose texts are similar (the overlap report), found "
                "by %(date)s: %(count)s groups, of which %(judged)s have been judged by the coordination "
                "team. A similarity is a reason to look, not a finding; each group's judgement and its reason "
                "are as recorded when this report was made. A group that is no longer current had its texts "
                "changed since."
            )
            % {"date": sdate(facts.as_of), "count": len(clusters), "judged": judged},
        ),
        tables=(
            Table(
                key="overlap-clusters",
                title=_("Overlap clusters"),
                columns=(
                    Column(_("Similar items")),
                    Column(_("Highest similarity"), "number"),
                    Column(_("Judgement")),
                    Column(_("Reason")),
                    Column(_("Judged on"), "date"),
                    Column(_("Current")),
                ),
                rows=tuple(rows),
            ),
        ),
        empty=_("The overlap report had found no similar items of this agreement by %(date)s.")
        % {"date": sdate(facts.as_of)},
    )


def risk_flags(facts: Facts) -> Section:
    """The agreement's double-funding risk flags, open ones first, with each dismissal's reason."""
    end = _end_of(facts.as_of)
    flags = list(
        RiskFlag.objects.filter(Q(agreement_id=facts.agreement_id), created_at__lt=end).order_by(
            "status", "kind", "pk"
        )
    )
    kinds, statuses = dict(FlagKind.choices), dict(FlagStatus.choices)
    rows: list[tuple[Cell, ...]] = [
        (
            str(kinds.get(flag.kind, flag.kind)),
            flag.summary,
            str(statuses.get(flag.status, flag.status)),
            flag.reason,
            _local_day(flag.dismissed_at),
            _("yes") if flag.is_current else _("no"),
        )
        for flag in flags
    ]
    open_count = sum(1 for f in flags if f.status == FlagStatus.OPEN)
    return Section(
        key="risk_flags",
        title=_("Appendix: double-funding risk flags"),
        paragraphs=(
            _(
                "Alerts of a possible double funding found by %(date)s, each with its evidence: the same "
                "organisation with similar projects at the same time, the same cost item in two budgets, a "
                "named person's time over 100 %% in concurrent budgets, or funding concentrated in one "
                "organisation. A flag is an alert to look at, never a verdict; it is dismissed only with a "
                "reason. %(open)s of %(count)s are open."
            )
            % {"date": sdate(facts.as_of), "open": open_count, "count": len(flags)},
        ),
        tables=(
            Table(
                key="risk-flags",
                title=_("Double-funding risk flags"),
                columns=(
                    Column(_("Kind")),
                    Column(_("What was found")),
                    Column(_("State")),
                    Column(_("Reason")),
                    Column(_("Dismissed on"), "date"),
                    Column(_("Current")),
                ),
                rows=tuple(rows),
            ),
        ),
        empty=_("No double-funding risk flag had been raised for this agreement by %(date)s.")
        % {"date": sdate(facts.as_of)},
    )
