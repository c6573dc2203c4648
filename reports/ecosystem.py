"""The annual report's parts on the partner network (ecosystem issue): the cities' test environments over
the programme period (chart and table), the solutions cities adopted, and the network picture with its
central organisations and newcomers. Builders of ``reports.sections``' signature that load their own
figures for ``facts.agreement_id`` as of ``facts.as_of``."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cores.money import quantize
from ecosystem import graph
from ecosystem.models import Adoption
from ecosystem.network import load, network_picture_spec, type_label
from ecosystem.timeline import build_timeline, gap_text, timeline_environments, timeline_spec
from partners.models import TestEnvironment
from programme.models import Agreement
from reports.data import Column, Facts, Section, Table
from web.templatetags.salkku import sdate

SHARE = Decimal("0.0001")


def _chart(spec: object) -> str:
    return json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def test_environments(facts: Facts) -> Section:
    """Test environments per city and theme, year by year, and the periods a city had none."""
    agreement = Agreement.objects.select_related("period").get(pk=facts.agreement_id)
    known = TestEnvironment.objects.filter(periods__isnull=False).distinct()
    timeline = build_timeline(agreement, timeline_environments(known))
    gaps = len(timeline.rows_with_gaps)
    return Section(
        key="test_environments",
        title=_("Test environments over the programme period"),
        paragraphs=(
            _(
                "The cities' test environments by theme, available in each year of %(first)s–%(last)s as "
                "registered on %(date)s. A gap is a period when a city had none on a theme: %(gaps)s of "
                "%(rows)s cities and themes have one."
            )
            % {
                "first": timeline.first_year,
                "last": timeline.last_year,
                "date": sdate(facts.as_of),
                "gaps": gaps,
                "rows": len(timeline.rows),
            },
        ),
        chart=_chart(timeline_spec(timeline)) if timeline.rows else "",
        chart_caption=_("Quarters with no test environment on the theme are gaps."),
        tables=(
            Table(
                key="test_environments",
                title=_("Test environments available per year"),
                columns=(
                    Column(_("City and theme")),
                    *(Column(str(y), "number") for y in timeline.years),
                    Column(_("Periods with none")),
                ),
                rows=tuple(
                    (row.label, *row.per_year, gap_text(row.gaps) or _("no gaps")) for row in timeline.rows
                ),
            ),
        ),
        empty=_("The agreement names no cities or themes."),
    )


def adoptions(facts: Facts) -> Section:
    """The solutions city units adopted from the agreement's projects by ``as_of`` (also those recorded
    later: a report on a year is made after it), unless withdrawn by then."""
    end = timezone.make_aware(dt.datetime.combine(facts.as_of + dt.timedelta(days=1), dt.time()))
    rows = (
        Adoption.objects.filter(project__agreement_id=facts.agreement_id, adopted_on__lte=facts.as_of)
        .filter(Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=end))
        .select_related("project", "city", "provider")
        .order_by("adopted_on", "city__name", "pk")
    )
    lines = [
        (
            a.city.name,
            a.unit,
            a.solution,
            a.provider.name if a.provider else "",
            a.project.code or a.project.name,
            a.get_role_display(),
            a.adopted_on,
        )
        for a in rows
    ]
    return Section(
        key="adoptions",
        title=_("The cities' adoption register"),
        paragraphs=(
            _("%(count)s adoptions by %(date)s: a pilot, a purchase or a scale-up by a city unit.")
            % {"count": len(lines), "date": sdate(facts.as_of)},
        )
        if lines
        else (),
        tables=(
            Table(
                key="adoptions",
                title=_("Adopted solutions"),
                columns=(
                    Column(_("City")),
                    Column(_("City unit")),
                    Column(_("Solution")),
                    Column(_("Solution provider")),
                    Column(_("Project")),
                    Column(_("Role")),
                    Column(_("Adopted on"), "date"),
                ),
                rows=tuple(lines),
            ),
        ),
        empty=_("No adoption by %(date)s is recorded.") % {"date": sdate(facts.as_of)},
    )


def network(facts: Facts) -> Section:
    """The partner network of the programme period up to the report's year: the picture, the most central
    organisations and the newcomers per call and theme."""
    agreement = Agreement.objects.select_related("period").get(pk=facts.agreement_id)
    last = min(facts.as_of.year, agreement.period.end_year)
    data = load(agreement, first_year=agreement.period.start_year, last_year=last)
    g = graph.build_graph(data)
    central = graph.central(g, data, top=15)
    newcomers = graph.newcomers(data)
    return Section(
        key="network",
        title=_("The partner network"),
        paragraphs=(
            _(
                "%(organisations)s organisations linked by %(links)s joint ideas, proposals and projects in "
                "%(first)s–%(last)s. Central organisations share the most money with others; newcomers are "
                "new to this programme period."
            )
            % {
                "organisations": g.number_of_nodes(),
                "links": g.number_of_edges(),
                "first": agreement.period.start_year,
                "last": last,
            },
        ),
        chart=_chart(network_picture_spec(g)) if g.number_of_nodes() else "",
        chart_caption=_("Circles sized by money and coloured by type; the tables give the figures."),
        tables=(
            Table(
                key="network_central",
                title=_("Central organisations"),
                columns=(
                    Column(_("Organisation")),
                    Column(_("Type")),
                    Column(_("Partners"), "number"),
                    Column(_("Joint money"), "money"),
                    Column(_("Its share of the money"), "money"),
                ),
                rows=tuple(
                    (
                        r.org.name,
                        type_label(r.org.type_key),
                        r.partners,
                        quantize(Decimal(r.value)),
                        quantize(r.money),
                    )
                    for r in central
                ),
            ),
            Table(
                key="network_newcomers",
                title=_("Newcomers per call and theme"),
                columns=(
                    Column(_("Call")),
                    Column(_("Theme")),
                    Column(_("Participants"), "number"),
                    Column(_("Newcomers"), "number"),
                    Column(_("Share by count"), "percent"),
                    Column(_("Share by money"), "percent"),
                    Column(_("New to EU funding"), "number"),
                ),
                rows=tuple(
                    (
                        n.call,
                        n.theme,
                        n.participants,
                        n.newcomers,
                        n.share_by_count.quantize(SHARE),
                        n.share_by_money.quantize(SHARE),
                        n.new_to_eu,
                    )
                    for n in newcomers
                ),
            ),
        ),
        empty=_("No proposal of the agreement by %(date)s.") % {"date": sdate(facts.as_of)},
    )
