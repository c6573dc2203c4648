"""The annual report's sections from the steering group's follow-up (``monitoring.health``): its targets
and how they are met, the projects' computed status with the reasons, and the outlook (the forecast and
the EU money at risk of decommitment), all as of the report's date.

The figures are the monitoring dashboard's, computed for ``facts.as_of`` instead of today, so the report
and the dashboard of that day agree; they are computed once for the three sections of one report.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from cores.money import ZERO, total
from monitoring.charts import targets_chart
from monitoring.health import AgreementHealth, agreement_health, eur
from programme.models import Agreement
from reports.data import Cell, Column, Facts, Section, Table
from web.templatetags.salkku import sdate

_last: list[tuple[Facts, AgreementHealth]] = []  # the figures of the report being built


def _health(facts: Facts) -> AgreementHealth:
    """The follow-up figures for this report's facts, computed once for its three sections."""
    if _last and _last[0][0] is facts:
        return _last[0][1]
    agreement = Agreement.objects.select_related("period").get(pk=facts.agreement_id)
    health = agreement_health(agreement, facts.as_of)
    _last[:] = [(facts, health)]
    return health


def targets(facts: Facts) -> Section:
    health = _health(facts)
    rows: list[tuple[Cell, ...]] = [
        (f"{t.label} – {t.scope}", t.goal, t.trend or "–", t.status_label, t.sentence) for t in health.targets
    ]
    spec = targets_chart(health)
    chart = ""
    if spec is not None:
        from reports.sections import _chart

        chart = _chart(spec)
    return Section(
        key="targets",
        title=_("The steering group's targets"),
        paragraphs=(
            _(
                "The targets the steering group has set for the themes and the whole agreement. A theme's "
                "share is of the committed EU and state money; an indicator is the sum of the funded "
                "projects' latest reported values; adopted solutions are counted from the progress reports. "
                "The trend is a straight line fitted to the values reported so far, projected to the end "
                "of the target year."
            ),
        ),
        tables=(
            Table(
                key="targets",
                title=_("The steering group's targets and how they are met"),
                columns=(
                    Column(_("Target")),
                    Column(_("Goal")),
                    Column(_("Trend")),
                    Column(_("Status")),
                    Column(_("In words")),
                ),
                rows=tuple(rows),
            ),
        ),
        chart=chart,
        chart_caption=_("The share of each indicator target reached so far.") if chart else "",
        empty=_("The steering group had set no targets."),
    )


def statuses(facts: Facts) -> Section:
    health = _health(facts)
    counts = tuple((label, count) for _code, label, count in health.status_counts)
    attention: list[tuple[Cell, ...]] = [
        (
            f"{p.project.code} {p.project.name}" if p.project.code else p.project.name,
            p.status_label,
            " ".join(p.reasons),
        )
        for p in health.attention
    ]
    return Section(
        key="statuses",
        title=_("The projects' status"),
        paragraphs=(
            _(
                "Each funded project's status is computed from the same rules for every project, as of "
                "%(date)s:"
            )
            % {"date": sdate(facts.as_of)},
            *health.rules_text,
        ),
        tables=(
            Table(
                key="status-counts",
                title=_("Projects by status"),
                columns=(Column(_("Status")), Column(_("Projects"), "number")),
                rows=counts,
                total=(_("Total"), sum(c for _label, c in counts)),
            ),
            Table(
                key="attention",
                title=_("Late and at-risk projects with the reasons"),
                columns=(Column(_("Project")), Column(_("Status")), Column(_("Why"))),
                rows=tuple(attention),
                note="" if attention else _("No project was late or at risk."),
            ),
        ),
        empty=_("No funded projects."),
    )


def outlook(facts: Facts) -> Section:
    health = _health(facts)
    years: list[tuple[Cell, ...]] = [
        (str(y.year), y.frame, y.committed, y.spent, y.paid, y.forecast_low, y.forecast, y.forecast_high)
        for y in health.years
    ]
    risks: list[tuple[Cell, ...]] = [
        (
            str(r.risk.year),
            r.risk.deadline,
            r.risk.commitment,
            r.risk.paid,
            r.risk.forecast,
            r.risk.shortfall,
            r.state_label,
        )
        for r in health.decommitment
    ]
    money = "money"
    return Section(
        key="outlook",
        title=_("Forecast and decommitment"),
        paragraphs=(
            _(
                "In EU and state money: a project's reported costs earn money in the proportion of its "
                "financing plan. The forecast continues each project's plan at a blend of its run-rate so "
                "far and the plan, within its approved budget; its range comes from the spread of the "
                "reported periods."
            ),
            _(
                "The EU money of each year's frame must be paid out by the end of the year N+%(lag)s, or it "
                "is decommitted; older commitments are covered first."
            )
            % {"lag": health.rules.decommitment_lag_years},
            _("Forecast underspend that could be reallocated: %(point)s of costs.")
            % {"point": eur(health.reallocatable.forecast)},
        ),
        tables=(
            Table(
                key="forecast",
                title=_("Frame, commitments, spending, payments and forecast by year"),
                columns=(
                    Column(_("Year")),
                    Column(_("Annual frame"), money),
                    Column(_("Committed"), money),
                    Column(_("Earned by reported costs"), money),
                    Column(_("Paid"), money),
                    Column(_("Forecast, low"), money),
                    Column(_("Forecast"), money),
                    Column(_("Forecast, high"), money),
                ),
                rows=tuple(years),
                total=(
                    _("Total"),
                    total(y.frame for y in health.years),
                    total(y.committed for y in health.years),
                    total(y.spent for y in health.years),
                    total(y.paid for y in health.years),
                    total(y.forecast_low for y in health.years),
                    total(y.forecast for y in health.years),
                    total(y.forecast_high for y in health.years),
                ),
            ),
            Table(
                key="decommitment",
                title=_("EU money by commitment year and its deadline"),
                columns=(
                    Column(_("Year")),
                    Column(_("Deadline"), "date"),
                    Column(_("EU frame of the year"), money),
                    Column(_("Paid by the deadline"), money),
                    Column(_("Forecast payments by the deadline"), money),
                    Column(_("Shortfall"), money),
                    Column(_("State")),
                ),
                rows=tuple(risks),
                total=(
                    _("Total"),
                    None,
                    None,
                    None,
                    None,
                    total(r.risk.shortfall for r in health.decommitment) or ZERO,
                    None,
                ),
            ),
        ),
        empty=_("The agreement has no EU frame."),
    )
