"""The form that starts an annual report: agreement (on the page of all agreements), date, language and
format."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programme.models import Agreement
from reports.models import ReportFormat, ReportLanguage, ReportStatus
from web.forms import DateField, field_of


def last_year_end() -> dt.date:
    return dt.date(timezone.localdate().year - 1, 12, 31)


class ReportForm(forms.Form):
    agreement = forms.ModelChoiceField(
        label=_("Agreement"), queryset=Agreement.objects.none(), to_field_name="slug", empty_label=None
    )
    as_of = DateField(
        label=_("Situation as of"),
        help_text=_("The report shows what was known at the end of this day, e.g. 31 Dec 2025."),
        example=None,
    )
    lang = forms.ChoiceField(label=_("Language"), choices=ReportLanguage.choices)
    format = forms.ChoiceField(label=_("Format"), choices=ReportFormat.choices, initial=ReportFormat.PDF)

    def __init__(
        self, *args: Any, agreements: Any, agreement: Agreement | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "agreement", forms.ModelChoiceField).queryset = agreements
        if agreement is not None:
            self.fields["agreement"].initial = agreement.slug
        self.fields["as_of"].initial = last_year_end()

    def clean_as_of(self) -> dt.date:
        day: dt.date = self.cleaned_data["as_of"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class ReportListFilter(forms.Form):
    """The stored reports filtered by language, format and status (a GET form; the export takes the same rows)."""

    lang = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All languages")), *ReportLanguage.choices]
    )
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("All formats")), *ReportFormat.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *ReportStatus.choices]
    )
