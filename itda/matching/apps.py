"""Matching: the adapter between the database and the engine; proposals, bookings and runs."""

from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "itda.matching"
    label = "matching"
    verbose_name = "매칭"

    def ready(self) -> None:
        from itda.matching import signals  # noqa: F401
