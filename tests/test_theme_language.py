"""A name shown in another language than the page's is marked with its own ``lang`` (hyphenated and read
out by its own language's rules). Apart from tests/test_page_language.py, whose module shares one world."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.pages_data import build_agreement, build_portfolio

pytestmark = pytest.mark.django_db


def test_the_overview_in_swedish__a_theme_named_only_in_finnish_is_marked_finnish() -> None:
    # given an agreement whose theme has a Finnish name and no Swedish one
    p = build_agreement()
    theme = p.agreement.themes.filter(kind="priority").first()
    assert theme is not None
    theme.name_fi, theme.name_sv = "Älykkäät kaupunkiratkaisut", ""
    theme.save()
    client = Client()
    client.force_login(p.coordinator)
    # when the overview is read in Swedish
    with translation.override("sv"):
        page = client.get(reverse("home")).content.decode()
    # then the heading marks the Finnish name as Finnish (hyphenated and read out by the Finnish rules)
    assert '<span lang="fi">Älykkäät kaupunkiratkaisut</span></h3>' in page
    # and a theme with a Swedish name needs no mark of its own (the page's lang is Swedish)
    theme.name_sv = "Smarta stadslösningar"
    theme.save()
    with translation.override("sv"):
        page = client.get(reverse("home")).content.decode()
    assert "· Smarta stadslösningar</h3>" in page


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_pages_naming_a_theme__a_finnish_only_name_is_marked_finnish_everywhere(lang: str) -> None:
    # given a proposal and a funded project whose theme is named only in Finnish
    p = build_portfolio(proposals=1, funded=1, historical=0)
    proposal, project = p.proposals[0], p.funded[0]
    for theme in {proposal.theme, project.theme} - {None}:
        theme.name_fi, theme.name_sv, theme.name_en = f"Teema {theme.code} älykkäät ratkaisut", "", ""
        theme.save()
    client = Client()
    client.force_login(p.coordinator)
    with translation.override(lang):
        urls = [
            reverse("pipeline:proposal_detail", args=[proposal.pk]),
            reverse("projects:project_detail", args=[project.pk]),
        ]
        # when the proposal's and the project's pages are read in Swedish or English
        for url in urls:
            page = client.get(url).content.decode()
            # then the theme's Finnish name carries lang="fi"
            assert '<span lang="fi">Teema ' in page, url


def test_named__own_language_unmarked_missing_name_a_dash() -> None:
    from web.templatetags.salkku import named

    p = build_agreement()
    theme = p.agreement.themes.first()
    assert theme is not None
    theme.name_fi, theme.name_sv = "Kiertotalous", "Cirkulär ekonomi"
    with translation.override("sv"):
        assert named(theme) == "Cirkulär ekonomi"
    with translation.override("fi"):
        assert named(theme) == "Kiertotalous"
    assert named(None) == "–"
