from django.contrib import admin
from django.urls import include, path

from ssc_reports import review_views, views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", views.HomeView.as_view(), name="home"),
    path("staff/", include("ssc_reports.staff_urls")),
    path("review/", include("ssc_reports.review_urls")),
    path(
        "invitation/<uidb64>/<token>/",
        review_views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
]
