"""The accessibility statement (Act on the Provision of Digital Services 306/2019, sections 15-16), its
feedback form, and the feedback list for the coordination team."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.views.generic import FormView, ListView

from accessibility.forms import FeedbackForm
from accessibility.models import ANSWER_WITHIN_DAYS, AccessibilityFeedback
from accessibility.services import feedback_receive
from accounts.permissions import can
from web.forms import apply_errors
from web.pages import SalkkuPageMixin

# The day the statement was written and last reviewed: change it with every review of the statement.
STATEMENT_DATE = dt.date(2026, 12, 6)


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


class FeedbackListView(SalkkuPageMixin, ListView):
    template_name = "accessibility/feedback_list.html"
    paginate_by = 50
    context_object_name = "feedback"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        decision = can(request.user, "accessibility_feedback.read")
        if not decision:
            raise PermissionDenied(decision.reason)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        return AccessibilityFeedback.objects.select_related("sent_by")
