"""The programme period's name in the reader's language (Swedish and English pages showed
"Rakennerahasto-ohjelma 2021–2027" under every agreement's name); a name of another kind stays as written."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from programme.models import ProgrammePeriod


def _period(name: str) -> ProgrammePeriod:
    return ProgrammePeriod(
        code="2021-2027", name=name, start_year=2021, end_year=2027, last_eligible_date=dt.date(2029, 12, 31)
    )


def test_label__the_usual_finnish_name__translated() -> None:
    # given the period as the agreement files name it
    period = _period("Rakennerahasto-ohjelma 2021–2027")
    # when it is shown in each language
    labels = {}
    for lang in ("fi", "sv", "en"):
        with translation.override(lang):
            labels[lang] = period.label
            assert str(period) == labels[lang]
    # then each language has its own words, with the years
    assert labels["fi"] == "Rakennerahasto-ohjelma 2021–2027"
    assert labels["sv"] == "Strukturfondsprogrammet 2021–2027"
    assert labels["en"] == "Structural funds programme 2021–2027"


def test_label__another_name__as_written() -> None:
    # given a period someone named otherwise
    period = _period("Uudistuva ja osaava Suomi 2021–2027")
    # when it is shown in English
    with translation.override("en"):
        # then it stays as written
        assert period.label == "Uudistuva ja osaava Suomi 2021–2027"
