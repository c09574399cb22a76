"""Community: resources, roundtables and proposals, education, sharing pledges, blind spots."""

from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "itda.community"
    label = "community"
    verbose_name = "지역사회"
