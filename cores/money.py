"""Exact money: Decimal euros with two places, integer cents for solvers, Finnish formatting.

Never float. Parsing accepts the forms public exports use ("443909", "71641.5", "1 234,56", "1234,56 €").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


class MoneyError(ValueError):
    """The text is not an amount of money; the message says why."""


def quantize(value: Decimal) -> Decimal:
    """Round half up to whole cents (the rule of Finnish accounting)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_amount(text: str, *, allow_negative: bool = False) -> Decimal:
    """Parse an amount in euros. Both ``1234.5`` and ``1 234,50`` forms; at most two decimals."""
    raw = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").removesuffix("€")
    if not raw:
        raise MoneyError("the amount is empty")
    if "," in raw and "." in raw:
        raise MoneyError(f"{text!r} mixes ',' and '.'; write 1234.56 or 1234,56")
    raw = raw.replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise MoneyError(f"{text!r} is not a number") from None
    if not value.is_finite():
        raise MoneyError(f"{text!r} is not a finite amount")
    if value != value.quantize(CENT) and int(value.as_tuple().exponent) < -2:  # finite: an int exponent
        raise MoneyError(f"{text!r} has more than two decimals")
    if value < 0 and not allow_negative:
        raise MoneyError(f"{text!r} is negative")
    return quantize(value)


_EN_GROUPED = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d*)?")


def format_amount_input(value: Decimal, *, lang: str = "fi") -> str:
    """An amount as a form's input shows it for editing: grouped as the language writes amounts, without
    the euro sign: ``146\u202f003,20`` (fi, sv; the narrow no-break space ``format_eur`` uses) or
    ``146,003.20`` (en). ``parse_amount_input`` in the same language reads it back to the same Decimal."""
    amount = quantize(value)
    sign = "-" if amount < 0 else ""
    text = f"{abs(amount):,.2f}"
    if lang != "en":
        text = text.replace(",", "\u202f").replace(".", ",")
    return f"{sign}{text}"


def parse_amount_input(text: str, *, lang: str = "fi", allow_negative: bool = False) -> Decimal:
    """An amount typed into a form in the page's language: what ``format_amount_input`` shows, grouped or
    not, and the forms ``parse_amount`` reads. In English a comma that groups thousands (``146,003.20``,
    ``1,234``) is a grouping separator; anywhere else a comma is the decimal separator, as in Finnish and
    Swedish (``146 003,20``, ``1234,5``), and a point without a comma is one too (``1234.50``)."""
    raw = text.strip().replace("\u2212", "-").replace("€", "")
    for space in ("\u00a0", "\u202f", " "):
        raw = raw.replace(space, "")
    if lang == "en" and _EN_GROUPED.fullmatch(raw):
        raw = raw.replace(",", "")
    return parse_amount(raw, allow_negative=allow_negative)


def to_cents(value: Decimal) -> int:
    """Exact integer cents of an amount that has at most two decimals."""
    cents = value * 100
    if cents != cents.to_integral_value():
        raise MoneyError(f"{value} has fractions of a cent")
    return int(cents)


def from_cents(cents: int) -> Decimal:
    return quantize(Decimal(cents) / 100)


def total(values: Iterable[Decimal]) -> Decimal:
    return quantize(sum(values, ZERO))


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part / whole`` as an exact Decimal fraction (None when the whole is zero)."""
    if whole == 0:
        return None
    return part / whole


def format_eur(value: Decimal | None, *, lang: str = "fi", decimals: bool = True) -> str:
    """``1 234,56 €`` in Finnish and Swedish, ``€1,234.56`` in English; a narrow no-break space groups."""
    if value is None:
        return "–"
    amount = quantize(value) if decimals else value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    sign = "−" if amount < 0 else ""
    text = f"{abs(amount):,.2f}" if decimals else f"{abs(amount):,.0f}"
    if lang == "en":
        return f"{sign}€{text}"
    text = text.replace(",", "\u202f").replace(".", ",")
    return f"{sign}{text}\u00a0€"


def format_percent(value: Decimal | None, *, lang: str = "fi", places: int = 1) -> str:
    """A fraction (0.4) as ``40,0 %`` (fi, sv) or ``40.0%`` (en)."""
    if value is None:
        return "–"
    pct = (value * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if lang == "en":
        return f"{pct}%"
    return f"{str(pct).replace('.', ',')}\u00a0%"
