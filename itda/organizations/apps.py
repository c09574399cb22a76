"""Organizations: demand organisations and their verification by the centre."""

from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "itda.organizations"
    label = "organizations"
    verbose_name = "수요처"
