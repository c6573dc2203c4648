"""Forms of the steering-group pages. They parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from decisions.models import Outcome, Position
from pipeline.models import Proposal
from review.forms import UserChoiceField
from web.forms import DateField, field_of


class UsersField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class MeetingForm(forms.Form):
    date = DateField(label=_("Date"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    chair = UserChoiceField(label=_("Chair"), queryset=None, required=False, empty_label=_("No chair"))
    attendees = UsersField(
        label=_("Attendees"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "chair", forms.ModelChoiceField).queryset = people
        field_of(self, "attendees", forms.ModelChoiceField).queryset = people


class ProposalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Proposal) -> str:
        return obj.title


class AgendaForm(forms.Form):
    proposal = ProposalChoiceField(
        label=_("Proposal in review"), queryset=None, empty_label=_("Choose a proposal")
    )

    def __init__(self, *args: Any, proposals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "proposal", forms.ModelChoiceField).queryset = proposals


class PositionForm(forms.Form):
    position = forms.ChoiceField(
        label=_("Your city's position"), choices=Position.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices, widget=forms.RadioSelect)
    rationale = forms.CharField(label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 3}))
