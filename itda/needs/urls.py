"""URL routes of needs."""

from django.urls import path

from itda.needs import views

app_name = "needs"
urlpatterns = [
    path("", views.need_list, name="list"),
    path("dong-options/", views.dong_options, name="dong_options"),
    path("mine/", views.my_needs, name="mine"),
    path("new/", views.need_create_resident, name="create"),
    path("new/proxy/", views.need_create_proxy, name="create_proxy"),
    path("new/org/<int:org_pk>/", views.need_create_org, name="create_org"),
    path("<int:pk>/", views.need_detail, name="detail"),
    path("<int:pk>/cancel/", views.need_cancel, name="cancel"),
]
