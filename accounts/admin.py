from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import RoleAssignment, User
from accounts.reauth import ReauthRequiredAdminMixin


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class SalkkuUserAdmin(ReauthRequiredAdminMixin, UserAdmin):  # role assignments are edited inline
    inlines = [RoleAssignmentInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReauthRequiredAdminMixin, admin.ModelAdmin):
    list_display = ["user", "role", "agreement", "organisation"]
    list_filter = ["role", "agreement"]
