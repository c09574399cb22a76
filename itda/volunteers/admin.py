"""Admin for volunteer profiles and teams."""

from django.contrib import admin

from itda.volunteers.models import AvailabilityWindow, Team, TeamMembership, VolunteerProfile


class AvailabilityInline(admin.TabularInline):
    model = AvailabilityWindow
    extra = 0


@admin.register(VolunteerProfile)
class VolunteerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "home_dong", "age_group", "max_distance_km", "completed_count", "is_active"]
    list_filter = ["age_group", "home_dong__district", "is_active"]
    search_fields = ["user__username", "user__display_name", "talents"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["home_dong"]
    inlines = [AvailabilityInline]


class MembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "leader", "dong"]
    list_filter = ["kind"]
    search_fields = ["name"]
    raw_id_fields = ["leader"]
    inlines = [MembershipInline]
