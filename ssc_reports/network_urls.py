"""Staff pages for the whole network, mounted at staff/network/."""

from django.urls import path

from ssc_reports import network_views as views

app_name = "network"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:period>/exports/", views.exports_page, name="exports"),
    path(
        "<str:period>/exports/results.<str:fmt>",
        views.export_results,
        name="export_results",
    ),
    path(
        "<str:period>/exports/target-statuses.<str:fmt>",
        views.export_statuses,
        name="export_statuses",
    ),
    path("<str:period>/analytics/", views.analytics_page, name="analytics"),
    path(
        "<str:period>/analytics/indicators/<int:indicator>/",
        views.drilldown,
        name="drilldown",
    ),
]
