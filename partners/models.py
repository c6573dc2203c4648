"""The partner network: organisations, contact persons, test environments."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cores.business_id import BusinessIdError, normalise_business_id


class OrganisationKind(models.TextChoices):
    CITY = "city", _("City")
    UNIVERSITY = "university", _("University")
    UAS = "uas", _("University of applied sciences")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    HOSPITAL = "hospital", _("Hospital or wellbeing services county")
    COMPANY = "company", _("Company")
    ASSOCIATION = "association", _("Association or foundation")
    AUTHORITY = "authority", _("Public authority")
    OTHER = "other", _("Other")


class OrganisationSize(models.TextChoices):
    SME = "sme", _("SME")
    LARGE = "large", _("Large")
    NOT_APPLICABLE = "", _("Not applicable")


def validate_business_id(value: str) -> None:
    try:
        normalise_business_id(value)
    except BusinessIdError as error:
        raise ValidationError(str(error), code="invalid_business_id") from error


_LEGAL_FORMS = re.compile(r"\b(oy|oyj|ab|ltd|ry|rf|sr|ky|tmi|osuuskunta|oy ab|ab oy)\b")


def normalise_name(name: str) -> str:
    """A key for matching organisation names: case, accents of Latin letters, punctuation and legal forms
    (Oy, Ab, ry ...) do not count; Finnish å/ä/ö stay distinct."""
    text = name.casefold().replace("|", " ")
    text = "".join(c if c in "åäö" else unicodedata.normalize("NFKD", c)[0] for c in text)
    text = _LEGAL_FORMS.sub(" ", text)
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def cities(self) -> OrganisationQuerySet:
        return self.filter(kind=OrganisationKind.CITY)

    def search(self, text: str) -> OrganisationQuerySet:
        if not text:
            return self
        return self.filter(
            Q(name__icontains=text)
            | Q(business_id__icontains=text)
            | Q(name_key__contains=normalise_name(text))
        )


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=300)
    name_key = models.CharField(_("matching key"), max_length=300, db_index=True, editable=False)
    name_sv = models.CharField(_("name (Swedish)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    kind = models.CharField(
        _("kind"), max_length=30, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )
    size = models.CharField(
        _("size"), max_length=10, choices=OrganisationSize.choices, blank=True, default=""
    )
    business_id = models.CharField(
        _("business ID"),
        max_length=9,
        blank=True,
        validators=[validate_business_id],
        help_text=_("Finnish business ID (Y-tunnus), e.g. 0201256-6"),
    )
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_generated = models.BooleanField(
        _("generated demo data"), default=False, help_text=_("true for fictitious organisations of the demo")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["business_id"], condition=~Q(business_id=""), name="unique_business_id"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_key = normalise_name(self.name)
        if self.business_id:
            self.business_id = normalise_business_id(self.business_id)
        super().save(*args, **kwargs)


class Person(models.Model):
    """A contact person. Personal data: kept to name, title, work e-mail and phone; never public."""

    PERSONAL_DATA_FIELDS = ("first_name", "last_name", "email", "phone")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("work e-mail"), blank=True)
    phone = models.CharField(_("work phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class TestEnvironmentQuerySet(models.QuerySet["TestEnvironment"]):
    def published(self) -> TestEnvironmentQuerySet:
        """What the public sees: published and not retired."""
        return self.filter(is_published=True, retired_on__isnull=True)

    def active(self) -> TestEnvironmentQuerySet:
        return self.filter(retired_on__isnull=True)


class TestEnvironment(models.Model):
    """A test environment, test bed or living lab (kokeiluympäristö) companies can use.

    When it is available is said by its availability periods (``periods``); a retired environment keeps
    its periods (the timeline of past years stays true) but is no longer offered."""

    __test__ = False  # not a pytest test class

    name = models.CharField(_("name"), max_length=300)
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="test_environments")
    city = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="hosted_test_environments",
        limit_choices_to={"kind": OrganisationKind.CITY},
        null=True,
        blank=True,
    )
    themes = models.ManyToManyField("programme.Theme", related_name="test_environments", blank=True)
    description = models.TextField(_("description"), blank=True)
    capacity = models.TextField(
        _("capacity and terms"),
        blank=True,
        help_text=_("What it takes and on what terms: e.g. number of pilots at a time, fees, booking."),
    )
    contact = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="test_environments",
        verbose_name=_("contact person"),
    )
    website = models.URLField(_("website"), blank=True)
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Published environments are shown to the public.")
    )
    retired_on = models.DateField(_("retired on"), null=True, blank=True)

    objects = TestEnvironmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("test environment")
        verbose_name_plural = _("test environments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AvailabilityPeriod(models.Model):
    """A period when a test environment is available; an open end means "until further notice"."""

    environment = models.ForeignKey(TestEnvironment, on_delete=models.CASCADE, related_name="periods")
    starts_on = models.DateField(_("available from"))
    ends_on = models.DateField(_("available to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("availability period")
        verbose_name_plural = _("availability periods")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="availability_period_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_on}–{self.ends_on or ''}"
