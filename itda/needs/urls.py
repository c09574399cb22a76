"""URL routes."""

app_name = "needs"
urlpatterns: list = []
