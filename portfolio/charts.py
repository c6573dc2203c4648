"""The charts of a scenario (money by theme and year against the frame; core indices) and of a
comparison, built once as Vega-Lite specs: the page draws them interactively, the PNG/SVG downloads and
reports render the very same definitions (``charts.render``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from charts import specs
from portfolio.models import Scenario
from portfolio.names import theme_names
from portfolio.results import FUNDED


@dataclass(frozen=True)
class Chart:
    key: str
    spec: dict[str, Any]
    caption: str
    png_url: str = ""


def _theme_names(scenario: Scenario) -> dict[str, str]:
    names = theme_names(scenario.agreement_id, scenario.problem)
    names[FUNDED] = _("already funded")
    return names


def scenario_charts(scenario: Scenario) -> list[Chart]:
    result = scenario.result or {}
    out: list[Chart] = []
    brand = getattr(scenario.agreement, "brand_colour", None)
    breakdown = result.get("breakdown")
    if breakdown:
        names = _theme_names(scenario)
        rows = [
            {
                "year": r["year"],
                "category": names.get(r["category"], r["category"]),
                "amount": Decimal(r["money"]),
            }
            for r in breakdown["theme_year"]
        ]
        frames = [{"year": r["year"], "amount": Decimal(r["frame"])} for r in breakdown["frame_year"]]
        spec = specs.money_by_year_against_frame(
            rows,
            frames,
            title=_("Frame money by year and theme against the frame"),
            labels={
                "year": _("Year"),
                "amount": _("Frame money (€)"),
                "category": _("Theme"),
                "frame": _("Frame"),
                "total": _("Total"),
                "description": _(
                    "Stacked bars: the chosen portfolio's EU and state money in each year by theme, with "
                    "already-funded projects; a black mark shows each year's frame."
                ),
            },
        )
        out.append(
            Chart(
                "money",
                specs.theme(spec, brand),
                _("The suggested portfolio's money by year and theme; the black mark is the year's frame."),
                reverse("portfolio:scenario_chart", args=[scenario.pk, "money", "png"]),
            )
        )
    robust = result.get("robust")
    if robust and robust.get("core_index"):
        funded = {c["id"] for c in (scenario.problem or {}).get("candidates", []) if c.get("funded")}
        names = {c["id"]: c.get("name") or c["id"] for c in (scenario.problem or {}).get("candidates", [])}
        rows = [
            {
                "label": f"{cid} {names.get(cid, '')}".strip()[:60],
                "core_index": Decimal(entry["value"]),
                # an approximate set proves no class: every bar is drawn as an estimate
                "class": entry["class"] if robust.get("method") == "exact" else "borderline",
            }
            for cid, entry in robust["core_index"].items()
            if cid not in funded
        ]
        approx = robust.get("method") != "exact"
        title = _("Core index of each proposal") + (" " + _("(approximation)") if approx else "")
        spec = specs.core_index_bars(
            rows,
            title=title,
            labels={
                "proposal": _("Proposal"),
                "core_index": _("Core index"),
                "class": _("Class"),
                "core": _("core"),
                "borderline": _("estimate, not proven") if approx else _("borderline"),
                "exterior": _("exterior"),
                "description": _(
                    "Horizontal bars: the share of non-dominated portfolios that contain each proposal."
                ),
            },
        )
        out.append(
            Chart(
                "core-index",
                spec,
                _("The share of non-dominated portfolios that contain each proposal."),
                reverse("portfolio:scenario_chart", args=[scenario.pk, "core-index", "png"]),
            )
        )
    return out


def scenario_label(number: int, scenario: Scenario) -> str:
    """A scenario's short name on the comparison page: its number there and its change (what-if), which
    tell the scenarios apart (their names share the call's name); the first one is "as computed"."""
    change = scenario.change_label or str(_("as computed"))
    return f"{number}. {change[:60]}{'…' if len(change) > 60 else ''}"


def comparison_chart(scenarios: Sequence[Scenario]) -> Chart | None:
    """Money by theme in each scenario, bars side by side."""
    rows = []
    for n, scenario in enumerate(scenarios, 1):
        names = _theme_names(scenario)
        totals: dict[str, Decimal] = {}
        for r in ((scenario.result or {}).get("breakdown") or {}).get("theme_year", []):
            key = names.get(r["category"], r["category"])
            totals[key] = totals.get(key, Decimal(0)) + Decimal(r["money"])
        for theme_name, amount in totals.items():
            rows.append({"theme": theme_name, "scenario": scenario_label(n, scenario), "amount": amount})
    if not rows:
        return None
    # On its side: the themes' names are read whole, also on a phone.
    spec = specs.horizontal(
        specs.grouped_bars(
            rows,
            x="theme",
            y="amount",
            colour="scenario",
            title=_("Frame money by theme in each scenario"),
            labels={"theme": _("Theme"), "amount": _("Frame money (€)"), "scenario": _("Scenario")},
            unit="eur",
        )
    )
    return Chart("compare", spec, _("Frame money by theme, scenarios side by side."))
