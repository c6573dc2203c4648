"""Forms of the pipeline's pages. They only parse and check input; the services decide and write."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partners.models import Organisation, TestEnvironment
from pipeline.models import Call, CostCategory, FinancingSource, Idea, IdeaStatus, PartnerRole, Proposal
from programme.models import Indicator, Method, PartyRole, Theme
from web.forms import AmountField, AmountInput, DateField, field_of, label_choices

if TYPE_CHECKING:
    from django.forms.renderers import BaseRenderer


class MoneyFormField(AmountField):
    """Euros as typed in Finland or elsewhere: 1 234,50 or 1234.50, shown grouped; empty is None."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", AmountInput(attrs={"class": "govuk-input govuk-input--width-10"}))
        super().__init__(**kwargs)


class ThemeField(forms.ModelChoiceField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # "– choose –" as the organisation's field says, not Django's "---------"
        kwargs.setdefault("empty_label", _("– choose –"))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Theme) -> str:
        return f"{obj.code} · {obj.name}"


class OrganisationField(forms.ModelChoiceField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("empty_label", _("– choose –"))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.name} ({obj.business_id})" if obj.business_id else obj.name


def agreement_cities(agreement_id: int) -> Any:
    return Organisation.objects.filter(
        parties_to__agreement_id=agreement_id, parties_to__role=PartyRole.CITY
    ).order_by("name")


# --- calls and ideas ------------------------------------------------------------------------------------


class CallForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ideas are submitted on one of these themes."),
    )
    opens_on = DateField(label=_("Opens"))
    closes_on = DateField(label=_("Closes"))
    instructions = forms.CharField(
        label=_("Instructions to applicants"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args: Any, agreement_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "themes", forms.ModelChoiceField).queryset = Theme.objects.filter(
            agreement_id=agreement_id
        ).order_by("order", "code")
        label_choices(field_of(self, "themes", forms.ModelChoiceField), lambda t: f"{t.code} · {t.name}")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The call must close on or after the day it opens."))
        return data


class IdeaForm(forms.Form):
    organisation = OrganisationField(label=_("Organisation"), queryset=Organisation.objects.none())
    theme = ThemeField(label=_("Theme"), queryset=Theme.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What would be done, with whom, and what would change for the cities."),
    )

    def __init__(self, *args: Any, call: Call, organisation_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "organisation", forms.ModelChoiceField).queryset = Organisation.objects.filter(
            pk__in=organisation_ids
        ).order_by("name")
        themes = (
            call.themes.all()
            if call.themes.exists()
            else Theme.objects.filter(agreement_id=call.agreement_id)
        )
        field_of(self, "theme", forms.ModelChoiceField).queryset = themes.order_by("order", "code")
        if len(organisation_ids) == 1:
            self.fields["organisation"].initial = next(iter(organisation_ids))


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}))


class IdeaChoiceForm(forms.Form):
    """Choose another idea of the same agreement (to link to, or to merge into)."""

    other = forms.ModelChoiceField(label=_("Idea"), queryset=Idea.objects.none(), empty_label=_("– choose –"))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args: Any, idea: Idea, label: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = field_of(self, "other", forms.ModelChoiceField)
        field.queryset = (
            Idea.objects.filter(agreement_id=idea.agreement_id)
            .exclude(pk=idea.pk)
            .exclude(status=IdeaStatus.MERGED)
            .select_related("organisation")
            .order_by("title")
        )
        label_choices(field, lambda i: f"{i.title} – {i.organisation.name}")
        if label:
            field.label = label


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the applicants"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


# --- the proposal edit page ---------------------------------------------------------------------------


class ProposalBasicsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    acronym = forms.CharField(label=_("Acronym"), max_length=40, required=False)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    objectives = forms.CharField(
        label=_("Objectives"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the project achieves, and how you will know."),
    )
    theme = ThemeField(label=_("Primary theme"), queryset=Theme.objects.none())
    start_date = DateField(label=_("Start"))
    end_date = DateField(label=_("End"))
    indirect_percent = forms.DecimalField(
        label=_("Flat-rate indirect costs, % of personnel costs"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input govuk-input--width-4"}),
    )
    methods = forms.ModelMultipleChoiceField(
        label=_("Methods"),
        queryset=Method.objects.order_by("order"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    test_environments = forms.ModelMultipleChoiceField(
        label=_("Test environments used"),
        queryset=TestEnvironment.objects.none(),
        required=False,
        # Checkboxes, not a multi-select: a select box cut its list to one row, and choosing several
        # needed Ctrl, which a phone has not.
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose every test environment the project uses."),
    )
    adopting_cities = forms.ModelMultipleChoiceField(
        label=_("Cities expected to adopt the results"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "theme", forms.ModelChoiceField).queryset = Theme.objects.filter(
            agreement_id=proposal.agreement_id
        ).order_by("order")
        chosen = [t.pk for t in proposal.test_environments.all()]
        field_of(self, "test_environments", forms.ModelChoiceField).queryset = (
            TestEnvironment.objects.filter(Q(themes__agreement_id=proposal.agreement_id) | Q(pk__in=chosen))
            .distinct()
            .order_by("name")
        )
        field_of(self, "adopting_cities", forms.ModelChoiceField).queryset = agreement_cities(
            proposal.agreement_id
        )
        label_choices(field_of(self, "methods", forms.ModelChoiceField), lambda m: m.name)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("The end date must be on or after the start date."))
        return data

    @staticmethod
    def initial_for(proposal: Proposal) -> dict[str, Any]:
        return {
            "title": proposal.title,
            "acronym": proposal.acronym,
            "summary": proposal.summary,
            "objectives": proposal.objectives,
            "theme": proposal.theme_id,
            "start_date": proposal.start_date,
            "end_date": proposal.end_date,
            "indirect_percent": (proposal.indirect_rate * 100).normalize(),
            "methods": [m.pk for m in proposal.methods.all()],
            "test_environments": [t.pk for t in proposal.test_environments.all()],
            "adopting_cities": [c.pk for c in proposal.adopting_cities.all()],
        }

    def changes(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["indirect_rate"] = (data.pop("indirect_percent") / 100).quantize(Decimal("0.0001"))
        return data


class PartnerRowForm(forms.Form):
    organisation = OrganisationField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("– choose –")), *PartnerRole.choices], required=False
    )
    tasks = forms.CharField(label=_("Tasks"), required=False, max_length=2000)

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "organisation", forms.ModelChoiceField).queryset = organisations
        field_of(self, "organisation", forms.ModelChoiceField).empty_label = _("– choose –")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("organisation") and not data.get("role"):
            self.add_error("role", _("Choose the organisation's role."))
        return data


class FinancingRowForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Source"), choices=[("", _("– choose –")), *FinancingSource.choices], required=False
    )
    organisation = OrganisationField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("For own, city and private financing: who pays it."),
    )
    amount = MoneyFormField(label=_("Amount"))

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "organisation", forms.ModelChoiceField).queryset = organisations
        field_of(self, "organisation", forms.ModelChoiceField).empty_label = "–"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("amount") is not None and not data.get("source"):
            self.add_error("source", _("Choose the source of this amount."))
        return data


class TargetRowForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.none(), required=False
    )
    target = forms.DecimalField(
        label=_("Target"),
        required=False,
        min_value=Decimal(0),
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input govuk-input--width-10"}),
    )

    def __init__(self, *args: Any, indicators: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = field_of(self, "indicator", forms.ModelChoiceField)
        field.queryset = indicators
        field.empty_label = _("– choose –")
        label_choices(field, lambda i: f"{i.code} · {i.name} ({i.unit_label})")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("indicator") and data.get("target") is None:
            self.add_error("target", _("Enter the target."))
        return data


class BaseRowFormSet(forms.BaseFormSet):
    renderer: BaseRenderer  # set by BaseFormSet.__init__ (Django 4.0+); the stubs do not declare it

    def __init__(self, *args: Any, choices: Any = None, **kwargs: Any) -> None:
        self.choices = choices
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), **self.form_choice_kwargs()}

    def form_choice_kwargs(self) -> dict[str, Any]:
        return {}

    @property
    def empty_form(self) -> Any:
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            renderer=self.renderer,
            **self.form_choice_kwargs(),
        )
        self.add_fields(form, None)
        return form

    def filled(self) -> list[dict[str, Any]]:
        return [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data and any(v not in (None, "") for v in f.cleaned_data.values())
        ]


class PartnerFormSet(BaseRowFormSet):
    def form_choice_kwargs(self) -> dict[str, Any]:
        return {"organisations": self.choices}


class FinancingFormSet(BaseRowFormSet):
    def form_choice_kwargs(self) -> dict[str, Any]:
        return {"organisations": self.choices}


class TargetFormSet(BaseRowFormSet):
    def form_choice_kwargs(self) -> dict[str, Any]:
        return {"indicators": self.choices}


Partners = cast(
    "type[PartnerFormSet]", forms.formset_factory(PartnerRowForm, formset=PartnerFormSet, extra=2, max_num=50)
)
Financing = cast(
    "type[FinancingFormSet]",
    forms.formset_factory(FinancingRowForm, formset=FinancingFormSet, extra=3, max_num=60),
)
Targets = cast(
    "type[TargetFormSet]", forms.formset_factory(TargetRowForm, formset=TargetFormSet, extra=2, max_num=60)
)


class BudgetGridForm(forms.Form):
    """The budget as a table: a field per year × cost category (``y2026_personnel``)."""

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.years = years
        for year in years:
            for category in CostCategory:
                self.fields[self.key(year, category.value)] = MoneyFormField(
                    label=f"{category.label}, {year}"
                )

    @staticmethod
    def key(year: int, category: str) -> str:
        return f"y{year}_{category}"

    def rows(self) -> list[tuple[str, list[Any]]]:
        return [(str(c.label), [self[self.key(y, c.value)] for y in self.years]) for c in CostCategory]

    def lines(self) -> list[tuple[int, str, Decimal]]:
        return [
            (year, category.value, self.cleaned_data[self.key(year, category.value)])
            for year in self.years
            for category in CostCategory
            if self.cleaned_data.get(self.key(year, category.value))
        ]


def consortium_choices(proposal: Proposal) -> Any:
    return Organisation.objects.filter(partnerships__proposal=proposal).order_by("name")


def partner_choices(proposal: Proposal) -> Any:
    """Organisations that can join a consortium: the partner network (those already in it first)."""
    return Organisation.objects.order_by("name")


def indicator_choices(proposal: Proposal) -> Any:
    return Indicator.objects.filter(
        Q(agreement__isnull=True) | Q(agreement_id=proposal.agreement_id)
    ).order_by("code")
