from django.contrib import admin

from partners.models import AvailabilityPeriod, Organisation, Person, TestEnvironment


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "size", "business_id", "municipality"]
    list_filter = ["kind", "size", "is_generated"]
    search_fields = ["name", "business_id", "name_key"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "organisation", "title"]
    search_fields = ["last_name", "first_name", "organisation__name"]
    autocomplete_fields = ["organisation"]


class AvailabilityPeriodInline(admin.TabularInline):
    model = AvailabilityPeriod
    extra = 0


@admin.register(TestEnvironment)
class TestEnvironmentAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "city", "is_published", "retired_on"]
    list_filter = ["is_published"]
    search_fields = ["name", "owner__name"]
    autocomplete_fields = ["owner", "city", "contact"]
    inlines = [AvailabilityPeriodInline]
    filter_horizontal = ["themes"]


@admin.register(AvailabilityPeriod)
class AvailabilityPeriodAdmin(admin.ModelAdmin):
    list_display = ["environment", "starts_on", "ends_on"]
    autocomplete_fields = ["environment"]
