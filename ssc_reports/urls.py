from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from ssc_reports import review_views, views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("reports/", include("ssc_reports.report_urls")),
    path("staff/network/", include("ssc_reports.network_urls")),
    path("", views.HomeView.as_view(), name="home"),
    path("staff/", include("ssc_reports.staff_urls")),
    path("review/", include("ssc_reports.review_urls")),
    path(
        "invitation/<uidb64>/<token>/",
        review_views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
]

# Uploaded files in development (`make run`); a web server serves MEDIA_ROOT in production.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
