"""A scenario's themes by their name in the reader's language on the portfolio page, its charts and the
comparison (the problem document keeps the Finnish name of when it was built: English and Swedish pages
showed "T2 Hyvinvointi ja terveysteknologia")."""

from __future__ import annotations

import pytest
from django.utils import translation

from portfolio.charts import _theme_names
from portfolio.models import Scenario
from portfolio.names import theme_names
from portfolio.results import compare
from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def _problem(code: str) -> dict[str, object]:
    return {"themes": [{"id": code, "name": "Hyvinvointi"}, {"id": "GONE", "name": "Poistunut teema"}]}


def test_theme_names__reader_language__from_the_agreements_theme() -> None:
    # given a scenario built in Finnish for a theme that has Swedish and English names
    theme = ThemeFactory(name_fi="Hyvinvointi", name_sv="Välfärd", name_en="Wellbeing")
    problem = _problem(theme.code)
    # when its names are asked in each language
    with translation.override("en"):
        en = theme_names(theme.agreement_id, problem)
    with translation.override("sv"):
        sv = theme_names(theme.agreement_id, problem)
    # then the theme reads in that language, with its code, and a theme no longer there as stored
    assert en[theme.code] == f"{theme.code} Wellbeing"
    assert sv[theme.code] == f"{theme.code} Välfärd"
    assert en["GONE"] == "GONE Poistunut teema"


def test_scenario_charts_and_comparison__theme_in_the_readers_language() -> None:
    # given a saved-looking scenario of that theme
    theme = ThemeFactory(name_fi="Hyvinvointi", name_en="Wellbeing")
    result = {"breakdown": {"theme_year": [{"category": theme.code, "year": 2024, "money": "100.00"}]}}
    scenario = Scenario(agreement_id=theme.agreement_id, problem=_problem(theme.code), result=result)
    # when the chart names and the comparison's rows are made in English
    with translation.override("en"):
        chart_names = _theme_names(scenario)
        comparison = compare([scenario, scenario])
    # then both name the theme in English
    assert chart_names[theme.code] == f"{theme.code} Wellbeing"
    shown = {key: name for _section, rows in comparison.sections for key, name, _values in rows}
    assert shown[theme.code] == f"{theme.code} Wellbeing"
