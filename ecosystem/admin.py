from django.contrib import admin

from ecosystem.models import Adoption


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin):
    list_display = ["solution", "city", "unit", "project", "role", "adopted_on"]
    list_filter = ["role"]
    search_fields = ["solution", "unit", "project__name"]
    autocomplete_fields = ["project", "city", "provider"]
    raw_id_fields = ["report_solution"]
