from django.contrib import admin

from pipeline.models import BudgetLine, FinancingLine, IndicatorTarget
from projects.models import ChangeRequest, ColumnMapping, FundingDecision, ImportUpload, Project


class BudgetInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    exclude = ["proposal"]


class FinancingInline(admin.TabularInline):
    model = FinancingLine
    extra = 0
    exclude = ["proposal"]


class TargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 0
    exclude = ["proposal"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "lead", "fund_code", "start_date", "end_date", "is_historical"]
    list_filter = ["is_historical", "source", "fund_code", "status"]
    search_fields = ["code", "name", "lead__name"]
    autocomplete_fields = ["lead", "funding_authority"]
    inlines = [BudgetInline, FinancingInline, TargetInline]


@admin.register(FundingDecision)
class FundingDecisionAdmin(admin.ModelAdmin):
    list_display = ["project", "decided_on", "eura_code"]


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    list_display = ["project", "kind", "status"]
    list_filter = ["kind", "status"]


@admin.register(ColumnMapping)
class ColumnMappingAdmin(admin.ModelAdmin):
    """Saved column mappings of spreadsheet imports: the operator may remove a wrong one."""

    list_display = ("kind", "agreement", "signature", "saved_by", "saved_at")
    list_filter = ("kind",)
    readonly_fields = ("signature", "headers", "saved_by", "saved_at")


@admin.register(ImportUpload)
class ImportUploadAdmin(admin.ModelAdmin):
    """Uploaded spreadsheets waiting for their mapping to be confirmed (removed after a day)."""

    list_display = ("file_name", "kind", "agreement", "uploaded_by", "uploaded_at")
    list_filter = ("kind",)
    exclude = ("content",)
    readonly_fields = ("file_name", "kind", "agreement", "uploaded_by", "uploaded_at")
