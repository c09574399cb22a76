"""Admin for notifications."""

from django.contrib import admin

from itda.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "kind", "title", "read_at", "emailed_at", "texted_at"]
    list_filter = ["kind"]
    raw_id_fields = ["user"]
