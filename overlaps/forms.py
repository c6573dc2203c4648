from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from overlaps.models import ClusterStatus

JUDGEMENTS = [(v, label) for v, label in ClusterStatus.choices if v != ClusterStatus.OPEN]


class ClusterReviewForm(forms.Form):
    cluster = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Judgement"), choices=JUDGEMENTS, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class FlagDismissForm(forms.Form):
    flag = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why this is not double funding"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
