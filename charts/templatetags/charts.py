"""``{% chart %}``: a chart that is interactive in the browser, with its figures as a table for everyone.

    {% load charts %}
    {% chart spec caption=_("Funding by theme against the annual frame") png_url=png_url %}
    {% chart spec caption=caption table=table chart_id="core-index" %}

``spec`` comes from ``charts.specs``; its table (``usermeta.table``) is shown unless ``table`` is given
(``{"columns": [{"label": ..., "kind": "text" | "money" | "number" | "percent"}], "rows": [[...], ...]}``;
a column may also be a plain label, which is text). ``png_url`` adds a link to a static image.
"""

from __future__ import annotations

import copy
import secrets
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils import formats
from django.utils.translation import get_language

from charts.specs import Spec, fit_legend_names
from cores.money import format_eur, format_percent

register = template.Library()

# Loaded by static/src/salkku.js, in this order, the first time a page has a chart.
SCRIPTS = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")
_NUMERIC = {"money", "number", "percent"}


@register.inclusion_tag("charts/chart.html")
def chart(
    spec: Spec,
    caption: str = "",
    table: dict[str, Any] | None = None,
    png_url: str = "",
    chart_id: str = "",
) -> dict[str, Any]:
    chart_id = chart_id or f"chart-{secrets.token_hex(4)}"  # unique on a page, also after htmx swaps
    data = table if table is not None else spec.get("usermeta", {}).get("table")
    return {
        "chart_id": chart_id,
        "spec_id": f"{chart_id}-spec",
        # a legend's long names on up to three lines of the phone's limit (charts.specs.fit_legend_names)
        "spec": fit_legend_names(
            copy.deepcopy({key: value for key, value in spec.items() if key != "usermeta"})
        ),
        "title": _title(spec),
        "caption": caption,
        "png_url": png_url,
        "scripts": " ".join(static(name) for name in SCRIPTS),
        "table": _table(data) if data else None,
    }


def _title(spec: Spec) -> str:
    title = spec.get("title", "")
    return str(title.get("text", "")) if isinstance(title, dict) else str(title)


def _table(data: dict[str, Any]) -> dict[str, Any]:
    lang = (get_language() or settings.LANGUAGE_CODE)[:2]
    columns = [c if isinstance(c, dict) else {"label": str(c), "kind": "text"} for c in data["columns"]]
    header = [{"label": c["label"], "numeric": c.get("kind", "text") in _NUMERIC} for c in columns]
    rows = [
        [
            {"text": _cell(value, column.get("kind", "text"), lang), "numeric": cell["numeric"]}
            for value, column, cell in zip(row, columns, header, strict=True)
        ]
        for row in data["rows"]
    ]
    return {"header": header, "rows": rows}


def _cell(value: Any, kind: str, lang: str) -> str:
    if value is None or value == "":
        return "–"
    if kind == "text":
        return str(value)
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if kind == "money":
        return format_eur(number, lang=lang, decimals=number != number.to_integral_value())
    if kind == "percent":
        return format_percent(number, lang=lang, places=1)
    return formats.number_format(number, use_l10n=True, force_grouping=True)
