"""Decision support for the portfolio (plain Python, no Django): the best portfolio under the steering
group's rules (exact MILP with HiGHS), explanations, robustness under uncertain weights (Robust Portfolio
Modelling), a greedy baseline, problem files and a seeded generator. See docs/decision-support.md.

Typical use::

    from cores.portfolio import compile_problem, load, solve

    problem = load("problem.yaml")
    model = compile_problem(problem)
    solution = solve(model)
"""

from cores.portfolio.explain import Explanation, explain
from cores.portfolio.greedy import greedy
from cores.portfolio.io import dump, dumps, load, loads, parse
from cores.portfolio.linear import LinearModel, compile_problem
from cores.portfolio.model import (
    Candidate,
    City,
    Criterion,
    Dependency,
    ExclusiveGroup,
    Fund,
    Interval,
    Issue,
    Problem,
    ProblemError,
    Rules,
    ShareRange,
    Theme,
    WeightSet,
    validate,
)
from cores.portfolio.robust import RobustResult, robust
from cores.portfolio.solve import Settings, Solution, Status, solve
from cores.portfolio.summary import Summary, summarise

__all__ = [
    "Candidate",
    "City",
    "Criterion",
    "Dependency",
    "ExclusiveGroup",
    "Explanation",
    "Fund",
    "Interval",
    "Issue",
    "LinearModel",
    "Problem",
    "ProblemError",
    "RobustResult",
    "Rules",
    "Settings",
    "ShareRange",
    "Solution",
    "Status",
    "Summary",
    "Theme",
    "WeightSet",
    "compile_problem",
    "dump",
    "dumps",
    "explain",
    "greedy",
    "load",
    "loads",
    "parse",
    "robust",
    "solve",
    "summarise",
    "validate",
]
