"""Organizations: demand organisations and their verification by the centre."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "itda.organizations"
    label = "organizations"
    verbose_name = _("수요처")
