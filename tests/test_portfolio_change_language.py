# ruff: noqa: F811  (the world fixture `w`, imported from another test module, is a test argument)
"""A what-if's change and a name the system composed are stored as what they are and worded in the reader's
language (#16): a what-if made on a Finnish page reads in Swedish on a Swedish page, for each kind."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cores.portfolio import parse
from portfolio import changes, services
from portfolio.models import Scenario
from portfolio.problems import RunOptions
from portfolio.results import RunSettings
from tests.test_portfolio_problems import World, w  # noqa: F401

pytestmark = pytest.mark.django_db


def _base(w: World) -> Scenario:
    # made on a Finnish page; queued, not run (the wording does not need a result)
    with translation.override("fi"):
        return services.create_from_call(
            w.call,
            user=w.p.coordinator,
            name="Kevään haku",
            options=RunOptions(),
            run=RunSettings(time_limit=10, next_best=1),
        )


def _page(w: World, lang: str, name: str, **query: str) -> str:
    client = Client()
    client.force_login(w.p.coordinator)
    with translation.override(lang):
        url = reverse(name, kwargs=query) if query else reverse(name)
    return client.get(url).content.decode()


def _what_ifs(w: World, base: Scenario) -> dict[str, Scenario]:
    ids = [c.id for c in parse(base.problem).criteria]
    makers = {
        "frame": lambda p: services.what_if_frame(p, -10),
        "weights": lambda p: services.what_if_weights(p, {ids[0]: D("0.5"), ids[1]: D(1), ids[2]: D(0)}),
        "lock_in": lambda p: services.what_if_lock(p, "ALFA", "in"),
        "lock_out": lambda p: services.what_if_lock(p, "BETA", "out"),
        "free": lambda p: services.what_if_lock(p, "ALFA", "free"),
    }
    made = {}
    with translation.override("fi"):
        for kind, make in makers.items():
            made[kind] = services.derive(base, user=w.p.coordinator, make=make)
        made["rerun"] = services.rerun(base, user=w.p.coordinator)
    return made


SWEDISH = {
    "frame": "varje årsram −10 %",
    "weights": "vikter ",
    "lock_in": "ALFA inlåst",
    "lock_out": "BETA utelåst",
    "free": "ALFA upplåst",
    "rerun": "ny körning med aktuella uppgifter",
}
FINNISH = {
    "frame": "jokainen vuosikehys −10 %",
    "weights": "painoarvot ",
    "lock_in": "ALFA lukittu mukaan",
    "lock_out": "BETA lukittu pois",
    "free": "ALFA lukitus poistettu",
    "rerun": "uusi ajo nykyisillä tiedoilla",
}


def test_what_if__made_in_finnish__stored_as_what_changed(w: World) -> None:
    base = _base(w)
    made = _what_ifs(w, base)
    assert made["frame"].change_spec == {"kind": "frame", "percent": -10}
    assert made["lock_in"].change_spec == {"kind": "lock", "candidate": "ALFA", "lock": "in"}
    assert made["rerun"].change_spec == {"kind": "rerun", "current_data": True}
    assert made["weights"].change_spec["kind"] == "weights"
    # the wording of the language it was made in stays as the fallback, and the name is stored as parts
    assert made["frame"].change == FINNISH["frame"]
    assert made["frame"].name_parts == [{"text": "Kevään haku"}, {"kind": "frame", "percent": -10}]


@pytest.mark.parametrize("kind", list(SWEDISH))
def test_what_if__made_on_a_finnish_page__reads_in_swedish_on_a_swedish_page(w: World, kind: str) -> None:
    # given a what-if of each kind made on a Finnish page
    made = _what_ifs(w, _base(w))[kind]
    # when a Swedish reader opens it, then its change and its name are in Swedish; the typed name as typed
    # (the activity feed below quotes the audit trail, which records the wording as it was written)
    html = _page(w, "sv", "portfolio:scenario_detail", pk=str(made.pk)).split(
        '<section class="salkku-activity"'
    )[0]
    assert SWEDISH[kind] in html
    assert FINNISH[kind] not in html
    assert f"Kevään haku · {SWEDISH[kind]}" in html
    # and a Finnish reader still reads it in Finnish
    assert FINNISH[kind] in _page(w, "fi", "portfolio:scenario_detail", pk=str(made.pk))


def test_what_if__weights__criteria_names_as_typed_and_numbers_in_the_readers_form(w: World) -> None:
    made = _what_ifs(w, _base(w))["weights"]
    with translation.override("sv"):
        sv = made.change_label
    with translation.override("en"):
        en = made.change_label
    assert sv.startswith("vikter ") and " 0,5" in sv
    assert en.startswith("weights ") and " 0.5" in en


def test_comparison_and_list__what_ifs_in_the_readers_language(w: World) -> None:
    base = _base(w)
    made = _what_ifs(w, base)
    client = Client()
    client.force_login(w.p.coordinator)
    with translation.override("sv"):
        url = reverse("portfolio:compare")
    html = client.get(url, {"s": [base.pk, made["frame"].pk]}).content.decode()
    assert "varje årsram −10 %" in html and "jokainen vuosikehys" not in html
    with translation.override("sv"):
        url = reverse("portfolio:scenario_list")
    html = client.get(url).content.decode()
    assert "Kevään haku · varje årsram −10 %" in html and "jokainen vuosikehys" not in html


def test_older_rows__without_a_structured_change__show_the_stored_wording() -> None:
    old = Scenario(name="Vanha · jokainen vuosikehys −10 %", change="jokainen vuosikehys −10 %")
    with translation.override("sv"):
        assert old.change_label == "jokainen vuosikehys −10 %"
        assert old.label == "Vanha · jokainen vuosikehys −10 %"


def test_demo_name__composed_by_the_system__in_the_readers_language() -> None:
    parts = [changes.proposal_for_call("Kevään haku"), changes.frame(-10)]
    with translation.override("fi"):
        assert changes.name_text(parts) == "Ehdotus: Kevään haku · jokainen vuosikehys −10 %"
    with translation.override("sv"):
        assert changes.name_text(parts) == "Förslag: Kevään haku · varje årsram −10 %"
