"""Root URL configuration: one include per app."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "잇다 자원봉사센터 관리"
admin.site.site_title = "잇다 관리"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("itda.accounts.urls")),
    path("volunteers/", include("itda.volunteers.urls")),
    path("needs/", include("itda.needs.urls")),
    path("organizations/", include("itda.organizations.urls")),
    path("places/", include("itda.places.urls")),
    path("matching/", include("itda.matching.urls")),
    path("activities/", include("itda.activities.urls")),
    path("notifications/", include("itda.notifications.urls")),
    path("community/", include("itda.community.urls")),
    path("dashboard/", include("itda.dashboard.urls")),
    path("", include("itda.core.urls")),
]
