from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from ssc_reports import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("reports/", include("ssc_reports.report_urls")),
    path("", views.HomeView.as_view(), name="home"),
]

# Uploaded files in development (`make run`); a web server serves MEDIA_ROOT in production.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
