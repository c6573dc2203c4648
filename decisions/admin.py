from django.contrib import admin

from decisions.models import AgendaItem, CityPosition, Meeting


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__"]
    inlines = [AgendaItemInline]


admin.site.register(AgendaItem)
admin.site.register(CityPosition)
