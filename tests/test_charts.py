"""Charts: the Vega-Lite specs, their static renders (vl-convert) and the {% chart %} tag."""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from django.template import Context, Template
from django.utils import translation

from charts import render, specs

MONEY_LABELS = {
    "year": "Vuosi",
    "amount": "Euroa",
    "category": "Teema",
    "frame": "Kehys",
    "total": "Yhteensä",
    "description": "Rahoitus teemoittain vuosina 2026–2027 ja vuoden kehys",
}
CORE_LABELS = {
    "proposal": "Ehdotus",
    "core_index": "Ydinindeksi",
    "class": "Luokka",
    "core": "Ydin",
    "borderline": "Rajatapaus",
    "exterior": "Ulkopuolella",
}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def money_spec() -> dict[str, Any]:
    return specs.money_by_year_against_frame(
        [
            {"year": 2026, "category": "Vihreä siirtymä", "amount": Decimal("1200000.50")},
            {"year": 2026, "category": "Osaaminen", "amount_cents": 80_000_000},
            {"year": 2027, "category": "Vihreä siirtymä", "amount": Decimal("500000")},
            {"year": 2027, "category": "Vihreä siirtymä", "amount": Decimal("250000")},
        ],
        [{"year": 2026, "amount": Decimal("2500000")}, {"year": 2027, "amount": Decimal("1000000")}],
        title="Rahoitus ja kehys",
        labels=MONEY_LABELS,
    )


def core_spec() -> dict[str, Any]:
    return specs.core_index_bars(
        [
            {"label": "Beta", "core_index": Fraction(1, 2)},
            {"label": "Gamma", "core_index": Fraction(0)},
            {"label": "Alfa", "core_index": Fraction(1, 2)},
            {"label": "Delta", "core_index": Fraction(1)},
        ],
        title="Ydinindeksi",
        labels=CORE_LABELS,
    )


def payments_rows() -> list[dict[str, Any]]:
    return [
        {"year": 2026, "series": "Suunnitelma", "amount": Decimal("100000")},
        {"year": 2026, "series": "Maksettu", "amount": Decimal("60000")},
        {"year": 2027, "series": "Suunnitelma", "amount": Decimal("200000")},
    ]


def all_specs() -> list[dict[str, Any]]:
    labels = {"year": "Vuosi", "amount": "Euroa", "series": "Sarja"}
    return [
        money_spec(),
        core_spec(),
        specs.grouped_bars(
            payments_rows(), x="year", y="amount", colour="series", title="Maksut", labels=labels
        ),
        specs.line_chart(
            payments_rows(), x="year", y="amount", colour="series", title="Maksut", labels=labels
        ),
    ]


def walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every dict in a spec, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def marked_views(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return spec.get("layer", [spec])


def svg_texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


@pytest.fixture(scope="module")
def money_svg() -> str:
    # vl-convert's first call starts its JavaScript engine (about a second): render once per module.
    return render.to_svg(money_spec(), locale="fi")


# --- specs ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", all_specs(), ids=["money", "core", "grouped", "line"])
def test_spec__any_builder__is_accessible_json_with_inline_data(spec: dict[str, Any]) -> None:
    # given a spec from any builder
    # then it is Vega-Lite v6, fits its container, describes itself, and carries its data and its table
    assert spec["$schema"] == "https://vega.github.io/schema/vega-lite/v6.json"
    assert spec["width"] == "container"
    assert spec["description"]
    assert json.loads(json.dumps(spec)) == spec  # plain JSON: no Decimal, no Fraction
    data = [node["data"] for node in walk(spec) if "data" in node]
    assert data and all("values" in d and "url" not in d for d in data)
    # every mark has a tooltip, but a line's (its points carry them)
    assert all(v["encoding"].get("tooltip") for v in marked_views(spec) if v["mark"]["type"] != "line")
    assert spec["usermeta"]["table"]["rows"]
    assert spec["config"]["range"]["category"] == list(specs.PALETTE)


def test_money_by_year__rows_and_frames__stack_categories_under_a_frame_tick() -> None:
    # given amounts in euros and in cents, two rows of the same year and theme, and a frame per year
    spec = money_spec()

    # then the bars stack per year, the amounts summed and shown as euros
    bars, frame = spec["layer"]
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["y"]["stack"] == "zero"
    assert [(v["year"], v["category"], v["amount"]) for v in bars["data"]["values"]] == [
        ("2026", "Vihreä siirtymä", 1200000.5),
        ("2026", "Osaaminen", 800000.0),
        ("2027", "Vihreä siirtymä", 750000.0),
    ]
    assert bars["encoding"]["tooltip"][-1]["format"] == specs.MONEY_FORMAT
    # and the frame is a layer of black ticks, in the legend under its own name
    assert frame["mark"]["type"] == "tick"
    assert frame["data"]["values"] == [
        {"year": "2026", "frame": 2500000.0},
        {"year": "2027", "frame": 1000000.0},
    ]
    assert frame["encoding"]["color"] == {"datum": "Kehys"}
    scale = bars["encoding"]["color"]["scale"]
    assert scale["domain"] == ["Vihreä siirtymä", "Osaaminen", "Kehys"]
    assert scale["range"][-1] == specs.REFERENCE_COLOUR
    # and the table keeps the exact amounts
    assert spec["usermeta"]["table"]["rows"] == [
        ["2026", "1200000.50", "800000.00", "2000000.50", "2500000.00"],
        ["2027", "750000.00", None, "750000.00", "1000000.00"],
    ]


def test_money_by_year__float_amount__is_refused() -> None:
    # given money as a float
    # when building the chart, then it is refused: money is exact until it is drawn
    with pytest.raises(TypeError, match="Decimal or an int"):
        specs.money_by_year_against_frame(
            [{"year": 2026, "category": "A", "amount": 1.5}], [], title="t", labels=MONEY_LABELS
        )


def test_core_index_bars__mixed_indices__are_sorted_highest_first_and_classified() -> None:
    # given core indices in no order, with a tie
    spec = core_spec()

    # then the bars keep that order (highest first, ties by label) and each has its translated class
    assert [(v["label"], v["core_index"], v["class"]) for v in spec["data"]["values"]] == [
        ("Delta", 1.0, "Ydin"),
        ("Alfa", 0.5, "Rajatapaus"),
        ("Beta", 0.5, "Rajatapaus"),
        ("Gamma", 0.0, "Ulkopuolella"),
    ]
    bars, text = spec["layer"]
    assert bars["encoding"]["y"]["sort"] is None  # the data's order
    assert bars["encoding"]["x"]["scale"]["domain"] == [0, 1]
    assert bars["encoding"]["color"]["scale"]["domain"] == ["Ydin", "Rajatapaus", "Ulkopuolella"]
    # and the value is also written beside each bar, so colour is never the only cue
    assert text["mark"]["type"] == "text"


def test_core_index_bars__index_above_one__is_refused() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        specs.core_index_bars([{"label": "A", "core_index": 1.5}], title="t", labels=CORE_LABELS)


def test_grouped_bars__decimal_amounts__are_money_bars_side_by_side() -> None:
    # given payments per year against plan as Decimals
    spec = specs.grouped_bars(
        payments_rows(), x="year", y="amount", colour="series", title="Maksut", labels={"year": "Vuosi"}
    )

    # then bars stand side by side per series, formatted as euros
    assert spec["encoding"]["xOffset"]["field"] == "series"
    assert spec["encoding"]["y"]["axis"]["format"] == specs.MONEY_FORMAT
    assert spec["encoding"]["x"]["title"] == "Vuosi"
    assert spec["usermeta"]["table"]["rows"] == [
        ["2026", "100000.00", "60000.00"],
        ["2027", "200000.00", None],
    ]


def test_line_chart__series__differ_by_dash_and_shape_as_well_as_colour() -> None:
    spec = specs.line_chart(payments_rows(), x="year", y="amount", colour="series", title="Maksut", labels={})
    line, points = spec["layer"]
    assert line["encoding"]["strokeDash"]["field"] == "series"
    assert points["encoding"]["shape"]["field"] == "series"


def test_theme__brand_colours__become_an_accent_with_enough_contrast() -> None:
    # given a chart and brand colours: a dark one, one too light for white, and an invalid one
    spec = core_spec()

    # then a dark brand is the accent as it is, a light one is darkened to 3:1, an invalid one falls back
    assert specs.theme(spec, "#0b4675")["config"]["mark"]["color"] == "#0b4675"
    light = specs.accent_colour("#ffdd00")
    rgb = [int(light[i : i + 2], 16) for i in (1, 3, 5)]
    assert specs._contrast_with_white(rgb) >= 3
    assert specs.theme(spec, "red; }")["config"]["mark"]["color"] == specs.DEFAULT_ACCENT
    # and the original spec is untouched
    assert spec["config"]["mark"]["color"] == specs.DEFAULT_ACCENT


# --- static renders ---------------------------------------------------------------------------------------


def test_to_svg__money_chart__is_an_svg_with_its_title(money_svg: str) -> None:
    assert "<svg" in money_svg
    assert "Rahoitus ja kehys" in svg_texts(money_svg)


def test_to_svg__finnish__groups_thousands_with_a_narrow_no_break_space(money_svg: str) -> None:
    # given the money chart rendered in Finnish
    # then the axis reads "2 500 000 €": U+202F between thousands, U+00A0 before the euro sign (as cores.money)
    assert "2\u202f500\u202f000\u00a0€" in svg_texts(money_svg)


def test_to_svg__english__uses_commas_and_a_leading_euro_sign() -> None:
    svg = render.to_svg(money_spec(), locale="en")
    assert "€2,500,000" in svg_texts(svg)


def test_to_svg__container_width__becomes_a_fixed_width() -> None:
    # given a spec that fits its container in the browser
    # when it is prepared for a static render, then it has a fixed width and no table
    fixed = render.static_spec(money_spec())
    assert fixed["width"] == render.STATIC_WIDTH
    assert "usermeta" not in fixed


def test_to_png__core_chart__is_a_png_of_twice_the_static_width() -> None:
    # when the core-index chart is rendered as a PNG at scale 2
    png = render.to_png(core_spec(), scale=2)

    # then it has the PNG signature and an IHDR of the fixed width, twice over
    assert png[:8] == PNG_SIGNATURE
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    assert width == 2 * render.STATIC_WIDTH
    assert height > 0


def test_to_svg__data_from_a_url__is_not_fetched() -> None:
    # given a spec that names external data
    spec = {"$schema": specs.SCHEMA, "data": {"url": "https://example.org/data.csv"}, "mark": "bar"}

    # then the render refuses it instead of going to the network
    with pytest.raises(ValueError, match="not allowed"):
        render.to_svg(spec)


def test_chart_response__png__is_an_attachment() -> None:
    response = render.chart_response(core_spec(), "png", "ydinindeksi", "fi")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="ydinindeksi.png"'
    assert response.content[:8] == PNG_SIGNATURE


def test_chart_response__svg_and_unknown_format() -> None:
    response = render.chart_response(core_spec(), "svg", "ydinindeksi.svg", "sv")
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"] == 'attachment; filename="ydinindeksi.svg"'
    with pytest.raises(ValueError, match="unknown chart format"):
        render.chart_response(core_spec(), "gif", "x", "fi")


# --- {% chart %} --------------------------------------------------------------------------------------------


def render_tag(source: str, **context: Any) -> str:
    with translation.override("fi"):
        return Template("{% load charts %}" + source).render(Context(context))


def test_chart_tag__money_spec__renders_placeholder_spec_caption_and_table() -> None:
    # given the money chart on a page with a caption and a PNG link
    html = render_tag('{% chart spec caption="Teemojen rahoitus" png_url="/kuva.png" %}', spec=money_spec())

    # then the placeholder names the json_script that holds the spec (without the table)
    placeholder = re.search(r'data-chart="([^"]+)"', html)
    assert placeholder
    spec_id = placeholder.group(1)
    script = re.search(rf'<script id="{spec_id}" type="application/json">(.*?)</script>', html, re.S)
    assert script
    embedded = json.loads(script.group(1))
    assert embedded["title"] == "Rahoitus ja kehys"
    assert "usermeta" not in embedded
    assert "vega-embed.min.js" in html
    # and the caption, the PNG link and the table of figures in Finnish format are there
    assert '<figcaption class="salkku-chart__caption">Teemojen rahoitus</figcaption>' in html
    assert 'href="/kuva.png"' in html
    assert '<details class="govuk-details' in html
    assert '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Kehys</th>' in html
    assert "1\u202f200\u202f000,50\u00a0€" in html  # cents shown where there are cents
    assert "2\u202f500\u202f000\u00a0€" in html


def test_chart_tag__two_charts__have_distinct_ids() -> None:
    html = render_tag("{% chart a %}{% chart b %}", a=core_spec(), b=core_spec())
    ids = re.findall(r'data-chart="([^"]+)"', html)
    assert len(ids) == 2 and ids[0] != ids[1]


def test_chart_tag__given_table__replaces_the_spec_table() -> None:
    # given a table of the caller's own, with plain labels as columns
    table = {"columns": ["Nimi", {"label": "Osuus", "kind": "percent"}], "rows": [["Alfa", 0.5]]}

    # then it is shown instead of the spec's
    html = render_tag('{% chart spec table=table chart_id="oma" %}', spec=core_spec(), table=table)
    assert 'id="oma"' in html
    assert "50,0\u00a0%" in html
    body = html[html.index("<tbody") :]
    assert "Alfa" in body and "Rajatapaus" not in body


def test_core_index_bars__long_names__no_axis_title_over_them_and_labels_that_cannot_overlap() -> None:
    # given proposals with long names
    rows = [{"label": f"P{n} " + "Pitkä hankkeen nimi " * 4, "core_index": Fraction(n, 4)} for n in range(5)]
    spec = specs.core_index_bars(rows, title="Ydinindeksit", labels=CORE_LABELS)
    y = spec["layer"][0]["encoding"]["y"]
    x = spec["layer"][0]["encoding"]["x"]
    # then the names have no side title to run into, are cut so the bars keep room, and the percentages
    # drop a label that would overlap its neighbour on a narrow screen
    assert y["title"] is None
    assert y["axis"]["labelLimit"] <= 200
    assert x["axis"]["labelOverlap"] is True


def test_series_chart__long_category_names__slanted_and_cut_short_ones_level() -> None:
    long = specs.grouped_bars(
        [{"x": "T2 Hyvinvointi ja terveysteknologia", "y": 1}, {"x": "T3 Uudet oppimisympäristöt", "y": 2}],
        x="x",
        y="y",
        title="t",
        labels={},
    )
    assert long["encoding"]["x"]["axis"]["labelAngle"] == -35
    assert long["encoding"]["x"]["axis"]["labelLimit"] == specs.CATEGORY_LABEL_LIMIT
    years = specs.grouped_bars([{"x": 2025, "y": 1}, {"x": 2026, "y": 2}], x="x", y="y", title="t", labels={})
    assert years["encoding"]["x"]["axis"] == {"labelAngle": 0}


def test_legend__one_entry_per_row_cut_to_fit_a_phone() -> None:
    legend = specs._config()["legend"]
    assert legend["columns"] == 1 and legend["labelLimit"] <= 220


def test_title_lines__long_title_broken_between_words() -> None:
    title = "Kehysrahoitus teemoittain kussakin skenaariossa vuosittain"
    lines = specs.title_lines(title)
    assert " ".join(lines) == title and all(len(line) <= specs.TITLE_LINE for line in lines)
    assert len(lines) == 2
    spec = specs.grouped_bars([{"x": "a", "y": 1}], x="x", y="y", title=title, labels={})
    assert spec["title"] == {"text": lines}
    assert spec["description"] == title


def test_horizontal__names_and_legend__leave_the_bars_room_on_a_phone() -> None:
    # given a grouped bar chart of long theme names in two scenarios, turned on its side
    rows = [
        {"theme": "T4 Uudet avaukset ja ekosysteemien yleinen kehittäminen", "scenario": s, "amount": 1}
        for s in ("1. jokainen vuosikehys −10 %", "2. laskettu")
    ]
    spec = specs.horizontal(
        specs.grouped_bars(rows, x="theme", y="amount", colour="scenario", title="Kehysraha", labels={})
    )
    # then the names are cut at 150 px and the legend's at 170 px, so that the y axis's labels, the bars
    # and the legend below them fit 390 px (at 220 px each the page review found the legend and the
    # axis's last label past the screen's edge)
    assert spec["encoding"]["y"]["axis"]["labelLimit"] == specs.HORIZONTAL_LABEL_LIMIT == 150
    assert specs._config()["legend"]["labelLimit"] == specs.LEGEND_LABEL_LIMIT == 170
    # and the last amount, centred on its tick at the axis's end, has room beside it ("15 000 000 €" was cut
    # at the phone's edge), and amounts that would crowd each other are thinned out (the PDF's axis ended
    # in "4 000 000 € 5 000 000 €")
    assert spec["padding"]["right"] >= 40
    assert spec["encoding"]["x"]["axis"]["labelOverlap"] is True
    assert spec["encoding"]["x"]["axis"]["labelSeparation"] >= 10
