"""Matching: the adapter between the database and the engine; proposals, bookings and runs."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "itda.matching"
    label = "matching"
    verbose_name = _("매칭")

    def ready(self) -> None:
        from itda.matching import signals  # noqa: F401
