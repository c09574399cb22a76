"""Admin for activities: history rows are read-only (append-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from itda.accounts.models import User
from itda.activities.models import (
    ActivitySession,
    Certificate,
    HoursCorrection,
    ImportedProgram,
    ImportReport,
    InsuranceClaim,
    RecognitionPreference,
)


class HistoryInline(admin.TabularInline):
    model = HoursCorrection
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "kind", "minutes_before", "minutes_after", "status_before",
                       "status_after", "reason", "late_override"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ActivitySession)
class ActivitySessionAdmin(admin.ModelAdmin):
    list_display = ["activity_date", "volunteer", "slot", "minutes", "status", "disputed"]
    list_filter = ["status", "disputed", "method"]
    raw_id_fields = ["booking", "volunteer", "slot", "approved_by"]
    # Minutes change only through the services, which keep the history and the caps.
    readonly_fields = ["minutes", "status", "check_in_at", "check_out_at", "approved_by", "approved_at"]
    inlines = [HistoryInline]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "holder_masked", "period_start", "period_end", "total_minutes", "status"]
    list_filter = ["status"]
    search_fields = ["number"]
    raw_id_fields = ["volunteer"]
    readonly_fields = ["number", "verify_code", "total_minutes", "session_count", "status", "file"]
    actions = ["revoke"]

    @admin.action(description=_("선택한 확인서 발급 취소 (진위 확인 페이지에 '유효하지 않음'으로 표시)"))
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        from itda.activities.services import ActivityError, certificate_revoke

        user = request.user
        assert isinstance(user, User)  # the admin site requires a logged-in staff user
        done = 0
        for cert in queryset:
            try:
                certificate_revoke(actor=user, certificate_id=cert.pk, reason="관리 화면에서 발급 취소")
                done += 1
            except ActivityError as exc:
                self.message_user(request, str(exc), level=messages.ERROR)
                return
        self.message_user(request, gettext("확인서 %(count)s건의 발급을 취소했습니다.") % {"count": done})


@admin.register(InsuranceClaim)
class InsuranceClaimAdmin(admin.ModelAdmin):
    list_display = ["pk", "session", "occurred_at", "status"]
    list_filter = ["status"]
    raw_id_fields = ["session", "reported_by"]


@admin.register(ImportedProgram)
class ImportedProgramAdmin(admin.ModelAdmin):
    list_display = ["registration_no", "need", "organization", "last_imported_at"]
    search_fields = ["registration_no"]
    raw_id_fields = ["need", "organization"]


@admin.register(ImportReport)
class ImportReportAdmin(admin.ModelAdmin):
    list_display = ["at", "source_name", "dry_run", "created", "updated", "skipped"]


admin.site.register(RecognitionPreference)
