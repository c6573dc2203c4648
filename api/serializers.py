"""Output serializers of the read API. Money is a decimal string in euros; no business logic here."""

from __future__ import annotations

from rest_framework import serializers

from partners.models import Organisation
from programme.models import Agreement, AnnualFrame, Fund, ProgrammePeriod, Theme
from projects.models import Project


class ThemeOut(serializers.ModelSerializer):
    eligible_funds: serializers.SlugRelatedField[Fund] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code"
    )

    class Meta:
        model = Theme
        fields = [
            "code",
            "kind",
            "name_fi",
            "name_sv",
            "name_en",
            "eligible_funds",
            "target_share_min",
            "target_share_max",
        ]


class AnnualFrameOut(serializers.ModelSerializer):
    fund: serializers.SlugRelatedField[Fund] = serializers.SlugRelatedField(read_only=True, slug_field="code")

    class Meta:
        model = AnnualFrame
        fields = ["fund", "year", "amount", "is_estimate"]


class AgreementOut(serializers.ModelSerializer):
    period: serializers.SlugRelatedField[ProgrammePeriod] = serializers.SlugRelatedField(
        read_only=True, slug_field="code"
    )
    funding_authority: serializers.StringRelatedField[Organisation] = serializers.StringRelatedField(
        allow_null=True
    )
    cities = serializers.SerializerMethodField()
    themes = ThemeOut(many=True, read_only=True)
    annual_frames = AnnualFrameOut(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "slug",
            "name_fi",
            "name_sv",
            "name_en",
            "status",
            "period",
            "funding_authority",
            "cities",
            "max_public_share",
            "min_own_share",
            "themes",
            "annual_frames",
        ]

    def get_cities(self, obj: Agreement) -> list[str]:
        return [p.organisation.name for p in obj.parties.all() if p.role == "city"]


class OrganisationOut(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "size", "business_id", "municipality"]


class ProjectOut(serializers.ModelSerializer):
    lead = OrganisationOut(read_only=True)
    funding_authority: serializers.StringRelatedField[Organisation] = serializers.StringRelatedField(
        allow_null=True
    )
    agreement: serializers.SlugRelatedField[Agreement] = serializers.SlugRelatedField(
        read_only=True, slug_field="slug", allow_null=True
    )
    theme: serializers.SlugRelatedField[Theme] = serializers.SlugRelatedField(
        read_only=True, slug_field="code", allow_null=True
    )

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "summary",
            "agreement",
            "theme",
            "lead",
            "funding_authority",
            "fund_code",
            "start_date",
            "end_date",
            "status",
            "is_historical",
            "source",
            "eura_status",
            "eura_granted_eu_state",
            "eura_paid_eu_state",
            "eura_planned_public",
            "eura_paid_public",
        ]
