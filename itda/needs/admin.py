"""Admin for needs; the private contact is shown only inline to centre staff, and logged."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from itda.core.audit import access_log
from itda.needs.models import Need, NeedPrivate, ProxyRequester, Slot


class AccessLoggedAdmin(admin.ModelAdmin):
    """Opening a change page shows personal data, so it is logged like the site's detail page."""

    access_reason = "관리 화면 열람"

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = getattr(response, "context_data", {}).get("original") if response.status_code == 200 else None
        if obj is not None:
            # The log is kept in Korean whatever language the admin is viewed in.
            with translation.override(settings.LANGUAGE_CODE):
                label = f"{obj._meta.verbose_name} #{obj.pk}"
            access_log(request=request, viewer=request.user, subject=obj,
                       subject_label=label, reason=self.access_reason)
        return response


class SlotInline(admin.TabularInline):
    model = Slot
    extra = 0


class PrivateInline(admin.StackedInline):
    model = NeedPrivate
    extra = 0


@admin.register(Need)
class NeedAdmin(AccessLoggedAdmin):
    list_display = ["title", "field", "dong", "requester_kind", "status", "urgency", "created_at"]
    list_filter = ["status", "requester_kind", "field", "dong__district"]
    search_fields = ["title", "description"]
    raw_id_fields = ["created_by", "organization", "proxy_for"]
    autocomplete_fields = ["dong"]
    inlines = [SlotInline, PrivateInline]


@admin.register(ProxyRequester)
class ProxyRequesterAdmin(AccessLoggedAdmin):
    list_display = ["__str__", "dong", "consent_method", "consent_at", "registered_by"]
    raw_id_fields = ["registered_by"]
    autocomplete_fields = ["dong"]
