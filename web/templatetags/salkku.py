"""Salkku's template filters and tags: money, percentages, dates and numbers in the active language's
format, the agreement's brand colours, and URL helpers for the language switch and pagination.

    {% load salkku %}
    {{ amount|eur }}          1 234,56 € (fi, sv) / €1,234.56 (en); "–" for None
    {{ share|percent }}       40,0 % / 40.0%
    {{ day|sdate }}           29.11.2026 (fi, sv) / 29 Nov 2026 (en): config/formats
    {{ n|quantity:unit }}     20 yritystä (fi) / 20 företag (sv) / 20 enterprises (en)
    {{ value|number }}        1 234,5 (fi) / 1,234.5 (en)
    {{ amount|amount_input }} 1 234,56 (fi, sv) / 1,234.56 (en): a money input's value (web.forms.AmountField)
    {{ day|date_input }}      7.12.2026 (fi, sv) / 7 Dec 2026 (en): a date input's value (web.forms.DateField)
    {% date_hint %}           esim. 31.12.2026 / t.ex. 31.12.2026 / e.g. 31 Dec 2026: a date input's hint
    {% brand_style agreement %}
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.conf import settings
from django.db.models import Model
from django.forms import BoundField
from django.urls import reverse, translate_url
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import SafeString

from audit import locking
from cores.language import guess_language
from cores.money import format_amount_input, format_eur, format_percent
from programme import vocabulary
from web import dates

register = template.Library()

DEFAULT_BRAND = "#0f5e9c"
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_TEXT_DARK = "#0b0c0c"
_TEXT_LIGHT = "#ffffff"
_NAV_BACKGROUND = "#f3f2f1"  # govuk-frontend's canvas background, behind the service navigation


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def eur(value: object, style: str = "") -> str:
    """Euros with cents in the active language's format; "–" when there is no amount.

    ``|eur:"whole"`` leaves out ",00" from an amount that has no cents (never rounds one that has): for
    tables whose amounts are all whole euros. ``|eur:"round"`` shows whole euros, rounded half up, for wide
    overview tables that say so; their totals are computed from the exact amounts.
    """
    amount = _decimal(value)
    whole = style == "round" or (
        style == "whole" and amount is not None and amount == amount.to_integral_value()
    )
    return format_eur(amount, lang=dates.active_language(), decimals=not whole)


@register.filter
def percent(value: object, places: int = 1) -> str:
    """A fraction (0.4) as a percentage (40,0 %); "–" when there is none."""
    return format_percent(_decimal(value), lang=dates.active_language(), places=int(places))


@register.filter
def sdate(value: dt.date | dt.datetime | str | None) -> str:
    """A short date: 29.11.2026 in Finnish and Swedish, 29 Nov 2026 in English (config/formats). A date
    recorded as ISO text (a change request's or audit entry's value) too; other text as it is."""
    if not value:
        return "–"
    if isinstance(value, str):
        try:
            return formats.date_format(dt.date.fromisoformat(value[:10]), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return formats.date_format(value, "SHORT_DATE_FORMAT")


@register.filter
def speriod(start: dt.date | str | None, end: dt.date | str | None) -> str:
    """A period of two short dates, "1.1.2025 – 30.6.2025"; with one end unknown, the known one and a
    dash on the other side ("– 30.6.2025"); with neither, one dash (never "– – –")."""
    if not start and not end:
        return "–"
    return f"{sdate(start) if start else ''} – {sdate(end) if end else ''}".strip()


@register.filter
def number(value: object) -> str:
    """A decimal number without trailing zeros, grouped in the active language's format."""
    return vocabulary.format_number(value)


@register.filter
def amount_input(value: object) -> str:
    """An amount as a hand-written money input's value: grouped, without the euro sign; "" for none."""
    amount = _decimal(value)
    return "" if amount is None else format_amount_input(amount, lang=dates.active_language())


@register.filter
def date_input(value: dt.date | None) -> str:
    """A date as a hand-written date input's value, in the page language's format; "" for none."""
    return dates.format_date_input(value) if value else ""


@register.simple_tag
def date_hint() -> str:
    """The hint of a hand-written date input: "esim. 31.12.2026" in the page's language."""
    return str(dates.date_hint(dates.EXAMPLE_DATE))


@register.filter
def person(user: object) -> str:
    """A user's full name, else their username; "–" when there is none (nothing decided yet)."""
    if user is None or not hasattr(user, "get_username"):
        return "–"
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return str(full or user.get_username())


@register.filter
def etag(obj: Model) -> str:
    """The object's version tag for a form's hidden ``version`` field (audit.locking)."""
    return locking.etag(obj)


@register.filter
def zip_with(first: Iterable[object], second: Iterable[object]) -> list[tuple[object, object]]:
    """Pairs of two sequences of the same length, for a loop over both: ``{% for a, b in xs|zip_with:ys %}``."""
    return list(zip(first, second, strict=True))


@register.filter
def lookup(mapping: Any, key: object) -> object:
    """``mapping[key]``, or None when the key is missing (a template cannot index by a variable)."""
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


@register.filter
def fund_label(code: str) -> str:
    """A fund's short name in the active language (ERDF is EAKR in Finnish); unknown codes as they are."""
    return vocabulary.fund_label(code)


@register.filter
def unit_label(unit: str) -> str:
    """An indicator's unit in the active language ("yritykset"); a typed unit as typed."""
    return vocabulary.unit_label(unit)


@register.filter
def quantity(value: object, unit: str) -> str:
    """A number with its indicator unit, inflected: ``{{ target.target|quantity:target.indicator.unit }}``
    gives "20 yritystä" (fi), "20 företag" (sv), "20 enterprises" (en)."""
    return vocabulary.quantity(value, unit)


# --- the agreement's colours -------------------------------------------------------------------------


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    return (int(hex_colour[1:3], 16) / 255, int(hex_colour[3:5], 16) / 255, int(hex_colour[5:7], 16) / 255)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgb)


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of a #rrggbb colour."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _darken(hex_colour: str, amount: float) -> str:
    r, g, b = _rgb(hex_colour)
    return _hex((r * (1 - amount), g * (1 - amount), b * (1 - amount)))


def brand_palette(colour: str | None) -> dict[str, str]:
    """The CSS custom properties for an agreement's colour, each pair meeting WCAG 2.1 AA contrast.

    - ``--salkku-brand``: the colour itself, darkened if no text colour reads on it at 4.5:1 (an invalid
      value falls back to Salkku's blue);
    - ``--salkku-on-brand``: white or near-black text, whichever contrasts more with the brand;
    - ``--salkku-brand-dark``: a darker shade for the band's bottom border;
    - ``--salkku-accent``: the brand darkened until it reads as link text (4.5:1) on the navigation band.
    """
    brand = colour.lower() if colour and _HEX.match(colour) else DEFAULT_BRAND
    on_brand = max((_TEXT_LIGHT, _TEXT_DARK), key=lambda text: contrast_ratio(brand, text))
    # A mid-tone (e.g. #f00000) reads with neither text colour at 4.5:1: darken it until white text does.
    base, step = brand, 0.0
    while contrast_ratio(brand, on_brand) < 4.5 and step < 1:
        step += 0.05
        brand, on_brand = _darken(base, step), _TEXT_LIGHT
    accent = brand
    step = 0.0
    while contrast_ratio(accent, _NAV_BACKGROUND) < 4.5 and step < 1:
        step += 0.05
        accent = _darken(brand, step)
    return {
        "--salkku-brand": brand,
        "--salkku-brand-dark": _darken(brand, 0.25),
        "--salkku-on-brand": on_brand,
        "--salkku-accent": accent,
    }


@register.simple_tag
def brand_style(agreement: object = None) -> str:
    """A <link> to the stylesheet setting the agreement's colours as CSS custom properties (web/brand.py;
    no inline <style>: Content-Security-Policy). Nothing without a valid colour."""
    colour = getattr(agreement, "brand_colour", None)
    if not colour or not _HEX.match(colour):
        return ""
    href = reverse("brand_stylesheet", args=[colour[1:].lower()])
    return format_html('<link rel="stylesheet" href="{}">', href)


# --- URLs ---------------------------------------------------------------------------------------------


@register.simple_tag(takes_context=True)
def default_language_path(context: template.Context) -> str:
    """The current page's address in the default language (no prefix), for set_language's ``next``:
    Django's set_language translates it into the chosen language."""
    request = context.get("request")
    if request is None:
        return "/"
    return translate_url(request.get_full_path(), settings.LANGUAGE_CODE)


@register.simple_tag(takes_context=True)
def page_url(context: template.Context, page: int) -> str:
    """The current address with ``page`` replaced, keeping the filters."""
    request = context["request"]
    query = request.GET.copy()
    query["page"] = page
    return f"{request.path}?{query.urlencode()}"


# --- forms ---------------------------------------------------------------------------------------------

_WIDGET_CLASSES = {
    "Select": "govuk-select",
    "Textarea": "govuk-textarea",
}
# Inputs of a known length drawn as wide as it (govuk-frontend's fixed widths), not across the page.
_WIDGET_WIDTHS = {
    "DateInput": "govuk-input--width-10",
    "AmountInput": "govuk-input--width-10",
}


@register.filter
def is_checkbox(field: BoundField) -> bool:
    """A bound field drawn as a single checkbox (govuk-frontend's checkboxes, label after the box)."""
    return type(field.field.widget).__name__ == "CheckboxInput"


@register.filter
def govuk_widget(field: BoundField) -> SafeString:
    """Render a bound field's widget with govuk-frontend's classes and its hint and error described."""
    name = type(field.field.widget).__name__
    base = _WIDGET_CLASSES.get(name, "govuk-input")
    classes = [base]
    if field.errors:
        classes.append(f"{base}--error")
    if name in _WIDGET_WIDTHS:
        classes.append(_WIDGET_WIDTHS[name])
    attrs: dict[str, str | bool] = {"class": " ".join(classes)}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


def _foreign(language: str | None) -> str | None:
    """``language`` where it is known and not the page's; else None."""
    return language if language and language != dates.active_language() else None


@register.filter
def named(obj: Any) -> SafeString | str:
    """A translated name (a theme, a method, an indicator) in the reader's language, marked with its own
    ``lang`` where the page shows another language's name for want of one in its own (a Finnish theme name
    on a Swedish page is read out and hyphenated as Finnish; WCAG 2.1, 3.1.2)."""
    if obj is None:
        return "–"
    name = getattr(obj, "name", None)
    if name is None:
        return str(obj)
    language = _foreign(getattr(obj, "name_language", None))
    return format_html('<span lang="{}">{}</span>', language, name) if language else str(name)


@register.filter
def lang_of(text: object) -> SafeString | str:
    """`` lang="fi"`` for the element holding ``text`` someone typed, where its language can be told and
    differs from the page's (``<p class="govuk-body"{{ proposal.summary|lang_of }}>``); else nothing.
    Typed text stays as typed; this only says which language it is in (WCAG 2.1, 3.1.2)."""
    if not isinstance(text, str) or not text.strip():
        return ""
    language = _foreign(guess_language(text))
    return format_html(' lang="{}"', language) if language else ""


@register.filter
def typed(text: object) -> SafeString | str:
    """Text someone typed, as typed, in a ``<span lang>`` of its language where that can be told and
    differs from the page's (a Finnish project name in a Swedish page's list); for text inside an element
    that holds other text too. See ``lang_of`` for an element of its own."""
    if not isinstance(text, str):
        return "" if text is None else str(text)
    attribute = lang_of(text)
    return format_html("<span{}>{}</span>", attribute, text) if attribute else text
