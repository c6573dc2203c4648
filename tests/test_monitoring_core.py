"""The monitoring core (cores.monitoring): plain Python, no database.

Worked examples use hand-computed numbers; the properties check what must hold for any input.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cores.monitoring import (
    CPR_2021_2027,
    DEFAULT_RULES,
    DecommitmentRule,
    IndicatorProgress,
    IndicatorTarget,
    MonitoringError,
    ProjectFacts,
    ProjectSpending,
    RatioBand,
    ReportDue,
    RiskState,
    ShareStatus,
    Status,
    StatusRules,
    TargetStatus,
    YearForecast,
    assess,
    at_risk,
    follow,
    follow_share,
    forecast,
    percentiles,
    planned_through,
    portfolio,
    reallocatable,
)

D = Decimal

# ---------------------------------------------------------------------------------------------- planned_through


def test_planned_through__whole_years__pro_rata_by_days_including_the_leap_day() -> None:
    # given 36 600 € in 2024 (366 days) and 36 500 € in 2025, i.e. 100 € a day
    plan = {2024: D("36600"), 2025: D("36500")}
    start, end = date(2024, 1, 1), date(2025, 12, 31)
    # when / then: 10 days; the whole of 2024 and 31 days of 2025
    assert planned_through(plan, start, end, date(2024, 1, 10)) == D("1000.00")
    assert planned_through(plan, start, end, date(2025, 1, 31)) == D("39700.00")


def test_planned_through__partial_years__spread_over_the_project_days_in_the_year_only() -> None:
    # given a project from 1.7.2024 (184 days in 2024) to 30.6.2025 (181 days in 2025)
    plan = {2024: D("18400"), 2025: D("18100")}
    start, end = date(2024, 7, 1), date(2025, 6, 30)
    # when / then: 10 of 184 days; 2024 in full and 10 of 181 days of 2025
    assert planned_through(plan, start, end, date(2024, 7, 10)) == D("1000.00")
    assert planned_through(plan, start, end, date(2025, 1, 10)) == D("19400.00")


def test_planned_through__before_start_and_after_end__nothing_and_everything() -> None:
    plan = {2024: D("18400"), 2025: D("18100")}
    start, end = date(2024, 7, 1), date(2025, 6, 30)
    assert planned_through(plan, start, end, date(2024, 6, 30)) == D("0.00")
    assert planned_through(plan, start, end, end) == D("36500.00")
    assert planned_through(plan, start, end, date(2030, 1, 1)) == D("36500.00")


def test_planned_through__half_a_cent__rounds_half_up() -> None:
    # given one cent over a two-day project; when through the first day (0.005 €); then 0.01 (not 0.00)
    plan = {2025: D("0.01")}
    assert planned_through(plan, date(2025, 1, 1), date(2025, 1, 2), date(2025, 1, 1)) == D("0.01")
    # and 100 € over 365 days is 0.27 € after one day
    assert planned_through({2025: D(100)}, date(2025, 1, 1), date(2025, 12, 31), date(2025, 1, 1)) == D(
        "0.27"
    )


def test_planned_through__end_before_start__is_an_error() -> None:
    with pytest.raises(MonitoringError, match="before it starts"):
        planned_through({2025: D(1)}, date(2025, 2, 1), date(2025, 1, 1), date(2025, 1, 15))


@st.composite
def plans(draw: st.DrawFn) -> tuple[dict[int, Decimal], date, date]:
    start = date(2022, 1, 1) + timedelta(days=draw(st.integers(0, 1500)))
    end = start + timedelta(days=draw(st.integers(0, 1500)))
    years = range(start.year - draw(st.integers(0, 1)), end.year + draw(st.integers(0, 1)) + 1)
    plan = {year: D(draw(st.integers(0, 10**9))) / 100 for year in years}
    return plan, start, end


@given(plans(), st.integers(-100, 3500), st.integers(0, 400))
def test_planned_through__any_plan__never_decreases_and_reaches_the_whole_plan_at_the_end(
    drawn: tuple[dict[int, Decimal], date, date], offset: int, step: int
) -> None:
    # given any plan and two days, the second not earlier
    plan, start, end = drawn
    first = start + timedelta(days=offset)
    second = first + timedelta(days=step)
    # when
    a, b = planned_through(plan, start, end, first), planned_through(plan, start, end, second)
    # then
    assert D(0) <= a <= b <= sum(plan.values())
    assert planned_through(plan, start, end, end) == sum(plan.values())
    assert planned_through(plan, start, end, start - timedelta(days=1)) == 0
    assert a == a.quantize(D("0.01"))


# ---------------------------------------------------------------------------------------------- status

# A 100-day project: 1.1.–10.4.2025, 10 000 € planned, 100 € a day; 19.2. is day 50 (half-way).
START, END = date(2025, 1, 1), date(2025, 4, 10)
HALF_WAY = date(2025, 2, 19)
PLAN = {2025: D("10000")}


def facts(**changes: object) -> ProjectFacts:
    base: dict[str, object] = {"start": START, "end": END, "planned_by_year": PLAN}
    base.update(changes)
    return ProjectFacts(**base)


def test_assess__before_start_with_nothing_due__not_started() -> None:
    result = assess(facts(reports=[ReportDue(1, date(2025, 3, 1))]), DEFAULT_RULES, date(2024, 12, 1))
    assert result.status == Status.NOT_STARTED
    assert result.reasons == ()
    assert result.planned_to_date == D("0.00")
    assert result.spending_ratio is None


def test_assess__spending_on_plan__on_track_with_the_ratio() -> None:
    # given 4 000 € spent of 5 000 € planned by day 50 (20 % behind, within the 25 % allowed)
    result = assess(facts(spent_through=HALF_WAY, spent=D("4000")), DEFAULT_RULES, date(2025, 3, 1))
    # then
    assert result.status == Status.ON_TRACK
    assert result.planned_to_date == D("5000.00")
    assert result.spending_ratio == D("0.8000")
    assert result.through == HALF_WAY


def test_assess__spending_exactly_a_quarter_behind__is_not_yet_behind() -> None:
    result = assess(facts(spent_through=HALF_WAY, spent=D("3750")), DEFAULT_RULES, date(2025, 3, 1))
    assert result.status == Status.ON_TRACK


def test_assess__spending_more_than_a_quarter_behind__at_risk_with_the_numbers() -> None:
    # given 3 700 € spent of 5 000 € planned: 26 % behind
    result = assess(facts(spent_through=HALF_WAY, spent=D("3700")), DEFAULT_RULES, date(2025, 3, 1))
    # then
    assert result.status == Status.AT_RISK
    (reason,) = result.reasons
    assert reason.code == "spending_behind"
    assert reason.params == {
        "planned": D("5000.00"),
        "spent": D("3700"),
        "share_behind": D("0.2600"),
        "through": HALF_WAY,
    }


def test_assess__nothing_spent_in_a_reported_period__no_spending_reported_instead_of_behind() -> None:
    result = assess(facts(spent_through=HALF_WAY, spent=D(0)), DEFAULT_RULES, date(2025, 3, 1))
    assert result.status == Status.AT_RISK
    assert [(r.code, r.params) for r in result.reasons] == [
        ("no_spending_reported", {"planned": D("5000.00"), "through": HALF_WAY})
    ]


def test_assess__report_submitted_without_spending__no_spending_reported() -> None:
    # given the first report was due 19.2. and submitted, but no spending is recorded
    report = ReportDue(1, HALF_WAY, submitted_on=HALF_WAY)
    result = assess(facts(reports=[report]), DEFAULT_RULES, date(2025, 3, 1))
    assert result.codes == ("no_spending_reported",)
    assert result.reasons[0].params["through"] == HALF_WAY


def test_assess__report_overdue__late_counting_the_days_and_honouring_the_grace() -> None:
    report = ReportDue(2, date(2025, 3, 1))
    # on the due date and within the grace days it is not late
    assert assess(facts(reports=[report]), DEFAULT_RULES, date(2025, 3, 1)).status == Status.ON_TRACK
    grace = StatusRules(late_after_days=14)
    assert assess(facts(reports=[report]), grace, date(2025, 3, 15)).status == Status.ON_TRACK
    # the day after the grace it is
    result = assess(facts(reports=[report]), grace, date(2025, 3, 16))
    assert result.status == Status.LATE
    assert result.reasons[0].params == {"number": 2, "due_on": date(2025, 3, 1), "days_late": 15}


def test_assess__submitted_report__is_never_late() -> None:
    report = ReportDue(1, date(2025, 2, 1), submitted_on=date(2025, 2, 20))
    result = assess(facts(reports=[report], spent_through=HALF_WAY, spent=D("5000")), DEFAULT_RULES, HALF_WAY)
    assert result.status == Status.ON_TRACK


def test_assess__indicators_before_half_way__not_judged() -> None:
    indicator = IndicatorProgress("RCO01", "Yritykset", D(10), D(0))
    day_49 = HALF_WAY - timedelta(days=1)
    result = assess(
        facts(spent_through=day_49, spent=D("4900"), indicators=[indicator]), DEFAULT_RULES, HALF_WAY
    )
    assert result.status == Status.ON_TRACK


def test_assess__indicator_below_half_of_its_pro_rata_value__lagging() -> None:
    # given half-way, target 10 so 5 expected, lagging below 2.5: 2 lags, 3 does not, nothing reported lags
    indicators = [
        IndicatorProgress("A", "Two", D(10), D(2)),
        IndicatorProgress("B", "Three", D(10), D(3)),
        IndicatorProgress("C", "None", D(10), None),
    ]
    # when
    result = assess(
        facts(spent_through=HALF_WAY, spent=D("5000"), indicators=indicators), DEFAULT_RULES, HALF_WAY
    )
    # then
    assert result.status == Status.AT_RISK
    assert [r.params["code"] for r in result.reasons] == ["A", "C"]
    assert result.reasons[0].params == {
        "code": "A",
        "name": "Two",
        "target": D(10),
        "actual": D(2),
        "expected": D("5.00"),
        "elapsed": D("0.5000"),
    }


def test_assess__every_rule_that_fires__is_a_reason_and_late_wins() -> None:
    # given a late report, spending 26 % behind, a lagging indicator and two high risks
    result = assess(
        facts(
            spent_through=HALF_WAY,
            spent=D("3700"),
            reports=[ReportDue(3, date(2025, 2, 28))],
            indicators=[IndicatorProgress("A", "Two", D(10), D(2))],
            high_risks=2,
        ),
        DEFAULT_RULES,
        date(2025, 3, 12),
    )
    # then all four reasons, and the status is LATE
    assert result.status == Status.LATE
    assert result.codes == ("report_late", "spending_behind", "indicator_lagging", "high_risks")
    assert result.reasons[0].params["days_late"] == 12
    assert result.reasons[-1].params == {"count": 2}


def test_assess__high_risks_rule_switched_off__does_not_fire() -> None:
    rules = StatusRules(high_risks_at_risk=False)
    assert assess(facts(high_risks=1), rules, date(2025, 1, 15)).status == Status.ON_TRACK
    assert assess(facts(high_risks=1), DEFAULT_RULES, date(2025, 1, 15)).status == Status.AT_RISK


def test_assess__after_the_end_with_nothing_wrong__ended() -> None:
    report = ReportDue(9, date(2025, 5, 31), submitted_on=date(2025, 5, 20))
    result = assess(
        facts(spent_through=END, spent=D("9800"), reports=[report]), DEFAULT_RULES, date(2025, 6, 15)
    )
    assert result.status == Status.ENDED
    assert result.spending_ratio == D("0.9800")


def test_assess__after_the_end_with_the_final_report_overdue__late() -> None:
    report = ReportDue(9, date(2025, 5, 31))
    result = assess(
        facts(spent_through=END, spent=D("9800"), reports=[report]), DEFAULT_RULES, date(2025, 6, 15)
    )
    assert result.status == Status.LATE


# ---------------------------------------------------------------------------------------------- forecast

# A 100-day project over New Year: 22.11.2025–1.3.2026, 100 € a day (4 000 € in 2025, 6 000 € in 2026).
F_START, F_END = date(2025, 11, 22), date(2026, 3, 1)
F_PLAN = {2025: D("4000"), 2026: D("6000")}
DAY_20 = date(2025, 12, 11)  # day 20 of 100: w = 0.2, 2 000 € planned


def test_forecast__run_rate_half__blends_with_the_plan_by_elapsed_share() -> None:
    # given 1 000 € spent of 2 000 € planned by day 20: r = 0.5, w = 0.2, b = 0.2·0.5 + 0.8 = 0.9
    project = ProjectSpending(F_START, F_END, F_PLAN, D("10000"), {2025: D("1000")}, DAY_20)
    # when
    result = forecast(project)
    # then 2025: 1 000 + 2 000·0.9 = 2 800; 2026: 6 000·0.9 = 5 400
    assert (result.ratio, result.weight, result.blended) == (D("0.5000"), D("0.2000"), D("0.9000"))
    assert result.by_year == {
        2025: YearForecast(D("2800.00"), D("2800.00"), D("2800.00")),
        2026: YearForecast(D("5400.00"), D("5400.00"), D("5400.00")),
    }
    assert result.total_point == D("8200.00")
    assert result.underspend_point == D("1800.00")
    assert result.band_source == "none"


def test_forecast__period_ratios__give_the_band() -> None:
    # given periods at 0.25 and 0.75: b_low = 0.2·0.25 + 0.8 = 0.85, b_high = 0.2·0.75 + 0.8 = 0.95
    project = ProjectSpending(
        F_START, F_END, F_PLAN, D("10000"), {2025: D("1000")}, DAY_20, period_ratios=[D("0.25"), D("0.75")]
    )
    # when
    result = forecast(project)
    # then 2025: 1 000 + 2 000·b; 2026: 6 000·b
    assert result.by_year[2025] == YearForecast(D("2700.00"), D("2800.00"), D("2900.00"))
    assert result.by_year[2026] == YearForecast(D("5100.00"), D("5400.00"), D("5700.00"))
    assert (result.total_low, result.total_point, result.total_high) == (
        D("7800.00"),
        D("8200.00"),
        D("8600.00"),
    )
    assert result.band_source == "periods"


def test_forecast__one_period__uses_the_portfolio_band_widened_to_contain_the_run_rate() -> None:
    # given one period only, and a portfolio band 0.6–1.1 that does not reach r = 0.5
    project = ProjectSpending(
        F_START, F_END, F_PLAN, D("10000"), {2025: D("1000")}, DAY_20, period_ratios=[D("0.5")]
    )
    # when
    result = forecast(project, RatioBand(D("0.6"), D("1.1")))
    # then low = 0.5 (b 0.9), high = 1.1 (b = 0.22 + 0.8 = 1.02): 2026 high 6 120
    assert (result.ratio_low, result.ratio_high, result.band_source) == (
        D("0.5000"),
        D("1.1000"),
        "portfolio",
    )
    assert result.by_year[2026] == YearForecast(D("5400.00"), D("5400.00"), D("6120.00"))


def test_forecast__fast_spender__is_capped_at_the_approved_costs() -> None:
    # given 4 000 € spent of 2 000 €: r = 2, b = 1.2, 8 000 € left × 1.2 = 9 600 € but only 6 000 € approved left
    project = ProjectSpending(F_START, F_END, F_PLAN, D("10000"), {2025: D("4000")}, DAY_20)
    # when
    result = forecast(project)
    # then the remaining plan is scaled to 6 000 / 8 000 = 0.75
    assert result.by_year[2025].point == D("5500.00")
    assert result.by_year[2026].point == D("4500.00")
    assert result.total_point == D("10000.00")
    assert result.underspend_point == D("0.00")


def test_forecast__earlier_years__are_the_actuals_without_a_band() -> None:
    # given a 2024–2025 project reported through 31.3.2025, 2024 spent 20 000 € of 36 600 € planned
    project = ProjectSpending(
        date(2024, 1, 1),
        date(2025, 12, 31),
        {2024: D("36600"), 2025: D("36500")},
        D("80000"),
        {2024: D("20000"), 2025: D("5000")},
        date(2025, 3, 31),
        period_ratios=[D("0.3"), D("1.2")],
    )
    # when
    result = forecast(project)
    # then
    assert result.by_year[2024] == YearForecast(D("20000.00"), D("20000.00"), D("20000.00"))
    assert result.by_year[2025].low < result.by_year[2025].point < result.by_year[2025].high


def test_forecast__nothing_reported__is_the_plan() -> None:
    project = ProjectSpending(F_START, F_END, F_PLAN, D("10000"))
    result = forecast(project, RatioBand(D("0.5"), D("1.5")))
    assert result.total_low == result.total_point == result.total_high == D("10000.00")
    assert (result.ratio, result.weight) == (D("1.0000"), D("0.0000"))


def test_forecast__costs_without_a_reporting_day__is_an_error() -> None:
    with pytest.raises(MonitoringError, match="reported"):
        forecast(ProjectSpending(F_START, F_END, F_PLAN, D("10000"), {2025: D("1")}))


def test_portfolio_and_reallocatable__sum_the_projects_and_separate_the_definite_money() -> None:
    # given a running project (point 8 200 of 10 000) and one that ended 1.3.2026 and reported 8 000 of 10 000
    running = forecast(
        ProjectSpending(F_START, F_END, F_PLAN, D("10000"), {2025: D("1000")}, DAY_20, [D("0.25"), D("0.75")])
    )
    ended = forecast(
        ProjectSpending(F_START, F_END, F_PLAN, D("10000"), {2025: D("3000"), 2026: D("5000")}, F_END)
    )
    # when
    total = portfolio([running, ended])
    money = reallocatable([running, ended], today=date(2026, 4, 1))
    # then the band is the sum of the lows and the highs
    assert total.by_year[2026] == YearForecast(D("10100.00"), D("10400.00"), D("10700.00"))
    assert (total.total_low, total.total_point, total.total_high) == (
        D("15800.00"),
        D("16200.00"),
        D("16600.00"),
    )
    assert total.underspend_point == D("3800.00")
    # and the definite part is only the ended project's 2 000 €
    assert (money.forecast, money.definite, money.definite_projects) == (D("3800.00"), D("2000.00"), 1)
    # before it ended nothing is definite yet
    assert reallocatable([running, ended], today=date(2026, 3, 1)).definite == D("0.00")


def test_percentiles__linear_between_ranks() -> None:
    values = [D(v) for v in range(10, 0, -1)]
    assert percentiles(values, (10, 50, 90)) == (D("1.9000"), D("5.5000"), D("9.1000"))
    assert percentiles([D("0.7")], (10, 90)) == (D("0.7000"), D("0.7000"))
    with pytest.raises(MonitoringError):
        percentiles([], (10,))


@st.composite
def spending(draw: st.DrawFn) -> tuple[ProjectSpending, RatioBand | None]:
    plan, start, end = draw(plans())
    through = draw(st.none() | st.integers(0, (end - start).days).map(lambda d: start + timedelta(days=d)))
    spent: dict[int, Decimal] = {}
    if through is not None:
        for year in range(start.year, through.year + 1):
            spent[year] = D(draw(st.integers(0, 10**9))) / 100
    approved = D(draw(st.integers(0, 3 * 10**9))) / 100
    ratio = st.integers(0, 300).map(lambda n: D(n) / 100)
    ratios = draw(st.lists(ratio, max_size=5))
    band = draw(st.none() | st.tuples(ratio, ratio).map(lambda t: RatioBand(min(t), max(t))))
    return ProjectSpending(start, end, plan, approved, spent, through, ratios), band


@given(spending())
def test_forecast__any_project__band_in_order_totals_add_up_and_the_cap_holds(
    drawn: tuple[ProjectSpending, RatioBand | None],
) -> None:
    # given any project; when forecast
    project, band = drawn
    result = forecast(project, band)
    # then every year and the total are in order, to the cent, and the years add up to the totals
    for year in result.by_year.values():
        assert year.low <= year.point <= year.high
        assert all(v == v.quantize(D("0.01")) for v in (year.low, year.point, year.high))
    assert result.total_low <= result.total_point <= result.total_high
    assert result.total_point == sum(y.point for y in result.by_year.values())
    assert result.total_low == sum(y.low for y in result.by_year.values())
    assert result.total_high == sum(y.high for y in result.by_year.values())
    # and no more than approved is forecast, unless more has already been reported
    spent = sum(project.spent_by_year.values(), D(0))
    assert result.total_high <= max(project.approved_total, spent)
    # and years before the reporting year are the actuals
    if project.spent_through is not None:
        for y, amount in project.spent_by_year.items():
            if y < project.spent_through.year:
                assert result.by_year[y] == YearForecast(amount, amount, amount)


@given(st.lists(spending(), min_size=1, max_size=4))
def test_portfolio__any_projects__is_the_sum_of_the_projects(
    drawn: list[tuple[ProjectSpending, RatioBand | None]],
) -> None:
    forecasts = [forecast(project, band) for project, band in drawn]
    total = portfolio(forecasts)
    assert total.total_point == sum(f.total_point for f in forecasts)
    assert total.total_low == sum(f.total_low for f in forecasts)
    assert total.total_high == sum(f.total_high for f in forecasts)
    assert total.total_low <= total.total_point <= total.total_high


# ---------------------------------------------------------------------------------------------- decommitment

COMMITMENTS = {2021: D("100"), 2022: D("100"), 2023: D("100")}
PAYMENTS = [
    (date(2023, 6, 30), D("60")),
    (date(2024, 12, 31), D("30")),  # on the 2021 deadline: counts
    (date(2025, 3, 1), D("50")),
    (date(2025, 12, 31), D("40")),
    (date(2026, 3, 1), D("30")),
]


def test_at_risk__worked_example__payments_cover_the_oldest_commitments_first() -> None:
    # given 100 € committed in each of 2021–2023 (N+3), payments as above, 90 € expected in 2026, today 30.6.2026
    result = at_risk(COMMITMENTS, PAYMENTS, {2026: D("90")}, date(2026, 6, 30), DecommitmentRule())
    y2021, y2022, y2023 = result
    # then 2021 (deadline 31.12.2024): 60 + 30 = 90 paid of 100: 10 € decommitted
    assert (y2021.deadline, y2021.paid, y2021.shortfall, y2021.state) == (
        date(2024, 12, 31),
        D("90"),
        D("10"),
        RiskState.DECOMMITTED,
    )
    # 2022 (31.12.2025): 180 paid; 90 of it covered 2021's remaining 90, 90 covers 2022: 200 − 10 − 180 = 10
    assert (y2022.cumulative_commitment, y2022.decommitted_before, y2022.paid) == (
        D("200"),
        D("10"),
        D("180"),
    )
    assert (y2022.shortfall, y2022.state) == (D("10"), RiskState.DECOMMITTED)
    # 2023 (31.12.2026, ahead): 210 paid + 90 − 30 already paid this year = 60 expected; 300 − 20 − 270 = 10
    assert (y2023.paid, y2023.forecast, y2023.covered) == (D("210"), D("60"), D("270"))
    assert (y2023.shortfall, y2023.state) == (D("10"), RiskState.AT_RISK)


def test_at_risk__enough_forecast__covered() -> None:
    result = at_risk(COMMITMENTS, PAYMENTS, {2026: D("120")}, date(2026, 6, 30), DecommitmentRule())
    assert result[2].state == RiskState.COVERED
    assert result[2].shortfall == D("0.00")


def test_at_risk__payments_after_today__are_not_yet_made() -> None:
    result = at_risk(
        {2021: D("100")}, [(date(2024, 6, 1), D("100"))], {}, date(2024, 5, 1), DecommitmentRule()
    )
    assert (result[0].paid, result[0].state) == (D("0.00"), RiskState.AT_RISK)


def test_at_risk__no_payments__each_year_is_decommitted_once() -> None:
    result = at_risk({2021: D("100"), 2022: D("100")}, [], {}, date(2030, 1, 1), DecommitmentRule())
    assert [r.shortfall for r in result] == [D("100"), D("100")]


def test_at_risk__on_the_deadline_day__the_rest_of_the_year_still_counts() -> None:
    # given 100 € of 2021 and 60 € paid; 31.12.2024 is the deadline day itself, 40 € more expected in 2024
    result = at_risk(
        {2021: D("100")},
        [(date(2024, 5, 1), D("60"))],
        {2024: D("100")},
        date(2024, 12, 31),
        DecommitmentRule(),
    )
    # then not yet decommitted: 60 paid + (100 − 60) still to come this year covers it
    assert (result[0].forecast, result[0].state) == (D("40"), RiskState.COVERED)
    # and the day after, the forecast no longer counts
    late = at_risk(
        {2021: D("100")},
        [(date(2024, 5, 1), D("60"))],
        {2024: D("100")},
        date(2025, 1, 1),
        DecommitmentRule(),
    )
    assert (late[0].shortfall, late[0].state) == (D("40"), RiskState.DECOMMITTED)


def test_cpr_rule__n_plus_3_through_2026_and_2027_at_closure() -> None:
    assert CPR_2021_2027.deadline(2021) == date(2024, 12, 31)
    assert CPR_2021_2027.deadline(2026) == date(2029, 12, 31)
    assert CPR_2021_2027.deadline(2027) == date(2029, 12, 31)


@given(
    st.dictionaries(st.integers(2021, 2027), st.integers(0, 10**6), min_size=1),
    st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 10**6)), max_size=8),
    st.dictionaries(st.integers(2021, 2031), st.integers(0, 10**6)),
    st.integers(0, 4000),
)
def test_at_risk__any_input__shortfalls_never_negative_nor_more_than_committed(
    commitments: dict[int, int], payments: list[tuple[int, int]], expected: dict[int, int], today: int
) -> None:
    # given any commitments, payments and forecast
    origin = date(2021, 1, 1)
    result = at_risk(
        {y: D(v) for y, v in commitments.items()},
        [(origin + timedelta(days=d), D(v)) for d, v in payments],
        {y: D(v) for y, v in expected.items()},
        origin + timedelta(days=today),
        CPR_2021_2027,
    )
    # then
    for year in result:
        assert D(0) <= year.shortfall <= year.commitment
        assert (year.state == RiskState.COVERED) == (year.shortfall == 0)
    assert sum(r.shortfall for r in result) <= sum(commitments.values())


# ---------------------------------------------------------------------------------------------- targets

TARGET = IndicatorTarget(target=D(100), target_year=2027, start_year=2023)


def test_follow__trend_reaching_80_percent__behind() -> None:
    # given 20 at the end of 2024 and 40 at the end of 2025: 20 per 365 days
    observations = [(date(2024, 12, 31), D(20)), (date(2025, 12, 31), D(40))]
    # when
    result = follow(TARGET, observations, date(2026, 1, 15))
    # then 730 days more to 31.12.2027: 40 + 40 = 80, i.e. 80 % of the target
    assert result.projected_at_target == D("80.00")
    assert result.trend_per_year == D("20.01")  # 20 per 365 days is 20.01 per 365.25 days
    assert result.share_of_target == D("0.4000")
    assert result.status == TargetStatus.BEHIND
    # and with a stricter limit of 85 % it is off track
    assert (
        follow(TARGET, observations, date(2026, 1, 15), behind_share=D("0.85")).status
        == TargetStatus.OFF_TRACK
    )


def test_follow__steeper_trend__on_track_and_reached__achieved() -> None:
    on_track = follow(TARGET, [(date(2024, 12, 31), D(30)), (date(2025, 12, 31), D(60))], date(2026, 1, 1))
    assert (on_track.projected_at_target, on_track.status) == (D("120.00"), TargetStatus.ON_TRACK)
    achieved = follow(TARGET, [(date(2025, 6, 30), D(100))], date(2026, 1, 1))
    assert achieved.status == TargetStatus.ACHIEVED


def test_follow__least_squares__through_three_points() -> None:
    # given 10, 20, 60 a year apart (365 days): slope = Sxy / Sxx = 18 250 / 266 450 = 25 per 365 days
    observations = [(date(2025, 1, 1), D(10)), (date(2026, 1, 1), D(20)), (date(2027, 1, 1), D(60))]
    # when
    result = follow(TARGET, observations, date(2027, 2, 1))
    # then 60 + 25·364/365 = 84.93 by 31.12.2027
    assert result.trend_per_year == D("25.02")
    assert result.projected_at_target == D("84.93")
    assert result.status == TargetStatus.BEHIND


def test_follow__single_observation__projects_the_line_from_the_baseline() -> None:
    # given 40 on 31.12.2024, 730 days after 1.1.2023; 1 095 days more to 31.12.2027
    result = follow(TARGET, [(date(2024, 12, 31), D(40))], date(2025, 1, 1))
    # then 40 + 40·1095/730 = 100: on track; no trend from one observation
    assert result.projected_at_target == D("100.00")
    assert result.trend_per_year is None
    assert result.status == TargetStatus.ON_TRACK


def test_follow__two_observations_on_one_day__no_trend_but_the_baseline_line() -> None:
    # given two values on the same day (the last one given is the actual)
    result = follow(TARGET, [(date(2024, 12, 31), D(30)), (date(2024, 12, 31), D(40))], date(2025, 1, 1))
    # then as with one observation of 40
    assert (result.actual, result.trend_per_year, result.projected_at_target) == (D(40), None, D("100.00"))


def test_follow__no_observations_yet__no_data() -> None:
    # given an observation dated after today
    result = follow(TARGET, [(date(2026, 1, 1), D(50))], date(2025, 1, 1))
    assert result.status == TargetStatus.NO_DATA
    assert result.actual is None


def test_follow__decreasing_target__measured_from_the_baseline() -> None:
    # given emissions from 100 down to 50: 75 reached is half-way, a straight line reaches 50 in time
    target = IndicatorTarget(target=D(50), target_year=2026, start_year=2025, baseline=D(100))
    result = follow(target, [(date(2025, 12, 31), D(75))], date(2026, 1, 1))
    assert result.share_of_target == D("0.5000")
    assert result.status == TargetStatus.ON_TRACK


def test_follow_share__below_above_within_and_without_a_range() -> None:
    below = follow_share(D("0.35"), D("0.40"), D("0.60"))
    assert (below.status, below.gap) == (ShareStatus.BELOW, D("0.05"))
    above = follow_share(D("0.35"), None, D("0.30"))
    assert (above.status, above.gap) == (ShareStatus.ABOVE, D("0.05"))
    within = follow_share(D("0.35"), D("0.30"), D("0.40"))
    assert (within.status, within.gap) == (ShareStatus.WITHIN, D(0))
    assert follow_share(D("0.35"), None, None).status == ShareStatus.NO_RANGE
