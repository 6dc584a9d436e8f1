from django.urls import path

from ssc_reports.planning import staff_views

app_name = "plans_staff"

urlpatterns = [
    path("", staff_views.index_view, name="index"),
    path("open/", staff_views.open_view, name="open"),
    path("<str:label>/", staff_views.round_view, name="round"),
    path("<str:label>/export.<str:fmt>", staff_views.export_view, name="export"),
    path("<str:label>/deadline/", staff_views.deadline_view, name="deadline"),
    path("<str:label>/<str:acronym>/return/", staff_views.return_view, name="return"),
    path("<str:label>/<str:acronym>/approve/", staff_views.approve_view, name="approve"),
    path("<str:label>/<str:acronym>/reopen/", staff_views.reopen_view, name="reopen"),
    path("<str:label>/<str:acronym>/extension/", staff_views.extension_view, name="extension"),
]
