"""Forms of the review pages. They only parse input; the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from pipeline.models import Call
from review.models import Criterion, ReviewStatus
from web.forms import field_of

SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("e.g. RDI impact"))
    description = forms.CharField(
        label=_("What the reviewers should look at"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    weight = forms.DecimalField(
        label=_("Weight"),
        min_value=Decimal("0.01"),
        max_digits=5,
        decimal_places=2,
        localize=True,
        help_text=_("relative weight, e.g. 3 counts three times as much as 1"),
    )
    order = forms.IntegerField(label=_("Order"), min_value=0, initial=0, required=False)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class AssignForm(forms.Form):
    """Assign a reviewer. The ordinary form offers only people without a conflict of interest; the
    override form (``override=True``) offers the conflicted ones and requires the reason."""

    reviewer = UserChoiceField(
        label=_("Reviewer"), queryset=User.objects.none(), empty_label=_("Choose a reviewer")
    )

    def __init__(self, *args: Any, reviewers: Any, override: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "reviewer", forms.ModelChoiceField).queryset = reviewers
        if override:
            self.fields["reviewer"].label = _("Reviewer with a conflict of interest")
            self.fields["override_reason"] = forms.CharField(
                label=_("Why is the conflict of interest overridden?"),
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Recorded on the review and in the audit log."),
            )


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("What is the conflict of interest?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. a family member works for a partner, or you advised the applicant"),
    )


class ScoreForm(forms.Form):
    """One 1–5 score and a comment per criterion of the call."""

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=criterion.description,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(name)s”") % {"name": criterion.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self) -> list[tuple[Criterion, Any, Any]]:
        return [(c, self[f"criterion_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]


class MyReviewFilter(forms.Form):
    """The reviewer's own list, filtered by status and call (a GET form; the export takes the same rows)."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *ReviewStatus.choices]
    )
    call = forms.ModelChoiceField(
        label=_("Call for ideas"), required=False, empty_label=_("All calls"), queryset=Call.objects.none()
    )

    def __init__(self, *args: Any, calls: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "call", forms.ModelChoiceField).queryset = (
            calls if calls is not None else Call.objects.none()
        )
