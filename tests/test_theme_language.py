"""A name shown in another language than the page's is marked with its own ``lang`` (hyphenated and read
out by its own language's rules). Apart from tests/test_page_language.py, whose module shares one world."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.pages_data import build_agreement

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
    # and a theme with a Swedish name is marked Swedish
    theme.name_sv = "Smarta stadslösningar"
    theme.save()
    with translation.override("sv"):
        page = client.get(reverse("home")).content.decode()
    assert '<span lang="sv">Smarta stadslösningar</span></h3>' in page
