"""URL routes."""

app_name = "organizations"
urlpatterns: list = []
