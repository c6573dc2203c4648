from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cores.money import MoneyError, format_eur, format_percent, from_cents, parse_amount, to_cents, total

cents = st.integers(min_value=0, max_value=10**13)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("443909", "443909.00"),
        ("71641.5", "71641.50"),
        ("1 234,56", "1234.56"),
        ("1234,56 €", "1234.56"),
        ("\u00a010\u00a0000", "10000.00"),
        ("0", "0.00"),
    ],
)
def test_parse_amount__public_export_forms__are_exact(text: str, expected: str) -> None:
    # given an amount as public exports write it; when parsed; then the Decimal is exact
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("abc", "not a number"),
        ("1,234.5", "mixes"),
        ("-5", "negative"),
        ("1.234", "two decimals"),
        ("NaN", "not a finite"),
    ],
)
def test_parse_amount__bad_text__says_why(text: str, reason: str) -> None:
    with pytest.raises(MoneyError, match=reason):
        parse_amount(text)


@given(cents)
def test_cents__round_trip__is_exact(value: int) -> None:
    # given integer cents; when converted to euros and back; then nothing is lost
    assert to_cents(from_cents(value)) == value


@given(st.lists(cents, max_size=50))
def test_total__of_amounts__equals_sum_of_cents(values: list[int]) -> None:
    # given amounts; when totalled as Decimal; then it equals the integer sum of their cents
    assert to_cents(total(from_cents(v) for v in values)) == sum(values)


@given(cents)
def test_format_eur__finnish__parses_back(value: int) -> None:
    # given an amount; when formatted the Finnish way and parsed; then it is the same amount
    amount = from_cents(value)
    assert parse_amount(format_eur(amount)) == amount


def test_format_eur__languages__follow_local_conventions() -> None:
    amount = Decimal("1234.56")
    assert format_eur(amount) == "1\u202f234,56\u00a0€"
    assert format_eur(amount, lang="sv") == "1\u202f234,56\u00a0€"
    assert format_eur(amount, lang="en") == "€1,234.56"
    assert format_eur(Decimal("-5"), decimals=False) == "−5\u00a0€"


def test_format_percent__share__is_localised() -> None:
    assert format_percent(Decimal("0.4")) == "40,0\u00a0%"
    assert format_percent(Decimal("0.4"), lang="en") == "40.0%"
