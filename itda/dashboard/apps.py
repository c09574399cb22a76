"""Dashboard: the city's figures against its volunteering roadmap (read-only)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "itda.dashboard"
    label = "dashboard"
    verbose_name = _("대시보드")
