"""URL routes."""

app_name = "places"
urlpatterns: list = []
