from django.contrib import admin

from overlaps.models import StaffAllocation


@admin.register(StaffAllocation)
class StaffAllocationAdmin(admin.ModelAdmin):
    list_display = ["budget_line", "person", "role", "share"]
    search_fields = ["person", "role"]
    raw_id_fields = ["budget_line"]
