from django.contrib import admin

from programme import models as m


class AnnualFrameInline(admin.TabularInline):
    model = m.AnnualFrame
    extra = 0


class PartyInline(admin.TabularInline):
    model = m.AgreementParty
    extra = 0


class ThemeInline(admin.TabularInline):
    model = m.Theme
    extra = 0
    fields = ["code", "kind", "name_fi", "target_share_min", "target_share_max", "order"]


@admin.register(m.Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "slug", "status", "period"]
    list_filter = ["status"]
    search_fields = ["name_fi", "name_en", "slug"]
    inlines = [PartyInline, ThemeInline, AnnualFrameInline]


class SubTopicInline(admin.TabularInline):
    model = m.SubTopic
    extra = 0


@admin.register(m.Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fi", "agreement", "kind"]
    list_filter = ["agreement", "kind"]
    filter_horizontal = ["eligible_funds"]
    inlines = [SubTopicInline]


@admin.register(m.Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_fi", "kind", "unit", "agreement"]
    list_filter = ["kind", "agreement"]
    search_fields = ["code", "name_en", "name_fi"]


class SeatInline(admin.TabularInline):
    model = m.SteeringGroupSeat
    extra = 0


@admin.register(m.SteeringGroup)
class SteeringGroupAdmin(admin.ModelAdmin):
    inlines = [SeatInline]


for model in [
    m.ProgrammePeriod,
    m.NationalFrame,
    m.Fund,
    m.AnnualFrame,
    m.Method,
    m.SubTopic,
    m.AgreementParty,
    m.SteeringGroupSeat,
]:
    admin.site.register(model)
