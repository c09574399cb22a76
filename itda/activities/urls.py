"""URL routes of activities."""

from django.urls import URLPattern

app_name = "activities"
urlpatterns: list[URLPattern] = []
