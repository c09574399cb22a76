"""URL routes of volunteers."""

from django.urls import path

from itda.volunteers import views

app_name = "volunteers"
urlpatterns = [
    path("profile/", views.profile_edit, name="profile_edit"),
    path("teams/", views.teams, name="teams"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
]
