from django.contrib import admin
from django.urls import include, path

from ssc_reports import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("staff/network/", include("ssc_reports.network_urls")),
    path("", views.HomeView.as_view(), name="home"),
]
