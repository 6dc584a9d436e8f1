from django.contrib import admin
from django.urls import include, path

from ssc_reports import media_views, pdf_views, review_views, views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path(
        "reports/<str:acronym>/<str:period>/pdf/",
        pdf_views.report_pdf,
        name="report_pdf",
    ),
    path(
        "reports/<str:acronym>/<str:period>/pdf/status/",
        pdf_views.report_pdf_status,
        name="report_pdf_status",
    ),
    path("reports/", include("ssc_reports.report_urls")),
    path("staff/network/", include("ssc_reports.network_urls")),
    path("", views.HomeView.as_view(), name="home"),
    path("media/<path:path>", media_views.serve_media, name="media"),
    path("staff/", include("ssc_reports.staff_urls")),
    path("review/", include("ssc_reports.review_urls")),
    path(
        "invitation/<uidb64>/<token>/",
        review_views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
]
