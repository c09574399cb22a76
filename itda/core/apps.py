"""Core app: shared base models, audit and access logs, access helpers and template tags."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "itda.core"
    label = "core"
    verbose_name = "공통"
