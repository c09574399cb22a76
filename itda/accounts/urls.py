"""URL routes."""

app_name = "accounts"
urlpatterns: list = []
