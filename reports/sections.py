"""The sections of the annual report, in order: each builder turns the loaded ``Facts`` into a ``Section``
(paragraphs, at most one chart, tables) in the active language, or None to leave it out.

``SECTIONS`` is the one list of what the report holds. The renderers (PDF, XLSX, HTML) draw any
``Section`` without knowing which one it is, so a new part of the report is a builder added here and
nothing else. Every figure is exact (``Decimal`` to the cent); a chart's figures are always in a table.

The steering group's targets, the projects' computed status and the outlook (forecast, decommitment)
come from ``monitoring.health`` through ``reports/steering.py``: builders of the same signature that load
their own figures for ``facts.agreement_id`` as of ``facts.as_of``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from decimal import Decimal

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from charts.specs import Spec, grouped_bars, horizontal
from cores.money import format_eur, format_percent, total
from monitoring.charts import committed_against_frame
from programme.vocabulary import fund_label
from progress.models import RiskLevel
from reports.data import (
    BreakdownRow,
    Cell,
    Column,
    Facts,
    MoneyLine,
    Section,
    Table,
    share_of,
)
from web.templatetags.salkku import sdate

SectionBuilder = Callable[[Facts], Section | None]


def _lang() -> str:
    return (get_language() or "fi")[:2]


def _eur(value: Decimal) -> str:
    return format_eur(value, lang=_lang())


def _pct(value: Decimal | None) -> str:
    return format_percent(value, lang=_lang())


def _source_label(code: str) -> str:
    return fund_label(code)


def _chart(spec: Spec) -> str:
    return json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


# --- 1. summary ------------------------------------------------------------------------------------


def summary(facts: Facts) -> Section:
    day = sdate(facts.as_of)
    count = len(facts.projects)
    paragraphs = [
        _(
            "This report shows the agreement's projects and money as they stood at the end of %(date)s: "
            "the projects whose funding decision was made by then, the EU and state money those decisions "
            "committed, what the progress reports submitted by then tell, and the payments made by then."
        )
        % {"date": day},
        ngettext(
            "%(count)s project had a funding decision by %(date)s.",
            "%(count)s projects had a funding decision by %(date)s.",
            count,
        )
        % {"count": count, "date": day},
    ]
    if facts.frame_total:
        paragraphs.append(
            _("The committed money is %(share)s of the annual frames of the whole period (%(frame)s).")
            % {"share": _pct(share_of(facts.committed, facts.frame_total)), "frame": _eur(facts.frame_total)}
        )
    paragraphs.append(
        ngettext(
            "%(count)s progress report submitted by then is counted in spending, indicators, adopted "
            "solutions and risks.",
            "%(count)s progress reports submitted by then are counted in spending, indicators, adopted "
            "solutions and risks.",
            facts.reports_counted,
        )
        % {"count": facts.reports_counted}
    )
    rows: list[tuple[Cell, ...]] = [
        (_("Committed EU money"), facts.committed_eu),
        (_("Committed state money"), facts.committed_state),
        (_("Committed in total"), facts.committed),
        (_("Annual frames of the period (all funds)"), facts.frame_total),
        (_("Spending reported (all sources)"), facts.spent),
        (_("EU and state money paid"), facts.paid_total),
    ]
    return Section(
        key="summary",
        title=_("Summary"),
        paragraphs=tuple(paragraphs),
        tables=(
            Table(
                key="key-figures",
                title=_("Key figures"),
                columns=(Column(_("Figure")), Column(_("Euros"), "money")),
                rows=tuple(rows),
            ),
        ),
    )


# --- 2. frame and commitments ------------------------------------------------------------------------


def frames(facts: Facts) -> Section:
    estimate = _("estimate")
    no_year = _("no yearly budget")
    lines = sorted(
        (f for f in facts.frames if f.frame is not None or f.committed),
        key=lambda f: (
            f.year is None,
            f.year or 0,
            facts.funds.index(f.fund) if f.fund in facts.funds else 99,
        ),
    )
    by_fund: list[tuple[Cell, ...]] = []
    for fund in facts.funds:
        mine = [f for f in facts.frames if f.fund == fund]
        framed = [f.frame for f in mine if f.frame is not None]
        frame = total(framed) if framed else None
        committed = total(f.committed for f in mine)
        by_fund.append(
            (
                _source_label(fund),
                frame,
                committed,
                None if frame is None else frame - committed,
                None if frame is None else share_of(committed, frame),
            )
        )
    all_frame, all_committed = facts.frame_total, total(f.committed for f in facts.frames)
    grand = (
        _("Total"),
        all_frame,
        all_committed,
        all_frame - all_committed,
        share_of(all_committed, all_frame),
    )
    by_year: list[tuple[Cell, ...]] = []
    for f in lines:
        label = _source_label(f.fund) + (f" ({estimate})" if f.is_estimate else "")
        by_year.append(
            (
                str(f.year) if f.year is not None else no_year,
                label,
                f.frame,
                f.committed,
                None if f.frame is None else f.frame - f.committed,
                None if f.frame is None else share_of(f.committed, f.frame),
            )
        )
    money_columns = (
        Column(_("Annual frame"), "money"),
        Column(_("Committed"), "money"),
        Column(_("Remaining"), "money"),
        Column(_("Share used"), "percent"),
    )
    paragraphs = [
        _(
            "Committed money is the EU money (ERDF, ESF+, JTF) and the state co-funding in the financing "
            "plans of the projects decided by the date. A project's money of each fund is spread over its "
            "years in proportion to its yearly eligible costs, exact to the cent. Own, city and private "
            "financing is not frame money and is left out."
        )
    ]
    if any(f.is_estimate for f in facts.frames):
        paragraphs.append(_("Frames marked as an estimate are not yet confirmed."))
    if facts.unallocated_projects:
        paragraphs.append(
            _(
                "These projects have no yearly budget, so their money is in no year; it is counted in the "
                "totals: %(projects)s."
            )
            % {"projects": ", ".join(facts.unallocated_projects)}
        )
    rows = [
        {"year": f.year, "category": _source_label(f.fund), "amount": f.committed}
        for f in facts.frames
        if f.year is not None
    ]
    year_frames: dict[int, Decimal] = {}
    for f in facts.frames:
        if f.year is not None and f.frame is not None:
            year_frames[f.year] = year_frames.get(f.year, Decimal(0)) + f.frame
    spec = committed_against_frame(rows, [{"year": y, "amount": a} for y, a in sorted(year_frames.items())])
    return Section(
        key="frames",
        title=_("Frame and commitments"),
        paragraphs=tuple(paragraphs),
        chart=_chart(spec),
        chart_caption=_("The black tick is the year's annual frame of all funds together."),
        tables=(
            Table(
                key="frames-by-fund",
                title=_("By fund, the whole period"),
                columns=(Column(_("Fund")), *money_columns),
                rows=tuple(by_fund),
                total=grand,
            ),
            Table(
                key="frames-by-year",
                title=_("By year and fund"),
                columns=(Column(_("Year")), Column(_("Fund")), *money_columns),
                rows=tuple(by_year),
                total=(_("Total"), "", *grand[1:]),
            ),
        ),
        empty=_("The agreement has no annual frames and no committed money by this date."),
    )


# --- 3.–4. by theme and by city ----------------------------------------------------------------------


def _breakdown_table(key: str, title: str, first: str, rows: Sequence[BreakdownRow], projects: Cell) -> Table:
    eu, state = total(r.eu for r in rows), total(r.state for r in rows)
    return Table(
        key=key,
        title=title,
        columns=(
            Column(first),
            Column(_("Projects"), "number"),
            Column(_("EU money"), "money"),
            Column(_("State money"), "money"),
            Column(_("Total"), "money"),
            Column(_("Share"), "percent"),
        ),
        rows=tuple((r.label, r.projects, r.eu, r.state, r.total, r.share) for r in rows),
        total=(_("Total"), projects, eu, state, eu + state, Decimal(1) if rows and eu + state else None),
    )


def _bars(rows: Sequence[BreakdownRow], *, title: str, category: str, description: str) -> str:
    spec = grouped_bars(
        [{"label": r.label, "amount": r.total} for r in rows],
        x="label",
        y="amount",
        title=title,
        labels={"label": category, "amount": _("Euros"), "description": description},
        unit="eur",
    )
    return _chart(horizontal(spec))


def themes(facts: Facts) -> Section:
    rows = facts.by_theme
    return Section(
        key="themes",
        title=_("Projects by theme"),
        paragraphs=(
            _(
                "A project's theme is its own, else its proposal's. The shares are of all the money "
                "committed by the date."
            ),
        ),
        chart=_bars(
            rows,
            title=_("Committed money by theme"),
            category=_("Theme"),
            description=_("Bars of the committed EU and state money of each theme."),
        )
        if rows
        else "",
        tables=(
            _breakdown_table("themes", _("Committed money by theme"), _("Theme"), rows, len(facts.projects)),
        ),
        empty=_("No project had a funding decision by this date."),
    )


def cities(facts: Facts) -> Section:
    rows = facts.by_city
    return Section(
        key="cities",
        title=_("Projects by city"),
        paragraphs=(
            _(
                "A project's cities are the cities of the agreement that are expected to adopt its results. "
                "Its EU money and its state money are each split equally between them, exact to the cent; "
                "a project counts under each of its cities, so the numbers of projects do not add up."
            ),
        ),
        chart=_bars(
            rows,
            title=_("Committed money by city"),
            category=_("City"),
            description=_(
                "Bars of the committed EU and state money of each city, a project's money split "
                "equally between its adopting cities."
            ),
        )
        if rows
        else "",
        tables=(_breakdown_table("cities", _("Committed money by city"), _("City"), rows, None),),
        empty=_("No project had a funding decision by this date."),
    )


# --- 5. the projects -----------------------------------------------------------------------------------


def projects(facts: Facts) -> Section:
    rows = tuple(
        (
            f"{p.code} {p.name}" if p.code else p.name,
            p.lead,
            p.theme or _("No theme"),
            p.decided_on,
            p.eu,
            p.state,
            p.total,
        )
        for p in facts.projects
    )
    return Section(
        key="projects",
        title=_("Funded projects"),
        paragraphs=(
            _("The projects whose funding decision was made by the date, in the order of the decisions."),
        ),
        tables=(
            Table(
                key="projects",
                title=_("Funded projects"),
                columns=(
                    Column(_("Project")),
                    Column(_("Implementer")),
                    Column(_("Theme")),
                    Column(_("Decision date"), "date"),
                    Column(_("EU money"), "money"),
                    Column(_("State money"), "money"),
                    Column(_("Total"), "money"),
                ),
                rows=rows,
                total=(
                    _("Total"),
                    "",
                    "",
                    "",
                    facts.committed_eu,
                    facts.committed_state,
                    facts.committed,
                ),
            ),
        ),
        empty=_("No project had a funding decision by this date."),
    )


# --- 6. indicators against the projects' targets -------------------------------------------------------


def indicators(facts: Facts) -> Section:
    rows = tuple(
        (
            f"{i.code} {i.name}",
            i.unit,
            i.projects,
            i.target,
            i.reporting,
            i.reported,
            share_of(i.reported, i.target),
        )
        for i in facts.indicators
    )
    return Section(
        key="indicators",
        title=_("Indicators against the projects' targets"),
        paragraphs=(
            _(
                "The targets are those of the projects' approved plans, summed over the projects. The value "
                "reached is each project's value in its latest progress report submitted by the date; a "
                "project that has not reported counts in the target but not in the value."
            ),
        ),
        tables=(
            Table(
                key="indicators",
                title=_("Indicators against the projects' targets"),
                columns=(
                    Column(_("Indicator")),
                    Column(_("Unit")),
                    Column(_("Projects"), "number"),
                    Column(_("Target"), "number"),
                    Column(_("Projects reporting"), "number"),
                    Column(_("Value reached"), "number"),
                    Column(_("Share of the target"), "percent"),
                ),
                rows=rows,
            ),
        ),
        empty=_("None of these projects has indicator targets."),
    )


# --- 7.–8. spending and payments -----------------------------------------------------------------------


def _by_year_table(key: str, title: str, lines: Sequence[MoneyLine], first: str) -> Table:
    sources = list(dict.fromkeys(line.source for line in lines))
    years = sorted({line.year for line in lines})
    cells = {(line.year, line.source): line.amount for line in lines}
    rows = tuple(
        (
            str(year),
            *(cells.get((year, s)) for s in sources),
            total(cells.get((year, s), Decimal(0)) for s in sources),
        )
        for year in years
    )
    return Table(
        key=key,
        title=title,
        columns=(
            Column(first),
            *(Column(_source_label(s), "money") for s in sources),
            Column(_("Total"), "money"),
        ),
        rows=rows,
        total=(
            _("Total"),
            *(total(line.amount for line in lines if line.source == s) for s in sources),
            total(line.amount for line in lines),
        ),
    )


def _by_year_chart(lines: Sequence[MoneyLine], *, title: str, colour: str, description: str) -> str:
    if not lines:
        return ""
    spec = grouped_bars(
        [
            {"year": str(line.year), "source": _source_label(line.source), "amount": line.amount}
            for line in lines
        ],
        x="year",
        y="amount",
        colour="source",
        title=title,
        labels={"year": _("Year"), "amount": _("Euros"), "source": colour, "description": description},
        unit="eur",
    )
    return _chart(spec)


def spending(facts: Facts) -> Section:
    day = sdate(facts.as_of)
    frame_spent = total(s.amount for s in facts.spending if s.source in facts.funds)
    paragraphs = [
        _(
            "Costs the projects reported in their progress reports, by the year the costs fell in and "
            "by the source that finances them. A report counts when it was first submitted by the date "
            "and is now submitted or approved (a report returned for changes does not count until it is "
            "submitted again)."
        )
    ]
    if facts.spending:
        paragraphs.append(
            _("Of the reported costs, %(frame)s are financed from the frame funds (EU and state money).")
            % {"frame": _eur(frame_spent)}
        )
    return Section(
        key="spending",
        title=_("Spending"),
        paragraphs=tuple(paragraphs),
        chart=_by_year_chart(
            facts.spending,
            title=_("Reported spending by year and source"),
            colour=_("Source"),
            description=_("Bars of the reported costs per year, one for each financing source."),
        ),
        tables=(
            _by_year_table("spending", _("Reported spending by year and source"), facts.spending, _("Year")),
        ),
        empty=_("No progress report with spending had been submitted by %(date)s.") % {"date": day},
    )


def paid(facts: Facts) -> Section:
    day = sdate(facts.as_of)
    return Section(
        key="paid",
        title=_("Payments"),
        paragraphs=(
            _(
                "EU and state money the funding authority paid on the projects' payment claims on or before "
                "the date, by the year of the payment and the fund."
            ),
        ),
        chart=_by_year_chart(
            facts.paid,
            title=_("Money paid by year and fund"),
            colour=_("Fund"),
            description=_("Bars of the money paid per year, one for each fund."),
        ),
        tables=(_by_year_table("paid", _("Money paid by year and fund"), facts.paid, _("Year")),),
        empty=_("No payment had been made by %(date)s.") % {"date": day},
    )


# --- 9.–10. adopted solutions and risks ---------------------------------------------------------------


def solutions(facts: Facts) -> Section:
    day = sdate(facts.as_of)
    return Section(
        key="solutions",
        title=_("Adopted solutions in the progress reports"),
        paragraphs=(
            _(
                "Solutions of the projects that a city organisation has adopted, as the progress reports "
                "submitted by the date tell."
            ),
        ),
        tables=(
            Table(
                key="solutions",
                title=_("Solutions adopted by the cities"),
                columns=(
                    Column(_("Project")),
                    Column(_("City organisation")),
                    Column(_("Adopted solution")),
                    Column(_("Report period ending"), "date"),
                ),
                rows=tuple((s.project, s.organisation, s.description, s.period_end) for s in facts.solutions),
            ),
        ),
        empty=_("No progress report submitted by %(date)s names an adopted solution.") % {"date": day},
    )


def risks(facts: Facts) -> Section:
    day = sdate(facts.as_of)
    levels = dict(RiskLevel.choices)
    return Section(
        key="risks",
        title=_("Risks"),
        paragraphs=(
            _(
                "The high and medium risks in each project's latest progress report submitted by the date, "
                "high ones first."
            ),
        ),
        tables=(
            Table(
                key="risks",
                title=_("High and medium risks"),
                columns=(
                    Column(_("Project")),
                    Column(_("Level")),
                    Column(_("Risk")),
                    Column(_("Report period ending"), "date"),
                ),
                rows=tuple(
                    (r.project, str(levels.get(r.level, r.level)), r.text, r.period_end) for r in facts.risks
                ),
            ),
        ),
        empty=_("No progress report submitted by %(date)s names a high or medium risk.") % {"date": day},
    )


# --- the report's order ------------------------------------------------------------------------------

from reports import appendix, ecosystem, steering  # noqa: E402  (steering uses this module's helpers)

SECTIONS: tuple[SectionBuilder, ...] = (
    summary,
    frames,
    themes,
    cities,
    projects,
    indicators,
    # The steering group's follow-up (reports/steering.py, from monitoring.health).
    steering.targets,
    steering.statuses,
    steering.outlook,
    spending,
    paid,
    solutions,
    risks,
    # The partner network (ecosystem): test environments over time, adoptions, the network picture.
    ecosystem.test_environments,
    ecosystem.adoptions,
    ecosystem.network,
    # The appendix on overlaps (overlaps app): clusters and double-funding flags with their review state.
    appendix.overlap_clusters,
    appendix.risk_flags,
)


def section_keys() -> list[str]:
    return [builder.__name__ for builder in SECTIONS]
