"""Forms of the funding decision and change requests. They parse input (Finnish amounts too); the services
decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cores.money import format_eur
from pipeline.models import Call, CostCategory, FinancingSource
from programme.models import Theme
from web.forms import AmountField, AmountInput, DateField, field_of


class MoneyInput(AmountField):
    """Euros as typed: 1234.50, 1 234,50 or 1 234,50 €; shown grouped as the page's language writes them."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", AmountInput(attrs={"class": "govuk-input govuk-input--width-10"}))
        super().__init__(**kwargs)


def _lang() -> str:
    from django.utils.translation import get_language

    return (get_language() or "fi")[:2]


def category_label(code: str) -> str:
    return str(dict(CostCategory.choices).get(code, code))


def source_label(code: str) -> str:
    return str(dict(FinancingSource.choices).get(code, code))


class FundingDecisionForm(forms.Form):
    decided_on = DateField(label=_("Decision date"))
    eura_code = forms.CharField(
        label=_("EURA code"), max_length=20, required=False, help_text=_("e.g. A81234")
    )
    conditions = forms.CharField(
        label=_("Conditions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        funds: dict[str, Decimal],
        cells: dict[tuple[int, str], Decimal],
        own_lines: list[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.funds, self.cells, self.own_lines = funds, cells, own_lines
        for source, applied in funds.items():
            self.fields[f"granted_{source}"] = MoneyInput(
                label=_("%(fund)s granted") % {"fund": source_label(source)},
                initial=applied,
                help_text=_("applied for %(amount)s") % {"amount": format_eur(applied, lang=_lang())},
            )
        for (year, category), amount in cells.items():
            self.fields[f"budget_{year}_{category}"] = MoneyInput(
                label=f"{year} {category_label(category)}",
                initial=amount,
                required=False,
            )
        for line in own_lines:
            self.fields[f"own_{line.pk}"] = MoneyInput(
                label=f"{source_label(line.source)} {line.organisation or ''}".strip(),
                initial=line.amount,
                required=False,
            )

    def granted(self) -> dict[str, Decimal]:
        return {s: self.cleaned_data[f"granted_{s}"] for s in self.funds}

    def budget(self) -> dict[tuple[int, str], Decimal]:
        """The cells typed in; an empty cell keeps the amount applied for."""
        values = {cell: self.cleaned_data.get(f"budget_{cell[0]}_{cell[1]}") for cell in self.cells}
        return {cell: v for cell, v in values.items() if v is not None}

    def own_financing(self) -> dict[int, Decimal]:
        """The own-financing lines typed in; an empty one keeps the amount of the proposal."""
        values = {line.pk: self.cleaned_data.get(f"own_{line.pk}") for line in self.own_lines}
        return {pk: v for pk, v in values.items() if v is not None}

    def budget_fields(self) -> list[Any]:
        return [self[f"budget_{y}_{c}"] for y, c in self.cells]


class ChangeRequestForm(forms.Form):
    reason = forms.CharField(label=_("Why is the change needed?"), widget=forms.Textarea(attrs={"rows": 3}))
    end_date = DateField(
        label=_("New end date"),
        required=False,
        help_text=_("leave empty unless you ask for an extension"),
    )

    def __init__(
        self, *args: Any, years: list[int], cells: dict[tuple[int, str], Decimal], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.years = years
        self.categories = [c.value for c in CostCategory]
        for year in years:
            for category in self.categories:
                self.fields[f"budget_{year}_{category}"] = MoneyInput(
                    label=f"{year} {category_label(category)}",
                    required=False,
                    initial=cells.get((year, category), Decimal(0)),
                )

    def budget(self) -> dict[tuple[int, str], Decimal]:
        result = {}
        for year in self.years:
            for category in self.categories:
                value = self.cleaned_data.get(f"budget_{year}_{category}")
                result[(year, category)] = value if value is not None else Decimal(0)
        return result

    def grid(self) -> list[tuple[str, list[Any]]]:
        return [(category_label(c), [self[f"budget_{y}_{c}"] for y in self.years]) for c in self.categories]


class ChangeDecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Decision note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("required when rejecting"),
    )


class FundingQueueFilter(forms.Form):
    """The funding authority's queue filtered by theme and call (a GET form; the export takes the same rows)."""

    theme = forms.ModelChoiceField(
        label=_("Theme"), required=False, empty_label=_("All themes"), queryset=Theme.objects.none()
    )
    call = forms.ModelChoiceField(
        label=_("Call for ideas"), required=False, empty_label=_("All calls"), queryset=Call.objects.none()
    )

    def __init__(self, *args: Any, themes: Any = None, calls: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "theme", forms.ModelChoiceField).queryset = (
            themes if themes is not None else Theme.objects.none()
        )
        field_of(self, "call", forms.ModelChoiceField).queryset = (
            calls if calls is not None else Call.objects.none()
        )
