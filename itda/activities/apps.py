"""Activities: attendance, hours, certificates, insurance roster, recognition, 1365 exchange."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "itda.activities"
    label = "activities"
    verbose_name = _("활동 기록")
