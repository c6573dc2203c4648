"""Form pieces every app's pages share: the date and money fields, and a service's refusal shown on its
form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cores.money import MoneyError, format_amount_input, parse_amount_input
from web.dates import (
    EXAMPLE_DATE,
    active_language,
    date_hint,
    date_input_formats,
    format_date_input,
    parse_date_input,
)

# --- dates ---------------------------------------------------------------------------------------------


class _DateInputFormats:
    """``DateField.input_formats`` read afresh each time, in the language of the request being served."""

    def __iter__(self) -> Iterator[str]:
        return iter(date_input_formats())


class DateInput(forms.TextInput):
    """A date typed as text, shown in the page language's order (not the browser's, as ``<input
    type="date">`` would); autocomplete off (a remembered date from another form misleads)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return format_date_input(value)
        if isinstance(value, str):
            # a date sent as ISO (a test, a link) is shown back in the page's language; a typo as typed
            parsed = parse_date_input(value)
            return format_date_input(parsed) if parsed else value
        formatted: str | None = super().format_value(value)
        return formatted


class DateField(forms.DateField):
    """Every date field of the app: typed in the page language's format (7.12.2026 / 7 Dec 2026), d.m.yyyy
    or ISO 2026-12-31 in any language. The hint shows ``example`` in the language's format, before any
    ``help_text``; ``example=None`` leaves the hint out (a help text that gives its own example)."""

    widget = DateInput
    input_formats = _DateInputFormats()  # type: ignore[assignment]  # an iterable, read lazily like Django's

    def __init__(self, *, example: dt.date | None = EXAMPLE_DATE, **kwargs: Any) -> None:
        if example is not None:
            hint = date_hint(example)
            help_text = kwargs.get("help_text")
            kwargs["help_text"] = format_lazy("{}; {}", hint, help_text) if help_text else hint
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code != "invalid":
                raise
            raise ValidationError(
                _("Enter a real date in the form %(date)s."),
                code="invalid",
                params={"date": format_date_input(EXAMPLE_DATE)},
            ) from None


# --- money ---------------------------------------------------------------------------------------------


class AmountInput(forms.TextInput):
    """An amount typed as text (the decimal keypad on a phone; autocomplete off, a remembered amount
    misleads); its own class so that the pages draw it as wide as an amount needs."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class AmountField(forms.Field):
    """Euros, as every money input of the app takes them. An amount is shown grouped as the page's
    language writes it (146 003,20 / 146,003.20) and read back from that, grouped or not (1234.50, 1234,50
    and 1 234,50 € too), to the exact Decimal, never a float; empty is None."""

    max_length = 24  # longer text is no amount (and not worth parsing)

    def __init__(self, *, allow_negative: bool = False, **kwargs: Any) -> None:
        self.allow_negative = allow_negative
        kwargs.setdefault("widget", AmountInput())
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            return format_amount_input(Decimal(value), lang=active_language())
        return "" if value is None else value

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, Decimal):
            return value
        text = str(value or "").strip()
        if not text:
            return None
        try:
            if len(text) > self.max_length:
                raise MoneyError(text)
            return parse_amount_input(text, lang=active_language(), allow_negative=self.allow_negative)
        except MoneyError:
            raise ValidationError(
                _("Enter an amount in euros, for example %(amount)s."),
                code="invalid",
                params={"amount": format_amount_input(Decimal("12500.00"), lang=active_language())},
            ) from None


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on the field it names, else above the form."""
    if hasattr(error, "error_dict"):
        for key, errors in error.message_dict.items():
            form.add_error(key if key in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


FieldT = TypeVar("FieldT", bound=forms.Field)


def field_of(form: forms.BaseForm, name: str, kind: type[FieldT]) -> FieldT:
    """The form's field ``name`` as the ``kind`` of field it is (``form.fields`` holds plain ``Field``\\s to
    the type checker): checked, so a form that changes a field's class fails here, by name."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{type(form).__name__}.{name} is a {type(field).__name__}, not a {kind.__name__}")
    return field


def label_choices(field: forms.ModelChoiceField, label: Callable[[Any], str]) -> None:
    """Show each of the field's objects as ``label(obj)`` instead of ``str(obj)``."""
    field.label_from_instance = label  # type: ignore[method-assign, assignment]  # Django's documented way to relabel one field's choices


def filter_values(form: forms.Form) -> dict[str, Any]:
    """A list's GET filter form, bound to the query string: its valid values. A value that does not
    validate is ignored (the form shows its error), so a wrong link still lists everything else."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return {k: v for k, v in getattr(form, "cleaned_data", {}).items() if v not in (None, "")}
