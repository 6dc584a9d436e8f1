from django.contrib import admin
from django.urls import include, path

from ssc_reports import pdf_views, views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", views.HomeView.as_view(), name="home"),
    path(
        "reports/<str:acronym>/<str:period>/pdf/",
        pdf_views.report_pdf,
        name="report_pdf",
    ),
]
