"""URL routes of places."""

from django.urls import path

from itda.places import views

app_name = "places"
urlpatterns = [
    path("camps/", views.camps, name="camps"),
    path("camps/mine/", views.my_camp, name="my_camp"),
    path("dong/<str:code>/", views.dong_page, name="dong"),
]
