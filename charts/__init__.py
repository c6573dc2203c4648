"""Charts: one Vega-Lite definition, rendered interactive in the browser and static (SVG/PNG) on the server.

``charts.specs`` builds the specs from plain data, ``charts.render`` renders them with vl-convert, and
``{% load charts %}{% chart spec caption=... %}`` places one on a page. See docs/charts.md.
"""
