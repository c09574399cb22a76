"""Admin for organisations and their staff."""

from django.contrib import admin

from itda.organizations.models import Organization, OrganizationMember


class MemberInline(admin.TabularInline):
    model = OrganizationMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "org_type", "dong", "verification", "verified_at"]
    list_filter = ["org_type", "verification"]
    search_fields = ["name", "business_number"]
    autocomplete_fields = ["dong"]
    readonly_fields = ["verified_at", "verified_by"]
    inlines = [MemberInline]
