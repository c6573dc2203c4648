"""The money definitions are named once (cores.cofinancing, projects.money): the monitoring dashboard, the
annual report's data and the open-data export read the same committed money, EU share and state
co-funding from the same plans."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from cores.cofinancing import (
    EU_SOURCES,
    FRAME_SOURCES,
    OWN_SOURCES,
    STATE_SOURCE,
    committed_amount,
    eu_amount,
    own_amount,
    state_amount,
)
from cores.money import from_cents, to_cents, total
from monitoring.selectors import dashboard
from pipeline.models import Call, CallStatus, FinancingLine
from portfolio.problems import build_problem
from progress.models import PaymentClaim
from progress.money import is_paid_by, paid_claims
from projects.models import FundingDecision
from projects.opendata import open_data_queryset, project_rows
from projects.public import searched_public_projects
from reports.data import load_facts
from review.models import Criterion
from tests.pages_data import add_funded_projects, build_agreement

D = Decimal
SOURCES = [*FRAME_SOURCES, *OWN_SOURCES]


def test_sources__eu_and_state_make_the_frame__own_is_apart() -> None:
    # given the source lists; then the frame is the EU funds and state co-funding, own money is not in it
    assert (*EU_SOURCES, STATE_SOURCE) == FRAME_SOURCES
    assert not set(OWN_SOURCES) & set(FRAME_SOURCES)


@given(st.lists(st.tuples(st.sampled_from(SOURCES), st.integers(0, 10**9).map(from_cents)), max_size=12))
def test_definitions__committed_is_eu_plus_state__and_with_own_makes_the_whole(
    lines: list[tuple[str, Decimal]],
) -> None:
    # given any financing lines; when summed by the definitions
    # then committed = EU + state, and committed + own = every line (brute force: a plain sum)
    assert committed_amount(lines) == eu_amount(lines) + state_amount(lines)
    assert committed_amount(lines) + own_amount(lines) == total(a for _s, a in lines)
    assert eu_amount(lines) == total(a for s, a in lines if s in ("ERDF", "ESF+", "JTF"))


@pytest.mark.django_db
def test_dashboard_annual_report_and_open_data__agree_on_committed_eu_and_state() -> None:
    # given an agreement with three funded projects, decided before the report's date, with odd cents,
    # an ESF+ line and own money
    portfolio = build_agreement()
    projects = add_funded_projects(portfolio, 3)
    for project in projects:
        FundingDecision.objects.create(
            project=project, decided_on=dt.date(2025, 3, 1), recorded_by=portfolio.coordinator
        )
    FinancingLine.objects.create(project=projects[0], source="ERDF", amount=D("0.03"))
    FinancingLine.objects.create(project=projects[1], source="ESF+", amount=D("1234.56"))
    FinancingLine.objects.create(project=projects[2], source="OWN", amount=D("99.99"))
    agreement = portfolio.agreement

    # when the dashboard, the annual report's facts and the open-data rows are read
    board = dashboard(agreement)
    with translation.override("fi"):
        facts = load_facts(agreement, dt.date(2025, 12, 31))
    rows = project_rows(open_data_queryset(searched_public_projects().filter(agreement=agreement)))
    open_eu = total(D(r["Project_EU_Budget"] or "0") for r in rows)
    open_committed = total(D(r["EU_and_State_Funding_amount"] or "0") for r in rows)

    # then all three give the same committed money, EU share and state co-funding
    assert len(rows) == len(facts.projects) == len(board.projects) == 3
    assert board.committed == facts.committed == open_committed
    assert board.eu == facts.committed_eu == open_eu
    assert board.state == facts.committed_state == open_committed - open_eu
    # and it is what the plans hold
    in_db = FinancingLine.objects.filter(project__agreement=agreement)
    assert board.committed == total(in_db.filter(source__in=FRAME_SOURCES).values_list("amount", flat=True))


@pytest.mark.django_db
def test_paid__the_query_and_the_rule_agree__paid_on_the_day_counts_unpaid_never() -> None:
    # given claims paid before, on and after the date, and approved ones not yet paid
    portfolio = build_agreement()
    (project,) = add_funded_projects(portfolio, 1)
    as_of = dt.date(2025, 12, 31)
    for month, (paid, on) in enumerate(
        (("100.00", dt.date(2025, 6, 1)), ("200.00", as_of), ("400.00", dt.date(2026, 1, 1)), (None, None)),
        start=1,
    ):
        PaymentClaim.objects.create(
            project=project,
            fund="ERDF",
            period_start=dt.date(2025, month, 1),
            period_end=dt.date(2025, month, 28),
            status="paid" if paid else "approved",
            claimed=D("500.00"),
            approved=D("500.00"),
            paid=D(paid) if paid else None,
            paid_on=on,
            filed_by=portfolio.coordinator,
        )
    claims = PaymentClaim.objects.filter(project=project)
    # when paid money is read in the database and claim by claim
    in_db = sorted(c.paid for c in paid_claims(claims, as_of))
    by_rule = sorted(c.paid for c in claims if is_paid_by(c, as_of))
    # then both count the claims paid on or before the date, and only them
    assert in_db == by_rule == [D("100.00"), D("200.00")]


@pytest.mark.django_db
def test_optimiser_frames_and_dashboard__agree_on_committed_money_of_funded_projects() -> None:
    # given an agreement with two funded projects (ERDF and state money, own money beside; one with odd
    # cents more) and a call of the agreement
    portfolio = build_agreement()
    projects = add_funded_projects(portfolio, 2)
    for project in projects:
        FundingDecision.objects.create(
            project=project, decided_on=dt.date(2025, 3, 1), recorded_by=portfolio.coordinator
        )
    FinancingLine.objects.create(project=projects[0], source="ERDF", amount=D("0.03"))
    call = Call.objects.create(
        agreement=portfolio.agreement,
        title="Kokeilut",
        opens_on=dt.date(2025, 9, 1),
        closes_on=dt.date(2025, 11, 30),
        status=CallStatus.CLOSED,
    )
    Criterion.objects.create(call=call, name="Vaikuttavuus", weight=D("1"), order=0)

    # when the optimiser's problem is built and the dashboard is read
    built = build_problem(call)
    board = dashboard(portfolio.agreement)

    # then the funded projects are fixed in with the dashboard's committed money, EU and state alike
    funded = [c for c in built.problem.candidates if c.id in built.projects]
    assert len(funded) == len(board.projects) == 2
    by_fund: dict[str, int] = {}
    for candidate in funded:
        for year_costs in candidate.costs.values():
            for fund, cents in year_costs.items():
                by_fund[fund] = by_fund.get(fund, 0) + cents
    assert sum(by_fund.values()) == to_cents(board.committed)
    assert by_fund.get(STATE_SOURCE, 0) == to_cents(board.state)
    assert sum(c for f, c in by_fund.items() if f != STATE_SOURCE) == to_cents(board.eu)
