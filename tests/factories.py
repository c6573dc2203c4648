"""factory_boy factories with state helpers. Shared by every test module."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from accounts.models import Role, RoleAssignment, User
from cores.business_id import make_business_id
from partners.models import Organisation, OrganisationKind
from programme.models import Agreement, Fund, ProgrammePeriod, Theme


def _valid_business_id(n: int) -> str:
    body = 1_000_000 + n * 7
    while (bid := make_business_id(body)) is None:
        body += 1
    return bid


class ProgrammePeriodFactory(DjangoModelFactory):
    class Meta:
        model = ProgrammePeriod
        django_get_or_create = ("code",)

    code = "2021-2027"
    name = "Rakennerahasto-ohjelma 2021–2027"
    start_year = 2021
    end_year = 2027
    last_eligible_date = dt.date(2029, 12, 31)


class FundFactory(DjangoModelFactory):
    class Meta:
        model = Fund
        django_get_or_create = ("code",)

    code = "ERDF"
    name_fi = "Euroopan aluekehitysrahasto"
    name_en = "European Regional Development Fund"
    max_share = Decimal("0.4000")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Testiyritys {n} Oy")
    kind = OrganisationKind.COMPANY
    size = "sme"
    business_id = factory.Sequence(_valid_business_id)
    municipality = "Helsinki"

    class Params:
        city = factory.Trait(
            kind=OrganisationKind.CITY, size="", name=factory.Sequence(lambda n: f"Testikaupunki {n}")
        )
        university = factory.Trait(
            kind=OrganisationKind.UNIVERSITY, size="", name=factory.Sequence(lambda n: f"Testiyliopisto {n}")
        )


class AgreementFactory(DjangoModelFactory):
    class Meta:
        model = Agreement

    slug = factory.Sequence(lambda n: f"region-{n}")
    name_fi = factory.Sequence(lambda n: f"Testiseudun ekosysteemisopimus {n}")
    name_en = factory.Sequence(lambda n: f"Test region ecosystem agreement {n}")
    region_fi = "Testiseutu"
    period = factory.SubFactory(ProgrammePeriodFactory)
    status = "signed"


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme

    agreement = factory.SubFactory(AgreementFactory)
    code = factory.Sequence(lambda n: f"T{n}")
    name_fi = factory.Sequence(lambda n: f"Teema {n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.django.Password("correct horse battery staple")

    @classmethod
    def with_role(cls, role: str, *, agreement=None, organisation=None, **kwargs):
        user = cls(**kwargs)
        RoleAssignment.objects.create(user=user, role=role, agreement=agreement, organisation=organisation)
        return user

    @classmethod
    def coordinator(cls, agreement, **kwargs):
        return cls.with_role(Role.COORDINATOR, agreement=agreement, **kwargs)

    @classmethod
    def applicant(cls, organisation, agreement=None, **kwargs):
        return cls.with_role(Role.APPLICANT, agreement=agreement, organisation=organisation, **kwargs)
