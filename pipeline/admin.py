from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pipeline import models as m


class PartnerInline(admin.TabularInline):
    model = m.ProposalPartner
    extra = 0
    autocomplete_fields = ["organisation"]


class BudgetInline(admin.TabularInline):
    model = m.BudgetLine
    extra = 0
    exclude = ["project"]


class FinancingInline(admin.TabularInline):
    model = m.FinancingLine
    extra = 0
    exclude = ["project"]
    autocomplete_fields = ["organisation"]


class TargetInline(admin.TabularInline):
    model = m.IndicatorTarget
    extra = 0
    exclude = ["project"]


@admin.register(m.Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "agreement", "theme", "status", "version"]
    list_filter = ["status", "theme", "agreement"]
    search_fields = ["title", "acronym", "summary"]
    inlines = [PartnerInline, BudgetInline, FinancingInline, TargetInline]
    filter_horizontal = ["methods", "test_environments", "adopting_cities"]


@admin.register(m.Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "theme", "status", "submitted_at"]
    list_filter = ["status", "theme"]
    search_fields = ["title", "summary"]
    autocomplete_fields = ["organisation"]


@admin.register(m.Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "agreement", "opens_on", "closes_on", "status"]


for model in [m.BudgetLine, m.FinancingLine, m.IndicatorTarget, m.ProposalPartner]:
    admin.site.register(model)


@admin.register(m.IdeaComment)
class IdeaCommentAdmin(admin.ModelAdmin):
    list_display = ["idea", "author", "created_at"]
    raw_id_fields = ["idea", "author"]


@admin.register(m.ProposalVersion)
class ProposalVersionAdmin(admin.ModelAdmin):
    """Submitted versions are frozen: read only here too."""

    list_display = ["proposal", "number", "submitted_by", "submitted_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
