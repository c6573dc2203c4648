from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cores.frames import (
    Commitments,
    CommittedProject,
    FrameError,
    allocate_pro_rata,
    commitments_by_fund_year,
    frame_table,
)
from cores.money import from_cents

D = Decimal


def test_allocate_pro_rata__even_weights__splits_and_reconciles_to_the_cent() -> None:
    # given 100 € over three equal years; when allocated; then the odd cent goes to the first year
    parts = allocate_pro_rata(D("100.00"), {2024: D(1), 2025: D(1), 2026: D(1)})
    # then
    assert parts == {2024: D("33.34"), 2025: D("33.33"), 2026: D("33.33")}
    assert sum(parts.values()) == D("100.00")


def test_allocate_pro_rata__weights_by_costs__follow_the_costs() -> None:
    # given costs of 10 000 € and 30 000 €; when 12 000 € is allocated; then 1:3
    parts = allocate_pro_rata(D("12000.00"), {2025: D("10000"), 2026: D("30000")})
    assert parts == {2025: D("3000.00"), 2026: D("9000.00")}


def test_allocate_pro_rata__zero_weight_year__gets_nothing() -> None:
    parts = allocate_pro_rata(D("10.00"), {2025: D(0), 2026: D(5)})
    assert parts == {2025: D("0.00"), 2026: D("10.00")}


@pytest.mark.parametrize(
    ("amount", "weights", "reason"),
    [(D("-1"), {2025: D(1)}, "negative"), (D(1), {2025: D(-1)}, "negative"), (D(1), {2025: D(0)}, "zero")],
)
def test_allocate_pro_rata__bad_input__says_why(
    amount: Decimal, weights: dict[int, Decimal], reason: str
) -> None:
    with pytest.raises(FrameError, match=reason):
        allocate_pro_rata(amount, weights)


@given(
    st.integers(min_value=0, max_value=10**11),
    st.dictionaries(st.integers(2021, 2029), st.integers(0, 10**9), min_size=1).filter(
        lambda d: any(d.values())
    ),
)
def test_allocate_pro_rata__any_input__parts_sum_to_the_whole_and_stay_within_a_cent(
    cents: int, weights: dict[int, int]
) -> None:
    # given any amount and non-negative weights; when allocated
    amount = from_cents(cents)
    parts = allocate_pro_rata(amount, {y: D(w) for y, w in weights.items()})
    # then the parts add up exactly, and each is within one cent of its exact share
    assert sum(parts.values()) == amount
    whole = sum(weights.values())
    for year, part in parts.items():
        exact = D(cents) * weights[year] / whole / 100
        assert abs(part - exact) < D("0.01")


def test_commitments__two_projects__are_summed_per_fund_and_year() -> None:
    # given two projects with ERDF and state money and yearly costs
    projects = [
        CommittedProject("P1", {"ERDF": D("400.00"), "STATE": D("200.00")}, {2025: D(500), 2026: D(500)}),
        CommittedProject("P2", {"ERDF": D("300.00")}, {2026: D(1000)}),
    ]
    # when committed
    result = commitments_by_fund_year(projects)
    # then ERDF 2026 has P1's half and all of P2
    assert result.get("ERDF", 2025) == D("200.00")
    assert result.get("ERDF", 2026) == D("500.00")
    assert result.get("STATE", 2025) == D("100.00")
    assert result.unallocated == {}


def test_commitments__project_without_yearly_costs__is_unallocated_not_dropped() -> None:
    result = commitments_by_fund_year([CommittedProject("P9", {"ERDF": D("50.00")}, {})])
    assert result.by_fund_year == {}
    assert result.unallocated == {"ERDF": D("50.00")}
    assert result.unallocated_projects == ("P9",)


def test_commitments__negative_money__names_the_project() -> None:
    with pytest.raises(FrameError, match="project P3: ERDF"):
        commitments_by_fund_year([CommittedProject("P3", {"ERDF": D("-5")}, {2025: D(1)})])


def test_frame_table__frames_and_commitments__rows_columns_and_totals_reconcile() -> None:
    # given ERDF and STATE frames for two years, one estimated, and commitments
    frames = {
        ("ERDF", 2025): (D("1000.00"), False),
        ("ERDF", 2026): (D("1000.00"), True),
        ("STATE", 2025): (D("500.00"), False),
    }
    commitments = Commitments({("ERDF", 2025): D("250.00"), ("STATE", 2026): D("100.00")})
    # when tabulated
    table = frame_table(
        years=[2025, 2026], funds=["ERDF", "ESF+", "STATE"], frames=frames, commitments=commitments
    )
    # then rows follow the fund order, skipping ESF+ which has neither frame nor commitment
    assert [row.fund for row in table.rows] == ["ERDF", "STATE"]
    erdf, state = table.rows
    assert erdf.cells[0].used_share == D("0.25")
    assert erdf.cells[1].is_estimate and erdf.total.is_estimate
    assert erdf.total.frame == D("2000.00") and erdf.total.committed == D("250.00")
    # a commitment without a frame has no share and is shown, not lost
    assert state.cells[1].frame is None and state.cells[1].used_share is None
    assert state.cells[1].committed == D("100.00")
    assert table.year_totals[0].frame == D("1500.00") and table.year_totals[0].committed == D("250.00")
    assert table.total.frame == D("2500.00") and table.total.committed == D("350.00")
    assert table.has_estimates
    # only ERDF 2026 is an estimate: neither the ERDF row nor the year totals are estimates throughout
    assert not erdf.all_estimates and not table.all_estimates


def test_frame_table__every_frame_estimated__row_is_all_estimates() -> None:
    frames = {("ERDF", 2025): (D("1.00"), True), ("ERDF", 2026): (D("1.00"), True)}
    table = frame_table(years=[2024, 2025, 2026], funds=["ERDF"], frames=frames, commitments=Commitments())
    # the year without a frame does not count against "all estimates"
    assert table.rows[0].all_estimates and table.all_estimates


def test_frame_table__over_commitment__is_flagged() -> None:
    table = frame_table(
        years=[2025],
        funds=["ERDF"],
        frames={("ERDF", 2025): (D("100.00"), False)},
        commitments=Commitments({("ERDF", 2025): D("100.01")}),
    )
    assert table.rows[0].cells[0].is_over
    assert table.rows[0].cells[0].remaining == D("-0.01")


def test_frame_table__commitment_outside_the_period__is_an_error() -> None:
    with pytest.raises(FrameError, match="2031, outside the period 2021–2027"):
        frame_table(
            years=list(range(2021, 2028)),
            funds=["ERDF"],
            frames={},
            commitments=Commitments({("ERDF", 2031): D("1.00")}),
        )


def test_frame_table__unallocated_money__counts_in_the_fund_total() -> None:
    table = frame_table(
        years=[2025],
        funds=["ERDF"],
        frames={("ERDF", 2025): (D("100.00"), False)},
        commitments=Commitments(unallocated={"ERDF": D("40.00")}, unallocated_projects=("X",)),
    )
    assert table.rows[0].total.committed == D("40.00")
    assert table.unallocated_total == D("40.00")
    assert table.total.committed == D("40.00")
