"""Admin for community rows. Blind-spot cases list without names, and opening one is logged."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from itda.community import models as m
from itda.core.audit import access_log


@admin.register(m.BlindSpotCase)
class BlindSpotCaseAdmin(admin.ModelAdmin):
    list_display = ["id", "dong", "category", "status", "created_at"]
    list_filter = ["status", "category"]
    raw_id_fields = ["recorded_by", "need", "dong"]
    # No search: searching by name would expose names in a result list.

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = getattr(response, "context_data", {}).get("original") if response.status_code == 200 else None
        if obj is not None:
            access_log(request=request, viewer=request.user, subject=obj, subject_label=f"사각지대 사례 #{obj.pk}",
                       reason="관리 화면 열람")
        return response


@admin.register(m.Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "owner_kind", "dong", "is_active"]
    list_filter = ["kind", "owner_kind", "is_active"]
    search_fields = ["name"]
    raw_id_fields = ["organization", "camp", "owner_user", "created_by", "dong"]


@admin.register(m.ResourceBooking)
class ResourceBookingAdmin(admin.ModelAdmin):
    list_display = ["resource", "start", "end", "status"]
    list_filter = ["status"]
    raw_id_fields = ["resource", "booked_by", "need"]


class StateChangeInline(admin.TabularInline):
    model = m.ProposalStateChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "changed_by", "reason", "at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # state changes go through proposal_status_set, which writes this record


@admin.register(m.PolicyProposal)
class PolicyProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["title"]
    readonly_fields = ["status"]
    raw_id_fields = ["author", "field", "roundtable"]
    inlines = [StateChangeInline]


class TableInline(admin.TabularInline):
    model = m.RoundtableTable
    extra = 0
    raw_id_fields = ["facilitator"]


@admin.register(m.Roundtable)
class RoundtableAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "capacity", "registration_open"]
    raw_id_fields = ["created_by"]
    inlines = [TableInline]


@admin.register(m.Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "audience", "field", "is_active"]
    raw_id_fields = ["created_by"]


@admin.register(m.CourseSession)
class CourseSessionAdmin(admin.ModelAdmin):
    list_display = ["course", "starts_at", "place", "capacity"]


@admin.register(m.SharingPledge)
class SharingPledgeAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "status", "starts_on", "ends_on"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["user"]
