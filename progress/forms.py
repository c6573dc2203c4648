"""Forms of progress reports and payment claims. Rows left empty are ignored; the services check the rest
and name the field (or the part and row) they refuse."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pipeline.models import CostCategory, FinancingSource, IndicatorTarget
from progress.models import ClaimFund, ClaimStatus, MilestoneStatus, ReportStatus, RiskLevel
from progress.services import Period
from projects.decision_forms import MoneyInput
from web.dates import format_date_input
from web.forms import DateField, field_of

BLANK: list[tuple[Any, Any]] = [("", "–")]


class ReportForm(forms.Form):
    """The narrative and one actual value per indicator target of the project."""

    narrative = forms.CharField(
        label=_("Narrative"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What was done in the period, what changed and what comes next."),
    )

    def __init__(self, *args: Any, targets: list[IndicatorTarget], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.targets = targets
        for target in targets:
            self.fields[f"indicator_{target.pk}"] = forms.DecimalField(
                label=f"{target.indicator.code} {target.indicator.name} ({target.indicator.unit_label})",
                required=False,
                max_digits=12,
                decimal_places=2,
                min_value=Decimal(0),
                help_text=_("Target %(target)s") % {"target": target.target},
            )

    def indicator_fields(self) -> list[forms.BoundField]:
        return [self[f"indicator_{t.pk}"] for t in self.targets]

    def indicators(self) -> dict[int, Decimal | None]:
        return {t.pk: self.cleaned_data.get(f"indicator_{t.pk}") for t in self.targets}


class RowForm(forms.Form):
    """A table row: empty rows are skipped, a half-filled one must be completed."""

    needed: tuple[str, ...] = ()

    def is_blank(self) -> bool:
        return not any(self.cleaned_data.get(name) not in (None, "") for name in self.fields)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if any(data.get(name) not in (None, "") for name in self.fields):
            for name in self.needed:
                if data.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, _("Fill in this field, or empty the whole row."))
        return data


class SpendingForm(RowForm):
    needed = ("year", "category", "source", "amount")
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    category = forms.ChoiceField(
        label=_("Cost category"), required=False, choices=BLANK + CostCategory.choices
    )
    source = forms.ChoiceField(label=_("Source"), required=False, choices=BLANK + FinancingSource.choices)
    amount = MoneyInput(label=_("Amount, euros"), required=False)

    def __init__(self, *args: Any, years: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "year", forms.ChoiceField).choices = BLANK + [(y, str(y)) for y in years or []]


class MilestoneForm(RowForm):
    needed = ("text", "status")
    text = forms.CharField(label=_("Milestone"), required=False, max_length=500)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=BLANK + MilestoneStatus.choices)


class RiskForm(RowForm):
    needed = ("text", "level")
    text = forms.CharField(label=_("Risk"), required=False, max_length=500)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=BLANK + RiskLevel.choices)


class SolutionForm(RowForm):
    needed = ("organisation", "description")
    organisation = forms.TypedChoiceField(label=_("City"), required=False, coerce=int, empty_value=None)
    description = forms.CharField(
        label=_("Solution adopted"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, cities: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "organisation", forms.ChoiceField).choices = BLANK + [
            (c.pk, c.name) for c in cities or []
        ]


SpendingFormSet = forms.formset_factory(SpendingForm, extra=3)
MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=2)
RiskFormSet = forms.formset_factory(RiskForm, extra=2)
SolutionFormSet = forms.formset_factory(SolutionForm, extra=2)


def rows_of(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    return [form.cleaned_data for form in formset.forms if form.cleaned_data and not form.is_blank()]


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ScheduleForm(forms.Form):
    period_months = forms.IntegerField(label=_("Reporting period, months"), min_value=1, max_value=24)
    due_days = forms.IntegerField(label=_("Days to report after the period"), min_value=0, max_value=180)


class ClaimForm(forms.Form):
    fund = forms.ChoiceField(label=_("Fund"), choices=ClaimFund.choices)
    period = forms.ChoiceField(label=_("Reporting period"))
    claimed = MoneyInput(label=_("Claimed, euros"))

    def __init__(self, *args: Any, funds: list[str], periods: list[Period], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "fund", forms.ChoiceField).choices = [(f, str(ClaimFund(f).label)) for f in funds]
        field_of(self, "period", forms.ChoiceField).choices = [
            (p.key, f"{p.number}: {format_date_input(p.start)}–{format_date_input(p.end)}") for p in periods
        ]

    def period_dates(self) -> tuple[dt.date, dt.date]:
        start, end = self.cleaned_data["period"].split("/")
        return dt.date.fromisoformat(start), dt.date.fromisoformat(end)


class ClaimDecisionForm(forms.Form):
    """The funding authority's approval (an amount) or payment (an amount and a date) of one claim."""

    claim = forms.IntegerField(widget=forms.HiddenInput)
    approved = MoneyInput(label=_("Approved, euros"), required=False)
    paid = MoneyInput(label=_("Paid, euros"), required=False)
    paid_on = DateField(label=_("Paid on"), required=False)
    approval_reason = forms.CharField(label=_("Why less than claimed? (required for a cut)"), required=False)
    payment_reason = forms.CharField(label=_("Why less than approved? (required for a cut)"), required=False)


class ReportListFilter(forms.Form):
    """A project's progress reports filtered by status (a GET form; the export takes the same rows)."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *ReportStatus.choices]
    )


class ClaimListFilter(forms.Form):
    """A project's payment claims filtered by status and fund (a GET form; the export takes the same rows)."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *ClaimStatus.choices]
    )
    fund = forms.ChoiceField(
        label=_("Fund"), required=False, choices=[("", _("All funds")), *ClaimFund.choices]
    )
