"""Needs: help requests from residents and organisations, with their slots."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "itda.needs"
    label = "needs"
    verbose_name = _("도움 요청")
