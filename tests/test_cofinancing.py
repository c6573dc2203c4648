from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from cores.cofinancing import Rule, check_plan
from cores.money import from_cents

RULE = Rule(fund_max_share={"ERDF": Decimal("0.40"), "ESF+": Decimal("0.40"), "STATE": Decimal("1")})


def codes(problems):
    return {p.code for p in problems}


def test_check_plan__60_40_split__is_valid() -> None:
    # given 100 000 € of costs financed 40 % ERDF, 20 % state, 40 % own
    financing = {"ERDF": Decimal("40000"), "STATE": Decimal("20000"), "OWN": Decimal("40000")}
    # when checked; then nothing is wrong
    assert (
        check_plan(
            eligible_costs=Decimal("100000"), financing=financing, rule=RULE, eligible_funds=["ERDF", "STATE"]
        )
        == []
    )


def test_check_plan__own_financing_36_percent__is_rejected_with_what_to_fix() -> None:
    # given own financing of 36 %
    financing = {"ERDF": Decimal("40000"), "STATE": Decimal("24000"), "OWN": Decimal("36000")}
    # when checked
    problems = check_plan(eligible_costs=Decimal("100000"), financing=financing, rule=RULE)
    # then both the public share and the own share are named, with the amount needed
    assert codes(problems) == {"public_share_too_high", "own_share_too_low"}
    own = next(p for p in problems if p.code == "own_share_too_low")
    assert "36,0" in own.message and "40,0" in own.message and "40\u202f000,00" in own.message


def test_check_plan__esf_on_theme_without_esf__is_rejected() -> None:
    financing = {"ESF+": Decimal("40000"), "STATE": Decimal("20000"), "CITY": Decimal("40000")}
    problems = check_plan(
        eligible_costs=Decimal("100000"),
        financing=financing,
        rule=RULE,
        eligible_funds=["ERDF", "STATE"],
        theme_label="T1",
    )
    assert codes(problems) == {"fund_not_eligible"}
    assert "T1" in problems[0].message


def test_check_plan__not_balanced__names_the_difference() -> None:
    financing = {"ERDF": Decimal("40000"), "OWN": Decimal("59999.99")}
    problems = check_plan(eligible_costs=Decimal("100000"), financing=financing, rule=RULE)
    assert codes(problems) == {"not_balanced"}
    assert "short by 0,01" in problems[0].message


def test_check_plan__erdf_over_its_cap__is_rejected() -> None:
    financing = {"ERDF": Decimal("50000"), "STATE": Decimal("10000"), "OWN": Decimal("40000")}
    assert codes(check_plan(eligible_costs=Decimal("100000"), financing=financing, rule=RULE)) == {
        "fund_share_too_high"
    }


@given(
    costs=st.integers(min_value=1, max_value=10**10),
    public_pct=st.integers(min_value=0, max_value=100),
)
def test_check_plan__any_split__accepts_exactly_the_rule(costs: int, public_pct: int) -> None:
    # given costs in cents and any public share, with the public money split state-only (no fund cap)
    eligible = from_cents(costs)
    public = from_cents(costs * public_pct // 100)
    own = eligible - public
    problems = check_plan(eligible_costs=eligible, financing={"STATE": public, "OWN": own}, rule=RULE)
    # then it is valid exactly when public <= 60 % and own >= 40 % of costs (exact Decimal comparisons)
    expected_ok = public <= eligible * Decimal("0.6") and own >= eligible * Decimal("0.4")
    assert (problems == []) == expected_ok
