"""URL routes."""

app_name = "core"
urlpatterns: list = []
