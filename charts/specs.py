"""Vega-Lite v6 specs built from plain Python data: one definition for the browser and for static images.

Every builder returns a plain ``dict`` that is JSON as it stands: the data is inline (``data.values``), so
neither the browser nor vl-convert fetches anything. The caller translates: titles, axis titles, legend
names and the screen-reader description come in as ``title`` and ``labels`` (``gettext`` in the view, never
here), so this module imports nothing from Django.

Money comes in exact, as ``amount`` (a ``Decimal`` of euros, or an ``int`` of whole euros) or as
``amount_cents`` (an ``int`` of cents); a ``float`` is refused. It becomes a float only inside the chart
data, which is drawn and never summed again; the accessible table (``usermeta.table``) keeps the exact
amount as a decimal string.

Each spec carries the table of its figures in ``spec["usermeta"]["table"]``:
``{"columns": [{"label": str, "kind": "text" | "money" | "number" | "percent"}], "rows": [[cell, ...]]}``;
``{% chart %}`` shows it under the chart, and the renderers leave it out.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

Spec = dict[str, Any]
Row = Mapping[str, Any]
Unit = Literal["auto", "eur", "cents", "number", "percent"]

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"

# Okabe & Ito's colour-blind-safe palette, blue first; yellow last (its contrast on white is low) and
# black left out: it is kept for reference marks (frames, plans) so that they never look like a category.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442")
REFERENCE_COLOUR = "#0b0c0c"  # govuk-frontend's text colour
TEXT_COLOUR = "#0b0c0c"
GRID_COLOUR = "#e5e6e7"
DEFAULT_ACCENT = "#0f5e9c"  # Salkku's blue, the default Agreement.brand_colour
CLASS_COLOURS = {"core": "#0072B2", "borderline": "#E69F00", "exterior": "#D55E00"}
FONT = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", '
    '"Liberation Sans", Arial, sans-serif'
)
MONEY_FORMAT = "$,.0f"  # whole euros in the locale's currency form: 1 234 € / €1,234
NUMBER_FORMAT = ",.2~f"
PERCENT_FORMAT = ".0%"
FORMATS = {"eur": MONEY_FORMAT, "cents": MONEY_FORMAT, "number": NUMBER_FORMAT, "percent": PERCENT_FORMAT}
TABLE_KINDS = {"eur": "money", "cents": "money", "number": "number", "percent": "percent"}

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


# --- public builders ---------------------------------------------------------------------------------


def money_by_year_against_frame(
    rows: Iterable[Row], frame_rows: Iterable[Row], *, title: str, labels: Mapping[str, str]
) -> Spec:
    """Stacked bars of money per year by category, with each year's frame as a black tick on top.

    ``rows``: ``{"year": 2026, "category": "Theme", "amount": Decimal(...)}`` (or ``amount_cents``); rows
    with the same year and category are summed. ``frame_rows``: ``{"year": 2026, "amount": ...}``.
    ``labels``: ``year``, ``amount``, ``category``, ``frame``, ``total`` and optionally ``description``.
    Categories keep the order of their first appearance (legend, stacking and table alike).
    """
    totals: dict[tuple[int, str], Decimal] = {}
    categories: list[str] = []
    for row in rows:
        category = str(row["category"])
        if category not in categories:
            categories.append(category)
        key = (int(row["year"]), category)
        totals[key] = totals.get(key, Decimal(0)) + _money(row)
    frames: dict[int, Decimal] = {}
    for row in frame_rows:
        year = int(row["year"])
        frames[year] = frames.get(year, Decimal(0)) + _money(row)
    years = sorted({year for year, _ in totals} | set(frames))

    frame_label = labels["frame"]
    domain = [*categories, frame_label]
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(categories))] + [REFERENCE_COLOUR]
    year_x = {
        "field": "year",
        "type": "ordinal",
        "title": labels["year"],
        "scale": {"domain": [str(y) for y in years]},
        "axis": {"labelAngle": 0},
    }
    bars = [
        {
            "year": str(year),
            "category": category,
            "order": categories.index(category),
            "amount": float(amount),
        }
        for (year, category), amount in sorted(
            totals.items(), key=lambda item: (item[0][0], categories.index(item[0][1]))
        )
    ]
    frame_values = [{"year": str(year), "frame": float(frames[year])} for year in years if year in frames]

    bar_layer = {
        "data": {"values": bars},
        "mark": {"type": "bar"},
        "encoding": {
            "x": year_x,
            "y": {
                "field": "amount",
                "type": "quantitative",
                "stack": "zero",
                "title": labels["amount"],
                "axis": {"format": MONEY_FORMAT},
            },
            "color": {
                "field": "category",
                "type": "nominal",
                "title": labels["category"],
                "scale": {"domain": domain, "range": colours},
                "legend": {"symbolType": "square", "symbolOpacity": 1},
            },
            "order": {"field": "order", "type": "quantitative"},
            "tooltip": [
                {"field": "year", "type": "ordinal", "title": labels["year"]},
                {"field": "category", "type": "nominal", "title": labels["category"]},
                {
                    "field": "amount",
                    "type": "quantitative",
                    "title": labels["amount"],
                    "format": MONEY_FORMAT,
                },
            ],
        },
    }
    frame_layer = {
        "data": {"values": frame_values},
        "mark": {"type": "tick", "thickness": 3, "opacity": 1},
        "encoding": {
            "x": year_x,
            "y": {"field": "frame", "type": "quantitative"},
            "color": {"datum": frame_label},
            "tooltip": [
                {"field": "year", "type": "ordinal", "title": labels["year"]},
                {"field": "frame", "type": "quantitative", "title": frame_label, "format": MONEY_FORMAT},
            ],
        },
    }

    columns = [
        _column(labels["year"], "text"),
        *(_column(c, "money") for c in categories),
        _column(labels["total"], "money"),
        _column(frame_label, "money"),
    ]
    table_rows = []
    for year in years:
        amounts = [totals.get((year, c)) for c in categories]
        total = sum((a for a in amounts if a is not None), Decimal(0))
        table_rows.append([str(year), *map(_exact, amounts), _exact(total), _exact(frames.get(year))])

    spec = _base(title=title, labels=labels, columns=columns, rows=table_rows)
    spec["height"] = 300
    spec["layer"] = [bar_layer, frame_layer]
    return spec


PROPOSAL_LABEL_LIMIT = 170  # pixels of a proposal's name beside a horizontal bar
CORE_NAME_LINES = 2  # lines of a proposal's name beside its core-index bar


def core_index_bars(rows: Iterable[Row], *, title: str, labels: Mapping[str, str]) -> Spec:
    """Horizontal bars of each proposal's core index (0–1), coloured by class, highest first.

    ``rows``: ``{"label": "Proposal name", "core_index": Fraction | Decimal | float, "class": "core"}``;
    ``class`` (core / borderline / exterior) follows from the index when left out. Labels must be unique.
    ``labels``: ``proposal``, ``core_index``, ``class``, ``core``, ``borderline``, ``exterior`` and optionally
    ``description``. Ties are ordered by label.
    """
    items = []
    for row in rows:
        value = _fraction(row["core_index"])
        if not 0 <= value <= 1:
            raise ValueError(f"core index {value} of {row['label']!r} is not between 0 and 1")
        klass = row.get("class") or ("core" if value == 1 else "exterior" if value == 0 else "borderline")
        if klass not in CLASS_COLOURS:
            raise ValueError(f"unknown class {klass!r}; expected one of {', '.join(CLASS_COLOURS)}")
        items.append((str(row["label"]), value, klass))
    items.sort(key=lambda item: (-item[1], item[0].casefold()))

    values = [
        {"label": label, "core_index": float(value), "class": labels[klass]} for label, value, klass in items
    ]
    # The names are the axis: no axis title to run into them (the chart's title says what they are),
    # and no wider than PROPOSAL_LABEL_LIMIT so that the bars keep room on a phone; the whole name is in
    # the tooltip and the table. The percentages leave out a label that would overlap its neighbour.
    y_axis: dict[str, Any] = {"labelLimit": PROPOSAL_LABEL_LIMIT}
    y = {"field": "label", "type": "nominal", "sort": None, "title": None, "axis": y_axis}
    x = {
        "field": "core_index",
        "type": "quantitative",
        "title": labels["core_index"],
        "scale": {"domain": [0, 1]},
        "axis": {"format": PERCENT_FORMAT, "values": [0, 0.2, 0.4, 0.6, 0.8, 1], "labelOverlap": True},
    }
    tooltip = [
        {"field": "label", "type": "nominal", "title": labels["proposal"]},
        {
            "field": "core_index",
            "type": "quantitative",
            "title": labels["core_index"],
            "format": PERCENT_FORMAT,
        },
        {"field": "class", "type": "nominal", "title": labels["class"]},
    ]
    bar_layer = {
        "mark": {"type": "bar"},
        "encoding": {
            "y": y,
            "x": x,
            "color": {
                "field": "class",
                "type": "nominal",
                "title": labels["class"],
                "scale": {
                    "domain": [labels[k] for k in CLASS_COLOURS],
                    "range": list(CLASS_COLOURS.values()),
                },
            },
            "tooltip": tooltip,
        },
    }
    # The value written beside each bar: the figure is readable without colour (and an exterior
    # proposal, whose bar has no length, still shows its 0 %).
    text_layer = {
        "mark": {"type": "text", "align": "left", "baseline": "middle", "dx": 4, "color": TEXT_COLOUR},
        "encoding": {
            "y": y,
            "x": x,
            "text": {"field": "core_index", "type": "quantitative", "format": PERCENT_FORMAT},
            "tooltip": tooltip,
        },
    }
    columns = [
        _column(labels["proposal"], "text"),
        _column(labels["core_index"], "percent"),
        _column(labels["class"], "text"),
    ]
    table_rows = [[label, float(value), labels[klass]] for label, value, klass in items]

    spec = _base(title=title, labels=labels, columns=columns, rows=table_rows)
    # A long name reads on two lines of PROPOSAL_LABEL_LIMIT (a programme's 20-odd proposals on three
    # lines would make the chart taller than a screen); the rest is cut, whole in the tooltip and table.
    fitted = fit_names((row["label"] for row in values), PROPOSAL_LABEL_LIMIT, lines=CORE_NAME_LINES)
    if fitted:
        y_axis["labelExpr"] = names_label_expr(fitted)
    lines = max((len(rows) for rows in fitted.values()), default=1)
    spec["height"] = {"step": name_step(lines, 22)}
    spec["padding"] = {"left": 5, "top": 5, "bottom": 5, "right": 44}  # room for "100 %" past the axis end
    spec["data"] = {"values": values}
    spec["layer"] = [bar_layer, text_layer]
    return spec


def grouped_bars(
    rows: Iterable[Row],
    *,
    x: str,
    y: str,
    colour: str | None = None,
    title: str,
    labels: Mapping[str, str],
    unit: Unit = "auto",
) -> Spec:
    """Bars of ``y`` per ``x`` (e.g. payments per year), side by side per ``colour`` (e.g. plan / paid).

    ``x``, ``y`` and ``colour`` name keys of ``rows``; ``labels`` maps each of them to its translated title
    (and optionally ``description``). ``unit``: ``eur`` (Decimal or int euros), ``cents`` (int cents),
    ``number``, ``percent`` (a fraction 0–1), or ``auto``: ``eur`` when a value is a Decimal, else
    ``number``. ``x`` is a category axis in the order of first appearance (years, months, names).
    """
    return _series_chart("bar", rows, x=x, y=y, colour=colour, title=title, labels=labels, unit=unit)


def line_chart(
    rows: Iterable[Row],
    *,
    x: str,
    y: str,
    colour: str | None = None,
    title: str,
    labels: Mapping[str, str],
    unit: Unit = "auto",
) -> Spec:
    """Lines of ``y`` over ``x``, one per ``colour``, each with its own dash pattern and point shape.

    Arguments as in ``grouped_bars``.
    """
    return _series_chart("line", rows, x=x, y=y, colour=colour, title=title, labels=labels, unit=unit)


def availability_grid(rows: Iterable[Row], *, title: str, labels: Mapping[str, str]) -> Spec:
    """A grid of rows (e.g. city and theme) × periods (e.g. quarters), each cell coloured by how many are
    available: none (a gap, orange), one, or more (blues). A gap reads at a glance and in the tooltip.

    ``rows``: ``{"row": "Espoo · T1", "period": "2021 Q1", "count": 0}``, rows and periods in the order
    they come. ``labels``: ``row``, ``period``, ``count``, ``level``, ``none``, ``one``, ``more`` and
    optionally ``description``.
    """
    rows = list(rows)
    row_names: list[str] = []
    periods: list[str] = []
    values = []
    levels = [labels["none"], labels["one"], labels["more"]]
    for row in rows:
        name, period, count = str(row["row"]), str(row["period"]), int(row["count"])
        if name not in row_names:
            row_names.append(name)
        if period not in periods:
            periods.append(period)
        level = levels[0] if count == 0 else levels[1] if count == 1 else levels[2]
        values.append({"row": name, "period": period, "count": count, "level": level})
    row_title, period_title, count_title = labels["row"], labels["period"], labels["count"]
    spec = _base(
        title=title,
        labels=labels,
        columns=[_column(row_title, "text"), _column(period_title, "text"), _column(count_title, "number")],
        rows=[[v["row"], v["period"], v["count"]] for v in values],
    )
    spec["height"] = {"step": 22}
    spec["data"] = {"values": values}
    spec["mark"] = {"type": "rect", "stroke": "#ffffff", "strokeWidth": 1}
    spec["encoding"] = {
        "x": {
            "field": "period",
            "type": "ordinal",
            "title": period_title,
            "scale": {"domain": periods},
            "axis": {"labelAngle": -90, "labelExpr": "indexof(datum.value, 'Q1') > 0 ? datum.value : ''"},
        },
        "y": {"field": "row", "type": "nominal", "title": row_title, "scale": {"domain": row_names}},
        "color": {
            "field": "level",
            "type": "nominal",
            "title": labels["level"],
            "scale": {"domain": levels, "range": ["#D55E00", "#56B4E9", "#0072B2"]},
        },
        "tooltip": [
            {"field": "row", "type": "nominal", "title": row_title},
            {"field": "period", "type": "ordinal", "title": period_title},
            {"field": "count", "type": "quantitative", "title": count_title},
        ],
    }
    return spec


def network_picture(
    nodes: Iterable[Row], edges: Iterable[Row], *, title: str, labels: Mapping[str, str]
) -> Spec:
    """Organisations as circles (area by money, colour by type) at given positions, joined by lines whose
    width is the joint money. ``nodes``: ``{"id", "name", "type", "x", "y", "amount"}``; ``edges``:
    ``{"x", "y", "x2", "y2", "amount"}``. ``labels``: ``name``, ``type``, ``amount``, ``partners``
    (optional ``partners`` per node) and optionally ``description``. Axes are hidden: position means
    nothing but closeness."""
    nodes, edges = list(nodes), list(edges)
    types: list[str] = []
    for n in nodes:
        if str(n["type"]) not in types:
            types.append(str(n["type"]))
    node_values = [
        {
            "name": str(n["name"]),
            "type": str(n["type"]),
            "x": float(n["x"]),
            "y": float(n["y"]),
            "amount": float(_money(n)),
            "partners": int(n.get("partners", 0)),
        }
        for n in nodes
    ]
    edge_values = [
        {
            "x": float(e["x"]),
            "y": float(e["y"]),
            "x2": float(e["x2"]),
            "y2": float(e["y2"]),
            "amount": float(_money(e)),
        }
        for e in edges
    ]
    spec = _base(
        title=title,
        labels=labels,
        columns=[
            _column(labels["name"], "text"),
            _column(labels["type"], "text"),
            _column(labels["amount"], "money"),
            _column(labels.get("partners", "partners"), "number"),
        ],
        rows=[[n["name"], n["type"], _exact(_money(n)), n.get("partners", 0)] for n in nodes],
    )
    hidden = {"axis": None, "scale": {"zero": False, "nice": False}}
    spec["height"] = 480
    spec["layer"] = [
        {
            "data": {"values": edge_values},
            # the links are drawing only (the table beside the chart lists them): hidden from assistive
            # technology, which would otherwise meet an image without a text alternative
            "mark": {"type": "rule", "color": GRID_COLOUR, "opacity": 0.9, "aria": False},
            "encoding": {
                "x": {"field": "x", "type": "quantitative", **hidden},
                "y": {"field": "y", "type": "quantitative", **hidden},
                "x2": {"field": "x2"},
                "y2": {"field": "y2"},
                "strokeWidth": {
                    "field": "amount",
                    "type": "quantitative",
                    "legend": None,
                    "scale": {"range": [0.5, 5]},
                },
            },
        },
        {
            "data": {"values": node_values},
            "mark": {"type": "circle", "opacity": 0.9, "stroke": "#ffffff", "strokeWidth": 1},
            "encoding": {
                "x": {"field": "x", "type": "quantitative", **hidden},
                "y": {"field": "y", "type": "quantitative", **hidden},
                "size": {
                    "field": "amount",
                    "type": "quantitative",
                    "title": labels["amount"],
                    "scale": {"range": [30, 900]},
                    "legend": {"format": MONEY_FORMAT},
                },
                "color": {
                    "field": "type",
                    "type": "nominal",
                    "title": labels["type"],
                    "scale": {"domain": types},
                },
                "tooltip": [
                    {"field": "name", "type": "nominal", "title": labels["name"]},
                    {"field": "type", "type": "nominal", "title": labels["type"]},
                    {
                        "field": "amount",
                        "type": "quantitative",
                        "title": labels["amount"],
                        "format": MONEY_FORMAT,
                    },
                    {
                        "field": "partners",
                        "type": "quantitative",
                        "title": labels.get("partners", "partners"),
                    },
                ],
            },
        },
    ]
    return spec


# Limits that keep a horizontal bar chart with its legend inside a 390 px phone (the page review, 390 px).
HORIZONTAL_LABEL_LIMIT = 150
LEGEND_LABEL_LIMIT = 170


# About 6.5 px a letter at the charts' 12 px (measured on the demo's names: tests/test_review_by_eye.py).
LETTER_PX = 6.5
NAME_LINES = 3  # a name beside a bar reads on at most three lines; the third is cut if it must be
NAME_LINE_PX = 14  # a 12 px label's line
BAR_STEP = 34  # a horizontal bar's band when names fit on two lines
GROUPED_STEP = 14  # a bar of one series among several beside one name


def fit_names(names: Iterable[Any], limit_px: int, *, lines: int = NAME_LINES) -> dict[str, list[str]]:
    """The names wider than ``limit_px`` broken between words into at most ``lines`` lines of that width
    (a word longer than a line stands on its own and is cut by the label limit; what is left after the
    last line joins it and is cut there). Names that fit are left out: they are drawn as they are.

    Swedish and English names of themes, targets and indicators are longer than Finnish ones: cut at one
    line they read "RCO07 Forskningsorganisationer som deltar i gemensamma forskningsprojekt – hela …"."""
    per_line = max(1, int(limit_px / LETTER_PX) - 2)  # two letters to spare: wide letters vary
    fitted: dict[str, list[str]] = {}
    for name in names:
        if not isinstance(name, str) or len(name) <= per_line or name in fitted:
            continue
        rows: list[str] = []
        for word in name.split():
            if rows and len(rows[-1]) + 1 + len(word) <= per_line:
                rows[-1] += " " + word
            else:
                rows.append(word)
        if len(rows) > lines:
            rows = [*rows[: lines - 1], " ".join(rows[lines - 1 :])]
        fitted[name] = rows
    return fitted


def names_label_expr(fitted: Mapping[str, list[str]]) -> str:
    """A Vega ``labelExpr`` drawing each fitted name on its lines (an array is a label of several lines)."""
    return f"{json.dumps(fitted, ensure_ascii=False)}[datum.label] || datum.label"


def fit_axis_names(part: Spec, values: Sequence[Mapping[str, Any]], limit_px: int) -> int:
    """Wrap the names on ``part``'s y axis (a horizontal bar chart's categories) to ``limit_px``: sets the
    axis's ``labelLimit`` and ``labelExpr`` and returns the most lines a name takes (1 when all fit)."""
    y = part.get("encoding", {}).get("y", {})
    axis = y.setdefault("axis", {})
    axis["labelLimit"] = limit_px
    fitted = fit_names((row.get(y.get("field")) for row in values), limit_px)
    if fitted:
        axis["labelExpr"] = names_label_expr(fitted)
    else:
        axis.pop("labelExpr", None)
    return max((len(rows) for rows in fitted.values()), default=1)


def fit_legend_names(spec: Spec, limit_px: int = LEGEND_LABEL_LIMIT) -> Spec:
    """``spec`` (in place) with a legend's long names on up to three lines of ``limit_px``, broken between
    words: cut at one line, Swedish theme names read "T3 Nya lärmiljöer och digi…", "T4 Nya öppningar och
    all…" on a phone. A legend that is switched off, or names that fit, are left as they are."""
    for part in [spec, *spec.get("layer", [])]:
        colour = part.get("encoding", {}).get("color")
        if not isinstance(colour, dict) or "field" not in colour or colour.get("legend", {}) is None:
            continue
        rows = (part.get("data") or spec.get("data") or {}).get("values", [])
        fitted = fit_names((row.get(colour["field"]) for row in rows), limit_px)
        legend = colour.setdefault("legend", {})
        if fitted:
            legend["labelExpr"] = names_label_expr(fitted)
        else:
            legend.pop("labelExpr", None)
    return spec


def name_step(lines: int, step: int) -> int:
    """A band's height that holds a name of ``lines`` lines, at least ``step``."""
    return max(step, lines * NAME_LINE_PX + 6)


def horizontal(spec: Spec) -> Spec:
    """A ``grouped_bars`` spec turned on its side, in place: long names (themes, cities, agreements) are
    read whole on the category axis instead of being cut short under a column; bars of several series
    stand one above the other."""
    encoding = spec["encoding"]
    encoding["x"], encoding["y"] = encoding["y"], encoding["x"]
    if "xOffset" in encoding:
        encoding["yOffset"] = encoding.pop("xOffset")
    # 150 px: the start of every name, and the bars, the axis and a legend below them keep room on a 390 px
    # phone (220 pushed the axis's last label and the legend past the screen's edge; the table beside the
    # chart and the tooltip give the whole name)
    encoding["y"]["axis"] = {"labelAngle": 0, "labelLimit": HORIZONTAL_LABEL_LIMIT}
    encoding["y"]["title"] = None  # the chart's title names the categories; a side title crowds them
    # labelSeparation: an amount flush with the axis's end is dropped rather than crowding its neighbour
    encoding["x"]["axis"] = {
        **encoding["x"].get("axis", {}),
        "tickCount": 5,
        "labelOverlap": True,
        "labelSeparation": 12,
    }
    # the last amount is centred on its tick near the axis's end: room for half of "15 000 000 €" beyond it
    spec["padding"] = {"left": 5, "top": 5, "bottom": 5, "right": 40}
    # a long name on up to three lines of the phone's 150 px instead of cut after one line
    values = spec.get("data", {}).get("values", [])
    lines = fit_axis_names(spec, values, HORIZONTAL_LABEL_LIMIT)
    if "yOffset" not in encoding:
        spec["height"] = {"step": name_step(lines, BAR_STEP)}
    else:  # a name's band holds a bar of each series: together high enough for the name's lines
        series = len({row.get(encoding["yOffset"].get("field")) for row in values}) or 1
        spec["height"] = {"step": max(GROUPED_STEP, -(-name_step(lines, 0) // series))}
    return spec


def lines_with_band(
    rows: Iterable[Row],
    band: Iterable[Row],
    *,
    x: str,
    y: str,
    colour: str,
    title: str,
    labels: Mapping[str, str],
    band_label: str,
) -> Spec:
    """``line_chart`` of money with a shaded range under it: ``band`` rows give ``x``, ``low`` and ``high``
    (Decimal euros), e.g. a forecast's range. The accessible table gets the range as two more columns."""
    spec = line_chart(rows, x=x, y=y, colour=colour, title=title, labels=labels, unit="eur")
    band = list(band)
    values = [
        {"x": str(r[x]), "low": float(_value(r["low"], "eur")), "high": float(_value(r["high"], "eur"))}
        for r in band
    ]
    x_encoding = dict(spec["layer"][0]["encoding"]["x"])
    area = {
        "data": {"values": values},
        "mark": {"type": "area", "opacity": 0.25, "color": PALETTE[4]},
        "encoding": {
            "x": x_encoding,
            "y": {"field": "low", "type": "quantitative"},
            "y2": {"field": "high"},
            "tooltip": [
                {"field": "x", "type": "ordinal", "title": labels.get(x, x)},
                {
                    "field": "low",
                    "type": "quantitative",
                    "title": f"{band_label} ({labels.get('low', 'low')})",
                    "format": MONEY_FORMAT,
                },
                {
                    "field": "high",
                    "type": "quantitative",
                    "title": f"{band_label} ({labels.get('high', 'high')})",
                    "format": MONEY_FORMAT,
                },
            ],
        },
    }
    spec["layer"].insert(0, area)
    table = spec["usermeta"]["table"]
    table["columns"] += [
        _column(f"{band_label}, {labels.get('low', 'low')}", "money"),
        _column(f"{band_label}, {labels.get('high', 'high')}", "money"),
    ]
    by_x = {str(r[x]): r for r in band}
    for row in table["rows"]:
        found = by_x.get(str(row[0]))
        row += [
            _table_value(_value(found["low"], "eur"), "eur") if found else None,
            _table_value(_value(found["high"], "eur"), "eur") if found else None,
        ]
    return spec


def theme(spec: Spec, brand_colour: str | None) -> Spec:
    """A copy of ``spec`` whose accent (the colour of single-series marks) follows an agreement's brand.

    The categorical palette stays Okabe–Ito's, so that categories remain distinguishable; a brand colour
    too light for 3:1 contrast on white (WCAG 1.4.11, graphical objects) is darkened until it has it. A
    value that is not ``#rrggbb`` leaves Salkku's blue.
    """
    themed = copy.deepcopy(spec)
    colour = accent_colour(brand_colour)
    themed.setdefault("config", {}).setdefault("mark", {})["color"] = colour
    return themed


def accent_colour(brand_colour: str | None) -> str:
    """The brand colour, darkened until it contrasts 3:1 with white; Salkku's blue for an invalid value."""
    if not brand_colour or not _HEX.match(brand_colour):
        return DEFAULT_ACCENT
    rgb = [int(brand_colour[i : i + 2], 16) for i in (1, 3, 5)]
    while _contrast_with_white(rgb) < 3:
        rgb = [int(c * 0.9) for c in rgb]
    return "#{:02x}{:02x}{:02x}".format(*rgb)


# --- building blocks ----------------------------------------------------------------------------------


TITLE_LINE = 32  # characters of a title's line: a 16 px bold line of this length fits a 390 px phone (measured: tests/test_chart_titles.py)


def title_lines(title: str, width: int = TITLE_LINE) -> list[str]:
    """A long chart title broken between words into lines of at most ``width`` characters (a word
    longer than that stands on its own line): Vega draws a title on one line, past a phone's edge."""
    lines: list[str] = []
    for word in title.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [title]


def _base(
    *, title: str, labels: Mapping[str, str], columns: list[dict[str, str]], rows: list[list[Any]]
) -> Spec:
    return {
        "$schema": SCHEMA,
        "title": title if len(title) <= TITLE_LINE else {"text": title_lines(title)},
        "description": labels.get("description") or title,
        "width": "container",
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": _config(),
        "usermeta": {"table": {"columns": columns, "rows": rows}},
    }


def _config() -> dict[str, Any]:
    axis = {
        "labelColor": TEXT_COLOUR,
        "titleColor": TEXT_COLOUR,
        "labelFontSize": 12,
        "titleFontSize": 12,
        "titleFontWeight": "normal",
        "gridColor": GRID_COLOUR,
        "domainColor": TEXT_COLOUR,
        "tickColor": TEXT_COLOUR,
    }
    return {
        "font": FONT,
        "background": "#ffffff",
        "view": {"stroke": None},
        "title": {
            "anchor": "start",
            "fontSize": 16,
            "fontWeight": "bold",
            "color": TEXT_COLOUR,
            "offset": 12,
        },
        "axis": axis,
        "legend": {
            "orient": "bottom",
            "direction": "horizontal",
            "labelColor": TEXT_COLOUR,
            "titleColor": TEXT_COLOUR,
            "labelFontSize": 12,
            "titleFontSize": 12,
            # One entry per row, cut at 170 px: a legend of long names (themes, scenarios) starts where the
            # plot starts, after the y axis's labels, and still ends inside a 390 px phone; three to a row,
            # or 220 px, ran past the screen's edge.
            "labelLimit": LEGEND_LABEL_LIMIT,
            "columns": 1,
        },
        "range": {"category": list(PALETTE)},
        "mark": {"color": DEFAULT_ACCENT},
        "tick": {"bandSize": 0.8},
    }


def _series_chart(
    kind: Literal["bar", "line"],
    rows: Iterable[Row],
    *,
    x: str,
    y: str,
    colour: str | None,
    title: str,
    labels: Mapping[str, str],
    unit: Unit,
) -> Spec:
    rows = list(rows)
    if unit == "auto":
        unit = "eur" if any(isinstance(row.get(y), Decimal) for row in rows) else "number"
    xs: list[str] = []
    series: list[str] = []
    cells: dict[tuple[str, str], Decimal] = {}
    for row in rows:
        x_value, s_value = str(row[x]), str(row[colour]) if colour else ""
        if x_value not in xs:
            xs.append(x_value)
        if s_value not in series:
            series.append(s_value)
        cells[(x_value, s_value)] = cells.get((x_value, s_value), Decimal(0)) + _value(row[y], unit)
    values = [{"x": xv, "series": sv, "y": float(v)} for (xv, sv), v in cells.items()]

    x_title, y_title = labels.get(x, x), labels.get(y, y)
    y_format = FORMATS[unit]
    encoding: dict[str, Any] = {
        "x": {
            "field": "x",
            "type": "ordinal",
            "title": x_title,
            "scale": {"domain": xs},
            "axis": {"labelAngle": 0},
        },
        "y": {"field": "y", "type": "quantitative", "title": y_title, "axis": {"format": y_format}},
    }
    encoding["x"]["axis"] = category_axis(xs)
    tooltip = [
        {"field": "x", "type": "ordinal", "title": x_title},
        {"field": "y", "type": "quantitative", "title": y_title, "format": y_format},
    ]
    if colour:
        s_title = labels.get(colour, colour)
        s_field = {"field": "series", "type": "nominal", "title": s_title, "scale": {"domain": series}}
        encoding["color"] = s_field
        tooltip.insert(1, {"field": "series", "type": "nominal", "title": s_title})

    spec = _base(
        title=title,
        labels=labels,
        columns=[
            _column(x_title, "text"),
            *(_column(s or y_title, TABLE_KINDS[unit]) for s in series),
        ],
        rows=[[xv, *(_table_value(cells.get((xv, s)), unit) for s in series)] for xv in xs],
    )
    spec["height"] = 300
    spec["data"] = {"values": values}
    if kind == "bar":
        if colour:
            encoding["xOffset"] = {"field": "series", "type": "nominal", "scale": {"domain": series}}
        spec["mark"] = {"type": "bar"}
        spec["encoding"] = {**encoding, "tooltip": tooltip}
    else:
        line_encoding = dict(encoding)
        point_encoding = {**encoding, "tooltip": tooltip}
        if colour:
            # Same field, title and domain as the colour: Vega-Lite merges the three into one legend.
            line_encoding["strokeDash"] = encoding["color"]
            point_encoding["shape"] = encoding["color"]
        spec["layer"] = [
            {"mark": {"type": "line", "strokeWidth": 2}, "encoding": line_encoding},
            {"mark": {"type": "point", "filled": True, "size": 60}, "encoding": point_encoding},
        ]
    return spec


# Category labels longer than this are slanted (and cut at CATEGORY_LABEL_LIMIT pixels, the whole label in
# the tooltip and the table).
CATEGORY_SHORT = 12
CATEGORY_LABEL_LIMIT = 180


def category_axis(categories: Sequence[str]) -> dict[str, Any]:
    """The axis of a category x axis: level labels when they are short (years, codes), else slanted by 35°
    and cut at a limit, so that long names (themes, proposals) never run into each other."""
    if all(len(c) <= CATEGORY_SHORT for c in categories):
        return {"labelAngle": 0}
    return {
        "labelAngle": -35,
        "labelAlign": "right",
        "labelBaseline": "top",
        "labelLimit": CATEGORY_LABEL_LIMIT,
    }


def _column(label: str, kind: str) -> dict[str, str]:
    return {"label": str(label), "kind": kind}


def _money(row: Row) -> Decimal:
    """Euros of a row: ``amount`` (Decimal or int euros) or ``amount_cents`` (int cents); never a float."""
    if "amount_cents" in row:
        return _value(row["amount_cents"], "cents")
    return _value(row["amount"], "eur")


def _value(value: Any, unit: str) -> Decimal:
    if value is None:
        return Decimal(0)
    if unit in ("eur", "cents"):
        if isinstance(value, (float, bool)):
            raise TypeError(f"money must be a Decimal or an int, not {type(value).__name__} ({value!r})")
        if unit == "cents":
            if not isinstance(value, int):
                raise TypeError(f"cents must be an int, not {type(value).__name__} ({value!r})")
            return Decimal(value) / 100
        return Decimal(value)
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(str(value))


def _fraction(value: Any) -> Decimal:
    return _value(value, "number")


def _exact(amount: Decimal | None) -> str | None:
    """An amount for the accessible table: an exact decimal string, or None for "no figure"."""
    return None if amount is None else str(amount.quantize(Decimal("0.01")))


def _table_value(value: Decimal | None, unit: str) -> Any:
    if value is None:
        return None
    if unit in ("eur", "cents"):
        return _exact(value)
    return float(value)


def _contrast_with_white(rgb: Sequence[int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])
    return 1.05 / (luminance + 0.05)
