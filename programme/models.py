"""The programme frame: periods, funds, agreements, annual money frames, themes, methods, indicators."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cores.cofinancing import Rule
from programme.fields import MoneyField, ShareField, TranslatedNameMixin, in_language, language_of

if TYPE_CHECKING:
    from accounts.permissions import Target


class FinancingSource(models.TextChoices):
    """Where a plan's money comes from: the frame funds (ERDF, ESF+, JTF), state co-funding, the cities,
    the partners' own and private money. The plan lines (``pipeline``) store these codes."""

    ERDF = "ERDF", _("ERDF")
    ESF_PLUS = "ESF+", _("ESF+")
    JTF = "JTF", _("JTF")
    STATE = "STATE", _("State co-funding")
    CITY = "CITY", _("City")
    OWN = "OWN", _("Own financing")
    PRIVATE = "PRIVATE", _("Private")


class ProgrammePeriod(models.Model):
    """A structural-funds programme period, e.g. 2021–2027."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    last_eligible_date = models.DateField(_("last eligible date"))

    class Meta:
        verbose_name = _("programme period")
        verbose_name_plural = _("programme periods")
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="period_years")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The period's name in the reader's language. The agreement files name a period in Finnish; the
        usual name ("Rakennerahasto-ohjelma 2021–2027") is vocabulary with a translation, any other name
        stays as written."""
        years = f"{self.start_year}–{self.end_year}"
        if self.name == f"Rakennerahasto-ohjelma {years}":
            return str(_("Structural funds programme %(years)s")) % {"years": years}
        return self.name

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)


class NationalFrame(models.Model):
    """The EU and state money for all agreements together in one year (the memo: about 10.3 M€ a year)."""

    period = models.ForeignKey(ProgrammePeriod, on_delete=models.CASCADE, related_name="national_frames")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = MoneyField(_("EU and state money"))
    is_estimate = models.BooleanField(_("estimate"), default=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("national annual pool")
        verbose_name_plural = _("national annual pools")
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["period", "year"], name="unique_national_frame")]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount} €"


class Fund(TranslatedNameMixin, models.Model):
    """A source of frame money: ERDF, ESF+, JTF or STATE, with its maximum share of eligible costs."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name_fi = models.CharField(_("name (Finnish)"), max_length=200)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    is_eu = models.BooleanField(_("EU fund"), default=True)
    max_share = ShareField(_("maximum share of eligible costs"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class AgreementStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    NEGOTIATION = "negotiation", _("In negotiation")
    SIGNED = "signed", _("Signed")
    CLOSED = "closed", _("Closed")


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def with_content(self) -> AgreementQuerySet:
        return self.filter(themes__isnull=False).distinct()


class Agreement(TranslatedNameMixin, models.Model):
    """An innovation ecosystem agreement between the state and one city region."""

    slug = models.SlugField(_("identifier"), unique=True)
    name_fi = models.CharField(_("name (Finnish)"), max_length=200)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    region_fi = models.CharField(_("city region"), max_length=200)
    region_sv = models.CharField(_("city region (Swedish)"), max_length=200, blank=True)
    region_en = models.CharField(_("city region (English)"), max_length=200, blank=True)
    period = models.ForeignKey(ProgrammePeriod, on_delete=models.PROTECT, related_name="agreements")
    status = models.CharField(_("status"), max_length=20, choices=AgreementStatus.choices, default="planned")
    funding_authority = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="authority_for",
        verbose_name=_("funding authority"),
    )
    # The co-financing rule (configurable per agreement).
    max_public_share = ShareField(_("maximum EU and state share"), default=Decimal("0.6000"))
    min_own_share = ShareField(_("minimum own-financing share"), default=Decimal("0.4000"))
    description_fi = models.TextField(_("description"), blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    brand_colour = models.CharField(
        _("theme colour"),
        max_length=7,
        default="#0f5e9c",
        help_text=_("the agreement's colour in the app (#rrggbb)"),
    )
    fixture_version = models.CharField(_("data version"), max_length=40, blank=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["name_fi"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_public_share__lte=Decimal(1) - models.F("min_own_share")),
                name="public_and_own_shares_fit",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def region(self) -> str:
        """The city region in the active language (the agreement file's Swedish or English name), Finnish
        where the file gives none."""
        lang = (get_language() or "fi")[:2]
        return getattr(self, f"region_{lang}", "") or self.region_fi

    @property
    def description(self) -> str:
        """The description in the active language, Finnish where the agreement file gives none."""
        return in_language(self, "description")

    @property
    def description_language(self) -> str:
        """The language of :attr:`description` (for a ``lang`` attribute where it falls back)."""
        return language_of(self, "description")

    def permission_target(self) -> Target:
        """What the permission table needs to know of an agreement (accounts.permissions)."""
        from accounts.permissions import Target

        return Target(agreement_id=self.pk)

    def cofinancing_rule(self) -> Rule:
        funds = Fund.objects.all()
        return Rule(
            max_public_share=self.max_public_share,
            min_own_share=self.min_own_share,
            fund_max_share={f.code: f.max_share for f in funds},
        )


class PartyRole(models.TextChoices):
    CITY = "city", _("City")
    STATE = "state", _("State")


class AgreementParty(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="parties_to"
    )
    role = models.CharField(_("role"), max_length=10, choices=PartyRole.choices)

    class Meta:
        verbose_name = _("party to the agreement")
        verbose_name_plural = _("parties to the agreement")
        constraints = [models.UniqueConstraint(fields=["agreement", "organisation"], name="unique_party")]

    def __str__(self) -> str:
        return str(self.organisation)


class AnnualFrame(models.Model):
    """The money of one fund for one agreement in one year."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="annual_frames")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="annual_frames")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = MoneyField(_("amount"))
    is_estimate = models.BooleanField(_("estimate"), default=False)

    class Meta:
        verbose_name = _("annual frame")
        verbose_name_plural = _("annual frames")
        ordering = ["year", "fund__order"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "fund", "year"], name="unique_annual_frame"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="annual_frame_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.fund.code} {self.year}: {self.amount} €"


class SteeringGroup(models.Model):
    """The cities' steering group of an agreement; it presents projects to the funding authority."""

    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="steering_group")
    name_fi = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("steering group")
        verbose_name_plural = _("steering groups")

    def __str__(self) -> str:
        return self.name_fi


class SteeringGroupSeat(models.Model):
    """A seat in the steering group held for a city (one or more per city)."""

    group = models.ForeignKey(SteeringGroup, on_delete=models.CASCADE, related_name="seats")
    city = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "partners.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("steering-group seat")
        verbose_name_plural = _("steering-group seats")

    def __str__(self) -> str:
        return f"{self.group} / {self.city}"


class ThemeKind(models.TextChoices):
    COORDINATION = "coordination", _("Coordination project")
    PRIORITY = "priority", _("Priority theme")


class Theme(TranslatedNameMixin, models.Model):
    """A priority theme of an agreement (or its coordination project), with the funds it may use."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="themes")
    code = models.CharField(_("code"), max_length=10)
    kind = models.CharField(_("kind"), max_length=20, choices=ThemeKind.choices, default=ThemeKind.PRIORITY)
    name_fi = models.CharField(_("name (Finnish)"), max_length=200)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_fi = models.TextField(_("description (Finnish)"), blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    eligible_funds = models.ManyToManyField(Fund, related_name="themes", verbose_name=_("eligible funds"))
    target_share_min = ShareField(_("target share, at least"), null=True, blank=True)
    target_share_max = ShareField(_("target share, at most"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["agreement", "order"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "code"], name="unique_theme_code"),
            models.CheckConstraint(
                condition=Q(target_share_min__isnull=True)
                | Q(target_share_max__isnull=True)
                | Q(target_share_min__lte=models.F("target_share_max")),
                name="theme_share_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def description(self) -> str:
        """The description in the active language, Finnish where the agreement file gives none."""
        return in_language(self, "description")

    @property
    def description_language(self) -> str:
        """The language of :attr:`description` (for a ``lang`` attribute where it falls back)."""
        return language_of(self, "description")


class SubTopic(TranslatedNameMixin, models.Model):
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="subtopics")
    name_fi = models.CharField(_("name (Finnish)"), max_length=200)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("sub-topic")
        verbose_name_plural = _("sub-topics")
        ordering = ["theme", "order"]

    def __str__(self) -> str:
        return self.name


class Method(TranslatedNameMixin, models.Model):
    """A way of working usable in every theme: test environments, RDI projects, competence clusters..."""

    code = models.SlugField(_("code"), unique=True)
    name_fi = models.CharField(_("name (Finnish)"), max_length=200)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("method")
        verbose_name_plural = _("methods")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class IndicatorKind(models.TextChoices):
    OUTPUT = "output", _("Output")
    RESULT = "result", _("Result")


class Indicator(TranslatedNameMixin, models.Model):
    """An EU common indicator (RCO/RCR, Regulation (EU) 2021/1058 Annex I) or an agreement's own one."""

    code = models.CharField(_("code"), max_length=20)
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_indicators",
        help_text=_("empty for the EU common indicators"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=IndicatorKind.choices)
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_fi = models.CharField(_("name (Finnish)"), max_length=300, blank=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=60)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "code"], name="unique_own_indicator_code"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(agreement__isnull=True), name="unique_common_indicator_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def unit_label(self) -> str:
        """The unit in the reader's language (programme.vocabulary); a unit someone typed, as typed."""
        from programme.vocabulary import unit_label

        return unit_label(self.unit)
