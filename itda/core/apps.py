"""Core app: shared base models, audit and access logs, access helpers and template tags."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "itda.core"
    label = "core"
    verbose_name = _("공통")
