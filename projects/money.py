"""Money definitions of funded projects, named once: what a project commits from the agreement's frame.

"Committed" is the project's financing lines from frame sources (``cores.cofinancing.FRAME_SOURCES``),
spread over years by ``cores.frames`` in proportion to its eligible costs. The overview, the monitoring
dashboard, the national view and the annual report all read it from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from cores.budget import BudgetLineIn, build_budget
from cores.cofinancing import eu_amount, frame_money_by_source, state_amount
from cores.frames import CommittedProject
from cores.money import ZERO
from pipeline.models import CostCategory, FinancingLine
from programme.models import Agreement
from projects.models import Project


def committed_project(project: Project) -> CommittedProject:
    """A funded project as ``cores.frames`` spreads it over years: its frame-fund money and its yearly
    eligible costs (budget lines plus the proposal's flat-rate indirect costs). Needs the project's
    ``proposal``, ``budget_lines`` and ``financing_lines`` loaded (no queries of its own then)."""
    rate = project.proposal.indirect_rate if project.proposal else ZERO
    budget = build_budget(
        [BudgetLineIn(b.year, b.category, b.amount) for b in project.budget_lines.all()],
        indirect_rate=rate,
        categories=[c.value for c in CostCategory],
    )
    money = frame_money_by_source((line.source, line.amount) for line in project.financing_lines.all())
    return CommittedProject(project.code or f"#{project.pk}", money, budget.eligible_by_year())


def committed_projects(agreement: Agreement) -> list[CommittedProject]:
    """The agreement's funded projects with their frame-fund money and yearly eligible costs (3 queries)."""
    projects = (
        Project.objects.funded()
        .filter(agreement=agreement)
        .select_related("proposal")
        .prefetch_related("budget_lines", "financing_lines")
        .only("id", "code", "name", "proposal__indirect_rate")
    )
    return [committed_project(project) for project in projects]


def eu_and_state(financing_lines: Iterable[FinancingLine]) -> tuple[Decimal, Decimal]:
    """A plan's committed money in its two parts: the EU share and the state co-funding."""
    lines = [(line.source, line.amount) for line in financing_lines]
    return eu_amount(lines), state_amount(lines)
