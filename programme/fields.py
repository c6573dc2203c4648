"""Shared field types: exact money and shares."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language


def repr_date(day: Any) -> str:
    """A date as d.m.yyyy, for an object's name (``__str__``): the audit log records it once for readers of
    every language, so it is neither ISO nor one language's long form."""
    return f"{day.day}.{day.month}.{day.year}" if day else ""


class MoneyField(models.DecimalField):
    """Euros, exact, two decimal places (never float)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)


class ShareField(models.DecimalField):
    """A fraction between 0 and 1 with four decimals (0.4000 = 40 %)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 5)
        kwargs.setdefault("decimal_places", 4)
        kwargs.setdefault("validators", [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))])
        super().__init__(*args, **kwargs)


def language_of(obj: object, field: str) -> str:
    """The language whose ``<field>_<lang>`` text is shown in the active language: that language's own
    where it has one, else Finnish (the agreement files' language)."""
    lang = (get_language() or "fi")[:2]
    return lang if getattr(obj, f"{field}_{lang}", "") else "fi"


def in_language(obj: object, field: str) -> str:
    """``<field>_<lang>`` of the active language, Finnish where that one is empty."""
    return str(getattr(obj, f"{field}_{language_of(obj, field)}", ""))


class TranslatedNameMixin:
    """Models with name_fi / name_sv / name_en: ``name`` is the one of the active language (Finnish first)."""

    name_fi: str
    name_sv: str
    name_en: str

    @property
    def name(self) -> str:
        lang = (get_language() or "fi")[:2]
        return getattr(self, f"name_{lang}", "") or self.name_fi or self.name_en

    @property
    def name_language(self) -> str:
        """The language ``name`` is in (for its ``lang``: a Finnish name on a Swedish page is hyphenated by
        the Finnish rules and read out in Finnish)."""
        lang = (get_language() or "fi")[:2]
        if getattr(self, f"name_{lang}", ""):
            return lang
        return "fi" if self.name_fi or not self.name_en else "en"

    def __str__(self) -> str:
        return self.name
