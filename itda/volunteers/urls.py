"""URL routes."""

app_name = "volunteers"
urlpatterns: list = []
