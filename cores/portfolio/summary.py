"""What a portfolio uses and scores: money by fund and year against the frame, by theme, city and lead."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from cores.portfolio.linear import LinearModel
from cores.portfolio.model import ShareRange


@dataclass(frozen=True)
class Pick:
    id: str
    name: str
    theme: str
    start: int
    planned_start: int
    cents: int
    value: Fraction
    funded: bool

    @property
    def shifted(self) -> int:
        return self.start - self.planned_start


@dataclass(frozen=True)
class FrameUse:
    fund: str
    year: int
    used: int  # cents spent in the year
    frame: int  # the year's frame
    available: int  # frame plus unused money carried over from earlier years (when allowed)
    carry_over: bool


@dataclass(frozen=True)
class ShareUse:
    key: str
    cents: Fraction  # money counted for the group (a city's split can be fractional)
    share: Fraction | None  # of the portfolio's frame money (None: empty portfolio)
    range: ShareRange


@dataclass(frozen=True)
class Summary:
    picks: tuple[Pick, ...]
    score: Fraction
    total: int  # cents of frame money over every year and fund
    frames: tuple[FrameUse, ...]
    themes: tuple[ShareUse, ...]
    cities: tuple[ShareUse, ...]
    leads: tuple[ShareUse, ...]


def summarise(lm: LinearModel, chosen: Iterable[int]) -> Summary:
    """The summary of the portfolio given by option indices."""
    problem = lm.problem
    opts = sorted(chosen, key=lambda j: problem.candidates[lm.options[j].cand].id)
    picks = []
    spend: dict[tuple[str, int], int] = {}
    for j in opts:
        opt = lm.options[j]
        cand = problem.candidates[opt.cand]
        picks.append(
            Pick(
                cand.id,
                cand.name,
                cand.theme,
                opt.start,
                cand.planned_start,
                lm.total_cost[opt.cand],
                lm.value[opt.cand],
                cand.funded,
            )
        )
        for key, amount in opt.cost.items():
            spend[key] = spend.get(key, 0) + amount
    total = sum(p.cents for p in picks)
    frames = []
    for fund in problem.funds:
        carried = 0
        for year in sorted(problem.years):
            frame = problem.frame(fund.id, year)
            used = spend.get((fund.id, year), 0)
            available = frame + (carried if fund.carry_over else 0)
            frames.append(FrameUse(fund.id, year, used, frame, available, fund.carry_over))
            carried = available - used if fund.carry_over else 0

    def share_of(amount: Fraction) -> Fraction | None:
        return amount / total if total else None

    themes = []
    for theme in problem.themes:
        money = Fraction(sum(p.cents for p in picks if p.theme == theme.id))
        themes.append(ShareUse(theme.id, money, share_of(money), theme.share))
    split = problem.rules.city_share_mode == "split"
    cities = []
    by_id = {c.id: c for c in problem.candidates}
    for city in problem.cities:
        money = Fraction(0)
        for p in picks:
            cand = by_id[p.id]
            if city.id in cand.cities:
                money += Fraction(p.cents, len(cand.cities)) if split else p.cents
        cities.append(ShareUse(city.id, money, share_of(money), city.share))
    leads = []
    for lead in sorted({by_id[p.id].lead for p in picks}):
        money = Fraction(sum(p.cents for p in picks if by_id[p.id].lead == lead))
        cap = problem.rules.org_max_share_overrides.get(lead, problem.rules.org_max_share)
        leads.append(ShareUse(lead, money, share_of(money), ShareRange(None, cap)))
    leads.sort(key=lambda u: (-u.cents, u.key))
    score = sum((p.value for p in picks), Fraction(0))
    return Summary(tuple(picks), score, total, tuple(frames), tuple(themes), tuple(cities), tuple(leads))
