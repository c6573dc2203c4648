"""The partner-network page, its picture as PNG and the activation list as CSV."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from accounts.access import require
from accounts.http import AuthenticatedHttpRequest
from charts import specs
from charts.render import chart_response
from ecosystem import graph
from ecosystem.access import can_see_network
from ecosystem.exports import export_response
from ecosystem.network import load, network_picture_spec, region_organisations, type_label
from programme import selectors
from programme.models import Agreement
from web.forms import field_of
from web.pages import SalkkuPageMixin


class NetworkFilterForm(forms.Form):
    theme = forms.ChoiceField(label=gettext_lazy("Theme"), required=False)
    first_year = forms.IntegerField(
        label=gettext_lazy("From year"), required=False, min_value=2000, max_value=2100
    )
    last_year = forms.IntegerField(
        label=gettext_lazy("To year"), required=False, min_value=2000, max_value=2100
    )

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "theme", forms.ChoiceField).choices = [
            ("", _("All themes")),
            *((t.code, f"{t.code} {t.name}") for t in agreement.themes.order_by("order", "code")),
        ]


@dataclass
class Network:
    agreement: Agreement
    form: NetworkFilterForm
    data: graph.NetworkData
    g: Any


def _network(request: AuthenticatedHttpRequest) -> Network:
    require(
        can_see_network(request.user), _("The network is shown to the agreement's staff and the ministry.")
    )
    agreement = selectors.current_agreement(request)
    if agreement is None:
        raise Http404
    form = NetworkFilterForm(request.GET or None, agreement=agreement)
    f = form.cleaned_data if form.is_valid() else {}
    data = load(
        agreement,
        theme=f.get("theme") or "",
        first_year=f.get("first_year") or agreement.period.start_year,
        last_year=f.get("last_year") or agreement.period.end_year,
    )
    return Network(agreement, form, data, graph.build_graph(data))


def picture_spec(n: Network) -> specs.Spec:
    return network_picture_spec(n.g)


class NetworkView(SalkkuPageMixin, TemplateView):
    template_name = "ecosystem/network.html"
    nav_section = "ecosystem"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        n = _network(self.request)
        query = self.request.GET.urlencode()
        suffix = f"?{query}" if query else ""
        mix = graph.type_mix(n.data)
        types = [t for t in graph.TYPE_ORDER if any(t in c for c in mix.values())]
        activation = graph.activation_list(n.data, region_organisations(n.agreement, n.data))
        kwargs.update(
            form=n.form,
            agreement=n.agreement,
            organisations=n.g.number_of_nodes(),
            links=n.g.number_of_edges(),
            activities=len(n.data.activities),
            central=graph.central(n.g, n.data),
            bridging=graph.bridging(n.g, n.data),
            clusters={theme: cs[:5] for theme, cs in graph.clusters_per_theme(n.data).items()},
            isolated=graph.isolated_consortia(n.g, n.data),
            newcomers=graph.newcomers(n.data),
            mix_types=[type_label(t) for t in types],
            mix_rows=[(theme, [c.get(t, 0) for t in types], sum(c.values())) for theme, c in mix.items()],
            activation=activation[:25],
            activation_total=len(activation),
            spec=picture_spec(n),
            png_url=reverse("ecosystem:network_png") + suffix,
            csv_url=reverse("ecosystem:activation_csv") + suffix,
        )
        return super().get_context_data(**kwargs)


@require_safe
def network_png(request: AuthenticatedHttpRequest) -> HttpResponse:
    n = _network(request)
    return chart_response(picture_spec(n), "png", "partner-network", locale=(get_language() or "fi")[:2])


@require_safe
def activation_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The region's organisations not involved in the selection, for a call's outreach."""
    n = _network(request)
    rows = graph.activation_list(n.data, region_organisations(n.agreement, n.data))
    return export_response(
        "csv",
        "activation-list",
        [
            _("Organisation"),
            _("Business ID"),
            _("Type"),
            _("Municipality"),
            _("EU-funded projects led"),
            _("Latest"),
        ],
        (
            [
                o.name,
                o.business_id,
                type_label(o.type_key),
                o.municipality,
                len(history),
                f"{history[0][0]} {history[0][1]}" if history else "",
            ]
            for o, history in rows
        ),
    )


def reason_text(reason: str, partner_name: str) -> str:
    kind, _sep, rest = reason.partition(":")
    parts = rest.split(":")
    if kind == "theme":
        count, first, last = parts
        span = first if first == last else f"{first}–{last}"
        return _("%(count)s proposals or projects on the theme (%(years)s)") % {"count": count, "years": span}
    if kind == "with":
        return _("worked with %(name)s %(count)s times") % {"name": partner_name, "count": parts[0]}
    if kind == "words":
        return _("similar words in its past work: %(words)s") % {"words": rest}
    if kind == "similar":
        count, first, last, partner, topic = rest.split(":", 4)
        span = first if first == last else f"{first}–{last}"
        values = {"count": count, "years": span, "partner": partner, "topic": topic}
        if partner:
            return (
                ngettext(
                    "ran %(count)s similar proposal or project on %(topic)s with %(partner)s, %(years)s",
                    "ran %(count)s similar proposals or projects on %(topic)s with %(partner)s, %(years)s",
                    int(count),
                )
                % values
            )
        return (
            ngettext(
                "ran %(count)s similar proposal or project on %(topic)s, %(years)s",
                "ran %(count)s similar proposals or projects on %(topic)s, %(years)s",
                int(count),
            )
            % values
        )
    if kind == "eura":
        count, first, last = parts
        span = first if first == last else f"{first}–{last}"
        return _("led %(count)s EU-funded projects (%(years)s)") % {"count": count, "years": span}
    return reason


LACKS = {
    "company": gettext_lazy("a company"),
    "research": gettext_lazy("a research partner (a university or research institute)"),
    "city": gettext_lazy("a city"),
    "environment": gettext_lazy("a city test environment on the theme"),
}


class SuggestionsView(SalkkuPageMixin, TemplateView):
    """Partner suggestions for an idea, with their reasons, and what its consortium lacks."""

    template_name = "ecosystem/suggestions.html"
    nav_section = "ecosystem"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from django.shortcuts import get_object_or_404

        from ecosystem.access import test_environments_for
        from pipeline.models import Idea

        require(
            can_see_network(self.request.user),
            _("The network is shown to the agreement's staff and the ministry."),
        )
        idea = get_object_or_404(
            Idea.objects.visible_to(self.request.user).select_related("organisation", "theme", "agreement"),
            pk=self.kwargs["pk"],
        )
        data = load(idea.agreement)
        lead = data.orgs.get(idea.organisation_id) or graph.Org(
            idea.organisation.pk, idea.organisation.name, idea.organisation.kind, idea.organisation.size
        )
        members = {lead.pk}
        suggestions = graph.suggest_partners(
            data,
            theme=idea.theme.code,
            text=f"{idea.title} {idea.summary}",
            members=members,
            partner_of=lead.pk,
        )
        has_env = (
            test_environments_for(self.request.user)
            .active()
            .filter(themes=idea.theme, city__isnull=False)
            .exists()
        )
        kwargs.update(
            idea=idea,
            suggestions=[
                (s, [reason_text(r, lead.name) for r in s.reasons], type_label(s.org.type_key))
                for s in suggestions
            ],
            lacks=[str(LACKS[k]) for k in graph.consortium_lacks([lead], city_environment=has_env)],
        )
        return super().get_context_data(**kwargs)
