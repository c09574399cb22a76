"""Admin for people, roles and consents; consent rows are read-only history."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from itda.accounts.forms import AdminLoginForm
from itda.accounts.models import Consent, User, UserRole

# The admin's log-in locks accounts after repeated failures, like the site's.
admin.site.login_form = AdminLoginForm


class UserRoleInline(admin.TabularInline):
    model = UserRole
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["dong"]
    readonly_fields = ["granted_at", "granted_by"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "email", "is_staff", "date_joined"]
    search_fields = ["username", "display_name", "email"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("잇다"), {"fields": ("display_name", "phone", "failed_logins", "locked_until")}),
    )
    inlines = [UserRoleInline]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "purpose", "granted", "text_version"]
    list_filter = ["purpose", "granted", "text_version"]
    search_fields = ["user__username"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
