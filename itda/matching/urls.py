"""URL routes of matching."""

from django.urls import URLPattern

app_name = "matching"
urlpatterns: list[URLPattern] = []
