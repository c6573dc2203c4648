"""Every feasible portfolio of a small problem, by exhaustive enumeration (the reference for tests).

Each candidate is out or in at one of its start years; all combinations are enumerated, in two halves
whose row sums are added with numpy (exact int64 arithmetic), and a combination is feasible when every
row holds. Nothing is pruned except combinations whose left half already breaks a row that the right
half cannot bring back (the right half's smallest possible contribution is added first). Practical up
to about 20 candidates.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import product
from math import lcm, prod

import numpy as np
from numpy.typing import NDArray

from cores.portfolio.linear import LinearModel

MAX_COMBINATIONS = 2**26
INT64_SAFE = 2**62


@dataclass(frozen=True)
class Enumeration:
    masks: NDArray[np.int64]  # selection bitmask (bit i: candidate i) per feasible portfolio, unique
    values: list[Fraction]  # score at the point weights
    count_assignments: int  # feasible (selection, start years) assignments before removing duplicates


def _half(
    lm: LinearModel, cands: list[int], a: NDArray[np.int64], units: list[int]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Row sums, selection masks and integer values of every assignment of the given candidates."""
    choices = [[-1, *lm.by_cand[i]] for i in cands]
    combos = list(product(*choices)) if cands else [()]
    sums = np.zeros((len(combos), a.shape[0]), dtype=np.int64)
    masks = np.zeros(len(combos), dtype=np.int64)
    vals = np.zeros(len(combos), dtype=np.int64)
    for k, combo in enumerate(combos):
        for i, j in zip(cands, combo, strict=True):
            if j >= 0:
                sums[k] += a[:, j]
                masks[k] |= np.int64(1) << np.int64(i)
                vals[k] += units[i]
    return sums, masks, vals


def enumerate_feasible(lm: LinearModel) -> Enumeration:
    """All feasible selections (unique masks) with their exact scores."""
    n = lm.n
    if n > 62:
        raise ValueError("exhaustive enumeration is limited to 62 candidates")
    sizes = [1 + len(opts) for opts in lm.by_cand]
    if prod(sizes) > MAX_COMBINATIONS:
        raise ValueError(f"{prod(sizes)} combinations are too many to enumerate")
    n_rows = len(lm.rows)
    a = np.zeros((n_rows, len(lm.options)), dtype=np.int64)
    rhs = np.array([row.rhs for row in lm.rows], dtype=np.int64)
    for r, row in enumerate(lm.rows):
        for j, coef in row.coef.items():
            a[r, j] = coef
    bound = sum(int(np.abs(a[r]).sum()) for r in range(n_rows)) if n_rows else 0
    if bound >= INT64_SAFE:
        raise ValueError("row sums could overflow 64-bit integers")
    denom = lcm(*(v.denominator for v in lm.value)) if lm.value else 1
    units = [int(v * denom) for v in lm.value]
    # split into two halves of about equal numbers of combinations
    order = sorted(range(n), key=lambda i: -sizes[i])
    left: list[int] = []
    right: list[int] = []
    for i in order:
        (left if prod(sizes[k] for k in left) <= prod(sizes[k] for k in right) else right).append(i)
    ls, lmask, lval = _half(lm, sorted(left), a, units)
    rs, rmask, rval = _half(lm, sorted(right), a, units)
    # the left half must leave room for the right half's smallest contribution to every row
    min_right = rs.min(axis=0) if len(rs) else np.zeros(n_rows, dtype=np.int64)
    keep = np.all(ls + min_right <= rhs, axis=1) if n_rows else np.ones(len(ls), dtype=bool)
    ls, lmask, lval = ls[keep], lmask[keep], lval[keep]
    found_masks: list[NDArray[np.int64]] = []
    found_vals: list[NDArray[np.int64]] = []
    chunk = max(1, 4_000_000 // max(1, len(rs) * max(n_rows, 1)))
    for start in range(0, len(ls), chunk):
        part = ls[start : start + chunk]
        ok = (
            np.all(part[:, None, :] + rs[None, :, :] <= rhs, axis=2)
            if n_rows
            else np.ones((len(part), len(rs)), bool)
        )
        li, ri = np.nonzero(ok)
        found_masks.append(lmask[start + li] | rmask[ri])
        found_vals.append(lval[start + li] + rval[ri])
    masks = np.concatenate(found_masks) if found_masks else np.zeros(0, dtype=np.int64)
    vals = np.concatenate(found_vals) if found_vals else np.zeros(0, dtype=np.int64)
    count = len(masks)
    masks, first = np.unique(masks, return_index=True)
    vals = vals[first]
    return Enumeration(masks, [Fraction(int(v), denom) for v in vals], count)


def best(lm: LinearModel) -> tuple[Fraction, list[int]] | None:
    """The highest score and one selection reaching it (candidate indices), or None when infeasible."""
    en = enumerate_feasible(lm)
    if not len(en.masks):
        return None
    k = max(range(len(en.values)), key=lambda t: en.values[t])
    mask = int(en.masks[k])
    return en.values[k], [i for i in range(lm.n) if mask >> i & 1]


def mask_members(mask: int, n: int) -> list[int]:
    return [i for i in range(n) if mask >> i & 1]


def maximal(masks: NDArray[np.int64], n: int, addable: list[bool]) -> NDArray[np.int64]:
    """Selections to which no addable candidate can be added feasibly (the others are dominated)."""
    present = set(int(m) for m in masks)
    keep = [
        int(m)
        for m in masks
        if not any(addable[i] and not (int(m) >> i & 1) and (int(m) | 1 << i) in present for i in range(n))
    ]
    return np.array(keep, dtype=np.int64)
