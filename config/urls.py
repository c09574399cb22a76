"""Root URL configuration: one include per app."""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico on pages without our icon link (the Django admin)."""

    permanent = True

    def get_redirect_url(self, *args: object, **kwargs: object) -> str:
        return static("favicon.svg")


admin.site.site_header = "잇다 자원봉사센터 관리"
admin.site.site_title = "잇다 관리"

urlpatterns = [
    path("favicon.ico", FaviconView.as_view()),
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
