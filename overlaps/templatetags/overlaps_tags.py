"""{% similar_items obj %} on an idea's and a proposal's page; {% flag_evidence flag %} on the flags page;
{% overlap_groups call %} on the scenario form; the ``highlight`` and ``percent_score`` filters."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cores.similarity.text import stem
from overlaps.models import FlagKind, RiskFlag
from overlaps.rules import can_review
from overlaps.selectors import exclusive_groups_for_call, similar_for
from overlaps.texts import parse_key
from pipeline.models import CostCategory
from programme.vocabulary import format_number
from web.templatetags.salkku import eur, percent, sdate

register = template.Library()


@register.inclusion_tag("overlaps/_similar.html", takes_context=True)
def similar_items(context: dict[str, Any], obj: Any) -> dict[str, Any]:
    user = context["request"].user
    return {"panel": similar_for(user, obj), "can_review": can_review(user, obj.agreement_id)}


@register.filter
def percent_score(score: float) -> int:
    return round(max(0.0, min(1.0, float(score))) * 100)


@register.filter
def highlight(text: str, terms: list[str]) -> SafeString:
    """The text escaped, with every word that starts with a shared term marked (Finnish inflects)."""
    # A term as written in one text ("energiatehokkuuden") marks its other forms in the other text
    # ("energiatehokkuutta") through its stem, less a last letter that consonant gradation changes.
    stems = {stem(t.casefold()) for t in terms or () if t and len(t) >= 3}
    words = sorted({s[:-1] if len(s) > 5 else s for s in stems if len(s) >= 3}, key=len, reverse=True)
    if not words:
        return escape(text)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\w*", re.IGNORECASE)
    out: list[str] = []
    last = 0
    for m in pattern.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def _url(key: str) -> str:
    try:
        kind, pk = parse_key(key)
    except ValueError:
        return ""
    if kind == "idea":
        return reverse("pipeline:idea_detail", args=[pk])
    if kind == "proposal":
        return reverse("pipeline:proposal_detail", args=[pk])
    return reverse("projects:project_detail", args=[pk])


def _period(item: dict[str, Any]) -> str:
    """The item's period in the reader's date format (the evidence keeps ISO dates)."""
    if item.get("start") and item.get("end"):
        return f"{sdate(item['start'])} – {sdate(item['end'])}"
    return ""


def _category(code: object) -> str:
    """A cost category by its name in the reader's language (the evidence keeps the code)."""
    try:
        return str(CostCategory(str(code)).label)
    except ValueError:
        return str(code or "")


def _amount(value: object) -> str:
    """An amount of euros recorded as text, with its cents, in the reader's number format."""
    try:
        return formats.number_format(Decimal(str(value)), decimal_pos=2, use_l10n=True, force_grouping=True)
    except (InvalidOperation, ValueError):
        return str(value or "")


def _pct(value: object) -> str:
    """A percentage recorded as text (26.2, 120.00, 81) as the language writes it: 26,2 % / 26.2%."""
    try:
        number = Decimal(str(value)).normalize()
    except (InvalidOperation, ValueError):
        return str(value or "")
    exponent = number.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return percent(number / 100, places)


def _titles(items: list[dict[str, Any]]) -> str:
    return ", ".join(str(i.get("title", "")) for i in items)


@register.simple_tag
def flag_summary(flag: RiskFlag) -> str:
    """The flag's one-line summary in the reader's language and number format, from its evidence: the
    stored summary was written once, with amounts as 3754199.25 and dates as ISO text."""
    e = flag.evidence or {}
    try:
        if flag.kind == FlagKind.SIMILAR_SAME_ORGANISATION:
            names = ", ".join(str(o.get("name", "")) for o in e.get("organisations", []))
            items = e.get("items", [])
            titles = " ~ ".join(str(i.get("title", "")) for i in items)
            return f"{names}: {titles} ({_pct(percent_score(e.get('score', 0)))})"
        if flag.kind == FlagKind.SAME_COST_ITEM:
            return (
                f"{e['organisation']}: {_category(e.get('category'))} {e.get('year', '')} "
                f"{eur(e.get('amount'))} ({_titles(e.get('items', []))})"
            )
        if flag.kind == FlagKind.PERSON_OVER_FULL_TIME:
            return (
                f"{e['person']} {e.get('year', '')}: {_pct(e.get('total_percent'))} "
                f"({_titles(e.get('lines', []))})"
            )
        if flag.kind == FlagKind.CONCENTRATION:
            return (
                f"{e['organisation']}: {_pct(e.get('percent'))} "
                f"({eur(e.get('amount'))} / {eur(e.get('total'))})"
            )
    except (KeyError, TypeError, ValueError):
        pass
    return flag.summary


@register.inclusion_tag("overlaps/_evidence.html")
def flag_evidence(flag: RiskFlag) -> dict[str, Any]:
    """The evidence of a flag as label/value rows and links to the items (each page checks access)."""
    e = flag.evidence or {}
    facts: list[tuple[str, Any]] = []
    links: list[tuple[str, str, str]] = []
    if flag.kind == FlagKind.SIMILAR_SAME_ORGANISATION:
        facts.append(
            (
                _("Organisation"),
                ", ".join(f"{o['name']} ({o['business_id']})" for o in e.get("organisations", [])),
            )
        )
        facts.append((_("Similarity"), _pct(percent_score(e.get("score", 0)))))
        facts.append((_("Shared terms"), ", ".join(e.get("shared_terms", []))))
        links = [(i["title"], _url(i["key"]), _period(i)) for i in e.get("items", [])]
    elif flag.kind == FlagKind.SAME_COST_ITEM:
        facts += [
            (_("Organisation"), e.get("organisation", "")),
            (_("Year"), e.get("year", "")),
            (_("Cost category"), _category(e.get("category", ""))),
            (_("Amount (€)"), _amount(e.get("amount", ""))),
        ]
        links = [(i["title"], _url(i["key"]), _period(i)) for i in e.get("items", [])]
    elif flag.kind == FlagKind.PERSON_OVER_FULL_TIME:
        facts += [
            (_("Person"), e.get("person", "")),
            (_("Year"), e.get("year", "")),
            (_("Share of working time in all budgets (%)"), format_number(e.get("total_percent", ""))),
        ]
        links = [
            (
                i["title"],
                _url(i["key"]),
                f"{i.get('role') or ''} {_pct(i.get('share', ''))}".strip(),
            )
            for i in e.get("lines", [])
        ]
    elif flag.kind == FlagKind.CONCENTRATION:
        facts += [
            (_("Organisation"), e.get("organisation", "")),
            (_("EU and state funding (€)"), _amount(e.get("amount", ""))),
            (_("Of the agreement's funded projects (€)"), _amount(e.get("total", ""))),
            (_("Share (%)"), format_number(e.get("percent", ""))),
            (_("Flagged above (%)"), format_number(e.get("limit_percent", ""))),
        ]
        links = [(i["title"], _url(i["key"]), "") for i in e.get("items", [])]
    return {"facts": facts, "links": links}


@register.inclusion_tag("overlaps/_groups.html")
def overlap_groups(call: Any) -> dict[str, Any]:
    """Exclusive groups proposed from the overlap clusters, as a link that fills the scenario form."""
    # The scenario form is open to those who run the optimiser (portfolio's own check); the groups name
    # only proposals of the call that the form lists already.
    groups = exclusive_groups_for_call(call.pk)
    text = "\n".join(", ".join(str(pk) for pk in g) for g in groups)
    return {"groups": groups, "query": urlencode({"exclusive": text}) if groups else ""}
