"""Volunteers: profiles, talents, availability and teams."""

from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "itda.volunteers"
    label = "volunteers"
    verbose_name = "봉사자"
