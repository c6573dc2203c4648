"""Chart definitions of the monitoring figures, shared by the dashboard and the annual report (one
Vega-Lite definition for the page, the PNG and the PDF; ``charts.specs`` draws them). Titles and labels
are translated here, in the active language."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from charts.specs import Row, Spec, grouped_bars, horizontal, lines_with_band, money_by_year_against_frame
from monitoring.health import AgreementHealth


def committed_against_frame(rows: Sequence[Row], frame_rows: Sequence[Row]) -> Spec:
    """Stacked bars of the committed money per fund (``category``) and ``year``, the year's frame a tick."""
    return money_by_year_against_frame(
        rows,
        frame_rows,
        title=_("Committed EU and state money against the annual frame"),
        labels={
            "year": _("Year"),
            "amount": _("Euros"),
            "category": _("Fund"),
            "frame": _("Annual frame (all funds)"),
            "total": _("Committed in total"),
            "description": _(
                "Stacked bars of the money committed to funded projects per fund for each year, "
                "with the year's frame of all funds as a black tick."
            ),
        },
    )


def spending_chart(health: AgreementHealth) -> Spec:
    """Frame, committed, reported, paid and the forecast by year, with the forecast's range as a band."""
    series = (
        (_("Annual frame"), "frame"),
        (_("Committed"), "committed"),
        (_("Earned by reported costs"), "spent"),
        (_("Paid"), "paid"),
        (_("Forecast"), "forecast"),
    )
    rows = [
        {"year": y.year, "series": label, "amount": getattr(y, key)}
        for y in health.years
        for label, key in series
    ]
    band = [{"year": y.year, "low": y.forecast_low, "high": y.forecast_high} for y in health.years]
    return lines_with_band(
        rows,
        band,
        x="year",
        y="amount",
        colour="series",
        title=_("Frame, commitments, spending, payments and forecast by year"),
        labels={
            "year": _("Year"),
            "amount": _("Euros"),
            "series": _("Figure"),
            "low": _("low"),
            "high": _("high"),
            "description": _(
                "Lines by year of the annual frame, the committed money, the money earned by the costs "
                "reported, the money paid and the forecast, in EU and state money, with the forecast's "
                "range shaded."
            ),
        },
        band_label=_("Forecast range"),
    )


def targets_chart(health: AgreementHealth) -> Spec | None:
    """The share of each number target (indicators, adopted solutions) reached so far."""
    rows = [
        {"target": f"{t.label} – {t.scope}", "share": min(t.share_of_target, Decimal(2))}
        for t in health.targets
        if t.share_of_target is not None
    ]
    if not rows:
        return None
    return horizontal(
        grouped_bars(
            rows,
            x="target",
            y="share",
            title=_("Share of each target reached"),
            labels={
                "target": _("Target"),
                "share": _("Share reached"),
                "description": _("Bars of the share of each indicator target reached so far."),
            },
            unit="percent",
        )
    )
