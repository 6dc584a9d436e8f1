from django.contrib import admin
from django.urls import include, path

from ssc_reports import health, i18n
from ssc_reports.entry.views import home
from ssc_reports.entry.views.richtext import richtext_preview
from ssc_reports.pdf import views as pdf_views
from ssc_reports.review import views as review_views
from ssc_reports.uploads import views as media_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("language/", i18n.set_language, name="set_language"),
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
    path("reports/", include("ssc_reports.entry.urls")),
    path("staff/network/", include("ssc_reports.network.urls")),
    path("staff/plans/", include("ssc_reports.planning.staff_urls")),
    path("plans/", include("ssc_reports.planning.urls")),
    path("", home.HomeView.as_view(), name="home"),
    path("media/<path:path>", media_views.serve_media, name="media"),
    path("richtext/preview/", richtext_preview, name="richtext_preview"),
    path("staff/", include("ssc_reports.review.staff_urls")),
    path("review/", include("ssc_reports.review.urls")),
    path(
        "invitation/<uidb64>/<token>/",
        review_views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
]
