from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partners.models import Organisation, normalise_name
from pipeline.models import BudgetLine
from programme.models import AnnualFrame
from tests.factories import AgreementFactory, FundFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_organisation__invalid_business_id__fails_validation_with_reason() -> None:
    # given an organisation with a wrong check digit; when validated; then the error names the digit needed
    org = Organisation(name="Virhe Oy", business_id="0201256-5")
    with pytest.raises(ValidationError, match="needs 6"):
        org.full_clean()


def test_organisation__same_business_id_twice__is_refused() -> None:
    OrganisationFactory(business_id="0201256-6")
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(business_id="0201256-6")


def test_organisation__empty_business_ids__may_repeat() -> None:
    OrganisationFactory(business_id="")
    OrganisationFactory(business_id="")
    assert Organisation.objects.filter(business_id="").count() == 2


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Helsingin Kaupunki", "helsingin kaupunki"),
        ("Forum Virium Helsinki Oy", "Forum Virium Helsinki"),
        ("Laurea-ammattikorkeakoulu Oy", "Laurea ammattikorkeakoulu"),
        ("Café Oy", "Cafe"),
    ],
)
def test_normalise_name__spelling_variants__match(a: str, b: str) -> None:
    assert normalise_name(a) == normalise_name(b)


def test_normalise_name__finnish_letters__stay_distinct() -> None:
    assert normalise_name("Sää Oy") != normalise_name("Saa Oy")


def test_annual_frame__negative_amount__is_refused() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        AnnualFrame.objects.create(
            agreement=AgreementFactory(), fund=FundFactory(), year=2024, amount=Decimal("-1")
        )


def test_budget_line__without_owner__is_refused() -> None:
    # given a budget line that belongs to neither a proposal nor a project; then the database refuses it
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.create(year=2024, category="personnel", amount=Decimal("10"))


def test_agreement__shares_that_do_not_fit__are_refused() -> None:
    # given a public share of 70 % with an own share of 40 % (they add over 100 %); then it is refused
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementFactory(max_public_share=Decimal("0.7"), min_own_share=Decimal("0.4"))
