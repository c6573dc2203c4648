from django.contrib import admin
from django.http import HttpRequest

from demo.models import DemoDataset


@admin.register(DemoDataset)
class DemoDatasetAdmin(admin.ModelAdmin):
    list_display = ("agreement", "seed", "generator_version", "created_at")
    readonly_fields = ("agreement", "seed", "generator_version", "object_ids", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
