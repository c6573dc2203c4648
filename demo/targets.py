"""The steering group's targets in the demo: the themes' shares of the committed money and a few
indicators of the whole agreement, reached by 2027 (the agreements' last year).

The figures are the demo's, chosen so that the dashboard shows every kind of status: most targets on
track, some behind, a theme outside its share range. They are not the real agreement's targets.
"""

from __future__ import annotations

from decimal import Decimal

from monitoring.models import TargetKind, ThemeTarget
from programme.models import Agreement, Indicator, Theme

D = Decimal

# Theme code -> (share at least, share at most) of the committed EU and state money.
SHARES = {"T1": ("0.20", "0.35"), "T2": ("0.20", "0.35"), "T3": ("0.15", "0.30"), "T4": ("0.10", "0.25")}
# Indicator code (or "solutions") -> (target, note) for the whole agreement.
AGREEMENT_TARGETS = {
    "RCO10": ("240", "Yrityksiä tutkimusorganisaatioiden kanssa yhteistyössä"),
    "RCO07": ("40", "Tutkimusorganisaatioita yhteisissä tutkimushankkeissa"),
    "RCO01": ("520", "Tuettuja yrityksiä"),
    "solutions": ("40", "Kaupunkien käyttöön ottamia ratkaisuja"),
}


def demo_targets_create(*, agreement: Agreement) -> list[int]:
    """Create the demo's targets for the agreement; the ids of those made (none when it has no themes)."""
    period = agreement.period
    themes = {t.code: t for t in Theme.objects.filter(agreement=agreement)}
    made: list[ThemeTarget] = []
    for code, (low, high) in SHARES.items():
        if code in themes:
            made.append(
                ThemeTarget(
                    agreement=agreement,
                    theme=themes[code],
                    kind=TargetKind.MONEY_SHARE,
                    share_min=D(low),
                    share_max=D(high),
                    start_year=period.start_year,
                    target_year=period.end_year,
                )
            )
    indicators = {i.code: i for i in Indicator.objects.filter(agreement__isnull=True)}
    for code, (value, note) in AGREEMENT_TARGETS.items():
        if code == "solutions":
            made.append(
                ThemeTarget(
                    agreement=agreement,
                    kind=TargetKind.SOLUTIONS,
                    target=D(value),
                    start_year=period.start_year,
                    target_year=period.end_year,
                    note=note,
                )
            )
        elif code in indicators:
            made.append(
                ThemeTarget(
                    agreement=agreement,
                    kind=TargetKind.INDICATOR,
                    indicator=indicators[code],
                    target=D(value),
                    start_year=period.start_year,
                    target_year=period.end_year,
                    note=note,
                )
            )
    if not themes:
        return []
    return [t.pk for t in ThemeTarget.objects.bulk_create(made)]
