"""Reads for the monitoring dashboard of one agreement: committed money against the annual frames, money
by theme, city and organisation kind, the pipeline funnel and the funded projects.

Built only from data that exists today (funding decisions' financing plans, budgets, proposals, ideas).
The frame table is the agreement overview's (``projects.overview.agreement_overview``), reused as it
stands, so the two pages always show the same commitments. A project's committed money is, as there,
the sum of its financing lines from the frame sources (``cores.cofinancing.FRAME_SOURCES``: ERDF, ESF+,
JTF and state co-funding). Every breakdown adds up, to the cent, to the frame table's committed total.

A fixed number of queries whatever the number of projects: the overview's, one for the projects (with
three prefetches) and one for the funnel's presented-then-rejected proposals.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import IntegerField, Prefetch
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from audit.models import AuditEntry
from cores.frames import split_equally
from cores.money import ZERO, share, total
from partners.models import Organisation, OrganisationKind
from pipeline.models import ProposalStatus
from programme.models import Agreement
from projects.models import Project
from projects.money import eu_and_state
from projects.overview import AgreementOverview, agreement_overview

NO_KEY = ""  # the bucket of projects without a theme / an adopting city


@dataclass(frozen=True)
class ProjectMoney:
    """A funded project as the dashboard lists it, with its committed frame money."""

    project: Project
    theme: str
    cities: tuple[str, ...]  # the adopting cities that are cities of the agreement, by name
    eu: Decimal
    state: Decimal
    city_keys: tuple[str, ...] = ()  # the same cities' keys in ``Dashboard.by_city`` (their ids)

    @property
    def total(self) -> Decimal:
        return self.eu + self.state


@dataclass(frozen=True)
class Share:
    """One row of a breakdown: a theme, a city or an organisation kind."""

    key: str
    label: str
    projects: int
    eu: Decimal
    state: Decimal
    of_total: Decimal | None

    @property
    def total(self) -> Decimal:
        return self.eu + self.state


@dataclass(frozen=True)
class Breakdown:
    rows: tuple[Share, ...]
    eu: Decimal
    state: Decimal

    @property
    def total(self) -> Decimal:
        return self.eu + self.state


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Dashboard:
    agreement: Agreement
    overview: AgreementOverview
    projects: tuple[ProjectMoney, ...]
    by_theme: Breakdown
    by_city: Breakdown
    by_kind: Breakdown
    funnel: tuple[Stage, ...]

    @property
    def committed(self) -> Decimal:
        """All committed frame money: the overview's frame table's total."""
        return self.overview.frames.total.committed

    @property
    def eu(self) -> Decimal:
        return total(p.eu for p in self.projects)

    @property
    def state(self) -> Decimal:
        return total(p.state for p in self.projects)


def breakdown(
    cells: list[tuple[str, str, Decimal, Decimal, int]], order: list[tuple[str, str]], grand: Decimal
) -> Breakdown:
    """Sum (key, label, eu, state, project) cells into rows in ``order`` (then any other key)."""
    sums: dict[str, list] = {}
    labels: dict[str, str] = dict(order)  # the given labels win over a cell's
    for key, label, eu, state, project in cells:
        labels.setdefault(key, label)
        row = sums.setdefault(key, [ZERO, ZERO, set()])
        row[0] += eu
        row[1] += state
        row[2].add(project)
    ordered = dict(order)
    keys = [k for k in ordered if k in sums] + sorted(k for k in sums if k not in ordered)
    rows = tuple(
        Share(
            key=k,
            label=labels[k],
            projects=len(sums[k][2]),
            eu=sums[k][0],
            state=sums[k][1],
            of_total=share(sums[k][0] + sums[k][1], grand) if grand else None,
        )
        for k in keys
    )
    return Breakdown(rows, total(r.eu for r in rows), total(r.state for r in rows))


def dashboard(agreement: Agreement) -> Dashboard:
    """Everything the monitoring dashboard shows for the agreement, in a fixed number of queries."""
    overview = agreement_overview(agreement)
    city_names = {p.organisation_id: p.organisation.name for p in overview.cities}
    projects = list(
        Project.objects.funded()
        .filter(agreement=agreement)
        .select_related("lead", "theme", "proposal__theme")
        .prefetch_related(
            "financing_lines",
            Prefetch(
                "proposal__adopting_cities",
                queryset=Organisation.objects.order_by("name").only("id", "name"),
                to_attr="adopting",
            ),
        )
        .order_by("start_date", "code", "pk")
    )
    listed: list[ProjectMoney] = []
    theme_cells, city_cells, kind_cells = [], [], []
    no_theme = _("No theme")
    no_city = _("No adopting city of the agreement")
    for project in projects:
        eu, state = eu_and_state(project.financing_lines.all())
        theme = project.theme or (project.proposal.theme if project.proposal else None)
        adopting = project.proposal.adopting if project.proposal else []
        cities = [c for c in adopting if c.pk in city_names]
        listed.append(
            ProjectMoney(
                project,
                theme.name if theme else "",
                tuple(c.name for c in cities),
                eu,
                state,
                tuple(str(c.pk) for c in cities),
            )
        )
        theme_cells.append(
            (theme.code if theme else NO_KEY, theme.name if theme else no_theme, eu, state, project.pk)
        )
        kind = project.lead.kind
        kind_cells.append(
            (
                kind,
                str(OrganisationKind(kind).label) if kind in OrganisationKind.values else kind,
                eu,
                state,
                project.pk,
            )
        )
        if cities:
            for city, part_eu, part_state in zip(
                cities, split_equally(eu, len(cities)), split_equally(state, len(cities)), strict=True
            ):
                city_cells.append((str(city.pk), city.name, part_eu, part_state, project.pk))
        else:
            city_cells.append((NO_KEY, no_city, eu, state, project.pk))
    grand = total(p.total for p in listed)
    theme_order = [(t.code, t.name) for t in overview.themes] + [(NO_KEY, no_theme)]
    city_order = [(str(p.organisation_id), p.organisation.name) for p in overview.cities] + [
        (NO_KEY, no_city)
    ]
    kind_order = [(k.value, str(k.label)) for k in OrganisationKind]
    return Dashboard(
        agreement=agreement,
        overview=overview,
        projects=tuple(listed),
        by_theme=breakdown(theme_cells, theme_order, grand),
        by_city=breakdown(city_cells, city_order, grand),
        by_kind=breakdown(kind_cells, kind_order, grand),
        funnel=_funnel(agreement, overview),
    )


def _funnel(agreement: Agreement, overview: AgreementOverview) -> tuple[Stage, ...]:
    """Ideas → proposals submitted → presented → funded (see docs/monitoring.md for the definitions).

    Presented: proposals now presented or funded, and rejected ones that the audit log shows were
    presented first (the funding authority rejected them, not the steering group).
    """
    counts = {c.status: c.count for c in overview.proposal_counts}
    presented_ids = (
        AuditEntry.objects.filter(
            agreement=agreement,
            action="proposal.presented",
            content_type__app_label="pipeline",
            content_type__model="proposal",
        )
        .annotate(pk_int=Cast("object_id", IntegerField()))
        .values("pk_int")
    )
    rejected_after = agreement.proposals.filter(status=ProposalStatus.REJECTED, pk__in=presented_ids).count()
    return (
        Stage("ideas", _("Ideas"), overview.idea_count),
        Stage("submitted", _("Proposals submitted"), overview.proposal_total),
        Stage(
            "presented",
            _("Presented to the funding authority"),
            counts.get(ProposalStatus.PRESENTED.value, 0)
            + counts.get(ProposalStatus.FUNDED.value, 0)
            + rejected_after,
        ),
        Stage("funded", _("Funded projects"), overview.funded_project_count),
    )
