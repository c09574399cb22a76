"""Places: Gwangju's districts and administrative dongs, dong volunteer camps, service fields."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "itda.places"
    label = "places"
    verbose_name = _("지역·분야")
