"""Static renders of chart specs with vl-convert (a self-contained wheel: no browser, no network).

    svg = to_svg(spec, locale="fi")           # str, for HTML e-mails and downloads
    png = to_png(spec, scale=2, locale="sv")  # bytes, for PDF reports (reportlab) and downloads
    return chart_response(spec, "png", "core-index", "en")  # in a download view

A static image has a fixed width (``STATIC_WIDTH`` px unless told otherwise) where the browser fits the
chart to its container. Numbers follow the same locale as the browser's charts and ``cores.money``:
``1 234 567 €`` with a narrow no-break space in Finnish and Swedish, ``€1,234,567`` in English.
"""

from __future__ import annotations

import copy
from typing import Any, Literal

import vl_convert
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from charts.specs import BAR_STEP, Spec, fit_axis_names, fit_legend_names, name_step

STATIC_WIDTH = 640

# d3-format locales, the same as static/src/salkku.js gives vega-embed in the browser.
NUMBER_LOCALES: dict[str, dict[str, Any]] = {
    "fi": {
        "decimal": ",",
        "thousands": "\u202f",
        "grouping": [3],
        "currency": ["", "\u00a0€"],
        "percent": "\u00a0%",
        "minus": "\u2212",
    },
    "sv": {
        "decimal": ",",
        "thousands": "\u202f",
        "grouping": [3],
        "currency": ["", "\u00a0€"],
        "percent": "\u00a0%",
        "minus": "\u2212",
    },
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""], "minus": "\u2212"},
}
# d3-time-format locales: vl-convert's bundled fi-FI; sv-SE and en-GB with dates as the pages write them
# (config/formats: 31.12.2029 in Swedish as written in Finland, 31 Dec 2029 in English), as in salkku.js.
_MONTHS_SV = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
_MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
TIME_LOCALES: dict[str, str | dict[str, Any]] = {
    "fi": "fi-FI",
    "sv": {
        "dateTime": "%A den %-d %B %Y %X",
        "date": "%-d.%-m.%Y",
        "time": "%H:%M:%S",
        "periods": ["fm", "em"],
        "days": ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"],
        "shortDays": ["sön", "mån", "tis", "ons", "tor", "fre", "lör"],
        "months": _MONTHS_SV,
        "shortMonths": [m[:3] for m in _MONTHS_SV],
    },
    "en": {
        "dateTime": "%a %-d %b %Y %X",
        "date": "%-d %b %Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
        "months": _MONTHS_EN,
        "shortMonths": [m[:3] for m in _MONTHS_EN],
    },
}

_CONTENT_TYPES = {"png": "image/png", "svg": "image/svg+xml"}


# A static chart (the annual report's PDF, a PNG or SVG download) is 640 px wide, not a 390 px phone: the
# names beside horizontal bars and in a legend get the room the phone's limits (charts.specs) took from them
# ("Smart and sustainable cit…", "No adopting city of the ag…" in the English PDF).
STATIC_LABEL_LIMIT = 260


def static_spec(spec: Spec, *, width: int = STATIC_WIDTH) -> Spec:
    """A copy of ``spec`` for a static render: a fixed width, without the accessible table, and with room
    for whole names beside horizontal bars and in the legend."""
    fixed = copy.deepcopy(spec)
    fixed.pop("usermeta", None)
    if fixed.get("width", "container") == "container":
        fixed["width"] = width
    for part in [fixed, *fixed.get("layer", [])]:  # the core-index chart keeps its axis in a layer
        y = part.get("encoding", {}).get("y", {})
        axis = y.get("axis")
        if isinstance(axis, dict) and axis.get("labelLimit", STATIC_LABEL_LIMIT) < STATIC_LABEL_LIMIT:
            rows = (part.get("data") or fixed.get("data") or {}).get("values", [])
            # a long name on up to three lines of 260 px beside its bar, the last cut if it must be
            lines = fit_axis_names(part, rows, STATIC_LABEL_LIMIT)
            height = fixed.get("height")
            if isinstance(height, dict) and height.get("step", 0) >= BAR_STEP:  # a bar a name, not grouped
                height["step"] = name_step(lines, BAR_STEP)
    legend = fixed.get("config", {}).get("legend")
    if isinstance(legend, dict) and legend.get("labelLimit", STATIC_LABEL_LIMIT) < STATIC_LABEL_LIMIT:
        legend["labelLimit"] = STATIC_LABEL_LIMIT
        fit_legend_names(fixed, STATIC_LABEL_LIMIT)
    return fixed


def to_svg(spec: Spec, *, locale: str = "fi", width: int = STATIC_WIDTH) -> str:
    """The chart as an SVG document (text as ``<text>`` elements, so it stays searchable in a PDF)."""
    return vl_convert.vegalite_to_svg(static_spec(spec, width=width), **_options(locale))


def to_png(spec: Spec, *, scale: float = 2, locale: str = "fi", width: int = STATIC_WIDTH) -> bytes:
    """The chart as PNG bytes, ``width × scale`` pixels wide (2 suits print at about 150 dpi)."""
    return vl_convert.vegalite_to_png(static_spec(spec, width=width), scale=scale, **_options(locale))


def chart_response(
    spec: Spec, fmt: Literal["png", "svg"], filename: str, locale: str = "fi", *, inline: bool = False
) -> HttpResponse:
    """A download of the chart as PNG or SVG; ``filename`` without or with its extension.

    Raises ValueError for another format (a view turns a format from the URL into a 404 first).
    """
    if fmt not in _CONTENT_TYPES:
        raise ValueError(f"unknown chart format {fmt!r}; expected png or svg")
    body: bytes | str = to_png(spec, locale=locale) if fmt == "png" else to_svg(spec, locale=locale)
    response = HttpResponse(body, content_type=_CONTENT_TYPES[fmt])
    name = filename if filename.lower().endswith(f".{fmt}") else f"{filename}.{fmt}"
    disposition = content_disposition_header(not inline, name)
    assert disposition is not None  # only None without a file name
    response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _options(locale: str) -> dict[str, Any]:
    lang = (locale or "fi")[:2].lower()
    if lang not in NUMBER_LOCALES:
        lang = "fi"
    return {
        "format_locale": NUMBER_LOCALES[lang],
        "time_format_locale": TIME_LOCALES[lang],
        # The data is inline: nothing may be fetched while rendering.
        "allowed_base_urls": [],
    }
