"""URL routes of organizations."""

from django.urls import path

from itda.organizations import views

app_name = "organizations"
urlpatterns = [
    path("new/", views.organization_create, name="create"),
    path("mine/", views.my_organizations, name="mine"),
    path("review/", views.review_queue, name="review"),
    path("<int:pk>/", views.organization_detail, name="detail"),
    path("<int:pk>/verify/", views.organization_verify_view, name="verify"),
]
