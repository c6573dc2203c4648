"""Forms of decision support: a new run from a call, and the what-ifs on a scenario."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from cores.portfolio.general_format import statement_from_words
from portfolio.problems import RunOptions
from portfolio.results import RunSettings

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ROBUSTNESS = [
    ("none", _("No: the call's weights as given")),
    ("rank", _("Only the rank order of the criteria is certain")),
    ("intervals", _("Each weight may vary by the amount below")),
    ("statements", _("Only the statements below are certain")),
]


def _percent(
    label: StrOrPromise, help_text: StrOrPromise = "", *, required: bool = False, max_value: int = 100
) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=required,
        min_value=0,
        max_value=max_value,
        decimal_places=1,
        max_digits=4,
    )


class RunForm(forms.Form):
    name = forms.CharField(label=_("Name of the scenario"), max_length=200)
    frame_percent = forms.IntegerField(
        label=_("Frame to use (%)"),
        help_text=_("100 uses the annual frames as they are; 90 asks what fits in a frame 10 % smaller."),
        initial=100,
        validators=[MinValueValidator(10), MaxValueValidator(200)],
    )
    carry_over = forms.BooleanField(
        label=_("Money a year leaves unused may be used in later years"), required=False, initial=False
    )
    theme_shares = forms.BooleanField(
        label=_("Keep each theme within its target share"), required=False, initial=True
    )
    include_funded = forms.BooleanField(
        label=_("Projects already funded use their part of the frame"), required=False, initial=True
    )
    city_min_share = _percent(_("Minimum share of each city (%)"), _("Leave empty for no minimum."))
    city_max_share = _percent(_("Maximum share of each city (%)"), _("Leave empty for no maximum."))
    org_max_share = _percent(
        _("Maximum share of one lead organisation (%)"), _("Leave empty for no maximum.")
    )
    start_flex = forms.IntegerField(
        label=_("Years a start may be moved later"),
        help_text=_(
            "0 keeps every proposal's planned start; 1 lets the optimiser start a proposal a year later."
        ),
        initial=0,
        validators=[MinValueValidator(0), MaxValueValidator(3)],
    )
    robustness = forms.ChoiceField(
        label=_("Are the weights uncertain?"), choices=ROBUSTNESS, initial="none", widget=forms.RadioSelect
    )
    interval_width = _percent(
        _("How much each weight may vary (percentage points)"), required=False, max_value=50
    )
    weight_statements = forms.CharField(
        label=_("What the group is sure of about the weights"),
        help_text=_(
            "One statement per line with the criteria's names, for example: Impact at least as important "
            "as Relevance and Feasibility together; Impact at least twice as important as Feasibility; "
            "Relevance at most as important as Impact. Used with every choice above except the first."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    score_spread = forms.BooleanField(
        label=_("Use the range of the reviewers' scores instead of their mean"), required=False
    )
    exclusive = forms.CharField(
        label=_("Overlapping proposals: at most one of each group"),
        help_text=_("One group per line, the proposals' ids (as in the scores table) separated by commas."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    requires = forms.CharField(
        label=_("Dependencies: a proposal only together with others"),
        help_text=_("One per line: B: A, C means B may be chosen only if A and C are."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    time_limit = forms.IntegerField(
        label=_("Time limit of the solver (seconds)"),
        initial=30,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )

    def __init__(
        self,
        *args: Any,
        criteria: list[Any] | None = None,
        candidates: list[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria or []
        self.candidates = candidates or []
        # A given score per proposal and criterion: overrides the reviews (or stands in for missing ones).
        for proposal in self.candidates:
            for criterion in self.criteria:
                self.fields[score_field(proposal.pk, criterion.pk)] = forms.DecimalField(
                    label=f"{proposal.acronym or proposal.title} · {criterion.name}",
                    required=False,
                    min_value=1,
                    max_value=5,
                    decimal_places=2,
                    max_digits=3,
                )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        lo, hi = data.get("city_min_share"), data.get("city_max_share")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("city_max_share", _("The maximum is below the minimum."))
        if data.get("robustness") == "intervals" and data.get("interval_width") in (None, Decimal(0)):
            self.add_error("interval_width", _("Give how much each weight may vary."))
        return data

    def clean_weight_statements(self) -> list[str]:
        names = {c.name: f"c{c.pk}" for c in self.criteria}
        lines = []
        for n, line in enumerate(self.cleaned_data.get("weight_statements", "").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                statement_from_words(line, names)
            except ValueError as exc:
                raise forms.ValidationError(
                    _("Line %(n)s: %(reason)s") % {"n": n, "reason": str(exc)}
                ) from None
            lines.append(line.strip())
        return lines

    def clean_exclusive(self) -> list[list[str]]:
        groups = []
        for n, line in enumerate(self.cleaned_data.get("exclusive", "").splitlines(), start=1):
            ids = [part.strip() for part in line.split(",") if part.strip()]
            if not ids:
                continue
            if len(ids) < 2:
                raise forms.ValidationError(_("Line %(n)s: a group needs at least two proposals.") % {"n": n})
            groups.append(ids)
        return groups

    def clean_requires(self) -> list[tuple[str, list[str]]]:
        deps = []
        for n, line in enumerate(self.cleaned_data.get("requires", "").splitlines(), start=1):
            if not line.strip():
                continue
            project, sep, rest = line.partition(":")
            needed = [part.strip() for part in rest.split(",") if part.strip()]
            if not sep or not project.strip() or not needed:
                raise forms.ValidationError(_("Line %(n)s: write B: A, C.") % {"n": n})
            deps.append((project.strip(), needed))
        return deps

    def given_scores(self) -> dict[int, dict[int, Decimal]]:
        out: dict[int, dict[int, Decimal]] = {}
        for proposal in self.candidates:
            for criterion in self.criteria:
                value = self.cleaned_data.get(score_field(proposal.pk, criterion.pk))
                if value is not None:
                    out.setdefault(proposal.pk, {})[criterion.pk] = value
        return out

    def options(self) -> RunOptions:
        d = self.cleaned_data

        def share(value: Decimal | None) -> Decimal | None:
            return None if value is None else value / 100

        return RunOptions(
            carry_over=d["carry_over"],
            frame_factor=Fraction(d["frame_percent"], 100),
            city_min_share=share(d.get("city_min_share")),
            city_max_share=share(d.get("city_max_share")),
            org_max_share=share(d.get("org_max_share")),
            theme_shares=d["theme_shares"],
            include_funded=d["include_funded"],
            robustness=d["robustness"],
            interval_width=share(d.get("interval_width")) or Decimal("0.05"),
            weight_statements=tuple(d.get("weight_statements") or ()),
            score_spread=d["score_spread"],
            scores=self.given_scores(),
            start_flex=d["start_flex"],
        )

    def run_settings(self) -> RunSettings:
        return RunSettings(
            time_limit=float(self.cleaned_data["time_limit"]),
            robust=self.cleaned_data["robustness"] != "none",
            robust_time_limit=60.0,
        )


def score_field(proposal_pk: int, criterion_pk: int) -> str:
    return f"score-{proposal_pk}-{criterion_pk}"


class FrameWhatIfForm(forms.Form):
    percent = forms.IntegerField(
        label=_("Change every annual frame by (%)"),
        initial=-10,
        validators=[MinValueValidator(-90), MaxValueValidator(100)],
    )


class WeightsWhatIfForm(forms.Form):
    def __init__(self, *args: Any, criteria: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"w-{criterion.id}"] = forms.DecimalField(
                label=criterion.name or criterion.id,
                min_value=0,
                max_digits=6,
                decimal_places=3,
                initial=None
                if criterion.weight is None
                else Decimal(criterion.weight.numerator) / criterion.weight.denominator,
            )

    def weights(self) -> dict[str, Decimal]:
        return {c.id: self.cleaned_data[f"w-{c.id}"] for c in self.criteria}


class CompareForm(forms.Form):
    ids = forms.CharField()

    def scenario_ids(self) -> list[int]:
        out = []
        for part in self.cleaned_data["ids"].replace(" ", "").split(","):
            if part.isdigit():
                out.append(int(part))
        return out
