"""Seeded, realistic portfolio problems for tests and benchmarks.

An instance looks like a call of the capital region's agreement: 7 years (2021–2027) × 3 funds (ERDF and
STATE with carry-over of unused money, ESF+ without; ESF+ eligible only in theme 3) × 4 themes × 3 cities.
Candidates last 2–4 years, cost 0.1–3 M€ of frame money (log-normal around 0.5 M€) split unevenly over
their years, are led by organisations of skewed popularity, and involve one to three cities. Scores on six
criteria (0–5, one decimal, as averages of reviews are) are correlated through a latent quality. The frame
covers about 40 % of the money asked for. Rules: theme and city share ranges, a cap per lead organisation,
15 % of candidates in mutually exclusive groups, a few dependencies, a must-in, a must-out and a few
already-funded projects. The same seed always gives the same problem.
"""

from __future__ import annotations

import random
from fractions import Fraction

from cores.portfolio.model import (
    Candidate,
    City,
    Criterion,
    Dependency,
    ExclusiveGroup,
    Fund,
    Interval,
    Problem,
    Rules,
    ShareRange,
    Theme,
    WeightSet,
)

YEARS = tuple(range(2021, 2028))
THEMES = (
    (
        "T1",
        "Smart and sustainable city solutions",
        Fraction(35, 100),
        ShareRange(Fraction(20, 100), Fraction(45, 100)),
    ),
    (
        "T2",
        "Wellbeing and health technology",
        Fraction(25, 100),
        ShareRange(Fraction(15, 100), Fraction(35, 100)),
    ),
    (
        "T3",
        "Learning environments and digital competence",
        Fraction(15, 100),
        ShareRange(Fraction(5, 100), Fraction(25, 100)),
    ),
    (
        "T4",
        "New openings and ecosystem development",
        Fraction(25, 100),
        ShareRange(Fraction(10, 100), Fraction(30, 100)),
    ),
)
CITIES = (
    ("HEL", "Helsinki", 0.5, ShareRange(Fraction(30, 100), Fraction(55, 100))),
    ("ESP", "Espoo", 0.3, ShareRange(Fraction(20, 100), Fraction(40, 100))),
    ("VAN", "Vantaa", 0.2, ShareRange(Fraction(15, 100), Fraction(35, 100))),
)
CRITERIA = (
    ("impact", "Estimated impact", Fraction(30, 100)),
    ("relevance", "Fit with the theme's targets", Fraction(20, 100)),
    ("feasibility", "Feasibility and capacity", Fraction(15, 100)),
    ("partnership", "Partnership and city involvement", Fraction(15, 100)),
    ("novelty", "Novelty", Fraction(10, 100)),
    ("scalability", "Scalability and references", Fraction(10, 100)),
)
ORG_KINDS = (
    "University",
    "University of applied sciences",
    "Research institute",
    "City",
    "Company",
    "Association",
)


def generate(
    n: int,
    seed: int,
    *,
    criteria: int = 6,
    budget_ratio: float = 0.4,
    shift_fraction: float = 0.4,
    interval_scores: bool = False,
    weight_info: str = "rank",
    funded_fraction: float = 0.05,
    rules: str = "all",
    carry_over: bool = True,
    correlation: float = 0.75,
) -> Problem:
    """A realistic problem with ``n`` candidates; the same ``(n, seed, options)`` give the same problem.

    ``weight_info`` chooses the robustness weight set: ``rank`` (a full rank order), ``intervals`` (each
    weight within ±40 % of the call's weight), ``both`` or ``none`` (any weights on the simplex).
    ``carry_over=False`` makes every frame annual; ``correlation`` is that of each criterion with the latent
    quality (0: independent criteria). ``rules="budget"`` keeps only the frames, the exclusive groups and the dependencies (no shares,
    must-in/out or already-funded projects).
    """
    rng = random.Random(f"salkku-portfolio-{n}-{seed}")
    crit_defs = CRITERIA[:criteria]
    weight_total = sum(w for _, _, w in crit_defs)
    crits = tuple(Criterion(cid, name, w / weight_total) for cid, name, w in crit_defs)
    # Few candidates cannot meet tight share rules: below 50 candidates the ranges widen gradually.
    slack = Fraction(min(n, 50), 50)
    # Below 30 candidates only the largest theme and city keep a minimum share.
    small = n < 30
    themes = tuple(
        Theme(
            tid,
            name,
            _widen(share, slack, keep_min=not small or tid == "T1"),
            ("ERDF", "ESF+", "STATE") if tid == "T3" else ("ERDF", "STATE"),
        )
        for tid, name, _, share in THEMES
    )
    cities = tuple(
        City(cid, name, _widen(share, slack, keep_min=not small or cid == "HEL"))
        for cid, name, _, share in CITIES
    )
    funds = (
        Fund("ERDF", "European Regional Development Fund", carry_over),
        Fund("ESF+", "European Social Fund+", False),
        Fund("STATE", "State co-funding", carry_over),
    )
    n_orgs = max(6, n // 4)
    orgs = [f"{ORG_KINDS[k % len(ORG_KINDS)]} {k + 1:03d}" for k in range(n_orgs)]
    org_weights = [1 / (k + 1) ** 0.8 for k in range(n_orgs)]
    candidates: list[Candidate] = []
    for k in range(n):
        theme = rng.choices([t[0] for t in THEMES], weights=[float(t[2]) for t in THEMES])[0]
        k_cities = rng.choices((1, 2, 3), weights=(0.6, 0.25, 0.15))[0]
        pool = [c[0] for c in CITIES]
        chosen: list[str] = []
        while len(chosen) < k_cities:
            pick = rng.choices(pool, weights=[c[2] for c in CITIES])[0]
            if pick not in chosen:
                chosen.append(pick)
        duration = rng.choices((2, 3, 4), weights=(0.3, 0.45, 0.25))[0]
        start = rng.randint(YEARS[0], YEARS[-1] - duration + 1)
        public = min(3_000_000.0, max(100_000.0, rng.lognormvariate(13.1, 0.6)))
        state_share = rng.uniform(0.25, 0.4)
        eu_fund = "ESF+" if theme == "T3" and rng.random() < 0.5 else "ERDF"
        shape = [rng.uniform(0.6, 1.4) for _ in range(duration)]
        costs: dict[int, dict[str, int]] = {}
        for d in range(duration):
            year_money = public * shape[d] / sum(shape)
            state = int(year_money * state_share * 100)
            eu = int(year_money * 100) - state
            costs[start + d] = {eu_fund: eu, "STATE": state}
        quality = rng.gauss(0, 1)
        spread = rng.choice((Fraction(0), Fraction(1, 4), Fraction(1, 2))) if interval_scores else Fraction(0)
        scores: dict[str, Interval] = {}
        for _ in crits:
            raw = 3.0 + 0.9 * (correlation * quality + (1 - correlation**2) ** 0.5 * rng.gauss(0, 1))
            s = Fraction(round(min(5.0, max(0.0, raw)) * 10), 10)
            scores[_.id] = Interval(max(Fraction(0), s - spread), min(Fraction(5), s + spread))
        earliest = latest = None
        if rng.random() < shift_fraction:
            earliest = max(YEARS[0], start - rng.choice((0, 1)))
            latest = min(YEARS[-1] - duration + 1, start + rng.choice((1, 1, 2)))
        lead = rng.choices(orgs, weights=org_weights)[0]
        candidates.append(
            Candidate(
                id=f"P{k + 1:04d}",
                name=f"Proposal {k + 1} ({theme})",
                theme=theme,
                lead=lead,
                cities=tuple(chosen),
                costs=costs,
                scores=scores,
                earliest_start=earliest,
                latest_start=latest,
            )
        )
    # Already-funded projects: a few of the early starters, fixed at their planned years.
    early = [c for c in candidates if c.planned_start <= 2022]
    rng.shuffle(early)
    funded_ids = {c.id for c in early[: round(funded_fraction * n)]}
    candidates = [
        Candidate(
            c.id,
            c.theme,
            c.lead,
            c.cities,
            c.costs,
            c.scores,
            c.name.replace("Proposal", "Funded project"),
            None,
            None,
            True,
        )
        if c.id in funded_ids
        else c
        for c in candidates
    ]
    # Frames: what the already-funded projects use, plus about budget_ratio of the money the new
    # proposals ask for, spread evenly over the years (whole thousands of euros).
    frames: dict[tuple[str, int], int] = {}
    for fund in funds:
        demand = sum(c.fund_total(fund.id) for c in candidates if not c.funded)
        for year in YEARS:
            committed = sum(c.costs.get(year, {}).get(fund.id, 0) for c in candidates if c.funded)
            noise = rng.uniform(0.85, 1.15)
            euros = int((budget_ratio * demand * noise / len(YEARS) + committed) / 100 / 1000 + 1) * 1000
            frames[(fund.id, year)] = euros * 100
    # 15 % of the candidates in mutually exclusive groups of 2–3 overlapping proposals of one theme.
    free = [c for c in candidates if c.id not in funded_ids]
    rng.shuffle(free)
    in_groups = round(0.15 * n)
    groups: list[ExclusiveGroup] = []
    used: set[str] = set()
    by_theme: dict[str, list[Candidate]] = {}
    for c in free:
        by_theme.setdefault(c.theme, []).append(c)
    while sum(len(g.members) for g in groups) + 2 <= in_groups:
        theme_pool = [t for t, cs in by_theme.items() if len([c for c in cs if c.id not in used]) >= 2]
        if not theme_pool:
            break
        tid = rng.choice(sorted(theme_pool))
        avail = [c.id for c in by_theme[tid] if c.id not in used]
        size = min(len(avail), rng.choice((2, 2, 3)), in_groups - sum(len(g.members) for g in groups))
        members = tuple(sorted(avail[:size]))
        used.update(members)
        groups.append(ExclusiveGroup(f"G{len(groups) + 1}", members))
    # Dependencies: about 3 % of the candidates continue another proposal of their theme.
    deps: list[Dependency] = []
    rest = [c for c in free if c.id not in used]
    for _ in range(max(1, round(0.03 * n)) if n >= 10 else 0):
        if len(rest) < 2:
            break
        b = rest.pop()
        same = [c for c in rest if c.theme == b.theme] or rest
        a = rng.choice(same)
        deps.append(Dependency(b.id, (a.id,)))
        used.add(b.id)
    rest = [c for c in rest if c.id not in used]
    # The must-in is a proposal that fits in the frames left after the already-funded projects.
    left = dict(frames)
    for c in candidates:
        if c.funded:
            for key, amount in c.shifted_costs(c.planned_start).items():
                left[key] -= amount
    fitting = [
        c for c in rest if all(a <= left.get(k, 0) for k, a in c.shifted_costs(c.planned_start).items())
    ]
    must_in = frozenset([rng.choice(fitting).id]) if n >= 10 and fitting else frozenset()
    rest = [c for c in rest if c.id not in must_in]
    must_out = frozenset([rest.pop().id]) if n >= 10 and rest else frozenset()
    if weight_info == "rank":
        weight_set: WeightSet | None = WeightSet(rank=tuple(c.id for c in crits))
    elif weight_info == "intervals":
        weight_set = WeightSet(intervals={c.id: _around(c.weight) for c in crits})
    elif weight_info == "both":
        weight_set = WeightSet(
            intervals={c.id: _around(c.weight) for c in crits}, rank=tuple(c.id for c in crits)
        )
    else:
        weight_set = WeightSet()
    if rules == "budget":
        themes = tuple(Theme(t.id, t.name, ShareRange(), t.funds) for t in themes)
        cities = tuple(City(c.id, c.name, ShareRange()) for c in cities)
        must_in = must_out = frozenset()
        candidates = [
            Candidate(
                c.id, c.theme, c.lead, c.cities, c.costs, c.scores, c.name, c.earliest_start, c.latest_start
            )
            for c in candidates
        ]
    elif rules != "all":
        raise ValueError(f"rules must be 'all' or 'budget', not {rules!r}")
    result_rules = Rules(
        frames=frames,
        must_in=must_in,
        must_out=must_out,
        exclusive=tuple(groups),
        requires=tuple(deps),
        org_max_share=None if rules == "budget" else Fraction(20, 100) + Fraction(30, 100) * (1 - slack),
        city_share_mode="split",
    )
    return Problem(
        years=YEARS,
        funds=funds,
        themes=themes,
        cities=cities,
        criteria=crits,
        candidates=tuple(candidates),
        rules=result_rules,
        weight_set=weight_set,
        name=f"generated n={n} seed={seed}",
    )


def _around(weight: Fraction | None) -> Interval:
    w = weight or Fraction(0)
    return Interval(w * Fraction(6, 10), min(Fraction(1), w * Fraction(14, 10)))


def _widen(share: ShareRange, slack: Fraction, *, keep_min: bool = True) -> ShareRange:
    """The range itself at ``slack = 1``; lower minimum and higher maximum for smaller slack."""
    lo = None if share.min is None or not keep_min else share.min * slack
    hi = None if share.max is None else min(Fraction(1), share.max + Fraction(25, 100) * (1 - slack))
    return ShareRange(lo, hi)
