"""Needs: help requests from residents and organisations, with their slots."""

from django.apps import AppConfig


class NeedsConfig(AppConfig):
    name = "itda.needs"
    label = "needs"
    verbose_name = "도움 요청"
