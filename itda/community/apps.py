"""Community: resources, roundtables and proposals, education, sharing pledges, blind spots."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "itda.community"
    label = "community"
    verbose_name = _("지역사회")
