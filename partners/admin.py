from django.contrib import admin

from partners.models import Organisation, Person, TestEnvironment


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


@admin.register(TestEnvironment)
class TestEnvironmentAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "city", "available_from", "available_to"]
    search_fields = ["name", "owner__name"]
    autocomplete_fields = ["owner", "city"]
    filter_horizontal = ["themes"]
