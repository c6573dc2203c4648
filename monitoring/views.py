"""The monitoring dashboard of the current agreement, for the steering group, the coordination team and
the ministry, and its charts as static PNG images. Deny by default: others get 403."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from accounts import permissions as perm
from accounts.access import require
from accounts.permissions import agreements_for, can
from charts.render import chart_response
from charts.specs import (
    Spec,
    grouped_bars,
    horizontal,
    theme,
)
from cores.frames import split_equally
from monitoring import snapshots
from monitoring.cache import cached
from monitoring.charts import committed_against_frame, spending_chart, targets_chart
from monitoring.forms import RulesForm, TargetForm
from monitoring.health import AgreementHealth, agreement_health, rules_of, rules_text
from monitoring.models import Refresh, ThemeTarget
from monitoring.national import National, national
from monitoring.selectors import NO_KEY, Breakdown, Dashboard, dashboard
from monitoring.services import can_set, rules_save, target_add, target_remove
from pipeline.models import FinancingSource
from programme import selectors
from programme.models import Agreement, Indicator
from web.pages import SalkkuPageMixin

CHARTS = ("money", "spending", "targets", "themes", "cities", "kinds", "funnel")


def dashboard_agreement(request: HttpRequest) -> Agreement:
    """The agreement shown: the current one when the user reads its dashboard, else the first agreement
    whose dashboard they read. PermissionDenied for everyone else."""
    user = request.user
    agreement = selectors.current_agreement(request)
    if agreement is not None and can(user, "monitoring.read", agreement):
        return agreement
    decision = can(user, "monitoring.read")
    require(bool(decision), decision.reason)
    ids = agreements_for(user, "monitoring.read")
    agreements = Agreement.objects.select_related("period").order_by("name_fi")
    mine = agreements.filter(pk__in=ids).first() if ids is not None else agreements.first()
    if mine is None:
        raise Http404
    return mine


def _lang(request: HttpRequest) -> str:
    return (getattr(request, "LANGUAGE_CODE", None) or get_language() or "fi")[:2]


Progress = dict[str, tuple[Decimal, Decimal]]  # breakdown row key -> (earned, paid)


def breakdown_progress(data: Dashboard, health: AgreementHealth | None) -> dict[str, Progress]:
    """For each breakdown (theme, city, kind) the money earned by reported costs and the money paid per
    row, split between a project's cities as its committed money is (equal parts, to the cent)."""
    out: dict[str, Progress] = {"themes": {}, "cities": {}, "kinds": {}}
    if health is None:
        return out
    by_project = {h.project.pk: h for h in health.projects}

    def add(table: str, key: str, earned: Decimal, paid: Decimal) -> None:
        e, p = out[table].get(key, (Decimal(0), Decimal(0)))
        out[table][key] = (e + earned, p + paid)

    for item in data.projects:
        h = by_project.get(item.project.pk)
        if h is None:
            continue
        add("themes", h.theme_code, h.earned, h.paid)
        add("kinds", item.project.lead.kind, h.earned, h.paid)
        keys = item.city_keys or (NO_KEY,)
        for key, earned, paid in zip(
            keys, split_equally(h.earned, len(keys)), split_equally(h.paid, len(keys)), strict=True
        ):
            add("cities", key, earned, paid)
    return out


def _breakdown_table(breakdown: Breakdown, first: str, progress: Progress) -> dict[str, Any]:
    """The chart's accessible table: the rows with EU, state and total money committed, their share, the
    money earned by reported costs and paid, and a total."""
    columns = [
        first,
        {"label": _("Projects"), "kind": "number"},
        {"label": _("EU money"), "kind": "money"},
        {"label": _("State money"), "kind": "money"},
        {"label": _("Total"), "kind": "money"},
        {"label": _("Share of the committed money"), "kind": "percent"},
        {"label": _("Earned by reported costs"), "kind": "money"},
        {"label": _("Paid"), "kind": "money"},
    ]
    zero = (Decimal(0), Decimal(0))
    rows: list[list[Any]] = [
        [r.label, r.projects, r.eu, r.state, r.total, r.of_total, *progress.get(r.key, zero)]
        for r in breakdown.rows
    ]
    earned = sum((progress.get(r.key, zero)[0] for r in breakdown.rows), Decimal(0))
    paid = sum((progress.get(r.key, zero)[1] for r in breakdown.rows), Decimal(0))
    rows.append([_("Total"), None, breakdown.eu, breakdown.state, breakdown.total, None, earned, paid])
    return {"columns": columns, "rows": rows}


def _bars(breakdown: Breakdown, progress: Progress, *, title: str, category: str, description: str) -> Spec:
    """Per row: the committed money, the money earned by the reported costs and the money paid."""
    zero = (Decimal(0), Decimal(0))
    rows = []
    for r in breakdown.rows:
        earned, paid = progress.get(r.key, zero)
        rows += [
            {"label": r.label, "series": _("Committed"), "amount": r.total},
            {"label": r.label, "series": _("Earned by reported costs"), "amount": earned},
            {"label": r.label, "series": _("Paid"), "amount": paid},
        ]
    return horizontal(
        grouped_bars(
            rows,
            x="label",
            y="amount",
            colour="series",
            title=title,
            labels={
                "label": category,
                "amount": _("Euros"),
                "series": _("Figure"),
                "description": description,
            },
            unit="eur",
        )
    )


def build_charts(
    data: Dashboard, health: AgreementHealth | None = None
) -> dict[str, tuple[Spec, dict[str, Any] | None]]:
    """Each chart's spec (themed with the agreement's colour) and the table shown under it (None: the
    spec's own table)."""
    fund_labels = dict(FinancingSource.choices)
    frames = data.overview.frames
    progress = breakdown_progress(data, health)
    money_rows = [
        {"year": year, "category": str(fund_labels.get(row.fund, row.fund)), "amount": cell.committed}
        for row in frames.rows
        for year, cell in zip(frames.years, row.cells, strict=True)
    ]
    frame_rows = [
        {"year": year, "amount": cell.frame}
        for year, cell in zip(frames.years, frames.year_totals, strict=True)
        if cell.frame is not None
    ]
    specs: dict[str, tuple[Spec, dict[str, Any] | None]] = {
        "money": (
            committed_against_frame(money_rows, frame_rows),
            None,
        ),
        "themes": (
            _bars(
                data.by_theme,
                progress["themes"],
                title=_("Committed, earned and paid money by theme"),
                category=_("Theme"),
                description=_(
                    "Bars of each theme's committed EU and state money, the money earned by the costs "
                    "its projects have reported, and the money paid."
                ),
            ),
            _breakdown_table(data.by_theme, _("Theme"), progress["themes"]),
        ),
        "cities": (
            _bars(
                data.by_city,
                progress["cities"],
                title=_("Committed, earned and paid money by city"),
                category=_("City"),
                description=_(
                    "Bars of each city's committed EU and state money, the money earned by reported costs "
                    "and the money paid, a project's money split equally between its adopting cities."
                ),
            ),
            _breakdown_table(data.by_city, _("City"), progress["cities"]),
        ),
        "kinds": (
            _bars(
                data.by_kind,
                progress["kinds"],
                title=_("Committed, earned and paid money by the lead's kind of organisation"),
                category=_("Kind of organisation"),
                description=_(
                    "Bars of the committed EU and state money, the money earned by reported costs and "
                    "the money paid, by the kind of the lead organisation."
                ),
            ),
            _breakdown_table(data.by_kind, _("Kind of organisation"), progress["kinds"]),
        ),
        "funnel": (
            horizontal(
                grouped_bars(
                    [{"stage": s.label, "count": s.count} for s in data.funnel],
                    x="stage",
                    y="count",
                    title=_("From ideas to funded projects"),
                    labels={
                        "stage": _("Stage"),
                        "count": _("Number"),
                        "description": _(
                            "Bars of the number of ideas, submitted proposals, proposals presented to the "
                            "funding authority and funded projects."
                        ),
                    },
                    unit="number",
                )
            ),
            None,
        ),
    }
    if health is not None:
        specs["spending"] = (spending_chart(health), None)
        targets = targets_chart(health)
        if targets is not None:
            specs["targets"] = (targets, None)
    brand = data.agreement.brand_colour
    return {name: (theme(spec, brand), table) for name, (spec, table) in specs.items()}


def dashboard_figures(
    agreement: Agreement,
) -> tuple[Dashboard, AgreementHealth, dict[str, tuple[Spec, dict[str, Any] | None]]]:
    """The dashboard's figures and charts for today, from the cache when the data has not changed."""

    def compute() -> tuple[Dashboard, AgreementHealth, dict[str, tuple[Spec, dict[str, Any] | None]]]:
        data = dashboard(agreement)
        health = agreement_health(agreement, today)
        return data, health, build_charts(data, health)

    today = timezone.localdate()
    return cached("dashboard", agreement.pk, today, compute)


def dashboard_body(agreement: Agreement | None, variant: str) -> str:
    """The dashboard's content for those who may set targets and rules (``set``) or not (``read``)."""
    assert agreement is not None
    may_set = variant == "set"
    data, health, charts = dashboard_figures(agreement)
    by_project = {h.project.pk: h for h in health.projects}
    context = {
        "agreement": agreement,
        "data": data,
        "health": health,
        "project_rows": [(item, by_project.get(item.project.pk)) for item in data.projects],
        "can_set_targets": may_set,
        "can_set_rules": may_set,
        "reports_url": _reports_url(),
        "charts": {name: {"spec": spec, "table": table} for name, (spec, table) in charts.items()},
    }
    return render_to_string("monitoring/_dashboard_body.html", context)


class DashboardView(SalkkuPageMixin, TemplateView):
    template_name = "monitoring/dashboard.html"
    nav_section = "monitoring"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        agreement = dashboard_agreement(self.request)
        variant = "set" if can_set(self.request.user, agreement) else "read"
        shown = snapshots.show(snapshots.DASHBOARD, agreement, variant)
        kwargs["agreement"] = kwargs["current_agreement"] = agreement
        kwargs["body"] = mark_safe(shown.body)
        kwargs["shown"] = shown
        return super().get_context_data(**kwargs)


@require_GET
def chart_png(request: HttpRequest, name: str) -> HttpResponse:
    """A chart of the dashboard as a static PNG: the same definition the page draws."""
    if name not in CHARTS:
        raise Http404
    agreement = dashboard_agreement(request)
    _data, _health, charts = dashboard_figures(agreement)
    if name not in charts:
        raise Http404
    spec, _table = charts[name]
    return chart_response(spec, "png", f"{agreement.slug}-{name}", locale=_lang(request))


def _reports_url() -> str:
    """The annual reports' page, when that app is installed."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("reports:index")
    except NoReverseMatch:
        return ""


class TargetsView(SalkkuPageMixin, TemplateView):
    """The agreement's targets, how each is met, and (for the steering group and the coordination team)
    the form to add one and buttons to remove one."""

    template_name = "monitoring/targets.html"
    nav_section = "monitoring"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.agreement = dashboard_agreement(request)
        self.can_set = can_set(self.request.user, self.agreement)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("form", TargetForm(agreement=self.agreement))
        kwargs["agreement"] = kwargs["current_agreement"] = self.agreement
        kwargs["health"] = agreement_health(self.agreement)
        kwargs["can_set"] = self.can_set
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require(self.can_set, _("Only the steering group and the coordination team set targets."))
        if request.POST.get("action") == "remove":
            pk = request.POST.get("target", "")
            # an id is digits of a size the database holds; anything else names no target
            target = (
                ThemeTarget.objects.filter(agreement=self.agreement, pk=int(pk)).first()
                if pk.isdigit() and len(pk) <= 18
                else None
            )
            if target is None:
                raise Http404
            target_remove(target=target, actor=self.request.user)
            messages.success(request, _("The target was removed."))
            return redirect("monitoring:targets")
        form = TargetForm(request.POST, agreement=self.agreement)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        target_add(agreement=self.agreement, data=form.cleaned_data, actor=self.request.user)
        messages.success(request, _("The target was added."))
        return redirect("monitoring:targets")


class RulesView(SalkkuPageMixin, TemplateView):
    """The status and decommitment rules: shown to every reader of the dashboard, changed by the steering
    group and the coordination team."""

    template_name = "monitoring/rules.html"
    nav_section = "monitoring"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.agreement = dashboard_agreement(request)
        self.can_set = can_set(self.request.user, self.agreement)
        self.rules = rules_of(self.agreement)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("form", RulesForm(initial=RulesForm.initial_of(self.rules), rules=self.rules))
        kwargs["agreement"] = kwargs["current_agreement"] = self.agreement
        kwargs["rules_text"] = rules_text(self.rules)
        kwargs["can_set"] = self.can_set
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require(self.can_set, _("Only the steering group and the coordination team set the rules."))
        form = RulesForm(request.POST, rules=self.rules)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        rules_save(agreement=self.agreement, data=form.cleaned_data, actor=self.request.user)
        messages.success(request, _("The rules were saved."))
        return redirect("monitoring:rules")


# --- the national view ------------------------------------------------------------------------------------


def national_reader(request: HttpRequest) -> None:
    """The ministry (and administrators) see every agreement side by side; everyone else gets 403."""
    user = request.user
    decision = can(user, "monitoring.national")
    require(bool(decision), decision.reason)
    require(
        agreements_for(user, "monitoring.national") is None, _("Only the ministry sees the national view.")
    )


def national_charts(data: National) -> dict[str, tuple[Spec, dict[str, Any] | None]]:
    rows = []
    for a in data.agreements:
        if not a.frame:
            continue
        for label, value in (
            (_("Committed"), a.committed_share),
            (_("Earned by reported costs"), a.spent_share),
            (_("Paid"), a.paid_share),
        ):
            rows.append({"agreement": a.name, "figure": label, "share": value or Decimal(0)})
    spec = grouped_bars(
        rows,
        x="agreement",
        y="share",
        colour="figure",
        title=_("Agreements compared: shares of their frames"),
        labels={
            "agreement": _("Agreement"),
            "share": _("Share of the frame"),
            "figure": _("Figure"),
            "description": _(
                "Bars per agreement of the committed EU and state money, the costs reported and the money "
                "paid, each as a share of the agreement's frame for the whole period."
            ),
        },
        unit="percent",
    )
    return {"shares": (horizontal(spec), None)}


def national_figures() -> National:
    today = timezone.localdate()
    return cached("national", None, today, lambda: national(today))


def indicator_table(data: National) -> dict[str, Any]:
    """The national indicators table with an indicator a row (its code and name) and an agreement that has
    reported a column: an agreement a row and an indicator a column ran past the page's edge at 1366 px."""
    shown = [a for a in data.agreements if a.indicators]
    names = {
        i.code: i.name
        for i in Indicator.objects.filter(agreement__isnull=True, code__in=data.indicator_codes)
    }
    rows = [
        (code, names.get(code, ""), [a.indicators.get(code) for a in shown]) for code in data.indicator_codes
    ]
    return {"agreements": shown, "rows": rows}


def national_body(_agreement: Agreement | None, _variant: str) -> str:
    data = national_figures()
    charts = {name: {"spec": spec, "table": table} for name, (spec, table) in national_charts(data).items()}
    return render_to_string(
        "monitoring/_national_body.html",
        {"data": data, "charts": charts, "indicator_table": indicator_table(data)},
    )


class NationalView(SalkkuPageMixin, TemplateView):
    template_name = "monitoring/national.html"
    nav_section = "monitoring"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        national_reader(self.request)
        shown = snapshots.show(snapshots.NATIONAL, None, "")
        kwargs["body"] = mark_safe(shown.body)
        kwargs["shown"] = shown
        return super().get_context_data(**kwargs)


@require_GET
def refresh_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress of a page's new figures, polled by htmx; when they are ready the page reloads."""
    refresh = Refresh.objects.filter(pk=pk).select_related("agreement").first()
    if refresh is None:
        raise Http404
    if refresh.agreement_id is None:
        national_reader(request)
    else:
        perm.require(request.user, "monitoring.read", refresh.agreement_id)
    response = render(request, "monitoring/_refresh.html", {"refresh": refresh, "poll": not refresh.finished})
    if refresh.finished and request.headers.get("HX-Request") == "true":
        response["HX-Refresh"] = "true"
    return response


snapshots.RENDERERS[snapshots.DASHBOARD] = dashboard_body
snapshots.RENDERERS[snapshots.NATIONAL] = national_body


@require_GET
def national_chart_png(request: HttpRequest, name: str) -> HttpResponse:
    national_reader(request)
    charts = national_charts(national_figures())
    if name not in charts:
        raise Http404
    spec, _table = charts[name]
    return chart_response(spec, "png", f"national-{name}", locale=_lang(request))
