"""Admin for needs; the private contact is shown only inline to centre staff."""

from django.contrib import admin

from itda.needs.models import Need, NeedPrivate, ProxyRequester, Slot


class SlotInline(admin.TabularInline):
    model = Slot
    extra = 0


class PrivateInline(admin.StackedInline):
    model = NeedPrivate
    extra = 0


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["title", "field", "dong", "requester_kind", "status", "urgency", "created_at"]
    list_filter = ["status", "requester_kind", "field", "dong__district"]
    search_fields = ["title", "description"]
    raw_id_fields = ["created_by", "organization", "proxy_for"]
    autocomplete_fields = ["dong"]
    inlines = [SlotInline, PrivateInline]


@admin.register(ProxyRequester)
class ProxyRequesterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "dong", "consent_method", "consent_at", "registered_by"]
    raw_id_fields = ["registered_by"]
    autocomplete_fields = ["dong"]
