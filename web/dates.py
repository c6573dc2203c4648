"""Dates as the app's forms show and read them, in the active language: shared by the form fields
(``web.forms``) and the template tags that render an input by hand, so that neither imports the other."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import formats
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext

EXAMPLE_DATE = dt.date(2026, 12, 31)
_FINNISH_DATE = "%d.%m.%Y"  # d.m.yyyy, as Finland writes dates in any language
_ISO_DATE = "%Y-%m-%d"  # what the API, the tests and older links send


def active_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def date_input_formats() -> list[str]:
    """The formats a date field reads in the active language (config/formats; English also ``31 Dec
    2026``), then d.m.yyyy and ISO ``2026-12-31`` in every language."""
    found = list(formats.get_format("DATE_INPUT_FORMATS"))
    return found + [f for f in (_FINNISH_DATE, _ISO_DATE) if f not in found]


def format_date_input(value: dt.date) -> str:
    """A date as a date field shows it: the language's short date, as the app's tables show dates
    (7.12.2026 in Finnish and Swedish, 7 Dec 2026 in English)."""
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def parse_date_input(text: str) -> dt.date | None:
    """A date typed in one of ``date_input_formats``; None when it is none of them."""
    text = text.strip()
    for pattern in date_input_formats():
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _date_hint(example: dt.date) -> str:
    return gettext("e.g. %(date)s") % {"date": format_date_input(example)}


date_hint = lazy(_date_hint, str)
