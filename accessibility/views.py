"""The accessibility statement (Act on the Provision of Digital Services 306/2019, sections 15-16), its
feedback form, and the feedback list for the coordination team."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, ListView

from accessibility.forms import FeedbackForm
from accessibility.models import ANSWER_WITHIN_DAYS, AccessibilityFeedback
from accessibility.services import feedback_receive
from accounts.permissions import can
from web.exports import ExportMixin
from web.forms import apply_errors
from web.pages import FilteredListMixin, SalkkuPageMixin

# The day the statement was written and last reviewed: change it with every review of the statement.
STATEMENT_DATE = dt.date(2026, 12, 7)


@method_decorator(login_not_required, name="dispatch")
class StatementView(SalkkuPageMixin, FormView):
    template_name = "accessibility/statement.html"
    form_class = FeedbackForm

    def get_initial(self) -> dict[str, Any]:
        return {"page": self.request.GET.get("page", "")[:500]}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.update(
            statement_date=STATEMENT_DATE,
            answer_days=ANSWER_WITHIN_DAYS,
            sent=self.request.GET.get("sent") == "1",
            can_read_feedback=can(self.request.user, "accessibility_feedback.read"),
        )
        return super().get_context_data(**kwargs)

    def form_valid(self, form: FeedbackForm) -> HttpResponse:
        try:
            feedback_receive(
                message=form.cleaned_data["message"],
                page=form.cleaned_data["page"],
                email=form.cleaned_data["email"],
                language=(get_language() or "fi")[:2],
                user=self.request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        return HttpResponseRedirect(reverse("accessibility:statement") + "?sent=1#feedback")


class FeedbackFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Words in the feedback or the page"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All languages")), *settings.LANGUAGES]
    )


class FeedbackListView(ExportMixin, FilteredListMixin, ListView):
    form_class = FeedbackFilterForm
    template_name = "accessibility/feedback_list.html"
    partial_template_name = "accessibility/_feedback_results.html"
    context_object_name = "feedback"
    export_name = "accessibility-feedback"
    export_columns = (
        (_("Received"), lambda f: f.received_at),
        (_("Answer by"), lambda f: f.answer_by),
        (_("Feedback"), lambda f: f.message),
        (_("Page"), lambda f: f.page),
        (_("E-mail address"), lambda f: f.email),
        (_("Sent by"), lambda f: str(f.sent_by) if f.sent_by else ""),
        (_("Language"), lambda f: f.get_language_display()),
    )

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        decision = can(request.user, "accessibility_feedback.read")
        if not decision:
            raise PermissionDenied(decision.reason)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        filters = self.filters()
        qs = AccessibilityFeedback.objects.select_related("sent_by")
        if filters.get("q"):
            words = filters["q"].strip()
            qs = qs.filter(Q(message__icontains=words) | Q(page__icontains=words))
        if filters.get("language"):
            qs = qs.filter(language=filters["language"])
        return qs
