from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cores.budget import BudgetError, BudgetLineIn, build_budget, eligible_costs

D = Decimal
CATEGORIES = ("personnel", "services", "equipment", "travel", "other")


def test_build_budget__personnel_and_services__indirect_is_a_flat_rate_of_personnel() -> None:
    # given personnel and services in two years and a 15 % flat rate
    lines = [
        BudgetLineIn(2025, "personnel", D("10000.00")),
        BudgetLineIn(2025, "services", D("2000.00")),
        BudgetLineIn(2026, "personnel", D("333.33")),
    ]
    # when built
    budget = build_budget(lines, indirect_rate=D("0.15"), categories=CATEGORIES)
    # then indirect costs are 15 % of personnel, rounded per year, and totals reconcile
    assert budget.years == (2025, 2026)
    assert budget.indirect(2025) == D("1500.00")
    assert budget.indirect(2026) == D("50.00")  # 49.9995 rounds half up
    assert budget.eligible(2025) == D("13500.00")
    assert budget.eligible_total == budget.direct_total + budget.indirect_total == D("13883.33")
    assert budget.category_total("personnel") == D("10333.33")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (BudgetLineIn(2025, "food", D(1)), "budget line 1 \\(2025, food\\): unknown cost category"),
        (BudgetLineIn(2025, "travel", D(-1)), "negative"),
    ],
)
def test_build_budget__bad_line__names_line_and_reason(line: BudgetLineIn, reason: str) -> None:
    with pytest.raises(BudgetError, match=reason):
        build_budget([line], indirect_rate=D("0.15"), categories=CATEGORIES)


def test_build_budget__same_year_and_category_twice__is_rejected() -> None:
    lines = [BudgetLineIn(2025, "travel", D(1)), BudgetLineIn(2025, "travel", D(2))]
    with pytest.raises(BudgetError, match=r"budget line 2 .* twice"):
        build_budget(lines, indirect_rate=D(0), categories=CATEGORIES)


@given(
    st.lists(
        st.tuples(st.integers(2021, 2027), st.sampled_from(CATEGORIES), st.integers(0, 10**10)),
        unique_by=lambda t: (t[0], t[1]),
        max_size=30,
    ),
    st.integers(0, 4000),
)
def test_build_budget__any_lines__rows_and_columns_reconcile(
    lines: list[tuple[int, str, int]], rate_bp: int
) -> None:
    budget = build_budget(
        [BudgetLineIn(y, c, D(cents) / 100) for y, c, cents in lines],
        indirect_rate=D(rate_bp) / 10000,
        categories=CATEGORIES,
    )
    assert sum(budget.category_total(c) for c in CATEGORIES) == budget.direct_total
    assert sum(budget.eligible_by_year().values(), D(0)) == budget.eligible_total


def test_eligible_costs__lines_of_any_category__add_the_yearly_flat_rate() -> None:
    # given personnel in two years (one with a half cent of indirect costs) and other costs
    lines = [
        BudgetLineIn(2024, "personnel", D("333.33")),
        BudgetLineIn(2024, "other", D("100.00")),
        BudgetLineIn(2025, "personnel", D("1000.00")),
    ]
    # when the eligible costs are computed; then each year's indirect costs are rounded on their own
    assert eligible_costs(lines, D("0.15")) == D("333.33") + D("50.00") + D("100.00") + D("1000.00") + D(
        "150.00"
    )
    assert eligible_costs(lines, D("0")) == D("1433.33")
    assert eligible_costs([], D("0.15")) == D("0.00")


def test_eligible_costs__rate_above_one__is_rejected() -> None:
    with pytest.raises(BudgetError, match="between 0 and 1"):
        eligible_costs([BudgetLineIn(2024, "personnel", D(1))], D("1.5"))
