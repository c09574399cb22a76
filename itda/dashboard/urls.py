"""URL routes of dashboard."""

from django.urls import path

from itda.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.admin_dashboard, name="admin"),
    path("public/", views.public_dashboard, name="public"),
]
