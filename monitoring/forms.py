"""Forms of the steering group's targets and of the status rules. Shares are typed as percentages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from monitoring.models import MonitoringRules, TargetKind
from programme.models import Agreement, Indicator, Theme
from web.forms import field_of

HUNDRED = Decimal(100)


def _percent(label: Any, *, required: bool = False, help_text: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_value=HUNDRED,
        max_digits=6,
        decimal_places=2,
        help_text=help_text,
    )


class TargetForm(forms.Form):
    """A new target: what (kind, theme, indicator), how much (a share range or a number) and by when."""

    kind = forms.ChoiceField(label=_("Kind of target"), choices=TargetKind.choices)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    indicator = forms.ChoiceField(
        label=_("Indicator"), required=False, help_text=_("Only for an indicator target.")
    )
    target = forms.DecimalField(
        label=_("Target value"),
        required=False,
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        help_text=_("For an indicator or adopted solutions: the number to reach."),
    )
    baseline = forms.DecimalField(
        label=_("Baseline"), required=False, min_value=Decimal(0), max_digits=14, decimal_places=2
    )
    share_min = _percent(_("Share of the committed money, at least (%)"), help_text=_("For a share target."))
    share_max = _percent(_("Share of the committed money, at most (%)"), help_text=_("For a share target."))
    start_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    target_year = forms.IntegerField(label=_("Target year"), min_value=2000, max_value=2100)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        themes = Theme.objects.filter(agreement=agreement).order_by("order", "code")
        self.themes = {str(t.pk): t for t in themes}
        field_of(self, "theme", forms.ChoiceField).choices = [("", _("The whole agreement"))] + [
            (str(t.pk), str(t)) for t in themes
        ]
        indicators = Indicator.objects.filter(Q(agreement__isnull=True) | Q(agreement=agreement)).order_by(
            "code"
        )
        self.indicators = {str(i.pk): i for i in indicators}
        field_of(self, "indicator", forms.ChoiceField).choices = [("", "–")] + [
            (str(i.pk), f"{i.code} {i.name}") for i in indicators
        ]
        period = agreement.period
        self.fields["start_year"].initial = period.start_year
        self.fields["target_year"].initial = period.end_year

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        data["theme_obj"] = self.themes.get(data.get("theme") or "")
        data["indicator_obj"] = self.indicators.get(data.get("indicator") or "")
        if kind == TargetKind.MONEY_SHARE:
            if data["theme_obj"] is None:
                self.add_error("theme", _("A share target belongs to a theme."))
            if data.get("share_min") is None and data.get("share_max") is None:
                self.add_error("share_min", _("Give at least one end of the share range."))
            lo, hi = data.get("share_min"), data.get("share_max")
            if lo is not None and hi is not None and lo > hi:
                self.add_error("share_max", _("The upper end is below the lower end."))
        else:
            if data.get("target") is None:
                self.add_error("target", _("Give the number to reach."))
            if kind == TargetKind.INDICATOR and data["indicator_obj"] is None:
                self.add_error("indicator", _("Choose the indicator."))
        start, end = data.get("start_year"), data.get("target_year")
        if start is not None and end is not None and end < start:
            self.add_error("target_year", _("The target year is before the first year."))
        return data


def _rules_field(name: str) -> models.Field[Any, Any]:
    field = MonitoringRules._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"MonitoringRules.{name} is not a field of its own")
    return field


def _label(name: str) -> Any:
    """A model field's name as a form label: with a capital letter, in the reader's language."""
    return capfirst(_rules_field(name).verbose_name)


def _hint(name: str) -> Any:
    return capfirst(_rules_field(name).help_text)


def _percent_of(share: Decimal) -> Decimal:
    """0.2500 as 25, 0.1250 as 12.5: a share shown as the percentage a person would type."""
    value = (Decimal(share) * HUNDRED).normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


class RulesForm(forms.Form):
    late_after_days = forms.IntegerField(
        label=_label("late_after_days"),
        help_text=_hint("late_after_days"),
        min_value=0,
        max_value=365,
    )
    spending_behind_percent = _percent(
        _("Spending behind the plan, at most (%)"),
        required=True,
        help_text=_hint("spending_behind_share"),
    )
    indicator_lag_percent = _percent(
        _("Indicator lag, at most (%)"),
        required=True,
        help_text=_hint("indicator_lag_share"),
    )
    min_elapsed_percent = _percent(
        _("Judge indicators after this share of the project's time (%)"), required=True
    )
    high_risks_at_risk = forms.BooleanField(label=_label("high_risks_at_risk"), required=False)
    decommitment_lag_years = forms.IntegerField(
        label=_label("decommitment_lag_years"), min_value=1, max_value=5
    )

    OVERRIDE_PREFIX = "decommitment_lag_"
    overrides_label = _label("decommitment_lag_overrides")
    overrides_hint = _hint("decommitment_lag_overrides")

    def __init__(self, *args: Any, rules: MonitoringRules, **kwargs: Any) -> None:
        """One small number input per programme year, labelled with the year: blank keeps the default
        deadline. Stored years outside the agreement's programme period are kept as they are."""
        super().__init__(*args, **kwargs)
        self.years = list(rules.agreement.period.years)
        self.stored = {str(k): int(v) for k, v in (rules.decommitment_lag_overrides or {}).items()}
        for year in self.years:
            messages = {
                code: _("The deadline of %(year)s must be a whole number of years from 1 to 5.")
                % {"year": year}
                for code in ("invalid", "min_value", "max_value")
            }
            self.fields[self.override_name(year)] = forms.IntegerField(
                label=str(year),
                required=False,
                min_value=1,
                max_value=5,
                error_messages=messages,
                initial=self.stored.get(str(year)),
            )

    @classmethod
    def override_name(cls, year: int) -> str:
        return f"{cls.OVERRIDE_PREFIX}{year}"

    @property
    def main_fields(self) -> list[forms.BoundField]:
        names = {self.override_name(y) for y in self.years}
        return [self[name] for name in self.fields if name not in names]

    @property
    def year_fields(self) -> list[forms.BoundField]:
        return [self[self.override_name(y)] for y in self.years]

    @classmethod
    def initial_of(cls, rules: MonitoringRules) -> dict[str, Any]:
        return {
            "late_after_days": rules.late_after_days,
            "spending_behind_percent": _percent_of(rules.spending_behind_share),
            "indicator_lag_percent": _percent_of(rules.indicator_lag_share),
            "min_elapsed_percent": _percent_of(rules.min_elapsed_for_indicators),
            "high_risks_at_risk": rules.high_risks_at_risk,
            "decommitment_lag_years": rules.decommitment_lag_years,
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        in_period = {str(y) for y in self.years}
        overrides = {year: lag for year, lag in self.stored.items() if year not in in_period}
        for year in self.years:
            lag = data.get(self.override_name(year))
            if lag is not None:
                overrides[str(year)] = lag
        data["decommitment_lag_overrides"] = dict(sorted(overrides.items()))
        return data
