"""Places: Gwangju's districts and administrative dongs, dong volunteer camps, service fields."""

from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "itda.places"
    label = "places"
    verbose_name = "지역·분야"
