"""cores.availability: merged periods, gaps and quarter counts, against a day-by-day reference."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cores.availability import Period, gaps, merge, quarter_bounds, quarter_counts

D = dt.date
FIRST, LAST = D(2021, 1, 1), D(2021, 12, 31)


def test_gaps__one_period_in_the_middle__leaves_both_ends_uncovered() -> None:
    # given an environment open from March to June; when the gaps of 2021 are asked; then both ends
    assert gaps([Period(D(2021, 3, 1), D(2021, 6, 30))], FIRST, LAST) == [
        Period(D(2021, 1, 1), D(2021, 2, 28)),
        Period(D(2021, 7, 1), D(2021, 12, 31)),
    ]


def test_gaps__open_ended_period__covers_to_the_horizon() -> None:
    assert gaps([Period(D(2021, 2, 1))], FIRST, LAST) == [Period(D(2021, 1, 1), D(2021, 1, 31))]


def test_merge__adjacent_and_overlapping__join_into_one() -> None:
    periods = [Period(D(2021, 1, 1), D(2021, 1, 31)), Period(D(2021, 2, 1), D(2021, 3, 31))]
    periods.append(Period(D(2021, 3, 15), D(2021, 4, 30)))
    assert merge(periods, FIRST, LAST) == [Period(D(2021, 1, 1), D(2021, 4, 30))]


def test_period__ends_before_it_starts__is_refused() -> None:
    with pytest.raises(ValueError, match="ends"):
        Period(D(2021, 5, 1), D(2021, 4, 1))


def test_quarter_counts__an_environment_in_q2__counts_there_and_leaves_gaps_elsewhere() -> None:
    counts = quarter_counts([[Period(D(2021, 4, 1), D(2021, 6, 30))], []], 2021, 2021)
    assert [(c.label, c.count, c.is_gap) for c in counts] == [
        ("2021 Q1", 0, True),
        ("2021 Q2", 1, False),
        ("2021 Q3", 0, True),
        ("2021 Q4", 0, True),
    ]


def test_quarter_bounds__q4__ends_on_new_years_eve() -> None:
    assert quarter_bounds(2024, 4) == (D(2024, 10, 1), D(2024, 12, 31))
    with pytest.raises(ValueError):
        quarter_bounds(2024, 5)


days = st.integers(min_value=0, max_value=400)
periods = st.lists(
    st.tuples(days, st.one_of(st.none(), st.integers(min_value=0, max_value=120))), max_size=6
).map(
    lambda xs: [
        Period(D(2020, 11, 1) + dt.timedelta(s), None if n is None else D(2020, 11, 1) + dt.timedelta(s + n))
        for s, n in xs
    ]
)


def _covered_days(ps: list[Period], first: dt.date, last: dt.date) -> set[dt.date]:
    out = set()
    day = first
    while day <= last:
        if any(p.start <= day and (p.end is None or day <= p.end) for p in ps):
            out.add(day)
        day += dt.timedelta(1)
    return out


@given(periods)
def test_gaps__any_periods__are_exactly_the_uncovered_days(ps: list[Period]) -> None:
    # given any periods; when the gaps of 2021 are computed; then they are the days no period covers
    covered = _covered_days(ps, FIRST, LAST)
    gap_days = set().union(*(_covered_days([g], g.start, g.end or LAST) for g in gaps(ps, FIRST, LAST)))
    assert gap_days == _covered_days([Period(FIRST, LAST)], FIRST, LAST) - covered
    found = gaps(ps, FIRST, LAST)
    assert all(a.end is not None and a.end + dt.timedelta(1) < b.start for a, b in itertools.pairwise(found))


@given(st.lists(periods, max_size=4))
def test_quarter_counts__any_environments__match_the_day_by_day_count(envs: list[list[Period]]) -> None:
    for c in quarter_counts(envs, 2021, 2021):
        start, end = quarter_bounds(c.year, c.quarter)
        assert c.count == sum(1 for ps in envs if _covered_days(ps, start, end))
        assert c.covered_days == len(_covered_days([p for ps in envs for p in ps], start, end))
