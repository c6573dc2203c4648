"""The domain vocabulary in the reader's language, from one place: fund and financing-source names, the
units of the indicators, and a quantity with its unit ("20 yritystä", "20 företag", "20 enterprises").

The names of things that come from the agreement files (themes, sub-topics, methods, funds, indicators)
are per-language fields of their models (``name_fi``, ``name_sv``, ``name_en``; ``obj.name`` is the
reader's one). What the code knows by a code (financing sources, indicator units of Annex I, statuses and
roles as model choices, audit actions in ``audit.actions``) is a gettext msgid, translated in
``locale/*/LC_MESSAGES/django.po``. Anything else (a unit someone typed for an agreement's own
indicator) is shown as typed.

Pages use the ``salkku`` template filters built on this (``fund_label``, ``unit_label``, ``quantity``);
PDFs, spreadsheets and charts call these functions while the report's language is active.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import npgettext, pgettext

from programme.models import FinancingSource

# Annex I's units (programme/data/common.yaml): the name as a heading or in brackets ("yritykset"), and the
# forms after a number, which Finnish and Swedish inflect ("1 yritys", "20 yritystä"). Translated in the
# .po files with the contexts UNIT_CONTEXT and UNIT_AFTER_NUMBER_CONTEXT.
UNIT_CONTEXT = "indicator unit"
UNIT_AFTER_NUMBER_CONTEXT = "indicator unit after a number"
_UNITS: dict[str, tuple[str, str]] = {
    "enterprises": ("%(n)s enterprise", "%(n)s enterprises"),
    "annual FTEs": ("%(n)s annual FTE", "%(n)s annual FTEs"),
    "research institutions": ("%(n)s research institution", "%(n)s research institutions"),
    "euro": ("%(n)s euro", "%(n)s euro"),
    "public institutions": ("%(n)s public institution", "%(n)s public institutions"),
    "participations of institutional stakeholders": (
        "%(n)s participation of institutional stakeholders",
        "%(n)s participations of institutional stakeholders",
    ),
    "persons": ("%(n)s person", "%(n)s persons"),
    "contributions to strategies": ("%(n)s contribution to strategies", "%(n)s contributions to strategies"),
    "projects": ("%(n)s project", "%(n)s projects"),
    "participations of stakeholders": (
        "%(n)s participation of stakeholders",
        "%(n)s participations of stakeholders",
    ),
    "patent applications": ("%(n)s patent application", "%(n)s patent applications"),
    "trademark and design applications": (
        "%(n)s trademark or design application",
        "%(n)s trademark and design applications",
    ),
    "publications": ("%(n)s publication", "%(n)s publications"),
    "users/year": ("%(n)s user/year", "%(n)s users/year"),
    "enterprises/year": ("%(n)s enterprise/year", "%(n)s enterprises/year"),
    "participants": ("%(n)s participant", "%(n)s participants"),
}

KNOWN_UNITS = frozenset(_UNITS)


def fund_label(code: str | None) -> str:
    """A fund's or financing source's short name in the active language (ERDF is "EAKR" in Finnish, "Eruf"
    in Swedish, STATE "Valtion rahoitus"); an unknown code as it is, "–" for none."""
    if not code:
        return "–"
    return str(dict(FinancingSource.choices).get(code, code))


def unit_label(unit: str | None) -> str:
    """An indicator's unit in the active language ("yritykset"); a unit someone typed, as typed."""
    if not unit:
        return ""
    return pgettext(UNIT_CONTEXT, unit) if unit in _UNITS else unit


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def format_number(value: object) -> str:
    """A decimal number without trailing zeros in the active language's format (1 234,5 / 1,234.5)."""
    amount = _decimal(value)
    if amount is None:
        return "–"
    exponent = amount.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return formats.number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)


def unit_after_number(unit: str | None, value: object) -> str:
    """The unit as it reads after ``value`` without the number: "yritystä" after 20, "yritys" after 1; for
    a message that places the number itself ("%(target)s %(unit)s by %(year)s")."""
    amount = _decimal(value)
    forms = _UNITS.get(unit or "")
    if forms is None:
        return unit or ""
    count = 1 if amount == 1 else 2
    return str(npgettext(UNIT_AFTER_NUMBER_CONTEXT, forms[0], forms[1], count) % {"n": ""}).strip()


def quantity(value: object, unit: str | None) -> str:
    """A number with its unit, inflected as the language wants: "1 yritys", "20 yritystä", "2,5
    henkilötyövuotta"; a typed unit follows the number as typed."""
    amount = _decimal(value)
    text = format_number(amount)
    if amount is None or not unit:
        return text
    forms = _UNITS.get(unit)
    if forms is None:
        return f"{text} {unit}"
    return npgettext(UNIT_AFTER_NUMBER_CONTEXT, forms[0], forms[1], 1 if amount == 1 else 2) % {"n": text}
