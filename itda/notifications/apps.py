"""Notifications: in-app inbox, e-mail, SMS gateway, digests and reminders."""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "itda.notifications"
    label = "notifications"
    verbose_name = "알림"
