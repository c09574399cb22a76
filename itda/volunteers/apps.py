"""Volunteers: profiles, talents, availability and teams."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "itda.volunteers"
    label = "volunteers"
    verbose_name = _("봉사자")
