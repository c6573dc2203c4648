from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class FeedbackForm(forms.Form):
    message = forms.CharField(
        label=_("Your feedback"),
        help_text=_("What did not work, on which page, and what you were trying to do."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        help_text=_("For the answer. Without an address we cannot answer you."),
        required=False,
    )
    page = forms.CharField(label=_("The page concerned (optional)"), required=False, max_length=500)
