"""Domain vocabulary from one source in fi, sv and en (programme.vocabulary, audit.actions, config/formats):
units inflected after a number, fund codes by their names, audit actions and fields by their names, dates
and numbers in each language's format."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from audit.actions import action_label
from audit.templatetags.audit_tags import audit_value
from programme import vocabulary


@pytest.mark.parametrize(
    ("lang", "twenty", "one", "fte", "typed"),
    [
        ("fi", "20 yritystä", "1 yritys", "2,5 henkilötyövuotta", "3 kokeilua"),
        ("sv", "20 företag", "1 företag", "2,5 årsverken", "3 kokeilua"),
        ("en", "20 enterprises", "1 enterprise", "2.5 annual FTEs", "3 kokeilua"),
    ],
)
def test_quantity__each_language__number_and_inflected_unit(
    lang: str, twenty: str, one: str, fte: str, typed: str
) -> None:
    with translation.override(lang):
        assert vocabulary.quantity(Decimal("20"), "enterprises") == twenty
        assert vocabulary.quantity(1, "enterprises") == one
        assert vocabulary.quantity("2.5", "annual FTEs") == fte
        # a unit someone typed for an agreement's own indicator stays as typed
        assert vocabulary.quantity(3, "kokeilua") == typed


def test_quantity__thousands__grouped_in_the_language() -> None:
    with translation.override("fi"):
        assert vocabulary.quantity(12000, "persons") == "12\xa0000 henkilöä"
    with translation.override("en"):
        assert vocabulary.quantity(12000, "persons") == "12,000 persons"


@pytest.mark.parametrize(
    ("lang", "erdf", "state", "unit"),
    [
        ("fi", "EAKR", "Valtion rahoitus", "yritykset"),
        ("sv", "Eruf", "Statlig finansiering", "företag"),
        ("en", "ERDF", "State co-funding", "enterprises"),
    ],
)
def test_fund_and_unit_labels__each_language(lang: str, erdf: str, state: str, unit: str) -> None:
    with translation.override(lang):
        assert vocabulary.fund_label("ERDF") == erdf
        assert vocabulary.fund_label("STATE") == state
        assert vocabulary.unit_label("enterprises") == unit
        assert vocabulary.fund_label("XYZ") == "XYZ"


def test_every_unit_of_the_agreement_files__is_in_the_vocabulary() -> None:
    import yaml

    from config.settings import BASE_DIR

    data = yaml.safe_load((BASE_DIR / "programme" / "data" / "common.yaml").read_text())
    units = {item["unit"] for item in data["indicators"]["items"]}
    assert units <= vocabulary.KNOWN_UNITS, units - vocabulary.KNOWN_UNITS
    # and every EU common indicator has its Finnish and Swedish name
    assert all(item.get("name_fi") and item.get("name_sv") for item in data["indicators"]["items"])


@pytest.mark.parametrize(
    ("lang", "short", "amount"),
    [
        ("fi", "31.12.2029", "1\u202f234,50\xa0€"),
        ("sv", "31.12.2029", "1\u202f234,50\xa0€"),
        ("en", "31 Dec 2029", "€1,234.50"),
    ],
)
def test_dates_and_money__each_language__its_own_format(lang: str, short: str, amount: str) -> None:
    template = Template("{% load salkku %}{{ day|sdate }}|{{ money|eur }}|{{ n|number }}")
    with translation.override(lang):
        text = template.render(
            Context({"day": dt.date(2029, 12, 31), "money": Decimal("1234.50"), "n": 1234.5})
        )
    day, money, number = text.split("|")
    assert day == short  # never the ISO form 2029-12-31 (Swedish as written in Finland)
    assert money == amount
    assert number == ("1,234.5" if lang == "en" else "1\xa0234,5")


@pytest.mark.parametrize(
    ("lang", "stored", "loader"),
    [
        ("fi", "Vuosiraportti laadittu", "Rahasto: muutettu"),
        ("sv", "Årsrapport upprättad", "Fond: ändrad"),
        ("en", "Annual report made", "Fund: changed"),
    ],
)
def test_audit_action__each_language__named_never_raw(lang: str, stored: str, loader: str) -> None:
    with translation.override(lang):
        assert action_label("annual_report.stored") == stored
        assert action_label("programme.fund.updated") == loader
        assert action_label("something.unknown") == "something.unknown"


def test_audit_value__iso_date__in_the_language() -> None:
    with translation.override("fi"):
        assert audit_value("2029-12-31") == "31.12.2029"
    with translation.override("en"):
        assert audit_value("2029-12-31") == "31 Dec 2029"
    assert audit_value("not a date") == "not a date"


@pytest.mark.django_db
def test_audit_rows__model_field__its_name_and_choice_label() -> None:
    from audit.models import AuditEntry
    from audit.services import Actor, audit_record
    from audit.templatetags.audit_tags import audit_rows
    from tests.factories import AgreementFactory

    agreement = AgreementFactory()
    audit_record(
        actor=Actor(label="t"),
        action="x.changed",
        obj=agreement,
        before={"status": "planned"},
        after={"status": "signed"},
    )
    entry = AuditEntry.objects.get(action="x.changed")
    with translation.override("fi"):
        [(key, before, after)] = audit_rows(entry)
        assert key == "tila"
        assert str(before) != "planned" and str(after) == "Allekirjoitettu"
