"""Activities: attendance, hours, certificates, insurance roster, recognition, 1365 exchange."""

from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "itda.activities"
    label = "activities"
    verbose_name = "활동 기록"
