"""The monitoring dashboard of the current agreement, for the steering group, the coordination team and
the ministry, and its charts as static PNG images. Deny by default: others get 403."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from accounts.access import agreements_with_role, has_agreement_role, require
from accounts.models import Role
from charts.render import chart_response
from charts.specs import Spec, grouped_bars, money_by_year_against_frame, theme
from monitoring.selectors import Breakdown, Dashboard, dashboard
from pipeline.models import FinancingSource
from programme import selectors
from programme.models import Agreement
from programme.views import SalkkuPageMixin

READERS = (Role.COORDINATOR, Role.STEERING_GROUP, Role.MINISTRY)
CHARTS = ("money", "themes", "cities", "kinds", "funnel")


def dashboard_agreement(request: HttpRequest) -> Agreement:
    """The agreement shown: the current one when the user reads its dashboard, else the first agreement
    whose dashboard they read. PermissionDenied for everyone else."""
    user = request.user
    agreement = selectors.current_agreement(request)
    if agreement is not None and has_agreement_role(user, agreement.pk, *READERS):  # type: ignore[arg-type]
        return agreement
    ids = agreements_with_role(user, *READERS)  # type: ignore[arg-type]
    mine = None
    if ids:
        mine = Agreement.objects.select_related("period").filter(pk__in=ids).order_by("name_fi").first()
    require(
        mine is not None,
        _("Only the steering group, the coordination team and the ministry see the monitoring dashboard."),
    )
    return mine  # type: ignore[return-value]


def _lang(request: HttpRequest) -> str:
    return (getattr(request, "LANGUAGE_CODE", None) or get_language() or "fi")[:2]


def _breakdown_table(breakdown: Breakdown, first: str) -> dict[str, Any]:
    """The chart's accessible table: the rows with EU, state and total money, their share and a total."""
    columns = [
        first,
        {"label": _("Projects"), "kind": "number"},
        {"label": _("EU money"), "kind": "money"},
        {"label": _("State money"), "kind": "money"},
        {"label": _("Total"), "kind": "money"},
        {"label": _("Share of the committed money"), "kind": "percent"},
    ]
    rows: list[list[Any]] = [
        [r.label, r.projects, r.eu, r.state, r.total, r.of_total] for r in breakdown.rows
    ]
    rows.append([_("Total"), None, breakdown.eu, breakdown.state, breakdown.total, None])
    return {"columns": columns, "rows": rows}


def _horizontal(spec: Spec) -> Spec:
    """``grouped_bars`` turned on its side: long names (themes, cities, stages) are read whole on the
    category axis instead of being cut short under a column."""
    encoding = spec["encoding"]
    encoding["x"], encoding["y"] = encoding["y"], encoding["x"]
    encoding["y"]["axis"] = {"labelAngle": 0, "labelLimit": 380}
    encoding["y"]["title"] = None  # the chart's title names the categories; a side title crowds them
    encoding["x"]["axis"] = {**encoding["x"].get("axis", {}), "tickCount": 5, "labelOverlap": True}
    spec["height"] = {"step": 34}
    return spec


def _bars(breakdown: Breakdown, *, title: str, category: str, description: str) -> Spec:
    return _horizontal(
        grouped_bars(
            [{"label": r.label, "amount": r.total} for r in breakdown.rows],
            x="label",
            y="amount",
            title=title,
            labels={"label": category, "amount": _("Euros"), "description": description},
            unit="eur",
        )
    )


def build_charts(data: Dashboard) -> dict[str, tuple[Spec, dict[str, Any] | None]]:
    """Each chart's spec (themed with the agreement's colour) and the table shown under it (None: the
    spec's own table)."""
    fund_labels = dict(FinancingSource.choices)
    frames = data.overview.frames
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
            money_by_year_against_frame(
                money_rows,
                frame_rows,
                title=_("Committed EU and state money against the annual frame"),
                labels={
                    "year": _("Year"),
                    "amount": _("Euros"),
                    "category": _("Fund"),
                    "frame": _("Annual frame (all funds)"),
                    "total": _("Committed in total"),
                    "description": _(
                        "Stacked bars of the money committed to funded projects per fund for each year, "
                        "with the year's frame of all funds as a black tick."
                    ),
                },
            ),
            None,
        ),
        "themes": (
            _bars(
                data.by_theme,
                title=_("Committed money by theme"),
                category=_("Theme"),
                description=_("Bars of the committed EU and state money of each theme."),
            ),
            _breakdown_table(data.by_theme, _("Theme")),
        ),
        "cities": (
            _bars(
                data.by_city,
                title=_("Committed money by city"),
                category=_("City"),
                description=_(
                    "Bars of the committed EU and state money of each city, a project's money split "
                    "equally between its adopting cities."
                ),
            ),
            _breakdown_table(data.by_city, _("City")),
        ),
        "kinds": (
            _bars(
                data.by_kind,
                title=_("Committed money by the lead's kind of organisation"),
                category=_("Kind of organisation"),
                description=_(
                    "Bars of the committed EU and state money by the kind of the lead organisation."
                ),
            ),
            _breakdown_table(data.by_kind, _("Kind of organisation")),
        ),
        "funnel": (
            _horizontal(
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
    brand = data.agreement.brand_colour
    return {name: (theme(spec, brand), table) for name, (spec, table) in specs.items()}


class DashboardView(SalkkuPageMixin, TemplateView):
    template_name = "monitoring/dashboard.html"
    nav_section = "monitoring"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        agreement = dashboard_agreement(self.request)
        data = dashboard(agreement)
        charts = build_charts(data)
        kwargs["agreement"] = kwargs["current_agreement"] = agreement
        kwargs["data"] = data
        kwargs["charts"] = {name: {"spec": spec, "table": table} for name, (spec, table) in charts.items()}
        return super().get_context_data(**kwargs)


@require_GET
def chart_png(request: HttpRequest, name: str) -> HttpResponse:
    """A chart of the dashboard as a static PNG: the same definition the page draws."""
    if name not in CHARTS:
        raise Http404
    agreement = dashboard_agreement(request)
    spec, _table = build_charts(dashboard(agreement))[name]
    return chart_response(spec, "png", f"{agreement.slug}-{name}", locale=_lang(request))
