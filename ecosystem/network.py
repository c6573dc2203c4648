"""Loading an agreement's partner network from the database into ``ecosystem.graph.NetworkData``."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from charts import specs
from ecosystem.graph import FRAME_SOURCES, ZERO, Activity, NetworkData, Org, layout
from partners.models import Organisation, OrganisationKind
from pipeline.models import FinancingLine, Idea, Proposal, ProposalStatus
from programme.models import Agreement, AgreementParty, PartyRole
from projects.models import Project

COUNTED = [s for s in ProposalStatus.values if s not in (ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN)]


def _org(o: Any) -> Org:
    return Org(o.pk, o.name, o.kind, o.size, o.municipality, o.business_id)


def load(
    agreement: Agreement, *, theme: str = "", first_year: int | None = None, last_year: int | None = None
) -> NetworkData:
    """The agreement's activities (proposals not drafted or withdrawn, and linked or merged ideas) within
    the theme and years chosen; the rest of the agreement's activities are ``earlier`` (for newcomers)."""
    money = dict(
        FinancingLine.objects.filter(proposal__agreement=agreement, source__in=FRAME_SOURCES)
        .values_list("proposal_id")
        .annotate(total=Sum("amount"))
    )
    proposals = (
        Proposal.objects.filter(agreement=agreement, status__in=COUNTED)
        .select_related("theme", "call")
        .prefetch_related("partners__organisation")
        .order_by("pk")
    )
    funded = set(Project.objects.filter(proposal__agreement=agreement).values_list("proposal_id", flat=True))
    orgs: dict[int, Org] = {}
    activities: list[Activity] = []
    for p in proposals:
        members = []
        for partner in p.partners.all():
            orgs.setdefault(partner.organisation_id, _org(partner.organisation))
            members.append(partner.organisation_id)
        year = (p.start_date or (p.call.opens_on if p.call else None) or p.created_at.date()).year
        activities.append(
            Activity(
                key=f"proposal:{p.pk}",
                kind="project" if p.pk in funded else "proposal",
                title=p.title,
                theme=p.theme.code,
                year=year,
                orgs=tuple(members),
                money=Decimal(money.get(p.pk) or ZERO),
                call_id=p.call_id,
                call_title=p.call.title if p.call else "",
                call_opens=p.call.opens_on if p.call else None,
                summary=p.summary,
            )
        )
    ideas = (
        Idea.objects.filter(agreement=agreement)
        .filter(Q(merged_into__isnull=False) | Q(related__isnull=False))
        .select_related("organisation", "theme", "call", "merged_into__organisation")
        .prefetch_related("related__organisation")
        .distinct()
        .order_by("pk")
    )
    pairs_seen: set[tuple[int, int]] = set()
    for idea in ideas:
        others = [*idea.related.all(), *([idea.merged_into] if idea.merged_into else [])]
        for other in others:
            pair = (min(idea.pk, other.pk), max(idea.pk, other.pk))
            if pair in pairs_seen or other.organisation_id == idea.organisation_id:
                continue
            pairs_seen.add(pair)
            for o in (idea.organisation, other.organisation):
                orgs.setdefault(o.pk, _org(o))
            activities.append(
                Activity(
                    key=f"idea:{pair[0]}-{pair[1]}",
                    kind="idea",
                    title=f"{idea.title} / {other.title}",
                    theme=idea.theme.code,
                    year=idea.submitted_at.year,
                    orgs=(idea.organisation_id, other.organisation_id),
                    call_id=idea.call_id,
                    call_title=idea.call.title if idea.call else "",
                    call_opens=idea.call.opens_on if idea.call else None,
                    summary=idea.summary,
                )
            )

    def chosen(a: Activity) -> bool:
        return (
            (not theme or a.theme == theme)
            and (first_year is None or a.year >= first_year)
            and (last_year is None or a.year <= last_year)
        )

    history: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for project in Project.objects.historical().select_related("lead").order_by("start_date", "pk"):
        orgs.setdefault(project.lead_id, _org(project.lead))
        year = project.start_date.year if project.start_date else 0
        history[project.lead_id].append((year, project.name, project.eura_priority_axis))
    return NetworkData(
        orgs=orgs,
        activities=[a for a in activities if chosen(a)],
        eura_history=dict(history),
        earlier=[a for a in activities if not chosen(a)],
    )


def region_organisations(agreement: Agreement, data: NetworkData) -> list[Org]:
    """The region's organisations: those in the cities' municipalities, the cities themselves, and the
    leads in the EURA history."""
    cities = list(
        AgreementParty.objects.filter(agreement=agreement, role=PartyRole.CITY).select_related("organisation")
    )
    towns = {c.organisation.municipality for c in cities if c.organisation.municipality}
    towns |= {
        c.organisation.name.split()[0].removesuffix("n") for c in cities
    }  # "Espoon kaupunki" -> "Espoo"
    qs = Organisation.objects.filter(
        Q(municipality__in=towns)
        | Q(pk__in=[c.organisation_id for c in cities])
        | Q(pk__in=data.eura_history)
    ).exclude(kind=OrganisationKind.AUTHORITY)
    return [_org(o) for o in qs.order_by("name")]


# Lazy labels, translated when shown: str() here would fix them in the language active at import time.
TYPE_LABELS = {
    **dict(OrganisationKind.choices),
    "sme": gettext_lazy("SME"),
    "large_company": gettext_lazy("Large company"),
}


def type_label(key: str) -> str:
    return str(TYPE_LABELS.get(key, key))


def network_picture_spec(g: Any) -> specs.Spec:
    """The network picture (Vega-Lite): the page draws it, the PNG and the annual report render it."""
    positions = {pk: (round(x, 4), round(y, 4)) for pk, (x, y) in layout(g).items()}
    nodes = [
        {
            "id": pk,
            "name": g.nodes[pk]["name"],
            "type": type_label(g.nodes[pk]["type"]),
            "x": x,
            "y": y,
            "amount": g.nodes[pk]["money"],
            "partners": g.degree(pk),
        }
        for pk, (x, y) in sorted(positions.items(), key=lambda item: (-g.nodes[item[0]]["money"], item[0]))
    ]
    edges = [
        {
            "x": positions[u][0],
            "y": positions[u][1],
            "x2": positions[v][0],
            "y2": positions[v][1],
            "amount": d["weight"],
        }
        for u, v, d in sorted(g.edges(data=True), key=lambda e: (min(e[0], e[1]), max(e[0], e[1])))
    ]
    return specs.network_picture(
        nodes,
        edges,
        title=_("The partner network: organisations and their joint work"),
        labels={
            "name": _("Organisation"),
            "type": _("Type"),
            "amount": _("EU and state money"),
            "partners": _("Partners"),
            "description": _(
                "Organisations as circles sized by their share of the money and coloured by type; a line "
                "joins two that share an idea, a proposal or a project."
            ),
        },
    )
