"""Demo review criteria: every call of the demo gets the steering group's six criteria and weights, so
that proposals can be assigned to reviewers and scored straight away. Demo mode only (called by the demo
writer)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from pipeline.models import Call
from review.models import Criterion

# (name, what the reviewers look at, weight): the selection criteria the memo names for the agreement.
DEMO_CRITERIA = (
    ("TKI-vaikuttavuus", "Uusi osaaminen, tutkimuksen ja yritysten yhteistyö, TKI-investoinnit.", "3"),
    ("Liiketoimintapotentiaali", "Uudet tuotteet ja palvelut, kasvu, vienti, referenssit yrityksille.", "2"),
    ("Kaupunkien käyttöönotto", "Ottavatko kaupungit ratkaisut käyttöön; kokeiluympäristöt.", "2"),
    ("Hiilineutraalius", "Vaikutus kaupunkien hiilineutraaliustavoitteisiin.", "1.5"),
    ("Kansainväliset yhteydet", "Kytkös kansainvälisiin TKI-verkostoihin ja arvoketjuihin.", "1"),
    ("Toteutettavuus", "Konsortio, aikataulu, budjetti ja riskit.", "1.5"),
)


def add_review_criteria(calls: Iterable[Call]) -> int:
    """Create the criteria of each call (the demo's calls are new, so none exist yet); returns how many."""
    criteria = [
        Criterion(call=call, name=name, description=description, weight=Decimal(weight), order=order)
        for call in calls
        for order, (name, description, weight) in enumerate(DEMO_CRITERIA)
    ]
    Criterion.objects.bulk_create(criteria)
    return len(criteria)
