"""Forms of the test-environment and adoption registers, and the filters of their lists."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ecosystem.models import AdoptionRole
from ecosystem.services import PeriodData
from partners.models import Organisation, OrganisationKind, Person
from programme.models import Theme
from web.dates import format_date_input, parse_date_input
from web.forms import DateField, field_of

# ISO, d.m.yyyy, and English short or long dates ("1 Jan 2021", "31 December 2023")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2} [A-Za-z]{3,9} \d{4}")
_EXAMPLE = (dt.date(2021, 1, 1), dt.date(2023, 12, 31))


def _example() -> str:
    """An example period in the active language's dates, as the form shows periods."""
    return f"{format_date_input(_EXAMPLE[0])}–{format_date_input(_EXAMPLE[1])}"


def _periods_help() -> str:
    return gettext("One period a line, e.g. %(example)s; leave the end out when open-ended.") % {
        "example": _example()
    }


def parse_periods(text: str) -> list[PeriodData]:
    """One period a line: its first date and, unless open-ended, its last, each in the active language's
    format (1.1.2021–31.12.2023; English also 1 Jan 2021–31 Dec 2023), d.m.yyyy or ISO.

    Raises ValidationError naming the line and what is wrong."""
    periods = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        found = _DATE.findall(line)
        if not found or len(found) > 2:
            raise forms.ValidationError(
                _("Line %(n)s: write a start date and, unless open-ended, an end date (%(example)s).")
                % {"n": n, "example": _example()}
            )
        start, *rest = (parse_date_input(text) for text in found)
        end = rest[0] if rest else None
        if start is None or (rest and end is None):
            raise forms.ValidationError(_("Line %(n)s: not a valid date.") % {"n": n})
        if end is not None and end < start:
            raise forms.ValidationError(_("Line %(n)s: the period ends before it starts.") % {"n": n})
        periods.append(PeriodData(start, end))
    return periods


def format_periods(periods: Any) -> str:
    """Periods as the form shows them and reads them back: one a line, in the active language's dates."""
    return "\n".join(
        f"{format_date_input(p.starts_on)}–{format_date_input(p.ends_on) if p.ends_on else ''}"
        for p in periods
    )


class TestEnvironmentForm(forms.Form):
    __test__ = False

    name = forms.CharField(label=_("Name"), max_length=300)
    # the empty choices as the proposal forms word them, not Django's "---------"
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=Organisation.objects.order_by("name"), empty_label=_("– choose –")
    )
    city = forms.ModelChoiceField(
        label=_("City"),
        required=False,
        empty_label="–",
        queryset=Organisation.objects.filter(kind=OrganisationKind.CITY).order_by("name"),
        help_text=_("The city where it is, if it is in one of the cities."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), required=False, queryset=Theme.objects.select_related("agreement").order_by("code")
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    periods = forms.CharField(
        label=_("Availability periods"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=lazy(_periods_help, str)(),
    )
    capacity = forms.CharField(
        label=_("Capacity and terms"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact = forms.ModelChoiceField(
        label=_("Contact person"),
        required=False,
        empty_label="–",
        queryset=Person.objects.select_related("organisation").order_by("last_name", "first_name"),
        help_text=_("Shown to signed-in users only."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    is_published = forms.BooleanField(
        label=_("Published"), required=False, help_text=_("Published environments are shown to the public.")
    )

    def clean_periods(self) -> list[PeriodData]:
        return parse_periods(self.cleaned_data.get("periods") or "")


class TestEnvironmentFilterForm(forms.Form):
    __test__ = False

    q = forms.CharField(label=_("Name or description"), required=False, max_length=100)
    city = forms.ModelChoiceField(
        label=_("City"),
        required=False,
        empty_label=_("All cities"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.CITY).order_by("name"),
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"), required=False, empty_label=_("All themes"), queryset=Theme.objects.order_by("code")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("In use")), ("retired", _("Retired")), ("all", _("All"))],
    )


class AdoptionForm(forms.Form):
    city = forms.ModelChoiceField(
        label=_("City"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.CITY).order_by("name"),
        empty_label=_("– choose –"),
    )
    unit = forms.CharField(
        label=_("City unit"), max_length=200, help_text=_("e.g. the urban environment division")
    )
    solution = forms.CharField(label=_("Solution"), max_length=300)
    provider = forms.ModelChoiceField(
        label=_("Solution provider"),
        required=False,
        empty_label="–",
        queryset=Organisation.objects.none(),
        help_text=_("The organisation of the consortium whose solution it is (its reference)."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=AdoptionRole.choices)
    adopted_on = DateField(label=_("Adopted on"))
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A decision, contract or procurement that shows it."),
    )
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, providers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if providers is not None:
            field_of(self, "provider", forms.ModelChoiceField).queryset = providers


class AdoptionFilterForm(forms.Form):
    city = forms.ModelChoiceField(
        label=_("City"),
        required=False,
        empty_label=_("All cities"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.CITY).order_by("name"),
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"), required=False, empty_label=_("All themes"), queryset=Theme.objects.order_by("code")
    )
    project = forms.CharField(label=_("Project"), required=False, max_length=100)
    company = forms.CharField(label=_("Solution provider"), required=False, max_length=100)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *AdoptionRole.choices]
    )
