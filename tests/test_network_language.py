"""The network picture's organisation types in the reader's language (the legend was Finnish on English
and Swedish pages: the labels were fixed to the language active when the module was imported)."""

from __future__ import annotations

from django.utils import translation

from ecosystem.network import type_label


def test_type_label__in_each_language__follows_the_active_language() -> None:
    # given the university type, after the module was imported in whatever language
    # when its label is asked in each language
    labels = {}
    for lang in ("fi", "sv", "en"):
        with translation.override(lang):
            labels[lang] = type_label("university")
    # then each language has its own word
    assert labels == {"fi": "Yliopisto", "sv": "Universitet", "en": "University"}


def test_type_label__company_sizes__in_each_language() -> None:
    # given the two company sizes the picture tells apart
    # when their labels are asked in Finnish and Swedish
    with translation.override("fi"):
        fi = (type_label("sme"), type_label("large_company"))
    with translation.override("sv"):
        sv = (type_label("sme"), type_label("large_company"))
    # then they are the catalogue's words
    assert fi == ("PK-yritys", "Suuri yritys")
    assert sv == ("Små och medelstora företag", "Stort företag")


def test_network_picture__legend_titles_fit_the_legend_in_each_language() -> None:
    # given a small network of two organisations that share work
    import networkx as nx

    from ecosystem.network import network_picture_spec

    g = nx.Graph()
    g.add_node(1, name="Esimerkkilän kaupunki", type="city", money=1000)
    g.add_node(2, name="Testiyliopisto", type="university", money=500)
    g.add_edge(1, 2, weight=100)
    for lang in ("fi", "sv", "en"):
        with translation.override(lang):
            spec = network_picture_spec(g)
        # then each legend's title is short enough not to be cut (Vega cuts a legend title at 180 px: the
        # Swedish PDF showed "EU- och statliga pengar (des…")
        titles = [
            str(channel["title"])
            for layer in spec["layer"]
            for name, channel in layer["encoding"].items()
            if name in ("size", "color") and "title" in channel
        ]
        assert titles and all(len(title) <= 28 for title in titles), (lang, titles)
