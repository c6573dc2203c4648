"""Annual-report pages: the stored reports (of the user's agreements, or of one), a new report started as
a background task, its progress (polled with htmx) and the download. Deny by default: the coordination
team, the steering group and the ministry of the agreement; everyone else gets 403."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from accounts import permissions as perm
from accounts.access import require
from accounts.http import AuthenticatedHttpRequest
from programme import selectors
from programme.models import Agreement
from reports import services
from reports.forms import ReportForm, ReportListFilter
from reports.models import AnnualReport, ReportStatus
from web.exports import ExportMixin
from web.forms import filter_values
from web.pages import SalkkuPageMixin


def _refusal() -> str:
    return _(
        "Only the agreement's coordination team, steering group and the ministry see its annual reports."
    )


def report_for(request: AuthenticatedHttpRequest, pk: int) -> AnnualReport:
    report = get_object_or_404(
        AnnualReport.objects.select_related("agreement", "created_by", "same_as").defer("content"), pk=pk
    )
    perm.require(request.user, "report.read", report.agreement_id)
    return report


class ReportListView(ExportMixin, SalkkuPageMixin, TemplateView):
    """The stored annual reports of the agreements the user may read (or of one), and the form to make one;
    ``?export=csv|xlsx`` downloads the list the page shows."""

    template_name = "reports/report_list.html"
    nav_section = "monitoring"
    export_name = "annual-reports"
    export_columns = (
        (_lazy("Agreement"), lambda r: r.agreement.name),
        (_lazy("Situation as of"), lambda r: r.as_of),
        (_lazy("Language"), lambda r: r.get_lang_display()),
        (_lazy("Format"), lambda r: r.get_format_display()),
        (_lazy("Version"), lambda r: r.version or (r.same_as.version if r.same_as_id else None)),
        (_lazy("Status"), lambda r: r.get_status_display()),
        (_lazy("Created"), lambda r: r.created_at),
    )

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        ids = services.readable_agreements(request.user)
        self.agreement: Agreement | None = None
        if "slug" in kwargs:
            self.agreement = get_object_or_404(
                Agreement.objects.select_related("period"), slug=kwargs["slug"]
            )
            perm.require(request.user, "report.read", self.agreement.pk)
        else:
            require(ids is None or bool(ids), _refusal())
        agreements = Agreement.objects.order_by("name_fi")
        self.agreements = agreements if ids is None else agreements.filter(pk__in=ids)
        return super().dispatch(request, *args, **kwargs)

    def form(self, data: Any = None) -> ReportForm:
        chosen = self.agreement
        if chosen is None:
            current = selectors.current_agreement(self.request)
            chosen = current if current and self.agreements.filter(pk=current.pk).exists() else None
            chosen = chosen or self.agreements.first()
        form = ReportForm(data, agreements=self.agreements, agreement=chosen)
        form.fields["lang"].initial = (get_language() or "fi")[:2]
        return form

    def get_queryset(self) -> Any:
        reports = AnnualReport.objects.select_related("agreement", "created_by", "same_as").defer(
            "content", "same_as__content"
        )
        if self.agreement is not None:
            reports = reports.filter(agreement=self.agreement)
        else:
            reports = reports.filter(agreement__in=self.agreements)
        self.has_reports = reports.exists()
        reports = reports.filter(**filter_values(self.filter_form()))
        return reports[:200]

    def filter_form(self) -> ReportListFilter:
        if not hasattr(self, "_filter_form"):
            # prefixed: the form that makes a report has fields of the same names on this page
            self._filter_form = ReportListFilter(self.request.GET or None, prefix="filter")
        return self._filter_form

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        reports = self.get_queryset()
        kwargs.setdefault("form", self.form())
        kwargs["agreement"] = self.agreement
        if self.agreement is not None:
            kwargs["current_agreement"] = self.agreement
        kwargs["reports"] = reports
        kwargs["filter_form"] = self.filter_form()
        kwargs["has_reports"] = self.has_reports
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.form(request.POST)
        if self.agreement is not None:
            data = request.POST.copy()  # what the form was given
            data["agreement"] = self.agreement.slug
            form.data = data
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        agreement = form.cleaned_data["agreement"]
        require(services.can_use(self.request.user, agreement.pk), _refusal())
        report = services.request_report(
            agreement,
            form.cleaned_data["as_of"],
            form.cleaned_data["lang"],
            form.cleaned_data["format"],
            user=self.request.user,
        )
        return HttpResponseRedirect(reverse("reports:detail", args=[report.pk]))


class ReportDetailView(SalkkuPageMixin, TemplateView):
    template_name = "reports/report_detail.html"
    nav_section = "monitoring"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        report = report_for(self.request, kwargs["pk"])
        kwargs["report"] = report
        kwargs["agreement"] = kwargs["current_agreement"] = report.agreement
        return super().get_context_data(**kwargs)


@require_GET
def report_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The progress box, polled by htmx while the report is made; a finished one reloads the page."""
    report = report_for(request, pk)
    response = render(request, "reports/_status.html", {"report": report, "poll": not report.finished})
    if report.finished and request.headers.get("HX-Request") == "true":
        response["HX-Refresh"] = "true"
    return response


@require_GET
def download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The report's file: its own, or the stored report with the same data it found."""
    report = report_for(request, pk)
    stored = report.stored
    if stored is None or report.status != ReportStatus.DONE:
        raise Http404(_("The report is not ready."))
    content = AnnualReport.objects.values_list("content", flat=True).get(pk=stored.pk)
    response = HttpResponse(bytes(content or b""), content_type=stored.content_type)
    response["Content-Disposition"] = f'attachment; filename="{stored.filename()}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    return response
