"""Periods and dates that code (not a template's date filter) writes: in the page language's own short
date, never a fixed d.m.yyyy on an English page, and a period with an unknown end never "– – –"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from progress.forms import ClaimForm
from progress.services import Period
from web.templatetags.salkku import speriod

START, END = dt.date(2025, 1, 1), dt.date(2025, 6, 30)


@pytest.mark.parametrize(
    ("lang", "both", "no_start", "no_end"),
    [
        ("fi", "1.1.2025 – 30.6.2025", "– 30.6.2025", "1.1.2025 –"),
        ("sv", "1.1.2025 – 30.6.2025", "– 30.6.2025", "1.1.2025 –"),
        ("en", "1 Jan 2025 – 30 Jun 2025", "– 30 Jun 2025", "1 Jan 2025 –"),
    ],
)
def test_speriod__both_one_or_no_end__reads_as_a_period(
    lang: str, both: str, no_start: str, no_end: str
) -> None:
    # given a period's two ends, either, or neither (a historical project imported without dates)
    with translation.override(lang):
        # when it is shown, then each known end is a short date in the language and an unknown one a dash
        assert (speriod(START, END), speriod(None, END), speriod(START, None)) == (both, no_start, no_end)
        assert speriod(None, None) == "–"


@pytest.mark.parametrize(
    ("lang", "label"), [("fi", "1: 1.1.2025–30.6.2025"), ("en", "1: 1 Jan 2025–30 Jun 2025")]
)
def test_claim_form__period_choices__in_the_page_language(lang: str, label: str) -> None:
    # given a project's first claim period
    period = Period(number=1, start=START, end=END, due=dt.date(2025, 7, 30))
    # when the claim form is made on a page in the language
    with translation.override(lang):
        form = ClaimForm(funds=["ERDF"], periods=[period])
        # then the period's choice reads in the language's short dates (English pages read 01.01.2025 before)
        assert list(form.fields["period"].choices) == [(period.key, label)]  # type: ignore[attr-defined]
