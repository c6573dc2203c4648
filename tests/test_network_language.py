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
