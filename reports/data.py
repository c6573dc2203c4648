"""The figures of the annual report to the ministry, as they stood on a given date (``as_of``).

``annual_data(agreement, as_of, lang)`` loads everything once, in a fixed number of queries whatever the
number of projects, into frozen dataclasses (``Facts``: exact ``Decimal`` money to the cent, never a
float), and then builds the report's **sections** from them in the report's language
(``reports.sections.SECTIONS``: the one list that says what the report holds and in which order). The
PDF, XLSX and HTML renderers draw the same ``AnnualReportData`` and know nothing of the database.

Only what was known on ``as_of`` counts (docs/annual-report.md defines every figure):

- projects: the agreement's funded projects whose funding decision was made on or before ``as_of``;
- committed money: their financing lines from the frame sources (``cores.cofinancing.FRAME_SOURCES``),
  spread over the years by their yearly eligible costs (``cores.frames``, as the agreement overview);
- by theme and city: as the monitoring dashboard (``monitoring.selectors``: a project's money split
  equally between its adopting cities that are cities of the agreement);
- spending, solutions, risks and indicator actuals: from progress reports first submitted on or before
  ``as_of`` (the submission time as a date in Europe/Helsinki) that are now submitted or approved;
- paid money: payment claims paid on or before ``as_of``.

``canonical_json(data)`` is the data as canonical JSON and ``data_digest(data)`` its SHA-256: the same
date and the same data give the same digest, and the renderers give the same bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone, translation

from cores.cofinancing import FRAME_SOURCES
from cores.frames import commitments_by_fund_year, frame_table, split_equally
from cores.money import ZERO, quantize, share, total
from monitoring.selectors import NO_KEY, breakdown
from partners.models import Organisation
from pipeline.models import FinancingSource, IndicatorTarget
from programme.models import Agreement, AgreementParty, AnnualFrame, Fund, PartyRole, Theme
from progress.models import PaymentClaim, ProgressReport, ReportSolution, RiskLevel
from progress.models import ReportStatus as ProgressStatus
from progress.money import paid_claims
from projects.models import Project
from projects.money import committed_project, eu_and_state

# The layout and content version of the report: part of the data (and so of its digest), raised when a
# change of the sections or of a renderer changes the file made from the same figures.
SCHEMA = "salkku-annual-report/4"  # 2: the steering group's targets, statuses and outlook; 3: the network;
# 4: the appendix on overlaps (clusters and double-funding flags with their review state)
LANGUAGES = ("fi", "sv", "en")
REPORTED_STATUSES = (ProgressStatus.SUBMITTED, ProgressStatus.APPROVED)
RISK_LEVELS = (RiskLevel.HIGH, RiskLevel.MEDIUM)  # the levels the report lists, in this order
SHARE_PLACES = Decimal("0.000001")

Cell = str | int | Decimal | dt.date | None


# --- the facts: figures as loaded, language-neutral apart from names ------------------------------


@dataclass(frozen=True)
class FrameLine:
    """One fund in one year: its annual frame (None: no frame) and the money committed in that year.
    ``year`` None is money of projects without a yearly budget, which is in no year."""

    fund: str
    year: int | None
    frame: Decimal | None
    committed: Decimal
    is_estimate: bool


@dataclass(frozen=True)
class BreakdownRow:
    key: str
    label: str
    projects: int
    eu: Decimal
    state: Decimal
    share: Decimal | None  # of all committed money

    @property
    def total(self) -> Decimal:
        return self.eu + self.state


@dataclass(frozen=True)
class ProjectLine:
    code: str
    name: str
    lead: str
    theme: str
    cities: tuple[str, ...]
    decided_on: dt.date
    eu: Decimal
    state: Decimal

    @property
    def total(self) -> Decimal:
        return self.eu + self.state


@dataclass(frozen=True)
class MoneyLine:
    """Reported spending (``source`` a financing source) or paid money (``source`` a fund) in a year."""

    year: int
    source: str
    amount: Decimal


@dataclass(frozen=True)
class IndicatorLine:
    code: str
    name: str
    unit: str
    projects: int  # projects with a target for it
    target: Decimal
    reporting: int  # of those, projects whose latest report gives a value
    reported: Decimal  # the sum of those values (each project's latest)


@dataclass(frozen=True)
class SolutionLine:
    project: str
    organisation: str
    description: str
    period_end: dt.date


@dataclass(frozen=True)
class RiskLine:
    project: str
    level: str
    text: str
    period_end: dt.date


@dataclass(frozen=True)
class Facts:
    agreement_id: int
    agreement_slug: str
    agreement_name: str
    region: str
    as_of: dt.date
    years: tuple[int, ...]
    funds: tuple[str, ...]  # the frame funds in the table's order
    frames: tuple[FrameLine, ...]  # fund × year, then each fund's unallocated money (year None)
    unallocated_projects: tuple[str, ...]
    by_theme: tuple[BreakdownRow, ...]
    by_city: tuple[BreakdownRow, ...]
    projects: tuple[ProjectLine, ...]
    reports_counted: int
    spending: tuple[MoneyLine, ...]
    paid: tuple[MoneyLine, ...]
    indicators: tuple[IndicatorLine, ...]
    solutions: tuple[SolutionLine, ...]
    risks: tuple[RiskLine, ...]

    @property
    def committed_eu(self) -> Decimal:
        return total(p.eu for p in self.projects)

    @property
    def committed_state(self) -> Decimal:
        return total(p.state for p in self.projects)

    @property
    def committed(self) -> Decimal:
        return self.committed_eu + self.committed_state

    @property
    def frame_total(self) -> Decimal:
        return total(f.frame for f in self.frames if f.frame is not None)

    @property
    def spent(self) -> Decimal:
        return total(s.amount for s in self.spending)

    @property
    def paid_total(self) -> Decimal:
        return total(p.amount for p in self.paid)


# --- the sections: what the renderers draw ----------------------------------------------------------


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"  # text, money, number, percent (a fraction), date


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total: tuple[Cell, ...] | None = None  # the total row, drawn bold under the rows
    note: str = ""


@dataclass(frozen=True)
class Section:
    """One part of the report: a heading, paragraphs, at most one chart and its tables.

    ``chart`` is a Vega-Lite spec (``charts.specs``) as canonical JSON, drawn as an image in the PDF and
    the HTML; its figures are always in ``tables`` too. ``empty`` says why there is nothing to show when
    the section has no rows (the renderers print it instead of empty tables)."""

    key: str
    title: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    chart: str = ""
    chart_caption: str = ""
    empty: str = ""

    @property
    def has_rows(self) -> bool:
        return any(t.rows for t in self.tables)

    def chart_spec(self) -> dict[str, Any] | None:
        return json.loads(self.chart) if self.chart else None


@dataclass(frozen=True)
class AnnualReportData:
    schema: str
    lang: str
    title: str
    facts: Facts
    sections: tuple[Section, ...]

    @property
    def as_of(self) -> dt.date:
        return self.facts.as_of


# --- loading -----------------------------------------------------------------------------------------


def _end_of(day: dt.date) -> dt.datetime:
    """The first moment after ``day`` in the project's time zone (Europe/Helsinki)."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))


def _rows(breakdown: Any) -> tuple[BreakdownRow, ...]:
    return tuple(
        BreakdownRow(
            r.key,
            r.label,
            r.projects,
            r.eu,
            r.state,
            None if r.of_total is None else r.of_total.quantize(SHARE_PLACES),
        )
        for r in breakdown.rows
    )


def _project_label(project: Project) -> str:
    return f"{project.code} {project.name}" if project.code else project.name


def load_facts(agreement: Agreement, as_of: dt.date) -> Facts:
    """Every figure of the report, in a fixed number of queries (11 with any project; 8 without).

    Names (themes, the "no theme" rows) are in the active language: call inside ``translation.override``.
    """
    from django.utils.translation import gettext as _

    agreement = Agreement.objects.select_related("period").get(pk=agreement.pk)  # 1
    cities = list(  # 2
        AgreementParty.objects.filter(agreement=agreement, role=PartyRole.CITY)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    themes = list(Theme.objects.filter(agreement=agreement).order_by("order", "code"))  # 3
    fund_codes = list(Fund.objects.order_by("order", "code").values_list("code", flat=True))  # 4
    frames = {  # 5
        (f.fund.code, f.year): (f.amount, f.is_estimate)
        for f in AnnualFrame.objects.filter(agreement=agreement).select_related("fund")
    }
    projects = list(  # 6 + 4 prefetches
        Project.objects.funded()
        .filter(agreement=agreement, funding_decision__decided_on__lte=as_of)
        .select_related("lead", "theme", "proposal__theme", "funding_decision")
        .prefetch_related(
            "budget_lines",
            "financing_lines",
            Prefetch(
                "proposal__adopting_cities",
                queryset=Organisation.objects.order_by("name").only("id", "name"),
                to_attr="adopting",
            ),
            Prefetch(
                "indicator_targets",
                queryset=IndicatorTarget.objects.select_related("indicator").order_by("pk"),
            ),
        )
        .order_by("funding_decision__decided_on", "code", "pk")
    )
    ids = [p.pk for p in projects]
    reports = list(  # + 1 and 4 prefetches (none when there is no project)
        ProgressReport.objects.filter(
            project_id__in=ids, status__in=REPORTED_STATUSES, first_submitted_at__lt=_end_of(as_of)
        )
        .prefetch_related(
            "spending",
            "risks",
            "indicators",
            Prefetch(
                "solutions",
                queryset=ReportSolution.objects.select_related("organisation").order_by("order", "pk"),
            ),
        )
        .order_by("project_id", "period_start")
    )
    claims = list(  # + 1
        paid_claims(PaymentClaim.objects.filter(project_id__in=ids), as_of).only("fund", "paid", "paid_on")
    )

    years = list(agreement.period.years)
    table = frame_table(
        years=years,
        funds=[code for code in fund_codes if code in FRAME_SOURCES] or list(FRAME_SOURCES),
        frames=frames,
        commitments=commitments_by_fund_year(committed_project(p) for p in projects),
    )
    frame_lines: list[FrameLine] = []
    for row in table.rows:
        for year, cell in zip(table.years, row.cells, strict=True):
            frame_lines.append(FrameLine(row.fund, year, cell.frame, cell.committed, cell.is_estimate))
    for row in table.rows:
        if row.unallocated:
            frame_lines.append(FrameLine(row.fund, None, None, row.unallocated, False))

    city_ids = {c.organisation_id for c in cities}
    no_theme, no_city = _("No theme"), _("No adopting city of the agreement")
    listed: list[ProjectLine] = []
    theme_cells, city_cells = [], []
    for project in projects:
        eu, state = eu_and_state(project.financing_lines.all())
        theme = project.theme or (project.proposal.theme if project.proposal else None)
        adopting = project.proposal.adopting if project.proposal else []
        adopted = [c for c in adopting if c.pk in city_ids]
        listed.append(
            ProjectLine(
                code=project.code or "",
                name=project.name,
                lead=project.lead.name,
                theme=theme.name if theme else "",
                cities=tuple(c.name for c in adopted),
                decided_on=project.funding_decision.decided_on,
                eu=eu,
                state=state,
            )
        )
        theme_cells.append(
            (theme.code if theme else NO_KEY, theme.name if theme else no_theme, eu, state, project.pk)
        )
        if adopted:
            parts = zip(
                adopted,
                split_equally(eu, len(adopted)),
                split_equally(state, len(adopted)),
                strict=True,
            )
            for city, part_eu, part_state in parts:
                city_cells.append((str(city.pk), city.name, part_eu, part_state, project.pk))
        else:
            city_cells.append((NO_KEY, no_city, eu, state, project.pk))
    grand = total(p.total for p in listed)
    theme_order = [(t.code, t.name) for t in themes] + [(NO_KEY, no_theme)]
    city_order = [(str(c.organisation_id), c.organisation.name) for c in cities] + [(NO_KEY, no_city)]

    by_project = {p.pk: p for p in projects}
    latest: dict[int, ProgressReport] = {}
    spending: dict[tuple[int, str], Decimal] = {}
    solutions: list[SolutionLine] = []
    for report in reports:  # by project, then period: the last one of a project is its latest
        latest[report.project_id] = report
        for line in report.spending.all():
            key = (line.year, line.source)
            spending[key] = spending.get(key, ZERO) + line.amount
        for solution in report.solutions.all():
            solutions.append(
                SolutionLine(
                    _project_label(by_project[report.project_id]),
                    solution.organisation.name,
                    solution.description,
                    report.period_end,
                )
            )
    risks = [
        RiskLine(_project_label(by_project[project_id]), risk.level, risk.text, report.period_end)
        for project_id, report in latest.items()
        for risk in report.risks.all()
        if risk.level in RISK_LEVELS
    ]
    risks.sort(key=lambda r: (RISK_LEVELS.index(r.level), r.project))
    paid: dict[tuple[int, str], Decimal] = {}
    for claim in claims:
        if claim.paid_on is None or claim.paid is None:  # paid_claims gives only paid ones
            continue
        key = (claim.paid_on.year, claim.fund)
        paid[key] = paid.get(key, ZERO) + claim.paid

    return Facts(
        agreement_id=agreement.pk,
        agreement_slug=agreement.slug,
        agreement_name=agreement.name,
        region=agreement.region,
        as_of=as_of,
        years=tuple(years),
        funds=tuple(row.fund for row in table.rows),
        frames=tuple(frame_lines),
        unallocated_projects=table.unallocated_projects,
        by_theme=_rows(breakdown(theme_cells, theme_order, grand)),
        by_city=_rows(breakdown(city_cells, city_order, grand)),
        projects=tuple(listed),
        reports_counted=len(reports),
        spending=_money_lines(spending, [s.value for s in FinancingSource]),
        paid=_money_lines(paid, list(FRAME_SOURCES)),
        indicators=_indicators(projects, latest),
        solutions=tuple(sorted(solutions, key=lambda s: (s.project, s.period_end))),
        risks=tuple(risks),
    )


def _money_lines(sums: dict[tuple[int, str], Decimal], order: list[str]) -> tuple[MoneyLine, ...]:
    def rank(source: str) -> tuple[int, str]:
        return (order.index(source) if source in order else len(order), source)

    return tuple(
        MoneyLine(year, source, quantize(amount))
        for (year, source), amount in sorted(sums.items(), key=lambda item: (item[0][0], rank(item[0][1])))
    )


def _indicators(projects: Iterable[Project], latest: dict[int, ProgressReport]) -> tuple[IndicatorLine, ...]:
    """Per indicator: the projects' targets and the values their latest reports give."""
    sums: dict[int, list[Any]] = {}  # indicator pk -> [indicator, projects, target, reporting, reported]
    for project in projects:
        report = latest.get(project.pk)
        actuals = {a.target_id: a.actual for a in report.indicators.all()} if report else {}
        for target in project.indicator_targets.all():
            row = sums.setdefault(target.indicator_id, [target.indicator, 0, ZERO, 0, ZERO])
            row[1] += 1
            row[2] += target.target
            if target.pk in actuals:
                row[3] += 1
                row[4] += actuals[target.pk]
    return tuple(
        IndicatorLine(ind.code, ind.name, ind.unit_label, n, target, reporting, reported)
        for ind, n, target, reporting, reported in sorted(sums.values(), key=lambda r: (r[0].code, r[0].pk))
    )


def annual_data(agreement: Agreement, as_of: dt.date, lang: str = "fi") -> AnnualReportData:
    """The whole report's data for ``agreement`` as of the end of ``as_of``, in ``lang`` (fi, sv, en)."""
    from django.utils.translation import gettext as _

    from reports.sections import SECTIONS

    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    with translation.override(lang):
        facts = load_facts(agreement, as_of)
        sections = tuple(s for s in (build(facts) for build in SECTIONS) if s is not None)
        title = _("Annual report of the innovation ecosystem agreement")
    return AnnualReportData(schema=SCHEMA, lang=lang, title=title, facts=facts, sections=sections)


# --- canonical JSON and digests -----------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not part of the report's data")


def canonical_json(data: AnnualReportData) -> str:
    """The data as JSON with sorted keys and no spaces: the same data, the same text."""
    plain = dataclasses.asdict(data)
    return json.dumps(plain, default=_plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def data_digest(data: AnnualReportData) -> str:
    return hashlib.sha256(canonical_json(data).encode()).hexdigest()


def share_of(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part / whole`` to six places (shown as a percentage with one decimal); None for a zero whole."""
    value = share(part, whole)
    return None if value is None else value.quantize(SHARE_PLACES)
