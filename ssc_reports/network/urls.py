"""Staff pages for the whole network, mounted at staff/network/."""

from django.urls import path

from ssc_reports.network import views

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
    path(
        "<str:period>/reports/<str:acronym>.<str:fmt>",
        views.report_export,
        name="report_export",
    ),
    path("<str:period>/compile/", views.compile_page, name="compile"),
    path("<str:period>/introduction/", views.introduction_page, name="introduction"),
    path("compilations/<int:pk>/", views.compilation_detail, name="compilation"),
    path("compilations/<int:pk>/status/", views.compilation_status, name="compilation_status"),
    path("compilations/<int:pk>/retry/", views.compilation_retry, name="compilation_retry"),
    path(
        "compilations/<int:pk>/download/",
        views.compilation_download,
        name="compilation_download",
    ),
]
