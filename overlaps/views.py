"""The overlap report and the double-funding flags of the current agreement, for the coordination team."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from accounts.access import require
from accounts.http import AuthenticatedHttpRequest
from overlaps import selectors, services
from overlaps.forms import ClusterReviewForm, FlagDismissForm
from overlaps.models import OverlapCluster, RiskFlag
from overlaps.rules import can_review, review_agreements
from programme import selectors as programme_selectors
from programme.models import Agreement
from web.pages import SalkkuPageMixin


def review_agreement(request: AuthenticatedHttpRequest) -> Agreement:
    """The current agreement when the user reviews its overlaps, else the first one they review."""
    user = request.user
    agreement = programme_selectors.current_agreement(request)
    if agreement is not None and can_review(user, agreement.pk):
        return agreement
    ids = review_agreements(user)
    qs = Agreement.objects.select_related("period").order_by("name_fi")
    mine = qs.first() if ids is None else qs.filter(pk__in=ids).first()
    require(mine is not None, _("Only the coordination team reviews overlaps and risk flags."))
    assert mine is not None  # require() refused otherwise
    return mine


def _apply(form: Any, exc: ValidationError) -> None:
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class ReportView(SalkkuPageMixin, TemplateView):
    template_name = "overlaps/report.html"
    nav_section = "overlaps"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        agreement = review_agreement(self.request)
        rows = selectors.clusters_for(self.request.user, agreement.pk)
        failed = kwargs.pop("failed", None)
        forms = {}
        for row in rows:
            if failed is not None and failed.data.get("cluster") == str(row.cluster.pk):
                forms[row.cluster.pk] = failed
            else:
                forms[row.cluster.pk] = ClusterReviewForm(
                    initial={"cluster": row.cluster.pk}, auto_id=f"c{row.cluster.pk}-%s"
                )
        kwargs.update(
            agreement=agreement,
            current_agreement=agreement,
            rows=[(row, forms[row.cluster.pk]) for row in rows],
            open_flags=RiskFlag.objects.filter(agreement=agreement, status="open", is_current=True).count(),
        )
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        agreement = review_agreement(self.request)
        form = ClusterReviewForm(request.POST, auto_id=f"c{request.POST.get('cluster', '')}-%s")
        if form.is_valid():
            cluster = OverlapCluster.objects.filter(
                pk=form.cleaned_data["cluster"], agreements=agreement
            ).first()
            if cluster is None:
                form.add_error(None, _("No such cluster in this agreement."))
            else:
                try:
                    services.review_cluster(
                        cluster,
                        user=self.request.user,
                        status=form.cleaned_data["status"],
                        reason=form.cleaned_data["reason"],
                    )
                except ValidationError as exc:
                    _apply(form, exc)
                else:
                    messages.success(request, _("The review of the cluster was recorded."))
                    return HttpResponseRedirect(reverse("overlaps:report") + f"#cluster-{cluster.pk}")
        context = self.get_context_data(failed=form)
        return self.render_to_response(context, status=400)


@require_GET
def report_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    agreement = review_agreement(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{agreement.slug}-overlaps.csv"'
    writer = csv.writer(response)
    for row in selectors.cluster_csv_rows(request.user, agreement.pk):
        writer.writerow(row)
    return response


class FlagsView(SalkkuPageMixin, TemplateView):
    template_name = "overlaps/flags.html"
    nav_section = "overlaps"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        agreement = review_agreement(self.request)
        failed = kwargs.pop("failed", None)
        rows = []
        for flag in selectors.flags_for(agreement.pk):
            if failed is not None and failed.data.get("flag") == str(flag.pk):
                form = failed
            else:
                form = FlagDismissForm(initial={"flag": flag.pk}, auto_id=f"f{flag.pk}-%s")
            rows.append((flag, form))
        kwargs.update(agreement=agreement, current_agreement=agreement, rows=rows)
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        agreement = review_agreement(self.request)
        form = FlagDismissForm(request.POST, auto_id=f"f{request.POST.get('flag', '')}-%s")
        if form.is_valid():
            flag = RiskFlag.objects.filter(pk=form.cleaned_data["flag"], agreement=agreement).first()
            if flag is None:
                form.add_error(None, _("No such flag in this agreement."))
            else:
                try:
                    services.dismiss_flag(flag, user=self.request.user, reason=form.cleaned_data["reason"])
                except ValidationError as exc:
                    _apply(form, exc)
                else:
                    messages.success(request, _("The flag was dismissed; the reason is in the audit trail."))
                    return HttpResponseRedirect(reverse("overlaps:flags") + f"#flag-{flag.pk}")
        context = self.get_context_data(failed=form)
        return self.render_to_response(context, status=400)
