from django.contrib import admin

from progress.models import PaymentClaim, ProgressReport, ReportSchedule


@admin.register(ReportSchedule)
class ReportScheduleAdmin(admin.ModelAdmin):
    list_display = ("project", "period_months", "due_days")
    raw_id_fields = ("project",)


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ("project", "number", "period_start", "period_end", "due_on", "status")
    list_filter = ("status",)
    raw_id_fields = ("project", "submitted_by", "decided_by")
    readonly_fields = ("snapshot",)


@admin.register(PaymentClaim)
class PaymentClaimAdmin(admin.ModelAdmin):
    list_display = ("project", "fund", "period_start", "claimed", "approved", "paid", "status")
    list_filter = ("status", "fund")
    raw_id_fields = ("project", "filed_by", "approved_by", "paid_by")
