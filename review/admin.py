from django.contrib import admin

from review.models import ConflictDeclaration, Criterion, Review, Score


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "call", "weight", "order"]
    list_filter = ["call"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["__str__", "proposal", "reviewer", "status"]
    list_filter = ["status"]
    inlines = [ScoreInline]


admin.site.register(Score)
admin.site.register(ConflictDeclaration)
