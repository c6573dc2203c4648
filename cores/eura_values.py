"""Values in the EURA lists (pure Python): dates, euros and texts of a cell, read as :mod:`cores.eura`
describes; a ValueError says why a value is refused."""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from cores.money import MoneyError, parse_amount, quantize

MAX_AMOUNT = Decimal("999999999999.99")  # the largest amount the register stores

_DATE_FI = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")
_SPACES = re.compile(r"\s+")
_PIPE = re.compile(r"\s*\|\s*")


def parse_date(value: Any) -> dt.date:
    """A date from a cell: a ``d.m.yyyy`` or ISO text, or an Excel date. ValueError says why not."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = display(value).strip()
    if not text:
        raise ValueError("the date is missing")
    match = _DATE_FI.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    elif (match := _DATE_ISO.match(text)) is not None:
        year, month, day = (int(g) for g in match.groups())
    else:
        raise ValueError("not a date: dates are written d.m.yyyy, e.g. 31.12.2016")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError("no such day in the calendar") from None


def parse_money(value: Any) -> Decimal:
    """Euros from a cell: a text (``443909``, ``71641.5``, ``1 234,56``) or Excel number; not negative."""
    if isinstance(value, bool):
        raise ValueError("not an amount of money")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("not a finite amount")
        # An Excel number is a binary float: the nearest cent is what it means, if it is that near.
        exact = Decimal(repr(value))
        amount = quantize(exact)
        if abs(exact - amount) > Decimal("0.000001"):
            raise ValueError("has more than two decimals")
    elif isinstance(value, Decimal):
        amount = value
        if amount != quantize(amount):
            raise ValueError("has more than two decimals")
    else:
        try:
            amount = parse_amount(display(value), allow_negative=True)
        except MoneyError as error:
            raise ValueError(money_reason(error)) from None
        except InvalidOperation:
            raise ValueError("not a number") from None
    if amount < 0:
        raise ValueError("negative: these figures are cumulative euros and cannot be below zero")
    if amount > MAX_AMOUNT:
        raise ValueError("too large an amount")
    return quantize(amount)


def money_reason(error: MoneyError) -> str:
    text = str(error)
    if "empty" in text:
        return "the amount is missing"
    if "more than two decimals" in text:
        return "has more than two decimals"
    if "mixes" in text:
        return "mixes ',' and '.'; write 1234.56"
    return "not a number: amounts are euros, e.g. 443909 or 71641.50"


def format_date(value: dt.date) -> str:
    return f"{value.day}.{value.month}.{value.year}"


def display(value: Any) -> str:
    """A cell as text, as a user would see it in the file."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return format_date(value.date())
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def restore_commas(text: str) -> str:
    """Undo the upstream replacement of commas by ``|`` in a name of the 2014 list."""
    return clean(_PIPE.sub(", ", text)).strip(", ") if "|" in text else text


def shorten(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
