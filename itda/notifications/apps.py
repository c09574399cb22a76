"""Notifications: in-app inbox, e-mail, SMS gateway, digests and reminders."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "itda.notifications"
    label = "notifications"
    verbose_name = _("알림")
