"""Form pieces every app's pages share: the date widget, and a service's refusal shown on its form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError


class DateInput(forms.DateInput):
    """The browser's date picker; the value in ISO form (YYYY-MM-DD), as the picker expects it."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


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
