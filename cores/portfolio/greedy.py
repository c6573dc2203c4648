"""The baseline a person would use: pick by score per euro, then repair what breaks the rules.

1. Already-funded and must-in projects first (with what they require).
2. Down the list by value per euro of frame money: take a proposal if some start year fits every frame,
   its exclusive group is still empty, everything it requires is in, and no theme, city or organisation
   would get more than its maximum share of the *whole frame* (the share a person checks while the
   final total is not yet known).
3. Repair with the real shares: while a maximum share is exceeded, add the best-ratio proposal outside
   the group that fits every rule, or else drop the group's lowest-ratio proposal; while a minimum share is not met, add the group's best-ratio proposal that fits (dropping
   the lowest-ratio proposal outside the group when nothing fits). A dropped proposal is not taken again.
4. Top up: add proposals in ratio order while every rule still holds exactly.

The result satisfies every rule exactly (checked in integers) or is ``None`` when the repair fails.
"""

from __future__ import annotations

from fractions import Fraction

from cores.portfolio.linear import LinearModel

UPPER_SHARE = ("theme_max", "city_max", "org_max")
LOWER_SHARE = ("theme_min", "city_min")


class _State:
    """The chosen options with every row's left-hand side and every capped group's money, kept up to date."""

    def __init__(self, lm: LinearModel) -> None:
        self.lm = lm
        self.lhs = [0] * len(lm.rows)
        self.cols: list[list[tuple[int, int]]] = [[] for _ in lm.options]
        for r, row in enumerate(lm.rows):
            for j, a in row.coef.items():
                self.cols[j].append((r, a))
        self.chosen: dict[int, int] = {}  # candidate -> option
        # capped groups (upper share rows) each candidate belongs to, with its weight in the group
        self.share: dict[int, Fraction] = {}
        self.member: list[list[tuple[int, Fraction]]] = [[] for _ in lm.by_cand]
        for r, row in enumerate(lm.rows):
            if row.ref.kind in UPPER_SHARE:
                self.share[r] = _row_share(lm, r)
                for i in _members(lm, r):
                    w = _member_weight(lm, r, i)
                    if w:
                        self.member[i].append((r, w))
        self.money: dict[int, Fraction] = dict.fromkeys(self.share, Fraction(0))

    def fits(self, j: int, kinds: tuple[str, ...] | None = None) -> bool:
        rows = self.lm.rows
        for r, a in self.cols[j]:
            if a > 0 and self.lhs[r] + a > rows[r].rhs and (kinds is None or rows[r].ref.kind in kinds):
                return False
        return True

    def add(self, j: int) -> None:
        for r, a in self.cols[j]:
            self.lhs[r] += a
        i = self.lm.options[j].cand
        self.chosen[i] = j
        for r, w in self.member[i]:
            self.money[r] += w * self.lm.total_cost[i]

    def remove(self, i: int) -> None:
        j = self.chosen.pop(i)
        for r, a in self.cols[j]:
            self.lhs[r] -= a
        for r, w in self.member[i]:
            self.money[r] -= w * self.lm.total_cost[i]

    def within_caps_of_frame(self, i: int, total_frame: int) -> bool:
        """Each capped group of the candidate stays within its share of the whole frame."""
        return all(
            self.money[r] + w * self.lm.total_cost[i] <= self.share[r] * total_frame
            for r, w in self.member[i]
        )

    def violated(self) -> list[int]:
        return [r for r, row in enumerate(self.lm.rows) if self.lhs[r] > row.rhs]


def greedy(lm: LinearModel) -> list[int] | None:
    """Option indices of the greedy portfolio, or None when it cannot satisfy the rules."""
    problem = lm.problem
    cands = problem.candidates
    index = {c.id: i for i, c in enumerate(cands)}
    st = _State(lm)
    total_frame = problem.total_frame()
    needs: dict[int, list[int]] = {}
    for dep in problem.rules.requires:
        needs.setdefault(index[dep.project], []).extend(index[r] for r in dep.requires)
    group_of: dict[int, list[int]] = {}
    for group in problem.rules.exclusive:
        members = [index[m] for m in group.members]
        for i in members:
            group_of.setdefault(i, []).extend(m for m in members if m != i)
    fixed = {i for i, c in enumerate(cands) if c.funded or c.id in problem.rules.must_in}

    def ratio(i: int) -> Fraction:
        return lm.value[i] / max(lm.total_cost[i], 1)

    order = sorted(range(len(cands)), key=lambda i: (-ratio(i), cands[i].id))
    frame_kinds = ("frame", "exclusive", "requires", "one_start")

    dropped: set[int] = set()  # dropped in the repair: never taken again, so the repair cannot cycle

    def try_add(i: int, check: tuple[str, ...] | None, *, vs_frame: bool = False) -> bool:
        if i in st.chosen or not lm.by_cand[i] or i in dropped:
            return False
        if any(g in st.chosen for g in group_of.get(i, [])):
            return False
        if any(r not in st.chosen for r in needs.get(i, [])):
            return False
        if vs_frame and not st.within_caps_of_frame(i, total_frame):
            return False
        for j in lm.by_cand[i]:
            if st.fits(j, check):
                st.add(j)
                return True
        return False

    def force(i: int) -> None:
        if i not in st.chosen and lm.by_cand[i] and not try_add(i, frame_kinds):
            st.add(lm.by_cand[i][0])

    def drop(i: int) -> None:
        dropped.add(i)
        if i in st.chosen:
            st.remove(i)
        for b, reqs in needs.items():
            if i in reqs and b in st.chosen and b not in fixed:
                drop(b)

    # 1. fixed projects and what they need
    for i in sorted(fixed, key=lambda i: cands[i].id):
        for req in needs.get(i, []):
            force(req)
        force(i)
    # 2. ratio order against the frames and the caps on the whole frame
    for _ in range(2):  # a second pass takes proposals whose prerequisite came later in the list
        for i in order:
            try_add(i, frame_kinds, vs_frame=True)
    # 3. repair the share rules with the real total
    for _ in range(4 * len(cands) + 10):
        broken = st.violated()
        if not broken:
            break
        row = lm.rows[broken[0]]
        if row.ref.kind in UPPER_SHARE:
            # more money outside the group lowers its share; otherwise drop the group's weakest proposal
            outside = [
                i
                for i in order
                if i not in st.chosen and lm.by_cand[i] and row.coef.get(lm.by_cand[i][0], 0) < 0
            ]
            if any(try_add(i, None) for i in outside):
                continue
            members = [i for i in st.chosen if row.coef.get(st.chosen[i], 0) > 0 and i not in fixed]
            if not members:
                return None
            drop(min(members, key=lambda i: (ratio(i), cands[i].id)))
        elif row.ref.kind in LOWER_SHARE:
            members = [
                i
                for i in order
                if i not in st.chosen and lm.by_cand[i] and row.coef.get(lm.by_cand[i][0], 0) < 0
            ]
            if not any(try_add(i, None) for i in members) and not any(
                try_add(i, frame_kinds) for i in members
            ):
                others = [i for i in st.chosen if row.coef.get(st.chosen[i], 0) > 0 and i not in fixed]
                if not others:
                    return None
                drop(min(others, key=lambda i: (ratio(i), cands[i].id)))
        else:
            return None
    if st.violated():
        return None
    # 4. top up with every rule checked exactly (a row with a positive coefficient is the only kind
    #    that adding can break)
    for i in order:
        try_add(i, None)
    if st.violated():
        return None
    return sorted(st.chosen.values())


def _row_share(lm: LinearModel, r: int) -> Fraction:
    """The share bound p/q of a share row, read back from its coefficients (q*w - p) * c."""
    kind, key = lm.rows[r].ref.kind, lm.rows[r].ref.key
    problem = lm.problem
    if kind == "theme_max":
        share = next(t.share.max for t in problem.themes if t.id == key)
    elif kind == "city_max":
        share = next(c.share.max for c in problem.cities if c.id == key)
    else:
        share = problem.rules.org_max_share_overrides.get(key, problem.rules.org_max_share)
    assert share is not None
    return share


def _members(lm: LinearModel, r: int) -> list[int]:
    """The candidates that may have a nonzero weight in the group of upper share row ``r``."""
    kind, key = lm.rows[r].ref.kind, lm.rows[r].ref.key
    cands = lm.problem.candidates
    if kind == "theme_max":
        return [i for i, c in enumerate(cands) if c.theme == key]
    if kind == "org_max":
        return [i for i, c in enumerate(cands) if c.lead == key]
    return [i for i, c in enumerate(cands) if key in c.cities]


def _member_weight(lm: LinearModel, r: int, i: int) -> Fraction:
    kind, key = lm.rows[r].ref.kind, lm.rows[r].ref.key
    cand = lm.problem.candidates[i]
    if kind == "theme_max":
        return Fraction(int(cand.theme == key))
    if kind == "org_max":
        return Fraction(int(cand.lead == key))
    if key not in cand.cities:
        return Fraction(0)
    return Fraction(1, len(cand.cities)) if lm.problem.rules.city_share_mode == "split" else Fraction(1)
