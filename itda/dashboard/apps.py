"""Dashboard: the city's figures against its volunteering roadmap (read-only)."""

from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "itda.dashboard"
    label = "dashboard"
    verbose_name = "대시보드"
