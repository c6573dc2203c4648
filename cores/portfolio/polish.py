"""Local search on a feasible portfolio: drop one option, refill with the best that still fits.

Used to improve a portfolio before and while HiGHS searches (``cores.portfolio.solve``): the greedy
start, and every improving portfolio HiGHS reports, handed back to it when the search finds a better one.
It never decides optimality; it only offers feasible portfolios, each checked against every row in exact
integer arithmetic before it is returned.

Moves, repeated until none improves or the deadline passes:

* **fill**: add the most valuable option (of a candidate not yet in) that fits every row, again and again;
* **drop and refill**: take one chosen option out (weakest first) and fill from there (its own candidate
  may come back with another start year, never with the same option); kept when the value rises.

Rows are ``sum_j a_j x_j <= b`` with integers (``cores.portfolio.linear``). An option can only break a
row whose slack is below the row's largest coefficient, so each fill checks only those "tight" rows.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from cores.portfolio.linear import LinearModel, Row

IntArray = npt.NDArray[np.int64]
LIMIT = 2**62  # every left-hand side must stay below this in int64
# The matrix is dense: built only up to this many entries (n = 1,000 generated: 1.2 million, built in
# about 0.5 s; n = 3,000: 9.7 million and 5 s of a loaded machine, too much of a 60 s limit).
MAX_ENTRIES = 2_000_000


class Polisher:
    """The rows as a dense option x row matrix of int64. Exact: ``usable`` only when no sum of
    coefficients (at most every option's) can reach 2**62, and only on rows over options."""

    def __init__(self, lm: LinearModel, rows: Sequence[Row]) -> None:
        self.lm = lm
        n_opt = len(lm.options)
        biggest = max((abs(a) for row in rows for a in row.coef.values()), default=0)
        biggest = max([biggest] + [abs(row.rhs) for row in rows])
        on_options = all(0 <= j < n_opt for row in rows for j in row.coef)
        self.usable = (
            n_opt > 0
            and bool(rows)
            and on_options
            and biggest * (n_opt + 2) < LIMIT
            and n_opt * len(rows) <= MAX_ENTRIES
        )
        if not self.usable:
            return
        self.rows = list(rows)
        self.at: IntArray = np.zeros((n_opt, len(rows)), dtype=np.int64)
        for r, row in enumerate(rows):
            if row.coef:
                keys = np.fromiter(row.coef.keys(), dtype=np.int64, count=len(row.coef))
                self.at[keys, r] = np.fromiter(row.coef.values(), dtype=np.int64, count=len(row.coef))
        self.rhs: IntArray = np.array([row.rhs for row in rows], dtype=np.int64)
        self.rowmax: IntArray = self.at.max(axis=0)
        self.cand: IntArray = np.array([o.cand for o in lm.options], dtype=np.int64)
        self.value = np.array([float(lm.value[c]) for c in self.cand], dtype=np.float64)

    def score(self, chosen: Iterable[int]) -> Fraction:
        return self.lm.score([self.lm.options[j].cand for j in chosen])

    def feasible(self, chosen: Iterable[int]) -> bool:
        """Every row holds and no candidate is chosen twice (exact: int64 sums cannot overflow here)."""
        picked = np.array(sorted(set(chosen)), dtype=np.int64)
        if np.unique(self.cand[picked]).size != picked.size:
            return False
        return bool((self.at[picked].sum(axis=0) <= self.rhs).all())

    def _fill(self, slack: IntArray, taken: npt.NDArray[np.bool_], banned: int | None) -> list[int]:
        """Options added, most valuable first, while one fits (``slack`` and ``taken`` are updated)."""
        added: list[int] = []
        free = np.flatnonzero(~taken[self.cand])
        if banned is not None:
            free = free[free != banned]
        while free.size:
            tight = np.flatnonzero(slack < self.rowmax)
            if tight.size:
                ok = (self.at[np.ix_(free, tight)] <= slack[tight]).all(axis=1)
                free = free[ok]
            if not free.size:
                break
            k = int(free[np.argmax(self.value[free])])
            added.append(k)
            slack -= self.at[k]
            taken[self.cand[k]] = True
            free = free[~taken[self.cand[free]]]
        return added

    def improve(self, start: Iterable[int], deadline: float) -> list[int] | None:
        """A strictly better feasible portfolio (option indices) than ``start``, or None."""
        if not self.usable:
            return None
        chosen = sorted(set(start))
        if not self.feasible(chosen):
            return None
        picked = np.zeros(len(self.cand), dtype=bool)
        picked[chosen] = True
        taken = np.zeros(self.lm.n, dtype=bool)
        taken[self.cand[picked]] = True
        slack = self.rhs - self.at[picked].sum(axis=0)
        moved = False
        improved = True
        while improved and time.perf_counter() < deadline:
            improved = False
            for k in self._fill(slack, taken, None):
                picked[k] = True
                moved = True
            order = np.flatnonzero(picked)
            for j in order[np.argsort(self.value[order], kind="stable")]:
                if time.perf_counter() >= deadline:
                    break
                trial = slack + self.at[j]
                if (trial < 0).any():
                    continue  # dropping it breaks a row (already funded, must-in, a minimum)
                trial_taken = taken.copy()
                trial_taken[self.cand[j]] = False
                added = self._fill(trial, trial_taken, int(j))
                if self.value[added].sum() > self.value[j] + 1e-9:
                    picked[j] = False
                    picked[added] = True
                    slack, taken = trial, trial_taken
                    moved = improved = True
                    break
        if not moved:
            return None
        out = np.flatnonzero(picked).tolist()
        if not self.feasible(out) or self.score(out) <= self.score(chosen):
            return None
        return out
