"""Date and money inputs in the page's language (issue 16): a date shows as 7.12.2026 (fi, sv) or
7 Dec 2026 (en) whatever the browser's language, an amount as 146 003,20 or 146,003.20, and each reads
back what it shows (and ISO dates, ungrouped amounts) to the same date or exact Decimal."""

from __future__ import annotations

import datetime as dt
import importlib
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from cores.money import MoneyError, format_amount_input, from_cents, parse_amount_input
from pipeline.forms import MoneyFormField
from projects.decision_forms import FundingDecisionForm, MoneyInput
from web.forms import AmountField, DateField, DateInput
from web.templatetags.salkku import amount_input, date_hint, date_input, govuk_widget

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 12, 7)
SHOWN = {"fi": "7.12.2026", "sv": "7.12.2026", "en": "7 Dec 2026"}
HINT = {"fi": "esim. 31.12.2026", "sv": "t.ex. 31.12.2026", "en": "e.g. 31 Dec 2026"}
DATE_ERROR = {
    "fi": "Syötä oikea päivämäärä muodossa 31.12.2026.",
    "sv": "Ange ett giltigt datum i formen 31.12.2026.",
    "en": "Enter a real date in the form 31 Dec 2026.",
}
AMOUNT = Decimal("146003.20")
GROUPED = {"fi": "146\u202f003,20", "sv": "146\u202f003,20", "en": "146,003.20"}
AMOUNT_ERROR = {
    "fi": "Syötä summa euroina, esimerkiksi 12\u202f500,00.",
    "sv": "Ange ett belopp i euro, till exempel 12\u202f500,00.",
    "en": "Enter an amount in euros, for example 12,500.00.",
}
LANGS = ("fi", "sv", "en")


class DayForm(forms.Form):
    day = DateField(label="Day")
    optional = DateField(label="Optional", required=False, help_text="leave empty if none")


class MoneyForm(forms.Form):
    amount = AmountField(label="Amount")
    decision = MoneyInput(label="Decision", required=False)
    plan = MoneyFormField(label="Plan")


def _value(html: str) -> str:
    found = re.search(r'value="([^"]*)"', html)
    assert found, html
    return found.group(1)


# --- dates ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_date_input__rendered__shows_the_page_languages_order_as_text(lang: str) -> None:
    # given a date field with a date; when rendered in a language
    with translation.override(lang):
        form = DayForm(initial={"day": DAY})
        html = str(form["day"])
        hint = str(form["day"].help_text)
        optional_hint = str(form["optional"].help_text)
    # then a text input (not the browser's own date picker) shows the date in the language's order,
    # with an example in the hint (before the field's own help text), and no remembered values
    assert 'type="text"' in html and 'type="date"' not in html
    assert _value(html) == SHOWN[lang]
    assert 'autocomplete="off"' in html
    assert hint == HINT[lang]
    assert optional_hint == f"{HINT[lang]}; leave empty if none"


@pytest.mark.parametrize("lang", LANGS)
def test_date_input__iso_value_sent_back__is_shown_in_the_languages_order(lang: str) -> None:
    # given a form re-shown with an ISO date a test or link sent; when rendered; then in the language's order
    with translation.override(lang):
        html = str(DayForm(data={"day": "2026-12-07"})["day"])
    assert _value(html) == SHOWN[lang]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        *(
            (lang, text)
            for lang in LANGS
            for text in ("7.12.2026", "07.12.2026", "2026-12-07", " 7.12.2026 ")
        ),
        ("fi", "7.12.26"),
        ("sv", "7.12.26"),
        ("en", "7 Dec 2026"),
        ("en", "7 December 2026"),
        ("en", "07 dec 2026"),
    ],
)
def test_date_input__accepted_forms__parse_to_the_date(lang: str, text: str) -> None:
    # given a date typed as the language writes it, as d.m.yyyy or as ISO; when the form is posted in the
    # language; then it is the date
    with translation.override(lang):
        form = DayForm(data={"day": text})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == DAY


@pytest.mark.parametrize("lang", LANGS)
def test_date_input__what_it_shows__parses_back(lang: str) -> None:
    # given the value a date input shows; when posted back in the same language; then the same date
    with translation.override(lang):
        shown = _value(str(DayForm(initial={"day": DAY})["day"]))
        form = DayForm(data={"day": shown})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == DAY


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("text", ["31.2.2026", "12/7/2026", "7.12", "tomorrow", "2026-13-01"])
def test_date_input__bad_value__is_refused_in_the_readers_language(lang: str, text: str) -> None:
    # given a date that is not a date or not in an accepted form; when posted; then refused with the
    # language's message naming the expected form
    with translation.override(lang):
        form = DayForm(data={"day": text})
        assert not form.is_valid()
        assert form.errors["day"] == [DATE_ERROR[lang]]
        # and the typed text is shown back as typed, for correction
        assert _value(str(form["day"])) == text


def test_every_date_field_of_the_app__is_the_one_localised_date_field() -> None:
    # given every form class of the app's modules; then each declared date field is web.forms.DateField,
    # drawn by web.forms.DateInput (no stray <input type="date"> showing the browser's order)
    modules = [
        "audit.views",
        "decisions.forms",
        "ecosystem.forms",
        "pipeline.forms",
        "progress.forms",
        "projects.decision_forms",
        "reports.forms",
    ]
    seen = 0
    for name in modules:
        module = importlib.import_module(name)
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, forms.Form) and obj.__module__ == name:
                for field_name, field in obj.base_fields.items():
                    if isinstance(field, forms.DateField):
                        seen += 1
                        assert isinstance(field, DateField), f"{name}.{obj.__name__}.{field_name}"
                        assert isinstance(field.widget, DateInput), f"{name}.{obj.__name__}.{field_name}"
    assert seen >= 11


def test_no_template_or_script__draws_the_browsers_date_picker() -> None:
    # given the app's templates and front-end sources; then none writes an <input type="date">
    offenders = []
    for path in ROOT.glob("**/*"):
        if any(part in {".venv", "node_modules", "build", ".git", "staticfiles"} for part in path.parts):
            continue
        if path.suffix in {".html", ".js", ".ts", ".mjs"} and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            if re.search(r"""type\s*=\s*["']?date\b""", text):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


@pytest.mark.parametrize("lang", LANGS)
def test_hand_written_date_input_filters__show_the_languages_format(lang: str) -> None:
    # given the filters of a hand-written date input (progress/claims.html); then the same text as the widget
    with translation.override(lang):
        assert date_input(DAY) == SHOWN[lang]
        assert date_input(None) == ""
        assert date_hint() == HINT[lang]


# --- money ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", ["amount", "decision", "plan"])
def test_money_input__initial_amount__is_shown_grouped_and_posts_back_exactly(lang: str, name: str) -> None:
    # given a money field with an amount; when rendered in a language
    with translation.override(lang):
        shown = _value(str(MoneyForm(initial={name: AMOUNT})[name]))
        # then grouped as the language writes amounts, without the euro sign
        assert shown == GROUPED[lang]
        # and when the shown value is posted back, the same exact Decimal
        form = MoneyForm(data={"amount": "1", name: shown})
        assert form.is_valid(), form.errors
    assert form.cleaned_data[name] == AMOUNT and isinstance(form.cleaned_data[name], Decimal)


@pytest.mark.parametrize("lang", LANGS)
def test_funding_decision_form__prefilled_grant__is_grouped_and_round_trips(lang: str) -> None:
    # given the funding decision form prefilled with the amount applied for (the defect: "146003,20")
    with translation.override(lang):
        form = FundingDecisionForm(
            funds={"ERDF": AMOUNT}, cells={(2026, "personnel"): Decimal("5000")}, own_lines=[]
        )
        granted = _value(str(form["granted_ERDF"]))
        cell = _value(str(form["budget_2026_personnel"]))
        # then grouped in the language
        assert granted == GROUPED[lang]
        assert cell == {"fi": "5\u202f000,00", "sv": "5\u202f000,00", "en": "5,000.00"}[lang]
        # and when posted back as shown, the same amounts
        posted = FundingDecisionForm(
            data={"decided_on": SHOWN[lang], "granted_ERDF": granted, "budget_2026_personnel": cell},
            funds={"ERDF": AMOUNT},
            cells={(2026, "personnel"): Decimal("5000")},
            own_lines=[],
        )
        assert posted.is_valid(), posted.errors
    assert posted.granted() == {"ERDF": AMOUNT}
    assert posted.budget() == {(2026, "personnel"): Decimal("5000.00")}
    assert posted.cleaned_data["decided_on"] == DAY


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        *(
            (lang, text, "146003.20")
            for lang in ("fi", "sv")
            for text in ("146 003,20", "146003,20", "146003.20")
        ),
        *((lang, "146\u00a0003,20 €", "146003.20") for lang in ("fi", "sv")),
        ("en", "146,003.20", "146003.20"),
        ("en", "146003.20", "146003.20"),
        ("en", "€146,003.20", "146003.20"),
        ("en", "1,234", "1234.00"),
        ("en", "1,234,567", "1234567.00"),
        ("en", "0,5", "0.50"),  # a decimal comma, as before: a comma that groups is followed by three digits
    ],
)
def test_parse_amount_input__the_languages_forms__are_exact(lang: str, text: str, expected: str) -> None:
    # given an amount typed as the language writes it; when parsed in that language; then the exact Decimal
    assert parse_amount_input(text, lang=lang) == Decimal(expected)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fi", "146,003.20"),
        ("sv", "1.234,50"),
        ("en", "1,23.40"),
        ("en", "1,2,3"),
        ("fi", "abc"),
        ("en", "-5"),
    ],
)
def test_parse_amount_input__ambiguous_or_bad_text__is_refused(lang: str, text: str) -> None:
    # given text that is no amount in the language (or groups wrongly); when parsed; then refused
    with pytest.raises(MoneyError):
        parse_amount_input(text, lang=lang)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("text", ["12,5x", "1.234", "-100", "1" * 30])
def test_money_input__bad_value__is_refused_in_the_readers_language(lang: str, text: str) -> None:
    # given an amount that is not one; when posted; then refused with the language's message and example
    with translation.override(lang):
        form = MoneyForm(data={"amount": text})
        assert not form.is_valid()
        assert form.errors["amount"] == [AMOUNT_ERROR[lang]]


@pytest.mark.parametrize("lang", LANGS)
def test_hand_written_money_input_filter__shows_the_amount_grouped(lang: str) -> None:
    # given the filter of a hand-written money input (progress/claims.html); then as the widget shows it
    with translation.override(lang):
        assert amount_input(AMOUNT) == GROUPED[lang]
        assert amount_input(None) == ""


@given(cents=st.integers(min_value=-(10**14), max_value=10**14), lang=st.sampled_from(LANGS))
def test_amount_input__round_trip__is_exact(cents: int, lang: str) -> None:
    # given any amount in cents; when shown as an input shows it and read back in the same language;
    # then the same Decimal, and the plain forms (1234.5, 1234,5 in fi/sv) read to it too
    amount = from_cents(cents)
    assert (
        parse_amount_input(format_amount_input(amount, lang=lang), lang=lang, allow_negative=True) == amount
    )
    assert parse_amount_input(str(amount), lang=lang, allow_negative=True) == amount
    if lang != "en":
        assert parse_amount_input(str(amount).replace(".", ","), lang=lang, allow_negative=True) == amount


def test_date_and_amount_inputs__drawn_by_the_pages__are_as_wide_as_their_value() -> None:
    # given a form with a date and an amount, drawn as the pages draw a field (govuk_widget)
    class Both(forms.Form):
        day = DateField(label="Day")
        amount = AmountField(label="Amount")

    form = Both(data={"day": "no", "amount": "no"})
    form.is_valid()
    # when each is drawn, then govuk-frontend's fixed width, beside the error class (was the page's whole width)
    for name in ("day", "amount"):
        html = str(govuk_widget(form[name]))
        assert 'class="govuk-input govuk-input--error govuk-input--width-10"' in html, html
